//! `brief print`: the whole briefing as plain text or Markdown, to stdout or a file.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use super::{closed_pipe, load, output};
use crate::briefing::sanitize;
use crate::export;
use crate::library::source::Origin;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Briefing file, or - for standard input. Default: what `brief` would open.
    file: Option<PathBuf>,

    /// Wrap text output to this many columns (20 or more).
    #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u16).range(20..))]
    width: u16,

    /// The parties' statements side by side, aligned by date, as the reader's compare view
    /// shows them (in columns as the width allows; a table in Markdown).
    #[arg(long)]
    compare: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Plain text, as the reader lays it out.
    Text,
    /// Markdown: a heading per tab, quotes as block quotes, sources as a table.
    Markdown,
}

pub fn run(args: Args, global: &super::Global) -> ExitCode {
    let max_size = global.max_size;
    let origin = match args.file {
        Some(path) => Origin::of(path),
        // What `brief` would open: the newest briefing of the default sources.
        None => match super::sources(Vec::new(), global).map(|s| s.newest()) {
            Ok(Some(origin)) => origin,
            Ok(None) => {
                super::warn(
                    "no briefing to print where brief looks with no file named \
                     (./briefings, else the configuration's library); name one: brief print FILE",
                );
                return ExitCode::from(1);
            }
            Err(code) => return code,
        },
    };
    let briefing = match load(&origin, max_size) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let write = |out: &mut dyn Write| match (args.format, args.compare) {
        (Format::Text, false) => export::text::write(out, &briefing, args.width),
        (Format::Markdown, false) => export::markdown::write(out, &briefing),
        (Format::Text, true) => export::compare::write_text(out, &briefing, args.width),
        (Format::Markdown, true) => export::compare::write_markdown(out, &briefing),
    };
    let result = match &args.output {
        None => write(&mut io::BufWriter::new(io::stdout().lock())),
        Some(path) => {
            let mut bytes = Vec::new();
            write(&mut bytes).and_then(|()| output::write(path, &bytes))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let target = args.output.as_ref().map_or("standard output".into(), |p| {
                sanitize::quoted(&p.display().to_string()).into_owned()
            });
            super::warn(format_args!("cannot write {target}: {e}"));
            ExitCode::from(1)
        }
    }
}
