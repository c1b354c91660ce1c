//! The boxes laid over a screen: the key help and the problems list, each as tall as its
//! content up to the screen, and how far each may scroll. The problems list is laid out only
//! as far as it needs, so its cost does not grow with the number of problems.

use std::borrow::Cow;

use ratatui::layout::Rect;

use super::popup;
use crate::document::{Document, Role, Wrapped};

/// The help box's preferred width, borders included.
pub const HELP_WIDTH: u16 = 64;

/// The help box for `rows` key lines.
pub fn help_box(area: Rect, rows: usize) -> Rect {
    popup(area, HELP_WIDTH, rows)
}

/// How far help of `rows` key lines can scroll on a screen of `area` (0 when it all fits).
pub fn help_max_scroll(rows: usize, area: Rect) -> usize {
    let visible = usize::from(help_box(area, rows).height.saturating_sub(2));
    rows.saturating_sub(visible)
}

/// The box of source `index`'s card.
pub fn card_box(
    b: &crate::briefing::Briefing,
    index: usize,
    area: Rect,
) -> (Rect, Wrapped, Document) {
    let doc = crate::document::source::card(b, index);
    let width = CONFIRM_WIDTH.min(area.width);
    let wrapped = Wrapped::new(&doc, width.saturating_sub(4).max(1));
    (popup(area, width, wrapped.len()), wrapped, doc)
}

/// Which of `buttons`, written along the bottom border of the box `area` as ratatui writes a
/// bottom title (` a · b · c `, from the second column), is at column `x`.
pub fn button_at(area: Rect, buttons: &[&str], x: u16) -> Option<usize> {
    let mut at = area.x + 2;
    for (i, label) in buttons.iter().enumerate() {
        let w = u16::try_from(crate::text::display_width(label)).unwrap_or(u16::MAX);
        if x >= at && x < at + w {
            return Some(i);
        }
        at = at.saturating_add(w + 3);
    }
    None
}

/// The box of the question before a web address is opened, for `url`.
pub fn confirm_box(url: &str, area: Rect) -> (Rect, Wrapped, Document) {
    let doc = crate::document::source::confirmation(url);
    let width = CONFIRM_WIDTH.min(area.width);
    let wrapped = Wrapped::new(&doc, width.saturating_sub(4).max(1));
    (popup(area, width, wrapped.len()), wrapped, doc)
}

/// The confirmation box's preferred width, borders included.
pub const CONFIRM_WIDTH: u16 = 72;

/// How far the question for `url` can scroll on a screen of `area`.
pub fn confirm_max_scroll(url: &str, area: Rect) -> usize {
    let (popup, wrapped, _) = confirm_box(url, area);
    wrapped
        .len()
        .saturating_sub(usize::from(popup.height.saturating_sub(2)))
}

/// The problem lines to list: how many, and each by its number. Lines are fetched only as
/// they are laid out.
#[derive(Clone, Copy)]
pub struct Lines<'a> {
    pub count: usize,
    pub line: &'a dyn Fn(usize) -> Cow<'a, str>,
}

impl<'a> Lines<'a> {
    /// The lines from `first` on.
    pub fn from(self, first: usize) -> impl Iterator<Item = Cow<'a, str>> {
        (first..self.count).map(self.line)
    }
}

/// The problems box is wide: problem lines are long.
fn problems_width(area: Rect) -> u16 {
    area.width.saturating_sub(4).max(20)
}

/// One problem line laid out for the problems box on `area`; a line too long for it wraps.
pub fn problem_line(line: &str, area: Rect) -> (Document, Wrapped) {
    let mut doc = Document::default();
    doc.text(Role::Body, line);
    let wrapped = Wrapped::new(&doc, problems_width(area).saturating_sub(4).max(1));
    (doc, wrapped)
}

/// Rows `line` takes in the box.
fn height(line: &str, area: Rect) -> usize {
    problem_line(line, area).1.len().max(1)
}

/// The problems box for `lines`: as tall as they need, up to the screen (laying out only as
/// many as the screen could show).
pub fn problems_box(lines: Lines<'_>, area: Rect) -> Rect {
    let most = usize::from(area.height);
    let mut rows = 0;
    for line in lines.from(0) {
        rows += height(&line, area);
        if rows >= most {
            break;
        }
    }
    popup(area, problems_width(area), rows.max(1))
}

/// How far the problems list can scroll on a screen of `area`, in problem lines: to the first
/// line from which the rest fit in the box (laying out only those).
pub fn problems_max_scroll(lines: Lines<'_>, area: Rect) -> usize {
    let room = usize::from(problems_box(lines, area).height.saturating_sub(2));
    let mut rows = 0;
    for i in (0..lines.count).rev() {
        rows += height(&(lines.line)(i), area);
        if rows > room {
            return (i + 1).min(lines.count.saturating_sub(1));
        }
    }
    0
}
