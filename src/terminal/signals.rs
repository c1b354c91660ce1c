//! Signals while the reader runs, turned into requests the event loop takes between events.
//!
//! Every fatal signal that can be caught (TERM, HUP, INT, QUIT, USR1, USR2, ALRM, VTALRM) ends
//! the reader with the terminal restored and the exit code 128 + n. Should the loop not get
//! there (a dead terminal can keep the input layer busy), the signal thread restores the
//! terminal and exits itself after a grace period; a loop that says it is ending (keeping a
//! note's draft, ending the outside editor, letting the store write) is given longer. SIGTSTP asks the loop to step aside for the
//! shell, as Ctrl-Z does; SIGCONT asks it to take the terminal back and redraw, whoever
//! stopped the process.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::Duration;

use signal_hook::consts::{
    SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2, SIGVTALRM,
};

use super::screen;

/// The signals that end the reader.
const FATAL: [i32; 8] = [
    SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM,
];

/// How long the loop may take to notice a fatal signal before the signal thread ends the
/// process itself.
const GRACE: Duration = Duration::from_millis(500);

/// How long, after a fatal signal, the signal thread waits for a loop that said it is ending
/// (ending the outside editor and keeping its text, letting the store write): longer than
/// the loop gives the editor and the store together.
const HOLD: Duration = Duration::from_secs(5);

#[derive(Default)]
struct Flags {
    /// The fatal signal that arrived, or 0.
    fatal: AtomicI32,
    suspend: AtomicBool,
    resumed: AtomicBool,
    /// The loop is ending the outside editor, or ending itself, and asks for time.
    busy: AtomicBool,
}

/// What the signals have asked for so far.
pub struct Requests {
    flags: Arc<Flags>,
}

impl Requests {
    /// The fatal signal that arrived, if one did.
    pub fn fatal(&self) -> Option<i32> {
        Some(self.flags.fatal.load(Ordering::Relaxed)).filter(|&sig| sig != 0)
    }

    /// Whether SIGTSTP arrived since the last call.
    pub fn take_suspend(&self) -> bool {
        self.flags.suspend.swap(false, Ordering::Relaxed)
    }

    /// Tells the signal thread that the loop is ending (or ending the outside editor) after
    /// a fatal signal: it waits up to [`HOLD`] instead of [`GRACE`] before ending the process.
    pub fn hold(&self) {
        self.flags.busy.store(true, Ordering::Relaxed);
    }

    /// Whether SIGCONT arrived since the last call.
    pub fn take_resumed(&self) -> bool {
        self.flags.resumed.swap(false, Ordering::Relaxed)
    }
}

/// Starts the thread that receives the signals.
pub fn watch() -> io::Result<Requests> {
    let flags = Arc::new(Flags::default());
    let wanted = FATAL.iter().chain(&[SIGTSTP, SIGCONT]);
    let mut signals = signal_hook::iterator::Signals::new(wanted)?;
    let seen = Arc::clone(&flags);
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                match sig {
                    SIGTSTP => seen.suspend.store(true, Ordering::Relaxed),
                    SIGCONT => seen.resumed.store(true, Ordering::Relaxed),
                    _ => {
                        seen.fatal.store(sig, Ordering::Relaxed);
                        let start = std::time::Instant::now();
                        std::thread::sleep(GRACE);
                        while seen.busy.load(Ordering::Relaxed) && start.elapsed() < HOLD {
                            std::thread::sleep(Duration::from_millis(10));
                        }
                        screen::leave();
                        std::process::exit(128 + sig);
                    }
                }
            }
        })?;
    Ok(Requests { flags })
}
