//! Everything the user can ask for; keys map to these through [`super::keymap`].

/// A request to change the interface's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    NextTab,
    PrevTab,
    /// Jump to the tab with this 0-based index.
    GoToTab(usize),
    /// Down one line (the reader) or one row (the library).
    LineDown,
    LineUp,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    /// Open the search line.
    Search,
    NextHit,
    PrevHit,
    /// Open the selected briefing in the reader.
    Open,
    /// Sort the library by the next key: date, title, region.
    CycleSort,
    /// Load everything again from disk.
    Reload,
    /// Show the files that failed to load.
    Problems,
    /// Move the focus to the next item of the tab (a key point, statement, entry, source).
    FocusNext,
    FocusPrev,
    /// Go to the next block changed since the briefing was last read, or the previous one.
    NextChange,
    PrevChange,
    /// Add or edit the note on the focused item, or on the briefing.
    EditNote,
    /// The same, in `$VISUAL` or `$EDITOR`.
    EditNoteOutside,
    /// Save the note being edited.
    SaveNote,
    /// Save the library's filter under a name.
    SaveSearch,
    /// Show the saved searches to pick one.
    SavedSearches,
    /// Forget the selected saved search.
    ForgetSearch,
    /// Mark the briefing read, or unread again.
    ToggleRead,
    /// Flag the briefing, or unflag it.
    ToggleFlag,
    ToggleHelp,
    /// Open the parties' statements side by side, or close them.
    Compare,
    /// In the compare view: move the focus to the column on the left, or the right.
    ColumnLeft,
    ColumnRight,
    /// In the compare view: show the next side (party, reactions) in the focused column, or
    /// the previous one.
    NextSide,
    PrevSide,
    /// Copy the focused item's citation to the clipboard (OSC 52).
    CopyCitation,
    /// Copy the open briefing's citation to the clipboard.
    CopyBriefing,
    /// Hand the focused item's citation to the command in `BRIEF_PIPE`.
    PipeCitation,
    /// Show the focused statement's source on a card.
    SourceCard,
    /// Open the focused source's web address, after a confirmation.
    OpenUrl,
    /// Show statements' original wordings with the words, alone, or not at all, in turn.
    CycleOriginals,
    /// `q` or `Esc`: close what is open (an overlay, the focus, the reader, a filter),
    /// otherwise quit.
    Back,
    /// `q` in the reader: back to the library, or quit, whatever is focused.
    Leave,
    /// Quit at once, whatever is open.
    Quit,
    /// Step aside for the shell (Ctrl-Z): leave the screen and stop until continued.
    Suspend,
}

/// Every action a key can be bound to, by the name the configuration file uses for it (the
/// variant's name in snake case). `GoToTab` is left out: `1`–`9` stay the tabs' keys.
pub const NAMES: &[(&str, Action)] = &[
    ("next_tab", Action::NextTab),
    ("prev_tab", Action::PrevTab),
    ("line_down", Action::LineDown),
    ("line_up", Action::LineUp),
    ("half_page_down", Action::HalfPageDown),
    ("half_page_up", Action::HalfPageUp),
    ("page_down", Action::PageDown),
    ("page_up", Action::PageUp),
    ("top", Action::Top),
    ("bottom", Action::Bottom),
    ("search", Action::Search),
    ("next_hit", Action::NextHit),
    ("prev_hit", Action::PrevHit),
    ("open", Action::Open),
    ("cycle_sort", Action::CycleSort),
    ("reload", Action::Reload),
    ("problems", Action::Problems),
    ("focus_next", Action::FocusNext),
    ("focus_prev", Action::FocusPrev),
    ("next_change", Action::NextChange),
    ("prev_change", Action::PrevChange),
    ("edit_note", Action::EditNote),
    ("edit_note_outside", Action::EditNoteOutside),
    ("save_note", Action::SaveNote),
    ("save_search", Action::SaveSearch),
    ("saved_searches", Action::SavedSearches),
    ("forget_search", Action::ForgetSearch),
    ("toggle_read", Action::ToggleRead),
    ("toggle_flag", Action::ToggleFlag),
    ("toggle_help", Action::ToggleHelp),
    ("compare", Action::Compare),
    ("column_left", Action::ColumnLeft),
    ("column_right", Action::ColumnRight),
    ("next_side", Action::NextSide),
    ("prev_side", Action::PrevSide),
    ("copy_citation", Action::CopyCitation),
    ("copy_briefing", Action::CopyBriefing),
    ("pipe_citation", Action::PipeCitation),
    ("source_card", Action::SourceCard),
    ("open_url", Action::OpenUrl),
    ("cycle_originals", Action::CycleOriginals),
    ("back", Action::Back),
    ("leave", Action::Leave),
    ("quit", Action::Quit),
    ("suspend", Action::Suspend),
];

impl Action {
    /// The configuration file's name for this action.
    pub fn name(self) -> Option<&'static str> {
        NAMES.iter().find(|(_, a)| *a == self).map(|(n, _)| *n)
    }

    pub fn from_name(name: &str) -> Option<Action> {
        NAMES.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
    }
}
