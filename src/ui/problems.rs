//! The problems list: every file that failed to load, each problem as
//! `path:line:col: message`, wrapped to the box and scrollable a problem at a time. A frame
//! lays out only the problems it shows.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::Theme;
use crate::briefing::thousands;
use crate::geometry::overlay::{Lines, problem_line, problems_box};

/// Draws the problems (of `failed` files that failed to load and `shared` briefings that
/// share their id), one entry per line, from line `scroll` (which the state keeps within
/// [`crate::geometry::overlay::problems_max_scroll`]).
pub fn draw(
    (failed, shared): (usize, usize),
    lines: Lines<'_>,
    scroll: usize,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let popup = problems_box(lines, area);
    Clear.render(popup, buf);
    let failed = match failed {
        0 => None,
        1 => Some("1 file failed to load".to_string()),
        n => Some(format!("{} files failed to load", thousands(n))),
    };
    let shared = (shared > 0).then(|| format!("{} briefings share an id", thousands(shared)));
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
    let mut rows = inner.y..inner.bottom();
    for line in lines.from(scroll) {
        let (doc, wrapped) = problem_line(&line, area);
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
