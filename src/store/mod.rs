//! The analyst's memory ([`crate::memory`]) kept: what was read and flagged, and where each
//! briefing was left, in one SQLite file keyed by briefing id (so moving an archive, or
//! opening it from another checkout, keeps it). State of briefings that are not present now
//! is kept.
//!
//! The store is as careful as the briefings: WAL journal and a busy timeout, so two `brief`s
//! can share it; one transaction per action; a schema versioned with `PRAGMA user_version` and
//! migrated forward in code. A store written by a newer `brief` is opened read-only and never
//! downgraded; one that cannot be written (a read-only folder, another user's file, a full
//! disk) is opened read-only too, everything in it shown. A store that cannot be read is never
//! deleted or overwritten: it is renamed aside and a new one started, and so is a database
//! that is not brief's (known by its tables), before anything is written into it. Nothing here
//! touches the terminal; [`service`] runs a store on a thread of its own for the reader, and
//! [`drafts`] keeps the note being written in files beside the store, which need no lock.

pub mod drafts;
pub mod location;
pub mod notes;
pub mod pulls;
mod schema;
mod seen;
pub mod service;
mod unnamed;

pub use notes::Merged;

use std::collections::HashMap;
use std::fs::DirBuilder;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};

use crate::memory::{Fingerprint, Marks, Spot, now};
use crate::sqlite;

/// The store's file name in its folder.
pub const FILE: &str = "state.db";

/// How long a write waits for another `brief` holding the store.
const BUSY: Duration = Duration::from_secs(5);

/// Why the store cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot use the state folder {0}: {1}")]
    Folder(String, std::io::Error),
    #[error("cannot use the state store {0}: {1}")]
    Sqlite(String, rusqlite::Error),
    #[error(transparent)]
    MoveAside(#[from] crate::sqlite::Error),
    #[error("the state store is read-only: {0}")]
    ReadOnly(String),
    #[error("{0}")]
    Refused(String),
}

/// An open store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
}

/// What opening a store found, besides the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A store this `brief` can read and write (new or not).
    Ready,
    /// Written by a newer `brief`: read-only, never downgraded.
    Newer { version: i64 },
    /// The store cannot be written (a read-only folder or file, a full disk), for this reason:
    /// read-only.
    ReadOnly(String),
    /// The store could not be read and was moved here; a new one was started.
    MovedAside(PathBuf),
    /// The file was a database that is not brief's (its tables are not those of any version
    /// of the store): it was moved here, unchanged, and a new one was started.
    NotBrief(PathBuf),
}

impl Found {
    /// What to tell the user, if anything.
    pub fn message(&self) -> Option<String> {
        match self {
            Found::Ready => None,
            Found::Newer { .. } => Some(
                "the state store was written by a newer brief: reading it only, nothing new \
                 will be remembered"
                    .into(),
            ),
            Found::ReadOnly(why) => Some(format!(
                "nothing new will be remembered: the state store cannot be written ({why}); \
                 everything in it is shown"
            )),
            Found::MovedAside(to) => Some(format!(
                "the state store could not be read and was moved to {}; a new one was started",
                crate::briefing::sanitize::quoted(&to.display().to_string())
            )),
            Found::NotBrief(to) => Some(format!(
                "the state store was a database that is not brief's and was moved, unchanged, \
                 to {}; a new one was started",
                crate::briefing::sanitize::quoted(&to.display().to_string())
            )),
        }
    }
}

impl Store {
    /// Opens the store in `dir` (made `0700` when it is made), creating it (`0600`) when it
    /// does not exist; moves an unreadable one aside and starts again. A store that cannot be
    /// written (a read-only folder or file, a full disk) is opened to be read only, and says so.
    pub fn open(dir: &Path) -> Result<(Store, Found), StoreError> {
        let folder = |e| StoreError::Folder(dir.display().to_string(), e);
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(folder)?;
        let path = dir.join(FILE);
        let fail = |e| StoreError::Sqlite(path.display().to_string(), e);
        let again = || match Self::open_file(&path) {
            Ok(Some((store, _))) => Ok(store),
            Ok(None) => Err(StoreError::Refused(format!(
                "a new state store at {} is not brief's",
                path.display()
            ))),
            Err(e) => Err(fail(e)),
        };
        match Self::open_file(&path) {
            Ok(Some(opened)) => Ok(opened),
            Ok(None) => {
                let aside = sqlite::move_aside(sqlite::File::StateStore, &path)?;
                Ok((again()?, Found::NotBrief(aside)))
            }
            Err(e) if sqlite::unreadable(&e) => {
                let aside = sqlite::move_aside(sqlite::File::StateStore, &path)?;
                Ok((again()?, Found::MovedAside(aside)))
            }
            Err(e) if sqlite::cannot_write(&e) && path.exists() => {
                let store = Self::reading(&path).map_err(fail)?;
                Ok((store, Found::ReadOnly(e.to_string())))
            }
            Err(e) => Err(fail(e)),
        }
    }

    /// Opens an existing store without writing to it (for commands that only read state).
    pub fn open_read_only(dir: &Path) -> Result<Option<Store>, StoreError> {
        let path = dir.join(FILE);
        if !path.exists() {
            return Ok(None);
        }
        match Self::reading(&path) {
            Ok(store) => Ok(Some(store)),
            Err(e) => Err(StoreError::Sqlite(path.display().to_string(), e)),
        }
    }

    /// Opens an existing store for a command that only reads state, as [`Store::open_read_only`]
    /// does; but a store that cannot be read (not a database, or damaged) is treated as a
    /// command that writes treats it ([`Store::open`]): moved aside, a new one started, and
    /// the [`Found`] says so. None when there is no store yet.
    pub fn open_to_read(dir: &Path) -> Result<Option<(Store, Found)>, StoreError> {
        match Self::open_read_only(dir) {
            Ok(Some(store)) => {
                // Opening reads nothing: the first query finds out whether it is a database.
                let probe =
                    (store.conn).query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()));
                match probe {
                    Ok(()) => return Ok(Some((store, Found::Ready))),
                    Err(e) if sqlite::unreadable(&e) => {}
                    Err(e) => return Err(StoreError::Sqlite(store.path.display().to_string(), e)),
                }
            }
            Ok(None) => return Ok(None),
            Err(StoreError::Sqlite(_, e)) if sqlite::unreadable(&e) => {}
            Err(e) => return Err(e),
        }
        Self::open(dir).map(Some)
    }

    /// The store at `path`, only read.
    fn reading(path: &Path) -> rusqlite::Result<Store> {
        Ok(Store {
            conn: sqlite::open_read_only(path, BUSY)?,
            path: path.to_path_buf(),
            read_only: true,
        })
    }

    /// Opens the store at `path` to write to it; none when the file is a database that is not
    /// brief's, and then nothing was written to it.
    fn open_file(path: &Path) -> rusqlite::Result<Option<(Store, Found)>> {
        let conn = sqlite::open_private(path, BUSY)?;
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
                Some("the file cannot be written".into()),
            ));
        }
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some(check),
            ));
        }
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > schema::VERSION {
            drop(conn);
            return Ok(Some((Self::reading(path)?, Found::Newer { version })));
        }
        if schema::recognise(&conn)?.is_none() {
            return Ok(None);
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            read_only: false,
        };
        match schema::migrate(&mut store.conn)? {
            schema::Migrated::Done => Ok(Some((store, Found::Ready))),
            schema::Migrated::NotBrief => Ok(None),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn writable(&self) -> Result<(), StoreError> {
        if self.read_only {
            Err(StoreError::ReadOnly(self.path.display().to_string()))
        } else {
            Ok(())
        }
    }

    fn sqlite(&self, e: rusqlite::Error) -> StoreError {
        StoreError::Sqlite(self.path.display().to_string(), e)
    }

    /// The marks of every briefing the store knows.
    pub fn marks(&self) -> Result<HashMap<String, Marks>, StoreError> {
        let mut out = HashMap::new();
        if !self.has_tables()? {
            return Ok(out);
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id, read_at IS NOT NULL, flagged FROM briefing")
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map([], |r| {
                let marks = Marks {
                    read: r.get(1)?,
                    flagged: r.get(2)?,
                };
                Ok((r.get::<_, String>(0)?, marks))
            })
            .map_err(|e| self.sqlite(e))?;
        for row in rows {
            let (id, marks) = row.map_err(|e| self.sqlite(e))?;
            out.insert(id, marks);
        }
        Ok(out)
    }

    /// Whether the store has been set up (a read-only store may be empty).
    fn has_tables(&self) -> Result<bool, StoreError> {
        self.has_version(1)
    }

    /// Whether the store is at `version` or later (a read-only one may be older), by its
    /// tables: a store restored from a dump says version 0 and holds everything.
    fn has_version(&self, version: i64) -> Result<bool, StoreError> {
        let said: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.sqlite(e))?;
        if said > schema::VERSION {
            // A newer `brief`'s: its tables are its own, and hold what this one reads.
            return Ok(true);
        }
        let held = schema::recognise(&self.conn).map_err(|e| self.sqlite(e))?;
        Ok(held.unwrap_or(0) >= version)
    }

    /// Marks `ids` read or unread, in one transaction.
    pub fn set_read(&mut self, ids: &[String], read: bool) -> Result<(), StoreError> {
        let at = read.then(now);
        self.each(
            ids,
            "INSERT INTO briefing (id, read_at) VALUES (?1, ?2)
             ON CONFLICT(id) DO UPDATE SET read_at = excluded.read_at",
            at,
        )
    }

    /// Flags or unflags `ids`, in one transaction.
    pub fn set_flagged(&mut self, ids: &[String], flagged: bool) -> Result<(), StoreError> {
        self.each(
            ids,
            "INSERT INTO briefing (id, flagged) VALUES (?1, ?2)
             ON CONFLICT(id) DO UPDATE SET flagged = excluded.flagged",
            Some(i64::from(flagged)),
        )
    }

    /// Runs `sql` with each of `ids` and `value`, in one transaction.
    fn each(&mut self, ids: &[String], sql: &str, value: Option<i64>) -> Result<(), StoreError> {
        self.writable()?;
        let path = self.path.display().to_string();
        let fail = |e| StoreError::Sqlite(path.clone(), e);
        let tx = self.conn.transaction().map_err(fail)?;
        {
            let mut stmt = tx.prepare(sql).map_err(fail)?;
            for id in ids {
                stmt.execute(params![id, value]).map_err(fail)?;
            }
        }
        tx.commit().map_err(fail)
    }

    /// Where each briefing the store knows was left.
    pub fn spots(&self) -> Result<HashMap<String, Spot>, StoreError> {
        let mut out = HashMap::new();
        if !self.has_tables()? {
            return Ok(out);
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id, tab, block, offset FROM briefing WHERE tab IS NOT NULL")
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map([], |r| {
                let n = |i| r.get::<_, i64>(i).map(|v| usize::try_from(v).unwrap_or(0));
                let spot = Spot {
                    tab: n(1)?,
                    block: n(2)?,
                    offset: n(3)?,
                };
                Ok((r.get::<_, String>(0)?, spot))
            })
            .map_err(|e| self.sqlite(e))?;
        for row in rows {
            let (id, spot) = row.map_err(|e| self.sqlite(e))?;
            out.insert(id, spot);
        }
        Ok(out)
    }

    /// Where `id` was left, if it was.
    pub fn spot(&self, id: &str) -> Result<Option<Spot>, StoreError> {
        if !self.has_tables()? {
            return Ok(None);
        }
        self.conn
            .query_row(
                "SELECT tab, block, offset FROM briefing WHERE id = ?1 AND tab IS NOT NULL",
                [id],
                |r| {
                    Ok(Spot {
                        tab: r.get::<_, i64>(0)?.try_into().unwrap_or(0),
                        block: r.get::<_, i64>(1)?.try_into().unwrap_or(0),
                        offset: r.get::<_, i64>(2)?.try_into().unwrap_or(0),
                    })
                },
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// Remembers where `id` was left.
    pub fn set_spot(&mut self, id: &str, spot: Spot) -> Result<(), StoreError> {
        self.writable()?;
        let number = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        self.conn
            .execute(
                "INSERT INTO briefing (id, tab, block, offset) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(id) DO UPDATE SET tab = excluded.tab, block = excluded.block,
                 offset = excluded.offset",
                params![
                    id,
                    number(spot.tab),
                    number(spot.block),
                    number(spot.offset)
                ],
            )
            .map(drop)
            .map_err(|e| self.sqlite(e))
    }

    /// A number that changes whenever another connection commits to the store, to notice
    /// changes made by another `brief`.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.sqlite(e))
    }
}

/// `fingerprint` as the store writes it: 32 hex digits.
fn hex(fingerprint: Fingerprint) -> String {
    format!("{:032x}", u128::from(fingerprint))
}

/// A fingerprint the store wrote ([`hex`]); none when this `brief` cannot read it.
fn from_hex(hex: &str) -> Option<Fingerprint> {
    u128::from_str_radix(hex, 16).ok().map(Fingerprint::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_new_store_is_private_and_remembers_marks_and_spots() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("brief");
        let (mut store, found) = Store::open(&folder).unwrap();
        assert_eq!(found, Found::Ready);
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&folder.join(FILE)), 0o600);
        store.set_read(&["a".into(), "b".into()], true).unwrap();
        store.set_flagged(&["b".into()], true).unwrap();
        store.set_read(&["a".into()], false).unwrap();
        store
            .set_spot(
                "b",
                Spot {
                    tab: 2,
                    block: 7,
                    offset: 40,
                },
            )
            .unwrap();
        drop(store);
        let (store, _) = Store::open(&folder).unwrap();
        let marks = store.marks().unwrap();
        assert_eq!(marks["a"], Marks::default());
        assert_eq!(
            marks["b"],
            Marks {
                read: true,
                flagged: true
            }
        );
        assert_eq!(store.spot("b").unwrap().map(|s| s.block), Some(7));
        assert_eq!(store.spot("a").unwrap(), None);
    }

    #[test]
    fn an_unreadable_store_is_moved_aside_never_lost() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE),
            b"not a database, just bytes ".repeat(100),
        )
        .unwrap();
        let (mut store, found) = Store::open(dir.path()).unwrap();
        let Found::MovedAside(aside) = found else {
            panic!("{found:?}")
        };
        assert!(
            std::fs::read(&aside)
                .unwrap()
                .starts_with(b"not a database")
        );
        store.set_read(&["x".into()], true).unwrap();
        assert!(store.marks().unwrap()["x"].read);
    }

    #[test]
    fn a_store_from_a_newer_brief_is_read_only_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        {
            let (store, _) = Store::open(dir.path()).unwrap();
            store
                .conn
                .pragma_update(None, "user_version", schema::VERSION + 1)
                .unwrap();
        }
        let (mut store, found) = Store::open(dir.path()).unwrap();
        assert_eq!(
            found,
            Found::Newer {
                version: schema::VERSION + 1
            }
        );
        assert!(store.set_read(&["x".into()], true).is_err());
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, schema::VERSION + 1, "never downgraded");
    }
}
