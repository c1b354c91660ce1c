//! The analyst's memory as the index sees it: a copy, in each connection's temporary `mem`
//! table, of what the store says of each briefing ([`Said`]: read, flagged, with notes, the
//! text last read, and, for a key that is a file's name, the file that holds it), for the
//! `is:` and `has:` filters and the unread count: a file without an id whose name another
//! file holds matches none of it. The store stays the only place it is kept.

use std::os::unix::ffi::OsStrExt;

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};

use super::Archive;
use super::scope::Scope;
use crate::memory::{Fingerprint, Said};

impl Archive {
    /// How many briefings in `scope` the memory (the `mem` table) does not hold as read: all
    /// of them but those it does, which the index of ids finds.
    pub fn unread(&self, scope: &Scope) -> rusqlite::Result<usize> {
        let (cond, values) = scope.condition().unwrap_or(("1".into(), Vec::new()));
        let read: i64 = self.conn.query_row(
            &format!(
                "SELECT count(*) FROM file INDEXED BY by_id
                 WHERE id IN (SELECT id FROM temp.mem WHERE read) AND problems IS NULL AND {cond}
                 AND NOT EXISTS (SELECT 1 FROM temp.mem
                     WHERE temp.mem.id = file.id AND temp.mem.holder <> file.path)"
            ),
            params_from_iter(values.iter()),
            |r| r.get(0),
        )?;
        Ok(self
            .briefings(scope)?
            .saturating_sub(usize::try_from(read).unwrap_or(0)))
    }

    /// How the count of unread briefings in `scope` changes when briefing `id` is remembered
    /// as `read`, the `mem` table being as it was before: one key's worth of work however
    /// large the archive.
    pub fn unread_change(&self, id: &str, read: bool, scope: &Scope) -> rusqlite::Result<i64> {
        let was: bool = self
            .conn
            .query_row("SELECT read FROM temp.mem WHERE id = ?", [id], |r| r.get(0))
            .optional()?
            .unwrap_or(false);
        if was == read {
            return Ok(0);
        }
        let (cond, more) = scope.condition().unwrap_or(("1".into(), Vec::new()));
        let mut values = vec![Value::Text(id.to_string())];
        values.extend(more);
        let files: i64 = self.conn.query_row(
            &format!(
                "SELECT count(*) FROM file WHERE id = ? AND problems IS NULL AND {cond}
                 AND NOT EXISTS (SELECT 1 FROM temp.mem
                     WHERE temp.mem.id = file.id AND temp.mem.holder <> file.path)"
            ),
            params_from_iter(values.iter()),
            |r| r.get(0),
        )?;
        Ok(if read { -files } else { files })
    }

    /// Puts what the memory says of briefings in the connection's `mem` table, for the
    /// `is:` and `has:` filters and the unread count: every briefing's when `all` (the table
    /// is emptied first), else these briefings' alone.
    pub fn remember<'a>(
        &mut self,
        all: bool,
        rows: impl Iterator<Item = Said<'a>>,
    ) -> rusqlite::Result<()> {
        let tx = self.conn.transaction()?;
        if all {
            tx.execute("DELETE FROM temp.mem", [])?;
        }
        {
            let mut put = tx.prepare(
                "INSERT OR REPLACE INTO temp.mem (id, read, flagged, noted, seen, holder)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for said in rows {
                put.execute(rusqlite::params![
                    said.id,
                    said.read,
                    said.flagged,
                    said.noted,
                    said.seen.map(Fingerprint::to_bytes),
                    said.holder.map(|p| p.as_os_str().as_bytes())
                ])?;
            }
        }
        tx.commit()
    }
}
