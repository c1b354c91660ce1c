//! The library's state: every briefing loaded so far, the files that failed, the filter and
//! sort that make the list on screen, and the selected row.
//!
//! Briefings arrive from the loader one by one; the list is rebuilt (search, then sort) at
//! most once per frame, and the selection follows the same briefing, not the same row.

use std::borrow::Cow;
use std::collections::HashMap;

use ratatui::layout::Rect;

use super::action::Action;
use crate::briefing::sanitize;
use crate::geometry::library as layout;
use crate::library::ids::Ids;
use crate::library::index::{Entry, Index};
use crate::library::loader::{Failure, Msg};
use crate::library::query::{self, Hit, Query, QueryError, Recall};
use crate::library::source::Origin;
use crate::store::Marks;
use crate::text::display_width;

/// The order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Newest first.
    #[default]
    Date,
    /// A to Z, then newest first.
    Title,
    /// A to Z (briefings without a region last), then newest first.
    Region,
}

impl Sort {
    pub fn next(self) -> Self {
        match self {
            Sort::Date => Sort::Title,
            Sort::Title => Sort::Region,
            Sort::Region => Sort::Date,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Sort::Date => "date",
            Sort::Title => "title",
            Sort::Region => "region",
        }
    }
}

/// The widest value of each optional column so far, capped, so columns fit their contents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Widths {
    pub region: usize,
    pub tags: usize,
    pub marking: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Library {
    pub index: Index,
    /// Files that failed to load, in path order.
    pub failures: Vec<Failure>,
    /// How many problem lines come before each failure's, so the problems list can find any
    /// line without going through the ones before it.
    line_starts: Vec<usize>,
    /// How many briefings have each title, and each title and id (by hash): where titles
    /// collide, the list shows what tells the briefings apart.
    same_title: HashMap<u64, u32>,
    same_title_and_id: HashMap<u64, u32>,
    /// Every briefing's id, to report two that share one.
    pub ids: Ids,
    /// Files the scan found, once it is done.
    pub total: Option<usize>,
    /// Whether every file has been loaded.
    pub done: bool,
    pub sort: Sort,
    /// The filter in force, as typed.
    pub query: String,
    parsed: Query,
    /// Why the query being typed cannot be used (the list keeps the last good one).
    pub query_error: Option<QueryError>,
    /// The briefings shown, in order.
    pub view: Vec<Hit>,
    pub selected: usize,
    /// The first row on screen.
    pub top: usize,
    pub widths: Widths,
    /// The terminal's size.
    pub size: Rect,
    /// The list needs rebuilding before it is next drawn.
    stale: bool,
    /// How many briefings are unread, and whether that needs counting again.
    pub unread: usize,
    recount: bool,
    /// The briefing the selection is on, kept across sorting, filtering and reloading.
    selected_origin: Option<Origin>,
    /// Each entry's place in the current order, and the sort and entry count it was made for:
    /// a search then sorts its hits by a number, whatever the order.
    ranks: Vec<u32>,
    ranked: (Sort, usize),
}

impl Library {
    pub fn new(size: Rect) -> Self {
        Self {
            size,
            ..Self::default()
        }
    }

    /// Takes one report from the loader.
    pub fn receive(&mut self, msg: Msg) {
        match msg {
            Msg::Scanned(n) => {
                self.total = Some(n);
                // Room for every briefing at once, rather than growing (and copying) by halves.
                let more = n.saturating_sub(self.index.entries.len());
                self.index.entries.reserve(more);
            }
            Msg::Loaded(entry) => {
                let e = &entry;
                *self.same_title.entry(hash(&e.title)).or_default() += 1;
                *self
                    .same_title_and_id
                    .entry(hash(&(&e.title, &e.id)))
                    .or_default() += 1;
                self.ids.add(&e.id, &e.origin);
                let w = &mut self.widths;
                w.region = w.region.max(e.region.as_deref().map_or(0, display_width));
                w.tags = w.tags.max(display_width(&e.tags.join(", ")));
                w.marking = w.marking.max(e.marking.as_deref().map_or(0, display_width));
                self.index.push(*entry);
                self.stale = true;
            }
            // Kept in path order, whatever order the loading threads finish in.
            Msg::Failed(f) => {
                let at = self.failures.partition_point(|g| g.origin < f.origin);
                let lines = f.lines.len();
                let start = match at {
                    0 => 0,
                    _ => self.line_starts[at - 1] + self.failures[at - 1].lines.len(),
                };
                // Mostly at the end: the loading threads finish in about path order.
                for later in &mut self.line_starts[at..] {
                    *later += lines;
                }
                self.line_starts.insert(at, start);
                self.failures.insert(at, f);
            }
            Msg::Done => {
                self.done = true;
                self.stale = true;
            }
        }
    }

    /// Briefings loaded and failed so far.
    pub fn loaded(&self) -> usize {
        self.index.entries.len() + self.failures.len()
    }

    /// What tells `entry` apart from other briefings with its title, when there are any: its
    /// id, or where the ids are the same too, the folder it is in.
    pub fn tell_apart(&self, entry: &Entry) -> Option<String> {
        if self
            .same_title
            .get(&hash(&entry.title))
            .is_none_or(|&n| n < 2)
        {
            return None;
        }
        let both = hash(&(&entry.title, &entry.id));
        Some(match (self.same_title_and_id.get(&both), &entry.origin) {
            (Some(&n), Origin::File(path)) if n > 1 => {
                let folder = path.parent().unwrap_or(path);
                sanitize::quoted(&format!("{}/", folder.display())).into_owned()
            }
            _ => entry.id.clone(),
        })
    }

    /// How many problems there are: files that failed to load and briefings that share an
    /// id with another.
    pub fn problems(&self) -> usize {
        self.failures.len() + self.ids.count()
    }

    /// How many lines the problems list has: every failed file's lines, then a line for each
    /// briefing that shares its id.
    pub fn problem_count(&self) -> usize {
        self.failure_lines() + self.ids.count()
    }

    fn failure_lines(&self) -> usize {
        self.failures.last().map_or(0, |f| {
            self.line_starts[self.failures.len() - 1] + f.lines.len()
        })
    }

    /// Problem line `i` of [`Self::problem_count`].
    pub fn problem_line(&self, i: usize) -> Cow<'_, str> {
        let failed = self.failure_lines();
        if i >= failed {
            // Few, if any: no index is kept.
            return Cow::Owned(self.ids.lines().nth(i - failed).unwrap_or_default());
        }
        let f = self.line_starts.partition_point(|&start| start <= i) - 1;
        Cow::Borrowed(&self.failures[f].lines[i - self.line_starts[f]])
    }

    /// Forgets everything loaded, for a reload; the filter, sort and selection stay.
    pub fn clear(&mut self) {
        self.index = Index::default();
        self.failures.clear();
        self.line_starts.clear();
        self.same_title.clear();
        self.same_title_and_id.clear();
        self.ids.clear();
        self.total = None;
        self.done = false;
        self.widths = Widths::default();
        self.view.clear();
        self.stale = true;
    }

    /// Sets the filter. A query that cannot be parsed is reported and the list stays as it was.
    pub fn set_query(&mut self, query: &str) {
        match query::parse(query) {
            Ok(parsed) => {
                self.query = query.to_string();
                self.parsed = parsed;
                self.query_error = None;
                self.stale = true;
            }
            Err(e) => self.query_error = Some(e),
        }
    }

    /// What is remembered of the briefings changed: the unread count, and the list if an
    /// `is:` filter looks at it, need rebuilding.
    pub fn remarked(&mut self) {
        self.recount = true;
        if self.parsed.terms.iter().any(query::Term::asks_memory) {
            self.stale = true;
        }
    }

    /// Briefing `id` was marked: from `before` to `after`. The unread count and the list
    /// follow for its entries alone, so that a key costs the same in any size of library.
    pub fn marked(&mut self, id: &str, before: Marks, after: Marks, recall: &Recall<'_>) {
        let entries: Vec<usize> = (self.index.entries.iter().enumerate())
            .filter(|(_, e)| e.id == id)
            .map(|(i, _)| i)
            .collect();
        if before.read != after.read && !self.recount {
            if after.read {
                self.unread = self.unread.saturating_sub(entries.len());
            } else {
                self.unread += entries.len();
            }
        }
        let filtered = self.parsed.terms.iter().any(query::Term::asks_memory);
        if !filtered || self.stale {
            return;
        }
        for entry in entries {
            let hit = query::hit(&self.index, &self.parsed, recall, entry);
            let shown = self.view.iter().position(|h| h.entry == entry);
            match (shown, hit) {
                (Some(at), None) => {
                    self.view.remove(at);
                }
                (None, Some(hit)) => {
                    self.ranks();
                    let ranks = &self.ranks;
                    let at = (self.view).partition_point(|h| ranks[h.entry] < ranks[entry]);
                    self.view.insert(at, hit);
                }
                (Some(at), Some(hit)) => self.view[at] = hit,
                (None, None) => {}
            }
        }
        self.selected = self.selected.min(self.view.len().saturating_sub(1));
        self.keep_selection_visible();
    }

    /// The briefing the selection is on.
    pub fn selected_entry(&self) -> Option<&Entry> {
        let hit = self.view.get(self.selected)?;
        self.index.entries.get(hit.entry)
    }

    /// The filter in force, parsed: the reader searches a briefing opened from the list for
    /// its words.
    pub fn parsed(&self) -> &Query {
        &self.parsed
    }

    /// The filter's words as the reader's search line shows them (its filters, such as
    /// `tag:`, do not apply within one briefing).
    pub fn query_words(&self) -> String {
        self.parsed
            .terms
            .iter()
            .filter_map(|t| match t {
                query::Term::Text { needle, .. } => Some(format!("\"{needle}\"")),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Rebuilds the list if anything changed since it was last built, given what is
    /// remembered of each briefing (for `is:` and `has:` filters, and the unread count).
    pub fn refresh(&mut self, recall: &Recall<'_>) {
        if self.recount || self.stale {
            self.recount = false;
            self.unread = (self.index.entries.iter())
                .filter(|e| !recall.marks(e).read)
                .count();
        }
        if !self.stale {
            return;
        }
        self.stale = false;
        let mut view = query::search(&self.index, &self.parsed, recall);
        let ranks = self.ranks();
        view.sort_unstable_by_key(|h| ranks[h.entry]);
        self.view = view;
        let entries = &self.index.entries;
        self.selected = self
            .selected_origin
            .as_ref()
            .and_then(|o| self.view.iter().position(|h| entries[h.entry].origin == *o))
            .unwrap_or(self.selected)
            .min(self.view.len().saturating_sub(1));
        self.keep_selection_visible();
    }

    /// Each entry's place in the order of [`Library::sort`], remade only when the entries or
    /// the sort changed.
    fn ranks(&mut self) -> &[u32] {
        let n = self.index.entries.len();
        if self.ranked != (self.sort, n) || self.ranks.len() != n {
            let entries = &self.index.entries;
            // Ties go by path, so the order never depends on which file loaded first.
            let newest_first = |a: usize, b: usize| {
                (entries[b].date.cmp(&entries[a].date))
                    .then_with(|| entries[a].origin.cmp(&entries[b].origin))
            };
            let mut order: Vec<usize> = (0..n).collect();
            match self.sort {
                Sort::Date => order.sort_by(|&a, &b| {
                    (entries[b].date.cmp(&entries[a].date))
                        .then_with(|| entries[a].keys.title.cmp(&entries[b].keys.title))
                        .then_with(|| entries[a].origin.cmp(&entries[b].origin))
                }),
                Sort::Title => order.sort_by(|&a, &b| {
                    entries[a]
                        .keys
                        .title
                        .cmp(&entries[b].keys.title)
                        .then_with(|| newest_first(a, b))
                }),
                Sort::Region => order.sort_by(|&a, &b| {
                    let key =
                        |i: usize| (entries[i].keys.region.is_empty(), &entries[i].keys.region);
                    key(a).cmp(&key(b)).then_with(|| newest_first(a, b))
                }),
            }
            self.ranks = vec![0; n];
            for (rank, &entry) in order.iter().enumerate() {
                self.ranks[entry] = u32::try_from(rank).unwrap_or(u32::MAX);
            }
            self.ranked = (self.sort, n);
        }
        &self.ranks
    }

    /// The selected briefing's origin.
    pub fn selected(&self) -> Option<&Origin> {
        self.view
            .get(self.selected)
            .map(|h| &self.index.entries[h.entry].origin)
    }

    /// Rows of the list on screen.
    pub fn rows(&self) -> usize {
        layout::list_rows(self.size)
    }

    fn keep_selection_visible(&mut self) {
        let rows = self.rows().max(1);
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + rows {
            self.top = self.selected + 1 - rows;
        }
        self.top = self.top.min(self.view.len().saturating_sub(rows));
    }

    fn select(&mut self, row: usize) {
        self.selected = row.min(self.view.len().saturating_sub(1));
        self.selected_origin = self.selected().cloned();
        self.keep_selection_visible();
    }

    pub fn resize(&mut self, size: Rect) {
        self.size = size;
        self.keep_selection_visible();
    }

    /// Applies a movement or sort action; the others are not the list's to handle.
    pub fn update(&mut self, action: Action) {
        let page = self.rows().max(1);
        let at = self.selected;
        match action {
            Action::LineDown => self.select(at + 1),
            Action::LineUp => self.select(at.saturating_sub(1)),
            Action::HalfPageDown => self.select(at + page / 2),
            Action::HalfPageUp => self.select(at.saturating_sub(page / 2)),
            Action::PageDown => self.select(at + page),
            Action::PageUp => self.select(at.saturating_sub(page)),
            Action::Top => self.select(0),
            Action::Bottom => self.select(usize::MAX),
            Action::CycleSort => {
                self.selected_origin = self.selected().cloned();
                self.sort = self.sort.next();
                self.stale = true;
            }
            _ => {}
        }
    }
}

fn hash(value: &impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(name: &str, lines: usize) -> Msg {
        Msg::Failed(Failure {
            origin: Origin::File(name.into()),
            lines: (0..lines).map(|i| format!("{name} {i}")).collect(),
        })
    }

    #[test]
    fn problem_lines_are_in_path_order_whatever_order_files_fail_in() {
        let mut library = Library::default();
        for msg in [
            failed("c", 2),
            failed("a", 1),
            failed("d", 3),
            failed("b", 0),
        ] {
            library.receive(msg);
        }
        let lines: Vec<String> = (0..library.problem_count())
            .map(|i| library.problem_line(i).into_owned())
            .collect();
        assert_eq!(lines, ["a 0", "c 0", "c 1", "d 0", "d 1", "d 2"]);
        library.clear();
        assert_eq!(library.problem_count(), 0);
    }
}
