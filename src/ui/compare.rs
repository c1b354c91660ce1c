//! The compare view's screen: the reader's banners and header, a column title per side on
//! the tab bar's row, then the rows of statements side by side under their days' labels,
//! with a rule between columns. Only the rows on screen are drawn, from cells wrapped once
//! per width ([`crate::document::compare::Grid`]).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::Theme;
use super::reader::{draw_line, position};
use super::status::{self, put};
use crate::app::action::Action;
use crate::app::compare::Compare;
use crate::app::reader::Reader;
use crate::app::state::App;
use crate::document::DateFormat;
use crate::document::compare::{NONE_RECORDED, day_label};
use crate::geometry::compare::{Columns, TWO_COLUMNS};
use crate::geometry::reader::Areas;
use crate::text::display_width;

/// Draws the compare view over the reader's `areas` (banners, title and rule are drawn).
pub fn draw(
    app: &App,
    reader: &Reader,
    compare: &Compare,
    theme: &Theme,
    areas: &Areas,
    buf: &mut Buffer,
) {
    let Some(columns) = reader.compare_columns() else {
        return;
    };
    let b = &reader.briefing;
    let grid = &compare.grid;
    // Each column's title where the tabs go.
    for (i, side) in grid.sides.iter().enumerate() {
        let x = columns.x(i);
        let title = format!(" {} ({}) ", side.title(b), side.len(b));
        let style = if i == compare.column {
            theme.tab_active
        } else {
            theme.tab
        };
        put(
            buf,
            Rect::new(x, areas.tabs.y, columns.width, 1),
            &title,
            style,
        );
    }
    draw_grid(compare, &columns, &reader.shown.dates, theme, buf);
    // A side with nothing to show says so where its first cell would be.
    let first = grid.laid.first().map_or(0, |l| l.top + l.cells_at);
    if let Some(below) = first.checked_sub(compare.top)
        && below < usize::from(columns.grid.height)
    {
        let y = columns.grid.y + u16::try_from(below).unwrap_or(0);
        for (i, side) in grid.sides.iter().enumerate() {
            if side.len(b) == 0 {
                let line = Rect::new(columns.x(i), y, columns.width, 1);
                put(buf, line, NONE_RECORDED, theme.muted);
            }
        }
    }
    draw_status(app, compare, &columns, theme, areas.status, buf);
}

fn draw_grid(
    compare: &Compare,
    columns: &Columns,
    dates: &DateFormat,
    theme: &Theme,
    buf: &mut Buffer,
) {
    let grid = &compare.grid;
    let area = columns.grid;
    let top = compare.top;
    let bottom = top + usize::from(area.height);
    for r in grid.rows_in(top..bottom) {
        let (laid, row) = (&grid.laid[r], &grid.rows[r]);
        for line in (laid.top..laid.top + laid.height).filter(|l| (top..bottom).contains(l)) {
            let y = area.y + u16::try_from(line - top).unwrap_or(0);
            let within = line - laid.top;
            if row.opens_day && within == 0 {
                let label = format!("── {} ", day_label(row.day, dates));
                let fill = usize::from(area.width).saturating_sub(display_width(&label));
                let text = format!("{label}{}", "─".repeat(fill));
                put(
                    buf,
                    Rect::new(area.x, y, area.width, 1),
                    &text,
                    theme.heading,
                );
                continue;
            }
            if within < laid.cells_at {
                continue;
            }
            let k = within - laid.cells_at;
            for c in 0..grid.sides.len() {
                let x = columns.x(c);
                if c > 0 {
                    buf.set_stringn(x - 2, y, "│", 1, theme.rule);
                }
                let Some(cell) = grid.cell(r, c) else {
                    continue;
                };
                let right = (x + columns.width).min(area.right());
                if let Some(l) = cell.wrapped.lines.get(k) {
                    let marked: Vec<(std::ops::Range<usize>, ratatui::style::Style)> = (cell.hits)
                        .iter()
                        .filter(|(block, _)| *block == l.anchor.block)
                        .map(|(_, range)| (range.clone(), theme.highlight))
                        .collect();
                    draw_line(buf, (&cell.document, l), (x, y, right), &marked, theme);
                    if compare.focus == Some((r, c)) && x > 0 {
                        buf.set_stringn(x - 1, y, "▌", 1, theme.focus);
                    }
                }
            }
        }
    }
}

fn draw_status(
    app: &App,
    compare: &Compare,
    columns: &Columns,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let rows = usize::from(columns.grid.height);
    let mut left = format!(
        " Compare │ {} ",
        position((compare.top, compare.grid.height, rows))
    );
    if columns.narrowed {
        left.push_str(&format!("│ one column: {TWO_COLUMNS} columns show two "));
    }
    let searching = (app.reader.as_ref()).is_some_and(|r| !r.search.query.is_empty());
    match compare.grid.hit_count() {
        _ if !searching => {}
        0 => left.push_str("│ no hits in these columns "),
        n => left.push_str(&format!("│ {n} hits (n, N) ")),
    }
    if let Some(notice) = &app.notice {
        left.push_str(&format!("│ {notice} "));
    }
    let hints = [
        (Action::ToggleHelp, "help"),
        (Action::NextSide, "other party"),
        (Action::ColumnRight, "column"),
        (Action::Back, "back"),
    ];
    status::bar(buf, area, &left, app.screen_keys(), &hints, theme);
}
