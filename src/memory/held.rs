//! All that is remembered, together: [`Held`], what the store's service reports and the
//! interface holds; and [`Said`], what it says of one briefing, which the search index's
//! `mem` table is fed from.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Fingerprint, Marks, Note, Spot};

/// Everything the memory holds: each briefing's, under its [`super::state_key`]; the saved
/// searches; the reader's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Held {
    pub marks: HashMap<String, Marks>,
    pub spots: HashMap<String, Spot>,
    /// Each briefing's notes, oldest first.
    pub notes: HashMap<String, Vec<Note>>,
    /// The fingerprint of each briefing's text as last read.
    pub seen: HashMap<String, Fingerprint>,
    /// Saved searches, `(name, query)`, by name.
    pub searches: Vec<(String, String)>,
    /// The reader's settings, by name.
    pub settings: HashMap<String, String>,
    /// For each key taken from a file's name (a briefing without an id), the file that
    /// holds it ([`super::Claim`]).
    pub unnamed: HashMap<String, PathBuf>,
    /// How many requests the store had carried out when this was read.
    pub applied: u64,
}

/// What the memory says of one briefing, for the library's `is:` and `has:` filters and its
/// unread count (the search index keeps these in its `mem` table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Said<'a> {
    pub id: &'a str,
    pub read: bool,
    pub flagged: bool,
    /// Has at least one note.
    pub noted: bool,
    /// The fingerprint of its text as last read.
    pub seen: Option<Fingerprint>,
    /// When `id` is a file's name (a briefing without an id), the file that holds it: what
    /// is said here is that file's alone ([`super::Claim`]).
    pub holder: Option<&'a Path>,
}
