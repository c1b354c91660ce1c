//! The bottom row: a status line with key hints, or the search line while it is being typed.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::Theme;
use crate::app::action::Action;
use crate::app::keymap::{self, Binding};
use crate::app::search_line::Editing;
use crate::briefing::sanitize;
use crate::text::{display_width, truncate};

/// Writes `text` on the one-row `area`, cut with `…` when it does not fit.
pub fn put(buf: &mut Buffer, area: Rect, text: &str, style: ratatui::style::Style) {
    let width = usize::from(area.width);
    buf.set_stringn(area.x, area.y, truncate(text, width), width, style);
}

/// A status bar: `left` on the left, then as many of `hints` (the first key `table` binds to
/// each action, and a word) as fit, from the right.
pub fn bar(
    buf: &mut Buffer,
    area: Rect,
    left: &str,
    table: &[Binding],
    hints: &[(Action, &str)],
    theme: &Theme,
) {
    buf.set_style(area, theme.status);
    put(buf, area, left, theme.status);
    let width = usize::from(area.width);
    let used = display_width(left);
    let mut shown: Vec<(String, &str)> = Vec::new();
    let mut hints_width = 0;
    for (action, what) in hints {
        let key = keymap::key_for(table, *action);
        let w = display_width(&key) + 1 + display_width(what) + 2;
        if used + hints_width + w > width {
            break;
        }
        hints_width += w;
        shown.push((key, what));
    }
    let mut x = area.x + u16::try_from(width - hints_width).unwrap_or(0);
    for (key, what) in shown {
        buf.set_stringn(x, area.y, &key, width, theme.status.patch(theme.status_key));
        x += u16::try_from(display_width(&key)).unwrap_or(0);
        let rest = format!(" {what}  ");
        buf.set_stringn(x, area.y, &rest, width, theme.status);
        x += u16::try_from(display_width(&rest)).unwrap_or(0);
    }
}

/// The search line: `/`, the query with the cursor in it, and an inline error when the query
/// cannot be used; or, naming a saved search, the question before one of that name is
/// replaced.
pub fn prompt(
    frame: &mut Frame,
    area: Rect,
    editing: &Editing,
    error: Option<&str>,
    theme: &Theme,
) {
    let buf = frame.buffer_mut();
    buf.set_style(area, theme.status);
    let label = if editing.naming { "save as: " } else { "/" };
    let label_width = u16::try_from(display_width(label)).unwrap_or(1);
    buf.set_stringn(
        area.x,
        area.y,
        label,
        usize::from(label_width),
        theme.status.patch(theme.status_key),
    );
    let question = editing.replacing.then(|| {
        let name = sanitize::quoted(editing.input.value().trim()).into_owned();
        format!("a saved search is called {name}: replace it? (y/n)")
    });
    let error = question.as_deref().or(error).map(|e| format!("  {e} "));
    let error_width = error.as_deref().map_or(0, display_width);
    let room = usize::from(area.width)
        .saturating_sub(usize::from(label_width) + error_width)
        .max(1);
    // Scroll the text so the cursor stays on screen.
    let scroll = editing.input.visual_scroll(room.saturating_sub(1));
    let value = sanitize::quoted(editing.input.value());
    let visible: String = value.chars().skip(scroll).collect();
    buf.set_stringn(
        area.x + label_width,
        area.y,
        truncate(&visible, room),
        room,
        theme.status,
    );
    if let Some(error) = &error {
        let x = area.x + area.width - u16::try_from(error_width).unwrap_or(0);
        buf.set_stringn(
            x,
            area.y,
            error,
            error_width,
            theme.status.patch(theme.warning),
        );
    }
    let cursor = editing.input.visual_cursor().saturating_sub(scroll);
    let x = area.x + label_width + u16::try_from(cursor.min(room)).unwrap_or(0);
    frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
}
