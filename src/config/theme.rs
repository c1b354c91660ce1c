//! Semantic styles (title, banner, quote, attribution, …) loaded from a TOML theme, and every
//! problem in a theme file with its line: the reader and `brief config check` read a theme
//! through the one [`Theme::load`], so they find the same problems.
//!
//! The default theme is `assets/themes/default.toml`, compiled in. With `NO_COLOR` set, colours
//! are dropped and a style's attributes carry the meaning; `mono_reversed` adds reverse video
//! in that mode for things that must stand out (the banner, the active tab, grades).

use std::ops::Range;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use toml::de::{DeTable, DeValue};

use crate::briefing::marking::Tlp;
use crate::document::Role;

/// The theme compiled into the binary.
pub const DEFAULT_THEME: &str = include_str!("../../assets/themes/default.toml");
pub const LIGHT_THEME: &str = include_str!("../../assets/themes/light.toml");
pub const HIGH_CONTRAST_THEME: &str = include_str!("../../assets/themes/high-contrast.toml");

/// Whether colour is wanted: not when `NO_COLOR` is set to anything but "".
fn colour_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Why a theme file could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThemeError {
    #[error("theme file: {0}")]
    Toml(String),
    #[error("theme: unknown style `{0}`")]
    UnknownStyle(String),
    #[error("theme style `{style}`: {problem}")]
    Style { style: String, problem: String },
}

/// What is wrong in a theme file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as the configuration names it (`themes/NAME.toml`).
    pub file: String,
    /// Its line, when the problem is on one.
    pub line: Option<usize>,
    pub error: ThemeError,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}, line {line}: {}", self.file, self.error),
            None => write!(f, "{}: {}", self.file, self.error),
        }
    }
}

/// Whether `name` is a theme: built in, or a file in `dir`.
pub fn is_theme(name: &str, dir: Option<&std::path::Path>) -> bool {
    BUILT_IN.contains(&name) || dir.is_some_and(|d| d.join(format!("{name}.toml")).is_file())
}

/// The built-in themes' names.
pub const BUILT_IN: [&str; 4] = ["dark", "light", "high-contrast", "auto"];

/// Every style the reader uses, by meaning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Theme {
    pub banner: Style,
    pub title: Style,
    pub meta: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub tab_number: Style,
    pub rule: Style,
    pub heading: Style,
    pub body: Style,
    pub bluf: Style,
    pub quote: Style,
    pub quote_bar: Style,
    pub comment: Style,
    pub comment_label: Style,
    pub speaker: Style,
    pub attribution: Style,
    pub badge: Style,
    pub muted: Style,
    pub original: Style,
    pub label: Style,
    pub event_title: Style,
    pub table_header: Style,
    pub url: Style,
    pub status: Style,
    pub status_key: Style,
    pub help_border: Style,
    pub help_key: Style,
    pub warning: Style,
    pub highlight: Style,
    pub highlight_current: Style,
    pub selected: Style,
    /// The mark in the margin beside the focused item.
    pub focus: Style,
    /// An analyst's own note, and the label that opens it.
    pub note: Style,
    pub note_label: Style,
    /// The mark beside text changed since it was last read, and the changed words.
    pub changed: Style,
    pub changed_words: Style,
    /// Text removed since it was last read, shown where it stood.
    pub removed: Style,
    /// The TLP 2.0 labels, in FIRST's colours on black (AMBER+STRICT as AMBER).
    pub tlp_clear: Style,
    pub tlp_green: Style,
    pub tlp_amber: Style,
    pub tlp_red: Style,
}

impl Theme {
    /// The style a theme file calls `name`.
    fn slot(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "banner" => &mut self.banner,
            "title" => &mut self.title,
            "meta" => &mut self.meta,
            "tab" => &mut self.tab,
            "tab_active" => &mut self.tab_active,
            "tab_number" => &mut self.tab_number,
            "rule" => &mut self.rule,
            "heading" => &mut self.heading,
            "body" => &mut self.body,
            "bluf" => &mut self.bluf,
            "quote" => &mut self.quote,
            "quote_bar" => &mut self.quote_bar,
            "comment" => &mut self.comment,
            "comment_label" => &mut self.comment_label,
            "speaker" => &mut self.speaker,
            "attribution" => &mut self.attribution,
            "badge" => &mut self.badge,
            "muted" => &mut self.muted,
            "original" => &mut self.original,
            "label" => &mut self.label,
            "event_title" => &mut self.event_title,
            "table_header" => &mut self.table_header,
            "url" => &mut self.url,
            "status" => &mut self.status,
            "status_key" => &mut self.status_key,
            "help_border" => &mut self.help_border,
            "help_key" => &mut self.help_key,
            "warning" => &mut self.warning,
            "highlight" => &mut self.highlight,
            "highlight_current" => &mut self.highlight_current,
            "selected" => &mut self.selected,
            "focus" => &mut self.focus,
            "note" => &mut self.note,
            "note_label" => &mut self.note_label,
            "changed" => &mut self.changed,
            "changed_words" => &mut self.changed_words,
            "removed" => &mut self.removed,
            "tlp_clear" => &mut self.tlp_clear,
            "tlp_green" => &mut self.tlp_green,
            "tlp_amber" => &mut self.tlp_amber,
            "tlp_red" => &mut self.tlp_red,
            _ => return None,
        })
    }

    /// Parses a theme file; `color = false` gives the monochrome variant. Styles the file
    /// leaves out are plain.
    pub fn parse(text: &str, color: bool) -> Result<Self, ThemeError> {
        let mut problems = Vec::new();
        let theme = Self::parse_over(Theme::default(), text, color, &mut problems);
        match problems.into_iter().next() {
            Some((_, e)) => Err(e),
            None => Ok(theme),
        }
    }

    /// Parses a theme file over `base`: the styles it sets replace the base's. A style with a
    /// problem is left out; every problem goes to `problems`, with where it is in `text`.
    fn parse_over(
        base: Theme,
        text: &str,
        color: bool,
        problems: &mut Vec<(Option<Range<usize>>, ThemeError)>,
    ) -> Self {
        let doc = match DeTable::parse(text) {
            Ok(doc) => doc,
            Err(e) => {
                problems.push((e.span(), ThemeError::Toml(e.message().trim().into())));
                return base;
            }
        };
        let styles = match doc.get_ref().get("styles").map(|v| v.get_ref()) {
            Some(DeValue::Table(t)) => t,
            _ => {
                let at = doc.get_ref().get("styles").map(|v| v.span());
                problems.push((at, ThemeError::Toml("expected a [styles] table".into())));
                return base;
            }
        };
        let mut theme = base;
        let mut found = Vec::new();
        for (name, spec) in styles.iter() {
            let name: &str = name.get_ref();
            let style = match spec_style(spec.get_ref(), color) {
                Ok(style) => style,
                Err(problem) => {
                    let style = name.to_string();
                    found.push((Some(spec.span()), ThemeError::Style { style, problem }));
                    continue;
                }
            };
            match theme.slot(name) {
                Some(slot) => *slot = style,
                None => found.push((
                    Some(spec.span()),
                    ThemeError::UnknownStyle(name.to_string()),
                )),
            }
        }
        // In the order of the file (a table is read in no order of its own).
        found.sort_by_key(|(at, _)| at.as_ref().map_or(0, |r| r.start));
        problems.extend(found);
        theme
    }

    /// The built-in theme, in colour unless `NO_COLOR` is set (to anything but "").
    pub fn from_env() -> Self {
        Self::default_theme(colour_wanted())
    }

    /// The theme called `name`: built in (`dark`, `light`, `high-contrast`; `auto` is dark
    /// here), or `themes/NAME.toml` in `dir`, over the theme its `base` names (dark when it
    /// names none). `NO_COLOR` wins over any theme: its monochrome variant is the dark one's.
    /// The first problem of [`Theme::load`] is the error.
    pub fn named(name: &str, dir: Option<&std::path::Path>) -> Result<Self, ThemeError> {
        let color = colour_wanted();
        if !color {
            return Ok(Self::default_theme(false));
        }
        Self::named_in(name, dir, color, 0)
    }

    /// A built-in theme in colour, whatever `NO_COLOR` says: for tests of the themes.
    pub fn named_for_test(name: &str) -> Self {
        Self::named_in(name, None, true, 0).expect("a built-in theme")
    }

    fn named_in(
        name: &str,
        dir: Option<&std::path::Path>,
        color: bool,
        depth: u8,
    ) -> Result<Self, ThemeError> {
        let mut problems = Vec::new();
        let theme = Self::read(name, dir, color, depth, &mut problems);
        match problems.into_iter().next() {
            Some(p) => Err(p.error),
            None => Ok(theme),
        }
    }

    /// The theme called `name` (as [`Theme::named`], in colour) and every problem in it and
    /// in the themes it is over: what is wrong is left out, and the rest applies.
    pub fn load(name: &str, dir: Option<&std::path::Path>) -> (Self, Vec<Problem>) {
        let mut problems = Vec::new();
        let theme = Self::read(name, dir, true, 0, &mut problems);
        (theme, problems)
    }

    fn read(
        name: &str,
        dir: Option<&std::path::Path>,
        color: bool,
        depth: u8,
        problems: &mut Vec<Problem>,
    ) -> Self {
        let built_in = match name {
            "dark" | "auto" => return Self::default_theme(color),
            "light" => Some(LIGHT_THEME),
            "high-contrast" => Some(HIGH_CONTRAST_THEME),
            _ => None,
        };
        let file = format!("themes/{name}.toml");
        let problem = |line, error| Problem {
            file: file.clone(),
            line,
            error,
        };
        let text = match built_in {
            Some(text) => text.to_string(),
            None => match dir.map(|d| std::fs::read_to_string(d.join(format!("{name}.toml")))) {
                None => {
                    problems.push(problem(
                        None,
                        ThemeError::Toml(format!("no theme `{name}`")),
                    ));
                    return Self::default_theme(color);
                }
                Some(Err(e)) => {
                    problems.push(problem(
                        None,
                        ThemeError::Toml(format!("theme `{name}`: {e}")),
                    ));
                    return Self::default_theme(color);
                }
                Some(Ok(text)) => text,
            },
        };
        let line = |at: &Option<Range<usize>>| {
            at.as_ref()
                .map(|r| text[..r.start.min(text.len())].matches('\n').count() + 1)
        };
        let base = match DeTable::parse(&text) {
            Err(_) => Self::default_theme(color), // said by parse_over
            Ok(doc) => match doc.get_ref().get("base") {
                None => Self::default_theme(color),
                Some(value) => match value.get_ref() {
                    DeValue::String(b) if depth >= 4 || b.as_ref() == name => {
                        Self::default_theme(color)
                    }
                    DeValue::String(b) if is_theme(b, dir) => {
                        Self::read(b, dir, color, depth + 1, problems)
                    }
                    DeValue::String(b) => {
                        let at = Some(value.span());
                        problems.push(problem(
                            line(&at),
                            ThemeError::Toml(format!(
                                "`base`: there is no theme `{b}` (built in: dark, light, \
                                 high-contrast; or a file in themes/)"
                            )),
                        ));
                        Self::default_theme(color)
                    }
                    _ => {
                        let at = Some(value.span());
                        problems.push(problem(
                            line(&at),
                            ThemeError::Toml("`base` must be a string: a theme's name".into()),
                        ));
                        Self::default_theme(color)
                    }
                },
            },
        };
        let mut found = Vec::new();
        let theme = Self::parse_over(base, &text, color, &mut found);
        for (at, error) in found {
            problems.push(problem(line(&at), error));
        }
        theme
    }

    pub fn default_theme(color: bool) -> Self {
        Self::parse(DEFAULT_THEME, color).expect("the built-in theme is valid (tested)")
    }

    /// The style of a TLP 2.0 label, in any case (see [`Tlp::of`]), alone or first among
    /// several markings (`TLP:RED · Copyright ACME`); `None` for any other marking.
    pub fn tlp(&self, marking: &str) -> Option<Style> {
        let first = crate::briefing::marking::parts(marking).next()?;
        Some(match Tlp::of(first)? {
            Tlp::Clear => self.tlp_clear,
            Tlp::Green => self.tlp_green,
            Tlp::Amber | Tlp::AmberStrict => self.tlp_amber,
            Tlp::Red => self.tlp_red,
        })
    }

    /// The banner's style for `marking`: its TLP colours, or the theme's banner.
    pub fn banner_for(&self, marking: &str) -> Style {
        self.tlp(marking).unwrap_or(self.banner)
    }

    /// The style for text of `role`.
    pub fn role(&self, role: Role) -> Style {
        match role {
            Role::Body => self.body,
            Role::Heading => self.heading,
            Role::Bluf => self.bluf,
            Role::Quote => self.quote,
            Role::QuoteBar => self.quote_bar,
            Role::Comment => self.comment,
            Role::CommentLabel => self.comment_label,
            Role::Note => self.note,
            Role::NoteLabel => self.note_label,
            Role::Removed => self.removed,
            Role::Speaker => self.speaker,
            Role::Attribution => self.attribution,
            Role::Badge => self.badge,
            Role::Muted => self.muted,
            Role::Original => self.original,
            Role::Label => self.label,
            Role::EventTitle => self.event_title,
            Role::TableHeader => self.table_header,
            Role::Url => self.url,
        }
    }
}

/// One style as a theme file writes it: `{ fg = "cyan", bold = true }`. Attributes are bold,
/// dim, italic, underlined, reversed, and mono_reversed (reverse video only without colour).
fn spec_style(spec: &DeValue<'_>, with_color: bool) -> Result<Style, String> {
    let DeValue::Table(spec) = spec else {
        return Err("expected an inline table such as { fg = \"cyan\", bold = true }".into());
    };
    let mut style = Style::default();
    for (key, value) in spec.iter() {
        let key: &str = key.get_ref();
        match (key, value.get_ref()) {
            ("fg" | "bg", DeValue::String(name)) => {
                let color =
                    Color::from_str(name).map_err(|_| format!("unknown colour `{name}`"))?;
                if with_color {
                    style = if key == "fg" {
                        style.fg(color)
                    } else {
                        style.bg(color)
                    };
                }
            }
            (_, DeValue::Boolean(on)) => {
                let modifier = match key {
                    "bold" => Modifier::BOLD,
                    "dim" if with_color => Modifier::DIM,
                    "dim" => Modifier::empty(),
                    "italic" => Modifier::ITALIC,
                    "underlined" => Modifier::UNDERLINED,
                    "reversed" => Modifier::REVERSED,
                    "crossed_out" => Modifier::CROSSED_OUT,
                    "mono_reversed" if !with_color => Modifier::REVERSED,
                    "mono_reversed" => Modifier::empty(),
                    _ => return Err(format!("unknown attribute `{key}`")),
                };
                if *on {
                    style = style.add_modifier(modifier);
                }
            }
            _ => return Err(format!("`{key}` has the wrong type or is unknown")),
        }
    }
    Ok(style)
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_built_in_themes_and_a_users_theme_over_one_of_them() {
        let dark = Theme::default_theme(true);
        let light = Theme::named_in("light", None, true, 0).unwrap();
        let high = Theme::named_in("high-contrast", None, true, 0).unwrap();
        assert_ne!(light, dark);
        assert_ne!(high, dark);
        assert_eq!(
            light.tlp_red, dark.tlp_red,
            "what light leaves out comes from its base"
        );
        assert!(Theme::named_in("nope", None, true, 0).is_err());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            "base = \"light\"\n[styles]\nheading = { fg = \"red\" }\n",
        )
        .unwrap();
        let mine = Theme::named_in("mine", Some(dir.path()), true, 0).unwrap();
        assert_eq!(mine.heading.fg, Some(Color::Red));
        assert_eq!(mine.tab_active, light.tab_active);
        // A theme that names itself as its base is not read forever.
        std::fs::write(dir.path().join("loop.toml"), "base = \"loop\"\n[styles]\n").unwrap();
        assert!(Theme::named_in("loop", Some(dir.path()), true, 0).is_ok());
    }

    #[test]
    fn tlp_labels_take_firsts_colours_on_black_and_stand_alone_without_colour() {
        let theme = Theme::default_theme(true);
        let rgb = |s: Style| (s.fg, s.bg);
        let expect = |r, g, b| (Some(Color::Rgb(r, g, b)), Some(Color::Black));
        assert_eq!(rgb(theme.banner_for("TLP:RED")), expect(0xFF, 0x2B, 0x2B));
        assert_eq!(rgb(theme.banner_for("TLP:AMBER")), expect(0xFF, 0xC0, 0x00));
        assert_eq!(
            rgb(theme.banner_for("TLP:AMBER+STRICT")),
            expect(0xFF, 0xC0, 0x00)
        );
        assert_eq!(rgb(theme.banner_for("TLP:GREEN")), expect(0x33, 0xFF, 0x00));
        assert_eq!(rgb(theme.banner_for("TLP:CLEAR")), expect(0xFF, 0xFF, 0xFF));
        assert_eq!(theme.banner_for("ACME INTERNAL"), theme.banner);
        assert_eq!(
            theme.banner_for("tlp:red"),
            theme.banner_for("TLP:RED"),
            "a label in another case is the same level (as its rank is)"
        );
        assert_eq!(theme.tlp("TLP: RED"), None, "a near miss is not a label");
        assert_eq!(theme.tlp("TLP:RED · ACME only"), theme.tlp("TLP:RED"));
        assert_eq!(theme.tlp("ACME only · TLP:RED"), None);
        let mono = Theme::default_theme(false);
        let red = mono.banner_for("TLP:RED");
        assert_eq!((red.fg, red.bg), (None, None));
        assert!(!red.add_modifier.contains(Modifier::REVERSED));
    }

    use super::*;

    #[test]
    fn built_in_theme_parses_in_both_modes_and_sets_every_style() {
        Theme::parse(DEFAULT_THEME, false).unwrap();
        let doc = DeTable::parse(DEFAULT_THEME).unwrap();
        let Some(DeValue::Table(styles)) = doc.get_ref().get("styles").map(|v| v.get_ref()) else {
            panic!("no [styles]");
        };
        let mut theme = Theme::parse(DEFAULT_THEME, true).unwrap();
        let names = [
            "banner",
            "title",
            "meta",
            "tab",
            "tab_active",
            "tab_number",
            "rule",
            "heading",
            "body",
            "bluf",
            "quote",
            "quote_bar",
            "comment",
            "comment_label",
            "speaker",
            "attribution",
            "badge",
            "muted",
            "original",
            "label",
            "event_title",
            "table_header",
            "url",
            "status",
            "status_key",
            "help_border",
            "help_key",
            "warning",
            "highlight",
            "highlight_current",
            "selected",
            "focus",
            "note",
            "note_label",
            "changed",
            "changed_words",
            "removed",
            "tlp_clear",
            "tlp_green",
            "tlp_amber",
            "tlp_red",
        ];
        for name in names {
            assert!(
                styles.get(name).is_some(),
                "the built-in theme sets `{name}`"
            );
            assert!(theme.slot(name).is_some());
        }
        assert_eq!(styles.len(), names.len());
    }

    #[test]
    fn monochrome_has_no_colours_but_keeps_meaning() {
        let t = Theme::default_theme(false);
        assert_eq!(t.banner.fg, None);
        assert_eq!(t.tab_active.bg, None);
        assert!(t.banner.add_modifier.contains(Modifier::REVERSED));
        assert!(t.tab_active.add_modifier.contains(Modifier::REVERSED));
        assert!(t.badge.add_modifier.contains(Modifier::REVERSED));
        assert!(t.quote.add_modifier.contains(Modifier::ITALIC));
        assert!(t.heading.add_modifier.contains(Modifier::BOLD));
        let coloured = Theme::default_theme(true);
        assert!(!coloured.banner.add_modifier.contains(Modifier::REVERSED));
        assert!(coloured.banner.bg.is_some());
    }

    #[test]
    fn bad_themes_are_reported() {
        let bad = DEFAULT_THEME.replace("\"lightgreen\"", "\"nocolour\"");
        let err = Theme::parse(&bad, true).unwrap_err();
        assert_eq!(
            err.to_string(),
            "theme style `banner`: unknown colour `nocolour`"
        );
        let err = Theme::parse("[styles]\nbanerr = {}\n", true).unwrap_err();
        assert_eq!(err, ThemeError::UnknownStyle("banerr".into()));
        let err = Theme::parse("[styles]\nbanner = { blink = true }\n", true).unwrap_err();
        assert!(
            err.to_string().contains("unknown attribute `blink`"),
            "{err}"
        );
    }
}
