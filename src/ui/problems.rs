//! The problems list: every file that failed to load, each problem as
//! `path:line:col: message`, wrapped to the box and scrollable a problem at a time. A frame
//! lays out only the problems it shows.

use std::borrow::Cow;

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

/// One problem line laid out for a box on `area`; lines too long for the box wrap.
fn wrapped(line: &str, area: Rect) -> (Document, Wrapped) {
    let mut doc = Document::default();
    doc.text(Role::Body, line);
    let wrapped = Wrapped::new(&doc, width(area).saturating_sub(4).max(1));
    (doc, wrapped)
}

/// Rows `line` takes in the box.
fn height(line: &str, area: Rect) -> usize {
    wrapped(line, area).1.len().max(1)
}

/// The problem lines to list: how many, and each by its number. Lines are fetched only as
/// they are laid out, so a frame costs the same for ten problems or fifty thousand.
#[derive(Clone, Copy)]
pub struct Lines<'a> {
    pub count: usize,
    pub line: &'a dyn Fn(usize) -> Cow<'a, str>,
}

impl<'a> Lines<'a> {
    /// The lines from `first` on.
    fn from(self, first: usize) -> impl Iterator<Item = Cow<'a, str>> {
        (first..self.count).map(self.line)
    }
}

/// The box for `lines`: as tall as they need, up to the screen (laying out only as many as
/// the screen could show).
fn frame(lines: Lines<'_>, area: Rect) -> Rect {
    let most = usize::from(area.height);
    let mut rows = 0;
    for line in lines.from(0) {
        rows += height(&line, area);
        if rows >= most {
            break;
        }
    }
    popup(area, width(area), rows.max(1))
}

/// How far the list can scroll on a screen of `area`, in problem lines: to the first line
/// from which the rest fit in the box (laying out only those).
pub fn max_scroll(lines: Lines<'_>, area: Rect) -> usize {
    let room = usize::from(frame(lines, area).height.saturating_sub(2));
    let mut rows = 0;
    for i in (0..lines.count).rev() {
        rows += height(&(lines.line)(i), area);
        if rows > room {
            return (i + 1).min(lines.count.saturating_sub(1));
        }
    }
    0
}

/// Draws the problems (of `failed` files that failed to load and `shared` briefings that
/// share their id), one entry per line, from line `scroll`.
pub fn draw(
    (failed, shared): (usize, usize),
    lines: Lines<'_>,
    scroll: usize,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let popup = frame(lines, area);
    Clear.render(popup, buf);
    let failed = match failed {
        0 => None,
        1 => Some("1 file failed to load".to_string()),
        n => Some(format!("{n} files failed to load")),
    };
    let shared = (shared > 0).then(|| format!("{shared} briefings share an id"));
    let title = match (failed, shared) {
        (Some(f), Some(s)) => format!(" Problems: {f}, {s} "),
        (Some(one), None) | (None, Some(one)) => format!(" Problems: {one} "),
        (None, None) => " Problems ".to_string(),
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
    if lines.count == 0 {
        buf.set_stringn(
            inner.x + 1,
            inner.y,
            "Every file loaded.",
            usize::from(inner.width),
            theme.muted,
        );
        return;
    }
    let scroll = scroll.min(max_scroll(lines, area));
    let mut rows = inner.y..inner.bottom();
    for line in lines.from(scroll) {
        let (doc, wrapped) = wrapped(&line, area);
        // The lines first: zip takes from its first iterator before it finds the second done.
        for (row, y) in wrapped.lines.iter().zip(rows.by_ref()) {
            buf.set_stringn(
                inner.x + 1,
                y,
                row.plain(&doc),
                usize::from(inner.width.saturating_sub(1)),
                theme.warning,
            );
        }
        if rows.is_empty() {
            break;
        }
    }
}
