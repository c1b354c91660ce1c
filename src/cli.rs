//! The command line: what `brief` and `brief print` accept, and what each does.
//!
//! Exit codes: 0 success; 1 a briefing could not be loaded or the reader failed; 2 a usage
//! error, or `brief` was run without a terminal. A signal ends the reader with 128 + its number.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::briefing::{self, Briefing, Outcome};
use crate::bundled;
use crate::export;
use crate::ui::Theme;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  the briefing could not be loaded (each problem is printed as path:line:col: message)
  2  usage error, or no terminal to draw on (use `brief print` instead)";

/// A terminal reader for analyst news briefings.
///
/// With no FILE, opens ./briefings when it exists, otherwise the briefings built into brief.
#[derive(Debug, Parser)]
#[command(name = "brief", version, after_help = EXIT_CODES, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Briefing file (TOML, format 1) to open.
    pub file: Option<PathBuf>,

    /// Refuse briefing files larger than this (for example 512KiB, 8MiB).
    #[arg(long, global = true, value_name = "SIZE", default_value = "4MiB", value_parser = parse_size)]
    pub max_size: u64,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the whole briefing as plain text: every tab in order, marking first and last.
    Print {
        /// Briefing file, or - for standard input. Default: what `brief` would open.
        file: Option<PathBuf>,

        /// Wrap the text to this many columns (20 or more).
        #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u16).range(20..))]
        width: u16,
    },
}

fn parse_size(text: &str) -> Result<u64, String> {
    parse_size::Config::new()
        .with_binary()
        .parse_size(text)
        .map_err(|e| format!("{e} (try 4MiB or 500000)"))
}

/// Where a briefing comes from, and how messages name it.
enum Origin {
    File(PathBuf),
    Stdin,
    Bundled(&'static str, &'static str),
}

impl Origin {
    fn name(&self) -> String {
        match self {
            Origin::File(p) => p.display().to_string(),
            Origin::Stdin => "<stdin>".into(),
            Origin::Bundled(name, _) => format!("<built-in>/{name}"),
        }
    }

    fn load(&self, max_size: u64) -> Outcome {
        match self {
            Origin::File(p) => briefing::load_path(p, max_size),
            Origin::Stdin => briefing::load_reader(io::stdin().lock(), max_size),
            Origin::Bundled(_, text) => briefing::parse((*text).to_string()),
        }
    }
}

/// What `brief` opens with no FILE: the newest briefing in `./briefings` when that folder
/// holds any, otherwise the newest built-in one.
fn default_origin() -> Origin {
    let folder = Path::new("briefings");
    if let Ok(entries) = std::fs::read_dir(folder) {
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
            .collect();
        // Names start with the date, so the last in order is the newest.
        files.sort();
        if let Some(newest) = files.pop() {
            return Origin::File(newest);
        }
    }
    let (name, text) = bundled::BRIEFINGS[0];
    Origin::Bundled(name, text)
}

fn origin_of(file: Option<PathBuf>) -> Origin {
    match file {
        Some(p) if p.as_os_str() == "-" => Origin::Stdin,
        Some(p) => Origin::File(p),
        None => default_origin(),
    }
}

/// Loads a briefing, printing warnings and errors to stderr.
fn load(origin: &Origin, max_size: u64) -> Result<Briefing, ExitCode> {
    let outcome = origin.load(max_size);
    let report = outcome.report(&origin.name());
    if !report.is_empty() {
        let _ = io::stderr().write_all(report.as_bytes());
    }
    outcome.briefing.ok_or(ExitCode::from(1))
}

/// Runs `brief` with the process's arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Print { file, width }) => print(origin_of(file), cli.max_size, width),
        None => read(origin_of(cli.file), cli.max_size),
    }
}

fn print(origin: Origin, max_size: u64, width: u16) -> ExitCode {
    let briefing = match load(&origin, max_size) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    match export::write_text(&mut out, &briefing, width) {
        Ok(()) => ExitCode::SUCCESS,
        // `brief print | head`: the reader went away, which is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("brief: cannot write: {e}");
            ExitCode::from(1)
        }
    }
}

/// Why the terminal cannot host the reader, if it cannot.
fn no_terminal() -> Option<&'static str> {
    if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        Some("TERM is \"dumb\"")
    } else if !io::stdout().is_terminal() {
        Some("standard output is not a terminal")
    } else if !io::stdin().is_terminal() {
        Some("standard input is not a terminal")
    } else {
        None
    }
}

fn read(origin: Origin, max_size: u64) -> ExitCode {
    if let Some(why) = no_terminal() {
        eprintln!(
            "brief: {why}, so the reader cannot start.\n\
             To print the briefing as text, run: brief print{}",
            match &origin {
                Origin::File(p) =>
                    format!(" {}", briefing::sanitize::quoted(&p.display().to_string())),
                _ => String::new(),
            }
        );
        return ExitCode::from(2);
    }
    let briefing = match load(&origin, max_size) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let theme = Theme::from_env();
    match crate::app::run(briefing, &theme) {
        Ok(crate::app::Exit::Quit) => ExitCode::SUCCESS,
        Ok(crate::app::Exit::Signal(sig)) => ExitCode::from(128u8.saturating_add(sig as u8)),
        Err(e) => {
            eprintln!("brief: terminal error: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::DEFAULT_MAX_SIZE;

    #[test]
    fn default_size_cap_is_four_mebibytes() {
        assert_eq!(parse_size("4MiB"), Ok(DEFAULT_MAX_SIZE));
        assert_eq!(parse_size("500000"), Ok(500_000));
        assert!(parse_size("lots").is_err());
    }

    #[test]
    fn command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
