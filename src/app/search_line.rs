//! The search line: `/` opens it on the query in force, every key typed runs the query on
//! what is on screen (the library's list, or the open briefing), Enter keeps it and Esc puts
//! back the one before. Typing a name for a saved search uses the same line (see
//! [`super::searches`]).

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::effect::Effect;
use super::state::{App, Screen};
use crate::library::query;

/// The search line, while it has the keyboard.
#[derive(Debug, Clone)]
pub struct Editing {
    pub input: Input,
    /// The query before editing began, restored by Esc.
    pub before: String,
    /// Typing a name to save the filter under, rather than a query.
    pub naming: bool,
    /// The name typed is a saved search's: the line asks (y/n) before it is replaced.
    pub replacing: bool,
}

impl App {
    /// `/`: the search line, on the query in force.
    pub(super) fn start_search(&mut self) {
        let before = match self.screen {
            Screen::Library => self.library.as_ref().map(|l| l.query.clone()),
            Screen::Reader => self.reader.as_ref().map(|r| r.search.query.clone()),
        }
        .unwrap_or_default();
        self.editing = Some(Editing {
            input: Input::new(before.clone()),
            before,
            naming: false,
            replacing: false,
        });
    }

    /// A key while the search line has the keyboard: Enter keeps the query, Esc restores the
    /// one before, anything else edits it and updates the search as typed.
    pub(super) fn edit(&mut self, key: KeyEvent) {
        let Some(editing) = &mut self.editing else {
            return;
        };
        if editing.naming {
            self.name_key(key);
            return;
        }
        match key.code {
            KeyCode::Enter => {
                self.editing = None;
                if let Some(l) = &mut self.library
                    && self.screen == Screen::Library
                {
                    // An unusable query does not replace the filter in force.
                    l.query_error = None;
                }
            }
            KeyCode::Esc => {
                let before = editing.before.clone();
                self.editing = None;
                self.apply_query(&before, true);
                if let Some(l) = &mut self.library {
                    l.query_error = None;
                }
            }
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.effects.push_back(Effect::Quit);
            }
            KeyCode::Char('z') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.effects.push_back(Effect::Suspend);
            }
            _ => {
                if editing.input.handle_event(&Event::Key(key)).is_some() {
                    let value = editing.input.value().to_string();
                    self.apply_query(&value, true);
                }
            }
        }
    }

    /// Runs `query` on what is on screen; `typing` while it is being typed.
    fn apply_query(&mut self, query: &str, typing: bool) {
        match self.screen {
            Screen::Library => {
                if let Some(l) = &mut self.library {
                    l.set_query(query, typing);
                }
            }
            Screen::Reader => {
                if let Some(r) = &mut self.reader {
                    // A filter that cannot be read (`after:soon`) finds nothing in a briefing.
                    r.set_search(query, &query::parse(query).unwrap_or_default());
                }
            }
        }
    }
}
