//! Drawing: [`render`] turns the [`App`] into a frame and changes nothing.
//!
//! One file per screen or region: [`reader`] (banner, header, tabs, text with search hits,
//! status), [`library`] (the table of briefings), [`help`] and [`problems`] (overlays),
//! [`status`] (status bar and search line). The styles, [`theme`], are the configuration's
//! ([`crate::config::theme`]), so that `brief config check` reads a theme as the reader does.
//! Where each region goes is [`crate::geometry`]'s to say.

pub mod compare;
pub mod editor;
pub mod help;
pub mod library;
pub mod problems;
pub mod reader;
pub mod searches;
pub mod source;
pub mod status;

use ratatui::Frame;
use std::borrow::Cow;

use crate::app::keymap::Context;
use crate::app::overlay::Overlay;
use crate::app::state::{App, Screen};
pub use crate::config::theme::{self, Theme};

/// Draws the whole screen for `app`.
pub fn render(app: &App, theme: &Theme, frame: &mut Frame) {
    match app.screen {
        Screen::Reader => {
            if let Some(r) = &app.reader {
                reader::render(app, r, theme, frame);
                if let Some(editor) = &app.note_editor {
                    let keys = app.options.keymap.table(Context::Editor);
                    let at = (r.briefing.marking.is_some(), r.measure);
                    editor::render(editor, keys, at, theme, frame);
                }
            }
        }
        Screen::Library => {
            if let Some(l) = &app.library {
                library::render(app, l, theme, frame);
            }
        }
    }
    let area = frame.area();
    match app.overlay {
        Some(Overlay::Help(scroll)) => {
            help::draw(app.screen_keys(), scroll, theme, area, frame.buffer_mut())
        }
        Some(Overlay::Problems(scroll)) => {
            let counts = app
                .library
                .as_ref()
                .map_or((0, 0), |l| (l.failures().len(), l.ids.count()));
            let line = |i| {
                app.library
                    .as_ref()
                    .map_or(Cow::Borrowed(""), |l| l.problem_line(i))
            };
            let lines = crate::geometry::overlay::Lines {
                count: app.library.as_ref().map_or(0, |l| l.problem_count()),
                line: &line,
            };
            problems::draw(counts, lines, scroll, theme, area, frame.buffer_mut());
        }
        Some(Overlay::Searches(selected)) => {
            searches::draw(
                &app.memory.held.searches,
                selected,
                theme,
                area,
                frame.buffer_mut(),
            );
        }
        Some(Overlay::Source(index)) => {
            if let Some(r) = &app.reader {
                source::draw_card(&r.briefing, index, theme, area, frame.buffer_mut());
            }
        }
        Some(Overlay::OpenUrl(index, scroll)) => {
            let url = app.source_url(index);
            if let Some(url) = url {
                source::draw_confirm(url, scroll, theme, area, frame.buffer_mut());
            }
        }
        None => {}
    }
}
