//! The compare view of the open briefing: which sides its columns show, where it is scrolled,
//! and which statement has the focus. `c` opens it from any tab (the focused statement's
//! party first, and focused); `Esc` goes back to the tab of the focused statement, at it, or
//! to the tab it was opened from.

use crate::briefing::parts::Part;
use crate::document::compare::{Grid, Side};
use crate::geometry::compare::{self as layout, Columns};

use super::action::Action;
use super::reader::Reader;

/// The compare view's state.
#[derive(Debug, Clone)]
pub struct Compare {
    /// Every side, in the order the columns take them: the first ones fill the columns on
    /// screen, the others wait for `Tab`.
    pub order: Vec<Side>,
    /// The shown sides laid out at the current column width.
    pub grid: Grid,
    /// The first line on screen.
    pub top: usize,
    /// The focused cell, as (row, column); the column may have nothing in that row only when
    /// it has nothing at all.
    pub focus: Option<(usize, usize)>,
    /// The focused column, even when no statement in it is focused.
    pub column: usize,
    /// The tab the view was opened from.
    pub came_from: usize,
    /// The cells say what they no longer show (the notes or the originals' mode changed):
    /// the next layout wraps them again.
    pub stale: bool,
}

impl Compare {
    /// The focused statement, if any.
    pub fn focused(&self) -> Option<Part> {
        let (row, column) = self.focus?;
        self.grid
            .rows
            .get(row)?
            .cells
            .get(column)
            .copied()
            .flatten()
    }
}

impl Reader {
    /// The columns for the current size.
    pub fn compare_columns(&self) -> Option<Columns> {
        let sides = self.compare.as_ref().map_or(1, |c| c.order.len());
        layout::columns(self.size, self.briefing.marking.is_some(), sides)
    }

    /// Opens the compare view: the side of the focused statement (or of the party tab shown)
    /// in the first column, and that statement focused.
    pub fn open_compare(&mut self) {
        let focused = self.focused();
        let mut order = Side::all(&self.briefing);
        let first = focused.and_then(Side::of).or(match self.tab().kind {
            crate::document::TabKind::Party(i) => Some(Side::Party(i)),
            crate::document::TabKind::Reactions => Some(Side::Reactions),
            _ => None,
        });
        if let Some(first) = first
            && let Some(i) = order.iter().position(|s| *s == first)
        {
            let side = order.remove(i);
            order.insert(0, side);
        }
        self.compare = Some(Compare {
            order,
            grid: Grid::default(),
            top: 0,
            focus: None,
            column: 0,
            came_from: self.current,
            stale: false,
        });
        self.lay_compare();
        if let Some(part) = focused {
            self.compare_focus_on(part);
        }
    }

    /// Closes the compare view, at the focused statement's tab and focused on it, or at the
    /// tab it was opened from.
    pub fn close_compare(&mut self) {
        let Some(compare) = self.compare.take() else {
            return;
        };
        let focused = compare.focused();
        let tab = focused.and_then(|part| {
            let kind = match Side::of(part)? {
                Side::Party(i) => crate::document::TabKind::Party(i),
                Side::Reactions => crate::document::TabKind::Reactions,
            };
            self.tabs.iter().position(|t| t.kind == kind)
        });
        self.show_tab(tab.unwrap_or(compare.came_from));
        if let Some(part) = focused {
            self.focus_on(part);
        }
    }

    /// Lays the shown sides out for the current size, keeping the focus and the place.
    pub(super) fn lay_compare(&mut self) {
        let Some(columns) = self.compare_columns() else {
            return;
        };
        let Some(compare) = self.compare.take() else {
            return;
        };
        let Compare {
            order,
            grid,
            top,
            focus,
            column,
            came_from,
            stale,
        } = compare;
        let focused = focus.and_then(|(r, c)| grid.rows.get(r)?.cells.get(c).copied().flatten());
        // The row at the top of the screen, to keep it there.
        let top_row = grid.rows_in(top..top + 1).start;
        let top_part =
            (grid.rows.get(top_row)).and_then(|r| r.cells.iter().flatten().next().copied());
        let shown = &order[..columns.count.min(order.len())];
        let grid = Grid::new(
            &self.briefing,
            shown,
            columns.width,
            &self.notes,
            &self.shown,
            &crate::library::query::Words::folded(&self.search.parsed),
            (!stale).then_some(grid),
        );
        let top = top_part
            .and_then(|p| grid.find(p))
            .map_or(top.min(grid.height), |(r, _)| grid.laid[r].top);
        self.compare = Some(Compare {
            grid,
            top,
            focus: None,
            column: column.min(shown.len().saturating_sub(1)),
            order,
            came_from,
            stale: false,
        });
        self.clamp_compare_top();
        match focused {
            Some(part) => self.compare_focus_on(part),
            None => {
                if let Some(c) = &mut self.compare {
                    c.focus = None;
                }
            }
        }
    }

    /// Rows of grid on screen.
    fn compare_rows(&self) -> usize {
        self.compare_columns()
            .map_or(1, |c| usize::from(c.grid.height).max(1))
    }

    fn clamp_compare_top(&mut self) {
        let rows = self.compare_rows();
        if let Some(c) = &mut self.compare {
            c.top = c.top.min(c.grid.height.saturating_sub(rows));
        }
    }

    /// Focuses `part` when a column shows it, and scrolls it into view.
    fn compare_focus_on(&mut self, part: Part) {
        let Some(c) = &mut self.compare else { return };
        if let Some((row, column)) = c.grid.find(part) {
            c.focus = Some((row, column));
            c.column = column;
            self.compare_follow();
        }
    }

    /// Scrolls so the focused cell is on screen: all of it when it fits, else its start with
    /// its day's label.
    fn compare_follow(&mut self) {
        let rows = self.compare_rows();
        let Some(c) = &mut self.compare else { return };
        let Some((row, column)) = c.focus else { return };
        let Some(laid) = c.grid.laid.get(row) else {
            return;
        };
        let cell = c
            .grid
            .cell(row, column)
            .map_or(0, |cell| cell.wrapped.len());
        let start = laid.top;
        let end = laid.top + laid.cells_at + cell;
        if start < c.top || end - start > rows {
            c.top = start;
        } else if end > c.top + rows {
            c.top = end - rows;
        }
        self.clamp_compare_top();
    }

    /// Moves the focus down (or up) the focused column to its next statement; with none
    /// yet, to the column's first statement on screen.
    fn compare_step(&mut self, forward: bool) {
        let rows = self.compare_rows();
        let Some(c) = &mut self.compare else { return };
        let column = c.column;
        let filled = |r: &usize| c.grid.cell(*r, column).is_some();
        let n = c.grid.rows.len();
        let next = match c.focus {
            Some((row, col)) if col == column => {
                if forward {
                    (row + 1..n).find(filled)
                } else {
                    (0..row).rev().find(filled)
                }
            }
            _ => {
                let on_screen = c.grid.rows_in(c.top..c.top + rows);
                on_screen
                    .clone()
                    .find(filled)
                    .or_else(|| (on_screen.end..n).find(filled))
                    .or_else(|| (0..on_screen.start).rev().find(filled))
            }
        };
        if let Some(row) = next {
            c.focus = Some((row, column));
            self.compare_follow();
        }
    }

    /// Focuses the next cell (or the previous), row by row and left to right, that holds the
    /// search's words, from the focused one, round to the start at the end.
    fn compare_hit(&mut self, forward: bool) {
        let Some(c) = &mut self.compare else { return };
        let columns = c.grid.sides.len();
        let lit: Vec<(usize, usize)> = (0..c.grid.rows.len())
            .flat_map(|r| (0..columns).map(move |col| (r, col)))
            .filter(|&(r, col)| {
                c.grid
                    .cell(r, col)
                    .is_some_and(|cell| !cell.hits.is_empty())
            })
            .collect();
        let next = match (c.focus, forward) {
            (Some(at), true) => lit.iter().find(|&&p| p > at).or(lit.first()),
            (Some(at), false) => lit.iter().rev().find(|&&p| p < at).or(lit.last()),
            (None, true) => lit.first(),
            (None, false) => lit.last(),
        };
        if let Some(&(row, column)) = next {
            c.focus = Some((row, column));
            c.column = column;
            self.compare_follow();
        }
    }

    /// Moves the focus to the next column (or the previous), to the statement nearest the
    /// focused row there.
    fn compare_column(&mut self, forward: bool) {
        let Some(c) = &mut self.compare else { return };
        let count = c.grid.sides.len();
        let column = if forward {
            (c.column + 1).min(count.saturating_sub(1))
        } else {
            c.column.saturating_sub(1)
        };
        c.column = column;
        let Some((row, _)) = c.focus else { return };
        let filled = |r: &usize| c.grid.cell(*r, column).is_some();
        let n = c.grid.rows.len();
        let below = (row..n).find(filled);
        let above = (0..row).rev().find(filled);
        let nearest = match (above, below) {
            (Some(a), Some(b)) => Some(if row - a < b - row { a } else { b }),
            (a, b) => a.or(b),
        };
        c.focus = nearest.map(|r| (r, column));
        self.compare_follow();
    }

    /// Shows the next (or previous) side not on screen in the focused column; the side it
    /// showed waits its turn again.
    fn compare_cycle(&mut self, forward: bool) {
        let Some(columns) = self.compare_columns() else {
            return;
        };
        let Some(c) = &mut self.compare else { return };
        let shown = columns.count.min(c.order.len());
        if shown >= c.order.len() {
            return;
        }
        let column = c.column.min(shown - 1);
        // The waiting sides form a queue behind the shown ones: the focused column takes
        // the head (or the tail) and its side joins the other end.
        let side = c.order.remove(column);
        if forward {
            let next = c.order.remove(shown - 1);
            c.order.insert(column, next);
            c.order.push(side);
        } else {
            let next = c.order.pop().expect("a side waits");
            c.order.insert(column, next);
            c.order.insert(shown, side);
        }
        c.focus = None;
        self.lay_compare();
    }

    /// Focuses the statement under `at` (a click), when a cell is there.
    pub fn compare_click(&mut self, at: ratatui::layout::Position) {
        let Some(columns) = self.compare_columns() else {
            return;
        };
        let Some(c) = &mut self.compare else { return };
        if !columns.grid.contains(at) {
            return;
        }
        let line = c.top + usize::from(at.y - columns.grid.y);
        let Some(column) = (0..c.grid.sides.len())
            .find(|&i| at.x >= columns.x(i) && at.x < columns.x(i) + columns.width)
        else {
            return;
        };
        let rows = c.grid.rows_in(line..line + 1);
        let Some(row) = rows.clone().next() else {
            return;
        };
        let cell = c.grid.cell_lines(row);
        if cell.contains(&line) && c.grid.cell(row, column).is_some() {
            c.focus = Some((row, column));
            c.column = column;
        }
    }

    /// Applies one action to the compare view.
    pub(super) fn compare_update(&mut self, action: Action) {
        let rows = isize::try_from(self.compare_rows()).unwrap_or(1);
        let scroll = |r: &mut Reader, delta: isize| {
            if let Some(c) = &mut r.compare {
                c.top = c.top.saturating_add_signed(delta);
            }
            r.clamp_compare_top();
        };
        match action {
            Action::LineDown => scroll(self, 1),
            Action::LineUp => scroll(self, -1),
            Action::HalfPageDown => scroll(self, (rows / 2).max(1)),
            Action::HalfPageUp => scroll(self, -(rows / 2).max(1)),
            Action::PageDown => scroll(self, rows),
            Action::PageUp => scroll(self, -rows),
            Action::Top => scroll(self, isize::MIN),
            Action::Bottom => scroll(self, isize::MAX),
            Action::FocusNext => self.compare_step(true),
            Action::FocusPrev => self.compare_step(false),
            Action::NextHit => self.compare_hit(true),
            Action::PrevHit => self.compare_hit(false),
            Action::ColumnRight => self.compare_column(true),
            Action::ColumnLeft => self.compare_column(false),
            Action::NextSide => self.compare_cycle(true),
            Action::PrevSide => self.compare_cycle(false),
            Action::Back | Action::Compare => self.close_compare(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;

    use super::*;

    fn reader(width: u16) -> Reader {
        let b = crate::briefing::parse(crate::bundled::BRIEFINGS[0].1.to_string())
            .briefing
            .unwrap();
        Reader::new(b, Rect::new(0, 0, width, 24))
    }

    fn shown(r: &Reader) -> Vec<String> {
        let c = r.compare.as_ref().unwrap();
        c.grid
            .sides
            .iter()
            .map(|s| s.title(&r.briefing).to_string())
            .collect()
    }

    #[test]
    fn opens_with_the_focused_statement_and_goes_back_to_it() {
        let mut r = reader(80);
        r.update(Action::GoToTab(2));
        r.update(Action::FocusNext);
        r.update(Action::FocusNext);
        let part = r.focused().unwrap();
        assert_eq!(part, Part::Statement { party: 1, index: 1 });
        r.open_compare();
        assert_eq!(shown(&r), ["Azerbaijan", "Armenia"]);
        assert_eq!(r.compare.as_ref().unwrap().focused(), Some(part));
        // To Armenia's column, its statement in the same row.
        r.update(Action::ColumnRight);
        let there = r.compare.as_ref().unwrap().focused();
        assert_eq!(there, Some(Part::Statement { party: 0, index: 1 }));
        r.update(Action::Back);
        assert!(r.compare.is_none());
        assert_eq!(r.current, 1, "Armenia's tab");
        assert_eq!(r.focused(), there);
    }

    #[test]
    fn tab_cycles_the_focused_column_through_the_sides_not_shown() {
        let mut r = reader(80);
        r.open_compare();
        assert_eq!(shown(&r), ["Armenia", "Azerbaijan"]);
        r.update(Action::ColumnRight);
        r.update(Action::NextSide);
        assert_eq!(shown(&r), ["Armenia", "Russia"]);
        r.update(Action::NextSide);
        assert_eq!(shown(&r), ["Armenia", "Reactions"]);
        r.update(Action::NextSide);
        assert_eq!(shown(&r), ["Armenia", "Azerbaijan"]);
        r.update(Action::PrevSide);
        assert_eq!(shown(&r), ["Armenia", "Reactions"]);
        r.update(Action::Back);
        assert_eq!(r.current, 0, "no focus: back where it was opened");
    }

    #[test]
    fn a_narrow_screen_shows_one_column_and_a_wide_one_more() {
        let mut r = reader(60);
        r.open_compare();
        assert_eq!(shown(&r).len(), 1);
        assert!(r.compare_columns().unwrap().narrowed);
        r.resize(Rect::new(0, 0, 200, 50));
        assert_eq!(shown(&r).len(), 4);
    }

    #[test]
    fn focus_moves_down_a_column_and_scrolling_stays_in_bounds() {
        let mut r = reader(80);
        r.open_compare();
        r.update(Action::FocusNext);
        let first = r.compare.as_ref().unwrap().focused();
        assert_eq!(first, Some(Part::Statement { party: 0, index: 0 }));
        r.update(Action::FocusNext);
        let second = r.compare.as_ref().unwrap().focused();
        assert_eq!(second, Some(Part::Statement { party: 0, index: 1 }));
        r.update(Action::FocusNext);
        assert_eq!(
            r.compare.as_ref().unwrap().focused(),
            second,
            "stays at the last"
        );
        r.update(Action::Bottom);
        let c = r.compare.as_ref().unwrap();
        let rows = r.compare_columns().unwrap().grid.height as usize;
        assert_eq!(c.top, c.grid.height.saturating_sub(rows));
        r.update(Action::Top);
        assert_eq!(r.compare.as_ref().unwrap().top, 0);
    }
}
