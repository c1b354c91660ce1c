//! Searching the index: the rows that meet a [`Plan`], in the library's orders, a page at a
//! time, with their count. Every value typed reaches SQL as a bound parameter.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::Archive;
use super::fts::Plan;

/// The orders the library lists in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Newest first.
    #[default]
    Date,
    /// A to Z, then newest first.
    Title,
    /// A to Z (briefings without a region last), then newest first.
    Region,
}

/// One file as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub rowid: i64,
    pub path: PathBuf,
    pub id: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub region: Option<String>,
    pub marking: Option<String>,
    /// The parties as written.
    pub parties: Vec<String>,
    /// The tags as written.
    pub tags: Vec<String>,
    /// The text's [`crate::text::fingerprint`].
    pub hash: u128,
    pub warnings: usize,
    /// Why the file could not be loaded; then it has no briefing.
    pub problems: Option<String>,
}

/// A page of matches and how many there are in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub rows: Vec<Listed>,
    pub total: usize,
}

/// Above this many matches, a page is found by walking an order's index.
const WALK_ORDER: i64 = 2_000;

const COLUMNS: &str =
    "rowid, path, id, date, title, region, marking, shown, warnings, problems, tag_list, hash";

impl Archive {
    /// The briefings that meet `plan` and `keep` (the memory's filters, and what the caller
    /// lists), in `order`, `limit` of them from `offset`. Files that failed to load are not
    /// listed. `keep` is asked of every match when the plan asks the memory, or `everything`
    /// is false; otherwise the count and the page come from SQL alone.
    pub fn search(
        &self,
        plan: &Plan,
        order: Order,
        offset: usize,
        limit: usize,
        everything: bool,
        keep: &dyn Fn(&Listed) -> bool,
    ) -> rusqlite::Result<Page> {
        let mut conditions = vec!["problems IS NULL".to_string()];
        let mut values: Vec<Value> = Vec::new();
        if let Some(matching) = &plan.matching {
            conditions.push("rowid IN (SELECT rowid FROM body WHERE body MATCH ?)".into());
            values.push(Value::Text(matching.clone()));
        }
        for (sql, more) in &plan.conditions {
            conditions.push(sql.clone());
            values.extend(more.iter().cloned());
        }
        let filter = conditions.join(" AND ");
        let (order_by, index) = match order {
            Order::Date => ("date DESC, title COLLATE NOCASE, rowid", "by_date"),
            Order::Title => ("title COLLATE NOCASE, date DESC, rowid", "by_title"),
            Order::Region => (
                "region IS NULL, region COLLATE NOCASE, date DESC, rowid",
                "by_region",
            ),
        };
        if plan.remembered.is_empty() && everything {
            // Words alone: the full-text table counts its matches without the files' rows
            // (it holds only files with a briefing).
            let total: i64 = match &plan.matching {
                Some(matching) if plan.conditions.is_empty() => self.conn.query_row(
                    "SELECT count(*) FROM body WHERE body MATCH ?",
                    [matching],
                    |r| r.get(0),
                )?,
                // Filters alone: a scan of the table in its order (by an order's index, every
                // row would be fetched out of order: 4× slower at 100,000; a narrow index of
                // the filters' columns made the build 4.3× the bare parse and counted no
                // faster). With words, the planner starts from the full-text table's matches.
                _ => {
                    let from = if plan.matching.is_none() {
                        "file NOT INDEXED"
                    } else {
                        "file"
                    };
                    self.conn.query_row(
                        &format!("SELECT count(*) FROM {from} WHERE {filter}"),
                        params_from_iter(values.iter()),
                        |r| r.get(0),
                    )?
                }
            };
            // Many matches: walk the order's index until a page is found, rather than sort
            // them all; few: take them from the full-text table and sort those.
            let from = if plan.matching.is_some() && total > WALK_ORDER {
                format!("file INDEXED BY {index}")
            } else {
                "file".to_string()
            };
            let mut paged = values.clone();
            paged.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
            paged.push(Value::Integer(i64::try_from(offset).unwrap_or(i64::MAX)));
            let rows = self.listed(
                &format!(
                    "SELECT {COLUMNS} FROM {from} WHERE {filter} ORDER BY {order_by} \
                     LIMIT ? OFFSET ?"
                ),
                &paged,
                &|_| true,
            )?;
            return Ok(Page {
                rows,
                total: usize::try_from(total).unwrap_or(0),
            });
        }
        // The memory is another database: its filters run over every match's id.
        let all = self.listed(
            &format!("SELECT {COLUMNS} FROM file WHERE {filter} ORDER BY {order_by}"),
            &values,
            keep,
        )?;
        let total = all.len();
        let rows = all.into_iter().skip(offset).take(limit).collect();
        Ok(Page { rows, total })
    }

    fn listed(
        &self,
        sql: &str,
        values: &[Value],
        keep: &dyn Fn(&Listed) -> bool,
    ) -> rusqlite::Result<Vec<Listed>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map(params_from_iter(values.iter()), |r| {
            let path: Vec<u8> = r.get(1)?;
            let shown: String = r.get(7)?;
            Ok(Listed {
                rowid: r.get(0)?,
                path: PathBuf::from(OsStr::from_bytes(&path)),
                id: r.get(2)?,
                date: r.get(3)?,
                title: r.get(4)?,
                region: r.get(5)?,
                marking: r.get(6)?,
                parties: shown.lines().map(str::to_string).collect(),
                warnings: usize::try_from(r.get::<_, i64>(8)?).unwrap_or(0),
                problems: r.get(9)?,
                tags: r
                    .get::<_, String>(10)?
                    .lines()
                    .map(str::to_string)
                    .collect(),
                hash: u128::from_str_radix(&r.get::<_, String>(11)?, 16).unwrap_or(0),
            })
        })?;
        let mut out = Vec::new();
        for row in rows {
            let row = row?;
            if keep(&row) {
                out.push(row);
            }
        }
        Ok(out)
    }

    /// Every file holding a briefing whose id another file's briefing has too, with the id:
    /// the few rows a check for shared ids needs, however large the index.
    pub fn shared_ids(&self) -> rusqlite::Result<Vec<(String, PathBuf)>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, path FROM file WHERE id IN (
                 SELECT id FROM file WHERE problems IS NULL GROUP BY id HAVING count(*) > 1)
             ORDER BY id, path",
        )?;
        let rows = stmt.query_map([], |r| {
            let path: Vec<u8> = r.get(1)?;
            Ok((r.get(0)?, PathBuf::from(OsStr::from_bytes(&path))))
        })?;
        rows.collect()
    }

    /// Every file that failed to load, with why.
    pub fn problems(&self) -> rusqlite::Result<Vec<(PathBuf, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT path, problems FROM file WHERE problems IS NOT NULL ORDER BY path")?;
        let rows = stmt.query_map([], |r| {
            let path: Vec<u8> = r.get(0)?;
            Ok((PathBuf::from(OsStr::from_bytes(&path)), r.get(1)?))
        })?;
        rows.collect()
    }
}
