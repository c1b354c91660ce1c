//! What the state store and the search index share as SQLite files of brief's own: opening
//! one private (`0600`) from the start, or only to read it when its folder cannot be written,
//! telling a file that is not a database (or a damaged one) from one that is only busy or
//! forbidden, and moving a damaged one aside, never over another file. Errors name which of
//! the two it is.

use std::fs::OpenOptions;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
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
    writable_journals(path);
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

/// Opens the SQLite file at `path` only to read it, also where SQLite cannot share it with
/// other readers: its folder cannot be written (a read-only mount, a backup, another user's
/// folder) or the disk is full, so that no `-shm` file can be made. Then the file is read as it
/// stands on disk (`immutable`), as long as no write-ahead log beside it holds commits the file
/// does not; otherwise the error stands.
pub fn open_read_only(path: &Path, busy: Duration) -> rusqlite::Result<Connection> {
    writable_journals(path);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(busy)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(())) {
        Ok(()) => return Ok(conn),
        Err(e) if !cannot_write(&e) || has_log(path) => return Err(e),
        Err(_) => {}
    }
    drop(conn);
    let conn = Connection::open_with_flags(
        format!("file:{}?immutable=1", uri_path(path)),
        flags | OpenFlags::SQLITE_OPEN_URI,
    )?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
    Ok(conn)
}

/// Whether `e` says the file (or the folder it is in, or the disk) cannot be written, rather
/// than that it is damaged or busy.
pub fn cannot_write(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(
            ErrorCode::ReadOnly
                | ErrorCode::CannotOpen
                | ErrorCode::PermissionDenied
                | ErrorCode::DiskFull
                | ErrorCode::SystemIoFailure
        )
    )
}

/// Whether a write-ahead log beside `path` holds anything.
fn has_log(path: &Path) -> bool {
    std::fs::metadata(format!("{}-wal", path.display())).is_ok_and(|m| m.len() > 0)
}

/// `path` as the path of a `file:` URI: every byte but unreserved ones and `/` escaped.
fn uri_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Gives the `-wal` and `-shm` files beside `path` the mode of their database file again,
/// when they are the same owner's: SQLite makes them with the file's mode, so a spell when the
/// file was read-only (`0444`) leaves a `-shm` that no writer can use after it, and every write
/// would fail with "attempt to write a readonly database". Nothing is changed that is not
/// the owner's to change.
fn writable_journals(path: &Path) {
    let Ok(file) = std::fs::metadata(path) else {
        return;
    };
    if file.mode() & 0o200 == 0 {
        return;
    }
    for journal in ["-wal", "-shm"] {
        let journal = PathBuf::from(format!("{}{journal}", path.display()));
        let Ok(meta) = std::fs::metadata(&journal) else {
            continue;
        };
        if meta.uid() == file.uid() && meta.mode() & 0o200 == 0 {
            let mode = std::fs::Permissions::from_mode(file.mode() & 0o777);
            let _ = std::fs::set_permissions(&journal, mode);
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_as_it_stands_whatever_its_path_holds() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("a ?#%&= b ✦");
        std::fs::create_dir(&folder).unwrap();
        let path = folder.join("state.db");
        let conn = open_private(&path, Duration::ZERO).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (7);")
            .unwrap();
        drop(conn);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
        let uri = format!("file:{}?immutable=1", uri_path(&path));
        let conn = Connection::open_with_flags(uri, flags).unwrap();
        let x: i64 = conn.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(x, 7);
        assert!(!folder.join("state.db-shm").exists());
    }
}
