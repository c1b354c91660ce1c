//! What the state store and the search index share as SQLite files of brief's own: opening
//! one private (`0600`) from the start, telling a file that is not a database (or a damaged
//! one) from one that is only busy or forbidden, and moving a damaged one aside, never over
//! another file. Errors name which of the two it is.

use std::fs::OpenOptions;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

/// Which of brief's SQLite files: named so in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum File {
    /// The analyst's memory ([`crate::store`]).
    StateStore,
    /// The archive's search index ([`crate::archive`]).
    SearchIndex,
}

impl std::fmt::Display for File {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            File::StateStore => "state store",
            File::SearchIndex => "search index",
        })
    }
}

/// Why a damaged file could not be dealt with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot move the unreadable {0} {1} aside: {2}")]
    MoveAside(File, String, std::io::Error),
}

/// Opens the SQLite file at `path` for reading and writing, waiting up to `busy` for another
/// writer; a file that does not exist is made first, `0600`, so that it is private from the
/// start (the state and the index alike say what an analyst reads).
pub fn open_private(path: &Path, busy: Duration) -> rusqlite::Result<Connection> {
    if !path.exists() {
        let _ = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path);
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(busy)?;
    Ok(conn)
}

/// Whether `e` says the file is not a database that can be read (rather than busy or
/// forbidden).
pub fn unreadable(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

/// Renames `file` at `path` (and its journal files) to `…unreadable-YYYYMMDD-HHMMSS`, never
/// over another file; returns where it went.
pub fn move_aside(file: File, path: &Path) -> Result<PathBuf, Error> {
    let t = time::OffsetDateTime::now_utc();
    let stamp = format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    let mut aside = PathBuf::from(format!("{}.unreadable-{stamp}", path.display()));
    let mut n = 1;
    while aside.exists() {
        n += 1;
        aside = PathBuf::from(format!("{}.unreadable-{stamp}-{n}", path.display()));
    }
    std::fs::rename(path, &aside)
        .map_err(|e| Error::MoveAside(file, path.display().to_string(), e))?;
    for journal in ["-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{journal}", path.display()));
        if from.exists() {
            let _ = std::fs::rename(&from, format!("{}{journal}", aside.display()));
        }
    }
    Ok(aside)
}
