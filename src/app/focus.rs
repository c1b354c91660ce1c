//! The focus: one item of the current tab (a key point, a statement, a timeline entry, a
//! source) that `}` and `{` move between and that notes act on. Each tab keeps its own; the
//! view follows it, showing the whole item when it fits.

use std::ops::Range;

use crate::briefing::parts::Part;
use crate::document::{Item, Wrapped};

use super::reader::Reader;

/// The wrapped lines that show `item`.
pub fn lines_of(wrapped: &Wrapped, item: &Item) -> Range<usize> {
    let (start, end) = match &item.bytes {
        Some(bytes) => (
            (item.blocks.start, bytes.start),
            (item.blocks.start, bytes.end),
        ),
        None => ((item.blocks.start, 0), (item.blocks.end, 0)),
    };
    let at = |l: &crate::document::Line| (l.anchor.block, l.anchor.offset);
    let first = wrapped.lines.partition_point(|l| at(l) < start);
    let last = wrapped.lines.partition_point(|l| at(l) < end);
    first..last.max(first)
}

impl Reader {
    /// The part the focus is on, in the current tab.
    pub fn focused(&self) -> Option<Part> {
        let tab = self.tab();
        let doc = tab.document.as_ref()?;
        tab.focus.and_then(|i| doc.items.get(i)).map(|it| it.part)
    }

    /// The part the focus is on: the compare view's, while it is open, else the tab's.
    pub fn focused_anywhere(&self) -> Option<Part> {
        match &self.compare {
            Some(compare) => compare.focused(),
            None => self.focused(),
        }
    }

    /// Drops the focus; true when there was one.
    pub fn unfocus(&mut self) -> bool {
        self.tab_mut().focus.take().is_some()
    }

    /// Focuses `part`, when the current tab shows it.
    pub fn focus_on(&mut self, part: Part) {
        let Some(doc) = self.tab().document.as_ref() else {
            return;
        };
        if let Some(i) = doc.items.iter().position(|it| it.part == part) {
            self.tab_mut().focus = Some(i);
            self.follow_focus();
        }
    }

    /// Moves the focus to the next (or previous) item; with none yet, to the first item on
    /// screen (or the last).
    pub(super) fn step_focus(&mut self, forward: bool) {
        let rows = usize::try_from(self.page()).unwrap_or(1);
        let tab = self.tab();
        let (Some(doc), Some(wrapped)) = (&tab.document, &tab.wrapped) else {
            return;
        };
        let n = doc.items.len();
        if n == 0 {
            return;
        }
        let next = match tab.focus {
            Some(i) if forward => (i + 1).min(n - 1),
            Some(i) => i.saturating_sub(1),
            None => {
                let top = tab.top;
                let on_screen = |it: &Item| {
                    let lines = lines_of(wrapped, it);
                    lines.end > top && lines.start < top + rows
                };
                let visible = doc.items.iter().position(on_screen);
                let below = || {
                    doc.items
                        .iter()
                        .position(|it| lines_of(wrapped, it).start >= top)
                };
                if forward {
                    visible.or_else(below).unwrap_or(n - 1)
                } else {
                    (doc.items.iter().rposition(on_screen))
                        .or_else(|| {
                            doc.items
                                .iter()
                                .rposition(|it| lines_of(wrapped, it).end <= top)
                        })
                        .unwrap_or(0)
                }
            }
        };
        self.tab_mut().focus = Some(next);
        self.follow_focus();
    }

    /// Focuses the item on the `line`-th row of the text on screen, if one is there (a click).
    pub fn focus_line(&mut self, line: usize) {
        let tab = self.tab();
        let (Some(doc), Some(wrapped)) = (&tab.document, &tab.wrapped) else {
            return;
        };
        let Some(l) = wrapped.lines.get(tab.top + line) else {
            return;
        };
        if let Some(i) = doc.item_at(l.anchor.block, l.anchor.offset) {
            self.tab_mut().focus = Some(i);
        }
    }

    /// Puts the focused item at the top of the screen, above the note editor's panel.
    pub fn focus_to_top(&mut self) {
        let tab = self.tab();
        let (Some(doc), Some(wrapped), Some(i)) = (&tab.document, &tab.wrapped, tab.focus) else {
            return;
        };
        if let Some(item) = doc.items.get(i) {
            let start = lines_of(wrapped, item).start;
            self.scroll_to(start);
        }
    }

    /// Scrolls so the focused item is on screen: all of it when it fits, else its start.
    pub fn follow_focus(&mut self) {
        let rows = usize::try_from(self.page()).unwrap_or(1);
        let tab = self.tab();
        let (Some(doc), Some(wrapped), Some(i)) = (&tab.document, &tab.wrapped, tab.focus) else {
            return;
        };
        let Some(item) = doc.items.get(i) else { return };
        let lines = lines_of(wrapped, item);
        let top = tab.top;
        let new_top = if lines.start < top || lines.len() > rows {
            lines.start
        } else if lines.end > top + rows {
            lines.end - rows
        } else {
            return;
        };
        self.scroll_to(new_top);
    }
}
