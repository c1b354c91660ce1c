//! What the analyst's memory says of each briefing in the library, for the `is:` and `has:`
//! filters and the marks on each row: read, flagged, updated since it was read (its text's
//! fingerprint differs from the one remembered), and whether it has notes; none of it for a
//! file without an id whose name another file holds.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::memory::{Fingerprint, Held, Marks, Note, Said};

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
    pub seen: Option<&'a HashMap<String, Fingerprint>>,
    pub notes: Option<&'a HashMap<String, Vec<Note>>>,
    /// For each key taken from a file's name, the file that holds it
    /// ([`crate::memory::Claim`]): another file of that name is remembered nothing.
    pub unnamed: Option<&'a HashMap<String, PathBuf>>,
}

impl<'a> From<&'a Held> for Recall<'a> {
    fn from(held: &'a Held) -> Self {
        Recall {
            marks: Some(&held.marks),
            seen: Some(&held.seen),
            notes: Some(&held.notes),
            unnamed: Some(&held.unnamed),
        }
    }
}

impl<'a> Recall<'a> {
    /// What the memory says of briefing `id`.
    pub fn said_of<'i>(&self, id: &'i str) -> Said<'i>
    where
        'a: 'i,
    {
        let marks = self.marks_of(id);
        Said {
            id,
            holder: self.unnamed.and_then(|u| u.get(id)).map(PathBuf::as_path),
            read: marks.read,
            flagged: marks.flagged,
            noted: self.noted_of(id),
            seen: self.seen.and_then(|s| s.get(id)).copied(),
        }
    }

    /// What the memory says of every briefing it knows.
    pub fn said(&self) -> Vec<Said<'a>> {
        let mut ids: Vec<&'a str> = Vec::new();
        ids.extend(
            self.marks
                .into_iter()
                .flat_map(|m| m.keys().map(String::as_str)),
        );
        ids.extend(
            self.seen
                .into_iter()
                .flat_map(|m| m.keys().map(String::as_str)),
        );
        ids.extend(
            self.notes
                .into_iter()
                .flat_map(|m| m.keys().map(String::as_str)),
        );
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|id| self.said_of(id)).collect()
    }

    pub fn marks_of(&self, id: &str) -> Marks {
        self.marks
            .and_then(|m| m.get(id))
            .copied()
            .unwrap_or_default()
    }

    /// Whether briefing `id`, whose text now has `fingerprint` (all zeros when not known),
    /// changed since it was last read.
    /// Whether the briefing `id` at `path` (as the index keys it) is a file without an id
    /// whose name another file holds: then nothing remembered under `id` is its.
    pub fn held_by_other(&self, id: &str, path: &Path) -> bool {
        (self.unnamed.and_then(|u| u.get(id)))
            .is_some_and(|holder| !crate::memory::same_file(holder, path))
    }

    pub fn updated_of(&self, id: &str, fingerprint: Fingerprint) -> bool {
        let seen = self.seen.and_then(|s| s.get(id));
        !fingerprint.is_zero() && seen.is_some_and(|&f| f != fingerprint)
    }

    pub fn noted_of(&self, id: &str) -> bool {
        self.notes
            .and_then(|n| n.get(id))
            .is_some_and(|n| !n.is_empty())
    }
}
