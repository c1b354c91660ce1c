//! The help overlay: every key of the screen underneath and what it does, generated from the
//! key table that drives input, so the two can never disagree.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::Theme;
use crate::app::keymap::{self, Entry};

/// Width of the keys column.
const KEYS_WIDTH: usize = 18;
/// The overlay's preferred width, borders included.
const WIDTH: u16 = 64;

/// A box of `rows` lines (plus borders) centred on `area`, as wide as `width` allows.
pub fn popup(area: Rect, width: u16, rows: usize) -> Rect {
    let rows = u16::try_from(rows).unwrap_or(u16::MAX);
    let width = width.min(area.width);
    let height = rows.saturating_add(2).min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// How far the help for `table` can scroll on a screen of `area` (0 when it all fits).
pub fn max_scroll(table: &[Entry], area: Rect) -> usize {
    let visible = usize::from(popup(area, WIDTH, table.len()).height.saturating_sub(2));
    table.len().saturating_sub(visible)
}

pub fn draw(table: &[Entry], scroll: usize, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let popup = popup(area, WIDTH, table.len());
    let lines: Vec<Line> = keymap::help_rows(table)
        .skip(scroll)
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<KEYS_WIDTH$}"), theme.help_key),
                Span::styled(what, theme.body),
            ])
        })
        .collect();
    let more = if scroll < max_scroll(table, area) {
        " j/k scroll "
    } else {
        ""
    };
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.help_border)
                .title(Span::styled(" Keys ", theme.title))
                .title_bottom(Line::from(vec![
                    Span::styled(more, theme.muted),
                    Span::styled(" ? or Esc closes ", theme.muted),
                ])),
        )
        .render(popup, buf);
}
