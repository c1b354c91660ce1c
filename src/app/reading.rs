//! The open briefing's comings and goings: opened from the library at its last place (or at
//! the first hit of the library's filter), opened again by `R` keeping its place, left for
//! the library with its place remembered; the one place a [`Reader`] is made; whether a file
//! without an id may use the memory held under its name ([`crate::memory::Claim`]), said
//! once when it may not; and what the keys that cite it copy or pipe.

use super::action::Action;
use super::effect::Effect;
use super::memory::Status;
use super::reader::Reader;
use super::state::{App, Screen};
use crate::briefing::Briefing;
use crate::library::source::Origin;
use crate::memory::{Claim, refusal, state_key};

/// The setting that remembers how originals show.
pub(super) const ORIGINALS: &str = "originals";

impl App {
    /// Opens the selected briefing in the reader, at its last place, or at the first hit of
    /// the library's filter.
    pub(super) fn open(&mut self) {
        let Some(library) = &self.library else { return };
        let Some(origin) = library.selected().cloned() else {
            return;
        };
        match origin.open(self.max_size) {
            Ok((briefing, text)) => {
                let key = state_key(briefing.id.as_deref(), || origin.stem());
                let id = self.memory_key(key, briefing.id.is_some(), &origin, Some(&text));
                let mut reader = self.new_reader(briefing, Some(text), id.as_deref());
                let Some(library) = &self.library else { return };
                // This session's place in every tab, or where an earlier session left it
                // (once the store answers, when it has not yet: a library of one briefing
                // opens it before then).
                let words = library.query_words();
                if let Some(place) = self.places.get(&origin) {
                    reader.restore(place);
                } else if let Some(spot) = id.as_ref().and_then(|id| self.memory.held.spots.get(id))
                {
                    reader.go_to_spot(*spot);
                } else {
                    self.awaiting_spot = words.is_empty() && self.memory.status == Status::Waiting;
                }
                if !words.is_empty() {
                    reader.set_search(&words, library.parsed());
                }
                if let Some(id) = &id {
                    self.memory.set_read(id, true);
                }
                self.reader = Some(reader);
                self.reader_origin = Some(origin);
                self.reader_id = id;
                self.screen = Screen::Reader;
                self.remembered_originals();
                if let Some(id) = &self.reader_id {
                    self.memory.ask_seen_text(id);
                }
            }
            Err(line) => self.notice = Some(line),
        }
    }

    /// The key the memory of a briefing from `origin` is held under (`key`, its id when
    /// `has_id`, else its file's name), or none when it has no id and another file of its name
    /// holds that memory: then the status bar says why, once.
    pub(super) fn memory_key(
        &mut self,
        key: String,
        has_id: bool,
        origin: &Origin,
        text: Option<&str>,
    ) -> Option<String> {
        self.unheld = None;
        let (false, Origin::File(path)) = (has_id, origin) else {
            return Some(key);
        };
        let cwd = std::env::current_dir().unwrap_or_default();
        let path = crate::archive::catalog::key(path, &cwd);
        match self.memory.claim(&key, &path, text) {
            Claim::Own => Some(key),
            Claim::Other(holder) => {
                let why = refusal(&path, &key, &holder);
                self.notice = Some(why.clone());
                self.unheld = Some(why);
                None
            }
        }
    }

    /// Leaves the open briefing without memory when the store says another file of its name
    /// holds the memory it was shown (a claim the store refused, or made by another `brief`).
    pub(super) fn check_claim(&mut self) {
        let (Some(reader), Some(key), Some(Origin::File(path))) =
            (&mut self.reader, &self.reader_id, &self.reader_origin)
        else {
            return;
        };
        if reader.briefing.id.is_some() {
            return;
        }
        let cwd = std::env::current_dir().unwrap_or_default();
        let path = crate::archive::catalog::key(path, &cwd);
        if let Some(holder) = self.memory.held.unnamed.get(key)
            && !crate::memory::same_file(holder, &path)
        {
            let why = refusal(&path, key, holder);
            reader.set_notes(&[]);
            self.notice = Some(why.clone());
            self.unheld = Some(why);
            self.reader_id = None;
        }
    }

    /// Remembers where the open briefing is, for the next time it is opened, and its text as
    /// the version read.
    pub fn remember_reading(&mut self) {
        if let (Some(reader), Some(id)) = (&self.reader, &self.reader_id) {
            self.memory.set_spot(id, reader.spot());
        }
        self.remember_seen();
    }

    /// A reader on `briefing`, read from `text`, as the configuration lays it out, with the
    /// notes on it when it has an id to keep them by: the one place a reader is made, whether
    /// the briefing is opened alone, from the library, or again.
    pub(super) fn new_reader(
        &self,
        briefing: Briefing<'static>,
        text: Option<String>,
        id: Option<&str>,
    ) -> Reader {
        let mut reader = Reader::new(briefing, self.size);
        reader.set_measure(self.options.measure);
        reader.set_dates(self.options.dates.clone());
        reader.source = text;
        if let Some(id) = id {
            reader.set_notes(self.memory.notes_of(id));
        }
        reader
    }

    /// Copies (or pipes) a citation of the focused item, or of the whole briefing, and says
    /// what it was and how long.
    pub(super) fn cite(&mut self, action: Action) {
        use crate::document::citation;
        let Some(reader) = &self.reader else { return };
        let b = &reader.briefing;
        let id = (self.reader_id.clone())
            .unwrap_or_else(|| b.id.as_deref().unwrap_or("(none)").to_string());
        let focused = reader.focused_anywhere();
        let (text, what) = match (action, focused) {
            (Action::CopyBriefing, _) => (
                citation::of_briefing(b, &id, &reader.shown.dates),
                "the briefing".to_string(),
            ),
            (_, Some(part)) => match citation::of_part(b, part, &id, &reader.shown.dates) {
                Some(text) => (text, citation::what(b, part)),
                None => return,
            },
            (_, None) => {
                self.notice = Some("nothing focused: } focuses a statement".into());
                return;
            }
        };
        let chars = text.chars().count();
        if action == Action::PipeCitation {
            self.effects.push_back(Effect::Pipe(text));
            self.notice = Some(format!("piping {what}: {chars} characters"));
        } else {
            self.effects.push_back(Effect::Clipboard(text));
            self.notice = Some(format!("copied {what}: {chars} characters"));
        }
    }

    /// Says how handing a citation to `BRIEF_PIPE` went.
    pub fn piped(&mut self, result: Result<String, String>) {
        self.notice = Some(match result {
            Ok(said) | Err(said) => said,
        });
    }

    /// Shows originals in the open briefing as the store remembers the user chose last.
    pub(super) fn remembered_originals(&mut self) {
        let Some(mode) = (self.memory.held.settings.get(ORIGINALS))
            .and_then(|name| crate::document::Originals::from_name(name))
        else {
            return;
        };
        if let Some(reader) = &mut self.reader {
            reader.set_originals(mode);
        }
    }

    /// Leaves the reader for the library, remembering where it was.
    pub(super) fn close_reader(&mut self) {
        if let (Some(reader), Some(origin)) = (&self.reader, &self.reader_origin) {
            self.places.insert(origin.clone(), reader.place());
        }
        self.remember_reading();
        self.reader = None;
        self.reader_origin = None;
        self.reader_id = None;
        self.unheld = None;
        self.screen = Screen::Library;
    }

    /// Loads everything again: the library in the background, and the open briefing now,
    /// each keeping its place.
    pub(super) fn reload(&mut self) {
        if let Some(library) = &mut self.library {
            library.reindex();
        }
        if let (Some(reader), Some(origin)) = (&self.reader, &self.reader_origin) {
            let place = reader.place();
            let (query, parsed) = (reader.search.query.clone(), reader.search.parsed.clone());
            match origin.open(self.max_size) {
                Ok((briefing, text)) => {
                    let mut fresh =
                        self.new_reader(briefing, Some(text), self.reader_id.as_deref());
                    // Originals first, so that the last reading is compared once, as shown.
                    fresh.set_originals(reader.shown.originals);
                    if let Some(previous) = reader.previous.clone() {
                        fresh.set_previous(*previous);
                    }
                    fresh.restore(&place);
                    if !query.is_empty() {
                        fresh.set_search(&query, &parsed);
                    }
                    self.reader = Some(fresh);
                }
                Err(line) => self.notice = Some(line),
            }
        }
    }
}
