//! The analyst's notes ([`Note`]) in the store, with the passage each is on.
//!
//! Notes are saved one per transaction. An edit is saved only over the text it was made on:
//! when another reader saved the note meanwhile, the edit is kept beside it. An import merges: a note already held is left alone,
//! a new one is added, and one whose id is held with other text is added beside it under an
//! id of its own, labelled imported. Nothing is overwritten, and importing twice changes
//! nothing.

use std::collections::HashMap;

use rusqlite::{Row, Transaction, params};

use super::{Store, StoreError};
use crate::briefing::parts::Kind;
use crate::memory::{Note, Passage};

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merged {
    pub added: usize,
    /// Already held, word for word.
    pub unchanged: usize,
    /// Held under the same id with other text: both kept.
    pub beside: usize,
}

const COLUMNS: &str =
    "id, briefing, kind, speaker, anchor, body, author, created, updated, imported, party";

fn note_of(r: &Row<'_>) -> rusqlite::Result<Note> {
    let kind: Option<String> = r.get(2)?;
    let on = kind.map(|k| -> rusqlite::Result<Passage> {
        Ok(Passage {
            // A kind this `brief` does not know (from a newer one) is kept as a statement's.
            kind: Kind::from_name(&k).unwrap_or(Kind::Statement),
            party: r.get(10)?,
            speaker: r.get(3)?,
            text: r.get(4)?,
        })
    });
    Ok(Note {
        id: r.get(0)?,
        briefing: r.get(1)?,
        on: on.transpose()?,
        body: r.get(5)?,
        author: r.get(6)?,
        created: r.get(7)?,
        updated: r.get(8)?,
        imported: r.get(9)?,
    })
}

fn insert(tx: &Transaction<'_>, n: &Note) -> rusqlite::Result<()> {
    let on = n.on.as_ref();
    tx.execute(
        &format!(
            "INSERT INTO note ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT(id) DO UPDATE SET briefing = excluded.briefing, kind = excluded.kind,
             speaker = excluded.speaker, anchor = excluded.anchor, body = excluded.body,
             author = excluded.author, updated = excluded.updated, party = excluded.party"
        ),
        params![
            n.id,
            n.briefing,
            on.map(|p| p.kind.name()),
            on.map_or("", |p| p.speaker.as_str()),
            on.map_or("", |p| p.text.as_str()),
            n.body,
            n.author,
            n.created,
            n.updated,
            n.imported,
            on.map_or("", |p| p.party.as_str()),
        ],
    )
    .map(drop)
}

impl Store {
    /// Every note, by briefing id, oldest first.
    pub fn notes(&self) -> Result<HashMap<String, Vec<Note>>, StoreError> {
        let mut out: HashMap<String, Vec<Note>> = HashMap::new();
        if !self.has_version(2)? {
            return Ok(out);
        }
        let sql = format!("SELECT {COLUMNS} FROM note ORDER BY created, id");
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.sqlite(e))?;
        let rows = stmt.query_map([], note_of).map_err(|e| self.sqlite(e))?;
        for row in rows {
            let note = row.map_err(|e| self.sqlite(e))?;
            out.entry(note.briefing.clone()).or_default().push(note);
        }
        Ok(out)
    }

    /// Saves `note` (new, or an edit of one held), in one transaction.
    pub fn save_note(&mut self, note: &Note) -> Result<(), StoreError> {
        self.writable()?;
        if let Some(why) = note.refused() {
            return Err(StoreError::Refused(why));
        }
        let path = self.path.display().to_string();
        let fail = |e| StoreError::Sqlite(path.clone(), e);
        let tx = self.conn.transaction().map_err(fail)?;
        insert(&tx, note).map_err(fail)?;
        tx.commit().map_err(fail)
    }

    /// Saves an edit of `note` made on the text `base` (what the note said when its editor
    /// opened), in one transaction: when the store holds other text under its id by now (a
    /// second reader saved first), the edit is kept beside it under an id of its own, and
    /// that id is returned. Nothing is overwritten unseen.
    pub fn save_edit(&mut self, note: &Note, base: &str) -> Result<Option<String>, StoreError> {
        self.writable()?;
        if let Some(why) = note.refused() {
            return Err(StoreError::Refused(why));
        }
        let path = self.path.display().to_string();
        let fail = |e| StoreError::Sqlite(path.clone(), e);
        let tx = (self.conn)
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(fail)?;
        let held = tx.query_row("SELECT body FROM note WHERE id = ?1", [&note.id], |r| {
            r.get::<_, String>(0)
        });
        let beside = match held {
            Ok(held) if held != base && held != note.body => {
                let mut mine = note.clone();
                let mark = super::hex(crate::text::fingerprint(&note.body));
                mine.id = format!("{}~{}", note.id, &mark[..12]);
                insert(&tx, &mine).map_err(fail)?;
                Some(mine.id)
            }
            Ok(_) | Err(rusqlite::Error::QueryReturnedNoRows) => {
                insert(&tx, note).map_err(fail)?;
                None
            }
            Err(e) => return Err(fail(e)),
        };
        tx.commit().map_err(fail)?;
        Ok(beside)
    }

    /// Deletes the note `id`.
    pub fn delete_note(&mut self, id: &str) -> Result<(), StoreError> {
        self.writable()?;
        self.conn
            .execute("DELETE FROM note WHERE id = ?1", [id])
            .map(drop)
            .map_err(|e| self.sqlite(e))
    }

    /// Merges `notes` in, `batch` to a transaction (so that an import killed half-way keeps
    /// every batch it committed); `progress` hears how many are done. Each transaction takes
    /// the write lock before it reads (an immediate one), so that another writer makes it
    /// wait, as the busy timeout allows, rather than fail with what it read gone stale.
    pub fn import(
        &mut self,
        notes: &[Note],
        batch: usize,
        mut progress: impl FnMut(usize),
    ) -> Result<Merged, StoreError> {
        self.writable()?;
        let path = self.path.display().to_string();
        let fail = |e| StoreError::Sqlite(path.clone(), e);
        let mut merged = Merged::default();
        for (done, chunk) in notes.chunks(batch.max(1)).enumerate() {
            let tx = (self.conn)
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(fail)?;
            for note in chunk {
                if let Some(why) = note.refused() {
                    return Err(StoreError::Refused(format!("note {}: {why}", note.id)));
                }
                let held = |id: &str| {
                    tx.query_row(
                        &format!("SELECT {COLUMNS} FROM note WHERE id = ?1"),
                        [id],
                        note_of,
                    )
                };
                let mut note = note.clone();
                match held(&note.id) {
                    Err(rusqlite::Error::QueryReturnedNoRows) => {}
                    Err(e) => return Err(fail(e)),
                    Ok(held) if held.same_as(&note) => {
                        merged.unchanged += 1;
                        continue;
                    }
                    Ok(_) => {
                        // Beside the one held, under an id made from its own text, so that
                        // importing the same file again finds it.
                        let mark = super::hex(crate::text::fingerprint(&note.body));
                        note.id = format!("{}~{}", note.id, &mark[..12]);
                        note.imported = true;
                        match held(&note.id) {
                            Ok(_) => {
                                merged.unchanged += 1;
                                continue;
                            }
                            Err(rusqlite::Error::QueryReturnedNoRows) => merged.beside += 1,
                            Err(e) => return Err(fail(e)),
                        }
                        insert(&tx, &note).map_err(fail)?;
                        continue;
                    }
                }
                insert(&tx, &note).map_err(fail)?;
                merged.added += 1;
            }
            tx.commit().map_err(fail)?;
            progress((done * batch.max(1) + chunk.len()).min(notes.len()));
        }
        Ok(merged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MAX_NOTE;

    fn note(id: &str, body: &str) -> Note {
        Note {
            id: id.into(),
            briefing: "b".into(),
            on: Some(Passage {
                kind: Kind::Reaction,
                party: String::new(),
                speaker: "Antony Blinken".into(),
                text: "there will be no military solution".into(),
            }),
            body: body.into(),
            author: "ana".into(),
            created: 1,
            updated: 1,
            imported: false,
        }
    }

    #[test]
    fn notes_are_saved_edited_and_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(dir.path()).unwrap();
        let mut n = note("n1", "check against the State Department readout");
        if let Some(on) = &mut n.on {
            on.party = "United States".into();
        }
        store.save_note(&n).unwrap();
        n.body = "checked: the readout agrees".into();
        store.save_note(&n).unwrap();
        let briefing = store.notes().unwrap().remove("b").unwrap();
        assert_eq!(briefing, [n.clone()]);
        store.delete_note("n1").unwrap();
        assert!(store.notes().unwrap().is_empty());
    }

    #[test]
    fn an_import_merges_keeps_both_on_conflict_and_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(dir.path()).unwrap();
        store.save_note(&note("n1", "mine")).unwrap();
        let incoming = [note("n1", "theirs"), note("n2", "new"), note("n1", "mine")];
        let merged = store.import(&incoming, 2, |_| {}).unwrap();
        assert_eq!(
            merged,
            Merged {
                added: 1,
                unchanged: 1,
                beside: 1
            }
        );
        let again = store.import(&incoming, 2, |_| {}).unwrap();
        assert_eq!(again.added + again.beside, 0, "{again:?}");
        // The same note, exported by a `brief` that kept the party, is still the same note.
        let mut with_party = note("n1", "mine");
        with_party.on.as_mut().unwrap().party = "United States".into();
        store.save_note(&with_party).unwrap();
        let merged = store.import(&[note("n1", "mine")], 2, |_| {}).unwrap();
        assert_eq!(merged.unchanged, 1, "{merged:?}");
        let notes = store.notes().unwrap().remove("b").unwrap();
        assert_eq!(notes.len(), 3);
        let theirs = notes.iter().find(|n| n.body == "theirs").unwrap();
        assert!(theirs.imported && theirs.id.starts_with("n1~"));
        assert!(notes.iter().any(|n| n.id == "n1" && n.body == "mine"));
    }

    #[test]
    fn an_import_waits_for_another_writer_then_merges() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(dir.path()).unwrap();
        store.save_note(&note("n0", "before")).unwrap();
        // Another process holds the write lock, and writes before it lets go.
        let mut other = rusqlite::Connection::open(store.path()).unwrap();
        let (locked, held) = std::sync::mpsc::channel();
        let writer = std::thread::spawn(move || {
            let tx = (other.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate))
                .unwrap();
            tx.execute("UPDATE note SET body = 'theirs' WHERE id = 'n0'", [])
                .unwrap();
            locked.send(()).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(400));
            tx.commit().unwrap();
        });
        held.recv().unwrap();
        let merged = store.import(&[note("n1", "mine")], 10, |_| {}).unwrap();
        assert_eq!(merged.added, 1, "{merged:?}");
        writer.join().unwrap();
        let notes = store.notes().unwrap().remove("b").unwrap();
        assert!(notes.iter().any(|n| n.id == "n0" && n.body == "theirs"));
        assert!(notes.iter().any(|n| n.id == "n1" && n.body == "mine"));
    }

    #[test]
    fn two_readers_editing_one_note_keep_both() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(dir.path()).unwrap();
        store.save_note(&note("n1", "first")).unwrap();
        // Both open the note on "first"; the one saves, then the other.
        assert_eq!(
            store.save_edit(&note("n1", "theirs"), "first").unwrap(),
            None
        );
        let beside = store.save_edit(&note("n1", "mine"), "first").unwrap();
        let beside = beside.expect("kept beside, not over theirs");
        let notes = store.notes().unwrap().remove("b").unwrap();
        let bodies: Vec<(&str, &str)> = (notes.iter())
            .map(|n| (n.id.as_str(), n.body.as_str()))
            .collect();
        assert!(bodies.contains(&("n1", "theirs")), "{bodies:?}");
        assert!(bodies.contains(&(beside.as_str(), "mine")), "{bodies:?}");
        // An edit of what is held saves over it; one of a note deleted since saves it again.
        assert_eq!(
            store
                .save_edit(&note("n1", "theirs, amended"), "theirs")
                .unwrap(),
            None
        );
        store.delete_note("n1").unwrap();
        assert_eq!(
            store.save_edit(&note("n1", "kept"), "theirs").unwrap(),
            None
        );
        let notes = store.notes().unwrap().remove("b").unwrap();
        assert!(notes.iter().any(|n| n.id == "n1" && n.body == "kept"));
    }

    #[test]
    fn a_reaction_note_from_before_actors_were_kept_is_kept_without_a_guessed_actor() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(dir.path()).unwrap();
        // As a store written before reactions kept their actor holds it.
        store.save_note(&note("old", "Kept.")).unwrap();
        let held = store.notes().unwrap().remove("b").unwrap();
        let on = held[0].on.as_ref().unwrap();
        assert_eq!(held[0].body, "Kept.");
        assert!(on.actor_unknown(), "{on:?}");
    }

    #[test]
    fn a_note_over_the_cap_is_refused_with_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(dir.path()).unwrap();
        let err = store
            .save_note(&note("big", &"x".repeat(MAX_NOTE + 1)))
            .unwrap_err();
        assert!(err.to_string().contains("at most 2 MiB"), "{err}");
    }
}
