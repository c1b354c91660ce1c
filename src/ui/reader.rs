//! The reader's screen: marking banners, header, tab bar, the text of the current tab with
//! search hits highlighted, and the status bar. Text is drawn from the tab's wrapped lines,
//! only the visible slice, so a frame costs the same at any depth of any document.

use std::ops::Range;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::Theme;
use super::status::{self, put};
use crate::app::action::Action;
use crate::app::keymap;
use crate::app::reader::Reader;
use crate::app::state::App;
use crate::document::build::meta_line;
use crate::document::changes::Mark;
use crate::document::wrap::SegText;
use crate::geometry::reader::{self as layout, Areas};
use crate::text::{display_width, truncate, whole_graphemes};

/// Draws the reader for `reader`, with the app's search line, notice and overlays' context.
pub fn render(app: &App, reader: &Reader, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    let marking = reader.briefing.marking.as_deref();
    let Some(areas) = layout::areas_at(area, marking.is_some(), reader.measure) else {
        let rows = layout::chrome_rows(marking.is_some()) + layout::MIN_TEXT_ROWS;
        let need = (layout::MIN_WIDTH, rows);
        too_small(
            area,
            marking,
            need,
            &way_out(app),
            theme,
            frame.buffer_mut(),
        );
        return;
    };
    draw(reader, theme, &areas, frame.buffer_mut());
    if let Some(compare) = &reader.compare {
        super::compare::draw(app, reader, compare, theme, &areas, frame.buffer_mut());
        return;
    }
    draw_tabs(reader, theme, areas.tabs, frame.buffer_mut());
    draw_text(reader, theme, areas.text, frame.buffer_mut());
    match &app.editing {
        Some(editing) => status::prompt(frame, areas.status, editing, None, theme),
        None => draw_status(app, reader, theme, areas.status, frame.buffer_mut()),
    }
}

fn draw(reader: &Reader, theme: &Theme, areas: &Areas, buf: &mut Buffer) {
    let marking = reader.briefing.marking.as_deref();
    for banner in [areas.banner_top, areas.banner_bottom]
        .into_iter()
        .flatten()
    {
        let marking = marking.unwrap_or_default();
        draw_banner(banner, marking, theme.banner_for(marking), buf);
    }
    put(buf, areas.title, &reader.briefing.title, theme.title);
    draw_title_hits(reader, theme, areas.title, buf);
    put(
        buf,
        areas.meta,
        &meta_line(&reader.briefing, &reader.shown.dates),
        theme.meta,
    );
    let rule = "─".repeat(usize::from(areas.rule.width));
    put(buf, areas.rule, &rule, theme.rule);
}

/// The search's words in the title, highlighted where the header shows them (as far as it
/// shows the title).
fn draw_title_hits(reader: &Reader, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let title = &reader.briefing.title;
    let (full, room) = (display_width(title), usize::from(area.width));
    // A title cut short ends in `…`, which is not the title's.
    let shown = if full > room {
        room.saturating_sub(1)
    } else {
        full
    };
    for range in &reader.search.in_title {
        let Some(before) = title.get(..range.start) else {
            continue;
        };
        let start = display_width(before);
        let end = (start + display_width(&title[range.clone()])).min(shown);
        if start >= end {
            continue;
        }
        let x = area.x + u16::try_from(start).unwrap_or(u16::MAX);
        let width = u16::try_from(end - start).unwrap_or(0);
        buf.set_style(Rect::new(x, area.y, width, 1), theme.highlight);
    }
}

/// A full-width row with the marking centred in it.
pub fn draw_banner(area: Rect, marking: &str, style: Style, buf: &mut Buffer) {
    buf.set_style(area, style);
    let text = truncate(marking, usize::from(area.width));
    let pad = (usize::from(area.width) - display_width(&text)) / 2;
    let x = area.x + u16::try_from(pad).unwrap_or(0);
    buf.set_stringn(x, area.y, &text, usize::from(area.width), style);
}

/// The tab bar, as [`layout::tab_bar`] lays it out.
fn draw_tabs(reader: &Reader, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let titles: Vec<&str> = reader.tabs.iter().map(|t| t.title.as_str()).collect();
    let bar = layout::tab_bar(&titles, reader.current, area);
    if bar.more_left {
        buf.set_stringn(area.x, area.y, "‹", 1, theme.tab);
    }
    for slot in &bar.slots {
        let style = if slot.index == reader.current {
            theme.tab_active
        } else {
            theme.tab
        };
        buf.set_stringn(slot.x, area.y, &slot.label, usize::from(slot.width), style);
    }
    if bar.more_right {
        buf.set_stringn(area.right() - 1, area.y, "›", 1, theme.tab);
    }
}

fn draw_text(reader: &Reader, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let tab = reader.tab();
    let Some((doc, wrapped)) = tab.lines() else {
        return;
    };
    let hits = reader.search.in_tab(reader.current);
    let current_hit = reader
        .search
        .current
        .and_then(|i| reader.search.hits.get(i))
        .filter(|h| h.tab == reader.current);
    let from = tab.top.min(wrapped.lines.len());
    let visible = wrapped.lines[from..].iter().take(usize::from(area.height));
    let focused = tab.focus.and_then(|i| doc.items.get(i));
    // The margin left of the text: the geometry always leaves a column there.
    let margin = area.x.checked_sub(1);
    for (y, line) in (area.y..).zip(visible) {
        let block = line.anchor.block;
        let change = tab
            .changes
            .binary_search_by_key(&block, |(b, _)| *b)
            .ok()
            .map(|i| &tab.changes[i].1);
        if let Some(x) = margin {
            if let Some(item) = focused
                && item.holds(block, line.anchor.offset)
            {
                buf.set_stringn(x, y, "▌", 1, theme.focus);
            } else if let Some(change) = change {
                let mark = match change {
                    Mark::Added => "+",
                    Mark::Changed(_) => "~",
                    Mark::Removed => "-",
                };
                buf.set_stringn(x, y, mark, 1, theme.changed);
            }
        }
        let first = hits.partition_point(|h| h.block < block);
        let block_hits = hits[first..].iter().take_while(|h| h.block == block);
        // What to highlight in this block: the words changed since the last reading, then
        // the search hits over them.
        let mut marked: Vec<(Range<usize>, Style)> = match change {
            Some(Mark::Changed(words)) => words
                .iter()
                .map(|w| (w.clone(), theme.changed_words))
                .collect(),
            _ => Vec::new(),
        };
        marked.extend(block_hits.map(|hit| {
            let style = if Some(hit) == current_hit {
                theme.highlight_current
            } else {
                theme.highlight
            };
            (hit.range.clone(), style)
        }));
        draw_line(buf, (doc, line), (area.x, y, area.right()), &marked, theme);
    }
}

/// Draws one wrapped `line` of `doc` from column `x` of row `y`, clipped before `right`, with
/// the `marked` ranges of its block highlighted.
pub fn draw_line(
    buf: &mut Buffer,
    (doc, line): (&crate::document::Document, &crate::document::Line),
    (left, y, right): (u16, u16, u16),
    marked: &[(Range<usize>, Style)],
    theme: &Theme,
) {
    for seg in &line.segs {
        let x = left.saturating_add(seg.col);
        if x >= right {
            continue;
        }
        let room = usize::from(right - x);
        let text = line.seg_text(doc, seg);
        put_seg(buf, x, y, text, room, theme.role(seg.role));
        if let SegText::Block(range) = &seg.text {
            let base = theme.role(seg.role);
            highlight(buf, (x, y), right, (text, range), marked, base);
        }
    }
}

/// Highlights the parts of one segment (`text`, bytes `range` of its block, drawn at `at`)
/// that fall in `marked`, in whole characters: half of one in a cell of its own could end
/// with a joiner.
fn highlight(
    buf: &mut Buffer,
    at: (u16, u16),
    right: u16,
    (text, range): (&str, &Range<usize>),
    marked: &[(Range<usize>, Style)],
    base: Style,
) {
    let (x, y) = at;
    for (mark, style) in marked {
        let start = mark.start.max(range.start);
        let end = mark.end.min(range.end);
        if start >= end {
            continue;
        }
        let local = whole_graphemes(text, start - range.start..end - range.start);
        let lead = display_width(&text[..local.start]);
        let hx = x.saturating_add(u16::try_from(lead).unwrap_or(u16::MAX));
        if hx < right {
            let part = &text[local];
            put_seg(
                buf,
                hx,
                y,
                part,
                usize::from(right - hx),
                base.patch(*style),
            );
        }
    }
}

/// Writes one segment of text, at most `room` columns. Printable ASCII, most of any briefing,
/// goes straight into the cells; anything else takes the grapheme-aware path, which never
/// splits a wide character at the edge.
fn put_seg(buf: &mut Buffer, x: u16, y: u16, text: &str, room: usize, style: Style) {
    if !text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        buf.set_stringn(x, y, text, room, style);
        return;
    }
    let start = buf.index_of(x, y);
    let n = text.len().min(room);
    for (cell, b) in buf.content[start..start + n].iter_mut().zip(text.bytes()) {
        cell.set_char(char::from(b)).set_style(style);
    }
}

fn draw_status(app: &App, reader: &Reader, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let position = reader.position().map_or_else(String::new, position);
    let flagged = app
        .reader_id
        .as_ref()
        .is_some_and(|id| app.memory.marks_of(id).flagged);
    let flag = if flagged { "⚑ " } else { "" };
    let mut left = format!(" {flag}{} │ {position} ", truncate(&reader.tab().title, 20));
    let search = &reader.search;
    if !search.query.is_empty() {
        match (search.current, search.hits.len()) {
            (_, 0) if !search.in_title.is_empty() => left.push_str("│ in the title only "),
            (_, 0) if search.hidden > 0 => {}
            (_, 0) => left.push_str("│ no hits "),
            (Some(i), n) => left.push_str(&format!("│ hit {}/{n} ", i + 1)),
            (None, n) => left.push_str(&format!("│ {n} hits ")),
        }
        match (search.hidden, search.hits.len()) {
            (0, _) => {}
            (_, 0) => left.push_str("│ only in hidden wordings: o shows them "),
            (n, _) => left.push_str(&format!("│ {n} more in hidden wordings (o) ")),
        }
    }
    let changes = reader.change_count();
    if reader.comparing() {
        left.push_str("│ finding changes since read… ");
    } else if changes > 0 {
        let s = if changes == 1 { "" } else { "s" };
        left.push_str(&format!("│ {changes} change{s} since read "));
    }
    if let Some(notice) = &app.notice {
        left.push_str(&format!("│ {notice} "));
    }
    if app.note_editor.is_some() {
        // Every other key is typed into the note.
        let hints = [(Action::SaveNote, "save"), (Action::Back, "leave")];
        let keys = app.options.keymap.table(keymap::Context::Editor);
        status::bar(buf, area, &left, keys, &hints, theme);
        return;
    }
    let mut hints = vec![(Action::ToggleHelp, "help")];
    if changes > 0 {
        hints.push((Action::NextChange, "next change"));
    }
    if search.hits.is_empty() {
        hints.extend([(Action::NextTab, "next tab"), (Action::Search, "search")]);
    } else {
        hints.extend([(Action::NextHit, "next hit"), (Action::PrevHit, "previous")]);
    }
    let back = if app.library.is_some() {
        "library"
    } else {
        "quit"
    };
    hints.push((Action::Leave, back));
    status::bar(buf, area, &left, app.screen_keys(), &hints, theme);
}

/// `12/80 15%`: the first line on screen, of how many, and how far down.
pub fn position((top, total, rows): (usize, usize, usize)) -> String {
    let percent = if total <= rows {
        100
    } else {
        top * 100 / (total - rows)
    };
    format!("{}/{} {percent}%", (top + 1).min(total), total)
}

/// Shown instead of a screen when the terminal is too small to use; `need` is the size that
/// screen needs, as `(columns, rows)`.
/// What the key that gets out of the reader's present state does, for a screen too small to
/// show the status bar: the note editor and the search line take `q` as text.
fn way_out(app: &App) -> String {
    let keys = &app.options.keymap;
    if app.note_editor.is_some() {
        let key = keymap::key_for(keys.table(keymap::Context::Editor), Action::Back);
        format!("{key} leaves the note")
    } else if app.editing.is_some() {
        "Esc cancels".to_string()
    } else if app.reader.as_ref().is_some_and(|r| r.compare.is_some()) {
        let key = keymap::key_for(keys.table(keymap::Context::Compare), Action::Back);
        format!("{key} closes the comparison")
    } else {
        let key = keymap::key_for(keys.table(keymap::Context::Reader), Action::Leave);
        let what = if app.library.is_some() {
            "goes back"
        } else {
            "quits"
        };
        format!("{key} {what}")
    }
}

/// The notice of a screen too small to use: its size, the size needed, and `way_out`.
pub fn too_small(
    area: Rect,
    marking: Option<&str>,
    need: (u16, u16),
    way_out: &str,
    theme: &Theme,
    buf: &mut Buffer,
) {
    let mut body = area;
    if let Some(marking) = marking
        && area.height >= 3
    {
        let top = Rect::new(area.x, area.y, area.width, 1);
        let bottom = Rect::new(area.x, area.bottom() - 1, area.width, 1);
        draw_banner(top, marking, theme.banner_for(marking), buf);
        draw_banner(bottom, marking, theme.banner_for(marking), buf);
        body = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
    }
    let headline = if body.width >= 18 {
        "Terminal too small"
    } else {
        "Too small"
    };
    let lines = [
        headline.to_string(),
        format!("{}×{}, need {}×{}", area.width, area.height, need.0, need.1),
        way_out.to_string(),
    ];
    let first = body.y + body.height.saturating_sub(3) / 2;
    for (y, line) in (first..body.bottom()).zip(&lines) {
        let text = truncate(line, usize::from(body.width));
        let pad = (usize::from(body.width) - display_width(&text)) / 2;
        let x = body.x + u16::try_from(pad).unwrap_or(0);
        buf.set_stringn(x, y, &text, usize::from(body.width), theme.warning);
    }
}
