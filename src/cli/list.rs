//! `brief list`: one row per briefing (newest first), optionally filtered by the library's
//! query language, as tab-separated text or JSON lines. Files that fail to load are reported
//! on stderr and make the exit code 1; the others are still listed.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use super::{closed_pipe, report};
use crate::briefing::sanitize;
use crate::library::ids::Ids;
use crate::library::index::Index;
use crate::library::loader::{Loader, Msg};
use crate::library::query;
use crate::library::source::Sources;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Query: words must all appear (smart case); filters tag:, region:, party:, \
speaker:, source:, after:YYYY-MM-DD, before:YYYY-MM-DD.\n\nExit codes:\n  0  listed\n  1  some files failed to load, or two briefings share an id (reported on stderr; all the others are listed)\n  2  usage error, such as a bad query"
)]
pub struct Args {
    /// Files and folders (searched for *.toml). Default: ./briefings when it exists,
    /// otherwise the built-in briefings.
    paths: Vec<PathBuf>,

    /// Only briefings matching this query.
    #[arg(long, short)]
    query: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Plain)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Tab-separated: date, id, title, path (control characters in a path shown as symbols).
    Plain,
    /// One JSON object per line, with the path exactly as it is (JSON-escaped).
    Json,
}

#[derive(serde::Serialize)]
struct Row<'a> {
    date: String,
    id: String,
    title: &'a str,
    path: String,
    region: Option<&'a str>,
    tags: &'a [String],
    marking: Option<&'a str>,
    parties: &'a [String],
}

pub fn run(args: Args, global: &super::Global) -> ExitCode {
    let (max_size, symlinks) = (global.max_size, global.symlinks);
    let query = match query::parse(args.query.as_deref().unwrap_or_default()) {
        Ok(q) => q,
        Err(e) => {
            super::warn(format_args!("bad query: {e}"));
            return ExitCode::from(2);
        }
    };
    let sources = Sources::resolve(args.paths, symlinks);
    let mut index = Index::default();
    let mut failures = Vec::new();
    for msg in Loader::start(sources, max_size).wait_all() {
        match msg {
            Msg::Loaded(entry) => {
                index.push(*entry);
            }
            Msg::Failed(f) => failures.push(f),
            Msg::Scanned(_) | Msg::Done => {}
        }
    }
    // In path order, whatever order the loading threads finished in.
    failures.sort_by(|a, b| a.origin.cmp(&b.origin));
    let mut ids = Ids::default();
    for e in &index.entries {
        ids.add(&e.id, &e.origin);
    }
    let mut err = io::stderr().lock();
    for line in failures
        .iter()
        .flat_map(|f| f.lines.iter().cloned())
        .chain(ids.lines())
    {
        let _ = writeln!(err, "{line}");
    }
    drop(err);
    let failed = !failures.is_empty() || ids.count() > 0;
    // What the store remembers, read only when the query asks about it.
    let asks = query.terms.iter().any(|t| matches!(t, query::Term::Is(_)));
    let remembered = if asks {
        match super::mark::remembered(&global.state) {
            Ok(remembered) => remembered,
            Err(e) => {
                super::warn(e);
                return ExitCode::from(1);
            }
        }
    } else {
        super::mark::Remembered::default()
    };
    let mut hits = query::search(&index, &query, &remembered.recall());
    let entries = &index.entries;
    hits.sort_by(|a, b| {
        let (a, b) = (&entries[a.entry], &entries[b.entry]);
        b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title))
    });
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = hits.iter().try_for_each(|hit| {
        let e = &entries[hit.entry];
        match args.format {
            // Cleaned for the terminal: a path may hold anything a file name can.
            Format::Plain => {
                let path = sanitize::quoted(&e.origin.name()).into_owned();
                let id = sanitize::quoted(&e.id).into_owned();
                writeln!(out, "{}\t{id}\t{}\t{path}", e.date.iso_date(), e.title)
            }
            // The real path, so a script can open the file; JSON escapes keep it inert.
            Format::Json => {
                let row = Row {
                    date: e.date.iso_date(),
                    id: e.id.clone(),
                    title: &e.title,
                    path: e.origin.name(),
                    region: e.region.as_deref(),
                    tags: &e.tags,
                    marking: e.marking.as_deref(),
                    parties: &e.parties,
                };
                let json = serde_json::to_string(&row).expect("rows always serialise");
                writeln!(out, "{}", report::inert_json(&json))
            }
        }
    });
    match written.and_then(|()| out.flush()) {
        Ok(()) => {}
        // The reader of a pipe went away: the exit code still tells of files that failed.
        Err(e) if closed_pipe(&e) => {}
        Err(e) => {
            super::warn(format_args!("cannot write the list: {e}"));
            return ExitCode::from(1);
        }
    }
    ExitCode::from(u8::from(failed))
}
