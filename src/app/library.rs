//! The library's state: the index it lists (what the index holds, at once, while a
//! background thread brings it up to date with the folders), the filter and sort that make
//! the list, the rows around the screen, and the selected row.
//!
//! The list is never held whole: the index answers with a listing ([`Listing`]: how many
//! match, then the rows around the screen, where the followed briefing is), so a library of
//! 100,000 briefings costs what one screen of it does. No file is read on a key: the rows'
//! excerpts come from text read on another thread ([`Texts`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratatui::layout::Rect;

use super::action::Action;
use super::memory::{Changed, Memory};
use crate::archive::Archive;
use crate::archive::catalog::{self, Catalog};
use crate::archive::indexer::{Indexer, Report};
use crate::archive::plan::{self, Plan};
use crate::archive::scope::Scope;
use crate::archive::search::{Listed, Listing};
use crate::briefing::sanitize;
use crate::geometry::library as layout;
use crate::library::ids::Ids;
use crate::library::query::{self, Query, QueryError};
use crate::library::source::{Origin, Sources};
use crate::library::texts::Texts;
use crate::text;

/// The order of the list: newest first, by title, or by region.
pub use crate::archive::search::Order as Sort;

/// How often the list is read again while the index is being brought up to date, to show
/// what has been indexed since.
const RELIST: Duration = Duration::from_millis(400);

/// The widest value of each optional column, so columns fit their contents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Widths {
    pub region: usize,
    pub tags: usize,
    pub marking: usize,
}

/// One row of the list, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub listed: Listed,
    pub origin: Origin,
    /// What tells the briefing apart from others with its title (its id, or where the ids
    /// are the same too, its folder), once looked for; and where the filter's words are in
    /// it (`Reactions: …text…`). Only rows on screen are looked at, as they come into view;
    /// an excerpt stays `None` while the row's text is being read.
    pub apart: Option<Option<Apart>>,
    pub excerpt: Option<Option<String>>,
}

/// What tells a briefing apart from others of its title: `whole` (its id, or where the ids are
/// the same too, its folder), and `part`, the same from where it differs from theirs
/// (`…w03-weekly`), shown when the whole does not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Apart {
    pub whole: String,
    pub part: String,
}

/// The index the list is read from.
#[derive(Debug, Default)]
enum Index {
    /// None yet: the index is being made.
    #[default]
    Nothing,
    /// The index on disk as it was, read while it is brought up to date.
    Early(Box<Archive>),
    /// The index up to date with the walk.
    Built(Box<Catalog>),
}

impl Index {
    fn archive(&self) -> Option<&Archive> {
        match self {
            Index::Nothing => None,
            Index::Early(a) => Some(a),
            Index::Built(c) => Some(&c.archive),
        }
    }

    fn archive_mut(&mut self) -> Option<&mut Archive> {
        match self {
            Index::Nothing => None,
            Index::Early(a) => Some(a),
            Index::Built(c) => Some(&mut c.archive),
        }
    }
}

#[derive(Debug)]
pub struct Library {
    index: Index,
    /// The files of this library within the index.
    scope: Scope,
    indexer: Option<Indexer>,
    /// The walk waits for the first frame ([`Library::pump`] starts it): a big index lists at
    /// once, and the walk's threads would share the cores with that frame.
    waiting: bool,
    sources: Sources,
    /// The index's folder; `None` keeps it in memory.
    folder: Option<PathBuf>,
    max_size: u64,
    /// Files read of those to read, while indexing; `None` while the folders are walked.
    pub progress: Option<(usize, usize)>,
    /// Whether another `brief` is bringing the index up to date, and this library's indexing
    /// waits for it to end before it walks.
    pub behind: bool,
    /// Whether the index is up to date with the folders.
    pub done: bool,
    pub sort: Sort,
    /// The filter in force, as typed.
    pub query: String,
    parsed: Query,
    /// Whether the filter has words (worked out once, not at every frame).
    words: bool,
    plan: Plan,
    /// The index's answer to the filter in the sort, read again when either or the index
    /// changes.
    listing: Listing,
    /// Why the query being typed cannot be used (the list keeps the last good one).
    pub query_error: Option<QueryError>,
    /// How many briefings match the filter.
    pub matching: usize,
    /// How many briefings the library has.
    pub briefings: usize,
    /// Rows of the list from `window_start`: those on screen and a screen either side.
    window_start: usize,
    window: Vec<Shown>,
    pub selected: usize,
    /// The first row on screen.
    pub top: usize,
    pub widths: Widths,
    /// The terminal's size.
    pub size: Rect,
    /// The list needs reading again before it is next drawn.
    stale: bool,
    /// How many briefings are unread, and whether that needs counting again.
    pub unread: usize,
    recount: bool,
    /// The index's copy of the memory must be made whole (a new connection).
    remember_all: bool,
    /// The briefing the selection is on (its file's key in the index), followed across
    /// sorting, filtering and indexing once the user has moved.
    follow: Option<PathBuf>,
    /// Files that failed to load, with their problem lines, in path order.
    failures: Vec<(Origin, Vec<String>)>,
    /// How many problem lines come before each failure's.
    line_starts: Vec<usize>,
    /// Briefings that share an id.
    pub ids: Ids,
    /// Something to say once in the status bar: the index moved aside, kept in memory…
    pub notice: Option<String>,
    listed_at: Option<Instant>,
    /// What tells each briefing looked at apart, by row in the index (forgotten when the
    /// index changes).
    aparts: HashMap<i64, Option<Apart>>,
    /// The searchable text of briefings on screen, read off the key path, for the excerpts.
    texts: Texts,
}

impl Library {
    /// The library of `sources`, indexed in `folder` (in memory when `None`): lists what the
    /// index already holds of them at once, and brings it up to date in the background.
    pub fn open(sources: Sources, folder: Option<PathBuf>, max_size: u64, size: Rect) -> Self {
        let early = folder.as_deref().and_then(Archive::open_read);
        let scope = Scope::under(&catalog::roots(
            &sources,
            &std::env::current_dir().unwrap_or_default(),
        ));
        let scope = match &early {
            Some(archive) => archive.narrow(scope.clone()).unwrap_or(scope),
            None => scope,
        };
        let mut library = Self {
            index: early.map_or(Index::Nothing, |a| Index::Early(Box::new(a))),
            scope,
            indexer: None,
            waiting: false,
            sources,
            folder,
            max_size,
            progress: None,
            behind: false,
            done: false,
            sort: Sort::default(),
            query: String::new(),
            parsed: Query::default(),
            words: false,
            plan: Plan::default(),
            listing: Listing::default(),
            query_error: None,
            matching: 0,
            briefings: 0,
            window_start: 0,
            window: Vec::new(),
            selected: 0,
            top: 0,
            widths: Widths::default(),
            size,
            stale: true,
            unread: 0,
            recount: true,
            remember_all: true,
            follow: None,
            failures: Vec::new(),
            line_starts: Vec::new(),
            ids: Ids::default(),
            notice: None,
            listed_at: None,
            aparts: HashMap::new(),
            texts: Texts::new(max_size),
        };
        // What the index holds is listed at once, before the walk.
        library.measure(true);
        library.relist();
        // A library of one briefing, or none yet, may open it straight ([`Library::settle`]).
        if library.briefings > 1 {
            library.waiting = true;
        } else {
            library.reindex();
        }
        library
    }

    /// Brings the index up to date with the folders again (`R`); the list stays meanwhile.
    /// An indexing under way is cancelled, and the new one starts once it has ended.
    pub fn reindex(&mut self) {
        self.waiting = false;
        self.done = false;
        self.progress = None;
        self.behind = false;
        let after = self.indexer.as_mut().and_then(Indexer::cancel);
        self.indexer = Some(Indexer::start(
            self.sources.clone(),
            self.folder.clone(),
            self.max_size,
            after,
        ));
    }

    /// Whether the index is still being brought up to date.
    pub fn indexing(&self) -> bool {
        self.waiting || self.indexer.is_some()
    }

    /// Whether the text of rows on screen is still being read for their excerpts.
    pub fn reading(&self) -> bool {
        self.texts.reading()
    }

    /// Takes what the indexing thread has reported; true when something changed.
    pub fn pump(&mut self) -> bool {
        let mut changed = false;
        if self.waiting {
            self.reindex();
        }
        while let Some(report) = self.indexer.as_ref().and_then(Indexer::try_recv) {
            self.receive(report);
            changed = true;
        }
        // Texts read for the rows' excerpts.
        if self.texts.take() {
            self.look_closer();
            changed = true;
        }
        // What has been indexed since the list was read shows as it comes.
        if self.indexer.is_some() && self.listed_at.is_none_or(|t| t.elapsed() >= RELIST) {
            if matches!(self.index, Index::Nothing)
                && let Some(early) = self.folder.as_deref().and_then(Archive::open_read)
            {
                self.scope = early
                    .narrow(self.scope.clone())
                    .unwrap_or(self.scope.clone());
                self.index = Index::Early(Box::new(early));
                self.remember_all = true;
            }
            if self.index.archive().is_some() {
                // The columns' widths once, while there are few rows: measuring them reads
                // every row (the walk keeps them for next time when it ends).
                self.measure(self.widths == Widths::default());
                self.stale = true;
                self.recount = true;
                changed = true;
            }
            self.listed_at = Some(Instant::now());
        }
        changed
    }

    /// Waits up to `budget` for the index to be up to date, for a library so small that it
    /// is done before the first frame (one briefing then opens straight in the reader); true
    /// when it is. A library the index already lists several briefings of does not wait, and
    /// one whose walk finds a second file stops waiting then.
    pub fn settle(&mut self, budget: Duration) -> bool {
        if self.briefings > 1 {
            return self.done;
        }
        let deadline = Instant::now() + budget;
        while self.indexer.is_some() {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(report) = self.indexer.as_ref().and_then(|i| i.recv_within(left)) else {
                break;
            };
            let several = matches!(report, Report::Several);
            self.receive(report);
            // More than one file: not one briefing to open straight.
            if several || self.progress.is_some_and(|(_, of)| of > 1) {
                break;
            }
        }
        self.done
    }

    /// Takes one report of the indexing thread.
    pub fn receive(&mut self, report: Report) {
        match report {
            Report::Indexing(done, of) => {
                self.progress = Some((done, of));
                self.behind = false;
            }
            // Only [`Library::settle`] asks.
            Report::Several => {}
            Report::Waiting => self.behind = true,
            Report::Built(Ok(catalog)) => {
                self.indexer = None;
                self.done = true;
                self.progress = None;
                self.behind = false;
                self.notice = catalog.opened.message();
                self.scope = catalog.scope.clone();
                let failures = catalog.failures().unwrap_or_else(|e| {
                    vec![(
                        Origin::File(PathBuf::new()),
                        vec![format!("cannot read the index's problems: {e}")],
                    )]
                });
                self.set_failures(failures);
                self.ids = Ids::default();
                for (id, origin) in catalog.shared_ids().unwrap_or_default() {
                    self.ids.add(&id, &origin);
                }
                self.index = Index::Built(catalog);
                self.remember_all = true;
                self.measure(true);
                self.stale = true;
                self.recount = true;
            }
            Report::Built(Err(why)) => {
                self.indexer = None;
                self.done = true;
                self.progress = None;
                self.behind = false;
                self.notice = Some(format!("cannot index the briefings: {why}"));
            }
        }
    }

    /// Sets the files that failed to load, with their problem lines, in path order.
    pub fn set_failures(&mut self, failures: Vec<(Origin, Vec<String>)>) {
        self.line_starts = (failures.iter())
            .scan(0, |start, (_, lines)| {
                let at = *start;
                *start += lines.len();
                Some(at)
            })
            .collect();
        self.failures = failures;
    }

    /// Counts the briefings and, with `widths`, measures the optional columns; before the walk
    /// is done, the problems are those the index holds of files in the library.
    fn measure(&mut self, widths: bool) {
        self.aparts.clear();
        let Some(archive) = self.index.archive() else {
            return;
        };
        if let Index::Early(_) = self.index {
            let scope = &self.scope;
            let failures =
                archive.failures(|path| scope.holds(path).then(|| Origin::File(path.into())));
            if let Ok(failures) = failures {
                self.set_failures(failures);
            }
        }
        let Some(archive) = self.index.archive() else {
            return;
        };
        self.briefings = archive.briefings(&self.scope).unwrap_or(0);
        if widths && let Ok(w) = archive.widest(&self.scope) {
            self.widths = Widths {
                region: w.region,
                tags: w.tags,
                marking: w.marking,
            };
        }
    }

    /// How many problems there are: files that failed to load and briefings that share an
    /// id with another.
    pub fn problems(&self) -> usize {
        self.failures.len() + self.ids.count()
    }

    /// The files that failed to load, and why.
    pub fn failures(&self) -> &[(Origin, Vec<String>)] {
        &self.failures
    }

    /// How many lines the problems list has: every failed file's lines, then a line for each
    /// briefing that shares its id.
    pub fn problem_count(&self) -> usize {
        self.failure_lines() + self.ids.count()
    }

    fn failure_lines(&self) -> usize {
        (self.line_starts.last())
            .zip(self.failures.last())
            .map_or(0, |(start, (_, lines))| start + lines.len())
    }

    /// Problem line `i` of [`Self::problem_count`].
    pub fn problem_line(&self, i: usize) -> Cow<'_, str> {
        let failed = self.failure_lines();
        if i >= failed {
            return Cow::Owned(self.ids.lines().nth(i - failed).unwrap_or_default());
        }
        let f = self.line_starts.partition_point(|&start| start <= i) - 1;
        Cow::Borrowed(&self.failures[f].1[i - self.line_starts[f]])
    }

    /// Sets the filter; `typing` when it comes from the search line, where its last word
    /// matches as a prefix (the list narrows as it is typed, and Enter keeps what is shown).
    /// A query that cannot be used is reported and the list stays as it was.
    pub fn set_query(&mut self, query: &str, typing: bool) {
        match plan::compile(query, typing) {
            Ok((parsed, plan)) => {
                self.query = query.to_string();
                self.words = !query::Words::folded(&parsed).is_empty();
                self.parsed = parsed;
                self.plan = plan;
                self.query_error = None;
                self.stale = true;
            }
            Err(e) => self.query_error = Some(e),
        }
    }

    /// The briefing the selection is on.
    pub fn selected_shown(&self) -> Option<&Shown> {
        self.window
            .get(self.selected.checked_sub(self.window_start)?)
    }

    /// The selected briefing's origin.
    pub fn selected(&self) -> Option<&Origin> {
        self.selected_shown().map(|s| &s.origin)
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

    /// Whether the filter has words, so rows say where they matched.
    pub fn has_words(&self) -> bool {
        self.words
    }

    /// The rows on screen, with their place in the list.
    pub fn visible(&self) -> impl Iterator<Item = (usize, &Shown)> {
        let rows = self.rows();
        (self.top..self.top + rows)
            .filter_map(|i| Some((i, self.window.get(i.checked_sub(self.window_start)?)?)))
    }

    /// Brings the list up to date with the index, the filter and what the memory says of
    /// each briefing (for `is:` and `has:`, the marks and the unread count).
    pub fn refresh(&mut self, memory: &mut Memory) {
        let changed = memory.take_changed();
        let recall = memory.recall();
        let all = std::mem::take(&mut self.remember_all);
        let Some(archive) = self.index.archive_mut() else {
            self.remember_all = true;
            return;
        };
        // With `is:` or `has:` in force, how many of the changed briefings' files met the
        // filter before the change: after it, the list follows them alone when they leave.
        let asks = self.plan.asks_memory();
        let before: Vec<(&String, usize)> = match (&changed, all) {
            (Changed::Some(ids), false) if asks => ids
                .iter()
                .map(|id| (id, self.listing.count_of(archive, id).unwrap_or(0)))
                .collect(),
            _ => Vec::new(),
        };
        let copied = match (&changed, all) {
            (_, true) | (Changed::Everything, _) => {
                self.recount = true;
                self.stale |= asks;
                archive.remember(true, recall.said().into_iter())
            }
            // A few briefings: the unread count follows them alone.
            (Changed::Some(ids), false) => {
                for id in ids {
                    let read = recall.marks_of(id).read;
                    match archive.unread_change(id, read, &self.scope) {
                        Ok(change) => {
                            let change = isize::try_from(change).unwrap_or(0);
                            self.unread = self.unread.saturating_add_signed(change);
                        }
                        Err(_) => self.recount = true,
                    }
                }
                archive.remember(false, ids.iter().map(|id| recall.said_of(id)))
            }
            (Changed::Nothing, false) => Ok(()),
        };
        if let Err(e) = copied {
            self.notice = Some(format!("cannot filter by what is remembered: {e}"));
            self.stale = true;
        }
        for (id, was) in before {
            let now = self.listing.count_of(archive, id).unwrap_or(usize::MAX);
            if now > was {
                // Joined the list: where, only a new reading of it says.
                self.stale = true;
            } else if now < was && !self.stale {
                self.matching = self.matching.saturating_sub(was - now);
                self.listing.total = self.matching;
                let listing = &self.listing;
                let gone = |s: &Shown| {
                    s.listed.id.as_ref() == Some(id)
                        && !listing.meets(archive, &s.listed.path).unwrap_or(false)
                };
                let before_selected = (self.window.iter().enumerate())
                    .filter(|(i, s)| self.window_start + i < self.selected && gone(s))
                    .count();
                let held = self.window.len();
                self.window.retain(|s| !gone(s));
                self.selected = self.selected.saturating_sub(before_selected);
                // One that left from off the screen moves the rows after it: read them again.
                if held - self.window.len() < was - now {
                    self.stale = true;
                }
            }
        }
        if std::mem::take(&mut self.recount) {
            self.unread = archive.unread(&self.scope).unwrap_or(0);
        }
        if std::mem::take(&mut self.stale) {
            self.relist();
        } else {
            self.selected = self.selected.min(self.matching.saturating_sub(1));
            self.keep_selection_visible();
        }
        self.look_closer();
    }

    /// Reads the list again: how many match, where the followed briefing now is, and the rows
    /// around the screen.
    fn relist(&mut self) {
        let Some(archive) = self.index.archive() else {
            return;
        };
        match archive.listing(&self.plan, self.sort, &self.scope) {
            Ok(listing) => {
                self.matching = listing.total;
                self.listing = listing;
            }
            Err(e) => {
                self.notice = Some(format!("cannot search the index: {e}"));
                return;
            }
        }
        if let Some(path) = &self.follow
            && let Ok(Some(rank)) = self.listing.rank(archive, path)
        {
            self.selected = rank;
        }
        self.selected = self.selected.min(self.matching.saturating_sub(1));
        self.window.clear();
        self.keep_selection_visible();
    }

    /// Reads the rows around the screen when the screen is not within those held.
    fn fill_window(&mut self) {
        let rows = self.rows().max(1);
        let held = self.window_start..self.window_start + self.window.len();
        let wanted_end = (self.top + rows).min(self.matching);
        if held.contains(&self.top) && wanted_end <= held.end {
            return;
        }
        let Some(archive) = self.index.archive() else {
            return;
        };
        let start = self.top.saturating_sub(rows);
        let page = match self.listing.window(archive, start, rows * 3) {
            Ok(page) => page,
            Err(e) => {
                self.notice = Some(format!("cannot search the index: {e}"));
                return;
            }
        };
        let catalog = match &self.index {
            Index::Built(c) => Some(&**c),
            _ => None,
        };
        self.window = page
            .into_iter()
            .map(|listed| {
                let origin = catalog.map_or_else(
                    || Origin::File(listed.path.clone()),
                    |c| c.origin_of(&listed),
                );
                Shown {
                    listed,
                    origin,
                    apart: None,
                    excerpt: None,
                }
            })
            .collect();
        self.window_start = start;
    }

    /// Looks at the rows on screen not yet looked at: what tells each apart from briefings
    /// of the same title, and where the filter's words are in it.
    fn look_closer(&mut self) {
        let words = self.has_words();
        let Some(archive) = self.index.archive() else {
            return;
        };
        for i in self.top..self.top + self.rows() {
            let Some(shown) = i
                .checked_sub(self.window_start)
                .and_then(|at| self.window.get_mut(at))
            else {
                continue;
            };
            let rowid = shown.listed.rowid;
            if shown.apart.is_none() {
                let apart = self.aparts.entry(rowid).or_insert_with(|| {
                    tell_apart(archive, &self.scope, &shown.listed, &shown.origin)
                });
                shown.apart = Some(apart.clone());
            }
            if shown.excerpt.is_some() {
                continue;
            }
            if !words {
                shown.excerpt = Some(None);
                continue;
            }
            // Read off the key path: a row whose text is being read shows its excerpt when
            // the text comes ([`Library::pump`]).
            if let Some(text) = self.texts.get(rowid, shown.listed.hash, &shown.origin) {
                shown.excerpt = Some(text.and_then(|t| t.first_hit(&self.parsed)));
            }
        }
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
        self.top = self.top.min(self.matching.saturating_sub(rows));
        self.fill_window();
    }

    pub fn select(&mut self, row: usize) {
        self.selected = row.min(self.matching.saturating_sub(1));
        self.keep_selection_visible();
        self.follow = self.selected_shown().map(|s| s.listed.path.clone());
    }

    pub fn resize(&mut self, size: Rect) {
        self.size = size;
        self.keep_selection_visible();
        self.look_closer();
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
                self.follow = self.selected_shown().map(|s| s.listed.path.clone());
                self.sort = self.sort.next();
                self.stale = true;
            }
            _ => {}
        }
    }
}

/// What tells `listed` apart from other briefings with its title, when there are any: its
/// id, or where the ids are the same too, the folder it is in.
fn tell_apart(archive: &Archive, scope: &Scope, listed: &Listed, origin: &Origin) -> Option<Apart> {
    let (title, id) = (
        listed.title.as_deref()?,
        listed.id.as_deref().unwrap_or_default(),
    );
    let others = archive.same_title(title, listed.rowid, scope).ok()?;
    let folder = |path: &Path| format!("{}/", path.parent().unwrap_or(path).display());
    let same_id: Vec<String> = (others.iter())
        .filter(|(other, _)| other == id)
        .map(|(_, path)| folder(path))
        .collect();
    let (whole, part) = match origin {
        _ if others.is_empty() => return None,
        // Folders as the index holds them (absolute) for what differs; the whole as named.
        Origin::File(path) if !same_id.is_empty() => (
            folder(path),
            text::differing(&folder(&listed.path), same_id.iter().map(String::as_str)),
        ),
        _ => (
            id.to_string(),
            text::differing(id, others.iter().map(|(other, _)| other.as_str())),
        ),
    };
    Some(Apart {
        whole: sanitize::quoted(&whole).into_owned(),
        part: sanitize::quoted(&part).into_owned(),
    })
}
