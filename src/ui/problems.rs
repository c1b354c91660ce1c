//! The problems list: every file that failed to load, each problem as
//! `path:line:col: message`, wrapped to the box and scrollable.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::Theme;
use super::help::popup;
use crate::document::{Document, Role, Wrapped};

/// The box takes most of the screen: problem lines are long.
fn width(area: Rect) -> u16 {
    area.width.saturating_sub(4).max(20)
}

/// The problems laid out for a box of `width` columns (inside its borders).
fn wrapped(lines: &[&str], width: u16) -> (Document, Wrapped) {
    let mut doc = Document::default();
    for line in lines {
        doc.para().push(Role::Body, line).indent(0);
    }
    let wrapped = Wrapped::new(&doc, width.saturating_sub(4).max(1));
    (doc, wrapped)
}

/// How far the list of `lines` can scroll on a screen of `area`.
pub fn max_scroll(lines: &[&str], area: Rect) -> usize {
    let (_, wrapped) = wrapped(lines, width(area));
    let popup = popup(area, width(area), wrapped.len().max(1));
    wrapped
        .len()
        .saturating_sub(usize::from(popup.height.saturating_sub(2)))
}

/// Draws the problems of `files` failing files, one entry per line of `lines`.
pub fn draw(
    files: usize,
    lines: &[&str],
    scroll: usize,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let (doc, wrapped) = wrapped(lines, width(area));
    let popup = popup(area, width(area), wrapped.len().max(1));
    Clear.render(popup, buf);
    let title = match files {
        1 => " Problems: 1 file failed to load ".to_string(),
        n => format!(" Problems: {n} files failed to load "),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.help_border)
        .title(Span::styled(title, theme.title))
        .title_bottom(Line::from(Span::styled(
            " j/k scroll · Esc closes ",
            theme.muted,
        )));
    let inner = block.inner(popup);
    block.render(popup, buf);
    if lines.is_empty() {
        buf.set_stringn(
            inner.x + 1,
            inner.y,
            "Every file loaded.",
            usize::from(inner.width),
            theme.muted,
        );
        return;
    }
    let scroll = scroll.min(wrapped.len().saturating_sub(usize::from(inner.height)));
    for (y, line) in (inner.y..inner.bottom()).zip(wrapped.lines.iter().skip(scroll)) {
        let text = line.plain(&doc);
        let x = inner.x + 1;
        buf.set_stringn(
            x,
            y,
            &text,
            usize::from(inner.width.saturating_sub(1)),
            theme.warning,
        );
    }
}
