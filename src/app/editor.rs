//! The note editor, while it is open: a multi-line text area (`ratatui-textarea`) for the
//! note on one passage, or on the briefing; what it is about; and where saving stands.
//! Saving is explicit (`Ctrl-S`), and leaving with unsaved text asks first. A note that could
//! not be saved stays here with the reason, so nothing typed is lost.

use ratatui_textarea::{TextArea, WrapMode};

use crate::briefing::parts::Passage;
use crate::briefing::sanitize::{Lines, sanitize};
use crate::memory::Note;

/// Where the editor stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    Editing,
    /// Leaving was asked for with unsaved text: `y` leaves, anything else goes back.
    ConfirmLeave,
    /// Sent to the store; waiting to hear it was saved.
    Saving,
}

#[derive(Debug, Clone)]
pub struct NoteEditor {
    pub area: TextArea<'static>,
    /// The note being edited: an existing one, or a new one not yet saved.
    pub note: Note,
    /// Whether the note is held in the store already (otherwise saving adds it).
    pub held: bool,
    /// The text when the editor opened (or was last saved), to tell unsaved changes.
    pub saved_text: String,
    pub stage: Stage,
    /// Why the last save failed, or what the editor had to change, for the user.
    pub message: Option<String>,
    /// The id the text is kept under if `brief` ends before it is saved (a note of its own,
    /// beside any saved one): its draft's, and the rescued note's.
    pub rescue_id: String,
    /// Whether a draft of this editor's text has been asked to be kept (and not removed).
    pub drafted: bool,
    /// The text last kept as the draft, when known.
    pub drafted_text: Option<String>,
}

impl NoteEditor {
    /// Opens the editor on `note`; `held` when it is already in the store. A note with
    /// characters the terminal must not see (an imported one, say) is cleaned for editing,
    /// and the editor says so.
    pub fn open(note: Note, held: bool) -> Self {
        let clean = sanitize(&note.body, Lines::Multi);
        let message = (clean != note.body).then(|| {
            "control characters in this note are shown as placeholders; saving keeps them so"
                .to_string()
        });
        let area = text_area(&clean);
        let saved_text = area.lines().join("\n");
        Self {
            area,
            note,
            held,
            saved_text,
            stage: Stage::Editing,
            message,
            rescue_id: uuid::Uuid::new_v4().to_string(),
            drafted: false,
            drafted_text: None,
        }
    }

    /// The text as typed.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// Whether there is text not yet saved.
    pub fn dirty(&self) -> bool {
        self.text() != self.saved_text
    }

    /// What the note is on.
    pub fn on(&self) -> Option<&Passage> {
        self.note.on.as_ref()
    }

    /// Puts `text` (from an outside editor) in place of what is typed, unsaved.
    pub fn replace(&mut self, text: &str) {
        self.area = text_area(text);
        self.stage = Stage::Editing;
    }
}

/// A text area holding `text`, wrapping at words, with the cursor at the end.
fn text_area(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(text.lines().map(str::to_string).collect());
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.set_cursor_line_style(ratatui::style::Style::default());
    area.set_placeholder_text("Write the note here. Ctrl-S saves it; Esc leaves.");
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}
