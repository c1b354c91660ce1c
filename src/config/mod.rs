//! The user's configuration (`config.toml`): keys per screen, the theme, the reading measure,
//! and behaviour. Read with spans, so that every problem is reported like `brief check`
//! reports a briefing's (line, column, caret, a did-you-mean), and never fatal: a bad entry is
//! left out and the rest applies. No file is fine: everything has its default.
//!
//! Where it is: `--config FILE`, else `$BRIEF_CONFIG`, else `config.toml` in the
//! configuration folder (`$XDG_CONFIG_HOME/brief`, through `etcetera`).

pub mod theme;

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use crate::app::action::{Action, NAMES};
use crate::app::keymap::{Context, Keymap, Pattern, QUIT_KEY};
use crate::briefing::Diagnostic;
use crate::briefing::diagnostic::quote;
use crate::briefing::sanitize;
use crate::briefing::schema::nearest;
use crate::document::DateFormat;
use crate::document::dates::DEFAULT_DATE_FORMAT;

/// The built-in themes.
pub const THEMES: [&str; 4] = ["dark", "light", "high-contrast", "auto"];

/// The top-level keys.
const KEYS: [&str; 8] = [
    "theme",
    "max_width",
    "date_format",
    "analyst",
    "offline",
    "mouse",
    "library",
    "keys",
];

/// One binding the file asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bind {
    pub context: Context,
    pub action: Action,
    /// Each key and its label as written (`ctrl-n`).
    pub keys: Vec<(Pattern, String)>,
}

/// The configuration in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub theme: String,
    /// Widest the reader's text column gets.
    pub max_width: u16,
    /// How the reader writes days.
    pub date_format: DateFormat,
    /// The name on notes; `None` for `$USER`.
    pub analyst: Option<String>,
    /// Nothing touches the network: no key opens a web address, and `brief pull` and
    /// `brief push` refuse.
    pub offline: bool,
    /// The wheel scrolls and clicks choose; off, the terminal's own selection works as ever.
    pub mouse: bool,
    /// What `brief` opens with no arguments when there is no `./briefings`.
    pub library: Vec<PathBuf>,
    pub keys: Vec<Bind>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            theme: "dark".into(),
            max_width: crate::geometry::reader::MAX_MEASURE,
            date_format: DateFormat::default(),
            analyst: None,
            offline: false,
            mouse: true,
            library: Vec::new(),
            keys: Vec::new(),
        }
    }
}

/// A configuration read from a file, with what was wrong in it.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    pub problems: Vec<Diagnostic>,
    /// The file read, when there was one.
    pub path: Option<PathBuf>,
    pub text: String,
}

/// Where the configuration is looked for: `explicit` (`--config`), `$BRIEF_CONFIG`, or the
/// configuration folder's `config.toml`.
pub fn path(explicit: Option<PathBuf>) -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    explicit
        .or_else(|| {
            std::env::var_os("BRIEF_CONFIG")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .or_else(|| {
            let strategy = etcetera::choose_base_strategy().ok()?;
            Some(strategy.config_dir().join("brief").join("config.toml"))
        })
}

/// Where user themes are: `themes/` in the configuration folder.
pub fn themes_dir() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().ok()?;
    Some(strategy.config_dir().join("brief").join("themes"))
}

/// What is said of `n` problems in the configuration (the status bar, standard error): nothing
/// when there are none.
pub fn notice(n: usize) -> Option<String> {
    let s = if n == 1 { "" } else { "s" };
    (n > 0).then(|| format!("config: {n} problem{s} — brief config check"))
}

/// Reads the configuration at `path`; a missing file is the defaults, with no problem, unless
/// it was named (`named`), when its absence is one.
pub fn load(path: Option<&Path>, named: bool) -> Loaded {
    let Some(path) = path else {
        return Loaded::default();
    };
    const MAX: u64 = 1 << 20;
    let text = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => {
            return Loaded::default();
        }
        Err(e) => Err(e.to_string()),
        Ok(m) if !m.is_file() => Err("not a regular file".to_string()),
        Ok(m) if m.len() > MAX => Err("larger than 1 MiB".to_string()),
        Ok(_) => std::fs::read_to_string(path).map_err(|e| e.to_string()),
    };
    match text {
        Ok(text) => {
            let (config, problems) = parse(&text);
            Loaded {
                config,
                problems,
                path: Some(path.to_path_buf()),
                text,
            }
        }
        Err(why) => Loaded {
            problems: vec![Diagnostic::error(
                "io",
                format!("cannot read it: {why}"),
                None,
            )],
            path: Some(path.to_path_buf()),
            ..Loaded::default()
        },
    }
}

/// A key as the file writes it (crokey's syntax: `ctrl-d`, `shift-tab`, `alt-j`, `f5`,
/// `space`, `shift-g` or `G`), as a pattern of the key tables, with the label help shows.
pub fn key(text: &str) -> Result<(Pattern, String), String> {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    // `G` is `shift-g`: crokey lowercases what it reads.
    let upper = text.chars().count() == 1 && text.chars().all(char::is_uppercase);
    let raw = if upper {
        format!("shift-{}", text.to_lowercase())
    } else {
        text.to_string()
    };
    let combination = crokey::parse(&raw)
        .map_err(|_| format!("{} is not a key", quote(text)))?
        .normalized();
    let codes: Vec<KeyCode> = combination.codes.iter().copied().collect();
    let [code] = codes.as_slice() else {
        return Err(format!(
            "{} is several keys at once: bind one key",
            quote(text)
        ));
    };
    let mut modifiers = combination.modifiers;
    // Shift-Tab arrives as BackTab, with Shift.
    let code = match code {
        KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => &KeyCode::BackTab,
        other => other,
    };
    // A letter's case already says Shift, as the key tables expect.
    if matches!(code, KeyCode::Char(_)) {
        modifiers -= KeyModifiers::SHIFT;
    }
    // Help shows the key as the user wrote it.
    Ok((Pattern::Key(*code, modifiers), text.to_string()))
}

/// The configuration in `text`, and its problems; every bad entry is left out.
pub fn parse(text: &str) -> (Config, Vec<Diagnostic>) {
    let mut config = Config::default();
    let mut problems = Vec::new();
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let message = crate::briefing::sanitize::quoted(e.message().trim()).into_owned();
            problems.push(Diagnostic::error("syntax", message, e.span()));
            return (config, problems);
        }
    };
    let root = doc.get_ref();
    for (name, value) in root.iter() {
        let key: &str = name.get_ref();
        let span = value.span();
        match (key, value.get_ref()) {
            ("theme", DeValue::String(s)) => config.theme = theme_name(s).to_string(),
            ("max_width", DeValue::Integer(i)) => {
                match i.as_str().parse::<u16>().ok().filter(|w| *w >= 20) {
                    Some(w) => config.max_width = w,
                    None => problems.push(Diagnostic::error(
                        "out-of-range",
                        "`max_width` must be a number of columns, 20 or more",
                        Some(span),
                    )),
                }
            }
            ("date_format", DeValue::String(s)) => match DateFormat::parse(s) {
                Ok(format) => config.date_format = format,
                Err(message) => problems.push(
                    Diagnostic::error("invalid-value", message, Some(span)).with_help(format!(
                        "strftime, the day only: `{DEFAULT_DATE_FORMAT}` (the default), \
                         `%d/%m/%Y`, `%Y-%m-%d`"
                    )),
                ),
            },
            ("analyst", DeValue::String(s)) => config.analyst = Some(s.to_string()),
            ("offline", DeValue::Boolean(b)) => config.offline = *b,
            ("mouse", DeValue::Boolean(b)) => config.mouse = *b,
            ("library", DeValue::Array(items)) => {
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => config.library.push(expand_home(s)),
                        _ => problems.push(wrong_type(
                            "a folder in `library`",
                            "a string",
                            item.span(),
                        )),
                    }
                }
            }
            ("keys", DeValue::Table(t)) => keys(text, t, &mut config, &mut problems),
            (known, _) if KEYS.contains(&known) => {
                let want = match known {
                    "theme" | "analyst" | "date_format" => "a string",
                    "max_width" => "an integer",
                    "offline" | "mouse" => "true or false",
                    "library" => "a list of folders",
                    _ => "a table",
                };
                problems.push(wrong_type(&format!("`{known}`"), want, span));
            }
            (unknown, _) => {
                let d = Diagnostic::warning(
                    "unknown-key",
                    format!("unknown key {}", quote(unknown)),
                    Some(name.span()),
                );
                problems.push(did_you_mean(d, unknown, &KEYS));
            }
        }
    }
    let dir = themes_dir();
    let span = root.get("theme").map(|v| v.span());
    if !theme::is_theme(&config.theme, dir.as_deref()) {
        let mut d = Diagnostic::error(
            "invalid-value",
            format!("there is no theme {}", quote(&config.theme)),
            span,
        );
        d = match nearest(&config.theme, &THEMES) {
            Some(near) => d.with_help(format!("did you mean `{near}`?")),
            None => d.with_help(
                "built in: dark, light, high-contrast, auto; or NAME for themes/NAME.toml",
            ),
        };
        problems.push(d);
        config.theme = "dark".into();
    } else {
        // What the reader finds in the theme (and the themes it is over), said here too.
        let (_, found) = theme::Theme::load(&config.theme, dir.as_deref());
        for p in found {
            problems.push(Diagnostic::error(
                "theme",
                sanitize::quoted(&p.to_string()).into_owned(),
                span.clone(),
            ));
        }
    }
    // In the order of the file (its tables are read in no order of their own).
    problems.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    (config, problems)
}

/// The theme's name in what `theme =` says: `NAME`, or `themes/NAME.toml` as the guide writes
/// a theme of one's own.
fn theme_name(written: &str) -> &str {
    (written.strip_prefix("themes/"))
        .and_then(|rest| rest.strip_suffix(".toml"))
        .filter(|name| !name.is_empty() && !name.contains('/'))
        .unwrap_or(written)
}

fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// `d`, with the nearest of `names` to what was `written` as its help, when one is near.
fn did_you_mean(d: Diagnostic, written: &str, names: &[&str]) -> Diagnostic {
    match nearest(written, names) {
        Some(near) => d.with_help(format!("did you mean `{near}`?")),
        None => d,
    }
}

fn wrong_type(what: &str, want: &str, span: Range<usize>) -> Diagnostic {
    Diagnostic::error("wrong-type", format!("{what} must be {want}"), Some(span))
}

/// `[keys.CONTEXT]` tables: action names to lists of keys.
fn keys(source: &str, table: &DeTable<'_>, config: &mut Config, problems: &mut Vec<Diagnostic>) {
    let contexts: Vec<&str> = Context::CONFIGURABLE.iter().map(|(n, _)| *n).collect();
    let actions: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
    for (name, value) in table.iter() {
        let context_name: &str = name.get_ref();
        let Some(context) = (Context::CONFIGURABLE.iter())
            .find(|(n, _)| *n == context_name)
            .map(|(_, c)| *c)
        else {
            let d = Diagnostic::error(
                "unknown-key",
                format!("there are no keys for {}", quote(context_name)),
                Some(name.span()),
            );
            problems.push(did_you_mean(d, context_name, &contexts));
            continue;
        };
        let DeValue::Table(bindings) = value.get_ref() else {
            problems.push(wrong_type(
                &format!("`keys.{context_name}`"),
                "a table",
                value.span(),
            ));
            continue;
        };
        // Which key this table has bound, to which action, where: to find two bound to one.
        let mut taken: Vec<(Pattern, &str, Range<usize>)> = Vec::new();
        // The actions this table binds anew: their default keys are free.
        let rebound: Vec<&str> = bindings
            .iter()
            .map(|(n, _)| -> &str { n.get_ref() })
            .collect();
        for (action_name, list) in bindings.iter() {
            let written: &str = action_name.get_ref();
            let Some(action) = Action::from_name(written) else {
                let d = Diagnostic::error(
                    "unknown-action",
                    format!("there is no action {}", quote(written)),
                    Some(action_name.span()),
                );
                problems.push(did_you_mean(d, written, &actions));
                continue;
            };
            let DeValue::Array(items) = list.get_ref() else {
                problems.push(wrong_type(
                    &format!("`{written}`"),
                    "a list of keys, such as [\"ctrl-n\", \"tab\"]",
                    list.span(),
                ));
                continue;
            };
            let mut keys = Vec::new();
            for item in items.iter() {
                let span = item.span();
                let DeValue::String(text) = item.get_ref() else {
                    problems.push(wrong_type("a key", "a string such as \"ctrl-n\"", span));
                    continue;
                };
                let (pattern, label) = match key(text) {
                    Ok(k) => k,
                    Err(why) => {
                        problems.push(
                            Diagnostic::error("unknown-key-name", why, Some(span)).with_help(
                                "write keys as `ctrl-d`, `shift-tab`, `alt-j`, `f5`, `space`, `G`",
                            ),
                        );
                        continue;
                    }
                };
                if pattern == QUIT_KEY && action != Action::Quit {
                    problems.push(Diagnostic::error(
                        "conflict",
                        format!(
                            "{} always quits: it cannot be bound to {written}",
                            quote(text)
                        ),
                        Some(span),
                    ));
                    continue;
                }
                if context == Context::Editor && types_text(pattern) {
                    problems.push(
                        Diagnostic::error(
                            "conflict",
                            format!(
                                "{} types text in a note: it cannot be bound to {written}, or \
                                 every {} typed would {written}",
                                quote(text),
                                quote(text)
                            ),
                            Some(span),
                        )
                        .with_help("bind a key with ctrl or alt, or one such as `f2` or `esc`"),
                    );
                    continue;
                }
                // A key a default of this table gives another action the file leaves as it is.
                let default = (context.defaults().iter())
                    .filter(|e| e.action != action && e.action.name().is_some())
                    .filter(|e| !rebound.contains(&e.action.name().unwrap_or_default()))
                    .find(|e| e.keys.iter().any(|(p, _)| *p == pattern));
                if let Some(other) = default.and_then(|e| e.action.name()) {
                    problems.push(
                        Diagnostic::error(
                            "conflict",
                            format!(
                                "{} is bound to both `{other}` (by default) and `{written}` \
                                 in keys.{context_name}",
                                quote(text)
                            ),
                            Some(span),
                        )
                        .with_help(format!(
                            "bind it to one of them: give `{other}` other keys here to free \
                             it; until then `{other}` keeps it"
                        )),
                    );
                    continue;
                }
                if let Some((_, other, at)) = taken.iter().find(|(p, ..)| *p == pattern) {
                    let line = source[..at.start.min(source.len())].matches('\n').count() + 1;
                    problems.push(
                        Diagnostic::error(
                            "conflict",
                            format!(
                                "{} is bound to both `{other}` (line {line}) and `{written}` \
                                 in keys.{context_name}",
                                quote(text)
                            ),
                            Some(span.clone()),
                        )
                        .with_help(format!("bind it to one of them; `{other}` keeps it")),
                    );
                    continue;
                }
                taken.push((pattern, written, span));
                keys.push((pattern, label));
            }
            if action == Action::Quit && !keys.iter().any(|(p, _)| *p == QUIT_KEY) {
                problems.push(Diagnostic::warning(
                    "conflict",
                    "`quit` keeps ctrl-c: it cannot be unbound",
                    Some(list.span()),
                ));
            }
            config.keys.push(Bind {
                context,
                action,
                keys,
            });
        }
    }
}

/// Whether `pattern` is a key that types text (a printable character without Ctrl or Alt),
/// which an editor action cannot take from the text.
fn types_text(pattern: Pattern) -> bool {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    matches!(pattern, Pattern::Key(KeyCode::Char(c), mods)
        if !c.is_control() && !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT))
}

impl Config {
    /// The key tables: the compiled-in ones with this configuration's bindings.
    pub fn keymap(&self) -> Keymap {
        let mut keymap = Keymap::default();
        for b in &self.keys {
            keymap.bind(b.context, b.action, b.keys.clone());
        }
        keymap
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn messages(text: &str) -> Vec<String> {
        let (_, problems) = parse(text);
        problems
            .iter()
            .map(|d| {
                let at = d.span.clone().map(|s| &text[s]).unwrap_or("");
                format!(
                    "{}[{}] {} @ {at}{}",
                    d.severity,
                    d.code,
                    d.message,
                    d.help
                        .as_deref()
                        .map(|h| format!(" (help: {h})"))
                        .unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn keys_are_read_in_crokeys_syntax() {
        let k = |t| key(t).map(|(p, _)| p);
        let none = KeyModifiers::NONE;
        assert_eq!(
            k("ctrl-n"),
            Ok(Pattern::Key(KeyCode::Char('n'), KeyModifiers::CONTROL))
        );
        assert_eq!(
            k("shift-tab"),
            Ok(Pattern::Key(KeyCode::BackTab, KeyModifiers::SHIFT))
        );
        assert_eq!(
            k("alt-j"),
            Ok(Pattern::Key(KeyCode::Char('j'), KeyModifiers::ALT))
        );
        assert_eq!(k("f5"), Ok(Pattern::Key(KeyCode::F(5), none)));
        assert_eq!(k("space"), Ok(Pattern::Key(KeyCode::Char(' '), none)));
        assert_eq!(k("G"), Ok(Pattern::Key(KeyCode::Char('G'), none)));
        assert_eq!(k("shift-g"), Ok(Pattern::Key(KeyCode::Char('G'), none)));
        assert!(k("ctrl-").is_err());
        assert!(k("banana").is_err());
    }

    #[test]
    fn a_good_file_binds_and_sets() {
        let (config, problems) = parse(
            "theme = \"light\"\nmax_width = 72\noffline = true\nanalyst = \"ana\"\n\
             [keys.reader]\nnext_tab = [\"ctrl-n\"]\nsearch = []\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            (config.theme.as_str(), config.max_width, config.offline),
            ("light", 72, true)
        );
        let keymap = config.keymap();
        let reader = keymap.table(Context::Reader);
        let next = reader.iter().find(|b| b.action == Action::NextTab).unwrap();
        assert_eq!(next.keys.len(), 1);
        assert!(reader.iter().all(|b| b.action != Action::Search), "unbound");
    }

    #[test]
    fn a_date_format_writes_days_and_a_bad_one_is_said() {
        let (config, problems) = parse("date_format = \"%d/%m/%Y\"\n");
        assert!(problems.is_empty(), "{problems:?}");
        let day = crate::briefing::When {
            year: 2022,
            month: 9,
            day: 12,
            time: Some((0, 5)),
            offset_minutes: Some(240),
        };
        assert_eq!(config.date_format.when(day), "12/09/2022 00:05 UTC+04:00");
        let help =
            " (help: strftime, the day only: `%-d %b %Y` (the default), `%d/%m/%Y`, `%Y-%m-%d`)";
        assert_eq!(
            messages("date_format = \"%d %H:%M\"\n"),
            [format!(
                "error[invalid-value] `date_format` writes a day: a time (%H, %M, %S, %p, %z, %s…) \
                 cannot be in it, the time of day follows on its own when a date has one \
                 @ \"%d %H:%M\"{help}"
            )]
        );
        assert_eq!(
            messages("date_format = \"%Q\"\n"),
            [format!(
                "error[invalid-value] not a strftime format: invalid component name `Q` at byte index 1 @ \"%Q\"{help}"
            ),]
        );
        assert_eq!(
            messages("date_format = 3\n"),
            ["error[wrong-type] `date_format` must be a string @ 3"]
        );
        let (config, _) = parse("date_format = \"%H\"\n");
        assert_eq!(config.date_format, DateFormat::default(), "left out");
    }

    #[test]
    fn problems_are_said_exactly_and_the_rest_applies() {
        let text = "theme = \"ligth\"\nmax_width = \"wide\"\nofline = false\noffline = true\n\
                    [keys.reader]\nnext_tabb = [\"x\"]\nnext_tab = [\"ctrl-n\", \"banana\"]\n\
                    prev_tab = [\"ctrl-n\"]\nline_down = [\"ctrl-c\"]\nquit = []\n\
                    [keys.readr]\ntop = [\"g\"]\n";
        assert_eq!(
            messages(text),
            [
                "error[invalid-value] there is no theme `ligth` @ \"ligth\" (help: did you mean `light`?)",
                "error[wrong-type] `max_width` must be an integer @ \"wide\"",
                "warning[unknown-key] unknown key `ofline` @ ofline (help: did you mean `offline`?)",
                "error[unknown-action] there is no action `next_tabb` @ next_tabb (help: did you mean `next_tab`?)",
                "error[unknown-key-name] `banana` is not a key @ \"banana\" (help: write keys as `ctrl-d`, `shift-tab`, `alt-j`, `f5`, `space`, `G`)",
                "error[conflict] `ctrl-n` is bound to both `next_tab` (line 7) and `prev_tab` in keys.reader @ \"ctrl-n\" (help: bind it to one of them; `next_tab` keeps it)",
                "error[conflict] `ctrl-c` always quits: it cannot be bound to line_down @ \"ctrl-c\"",
                "warning[conflict] `quit` keeps ctrl-c: it cannot be unbound @ []",
                "error[unknown-key] there are no keys for `readr` @ readr (help: did you mean `reader`?)",
            ]
        );
        let (config, _) = parse(text);
        assert!(config.offline, "what is right still applies");
        assert_eq!(config.theme, "dark");
        let keymap = config.keymap();
        let quit = keymap
            .table(Context::Reader)
            .iter()
            .find(|b| b.action == Action::Quit)
            .unwrap();
        assert!(quit.keys.iter().any(|(p, _)| *p == QUIT_KEY));
    }

    #[test]
    fn broken_toml_is_one_problem_and_the_defaults() {
        let (config, problems) = parse("theme = \n");
        assert_eq!(config, Config::default());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "syntax");
    }
}
