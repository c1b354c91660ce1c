//! The reader's event loop: terminal in, actions to [`state::State::update`], frames out.
//!
//! ratatui owns the terminal: `try_init` enters raw mode and the alternate screen and installs
//! a panic hook that restores the screen; a guard restores it on every other way out.
//! SIGTERM, SIGHUP and SIGINT set a flag the loop checks between events; should the loop not
//! get there (a hung-up terminal can keep the input layer busy), a watchdog thread restores
//! the terminal and exits after a grace period.

pub mod action;
pub mod keymap;
pub mod state;

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};
use ratatui::layout::Rect;

use crate::briefing::Briefing;
use crate::ui::{self, Theme};
use state::State;

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

/// Runs the reader on the real terminal until the user quits or a signal arrives.
pub fn run(briefing: Briefing, theme: &Theme) -> io::Result<Exit> {
    let signal = watch_signals()?;
    let mut terminal = ratatui::try_init()?;
    let _restore = Restore;
    let size = terminal.size()?;
    let mut state = State::new(briefing, Rect::new(0, 0, size.width, size.height));
    let mut dirty = true;
    loop {
        let sig = signal.load(Ordering::Relaxed);
        if sig != 0 {
            return Ok(Exit::Signal(i32::try_from(sig).unwrap_or(0)));
        }
        // On a hung-up terminal this fails, which ends the loop.
        let size = terminal.size()?;
        if dirty {
            state.resize(Rect::new(0, 0, size.width, size.height));
            terminal.draw(|frame| ui::render(&state, theme, frame))?;
            dirty = false;
        }
        match event::poll(SIGNAL_POLL) {
            Ok(true) => {}
            Ok(false) => continue,
            // A signal interrupted the wait: go round and look at the flag.
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
        match event::read()? {
            Event::Key(key) => {
                if let Some(action) = keymap::action_for(&key) {
                    state.update(action);
                    dirty = true;
                }
            }
            Event::Resize(width, height) => {
                state.resize(Rect::new(0, 0, width, height));
                dirty = true;
            }
            _ => {}
        }
        if state.quit {
            return Ok(Exit::Quit);
        }
    }
}
