//! What is laid over a screen: help, the problems list, the saved searches, a source's card
//! and the question before a web address is opened; how far each may scroll (worked out when
//! it opens, on a resize and when the problems change, never on every key) and the keys that
//! move, act in or close it.

use std::borrow::Cow;

use super::action::Action;
use super::effect::Effect;
use super::state::App;
use crate::geometry::overlay;

/// A list laid over the screen, with its scroll offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help(usize),
    Problems(usize),
    /// The saved searches, with the one selected.
    Searches(usize),
    /// The card of a source of the open briefing, by index.
    Source(usize),
    /// The question before a source's web address is opened: the source, and the scroll.
    OpenUrl(usize, usize),
}

impl App {
    /// Lays `overlay` over the screen and works out how far it can scroll.
    pub(super) fn show_overlay(&mut self, overlay: Overlay) {
        self.overlay = Some(overlay);
        self.fit_overlay();
    }

    /// Works out how far the overlay can scroll, and keeps it within that: when it opens,
    /// when the terminal is resized, and when the problems it lists change; not on every key.
    pub(super) fn fit_overlay(&mut self) {
        self.overlay_max = match self.overlay {
            Some(Overlay::Help(_)) => overlay::help_max_scroll(self.screen_keys().len(), self.size),
            Some(Overlay::Problems(_)) => {
                let line = |i| {
                    self.library
                        .as_ref()
                        .map_or(Cow::Borrowed(""), |l| l.problem_line(i))
                };
                let lines = overlay::Lines {
                    count: self.library.as_ref().map_or(0, |l| l.problem_count()),
                    line: &line,
                };
                overlay::problems_max_scroll(lines, self.size)
            }
            Some(Overlay::OpenUrl(source, _)) => {
                let url = self.source_url(source).unwrap_or_default();
                overlay::confirm_max_scroll(url, self.size)
            }
            Some(Overlay::Searches(_) | Overlay::Source(_)) | None => 0,
        };
        if let Some(Overlay::Help(s) | Overlay::Problems(s) | Overlay::OpenUrl(_, s)) =
            &mut self.overlay
        {
            *s = (*s).min(self.overlay_max);
        }
    }

    /// An action while `overlay` is up: the overlay takes it, whatever it is.
    pub(super) fn overlay_action(&mut self, overlay: Overlay, action: Action) {
        match overlay {
            Overlay::Searches(selected) => self.searches_action(action, selected),
            Overlay::Source(source) => match action {
                Action::Back => self.overlay = None,
                Action::OpenUrl => self.ask_to_open(source),
                Action::Open => {
                    self.overlay = None;
                    if let Some(r) = &mut self.reader {
                        r.close_compare();
                        r.show_source(source);
                    }
                }
                _ => {}
            },
            Overlay::OpenUrl(source, _) if action == Action::Open => {
                self.overlay = None;
                self.open_url(source);
            }
            Overlay::Help(_) | Overlay::Problems(_) | Overlay::OpenUrl(..) => {
                self.scroll_overlay(overlay, action);
            }
        }
    }

    /// Scrolls (or, with Back, closes) a scrolling overlay.
    fn scroll_overlay(&mut self, overlay: Overlay, action: Action) {
        let max = self.overlay_max;
        let scroll = match overlay {
            Overlay::Help(s)
            | Overlay::Problems(s)
            | Overlay::Searches(s)
            | Overlay::OpenUrl(_, s) => s,
            Overlay::Source(_) => 0,
        };
        let scroll = match action {
            Action::Back => {
                self.overlay = None;
                return;
            }
            Action::LineDown => (scroll + 1).min(max),
            Action::LineUp => scroll.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => (scroll + 10).min(max),
            Action::PageUp | Action::HalfPageUp => scroll.saturating_sub(10),
            Action::Bottom => max,
            Action::Top => 0,
            _ => scroll,
        };
        self.overlay = Some(match overlay {
            Overlay::Help(_) => Overlay::Help(scroll),
            Overlay::Problems(_) => Overlay::Problems(scroll),
            Overlay::Searches(_) => Overlay::Searches(scroll),
            Overlay::OpenUrl(source, _) => Overlay::OpenUrl(source, scroll),
            Overlay::Source(source) => Overlay::Source(source),
        });
    }

    /// The web address of source `source` of the open briefing, if it gives one.
    pub fn source_url(&self, source: usize) -> Option<&str> {
        let reader = self.reader.as_ref()?;
        reader.briefing.sources.get(source)?.url.as_deref()
    }

    /// Asks whether to open source `source`'s web address, unless there is none or the
    /// reader is offline.
    pub(super) fn ask_to_open(&mut self, source: usize) {
        let url = self.source_url(source).map(|_| true);
        if self.options.offline {
            self.overlay = None;
            self.notice = Some("offline: no address is opened (--offline)".into());
        } else if url == Some(true) {
            self.show_overlay(Overlay::OpenUrl(source, 0));
        } else {
            self.overlay = None;
            self.notice = Some("the source gives no web address".into());
        }
    }

    /// Hands source `source`'s web address to the event loop to open, when it may be.
    fn open_url(&mut self, source: usize) {
        let Some(url) = self.source_url(source) else {
            return;
        };
        match crate::document::source::refusal(url) {
            Some(why) => self.notice = Some(format!("not opened: {why}")),
            None if self.options.offline => {
                self.notice = Some("offline: no address is opened (--offline)".into());
            }
            None => {
                let url = url.to_string();
                self.effects.push_back(Effect::Open(url));
            }
        }
    }

    /// Says how opening a web address went.
    pub fn opened(&mut self, result: std::io::Result<()>) {
        self.notice = Some(match result {
            Ok(()) => "opened in the web browser".into(),
            Err(e) => format!("cannot open the browser: {e}"),
        });
    }
}
