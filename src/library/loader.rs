//! Loading many briefings on background threads, for the library while the interface keeps
//! drawing and for `brief list`.
//!
//! A coordinator thread scans the sources, handing each file as it is found to a pool of
//! workers (one per core) that load, validate and index them, sending results in batches;
//! when the scan ends it reports how many files there are. Nothing here touches the terminal:
//! the caller drains [`Loader::try_recv`] or waits for everything with [`Loader::wait_all`].

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::index::{Entry, index};
use super::source::{Origin, Scanned, Sources};
use crate::briefing;

/// A briefing that could not be loaded: where it is and each problem, already written as
/// sanitised `path:line:col: message` lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub origin: Origin,
    pub lines: Vec<String>,
}

/// What the loader reports.
#[derive(Debug)]
pub enum Msg {
    /// The scan is done: this many files will follow.
    Scanned(usize),
    Loaded(Box<Entry>),
    Failed(Failure),
    /// Every file has been reported.
    Done,
}

/// Most reports a worker gathers before sending them, and the longest it holds them: sending
/// in batches saves a wake-up of the receiving thread per file.
const BATCH: usize = 64;
const BATCH_AGE: Duration = Duration::from_millis(15);
/// Most files a loading thread takes from the queue at once.
const TAKE: usize = 8;

/// A running load; dropping it lets the threads finish quietly.
pub struct Loader {
    rx: Receiver<Vec<Msg>>,
    /// Reports received in a batch and not yet taken.
    pending: std::collections::VecDeque<Msg>,
}

impl Loader {
    /// Starts loading `sources` on background threads.
    pub fn start(sources: Sources, max_size: u64) -> Self {
        let (tx, rx) = channel();
        std::thread::Builder::new()
            .name("loader".into())
            .spawn(move || run(sources, max_size, &tx))
            .expect("a thread can be started");
        Self {
            rx,
            pending: std::collections::VecDeque::new(),
        }
    }

    /// The next report, if one is ready.
    pub fn try_recv(&mut self) -> Option<Msg> {
        if self.pending.is_empty() {
            self.pending.extend(self.rx.try_recv().ok()?);
        }
        self.pending.pop_front()
    }

    /// The next report, waiting at most until `deadline`.
    pub fn recv_until(&mut self, deadline: Instant) -> Option<Msg> {
        if self.pending.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            self.pending.extend(self.rx.recv_timeout(left).ok()?);
        }
        self.pending.pop_front()
    }

    /// Every report until the end, in the order they come.
    pub fn wait_all(self) -> impl Iterator<Item = Msg> {
        self.pending
            .into_iter()
            .chain(self.rx.into_iter().flatten())
    }
}

/// How many loading threads to use.
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 8))
}

/// The name of the loading threads, so that a panic on one can be told apart (see
/// [`crate::app::run`]).
pub const WORKER: &str = "brief-loader";

/// Loads one briefing like [`load_one`], turning a panic (a bug in brief, whatever the file
/// holds) into a failure of that file alone: the other files still load.
fn load_guarded(origin: &Origin, max_size: u64) -> Result<Entry, Failure> {
    guarded(origin, || load_one(origin.clone(), max_size))
}

/// Runs `load`, making a panic in it a failure of `origin`.
fn guarded(
    origin: &Origin,
    load: impl FnOnce() -> Result<Entry, Failure>,
) -> Result<Entry, Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(load)).unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let name = briefing::sanitize::quoted(&origin.name()).into_owned();
        let why = briefing::sanitize::quoted(&why).into_owned();
        Err(Failure {
            origin: origin.clone(),
            lines: vec![format!(
                "{name}: error: brief failed while loading this file, which is a bug in brief \
                 ({why}); the other files are not affected"
            )],
        })
    })
}

/// Loads one briefing and indexes it, or describes why it failed.
pub fn load_one(origin: Origin, max_size: u64) -> Result<Entry, Failure> {
    // Fault injection for the test that a panic while loading stays with its file; debug
    // builds only.
    if cfg!(debug_assertions)
        && std::env::var_os("BRIEF_TEST_PANIC").is_some_and(|v| v == "loader")
        && origin.name().contains("panic")
    {
        panic!("BRIEF_TEST_PANIC: a deliberate panic while loading");
    }
    let failure = |origin: Origin, text: &str, diagnostics: &[briefing::Diagnostic]| {
        let name = origin.name();
        let lines = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.one_line(&name, text))
            .collect();
        Err(Failure { origin, lines })
    };
    let text = match origin.text(max_size) {
        Ok(text) => text,
        Err(failed) => return failure(origin, &failed.text, &failed.diagnostics),
    };
    // The briefing borrows from the parsed file: only what the index keeps is copied.
    briefing::parse_then(&text, |b, diagnostics| match b {
        Some(b) => {
            let warnings = diagnostics.iter().filter(|d| !d.is_error()).count();
            let mut entry = index(origin, b, warnings);
            entry.fingerprint = crate::text::fingerprint(&text);
            Ok(entry)
        }
        None => failure(origin, &text, &diagnostics),
    })
}

/// Scans and loads: the workers start first and take files as the scan finds them, so a big
/// tree's walk overlaps its loading.
fn run(sources: Sources, max_size: u64, tx: &Sender<Vec<Msg>>) {
    let (queue_tx, queue_rx) = channel::<Origin>();
    let queue = Arc::new(Mutex::new(queue_rx));
    let handles: Vec<_> = (0..workers())
        .filter_map(|_| {
            let (queue, tx) = (Arc::clone(&queue), tx.clone());
            std::thread::Builder::new()
                .name(WORKER.into())
                .spawn(move || work(&queue, max_size, &tx))
                .ok()
        })
        .collect();
    let mut count = 0;
    // Nobody wants the rest once the results channel closes (the workers then stop, dropping
    // their hold on the queue): stop scanning.
    let workers_left = |queue: &Arc<_>| handles.is_empty() || Arc::strong_count(queue) > 1;
    let found = |found: Scanned| match found {
        Scanned::Briefing(origin) => {
            count += 1;
            queue_tx.send(origin).is_ok() && workers_left(&queue)
        }
        Scanned::Problem(p, why) => {
            let name = briefing::sanitize::quoted(&p.display().to_string()).into_owned();
            let failure = Failure {
                origin: Origin::File(p),
                lines: vec![format!("{name}: error: {why}")],
            };
            tx.send(vec![Msg::Failed(failure)]).is_ok()
        }
    };
    sources.scan_each(found);
    // No more files: the workers finish the queue and stop.
    drop(queue_tx);
    if tx.send(vec![Msg::Scanned(count)]).is_err() {
        return;
    }
    // Should no thread start, this one does the work: files are never silently skipped.
    if handles.is_empty() {
        work(&queue, max_size, tx);
    }
    for h in handles {
        let _ = h.join();
    }
    let _ = tx.send(vec![Msg::Done]);
}

/// One loading thread: takes the next file until the queue is closed and empty, sending
/// results in batches.
fn work(queue: &Mutex<Receiver<Origin>>, max_size: u64, tx: &Sender<Vec<Msg>>) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut since = Instant::now();
    // The lock is held only while taking files, never while loading one; a few are taken at
    // once so the threads do not hand the lock back and forth for every file.
    let mut taken = std::collections::VecDeque::with_capacity(TAKE);
    let mut next = || {
        if taken.is_empty() {
            let queue = queue.lock().ok()?;
            taken.push_back(queue.recv().ok()?);
            taken.extend(queue.try_iter().take(TAKE - 1));
        }
        taken.pop_front()
    };
    while let Some(origin) = next() {
        batch.push(match load_guarded(&origin, max_size) {
            Ok(entry) => Msg::Loaded(Box::new(entry)),
            Err(failure) => Msg::Failed(failure),
        });
        if batch.len() >= BATCH || since.elapsed() >= BATCH_AGE {
            if tx.send(std::mem::take(&mut batch)).is_err() {
                return;
            }
            since = Instant::now();
        }
    }
    let _ = tx.send(batch);
}

/// Waits up to `budget` for a load of a single file to finish, for callers that open one
/// briefing straight in the reader. Stops early once the scan has found more than one file.
/// Returns what arrived and whether the load is complete.
pub fn collect_quickly(loader: &mut Loader, budget: Duration) -> (Vec<Msg>, bool) {
    let deadline = Instant::now() + budget;
    let mut got = Vec::new();
    while let Some(msg) = loader.recv_until(deadline) {
        let (done, many) = (
            matches!(msg, Msg::Done),
            matches!(msg, Msg::Scanned(n) if n > 1),
        );
        got.push(msg);
        if done {
            return (got, true);
        }
        if many {
            break;
        }
    }
    (got, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled;
    use crate::library::scan::Symlinks;

    #[test]
    fn a_panic_while_loading_is_that_files_failure() {
        let origin = Origin::File("dir/odd\u{1b}]0;x\u{7}.toml".into());
        let failure = guarded(&origin, || panic!("index out of range \u{1b}[2J")).unwrap_err();
        assert_eq!(failure.origin, origin);
        let [line] = failure.lines.as_slice() else {
            panic!("{failure:?}")
        };
        assert!(line.starts_with("dir/odd"), "{line}");
        assert!(line.contains("a bug in brief"), "{line}");
        assert!(line.contains("index out of range"), "{line}");
        assert!(
            !line.contains('\u{1b}') && !line.contains('\u{7}'),
            "{line}"
        );
    }

    #[test]
    fn loads_a_folder_reporting_failures_and_finishing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("good.toml"), bundled::BRIEFINGS[0].1).unwrap();
        std::fs::write(
            dir.path().join("bad.toml"),
            "format = 1\n[briefing]\ntitle = 3\n",
        )
        .unwrap();
        let loader = Loader::start(
            Sources::Paths(vec![dir.path().to_path_buf()], Symlinks::Inside),
            1 << 20,
        );
        let msgs: Vec<Msg> = loader.wait_all().collect();
        assert!(msgs.iter().any(|m| matches!(m, Msg::Scanned(2))));
        assert!(matches!(msgs.last(), Some(Msg::Done)));
        let loaded = msgs.iter().filter(|m| matches!(m, Msg::Loaded(_))).count();
        let failed: Vec<&Failure> = msgs
            .iter()
            .filter_map(|m| match m {
                Msg::Failed(f) => Some(f),
                _ => None,
            })
            .collect();
        assert_eq!(loaded, 1);
        assert_eq!(failed.len(), 1);
        assert!(
            failed[0]
                .lines
                .iter()
                .any(|l| l.contains("bad.toml:3:9: error: `title` must be a string")),
            "{:?}",
            failed[0]
        );
        assert!(failed[0].lines.iter().all(|l| !l.contains('\n')));
    }
}
