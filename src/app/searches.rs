//! Saved searches: in the library, `S` saves the filter in force under a name typed on the
//! search line (asking, y/n, before it replaces a saved search of that name), and `'` lists the saved searches to use one (`Enter`) or forget one (`d`).
//! They live in the store, so every `brief` sharing it sees them.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::action::Action;
use super::effect::Effect;
use super::overlay::Overlay;
use super::search_line::Editing;
use super::state::App;

impl App {
    /// `S`: asks for a name to save the filter under.
    pub(super) fn start_naming(&mut self) {
        let query = self.library.as_ref().map_or("", |l| l.query.as_str());
        if query.is_empty() {
            self.notice = Some("no filter to save: / types one, then S saves it".into());
            return;
        }
        self.editing = Some(Editing {
            input: Input::default(),
            before: query.to_string(),
            naming: true,
            replacing: false,
        });
    }

    /// A key while the name is typed: Enter saves (asking first when a saved search has the
    /// name), Esc gives up. While it asks, `y` replaces and any other key keeps the one saved.
    pub(super) fn name_key(&mut self, key: KeyEvent) {
        let Some(editing) = &mut self.editing else {
            return;
        };
        let name = editing.input.value().trim().to_string();
        let shown = crate::briefing::sanitize::quoted(&name).into_owned();
        if editing.replacing {
            let query = editing.before.clone();
            self.editing = None;
            if matches!(key.code, KeyCode::Char('y' | 'Y')) {
                self.memory.save_search(&name, &query);
                self.notice = Some(format!("replaced {shown}; ' recalls it"));
            } else {
                self.notice = Some(format!("kept the saved search {shown} as it was"));
            }
            return;
        }
        match key.code {
            KeyCode::Enter => {
                let query = editing.before.clone();
                let taken = (self.memory.held.searches.iter()).any(|(n, _)| *n == name);
                if taken {
                    editing.replacing = true;
                    return;
                }
                self.editing = None;
                if !name.is_empty() {
                    self.memory.save_search(&name, &query);
                    self.notice = Some(format!("saved as {shown}; ' recalls it"));
                }
            }
            KeyCode::Esc => self.editing = None,
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.effects.push_back(Effect::Quit);
            }
            _ => {
                editing.input.handle_event(&Event::Key(key));
            }
        }
    }

    /// `'`: the saved searches.
    pub(super) fn show_searches(&mut self) {
        if self.memory.held.searches.is_empty() {
            self.notice = Some("no saved searches yet: S saves the filter in force".into());
        } else {
            self.overlay = Some(Overlay::Searches(0));
        }
    }

    /// An action while the saved searches are shown.
    pub(super) fn searches_action(&mut self, action: Action, selected: usize) {
        let n = self.memory.held.searches.len();
        match action {
            Action::LineDown => {
                self.overlay = Some(Overlay::Searches((selected + 1).min(n.saturating_sub(1))))
            }
            Action::LineUp => self.overlay = Some(Overlay::Searches(selected.saturating_sub(1))),
            Action::Open => {
                self.overlay = None;
                if let Some((_, query)) = self.memory.held.searches.get(selected).cloned()
                    && let Some(l) = &mut self.library
                {
                    l.set_query(&query, false);
                }
            }
            Action::ForgetSearch => {
                if let Some((name, _)) = self.memory.held.searches.get(selected).cloned() {
                    self.memory.save_search(&name, "");
                }
                let left = self.memory.held.searches.len();
                self.overlay = (left > 0).then(|| Overlay::Searches(selected.min(left - 1)));
            }
            Action::Back => self.overlay = None,
            _ => {}
        }
    }
}
