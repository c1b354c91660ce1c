//! Which file holds each key taken from a file's name (a briefing without an id): the first
//! file to ask for that memory claims it, and another file of the same name is refused
//! ([`Claim::Other`]). A claimed file that is gone gives way to one whose text is exactly what
//! was last read under the key (the same briefing, moved).

use std::collections::HashMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};
use crate::memory::Claim;

impl Store {
    /// The file holding each key taken from a file's name.
    pub fn unnamed(&self) -> Result<HashMap<String, PathBuf>, StoreError> {
        let mut out = HashMap::new();
        if !self.has_version(5)? {
            return Ok(out);
        }
        let mut stmt =
            (self.conn.prepare("SELECT key, path FROM unnamed")).map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
            })
            .map_err(|e| self.sqlite(e))?;
        for row in rows {
            let (key, path) = row.map_err(|e| self.sqlite(e))?;
            out.insert(key, PathBuf::from(OsStr::from_bytes(&path)));
        }
        Ok(out)
    }

    /// Whether the file at `path` (absolute), a briefing without an id reading `text`, may use
    /// the memory under `key`, its file's name: it may when it holds the key (by this path or
    /// another spelling of it), or when nobody does (then it claims it, when the store can be
    /// written), or when the file holding it is gone and `text` is exactly what was last read
    /// under the key (it takes it over, when the store can be written).
    pub fn claim(
        &mut self,
        key: &str,
        path: &Path,
        text: Option<&str>,
    ) -> Result<Claim, StoreError> {
        if !self.has_version(5)? {
            return Ok(Claim::Own);
        }
        let held: Option<Vec<u8>> = (self.conn)
            .query_row("SELECT path FROM unnamed WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.sqlite(e))?;
        let bytes = path.as_os_str().as_bytes();
        let holder = match held {
            Some(held) if held == bytes => return Ok(Claim::Own),
            Some(held) if crate::memory::same_file(Path::new(OsStr::from_bytes(&held)), path) => {
                return Ok(Claim::Own);
            }
            Some(held) => PathBuf::from(OsStr::from_bytes(&held)),
            // Remembered before files were told apart (a store older than the claims) as
            // another briefing than this file's (another title or date): whose it is cannot be
            // known, so nobody is given it but a file reading exactly as it was last read (see
            // `moved` below). An empty holder stands for that unknown file.
            None if text.is_some_and(|t| {
                (self.seen_text(key).ok().flatten()).is_some_and(|seen| !same_briefing(&seen, t))
            }) =>
            {
                if !self.read_only {
                    (self.conn)
                        .execute(
                            "INSERT INTO unnamed (key, path) VALUES (?1, x'')
                             ON CONFLICT(key) DO NOTHING",
                            params![key],
                        )
                        .map_err(|e| self.sqlite(e))?;
                }
                PathBuf::new()
            }
            None if self.read_only => return Ok(Claim::Own),
            None => {
                (self.conn)
                    .execute(
                        "INSERT INTO unnamed (key, path) VALUES (?1, ?2)
                         ON CONFLICT(key) DO NOTHING",
                        params![key, bytes],
                    )
                    .map_err(|e| self.sqlite(e))?;
                // Another `brief` may have claimed it first.
                return self.claim(key, path, text);
            }
        };
        let moved = !holder.exists()
            && text.is_some_and(|t| {
                self.seen().ok().and_then(|s| s.get(key).copied())
                    == Some(crate::text::fingerprint(t))
            });
        if moved && self.read_only {
            // Recorded by the next `brief` that can write.
            return Ok(Claim::Own);
        }
        if moved {
            (self.conn)
                .execute(
                    "UPDATE unnamed SET path = ?2 WHERE key = ?1",
                    params![key, bytes],
                )
                .map_err(|e| self.sqlite(e))?;
            return Ok(Claim::Own);
        }
        Ok(Claim::Other(holder))
    }
}

/// Whether two texts are one briefing, edited or not: the same title and date.
fn same_briefing(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let of = |t: &str| {
        crate::briefing::parse(t.to_string())
            .briefing
            .map(|b| (b.title.to_string(), b.date.iso_date()))
    };
    matches!((of(a), of(b)), (Some(a), Some(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_file_of_a_name_holds_it_and_another_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(dir.path()).unwrap();
        let (a, b) = (
            dir.path().join("2023/weekly.toml"),
            dir.path().join("2024/weekly.toml"),
        );
        assert_eq!(store.claim("weekly", &a, None).unwrap(), Claim::Own);
        assert_eq!(store.claim("weekly", &a, None).unwrap(), Claim::Own);
        assert_eq!(
            store.claim("weekly", &b, None).unwrap(),
            Claim::Other(a.clone())
        );
        assert_eq!(store.unnamed().unwrap()["weekly"], a);
    }

    #[test]
    fn a_moved_file_reading_as_last_read_takes_its_name_over() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(dir.path()).unwrap();
        let (gone, moved) = (
            dir.path().join("old/weekly.toml"),
            dir.path().join("new/weekly.toml"),
        );
        assert_eq!(store.claim("weekly", &gone, None).unwrap(), Claim::Own);
        store.set_seen("weekly", "title = 'A'").unwrap();
        // Other text is another briefing, even with the holder gone.
        let refused = store.claim("weekly", &moved, Some("title = 'B'")).unwrap();
        assert_eq!(refused, Claim::Other(gone));
        let taken = store.claim("weekly", &moved, Some("title = 'A'")).unwrap();
        assert_eq!(taken, Claim::Own);
        assert_eq!(store.unnamed().unwrap()["weekly"], moved);
    }

    #[test]
    fn memory_from_before_claims_goes_only_to_a_file_reading_as_it_was_last_read() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(dir.path()).unwrap();
        // A store older than the claims: 2023's weekly was read, and nobody holds the name.
        store.set_seen("weekly", "title = '2023'").unwrap();
        let (a, b) = (
            dir.path().join("2023/weekly.toml"),
            dir.path().join("2024/weekly.toml"),
        );
        // 2024's weekly asks first: it is not what was read, so it is refused, and so is any
        // other file of that name but one that reads as it was last read.
        let refused = store.claim("weekly", &b, Some("title = '2024'")).unwrap();
        assert_eq!(refused, Claim::Other(PathBuf::new()));
        assert_eq!(
            store.claim("weekly", &b, Some("title = '2024'")).unwrap(),
            Claim::Other(PathBuf::new())
        );
        assert_eq!(
            store.claim("weekly", &a, Some("title = '2023'")).unwrap(),
            Claim::Own
        );
        assert_eq!(store.unnamed().unwrap()["weekly"], a);
        assert_eq!(
            store.claim("weekly", &b, Some("title = '2024'")).unwrap(),
            Claim::Other(a)
        );
    }

    #[test]
    fn one_file_by_another_spelling_is_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::fs::write(real.join("weekly.toml"), "title = 'A'").unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("link")).unwrap();
        let (mut store, _) = Store::open(&dir.path().join("state")).unwrap();
        let claim = |store: &mut Store, p: &Path| store.claim("weekly", p, None).unwrap();
        assert_eq!(claim(&mut store, &real.join("weekly.toml")), Claim::Own);
        let linked = dir.path().join("link/weekly.toml");
        assert_eq!(claim(&mut store, &linked), Claim::Own);
        let other = dir.path().join("weekly.toml");
        std::fs::write(&other, "title = 'B'").unwrap();
        assert!(matches!(claim(&mut store, &other), Claim::Other(_)));
    }
}
