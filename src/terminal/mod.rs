//! The reader on the real terminal: the event loop takes keys to [`App::key`], the indexing thread's
//! reports in, and frames out through [`crate::ui::render`]; what the state asks of the world
//! (an [`Effect`]: an editor, the clipboard, a pipe, the browser, quitting, suspending) it
//! carries out, in the order asked, after each key and each of the store's answers. The note
//! being written is kept as a draft beside the store when the keyboard is idle and as the
//! reader ends, and the drafts of a `brief` now gone are recovered at start.
//!
//! [`screen`] owns the terminal itself (entering, leaving, suspending, its size) and
//! [`signals`] turns signals into requests; the loop takes those requests between events.
//! The terminal is restored on every way out: a guard on return, a panic hook on panic, the
//! signal thread should a fatal signal not reach the loop in time. A terminal that goes away
//! (its window closed, an ssh connection dropped) ends the reader as a hangup would, whether
//! or not SIGHUP arrives.

pub mod outside;
pub mod screen;
pub mod signals;

use std::io;
use std::ops::ControlFlow;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};

use crate::app::effect::{Draft, Effect};
use crate::app::state::App;
use crate::archive;
use crate::briefing::Briefing;
use crate::library::source::Origin;
use crate::library::source::Sources;
use crate::store::drafts::Drafts;
use crate::store::location::Location;
use crate::store::service::Service;
use crate::ui::{self, Theme};

/// How often the loop wakes to check for signals and the terminal when no input arrives.
const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// Why the reader stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A signal asked the reader to stop (its number).
    Signal(i32),
    /// The terminal went away.
    Hangup,
}

impl Exit {
    /// The process's exit code: 0 for a quit, 128 + n for signal n, and a hangup's for a
    /// terminal that went away.
    pub fn code(self) -> u8 {
        let signal = match self {
            Exit::Quit => return 0,
            Exit::Signal(sig) => sig,
            Exit::Hangup => signal_hook::consts::SIGHUP,
        };
        u8::try_from(128 + signal).unwrap_or(1)
    }
}

/// Restores the terminal before a panic is reported, so the message is readable on the main
/// screen; except on a loading thread, where a panic is that file's failure (see
/// `archive::sync`) and the screen is left alone.
fn restore_on_panic() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(archive::WORKER) {
            screen::leave();
            report(info);
        }
    }));
}

/// What to open.
pub enum Start {
    /// One briefing, straight in the reader, the text it was read from, and where to reload
    /// it from (none for stdin).
    Briefing(Box<Briefing<'static>>, String, Option<Origin>, u64),
    /// The library over these sources, indexed in this folder (in memory when `None`) in
    /// the background.
    Library(Sources, Option<std::path::PathBuf>, u64),
}

/// How long start-up waits for a small library to be indexed, so that a folder holding one
/// briefing opens straight in the reader; one the index already lists does not wait.
const SETTLE: Duration = Duration::from_millis(100);
/// How often the screen is redrawn while briefings are still loading.
const LOADING_FRAME: Duration = Duration::from_millis(40);

/// Shown when Ctrl-Z cannot stop `brief` because nothing could continue it.
const NO_JOB_CONTROL: &str = "cannot suspend: no shell with job control started brief";

/// An error from the terminal: the end of the reader as a hangup when the terminal has gone
/// away, otherwise the error.
fn lost(error: io::Error) -> io::Result<Exit> {
    if screen::gone(&error) {
        Ok(Exit::Hangup)
    } else {
        Err(error)
    }
}

/// Takes the requests of job control from signals: SIGTSTP stops `brief` (where a shell can
/// continue it), SIGCONT takes the terminal back. True when the screen must be redrawn.
fn step_aside(
    signals: &signals::Requests,
    app: &mut App,
    term: &mut screen::Screen,
) -> io::Result<bool> {
    let mut redraw = false;
    if signals.take_suspend() {
        stop(app, term)?;
        redraw = true;
    }
    if signals.take_resumed() {
        screen::resume(term)?;
        redraw = true;
    }
    Ok(redraw)
}

/// Stops `brief` for the shell, and takes the terminal back when it continues; says why not
/// when nothing could continue it.
fn stop(app: &mut App, term: &mut screen::Screen) -> io::Result<()> {
    if screen::job_control() {
        screen::suspend();
        screen::resume(term)?;
    } else {
        app.notice = Some(NO_JOB_CONTROL.into());
    }
    Ok(())
}

/// Carries out what the state asked for ([`App::effects`]), in order: whether the screen must
/// be redrawn, or the end of the reader when it asked to quit.
fn carry_out(
    signals: &signals::Requests,
    drafts: Option<&Drafts>,
    app: &mut App,
    term: &mut screen::Screen,
    pipes: &mut Vec<outside::Piping>,
) -> io::Result<ControlFlow<Exit, bool>> {
    let mut redraw = false;
    while let Some(effect) = app.effects.pop_front() {
        match effect {
            Effect::Quit => return Ok(ControlFlow::Break(Exit::Quit)),
            Effect::Suspend => {
                // Ctrl-Z, and a SIGTSTP that came with it, stop `brief` once.
                signals.take_suspend();
                stop(app, term)?;
                redraw = true;
            }
            Effect::Outside(_) => {
                // The draft holds the text: it was kept just before (an `Effect::Draft`).
                let result = match drafts {
                    Some(drafts) => outside::edit(term, &drafts.text_path(), signals)?,
                    None => Err("notes cannot be kept: there is no state folder".into()),
                };
                app.edited_outside(result);
                // Ended meanwhile: the editor is, too, and its text is in the app.
                if let Some(sig) = signals.fatal() {
                    return Ok(ControlFlow::Break(Exit::Signal(sig)));
                }
                redraw = true;
            }
            Effect::Draft(draft) => redraw |= keep(drafts, app, draft),
            Effect::Clipboard(text) => {
                // OSC 52: the terminal (or tmux, or the terminal at the far end of ssh) puts
                // it on the clipboard. The text was sanitised when loaded, and travels
                // base64-encoded.
                let copy = crossterm::clipboard::CopyToClipboard::to_clipboard_from(text);
                ratatui::crossterm::execute!(term.backend_mut(), copy)?;
            }
            Effect::Open(url) => {
                // Only after the user confirmed the whole address, and only http(s).
                app.opened(open::that_detached(&url));
                redraw = true;
            }
            Effect::Pipe(text) => {
                // Written on a thread of its own: how it went is told later (see `piped`).
                match outside::pipe(text) {
                    Ok(piping) => pipes.push(piping),
                    Err(why) => app.piped(Err(why)),
                }
                redraw = true;
            }
        }
    }
    Ok(ControlFlow::Continue(redraw))
}

/// Says how handing each citation to `BRIEF_PIPE` went, once it is over; true when the screen
/// must be redrawn.
fn piped(app: &mut App, pipes: &mut Vec<outside::Piping>) -> bool {
    let mut told = false;
    pipes.retain(|piping| match piping.result() {
        Some(result) => {
            app.piped(result);
            told = true;
            false
        }
        None => true,
    });
    told
}

/// How long, at the end, the store may take to write what it was asked to. The text being
/// written is safe before then, in its draft, whatever the store is waiting for.
const FINISH: Duration = Duration::from_secs(2);

/// How long the keyboard is idle before the note being written is kept as a draft.
const DRAFT_IDLE: Duration = Duration::from_secs(1);

/// Carries out what the state asked of a draft; true when the screen must be redrawn (a
/// draft that could not be kept is said in the status bar).
fn keep(drafts: Option<&Drafts>, app: &mut App, draft: Draft) -> bool {
    let Some(drafts) = drafts else {
        return false;
    };
    let done = match draft {
        Draft::Keep(note) => drafts.keep(&note),
        Draft::Drop => drafts.drop_own(),
        Draft::Forget(pid) => drafts.forget(pid),
    };
    match done {
        Ok(()) => false,
        Err(e) => {
            app.notice = Some(format!("cannot keep a draft of the note: {e}"));
            true
        }
    }
}

/// Carries out only the drafts' effects, as `brief` ends.
fn keep_drafts(drafts: Option<&Drafts>, app: &mut App) {
    let effects: Vec<Effect> = app.effects.drain(..).collect();
    for effect in effects {
        if let Effect::Draft(draft) = effect {
            keep(drafts, app, draft);
        }
    }
}

/// Passes the reader's requests to the store and the store's reports to the reader; true
/// when the screen must be redrawn.
fn converse(app: &mut App, store: &Service) -> bool {
    let mut heard = false;
    while let Some(report) = store.try_recv() {
        app.remember(report);
        heard = true;
    }
    for request in app.memory.take_requests() {
        store.send(request);
    }
    heard
}

/// Runs the interface on the real terminal until the user quits, a signal arrives or the
/// terminal goes away; what the user did is remembered in the store at `state`.
pub use crate::app::state::Options;

pub fn run(start: Start, theme: &Theme, state: Location, options: Options) -> io::Result<Exit> {
    let drafts = match &state {
        Location::Folder(dir) => Some(Drafts::new(dir.clone())),
        Location::Nowhere(_) => None,
    };
    let mut store = Memory {
        state: Some(state),
        service: None,
    };
    let signals = signals::watch()?;
    let mut app = None;
    let exit = run_with(
        start,
        theme,
        &mut store,
        &mut app,
        options,
        &signals,
        drafts.as_ref(),
    );
    signals.hold();
    // Whichever way the reader ended, a note being written is kept: first as its draft, which
    // needs no lock, then in the store; and where the reader was is remembered.
    if let Some(app) = &mut app {
        app.keep_draft();
        keep_drafts(drafts.as_ref(), app);
    }
    if let (Some(app), Some(service)) = (&mut app, &store.service) {
        app.rescue_note();
        app.remember_reading();
        converse(app, service);
    }
    if let Some(service) = store.service {
        let reports = service.finish(FINISH);
        // The draft of a note the store has saved by now goes.
        if let Some(app) = &mut app {
            for report in reports {
                app.remember(report);
            }
            keep_drafts(drafts.as_ref(), app);
        }
    }
    exit
}

/// The store, started once the first frame is on the screen: opening and reading it is
/// never on the path to the first frame.
struct Memory {
    state: Option<Location>,
    service: Option<Service>,
}

fn run_with(
    start: Start,
    theme: &Theme,
    store: &mut Memory,
    slot: &mut Option<App>,
    options: Options,
    signals: &signals::Requests,
    drafts: Option<&Drafts>,
) -> io::Result<Exit> {
    // Fault injection for the test that a panic restores the terminal; debug builds only.
    let panic_after_frame = cfg!(debug_assertions)
        && std::env::var_os("BRIEF_TEST_PANIC").is_some_and(|v| v == "frame");
    // Restores the terminal when dropped, whichever way the loop ends.
    let mut term = screen::enter(options.mouse)?;
    // Before any loading thread starts: the library starts indexing when it is made.
    restore_on_panic();
    let app = slot.insert(match start {
        Start::Briefing(b, text, origin, max_size) => App::reader(*b, term.get_frame().area())
            .read_from(text)
            .reloading_from(origin, max_size),
        Start::Library(sources, index, max_size) => {
            let mut app = App::library(sources, index, max_size, term.get_frame().area());
            app.settle(SETTLE);
            app
        }
    });
    app.configure(options);
    let draw = |term: &mut screen::Screen, app: &App| {
        term.draw(|frame| {
            ui::render(app, theme, frame);
            screen::mark_covered(frame.buffer_mut());
        })?;
        assert!(!panic_after_frame, "BRIEF_TEST_PANIC: a deliberate panic");
        io::Result::Ok(())
    };
    // The first frame before anything else: a library's walk starts after it.
    if let Err(e) = draw(&mut term, app) {
        return lost(e);
    }
    // What a `brief` now gone was writing, kept in its drafts.
    let mut dirty = false;
    if let Some(drafts) = drafts {
        let found = drafts.recover();
        dirty = !found.is_empty();
        app.recover(found);
    }
    let mut typed = std::time::Instant::now();
    // Citations still being handed to `BRIEF_PIPE`.
    let mut pipes = Vec::new();
    loop {
        if let Some(sig) = signals.fatal() {
            return Ok(Exit::Signal(sig));
        }
        if typed.elapsed() >= DRAFT_IDLE {
            app.keep_draft();
        }
        match step_aside(signals, app, &mut term) {
            Ok(redraw) => dirty |= redraw,
            Err(e) => return lost(e),
        }
        // Asked every time round: a terminal that has gone away no longer answers.
        let Ok(size) = screen::size() else {
            return Ok(Exit::Hangup);
        };
        if size != app.size {
            if let Err(e) = term.resize(size) {
                return lost(e);
            }
            app.resize(size);
            dirty = true;
        }
        dirty |= app.pump();
        dirty |= piped(app, &mut pipes);
        if let Some(service) = &store.service {
            dirty |= converse(app, service);
        }
        // Asked for by the store's answer to a key pressed before it was open.
        match carry_out(signals, drafts, app, &mut term, &mut pipes) {
            Ok(ControlFlow::Continue(redraw)) => dirty |= redraw,
            Ok(ControlFlow::Break(exit)) => return Ok(exit),
            Err(e) => return lost(e),
        }
        if dirty {
            if let Err(e) = draw(&mut term, app) {
                return lost(e);
            }
            dirty = false;
        }
        if let Some(state) = store.state.take() {
            store.service = Some(Service::start(state));
        }
        let wait = if app.loading() {
            LOADING_FRAME
        } else {
            SIGNAL_POLL
        };
        match event::poll(wait) {
            Ok(true) => {}
            Ok(false) => continue,
            // A signal interrupted the wait: go round and look at the requests.
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return lost(e),
        }
        match event::read() {
            Ok(Event::Key(key)) => {
                app.key(key);
                typed = std::time::Instant::now();
                dirty = true;
            }
            Ok(Event::Mouse(mouse)) => {
                app.mouse(mouse, std::time::Instant::now());
                dirty = true;
            }
            // The size is taken from the terminal at the top of the loop.
            Ok(Event::Resize(..)) => dirty = true,
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return lost(e),
        }
        // Asked for by the key or the click: a quit at once, anything else before the next
        // frame.
        match carry_out(signals, drafts, app, &mut term, &mut pipes) {
            Ok(ControlFlow::Continue(redraw)) => dirty |= redraw,
            Ok(ControlFlow::Break(exit)) => return Ok(exit),
            Err(e) => return lost(e),
        }
    }
}
