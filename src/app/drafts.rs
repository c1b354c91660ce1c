//! Drafts of the note being written: what the open editor holds is asked to be kept (an
//! [`Effect::Draft`]) when the event loop finds the keyboard idle, before the editor loses the
//! keyboard (to `$EDITOR`, or Ctrl-Z) and as `brief` ends; the draft is removed once its note
//! is saved or the editor is left on purpose. Drafts that a `brief` now gone left behind are
//! recovered at start as notes of their own, first line [`RESCUED`], and the status bar says
//! how many. The files themselves are the event loop's ([`crate::store::drafts`]).

use super::editor::{NoteEditor, Stage};
use super::effect::{Draft, Effect};
use super::memory::Status;
use super::notes::RESCUED;
use super::state::App;
use crate::memory::Note;

impl NoteEditor {
    /// The note the text as typed would be kept as if `brief` ended now: a note of its own
    /// (its rescue id), on the same passage, by the same author.
    pub fn rescue(&self) -> Note {
        let old = &self.note;
        let mut note = if self.held {
            Note::new(
                &old.briefing,
                old.on.clone(),
                String::new(),
                old.author.clone(),
            )
        } else {
            old.clone()
        };
        note.id.clone_from(&self.rescue_id);
        note.body = self.text();
        note.updated = crate::memory::now();
        note
    }
}

impl App {
    /// Asks for the open editor's text to be kept as a draft, if it changed since it last
    /// was; or for the draft to go when there is nothing unsaved left in the editor.
    pub fn keep_draft(&mut self) {
        let Some(editor) = &mut self.note_editor else {
            return;
        };
        if editor.stage == Stage::Saving || matches!(self.memory.status, Status::Off(_)) {
            return;
        }
        let text = editor.text();
        if !editor.dirty() || text.trim().is_empty() {
            if std::mem::take(&mut editor.drafted) {
                editor.drafted_text = None;
                self.effects.push_back(Effect::Draft(Draft::Drop));
            }
            return;
        }
        if editor.drafted_text.as_ref() != Some(&text) {
            let note = editor.rescue();
            editor.drafted = true;
            editor.drafted_text = Some(text);
            self.effects.push_back(Effect::Draft(Draft::Keep(note)));
        }
    }

    /// Closes the note editor on purpose (saved, or left without saving): its draft goes.
    pub(super) fn close_editor(&mut self) {
        if self.note_editor.take().is_some_and(|e| e.drafted) {
            self.effects.push_back(Effect::Draft(Draft::Drop));
        }
    }

    /// Takes the notes recovered from drafts that a `brief` now gone left: each is saved as
    /// a note of its own, its first line saying it was not saved, and the status bar says
    /// how many; its draft goes once the store has saved it.
    pub fn recover(&mut self, drafts: Vec<crate::store::drafts::Draft>) {
        let count = drafts.len();
        for draft in drafts {
            let mut note = draft.note;
            note.body = format!("{RESCUED}\n{}", note.body);
            if note.refused().is_some() {
                continue;
            }
            self.recovering.insert(note.id.clone(), draft.pid);
            self.memory.save_note(note, None);
        }
        self.notice = match count {
            0 => return,
            1 => Some("1 unsaved note recovered".into()),
            n => Some(format!("{n} unsaved notes recovered")),
        };
    }

    /// The store saved note `id`: a rescued or recovered note's draft goes.
    pub(super) fn saved_draft(&mut self, id: &str) {
        if self.rescued.as_deref() == Some(id) {
            self.rescued = None;
            self.effects.push_back(Effect::Draft(Draft::Drop));
        }
        if let Some(pid) = self.recovering.remove(id) {
            self.effects.push_back(Effect::Draft(Draft::Forget(pid)));
        }
    }
}
