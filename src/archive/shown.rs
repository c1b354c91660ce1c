//! What the list shows beyond each row's own columns: what tells briefings of one title
//! apart, and how wide the optional columns are, kept by the last walk of a library's folders
//! so that it lists at once as wide as before.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::PathBuf;

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};

use super::Archive;
use super::scope::Scope;

/// The widest region, tags (joined by `, `) and marking of a scope, in characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Widest {
    pub region: usize,
    pub tags: usize,
    pub marking: usize,
}

/// The widths in the first three columns of a result row.
fn widest_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Widest> {
    let n = |i| r.get::<_, i64>(i).map(|n| usize::try_from(n).unwrap_or(0));
    Ok(Widest {
        region: n(0)?,
        tags: n(1)?,
        marking: n(2)?,
    })
}

impl Archive {
    /// The ids and paths of the other briefings in `scope` with `title` than the one in row
    /// `rowid`: what it must be told apart from. At most 64, as the titles' index holds them,
    /// so that a title ten thousand briefings share costs no more than one a few share.
    pub fn same_title(
        &self,
        title: &str,
        rowid: i64,
        scope: &Scope,
    ) -> rusqlite::Result<Vec<(String, PathBuf)>> {
        let (cond, more) = scope.condition().unwrap_or(("1".into(), Vec::new()));
        let title = Value::Text(title.to_string());
        let mut values = vec![title.clone(), title, Value::Integer(rowid)];
        values.extend(more);
        let mut statement = self.conn.prepare(&format!(
            "SELECT coalesce(id, ''), path FROM file
             WHERE problems IS NULL AND title = ? COLLATE NOCASE AND title = ? AND rowid != ?
             AND {cond} LIMIT 64"
        ))?;
        let rows = statement.query_map(params_from_iter(values.iter()), |r| {
            let path: Vec<u8> = r.get(1)?;
            Ok((r.get(0)?, PathBuf::from(OsString::from_vec(path))))
        })?;
        rows.collect()
    }

    /// The widest values of the list's optional columns in `scope`, as the last walk of it
    /// kept them ([`Archive::keep_widest`]), or measured when none did.
    pub fn widest(&self, scope: &Scope) -> rusqlite::Result<Widest> {
        let kept = self
            .conn
            .query_row(
                "SELECT region, tags, marking FROM widest WHERE roots = ?",
                [scope.key()],
                widest_of,
            )
            .optional()?;
        match kept {
            Some(widest) => Ok(widest),
            None => self.measure_widest(scope),
        }
    }

    /// Measures the widest values of `scope` and keeps them for the next library of it.
    pub fn keep_widest(&self, scope: &Scope) -> rusqlite::Result<Widest> {
        let w = self.measure_widest(scope)?;
        let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
        self.conn.execute(
            "INSERT OR REPLACE INTO widest (roots, region, tags, marking) VALUES (?, ?, ?, ?)",
            rusqlite::params![scope.key(), n(w.region), n(w.tags), n(w.marking)],
        )?;
        Ok(w)
    }

    fn measure_widest(&self, scope: &Scope) -> rusqlite::Result<Widest> {
        let (cond, values) = scope.condition().unwrap_or(("1".into(), Vec::new()));
        // Tags are held each followed by a newline and shown joined by `, `: one more
        // character each, less the two after the last.
        self.conn.query_row(
            &format!(
                "SELECT coalesce(max(length(region)), 0),
                        coalesce(max(max(2 * length(tag_list)
                                     - length(replace(tag_list, char(10), '')) - 2, 0)), 0),
                        coalesce(max(length(marking)), 0)
                 FROM file NOT INDEXED WHERE problems IS NULL AND {cond}"
            ),
            params_from_iter(values.iter()),
            widest_of,
        )
    }
}
