//! Drafts of the note being written, kept beside the store so that what is typed survives
//! whatever ends `brief` (a signal while the store is busy, `kill -9`, a lost terminal), and
//! without the store's lock: each running `brief` keeps at most one draft, as two files of its
//! own in the state folder, named by its process id: `draft-<pid>.md`, the text as typed (the
//! file `$VISUAL`/`$EDITOR` edits, too), and `draft-<pid>.json`, what the note is (its rescue
//! id, briefing, passage, author). Both are `0600` and written whole (a temporary file renamed
//! over). The next `brief` takes the drafts of processes that are gone, never a live one's.

use std::io::{self, Write};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use crate::memory::{Note, Passage};

/// How a temporary file being written as a draft is named, before it is renamed.
const TEMP: &str = ".draft-";

/// How old a temporary file must be to count as left behind by a write that never finished.
const UNFINISHED: std::time::Duration = std::time::Duration::from_secs(60);

/// A draft left by a `brief` that is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The process that wrote it.
    pub pid: u32,
    /// The note as it would be rescued: its own id, the text as typed for its body.
    pub note: Note,
}

/// One process's drafts in a state folder.
#[derive(Debug, Clone)]
pub struct Drafts {
    dir: PathBuf,
    pid: u32,
}

impl Drafts {
    /// The drafts of this process in the state folder `dir`.
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            pid: std::process::id(),
        }
    }

    fn path(&self, pid: u32, ext: &str) -> PathBuf {
        self.dir.join(format!("draft-{pid}.{ext}"))
    }

    /// This process's draft text: the file an outside editor is given.
    pub fn text_path(&self) -> PathBuf {
        self.path(self.pid, "md")
    }

    /// Keeps `note` (its body the text as typed) as this process's draft.
    pub fn keep(&self, note: &Note) -> io::Result<()> {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.dir)?;
        // What the note is on first, then its text: a text on disk always has the note it
        // belongs to beside it, which recovery looks for (a `kill -9` between the two writes
        // left a text that was never recovered).
        let about = about(note).to_string();
        write_whole(&self.dir, &self.path(self.pid, "json"), about.as_bytes())?;
        write_whole(&self.dir, &self.text_path(), note.body.as_bytes())
    }

    /// Removes this process's draft: its note is saved, or was left on purpose.
    pub fn drop_own(&self) -> io::Result<()> {
        self.forget(self.pid)
    }

    /// Removes the draft process `pid` left, once its note is saved.
    pub fn forget(&self, pid: u32) -> io::Result<()> {
        for ext in ["json", "md"] {
            match std::fs::remove_file(self.path(pid, ext)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }

    /// The drafts of processes that are gone (this one has written none yet when it asks),
    /// oldest process id first; a draft without its text is removed, and so is a temporary
    /// file a write left behind (its process ended mid-write) a minute ago or more.
    pub fn recover(&self) -> Vec<Draft> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let entries: Vec<std::fs::DirEntry> = entries.filter_map(Result::ok).collect();
        for entry in &entries {
            let unfinished = entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(TEMP));
            let old = (entry.metadata().and_then(|m| m.modified()))
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age >= UNFINISHED));
            if unfinished && old {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        let mut pids: Vec<u32> = entries
            .iter()
            .filter_map(|e| {
                let name = e.file_name();
                let name = name.to_str()?;
                name.strip_prefix("draft-")?
                    .strip_suffix(".json")?
                    .parse()
                    .ok()
            })
            .filter(|&pid| pid == self.pid || !alive(pid))
            .collect();
        pids.sort_unstable();
        let mut found = Vec::new();
        for pid in pids {
            let about = std::fs::read_to_string(self.path(pid, "json")).ok();
            let text = std::fs::read_to_string(self.path(pid, "md")).ok();
            match (about.as_deref().and_then(note_of), text) {
                (Some(mut note), Some(text)) => {
                    note.body = text.trim_end_matches('\n').to_string();
                    found.push(Draft { pid, note });
                }
                // Nothing to recover: the text never made it, or the file is not a draft.
                _ => {
                    let _ = self.forget(pid);
                }
            }
        }
        found
    }
}

/// Whether process `pid` is running (one that cannot be signalled by us is too); a process
/// that has ended but is not yet reaped by its parent (a zombie: `brief` killed under tmux)
/// is not.
fn alive(pid: u32) -> bool {
    let Some(id) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    let exists = match rustix::process::test_kill_process(id) {
        Ok(()) => true,
        Err(e) => e != rustix::io::Errno::SRCH,
    };
    // `/proc/PID/stat`: `pid (name) state …`; the name may hold anything but ends at the
    // last `)`.
    let zombie = || {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            stat.rsplit_once(')')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
        })
    };
    exists && !zombie()
}

/// Writes `bytes` to `path` whole: a private temporary file in `dir`, synced, renamed over.
fn write_whole(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = tempfile::Builder::new().prefix(TEMP).tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// What a draft's note is, as JSON: everything but its text.
fn about(note: &Note) -> serde_json::Value {
    serde_json::json!({
        "id": note.id,
        "briefing": note.briefing,
        "on": note.on.as_ref().map(|p| serde_json::json!({
            "kind": p.kind.name(),
            "party": p.party,
            "speaker": p.speaker,
            "text": p.text,
        })),
        "author": note.author,
        "created": note.created,
    })
}

/// The note a draft's JSON describes, its body empty.
fn note_of(json: &str) -> Option<Note> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    let text = |v: &serde_json::Value, key: &str| v.get(key)?.as_str().map(str::to_string);
    let on = match v.get("on") {
        None | Some(serde_json::Value::Null) => None,
        Some(on) => Some(Passage {
            kind: crate::briefing::parts::Kind::from_name(&text(on, "kind")?)?,
            party: text(on, "party")?,
            speaker: text(on, "speaker")?,
            text: text(on, "text")?,
        }),
    };
    let created = v.get("created")?.as_i64()?;
    Some(Note {
        id: text(&v, "id")?,
        briefing: text(&v, "briefing")?,
        on,
        body: String::new(),
        author: text(&v, "author")?,
        created,
        updated: crate::memory::now(),
        imported: false,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_process_ended_but_not_reaped_is_not_alive() {
        let mut running = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        assert!(alive(running.id()));
        let mut ended = std::process::Command::new("true").spawn().unwrap();
        let pid = ended.id();
        // Not waited for: a zombie until it is.
        let start = std::time::Instant::now();
        while alive(pid) {
            assert!(start.elapsed().as_secs() < 10, "true never ended");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        ended.wait().unwrap();
        assert!(!alive(pid));
        running.kill().unwrap();
        running.wait().unwrap();
    }

    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_draft_is_private_whole_and_taken_only_from_a_process_that_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        let mine = Drafts::new(state.clone());
        let on = Passage {
            kind: crate::briefing::parts::Kind::Reaction,
            party: "United States".into(),
            speaker: "Antony Blinken".into(),
            text: "No military solution.".into(),
        };
        let mut note = Note::new("b", Some(on), "half a thought\n".into(), "ana".into());
        mine.keep(&note).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&mine.text_path()), 0o600);
        assert_eq!(mode(&state.join(format!("draft-{}.json", mine.pid))), 0o600);
        // A live process's draft is not taken (pid 1 is always alive).
        let live = Drafts {
            dir: state.clone(),
            pid: 1,
        };
        live.keep(&note).unwrap();
        // This process's own draft, left by a process gone whose id was reused, is taken.
        let found = mine.recover();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pid, mine.pid);
        note.body = "half a thought".into();
        note.updated = found[0].note.updated;
        assert_eq!(found[0].note, note);
        mine.drop_own().unwrap();
        assert!(mine.recover().is_empty());
        assert!(state.join("draft-1.md").exists());
        // A write that never finished, long ago, is removed; one under way now is not.
        let stale = state.join(".draft-stale");
        let file = std::fs::File::create(&stale).unwrap();
        let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
        file.set_modified(long_ago).unwrap();
        let fresh = state.join(".draft-fresh");
        std::fs::write(&fresh, "").unwrap();
        mine.recover();
        assert!(!stale.exists() && fresh.exists());
    }
}
