//! `brief list`: one row per briefing (newest first), optionally filtered by the library's
//! query language, as tab-separated text or JSON lines. Files that fail to load are reported
//! on stderr and make the exit code 1; the others are still listed. It reads through the
//! search index ([`crate::archive`]), so a second run re-reads only files that changed.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use super::{closed_pipe, report};
use crate::archive::plan;
use crate::archive::search::Order;
use crate::briefing::sanitize::{self, Lines};
use crate::library::ids::Ids;
use crate::library::query::QueryError;
use crate::library::recall::Recall;
use crate::text::display_width;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Query: whole words must all appear, ignoring case and diacritics (susa finds \
Şuşa; word* for a prefix, \"a phrase\" in quotes); filters tag:, region:, party:, speaker:, \
source:, after:YYYY-MM-DD, before:YYYY-MM-DD, is:read|unread|flagged|updated, has:note; \
-term excludes (--query=-word when it comes first), a OR b takes either.\n\nExit codes:\n  0  listed\n  1  some files failed to load, or two briefings share an id (reported on stderr; all the others are listed)\n  2  usage error, such as a bad query"
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
    /// One JSON object per line: `path` as text (JSON-escaped; a byte that is not UTF-8 as
    /// U+FFFD) and `path_bytes`, the path exactly as it is, as an array of byte values.
    Json,
}

#[derive(serde::Serialize)]
struct Row<'a> {
    date: String,
    id: String,
    title: &'a str,
    path: String,
    path_bytes: Vec<u8>,
    region: Option<&'a str>,
    tags: &'a [String],
    marking: Option<&'a str>,
    parties: &'a [String],
}

/// What is wrong with `query`, then the query with the term it is about underlined:
///
/// ```text
/// bad query: after: expects a date like 2022-09-12
///   border after:notadate
///          ^^^^^^^^^^^^^^
/// ```
fn pointed(e: &QueryError, query: &str) -> String {
    let byte = |char_at: usize| {
        query
            .char_indices()
            .nth(char_at)
            .map_or(query.len(), |(i, _)| i)
    };
    let (start, end) = (byte(e.at.start), byte(e.at.end).max(byte(e.at.start)));
    // Measured as shown: a control character is shown as a symbol.
    let width = |s: &str| display_width(&sanitize::sanitize(s, Lines::Single));
    let (pad, under) = (width(&query[..start]), width(&query[start..end]).max(1));
    format!(
        "bad query: {}\n  {}\n  {}{}",
        e.message,
        sanitize::sanitize(query, Lines::Single),
        " ".repeat(pad),
        "^".repeat(under)
    )
}

pub fn run(args: Args, global: &super::Global) -> ExitCode {
    let plan = match plan::compile(args.query.as_deref().unwrap_or_default(), false) {
        Ok((_, plan)) => plan,
        Err(e) => {
            super::warn(pointed(&e, args.query.as_deref().unwrap_or_default()));
            return ExitCode::from(2);
        }
    };
    let sources = match super::sources(args.paths, global) {
        Ok(sources) => sources,
        Err(code) => return code,
    };
    let catalog = super::indexing::catalog(&sources, global);
    let catalog = match catalog {
        Ok(catalog) => catalog,
        Err(e) => {
            super::warn(format_args!("cannot index the briefings: {e}"));
            return ExitCode::from(1);
        }
    };
    if let Some(message) = catalog.opened.message() {
        super::warn(message);
    }
    let (shared, failures) = match (catalog.shared_ids(), catalog.failures()) {
        (Ok(shared), Ok(failures)) => (shared, failures),
        (Err(e), _) | (_, Err(e)) => {
            super::warn(format_args!("cannot read the index: {e}"));
            return ExitCode::from(1);
        }
    };
    let mut ids = Ids::default();
    for (id, origin) in &shared {
        ids.add(id, origin);
    }
    let mut err = io::stderr().lock();
    for line in failures
        .iter()
        .flat_map(|(_, lines)| lines.iter().cloned())
        .chain(ids.lines())
    {
        let _ = writeln!(err, "{line}");
    }
    drop(err);
    let failed = !failures.is_empty() || ids.count() > 0;
    // What the store remembers, read only when the query asks about it.
    let mut catalog = catalog;
    if plan.asks_memory() {
        let remembered = match super::mark::remembered(&global.state) {
            Ok(remembered) => remembered,
            Err(e) => {
                super::warn(e);
                return ExitCode::from(1);
            }
        };
        let said = Recall::from(&remembered).said();
        if let Err(e) = catalog.archive.remember(true, said.into_iter()) {
            super::warn(format_args!("cannot search the index: {e}"));
            return ExitCode::from(1);
        }
    }
    let listing = (catalog.archive).listing(&plan, Order::Date, &catalog.scope);
    let hits = match listing.and_then(|l| l.window(&catalog.archive, 0, usize::MAX)) {
        Ok(rows) => rows,
        Err(e) => {
            super::warn(format_args!("cannot search the index: {e}"));
            return ExitCode::from(1);
        }
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    // A file the index holds under the folders named but the walk did not find (gone since)
    // is not listed.
    let named = hits.iter().filter_map(|l| Some((l, catalog.origin(l)?)));
    let written = named.into_iter().try_for_each(|(l, origin)| {
        let (date, id) = (
            l.date.as_deref().unwrap_or_default(),
            l.id.clone().unwrap_or_default(),
        );
        let title = l.title.as_deref().unwrap_or_default();
        match args.format {
            // Cleaned for the terminal: a path may hold anything a file name can.
            Format::Plain => {
                let path = sanitize::quoted(&origin.name()).into_owned();
                let id = sanitize::quoted(&id).into_owned();
                writeln!(out, "{date}\t{id}\t{title}\t{path}")
            }
            // The real path, so a script can open the file; JSON escapes keep it inert.
            Format::Json => {
                let row = Row {
                    date: date.to_string(),
                    id,
                    title,
                    path: origin.name(),
                    path_bytes: origin.name_bytes(),
                    region: l.region.as_deref(),
                    tags: &l.tags,
                    marking: l.marking.as_deref(),
                    parties: &l.parties,
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
