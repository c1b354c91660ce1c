//! Bringing the index up to date on a background thread, for the library, which keeps
//! listing what the index holds meanwhile: the walk, then the files read, reported as they
//! go, then the [`Catalog`] itself, handed over whole. Nothing here touches the terminal.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use super::catalog::Catalog;
use crate::library::source::Sources;

/// What the indexing thread reports.
#[derive(Debug)]
pub enum Report {
    /// `(done, to_read)`: files read of those the walk found new or changed.
    Indexing(usize, usize),
    /// The index is up to date with the walk (or why it could not be made).
    Built(Result<Box<Catalog>, String>),
}

/// How often progress is reported at most.
const EVERY: Duration = Duration::from_millis(100);

/// A running indexing; dropping it lets the thread finish its work quietly.
#[derive(Debug)]
pub struct Indexer {
    rx: Receiver<Report>,
}

impl Indexer {
    /// Starts indexing `sources` into the index in `folder` (in memory when `None`), reading
    /// files of at most `max_size` bytes.
    pub fn start(sources: Sources, folder: Option<PathBuf>, max_size: u64) -> Self {
        let (tx, rx) = channel();
        let failed = tx.clone();
        let started = std::thread::Builder::new()
            .name(super::WORKER.into())
            .spawn(move || {
                let mut last: Option<Instant> = None;
                let built = Catalog::build(&sources, folder.as_deref(), max_size, &mut |d, n| {
                    if last.is_none_or(|t| t.elapsed() >= EVERY) || d == n {
                        last = Some(Instant::now());
                        let _ = tx.send(Report::Indexing(d, n));
                    }
                });
                // The widths of the list's columns, kept for the next library of these folders
                // to list at once as wide as now.
                if let Ok(catalog) = &built
                    && catalog.archive.path().is_some()
                {
                    let _ = catalog.archive.keep_widest(&catalog.scope);
                }
                let built = built.map(Box::new).map_err(|e| e.to_string());
                let _ = tx.send(Report::Built(built));
            });
        // No thread to be had (too many, or no memory): said as the index's failure, which
        // the library shows, rather than a panic.
        if let Err(e) = started {
            let _ = failed.send(Report::Built(Err(format!(
                "cannot bring the index up to date: no thread to do it on: {e}"
            ))));
        }
        Self { rx }
    }

    /// The next report, if one is ready; `None` also once the thread has ended.
    pub fn try_recv(&self) -> Option<Report> {
        match self.rx.try_recv() {
            Ok(report) => Some(report),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Report::Built(Err(
                "indexing stopped unexpectedly (a bug in brief)".into(),
            ))),
        }
    }

    /// The next report, waiting at most `budget`.
    pub fn recv_within(&self, budget: Duration) -> Option<Report> {
        self.rx.recv_timeout(budget).ok()
    }
}
