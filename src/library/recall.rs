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
        self.marks
            .and_then(|m| m.get(&e.id))
            .copied()
            .unwrap_or_default()
    }

    /// Whether `e`'s file changed since it was last read.
    pub fn updated(&self, e: &Entry) -> bool {
        let seen = self.seen.and_then(|s| s.get(&e.id));
        e.fingerprint != 0 && seen.is_some_and(|&f| f != e.fingerprint)
    }

    pub fn noted(&self, e: &Entry) -> bool {
        self.notes
            .and_then(|n| n.get(&e.id))
            .is_some_and(|n| !n.is_empty())
    }

    /// Whether `what` holds of `e`.
    pub fn holds(&self, what: Remembered, e: &Entry) -> bool {
        match what {
            Remembered::Read => self.marks(e).read,
            Remembered::Unread => !self.marks(e).read,
            Remembered::Flagged => self.marks(e).flagged,
            Remembered::Updated => self.updated(e),
            Remembered::Noted => self.noted(e),
        }
    }
}
