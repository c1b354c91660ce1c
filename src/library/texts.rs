//! The searchable text of the briefings a list shows ([`Searchable`]), read off the key path:
//! a thread of its own reads and parses the files of rows not seen before, and the text of
//! those recently on screen is kept, so a key only ever looks in text already read. A row
//! whose text is still being read shows its excerpt when it comes ([`Texts::take`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use super::excerpt::Searchable;
use super::source::Origin;
use crate::text::Fingerprint;

/// Most bytes of searchable text kept.
const KEPT_BYTES: usize = 16 << 20;

/// A row's text to read: its row in the index, its text's fingerprint, where it is.
type Job = (i64, Fingerprint, Origin);
/// A row's text, read: `None` when the file no longer loads.
type Read = (i64, Fingerprint, Option<Arc<Searchable>>);

/// The texts read and being read.
#[derive(Debug)]
pub struct Texts {
    max_size: u64,
    /// Started at the first row asked for.
    jobs: Option<(Sender<Job>, Receiver<Read>)>,
    /// Rows asked for and not yet read.
    asked: HashSet<i64>,
    /// By row in the index, with the fingerprint of the text read.
    kept: HashMap<i64, (Fingerprint, Option<Arc<Searchable>>)>,
    bytes: usize,
}

impl Texts {
    /// Texts of files read with at most `max_size` bytes.
    pub fn new(max_size: u64) -> Self {
        Self {
            max_size,
            jobs: None,
            asked: HashSet::new(),
            kept: HashMap::new(),
            bytes: 0,
        }
    }

    /// The text of row `rowid` when its fingerprint is `hash`: `Some` once read (`Some(None)`
    /// for a file that no longer loads); `None` while it is read, which this asks for.
    pub fn get(
        &mut self,
        rowid: i64,
        hash: Fingerprint,
        origin: &Origin,
    ) -> Option<Option<Arc<Searchable>>> {
        if let Some((h, text)) = self.kept.get(&rowid)
            && *h == hash
        {
            return Some(text.clone());
        }
        if self.asked.insert(rowid) {
            let max_size = self.max_size;
            let (jobs, _) = self.jobs.get_or_insert_with(|| start(max_size));
            if jobs.send((rowid, hash, origin.clone())).is_err() {
                // The thread is gone (a bug in brief): the row shows no excerpt.
                self.asked.remove(&rowid);
                return Some(None);
            }
        }
        None
    }

    /// Takes the texts read since the last call; true when any came.
    pub fn take(&mut self) -> bool {
        let Some((_, read)) = &self.jobs else {
            return false;
        };
        let mut came = false;
        loop {
            match read.try_recv() {
                Ok((rowid, hash, text)) => {
                    self.asked.remove(&rowid);
                    if self.bytes > KEPT_BYTES {
                        self.kept.clear();
                        self.bytes = 0;
                    }
                    self.bytes += text.as_ref().map_or(0, |t| t.bytes());
                    self.kept.insert(rowid, (hash, text));
                    came = true;
                }
                Err(mpsc::TryRecvError::Empty) => break,
                // The thread is gone: nothing asked will come.
                Err(mpsc::TryRecvError::Disconnected) => {
                    came |= !self.asked.is_empty();
                    for rowid in self.asked.drain() {
                        self.kept.insert(rowid, (Fingerprint::default(), None));
                    }
                    break;
                }
            }
        }
        came
    }

    /// Whether texts asked for are still being read.
    pub fn reading(&self) -> bool {
        !self.asked.is_empty()
    }
}

/// The thread that reads texts, named as the indexing threads are so that a panic on it (a
/// bug in brief) leaves the screen alone.
fn start(max_size: u64) -> (Sender<Job>, Receiver<Read>) {
    let (jobs, todo) = mpsc::channel::<Job>();
    let (done, read) = mpsc::channel::<Read>();
    let started = std::thread::Builder::new()
        .name(crate::archive::WORKER.into())
        .spawn(move || {
            // Newest first: the rows asked for last are those on screen now (a list paged
            // through quickly asks for many on the way).
            while let Ok(first) = todo.recv() {
                let mut batch: Vec<Job> = std::iter::once(first).chain(todo.try_iter()).collect();
                while let Some((rowid, hash, origin)) = batch.pop() {
                    let text =
                        (origin.open(max_size).ok()).map(|(b, _)| Arc::new(Searchable::of(&b)));
                    if done.send((rowid, hash, text)).is_err() {
                        return;
                    }
                    batch.extend(todo.try_iter());
                }
            }
        });
    if started.is_err() {
        // No thread: the channels are dropped and every row shows no excerpt.
        let (jobs, _) = mpsc::channel();
        let (_, read) = mpsc::channel();
        return (jobs, read);
    }
    (jobs, read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn a_text_is_read_once_off_the_caller_and_kept() {
        let mut texts = Texts::new(1 << 22);
        let (one, two) = (Fingerprint::from(1), Fingerprint::from(2));
        let bundled = Origin::Bundled(0);
        assert!(texts.get(7, one, &bundled).is_none(), "asked, not yet read");
        assert!(texts.reading());
        let start = Instant::now();
        while !texts.take() {
            assert!(start.elapsed() < Duration::from_secs(10), "never read");
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(!texts.reading());
        assert!(texts.get(7, one, &bundled).unwrap().is_some());
        // Another fingerprint: the file changed, and is read again.
        assert!(texts.get(7, two, &bundled).is_none());
        let gone = Origin::File("/nonexistent/brief/x.toml".into());
        assert!(texts.get(8, one, &gone).is_none());
        let start = Instant::now();
        while texts.reading() {
            texts.take();
            assert!(start.elapsed() < Duration::from_secs(10), "never read");
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(
            texts.get(8, one, &gone).unwrap().is_none(),
            "no text, not asked again"
        );
    }
}
