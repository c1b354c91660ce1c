//! The source card (`i`) and the question before a web address is opened (`x`): boxes over
//! the reader, their text laid out by [`crate::document::source`] and wrapped like the rest,
//! the keys along the bottom border.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::Theme;
use super::reader::draw_line;
use crate::app::mouse::{CARD_BUTTONS, CONFIRM_BUTTONS, REFUSED_BUTTONS};
use crate::briefing::Briefing;
use crate::document::{Document, Wrapped};
use crate::geometry::overlay;

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
    let (area, wrapped, doc) = overlay::card_box(b, index, area);
    let keys = labels(CARD_BUTTONS);
    boxed((&doc, &wrapped), 0, ("Source", &keys), area, theme, buf);
}

/// The buttons' labels as the bottom border shows them.
fn labels(buttons: &[(&str, crate::app::action::Action)]) -> String {
    let labels: Vec<&str> = buttons.iter().map(|(l, _)| *l).collect();
    labels.join(" · ")
}

/// The question before `url` is opened, scrolled by `scroll` lines.
pub fn draw_confirm(url: &str, scroll: usize, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let (area, wrapped, doc) = overlay::confirm_box(url, area);
    let keys = if crate::document::source::refusal(url).is_some() {
        labels(REFUSED_BUTTONS)
    } else {
        labels(CONFIRM_BUTTONS) + " · j/k scroll"
    };
    boxed(
        (&doc, &wrapped),
        scroll,
        ("Open in the browser?", &keys),
        area,
        theme,
        buf,
    );
}
