//! Bringing the index up to date on a background thread, for the library, which keeps
//! listing what the index holds meanwhile: the walk, then the files read, reported as they
//! go, then the [`Catalog`] itself, handed over whole. A new indexing cancels the one under
//! way and waits for it to end before it starts, so that two never write the index at once.
//! Nothing here touches the terminal.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::catalog::{Catalog, Told};
use crate::library::source::Sources;

/// What the indexing thread reports.
#[derive(Debug)]
pub enum Report {
    /// `(done, to_read)`: files read of those the walk found new or changed.
    Indexing(usize, usize),
    /// The walk has found more than one briefing file (said once, before the walk ends).
    Several,
    /// Another `brief` is bringing the index up to date: this indexing waits for it to end
    /// before it walks (said once).
    Waiting,
    /// The index is up to date with the walk (or why it could not be made).
    Built(Result<Box<Catalog>, String>),
}

/// How often progress is reported at most.
const EVERY: Duration = Duration::from_millis(100);

/// A running indexing; dropping it lets the thread finish its work quietly, and
/// [`Indexer::cancel`] stops it.
#[derive(Debug)]
pub struct Indexer {
    rx: Receiver<Report>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Indexer {
    /// Starts indexing `sources` into the index in `folder` (in memory when `None`), reading
    /// files of at most `max_size` bytes; `after`, an indexing cancelled for this one (see
    /// [`Indexer::cancel`]), is waited for first.
    pub fn start(
        sources: Sources,
        folder: Option<PathBuf>,
        max_size: u64,
        after: Option<JoinHandle<()>>,
    ) -> Self {
        let (tx, rx) = channel();
        let failed = tx.clone();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let started = std::thread::Builder::new()
            .name(super::WORKER.into())
            .spawn(move || {
                // The one cancelled for this one ends at its next batch: one writer at a time.
                if let Some(earlier) = after {
                    let _ = earlier.join();
                }
                let mut last: Option<Instant> = None;
                let mut waiting = false;
                let built = Catalog::build_telling(
                    &sources,
                    folder.as_deref(),
                    max_size,
                    &mut |d, n| {
                        if last.is_none_or(|t| t.elapsed() >= EVERY) || d == n {
                            last = Some(Instant::now());
                            let _ = tx.send(Report::Indexing(d, n));
                        }
                        !stopped.load(Ordering::Relaxed)
                    },
                    &mut |told| {
                        match told {
                            Told::Several => {
                                let _ = tx.send(Report::Several);
                            }
                            Told::Waiting if !waiting => {
                                waiting = true;
                                let _ = tx.send(Report::Waiting);
                            }
                            Told::Waiting => {}
                        }
                        // Cancelled ([`Indexer::cancel`]) while waiting: waits no more.
                        !stopped.load(Ordering::Relaxed)
                    },
                );
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
        let thread = match started {
            Ok(thread) => Some(thread),
            Err(e) => {
                let _ = failed.send(Report::Built(Err(format!(
                    "cannot bring the index up to date: no thread to do it on: {e}"
                ))));
                None
            }
        };
        Self { rx, stop, thread }
    }

    /// Stops the indexing at its next batch (what it wrote stays, whole); its thread, to be
    /// waited for by the indexing that takes over (see [`Indexer::start`]). It reports, if
    /// anything, that it was stopped.
    pub fn cancel(&mut self) -> Option<JoinHandle<()>> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.take()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::scan::Symlinks;

    const BRIEFING: &str =
        include_str!("../../briefings/2022-09-12-armenia-azerbaijan-border.toml");

    /// The last report of `indexer`: what it built, or why not.
    fn built(indexer: &Indexer) -> Result<Box<Catalog>, String> {
        loop {
            match indexer.recv_within(Duration::from_secs(60)) {
                Some(Report::Built(built)) => return built,
                Some(Report::Indexing(..) | Report::Several | Report::Waiting) => {}
                None => panic!("no word from the indexing within a minute"),
            }
        }
    }

    #[test]
    fn a_new_indexing_cancels_the_one_under_way_and_builds_once_it_has_ended() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("briefings");
        std::fs::create_dir(&folder).unwrap();
        for i in 0..40 {
            let text = BRIEFING.replacen(
                "id = \"2022-09-12-armenia-azerbaijan-border\"",
                &format!("id = \"b{i}\""),
                1,
            );
            std::fs::write(folder.join(format!("b{i}.toml")), text).unwrap();
        }
        let index = dir.path().join("index");
        std::fs::create_dir(&index).unwrap();
        let sources = || Sources::Paths(vec![folder.clone()], Symlinks::Inside);
        // `R`, and `R` again at once, against one index.
        let mut first = Indexer::start(sources(), Some(index.clone()), 1 << 22, None);
        let after = first.cancel();
        assert!(after.is_some());
        let second = Indexer::start(sources(), Some(index.clone()), 1 << 22, after);
        // The second waits for the first, then builds all, never finding the index locked.
        let catalog = built(&second).unwrap();
        assert_eq!(catalog.briefings().unwrap().len(), 40);
        // The first ended before: stopped, or done had it finished before it was told.
        match built(&first) {
            Ok(_) => {}
            Err(why) => assert!(why.contains(crate::archive::sync::CANCELLED), "{why}"),
        }
    }

    /// Another `brief` building the index: the indexing says it waits, once, and a cancel
    /// (`R` again) ends it at once rather than after the other's build (up to two minutes).
    #[test]
    fn an_indexing_waiting_for_another_brief_says_so_and_stops_when_cancelled() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("briefings");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("a.toml"), BRIEFING).unwrap();
        let index = dir.path().join("index");
        let (other, _) = crate::archive::Archive::open(&index);
        let held = other.building(&mut || true).unwrap();
        let sources = Sources::Paths(vec![folder.clone()], Symlinks::Inside);
        let mut waiting = Indexer::start(sources, Some(index.clone()), 1 << 22, None);
        assert!(matches!(
            waiting.recv_within(Duration::from_secs(10)),
            Some(Report::Waiting)
        ));
        assert!(
            waiting.recv_within(Duration::from_millis(300)).is_none(),
            "said once"
        );
        let started = std::time::Instant::now();
        let thread = waiting.cancel().unwrap();
        thread.join().unwrap();
        assert!(started.elapsed() < Duration::from_secs(5));
        match built(&waiting) {
            Ok(_) => panic!("built while another held the index"),
            Err(why) => assert!(why.contains(crate::archive::sync::CANCELLED), "{why}"),
        }
        drop(held);
    }
}
