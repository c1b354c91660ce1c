//! What the analyst's memory says of each briefing in the library, for the `is:` and `has:`
//! filters and the marks on each row: read, flagged, updated since it was read (its text's
//! fingerprint differs from the one remembered), and whether it has notes.

use std::collections::HashMap;

use super::index::Entry;
use crate::store::{Marks, Note};

/// What `is:` and `has:` ask of a briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remembered {
    Read,
    Unread,
    Flagged,
    /// Changed since it was last read.
    Updated,
    /// Has at least one note (`has:note`).
    Noted,
}

/// The memory, by briefing id; an empty one knows nothing (every briefing is unread).
#[derive(Debug, Clone, Copy, Default)]
pub struct Recall<'a> {
    pub marks: Option<&'a HashMap<String, Marks>>,
    pub seen: Option<&'a HashMap<String, u128>>,
    pub notes: Option<&'a HashMap<String, Vec<Note>>>,
}

impl Recall<'_> {
    pub fn marks(&self, e: &Entry) -> Marks {
        self.marks_of(&e.id)
    }

    pub fn marks_of(&self, id: &str) -> Marks {
        self.marks
            .and_then(|m| m.get(id))
            .copied()
            .unwrap_or_default()
    }

    /// Whether `e`'s file changed since it was last read.
    pub fn updated(&self, e: &Entry) -> bool {
        self.updated_of(&e.id, e.fingerprint)
    }

    /// Whether briefing `id`, whose text now has `fingerprint` (0 when not known), changed
    /// since it was last read.
    pub fn updated_of(&self, id: &str, fingerprint: u128) -> bool {
        let seen = self.seen.and_then(|s| s.get(id));
        fingerprint != 0 && seen.is_some_and(|&f| f != fingerprint)
    }

    pub fn noted(&self, e: &Entry) -> bool {
        self.noted_of(&e.id)
    }

    pub fn noted_of(&self, id: &str) -> bool {
        self.notes
            .and_then(|n| n.get(id))
            .is_some_and(|n| !n.is_empty())
    }

    /// Whether `what` holds of `e`.
    pub fn holds(&self, what: Remembered, e: &Entry) -> bool {
        self.holds_of(what, &e.id, e.fingerprint)
    }

    /// Whether `what` holds of briefing `id`, whose text has `fingerprint`.
    pub fn holds_of(&self, what: Remembered, id: &str, fingerprint: u128) -> bool {
        match what {
            Remembered::Read => self.marks_of(id).read,
            Remembered::Unread => !self.marks_of(id).read,
            Remembered::Flagged => self.marks_of(id).flagged,
            Remembered::Updated => self.updated_of(id, fingerprint),
            Remembered::Noted => self.noted_of(id),
        }
    }
}
