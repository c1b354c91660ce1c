//! The reader's screen: marking banners, header, tab bar, the text of the current tab and the
//! status bar. Text is drawn from the tab's wrapped lines, only the visible slice, so a frame
//! costs the same at any depth of any document.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::Theme;
use super::layout::{self, Areas};
use crate::app::action::Action;
use crate::app::keymap;
use crate::app::state::State;
use crate::document::build::meta_line;
use crate::document::wrap::{display_width, truncate};

/// Longest tab title shown in the tab bar before it is cut with `…`.
const MAX_TAB_TITLE: usize = 24;

pub fn draw(state: &State, theme: &Theme, areas: &Areas, buf: &mut Buffer) {
    let marking = state.briefing.marking.as_deref();
    for banner in [areas.banner_top, areas.banner_bottom]
        .into_iter()
        .flatten()
    {
        draw_banner(banner, marking.unwrap_or_default(), theme.banner, buf);
    }
    put(buf, areas.title, &state.briefing.title, theme.title);
    put(buf, areas.meta, &meta_line(&state.briefing), theme.meta);
    draw_tabs(state, theme, areas.tabs, buf);
    let rule = "─".repeat(usize::from(areas.rule.width));
    put(buf, areas.rule, &rule, theme.rule);
    draw_text(state, theme, areas.text, buf);
    draw_status(state, theme, areas.status, buf);
}

/// Writes `text` on the one-row `area`, cut with `…` when it does not fit.
fn put(buf: &mut Buffer, area: Rect, text: &str, style: Style) {
    let width = usize::from(area.width);
    buf.set_stringn(area.x, area.y, truncate(text, width), width, style);
}

/// A full-width row with the marking centred in it.
fn draw_banner(area: Rect, marking: &str, style: Style, buf: &mut Buffer) {
    buf.set_style(area, style);
    let text = truncate(marking, usize::from(area.width));
    let pad = (usize::from(area.width) - display_width(&text)) / 2;
    let x = area.x + u16::try_from(pad).unwrap_or(0);
    buf.set_stringn(x, area.y, &text, usize::from(area.width), style);
}

/// The tab bar: roomy labels when they fit, compact ones when not, and scrolled so the current
/// tab is always visible when even those do not fit.
fn draw_tabs(state: &State, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let room = usize::from(area.width).saturating_sub(2);
    let label = |i: usize, title: &str, pad: &str| {
        let title = truncate(title, MAX_TAB_TITLE);
        if i < 9 {
            format!("{pad}{} {title}{pad}", i + 1)
        } else {
            format!("{pad}{title}{pad}")
        }
    };
    let layout = |pad: &str, gap: usize| {
        let labels: Vec<String> = (state.tabs.iter().enumerate())
            .map(|(i, t)| label(i, &t.title, pad))
            .collect();
        let widths: Vec<usize> = labels.iter().map(|l| display_width(l) + gap).collect();
        (labels, widths)
    };
    let (mut labels, mut widths) = layout(" ", 0);
    if widths.iter().sum::<usize>() > room {
        (labels, widths) = layout("", 1);
    }
    // The first tab shown: the earliest that still lets the current tab fit.
    let mut first = 0;
    while first < state.current && widths[first..=state.current].iter().sum::<usize>() > room {
        first += 1;
    }
    let right = area.x + area.width;
    let mut x = area.x + 1;
    if first > 0 {
        buf.set_stringn(area.x, area.y, "‹", 1, theme.tab);
    }
    for (i, label) in labels.iter().enumerate().skip(first) {
        let w = u16::try_from(display_width(label)).unwrap_or(u16::MAX);
        if x.saturating_add(w) > right.saturating_sub(1) {
            buf.set_stringn(right - 1, area.y, "›", 1, theme.tab);
            break;
        }
        let style = if i == state.current {
            theme.tab_active
        } else {
            theme.tab
        };
        buf.set_stringn(x, area.y, label, usize::from(w), style);
        x = x.saturating_add(u16::try_from(widths[i]).unwrap_or(u16::MAX));
    }
}

fn draw_text(state: &State, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let tab = state.tab();
    let Some((doc, wrapped)) = tab.lines() else {
        return;
    };
    let from = tab.top.min(wrapped.lines.len());
    let visible = wrapped.lines[from..].iter().take(usize::from(area.height));
    for (y, line) in (area.y..).zip(visible) {
        for seg in &line.segs {
            let x = area.x.saturating_add(seg.col);
            if x >= area.right() {
                continue;
            }
            let room = usize::from(area.right() - x);
            put_seg(
                buf,
                x,
                y,
                line.seg_text(doc, seg),
                room,
                theme.role(seg.role),
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

/// The first key help lists for `action`, for the status bar's hints.
fn key_for(action: Action) -> &'static str {
    keymap::KEYS
        .iter()
        .find(|e| e.action == action)
        .and_then(|e| e.keys.first())
        .map_or("?", |(_, label)| label)
}

fn draw_status(state: &State, theme: &Theme, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, theme.status);
    let position = match state.position() {
        Some((top, total, rows)) => {
            let percent = if total <= rows {
                100
            } else {
                top * 100 / (total - rows)
            };
            format!("{}/{} {percent}%", (top + 1).min(total), total)
        }
        None => String::new(),
    };
    let left = format!(" {} │ {position} ", truncate(&state.tab().title, 20));
    let hints = [
        (Action::ToggleHelp, "help"),
        (Action::NextTab, "next tab"),
        (Action::PageDown, "page"),
        (Action::Back, "quit"),
    ];
    let width = usize::from(area.width);
    let mut used = display_width(&left);
    put(buf, area, &left, theme.status);
    // Hints fill from the right, as many as fit.
    let mut spans: Vec<(&str, &str)> = Vec::new();
    let mut hints_width = 0;
    for (action, what) in hints {
        let w = display_width(key_for(action)) + 1 + display_width(what) + 2;
        if used + hints_width + w > width {
            break;
        }
        hints_width += w;
        spans.push((key_for(action), what));
    }
    used = width - hints_width;
    let mut x = area.x + u16::try_from(used).unwrap_or(0);
    for (key, what) in spans {
        buf.set_stringn(x, area.y, key, width, theme.status.patch(theme.status_key));
        x += u16::try_from(display_width(key)).unwrap_or(0);
        let rest = format!(" {what}  ");
        buf.set_stringn(x, area.y, &rest, width, theme.status);
        x += u16::try_from(display_width(&rest)).unwrap_or(0);
    }
}

/// Shown instead of the reader when the terminal is too small to read in.
pub fn too_small(area: Rect, marking: Option<&str>, theme: &Theme, buf: &mut Buffer) {
    let mut body = area;
    if let Some(marking) = marking
        && area.height >= 3
    {
        let top = Rect::new(area.x, area.y, area.width, 1);
        let bottom = Rect::new(area.x, area.bottom() - 1, area.width, 1);
        draw_banner(top, marking, theme.banner, buf);
        draw_banner(bottom, marking, theme.banner, buf);
        body = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
    }
    let need_h = layout::chrome_rows(marking.is_some()) + layout::MIN_TEXT_ROWS;
    let headline = if body.width >= 18 {
        "Terminal too small"
    } else {
        "Too small"
    };
    let lines = [
        headline.to_string(),
        format!(
            "{}×{}, need {}×{}",
            area.width,
            area.height,
            layout::MIN_WIDTH,
            need_h
        ),
        "q quits".to_string(),
    ];
    let first = body.y + body.height.saturating_sub(3) / 2;
    for (y, line) in (first..body.bottom()).zip(&lines) {
        let text = truncate(line, usize::from(body.width));
        let pad = (usize::from(body.width) - display_width(&text)) / 2;
        let x = body.x + u16::try_from(pad).unwrap_or(0);
        buf.set_stringn(x, y, &text, usize::from(body.width), theme.warning);
    }
}
