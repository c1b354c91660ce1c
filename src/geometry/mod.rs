//! Pure layout: where each region of a screen goes and how far each list may scroll, for a
//! given terminal size. The state ([`crate::app`]) uses it to wrap, page and clamp; the drawing
//! code ([`crate::ui`]) to place what it draws. No buffer or frame is touched here.

pub mod compare;
pub mod library;
pub mod overlay;
pub mod reader;

use ratatui::layout::Rect;

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
