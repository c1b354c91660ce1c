//! A note of the analyst's: on a passage of a briefing (a statement, key point, timeline
//! entry or source), or on the briefing as a whole. It keeps the passage it was written
//! against ([`Passage`]), so that it can find it again after the briefing is edited (see
//! [`crate::briefing::parts::locate`]) and, when it cannot, still say what it was about.

use super::Passage;

/// The longest note kept, in bytes (2 MiB): a clear limit rather than a store that grows
/// without one.
pub const MAX_NOTE: usize = 2 * 1024 * 1024;

/// One note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Stable across exports and imports.
    pub id: String,
    /// The id of the briefing it is on.
    pub briefing: String,
    /// The passage it is on; none for the briefing as a whole.
    pub on: Option<Passage>,
    pub body: String,
    pub author: String,
    /// Seconds since the Unix epoch.
    pub created: i64,
    pub updated: i64,
    /// Imported beside a note of the same id and other text.
    pub imported: bool,
}

impl Note {
    /// A new note, with a new id, written now.
    pub fn new(briefing: &str, on: Option<Passage>, body: String, author: String) -> Self {
        let now = super::now();
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            briefing: briefing.to_string(),
            on,
            body,
            author,
            created: now,
            updated: now,
            imported: false,
        }
    }

    /// Why the note cannot be saved, if it cannot.
    pub fn refused(&self) -> Option<String> {
        (self.body.len() > MAX_NOTE).then(|| {
            format!(
                "the note is {} bytes; a note can hold at most 2 MiB ({} bytes)",
                crate::briefing::thousands(self.body.len()),
                crate::briefing::thousands(MAX_NOTE)
            )
        })
    }

    /// Whether `other` says the same thing about the same passage.
    pub fn same_as(&self, other: &Note) -> bool {
        // A note exported without its party is the same note on the same passage.
        let same_on = match (&self.on, &other.on) {
            (Some(a), Some(b)) => {
                a.kind == b.kind
                    && a.speaker == b.speaker
                    && a.text == b.text
                    && (b.party.is_empty() || a.party == b.party)
            }
            (a, b) => a.is_none() && b.is_none(),
        };
        self.briefing == other.briefing && same_on && self.body == other.body
    }
}
