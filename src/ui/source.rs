//! The source card (`i`) and the question before a web address is opened (`x`): boxes over
//! the reader, their text laid out by [`crate::document::source`] and wrapped like the rest,
//! the keys along the bottom border.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::Theme;
use super::reader::draw_line;
use crate::briefing::Briefing;
use crate::document::{Document, Wrapped};
use crate::geometry::{overlay, popup};

/// The card's preferred width, borders included.
const CARD_WIDTH: u16 = 72;

/// A bordered box at `area` titled `title`, with `keys` along its bottom, showing the lines
/// of `doc` from `scroll` on.
fn boxed(
    (doc, wrapped): (&Document, &Wrapped),
    scroll: usize,
    (title, keys): (&str, &str),
    area: Rect,
    theme: &Theme,
    buf: &mut Buffer,
) {
    Clear.render(area, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.help_border)
        .title(Span::styled(format!(" {title} "), theme.title))
        .title_bottom(Span::styled(format!(" {keys} "), theme.muted));
    let inner = block.inner(area);
    block.render(area, buf);
    let text = Rect::new(
        inner.x.saturating_add(1),
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    let lines = wrapped.lines.iter().skip(scroll);
    for (y, line) in (text.y..text.bottom()).zip(lines) {
        draw_line(buf, (doc, line), (text.x, y, text.right()), &[], theme);
    }
}

/// The card of source `index` of `b`.
pub fn draw_card(b: &Briefing, index: usize, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let doc = crate::document::source::card(b, index);
    let width = CARD_WIDTH.min(area.width);
    let wrapped = Wrapped::new(&doc, width.saturating_sub(4).max(1));
    let area = popup(area, width, wrapped.len());
    let keys = "Enter Sources tab · x open URL · Esc close";
    boxed((&doc, &wrapped), 0, ("Source", keys), area, theme, buf);
}

/// The question before `url` is opened, scrolled by `scroll` lines.
pub fn draw_confirm(url: &str, scroll: usize, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let (area, wrapped, doc) = overlay::confirm_box(url, area);
    let keys = if crate::document::source::refusal(url).is_some() {
        "Esc close"
    } else {
        "y open · n do not · j/k scroll"
    };
    boxed(
        (&doc, &wrapped),
        scroll,
        ("Open in the browser?", keys),
        area,
        theme,
        buf,
    );
}
