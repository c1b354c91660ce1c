//! The saved searches: a box over the library listing each name and its query, the selected
//! one highlighted, with the keys along its bottom border.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::Theme;
use crate::briefing::sanitize::{Lines, sanitize};
use crate::geometry::overlay;
use crate::text::truncate;

pub fn draw(
    searches: &[(String, String)],
    selected: usize,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let popup = overlay::help_box(area, searches.len());
    let rows = usize::from(popup.height.saturating_sub(2)).max(1);
    // Keep the selection in view.
    let first = selected.saturating_sub(rows - 1);
    let name_width = searches
        .iter()
        .map(|(n, _)| crate::text::display_width(&sanitize(n, Lines::Single)))
        .max()
        .unwrap_or(0)
        .clamp(4, 24);
    let lines: Vec<Line> = searches
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, (name, query))| {
            let name = truncate(&sanitize(name, Lines::Single), name_width).into_owned();
            let pad = name_width.saturating_sub(crate::text::display_width(&name));
            let style = if i == selected {
                theme.selected
            } else {
                theme.body
            };
            Line::from(vec![
                Span::styled(
                    format!(" {name}{} ", " ".repeat(pad)),
                    style.patch(theme.help_key),
                ),
                Span::styled(format!(" {} ", sanitize(query, Lines::Single)), style),
            ])
        })
        .collect();
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.help_border)
                .title(Span::styled(" Saved searches ", theme.title))
                .title_bottom(Span::styled(
                    " Enter use · d forget · Esc close ",
                    theme.muted,
                )),
        )
        .render(popup, buf);
}
