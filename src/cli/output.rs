//! Where `-o FILE` output goes, written the way the kind of FILE needs.
//!
//! - A regular file (or a symlink to one) is replaced only once the whole output is written: a
//!   temporary file beside it (beside the symlink's target, so the symlink stays) is renamed
//!   over it, keeping its permissions. A file with other hard links is written in place, so
//!   every name still sees the same file.
//! - A new file is made the same way, with the permissions the umask gives any new file.
//! - Anything else (a FIFO, a terminal, `/dev/null`, `/dev/full`) is opened and written
//!   directly, as a shell's `>` would; `/dev/stdout` and its kin are this process's own
//!   standard output, written as such.
//!
//! The output is made in memory first, so a failure of the command leaves FILE untouched.

use std::fs::{self, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` as the module describes.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let metadata = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if fs::symlink_metadata(path).is_ok() {
                return Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    "it is a symlink to something that does not exist",
                ));
            }
            return create(path, bytes);
        }
        Err(e) => return Err(e),
    };
    if is_stdout(path) {
        let mut out = io::stdout().lock();
        out.write_all(bytes)?;
        return out.flush();
    }
    if metadata.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a folder",
        ));
    }
    if !metadata.is_file() {
        // A FIFO or a device: nothing to replace, and a rename would put a regular file in
        // its place.
        return OpenOptions::new().write(true).open(path)?.write_all(bytes);
    }
    if metadata.nlink() > 1 {
        let mut file = OpenOptions::new().write(true).truncate(true).open(path)?;
        return file.write_all(bytes);
    }
    // Through a symlink, the file to replace is its target.
    let target = fs::canonicalize(path)?;
    replace(&target, bytes, Some(metadata.permissions()))
}

/// Whether `path` is the file this process's standard output is open on (as `/dev/stdout`,
/// `/dev/fd/1` or `/proc/self/fd/1` are).
fn is_stdout(path: &Path) -> bool {
    match (rustix::fs::stat(path), rustix::fs::fstat(io::stdout())) {
        (Ok(a), Ok(b)) => (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino),
        _ => false,
    }
}

/// Makes a new file holding `bytes`, whole or not at all (a temporary file beside it, linked
/// to its name once written), never replacing one that is there or appeared meanwhile: that
/// is an error of kind `AlreadyExists`.
pub fn create(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = filled_temp(path, bytes, None)?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// Replaces the regular file `path` with one holding `bytes`, with `permissions`.
fn replace(path: &Path, bytes: &[u8], permissions: Option<Permissions>) -> io::Result<()> {
    let tmp = filled_temp(path, bytes, permissions)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A temporary file beside `path` holding `bytes`: with exactly `permissions` when given,
/// otherwise with those a new file gets under the umask.
fn filled_temp(
    path: &Path,
    bytes: &[u8],
    permissions: Option<Permissions>,
) -> io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".brief-")
        .permissions(Permissions::from_mode(0o666))
        .tempfile_in(dir)?;
    if let Some(permissions) = permissions {
        // Set after creating, so the umask cannot narrow them.
        tmp.as_file().set_permissions(permissions)?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}
