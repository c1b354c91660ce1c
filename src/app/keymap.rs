//! The key table: one list that drives input handling and generates the help overlay.
//!
//! Letter keys match whatever the Shift state (the letter's case already says it); other keys
//! match their modifiers exactly. Only presses count, never releases.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;

/// What a binding listens for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    Key(KeyCode, KeyModifiers),
    /// `1`–`9`, each jumping to its tab.
    Digit,
}

/// One line of the key table: the keys, the action, and how help describes it.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// Each key with the label help shows for it.
    pub keys: &'static [(Pattern, &'static str)],
    pub action: Action,
    pub description: &'static str,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

const fn key(code: KeyCode) -> Pattern {
    Pattern::Key(code, NONE)
}

const fn ctrl(c: char) -> Pattern {
    Pattern::Key(KeyCode::Char(c), CTRL)
}

/// The reader's keys, in the order help lists them.
pub const KEYS: &[Entry] = &[
    Entry {
        keys: &[
            (key(KeyCode::Tab), "Tab"),
            (key(KeyCode::Char('l')), "l"),
            (key(KeyCode::Right), "→"),
        ],
        action: Action::NextTab,
        description: "next tab",
    },
    Entry {
        keys: &[
            (
                Pattern::Key(KeyCode::BackTab, KeyModifiers::SHIFT),
                "Shift-Tab",
            ),
            (key(KeyCode::Char('h')), "h"),
            (key(KeyCode::Left), "←"),
        ],
        action: Action::PrevTab,
        description: "previous tab",
    },
    Entry {
        keys: &[(Pattern::Digit, "1–9")],
        action: Action::GoToTab(0),
        description: "go to tab 1–9",
    },
    Entry {
        keys: &[(key(KeyCode::Char('j')), "j"), (key(KeyCode::Down), "↓")],
        action: Action::LineDown,
        description: "down one line",
    },
    Entry {
        keys: &[(key(KeyCode::Char('k')), "k"), (key(KeyCode::Up), "↑")],
        action: Action::LineUp,
        description: "up one line",
    },
    Entry {
        keys: &[(ctrl('d'), "Ctrl-d")],
        action: Action::HalfPageDown,
        description: "down half a page",
    },
    Entry {
        keys: &[(ctrl('u'), "Ctrl-u")],
        action: Action::HalfPageUp,
        description: "up half a page",
    },
    Entry {
        keys: &[
            (key(KeyCode::Char(' ')), "Space"),
            (key(KeyCode::PageDown), "PgDn"),
        ],
        action: Action::PageDown,
        description: "down one page",
    },
    Entry {
        keys: &[
            (key(KeyCode::Char('b')), "b"),
            (key(KeyCode::PageUp), "PgUp"),
        ],
        action: Action::PageUp,
        description: "up one page",
    },
    Entry {
        keys: &[(key(KeyCode::Char('g')), "g"), (key(KeyCode::Home), "Home")],
        action: Action::Top,
        description: "top",
    },
    Entry {
        keys: &[(key(KeyCode::Char('G')), "G"), (key(KeyCode::End), "End")],
        action: Action::Bottom,
        description: "bottom",
    },
    Entry {
        keys: &[(key(KeyCode::Char('?')), "?")],
        action: Action::ToggleHelp,
        description: "show or hide this help",
    },
    Entry {
        keys: &[(key(KeyCode::Char('q')), "q"), (key(KeyCode::Esc), "Esc")],
        action: Action::Back,
        description: "close help, or quit",
    },
    Entry {
        keys: &[(ctrl('c'), "Ctrl-C")],
        action: Action::Quit,
        description: "quit",
    },
];

/// The action a key event asks for, if any. Releases never act.
pub fn action_for(event: &KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    for entry in KEYS {
        for (pattern, _) in entry.keys {
            match *pattern {
                Pattern::Digit => {
                    if let KeyCode::Char(c @ '1'..='9') = event.code
                        && !event.modifiers.contains(CTRL)
                    {
                        return Some(Action::GoToTab(c as usize - '1' as usize));
                    }
                }
                Pattern::Key(code, mods) => {
                    let same_mods = match code {
                        // The character already tells Shift apart ('G' vs 'g').
                        KeyCode::Char(_) => event.modifiers - KeyModifiers::SHIFT == mods,
                        _ => event.modifiers == mods,
                    };
                    if event.code == code && same_mods {
                        return Some(entry.action);
                    }
                }
            }
        }
    }
    None
}

/// `(keys, description)` rows for the help overlay, straight from [`KEYS`].
pub fn help_rows() -> impl Iterator<Item = (String, &'static str)> {
    KEYS.iter().map(|e| {
        let keys: Vec<&str> = e.keys.iter().map(|(_, label)| *label).collect();
        (keys.join(" "), e.description)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventState;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn keys_map_to_actions() {
        let cases = [
            (press(KeyCode::Tab, NONE), Action::NextTab),
            (
                press(KeyCode::BackTab, KeyModifiers::SHIFT),
                Action::PrevTab,
            ),
            (press(KeyCode::Char('3'), NONE), Action::GoToTab(2)),
            (
                press(KeyCode::Char('G'), KeyModifiers::SHIFT),
                Action::Bottom,
            ),
            (press(KeyCode::Char('d'), CTRL), Action::HalfPageDown),
            (press(KeyCode::Char('c'), CTRL), Action::Quit),
            (press(KeyCode::Esc, NONE), Action::Back),
            (press(KeyCode::Char(' '), NONE), Action::PageDown),
        ];
        for (event, action) in cases {
            assert_eq!(action_for(&event), Some(action), "{event:?}");
        }
    }

    #[test]
    fn modifiers_are_not_ignored() {
        assert_eq!(action_for(&press(KeyCode::Char('d'), NONE)), None);
        assert_eq!(action_for(&press(KeyCode::Char('j'), CTRL)), None);
        assert_eq!(action_for(&press(KeyCode::Char('0'), NONE)), None);
    }

    #[test]
    fn releases_never_act() {
        let mut e = press(KeyCode::Char('q'), NONE);
        e.kind = KeyEventKind::Release;
        e.state = KeyEventState::NONE;
        assert_eq!(action_for(&e), None);
    }

    #[test]
    fn help_lists_every_entry() {
        let rows: Vec<_> = help_rows().collect();
        assert_eq!(rows.len(), KEYS.len());
        assert_eq!(rows[0], ("Tab l →".to_string(), "next tab"));
    }
}
