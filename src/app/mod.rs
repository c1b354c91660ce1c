//! The event loop: terminal in, keys to [`state::App::key`], loader reports in, frames out.
//!
//! ratatui owns the terminal: `try_init` enters raw mode and the alternate screen and installs
//! a panic hook that restores the screen; a guard restores it on every other way out.
//! SIGTERM, SIGHUP and SIGINT set a flag the loop checks between events; should the loop not
//! get there (a hung-up terminal can keep the input layer busy), a watchdog thread restores
//! the terminal and exits after a grace period.

pub mod action;
pub mod keymap;
pub mod library;
pub mod loader;
pub mod reader;
pub mod state;

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};
use ratatui::layout::Rect;

use crate::briefing::Briefing;
use crate::library::index::Origin;
use crate::ui::{self, Theme};
use loader::Sources;
use state::App;

/// How often the loop wakes to check for signals when no input arrives.
const SIGNAL_POLL: Duration = Duration::from_millis(100);
/// How long the watchdog lets the loop take to notice a signal before ending the process.
const SIGNAL_GRACE: Duration = Duration::from_millis(500);

/// Why the reader stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A signal asked the reader to stop (its number).
    Signal(i32),
}

/// Restores the terminal when dropped, whichever way the loop ends.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Starts the thread that turns SIGTERM, SIGHUP and SIGINT into a flag for the loop, and
/// restores the terminal and exits itself if the loop has not ended within [`SIGNAL_GRACE`].
fn watch_signals() -> io::Result<Arc<AtomicUsize>> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let flag = Arc::new(AtomicUsize::new(0));
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let seen = Arc::clone(&flag);
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                seen.store(usize::try_from(sig).unwrap_or(1), Ordering::Relaxed);
                std::thread::sleep(SIGNAL_GRACE);
                ratatui::restore();
                std::process::exit(128 + sig);
            }
        })?;
    Ok(flag)
}

/// Wraps the panic hook ratatui installed (restore the terminal, then report): a panic on a
/// loading thread leaves the terminal alone and prints nothing over the screen, because the
/// loader reports it as that file's failure (see `loader::load_guarded`).
fn quiet_loader_panics() {
    let restore_and_report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(loader::WORKER) {
            restore_and_report(info);
        }
    }));
}

/// What to open.
pub enum Start {
    /// One briefing, straight in the reader, and where to reload it from (none for stdin).
    Briefing(Box<Briefing<'static>>, Option<Origin>, u64),
    /// The library over these sources, loaded in the background.
    Library(Sources, u64),
}

/// How long start-up waits for a small library to finish loading, so that a folder holding
/// one briefing opens straight in the reader; a big one shows its progress instead.
const SETTLE: Duration = Duration::from_millis(5);
/// How often the screen is redrawn while briefings are still loading.
const LOADING_FRAME: Duration = Duration::from_millis(40);

/// Runs the interface on the real terminal until the user quits or a signal arrives.
pub fn run(start: Start, theme: &Theme) -> io::Result<Exit> {
    let signal = watch_signals()?;
    // Fault injection for the test that a panic restores the terminal; debug builds only.
    let panic_after_frame = cfg!(debug_assertions)
        && std::env::var_os("BRIEF_TEST_PANIC").is_some_and(|v| v == "frame");
    let mut terminal = ratatui::try_init()?;
    let _restore = Restore;
    // Before any loading thread starts: the library starts its loader when it is made.
    quiet_loader_panics();
    let mut app = match start {
        Start::Briefing(b, origin, max_size) => {
            App::reader(*b, Rect::default()).reloading_from(origin, max_size)
        }
        Start::Library(sources, max_size) => {
            let mut app = App::library(sources, max_size, Rect::default());
            app.settle(SETTLE);
            app
        }
    };
    let mut dirty = true;
    loop {
        let sig = signal.load(Ordering::Relaxed);
        if sig != 0 {
            return Ok(Exit::Signal(i32::try_from(sig).unwrap_or(0)));
        }
        // On a hung-up terminal this fails, which ends the loop.
        let size = terminal.size()?;
        let size = Rect::new(0, 0, size.width, size.height);
        if size != app.size {
            app.resize(size);
            dirty = true;
        }
        dirty |= app.pump();
        if dirty {
            terminal.draw(|frame| ui::render(&app, theme, frame))?;
            dirty = false;
            assert!(!panic_after_frame, "BRIEF_TEST_PANIC: a deliberate panic");
        }
        let wait = if app.loading() {
            LOADING_FRAME
        } else {
            SIGNAL_POLL
        };
        match event::poll(wait) {
            Ok(true) => {}
            Ok(false) => continue,
            // A signal interrupted the wait: go round and look at the flag.
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
        match event::read()? {
            Event::Key(key) => {
                app.key(key);
                dirty = true;
            }
            Event::Resize(width, height) => {
                app.resize(Rect::new(0, 0, width, height));
                dirty = true;
            }
            _ => {}
        }
        if app.quit {
            return Ok(Exit::Quit);
        }
    }
}
