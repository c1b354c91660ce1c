//! `brief [FILE]`: the reader, on the real terminal.

use std::io::{self, IsTerminal};
use std::process::ExitCode;

use super::{Origin, load};
use crate::app::{self, Exit};
use crate::briefing::sanitize;
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

pub fn run(origin: Origin, max_size: u64) -> ExitCode {
    if let Some(why) = no_terminal() {
        let file = match &origin {
            Origin::File(p) => format!(" {}", sanitize::quoted(&p.display().to_string())),
            _ => String::new(),
        };
        eprintln!(
            "brief: {why}, so the reader cannot start.\n\
             To print the briefing as text, run: brief print{file}"
        );
        return ExitCode::from(2);
    }
    let briefing = match load(&origin, max_size) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let theme = Theme::from_env();
    match app::run(briefing, &theme) {
        Ok(Exit::Quit) => ExitCode::SUCCESS,
        Ok(Exit::Signal(sig)) => ExitCode::from(u8::try_from(128 + sig).unwrap_or(1)),
        Err(e) => {
            eprintln!("brief: terminal error: {e}");
            ExitCode::from(1)
        }
    }
}
