//! Searching the index: a [`Listing`] is the answer to a search, in one of the library's
//! orders — how many briefings meet a [`Plan`], a window of them at a time, where one of them
//! is — for the library's screen and `brief list` alike. Every value typed reaches SQL as a
//! bound parameter ([`super::fts`]).

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};

use super::Archive;
use super::fts::{self, filter};
use super::plan::{Asked, Condition, Either, Plan};
use super::scope::Scope;
use crate::library::source::Origin;
use crate::text::Fingerprint;

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
    /// The text's [`crate::text::fingerprint`] (all zeros when the index holds none).
    pub hash: Fingerprint,
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
const WALK_ORDER: usize = 2_000;
/// Below this many matches of words (or of a word's start) beside filters, fetching each
/// one's row is quicker than reading the filters' index through (0.4 µs a row against 9 ms
/// at 100,000): the count is left to SQLite ([`Archive::count`]). One in unit tests, whose archives are small, so that
/// they meet the lists; the command-line tests leave it to SQLite.
#[cfg(not(test))]
const FEW: usize = 20_000;
#[cfg(test)]
const FEW: usize = 1;
/// The same within a part of the index (a library of some of the folders it holds), whose
/// rows are kept: below this many, each match's row is fetched and its path looked at
/// (some 2 µs a row); above, the list is read and met with the part's (0.1–0.2 µs a row).
#[cfg(not(test))]
const FEW_SCOPED: usize = 500;
#[cfg(test)]
const FEW_SCOPED: usize = 1;
/// Most rows a page asks the full-text index about one at a time.
const PROBES: usize = 2_000;

const COLUMNS: &str =
    "rowid, path, id, date, title, region, marking, shown, warnings, problems, tag_list, hash";

impl Order {
    /// The order after this one, for the key that cycles them.
    pub fn next(self) -> Self {
        match self {
            Order::Date => Order::Title,
            Order::Title => Order::Region,
            Order::Region => Order::Date,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Order::Date => "date",
            Order::Title => "title",
            Order::Region => "region",
        }
    }

    /// The `ORDER BY` clause and the index that holds the rows in that order.
    fn sql(self) -> (&'static str, &'static str) {
        match self {
            Order::Date => ("date DESC, title COLLATE NOCASE, path", "by_date"),
            Order::Title => ("title COLLATE NOCASE, date DESC, path", "by_title"),
            Order::Region => (
                "region IS NULL, region COLLATE NOCASE, date DESC, path",
                "by_region",
            ),
        }
    }

    /// The keys of the order, each with whether it goes down and how it compares text.
    fn keys(self) -> &'static [(&'static str, bool, &'static str)] {
        match self {
            Order::Date => &[
                ("coalesce(date, '')", true, ""),
                ("coalesce(title, '')", false, " COLLATE NOCASE"),
                ("path", false, ""),
            ],
            Order::Title => &[
                ("coalesce(title, '')", false, " COLLATE NOCASE"),
                ("coalesce(date, '')", true, ""),
                ("path", false, ""),
            ],
            Order::Region => &[
                ("(region IS NULL)", false, ""),
                ("coalesce(region, '')", false, " COLLATE NOCASE"),
                ("coalesce(date, '')", true, ""),
                ("path", false, ""),
            ],
        }
    }
}

/// The letters of a prefix of one or two letters that is asked alone (not beside other words
/// or alternatives): `m*`, or `mi` as it is typed.
fn start(e: &Either) -> Option<&str> {
    match e.0.as_slice() {
        [Asked::Phrase(p)] if p.prefix => match p.words.as_slice() {
            [w] if (1..=2).contains(&w.chars().count()) => Some(w),
            _ => None,
        },
        _ => None,
    }
}

impl Archive {
    /// `plan` with each prefix of one word (`minis*`) spelt out as the words the index holds
    /// that start so (`minister OR ministry`), when they are few: FTS5 answers a prefix by
    /// merging the lists of all those words into a copy (64 ms at 100,000 for a word in all
    /// of them, against 9 ms for the same words as an `OR`), and a list of exact words can be
    /// asked row by row ([`Listing::window`]). A prefix of many words, or of none, or the end
    /// of a phrase, stays as it is.
    ///
    /// A prefix of one or two letters asked alone (`m`, `mi` as they are typed) is not asked
    /// of the words' table at all, which would gather the lists of thousands of words for
    /// most of the archive (`mi` 200 ms at 100,000), but of how each row's words start
    /// ([`Condition::Starts`]).
    pub fn spell(&self, plan: &Plan) -> Plan {
        let mut run = plan.clone();
        let (letters, words): (Vec<Either>, Vec<Either>) =
            run.matching.into_iter().partition(|e| start(e).is_some());
        run.matching = words;
        run.conditions.extend(
            (letters.iter().filter_map(start)).map(|letters| Condition::Starts(letters.into())),
        );
        for asked in run.matching.iter_mut().flat_map(|e| e.0.iter_mut()) {
            if let Asked::Phrase(p) = asked
                && p.prefix
                && let [word] = p.words.as_slice()
                && let Some(words) = self.words_starting(word)
                && !words.is_empty()
            {
                *asked = Asked::Spelt(words);
            }
        }
        run
    }

    /// The words the full-text index holds that start with `prefix`, when there are at most
    /// a few. Asking the index reads every briefing's entry for each of those words (14 ms
    /// for `minis` at 100,000); a word being typed asks for each longer prefix in turn, and
    /// the words of `minis` are those of `mini` that start so: the last found are kept while
    /// the index is unchanged.
    fn words_starting(&self, prefix: &str) -> Option<Vec<String>> {
        const FEW: i64 = 12;
        let version = {
            let kept = self.kept();
            if let Some((before, words)) = &kept.spelt
                && prefix.starts_with(before.as_str())
            {
                let words = words.iter().filter(|w| w.starts_with(prefix));
                return Some(words.cloned().collect());
            }
            kept.version
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT term FROM temp.vocab WHERE term >= ?1 AND term < ?2 LIMIT ?3")
            .ok()?;
        let words: Vec<String> = stmt
            .query_map(
                rusqlite::params![prefix, format!("{prefix}\u{10FFFF}"), FEW + 1],
                |r| r.get(0),
            )
            .ok()?
            .collect::<rusqlite::Result<_>>()
            .ok()?;
        if words.len() > FEW as usize {
            return None;
        }
        let mut kept = self.kept();
        if kept.version == version {
            kept.spelt = Some((prefix.to_string(), words.clone()));
        }
        Some(words)
    }

    /// The briefings that meet `plan` within `scope`, in `order`, as a list is read: how many
    /// there are, then windows of them ([`Listing::window`]). Files that failed to load are
    /// not listed. A plan that asks the memory reads the `mem` table ([`Archive::remember`]).
    pub fn listing(&self, plan: &Plan, order: Order, scope: &Scope) -> rusqlite::Result<Listing> {
        // A prefix spelt out into the words it starts, and the briefings counted, so that a
        // word most of them hold is found by walking the order's index rather than by
        // gathering every match (at 100,000, 36–54 ms for the first 50 rows and the count
        // before).
        let run = self.spell(plan);
        let total = self.count(&run, scope)?;
        Ok(Listing {
            run,
            order,
            scope: scope.clone(),
            total,
        })
    }

    /// `limit` of the briefings that meet `plan` within `scope` from `offset`, in `order`,
    /// and how many there are: a [`Listing`] and one window of it.
    pub fn search(
        &self,
        plan: &Plan,
        order: Order,
        offset: usize,
        limit: usize,
        scope: &Scope,
    ) -> rusqlite::Result<Page> {
        let listing = self.listing(plan, order, scope)?;
        let rows = listing.window(self, offset, limit)?;
        Ok(Page {
            rows,
            total: listing.total,
        })
    }

    /// How many briefings meet `plan` within `scope`.
    pub fn count(&self, plan: &Plan, scope: &Scope) -> rusqlite::Result<usize> {
        // A word's start alone: its one entry in the starts' table, counted there.
        if let (None, [Condition::Starts(start)], true) = (
            fts::matching(plan),
            plan.conditions.as_slice(),
            scope.is_everything(),
        ) {
            let total: i64 = self.conn.query_row(
                "SELECT count(*) FROM starts WHERE starts MATCH ?",
                [fts::quoted(start)],
                |r| r.get(0),
            )?;
            return Ok(usize::try_from(total).unwrap_or(0));
        }
        // Words or a word's start beside filters, each of most of the archive, or within a
        // part of the index: each read once, and met here.
        if plan.narrow()
            && let Some(n) = self.count_met(plan, scope)?
        {
            return Ok(n);
        }
        // Filters alone, which the filters' index answers: the rows read whole, kept for the
        // word typed next (a count of them was as long).
        if fts::matching(plan).is_none()
            && scope.is_everything()
            && plan.narrow()
            && !plan.conditions.is_empty()
            && !plan.asks_memory()
            && !(plan.conditions.iter()).any(|c| matches!(c, Condition::Starts(_)))
            && let Some(list) = self.filtered(plan)?
        {
            return Ok(list.len());
        }
        let (filter, values) = filter(plan, scope, false);
        let narrowed = !scope.is_everything() || !plan.conditions.is_empty();
        let total: i64 = match fts::matching(plan) {
            // Words alone: the full-text table counts its matches without the files' rows
            // (it holds only files with a briefing).
            Some(matching) if !narrowed => self.conn.query_row(
                "SELECT count(*) FROM body WHERE body MATCH ?",
                [matching],
                |r| r.get(0),
            )?,
            // Filters alone: the filters' index when it holds every column they read
            // ([`super::schema::FILTERS`]), else a scan of the table (by an order's index,
            // every row would be fetched out of order: 4× slower at 100,000). Nothing at all:
            // every briefing ([`Archive::briefings`], kept). With words, the planner starts
            // from the full-text table's matches.
            matching => {
                let filters = matching.is_none() && scope.is_everything() && plan.narrow();
                let from = match matching {
                    None if plan.conditions.is_empty() => return self.briefings(scope),
                    None if filters => "file INDEXED BY by_filter",
                    None => "file NOT INDEXED",
                    Some(_) => "file",
                };
                let count = |from: &str| {
                    self.conn.query_row(
                        &format!("SELECT count(*) FROM {from} WHERE {filter}"),
                        params_from_iter(values.iter()),
                        |r| r.get(0),
                    )
                };
                // While a big sync makes the filters' index again, it is not there.
                match count(from) {
                    Err(_) if filters && !self.has_filters_index()? => count("file NOT INDEXED")?,
                    other => other?,
                }
            }
        };
        Ok(usize::try_from(total).unwrap_or(0))
    }

    /// How many briefings meet `plan`, whose conditions read only the filters' index, when
    /// it asks two or more of: words, a word's start, filters. The matches of the words and
    /// of each start are read in order from their full-text tables, the filters' from their
    /// index and sorted, and the lists met. SQLite, given them together, fetches each word
    /// match's row (36 ms at 100,000 for a word most briefings hold), or keeps a list in a
    /// temporary index to look each filtered row up in (27 ms; 36 ms for a letter typed
    /// after a filter); here the lists take 3 and 9 ms. A `scope` of fewer than all files is
    /// one list more, kept ([`Archive::scoped`]): SQLite fetched each match's row to look at
    /// its path (a word in every briefing of half of 10,000: 34 ms). `None` when one asks
    /// just one thing, or a word or start is rare (its few rows are best fetched), or the
    /// filters' index is not there.
    fn count_met(&self, plan: &Plan, scope: &Scope) -> rusqlite::Result<Option<usize>> {
        let (starts, others): (Vec<&Condition>, Vec<&Condition>) =
            (plan.conditions.iter()).partition(|c| matches!(c, Condition::Starts(_)));
        let words = fts::matching(plan);
        let asked = usize::from(words.is_some())
            + starts.len()
            + usize::from(!others.is_empty())
            + usize::from(!scope.is_everything());
        if asked < 2 {
            return Ok(None);
        }
        let few = if scope.is_everything() {
            FEW
        } else {
            FEW_SCOPED
        };
        let tables = (words.into_iter().map(|m| ("body", m))).chain((starts.iter()).filter_map(
            |c| match c {
                Condition::Starts(s) => Some(("starts", fts::quoted(s))),
                _ => None,
            },
        ));
        let mut lists: Vec<Vec<i64>> = Vec::new();
        for (table, matching) in tables {
            let sql = format!("SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid");
            let list = self.rowids(&sql, &[Value::Text(matching)])?;
            if list.len() < few {
                return Ok(None);
            }
            lists.push(list);
        }
        if !others.is_empty() {
            let filters = Plan {
                matching: Vec::new(),
                conditions: others.into_iter().cloned().collect(),
            };
            let Some(list) = self.filtered(&filters)? else {
                return Ok(None);
            };
            lists.push(list.to_vec());
        }
        if let Some(list) = self.scoped(scope)? {
            lists.push(list.to_vec());
        }
        let mut lists = lists.into_iter();
        let first = lists.next().unwrap_or_default();
        Ok(Some(lists.fold(first, |a, b| met(&a, &b)).len()))
    }

    /// The rows that meet `filters` (conditions only, each of which reads only the filters'
    /// index), in order, read whole from the filters' index; kept while the index is
    /// unchanged, unless they ask the memory. `None` when the filters' index is not there.
    fn filtered(&self, filters: &Plan) -> rusqlite::Result<Option<std::sync::Arc<Vec<i64>>>> {
        let (filter, values) = filter(filters, &Scope::everything(), false);
        let sql = format!("SELECT rowid FROM file INDEXED BY by_filter WHERE {filter}");
        let keep = !filters.asks_memory();
        let version = {
            let kept = self.kept();
            if let Some((was, with, list)) = &kept.filtered
                && keep
                && *was == sql
                && *with == values
            {
                return Ok(Some(list.clone()));
            }
            kept.version
        };
        if !self.has_filters_index()? {
            return Ok(None);
        }
        let mut list = self.rowids(&sql, &values)?;
        list.sort_unstable();
        let list = std::sync::Arc::new(list);
        let mut kept = self.kept();
        if keep && kept.version == version {
            kept.filtered = Some((sql, values, list.clone()));
        }
        Ok(Some(list))
    }

    /// The rows of the files in `scope` (those that failed to load too), in order, read from
    /// the paths' index; kept while the index is unchanged. `None` for every file.
    fn scoped(&self, scope: &Scope) -> rusqlite::Result<Option<std::sync::Arc<Vec<i64>>>> {
        let Some((cond, values)) = scope.condition() else {
            return Ok(None);
        };
        let key = scope.key();
        let version = {
            let kept = self.kept();
            if let Some((of, list)) = &kept.scoped
                && *of == key
            {
                return Ok(Some(list.clone()));
            }
            kept.version
        };
        let mut list = self.rowids(&format!("SELECT rowid FROM file WHERE {cond}"), &values)?;
        list.sort_unstable();
        let list = std::sync::Arc::new(list);
        let mut kept = self.kept();
        if kept.version == version {
            kept.scoped = Some((key, list.clone()));
        }
        Ok(Some(list))
    }

    /// The rowids `sql` gives, in its order.
    fn rowids(&self, sql: &str, values: &[Value]) -> rusqlite::Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params_from_iter(values.iter()))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(row.get::<_, i64>(0)?);
        }
        Ok(out)
    }

    /// Whether the filters' index is there (a big sync drops it and makes it again).
    fn has_filters_index(&self) -> rusqlite::Result<bool> {
        self.conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'index' AND name = 'by_filter'",
            [],
            |r| r.get(0),
        )
    }

    /// `limit` of the briefings that meet `plan` within `scope` from `offset`, in `order`,
    /// given that `total` of the `of` briefings there do (`of` 0 when not known).
    #[allow(clippy::too_many_arguments)]
    fn page(
        &self,
        plan: &Plan,
        order: Order,
        offset: usize,
        limit: usize,
        scope: &Scope,
        total: usize,
        of: usize,
    ) -> rusqlite::Result<Vec<Listed>> {
        // Words most briefings hold, near the top of the list: each row of the order's index
        // is asked whether it matches, a seek in the full-text index, rather than gathering
        // every match first (at 100,000, 1 ms for a word in all of them against 23 ms). Not
        // for a prefix, whose every seek merges the lists of all the words it starts, nor far
        // down the list, where the rows asked would be many.
        let probes = (offset + limit)
            .saturating_mul(of)
            .checked_div(total)
            .unwrap_or(usize::MAX);
        let probe = plan.seeks() && total.saturating_mul(10) >= of && of > 0 && probes <= PROBES;
        let (filter, values) = filter(plan, scope, probe);
        let (order_by, index) = order.sql();
        // Many matches: walk the order's index until a page is found, rather than sort them
        // all; few: take them from the full-text table (or the filters' scan) and sort those.
        let from = if total > WALK_ORDER {
            format!("file INDEXED BY {index}")
        } else {
            "file".to_string()
        };
        let mut paged = values;
        paged.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        paged.push(Value::Integer(i64::try_from(offset).unwrap_or(i64::MAX)));
        self.listed(
            &format!(
                "SELECT {COLUMNS} FROM {from} WHERE {filter} ORDER BY {order_by} LIMIT ? OFFSET ?"
            ),
            &paged,
        )
    }

    /// How many files in `scope` hold a briefing.
    pub fn briefings(&self, scope: &Scope) -> rusqlite::Result<usize> {
        let key = scope.key();
        let version = {
            let kept = self.kept();
            if let Some((of, n)) = &kept.briefings
                && *of == key
            {
                return Ok(*n);
            }
            kept.version
        };
        let (cond, values) = scope.condition().unwrap_or(("1".into(), Vec::new()));
        let n = self
            .conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM file INDEXED BY by_date WHERE problems IS NULL AND {cond}"
                ),
                params_from_iter(values.iter()),
                |r| r.get::<_, i64>(0),
            )
            .map(|n| usize::try_from(n).unwrap_or(0))?;
        let mut kept = self.kept();
        if kept.version == version {
            kept.briefings = Some((key, n));
        }
        Ok(n)
    }

    fn listed(&self, sql: &str, values: &[Value]) -> rusqlite::Result<Vec<Listed>> {
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
                hash: Fingerprint::from_blob(r.get_ref(11)?.as_blob()?).unwrap_or_default(),
            })
        })?;
        rows.collect()
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

    /// Every file the index holds that failed to load and that `origin` names (`None`: not
    /// one of the command's), with its problem lines as `brief` reports them, in order.
    pub fn failures(
        &self,
        origin: impl Fn(&std::path::Path) -> Option<Origin>,
    ) -> rusqlite::Result<Vec<(Origin, Vec<String>)>> {
        let mut out = Vec::new();
        for (path, problems) in self.problems()? {
            if let Some(origin) = origin(&path) {
                let lines = super::sync::named(&problems, &origin.name());
                out.push((origin, lines));
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// Every file that failed to load, with why.
    pub(crate) fn problems(&self) -> rusqlite::Result<Vec<(PathBuf, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT path, problems FROM file INDEXED BY failed WHERE problems IS NOT NULL
             ORDER BY path",
        )?;
        let rows = stmt.query_map([], |r| {
            let path: Vec<u8> = r.get(0)?;
            Ok((PathBuf::from(OsStr::from_bytes(&path)), r.get(1)?))
        })?;
        rows.collect()
    }
}

/// The values two ascending lists of distinct values share, in order.
fn met(a: &[i64], b: &[i64]) -> Vec<i64> {
    let (mut i, mut j, mut both) = (0, 0, Vec::new());
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both.push(*x);
                i += 1;
                j += 1;
            }
        }
    }
    both
}

/// The answer to a search, as a list is read from it: the plan as run (its prefixes spelt
/// out, [`Archive::spell`]), its order and scope, and how many briefings meet it. It is read
/// from the index it was made by, which it does not hold; a change of the index, the plan,
/// the order or the memory the plan asks needs a new one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    run: Plan,
    order: Order,
    scope: Scope,
    /// How many briefings meet the plan.
    pub total: usize,
}

impl Listing {
    /// The plan as run.
    pub fn plan(&self) -> &Plan {
        &self.run
    }

    /// `limit` of the list's rows from `offset`.
    pub fn window(
        &self,
        archive: &Archive,
        offset: usize,
        limit: usize,
    ) -> rusqlite::Result<Vec<Listed>> {
        // How many briefings the scope holds tells whether a word is in most of them, for a
        // window that can be found row by row ([`Archive::page`]); it is asked only then.
        let probing = self.run.seeks() && offset.saturating_add(limit) <= PROBES;
        let of = if probing {
            archive.briefings(&self.scope)?
        } else {
            0
        };
        archive.page(
            &self.run,
            self.order,
            offset,
            limit,
            &self.scope,
            self.total,
            of,
        )
    }

    /// Where the file at `path` is in the list: how many matches come before it; `None` when
    /// it does not match.
    pub fn rank(
        &self,
        archive: &Archive,
        path: &std::path::Path,
    ) -> rusqlite::Result<Option<usize>> {
        let key = Value::Blob(path.as_os_str().as_bytes().to_vec());
        if !self.meets(archive, path)? {
            return Ok(None);
        }
        let (plan, scope) = (&self.run, &self.scope);
        let (filter, values) = filter(plan, scope, false);
        let keys = self.order.keys();
        let exprs: Vec<&str> = keys.iter().map(|k| k.0).collect();
        let at: Vec<Value> = archive.conn.query_row(
            &format!("SELECT {} FROM file WHERE path = ?", exprs.join(", ")),
            [key],
            |r| (0..keys.len()).map(|i| r.get::<_, Value>(i)).collect(),
        )?;
        // Before the row: ahead on the first key, or level on it and ahead on the next…
        let mut before = String::from("0");
        let mut bound = Vec::new();
        for (i, (expr, down, collate)) in keys.iter().enumerate().rev() {
            let ahead = if *down { ">" } else { "<" };
            before = format!("({expr}{collate} {ahead} ? OR ({expr}{collate} = ? AND {before}))");
            bound.splice(0..0, [at[i].clone(), at[i].clone()]);
        }
        let mut all = values;
        all.extend(bound);
        let from = if plan.matching.is_empty() {
            "file NOT INDEXED"
        } else {
            "file"
        };
        let n: i64 = archive.conn.query_row(
            &format!("SELECT count(*) FROM {from} WHERE {filter} AND {before}"),
            params_from_iter(all.iter()),
            |r| r.get(0),
        )?;
        Ok(Some(usize::try_from(n).unwrap_or(0)))
    }

    /// How many files holding briefing `id` are in the list: a few rows, found by the index
    /// of ids, each asked about the words in turn.
    pub fn count_of(&self, archive: &Archive, id: &str) -> rusqlite::Result<usize> {
        let (filter, mut values) = filter(&self.run, &self.scope, true);
        values.push(Value::Text(id.to_string()));
        archive
            .conn
            .query_row(
                &format!("SELECT count(*) FROM file INDEXED BY by_id WHERE {filter} AND id = ?"),
                params_from_iter(values.iter()),
                |r| r.get::<_, i64>(0),
            )
            .map(|n| usize::try_from(n).unwrap_or(0))
    }

    /// Whether the file at `path` is in the list.
    pub fn meets(&self, archive: &Archive, path: &std::path::Path) -> rusqlite::Result<bool> {
        let (filter, mut values) = filter(&self.run, &self.scope, true);
        values.push(Value::Blob(path.as_os_str().as_bytes().to_vec()));
        archive
            .conn
            .query_row(
                &format!("SELECT 1 FROM file WHERE {filter} AND path = ?"),
                params_from_iter(values.iter()),
                |r| r.get::<_, i64>(0),
            )
            .optional()
            .map(|found| found.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::plan::compile;
    use crate::library::source::Origin;
    use crate::memory::Said;
    use std::path::Path;

    const HARBOUR: &str = "format = 1\n[briefing]\ntitle = \"Harbour talks\"\ndate = 2024-03-01\n\
        region = \"Baltic\"\ntags = [\"shipping\", \"ports\"]\nmarking = \"TLP:GREEN\"\n\
        [summary]\nbluf = \"Ports by the border reopen; the Border stays shut.\"\n\
        [[parties]]\nname = \"Estonia\"\n";

    /// An index in memory of the bundled briefing (under `/a`) and a harbour briefing (under
    /// `/b`, as a file of that name).
    fn archive() -> Archive {
        let dir = tempfile::tempdir().unwrap();
        let mut archive = Archive::in_memory();
        let harbour = dir.path().join("harbour.toml");
        std::fs::write(&harbour, HARBOUR).unwrap();
        for (origin, key) in [
            (Origin::Bundled(0), "/a/bundled.toml"),
            (Origin::File(harbour), "/b/harbour.toml"),
        ] {
            archive.put_origin(&origin, 1 << 20).unwrap();
            archive
                .conn
                .execute(
                    "UPDATE file SET path = ? WHERE rowid = (SELECT max(rowid) FROM file)",
                    [key.as_bytes()],
                )
                .unwrap();
        }
        archive
    }

    fn titles(archive: &Archive, query: &str, scope: &Scope) -> Vec<String> {
        let (_, plan) = compile(query, false).unwrap();
        let page = archive.search(&plan, Order::Date, 0, 10, scope).unwrap();
        assert_eq!(
            page.total,
            page.rows.len(),
            "{query}: the count and the rows agree"
        );
        let rows: Vec<String> = page.rows.into_iter().filter_map(|r| r.title).collect();
        rows.into_iter()
            .map(|t| t.split_whitespace().next().unwrap_or_default().to_string())
            .collect()
    }

    proptest::proptest! {
        /// Two lists are met as sets are.
        #[test]
        fn two_lists_are_met_as_sets(
            a in proptest::collection::btree_set(0i64..300, 0..200),
            b in proptest::collection::btree_set(0i64..300, 0..200),
        ) {
            let (a, b): (Vec<i64>, Vec<i64>) = (a.into_iter().collect(), b.into_iter().collect());
            let both: Vec<i64> = a.iter().filter(|x| b.contains(x)).copied().collect();
            proptest::prop_assert_eq!(met(&a, &b), both);
        }
    }

    #[test]
    fn filters_exclusions_and_either_or() {
        let a = archive();
        let all = Scope::everything();
        let t = |q: &str| titles(&a, q, &all);
        assert_eq!(t(""), ["Harbour", "Armenia–Azerbaijan"]);
        assert_eq!(t("border"), ["Harbour", "Armenia–Azerbaijan"]);
        assert_eq!(t("tag:ship"), ["Harbour"]);
        assert_eq!(t("region:caucasus"), ["Armenia–Azerbaijan"]);
        assert_eq!(t("party:russia"), ["Armenia–Azerbaijan"]);
        assert_eq!(t("speaker:blinken"), ["Armenia–Azerbaijan"]);
        assert_eq!(t("source:jazeera"), ["Armenia–Azerbaijan"]);
        assert_eq!(t("after:2023-01-01"), ["Harbour"]);
        assert_eq!(
            t("after:2022-09-12 before:2022-09-13"),
            ["Armenia–Azerbaijan"]
        );
        assert_eq!(t("border -harbour"), ["Armenia–Azerbaijan"]);
        assert_eq!(t("-tag:ship"), ["Armenia–Azerbaijan"]);
        assert_eq!(t("mortir OR harbour"), ["Harbour", "Armenia–Azerbaijan"]);
        assert_eq!(
            t("tag:ship OR party:russia"),
            ["Harbour", "Armenia–Azerbaijan"]
        );
        assert_eq!(t("mortir OR nothinghere"), ["Armenia–Azerbaijan"]);
        // While a big sync makes the filters' index again, filters count without it.
        a.conn.execute_batch("DROP INDEX by_filter").unwrap();
        assert_eq!(t("tag:ship"), ["Harbour"]);
        assert_eq!(t("-tag:ship after:2020-01-01"), ["Armenia–Azerbaijan"]);
    }

    #[test]
    fn the_memory_filters_read_the_copy_of_the_store() {
        let mut a = archive();
        let all = Scope::everything();
        let bundled_id: String = a
            .conn
            .query_row(
                "SELECT id FROM file WHERE path = ?",
                [b"/a/bundled.toml".as_slice()],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            titles(&a, "is:unread", &all).len(),
            2,
            "nothing remembered: all unread"
        );
        assert_eq!(a.unread(&all).unwrap(), 2);
        a.remember(
            true,
            std::iter::once(Said {
                id: &bundled_id,
                read: true,
                flagged: true,
                noted: false,
                seen: Some(Fingerprint::from(7)),
                holder: None,
            }),
        )
        .unwrap();
        assert_eq!(titles(&a, "is:read", &all), ["Armenia–Azerbaijan"]);
        assert_eq!(titles(&a, "is:unread", &all), ["Harbour"]);
        assert_eq!(titles(&a, "-is:flagged", &all), ["Harbour"]);
        assert_eq!(titles(&a, "is:flagged OR tag:ship", &all).len(), 2);
        assert_eq!(
            titles(&a, "is:updated", &all),
            ["Armenia–Azerbaijan"],
            "read as 7"
        );
        assert!(titles(&a, "has:note", &all).is_empty());
        assert_eq!(a.unread(&all).unwrap(), 1);
        // One briefing's change, without the others'.
        a.remember(
            false,
            std::iter::once(Said {
                id: &bundled_id,
                read: false,
                flagged: false,
                noted: true,
                seen: None,
                holder: None,
            }),
        )
        .unwrap();
        assert_eq!(titles(&a, "has:note", &all), ["Armenia–Azerbaijan"]);
        assert!(titles(&a, "is:updated", &all).is_empty());
        assert_eq!(a.unread(&all).unwrap(), 2);
    }

    #[test]
    fn a_scope_keeps_its_own_folders_files() {
        let a = archive();
        let under_b = Scope::under(&[PathBuf::from("/b")]);
        assert_eq!(titles(&a, "", &under_b), ["Harbour"]);
        assert_eq!(titles(&a, "border", &under_b), ["Harbour"]);
        assert_eq!(a.briefings(&under_b).unwrap(), 1);
        // A folder whose name starts like another's is not inside it.
        assert!(titles(&a, "", &Scope::under(&[PathBuf::from("/b/harb")])).is_empty());
        assert_eq!(
            titles(&a, "", &Scope::under(&[PathBuf::from("/b/harbour.toml")])).len(),
            1
        );
        assert!(under_b.holds(Path::new("/b/x.toml")) && !under_b.holds(Path::new("/bb/x.toml")));
        // Everything the index holds is under `/`: no condition is needed.
        let both = Scope::under(&[PathBuf::from("/a"), PathBuf::from("/b")]);
        assert_eq!(a.narrow(both).unwrap(), Scope::everything());
        assert_eq!(a.narrow(under_b.clone()).unwrap(), under_b);
    }

    /// Within a part of the index the counts meet the part's rows with the words', starts'
    /// and filters' lists: each is what the rows listed are, a file that failed to load in
    /// the part counted nowhere.
    #[test]
    fn a_count_within_part_of_the_index_is_its_rows() {
        let mut a = archive();
        let dir = tempfile::tempdir().unwrap();
        let broken = dir.path().join("broken.toml");
        std::fs::write(&broken, "title = \"border harbour\"\n[[[").unwrap();
        a.put_origin(&Origin::File(broken), 1 << 20).unwrap();
        a.conn
            .execute(
                "UPDATE file SET path = ? WHERE rowid = (SELECT max(rowid) FROM file)",
                [b"/b/broken.toml".as_slice()],
            )
            .unwrap();
        let scopes = [
            Scope::under(&[PathBuf::from("/a")]),
            Scope::under(&[PathBuf::from("/b")]),
            Scope::under(&[PathBuf::from("/b/harbour.toml")]),
            Scope::under(&[PathBuf::from("/c")]),
        ];
        for scope in &scopes {
            for q in [
                "",
                "border",
                "harbour",
                "mortir",
                "tag:ship",
                "tag:ship border",
                "-tag:ship",
                "party:russia mortir",
                "is:unread",
                "is:unread b",
                "b",
                "bo",
                "m",
                "ş",
                "tag:ship h",
                "border harbour",
            ] {
                let plan = a.spell(&compile(q, true).unwrap().1);
                let page = a.search(&plan, Order::Date, 0, 10, scope).unwrap();
                assert_eq!(page.total, page.rows.len(), "{q} in {scope:?}");
                let everywhere = a.search(&plan, Order::Date, 0, 10, &Scope::everything());
                let within: Vec<_> = (everywhere.unwrap().rows.into_iter())
                    .filter(|r| scope.holds(&r.path))
                    .collect();
                assert_eq!(page.rows, within, "{q} in {scope:?}");
            }
        }
    }

    #[test]
    fn a_page_is_the_same_however_the_words_are_asked() {
        let a = archive();
        let all = Scope::everything();
        for query in ["border", "ports OR mortir", "border -harbour", "bord*"] {
            let (_, plan) = compile(query, false).unwrap();
            let total = a.count(&plan, &all).unwrap();
            for order in [Order::Date, Order::Title, Order::Region] {
                let gathered = a.page(&plan, order, 0, 10, &all, total, 0).unwrap();
                // Asked row by row: every briefing of two holds the words of the first ones.
                let probed = a.page(&plan, order, 0, 10, &all, total, 2).unwrap();
                assert_eq!(gathered, probed, "{query}");
                assert_eq!(gathered.len(), total, "{query}");
            }
        }
    }

    #[test]
    fn a_prefix_of_few_words_is_spelt_out_as_them() {
        let a = archive();
        let all = Scope::everything();
        let typed = |q: &str| compile(q, true).unwrap().1;
        let expanded = a.spell(&typed("mortir bord"));
        assert_eq!(
            fts::matching(&expanded).as_deref(),
            Some("\"mortir\" AND (\"border\")")
        );
        assert_eq!(a.count(&expanded, &all).unwrap(), 1);
        // No word starts with `zzq`; a phrase's prefix is left to FTS5.
        for q in ["zzq", "\"no milit"] {
            let p = typed(q);
            assert_eq!(a.spell(&p), p, "{q}");
        }
        // One or two letters alone are asked of how the rows' words start, not of the words.
        for (q, start) in [("S", "s"), ("Şu", "su"), ("ք", "ք")] {
            let s = a.spell(&typed(q));
            assert!(s.matching.is_empty(), "{s:?}");
            assert_eq!(s.conditions, [Condition::Starts(start.into())]);
        }
        // Spelt out or not, a prefix finds the same briefings, in every script, folded.
        for q in [
            "bord",
            "harb",
            "mil",
            "s",
            "ølv",
            "o",
            "ş",
            "m",
            "z",
            "ք",
            "к",
            "ب",
            "7",
            "q",
            "harbour h",
            "bo",
            "mi",
            "ha",
            "şu",
            "øl",
            "zz",
            "7a",
            "tag:armenia mi",
        ] {
            let p = typed(q);
            let total = a.count(&p, &all).unwrap();
            let spelt = a.spell(&p);
            assert_eq!(a.count(&spelt, &all).unwrap(), total, "{q}");
            // And the same rows, gathered or each row asked in turn.
            for order in [Order::Date, Order::Title, Order::Region] {
                let asked = a.page(&p, order, 0, 10, &all, total, 0).unwrap();
                for of in [0, total.max(1)] {
                    let rows = a.page(&spelt, order, 0, 10, &all, total, of).unwrap();
                    assert_eq!(rows, asked, "{q} {of}");
                }
            }
        }
    }

    #[test]
    fn what_a_connection_keeps_is_forgotten_when_the_index_changes() {
        let dir = tempfile::tempdir().unwrap();
        let (mut writer, _) = Archive::open(dir.path());
        // A file of the harbour briefing under another title, put in the index by `archive`.
        let put = |archive: &mut Archive, name: &str, title: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, HARBOUR.replace("Harbour talks", title)).unwrap();
            archive.put_origin(&Origin::File(path), 1 << 20).unwrap();
        };
        put(&mut writer, "a.toml", "Harbour talks");
        let reader = Archive::open_read(dir.path()).unwrap();
        let typed = |q: &str| compile(q, true).unwrap().1;
        let spelt = |a: &Archive, q: &str| fts::matching(&a.spell(&typed(q))).unwrap();
        assert_eq!(spelt(&reader, "harb"), "(\"harbour\")");
        assert_eq!(spelt(&reader, "harbo"), "(\"harbour\")");
        assert_eq!(spelt(&writer, "harb"), "(\"harbour\")");
        let (all, every) = (Scope::everything(), Plan::default());
        assert_eq!(reader.briefings(&all).unwrap(), 1);
        assert_eq!(writer.count(&every, &all).unwrap(), 1);
        // Another connection writes a word: the reader asks the index again.
        let (mut other, _) = Archive::open(dir.path());
        put(&mut other, "b.toml", "Harbourmaster's report");
        assert_eq!(
            spelt(&reader, "harbou"),
            "(\"harbour\" OR \"harbourmaster\")"
        );
        assert_eq!(spelt(&reader, "harbourm"), "(\"harbourmaster\")");
        assert_eq!(reader.count(&every, &all).unwrap(), 2);
        let listed = reader.search(&every, Order::Date, 0, 9, &all).unwrap();
        assert_eq!((listed.total, listed.rows.len()), (2, 2));
        // This connection writes one: it forgets what it kept.
        assert_eq!(spelt(&writer, "harb"), "(\"harbour\" OR \"harbourmaster\")");
        assert_eq!(writer.briefings(&all).unwrap(), 2);
        put(&mut writer, "c.toml", "Harboured ships");
        assert_eq!(
            spelt(&writer, "harbo"),
            "(\"harbour\" OR \"harboured\" OR \"harbourmaster\")"
        );
        assert_eq!(writer.briefings(&all).unwrap(), 3);
        // And the rows of a part of it, kept for its counts.
        let part = Scope::under(&[dir.path().join("a.toml"), dir.path().join("d.toml")]);
        let harbour = typed("harbour");
        assert_eq!(writer.count(&harbour, &part).unwrap(), 1);
        put(&mut other, "d.toml", "Harbour again");
        assert_eq!(writer.count(&harbour, &part).unwrap(), 2);
    }

    #[test]
    fn a_rank_is_the_place_in_every_order() {
        let a = archive();
        let all = Scope::everything();
        let every = Plan::default();
        for order in [Order::Date, Order::Title, Order::Region] {
            let page = a.search(&every, order, 0, 10, &all).unwrap();
            let listing = a.listing(&every, order, &all).unwrap();
            assert_eq!(listing.window(&a, 0, 10).unwrap(), page.rows);
            for (i, row) in page.rows.iter().enumerate() {
                assert_eq!(listing.rank(&a, &row.path).unwrap(), Some(i), "{order:?}");
                assert!(listing.meets(&a, &row.path).unwrap());
            }
        }
        let (_, harbour) = compile("tag:ship", false).unwrap();
        let page = a.search(&every, Order::Date, 0, 10, &all).unwrap();
        let harbours = a.listing(&harbour, Order::Date, &all).unwrap();
        assert_eq!(harbours.rank(&a, &page.rows[1].path).unwrap(), None);
        assert!(!harbours.meets(&a, &page.rows[1].path).unwrap());
        assert_eq!(harbours.count_of(&a, "harbour").unwrap(), 1);
        // A word's start as typed: ranks, meets and counts as the prefix does.
        for q in ["ha", "h", "bo", "zz"] {
            let (_, typed) = compile(q, true).unwrap();
            let listing = a.listing(&typed, Order::Title, &all).unwrap();
            assert!(matches!(
                listing.plan().conditions[..],
                [Condition::Starts(_)]
            ));
            let rows = listing.window(&a, 0, 10).unwrap();
            assert_eq!(rows.len(), listing.total, "{q}");
            for (i, row) in rows.iter().enumerate() {
                assert_eq!(listing.rank(&a, &row.path).unwrap(), Some(i), "{q}");
                assert!(listing.meets(&a, &row.path).unwrap(), "{q}");
            }
            for row in &page.rows {
                let found = rows.iter().any(|r| r.path == row.path);
                assert_eq!(listing.meets(&a, &row.path).unwrap(), found, "{q}");
                let id = row.id.as_deref().unwrap();
                assert_eq!(listing.count_of(&a, id).unwrap(), usize::from(found), "{q}");
            }
        }
    }

    #[test]
    fn titles_shared_and_column_widths() {
        let a = archive();
        let all = Scope::everything();
        assert_eq!(a.same_title("Harbour talks", 0, &all).unwrap().len(), 1);
        assert_eq!(
            a.same_title("harbour TALKS", 0, &all).unwrap(),
            [],
            "titles are told apart as written"
        );
        let widest = a.widest(&all).unwrap();
        assert_eq!(widest.marking, "TLP:GREEN".len());
        assert_eq!(widest.region, "South Caucasus".len());
        assert!(widest.tags >= "shipping, ports".len(), "{widest:?}");
    }
}
