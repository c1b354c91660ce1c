//! `brief check`: every problem in every file, shown like a compiler shows them, or as JSON.
//! Briefings that share an id are each reported; one without an id of its own (known by its
//! file name) is given an id to write, one that sets it apart from the others.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use super::{closed_pipe, report};
use crate::briefing::{Diagnostic, Outcome, Severity};
use crate::library::ids::Ids;
use crate::library::source::{Origin, Scanned};
use crate::memory::state_key;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes:\n  0  no errors (warnings allowed unless --strict)\n  1  problems found\n  2  usage error"
)]
pub struct Args {
    /// Files and folders to check (folders are searched for *.toml), or - for standard input.
    /// Default: ./briefings when it exists, otherwise the built-in briefings.
    paths: Vec<PathBuf>,

    /// Treat warnings (such as unknown keys) as errors.
    #[arg(long)]
    strict: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Like rustc: the source line with a caret under the problem.
    Human,
    /// One JSON object per diagnostic, one per line.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Color {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

/// One input and what loading it found.
struct Checked {
    name: String,
    /// Where the briefing came from, when it is one.
    origin: Option<Origin>,
    outcome: Outcome,
}

impl Checked {
    /// What checking one thing a scan found gives: the briefing's every problem, or why the
    /// path cannot be read.
    fn of(scanned: Scanned, max_size: u64) -> Self {
        match scanned {
            Scanned::Briefing(origin) => Self {
                name: origin.name(),
                outcome: origin.load(max_size),
                origin: Some(origin),
            },
            Scanned::Problem(path, why) => Self {
                name: path.display().to_string(),
                origin: None,
                outcome: Outcome::failure(String::new(), Diagnostic::error("io", why, None)),
            },
        }
    }
}

pub fn run(args: Args, global: &super::Global) -> ExitCode {
    let max_size = global.max_size;
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let sources = match super::sources(args.paths, global) {
        Ok(sources) => sources,
        Err(code) => return code,
    };
    // Once the reader of a pipe has gone (`brief check | head`), checking goes on without
    // output: the exit code still says whether errors were found.
    let mut out = Report {
        out: io::BufWriter::new(io::stdout().lock()),
        closed: false,
    };
    let (mut files, mut errors, mut warnings, mut bad_files) = (0, 0, 0, 0);
    let mut ids = Ids::default();
    // What each briefing without an id could be given: short, and with its folder.
    let mut unnamed: HashMap<Origin, (String, String)> = HashMap::new();
    for scanned in sources.scan() {
        let mut checked = Checked::of(scanned, max_size);
        if let (Some(origin), Some(b)) = (&checked.origin, &checked.outcome.briefing) {
            ids.add(&state_key(b.id.as_deref(), || origin.stem()), origin);
            if b.id.is_none() {
                unnamed.insert(origin.clone(), suggestions(&b.date.iso_date(), origin));
            }
        }
        if args.strict {
            for d in &mut checked.outcome.diagnostics {
                d.severity = Severity::Error;
            }
        }
        files += 1;
        let e = checked.outcome.errors().count();
        errors += e;
        warnings += checked.outcome.warnings().count();
        bad_files += usize::from(e > 0);
        if let Err(e) = out.write(|out| write_file(out, &checked, args.format, color)) {
            return write_failed(&e);
        }
    }
    // Known once every file is read: briefings that share an id.
    let problems: Vec<_> = ids.problems().collect();
    for (origin, mut d) in problems.iter().cloned() {
        if let Some(id) = suggestion(origin, &problems, &unnamed) {
            d = d.with_help(format!(
                "this briefing has no `id`, so its file name is its id, and the notes and marks \
                 on any of these briefings would show on the others: give it an id of its own \
                 in [briefing], such as id = \"{id}\""
            ));
        }
        errors += 1;
        bad_files += 1;
        let checked = Checked {
            name: origin.name(),
            origin: None,
            outcome: Outcome::failure(String::new(), d),
        };
        if let Err(e) = out.write(|out| write_file(out, &checked, args.format, color)) {
            return write_failed(&e);
        }
    }
    let summary = summary(files, errors, warnings, bad_files);
    let written = out.write(|out| {
        if args.format == Format::Human {
            writeln!(out, "{summary}")?;
        }
        out.flush()
    });
    if let Err(e) = written {
        return write_failed(&e);
    }
    ExitCode::from(u8::from(errors > 0))
}

/// Ids for a briefing of `date` at `origin` that has none: its date and file name, and those
/// and its folder's name, each made an id.
fn suggestions(date: &str, origin: &Origin) -> (String, String) {
    let stem = origin.stem();
    let dated = if stem.starts_with(date) {
        stem.clone()
    } else {
        format!("{date}-{stem}")
    };
    let folder = match origin {
        Origin::File(path) => (path.parent())
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned()),
        _ => None,
    };
    let with_folder = match folder {
        Some(folder) if !folder.is_empty() => format!("{dated}-{folder}"),
        _ => dated.clone(),
    };
    let id =
        |text: &str| crate::briefing::schema::id_from(text).unwrap_or_else(|| "briefing".into());
    (id(&dated), id(&with_folder))
}

/// The id to suggest for the briefing at `origin`, which shares its id with others: the
/// shorter of its [`suggestions`] unless another briefing with that id would get it too.
fn suggestion(
    origin: &Origin,
    problems: &[(&Origin, Diagnostic)],
    unnamed: &HashMap<Origin, (String, String)>,
) -> Option<String> {
    let (short, long) = unnamed.get(origin)?;
    let taken = |id: &str| {
        (problems.iter())
            .filter(|(o, _)| *o != origin)
            .any(|(o, _)| unnamed.get(*o).is_some_and(|(s, _)| s == id))
    };
    Some(if taken(short) { long } else { short }.clone())
}

/// Standard output, until the reader of a pipe on it goes away.
struct Report<W> {
    out: W,
    closed: bool,
}

impl<W: Write> Report<W> {
    /// Runs `write` on the output unless it is closed; a closed pipe closes it.
    fn write(&mut self, write: impl FnOnce(&mut W) -> io::Result<()>) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match write(&mut self.out) {
            Err(e) if closed_pipe(&e) => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

fn write_failed(e: &io::Error) -> ExitCode {
    super::warn(format_args!("cannot write the report: {e}"));
    ExitCode::from(1)
}

fn write_file(out: &mut impl Write, c: &Checked, format: Format, color: bool) -> io::Result<()> {
    for d in &c.outcome.diagnostics {
        match format {
            Format::Human => writeln!(
                out,
                "{}\n",
                report::human(&c.name, &c.outcome.text, d, color)
            )?,
            Format::Json => writeln!(out, "{}", report::json(&c.name, &c.outcome.text, d))?,
        }
    }
    Ok(())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `checked 12 files: 3 errors and 1 warning in 2 files`, or `checked 1 file: no problems`.
fn summary(files: usize, errors: usize, warnings: usize, bad_files: usize) -> String {
    let checked = format!("checked {}", plural(files, "file", "files"));
    match (errors, warnings) {
        (0, 0) => format!("{checked}: no problems"),
        (0, w) => format!("{checked}: {}", plural(w, "warning", "warnings")),
        (e, 0) => format!(
            "{checked}: {} in {}",
            plural(e, "error", "errors"),
            plural(bad_files, "file", "files")
        ),
        (e, w) => format!(
            "{checked}: {} in {}, and {}",
            plural(e, "error", "errors"),
            plural(bad_files, "file", "files"),
            plural(w, "warning", "warnings")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_read_naturally() {
        assert_eq!(summary(1, 0, 0, 0), "checked 1 file: no problems");
        assert_eq!(summary(3, 0, 2, 0), "checked 3 files: 2 warnings");
        assert_eq!(summary(3, 1, 0, 1), "checked 3 files: 1 error in 1 file");
        assert_eq!(
            summary(5, 4, 1, 2),
            "checked 5 files: 4 errors in 2 files, and 1 warning"
        );
    }
}
