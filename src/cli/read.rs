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
    (symlinks, library): (Symlinks, &[PathBuf]),
) -> Result<Start, ExitCode> {
    let sources = Sources::resolve(paths, symlinks, library);
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
    // The configuration never stops the reader: what is wrong in it is left out, and said
    // once in the status bar.
    let loaded = global.configuration();
    let config = &loaded.config;
    let library = (symlinks, config.library.as_slice());
    let start = match start(paths, global.index.clone(), max_size, library) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let dir = crate::config::themes_dir();
    // `auto`: light or dark as the terminal's background is, dark when it does not say.
    let name = match config.theme.as_str() {
        "auto" => match crate::terminal::screen::light_background() {
            Some(true) => "light",
            _ => "dark",
        },
        other => other,
    };
    // What is wrong in the theme is among the configuration's problems (one checker for the
    // reader and `brief config check`); counted here only if that check missed it.
    let (theme, theme_problem) = match Theme::named(name, dir.as_deref()) {
        Ok(theme) => (theme, 0),
        Err(_) => {
            let said = loaded.problems.iter().any(|d| d.code == "theme");
            (Theme::from_env(), usize::from(!said))
        }
    };
    let n = loaded.problems.len() + theme_problem;
    let options = terminal::Options {
        offline: global.offline || config.offline,
        keymap: config.keymap(),
        measure: config.max_width,
        dates: config.date_format.clone(),
        mouse: config.mouse,
        analyst: config.analyst.clone(),
        notice: crate::config::notice(n),
    };
    match terminal::run(start, &theme, global.state.clone(), options) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(e) => {
            super::warn(format_args!("terminal error: {e}"));
            ExitCode::from(1)
        }
    }
}
