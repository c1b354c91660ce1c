//! What `brief pull` remembers: for each TAXII collection pulled into a folder, how far it has
//! been pulled (the server's `X-TAXII-Date-Added-Last` of what was written, for the next
//! pull's `added_after`); and for each STIX report pulled into a folder, the file it was
//! written to and the `modified` it had, so that a later version of it rewrites that file in
//! place rather than making another; and the STIX objects each report's briefing was made of,
//! so that a later version of one of them (a speaker's identity renamed, a statement's note
//! revised) pulled without its report brings the report again. Folders are kept as their
//! absolute paths' bytes.

use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};

/// A report pulled into a folder before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pulled {
    /// The file's name in the folder (with `.toml`).
    pub file: String,
    /// The report's `modified` when it was written (empty when it had none).
    pub modified: String,
}

impl Store {
    /// The `X-TAXII-Date-Added-Last` of what was last pulled from `collection` into `folder`.
    pub fn pull_progress(
        &self,
        collection: &str,
        folder: &Path,
    ) -> Result<Option<String>, StoreError> {
        if !self.has_version(6)? {
            return Ok(None);
        }
        self.conn
            .query_row(
                "SELECT added_last FROM pull WHERE collection = ?1 AND folder = ?2",
                params![collection, folder.as_os_str().as_bytes()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// Remembers that what `collection` added up to `added_last` is written in `folder`.
    pub fn set_pull_progress(
        &mut self,
        collection: &str,
        folder: &Path,
        added_last: &str,
    ) -> Result<(), StoreError> {
        self.writable()?;
        self.conn
            .execute(
                "INSERT INTO pull (collection, folder, added_last) VALUES (?1, ?2, ?3)
                 ON CONFLICT(collection, folder) DO UPDATE SET added_last = excluded.added_last",
                params![collection, folder.as_os_str().as_bytes(), added_last],
            )
            .map(drop)
            .map_err(|e| self.sqlite(e))
    }

    /// The file report `report` (a STIX id) was pulled into in `folder`, if it was.
    pub fn pulled(&self, folder: &Path, report: &str) -> Result<Option<Pulled>, StoreError> {
        if !self.has_version(6)? {
            return Ok(None);
        }
        self.conn
            .query_row(
                "SELECT file, modified FROM pulled WHERE folder = ?1 AND report = ?2",
                params![folder.as_os_str().as_bytes(), report],
                |r| {
                    Ok(Pulled {
                        file: r.get(0)?,
                        modified: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// Remembers that report `report` was written to `pulled.file` in `folder`.
    pub fn set_pulled(
        &mut self,
        folder: &Path,
        report: &str,
        pulled: &Pulled,
    ) -> Result<(), StoreError> {
        self.writable()?;
        self.conn
            .execute(
                "INSERT INTO pulled (folder, report, file, modified) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(folder, report) DO UPDATE SET file = excluded.file,
                 modified = excluded.modified",
                params![
                    folder.as_os_str().as_bytes(),
                    report,
                    pulled.file,
                    pulled.modified
                ],
            )
            .map(drop)
            .map_err(|e| self.sqlite(e))
    }

    /// Remembers that report `report`'s briefing in `folder` is made of `objects` (STIX ids,
    /// each with its `modified`, empty when it has none), in place of what was remembered.
    pub fn set_made_of(
        &mut self,
        folder: &Path,
        report: &str,
        objects: &[(String, String)],
    ) -> Result<(), StoreError> {
        self.writable()?;
        let folder = folder.as_os_str().as_bytes();
        let path = self.path.display().to_string();
        let fail = |e| StoreError::Sqlite(path.clone(), e);
        let tx = self.conn.transaction().map_err(fail)?;
        tx.execute(
            "DELETE FROM pulled_object WHERE folder = ?1 AND report = ?2",
            params![folder, report],
        )
        .map_err(fail)?;
        {
            let mut put = tx
                .prepare(
                    "INSERT OR IGNORE INTO pulled_object (folder, object, report, modified)
                     VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(fail)?;
            for (object, modified) in objects {
                put.execute(params![folder, object, report, modified])
                    .map_err(fail)?;
            }
        }
        tx.commit().map_err(fail)
    }

    /// The reports pulled into `folder` whose briefings are made of `object`, each with the
    /// `modified` the object had then.
    pub fn made_of(
        &self,
        folder: &Path,
        object: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        if !self.has_version(7)? {
            return Ok(Vec::new());
        }
        let found = (|| -> rusqlite::Result<Vec<(String, String)>> {
            let mut ask = self.conn.prepare_cached(
                "SELECT report, modified FROM pulled_object WHERE folder = ?1 AND object = ?2",
            )?;
            let rows = ask.query_map(params![folder.as_os_str().as_bytes(), object], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
            rows.collect()
        })();
        found.map_err(|e| self.sqlite(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_and_files_are_remembered_per_collection_and_folder() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(dir.path()).unwrap();
        let (a, b) = (Path::new("/x/a"), Path::new("/x/b"));
        let c = "https://t.example/api/collections/1/";
        assert_eq!(store.pull_progress(c, a).unwrap(), None);
        store
            .set_pull_progress(c, a, "2024-01-01T00:00:00Z")
            .unwrap();
        store
            .set_pull_progress(c, a, "2024-02-01T00:00:00Z")
            .unwrap();
        assert_eq!(
            store.pull_progress(c, a).unwrap().as_deref(),
            Some("2024-02-01T00:00:00Z")
        );
        assert_eq!(store.pull_progress(c, b).unwrap(), None);
        let p = Pulled {
            file: "r.toml".into(),
            modified: "2024-01-01T00:00:00.000Z".into(),
        };
        store.set_pulled(a, "report--1", &p).unwrap();
        assert_eq!(store.pulled(a, "report--1").unwrap(), Some(p));
        assert_eq!(store.pulled(b, "report--1").unwrap(), None);
    }

    #[test]
    fn the_objects_each_report_was_made_of_are_remembered_per_folder() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(dir.path()).unwrap();
        let (a, b) = (Path::new("/x/a"), Path::new("/x/b"));
        let made = |v: &[(&str, &str)]| {
            (v.iter())
                .map(|(o, m)| (o.to_string(), m.to_string()))
                .collect::<Vec<_>>()
        };
        let one = "2024-01-01T00:00:00.000Z";
        store
            .set_made_of(
                a,
                "report--1",
                &made(&[("identity--p", one), ("note--1", one)]),
            )
            .unwrap();
        store
            .set_made_of(
                a,
                "report--2",
                &made(&[("identity--p", ""), ("note--2", one)]),
            )
            .unwrap();
        store
            .set_made_of(b, "report--3", &made(&[("note--1", one)]))
            .unwrap();
        let pairs = |v: &[(&str, &str)]| made(v);
        assert_eq!(
            store.made_of(a, "identity--p").unwrap(),
            pairs(&[("report--1", one), ("report--2", "")])
        );
        assert_eq!(store.made_of(a, "note--9").unwrap(), []);
        assert_eq!(
            store.made_of(b, "note--1").unwrap(),
            pairs(&[("report--3", one)])
        );
        // A report pulled again is made of what it is made of now.
        store
            .set_made_of(a, "report--1", &made(&[("note--1b", one)]))
            .unwrap();
        assert_eq!(
            store.made_of(a, "identity--p").unwrap(),
            pairs(&[("report--2", "")])
        );
        assert_eq!(
            store.made_of(a, "note--1b").unwrap(),
            pairs(&[("report--1", one)])
        );
    }
}
