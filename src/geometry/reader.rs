//! Where each region of the reader goes for a given terminal size: the state needs the text
//! area's size to wrap and page, the drawing code every region.

use ratatui::layout::Rect;

/// Narrowest terminal the reader draws in; below it shows "terminal too small".
pub const MIN_WIDTH: u16 = 30;
/// Fewest text rows worth reading in; the header, tabs and status bar come on top.
pub const MIN_TEXT_ROWS: u16 = 3;
/// Widest the text column gets: long lines are hard to read.
pub const MAX_MEASURE: u16 = 100;
/// Columns left empty at each side of the text.
const MARGIN: u16 = 1;

/// The regions of the reader's screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub banner_top: Option<Rect>,
    pub title: Rect,
    pub meta: Rect,
    pub tabs: Rect,
    pub rule: Rect,
    pub text: Rect,
    pub status: Rect,
    pub banner_bottom: Option<Rect>,
}

/// The rows above and below the text: title, meta, tabs, rule and status, plus two banners.
pub fn chrome_rows(banner: bool) -> u16 {
    5 + if banner { 2 } else { 0 }
}

/// The note editor's panel over the text area `text`: its lower part (most of it on a small
/// screen), widened over the margins for the border.
pub fn note_panel(text: Rect) -> Rect {
    let height = (text.height * 3 / 5).max(7).min(text.height);
    let x = text.x.saturating_sub(MARGIN);
    Rect::new(x, text.bottom() - height, text.width + 2 * MARGIN, height)
}

/// Longest tab title shown in the tab bar before it is cut with `…`.
const MAX_TAB_TITLE: usize = 24;

/// One tab's label in the tab bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabSlot {
    pub index: usize,
    pub x: u16,
    pub width: u16,
    pub label: String,
}

/// The tab bar laid out: the labels that fit, and whether tabs are hidden either side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabBar {
    pub slots: Vec<TabSlot>,
    pub more_left: bool,
    pub more_right: bool,
}

/// The tab bar for `titles` in `area`: roomy labels when they fit, compact ones when not,
/// and scrolled so the `current` tab is always visible when even those do not fit.
pub fn tab_bar(titles: &[&str], current: usize, area: Rect) -> TabBar {
    use crate::text::{display_width, truncate};
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
        let labels: Vec<String> = (titles.iter().enumerate())
            .map(|(i, t)| label(i, t, pad))
            .collect();
        let widths: Vec<usize> = labels.iter().map(|l| display_width(l) + gap).collect();
        (labels, widths)
    };
    let (mut labels, mut widths) = layout(" ", 0);
    if widths.iter().sum::<usize>() > room {
        (labels, widths) = layout("", 1);
    }
    let current = current.min(titles.len().saturating_sub(1));
    // The first tab shown: the earliest that still lets the current tab fit.
    let mut first = 0;
    while first < current && widths[first..=current].iter().sum::<usize>() > room {
        first += 1;
    }
    let right = area.x + area.width;
    let mut x = area.x + 1;
    let mut bar = TabBar {
        slots: Vec::new(),
        more_left: first > 0,
        more_right: false,
    };
    for (i, label) in labels.into_iter().enumerate().skip(first) {
        let w = u16::try_from(display_width(&label)).unwrap_or(u16::MAX);
        if x.saturating_add(w) > right.saturating_sub(1) {
            bar.more_right = true;
            break;
        }
        bar.slots.push(TabSlot {
            index: i,
            x,
            width: w,
            label,
        });
        x = x.saturating_add(u16::try_from(widths[i]).unwrap_or(u16::MAX));
    }
    bar
}

/// The regions for a screen of `area`, or `None` when it is too small to read in.
pub fn areas(area: Rect, banner: bool) -> Option<Areas> {
    areas_at(area, banner, MAX_MEASURE)
}

/// [`areas`], with the text column at most `measure` columns wide (the configuration's
/// `max_width`).
pub fn areas_at(area: Rect, banner: bool, measure: u16) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < chrome_rows(banner) + MIN_TEXT_ROWS {
        return None;
    }
    // Header, tabs and text share one column, centred when the screen is wider than it.
    let width = (area.width - 2 * MARGIN).min(measure.max(MIN_WIDTH - 2 * MARGIN));
    let x = area.x + (area.width - width) / 2;
    let row = |y: u16| Rect::new(area.x, y, area.width, 1);
    let inner = |y: u16| Rect::new(x, y, width, 1);
    let mut y = area.y;
    let banner_top = banner.then(|| {
        y += 1;
        row(y - 1)
    });
    let title = inner(y);
    let meta = inner(y + 1);
    let tabs = Rect::new(x - MARGIN, y + 2, width + 2 * MARGIN, 1);
    let rule = row(y + 3);
    y += 4;
    let bottom = area.y + area.height;
    let banner_bottom = banner.then(|| row(bottom - 1));
    let status = row(bottom - 1 - u16::from(banner));
    let text = Rect::new(x, y, width, status.y - y);
    Some(Areas {
        banner_top,
        title,
        meta,
        tabs,
        rule,
        text,
        status,
        banner_bottom,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_size_leaves_most_rows_for_text() {
        let a = areas(Rect::new(0, 0, 80, 24), true).unwrap();
        assert_eq!(a.text, Rect::new(1, 5, 78, 17));
        assert_eq!(a.status.y, 22);
        assert_eq!(a.banner_bottom.unwrap().y, 23);
        let a = areas(Rect::new(0, 0, 80, 24), false).unwrap();
        assert_eq!(a.text.height, 19);
    }

    #[test]
    fn text_column_is_capped_and_centred() {
        let a = areas(Rect::new(0, 0, 200, 60), true).unwrap();
        assert_eq!(a.text.width, MAX_MEASURE);
        assert_eq!(a.text.x, 50);
        assert_eq!(a.title.x, 50);
    }

    #[test]
    fn tiny_screens_are_refused() {
        assert!(areas(Rect::new(0, 0, 29, 24), true).is_none());
        assert!(areas(Rect::new(0, 0, 80, 9), true).is_none());
        assert!(areas(Rect::new(0, 0, 80, 8), false).is_some());
    }
}
