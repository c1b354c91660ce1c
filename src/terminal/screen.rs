//! The real terminal, for as long as the reader runs: raw mode and the alternate screen on the
//! way in; the same undone on every way out (quit, error, panic, signal), without ever failing
//! or printing, because the terminal may be gone by then; stepping aside for the shell on
//! Ctrl-Z; and telling when the terminal itself has gone away.
//!
//! The size is asked of the terminal alone. crossterm falls back to running `tput` when that
//! fails, which answers from the terminfo database for a terminal that no longer exists, so a
//! loop asking for the size would go on forever; here a failure means the terminal is gone.

use std::io::{self, Stdout};
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};

use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::{cursor, event, execute, terminal};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::text::grapheme_width;

/// The terminal the reader draws on.
pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// The terminal while the reader has it: dropping it puts the terminal back ([`leave`]).
pub struct Screen {
    /// Never dropped: ratatui's drop shows the cursor and, should that fail (the terminal has
    /// gone), prints to standard error with a macro that panics when that fails too. Its
    /// buffers are freed with the process, which ends soon after the screen is left.
    term: ManuallyDrop<Term>,
}

impl Deref for Screen {
    type Target = Term;

    fn deref(&self) -> &Term {
        &self.term
    }
}

impl DerefMut for Screen {
    fn deref_mut(&mut self) -> &mut Term {
        &mut self.term
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        leave();
    }
}

/// Whether the terminal's background is light, when it answers the question within 100 ms
/// (`terminal-colorsaurus`: OSC 10/11, told apart from terminals that never answer); `None`
/// when it does not say. Asked before the screen is entered.
pub fn light_background() -> Option<bool> {
    let mut options = terminal_colorsaurus::QueryOptions::default();
    options.timeout = std::time::Duration::from_millis(100);
    match terminal_colorsaurus::theme_mode(options) {
        Ok(terminal_colorsaurus::ThemeMode::Light) => Some(true),
        Ok(terminal_colorsaurus::ThemeMode::Dark) => Some(false),
        Err(_) => None,
    }
}

/// The terminal's size as the terminal reports it; an error means it has gone away.
pub fn size() -> io::Result<Rect> {
    let size = terminal::window_size()?;
    Ok(Rect::new(0, 0, size.columns, size.rows))
}

/// Whether an error from the terminal means it has gone away (the other end closed, a hangup):
/// reads then fail with EIO or find nothing, writes fail with EIO, and the size cannot be had.
pub fn gone(error: &io::Error) -> bool {
    error.raw_os_error() == Some(rustix::io::Errno::IO.raw_os_error()) || size().is_err()
}

/// Enters raw mode and the alternate screen, and returns a terminal that draws there at the
/// current size (the caller resizes it with [`Term::resize`] when [`size`] changes). On
/// failure, whatever was entered is left again.
pub fn enter(mouse: bool) -> io::Result<Screen> {
    MOUSE.store(mouse, std::sync::atomic::Ordering::Relaxed);
    let entered = size().and_then(|area| {
        setup()?;
        let options = TerminalOptions {
            viewport: Viewport::Fixed(area),
        };
        Terminal::with_options(CrosstermBackend::new(io::stdout()), options)
    });
    match entered {
        Ok(term) => Ok(Screen {
            term: ManuallyDrop::new(term),
        }),
        Err(e) => {
            leave();
            Err(e)
        }
    }
}

/// Whether the mouse is captured while the reader has the terminal (the configuration's
/// `mouse`); set once, when the screen is entered.
static MOUSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn setup() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide)?;
    if MOUSE.load(std::sync::atomic::Ordering::Relaxed) {
        execute!(io::stdout(), event::EnableMouseCapture)?;
    }
    Ok(())
}

/// Puts the terminal back as it was: main screen, cursor shown, cooked mode. Safe to call at
/// any time and more than once; errors are ignored and nothing is printed, so this never fails
/// and never panics, even on a terminal that has gone away.
pub fn leave() {
    if MOUSE.load(std::sync::atomic::Ordering::Relaxed) {
        let _ = execute!(io::stdout(), event::DisableMouseCapture);
    }
    let _ = execute!(io::stdout(), terminal::LeaveAlternateScreen, cursor::Show);
    let _ = terminal::disable_raw_mode();
}

/// Takes the terminal back after the process was stopped and continued (the shell may have
/// changed its modes meanwhile) and makes the next frame redraw every cell.
pub fn resume(term: &mut Term) -> io::Result<()> {
    // crossterm keeps raw mode "on" in its own books while stopped: reset them first.
    let _ = terminal::disable_raw_mode();
    setup()?;
    // Resizing clears the screen and forgets what was drawn, without asking the terminal
    // where its cursor is (which `clear` would).
    term.resize(size()?)
}

/// Whether stopping would hand the terminal to a shell that can continue `brief`: the parent
/// is in the same session but another process group, as a job-control shell is. Otherwise
/// (started straight in a terminal window, or by a shell without job control) a stopped
/// `brief` could not be brought back, which is why the kernel ignores Ctrl-Z there too.
pub fn job_control() -> bool {
    // Through libc, not rustix: in a PID namespace a session or group led from outside it
    // reads as 0, which rustix's `Pid` cannot hold (a debug build panics). 0 means "cannot
    // tell", and stopping when nothing may continue us is the worse mistake, so it says no.
    // SAFETY: these calls take and return plain integers and touch no memory.
    let (parent, parent_session, session, parent_group, group) = unsafe {
        let parent = libc::getppid();
        (
            parent,
            libc::getsid(parent),
            libc::getsid(0),
            libc::getpgid(parent),
            libc::getpgrp(),
        )
    };
    let known = [parent, parent_session, session, parent_group, group]
        .iter()
        .all(|&id| id > 0);
    known && parent_session == session && parent_group != group
}

/// Leaves the terminal and stops the process, as Ctrl-Z does to any program; returns once it
/// has been continued (`fg`). The caller then calls [`resume`].
pub fn suspend() {
    leave();
    let _ = rustix::process::kill_process(rustix::process::getpid(), rustix::process::Signal::STOP);
}

/// Marks the cells a wide character covers as holding nothing (rather than a space), so that
/// when the character goes the next frame rewrites them. A terminal that draws the character
/// narrower than Unicode says (tmux 3.3 draws a flag as two cells of one) keeps its second half
/// otherwise: ratatui rewrites only the cell the character started in, which is enough where
/// the terminal agrees on its width.
pub fn mark_covered(buf: &mut Buffer) {
    let width = usize::from(buf.area.width);
    if width == 0 {
        return;
    }
    for row in buf.content.chunks_mut(width) {
        let mut x = 0;
        while x < row.len() {
            let symbol = row[x].symbol();
            // ASCII is one column: only longer symbols are measured.
            let w = if symbol.len() > 1 {
                grapheme_width(symbol).max(1)
            } else {
                1
            };
            for covered in row.iter_mut().take(x + w).skip(x + 1) {
                covered.set_symbol("");
            }
            x += w;
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    use super::mark_covered;

    fn frame(text: &str) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        buf.set_string(0, 0, text, Style::default());
        mark_covered(&mut buf);
        buf
    }

    #[test]
    fn every_cell_a_wide_character_covered_is_rewritten_when_it_goes() {
        for wide in ["🇯🇵", "東", "👩\u{200d}👩\u{200d}👧"] {
            let before = frame(&format!("ab{wide}cd"));
            let after = frame("ab  cd");
            let written: Vec<u16> = before.diff(&after).iter().map(|(x, _, _)| *x).collect();
            assert_eq!(written, [2, 3], "{wide}");
            // Drawn again as it was, nothing is written.
            assert!(before.diff(&frame(&format!("ab{wide}cd"))).is_empty());
        }
    }
}
