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
