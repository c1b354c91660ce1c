//! The help overlay: every key of the screen underneath and what it does, generated from the
//! key table that drives input, so the two can never disagree.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::Theme;
use crate::app::keymap::{self, Binding};
use crate::geometry::overlay;

/// Width of the keys column.
const KEYS_WIDTH: usize = 18;

pub fn draw(table: &[Binding], scroll: usize, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let popup = overlay::help_box(area, table.len());
    let lines: Vec<Line> = keymap::help_rows(table)
        .skip(scroll)
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<KEYS_WIDTH$}"), theme.help_key),
                Span::styled(what, theme.body),
            ])
        })
        .collect();
    let more = if scroll < overlay::help_max_scroll(table.len(), area) {
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
