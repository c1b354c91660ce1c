//! The library's screen: the rows above and below its list, and how many rows the list has.

use ratatui::layout::Rect;

/// Narrowest and shortest terminal the library draws in.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 8;
/// Rows above and below the list: title, filter line, rule, column headings; status.
pub const CHROME_ROWS: u16 = 5;
/// Rows above the list.
pub const HEADER_ROWS: u16 = 4;

/// How many rows of the list fit on a screen of `size`.
pub fn list_rows(size: Rect) -> usize {
    usize::from(size.height.saturating_sub(CHROME_ROWS))
}
