//! The key tables, one per screen: each drives input handling and generates that screen's
//! help overlay, so the two can never disagree.
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

/// One line of a key table: the keys, the action, and how help describes it.
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

const fn ch(c: char) -> Pattern {
    Pattern::Key(KeyCode::Char(c), NONE)
}

const fn ctrl(c: char) -> Pattern {
    Pattern::Key(KeyCode::Char(c), CTRL)
}

const fn entry(
    keys: &'static [(Pattern, &'static str)],
    action: Action,
    description: &'static str,
) -> Entry {
    Entry {
        keys,
        action,
        description,
    }
}

const DOWN: Entry = entry(
    &[(ch('j'), "j"), (key(KeyCode::Down), "↓")],
    Action::LineDown,
    "down one line",
);
const UP: Entry = entry(
    &[(ch('k'), "k"), (key(KeyCode::Up), "↑")],
    Action::LineUp,
    "up one line",
);
const HALF_DOWN: Entry = entry(
    &[(ctrl('d'), "Ctrl-d")],
    Action::HalfPageDown,
    "down half a page",
);
const HALF_UP: Entry = entry(
    &[(ctrl('u'), "Ctrl-u")],
    Action::HalfPageUp,
    "up half a page",
);
const PAGE_DOWN: Entry = entry(
    &[(ch(' '), "Space"), (key(KeyCode::PageDown), "PgDn")],
    Action::PageDown,
    "down one page",
);
const PAGE_UP: Entry = entry(
    &[(ch('b'), "b"), (key(KeyCode::PageUp), "PgUp")],
    Action::PageUp,
    "up one page",
);
const TOP: Entry = entry(
    &[(ch('g'), "g"), (key(KeyCode::Home), "Home")],
    Action::Top,
    "top",
);
const BOTTOM: Entry = entry(
    &[(ch('G'), "G"), (key(KeyCode::End), "End")],
    Action::Bottom,
    "bottom",
);
const SEARCH: Entry = entry(
    &[(ch('/'), "/")],
    Action::Search,
    "search (Enter keeps it, Esc cancels)",
);
const NEXT_HIT: Entry = entry(&[(ch('n'), "n")], Action::NextHit, "next search hit");
const PREV_HIT: Entry = entry(&[(ch('N'), "N")], Action::PrevHit, "previous search hit");
const RELOAD: Entry = entry(&[(ch('R'), "R")], Action::Reload, "reload from disk");
const READ: Entry = entry(&[(ch('u'), "u")], Action::ToggleRead, "mark read or unread");
const FLAG: Entry = entry(&[(ch('f'), "f")], Action::ToggleFlag, "flag or unflag");
const HELP: Entry = entry(
    &[(ch('?'), "?")],
    Action::ToggleHelp,
    "show or hide this help",
);
const QUIT: Entry = entry(&[(ctrl('c'), "Ctrl-C")], Action::Quit, "quit");
const SUSPEND: Entry = entry(
    &[(ctrl('z'), "Ctrl-Z")],
    Action::Suspend,
    "suspend to the shell (fg returns)",
);

const COMPARE: Entry = entry(
    &[(ch('c'), "c")],
    Action::Compare,
    "the parties' statements side by side",
);
const COPY: Entry = entry(
    &[(ch('y'), "y")],
    Action::CopyCitation,
    "copy the focused item's citation",
);
const COPY_BRIEFING: Entry = entry(
    &[(ch('Y'), "Y")],
    Action::CopyBriefing,
    "copy the briefing's citation",
);
const PIPE: Entry = entry(
    &[(ch('|'), "|")],
    Action::PipeCitation,
    "pipe the focused citation to $BRIEF_PIPE",
);
const SOURCE: Entry = entry(
    &[(ch('i'), "i")],
    Action::SourceCard,
    "the focused statement's source",
);
const OPEN_URL: Entry = entry(
    &[(ch('x'), "x")],
    Action::OpenUrl,
    "open the source's web address (asks first)",
);
const ORIGINALS: Entry = entry(
    &[(ch('o'), "o")],
    Action::CycleOriginals,
    "originals: with the words, alone, hidden",
);

/// The reader's keys, in the order help lists them.
pub const READER: &[Entry] = &[
    entry(
        &[
            (key(KeyCode::Tab), "Tab"),
            (ch('l'), "l"),
            (key(KeyCode::Right), "→"),
        ],
        Action::NextTab,
        "next tab",
    ),
    entry(
        &[
            (
                Pattern::Key(KeyCode::BackTab, KeyModifiers::SHIFT),
                "Shift-Tab",
            ),
            (ch('h'), "h"),
            (key(KeyCode::Left), "←"),
        ],
        Action::PrevTab,
        "previous tab",
    ),
    entry(
        &[(Pattern::Digit, "1–9")],
        Action::GoToTab(0),
        "go to tab 1–9",
    ),
    DOWN,
    UP,
    HALF_DOWN,
    HALF_UP,
    PAGE_DOWN,
    PAGE_UP,
    TOP,
    BOTTOM,
    SEARCH,
    NEXT_HIT,
    PREV_HIT,
    entry(
        &[(ch('}'), "}")],
        Action::FocusNext,
        "focus the next statement (or point, entry)",
    ),
    entry(
        &[(ch('{'), "{")],
        Action::FocusPrev,
        "focus the previous one",
    ),
    entry(
        &[(ch(']'), "]")],
        Action::NextChange,
        "next change since the last reading",
    ),
    entry(&[(ch('['), "[")], Action::PrevChange, "previous change"),
    entry(
        &[(ch('a'), "a")],
        Action::EditNote,
        "add or edit the note on the focus",
    ),
    entry(
        &[(ch('E'), "E")],
        Action::EditNoteOutside,
        "edit the note in $VISUAL or $EDITOR",
    ),
    COMPARE,
    ORIGINALS,
    COPY,
    COPY_BRIEFING,
    PIPE,
    SOURCE,
    OPEN_URL,
    READ,
    FLAG,
    RELOAD,
    HELP,
    entry(
        &[(key(KeyCode::Esc), "Esc")],
        Action::Back,
        "drop the focus, back to the library, or quit",
    ),
    entry(
        &[(ch('q'), "q")],
        Action::Leave,
        "back to the library, or quit",
    ),
    QUIT,
    SUSPEND,
];

/// The compare view's keys.
pub const COMPARE_VIEW: &[Entry] = &[
    entry(
        &[(ch('l'), "l"), (key(KeyCode::Right), "→")],
        Action::ColumnRight,
        "focus the column on the right",
    ),
    entry(
        &[(ch('h'), "h"), (key(KeyCode::Left), "←")],
        Action::ColumnLeft,
        "focus the column on the left",
    ),
    entry(
        &[(key(KeyCode::Tab), "Tab")],
        Action::NextSide,
        "show the next party in the focused column",
    ),
    entry(
        &[(
            Pattern::Key(KeyCode::BackTab, KeyModifiers::SHIFT),
            "Shift-Tab",
        )],
        Action::PrevSide,
        "show the previous party there",
    ),
    entry(
        &[(ch('}'), "}")],
        Action::FocusNext,
        "focus the next statement in the column",
    ),
    entry(
        &[(ch('{'), "{")],
        Action::FocusPrev,
        "focus the previous one",
    ),
    NEXT_HIT,
    PREV_HIT,
    DOWN,
    UP,
    HALF_DOWN,
    HALF_UP,
    PAGE_DOWN,
    PAGE_UP,
    TOP,
    BOTTOM,
    ORIGINALS,
    COPY,
    COPY_BRIEFING,
    PIPE,
    SOURCE,
    OPEN_URL,
    HELP,
    entry(
        &[(key(KeyCode::Esc), "Esc"), (ch('q'), "q"), (ch('c'), "c")],
        Action::Back,
        "back to the tab of the focused statement",
    ),
    QUIT,
    SUSPEND,
];

/// The source card's keys.
pub const SOURCE_CARD: &[Entry] = &[
    entry(
        &[(key(KeyCode::Enter), "Enter")],
        Action::Open,
        "show it in the Sources tab",
    ),
    OPEN_URL,
    entry(
        &[(key(KeyCode::Esc), "Esc"), (ch('q'), "q"), (ch('i'), "i")],
        Action::Back,
        "close",
    ),
    QUIT,
    SUSPEND,
];

/// The keys of the question before a web address is opened.
pub const CONFIRM_URL: &[Entry] = &[
    entry(
        &[(ch('y'), "y"), (key(KeyCode::Enter), "Enter")],
        Action::Open,
        "open it",
    ),
    DOWN,
    UP,
    entry(
        &[(ch('n'), "n"), (key(KeyCode::Esc), "Esc"), (ch('q'), "q")],
        Action::Back,
        "do not open it",
    ),
    QUIT,
    SUSPEND,
];

/// The saved searches' keys.
pub const SEARCHES: &[Entry] = &[
    DOWN,
    UP,
    entry(
        &[(key(KeyCode::Enter), "Enter")],
        Action::Open,
        "use the selected search",
    ),
    entry(
        &[(ch('d'), "d")],
        Action::ForgetSearch,
        "forget the selected search",
    ),
    entry(
        &[(ch('q'), "q"), (key(KeyCode::Esc), "Esc"), (ch('\''), "'")],
        Action::Back,
        "close",
    ),
    QUIT,
    SUSPEND,
];

/// The note editor's own keys; every other key edits the text.
pub const EDITOR: &[Entry] = &[
    entry(&[(ctrl('s'), "Ctrl-S")], Action::SaveNote, "save the note"),
    entry(
        &[(key(KeyCode::Esc), "Esc"), (ctrl('c'), "Ctrl-C")],
        Action::Back,
        "leave (asks first if the note is not saved)",
    ),
    SUSPEND,
];

/// The library's keys, in the order help lists them.
pub const LIBRARY: &[Entry] = &[
    DOWN,
    UP,
    HALF_DOWN,
    HALF_UP,
    PAGE_DOWN,
    PAGE_UP,
    TOP,
    BOTTOM,
    entry(
        &[(key(KeyCode::Enter), "Enter")],
        Action::Open,
        "open the briefing",
    ),
    SEARCH,
    entry(
        &[(ch('s'), "s")],
        Action::CycleSort,
        "sort by date, title or region",
    ),
    entry(
        &[(ch('!'), "!")],
        Action::Problems,
        "list the files that failed to load",
    ),
    entry(
        &[(ch('S'), "S")],
        Action::SaveSearch,
        "save the filter under a name",
    ),
    entry(
        &[(ch('\''), "'")],
        Action::SavedSearches,
        "recall a saved search",
    ),
    READ,
    FLAG,
    RELOAD,
    HELP,
    entry(
        &[(ch('q'), "q"), (key(KeyCode::Esc), "Esc")],
        Action::Back,
        "close help, clear the filter, or quit",
    ),
    QUIT,
    SUSPEND,
];

/// The keys of a list overlay (help, problems).
pub const OVERLAY: &[Entry] = &[
    DOWN,
    UP,
    PAGE_DOWN,
    PAGE_UP,
    TOP,
    BOTTOM,
    entry(
        &[
            (ch('q'), "q"),
            (key(KeyCode::Esc), "Esc"),
            (ch('?'), "?"),
            (ch('!'), "!"),
        ],
        Action::Back,
        "close",
    ),
    QUIT,
    SUSPEND,
];

/// A line of a key table, compiled in ([`Entry`]) or as the user's configuration made it
/// ([`Binding`]).
pub trait Bound {
    /// Each key with the label help shows for it.
    fn keys(&self) -> Vec<(Pattern, &str)>;
    fn action(&self) -> Action;
    fn description(&self) -> &'static str;
}

impl Bound for Entry {
    fn keys(&self) -> Vec<(Pattern, &str)> {
        self.keys.iter().map(|(p, l)| (*p, *l)).collect()
    }
    fn action(&self) -> Action {
        self.action
    }
    fn description(&self) -> &'static str {
        self.description
    }
}

/// A line of a key table in use: the defaults, or the keys the configuration gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<(Pattern, String)>,
    pub action: Action,
    pub description: &'static str,
}

impl Bound for Binding {
    fn keys(&self) -> Vec<(Pattern, &str)> {
        self.keys.iter().map(|(p, l)| (*p, l.as_str())).collect()
    }
    fn action(&self) -> Action {
        self.action
    }
    fn description(&self) -> &'static str {
        self.description
    }
}

/// Where a key table applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Reader,
    Library,
    Compare,
    Editor,
    Searches,
    Overlay,
    SourceCard,
    ConfirmUrl,
}

impl Context {
    /// The contexts the configuration may bind keys in, by the name of their table there.
    pub const CONFIGURABLE: [(&'static str, Context); 4] = [
        ("reader", Context::Reader),
        ("library", Context::Library),
        ("compare", Context::Compare),
        ("editor", Context::Editor),
    ];

    /// The compiled-in table.
    pub fn defaults(self) -> &'static [Entry] {
        match self {
            Context::Reader => READER,
            Context::Library => LIBRARY,
            Context::Compare => COMPARE_VIEW,
            Context::Editor => EDITOR,
            Context::Searches => SEARCHES,
            Context::Overlay => OVERLAY,
            Context::SourceCard => SOURCE_CARD,
            Context::ConfirmUrl => CONFIRM_URL,
        }
    }

    const ALL: [Context; 8] = [
        Context::Reader,
        Context::Library,
        Context::Compare,
        Context::Editor,
        Context::Searches,
        Context::Overlay,
        Context::SourceCard,
        Context::ConfirmUrl,
    ];
}

/// Every key table in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    tables: Vec<(Context, Vec<Binding>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        let tables = (Context::ALL.iter())
            .map(|&c| {
                let table = (c.defaults().iter())
                    .map(|e| Binding {
                        keys: e.keys.iter().map(|(p, l)| (*p, (*l).to_string())).collect(),
                        action: e.action,
                        description: e.description,
                    })
                    .collect();
                (c, table)
            })
            .collect();
        Keymap { tables }
    }
}

/// What help says an action does, from whichever table binds it by default.
fn description_of(action: Action) -> &'static str {
    (Context::ALL.iter())
        .flat_map(|c| c.defaults().iter())
        .find(|e| e.action == action)
        .map_or("", |e| e.description)
}

/// Ctrl-C, which always quits.
pub const QUIT_KEY: Pattern = ctrl('c');

impl Keymap {
    pub fn table(&self, context: Context) -> &[Binding] {
        (self.tables.iter())
            .find(|(c, _)| *c == context)
            .map_or(&[], |(_, t)| t.as_slice())
    }

    /// Binds `action` in `context` to `keys` (labelled), in place of its defaults there; an
    /// empty list unbinds it. The keys leave any other action of the context they were bound
    /// to. Quit keeps Ctrl-C whatever is asked.
    pub fn bind(&mut self, context: Context, action: Action, keys: Vec<(Pattern, String)>) {
        let Some((_, table)) = self.tables.iter_mut().find(|(c, _)| *c == context) else {
            return;
        };
        let mut keys = keys;
        if action == Action::Quit && !keys.iter().any(|(p, _)| *p == QUIT_KEY) {
            keys.push((QUIT_KEY, "Ctrl-C".into()));
        }
        for b in table.iter_mut().filter(|b| b.action != action) {
            b.keys.retain(|(p, _)| !keys.iter().any(|(k, _)| k == p));
        }
        match table.iter_mut().find(|b| b.action == action) {
            Some(b) => b.keys = keys,
            None => table.push(Binding {
                keys,
                action,
                description: description_of(action),
            }),
        }
        // An action left with no key is not listed.
        table.retain(|b| !b.keys.is_empty());
    }
}

/// The action `table` gives a key event, if any. Releases never act.
pub fn action_for<B: Bound>(table: &[B], event: &KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    for entry in table {
        for (pattern, _) in entry.keys() {
            match pattern {
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
                        return Some(entry.action());
                    }
                }
            }
        }
    }
    None
}

/// `(keys, description)` rows for a help overlay, straight from `table`.
pub fn help_rows<B: Bound>(table: &[B]) -> impl Iterator<Item = (String, &'static str)> + '_ {
    table.iter().map(|e| {
        let keys: Vec<&str> = e.keys().into_iter().map(|(_, label)| label).collect();
        (keys.join(" "), e.description())
    })
}

/// The first key `table` binds to `action`, for hints in a status bar.
pub fn key_for<B: Bound>(table: &[B], action: Action) -> String {
    table
        .iter()
        .find(|e| e.action() == action)
        .and_then(|e| e.keys().first().map(|(_, label)| (*label).to_string()))
        .unwrap_or_else(|| "?".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventState;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn reader_keys_map_to_actions() {
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
            (press(KeyCode::Char('/'), NONE), Action::Search),
            (
                press(KeyCode::Char('N'), KeyModifiers::SHIFT),
                Action::PrevHit,
            ),
        ];
        for (event, action) in cases {
            assert_eq!(action_for(READER, &event), Some(action), "{event:?}");
        }
    }

    #[test]
    fn library_keys_map_to_actions() {
        assert_eq!(
            action_for(LIBRARY, &press(KeyCode::Enter, NONE)),
            Some(Action::Open)
        );
        assert_eq!(
            action_for(LIBRARY, &press(KeyCode::Char('s'), NONE)),
            Some(Action::CycleSort)
        );
        assert_eq!(
            action_for(LIBRARY, &press(KeyCode::Char('!'), KeyModifiers::SHIFT)),
            Some(Action::Problems)
        );
        assert_eq!(
            action_for(LIBRARY, &press(KeyCode::Char('1'), NONE)),
            None,
            "no tabs here"
        );
    }

    #[test]
    fn modifiers_are_not_ignored() {
        assert_eq!(action_for(READER, &press(KeyCode::Char('d'), NONE)), None);
        assert_eq!(action_for(READER, &press(KeyCode::Char('j'), CTRL)), None);
        assert_eq!(action_for(READER, &press(KeyCode::Char('0'), NONE)), None);
    }

    #[test]
    fn releases_never_act() {
        let mut e = press(KeyCode::Char('q'), NONE);
        e.kind = KeyEventKind::Release;
        e.state = KeyEventState::NONE;
        assert_eq!(action_for(READER, &e), None);
    }

    #[test]
    fn help_lists_every_entry() {
        let rows: Vec<_> = help_rows(READER).collect();
        assert_eq!(rows.len(), READER.len());
        assert_eq!(rows[0], ("Tab l →".to_string(), "next tab"));
        assert_eq!(key_for(LIBRARY, Action::Open), "Enter");
    }
}
