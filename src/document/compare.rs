//! The parties' statements side by side: one column per side (a party, or the reactions),
//! rows aligned by date, so that what each party said about the same day can be weighed
//! together. The reader's compare view and `brief print --compare` both lay out from here.
//!
//! Rows go by calendar date, oldest first, statements without a date at the end; within a
//! date, the `k`-th row holds each side's `k`-th statement of that date, in file order. Each
//! cell is the statement as its party's tab shows it (words, attribution line with grade,
//! original, the analyst's notes and the author's comments), wrapped to its column once per
//! width.

use std::collections::HashMap;
use std::ops::Range;

use crate::briefing::Briefing;
use crate::briefing::parts::Part;

use super::build::{Presentation, statement_item};
use super::dates::DateFormat;
use super::notes::Annotations;
use super::{Document, Role, Wrapped};
use crate::library::query::Words;
use crate::text::Folded;

/// What a column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The party with this index in [`Briefing::parties`].
    Party(usize),
    /// Everyone else's reactions.
    Reactions,
}

impl Side {
    /// Every side of `b`: its parties in order, then the reactions when there are any.
    pub fn all(b: &Briefing) -> Vec<Side> {
        let mut sides: Vec<Side> = (0..b.parties.len()).map(Side::Party).collect();
        if !b.reactions.is_empty() {
            sides.push(Side::Reactions);
        }
        sides
    }

    pub fn title<'b>(self, b: &'b Briefing) -> &'b str {
        match self {
            Side::Party(i) => b.parties.get(i).map_or("", |p| &p.name),
            Side::Reactions => "Reactions",
        }
    }

    /// The side a part is shown under, when it is a statement or a reaction.
    pub fn of(part: Part) -> Option<Side> {
        match part {
            Part::Statement { party, .. } => Some(Side::Party(party)),
            Part::Reaction(_) => Some(Side::Reactions),
            _ => None,
        }
    }

    /// How many statements the side holds.
    pub fn len(self, b: &Briefing) -> usize {
        match self {
            Side::Party(i) => b.parties.get(i).map_or(0, |p| p.statements.len()),
            Side::Reactions => b.reactions.len(),
        }
    }

    /// The side's statements with their calendar dates, dated ones first by date, in file
    /// order within a date and among the undated.
    fn parts(self, b: &Briefing) -> Vec<(Option<Day>, Part)> {
        let mut parts: Vec<(Option<Day>, Part)> = match self {
            Side::Party(p) => (b.parties.get(p).into_iter())
                .flat_map(|party| party.statements.iter().enumerate())
                .map(|(index, s)| (s.date.map(Day::of), Part::Statement { party: p, index }))
                .collect(),
            Side::Reactions => (b.reactions.iter().enumerate())
                .map(|(i, r)| (r.statement.date.map(Day::of), Part::Reaction(i)))
                .collect(),
        };
        // Stable: file order kept within a date. `None` sorts first, so undated go last by
        // sorting on (is undated, date).
        parts.sort_by_key(|(day, _)| (day.is_none(), *day));
        parts
    }
}

/// A calendar date, without the time of day: statements of one day share a row group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Day {
    fn of(when: crate::briefing::When) -> Self {
        Day {
            year: when.year,
            month: when.month,
            day: when.day,
        }
    }

    /// As `dates` writes days: `12 Sep 2022` by default.
    pub fn label(self, dates: &DateFormat) -> String {
        dates.day(crate::briefing::When {
            year: self.year,
            month: self.month,
            day: self.day,
            time: None,
            offset_minutes: None,
        })
    }
}

/// What the column of a side with no statements says.
pub const NONE_RECORDED: &str = "No statements recorded.";

/// The label over a row group: its day, or that the rows have none.
pub fn day_label(day: Option<Day>, dates: &DateFormat) -> String {
    day.map_or_else(
        || "Undated, in the order of the file".to_string(),
        |d| d.label(dates),
    )
}

/// One row of the grid: what each shown side said, at most one statement each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The day the row is about; `None` for statements without a date.
    pub day: Option<Day>,
    /// The first row of its day, which the day's label is drawn above.
    pub opens_day: bool,
    /// One cell per shown side, in column order.
    pub cells: Vec<Option<Part>>,
}

/// The rows for `sides`, aligned by date.
pub fn rows(b: &Briefing, sides: &[Side]) -> Vec<Row> {
    let columns: Vec<Vec<(Option<Day>, Part)>> = sides.iter().map(|s| s.parts(b)).collect();
    let mut next = vec![0usize; sides.len()];
    let mut out = Vec::new();
    loop {
        // The earliest day any column has left (undated last).
        let day = (columns.iter().zip(&next))
            .filter_map(|(col, &i)| col.get(i).map(|(d, _)| (d.is_none(), *d)))
            .min();
        let Some((_, day)) = day else { break };
        let mut opens_day = true;
        loop {
            let cells: Vec<Option<Part>> = (columns.iter().zip(next.iter_mut()))
                .map(|(col, i)| match col.get(*i) {
                    Some((d, part)) if *d == day => {
                        *i += 1;
                        Some(*part)
                    }
                    _ => None,
                })
                .collect();
            if cells.iter().all(Option::is_none) {
                break;
            }
            out.push(Row {
                day,
                opens_day,
                cells,
            });
            opens_day = false;
        }
    }
    out
}

/// What a cell shows of `part`, laid out as its party's tab shows it: the reactions' actor
/// first, since a column of reactions mixes them.
pub fn cell(b: &Briefing, part: Part, notes: &Annotations, shown: &Presentation) -> Document {
    let mut doc = Document::default();
    if let Part::Reaction(i) = part
        && let Some(r) = b.reactions.get(i)
    {
        doc.text(Role::Label, &r.actor);
    }
    statement_item(&mut doc, b, part, notes, shown);
    doc
}

/// A cell wrapped to its column.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub part: Part,
    pub document: Document,
    pub wrapped: Wrapped,
    /// Where the reader's search words are, by block: highlighted as in the tabs.
    pub hits: Vec<(usize, Range<usize>)>,
}

/// A row laid out at one column width.
#[derive(Debug, Clone, PartialEq)]
pub struct Laid {
    /// The first line of the row (its day's label, when it opens a day), counted down the
    /// whole grid.
    pub top: usize,
    /// Lines the row takes: its day's label and a blank line when it opens a day, then its
    /// tallest cell, then a blank line.
    pub height: usize,
    /// The line, within the row, where the cells start.
    pub cells_at: usize,
    pub cells: Vec<Option<usize>>,
}

/// The grid for some sides at one column width: every cell wrapped once, and where each row
/// starts, so that drawing takes only the rows on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    pub sides: Vec<Side>,
    pub width: u16,
    pub rows: Vec<Row>,
    pub laid: Vec<Laid>,
    /// Every cell, wrapped; rows refer to them by index.
    pub cells: Vec<Cell>,
    /// Lines in all.
    pub height: usize,
}

impl Grid {
    /// How many places in the cells hold the search's words.
    pub fn hit_count(&self) -> usize {
        self.cells.iter().map(|cell| cell.hits.len()).sum()
    }

    /// Lays out `sides` of `b` in columns `width` wide, with where `words` are in each cell,
    /// reusing the cells of `old` that were wrapped at that width (and searched for the same
    /// words: the search does not change while the view is open).
    pub fn new(
        b: &Briefing,
        sides: &[Side],
        width: u16,
        notes: &Annotations,
        shown: &Presentation,
        words: &Words,
        old: Option<Grid>,
    ) -> Self {
        let width = width.max(1);
        let mut kept: HashMap<Part, Cell> = match old {
            Some(old) if old.width == width => old.cells.into_iter().map(|c| (c.part, c)).collect(),
            _ => HashMap::new(),
        };
        let rows = rows(b, sides);
        let mut cells = Vec::new();
        let mut laid = Vec::with_capacity(rows.len());
        let mut top = 0;
        for row in &rows {
            let cells_at = if row.opens_day { 2 } else { 0 };
            let mut tallest = 0;
            let indices = (row.cells.iter())
                .map(|part| {
                    let part = (*part)?;
                    let cell = kept.remove(&part).unwrap_or_else(|| {
                        let document = cell(b, part, notes, shown);
                        let wrapped = Wrapped::new(&document, width);
                        let hits = if words.is_empty() {
                            Vec::new()
                        } else {
                            (document.blocks.iter().enumerate())
                                .flat_map(|(i, block)| {
                                    let found = words.all_folded(&Folded::of(&block.text));
                                    found.into_iter().map(move |range| (i, range))
                                })
                                .collect()
                        };
                        Cell {
                            part,
                            document,
                            wrapped,
                            hits,
                        }
                    });
                    tallest = tallest.max(cell.wrapped.len());
                    cells.push(cell);
                    Some(cells.len() - 1)
                })
                .collect();
            let height = cells_at + tallest + 1;
            laid.push(Laid {
                top,
                height,
                cells_at,
                cells: indices,
            });
            top += height;
        }
        Grid {
            sides: sides.to_vec(),
            width,
            rows,
            laid,
            cells,
            height: top,
        }
    }

    /// The rows that have a line in `lines`, by index.
    pub fn rows_in(&self, lines: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let first = self
            .laid
            .partition_point(|r| r.top + r.height <= lines.start);
        let end = self.laid.partition_point(|r| r.top < lines.end);
        first..end.max(first)
    }

    /// The row and column that show `part`, if any.
    pub fn find(&self, part: Part) -> Option<(usize, usize)> {
        self.rows.iter().enumerate().find_map(|(r, row)| {
            let c = row.cells.iter().position(|p| *p == Some(part))?;
            Some((r, c))
        })
    }

    /// The wrapped cell at `row`, `column`, if it holds a statement.
    pub fn cell(&self, row: usize, column: usize) -> Option<&Cell> {
        let i = (*self.laid.get(row)?.cells.get(column)?)?;
        self.cells.get(i)
    }

    /// Lines `row`'s cells start on, and end before, counted down the whole grid.
    pub fn cell_lines(&self, row: usize) -> std::ops::Range<usize> {
        self.laid.get(row).map_or(0..0, |r| {
            r.top + r.cells_at..r.top + r.height.saturating_sub(1)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::parse;

    fn briefing(extra: &str) -> Briefing<'static> {
        let text = format!(
            "format = 1\n[briefing]\ntitle = \"T\"\ndate = 2022-09-12\n\
             [summary]\nbluf = \"B\"\n{extra}"
        );
        let outcome = parse(text);
        assert!(
            outcome.errors().next().is_none(),
            "{:?}",
            outcome.diagnostics
        );
        outcome.briefing.unwrap().into_owned()
    }

    fn party(name: &str, statements: &[(&str, Option<&str>)]) -> String {
        let mut s = format!("[[parties]]\nname = \"{name}\"\n");
        for (text, date) in statements {
            s.push_str(&format!(
                "[[parties.statements]]\nspeaker = \"{name} MoD\"\nkind = \"paraphrase\"\ntext = \"{text}\"\n"
            ));
            if let Some(d) = date {
                s.push_str(&format!("date = {d}\n"));
            }
        }
        s
    }

    fn st(party: usize, index: usize) -> Option<Part> {
        Some(Part::Statement { party, index })
    }

    #[test]
    fn rows_align_by_day_with_the_undated_last_in_file_order() {
        let b = briefing(
            &(party(
                "A",
                &[
                    ("a undated", None),
                    ("a 13th", Some("2022-09-13")),
                    ("a 12th one", Some("2022-09-12")),
                    ("a 12th two", Some("2022-09-12T08:00:00Z")),
                ],
            ) + &party("B", &[("b 13th", Some("2022-09-13")), ("b undated", None)])),
        );
        let got = rows(&b, &[Side::Party(0), Side::Party(1)]);
        let cells: Vec<Vec<Option<Part>>> = got.iter().map(|r| r.cells.clone()).collect();
        assert_eq!(
            cells,
            [
                vec![st(0, 2), None],
                vec![st(0, 3), None],
                vec![st(0, 1), st(1, 0)],
                vec![st(0, 0), st(1, 1)],
            ]
        );
        let opens: Vec<bool> = got.iter().map(|r| r.opens_day).collect();
        assert_eq!(opens, [true, false, true, true]);
        assert_eq!(
            got[0].day.unwrap().label(&DateFormat::default()),
            "12 Sep 2022"
        );
        assert_eq!(got[3].day, None);
    }

    #[test]
    fn a_side_with_no_statements_leaves_its_column_empty() {
        let b = briefing(&(party("A", &[("a", None)]) + &party("B", &[])));
        let got = rows(&b, &[Side::Party(0), Side::Party(1)]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].cells, [st(0, 0), None]);
        assert!(rows(&b, &[Side::Party(1)]).is_empty());
    }

    #[test]
    fn rows_are_as_tall_as_their_tallest_cell_and_cells_are_kept_across_layouts() {
        let long = "word ".repeat(40);
        let b = briefing(&(party("A", &[(&long, None)]) + &party("B", &[("short", None)])));
        let sides = [Side::Party(0), Side::Party(1)];
        let notes = Annotations::default();
        let none = Words::folded(&crate::library::query::Query::default());
        let grid = Grid::new(
            &b,
            &sides,
            30,
            &notes,
            &Presentation::default(),
            &none,
            None,
        );
        let tall = grid.cell(0, 0).unwrap().wrapped.len();
        assert!(tall > grid.cell(0, 1).unwrap().wrapped.len());
        assert_eq!(grid.laid[0].height, 2 + tall + 1);
        assert_eq!(grid.height, grid.laid[0].height);
        assert_eq!(grid.rows_in(0..1), 0..1);
        assert_eq!(grid.rows_in(grid.height..grid.height + 5), 1..1);
        let again = Grid::new(
            &b,
            &[Side::Party(1)],
            30,
            &notes,
            &Presentation::default(),
            &none,
            Some(grid),
        );
        assert_eq!(again.cells.len(), 1);
        assert_eq!(
            again.find(Part::Statement { party: 1, index: 0 }),
            Some((0, 0))
        );
    }
}
