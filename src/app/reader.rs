//! One open briefing: its tabs, where the reader is in each, and the search within it.
//!
//! Each tab keeps its own place as an [`Anchor`] in its document, so a resize re-wraps the
//! text and puts the same words back at the top. Tabs are laid out and wrapped only when first
//! shown, so opening a briefing does only what the first frame needs. Search hits are places in
//! the documents, not on the screen, so they survive a resize too. What changed since the last
//! reading is compared once for what is shown ([`super::changes::Since`], off this thread for a
//! large briefing) and marked on each tab as it is laid out, with any notes.

use std::ops::Range;

use ratatui::layout::Rect;

use crate::briefing::Briefing;
use crate::document::changes::{self, Mark};
use crate::document::notes::Annotations;
use crate::document::{Anchor, DateFormat, Document, Originals, Presentation, TabKind, Wrapped};
use crate::geometry::reader as layout;
use crate::library::query::{Query, Words};
use crate::memory::{Note, Spot};
use crate::text::Folded;

use super::action::Action;
use super::changes::Since;

/// One tab and where the reader is in it.
#[derive(Debug, Clone)]
pub struct TabState {
    pub kind: TabKind,
    pub title: String,
    /// Laid out when the tab is first shown (or searched).
    pub document: Option<Document>,
    /// `document` wrapped to the current text width.
    pub wrapped: Option<Wrapped>,
    /// Each block's text folded, made on the first search and kept for the next ones.
    pub lower: Option<Vec<Folded>>,
    /// The first line on screen, in `wrapped`.
    pub top: usize,
    /// The place the reader chose, kept across widths.
    pub anchor: Anchor,
    /// The focused item of `document`, if any (see [`super::focus`]).
    pub focus: Option<usize>,
    /// How each block of `document` differs from the last reading, in block order.
    pub changes: Vec<(usize, Mark)>,
}

impl TabState {
    fn new(kind: TabKind, briefing: &Briefing) -> Self {
        Self {
            kind,
            title: kind.title(briefing).to_string(),
            document: None,
            wrapped: None,
            lower: None,
            top: 0,
            anchor: Anchor::default(),
            focus: None,
            changes: Vec::new(),
        }
    }

    /// The block at the top of the screen.
    pub fn top_block(&self) -> usize {
        self.wrapped
            .as_ref()
            .and_then(|w| w.lines.get(self.top))
            .map_or(self.anchor.block, |l| l.anchor.block)
    }

    /// The wrapped lines, when the tab has been shown.
    pub fn lines(&self) -> Option<(&Document, &Wrapped)> {
        Some((self.document.as_ref()?, self.wrapped.as_ref()?))
    }
}

/// A search hit: a byte range of one block of one tab's document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub tab: usize,
    pub block: usize,
    pub range: Range<usize>,
}

/// The search within the open briefing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    /// The query as typed.
    pub query: String,
    /// The query as parsed, which the search ran.
    pub parsed: Query,
    /// Every hit, in reading order (tab, then place in the tab).
    pub hits: Vec<Hit>,
    /// The hit `n` and `N` last went to.
    pub current: Option<usize>,
    /// Where the words are in the briefing's title (ranges of the title as written), which
    /// the header shows highlighted: the library finds a briefing by its title too, and the
    /// reader says so when that is its only hit.
    pub in_title: Vec<Range<usize>>,
    /// Statements whose hidden wording (the original, or the translation, that `o` hides)
    /// holds the words: the reader says so, so that no hit is out of reach.
    pub hidden: usize,
}

impl Search {
    /// The hits in `tab`, in order.
    pub fn in_tab(&self, tab: usize) -> &[Hit] {
        let start = self.hits.partition_point(|h| h.tab < tab);
        let end = self.hits.partition_point(|h| h.tab <= tab);
        &self.hits[start..end]
    }
}

/// Where a reader was, to reopen a briefing at the same place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub current: usize,
    pub anchors: Vec<Anchor>,
}

/// Everything the reader shows; drawing reads it and never changes it.
#[derive(Debug, Clone)]
pub struct Reader {
    pub briefing: Briefing<'static>,
    /// The analyst's notes on it, placed.
    pub notes: Annotations,
    /// The text it was loaded from, when known: remembered as the version read.
    pub source: Option<String>,
    /// The briefing as it was last read, when it has changed since.
    pub previous: Option<Box<Briefing<'static>>>,
    /// What changed since `previous`, as far as it is known yet.
    pub since: Since,
    pub tabs: Vec<TabState>,
    pub current: usize,
    pub search: Search,
    /// The terminal's size.
    pub size: Rect,
    /// The parties side by side, while that view is open.
    pub compare: Option<super::compare::Compare>,
    /// How statements show their original wording, and how dates are written.
    pub shown: Presentation,
    /// Widest the text column gets.
    pub measure: u16,
}

impl Reader {
    pub fn new(briefing: Briefing<'static>, size: Rect) -> Self {
        let tabs = TabKind::all(&briefing, false)
            .into_iter()
            .map(|kind| TabState::new(kind, &briefing))
            .collect();
        let mut reader = Self {
            notes: Annotations::default(),
            source: None,
            previous: None,
            since: Since::Nothing,
            briefing,
            tabs,
            current: 0,
            search: Search::default(),
            size,
            compare: None,
            shown: Presentation::default(),
            measure: layout::MAX_MEASURE,
        };
        reader.prepare();
        reader
    }

    /// The text area for the current size, `None` when the terminal is too small.
    pub fn text_area(&self) -> Option<Rect> {
        layout::areas_at(self.size, self.briefing.marking.is_some(), self.measure).map(|a| a.text)
    }

    pub fn tab_mut(&mut self) -> &mut TabState {
        &mut self.tabs[self.current]
    }

    pub fn tab(&self) -> &TabState {
        &self.tabs[self.current]
    }

    /// `(first line on screen, total lines, rows on screen)` for the current tab.
    pub fn position(&self) -> Option<(usize, usize, usize)> {
        let (_, wrapped) = self.tab().lines()?;
        let rows = self.text_area().map_or(1, |a| usize::from(a.height));
        Some((self.tab().top, wrapped.len(), rows))
    }

    /// Makes the text column at most `measure` columns wide, keeping the place.
    pub fn set_measure(&mut self, measure: u16) {
        if measure != self.measure {
            self.measure = measure;
            self.prepare();
        }
    }

    pub fn resize(&mut self, size: Rect) {
        if size != self.size {
            self.size = size;
            self.prepare();
        }
    }

    /// Where the reader is, to come back to later.
    pub fn place(&self) -> Place {
        Place {
            current: self.current,
            anchors: self.tabs.iter().map(|t| t.anchor).collect(),
        }
    }

    /// Where the reader is, as the store keeps it: the tab, and a place in the briefing's
    /// own text there (notes come and go around it).
    pub fn spot(&self) -> Spot {
        let tab = self.tab();
        let anchor = tab.anchor;
        let block = tab
            .document
            .as_ref()
            .map_or(anchor.block, |d| d.base(anchor.block));
        Spot {
            tab: self.current,
            block,
            offset: anchor.offset,
        }
    }

    /// Goes back to a spot from [`Reader::spot`], kept from an earlier session.
    pub fn go_to_spot(&mut self, spot: Spot) {
        self.current = spot.tab.min(self.tabs.len() - 1);
        let block = self.document(self.current).from_base(spot.block);
        self.tabs[self.current].anchor = Anchor {
            block,
            offset: spot.offset,
            nth: 0,
        };
        self.prepare();
    }

    /// Shows `notes` (the open briefing's) where they belong, keeping every tab's place, and
    /// adds or removes the Notes tab as there are notes or not.
    pub fn set_notes(&mut self, notes: &[Note]) {
        let placed = Annotations::place(&self.briefing, notes);
        if placed == self.notes {
            return;
        }
        self.notes = placed;
        self.relayout();
        self.prepare();
    }

    /// Shows original wordings as `originals` says, keeping each tab at the part it was
    /// showing (the blocks of a statement come and go with its original).
    pub fn set_originals(&mut self, originals: Originals) {
        if originals == self.shown.originals {
            return;
        }
        // Each laid-out tab's place, as the item at or above its anchor.
        let items: Vec<Option<usize>> = (self.tabs.iter())
            .map(|t| {
                let doc = t.document.as_ref()?;
                doc.items
                    .iter()
                    .rposition(|it| it.blocks.start <= t.anchor.block)
            })
            .collect();
        self.shown.originals = originals;
        self.since = Since::start(self);
        self.relayout();
        for (tab, item) in self.tabs.iter_mut().zip(items) {
            let (Some(doc), Some(i)) = (&tab.document, item) else {
                continue;
            };
            if let Some(it) = doc.items.get(i) {
                tab.anchor = Anchor {
                    block: it.blocks.start,
                    offset: 0,
                    nth: 0,
                };
            }
        }
        self.prepare();
    }

    /// Writes dates as `dates` says (the configuration's `date_format`).
    pub fn set_dates(&mut self, dates: DateFormat) {
        if dates != self.shown.dates {
            self.shown.dates = dates;
            self.since = Since::start(self);
            self.relayout();
            self.prepare();
        }
    }

    /// Goes back to a place from [`Reader::place`] (of this briefing, or an older version).
    pub fn restore(&mut self, place: &Place) {
        for (tab, anchor) in self.tabs.iter_mut().zip(&place.anchors) {
            tab.anchor = *anchor;
        }
        self.current = place.current.min(self.tabs.len() - 1);
        self.prepare();
    }

    /// Shows what changed since `previous`, the briefing as it was last read: at once when
    /// the two are small, else when the comparison made off this thread is ready
    /// ([`Reader::pump`]).
    pub fn set_previous(&mut self, previous: Briefing<'static>) {
        self.previous = Some(Box::new(previous));
        self.since = Since::start(self);
        // Every tab, so that the changes can be counted and walked.
        for tab in 0..self.tabs.len() {
            self.document(tab);
        }
        self.relayout();
        self.prepare();
    }

    /// Takes the comparison with the last reading when it is ready, marking every tab; true
    /// when it came.
    pub fn pump(&mut self) -> bool {
        let Since::Comparing(shown, slot) = &self.since else {
            return false;
        };
        let Some(marks) = slot.get() else {
            return false;
        };
        if *shown == self.shown {
            self.since = Since::Compared(shown.clone(), marks.clone());
        } else {
            // Made for what was shown before: again, for what is shown now.
            self.since = Since::start(self);
        }
        self.relayout();
        self.prepare();
        true
    }

    /// Whether what changed since the last reading is still being found.
    pub fn comparing(&self) -> bool {
        matches!(self.since, Since::Comparing(..))
    }

    /// How many blocks changed since the last reading, in every tab.
    pub fn change_count(&self) -> usize {
        self.tabs.iter().map(|t| t.changes.len()).sum()
    }

    /// Lays out tab `kind` with the notes, and with what changed since the last reading.
    fn layout(&self, kind: TabKind) -> (Document, Vec<(usize, Mark)>) {
        let doc = kind.document(&self.briefing, &self.notes, &self.shown);
        match &self.since {
            Since::Compared(shown, marks) if *shown == self.shown => {
                match marks.iter().find(|(k, _)| *k == kind) {
                    Some((_, marks)) => changes::apply(doc, marks),
                    None => (doc, Vec::new()),
                }
            }
            _ => (doc, Vec::new()),
        }
    }

    /// Lays out again every tab shown so far (after the notes or the last reading changed),
    /// keeping each one's place, and adds or removes the Notes tab.
    fn relayout(&mut self) {
        if let Some(c) = &mut self.compare {
            c.stale = true;
        }
        let kinds = TabKind::all(&self.briefing, !self.notes.is_empty());
        let mut old: Vec<TabState> = std::mem::take(&mut self.tabs);
        for kind in kinds {
            let mut tab = match old.iter().position(|t| t.kind == kind) {
                Some(i) => old.swap_remove(i),
                None => TabState::new(kind, &self.briefing),
            };
            if let Some(doc) = tab.document.take() {
                let base = doc.base(tab.anchor.block);
                let (new, changes) = self.layout(kind);
                tab.anchor.block = new.from_base(base);
                tab.document = Some(new);
                tab.changes = changes;
                tab.wrapped = None;
                tab.lower = None;
            }
            self.tabs.push(tab);
        }
        self.current = self.current.min(self.tabs.len() - 1);
        // The hits are places in the documents: find them again, staying where the view is.
        if !self.search.query.is_empty() {
            let current = self.search.current;
            let (typed, parsed) = (self.search.query.clone(), self.search.parsed.clone());
            self.find(&typed, &parsed);
            self.search.current = current.filter(|&i| i < self.search.hits.len());
        }
    }

    fn document(&mut self, tab: usize) -> &Document {
        if self.tabs[tab].document.is_none() {
            let (doc, changes) = self.layout(self.tabs[tab].kind);
            self.tabs[tab].document = Some(doc);
            self.tabs[tab].changes = changes;
        }
        self.tabs[tab].document.as_ref().expect("laid out above")
    }

    /// Lays out and wraps the current tab for the current size, and puts the reader's place
    /// back on screen.
    fn prepare(&mut self) {
        if self.compare.is_some() {
            self.lay_compare();
        }
        let Some(area) = self.text_area() else {
            return;
        };
        self.document(self.current);
        let tab = &mut self.tabs[self.current];
        let document = tab.document.as_ref().expect("laid out above");
        if tab.wrapped.as_ref().is_none_or(|w| w.width != area.width) {
            tab.wrapped = Some(Wrapped::new(document, area.width));
        }
        let wrapped = tab.wrapped.as_ref().expect("wrapped above");
        let max_top = wrapped.len().saturating_sub(usize::from(area.height));
        tab.top = wrapped.line_of(tab.anchor).min(max_top);
    }

    /// Puts `line` of the current tab at the top of the screen (as near as the end allows).
    pub fn scroll_to(&mut self, line: usize) {
        let Some(area) = self.text_area() else {
            return;
        };
        let tab = &mut self.tabs[self.current];
        let Some(wrapped) = &tab.wrapped else { return };
        let max_top = wrapped.len().saturating_sub(usize::from(area.height));
        tab.top = line.min(max_top);
        if let Some(l) = wrapped.lines.get(tab.top) {
            tab.anchor = l.anchor;
        }
    }

    fn scroll_by(&mut self, delta: isize) {
        let top = self.tab().top;
        self.scroll_to(top.saturating_add_signed(delta));
    }

    pub(super) fn page(&self) -> isize {
        self.text_area()
            .map_or(1, |a| isize::try_from(a.height).unwrap_or(1))
            .max(1)
    }

    /// Shows source `source` in the Sources tab, focused.
    pub fn show_source(&mut self, source: usize) {
        if let Some(tab) = self.tabs.iter().position(|t| t.kind == TabKind::Sources) {
            self.show_tab(tab);
            self.focus_on(crate::briefing::parts::Part::Source(source));
        }
    }

    /// Shows tab `index`.
    pub(super) fn show_tab(&mut self, index: usize) {
        self.go_to_tab(index);
    }

    fn go_to_tab(&mut self, index: usize) {
        if index < self.tabs.len() {
            self.current = index;
            self.prepare();
        }
    }

    /// Searches every tab for the words of `query` (typed as `typed`; its filters do not
    /// apply within a briefing), folded as the library's index folds them, and goes to the
    /// first hit at or after the top of the screen.
    pub fn set_search(&mut self, typed: &str, query: &Query) {
        self.find(typed, query);
        self.step_hit(true, true);
    }

    /// Finds the hits of `query` in every tab, without moving.
    fn find(&mut self, typed: &str, query: &Query) {
        // Folded, as the index searches (`susa` finds Şuşa): every briefing the library lists
        // for a query shows its hits here.
        let words = Words::folded(query);
        let mut hits = Vec::new();
        if !words.is_empty() {
            for tab in 0..self.tabs.len() {
                self.document(tab);
                let t = &mut self.tabs[tab];
                let doc = t.document.as_ref().expect("laid out above");
                let folded = t.lower.get_or_insert_with(|| {
                    doc.blocks.iter().map(|b| Folded::of(&b.text)).collect()
                });
                for (block, text) in folded.iter().enumerate() {
                    let found = words.all_folded(text);
                    hits.extend(found.into_iter().map(|range| Hit { tab, block, range }));
                }
            }
        }
        let in_title = if words.is_empty() {
            Vec::new()
        } else {
            words.all_folded(&Folded::of(&self.briefing.title))
        };
        let b = &self.briefing;
        let statements = (b.parties.iter())
            .flat_map(|p| p.statements.iter())
            .chain(b.reactions.iter().map(|r| &r.statement));
        let hidden = statements
            .filter_map(|s| {
                let original = s.original.as_ref()?;
                match self.shown.originals {
                    Originals::Both => None,
                    Originals::Translation => Some(&original.text),
                    Originals::Original => Some(&s.text),
                }
            })
            .filter(|text| !words.is_empty() && !words.all_folded(&Folded::of(text)).is_empty())
            .count();
        self.search = Search {
            query: typed.to_string(),
            parsed: query.clone(),
            hits,
            current: None,
            in_title,
            hidden,
        };
    }

    /// Where a hit is, as an anchor its tab's wrapping understands.
    fn hit_anchor(hit: &Hit) -> Anchor {
        Anchor {
            block: hit.block,
            offset: hit.range.start,
            nth: usize::MAX,
        }
    }

    /// Moves to the next (or previous) hit, switching tabs as needed. With `from_view`, starts
    /// from the top of the screen rather than the current hit.
    fn step_hit(&mut self, forward: bool, from_view: bool) {
        let n = self.search.hits.len();
        if n == 0 {
            self.search.current = None;
            return;
        }
        let next = match (self.search.current, from_view) {
            (Some(i), false) if forward => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
            _ => {
                let here = (self.current, self.tab().anchor);
                self.search
                    .hits
                    .iter()
                    .position(|h| (h.tab, Self::hit_anchor(h)) >= here)
                    .unwrap_or(0)
            }
        };
        self.search.current = Some(next);
        let hit = self.search.hits[next].clone();
        self.go_to_tab(hit.tab);
        self.reveal(&hit);
    }

    /// Scrolls so `hit` is on screen, a few lines below the top when it was not.
    fn reveal(&mut self, hit: &Hit) {
        let Some(area) = self.text_area() else {
            return;
        };
        let rows = usize::from(area.height);
        let Some((_, wrapped)) = self.tab().lines() else {
            return;
        };
        let line = wrapped.line_of(Self::hit_anchor(hit));
        let top = self.tab().top;
        if line < top || line >= top + rows {
            self.scroll_to(line.saturating_sub(rows / 3));
        }
    }

    /// Applies one reading or search action; the others are not the reader's to handle.
    pub fn update(&mut self, action: Action) {
        if action == Action::CycleOriginals {
            self.set_originals(self.shown.originals.next());
            return;
        }
        if self.compare.is_some() {
            self.compare_update(action);
            return;
        }
        if action == Action::Compare {
            self.open_compare();
            return;
        }
        let page = self.page();
        let n = self.tabs.len();
        match action {
            Action::NextTab => self.go_to_tab((self.current + 1) % n),
            Action::PrevTab => self.go_to_tab((self.current + n - 1) % n),
            Action::GoToTab(i) => self.go_to_tab(i),
            Action::LineDown => self.scroll_by(1),
            Action::LineUp => self.scroll_by(-1),
            Action::HalfPageDown => self.scroll_by((page / 2).max(1)),
            Action::HalfPageUp => self.scroll_by(-(page / 2).max(1)),
            Action::PageDown => self.scroll_by(page),
            Action::PageUp => self.scroll_by(-page),
            Action::Top => self.scroll_to(0),
            Action::Bottom => self.scroll_to(usize::MAX),
            Action::NextHit => self.step_hit(true, false),
            Action::PrevHit => self.step_hit(false, false),
            Action::FocusNext => self.step_focus(true),
            Action::FocusPrev => self.step_focus(false),
            Action::NextChange => {
                self.step_change(true);
            }
            Action::PrevChange => {
                self.step_change(false);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::query;

    fn search(reader: &mut Reader, typed: &str) {
        reader.set_search(typed, &query::parse(typed).unwrap());
    }

    fn reader() -> Reader {
        let b = crate::briefing::parse(crate::bundled::BRIEFINGS[0].1.to_string())
            .briefing
            .unwrap();
        Reader::new(b, Rect::new(0, 0, 80, 24))
    }

    #[test]
    fn search_finds_hits_in_every_tab_in_reading_order() {
        let mut r = reader();
        search(&mut r, "ceasefire");
        let tabs: Vec<usize> = r.search.hits.iter().map(|h| h.tab).collect();
        assert!(tabs.windows(2).all(|w| w[0] <= w[1]));
        assert!(
            tabs.contains(&0) && tabs.contains(&2) && tabs.contains(&5),
            "{tabs:?}"
        );
        assert_eq!(r.search.current, Some(0));
    }

    #[test]
    fn n_and_shift_n_walk_the_hits_across_tabs() {
        let mut r = reader();
        search(&mut r, "Blinken");
        let total = r.search.hits.len();
        assert!(total >= 2);
        for i in 1..total {
            r.update(Action::NextHit);
            assert_eq!(r.search.current, Some(i));
            assert_eq!(
                r.current, r.search.hits[i].tab,
                "the reader follows the hit"
            );
        }
        r.update(Action::NextHit);
        assert_eq!(r.search.current, Some(0), "wraps around");
        r.update(Action::PrevHit);
        assert_eq!(r.search.current, Some(total - 1));
    }

    #[test]
    fn a_hit_below_the_screen_is_scrolled_into_view() {
        let mut r = reader();
        search(&mut r, "trench");
        let last = r.search.hits.len() - 1;
        for _ in 0..last {
            r.update(Action::NextHit);
        }
        let hit = r.search.hits[last].clone();
        let (top, _, rows) = r.position().unwrap();
        let (_, wrapped) = r.tab().lines().unwrap();
        let line = wrapped.line_of(Reader::hit_anchor(&hit));
        assert!(line >= top && line < top + rows, "line {line}, top {top}");
    }

    #[test]
    fn no_hits_is_not_an_error() {
        let mut r = reader();
        search(&mut r, "zanzibar");
        assert!(r.search.hits.is_empty());
        r.update(Action::NextHit);
        assert_eq!(r.search.current, None);
    }
}
