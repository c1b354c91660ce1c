//! Everything the reader can be asked to do; keys map to these through [`super::keymap`].

/// A request to change the reader's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    NextTab,
    PrevTab,
    /// Jump to the tab with this 0-based index.
    GoToTab(usize),
    LineDown,
    LineUp,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    ToggleHelp,
    /// `q` or `Esc`: close the overlay when one is open, otherwise quit.
    Back,
    /// Quit at once, whatever is open.
    Quit,
}
