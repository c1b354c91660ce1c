//! Bringing the index up to date with the files found: a file whose size and modified time
//! are as the index knows them is not read; one that changed is read, and re-parsed only if
//! its text changed; files gone are dropped. Reading and parsing run on the loading threads;
//! this thread is the one writer, committing in batches, each file's rows together.

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::UNIX_EPOCH;

use super::known::KnownFiles;
use super::row::Row;
use super::schema::FULL_TEXT;
use super::{Archive, Change, Known};
use crate::briefing;
use crate::library::source::Origin;
use crate::memory::Fingerprint;

/// A path as the bytes the system gave.
fn bytes(path: &Path) -> &[u8] {
    path.as_os_str().as_bytes()
}

/// How many files' changes are committed together.
const BATCH: usize = 2_048;
/// How many files read and parsed may wait for the writer.
const QUEUE: usize = 1_024;
/// From this many files to read, the filters' index is dropped and made again at the end.
const REMAKE_FILTERS: usize = 5_000;
/// The bytes of terms the full-text index gathers before writing a segment (SQLite's default
/// is 1 MiB).
const FTS_HASH: i64 = 8 << 20;
/// After reading this many files, the full-text index is merged into one segment.
const OPTIMIZE_AFTER: usize = 1_000;

/// What a sync did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Synced {
    /// Read and indexed (new or changed).
    pub read: usize,
    /// Modified time changed, text the same: not parsed again.
    pub touched: usize,
    /// Not read at all.
    pub unchanged: usize,
    /// Gone, and dropped from the index.
    pub dropped: usize,
}

/// A file's size and modified time (nanoseconds since the epoch), or `None` when it cannot
/// be looked at (gone since the walk: the next walk drops it).
fn stat(path: &Path) -> Option<(u64, i64)> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
    Some((meta.len(), mtime))
}

/// [`stat`] of every file of `files`, in order, each looked up in its folder rather than
/// from the root: files a walk found come folder by folder, and a `stat` by name in an open
/// folder costs half of one by whole path (on this machine, 1.2 µs against 2.2 µs, which for
/// 100,000 files is most of a reopening).
fn stat_all(files: &[PathBuf]) -> Vec<Option<(u64, i64)>> {
    use rustix::fs::{AtFlags, Mode, OFlags};
    let mut folder: Option<(&Path, Option<rustix::fd::OwnedFd>)> = None;
    files
        .iter()
        .map(|path| {
            let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
                return stat(path);
            };
            if folder.as_ref().is_none_or(|(p, _)| *p != parent) {
                let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
                folder = Some((parent, rustix::fs::open(parent, flags, Mode::empty()).ok()));
            }
            let Some((_, Some(fd))) = &folder else {
                return stat(path);
            };
            let st = rustix::fs::statat(fd, name, AtFlags::empty()).ok()?;
            let mtime = match u64::try_from(st.st_mtime) {
                Ok(secs) => {
                    i64::try_from(u128::from(secs) * 1_000_000_000 + st.st_mtime_nsec as u128)
                        .unwrap_or(i64::MAX)
                }
                Err(_) => 0,
            };
            Some((st.st_size.try_into().unwrap_or(0), mtime))
        })
        .collect()
}

/// The error lines of `outcome`, each without the file's name (see [`Row::problems`]).
fn problems(outcome: &briefing::Outcome) -> String {
    let unnamed = briefing::sanitize::quoted("").into_owned();
    let mut out = String::new();
    for d in outcome.errors() {
        let line = d.one_line("", &outcome.text);
        out.push_str(line.strip_prefix(unnamed.as_str()).unwrap_or(&line));
        out.push('\n');
    }
    out
}

/// The problems of a file as `brief` reports them: each line with `name` in front.
pub fn named(problems: &str, name: &str) -> Vec<String> {
    let name = briefing::sanitize::quoted(name);
    problems.lines().map(|l| format!("{name}{l}")).collect()
}

/// Reads and parses `origin` (at most `max_size` bytes) into the change of its row under
/// `key`; `known` is what the index holds of it. A panic (a bug in brief) is that file's
/// problem alone.
fn read(
    origin: &Origin,
    key: &Path,
    (size, mtime): (u64, i64),
    known: Option<Known>,
    max_size: u64,
) -> Change {
    let put = |hash, row| Change::Put {
        path: key.to_path_buf(),
        size,
        mtime,
        hash,
        row,
    };
    // Fault injection for the test that a panic while loading stays with its file; debug
    // builds only.
    let inject = cfg!(debug_assertions)
        && std::env::var_os("BRIEF_TEST_PANIC").is_some_and(|v| v == "loader")
        && origin.name().contains("panic");
    let load = || match origin.text(max_size) {
        _ if inject => panic!("BRIEF_TEST_PANIC: a deliberate panic while loading"),
        Err(failed) => put(
            Fingerprint::default(),
            Some(Box::new(Row::failed(problems(&failed)))),
        ),
        Ok(text) => {
            let hash = crate::text::fingerprint(&text);
            if known.is_some_and(|k| k.hash == hash && !k.failed) {
                return put(hash, None);
            }
            let outcome = briefing::parse(text.into_owned());
            let row = match &outcome.briefing {
                Some(b) => Row::of(b, outcome.warnings().count(), || origin.stem()),
                None => Row::failed(problems(&outcome)),
            };
            put(hash, Some(Box::new(row)))
        }
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(load)).unwrap_or_else(|_| {
        let why = ": error: brief failed while loading this file, which is a bug in brief; \
                   the other files are not affected\n";
        put(
            Fingerprint::default(),
            Some(Box::new(Row::failed(why.into()))),
        )
    })
}

impl Archive {
    /// Puts a briefing that is not a file (standard input, a built-in one) in the index under
    /// its name; for an index in memory.
    pub fn put_origin(&mut self, origin: &Origin, max_size: u64) -> rusqlite::Result<()> {
        let key = PathBuf::from(origin.name());
        let change = read(origin, &key, (0, 0), None, max_size);
        self.write([change])
    }
}

/// How many loading threads to use.
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 8))
}

/// A loading thread, named so that a panic on it is told apart from one on the interface's
/// (see [`super::WORKER`]).
fn worker() -> std::thread::Builder {
    std::thread::Builder::new().name(super::WORKER.into())
}

/// Brings `archive` up to date with `files` (what a walk of `roots` found: absolute paths),
/// reading files of at most `max_size` bytes; files the index holds under `roots` that the
/// walk did not find are dropped, and those elsewhere (another archive's) kept. `progress`
/// hears `(done, to_read)` after each batch, and answers whether to go on: false stops the
/// sync after the batches written so far (each whole, so the index stays consistent and the
/// next sync does the rest), with the error [`cancelled`].
pub fn sync(
    archive: &mut Archive,
    roots: &[PathBuf],
    files: &[PathBuf],
    max_size: u64,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> rusqlite::Result<Synced> {
    let known = archive.known()?;
    let looking = Looking::default();
    let (files, stats) = std::thread::scope(|scope| {
        let mut looker = Looker::start(scope, &looking);
        for file in files {
            looker.push(file.clone());
        }
        looker.finish()
    });
    sync_known(archive, known, roots, &files, &stats, max_size, progress)
}

/// Files looked at as a walk finds them, on loading threads of their own: a reopening of a
/// big archive is mostly the walk and the `stat` of every file, and this way they share the
/// machine's cores with the reading of what the index knows rather than taking turns.
pub struct Looker<'scope> {
    batch: Vec<PathBuf>,
    shared: &'scope Looking,
    threads: Vec<std::thread::ScopedJoinHandle<'scope, ()>>,
}

/// What the looking threads share: batches to look at, each with its place, and what was
/// looked at, in place.
#[derive(Default)]
pub struct Looking {
    state: std::sync::Mutex<LookingState>,
    ready: std::sync::Condvar,
}

/// Files, in the order found, each with its [`stat`].
type Looked = (Vec<PathBuf>, Vec<Option<(u64, i64)>>);

#[derive(Default)]
struct LookingState {
    waiting: Vec<(usize, Vec<PathBuf>)>,
    looked: Vec<Option<Looked>>,
    done: bool,
}

impl Looking {
    /// Looks at batches until there are no more.
    fn work(&self) {
        loop {
            let (n, batch) = {
                let Ok(mut state) = self.state.lock() else {
                    return;
                };
                loop {
                    if let Some(next) = state.waiting.pop() {
                        break next;
                    }
                    if state.done {
                        return;
                    }
                    state = match self.ready.wait(state) {
                        Ok(state) => state,
                        Err(_) => return,
                    };
                }
            };
            let stats = stat_all(&batch);
            if let Ok(mut state) = self.state.lock() {
                state.looked[n] = Some((batch, stats));
            }
        }
    }
}

impl<'scope> Looker<'scope> {
    const BATCH: usize = 1_024;

    /// Starts the looking threads, which share `shared`.
    pub fn start<'env>(
        scope: &'scope std::thread::Scope<'scope, 'env>,
        shared: &'scope Looking,
    ) -> Self {
        let threads = (0..workers())
            .filter_map(|_| worker().spawn_scoped(scope, || shared.work()).ok())
            .collect();
        Looker {
            batch: Vec::with_capacity(Self::BATCH),
            shared,
            threads,
        }
    }

    /// Hands over a file found.
    pub fn push(&mut self, file: PathBuf) {
        self.batch.push(file);
        if self.batch.len() >= Self::BATCH {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(Self::BATCH));
        if let Ok(mut state) = self.shared.state.lock() {
            let n = state.looked.len();
            state.looked.push(None);
            if self.threads.is_empty() {
                let stats = stat_all(&batch);
                state.looked[n] = Some((batch, stats));
            } else {
                state.waiting.insert(0, (n, batch));
                self.shared.ready.notify_one();
            }
        }
    }

    /// Every file handed over, in order, each with its `stat`.
    pub fn finish(mut self) -> Looked {
        self.flush();
        if let Ok(mut state) = self.shared.state.lock() {
            state.done = true;
        }
        self.shared.ready.notify_all();
        for thread in self.threads.drain(..) {
            // A thread that failed leaves its files unlooked-at: the next walk takes them.
            let _ = thread.join();
        }
        let looked = match self.shared.state.lock() {
            Ok(mut state) => std::mem::take(&mut state.looked),
            Err(_) => Vec::new(),
        };
        let mut out = (Vec::new(), Vec::new());
        for (files, stats) in looked.into_iter().flatten() {
            out.0.extend(files);
            out.1.extend(stats);
        }
        out
    }
}

/// [`sync`], given what the index knows ([`Archive::known`]), read while the walk went on,
/// and each file's `stat` (`stats`, in the order of `files`), taken as the walk found it.
pub fn sync_known(
    archive: &mut Archive,
    known: KnownFiles,
    roots: &[PathBuf],
    files: &[PathBuf],
    stats: &[Option<(u64, i64)>],
    max_size: u64,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> rusqlite::Result<Synced> {
    let mut synced = Synced::default();
    // The walk's files in the order of their paths, merged with what the index knows (in the
    // same order): a file both hold is compared, one only the walk found is new, and one
    // only the index holds, under the folders walked, is gone.
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_unstable_by(|&a, &b| bytes(&files[a]).cmp(bytes(&files[b])));
    let walked = |path: &[u8]| {
        let path = Path::new(std::ffi::OsStr::from_bytes(path));
        roots.iter().any(|r| path.starts_with(r))
    };
    let mut changes = Vec::new();
    let mut to_read = Vec::new();
    let mut held = known.iter().peekable();
    let mut last: Option<&[u8]> = None;
    for i in order {
        let path = bytes(&files[i]);
        if last == Some(path) {
            continue;
        }
        last = Some(path);
        let mut k = None;
        while let Some(&(at, was)) = held.peek() {
            match at.cmp(path) {
                std::cmp::Ordering::Less if walked(at) => changes.push(Change::Drop(was.rowid)),
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => k = Some(was),
                std::cmp::Ordering::Greater => break,
            }
            held.next();
        }
        let Some(&Some((size, mtime))) = stats.get(i) else {
            continue;
        };
        if k.is_some_and(|k| k.size == size && k.mtime == mtime && !k.failed) {
            synced.unchanged += 1;
        } else {
            to_read.push((&files[i], size, mtime, k));
        }
    }
    changes.extend(
        held.filter(|(at, _)| walked(at))
            .map(|(_, was)| Change::Drop(was.rowid)),
    );
    synced.dropped = changes.len();
    let total = to_read.len();
    // Said at once: a library waiting to see whether it holds one briefing stops waiting.
    if total > 0 && !progress(0, total) {
        return Err(cancelled());
    }
    // Many files to read: the filters' index is made again at the end rather than kept up to
    // date file by file (a search meanwhile counts without it).
    if total >= REMAKE_FILTERS {
        archive
            .conn
            .execute_batch("DROP INDEX IF EXISTS by_filter")?;
        // The full-text index gathers terms in memory up to this size before it writes them
        // as a segment: fewer segments to merge (7–10% less work building 100,000).
        for table in FULL_TEXT {
            archive.conn.execute(
                &format!("INSERT INTO {table} ({table}, rank) VALUES ('hashsize', ?1)"),
                [FTS_HASH],
            )?;
        }
    }
    merging(archive, total >= REMAKE_FILTERS)?;
    let next = AtomicUsize::new(0);
    // The loading threads are ahead of the one writer: a short queue keeps memory flat (a
    // queue of two batches held some 40 MB of rows at once building 100,000) and lends the
    // writer the core of a loading thread that waits.
    let (tx, rx) = mpsc::sync_channel::<Change>(QUEUE);
    let mut result = Ok(());
    std::thread::scope(|scope| {
        let mut started = 0;
        for _ in 0..workers() {
            let tx = tx.clone();
            let (next, to_read) = (&next, &to_read);
            started += usize::from(
                worker()
                    .spawn_scoped(scope, move || {
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(&(path, size, mtime, k)) = to_read.get(i) else {
                                break;
                            };
                            let origin = Origin::File(path.clone());
                            let change = read(&origin, path, (size, mtime), k, max_size);
                            if tx.send(change).is_err() {
                                break;
                            }
                        }
                    })
                    .is_ok(),
            );
        }
        drop(tx);
        if started == 0 && !to_read.is_empty() {
            result = Err(rusqlite::Error::ToSqlConversionFailure(
                "no thread could be started to read the files".into(),
            ));
            return;
        }
        // Written as they come, a batch to a transaction (the files gone first): no batch of
        // rows is held beside the queue.
        let mut done = 0;
        let mut gone = std::mem::take(&mut changes);
        loop {
            let mut taken = 0;
            let batch = gone
                .drain(..)
                .chain(rx.iter().take(BATCH).inspect(|change| {
                    taken += 1;
                    match change {
                        Change::Put { row: None, .. } => synced.touched += 1,
                        _ => synced.read += 1,
                    }
                }));
            if let Err(e) = archive.write(batch) {
                result = Err(e);
                // Stop the readers: nothing more can be written.
                next.store(usize::MAX / 2, Ordering::Relaxed);
                break;
            }
            if taken < BATCH {
                break;
            }
            done += taken;
            if !progress(done.min(total), total) {
                result = Err(cancelled());
                next.store(usize::MAX / 2, Ordering::Relaxed);
                break;
            }
        }
    });
    result?;
    if synced.read >= OPTIMIZE_AFTER {
        // A big build leaves the full-text index in many segments: merged into one, every
        // search after it reads fewer.
        for table in FULL_TEXT {
            (archive.conn).execute(
                &format!("INSERT INTO {table} ({table}) VALUES ('optimize')"),
                [],
            )?;
        }
    }
    archive.conn.execute_batch(super::schema::FILTERS)?;
    merging(archive, false)?;
    synced.dropped += sweep(archive, roots)?;
    progress(total, total);
    Ok(synced)
}

/// What a sync stopped by its `progress` ends with.
pub fn cancelled() -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(CANCELLED.into())
}

/// Why a sync stopped by its `progress` ended.
pub const CANCELLED: &str = "stopped: a newer sync took over";

/// How many segments of one level the full-text index merges at once during a big sync.
const CRISIS_MERGE: i64 = 1_000;

/// Whether the full-text index merges its segments as files are written (SQLite's
/// `automerge` and `crisismerge`, by default 4 and 16) or leaves them all for one merge at the
/// end of a big sync (the `optimize` there): merging as it went was a tenth of a first build
/// of 100,000. Set back at the end of a big sync, and by the next sync that writes anything
/// should one have been cut short.
fn merging(archive: &mut Archive, deferred: bool) -> rusqlite::Result<()> {
    let automerge: i64 = (archive.conn)
        .query_row("SELECT v FROM body_config WHERE k = 'automerge'", [], |r| {
            r.get(0)
        })
        .unwrap_or(4);
    if (automerge == 0) == deferred {
        return Ok(());
    }
    // FTS5 holds at most 2,000 segments in all and says "database or disk is full" past them:
    // 1,999 on one level (as this was) left no room for the others, and several `brief`s
    // building one index at once, each commit a segment, met that limit. Merged at 1,000.
    let (automerge, crisismerge) = if deferred { (0, CRISIS_MERGE) } else { (4, 16) };
    let tx = archive.conn.transaction()?;
    for table in FULL_TEXT {
        tx.execute_batch(&format!(
            "INSERT INTO {table} ({table}, rank) VALUES ('automerge', {automerge});
             INSERT INTO {table} ({table}, rank) VALUES ('crisismerge', {crisismerge});"
        ))?;
    }
    tx.commit()
}

/// How many files outside the walked folders each sync looks at.
const SWEEP: i64 = 64;

/// Files the index holds from folders not walked this time (another archive's, or a folder
/// since deleted, or a temporary one) are looked at a few per run, in turn, and dropped when
/// they are gone: the index does not grow forever, and a run pays for a few `stat`s only.
/// Returns how many were dropped.
fn sweep(archive: &mut Archive, roots: &[PathBuf]) -> rusqlite::Result<usize> {
    let next: i64 = archive
        .conn
        .query_row("SELECT next FROM sweep WHERE rowid = 1", [], |r| r.get(0))
        .unwrap_or(0);
    let rows: Vec<(i64, PathBuf)> = {
        let mut stmt = archive
            .conn
            .prepare("SELECT rowid, path FROM file WHERE rowid >= ?1 ORDER BY rowid LIMIT ?2")?;
        let rows = stmt.query_map([next, SWEEP], |r| {
            let path: Vec<u8> = r.get(1)?;
            Ok((r.get(0)?, PathBuf::from(std::ffi::OsStr::from_bytes(&path))))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let gone: Vec<Change> = rows
        .iter()
        .filter(|(_, path)| !roots.iter().any(|r| path.starts_with(r)))
        .filter(|(_, path)| std::fs::symlink_metadata(path).is_err())
        .map(|(rowid, _)| Change::Drop(*rowid))
        .collect();
    let dropped = gone.len();
    archive.write(gone)?;
    // From the start again once the end is reached.
    let next = if rows.len() < SWEEP as usize {
        0
    } else {
        rows.last().map_or(0, |(rowid, _)| rowid + 1)
    };
    archive.conn.execute(
        "INSERT INTO sweep (rowid, next) VALUES (1, ?1)
         ON CONFLICT (rowid) DO UPDATE SET next = excluded.next",
        [next],
    )?;
    Ok(dropped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::plan::compile;
    use crate::archive::scope::Scope;
    use crate::archive::search::Order;

    const BRIEFING: &str =
        include_str!("../../briefings/2022-09-12-armenia-azerbaijan-border.toml");

    #[test]
    fn a_look_by_name_in_its_folder_is_a_look_by_whole_path() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("1.toml"), "one").unwrap();
        std::fs::write(b.join("2.toml"), "two, longer").unwrap();
        std::os::unix::fs::symlink(a.join("1.toml"), b.join("link.toml")).unwrap();
        // Folders taken in turn and back again, a link, a file gone, a folder gone.
        let files = [
            a.join("1.toml"),
            b.join("2.toml"),
            a.join("1.toml"),
            b.join("link.toml"),
            b.join("gone.toml"),
            dir.path().join("gone/x.toml"),
        ];
        let by_path: Vec<_> = files.iter().map(|f| stat(f)).collect();
        assert_eq!(stat_all(&files), by_path);
        assert_eq!(
            by_path[3].map(|(size, _)| size),
            Some(3),
            "the link is followed"
        );
        assert_eq!(by_path[4..], [None, None]);
    }

    #[test]
    fn the_looker_gives_back_every_file_in_the_order_handed_over() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = (0..2_500)
            .map(|i| {
                let path = dir.path().join(format!("{:02}/{i}.toml", i % 7));
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, "x".repeat(i)).unwrap();
                path
            })
            .collect();
        let looking = Looking::default();
        let looked = std::thread::scope(|scope| {
            let mut looker = Looker::start(scope, &looking);
            for f in &files {
                looker.push(f.clone());
            }
            looker.finish()
        });
        assert_eq!(looked.0, files);
        let sizes: Vec<Option<u64>> = looked.1.iter().map(|s| s.map(|(size, _)| size)).collect();
        assert_eq!(
            sizes,
            (0..2_500).map(|i| Some(i as u64)).collect::<Vec<_>>()
        );
    }

    fn titles(archive: &Archive, query: &str) -> Vec<String> {
        let (_, plan) = compile(query, false).unwrap();
        let page = archive
            .search(&plan, Order::Date, 0, 100, &Scope::everything())
            .unwrap();
        page.rows.into_iter().filter_map(|r| r.title).collect()
    }

    fn with_title(title: &str, extra: &str) -> String {
        BRIEFING
            .replacen("id = \"2022-09-12-armenia-azerbaijan-border\"", "", 1)
            .replacen("title = \"", &format!("title = \"{title} · "), 1)
            + extra
    }

    /// Syncs `archive` with everything in the folder `dir` (walked as the one root).
    fn walk(archive: &mut Archive, dir: &Path) -> Synced {
        let roots = [dir.to_path_buf()];
        sync(archive, &roots, &files(dir), 1 << 22, &mut |_, _| true).unwrap()
    }

    /// The briefing files in the folder `dir`, as a walk finds them.
    fn files(dir: &Path) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn only_what_changed_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.toml"), dir.path().join("b.toml"));
        std::fs::write(&a, with_title("Şuşa", "")).unwrap();
        std::fs::write(&b, with_title("Ølvå", "")).unwrap();
        let mut archive = Archive::in_memory();
        let first = walk(&mut archive, dir.path());
        assert_eq!((first.read, first.unchanged), (2, 0));
        // Diacritics and case folded: `susa` finds Şuşa, `OLVA` finds Ølvå.
        assert_eq!(titles(&archive, "susa").len(), 1);
        assert!(titles(&archive, "OLVA")[0].starts_with("Ølvå"));
        // Nothing changed: nothing read.
        let again = walk(&mut archive, dir.path());
        assert_eq!((again.read, again.unchanged), (0, 2));
        // Touched without a change: read, not parsed; changed: indexed again.
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&a)
            .unwrap()
            .set_modified(later)
            .unwrap();
        std::fs::write(&b, with_title("Kəlbəcər", "")).unwrap();
        let next = walk(&mut archive, dir.path());
        assert_eq!((next.read, next.touched, next.unchanged), (1, 1, 0));
        assert!(titles(&archive, "olva").is_empty());
        assert_eq!(titles(&archive, "kelbecer").len(), 1);
        // Renamed: the old path dropped, the new one read; deleted: dropped.
        let c = dir.path().join("c.toml");
        std::fs::rename(&b, &c).unwrap();
        std::fs::remove_file(&a).unwrap();
        let last = walk(&mut archive, dir.path());
        assert_eq!((last.read, last.dropped), (1, 2));
        assert_eq!(archive.len().unwrap(), 1);
        assert!(titles(&archive, "susa").is_empty());
    }

    #[test]
    fn files_of_folders_never_walked_again_are_swept_when_gone() {
        let dir = tempfile::tempdir().unwrap();
        let mut archive = Archive::in_memory();
        // A hundred files in a folder walked once, then deleted.
        let old = dir.path().join("old");
        std::fs::create_dir(&old).unwrap();
        for i in 0..100 {
            std::fs::write(old.join(format!("{i}.toml")), BRIEFING).unwrap();
        }
        walk(&mut archive, &old);
        let kept = dir.path().join("kept");
        std::fs::create_dir(&kept).unwrap();
        std::fs::write(kept.join("k.toml"), BRIEFING).unwrap();
        let other = dir.path().join("other");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("o.toml"), BRIEFING).unwrap();
        walk(&mut archive, &other);
        std::fs::remove_dir_all(&old).unwrap();
        // Walking `kept` alone, run after run: the gone files go, a few per run; the files
        // of `other`, still there, stay.
        let mut runs = 0;
        while archive.len().unwrap() > 2 {
            runs += 1;
            assert!(runs < 10, "never swept");
            walk(&mut archive, &kept);
        }
        assert!(runs > 1, "a few per run, not all at once");
        let known = archive.known().unwrap();
        assert!(known.get(&other.join("o.toml")).is_some());
        assert!(known.get(&kept.join("k.toml")).is_some());
    }

    /// FTS5 holds at most 2,000 segments; each commit of a big sync adds one, merged only in a
    /// crisis: thousands of commits (several `brief`s building one index at once) must never
    /// reach the limit ("database or disk is full", which four `brief list` on a cold archive
    /// of 5,000 met).
    #[test]
    fn a_big_sync_of_many_commits_never_runs_out_of_segments() {
        let mut archive = Archive::in_memory();
        merging(&mut archive, true).unwrap();
        for rowid in 1..=4_500_i64 {
            let tx = archive.conn.transaction().unwrap();
            tx.execute(
                "INSERT INTO body (rowid, title, summary, parties, reactions, background, sources)
                 VALUES (?1, 'a', 'b', 'c', 'd', 'e', 'f')",
                [rowid],
            )
            .unwrap_or_else(|e| panic!("commit {rowid}: {e}"));
            tx.commit().unwrap();
        }
    }

    #[test]
    fn a_sync_its_progress_stops_writes_nothing_more_and_the_next_does_it_all() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), with_title("Şuşa", "")).unwrap();
        std::fs::write(dir.path().join("b.toml"), with_title("Ølvå", "")).unwrap();
        let mut archive = Archive::in_memory();
        let roots = [dir.path().to_path_buf()];
        let mut heard = Vec::new();
        let stopped = sync(
            &mut archive,
            &roots,
            &files(dir.path()),
            1 << 22,
            &mut |d, n| {
                heard.push((d, n));
                false
            },
        );
        let why = stopped.unwrap_err().to_string();
        assert!(why.contains(CANCELLED), "{why}");
        assert_eq!(heard, [(0, 2)], "asked once, before anything is read");
        assert_eq!(archive.len().unwrap(), 0);
        let next = walk(&mut archive, dir.path());
        assert_eq!(next.read, 2);
        assert_eq!(titles(&archive, "susa").len(), 1);
    }

    #[test]
    fn merging_left_off_by_a_big_sync_cut_short_is_set_back_by_the_next() {
        use rusqlite::OptionalExtension;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), BRIEFING).unwrap();
        let mut archive = Archive::in_memory();
        let config = |archive: &Archive, key: &str| -> Option<i64> {
            archive
                .conn
                .query_row("SELECT v FROM body_config WHERE k = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()
                .unwrap()
        };
        merging(&mut archive, true).unwrap();
        assert_eq!(config(&archive, "automerge"), Some(0));
        assert_eq!(config(&archive, "crisismerge"), Some(CRISIS_MERGE));
        // The big sync stopped there; the next, small, merges as it goes.
        walk(&mut archive, dir.path());
        assert_eq!(config(&archive, "automerge"), Some(4));
        assert_eq!(config(&archive, "crisismerge"), Some(16));
        assert_eq!(titles(&archive, "ceasefire").len(), 1);
    }

    #[test]
    fn counts_agree_with_the_rows_whatever_the_plan() {
        let dir = tempfile::tempdir().unwrap();
        for (i, title) in ["Şuşa", "Ağdam", "Ереван"].iter().enumerate() {
            std::fs::write(dir.path().join(format!("{i}.toml")), with_title(title, "")).unwrap();
        }
        let mut archive = Archive::in_memory();
        walk(&mut archive, dir.path());
        for (query, n) in [
            ("", 3),
            ("ceasefire", 3),
            ("susa", 1),
            ("tag:armenia", 3),
            ("susa tag:armenia", 1),
            ("-susa tag:armenia", 2),
            ("susa OR agdam", 2),
            ("tag:nothing", 0),
        ] {
            let (_, plan) = compile(query, false).unwrap();
            let page = archive
                .search(&plan, Order::Title, 0, 10, &Scope::everything())
                .unwrap();
            assert_eq!((page.total, page.rows.len()), (n, n), "{query}");
        }
    }

    #[test]
    fn a_broken_file_keeps_its_problems_and_is_not_listed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.toml"), "format = 1\ntitle = ").unwrap();
        std::fs::write(dir.path().join("good.toml"), BRIEFING).unwrap();
        let mut archive = Archive::in_memory();
        walk(&mut archive, dir.path());
        assert_eq!(titles(&archive, "").len(), 1);
        let problems = archive.problems().unwrap();
        assert_eq!(problems.len(), 1);
        let lines = named(&problems[0].1, "bad.toml");
        assert!(lines[0].starts_with("bad.toml:2:"), "{lines:?}");
    }

    #[test]
    fn a_corrupt_index_is_moved_aside_and_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.db"), b"not a database ".repeat(300)).unwrap();
        let (mut archive, opened) = Archive::open(dir.path());
        let Opened::MovedAside(to) = opened else {
            panic!("{opened:?}")
        };
        assert!(to.exists());
        std::fs::write(dir.path().join("x.toml"), BRIEFING).unwrap();
        walk(&mut archive, dir.path());
        drop(archive);
        let (archive, opened) = Archive::open(dir.path());
        assert_eq!(opened, Opened::Kept);
        assert_eq!(titles(&archive, "ceasefire").len(), 1);
    }

    #[test]
    fn a_folder_that_cannot_be_written_keeps_the_index_in_memory() {
        let (archive, opened) = Archive::open(Path::new("/proc/brief-cannot-be-here"));
        assert!(matches!(opened, Opened::InMemory(_)), "{opened:?}");
        assert!(archive.path().is_none());
        assert!(opened.message().unwrap().contains("in memory"));
    }

    use super::super::Opened;
}
