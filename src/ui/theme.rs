//! Semantic styles (title, banner, quote, attribution, …) loaded from a TOML theme.
//!
//! The default theme is `assets/themes/default.toml`, compiled in. With `NO_COLOR` set, colours
//! are dropped and a style's attributes carry the meaning; `mono_reversed` adds reverse video
//! in that mode for things that must stand out (the banner, the active tab, grades).

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use crate::document::Role;

/// Why a theme file could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThemeError {
    #[error("theme file: {0}")]
    Toml(String),
    #[error("theme style `{style}`: unknown colour `{colour}`")]
    Colour { style: &'static str, colour: String },
}

/// The theme compiled into the binary.
pub const DEFAULT_THEME: &str = include_str!("../../assets/themes/default.toml");

/// One style as a theme file writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    dim: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underlined: bool,
    #[serde(default)]
    reversed: bool,
    /// Reverse video, but only without colours.
    #[serde(default)]
    mono_reversed: bool,
}

/// One value per kind of text: [`Spec`]s as the file writes them, [`Style`]s once resolved.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Styles<T> {
    pub banner: T,
    pub title: T,
    pub meta: T,
    pub tab: T,
    pub tab_active: T,
    pub tab_number: T,
    pub rule: T,
    pub heading: T,
    pub body: T,
    pub bluf: T,
    pub quote: T,
    pub quote_bar: T,
    pub speaker: T,
    pub attribution: T,
    pub badge: T,
    pub muted: T,
    pub original: T,
    pub label: T,
    pub event_title: T,
    pub table_header: T,
    pub url: T,
    pub status: T,
    pub status_key: T,
    pub help_border: T,
    pub help_key: T,
    pub warning: T,
}

/// Every style the reader uses, by meaning.
pub type Theme = Styles<Style>;

impl Styles<Spec> {
    fn resolve(&self, color: bool) -> Result<Theme, ThemeError> {
        let style = |name: &'static str, spec: &Spec| {
            spec.style(color).map_err(|colour| ThemeError::Colour {
                style: name,
                colour,
            })
        };
        Ok(Styles {
            banner: style("banner", &self.banner)?,
            title: style("title", &self.title)?,
            meta: style("meta", &self.meta)?,
            tab: style("tab", &self.tab)?,
            tab_active: style("tab_active", &self.tab_active)?,
            tab_number: style("tab_number", &self.tab_number)?,
            rule: style("rule", &self.rule)?,
            heading: style("heading", &self.heading)?,
            body: style("body", &self.body)?,
            bluf: style("bluf", &self.bluf)?,
            quote: style("quote", &self.quote)?,
            quote_bar: style("quote_bar", &self.quote_bar)?,
            speaker: style("speaker", &self.speaker)?,
            attribution: style("attribution", &self.attribution)?,
            badge: style("badge", &self.badge)?,
            muted: style("muted", &self.muted)?,
            original: style("original", &self.original)?,
            label: style("label", &self.label)?,
            event_title: style("event_title", &self.event_title)?,
            table_header: style("table_header", &self.table_header)?,
            url: style("url", &self.url)?,
            status: style("status", &self.status)?,
            status_key: style("status_key", &self.status_key)?,
            help_border: style("help_border", &self.help_border)?,
            help_key: style("help_key", &self.help_key)?,
            warning: style("warning", &self.warning)?,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    styles: Styles<Spec>,
}

/// The colour a theme names; `Err` carries the name when it is not a colour.
fn color(name: &Option<String>) -> Result<Option<Color>, String> {
    name.as_deref()
        .map(|n| Color::from_str(n).map_err(|_| n.to_string()))
        .transpose()
}

impl Spec {
    fn style(&self, with_color: bool) -> Result<Style, String> {
        let mut style = Style::default();
        let (fg, bg) = (color(&self.fg)?, color(&self.bg)?);
        if with_color {
            if let Some(fg) = fg {
                style = style.fg(fg);
            }
            if let Some(bg) = bg {
                style = style.bg(bg);
            }
        }
        let flags = [
            (self.bold, Modifier::BOLD),
            (self.dim && with_color, Modifier::DIM),
            (self.italic, Modifier::ITALIC),
            (self.underlined, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
            (self.mono_reversed && !with_color, Modifier::REVERSED),
        ];
        for (on, modifier) in flags {
            if on {
                style = style.add_modifier(modifier);
            }
        }
        Ok(style)
    }
}

impl Theme {
    /// Parses a theme file; `color = false` gives the monochrome variant.
    pub fn parse(text: &str, color: bool) -> Result<Self, ThemeError> {
        let file: File = toml::from_str(text).map_err(|e| ThemeError::Toml(e.message().into()))?;
        file.styles.resolve(color)
    }

    /// The built-in theme, in colour unless `NO_COLOR` is set (to anything but "").
    pub fn from_env() -> Self {
        let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Self::default_theme(color)
    }

    pub fn default_theme(color: bool) -> Self {
        Self::parse(DEFAULT_THEME, color).expect("the built-in theme is valid (tested)")
    }

    /// The style for text of `role`.
    pub fn role(&self, role: Role) -> Style {
        match role {
            Role::Body => self.body,
            Role::Heading => self.heading,
            Role::Bluf => self.bluf,
            Role::Quote => self.quote,
            Role::QuoteBar => self.quote_bar,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_theme_parses_in_both_modes() {
        Theme::parse(DEFAULT_THEME, true).unwrap();
        Theme::parse(DEFAULT_THEME, false).unwrap();
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
    }

    #[test]
    fn bad_colours_are_reported() {
        let bad = DEFAULT_THEME.replace("\"lightgreen\"", "\"nocolour\"");
        let err = Theme::parse(&bad, true).unwrap_err();
        assert_eq!(
            err,
            ThemeError::Colour {
                style: "banner",
                colour: "nocolour".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "theme style `banner`: unknown colour `nocolour`"
        );
    }
}
