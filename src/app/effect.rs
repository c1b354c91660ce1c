//! What the state asks of the world outside it: the event loop ([`crate::terminal`]) takes
//! these from [`App::effects`](super::state::App::effects), in the order they were asked for,
//! and carries them out; the state itself never touches the terminal, the clipboard, other
//! programs, the browser or the drafts' files.

/// One thing for the event loop to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Hand this text (a note) to `$VISUAL`/`$EDITOR`; the result comes back through
    /// [`App::edited_outside`](super::state::App::edited_outside).
    Outside(String),
    /// Put this text on the clipboard (OSC 52).
    Clipboard(String),
    /// Hand this text to the command in `BRIEF_PIPE`; what it said comes back through
    /// [`App::piped`](super::state::App::piped).
    Pipe(String),
    /// Open this web address, which the user confirmed, in the browser; how it went comes
    /// back through [`App::opened`](super::state::App::opened).
    Open(String),
    /// End the reader.
    Quit,
    /// Step aside for the shell (Ctrl-Z), where job control allows.
    Suspend,
    /// Keep, or remove, a draft of the note being written (beside the store, see
    /// [`crate::store::drafts`]).
    Draft(Draft),
}

/// What to do with a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Draft {
    /// Keep this note (its body the text as typed) as this process's draft.
    Keep(crate::memory::Note),
    /// This process's draft is no longer needed: its note is saved, or was left on purpose.
    Drop,
    /// The draft recovered from process `.0` is saved: remove it.
    Forget(u32),
}
