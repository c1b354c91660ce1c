//! `brief diff OLD NEW` and `brief diff FILE --since-read`: two versions of a briefing
//! compared block by block ([`crate::document::diff`]), as text with `+`, `-` and `~` in
//! front (changed words in `{+…+}` and `[-…-]`), or as JSON lines. `--since-read` refuses a
//! file without an id whose file's name another file holds ([`crate::memory::Claim`]). Exit 0 when they are the
//! same, 1 when they differ, 2 on error, as `diff` does.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::json;

use super::closed_pipe;
use crate::briefing::Briefing;
use crate::briefing::sanitize;
use crate::document::diff::{Change, TabChanges, briefings};
use crate::library::source::Origin;
use crate::memory::state_key;
use crate::store::location::Location;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes:\n  0  the same\n  1  different\n  2  error (a briefing could not be loaded, no reading to compare with, a usage error)"
)]
pub struct Args {
    /// The old version (or, with --since-read, the briefing to compare with its last reading).
    old: PathBuf,

    /// The new version.
    #[arg(required_unless_present = "since_read", conflicts_with = "since_read")]
    new: Option<PathBuf>,

    /// Compare FILE with the version you last read (kept by the memory).
    #[arg(long)]
    since_read: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// A line per change, with +, - or ~ in front.
    Text,
    /// One JSON object per change.
    Json,
}

fn load(path: &Path, max_size: u64) -> Result<Briefing<'static>, ExitCode> {
    super::load(&Origin::of(path.to_path_buf()), max_size).map_err(|_| ExitCode::from(2))
}

/// The version of `path`'s briefing last read, from the store.
fn last_read(
    path: &Path,
    new: &Briefing,
    global: &super::Global,
) -> Result<Briefing<'static>, ExitCode> {
    let Location::Folder(dir) = &global.state else {
        super::warn("--since-read needs the memory, which --no-state turns off");
        return Err(ExitCode::from(2));
    };
    let id = state_key(new.id.as_deref(), || Origin::of(path.to_path_buf()).stem());
    let origin = Origin::of(path.to_path_buf());
    let text = match super::mark::read_store(dir) {
        Ok(Some(mut store)) => {
            // A file without an id whose name another file holds: that reading is the other's.
            let briefings = [(id.clone(), origin)];
            if !super::unheld(&briefings, Some(&mut store), global.max_size).is_empty() {
                return Err(ExitCode::from(2));
            }
            store.seen_text(&id).map_err(|e| {
                super::warn(e);
                ExitCode::from(2)
            })?
        }
        Ok(None) => None,
        Err(e) => {
            super::warn(e);
            return Err(ExitCode::from(2));
        }
    };
    let Some(text) = text else {
        super::warn(format_args!(
            "no reading of {} is remembered to compare with",
            sanitize::quoted(&id)
        ));
        return Err(ExitCode::from(2));
    };
    crate::briefing::parse(text).briefing.ok_or_else(|| {
        super::warn("the version last read can no longer be read");
        ExitCode::from(2)
    })
}

/// `text` with the byte ranges `marked` between `open` and `close`.
fn marked(text: &str, marked: &[std::ops::Range<usize>], (open, close): (&str, &str)) -> String {
    let mut out = String::with_capacity(text.len() + marked.len() * 4);
    let mut at = 0;
    for r in marked {
        out.push_str(&text[at..r.start]);
        out.push_str(open);
        out.push_str(&text[r.clone()]);
        out.push_str(close);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// `text` after `lead`, its further lines indented under the first.
fn lines(lead: &str, text: &str) -> String {
    let pad = " ".repeat(crate::text::display_width(lead));
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        out.push_str(if i == 0 { lead } else { &pad });
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn text(out: &mut dyn Write, tabs: &[TabChanges]) -> io::Result<()> {
    for tab in tabs {
        writeln!(out, "── {}", tab.tab)?;
        for change in &tab.changes {
            let written = match change {
                Change::Added(t) => lines("+ ", t),
                Change::Removed(t) => lines("- ", t),
                Change::Changed {
                    old,
                    new,
                    removed,
                    added,
                } => {
                    lines("~ ", &marked(new, added, ("{+", "+}")))
                        + &lines("  was: ", &marked(old, removed, ("[-", "-]")))
                }
                Change::Moved { text, from } => lines(&format!("~ moved from {from}: "), text),
            };
            out.write_all(written.as_bytes())?;
        }
    }
    Ok(())
}

fn json(out: &mut dyn Write, tabs: &[TabChanges]) -> io::Result<()> {
    let words = |text: &str, ranges: &[std::ops::Range<usize>]| -> Vec<String> {
        ranges.iter().map(|r| text[r.clone()].to_string()).collect()
    };
    for tab in tabs {
        for change in &tab.changes {
            let value = match change {
                Change::Added(t) => json!({"tab": tab.tab, "change": "added", "text": t}),
                Change::Removed(t) => json!({"tab": tab.tab, "change": "removed", "text": t}),
                Change::Changed {
                    old,
                    new,
                    removed,
                    added,
                } => json!({
                    "tab": tab.tab, "change": "changed", "old": old, "new": new,
                    "removed_words": words(old, removed), "added_words": words(new, added),
                }),
                Change::Moved { text, from } => {
                    json!({"tab": tab.tab, "change": "moved", "text": text, "from": from})
                }
            };
            writeln!(out, "{value}")?;
        }
    }
    Ok(())
}

pub fn run(args: Args, global: &super::Global) -> ExitCode {
    let first = match load(&args.old, global.max_size) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let (old, new) = match &args.new {
        Some(path) => match load(path, global.max_size) {
            Ok(new) => (first, new),
            Err(code) => return code,
        },
        None => match last_read(&args.old, &first, global) {
            Ok(old) => (old, first),
            Err(code) => return code,
        },
    };
    let tabs = briefings(&old, &new);
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = match args.format {
        Format::Text => text(&mut out, &tabs),
        Format::Json => json(&mut out, &tabs),
    }
    .and_then(|()| out.flush());
    let code = ExitCode::from(u8::from(!tabs.is_empty()));
    match written {
        Ok(()) => code,
        Err(e) if closed_pipe(&e) => code,
        Err(e) => {
            super::warn(format_args!("cannot write the differences: {e}"));
            ExitCode::from(2)
        }
    }
}
