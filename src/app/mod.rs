//! The reader's event loop: terminal in, actions to [`state::State::update`], frames out.
//!
//! ratatui owns the terminal: `try_init` enters raw mode and the alternate screen and installs
//! a panic hook that restores the screen; a guard restores it on every other way out,
//! including SIGTERM and SIGHUP, which set a flag the loop checks between events.

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

/// Runs the reader on the real terminal until the user quits or a signal arrives.
pub fn run(briefing: Briefing, theme: &Theme) -> io::Result<Exit> {
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)?;
    }
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
        if dirty {
            let size = terminal.size()?;
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
