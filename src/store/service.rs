//! A store on a thread of its own, so that the reader never waits for it: opening and
//! checking the store, and each write, happen there; what it holds arrives as reports the
//! event loop takes between frames. Changes another `brief` makes to the store are noticed
//! within a second and reported too. A file without an id claims its name's memory first
//! ([`Request::Claim`]); while a claim is refused, nothing about that key is written.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

use super::location::Location;
use super::{Store, StoreError};
use std::collections::HashSet;

use crate::memory::{Claim, Held, Note, Spot};

/// How often the store is asked whether another `brief` changed it.
const WATCH: Duration = Duration::from_millis(500);

/// What the reader asks of the store; each is one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Read(Vec<String>, bool),
    Flag(Vec<String>, bool),
    Spot(String, Spot),
    /// Save a note; the store answers [`Report::Saved`], [`Report::SavedBeside`] or
    /// [`Report::NotSaved`]. With the text the note had when its editor opened (a note held
    /// already), an edit never goes over other text saved meanwhile: it is kept beside.
    SaveNote(Note, Option<String>),
    /// Delete note `.1` of briefing `.0`.
    DeleteNote(String, String),
    /// Briefing `.0` was read as text `.1`.
    Seen(String, String),
    /// The text briefing `.0` had when it was last read: [`Report::SeenText`].
    SeenText(String),
    /// Save a query under a name (an empty query forgets the name).
    SaveSearch(String, String),
    /// Set a reader setting (name, value).
    Setting(String, String),
    /// Report everything again (`R`).
    Refresh,
    /// The file at `.1`, a briefing without an id reading `.2`, asks for the memory under
    /// `.0`, its file's name ([`Store::claim`]). Until the next claim of `.0`, requests about
    /// `.0` are carried out only when it was granted; when it was not, everything is reported
    /// again, so that the interface sees who holds it.
    Claim(String, std::path::PathBuf, Option<String>),
}

/// What the store has to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    /// Everything the store remembers, when it opens or changes; and, once, a notice for the
    /// user (a store moved aside, or one that can only be read).
    Held(Box<Held>, Option<String>),
    /// Nothing will be remembered, and why.
    Unavailable(String),
    /// An action could not be saved, and why.
    Failed(String),
    /// The note with this id is saved.
    Saved(String),
    /// The note with id `.0` had been changed by another reader since its editor opened: the
    /// edit is saved beside it, as note `.1`.
    SavedBeside(String, String),
    /// The note with this id could not be saved, and why.
    NotSaved(String, String),
    /// The text a briefing had when last read (none if it was never read with this store).
    SeenText(String, Option<String>),
}

/// A running store.
pub struct Service {
    tx: Option<Sender<Request>>,
    rx: Receiver<Report>,
    thread: Option<JoinHandle<()>>,
}

impl Service {
    /// Opens the store at `location` on a thread of its own.
    pub fn start(location: Location) -> Self {
        let (tx, requests) = channel();
        let (reports, rx) = channel();
        let thread = std::thread::Builder::new()
            .name("store".into())
            .spawn(move || run(location, &requests, &reports))
            .ok();
        Self {
            tx: Some(tx),
            rx,
            thread,
        }
    }

    pub fn send(&self, request: Request) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(request);
        }
    }

    pub fn try_recv(&self) -> Option<Report> {
        self.rx.try_recv().ok()
    }

    /// Lets the store write what it was asked to, then closes it; waits at most `budget`.
    /// What the store reported meanwhile is returned (such as a note saved).
    pub fn finish(mut self, budget: Duration) -> Vec<Report> {
        self.tx = None;
        let Some(thread) = self.thread.take() else {
            return self.rx.try_iter().collect();
        };
        let deadline = std::time::Instant::now() + budget;
        while !thread.is_finished() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        if thread.is_finished() {
            let _ = thread.join();
        }
        self.rx.try_iter().collect()
    }
}

/// Everything the store holds, as a report.
fn held(store: &Store, applied: u64, notice: Option<String>) -> Result<Report, StoreError> {
    let held = Held {
        marks: store.marks()?,
        spots: store.spots()?,
        notes: store.notes()?,
        seen: store.seen()?,
        searches: store.searches()?,
        settings: store.settings()?,
        unnamed: store.unnamed()?,
        applied,
    };
    Ok(Report::Held(Box::new(held), notice))
}

fn run(location: Location, requests: &Receiver<Request>, reports: &Sender<Report>) {
    let dir = match location {
        Location::Folder(dir) => dir,
        Location::Nowhere(why) => {
            let _ = reports.send(Report::Unavailable(why));
            return;
        }
    };
    let (mut store, found) = match Store::open(&dir) {
        Ok(opened) => opened,
        Err(e) => {
            let _ = reports.send(Report::Unavailable(e.to_string()));
            return;
        }
    };
    let first = held(&store, 0, found.message()).unwrap_or_else(|e| Report::Failed(e.to_string()));
    if reports.send(first).is_err() {
        return;
    }
    let mut version = store.data_version().ok();
    let mut applied = 0;
    // Keys taken from a file's name that the last claim of was refused.
    let mut refused = HashSet::new();
    loop {
        let done = match requests.recv_timeout(WATCH) {
            Ok(request) => {
                applied += 1;
                match gate(&mut store, request, &mut refused) {
                    Gated::Apply(request) => apply(&mut store, request, applied, reports),
                    Gated::Report(report) => reports.send(report).is_err(),
                    Gated::Nothing => false,
                    Gated::Refused => {
                        held(&store, applied, None).is_ok_and(|r| reports.send(r).is_err())
                    }
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                // Another `brief` wrote to the store.
                let now = store.data_version().ok();
                if now != version {
                    version = now;
                    held(&store, applied, None).is_ok_and(|r| reports.send(r).is_err())
                } else {
                    false
                }
            }
            Err(RecvTimeoutError::Disconnected) => true,
        };
        if done {
            return;
        }
    }
}

/// What becomes of a request, given the claims made so far.
enum Gated {
    Apply(Request),
    /// Answered without the store.
    Report(Report),
    /// Nothing to do or say.
    Nothing,
    /// A claim was refused: everything is reported again.
    Refused,
}

/// Carries out a claim, and holds back any other request about a key whose last claim was
/// refused: a file that does not hold its name's memory never writes into it.
fn gate(store: &mut Store, request: Request, refused: &mut HashSet<String>) -> Gated {
    let held_back = |key: &String| refused.contains(key);
    match request {
        Request::Claim(key, path, text) => match store.claim(&key, &path, text.as_deref()) {
            Ok(Claim::Own) => {
                refused.remove(&key);
                Gated::Nothing
            }
            Ok(Claim::Other(_)) | Err(_) => {
                refused.insert(key);
                Gated::Refused
            }
        },
        Request::Read(ids, read) => Gated::Apply(Request::Read(
            ids.into_iter().filter(|i| !held_back(i)).collect(),
            read,
        )),
        Request::Flag(ids, flagged) => Gated::Apply(Request::Flag(
            ids.into_iter().filter(|i| !held_back(i)).collect(),
            flagged,
        )),
        Request::SaveNote(note, _) if held_back(&note.briefing) => Gated::Report(Report::NotSaved(
            note.id,
            "another file of this name holds its notes".into(),
        )),
        Request::SeenText(id) if held_back(&id) => Gated::Report(Report::SeenText(id, None)),
        Request::Spot(id, _) | Request::Seen(id, _) | Request::DeleteNote(id, _)
            if held_back(&id) =>
        {
            Gated::Nothing
        }
        other => Gated::Apply(other),
    }
}

/// Carries out one request, the `applied`th; true when nobody is listening any more.
fn apply(store: &mut Store, request: Request, applied: u64, reports: &Sender<Report>) -> bool {
    let done = match request {
        Request::Read(ids, read) => store.set_read(&ids, read),
        Request::Flag(ids, flagged) => store.set_flagged(&ids, flagged),
        Request::Spot(id, spot) => store.set_spot(&id, spot),
        Request::SaveNote(note, base) => {
            let saved = match &base {
                Some(base) => store.save_edit(&note, base),
                None => store.save_note(&note).map(|()| None),
            };
            let report = match saved {
                Ok(None) => Report::Saved(note.id),
                Ok(Some(beside)) => Report::SavedBeside(note.id, beside),
                Err(e) => Report::NotSaved(note.id, e.to_string()),
            };
            return reports.send(report).is_err();
        }
        Request::DeleteNote(_, id) => store.delete_note(&id),
        Request::Seen(id, text) => store.set_seen(&id, &text),
        Request::SeenText(id) => match store.seen_text(&id) {
            Ok(text) => return reports.send(Report::SeenText(id, text)).is_err(),
            Err(e) => Err(e),
        },
        Request::SaveSearch(name, query) => store.save_search(&name, &query),
        Request::Setting(name, value) => store.set_setting(&name, &value),
        Request::Claim(..) => Ok(()),
        Request::Refresh => match held(store, applied, None) {
            Ok(report) => return reports.send(report).is_err(),
            Err(e) => Err(e),
        },
    };
    match done {
        Ok(()) => false,
        // A store that can only be read said so, once, when it opened.
        Err(StoreError::ReadOnly(_)) => false,
        Err(e) => reports.send(Report::Failed(e.to_string())).is_err(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_a_refused_claim_nothing_about_that_name_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (
            dir.path().join("2023/weekly.toml"),
            dir.path().join("2024/weekly.toml"),
        );
        {
            let (mut store, _) = Store::open(dir.path()).unwrap();
            assert_eq!(store.claim("weekly", &a, None).unwrap(), Claim::Own);
        }
        let note = Note {
            id: "n".into(),
            briefing: "weekly".into(),
            on: None,
            body: "On 2024.".into(),
            author: String::new(),
            created: 1,
            updated: 1,
            imported: false,
        };
        let service = Service::start(Location::Folder(dir.path().to_path_buf()));
        // As a reader on 2024 asks before the store has said who holds the name.
        service.send(Request::Claim("weekly".into(), b, None));
        service.send(Request::Read(vec!["weekly".into()], true));
        service.send(Request::Flag(vec!["weekly".into()], true));
        service.send(Request::Seen("weekly".into(), "title = '2024'".into()));
        service.send(Request::SaveNote(note, None));
        // Then 2023, which holds it.
        service.send(Request::Claim("weekly".into(), a, None));
        service.send(Request::Flag(vec!["weekly".into()], true));
        service.finish(Duration::from_secs(10));
        let store = Store::open_read_only(dir.path()).unwrap().unwrap();
        let marks = store.marks().unwrap()["weekly"];
        assert!(!marks.read && marks.flagged, "{marks:?}");
        assert_eq!(store.seen_text("weekly").unwrap(), None);
        assert!(store.notes().unwrap().is_empty());
    }
}
