//! The reader's state and `update`, the one place it changes.
//!
//! Each tab keeps its own place as an [`Anchor`] in its document, so a resize re-wraps the
//! text and puts the same words back at the top. Tabs are laid out and wrapped only when first
//! shown, so start-up does only what the first frame needs.

use ratatui::layout::Rect;

use crate::briefing::Briefing;
use crate::document::{Anchor, Document, TabKind, Wrapped};
use crate::ui::{help, layout};

use super::action::Action;

/// One tab and where the reader is in it.
#[derive(Debug, Clone)]
pub struct TabState {
    pub kind: TabKind,
    pub title: String,
    /// Laid out when the tab is first shown.
    pub document: Option<Document>,
    /// `document` wrapped to the current text width.
    pub wrapped: Option<Wrapped>,
    /// The first line on screen, in `wrapped`.
    pub top: usize,
    /// The place the reader chose, kept across widths.
    pub anchor: Anchor,
}

impl TabState {
    /// The wrapped lines, when the tab has been shown.
    pub fn lines(&self) -> Option<(&Document, &Wrapped)> {
        Some((self.document.as_ref()?, self.wrapped.as_ref()?))
    }
}

/// Everything the reader shows; drawing reads it and never changes it.
#[derive(Debug, Clone)]
pub struct State {
    pub briefing: Briefing,
    pub tabs: Vec<TabState>,
    pub current: usize,
    /// Scroll offset of the help overlay, when it is open.
    pub help: Option<usize>,
    /// The terminal's size.
    pub size: Rect,
    pub quit: bool,
}

impl State {
    pub fn new(briefing: Briefing, size: Rect) -> Self {
        let tabs = TabKind::all(&briefing)
            .into_iter()
            .map(|kind| TabState {
                kind,
                title: kind.title(&briefing).to_string(),
                document: None,
                wrapped: None,
                top: 0,
                anchor: Anchor::default(),
            })
            .collect();
        let mut state = Self {
            briefing,
            tabs,
            current: 0,
            help: None,
            size,
            quit: false,
        };
        state.prepare();
        state
    }

    /// The text area for the current size, `None` when the terminal is too small.
    pub fn text_area(&self) -> Option<Rect> {
        layout::areas(self.size, self.briefing.marking.is_some()).map(|a| a.text)
    }

    pub fn tab(&self) -> &TabState {
        &self.tabs[self.current]
    }

    /// `(first line on screen, total lines, rows on screen)` for the current tab.
    pub fn position(&self) -> Option<(usize, usize, usize)> {
        let (_, wrapped) = self.tab().lines()?;
        let rows = self.text_area().map_or(1, |a| usize::from(a.height));
        Some((self.tab().top, wrapped.len(), rows))
    }

    pub fn resize(&mut self, size: Rect) {
        if size != self.size {
            self.size = size;
            self.prepare();
        }
    }

    /// Lays out and wraps the current tab for the current size, and puts the reader's place
    /// back on screen.
    fn prepare(&mut self) {
        let Some(area) = self.text_area() else {
            return;
        };
        let tab = &mut self.tabs[self.current];
        let kind = tab.kind;
        let document = tab
            .document
            .get_or_insert_with(|| kind.document(&self.briefing));
        if tab.wrapped.as_ref().is_none_or(|w| w.width != area.width) {
            tab.wrapped = Some(Wrapped::new(document, area.width));
        }
        let wrapped = tab.wrapped.as_ref().expect("wrapped above");
        let max_top = wrapped.len().saturating_sub(usize::from(area.height));
        tab.top = wrapped.line_of(tab.anchor).min(max_top);
        if let Some(help) = &mut self.help {
            *help = (*help).min(help::max_scroll(self.size));
        }
    }

    /// Puts `line` of the current tab at the top of the screen (as near as the end allows).
    pub fn scroll_to(&mut self, line: usize) {
        let Some(area) = self.text_area() else {
            return;
        };
        let tab = &mut self.tabs[self.current];
        let Some(wrapped) = &tab.wrapped else { return };
        let max_top = wrapped.len().saturating_sub(usize::from(area.height));
        tab.top = line.min(max_top);
        if let Some(l) = wrapped.lines.get(tab.top) {
            tab.anchor = l.anchor;
        }
    }

    fn scroll_by(&mut self, delta: isize) {
        let top = self.tab().top;
        self.scroll_to(top.saturating_add_signed(delta));
    }

    fn page(&self) -> isize {
        self.text_area()
            .map_or(1, |a| isize::try_from(a.height).unwrap_or(1))
            .max(1)
    }

    fn go_to_tab(&mut self, index: usize) {
        if index < self.tabs.len() {
            self.current = index;
            self.prepare();
        }
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        if let Some(scroll) = self.help {
            let max = help::max_scroll(self.size);
            self.help = match action {
                Action::Quit => {
                    self.quit = true;
                    None
                }
                Action::Back | Action::ToggleHelp => None,
                Action::LineDown => Some((scroll + 1).min(max)),
                Action::LineUp => Some(scroll.saturating_sub(1)),
                Action::PageDown | Action::HalfPageDown | Action::Bottom => Some(max),
                Action::PageUp | Action::HalfPageUp | Action::Top => Some(0),
                _ => Some(scroll),
            };
            return;
        }
        let page = self.page();
        let n = self.tabs.len();
        match action {
            Action::NextTab => self.go_to_tab((self.current + 1) % n),
            Action::PrevTab => self.go_to_tab((self.current + n - 1) % n),
            Action::GoToTab(i) => self.go_to_tab(i),
            Action::LineDown => self.scroll_by(1),
            Action::LineUp => self.scroll_by(-1),
            Action::HalfPageDown => self.scroll_by((page / 2).max(1)),
            Action::HalfPageUp => self.scroll_by(-(page / 2).max(1)),
            Action::PageDown => self.scroll_by(page),
            Action::PageUp => self.scroll_by(-page),
            Action::Top => self.scroll_to(0),
            Action::Bottom => self.scroll_to(usize::MAX),
            Action::ToggleHelp => self.help = Some(0),
            Action::Back | Action::Quit => self.quit = true,
        }
    }
}
