//! The mouse, when the configuration leaves it on: the wheel scrolls what is under the
//! pointer (the reader's text, the compare view, the library's list, an overlay), a click on
//! a tab shows it, a click on a statement focuses it, a click on a library row selects it and
//! a second click on it soon after opens it, and a click outside an overlay closes it. Every
//! place is found by the same geometry the drawing uses.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::overlay::Overlay;
use super::state::{App, Screen};
use crate::geometry::{library as list_layout, reader as layout};

/// The source card's buttons, along its bottom border, and what a click on each does.
pub const CARD_BUTTONS: &[(&str, Action)] = &[
    ("Enter Sources tab", Action::Open),
    ("x open URL", Action::OpenUrl),
    ("Esc close", Action::Back),
];
/// The buttons of the question before a web address is opened.
pub const CONFIRM_BUTTONS: &[(&str, Action)] =
    &[("y open", Action::Open), ("n do not", Action::Back)];
/// The button of that question when the address may not be opened.
pub const REFUSED_BUTTONS: &[(&str, Action)] = &[("Esc close", Action::Back)];

/// Lines a turn of the wheel scrolls.
const WHEEL_LINES: usize = 3;
/// Two clicks on one row within this long open it.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

impl App {
    /// Handles one mouse event, `now` being when it came.
    pub fn mouse(&mut self, event: MouseEvent, now: Instant) {
        if !self.options.mouse || self.editing.is_some() || self.note_editor.is_some() {
            return;
        }
        let at = Position::new(event.column, event.row);
        match event.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let action = if event.kind == MouseEventKind::ScrollDown {
                    Action::LineDown
                } else {
                    Action::LineUp
                };
                // In the library a line is a row: the wheel moves the selection by one.
                let times = if self.screen == Screen::Library && self.overlay.is_none() {
                    1
                } else {
                    WHEEL_LINES
                };
                for _ in 0..times {
                    self.update(action);
                }
            }
            MouseEventKind::Down(MouseButton::Left) => self.click(at, now),
            _ => {}
        }
    }

    fn click(&mut self, at: Position, now: Instant) {
        if let Some(overlay) = self.overlay {
            let area = self.overlay_box(overlay);
            // Outside the box, it closes; on a button of its bottom border, the button acts.
            if !area.contains(at) {
                self.update(Action::Back);
            } else if at.y + 1 == area.bottom()
                && let Some(action) = self.button(overlay, area, at.x)
            {
                self.update(action);
            }
            return;
        }
        match self.screen {
            Screen::Reader => self.click_reader(at),
            Screen::Library => self.click_library(at, now),
        }
    }

    /// The action of the button at column `x` of `overlay`'s bottom border (its box `area`).
    fn button(&self, overlay: Overlay, area: Rect, x: u16) -> Option<Action> {
        let buttons = match overlay {
            Overlay::Source(_) => CARD_BUTTONS,
            Overlay::OpenUrl(source, _) => {
                let url = self.source_url(source).unwrap_or_default();
                if crate::document::source::refusal(url).is_some() {
                    REFUSED_BUTTONS
                } else {
                    CONFIRM_BUTTONS
                }
            }
            _ => return None,
        };
        let labels: Vec<&str> = buttons.iter().map(|(l, _)| *l).collect();
        crate::geometry::overlay::button_at(area, &labels, x).map(|i| buttons[i].1)
    }

    /// Where the overlay's box is (the whole screen when it cannot be told).
    fn overlay_box(&self, overlay: Overlay) -> Rect {
        use crate::geometry::overlay;
        match overlay {
            Overlay::Help(_) => overlay::help_box(self.size, self.screen_keys().len()),
            Overlay::Searches(_) => overlay::help_box(self.size, self.memory.held.searches.len()),
            Overlay::OpenUrl(source, _) => {
                let url = self.source_url(source).unwrap_or_default();
                overlay::confirm_box(url, self.size).0
            }
            Overlay::Source(source) => match &self.reader {
                Some(r) => overlay::card_box(&r.briefing, source, self.size).0,
                None => self.size,
            },
            Overlay::Problems(_) => self.size,
        }
    }

    fn click_reader(&mut self, at: Position) {
        let Some(reader) = &mut self.reader else {
            return;
        };
        let banner = reader.briefing.marking.is_some();
        let Some(areas) = layout::areas_at(self.size, banner, reader.measure) else {
            return;
        };
        if reader.compare.is_some() {
            reader.compare_click(at);
            return;
        }
        if areas.tabs.contains(at) {
            let titles: Vec<&str> = reader.tabs.iter().map(|t| t.title.as_str()).collect();
            let bar = layout::tab_bar(&titles, reader.current, areas.tabs);
            let hit = (bar.slots.iter()).find(|s| at.x >= s.x && at.x < s.x + s.width);
            if let Some(slot) = hit {
                reader.update(Action::GoToTab(slot.index));
            }
            return;
        }
        if areas.text.contains(at) {
            reader.focus_line(usize::from(at.y - areas.text.y));
        }
    }

    fn click_library(&mut self, at: Position, now: Instant) {
        let Some(library) = &mut self.library else {
            return;
        };
        let first = list_layout::HEADER_ROWS;
        let rows = list_layout::list_rows(self.size);
        let Some(offset) = at.y.checked_sub(self.size.y + first) else {
            return;
        };
        let offset = usize::from(offset);
        if offset >= rows {
            return;
        }
        let row = library.top + offset;
        if row >= library.matching {
            return;
        }
        let again = self
            .last_click
            .is_some_and(|(when, r)| r == row && now.duration_since(when) <= DOUBLE_CLICK);
        library.select(row);
        self.last_click = Some((now, row));
        if again && library.selected == row {
            self.last_click = None;
            self.update(Action::Open);
        }
    }
}
