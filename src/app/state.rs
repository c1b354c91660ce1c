//! The interface's core: [`App`], which screen is up (the library or the reader) and what is
//! open on it, and the one place keys and actions change it. Keys arrive here; a key table
//! turns them into [`Action`]s unless the note editor or the search line has the keyboard.
//! What is laid over the screen is [`super::overlay`]'s, the search line
//! [`super::search_line`]'s, opening and leaving a briefing [`super::reading`]'s; what the
//! world outside must do is queued as [`Effect`]s.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};
use ratatui::layout::Rect;

use super::action::Action;
use super::editor::NoteEditor;
use super::effect::Effect;
use super::keymap::{self, Binding, Context, Keymap};
use super::library::Library;
use super::memory::Memory;
use super::overlay::Overlay;
use super::reader::{Place, Reader};
use super::reading::ORIGINALS;
use super::search_line::Editing;
use crate::briefing::Briefing;
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
    /// Said once in the status bar (the configuration's problems); [`App::configure`] moves
    /// it to [`App::notice`].
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

/// Which screen is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Library,
    Reader,
}

/// The whole interface's state: what [`crate::ui`] draws, and what keys, the store's answers
/// and the indexing change.
pub struct App {
    pub screen: Screen,
    /// Present when several briefings were opened.
    pub library: Option<Library>,
    pub reader: Option<Reader>,
    /// Where the open briefing came from (none for a single file given on the command line).
    pub reader_origin: Option<Origin>,
    /// The open briefing's id, when it has one to be remembered by (a briefing read from
    /// standard input has none unless it gives one, and a file without an id has none when
    /// another file of its name holds the memory kept under that name).
    pub reader_id: Option<String>,
    /// Why the open briefing is shown nothing remembered, when another file of its name holds
    /// that memory.
    pub unheld: Option<String>,
    /// What is remembered of each briefing.
    pub memory: Memory,
    /// The open briefing goes to where it was last left when the store says where that was,
    /// unless the user has moved first.
    pub(super) awaiting_spot: bool,
    pub overlay: Option<Overlay>,
    /// How far the overlay can scroll (see [`App::fit_overlay`]).
    pub(super) overlay_max: usize,
    pub editing: Option<Editing>,
    /// The note editor, while it is open.
    pub note_editor: Option<NoteEditor>,
    /// What the event loop is to do, oldest first.
    pub effects: VecDeque<Effect>,
    /// What the configuration and the command line say: keys, the measure, how days are
    /// written, the analyst's name, whether web addresses may open, the mouse.
    pub options: Options,
    /// The last click on a library row, and when: a second one soon after opens it.
    pub(super) last_click: Option<(std::time::Instant, usize)>,
    /// `a` was pressed before the store had answered: the editor opens when it does.
    pub(super) edit_when_ready: Option<super::notes::Asked>,
    /// A one-off notice for the status bar, such as a briefing that failed to open.
    pub notice: Option<String>,
    pub size: Rect,
    /// Open the only briefing straight in the reader when indexing ends, unless the user has
    /// pressed a key by then.
    open_single: bool,
    /// Where the reader was in each briefing left this session.
    pub(super) places: HashMap<Origin, Place>,
    /// Files larger than this are not opened.
    pub(super) max_size: u64,
    /// The note kept from the editor as `brief` ended, until the store says it is saved.
    pub(super) rescued: Option<String>,
    /// Notes recovered from the drafts of a `brief` that is gone, by id, with the process
    /// that left each, until the store says they are saved.
    pub(super) recovering: HashMap<String, u32>,
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
            unheld: None,
            memory: Memory::default(),
            awaiting_spot: false,
            overlay: None,
            overlay_max: 0,
            editing: None,
            note_editor: None,
            effects: VecDeque::new(),
            options: Options::default(),
            last_click: None,
            edit_when_ready: None,
            notice: None,
            size,
            open_single: false,
            places: HashMap::new(),
            max_size,
            rescued: None,
            recovering: HashMap::new(),
        }
    }

    /// The reader on one briefing, with no library behind it.
    pub fn reader(briefing: Briefing<'static>, size: Rect) -> Self {
        let mut app = Self::empty(Screen::Reader, size, crate::briefing::DEFAULT_MAX_SIZE);
        app.reader_id = briefing.id.as_deref().map(str::to_string);
        app.reader = Some(app.new_reader(briefing, None, None));
        app
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
            let text = reader.source.clone();
            let briefing_id = reader.briefing.id.clone();
            let key = state_key(briefing_id.as_deref(), || origin.stem());
            self.reader_id = self.memory_key(key, briefing_id.is_some(), origin, text.as_deref());
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
    pub fn configure(&mut self, mut options: Options) {
        if let Some(notice) = options.notice.take() {
            self.notice = Some(notice);
        }
        if let Some(r) = &mut self.reader {
            r.set_measure(options.measure);
            r.set_dates(options.dates.clone());
        }
        self.options = options;
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

    /// Takes what the indexing has reported since the last call, and the open briefing's
    /// comparison with its last reading when it is ready; true when something changed.
    pub fn pump(&mut self) -> bool {
        let compared = self
            .reader
            .as_mut()
            .is_some_and(super::reader::Reader::pump);
        let Some(library) = &mut self.library else {
            return compared;
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
        changed || compared
    }

    /// Whether briefings are still being indexed, the text of rows on screen read for their
    /// excerpts, or the open briefing compared with its last reading.
    pub fn loading(&self) -> bool {
        (self.library.as_ref()).is_some_and(|l| l.indexing() || l.reading())
            || (self.reader.as_ref()).is_some_and(super::reader::Reader::comparing)
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
        self.options.keymap.table(context)
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
        self.options.keymap.table(context)
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
            self.act(action);
        }
    }

    /// Takes a report from the store.
    pub fn remember(&mut self, report: Report) {
        if let Some(heard) = self.memory.receive(report) {
            self.heard(heard);
        }
        self.check_claim();
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

    /// Why the briefing an action on the screen applies to is remembered nothing: a file
    /// without an id whose name another file holds.
    fn unheld_target(&self) -> Option<String> {
        match self.screen {
            Screen::Reader => self.unheld.clone(),
            Screen::Library => {
                let listed = &self.library.as_ref()?.selected_shown()?.listed;
                let id = listed.id.as_deref()?;
                let holder = self.memory.held.unnamed.get(id)?;
                (!crate::memory::same_file(holder, &listed.path))
                    .then(|| crate::memory::refusal(&listed.path, id, holder))
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
            self.effects.push_back(Effect::Quit);
            return;
        }
        if action == Action::Suspend {
            self.effects.push_back(Effect::Suspend);
            return;
        }
        if let Some(overlay) = self.overlay {
            self.overlay_action(overlay, action);
            return;
        }
        match (action, self.screen) {
            (Action::ToggleHelp, _) => self.show_overlay(Overlay::Help(0)),
            (Action::Problems, _) => self.show_overlay(Overlay::Problems(0)),
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
                if let Some(why) = self.unheld_target() {
                    self.notice = Some(why);
                    return;
                }
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
            (Action::Leave, _) => self.effects.push_back(Effect::Quit),
            (Action::Back, Screen::Library)
                if self.library.as_ref().is_some_and(|l| !l.query.is_empty()) =>
            {
                if let Some(l) = &mut self.library {
                    l.set_query("", false);
                }
            }
            (Action::Back, _) => self.effects.push_back(Effect::Quit),
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
