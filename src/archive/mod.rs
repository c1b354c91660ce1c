//! The archive's search index: one SQLite file in the cache folder
//! (`$XDG_CACHE_HOME/brief/index.db`, or `BRIEF_CACHE_DIR`), holding per file the metadata
//! the library lists, sorts and filters by, and the text of every field in an FTS5 table
//! that keeps no copy of it. It is a cache: a file that cannot be read is moved aside and a
//! new one built, one of another version is emptied and rebuilt, and where none can be
//! written (a read-only or full disk, `--no-state`) the same tables live in memory for the
//! run. It never touches the state store.
//!
//! [`sync`] brings it up to date with the files found, re-reading only those whose size,
//! modified time or text changed; [`plan`] compiles the search language for it, [`fts`]
//! writes the compiled plan as FTS5 and SQL, and [`search`] answers with a listing.

pub mod catalog;
pub mod fts;
pub mod indexer;
pub mod known;
pub mod plan;
pub mod remembered;
pub mod row;
pub mod schema;
pub mod scope;
pub mod search;
pub mod shown;
pub mod sync;

use std::fs::DirBuilder;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use etcetera::BaseStrategy;
use rusqlite::{Connection, params};

use crate::sqlite;
use crate::text::Fingerprint;
use row::Row;

/// The index's file name in its folder.
pub const FILE: &str = "index.db";
/// The environment variable that names the index's folder.
pub const ENV: &str = "BRIEF_CACHE_DIR";
/// The name of the threads that index, so that a panic on one (a bug in brief, caught and
/// made that file's problem) leaves the screen alone (see [`crate::terminal`]).
pub const WORKER: &str = "brief-loader";
/// How long a write waits for another `brief` writing the same index: long enough for
/// another's first build of a large folder to finish, since building the same index again in
/// memory meanwhile costs as long and keeps nothing (a `brief` that dies lets go at once).
const BUSY: Duration = Duration::from_secs(30);

/// The file beside the index that one `brief` at a time holds locked while it brings the index
/// up to date ([`Archive::building`]).
pub const BUILD_LOCK: &str = "index.lock";
/// How long a `brief` waits for another's bringing the same index up to date before it goes
/// on beside it (SQLite still lets one write at a time): long enough for a first build of a
/// large folder, short enough that one stopped halfway (Ctrl-Z) keeps no other waiting long.
const BUILD_WAIT: Duration = Duration::from_secs(120);

/// The folder the index lives in: `BRIEF_CACHE_DIR`, else the XDG cache folder; `None` when
/// there is no home to keep it in.
pub fn folder() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(ENV).filter(|d| !d.is_empty()) {
        return Some(dir.into());
    }
    etcetera::base_strategy::Xdg::new()
        .ok()
        .map(|xdg| xdg.cache_dir().join("brief"))
}

/// An open index.
#[derive(Debug)]
pub struct Archive {
    pub(crate) conn: Connection,
    /// The file, or `None` for an index in memory.
    path: Option<PathBuf>,
    /// What this connection worked out of the index while it is unchanged.
    kept: std::cell::RefCell<Kept>,
}

/// What a connection worked out of the index, kept while the index is unchanged: while its
/// `data_version` is `version` (it changes when another connection writes; this one's writes
/// forget it all).
#[derive(Debug, Default)]
struct Kept {
    version: i64,
    /// The last prefix spelt out, and all the words the index holds that start so
    /// ([`search`]).
    spelt: Option<(String, Vec<String>)>,
    /// A scope (by its key) and how many briefings it holds: the library asks for it with
    /// every first frame and every count of everything (each a walk of an index of every
    /// briefing, 10 ms at 100,000).
    briefings: Option<(Vec<u8>, usize)>,
    /// The last filters read whole from the filters' index (their SQL and parameters), and
    /// the rows that meet them, in order: a word typed after a filter meets them again with
    /// each letter ([`search`]). Not for filters that ask the memory, which changes apart
    /// from the index.
    filtered: Option<(
        String,
        Vec<rusqlite::types::Value>,
        std::sync::Arc<Vec<i64>>,
    )>,
    /// A scope of fewer than all files (by its key) and its files' rows, in order: a library
    /// of some of the folders the index holds meets them with each count ([`search`]).
    scoped: Option<(Vec<u8>, std::sync::Arc<Vec<i64>>)>,
}

/// This `brief`'s turn to bring the index up to date ([`Archive::building`]): the lock is let
/// go when this is dropped, or when the process ends, however it ends.
#[derive(Debug)]
pub struct Building {
    _lock: Option<std::fs::File>,
}

/// What opening the index found, besides the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// An index built before, to bring up to date.
    Kept,
    /// A new, empty index (none before, or one of another version).
    New,
    /// The index could not be read and was moved here; a new one was started.
    MovedAside(PathBuf),
    /// No file could be used, and why: the index is in memory for this run.
    InMemory(String),
}

impl Opened {
    /// What to tell the user, if anything.
    pub fn message(&self) -> Option<String> {
        match self {
            Opened::Kept | Opened::New => None,
            Opened::MovedAside(to) => Some(format!(
                "the search index could not be read and was moved to {}; rebuilding it",
                crate::briefing::sanitize::quoted(&to.display().to_string())
            )),
            Opened::InMemory(why) => Some(format!("search index kept in memory only: {why}")),
        }
    }
}

/// What the index knows of a file, to tell whether it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub rowid: i64,
    pub size: u64,
    pub mtime: i64,
    pub hash: Fingerprint,
    /// The file failed to load: it is read again every time (the size cap may have changed).
    pub failed: bool,
}

/// One change to write.
#[derive(Debug, Clone)]
pub enum Change {
    /// The file at `path` as it is now; `row` is `None` when only its modified time changed.
    Put {
        path: PathBuf,
        size: u64,
        mtime: i64,
        hash: Fingerprint,
        row: Option<Box<Row>>,
    },
    /// A file no longer there.
    Drop(i64),
}

impl Archive {
    /// Opens the index in `dir`, making it when needed; never fails: an index that cannot be
    /// kept on disk is kept in memory, and [`Opened`] says why.
    pub fn open(dir: &Path) -> (Archive, Opened) {
        match Self::open_dir(dir) {
            Ok(opened) => opened,
            Err(why) => (Self::in_memory(), Opened::InMemory(why)),
        }
    }

    fn open_dir(dir: &Path) -> Result<(Archive, Opened), String> {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join(FILE);
        match Self::open_waiting(&path) {
            Ok(opened) => Ok(opened),
            Err(e) if sqlite::unreadable(&e) => {
                let aside = sqlite::move_aside(sqlite::File::SearchIndex, &path)
                    .map_err(|e| e.to_string())?;
                let (archive, _) = Self::open_file(&path).map_err(|e| e.to_string())?;
                Ok((archive, Opened::MovedAside(aside)))
            }
            Err(e) => Err(e.to_string()),
        }
    }

    /// [`Archive::open_file`], tried again while another `brief` holds the file (for up to
    /// [`BUSY`]): SQLite answers some of a new file's first steps (turning on its write-ahead
    /// log, reading a schema another is writing) with "database is locked" at once, without
    /// waiting as it does for a write.
    fn open_waiting(path: &Path) -> rusqlite::Result<(Archive, Opened)> {
        let start = std::time::Instant::now();
        loop {
            match Self::open_file(path) {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if matches!(
                        e.code,
                        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                    ) && start.elapsed() < BUSY =>
                {
                    std::thread::sleep(Duration::from_millis(20));
                }
                other => return other,
            }
        }
    }

    fn open_file(path: &Path) -> rusqlite::Result<(Archive, Opened)> {
        let mut conn = sqlite::open_private(path, BUSY)?;
        // Not `PRAGMA quick_check`: it reads the whole file, which for an index of 100,000
        // briefings is most of the time a reopening takes. Reading the schema finds a file
        // that is not a database; damage found later is handled where it is met
        // ([`catalog::Catalog::build`] moves the index aside and builds it again).
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })?;
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
                Some(format!("{} is read-only", path.display())),
            ));
        }
        // Pages of 16 KB for a new file (a file with tables keeps its own): a first build
        // writes the full-text index's segments page by page, a quarter of the calls.
        conn.pragma_update(None, "page_size", 16_384)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Self::tune(&conn)?;
        let made = schema::prepare(&mut conn)?;
        let archive = Archive {
            conn,
            path: Some(path.to_path_buf()),
            kept: Default::default(),
        };
        Ok((archive, if made { Opened::New } else { Opened::Kept }))
    }

    /// Waits until no other `brief` is bringing this index up to date (for up to
    /// [`BUILD_WAIT`]), and keeps the others waiting so until the answer is dropped. Each sync
    /// commits in batches, and SQLite's wait for the write lock is no queue: a `brief` waiting
    /// for it looks again now and then, and others committing batch after batch (each writing
    /// every file of a cold archive) could keep it out past [`BUSY`] ("database is locked":
    /// two `brief list` and two readers on a cold archive of 5,000). One at a time, those that
    /// waited find every file known and read none. An index in memory, or a lock that cannot
    /// be had, waits for nothing: SQLite's own lock still keeps the index whole.
    ///
    /// `waiting` is asked each time the lock is found held, before waiting on (every 20 ms):
    /// the first ask says that another `brief` is building, and answering false stops waiting,
    /// with `None`.
    pub fn building(&self, waiting: &mut dyn FnMut() -> bool) -> Option<Building> {
        let Some(path) = &self.path else {
            return Some(Building { _lock: None });
        };
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path.with_file_name(BUILD_LOCK));
        let Ok(file) = file else {
            return Some(Building { _lock: None });
        };
        let start = std::time::Instant::now();
        loop {
            match rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
                Ok(()) => return Some(Building { _lock: Some(file) }),
                Err(rustix::io::Errno::WOULDBLOCK | rustix::io::Errno::INTR)
                    if start.elapsed() < BUILD_WAIT =>
                {
                    if !waiting() {
                        return None;
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(_) => return Some(Building { _lock: None }),
            }
        }
    }

    /// Moves a damaged index aside and opens a new one in its place (in memory, if that
    /// cannot be done).
    pub fn start_again(self) -> (Archive, Opened) {
        let Some(path) = self.path.clone() else {
            return (Self::in_memory(), Opened::New);
        };
        drop(self);
        let moved = sqlite::move_aside(sqlite::File::SearchIndex, &path).map_err(|e| e.to_string());
        let dir = path.parent().unwrap_or(Path::new("."));
        match moved.and_then(|aside| Self::open_dir(dir).map(|(a, _)| (a, aside))) {
            Ok((archive, aside)) => (archive, Opened::MovedAside(aside)),
            Err(why) => (Self::in_memory(), Opened::InMemory(why)),
        }
    }

    /// An index in memory, for a run that must or can write nothing.
    pub fn in_memory() -> Archive {
        let mut conn = Connection::open_in_memory().expect("SQLite can always open memory");
        Self::tune(&conn).expect("settings of a database in memory");
        schema::prepare(&mut conn).expect("tables in memory");
        Archive {
            conn,
            path: None,
            kept: Default::default(),
        }
    }

    /// A bounded page cache, so memory stays flat however large the archive; and the
    /// connection's copy of what the memory says of each briefing, for the `is:` and `has:`
    /// filters ([`Archive::remember`]).
    fn tune(conn: &Connection) -> rusqlite::Result<()> {
        conn.pragma_update(None, "cache_size", -16_384)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS mem (
                 id TEXT PRIMARY KEY,
                 read INTEGER NOT NULL,
                 flagged INTEGER NOT NULL,
                 noted INTEGER NOT NULL,
                 seen BLOB,
                 -- For a key that is a file's name: the path of the file that holds it.
                 holder BLOB
             ) WITHOUT ROWID;
             CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, body, row);",
        )
    }

    /// The index in `dir` as it is, only to read, when there is one of this version: a
    /// library lists what it holds while another connection brings it up to date.
    pub fn open_read(dir: &Path) -> Option<Archive> {
        let path = dir.join(FILE);
        if !path.is_file() {
            return None;
        }
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).ok()?;
        conn.busy_timeout(BUSY).ok()?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .ok()?;
        if version != schema::VERSION {
            return None;
        }
        Self::tune(&conn).ok()?;
        Some(Archive {
            conn,
            path: None,
            kept: Default::default(),
        })
    }

    /// What this connection keeps ([`Kept`]), forgotten first if the index changed since.
    fn kept(&self) -> std::cell::RefMut<'_, Kept> {
        let version = (self.conn)
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .unwrap_or(-1);
        let mut kept = self.kept.borrow_mut();
        if kept.version != version || version == -1 {
            *kept = Kept {
                version,
                ..Kept::default()
            };
        }
        kept
    }

    /// The file, or `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Writes `changes` in one transaction: each file's rows together or not at all.
    pub fn write(&mut self, changes: impl IntoIterator<Item = Change>) -> rusqlite::Result<()> {
        *self.kept.get_mut() = Kept::default();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut writing = Writing::new(&tx)?;
        for change in changes {
            match change {
                Change::Drop(rowid) => writing.drop(rowid)?,
                Change::Put {
                    path,
                    size,
                    mtime,
                    hash,
                    row,
                } => writing.put(&path, size, mtime, hash, row.as_deref())?,
            }
        }
        drop(writing);
        tx.commit()
    }

    /// How many files the index holds.
    pub fn len(&self) -> rusqlite::Result<usize> {
        self.conn
            .query_row("SELECT count(*) FROM file", [], |r| r.get::<_, i64>(0))
            .map(|n| usize::try_from(n).unwrap_or(0))
    }

    pub fn is_empty(&self) -> rusqlite::Result<bool> {
        self.len().map(|n| n == 0)
    }
}

/// The statements a write runs, made once for all its files (made for each file, they were
/// 6% of a first build).
struct Writing<'t> {
    find: rusqlite::Statement<'t>,
    drop_text: rusqlite::Statement<'t>,
    drop_starts: rusqlite::Statement<'t>,
    drop_file: rusqlite::Statement<'t>,
    touch: rusqlite::Statement<'t>,
    put_file: rusqlite::Statement<'t>,
    put_text: rusqlite::Statement<'t>,
    put_starts: rusqlite::Statement<'t>,
}

impl<'t> Writing<'t> {
    fn new(tx: &'t rusqlite::Transaction<'_>) -> rusqlite::Result<Self> {
        Ok(Writing {
            find: tx.prepare("SELECT rowid FROM file WHERE path = ?1")?,
            drop_text: tx.prepare("DELETE FROM body WHERE rowid = ?1")?,
            drop_starts: tx.prepare("DELETE FROM starts WHERE rowid = ?1")?,
            drop_file: tx.prepare("DELETE FROM file WHERE rowid = ?1")?,
            touch: tx
                .prepare("UPDATE file SET size = ?2, mtime = ?3, hash = ?4 WHERE path = ?1")?,
            put_file: tx.prepare(
                "INSERT INTO file (path, size, mtime, hash, id, date, title, region, marking,
                     tags, regions, markings, parties, speakers, sources, shown, tag_list,
                     warnings, problems)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19)",
            )?,
            put_text: tx.prepare(
                "INSERT INTO body (rowid, title, summary, parties, reactions, background, sources)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            put_starts: tx.prepare("INSERT INTO starts (rowid, letters) VALUES (?1, ?2)")?,
        })
    }

    /// Drops the file of `rowid`.
    fn drop(&mut self, rowid: i64) -> rusqlite::Result<()> {
        self.drop_text.execute(params![rowid])?;
        self.drop_starts.execute(params![rowid])?;
        self.drop_file.execute(params![rowid])?;
        Ok(())
    }

    /// Replaces the rows of the file at `path` with `row`; with none, only its size, modified
    /// time and fingerprint (its text is as it was).
    fn put(
        &mut self,
        path: &Path,
        size: u64,
        mtime: i64,
        hash: Fingerprint,
        row: Option<&Row>,
    ) -> rusqlite::Result<()> {
        let bytes = path.as_os_str().as_bytes();
        let size = i64::try_from(size).unwrap_or(i64::MAX);
        let Some(row) = row else {
            self.touch
                .execute(params![bytes, size, mtime, hash.to_bytes()])?;
            return Ok(());
        };
        if let Ok(rowid) = self.find.query_row(params![bytes], |r| r.get(0)) {
            self.drop(rowid)?;
        }
        let rowid = self.put_file.insert(params![
            bytes,
            size,
            mtime,
            hash.to_bytes(),
            row.id,
            row.date,
            row.title,
            row.region,
            row.marking,
            row.tags,
            row.regions,
            row.markings,
            row.parties,
            row.speakers,
            row.sources,
            row.shown,
            row.tag_list,
            i64::try_from(row.warnings).unwrap_or(i64::MAX),
            row.problems,
        ])?;
        if row.problems.is_none() {
            let t = &row.text;
            (self.put_text).execute(params![rowid, t[0], t[1], t[2], t[3], t[4], t[5]])?;
            self.put_starts.execute(params![rowid, row.starts])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One `brief` at a time brings an index up to date: a second waits until the first lets
    /// go, rather than writing beside it (and, under several, being kept out of SQLite's write
    /// lock until "database is locked").
    #[test]
    fn a_second_build_of_one_index_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let (first, _) = Archive::open(dir.path());
        let mut asked = 0;
        let held = first.building(&mut || {
            asked += 1;
            true
        });
        assert_eq!(asked, 0, "nobody else was building");
        let (tx, rx) = std::sync::mpsc::channel();
        let folder = dir.path().to_path_buf();
        let second = std::thread::spawn(move || {
            let (archive, _) = Archive::open(&folder);
            let mut asked = 0;
            let _building = archive.building(&mut || {
                asked += 1;
                true
            });
            tx.send(asked).unwrap();
        });
        assert!(
            rx.recv_timeout(Duration::from_millis(500)).is_err(),
            "the second went on while the first was building"
        );
        drop(held);
        let asked = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the second goes on once the first has let go");
        assert!(
            asked > 1,
            "the second was told it waits, again and again: {asked}"
        );
        second.join().unwrap();
        // An index in memory has no other `brief` to wait for.
        let _again = first.building(&mut || unreachable!());
        let _in_memory = Archive::in_memory().building(&mut || unreachable!());
    }

    /// A `brief` waiting for another's build can stop waiting (a library's `R` again, or its
    /// end): it does at once, without the lock.
    #[test]
    fn a_build_waiting_for_another_stops_when_told_to() {
        let dir = tempfile::tempdir().unwrap();
        let (first, _) = Archive::open(dir.path());
        let _held = first.building(&mut || true).unwrap();
        let (second, _) = Archive::open(dir.path());
        let started = std::time::Instant::now();
        let mut asked = 0;
        let stopped = second.building(&mut || {
            asked += 1;
            asked < 3
        });
        assert!(stopped.is_none());
        assert_eq!(asked, 3);
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
