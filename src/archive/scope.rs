//! Which of the index's files a command lists: those at or under the folders and files it
//! names. The index is shared by every folder `brief` has read, so a library of one folder
//! must not list another's files; when the index holds nothing else, no condition is asked.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};

use super::Archive;

/// The files a command lists: those at or under its roots (the index's keys: absolute
/// paths), or every file the index holds. The index is shared by every folder `brief` has
/// read, so a library of one folder must not list another's files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// `None` for everything.
    roots: Option<Vec<Vec<u8>>>,
}

impl Scope {
    /// Every file.
    pub fn everything() -> Self {
        Self { roots: None }
    }

    /// Whether the scope is every file.
    pub fn is_everything(&self) -> bool {
        self.roots.is_none()
    }

    /// The files at or under `roots`.
    pub fn under(roots: &[PathBuf]) -> Self {
        let roots = roots
            .iter()
            .map(|r| r.as_os_str().as_bytes().to_vec())
            .collect::<Vec<_>>();
        if roots.iter().any(|r| r.as_slice() == b"/") {
            return Self::everything();
        }
        Self { roots: Some(roots) }
    }

    /// The scope as one value, to keep what is known of it: its roots, each followed by a
    /// zero byte (empty for everything).
    pub fn key(&self) -> Vec<u8> {
        let mut key = Vec::new();
        for root in self.roots.iter().flatten() {
            key.extend_from_slice(root);
            key.push(0);
        }
        key
    }

    /// Whether the file at `path` (an index key) is in the scope.
    pub fn holds(&self, path: &std::path::Path) -> bool {
        self.roots.as_ref().is_none_or(|roots| {
            roots
                .iter()
                .any(|r| path.starts_with(std::path::Path::new(OsStr::from_bytes(r))))
        })
    }

    /// The condition on `file` that keeps the scope's rows, when it keeps fewer than all.
    pub(super) fn condition(&self) -> Option<(String, Vec<Value>)> {
        let roots = self.roots.as_ref()?;
        if roots.is_empty() {
            return Some(("0".into(), Vec::new()));
        }
        let mut parts = Vec::new();
        let mut values = Vec::new();
        for root in roots {
            // The root itself, or a path starting with `root/`: between `root/` and `root0`
            // (`0` comes right after `/`), which the path's unique index finds.
            let mut below = root.clone();
            below.push(b'/');
            let mut after = root.clone();
            after.push(b'0');
            parts.push("(path = ? OR (path > ? AND path < ?))");
            values.extend([
                Value::Blob(root.clone()),
                Value::Blob(below),
                Value::Blob(after),
            ]);
        }
        Some((format!("({})", parts.join(" OR ")), values))
    }
}

impl Archive {
    /// `scope`, or everything when the index holds nothing outside it: a condition that keeps
    /// every row costs a look at each for nothing.
    pub fn narrow(&self, scope: Scope) -> rusqlite::Result<Scope> {
        let Some((cond, values)) = scope.condition() else {
            return Ok(scope);
        };
        // One root: three seeks in the paths' index, before it, between it and `root/`, and
        // from `root0` on; several: a look at every row.
        let outside: Option<i64> = if let [root, below, after] = values.as_slice() {
            self.conn
                .query_row(
                    "SELECT 1 WHERE EXISTS (SELECT 1 FROM file WHERE path < ?1)
                        OR EXISTS (SELECT 1 FROM file WHERE path > ?1 AND path <= ?2)
                        OR EXISTS (SELECT 1 FROM file WHERE path >= ?3)",
                    [root, below, after],
                    |r| r.get(0),
                )
                .optional()?
        } else {
            self.conn
                .query_row(
                    &format!("SELECT 1 FROM file WHERE NOT {cond} LIMIT 1"),
                    params_from_iter(values.iter()),
                    |r| r.get(0),
                )
                .optional()?
        };
        Ok(if outside.is_some() {
            scope
        } else {
            Scope::everything()
        })
    }
}
