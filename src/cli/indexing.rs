//! The index brought up to date for a command, as the user sees it on standard error when it
//! is a terminal and the wait is long enough to be worth saying: `indexing 31,000/100,000`
//! while files are read, and why nothing moves while another `brief` builds the same index.
//! Scripts, whose standard error is no terminal, hear nothing of either.

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use crate::archive::catalog::{Catalog, Told};
use crate::briefing::thousands;
use crate::library::source::Sources;

/// How long a wait goes unsaid: most builds of an index already known end before it.
const QUIET: Duration = Duration::from_millis(300);

/// Walks `sources` and brings the index up to date ([`Catalog::build_telling`]), saying so.
pub(super) fn catalog(sources: &Sources, global: &super::Global) -> rusqlite::Result<Catalog> {
    // Told by both of the build's callbacks.
    let shown = std::cell::RefCell::new(Shown::new());
    let catalog = Catalog::build_telling(
        sources,
        global.index.as_deref(),
        global.max_size,
        &mut |done, of| {
            shown.borrow_mut().progress(done, of);
            true
        },
        &mut |told| {
            if told == Told::Waiting {
                shown.borrow_mut().waiting();
            }
            true
        },
    );
    shown.borrow_mut().clear();
    catalog
}

/// What has been shown on standard error, to be replaced, then cleared.
struct Shown {
    on: bool,
    started: Instant,
    last: Option<Instant>,
    waiting: bool,
}

impl Shown {
    fn new() -> Self {
        Self {
            on: io::stderr().is_terminal(),
            started: Instant::now(),
            last: None,
            waiting: false,
        }
    }

    fn due(&self, now: Instant) -> bool {
        self.on
            && now.duration_since(self.started) > QUIET
            && (self.last).is_none_or(|t| now.duration_since(t) > Duration::from_millis(100))
    }

    fn progress(&mut self, done: usize, of: usize) {
        let now = Instant::now();
        if self.due(now) && done < of {
            self.last = Some(now);
            let (done, of) = (thousands(done), thousands(of));
            let _ = write!(io::stderr(), "\rindexing {done}/{of}\x1b[K");
        }
    }

    /// Another `brief` is building this index: said once, the wait being up to two minutes.
    fn waiting(&mut self) {
        let now = Instant::now();
        if !self.waiting && self.due(now) {
            self.waiting = true;
            self.last = Some(now);
            let _ = write!(
                io::stderr(),
                "\rwaiting for another brief to finish indexing…\x1b[K"
            );
        }
    }

    fn clear(&self) {
        if self.last.is_some() {
            let _ = write!(io::stderr(), "\r\x1b[K");
        }
    }
}
