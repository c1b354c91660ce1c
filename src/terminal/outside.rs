//! Hands a note to the analyst's own editor (`$VISUAL`, else `$EDITOR`, else `vi`): the text
//! goes to a private temporary file, the terminal is given to the editor and taken back after,
//! and the file's text comes back, or why there is none. The temporary file is removed.

use std::io::{self, Write};
use std::process::Command;

use super::screen::{self, Screen};

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
/// cannot draw over the screen; says how it went. The command is not waited for beyond
/// taking the text: a notes system may take its time.
pub fn pipe(text: &str) -> Result<String, String> {
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
    let written = child
        .stdin
        .take()
        .map(|mut stdin| stdin.write_all(text.as_bytes()));
    // Reaped on a thread of its own, so that it never lingers as a zombie.
    let _ = std::thread::Builder::new()
        .name("pipe".into())
        .spawn(move || child.wait());
    match written {
        Some(Ok(())) => Ok(format!("piped the citation to {name}")),
        Some(Err(e)) => Err(format!("{name} did not take the citation: {e}")),
        None => Err(format!("{name} took no input")),
    }
}

/// Edits `text` in the outside editor. The outer error is the terminal's; the inner, why the
/// editor gave nothing back (the text in the note editor is kept either way).
pub fn edit(term: &mut Screen, text: &str) -> io::Result<Result<String, String>> {
    let words = match editor() {
        Ok(words) => words,
        Err(why) => return Ok(Err(why)),
    };
    let mut file = match tempfile::Builder::new()
        .prefix("brief-note-")
        .suffix(".md")
        .tempfile()
    {
        Ok(file) => file,
        Err(e) => return Ok(Err(format!("cannot make a file for the editor: {e}"))),
    };
    if let Err(e) = file.write_all(text.as_bytes()).and_then(|()| file.flush()) {
        return Ok(Err(format!("cannot write the file for the editor: {e}")));
    }
    screen::leave();
    let status = Command::new(&words[0])
        .args(&words[1..])
        .arg(file.path())
        .status();
    screen::resume(term)?;
    let name = crate::briefing::sanitize::quoted(&words[0]).into_owned();
    Ok(match status {
        Ok(s) if s.success() => std::fs::read_to_string(file.path())
            .map_err(|e| format!("cannot read back what {name} wrote: {e}")),
        Ok(s) => Err(format!("{name} ended with {s}; the note is as it was")),
        Err(e) => Err(format!("cannot run {name}: {e}")),
    })
}
