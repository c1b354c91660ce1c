//! `brief export --format stix [PATH...] [-o FILE]`: the briefings found, with the analyst's
//! notes on them, as one STIX 2.1 bundle ([`crate::export::stix`]). A file without an id
//! whose file's name another file holds ([`crate::memory::Claim`]) is exported without notes,
//! and why is said.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::UNIX_EPOCH;

use super::{closed_pipe, output};
use crate::briefing::sanitize;
use crate::export::stix;
use crate::library::source::Origin;
use crate::memory::Note;
use crate::store::location::Location;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes:\n  0  written\n  1  a briefing could not be loaded (the rest are written), the store could not be read, or the output could not be written\n  2  usage error"
)]
pub struct Args {
    /// Briefing files and folders to export. Default: what `brief` would open.
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Stix)]
    format: Format,

    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// One STIX 2.1 bundle (JSON), checked against the OASIS validator (see docs/STIX.md).
    Stix,
}

/// The analyst's notes, by briefing id, when there is a store to read.
fn notes(state: &Location) -> Result<HashMap<String, Vec<Note>>, ExitCode> {
    let Location::Folder(dir) = state else {
        return Ok(HashMap::new());
    };
    match super::mark::read_store(dir) {
        Ok(Some(store)) => store.notes().map_err(|e| {
            super::warn(e);
            ExitCode::from(1)
        }),
        Ok(None) => Ok(HashMap::new()),
        Err(e) => {
            super::warn(e);
            Err(ExitCode::from(1))
        }
    }
}

/// When the file was last modified, in seconds since the epoch.
fn modified(origin: &Origin) -> Option<i64> {
    let Origin::File(path) = origin else {
        return None;
    };
    let time = std::fs::metadata(path).ok()?.modified().ok()?;
    i64::try_from(time.duration_since(UNIX_EPOCH).ok()?.as_secs()).ok()
}

/// Who the export is by: the configured `analyst`, else the name `brief` puts on notes
/// (`$USER`, else `$LOGNAME`, else `analyst`), as `brief config` shows it.
fn analyst(global: &super::Global) -> String {
    (global.configuration().config.analyst)
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(crate::app::notes::author)
}

pub fn run(args: Args, global: &super::Global) -> ExitCode {
    let Format::Stix = args.format;
    let (bundle, failed) = match bundle(args.paths, global) {
        Ok(made) => made,
        Err(code) => return code,
    };
    let mut bytes = serde_json::to_vec_pretty(&bundle).unwrap_or_default();
    bytes.push(b'\n');
    let written = match &args.output {
        None => {
            let mut out = io::stdout().lock();
            out.write_all(&bytes).and_then(|()| out.flush())
        }
        Some(path) => output::write(path, &bytes),
    };
    match written {
        Ok(()) => ExitCode::from(u8::from(failed)),
        Err(e) if closed_pipe(&e) => ExitCode::from(u8::from(failed)),
        Err(e) => {
            let target = args.output.as_ref().map_or("standard output".into(), |p| {
                sanitize::quoted(&p.display().to_string()).into_owned()
            });
            super::warn(format_args!("cannot write {target}: {e}"));
            ExitCode::from(1)
        }
    }
}

/// The STIX bundle of the briefings `paths` name (what `brief` opens when none), with the
/// analyst's notes on them, and whether a briefing was left out (said on stderr); for
/// `brief export` and `brief push` alike.
pub(super) fn bundle(
    paths: Vec<PathBuf>,
    global: &super::Global,
) -> Result<(serde_json::Value, bool), ExitCode> {
    let notes = notes(&global.state)?;
    let sources = super::sources(paths, global)?;
    let (found, mut failed) = super::indexed(&sources, global)?;
    // A file without an id whose name another file holds: the notes under it are the other's.
    let noted: Vec<_> = (found.iter())
        .filter(|(id, _)| notes.contains_key(id))
        .cloned()
        .collect();
    let mut store = match &global.state {
        Location::Folder(dir) => super::mark::read_store(dir).ok().flatten(),
        Location::Nowhere(_) => None,
    };
    let unheld = super::unheld(&noted, store.as_mut(), global.max_size);
    drop(store);
    let mut loaded: Vec<(crate::briefing::Briefing, String, Option<i64>, bool)> = Vec::new();
    let mut exported: HashMap<String, Origin> = HashMap::new();
    for (id, origin) in found {
        // One id, one set of STIX ids: a second file with the id is left out, and said.
        if let Some(first) = exported.get(&id) {
            failed = true;
            super::warn(format_args!(
                "{}: left out: it shares the id {} with {}",
                sanitize::quoted(&origin.name()),
                sanitize::quoted(&id),
                sanitize::quoted(&first.name())
            ));
            continue;
        }
        exported.insert(id.clone(), origin.clone());
        match origin.open(global.max_size) {
            Ok((briefing, _)) => {
                let held = !unheld.contains(&origin);
                loaded.push((briefing, id, modified(&origin), held));
            }
            Err(line) => {
                failed = true;
                super::warn(format_args!("{line}"));
            }
        }
    }
    let none = Vec::new();
    let items: Vec<stix::Item> = (loaded.iter())
        .map(|(briefing, id, modified, held)| stix::Item {
            briefing,
            id: id.clone(),
            modified: *modified,
            notes: (notes.get(id).filter(|_| *held)).unwrap_or(&none),
        })
        .collect();
    Ok((stix::bundle(&items, &analyst(global)), failed))
}
