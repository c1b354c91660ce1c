//! What the analyst's memory holds, as types every layer shares: read and flagged
//! ([`Marks`]), where each briefing was left ([`Spot`]), the notes ([`Note`], on a
//! [`Passage`]), the fingerprint of each briefing's text as last read, all of it together
//! ([`Held`]) and what it says of one briefing ([`Said`]); and the key it is all held under
//! ([`state_key`]), and which file may use the memory held under a file's name
//! ([`Claim`]). The store ([`crate::store`]) persists these, the interface holds them,
//! the search index keeps a copy for its filters; none of them is declared anywhere else.
//! Below all its users: it knows the briefing format and text, nothing more.

mod claim;
mod held;
mod marks;
mod note;

pub use crate::briefing::parts::Passage;
pub use crate::text::Fingerprint;
pub use claim::{Claim, refusal, same_file};
pub use held::{Held, Said};
pub use marks::{Marks, Spot};
pub use note::{MAX_NOTE, Note};

/// The key a briefing's memory is held under: the id it gives itself, else `stem` (its
/// file's name without `.toml`), so that moving an archive, or opening it from another
/// checkout, keeps it.
pub fn state_key(id: Option<&str>, stem: impl FnOnce() -> String) -> String {
    id.map_or_else(stem, str::to_string)
}

/// Seconds since the Unix epoch: when a note was written, or a briefing read.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
