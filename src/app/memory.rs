//! What the interface remembers ([`Held`]: of each briefing, by id, read, flagged, where it
//! was left, its notes, the text it had when last read; the saved searches and settings), as
//! the store last reported it. Changes made here show at once and are queued as requests for
//! the store, which the event loop passes on; when there is no store, they last the session
//! and the status bar says, once, that nothing will be remembered. A note is the exception: it shows once the
//! store has saved it, so that a note that could not be saved stays in its editor.

use std::collections::HashMap;

use crate::library::recall::Recall;
use crate::memory::{Claim, Held, Marks, Note, Spot};
use crate::store::service::{Report, Request};

/// What a report from the store means for the interface, beyond what it remembers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    /// Something to tell the user.
    Notice(String),
    /// A note is saved.
    Saved(String),
    /// A note changed by another reader while it was edited here: the edit is saved beside.
    SavedBeside(String),
    /// A note could not be saved, and why.
    NotSaved(String, String),
    /// What a briefing said when it was last read.
    SeenText(String, Option<String>),
}

/// Whether anything is remembered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Status {
    /// The store has not reported yet (it opens off the path to the first frame).
    #[default]
    Waiting,
    Remembering,
    /// Nothing will be remembered, and why.
    Off(String),
}

#[derive(Debug, Clone, Default)]
pub struct Memory {
    /// What the store last reported, with the changes made here since.
    pub held: Held,
    pub status: Status,
    /// Notes asked to be saved, until the store says it saved them.
    saving: HashMap<String, Note>,
    /// Requests not yet passed to the store.
    requests: Vec<Request>,
    /// Requests passed on that the store has not yet reported back, with how many were
    /// passed on before each, so that a report from before them does not undo them.
    unconfirmed: Vec<(u64, Request)>,
    /// How many requests have been passed on.
    sent: u64,
    /// What changed since [`Memory::take_changed`] was last called.
    changed: Changed,
}

/// What changed in the memory: nothing, some briefings (by id), or anything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Changed {
    #[default]
    Nothing,
    Some(std::collections::BTreeSet<String>),
    Everything,
}

impl Changed {
    fn add(&mut self, id: &str) {
        match self {
            Changed::Nothing => *self = Changed::Some([id.to_string()].into()),
            Changed::Some(ids) => {
                ids.insert(id.to_string());
            }
            Changed::Everything => {}
        }
    }
}

impl Memory {
    /// What is remembered, for the library's filters and marks.
    pub fn recall(&self) -> Recall<'_> {
        Recall::from(&self.held)
    }

    /// What is remembered of briefing `id`.
    pub fn marks_of(&self, id: &str) -> Marks {
        self.held.marks.get(id).copied().unwrap_or_default()
    }

    /// What changed since the last call, for the library's copy of the memory.
    pub fn take_changed(&mut self) -> Changed {
        std::mem::take(&mut self.changed)
    }

    /// Makes `request` show at once and queues it for the store.
    fn ask(&mut self, request: Request) {
        self.apply(&request);
        self.requests.push(request);
    }

    /// What `request` changes, here.
    fn apply(&mut self, request: &Request) {
        match request {
            Request::Read(ids, _) | Request::Flag(ids, _) => {
                for id in ids {
                    self.changed.add(id);
                }
            }
            Request::DeleteNote(id, _) | Request::Seen(id, _) | Request::Claim(id, ..) => {
                self.changed.add(id);
            }
            _ => {}
        }
        match request {
            Request::Read(ids, read) => {
                for id in ids {
                    self.held.marks.entry(id.clone()).or_default().read = *read;
                }
            }
            Request::Flag(ids, flagged) => {
                for id in ids {
                    self.held.marks.entry(id.clone()).or_default().flagged = *flagged;
                }
            }
            Request::Spot(id, spot) => {
                self.held.spots.insert(id.clone(), *spot);
            }
            Request::DeleteNote(briefing, id) => {
                if let Some(notes) = self.held.notes.get_mut(briefing) {
                    notes.retain(|n| n.id != *id);
                }
            }
            Request::Seen(id, text) => {
                self.held
                    .seen
                    .insert(id.clone(), crate::text::fingerprint(text));
            }
            Request::SaveSearch(name, query) => {
                self.held.searches.retain(|(n, _)| n != name);
                if !query.is_empty() {
                    self.held.searches.push((name.clone(), query.clone()));
                    self.held.searches.sort();
                }
            }
            Request::Setting(name, value) => {
                self.held.settings.insert(name.clone(), value.clone());
            }
            Request::Claim(key, path, _) => {
                (self.held.unnamed.entry(key.clone())).or_insert_with(|| path.clone());
            }
            // Shown once saved.
            Request::SaveNote(..) | Request::SeenText(_) | Request::Refresh => {}
        }
    }

    pub fn set_read(&mut self, id: &str, read: bool) {
        if self.marks_of(id).read != read {
            self.ask(Request::Read(vec![id.to_string()], read));
        }
    }

    pub fn toggle_read(&mut self, id: &str) {
        self.set_read(id, !self.marks_of(id).read);
    }

    pub fn toggle_flag(&mut self, id: &str) {
        let flagged = !self.marks_of(id).flagged;
        self.ask(Request::Flag(vec![id.to_string()], flagged));
    }

    pub fn set_spot(&mut self, id: &str, spot: Spot) {
        if self.held.spots.get(id) != Some(&spot) {
            self.ask(Request::Spot(id.to_string(), spot));
        }
    }

    /// Asks the store to save `note`, an edit made on the text `base` when the note is held
    /// already; it shows once saved ([`Heard::Saved`], or [`Heard::SavedBeside`] when another
    /// reader changed it meanwhile).
    pub fn save_note(&mut self, note: Note, base: Option<String>) {
        self.saving.insert(note.id.clone(), note.clone());
        self.requests.push(Request::SaveNote(note, base));
    }

    pub fn delete_note(&mut self, briefing: &str, id: &str) {
        self.ask(Request::DeleteNote(briefing.to_string(), id.to_string()));
    }

    /// Whether the file at `path`, a briefing without an id reading `text`, may use the memory
    /// under `key`, its file's name, as far as is known here; when it may, the store is asked
    /// to record it as the file holding `key` (and holds back what this reader asks about
    /// `key` should another file hold it after all). A holder that is gone gives way to a file
    /// whose text is what was last read under `key`, as in the store.
    pub fn claim(&mut self, key: &str, path: &std::path::Path, text: Option<&str>) -> Claim {
        if let Some(holder) = self.held.unnamed.get(key)
            && !crate::memory::same_file(holder, path)
        {
            let moved = !holder.exists()
                && text.map(crate::text::fingerprint).is_some()
                && text.map(crate::text::fingerprint) == self.held.seen.get(key).copied();
            if !moved {
                return Claim::Other(holder.clone());
            }
            self.held
                .unnamed
                .insert(key.to_string(), path.to_path_buf());
        }
        let text = text.map(str::to_string);
        self.ask(Request::Claim(key.to_string(), path.to_path_buf(), text));
        Claim::Own
    }

    /// The notes on briefing `id`.
    pub fn notes_of(&self, id: &str) -> &[Note] {
        self.held.notes.get(id).map_or(&[], Vec::as_slice)
    }

    /// Remembers `text` as what briefing `id` said when read.
    pub fn seen(&mut self, id: &str, text: &str) {
        let fingerprint = crate::text::fingerprint(text);
        if self.held.seen.get(id) != Some(&fingerprint) {
            self.ask(Request::Seen(id.to_string(), text.to_string()));
        }
    }

    /// Asks what briefing `id` said when last read ([`Heard::SeenText`]).
    pub fn ask_seen_text(&mut self, id: &str) {
        self.requests.push(Request::SeenText(id.to_string()));
    }

    pub fn save_search(&mut self, name: &str, query: &str) {
        self.ask(Request::SaveSearch(name.to_string(), query.to_string()));
    }

    /// Sets the reader setting `name` to `value`, to be remembered.
    pub fn set_setting(&mut self, name: &str, value: &str) {
        if self.held.settings.get(name).map(String::as_str) != Some(value) {
            self.ask(Request::Setting(name.to_string(), value.to_string()));
        }
    }

    /// Asks the store for everything again (`R`).
    pub fn refresh(&mut self) {
        self.requests.push(Request::Refresh);
    }

    /// The requests queued for the store since the last call, to be passed on in order.
    pub fn take_requests(&mut self) -> Vec<Request> {
        let requests = std::mem::take(&mut self.requests);
        for request in &requests {
            self.unconfirmed.push((self.sent, request.clone()));
            self.sent += 1;
        }
        requests
    }

    /// Takes a report from the store; returns what it means beyond what is remembered.
    pub fn receive(&mut self, report: Report) -> Option<Heard> {
        match report {
            Report::Held(held, notice) => {
                self.held = *held;
                let applied = self.held.applied;
                // What the store has not yet carried out still holds here.
                self.unconfirmed.retain(|(before, _)| *before >= applied);
                let pending: Vec<Request> = (self.unconfirmed.iter().map(|(_, r)| r))
                    .chain(&self.requests)
                    .cloned()
                    .collect();
                for request in &pending {
                    self.apply(request);
                }
                self.status = Status::Remembering;
                self.changed = Changed::Everything;
                notice.map(Heard::Notice)
            }
            Report::Unavailable(why) => {
                self.status = Status::Off(why.clone());
                self.changed = Changed::Everything;
                Some(Heard::Notice(format!("nothing will be remembered: {why}")))
            }
            Report::Failed(why) => Some(Heard::Notice(format!("not saved: {why}"))),
            Report::Saved(id) => {
                let note = self.saving.remove(&id)?;
                self.changed.add(&note.briefing);
                let notes = self.held.notes.entry(note.briefing.clone()).or_default();
                match notes.iter_mut().find(|n| n.id == id) {
                    Some(held) => *held = note,
                    None => notes.push(note),
                }
                Some(Heard::Saved(id))
            }
            Report::SavedBeside(id, beside) => {
                let mut note = self.saving.remove(&id)?;
                self.changed.add(&note.briefing);
                note.id = beside;
                let notes = self.held.notes.entry(note.briefing.clone()).or_default();
                notes.push(note);
                Some(Heard::SavedBeside(id))
            }
            Report::NotSaved(id, why) => {
                self.saving.remove(&id);
                Some(Heard::NotSaved(id, why))
            }
            Report::SeenText(id, text) => Some(Heard::SeenText(id, text)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_show_at_once_and_are_queued_for_the_store() {
        let mut memory = Memory::default();
        memory.set_read("a", true);
        memory.set_read("a", true);
        memory.toggle_flag("a");
        assert_eq!(
            memory.marks_of("a"),
            Marks {
                read: true,
                flagged: true
            }
        );
        assert_eq!(
            memory.take_requests(),
            [
                Request::Read(vec!["a".into()], true),
                Request::Flag(vec!["a".into()], true)
            ]
        );
        assert!(memory.take_requests().is_empty());
        // A report from before the store carried them out does not undo them.
        memory.toggle_read("b");
        let held = |applied| {
            let held = Held {
                applied,
                ..Held::default()
            };
            Report::Held(Box::new(held), None)
        };
        memory.receive(held(1));
        assert_eq!(
            memory.marks_of("a"),
            Marks {
                read: false,
                flagged: true
            }
        );
        assert!(memory.marks_of("b").read);
        memory.take_requests();
        memory.receive(held(3));
        assert_eq!(
            memory.marks_of("b"),
            Marks::default(),
            "the store has the last word"
        );
        let notice = memory.receive(Report::Unavailable("--no-state".into()));
        assert_eq!(
            notice,
            Some(Heard::Notice(
                "nothing will be remembered: --no-state".into()
            ))
        );
    }
}
