//! `brief notes [PATH...]`: every note on the briefings found, each with what it annotates as
//! a citation (speaker, role, date, source, grade, a reaction's actor; the briefing's title,
//! date, id and marking), quoted as it reads now and with the text the note was written
//! against only when that differs, labelled so, as Markdown (headed by the most restrictive
//! marking among the briefings it quotes) or as JSON lines, one object per note with its
//! stable id. A file without an id whose file's name another file holds
//! ([`crate::memory::Claim`]) is left out, and why is said: those notes are the other's.
//! `brief notes import FILE.json` merges
//! notes exported elsewhere: importing twice changes nothing, and a note whose id is held with
//! other text is kept beside it, labelled imported.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use serde::{Deserialize, Serialize};

use super::closed_pipe;
use crate::briefing::parts::{Found, Kind, Part, Passage, locate};
use crate::briefing::sanitize::{Lines, sanitize};
use crate::briefing::{Briefing, marking};
use crate::document::build::{Attribution, paragraphs};
use crate::document::dates::{DateFormat, Moment, moment};
use crate::document::notes::{about, why_detached, written_against};
use crate::export::markdown::{escape, statement};
use crate::memory::Note;
use crate::store::Store;
use crate::store::location::Location;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes:\n  0  done\n  1  a briefing or a note could not be read, or a file without an id shares its name with the file remembered under it (the rest are written or imported), or the store cannot be used\n  2  usage error, or --no-state"
)]
pub struct Args {
    #[command(subcommand)]
    import: Option<Import>,

    /// Briefing files and folders whose notes to write. Default: what `brief` would open.
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
}

#[derive(Debug, clap::Subcommand)]
enum Import {
    /// Merge notes from a file written by `brief notes --format json`.
    Import {
        /// The JSON lines file (- for standard input).
        file: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Each note under what it annotates, with its citation.
    Markdown,
    /// One JSON object per line per note.
    Json,
}

/// The largest notes file `import` reads.
const MAX_IMPORT: u64 = 256 * 1024 * 1024;
/// Notes committed per transaction on import: a killed import keeps every batch committed.
const BATCH: usize = 200;

/// A note as exported: the note, the briefing, and what it annotates.
#[derive(Debug, Serialize, Deserialize)]
struct Exported {
    id: String,
    briefing: Cited,
    #[serde(default)]
    on: Option<On>,
    #[serde(default)]
    detached: bool,
    note: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    updated: Option<String>,
    #[serde(default)]
    imported: bool,
}

#[derive(Debug, Serialize, Deserialize)]
struct Cited {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    marking: Option<String>,
}

/// What a note annotates, as it reads now.
#[derive(Debug, Serialize, Deserialize)]
struct On {
    kind: String,
    /// The party a statement is by.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    party: String,
    /// The actor a reaction is by.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    actor: String,
    #[serde(default)]
    speaker: String,
    /// The passage's text as it reads now; none when the note is detached.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    text: String,
    /// The text the note was written against, when it is not the text above (edited since,
    /// or detached).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    written_against: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    grade: Option<String>,
    /// `quote` or `paraphrase`, for a statement or reaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    said: Option<String>,
}

fn parse_time(text: Option<&str>) -> Option<i64> {
    let t = time::OffsetDateTime::parse(text?, &time::format_description::well_known::Rfc3339);
    t.ok().map(time::OffsetDateTime::unix_timestamp)
}

pub fn run(args: Args, global: &super::Global) -> ExitCode {
    let dir = match &global.state {
        Location::Folder(dir) => dir.clone(),
        Location::Nowhere(why) => {
            super::warn(format_args!("no notes are kept: {why}"));
            return ExitCode::from(2);
        }
    };
    match args.import {
        Some(Import::Import { file }) => import(&file, &dir, global.max_size),
        None => export(args.paths, args.format, &dir, global),
    }
}

/// A briefing with notes, and its notes.
struct Annotated {
    briefing: Briefing<'static>,
    id: String,
    notes: Vec<Note>,
}

fn export(
    paths: Vec<PathBuf>,
    format: Format,
    dir: &std::path::Path,
    global: &super::Global,
) -> ExitCode {
    let mut store = match super::mark::read_store(dir) {
        Ok(store) => store,
        Err(e) => {
            super::warn(e);
            return ExitCode::from(1);
        }
    };
    let mut notes = match store.as_ref().map(Store::notes) {
        Some(Ok(notes)) => notes,
        Some(Err(e)) => {
            super::warn(e);
            return ExitCode::from(1);
        }
        None => HashMap::new(),
    };
    let sources = match super::sources(paths, global) {
        Ok(sources) => sources,
        Err(code) => return code,
    };
    let (briefings, mut failed) = match super::indexed(&sources, global) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let mut wanted: Vec<_> = (briefings.into_iter())
        .filter(|(id, _)| notes.contains_key(id))
        .collect();
    // A file without an id whose name another file holds: those notes are that file's.
    let unheld = super::unheld(&wanted, store.as_mut(), global.max_size);
    wanted.retain(|(_, origin)| !unheld.contains(origin));
    failed |= !unheld.is_empty();
    let mut annotated = Vec::new();
    for (id, origin) in wanted {
        // Two files with one id: the notes go with the first.
        let Some(notes) = notes.remove(&id) else {
            continue;
        };
        match origin.open(global.max_size) {
            Ok((briefing, _)) => annotated.push(Annotated {
                briefing,
                id,
                notes,
            }),
            Err(line) => {
                failed = true;
                super::warn(format_args!("{line}"));
            }
        }
    }
    annotated.sort_by(|a, b| {
        (b.briefing.date.iso_date(), &a.briefing.title)
            .cmp(&(a.briefing.date.iso_date(), &b.briefing.title))
    });
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = match format {
        Format::Markdown => markdown(&mut out, &annotated),
        Format::Json => json(&mut out, &annotated),
    }
    .and_then(|()| out.flush());
    match written {
        Ok(()) => ExitCode::from(u8::from(failed)),
        Err(e) if closed_pipe(&e) => ExitCode::from(u8::from(failed)),
        Err(e) => {
            super::warn(format_args!("cannot write the notes: {e}"));
            ExitCode::from(1)
        }
    }
}

/// Where a note's passage is in `b`, and the note's notes in reading order.
fn placed(a: &Annotated) -> Vec<(&Note, Found)> {
    let parts = a.briefing.parts();
    let mut out: Vec<(&Note, Found)> = a
        .notes
        .iter()
        .map(|n| {
            let found = n.on.as_ref().map_or(Found::Gone, |p| locate(&parts, p));
            (n, found)
        })
        .collect();
    out.sort_by_key(|(n, found)| match (&n.on, found.part()) {
        (None, _) => (0, None),
        (Some(_), Some(part)) => (1, Some(part)),
        (Some(_), None) => (2, None),
    });
    out
}

/// The statement behind `part`, when it is one.
fn statement_of<'b>(b: &'b Briefing<'_>, part: Part) -> Option<&'b crate::briefing::Statement<'b>> {
    match part {
        Part::Statement { party, index } => b.parties.get(party)?.statements.get(index),
        Part::Reaction(k) => b.reactions.get(k).map(|r| &r.statement),
        _ => None,
    }
}

fn markdown(out: &mut dyn Write, annotated: &[Annotated]) -> io::Result<()> {
    let banner = marking::most_restrictive(
        annotated
            .iter()
            .filter_map(|a| a.briefing.marking.as_deref()),
    );
    if let Some(m) = &banner {
        writeln!(out, "**{}**\n", escape(m))?;
    }
    writeln!(out, "# Notes\n")?;
    if annotated.is_empty() {
        writeln!(out, "No notes on these briefings.\n")?;
    }
    for a in annotated {
        let b = &a.briefing;
        let mut cite = format!(
            "{} · `{}`",
            DateFormat::default().when(b.date),
            escape(&a.id)
        );
        if let Some(m) = &b.marking {
            cite.push_str(&format!(" · {}", escape(m)));
        }
        writeln!(out, "## {}\n\n{cite}\n", escape(&b.title))?;
        for (note, found) in placed(a) {
            match (&note.on, found.part()) {
                (None, _) => writeln!(out, "### On the briefing\n")?,
                (Some(on), Some(part)) => {
                    let now = b.passage(part);
                    let named = now.as_ref().unwrap_or(on);
                    writeln!(out, "### On {}\n", escape(&about(named)))?;
                    match statement_of(b, part) {
                        Some(s) => statement(out, s, b)?,
                        None => {
                            let text = now.as_ref().map_or("", |p| p.text.as_str());
                            for p in paragraphs(text) {
                                writeln!(out, "> {}", escape(&p))?;
                            }
                            writeln!(out)?;
                        }
                    }
                    if let Some(was) = now.as_ref().and_then(|now| written_against(on, now)) {
                        writeln!(out, "The note was written against an earlier text:\n")?;
                        for p in paragraphs(was) {
                            writeln!(out, "> {}", escape(&p))?;
                        }
                        writeln!(out)?;
                    }
                }
                (Some(on), None) => {
                    writeln!(out, "### Detached: was on {}\n", escape(&about(on)))?;
                    writeln!(out, "{}\n", why_detached(on))?;
                    for p in paragraphs(&on.text) {
                        writeln!(out, "> {}", escape(&p))?;
                    }
                    writeln!(out)?;
                }
            }
            let mut label = format!(
                "**✎ Note** by {}, {}",
                escape(&sanitize(&note.author, Lines::Single)),
                moment(note.updated, Moment::Minute).unwrap_or_else(|| "?".into())
            );
            if note.imported {
                label.push_str(" (imported beside another note of the same id)");
            }
            writeln!(out, "{label} · the analyst's own, not the reporting:\n")?;
            for p in sanitize(&note.body, Lines::Multi).split("\n\n") {
                let p = p.trim();
                if !p.is_empty() {
                    let lines: Vec<String> = p.lines().map(escape).collect();
                    writeln!(out, "{}\n", lines.join("  \n"))?;
                }
            }
        }
    }
    if let Some(m) = &banner {
        writeln!(out, "**{}**", escape(m))?;
    }
    Ok(())
}

fn json(out: &mut dyn Write, annotated: &[Annotated]) -> io::Result<()> {
    for a in annotated {
        let b = &a.briefing;
        for (note, found) in placed(a) {
            let on = note.on.as_ref().map(|p| {
                let s = found.part().and_then(|part| statement_of(b, part));
                let cited = s.map(|s| Attribution::of(s, &b.sources));
                // Quoted as it reads now; the text written against only labelled so.
                let now = found.part().and_then(|part| b.passage(part));
                let (text, written_against) = match &now {
                    Some(now) => (
                        now.text.clone(),
                        written_against(p, now).map(str::to_string),
                    ),
                    None => (String::new(), Some(p.text.clone())),
                };
                let (party, actor) = match p.kind {
                    Kind::Reaction => (String::new(), p.party.clone()),
                    _ => (p.party.clone(), String::new()),
                };
                On {
                    kind: p.kind.name().to_string(),
                    party,
                    actor,
                    speaker: now.as_ref().map_or(&p.speaker, |now| &now.speaker).clone(),
                    text,
                    written_against,
                    role: cited.as_ref().and_then(|c| c.role.map(str::to_string)),
                    date: cited.as_ref().and_then(|c| c.date.clone()),
                    source: cited.as_ref().and_then(|c| c.source.map(str::to_string)),
                    grade: cited.as_ref().and_then(|c| c.grade.clone()),
                    said: cited.as_ref().map(|c| c.kind.to_string()),
                }
            });
            let record = Exported {
                id: note.id.clone(),
                briefing: Cited {
                    id: a.id.clone(),
                    title: Some(b.title.to_string()),
                    date: Some(b.date.iso_date()),
                    marking: b.marking.as_deref().map(str::to_string),
                },
                on,
                detached: note.on.is_some() && found == Found::Gone,
                note: note.body.clone(),
                author: note.author.clone(),
                created: moment(note.created, Moment::Rfc3339),
                updated: moment(note.updated, Moment::Rfc3339),
                imported: note.imported,
            };
            serde_json::to_writer(&mut *out, &record)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

/// The note an exported record describes.
fn note_of(record: Exported) -> Result<Note, String> {
    if record.id.trim().is_empty() || record.briefing.id.trim().is_empty() {
        return Err("a note needs an id and a briefing id".into());
    }
    let on = match record.on {
        None => None,
        Some(on) => {
            let kind = Kind::from_name(&on.kind).ok_or_else(|| {
                format!(
                    "unknown kind of passage {}",
                    crate::briefing::sanitize::quoted(&on.kind)
                )
            })?;
            // A note is anchored by what it was written against, and a reaction by its actor
            // (one exported without its actor stays without: it is shown under none).
            Some(Passage {
                kind,
                party: match kind {
                    Kind::Reaction => on.actor,
                    _ => on.party,
                },
                speaker: on.speaker,
                text: on.written_against.unwrap_or(on.text),
            })
        }
    };
    let now = crate::memory::now();
    let created = parse_time(record.created.as_deref()).unwrap_or(now);
    let note = Note {
        id: record.id,
        briefing: record.briefing.id,
        on,
        body: record.note,
        author: record.author,
        created,
        updated: parse_time(record.updated.as_deref()).unwrap_or(created),
        imported: record.imported,
    };
    match note.refused() {
        Some(why) => Err(why),
        None => Ok(note),
    }
}

fn import(file: &std::path::Path, dir: &std::path::Path, _max_size: u64) -> ExitCode {
    let name = if file.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        super::shell_word(file)
    };
    let text = if file.as_os_str() == "-" {
        crate::briefing::read_stream(io::stdin().lock(), MAX_IMPORT).map_err(|o| {
            o.diagnostics
                .first()
                .map_or_else(|| "cannot be read".to_string(), |d| d.message.clone())
        })
    } else {
        crate::briefing::read_path(file, MAX_IMPORT).map_err(|o| {
            o.diagnostics
                .first()
                .map_or_else(|| "cannot be read".to_string(), |d| d.message.clone())
        })
    };
    let text = match text {
        Ok(t) => t,
        Err(why) => {
            super::warn(format_args!("{name}: {why}"));
            return ExitCode::from(1);
        }
    };
    let mut notes = Vec::new();
    let mut bad = 0;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record = serde_json::from_str::<Exported>(line)
            .map_err(|e| e.to_string())
            .and_then(note_of);
        match record {
            Ok(note) => notes.push(note),
            Err(why) => {
                bad += 1;
                super::warn(format_args!("{name}:{}: {why}", n + 1));
            }
        }
    }
    let Some(mut store) = super::mark::open_store(dir) else {
        return ExitCode::from(1);
    };
    let progress = io::stderr().is_terminal() && notes.len() > BATCH;
    let total = notes.len();
    let merged = store.import(&notes, BATCH, |done| {
        if progress {
            let _ = write!(io::stderr(), "\rimporting {done}/{total}");
        }
    });
    if progress {
        let _ = writeln!(io::stderr());
    }
    match merged {
        Ok(m) => {
            let s = if total == 1 { "" } else { "s" };
            let _ = writeln!(
                io::stdout(),
                "imported {total} note{s}: {} new, {} already held, {} kept beside a different \
                 note of the same id",
                m.added,
                m.unchanged,
                m.beside
            );
            ExitCode::from(u8::from(bad > 0))
        }
        Err(e) => {
            super::warn(e);
            ExitCode::from(1)
        }
    }
}
