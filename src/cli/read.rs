//! `brief [PATH...]`: the reader on one briefing, or the library on several, on the real
//! terminal.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use super::load_with_text;
use crate::library::scan::Symlinks;
use crate::library::source::{Origin, Sources};
use crate::terminal::{self, Start};
use crate::ui::Theme;

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

/// What `brief` opens for `paths`: one briefing straight in the reader (loaded now, so a
/// broken one is reported before the screen changes), anything else in the library.
fn start(
    paths: Vec<PathBuf>,
    index: Option<PathBuf>,
    max_size: u64,
    symlinks: Symlinks,
) -> Result<Start, ExitCode> {
    let sources = Sources::resolve(paths, symlinks);
    match sources.single() {
        Some(origin) => {
            let (briefing, text) = load_with_text(&origin, max_size)?;
            // Standard input cannot be read again: `R` has nothing to reload from.
            let reload = Some(origin).filter(|o| *o != Origin::Stdin);
            Ok(Start::Briefing(Box::new(briefing), text, reload, max_size))
        }
        None => Ok(Start::Library(sources, index, max_size)),
    }
}

pub fn run(paths: Vec<PathBuf>, global: &super::Global) -> ExitCode {
    let (max_size, symlinks) = (global.max_size, global.symlinks);
    if let Some(why) = no_terminal() {
        let file = match paths.as_slice() {
            [one] if !one.is_dir() => format!(" {}", super::shell_word(one)),
            _ => String::new(),
        };
        eprintln!(
            "brief: {why}, so the reader cannot start.\n\
             To print a briefing as text, run: brief print{file}"
        );
        return ExitCode::from(2);
    }
    let start = match start(paths, global.index.clone(), max_size, symlinks) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let theme = Theme::from_env();
    match terminal::run(start, &theme, global.state.clone(), global.offline) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(e) => {
            super::warn(format_args!("terminal error: {e}"));
            ExitCode::from(1)
        }
    }
}
