//! Notes from the reader: `a` opens the editor on the note on the focused passage (or on the
//! briefing, with nothing focused), `E` hands it to `$VISUAL`/`$EDITOR` first; the editor's
//! keys; and what the store says back about saving. A note keeps the passage it was written
//! against when it is edited (never re-anchored to where it was found, which could be
//! wrong), and an edit never goes over text another reader saved meanwhile: both are kept,
//! and the status bar says so. What is typed is kept as a draft meanwhile ([`super::drafts`]).

use ratatui::crossterm::event::KeyEvent;

use super::action::Action;
use super::editor::{NoteEditor, Stage};
use super::effect::{Draft, Effect};
use super::keymap;
use super::memory::{Heard, Status};
use super::state::App;
use crate::memory::Note;

/// Who notes are by: `$USER`, else `$LOGNAME`, else `analyst`.
pub fn author() -> String {
    ["USER", "LOGNAME"]
        .into_iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "analyst".into())
}

/// The first line of a note kept from an editor that `brief` was ended under.
pub const RESCUED: &str = "(not saved: brief was ended while this was being written)";

/// Which editor was asked for while the store was still opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// `a`: the editor over the text.
    Inline,
    /// `E`: `$VISUAL` or `$EDITOR`.
    Outside,
}

impl App {
    /// The note `a` or `E` would edit: the analyst's own on the focused passage (or on the
    /// briefing), or a new one; `None`, with a notice, when notes cannot be kept.
    fn note_to_edit(&mut self, asked: Asked) -> Option<(Note, bool)> {
        let (Some(reader), Some(id)) = (&self.reader, &self.reader_id) else {
            self.notice = Some(
                (self.unheld.clone()).unwrap_or_else(|| "notes need a briefing with an id".into()),
            );
            return None;
        };
        match &self.memory.status {
            Status::Off(why) => {
                self.notice = Some(format!("notes cannot be kept: {why}"));
                return None;
            }
            Status::Waiting => {
                // The editor opens as soon as the store has said what notes there are.
                self.edit_when_ready = Some(asked);
                self.notice = Some("opening the state store…".into());
                return None;
            }
            Status::Remembering => {}
        }
        let part = reader.focused();
        let on = part.and_then(|p| reader.briefing.passage(p));
        let notes = self.memory.notes_of(id);
        let mine = reader
            .notes
            .notes
            .iter()
            .filter(|placed| match part {
                Some(p) => placed.part() == Some(p),
                None => placed.on.is_none(),
            })
            .find_map(|placed| notes.iter().find(|n| n.id == placed.id && !n.imported));
        Some(match mine {
            Some(note) => (note.clone(), true),
            None => {
                let by = self.options.analyst.clone().unwrap_or_else(author);
                (Note::new(id, on, String::new(), by), false)
            }
        })
    }

    /// `a`: edit the note on the focused passage, or on the briefing.
    pub(super) fn edit_note(&mut self) {
        if let Some((note, held)) = self.note_to_edit(Asked::Inline) {
            self.note_editor = Some(NoteEditor::open(note, held));
            // What the note is on stays in sight above the editor.
            if let Some(reader) = &mut self.reader {
                reader.focus_to_top();
            }
        }
    }

    /// `E`: edit the note in `$VISUAL`/`$EDITOR`; the event loop runs it and hands the text
    /// back to [`App::edited_outside`].
    pub(super) fn edit_note_outside(&mut self) {
        if self.note_editor.is_none() {
            let Some((note, held)) = self.note_to_edit(Asked::Outside) else {
                return;
            };
            self.note_editor = Some(NoteEditor::open(note, held));
        }
        if let Some(editor) = &mut self.note_editor {
            // The outside editor works on the draft itself, so that what it last wrote is
            // kept whatever ends `brief`.
            let mut note = editor.rescue();
            note.body = editor.text();
            editor.drafted = true;
            editor.drafted_text = None;
            self.effects.push_back(Effect::Draft(Draft::Keep(note)));
            self.effects.push_back(Effect::Outside(editor.text()));
        }
    }

    /// The text back from the outside editor, or why there is none.
    pub fn edited_outside(&mut self, result: Result<String, String>) {
        let Some(editor) = &mut self.note_editor else {
            return;
        };
        // The draft holds what the outside editor wrote: kept again from the editor here.
        editor.drafted_text = None;
        match result {
            Ok(text) => {
                editor.replace(text.trim_end_matches('\n'));
                editor.message = Some("from the outside editor; Ctrl-S saves it".into());
            }
            Err(why) => editor.message = Some(why),
        }
    }

    /// A key while the note editor is open.
    pub(super) fn note_key(&mut self, key: KeyEvent) {
        let Some(editor) = &mut self.note_editor else {
            return;
        };
        match editor.stage {
            Stage::Saving => return,
            Stage::ConfirmLeave => {
                if key.code == ratatui::crossterm::event::KeyCode::Char('y') {
                    self.close_editor();
                    self.notice = Some("note not saved".into());
                } else {
                    editor.stage = Stage::Editing;
                }
                return;
            }
            Stage::Editing => {}
        }
        match keymap::action_for(self.options.keymap.table(keymap::Context::Editor), &key) {
            Some(Action::SaveNote) => self.save_note(),
            Some(Action::Back | Action::Quit) => {
                if editor.dirty() {
                    editor.stage = Stage::ConfirmLeave;
                } else {
                    self.close_editor();
                }
            }
            Some(Action::Suspend) => {
                self.keep_draft();
                self.effects.push_back(Effect::Suspend);
            }
            _ => {
                editor.area.input(key);
                editor.message = None;
            }
        }
    }

    /// `Ctrl-S`: saves the note, on the passage it was written against. Saving an empty note
    /// deletes it.
    fn save_note(&mut self) {
        // Until the store confirms, the text is safe in the draft.
        self.keep_draft();
        let Some(editor) = &mut self.note_editor else {
            return;
        };
        let text = editor.text();
        if text.trim().is_empty() {
            if editor.held {
                let note = &editor.note;
                self.memory.delete_note(&note.briefing, &note.id);
                self.notice = Some("note deleted".into());
            }
            self.close_editor();
            self.show_notes();
            return;
        }
        if !editor.dirty() && editor.held {
            self.close_editor();
            return;
        }
        if let Status::Off(why) = &self.memory.status {
            editor.message = Some(format!("not saved: {why}"));
            return;
        }
        let mut note = editor.note.clone();
        note.body = text;
        note.updated = crate::memory::now();
        if let Some(why) = note.refused() {
            editor.message = Some(format!("not saved: {why}"));
            return;
        }
        editor.stage = Stage::Saving;
        editor.message = None;
        // What the note said when the editor opened, as the store holds it.
        let base = editor.held.then(|| editor.note.body.clone());
        self.memory.save_note(note, base);
    }

    /// `brief` is ending without the user (the terminal went away, a signal came) while a
    /// note is being written: what was typed and not saved is kept as a note of its own,
    /// beside any saved one and never over it, and its first line says so.
    pub fn rescue_note(&mut self) {
        let Some(editor) = self.note_editor.take() else {
            return;
        };
        if editor.stage == Stage::Saving {
            // Its draft goes once the save under way is confirmed.
            self.rescued = editor.drafted.then(|| editor.note.id.clone());
            return;
        }
        let text = editor.text();
        if !editor.dirty() || text.trim().is_empty() {
            return;
        }
        if let Status::Off(_) = self.memory.status {
            return;
        }
        let mut note = editor.rescue();
        note.body = format!("{RESCUED}\n{text}");
        if note.refused().is_none() {
            self.rescued = Some(note.id.clone());
            self.memory.save_note(note, None);
        }
    }

    /// What the store said, beyond what it remembers.
    pub(super) fn heard(&mut self, heard: Heard) {
        match heard {
            Heard::Notice(notice) => self.notice = Some(notice),
            Heard::Saved(id) => {
                self.saved_draft(&id);
                if self.note_editor.as_ref().is_some_and(|e| e.note.id == id) {
                    self.close_editor();
                    self.notice = Some("note saved".into());
                }
            }
            Heard::SavedBeside(id) => {
                self.saved_draft(&id);
                if self.note_editor.as_ref().is_some_and(|e| e.note.id == id) {
                    self.close_editor();
                    self.notice =
                        Some("note changed elsewhere meanwhile: both versions kept".into());
                }
            }
            Heard::NotSaved(id, why) => {
                if self.recovering.remove(&id).is_some() {
                    // Its draft stays, to be recovered again next time.
                    self.notice = Some(format!("a recovered note is not saved yet: {why}"));
                }
                if let Some(editor) = &mut self.note_editor
                    && editor.note.id == id
                {
                    editor.stage = Stage::Editing;
                    editor.message = Some(format!("not saved: {why}"));
                }
            }
            Heard::SeenText(id, text) => self.compare_with(&id, text),
        }
    }

    /// Opens the editor asked for while the store was still opening, now that it is open.
    pub(super) fn edit_if_asked(&mut self) {
        if self.memory.status == Status::Waiting {
            return;
        }
        match self.edit_when_ready.take() {
            Some(Asked::Inline) => {
                self.notice = None;
                self.edit_note();
            }
            Some(Asked::Outside) => {
                self.notice = None;
                self.edit_note_outside();
            }
            None => {}
        }
    }

    /// Shows the open briefing's notes as the memory holds them.
    pub(super) fn show_notes(&mut self) {
        if let (Some(reader), Some(id)) = (&mut self.reader, &self.reader_id) {
            reader.set_notes(self.memory.notes_of(id));
        }
    }
}
