//! What each briefing said when it was last read, to show what changed since: its text as
//! read, and a fingerprint of that text to tell at a glance, in the library, which briefings
//! changed. Saved searches live here too: small things the library recalls.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};
use crate::memory::{Fingerprint, now};
use crate::text::fingerprint;

impl Store {
    /// The fingerprint of each briefing's text as last read, by id.
    pub fn seen(&self) -> Result<HashMap<String, Fingerprint>, StoreError> {
        let mut out = HashMap::new();
        if !self.has_version(2)? {
            return Ok(out);
        }
        let mut stmt =
            (self.conn.prepare("SELECT id, hash FROM seen")).map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.sqlite(e))?;
        for row in rows {
            let (id, hash): (String, String) = row.map_err(|e| self.sqlite(e))?;
            // One this `brief` cannot read counts as a text not seen.
            if let Some(hash) = super::from_hex(&hash) {
                out.insert(id, hash);
            }
        }
        Ok(out)
    }

    /// The text of briefing `id` as last read.
    pub fn seen_text(&self, id: &str) -> Result<Option<String>, StoreError> {
        if !self.has_version(2)? {
            return Ok(None);
        }
        self.conn
            .query_row("SELECT source FROM seen WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// Remembers `text` as what briefing `id` said when last read.
    pub fn set_seen(&mut self, id: &str, text: &str) -> Result<(), StoreError> {
        self.writable()?;
        self.conn
            .execute(
                "INSERT INTO seen (id, hash, source, at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(id) DO UPDATE SET hash = excluded.hash, source = excluded.source,
                 at = excluded.at",
                params![id, super::hex(fingerprint(text)), text, now()],
            )
            .map(drop)
            .map_err(|e| self.sqlite(e))
    }

    /// Marks each briefing read and remembers its text, when given, as what it said when read,
    /// all in one transaction: as reading it in the reader does. The texts are taken one at a
    /// time, so that a folder of many is never held whole.
    pub fn set_read_as(
        &mut self,
        read: impl IntoIterator<Item = (String, Option<String>)>,
    ) -> Result<(), StoreError> {
        self.writable()?;
        let path = self.path.display().to_string();
        let fail = |e| StoreError::Sqlite(path.clone(), e);
        let at = now();
        let tx = self.conn.transaction().map_err(fail)?;
        {
            let mut marks = (tx.prepare(
                "INSERT INTO briefing (id, read_at) VALUES (?1, ?2)
                 ON CONFLICT(id) DO UPDATE SET read_at = excluded.read_at",
            ))
            .map_err(fail)?;
            let mut seen = (tx.prepare(
                "INSERT INTO seen (id, hash, source, at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(id) DO UPDATE SET hash = excluded.hash, source = excluded.source,
                 at = excluded.at",
            ))
            .map_err(fail)?;
            for (id, text) in read {
                marks.execute(params![id, at]).map_err(fail)?;
                if let Some(text) = text {
                    let hash = super::hex(fingerprint(&text));
                    seen.execute(params![id, hash, text, at]).map_err(fail)?;
                }
            }
        }
        tx.commit().map_err(fail)
    }

    /// The saved searches, by name, in name order.
    pub fn searches(&self) -> Result<Vec<(String, String)>, StoreError> {
        if !self.has_version(2)? {
            return Ok(Vec::new());
        }
        let mut stmt = (self
            .conn
            .prepare("SELECT name, query FROM search ORDER BY name"))
        .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.sqlite(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.sqlite(e))
    }

    /// The reader's settings, by name.
    pub fn settings(&self) -> Result<HashMap<String, String>, StoreError> {
        if !self.has_version(4)? {
            return Ok(HashMap::new());
        }
        let mut stmt =
            (self.conn.prepare("SELECT name, value FROM setting")).map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.sqlite(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.sqlite(e))
    }

    /// Sets the setting `name` to `value`.
    pub fn set_setting(&mut self, name: &str, value: &str) -> Result<(), StoreError> {
        self.writable()?;
        self.conn
            .execute(
                "INSERT INTO setting (name, value) VALUES (?1, ?2)
                 ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                [name, value],
            )
            .map(drop)
            .map_err(|e| self.sqlite(e))
    }

    /// Saves `query` under `name`, replacing a search of that name; an empty query forgets it.
    pub fn save_search(&mut self, name: &str, query: &str) -> Result<(), StoreError> {
        self.writable()?;
        let done = if query.is_empty() {
            self.conn
                .execute("DELETE FROM search WHERE name = ?1", [name])
        } else {
            self.conn.execute(
                "INSERT INTO search (name, query) VALUES (?1, ?2)
                 ON CONFLICT(name) DO UPDATE SET query = excluded.query",
                [name, query],
            )
        };
        done.map(drop).map_err(|e| self.sqlite(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_as_read_and_saved_searches_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(dir.path()).unwrap();
        store.set_seen("a", "title = \"one\"").unwrap();
        store.set_seen("a", "title = \"two\"").unwrap();
        assert_eq!(
            store.seen_text("a").unwrap().as_deref(),
            Some("title = \"two\"")
        );
        assert_eq!(store.seen().unwrap()["a"], fingerprint("title = \"two\""));
        store
            .save_search("caucasus", "region:caucasus is:unread")
            .unwrap();
        store.save_search("flagged", "is:flagged").unwrap();
        store.save_search("flagged", "").unwrap();
        assert_eq!(
            store.searches().unwrap(),
            [(
                "caucasus".to_string(),
                "region:caucasus is:unread".to_string()
            )]
        );
    }
}
