//! `brief [PATH...]`: the reader on one briefing, or the library on several, on the real
//! terminal.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Input, load};
use crate::app::loader::Sources;
use crate::app::{self, Start};
use crate::bundled;
use crate::library::index::Origin;
use crate::library::scan::Symlinks;
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

/// What `brief` opens for `paths`: one file straight in the reader (loaded now, so a broken
/// one is reported before the screen changes), anything else in the library.
fn start(paths: Vec<PathBuf>, max_size: u64, symlinks: Symlinks) -> Result<Start, ExitCode> {
    let single = |input: Input| {
        let origin = match &input {
            Input::File(p) => Some(Origin::File(p.clone())),
            Input::Bundled(..) => Some(Origin::Bundled(0)),
            Input::Stdin | Input::Unreadable(..) => None,
        };
        load(&input, max_size).map(|b| Start::Briefing(Box::new(b), origin, max_size))
    };
    match paths.as_slice() {
        [] if Path::new("briefings").is_dir() => Ok(Start::Library(
            Sources::Paths(vec![PathBuf::from("briefings")], symlinks),
            max_size,
        )),
        [] if bundled::BRIEFINGS.len() == 1 => {
            let (name, text) = bundled::BRIEFINGS[0];
            single(Input::Bundled(name, text))
        }
        [] => Ok(Start::Library(Sources::Bundled, max_size)),
        [one] if one.as_os_str() == "-" => single(Input::Stdin),
        [one] if !one.is_dir() => single(Input::File(one.clone())),
        _ => Ok(Start::Library(Sources::Paths(paths, symlinks), max_size)),
    }
}

pub fn run(paths: Vec<PathBuf>, max_size: u64, symlinks: Symlinks) -> ExitCode {
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
    let start = match start(paths, max_size, symlinks) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let theme = Theme::from_env();
    match app::run(start, &theme) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(e) => {
            super::warn(format_args!("terminal error: {e}"));
            ExitCode::from(1)
        }
    }
}
