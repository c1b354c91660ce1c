//! Drawing: [`render`] turns the reader's [`State`] into a frame and changes nothing.
//!
//! One file per region: [`reader`] (banner, header, tabs, text, status), [`help`] (the key
//! overlay), plus [`layout`] (geometry) and [`theme`] (styles).

pub mod help;
pub mod layout;
pub mod reader;
pub mod theme;

use ratatui::Frame;

use crate::app::state::State;
pub use theme::Theme;

/// Draws the whole screen for `state`.
pub fn render(state: &State, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let marking = state.briefing.marking.as_deref();
    match layout::areas(area, marking.is_some()) {
        Some(areas) => reader::draw(state, theme, &areas, buf),
        None => reader::too_small(area, marking, theme, buf),
    }
    if let Some(scroll) = state.help {
        help::draw(scroll, theme, area, buf);
    }
}
