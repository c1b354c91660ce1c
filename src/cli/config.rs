//! `brief config`: the configuration in force as a file, every default there and commented,
//! ready to save as a starting point; `brief config check [FILE]`: its problems, reported as
//! `brief check` reports a briefing's.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::app::action::Action;
use crate::app::keymap::{Bound, Context, Keymap, Pattern};
use crate::briefing::write::string;
use crate::briefing::{Severity, sanitize};
use crate::config::{self, Config, Loaded};
use crate::document::dates::DEFAULT_DATE_FORMAT;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes:\n  0  no errors (warnings allowed)\n  1  problems found\n  2  the file cannot be read, or a usage error"
)]
pub struct Args {
    #[command(subcommand)]
    check: Option<Check>,
}

#[derive(Debug, clap::Subcommand)]
enum Check {
    /// Report every problem in a configuration file (default: the one in use).
    Check {
        /// The file to check.
        file: Option<PathBuf>,
    },
}

/// A key pattern in the configuration's syntax (`ctrl-d`, `shift-tab`, `G`).
fn written(pattern: Pattern) -> Option<String> {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    let Pattern::Key(code, mut mods) = pattern else {
        return None;
    };
    if let KeyCode::Char(c) = code
        && c.is_uppercase()
    {
        mods |= KeyModifiers::SHIFT;
    }
    let text = crokey::KeyCombination::new(code, mods)
        .to_string()
        .to_lowercase();
    Some(match (code, text.as_str()) {
        (KeyCode::Char(c), _) if c.is_uppercase() && mods == KeyModifiers::SHIFT => c.to_string(),
        (_, "shift-backtab" | "backtab") => "shift-tab".into(),
        _ => text,
    })
}

/// The configuration in force as a file: what `loaded` sets, as set; every other setting at
/// its default, commented out.
pub fn effective(loaded: &Loaded) -> String {
    let c = &loaded.config;
    let d = Config::default();
    let line = |set: bool, text: String| {
        if set {
            format!("{text}\n")
        } else {
            format!("# {text}\n")
        }
    };
    let mut out = String::from(
        "# brief's configuration. Save as the file `brief config check` names, and uncomment\n\
         # what you change. Keys use crokey's syntax: ctrl-d, shift-tab, alt-j, f5, space, G.\n\n",
    );
    out += &line(
        c.theme != d.theme,
        format!(
            "theme = {}  # dark, light, high-contrast, auto, or themes/NAME.toml",
            string(&c.theme)
        ),
    );
    out += &line(
        c.max_width != d.max_width,
        format!(
            "max_width = {}  # the widest the text column gets",
            c.max_width
        ),
    );
    out += &line(
        c.date_format.text().is_some(),
        format!(
            "date_format = {}  # strftime, the day only: a time follows when there is one",
            string(c.date_format.text().unwrap_or(DEFAULT_DATE_FORMAT))
        ),
    );
    let analyst = c.analyst.clone().unwrap_or_else(crate::app::notes::author);
    out += &line(
        c.analyst.is_some(),
        format!("analyst = {}  # the name on your notes", string(&analyst)),
    );
    out += &line(
        c.offline != d.offline,
        format!(
            "offline = {}  # true: no key opens a web address; brief pull and push refuse",
            c.offline
        ),
    );
    out += &line(
        c.mouse != d.mouse,
        format!(
            "mouse = {}  # false: the terminal's own selection, as ever",
            c.mouse
        ),
    );
    let folders: Vec<String> = c
        .library
        .iter()
        .map(|p| string(&p.display().to_string()))
        .collect();
    out += &line(
        !c.library.is_empty(),
        format!(
            "library = [{}]  # opened when there is no ./briefings",
            folders.join(", ")
        ),
    );
    let keymap: Keymap = c.keymap();
    for (name, context) in Context::CONFIGURABLE {
        out += &format!("\n[keys.{name}]\n");
        for b in keymap.table(context) {
            let Some(action) = b.action.name() else {
                continue;
            };
            let keys: Vec<String> = (b.keys().into_iter())
                .filter_map(|(p, _)| written(p))
                .map(|k| string(&k))
                .collect();
            if keys.is_empty() {
                continue;
            }
            let set = c
                .keys
                .iter()
                .any(|k| k.context == context && k.action == b.action);
            out += &line(
                set,
                format!("{action} = [{}]  # {}", keys.join(", "), b.description),
            );
        }
        // Actions unbound here by the file.
        for k in c
            .keys
            .iter()
            .filter(|k| k.context == context && k.keys.is_empty())
        {
            if k.action != Action::Quit
                && let Some(action) = k.action.name()
            {
                out += &format!("{action} = []\n");
            }
        }
    }
    out
}

pub fn run(args: Args, explicit: Option<PathBuf>) -> ExitCode {
    match args.check {
        None => {
            let named = explicit.is_some();
            let path = config::path(explicit);
            let loaded = config::load(path.as_deref(), named);
            print!("{}", effective(&loaded));
            ExitCode::SUCCESS
        }
        Some(Check::Check { file }) => {
            let named = file.is_some() || explicit.is_some();
            let path = config::path(file.or(explicit));
            let Some(path) = path else {
                super::warn("no configuration folder is known here (no HOME)");
                return ExitCode::from(2);
            };
            let loaded = config::load(Some(&path), named);
            let name = path.display().to_string();
            if loaded.path.is_none() {
                println!(
                    "{}: no configuration file: the defaults apply",
                    sanitize::quoted(&name)
                );
                return ExitCode::SUCCESS;
            }
            if loaded.problems.iter().any(|d| d.code == "io") {
                for d in &loaded.problems {
                    super::warn(format_args!("{}: {}", sanitize::quoted(&name), d.message));
                }
                return ExitCode::from(2);
            }
            let color = std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            for d in &loaded.problems {
                println!("{}\n", super::report::human(&name, &loaded.text, d, color));
            }
            let errors = (loaded.problems.iter())
                .filter(|d| d.severity == Severity::Error)
                .count();
            let warnings = loaded.problems.len() - errors;
            let plural =
                |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
            println!(
                "checked {}: {}, {}",
                sanitize::quoted(&name),
                plural(errors, "error"),
                plural(warnings, "warning")
            );
            ExitCode::from(u8::from(errors > 0))
        }
    }
}
