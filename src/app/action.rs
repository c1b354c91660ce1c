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
