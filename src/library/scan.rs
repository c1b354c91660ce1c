//! Finds briefing files under the paths a user names: files as they are, folders searched
//! recursively for `*.toml`. What cannot be read is reported, never fatal and never silent:
//! symlink loops, unreadable entries, `*.toml` entries that are not regular files (a FIFO, a
//! link to a device), and symlinks that lead out of the folders given, which are not followed
//! unless asked: a link in a shared folder must not make `brief check` print a private key.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::briefing::{not_a_file, sanitize};

/// One thing found while scanning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A file to load.
    File(PathBuf),
    /// A path that could not be scanned, and why (already readable as a message, sanitised).
    Problem(PathBuf, String),
}

/// How a folder scan treats symlinks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Symlinks {
    /// Followed while they lead somewhere inside the folders given; one that leads outside is
    /// reported and not read.
    #[default]
    Inside,
    /// Followed wherever they lead (`--follow-symlinks`).
    Follow,
}

/// The order a folder's files are found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Walk {
    /// Sorted by name, folder by folder: what people read (`brief check`).
    ByName,
    /// As the folders hold them, for a caller that orders them itself (the index): sorting
    /// by name was half of walking 100,000 files.
    AsFound,
}

/// The folders a scan may read, for [`Symlinks::Inside`].
#[derive(Debug, Clone)]
pub struct Scope {
    symlinks: Symlinks,
    /// The folders named, with every symlink in them resolved.
    roots: Vec<PathBuf>,
}

impl Scope {
    /// The folders among `paths`, which symlinks found under any of them may lead into.
    pub fn new(paths: &[PathBuf], symlinks: Symlinks) -> Self {
        let roots = match symlinks {
            Symlinks::Follow => Vec::new(),
            Symlinks::Inside => paths
                .iter()
                .filter(|p| p.is_dir())
                .filter_map(|p| std::fs::canonicalize(p).ok())
                .collect(),
        };
        Self { symlinks, roots }
    }

    /// Every briefing file under `paths`, in a stable order: each path in the order given,
    /// and within a folder, sorted by path. A named file is kept whatever its extension.
    pub fn scan(&self, paths: &[PathBuf]) -> Vec<Found> {
        let mut out = Vec::new();
        self.scan_each(paths, Walk::ByName, |found| {
            out.push(found);
            true
        });
        out
    }

    /// Like [`Scope::scan`], handing each thing to `found` as soon as it is found, so loading
    /// can start before a big tree has been walked, a folder's files in the order `walk`
    /// says; stops when `found` returns false.
    pub fn scan_each(&self, paths: &[PathBuf], walk: Walk, mut found: impl FnMut(Found) -> bool) {
        for path in paths {
            let more = match std::fs::metadata(path) {
                Ok(m) if m.is_dir() => self.scan_folder(path, walk, &mut found),
                // A file named on the command line is read as given (and refused there if it is
                // not a regular file).
                Ok(_) => found(Found::File(path.clone())),
                Err(e) => found(Found::Problem(path.clone(), format!("cannot read: {e}"))),
            };
            if !more {
                return;
            }
        }
    }

    /// Where the symlink `path` leads when that is outside every folder given, if it is.
    fn outside(&self, path: &Path) -> Option<String> {
        if self.symlinks == Symlinks::Follow {
            return None;
        }
        match std::fs::canonicalize(path) {
            Ok(real) if self.roots.iter().any(|root| real.starts_with(root)) => None,
            Ok(real) => Some(format!(
                "not read: a symlink to {}, outside the folders given \
                 (--follow-symlinks reads it)",
                sanitize::quoted(&real.display().to_string())
            )),
            Err(e) => Some(format!("cannot read: {e}")),
        }
    }

    /// Walks `root`; false when `found` asked to stop.
    fn scan_folder(&self, root: &Path, walk: Walk, found: &mut impl FnMut(Found) -> bool) -> bool {
        let walker = WalkDir::new(root).follow_links(true);
        let mut walk = match walk {
            Walk::ByName => walker.sort_by_file_name(),
            Walk::AsFound => walker,
        }
        .into_iter();
        while let Some(entry) = walk.next() {
            let more = match entry {
                Ok(e) => {
                    let kind = e.file_type();
                    let wanted = kind.is_dir() || is_briefing(e.path());
                    // A symlink inside a folder reached through another symlink is checked in
                    // its turn; everything else under a folder that is inside stays inside.
                    let leaves = (e.depth() > 0 && e.path_is_symlink() && wanted)
                        .then(|| self.outside(e.path()))
                        .flatten();
                    if let Some(why) = leaves {
                        if kind.is_dir() {
                            walk.skip_current_dir();
                        }
                        found(Found::Problem(e.into_path(), why))
                    } else if kind.is_dir() || !wanted {
                        true
                    } else if let Some(why) = not_a_file(kind) {
                        found(Found::Problem(e.into_path(), why))
                    } else {
                        found(Found::File(e.into_path()))
                    }
                }
                Err(e) => {
                    let path = e.path().unwrap_or(root).to_path_buf();
                    let why = match (e.loop_ancestor(), e.io_error()) {
                        (Some(ancestor), _) => format!(
                            "symlink loop back to {}",
                            sanitize::quoted(&ancestor.display().to_string())
                        ),
                        (None, Some(io)) => format!("cannot read: {io}"),
                        (None, None) => sanitize::quoted(&e.to_string()).into_owned(),
                    };
                    found(Found::Problem(path, why))
                }
            };
            if !more {
                return false;
            }
        }
        true
    }
}

fn is_briefing(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_searched_recursively_and_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/deep")).unwrap();
        for f in ["b/deep/2.toml", "a.toml", "notes.txt", "b/1.toml"] {
            std::fs::write(root.join(f), "").unwrap();
        }
        let found = Scope::new(&[root.to_path_buf()], Symlinks::Inside).scan(&[root.to_path_buf()]);
        let names: Vec<String> = found
            .iter()
            .map(|f| match f {
                Found::File(p) => p.strip_prefix(root).unwrap().display().to_string(),
                Found::Problem(p, why) => format!("{}: {why}", p.display()),
            })
            .collect();
        assert_eq!(names, ["a.toml", "b/1.toml", "b/deep/2.toml"]);
    }

    #[test]
    fn named_files_are_kept_and_missing_ones_reported() {
        let dir = tempfile::tempdir().unwrap();
        let txt = dir.path().join("brief.txt");
        std::fs::write(&txt, "").unwrap();
        let missing = dir.path().join("missing.toml");
        let found = Scope::new(&[], Symlinks::Inside).scan(&[txt.clone(), missing.clone()]);
        assert_eq!(found[0], Found::File(txt));
        assert!(
            matches!(&found[1], Found::Problem(p, why) if *p == missing && why.starts_with("cannot read"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_not_followed_forever() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/x.toml"), "").unwrap();
        std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
        let found = Scope::new(&[root.to_path_buf()], Symlinks::Inside).scan(&[root.to_path_buf()]);
        assert!(found.contains(&Found::File(root.join("sub/x.toml"))));
        assert!(
            found
                .iter()
                .any(|f| matches!(f, Found::Problem(_, why) if why.contains("symlink loop"))),
            "{found:?}"
        );
    }
}
