//! What the index knows of its files, to compare with a walk: every file's path in one buffer
//! and a row each, sorted by path, so that a reopening of 100,000 files is a merge of two
//! sorted lists rather than 100,000 lookups in a map of paths (building and asking that map
//! was a third of a reopening).

use super::{Archive, Known};
use crate::text::Fingerprint;

/// The index's files, sorted by path (as bytes).
#[derive(Debug, Default)]
pub struct KnownFiles {
    /// Every path, one after another.
    paths: Vec<u8>,
    /// Where each path is in `paths`, and what is known of it.
    rows: Vec<(u32, u32, Known)>,
}

impl KnownFiles {
    /// How many files.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn path(&self, (start, len): (u32, u32)) -> &[u8] {
        &self.paths[start as usize..(start + len) as usize]
    }

    /// Every file, as path bytes and what is known of it, sorted by path.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], Known)> {
        self.rows.iter().map(|&(s, l, k)| (self.path((s, l)), k))
    }

    /// What is known of the file at `path`.
    #[cfg(test)]
    pub fn get(&self, path: &std::path::Path) -> Option<Known> {
        use std::os::unix::ffi::OsStrExt;
        let path = path.as_os_str().as_bytes();
        let i = (self.rows)
            .binary_search_by(|&(s, l, _)| self.path((s, l)).cmp(path))
            .ok()?;
        Some(self.rows[i].2)
    }
}

impl Archive {
    /// Every file the index knows, from the paths' index alone (it holds what a walk compares),
    /// then which of them failed.
    pub fn known(&self) -> rusqlite::Result<KnownFiles> {
        let mut known = KnownFiles::default();
        let mut stmt = (self.conn).prepare(
            "SELECT path, rowid, size, mtime, hash FROM file INDEXED BY by_path ORDER BY path",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let path = r.get_ref(0)?.as_blob()?;
            let (Ok(start), Ok(len)) =
                (u32::try_from(known.paths.len()), u32::try_from(path.len()))
            else {
                break;
            };
            known.paths.extend_from_slice(path);
            let hash = Fingerprint::from_blob(r.get_ref(4)?.as_blob()?).unwrap_or_default();
            known.rows.push((
                start,
                len,
                Known {
                    rowid: r.get(1)?,
                    size: r.get::<_, i64>(2)?.try_into().unwrap_or(0),
                    mtime: r.get(3)?,
                    hash,
                    failed: false,
                },
            ));
        }
        // In the order of the bytes: SQLite orders blobs so, and every path is written as one.
        // (Were one ever text, which SQLite orders first, the merge would miss it, and the
        // file would only be read again.)
        let mut failed = self
            .conn
            .prepare("SELECT path FROM file INDEXED BY failed WHERE problems IS NOT NULL")?;
        let mut paths = failed.query([])?;
        while let Some(r) = paths.next()? {
            let path = r.get_ref(0)?.as_blob()?;
            if let Ok(i) = (known.rows).binary_search_by(|&(s, l, _)| known.path((s, l)).cmp(path))
            {
                known.rows[i].2.failed = true;
            }
        }
        Ok(known)
    }
}
