//! The whole interface's state and the one place it changes: which screen is up (the library
//! or the reader), what is laid over it (help, the problems list), and the search line.
//!
//! Keys arrive here; a key table turns them into [`Action`]s unless the search line has the
//! keyboard, in which case the line editor (tui-input) takes them.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::action::Action;
use super::editor::NoteEditor;
use super::keymap::{self, Binding, Context, Keymap};
use super::library::Library;
use super::memory::{Memory, Status};
use super::reader::{Place, Reader};
use crate::briefing::Briefing;
use crate::geometry::overlay;
use crate::library::query;
use crate::library::source::Origin;
use crate::library::source::Sources;
use crate::memory::state_key;
use crate::store::service::Report;

/// What the configuration (and the command line) give the interface.
#[derive(Debug, Clone)]
pub struct Options {
    pub offline: bool,
    pub keymap: Keymap,
    /// Widest the reader's text column gets.
    pub measure: u16,
    /// How days are written (the configuration's `date_format`).
    pub dates: crate::document::DateFormat,
    /// The name on notes, when not `$USER`.
    pub analyst: Option<String>,
    /// Said once in the status bar (the configuration's problems).
    pub notice: Option<String>,
    /// The mouse is captured: the wheel scrolls, clicks choose.
    pub mouse: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            offline: false,
            keymap: Keymap::default(),
            measure: crate::geometry::reader::MAX_MEASURE,
            dates: crate::document::DateFormat::default(),
            analyst: None,
            notice: None,
            mouse: true,
        }
    }
}

/// The setting that remembers how originals show.
const ORIGINALS: &str = "originals";

/// Which screen is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Library,
    Reader,
}

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

/// The search line, while it has the keyboard.
#[derive(Debug, Clone)]
pub struct Editing {
    pub input: Input,
    /// The query before editing began, restored by Esc.
    pub before: String,
    /// Typing a name to save the filter under, rather than a query.
    pub naming: bool,
}

pub struct App {
    pub screen: Screen,
    /// Present when several briefings were opened.
    pub library: Option<Library>,
    pub reader: Option<Reader>,
    /// Where the open briefing came from (none for a single file given on the command line).
    pub reader_origin: Option<Origin>,
    /// The open briefing's id, when it has one to be remembered by (a briefing read from
    /// standard input has none unless it gives one).
    pub reader_id: Option<String>,
    /// What is remembered of each briefing.
    pub memory: Memory,
    /// The open briefing goes to where it was last left when the store says where that was,
    /// unless the user has moved first.
    awaiting_spot: bool,
    pub overlay: Option<Overlay>,
    /// How far the overlay can scroll (see [`App::fit_overlay`]).
    overlay_max: usize,
    pub editing: Option<Editing>,
    /// The note editor, while it is open.
    pub note_editor: Option<NoteEditor>,
    /// Text for the event loop to hand to `$VISUAL`/`$EDITOR` (see [`App::edited_outside`]).
    pub outside: Option<String>,
    /// Text for the event loop to put on the clipboard (OSC 52).
    pub clipboard: Option<String>,
    /// Text for the event loop to hand to the command in `BRIEF_PIPE`.
    pub pipe: Option<String>,
    /// A web address the user confirmed, for the event loop to open in the browser.
    pub open: Option<String>,
    /// No key opens a web address (`--offline`).
    pub offline: bool,
    /// The key tables, as the configuration left them.
    pub keymap: Keymap,
    /// The name on notes, when the configuration gives one.
    pub analyst: Option<String>,
    /// The last click on a library row, and when: a second one soon after opens it.
    pub(super) last_click: Option<(std::time::Instant, usize)>,
    /// Whether mouse events are taken (the configuration's `mouse`).
    pub mouse_on: bool,
    /// Widest the reader's text column gets.
    pub measure: u16,
    /// How days are written (the configuration's `date_format`).
    pub dates: crate::document::DateFormat,
    /// `a` was pressed before the store had answered: the editor opens when it does.
    pub(super) edit_when_ready: Option<super::notes::Asked>,
    /// A one-off notice for the status bar, such as a briefing that failed to open.
    pub notice: Option<String>,
    pub size: Rect,
    pub quit: bool,
    /// Ctrl-Z was pressed: the event loop steps aside for the shell.
    pub suspend: bool,
    /// Open the only briefing straight in the reader when indexing ends, unless the user has
    /// pressed a key by then.
    open_single: bool,
    places: HashMap<Origin, Place>,
    max_size: u64,
}

impl App {
    /// Nothing open yet, on `screen`.
    fn empty(screen: Screen, size: Rect, max_size: u64) -> Self {
        Self {
            screen,
            library: None,
            reader: None,
            reader_origin: None,
            reader_id: None,
            memory: Memory::default(),
            awaiting_spot: false,
            overlay: None,
            overlay_max: 0,
            editing: None,
            note_editor: None,
            outside: None,
            clipboard: None,
            pipe: None,
            open: None,
            offline: false,
            keymap: Keymap::default(),
            analyst: None,
            last_click: None,
            mouse_on: true,
            measure: crate::geometry::reader::MAX_MEASURE,
            dates: crate::document::DateFormat::default(),
            edit_when_ready: None,
            notice: None,
            size,
            quit: false,
            suspend: false,
            open_single: false,
            places: HashMap::new(),
            max_size,
        }
    }

    /// The reader on one briefing, with no library behind it.
    pub fn reader(briefing: Briefing<'static>, size: Rect) -> Self {
        let reader_id = briefing.id.as_deref().map(str::to_string);
        Self {
            reader: Some(Reader::new(briefing, size)),
            reader_id,
            ..Self::empty(Screen::Reader, size, crate::briefing::DEFAULT_MAX_SIZE)
        }
    }

    /// Says what text the briefing was read from, to remember it as the version read.
    pub fn read_from(mut self, text: String) -> Self {
        if let Some(reader) = &mut self.reader {
            reader.source = Some(text);
        }
        self
    }

    /// Lets `R` reload the open briefing from `origin`, refusing files over `max_size`; the
    /// briefing is remembered as read, by its id.
    pub fn reloading_from(mut self, origin: Option<Origin>, max_size: u64) -> Self {
        if let (Some(reader), Some(origin)) = (&self.reader, &origin) {
            self.reader_id = Some(state_key(reader.briefing.id.as_deref(), || origin.stem()));
        }
        if let Some(id) = &self.reader_id {
            self.memory.set_read(id, true);
            self.memory.ask_seen_text(id);
            self.awaiting_spot = true;
        }
        self.reader_origin = origin;
        self.max_size = max_size;
        self
    }

    /// Takes what the configuration says: keys, the measure, the analyst's name, whether
    /// web addresses may open, and a notice to show once.
    pub fn configure(&mut self, options: Options) {
        self.offline = options.offline;
        self.keymap = options.keymap;
        self.analyst = options.analyst;
        if options.notice.is_some() {
            self.notice = options.notice;
        }
        self.measure = options.measure;
        self.mouse_on = options.mouse;
        self.dates = options.dates;
        if let Some(r) = &mut self.reader {
            r.set_measure(options.measure);
            r.set_dates(self.dates.clone());
        }
    }

    /// The library of `sources`, indexed in `index` (in memory when `None`): what the index
    /// holds at once, brought up to date in the background.
    pub fn library(sources: Sources, index: Option<PathBuf>, max_size: u64, size: Rect) -> Self {
        Self {
            library: Some(Library::open(sources, index, max_size, size)),
            open_single: true,
            ..Self::empty(Screen::Library, size, max_size)
        }
    }

    /// Waits up to `budget` for a small library to be indexed, so that a folder holding one
    /// briefing opens straight in the reader without showing the library first.
    pub fn settle(&mut self, budget: std::time::Duration) {
        let Some(library) = &mut self.library else {
            return;
        };
        let done = library.settle(budget);
        library.refresh(&mut self.memory);
        if done {
            self.finish_loading();
        }
    }

    /// When everything has been indexed and it is a single briefing, nobody having pressed a
    /// key yet, opens it in the reader with no library behind it (quitting the reader quits).
    fn finish_loading(&mut self) {
        let single =
            (self.library.as_ref()).is_some_and(|l| l.briefings == 1 && l.failures().is_empty());
        if self.open_single && single && self.screen == Screen::Library {
            self.open();
            if self.screen == Screen::Reader {
                self.library = None;
            }
        }
        self.open_single = false;
    }

    /// Takes what the indexing has reported since the last call; true when something
    /// changed.
    pub fn pump(&mut self) -> bool {
        let Some(library) = &mut self.library else {
            return false;
        };
        let was_indexing = library.indexing();
        let changed = library.pump();
        let done = was_indexing && !library.indexing();
        if changed {
            library.refresh(&mut self.memory);
            if matches!(self.overlay, Some(Overlay::Problems(_))) {
                self.fit_overlay();
            }
        }
        if done {
            self.finish_loading();
        }
        changed
    }

    /// Whether briefings are still being indexed, or the text of rows on screen read for
    /// their excerpts.
    pub fn loading(&self) -> bool {
        (self.library.as_ref()).is_some_and(|l| l.indexing() || l.reading())
    }

    pub fn resize(&mut self, size: Rect) {
        self.size = size;
        if let Some(r) = &mut self.reader {
            r.resize(size);
        }
        if let Some(l) = &mut self.library {
            l.resize(size);
        }
        self.fit_overlay();
    }

    /// The key table for what is on screen.
    pub fn keys(&self) -> &[Binding] {
        let context = match (self.overlay, self.screen) {
            (Some(Overlay::Searches(_)), _) => Context::Searches,
            (Some(Overlay::Source(_)), _) => Context::SourceCard,
            (Some(Overlay::OpenUrl(..)), _) => Context::ConfirmUrl,
            (Some(_), _) => Context::Overlay,
            (None, _) => return self.screen_keys(),
        };
        self.keymap.table(context)
    }

    /// The key table help describes: the screen's, even while help is open.
    pub fn screen_keys(&self) -> &[Binding] {
        let context = match self.screen {
            Screen::Library => Context::Library,
            Screen::Reader if self.reader.as_ref().is_some_and(|r| r.compare.is_some()) => {
                Context::Compare
            }
            Screen::Reader => Context::Reader,
        };
        self.keymap.table(context)
    }

    /// Works out how far the overlay can scroll, and keeps it within that: when it opens,
    /// when the terminal is resized, and when the problems it lists change; not on every key.
    fn fit_overlay(&mut self) {
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

    /// Handles one key press.
    pub fn key(&mut self, key: KeyEvent) {
        self.take_key(key);
        self.refresh_view();
    }

    /// Rebuilds the library's list if what it shows changed.
    fn refresh_view(&mut self) {
        if let Some(l) = &mut self.library {
            l.refresh(&mut self.memory);
        }
    }

    fn take_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        self.awaiting_spot = false;
        self.open_single = false;
        self.edit_when_ready = None;
        if self.note_editor.is_some() {
            self.note_key(key);
            return;
        }
        if self.editing.is_some() {
            self.edit(key);
            return;
        }
        self.notice = None;
        if let Some(l) = &mut self.library {
            l.notice = None;
        }
        if let Some(action) = keymap::action_for(self.keys(), &key) {
            self.update(action);
        }
    }

    /// A key while the search line has the keyboard: Enter keeps the query, Esc restores the
    /// one before, anything else edits it and updates the search as typed.
    fn edit(&mut self, key: KeyEvent) {
        let Some(editing) = &mut self.editing else {
            return;
        };
        if editing.naming {
            self.name_key(key);
            return;
        }
        match key.code {
            KeyCode::Enter => {
                self.editing = None;
                if let Some(l) = &mut self.library
                    && self.screen == Screen::Library
                {
                    // An unusable query does not replace the filter in force.
                    l.query_error = None;
                }
            }
            KeyCode::Esc => {
                let before = editing.before.clone();
                self.editing = None;
                self.apply_query(&before, true);
                if let Some(l) = &mut self.library {
                    l.query_error = None;
                }
            }
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.quit = true;
            }
            KeyCode::Char('z') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.suspend = true;
            }
            _ => {
                if editing.input.handle_event(&Event::Key(key)).is_some() {
                    let value = editing.input.value().to_string();
                    self.apply_query(&value, true);
                }
            }
        }
    }

    /// Runs `query` on what is on screen; `typing` while it is being typed.
    fn apply_query(&mut self, query: &str, typing: bool) {
        match self.screen {
            Screen::Library => {
                if let Some(l) = &mut self.library {
                    l.set_query(query, typing);
                }
            }
            Screen::Reader => {
                if let Some(r) = &mut self.reader {
                    // A filter that cannot be read (`after:soon`) finds nothing in a briefing.
                    r.set_search(query, &query::parse(query).unwrap_or_default());
                }
            }
        }
    }

    fn start_search(&mut self) {
        let before = match self.screen {
            Screen::Library => self.library.as_ref().map(|l| l.query.clone()),
            Screen::Reader => self.reader.as_ref().map(|r| r.search.query.clone()),
        }
        .unwrap_or_default();
        self.editing = Some(Editing {
            input: Input::new(before.clone()),
            before,
            naming: false,
        });
    }

    /// Opens the selected briefing in the reader, at its last place, or at the first hit of
    /// the library's filter.
    fn open(&mut self) {
        let Some(library) = &self.library else { return };
        let Some(origin) = library.selected().cloned() else {
            return;
        };
        match origin.open(self.max_size) {
            Ok((briefing, text)) => {
                let id = state_key(briefing.id.as_deref(), || origin.stem());
                let mut reader = Reader::new(briefing, self.size);
                reader.set_measure(self.measure);
                reader.set_dates(self.dates.clone());
                reader.source = Some(text);
                reader.set_notes(self.memory.notes_of(&id));
                // This session's place in every tab, or where an earlier session left it
                // (once the store answers, when it has not yet: a library of one briefing
                // opens it before then).
                let words = library.query_words();
                if let Some(place) = self.places.get(&origin) {
                    reader.restore(place);
                } else if let Some(spot) = self.memory.held.spots.get(&id) {
                    reader.go_to_spot(*spot);
                } else {
                    self.awaiting_spot = words.is_empty() && self.memory.status == Status::Waiting;
                }
                if !words.is_empty() {
                    reader.set_search(&words, library.parsed());
                }
                self.memory.set_read(&id, true);
                self.reader = Some(reader);
                self.reader_origin = Some(origin);
                self.reader_id = Some(id);
                self.screen = Screen::Reader;
                self.remembered_originals();
                if let Some(id) = &self.reader_id {
                    self.memory.ask_seen_text(id);
                }
            }
            Err(line) => self.notice = Some(line),
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

    /// Copies (or pipes) a citation of the focused item, or of the whole briefing, and says
    /// what it was and how long.
    fn cite(&mut self, action: Action) {
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
            self.pipe = Some(text);
            self.notice = Some(format!("piping {what}: {chars} characters"));
        } else {
            self.clipboard = Some(text);
            self.notice = Some(format!("copied {what}: {chars} characters"));
        }
    }

    /// The web address of source `source` of the open briefing, if it gives one.
    pub fn source_url(&self, source: usize) -> Option<&str> {
        let reader = self.reader.as_ref()?;
        reader.briefing.sources.get(source)?.url.as_deref()
    }

    /// Asks whether to open source `source`'s web address, unless there is none or the
    /// reader is offline.
    fn ask_to_open(&mut self, source: usize) {
        let url = self.source_url(source).map(|_| true);
        if self.offline {
            self.overlay = None;
            self.notice = Some("offline: no address is opened (--offline)".into());
        } else if url == Some(true) {
            self.overlay = Some(Overlay::OpenUrl(source, 0));
            self.fit_overlay();
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
            None if self.offline => {
                self.notice = Some("offline: no address is opened (--offline)".into());
            }
            None => self.open = Some(url.to_string()),
        }
    }

    /// Says how opening a web address went.
    pub fn opened(&mut self, result: std::io::Result<()>) {
        self.notice = Some(match result {
            Ok(()) => "opened in the web browser".into(),
            Err(e) => format!("cannot open the browser: {e}"),
        });
    }

    /// Says how handing a citation to `BRIEF_PIPE` went.
    pub fn piped(&mut self, result: Result<String, String>) {
        self.notice = Some(match result {
            Ok(said) | Err(said) => said,
        });
    }

    /// Shows originals in the open briefing as the store remembers the user chose last.
    fn remembered_originals(&mut self) {
        let Some(mode) = (self.memory.held.settings.get(ORIGINALS))
            .and_then(|name| crate::document::Originals::from_name(name))
        else {
            return;
        };
        if let Some(reader) = &mut self.reader {
            reader.set_originals(mode);
        }
    }

    /// Takes a report from the store.
    pub fn remember(&mut self, report: Report) {
        if let Some(heard) = self.memory.receive(report) {
            self.heard(heard);
        }
        self.remembered_originals();
        self.show_notes();
        self.edit_if_asked();
        if std::mem::take(&mut self.awaiting_spot) {
            let spot = (self.reader_id.as_ref()).and_then(|id| self.memory.held.spots.get(id));
            if let (Some(reader), Some(spot)) = (&mut self.reader, spot) {
                reader.go_to_spot(*spot);
            }
        }
        if let Some(l) = &mut self.library {
            l.refresh(&mut self.memory);
        }
    }

    /// The id of the briefing an action on the screen applies to: the open one, or the one
    /// the library's selection is on.
    fn target_id(&self) -> Option<String> {
        match self.screen {
            Screen::Reader => self.reader_id.clone(),
            Screen::Library => self
                .library
                .as_ref()
                .and_then(Library::selected_shown)
                .and_then(|s| s.listed.id.clone()),
        }
    }

    /// Leaves the reader for the library, remembering where it was.
    fn close_reader(&mut self) {
        if let (Some(reader), Some(origin)) = (&self.reader, &self.reader_origin) {
            self.places.insert(origin.clone(), reader.place());
        }
        self.remember_reading();
        self.reader = None;
        self.reader_origin = None;
        self.reader_id = None;
        self.screen = Screen::Library;
    }

    /// Loads everything again: the library in the background, and the open briefing now,
    /// each keeping its place.
    fn reload(&mut self) {
        if let Some(library) = &mut self.library {
            library.reindex();
        }
        if let (Some(reader), Some(origin)) = (&self.reader, &self.reader_origin) {
            let place = reader.place();
            let (query, parsed) = (reader.search.query.clone(), reader.search.parsed.clone());
            match origin.open(self.max_size) {
                Ok((briefing, text)) => {
                    let mut fresh = Reader::new(briefing, self.size);
                    fresh.set_measure(self.measure);
                    fresh.set_dates(self.dates.clone());
                    fresh.source = Some(text);
                    if let Some(id) = &self.reader_id {
                        fresh.set_notes(self.memory.notes_of(id));
                    }
                    if let Some(previous) = reader.previous.clone() {
                        fresh.set_previous(*previous);
                    }
                    fresh.set_originals(reader.shown.originals);
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

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        self.act(action);
        self.refresh_view();
    }

    fn act(&mut self, action: Action) {
        if action == Action::Quit {
            self.quit = true;
            return;
        }
        if action == Action::Suspend {
            self.suspend = true;
            return;
        }
        if let Some(Overlay::Searches(selected)) = self.overlay {
            self.searches_action(action, selected);
            return;
        }
        if let Some(Overlay::Source(source)) = self.overlay {
            match action {
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
            }
            return;
        }
        if let Some(Overlay::OpenUrl(source, _)) = self.overlay
            && matches!(action, Action::Open)
        {
            self.overlay = None;
            self.open_url(source);
            return;
        }
        if let Some(overlay) = self.overlay {
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
            return;
        }
        match (action, self.screen) {
            (Action::ToggleHelp, _) => {
                self.overlay = Some(Overlay::Help(0));
                self.fit_overlay();
            }
            (Action::Problems, _) => {
                self.overlay = Some(Overlay::Problems(0));
                self.fit_overlay();
            }
            (Action::Search, _) => self.start_search(),
            (Action::SaveSearch, Screen::Library) => self.start_naming(),
            (Action::SavedSearches, Screen::Library) => self.show_searches(),
            (Action::Reload, _) => {
                self.memory.refresh();
                self.reload();
            }
            (Action::CycleOriginals, Screen::Reader) => {
                if let Some(r) = &mut self.reader {
                    r.update(action);
                    let mode = r.shown.originals;
                    self.memory.set_setting(ORIGINALS, mode.name());
                    self.notice = Some(format!("originals: {}", mode.name()));
                }
            }
            (
                Action::CopyCitation | Action::CopyBriefing | Action::PipeCitation,
                Screen::Reader,
            ) => {
                self.cite(action);
            }
            (Action::SourceCard | Action::OpenUrl, Screen::Reader) => {
                let Some(reader) = &self.reader else { return };
                let focused = reader.focused_anywhere();
                let b = &reader.briefing;
                match focused.map(|part| (part, crate::document::source::of_part(b, part))) {
                    Some((_, Some(source))) if action == Action::SourceCard => {
                        self.overlay = Some(Overlay::Source(source));
                    }
                    Some((_, Some(source))) => self.ask_to_open(source),
                    Some((_, None)) => self.notice = Some("it cites no source".into()),
                    None => {
                        self.notice = Some("nothing focused: } focuses a statement".into());
                    }
                }
            }
            (Action::EditNote, Screen::Reader) => self.edit_note(),
            (Action::EditNoteOutside, Screen::Reader) => self.edit_note_outside(),
            (Action::ToggleRead | Action::ToggleFlag, _) => {
                let Some(id) = self.target_id() else { return };
                if action == Action::ToggleRead {
                    self.memory.toggle_read(&id);
                } else {
                    self.memory.toggle_flag(&id);
                }
                let marks = self.memory.marks_of(&id);
                let said = match (action, marks.read, marks.flagged) {
                    (Action::ToggleRead, true, _) => "marked read",
                    (Action::ToggleRead, false, _) => "marked unread",
                    (_, _, true) => "flagged",
                    (_, _, false) => "flag removed",
                };
                self.notice = Some(said.into());
            }
            (Action::Back, Screen::Reader)
                if self.reader.as_ref().is_some_and(|r| r.compare.is_some()) =>
            {
                if let Some(r) = &mut self.reader {
                    r.close_compare();
                }
            }
            (Action::Back, Screen::Reader)
                if self.reader.as_ref().is_some_and(|r| r.focused().is_some()) =>
            {
                if let Some(r) = &mut self.reader {
                    r.unfocus();
                }
            }
            (Action::Back | Action::Leave, Screen::Reader) if self.library.is_some() => {
                self.close_reader();
            }
            (Action::Leave, _) => self.quit = true,
            (Action::Back, Screen::Library)
                if self.library.as_ref().is_some_and(|l| !l.query.is_empty()) =>
            {
                if let Some(l) = &mut self.library {
                    l.set_query("", false);
                }
            }
            (Action::Back, _) => self.quit = true,
            (Action::Open, Screen::Library) => self.open(),
            (_, Screen::Library) => {
                if let Some(l) = &mut self.library {
                    l.update(action);
                }
            }
            (_, Screen::Reader) => {
                if let Some(r) = &mut self.reader {
                    r.update(action);
                }
            }
        }
    }
}
