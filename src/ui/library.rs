//! The library's screen: a header with the filter, a table of briefings (newest first unless
//! sorted otherwise) with where each one matched, and a status bar with the loading progress
//! and the problems count.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::Theme;
use super::reader::too_small;
use super::status::{self, put};
use crate::app::action::Action;
use crate::app::library::{Apart, Library};
use crate::app::memory::Status;
use crate::app::state::App;
use crate::briefing::thousands;
use crate::geometry::library::{CHROME_ROWS, HEADER_ROWS, MIN_HEIGHT, MIN_WIDTH};
use crate::text::{display_width, truncate};

const GAP: usize = 2;
/// The marks column (`●` unread, `⚑` flagged, `✎` with notes), and the one space after it.
const MARKS_WIDTH: usize = 3;
/// A date as the index holds it: `2022-09-12`.
const ISO_WIDTH: usize = 10;

/// The gap after a column.
fn gap(c: Column) -> usize {
    if c == Column::Marks { 1 } else { GAP }
}

/// A column of the table: its heading and width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// `●` unread, `⚑` flagged, `✎` with notes.
    Marks,
    Date,
    Title,
    Match,
    Region,
    Tags,
    Marking,
    Parties,
}

/// The columns that fit `width`, with their widths. Optional columns go first when room is
/// short: tags, then marking, then region. Dates take `date` columns, or ISO's 10 when that
/// would leave the title less than its least.
fn columns(library: &Library, width: usize, with_match: bool, date: usize) -> Vec<(Column, usize)> {
    let w = library.widths;
    let mut optional: Vec<(Column, usize)> = [
        (Column::Region, w.region.clamp(6, 16)),
        (Column::Tags, w.tags.clamp(4, 18)),
        (Column::Marking, w.marking.clamp(7, 12)),
    ]
    .into_iter()
    .filter(|(c, _)| match c {
        Column::Region => w.region > 0,
        Column::Tags => w.tags > 0,
        Column::Marking => w.marking > 0,
        _ => true,
    })
    .collect();
    let flexible_min = if with_match { 24 + 40 + GAP } else { 24 };
    let date = if MARKS_WIDTH + 1 + date + 3 + GAP * 2 + flexible_min <= width {
        date
    } else {
        date.min(ISO_WIDTH)
    };
    let fixed = MARKS_WIDTH + 1 + date + 3 + GAP * 2;
    loop {
        let used: usize = optional.iter().map(|(_, w)| w + GAP).sum();
        if fixed + used + flexible_min <= width || optional.is_empty() {
            break;
        }
        let drop = [Column::Tags, Column::Marking, Column::Region]
            .into_iter()
            .find(|c| optional.iter().any(|(o, _)| o == c));
        optional.retain(|(c, _)| Some(*c) != drop);
    }
    let used: usize = optional.iter().map(|(_, w)| w + GAP).sum();
    let rest = width.saturating_sub(fixed + used);
    let mut out = vec![(Column::Marks, MARKS_WIDTH), (Column::Date, date)];
    if with_match {
        let title = (rest * 2 / 5).clamp(12, 48).min(rest);
        out.push((Column::Title, title));
        out.push((Column::Match, rest.saturating_sub(title + GAP)));
    } else {
        out.push((Column::Title, rest));
    }
    out.extend(optional);
    out.push((Column::Parties, 3));
    out
}

fn heading(c: Column) -> &'static str {
    match c {
        Column::Marks => "",
        Column::Date => "DATE",
        Column::Title => "TITLE",
        Column::Match => "MATCH",
        Column::Region => "REGION",
        Column::Tags => "TAGS",
        Column::Marking => "MARKING",
        Column::Parties => "  #",
    }
}

pub fn render(app: &App, library: &Library, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let way_out = if app.editing.is_some() {
            "Esc cancels"
        } else {
            "q quits"
        };
        let need = (MIN_WIDTH, MIN_HEIGHT);
        too_small(area, None, need, way_out, theme, frame.buffer_mut());
        return;
    }
    let row = |y: u16| Rect::new(area.x + 1, y, area.width - 2, 1);
    let buf = frame.buffer_mut();
    let s = if library.briefings == 1 { "" } else { "s" };
    let mut title = format!("Library · {} briefing{s}", thousands(library.briefings));
    if app.memory.status != Status::Waiting {
        title.push_str(&format!(" · {} unread", thousands(library.unread)));
    }
    put(buf, row(area.y), &title, theme.title);
    put(buf, row(area.y + 1), &filter_line(library), theme.meta);
    let rule = "─".repeat(usize::from(area.width));
    put(
        buf,
        Rect::new(area.x, area.y + 2, area.width, 1),
        &rule,
        theme.rule,
    );

    let with_match = library.has_words();
    let cols = columns(
        library,
        usize::from(area.width) - 2,
        with_match,
        app.options.dates.widest(),
    );
    draw_cells(
        buf,
        row(area.y + 3),
        &cols,
        |c| heading(c).to_string(),
        |_| theme.table_header,
    );

    let list = Rect::new(
        area.x + 1,
        area.y + HEADER_ROWS,
        area.width - 2,
        area.height - CHROME_ROWS,
    );
    draw_list(app, library, &cols, list, theme, buf);

    let status = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    match &app.editing {
        Some(editing) => {
            let error = library.query_error.as_ref().map(|e| e.message.as_str());
            status::prompt(frame, status, editing, error, theme);
        }
        None => draw_status(app, library, theme, status, frame.buffer_mut()),
    }
}

/// `filter: border tag:x · 12 matching · sorted by date`.
fn filter_line(library: &Library) -> String {
    let sort = match library.sort.name() {
        "date" => "sorted by date, newest first".to_string(),
        other => format!("sorted by {other}"),
    };
    if library.query.is_empty() {
        sort
    } else {
        format!(
            "filter: {} · {} matching · {sort}",
            crate::briefing::sanitize::quoted(&library.query),
            thousands(library.matching)
        )
    }
}

/// Writes each column's text for one row, cut with `…` to its width.
fn draw_cells(
    buf: &mut Buffer,
    area: Rect,
    cols: &[(Column, usize)],
    text: impl Fn(Column) -> String,
    style: impl Fn(Column) -> Style,
) {
    let mut x = area.x;
    for (c, w) in cols {
        let step = u16::try_from(w + gap(*c)).unwrap_or(u16::MAX);
        if *w == 0 || x >= area.right() {
            x = x.saturating_add(step);
            continue;
        }
        let room = (*w).min(usize::from(area.right() - x));
        let value = text(*c);
        // Numbers line up on the right.
        let value = if *c == Column::Parties {
            format!("{value:>3}")
        } else {
            value
        };
        buf.set_stringn(x, area.y, truncate(&value, room), room, style(*c));
        x = x.saturating_add(step);
    }
}

fn draw_list(
    app: &App,
    library: &Library,
    cols: &[(Column, usize)],
    area: Rect,
    theme: &Theme,
    buf: &mut Buffer,
) {
    if library.matching == 0 {
        let message = if library.briefings == 0 && library.behind {
            "Waiting for another brief to finish indexing…".to_string()
        } else if library.briefings == 0 && !library.done {
            "Indexing…".to_string()
        } else if library.briefings == 0 {
            "No briefings were found.".to_string()
        } else {
            "No briefing matches the filter. Esc clears it.".to_string()
        };
        put(
            buf,
            Rect::new(area.x, area.y, area.width, 1),
            &message,
            theme.muted,
        );
        return;
    }
    let width_of = |column| {
        (cols.iter())
            .find(|(c, _)| *c == column)
            .map_or(0, |(_, w)| *w)
    };
    let title_width = width_of(Column::Title);
    // The configured format where it fits, else the date as the index holds it.
    let formatted = width_of(Column::Date) >= app.options.dates.widest();
    // Until the store has answered, nothing is shown as unread.
    let recall = app.memory.recall();
    let waiting = app.memory.status == Status::Waiting;
    for (y, (i, shown)) in (area.y..area.bottom()).zip(library.visible()) {
        let l = &shown.listed;
        let id = l.id.as_deref().unwrap_or_default();
        // A file without an id whose name another file holds: nothing remembered is its.
        let id = if recall.held_by_other(id, &l.path) {
            ""
        } else {
            id
        };
        let row = Rect::new(area.x, y, area.width, 1);
        let style = if i == library.selected {
            buf.set_style(row, theme.selected);
            theme.selected
        } else {
            theme.body
        };
        let marks = recall.marks_of(id);
        let unread = !marks.read && !waiting;
        let updated = recall.updated_of(id, l.hash);
        let style = if unread {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        };
        let title = l.title.as_deref().unwrap_or_default();
        let text = |c: Column| match c {
            Column::Marks => {
                let unread = if unread { '●' } else { ' ' };
                let flag = if marks.flagged { '⚑' } else { ' ' };
                let note = if recall.noted_of(id) { '✎' } else { ' ' };
                format!("{unread}{flag}{note}")
            }
            Column::Date => match l.date.as_deref() {
                Some(d) if formatted => app.options.dates.iso(d),
                other => other.unwrap_or_default().to_string(),
            },
            Column::Title => {
                let title = if updated {
                    format!("updated · {title}")
                } else {
                    title.to_string()
                };
                match shown.apart.as_ref().and_then(Option::as_ref) {
                    Some(apart) => title_and(&title, apart, title_width),
                    None => title,
                }
            }
            Column::Match => shown.excerpt.clone().flatten().unwrap_or_default(),
            Column::Region => l.region.clone().unwrap_or_default(),
            Column::Tags => l.tags.join(", "),
            Column::Marking => l.marking.clone().unwrap_or_default(),
            Column::Parties => l.parties.len().to_string(),
        };
        // A TLP label in its colours, in every row as on the reader's banners.
        let tlp = l.marking.as_deref().and_then(|m| theme.tlp(m));
        let styled = |c: Column| match (c, tlp) {
            (Column::Marking, Some(tlp)) => style.patch(tlp),
            _ => style,
        };
        draw_cells(buf, row, cols, text, styled);
    }
}

/// `title · tag` in `width` columns: the tag tells briefings of one title apart, so it keeps
/// at least half the room; where the whole tag does not fit, it is shown from where it differs
/// from the others' and cut at its end.
fn title_and(title: &str, apart: &Apart, width: usize) -> String {
    let room = (width / 2).max(width.saturating_sub(display_width(title) + 3));
    let tag = if display_width(&apart.whole) <= room {
        Cow::Borrowed(apart.whole.as_str())
    } else {
        truncate(&apart.part, room)
    };
    let room = width.saturating_sub(display_width(&tag) + 3);
    format!("{} · {tag}", truncate(title, room))
}

fn draw_status(app: &App, library: &Library, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let mut left = format!(" {} shown", thousands(library.matching));
    if !library.done {
        match library.progress {
            Some((done, of)) => left.push_str(&format!(
                " │ indexing {}/{}",
                thousands(done),
                thousands(of)
            )),
            // Another `brief` is indexing these folders: this one waits for it.
            None if library.behind => left.push_str(" │ another brief indexing"),
            // Still walking the folders: no count yet.
            None => left.push_str(" │ indexing…"),
        }
    }
    let problems = library.problems();
    if problems > 0 {
        let s = if problems == 1 { "" } else { "s" };
        left.push_str(&format!(" │ {} problem{s} (!)", thousands(problems)));
    }
    for notice in [&app.notice, &library.notice].into_iter().flatten() {
        left.push_str(&format!(" │ {notice}"));
    }
    left.push(' ');
    let hints = [
        (Action::Search, "search"),
        (Action::Open, "open"),
        (Action::CycleSort, "sort"),
        (Action::ToggleHelp, "help"),
        (Action::Back, "quit"),
    ];
    status::bar(buf, area, &left, app.screen_keys(), &hints, theme);
}
