//! Hands a note to the analyst's own editor (`$VISUAL`, else `$EDITOR`, else `vi`): the editor
//! works on the note's draft itself (a private file in the state folder, see
//! [`crate::store::drafts`]), the terminal is given to the editor and taken back after, and the
//! file's text comes back, or why there is none. Should `brief` be ended meanwhile, the editor
//! is ended too and what it last wrote is kept; the draft goes once the note is saved. Also
//! hands a citation to the command in `BRIEF_PIPE`, written on a thread of its own.

use std::io::{self, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::screen::{self, Screen};
use super::signals::Requests;

/// The editor to run, as words (`code --wait` is two).
fn editor() -> Result<Vec<String>, String> {
    let chosen = ["VISUAL", "EDITOR"]
        .into_iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".into());
    match shlex::split(&chosen) {
        Some(words) if !words.is_empty() => Ok(words),
        _ => Err(format!(
            "cannot make out the editor to run from {}",
            crate::briefing::sanitize::quoted(&chosen)
        )),
    }
}

/// Hands `text` to the command in `BRIEF_PIPE` on its standard input, run without a shell
/// (its words split as a shell would, nothing expanded), its output discarded so that it
/// cannot draw over the screen. The text is written on a thread of its own, so that a command
/// that is slow to read, or never reads, cannot hold up the reader: how it went comes later,
/// through the [`Piping`] returned. The command is not waited for beyond taking the text: a
/// notes system may take its time.
pub fn pipe(text: String) -> Result<Piping, String> {
    let Some(chosen) = std::env::var_os("BRIEF_PIPE").filter(|v| !v.is_empty()) else {
        return Err("set BRIEF_PIPE to a command to pipe citations to".into());
    };
    let chosen = chosen.to_string_lossy().into_owned();
    let quoted = crate::briefing::sanitize::quoted(&chosen).into_owned();
    let words = match shlex::split(&chosen) {
        Some(words) if !words.is_empty() => words,
        _ => {
            return Err(format!(
                "cannot make out the command in BRIEF_PIPE: {quoted}"
            ));
        }
    };
    let name = crate::briefing::sanitize::quoted(&words[0]).into_owned();
    let mut child = Command::new(&words[0])
        .args(&words[1..])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {name}: {e}"))?;
    let (tell, told) = mpsc::channel();
    let stdin = child.stdin.take();
    let writer = {
        let name = name.clone();
        move || {
            let written = stdin.map(|mut stdin| stdin.write_all(text.as_bytes()));
            // Closed before anything else: the command sees the end of its input.
            let said = match written {
                Some(Ok(())) => Ok(format!("piped the citation to {name}")),
                Some(Err(e)) => Err(format!("{name} did not take the citation: {e}")),
                None => Err(format!("{name} took no input")),
            };
            let _ = tell.send(said);
            // Reaped here, so that it never lingers as a zombie.
            let _ = child.wait();
        }
    };
    std::thread::Builder::new()
        .name("pipe".into())
        .spawn(writer)
        .map_err(|e| format!("cannot hand the citation to {name}: no thread to write it: {e}"))?;
    Ok(Piping { told })
}

/// A citation being handed to `BRIEF_PIPE` on a thread of its own (see [`pipe`]).
pub struct Piping {
    told: mpsc::Receiver<Result<String, String>>,
}

impl Piping {
    /// How handing the citation went, once it is over; `None` while it is still being written.
    pub fn result(&self) -> Option<Result<String, String>> {
        match self.told.try_recv() {
            Ok(said) => Some(said),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err(
                "the citation was not handed over: its thread ended".into(),
            )),
        }
    }
}

/// How long the outside editor is given to end after it is asked to (SIGTERM), when `brief`
/// is ending, before it is killed.
const END_EDITOR: Duration = Duration::from_secs(1);

/// How often the wait for the outside editor looks for a fatal signal.
const EDITOR_POLL: Duration = Duration::from_millis(20);

/// Edits the note in the draft file at `draft` (already holding its text) in the outside
/// editor. The outer error is the terminal's; the inner, why the editor gave nothing back (the
/// text in the note editor is kept either way). Should a fatal signal arrive meanwhile, the
/// editor is asked to end (and killed if it will not), and what it last wrote is taken.
pub fn edit(
    term: &mut Screen,
    draft: &Path,
    signals: &Requests,
) -> io::Result<Result<String, String>> {
    let words = match editor() {
        Ok(words) => words,
        Err(why) => return Ok(Err(why)),
    };
    if let Err(e) = std::fs::metadata(draft) {
        return Ok(Err(format!("cannot make a file for the editor: {e}")));
    }
    screen::leave();
    let status = Command::new(&words[0])
        .args(&words[1..])
        .arg(draft)
        .spawn()
        .and_then(|mut child| wait(&mut child, signals));
    let ending = signals.fatal().is_some();
    if !ending {
        screen::resume(term)?;
    }
    let name = crate::briefing::sanitize::quoted(&words[0]).into_owned();
    let read = || {
        std::fs::read_to_string(draft)
            .map_err(|e| format!("cannot read back what {name} wrote: {e}"))
    };
    Ok(match status {
        // What it last wrote, whatever ended it.
        Ok(_) if ending => read(),
        Ok(s) if s.success() => read(),
        Ok(s) => Err(format!("{name} ended with {s}; the note is as it was")),
        Err(e) => Err(format!("cannot run {name}: {e}")),
    })
}

/// Waits for the outside editor to end; on a fatal signal, asks it to end, then kills it.
fn wait(child: &mut Child, signals: &Requests) -> io::Result<ExitStatus> {
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(status);
        }
        if signals.fatal().is_some() {
            signals.hold();
            if let Some(pid) = i32::try_from(child.id())
                .ok()
                .and_then(rustix::process::Pid::from_raw)
            {
                let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
            }
            let start = Instant::now();
            while start.elapsed() < END_EDITOR {
                if let Some(status) = child.try_wait()? {
                    return Ok(status);
                }
                std::thread::sleep(EDITOR_POLL);
            }
            let _ = child.kill();
            return child.wait();
        }
        std::thread::sleep(EDITOR_POLL);
    }
}
