//! Finds briefing files under the paths a user names: files as they are, folders searched
//! recursively for `*.toml`. Symlink loops and unreadable entries are reported, never fatal.

use std::path::{Path, PathBuf};

/// One thing found while scanning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A file to load.
    File(PathBuf),
    /// A path that could not be scanned, and why (already readable as a message).
    Problem(PathBuf, String),
}

/// Every briefing file under `paths`, in a stable order: each path in the order given, and
/// within a folder, sorted by path. A named file is kept whatever its extension.
pub fn scan(paths: &[PathBuf]) -> Vec<Found> {
    let mut out = Vec::new();
    scan_each(paths, |found| {
        out.push(found);
        true
    });
    out
}

/// Like [`scan`], handing each thing to `found` as soon as it is found, so loading can start
/// before a big tree has been walked; stops when `found` returns false.
pub fn scan_each(paths: &[PathBuf], mut found: impl FnMut(Found) -> bool) {
    for path in paths {
        let more = match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => scan_folder(path, &mut found),
            Ok(_) => found(Found::File(path.clone())),
            Err(e) => found(Found::Problem(path.clone(), format!("cannot read: {e}"))),
        };
        if !more {
            return;
        }
    }
}

fn is_briefing(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "toml")
}

/// Walks `root`; false when `found` asked to stop.
fn scan_folder(root: &Path, found: &mut impl FnMut(Found) -> bool) -> bool {
    let walk = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walk {
        let more = match entry {
            Ok(e) if e.file_type().is_file() && is_briefing(e.path()) => {
                found(Found::File(e.into_path()))
            }
            Ok(_) => true,
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                let why = match (e.loop_ancestor(), e.io_error()) {
                    (Some(ancestor), _) => {
                        format!("symlink loop back to {}", ancestor.display())
                    }
                    (None, Some(io)) => format!("cannot read: {io}"),
                    (None, None) => e.to_string(),
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
        let found = scan(&[root.to_path_buf()]);
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
        let found = scan(&[txt.clone(), missing.clone()]);
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
        let found = scan(&[root.to_path_buf()]);
        assert!(found.contains(&Found::File(root.join("sub/x.toml"))));
        assert!(
            found
                .iter()
                .any(|f| matches!(f, Found::Problem(_, why) if why.contains("symlink loop"))),
            "{found:?}"
        );
    }
}
