//! The command line: what `brief` and its subcommands accept, and what each does. One file per
//! command; this one holds the definition (which also generates completions and the man page)
//! and what the commands share: how load problems and messages are shown.

mod check;
mod config;
mod diff;
mod export;
mod import;
mod imported;
mod indexing;
mod list;
mod mark;
mod new;
mod notes;
mod output;
mod print;
mod pull;
mod push;
mod read;
mod remote;
mod report;
mod shell;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::briefing::Briefing;
use crate::briefing::sanitize::{self, Lines};
use crate::library::scan::Symlinks;
use crate::library::source::{DEFAULT_FOLDER, Origin, Sources};
use crate::store::location::{self, Location};

const EXIT_CODES: &str = "\
Exit codes:
  0  success (for check: no errors; warnings are allowed unless --strict)
  1  a briefing could not be loaded, or check found problems
  2  usage error, or no terminal to draw on (use `brief print` instead); for pull and
     push: offline, or a URL brief will not use";

/// A terminal reader for analyst news briefings.
///
/// One briefing opens in the reader; several (or a folder) open the library. With no PATH,
/// opens ./briefings when it exists, otherwise the briefings built into brief.
#[derive(Debug, Parser)]
#[command(name = "brief", version = env!("BRIEF_VERSION"), after_help = EXIT_CODES)]
pub struct Cli {
    /// Briefing files (TOML, format 1) and folders to search for them.
    pub paths: Vec<PathBuf>,

    /// Refuse briefing files larger than this (for example 512KiB, 8MiB).
    #[arg(long, global = true, value_name = "SIZE", default_value = "4MiB", value_parser = parse_size)]
    pub max_size: u64,

    /// In folders, follow symlinks that lead outside the folders given (by default they are
    /// reported and not read).
    #[arg(long, global = true)]
    pub follow_symlinks: bool,

    /// Keep the memory (read, flagged, places, notes, saved searches) in this folder.
    /// Default: $BRIEF_STATE_DIR, else $XDG_DATA_HOME/brief (~/.local/share/brief).
    #[arg(long, global = true, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,

    /// Remember nothing: no state is read or written.
    #[arg(long, global = true, conflicts_with = "state_dir")]
    pub no_state: bool,

    /// Never touch the network: the key that opens a source's URL only says so, and
    /// `brief pull` and `brief push` refuse.
    #[arg(long, global = true)]
    pub offline: bool,

    /// Read the configuration from this file. Default: $BRIEF_CONFIG, else
    /// $XDG_CONFIG_HOME/brief/config.toml (~/.config/brief/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the whole briefing as text or Markdown: every tab in order, marking first and last.
    Print(print::Args),
    /// Export briefings, with your notes on them, as one STIX 2.1 bundle.
    Export(export::Args),
    /// Compare two versions of a briefing block by block, or one with the version last read.
    Diff(diff::Args),
    /// Make briefings from what other tools exchange: `brief import stix BUNDLE.json`.
    Import(import::Args),
    /// Pull a TAXII 2.1 collection's reports as briefings (only what is new since the last pull).
    Pull(pull::Args),
    /// Push briefings, with your notes on them, to a TAXII 2.1 collection.
    Push(push::Args),
    /// Print the configuration in force (every default, commented), or check a file.
    Config(config::Args),
    /// Check briefing files and report every problem, like a compiler.
    Check(check::Args),
    /// List briefings (one row each, newest first), optionally only those matching a query.
    List(list::Args),
    /// Write a new briefing from the template.
    New(new::Args),
    /// Mark briefings read or unread, flag or unflag them, for scripts.
    Mark(mark::Args),
    /// Write every note with what it annotates, or import notes (`brief notes import`).
    Notes(notes::Args),
    /// Print a shell completion script.
    Completions(shell::CompletionArgs),
    /// Print the man page (roff).
    Man,
}

fn parse_size(text: &str) -> Result<u64, String> {
    parse_size::Config::new()
        .with_binary()
        .parse_size(text)
        .map_err(|e| format!("{e} (try 4MiB or 500000)"))
}

/// What a command reads: the `paths` given, else what `brief` opens with none (`./briefings`,
/// the folders the configuration's `library` names, the built-in briefings). Standard input
/// named twice is a usage error: it can be read once.
fn sources(paths: Vec<PathBuf>, global: &Global) -> Result<Sources, ExitCode> {
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        warn("standard input (-) can be read only once");
        return Err(ExitCode::from(2));
    }
    let library = if paths.is_empty() && !Path::new(DEFAULT_FOLDER).is_dir() {
        let loaded = global.configuration();
        if let Some(notice) = crate::config::notice(loaded.problems.len()) {
            warn(notice);
        }
        loaded.config.library
    } else {
        Vec::new()
    };
    Ok(Sources::resolve(paths, global.symlinks, &library))
}

/// Loads a briefing, printing warnings and errors to stderr as `path:line:col: …` lines.
fn load(origin: &Origin, max_size: u64) -> Result<Briefing<'static>, ExitCode> {
    load_with_text(origin, max_size).map(|(b, _)| b)
}

/// Like [`load`], with the text the briefing was read from.
fn load_with_text(origin: &Origin, max_size: u64) -> Result<(Briefing<'static>, String), ExitCode> {
    let outcome = origin.load(max_size);
    let report = outcome.report(&origin.name());
    if !report.is_empty() {
        let _ = io::stderr().write_all(report.as_bytes());
    }
    match outcome.briefing {
        Some(b) => Ok((b, outcome.text)),
        None => Err(ExitCode::from(1)),
    }
}

/// Runs `brief` with the process's arguments.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(&e),
    };
    // A file named with --config that is not there is a mistake, whatever the command.
    if let Some(file) = &cli.config
        && let Err(why) = std::fs::metadata(file)
    {
        warn(format_args!(
            "--config {}: cannot read it: {why}",
            shell_word(file)
        ));
        return ExitCode::from(2);
    }
    let global = Global {
        max_size: cli.max_size,
        symlinks: if cli.follow_symlinks {
            Symlinks::Follow
        } else {
            Symlinks::Inside
        },
        state: location::resolve(cli.state_dir, cli.no_state),
        // A run that keeps no trace keeps no index either.
        index: if cli.no_state {
            None
        } else {
            crate::archive::folder()
        },
        offline: cli.offline,
        config: cli.config.clone(),
    };
    match cli.command {
        Some(Command::Print(args)) => print::run(args, &global),
        Some(Command::Export(args)) => export::run(args, &global),
        Some(Command::Diff(args)) => diff::run(args, &global),
        Some(Command::Import(args)) => import::run(args, &global),
        Some(Command::Pull(args)) => pull::run(args, &global),
        Some(Command::Push(args)) => push::run(args, &global),
        Some(Command::Config(args)) => config::run(args, cli.config),
        Some(Command::Check(args)) => check::run(args, &global),
        Some(Command::List(args)) => list::run(args, &global),
        Some(Command::New(args)) => new::run(args),
        Some(Command::Mark(args)) => mark::run(args, &global),
        Some(Command::Notes(args)) => notes::run(args, &global),
        Some(Command::Completions(args)) => shell::completions(args),
        Some(Command::Man) => shell::man(),
        None => read::run(cli.paths, &global),
    }
}

/// The options every command shares.
struct Global {
    max_size: u64,
    symlinks: Symlinks,
    /// Where reading state is kept, if anywhere.
    state: Location,
    /// The search index's folder; `None` keeps it in memory.
    index: Option<std::path::PathBuf>,
    /// No web address is opened.
    offline: bool,
    /// The configuration file named on the command line.
    config: Option<PathBuf>,
}

impl Global {
    /// The configuration: the file `--config` names (its absence stopped every command in
    /// [`main`]), else the one looked for where it lives.
    fn configuration(&self) -> crate::config::Loaded {
        let path = crate::config::path(self.config.clone());
        crate::config::load(path.as_deref(), self.config.is_some())
    }
}

/// Every briefing of `sources` by id, in path order, through the index, for a command that
/// acts on them: what opening the index found and each file that failed to load said on
/// stderr. `Ok(false)` when every file loaded; `Err` (said too) when the index cannot be used.
fn indexed(
    sources: &crate::library::source::Sources,
    global: &Global,
) -> Result<(Vec<(String, crate::library::source::Origin)>, bool), ExitCode> {
    let catalog = indexing::catalog(sources, global);
    let found = catalog.and_then(|c| {
        if let Some(message) = c.opened.message() {
            warn(message);
        }
        Ok((c.briefings()?, c.failures()?))
    });
    match found {
        Ok((briefings, failures)) => {
            for line in failures.iter().flat_map(|(_, lines)| lines) {
                warn(line);
            }
            Ok((briefings, !failures.is_empty()))
        }
        Err(e) => {
            warn(format_args!("cannot index the briefings: {e}"));
            Err(ExitCode::from(1))
        }
    }
}

/// Those of `briefings` (by key, in path order) that may not use the memory under their key:
/// files without an id whose file's name another file holds ([`crate::memory::Claim`]), each
/// said on stderr with why. A file of such a name claims it when nobody holds it (recorded when
/// `store` can be written; otherwise the first of this command's files is the one).
fn unheld(
    briefings: &[(String, Origin)],
    mut store: Option<&mut crate::store::Store>,
    max_size: u64,
) -> std::collections::HashSet<Origin> {
    use crate::memory::{Claim, refusal};
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut given: std::collections::HashMap<&str, PathBuf> = std::collections::HashMap::new();
    let mut out = std::collections::HashSet::new();
    for (key, origin) in briefings {
        let Origin::File(file) = origin else { continue };
        // A key that is not the file's name is an id the briefing gives.
        if *key != origin.stem() {
            continue;
        }
        let Ok((briefing, text)) = origin.open(max_size) else {
            continue;
        };
        if briefing.id.is_some() {
            continue;
        }
        let path = crate::archive::catalog::key(file, &cwd);
        let claim = match given.get(key.as_str()) {
            Some(first) if *first == path => Claim::Own,
            Some(first) => Claim::Other(first.clone()),
            None => match store
                .as_deref_mut()
                .map(|s| s.claim(key, &path, Some(&text)))
            {
                Some(Ok(claim)) => claim,
                Some(Err(e)) => {
                    warn(e);
                    Claim::Other(PathBuf::from("(unknown: the store could not say)"))
                }
                None => Claim::Own,
            },
        };
        match claim {
            Claim::Own => {
                given.insert(key, path);
            }
            Claim::Other(holder) => {
                warn(refusal(&path, key, &holder));
                out.insert(origin.clone());
            }
        }
    }
    out
}

/// Writes `brief: message` and a newline to standard error. The message is sanitised, since it
/// may quote an argument, a file name or a query; a failure to write is ignored, since
/// standard error may be a closed pipe or a terminal that has gone away.
fn warn(message: impl std::fmt::Display) {
    let line = format!("brief: {message}\n");
    let _ = io::stderr().write_all(sanitize::sanitize(&line, Lines::Multi).as_bytes());
}

/// What clap has to say instead of running a command: help and the version on standard output,
/// as clap writes them; a usage error on standard error, sanitised like briefing text, because
/// it quotes the arguments (a file name from a glob may hold any character but `/` and NUL).
fn usage(e: &clap::Error) -> ExitCode {
    let code = u8::try_from(e.exit_code()).unwrap_or(2);
    if e.use_stderr() {
        let text = e.render().to_string();
        let clean = sanitize::sanitize(&text, Lines::Multi);
        let _ = io::stderr().write_all(clean.as_bytes());
    } else {
        let _ = e.print();
    }
    ExitCode::from(code)
}

/// `path` as a shell command line needs it, for hints such as "run: brief print FILE":
/// quoted when it holds anything a shell would take apart, and after `--` when it starts with
/// `-`, so it cannot be read as an option. A name with characters that cannot be shown (a
/// newline, a control, a bidi override) is written as bash and zsh read escapes,
/// `$'two\nlines.toml'`, so the hint still names the file and shows nothing raw.
fn shell_word(path: &Path) -> String {
    let name = path.display().to_string();
    let shown = |c: char| {
        let mut buf = [0; 4];
        let c = c.encode_utf8(&mut buf);
        sanitize::quoted(c) == *c
    };
    let quoted = if name.chars().all(shown) {
        shlex::try_quote(&name).unwrap_or(std::borrow::Cow::Borrowed(&name))
    } else {
        let mut word = String::from("$'");
        for c in name.chars() {
            match c {
                '\\' | '\'' => word.extend(['\\', c]),
                '\n' => word.push_str("\\n"),
                '\t' => word.push_str("\\t"),
                c if shown(c) => word.push(c),
                c if u32::from(c) > 0xffff => word.push_str(&format!("\\U{:08x}", u32::from(c))),
                c => word.push_str(&format!("\\u{:04x}", u32::from(c))),
            }
        }
        word.push('\'');
        std::borrow::Cow::Owned(word)
    };
    let word = if name.starts_with('-') {
        format!("-- {quoted}")
    } else {
        quoted.into_owned()
    };
    sanitize::quoted(&word).into_owned()
}

/// Whether a write failed because the reader of a pipe went away (`brief print | head`),
/// which is not an error.
fn closed_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
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
    fn hints_quote_paths_as_a_shell_needs() {
        let word = |p: &str| shell_word(Path::new(p));
        assert_eq!(word("talks.toml"), "talks.toml");
        assert_eq!(word("-leading.toml"), "-- -leading.toml");
        assert_eq!(word("$(id).toml"), "'$(id).toml'");
        assert_eq!(word("two words.toml"), "'two words.toml'");
        assert_eq!(word("it's.toml"), "\"it's.toml\"");
        assert_eq!(word("-x $(id).toml"), "-- '-x $(id).toml'");
    }

    #[test]
    fn command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
