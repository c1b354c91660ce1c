//! The help overlay: every key and what it does, generated from the key table that drives
//! input, so the two can never disagree.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::Theme;
use crate::app::keymap;

/// Width of the keys column.
const KEYS_WIDTH: usize = 18;
/// The overlay's preferred width, borders included.
const WIDTH: u16 = 52;

/// The box the overlay takes on a screen of `area`.
fn popup(area: Rect) -> Rect {
    let rows = u16::try_from(keymap::KEYS.len()).unwrap_or(u16::MAX);
    let width = WIDTH.min(area.width);
    let height = (rows + 2).min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// How far the help can scroll on a screen of `area` (0 when it all fits).
pub fn max_scroll(area: Rect) -> usize {
    let visible = usize::from(popup(area).height.saturating_sub(2));
    keymap::KEYS.len().saturating_sub(visible)
}

pub fn draw(scroll: usize, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let popup = popup(area);
    let lines: Vec<Line> = keymap::help_rows()
        .skip(scroll)
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<KEYS_WIDTH$}"), theme.help_key),
                Span::styled(what, theme.body),
            ])
        })
        .collect();
    let more = if scroll < max_scroll(area) {
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
