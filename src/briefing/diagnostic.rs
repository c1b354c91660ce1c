//! Problems found in a briefing file, each pointing at a byte span of the file's text.
//!
//! The loader collects every problem it can find rather than stopping at the first; callers
//! decide how to show them. Messages are built from sanitised text only, so they are safe to
//! print as they are.

use std::fmt;
use std::ops::Range;

use super::sanitize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem: what is wrong, where, and how to fix it when that is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, machine-readable name for the kind of problem, such as `unknown-key`.
    pub code: &'static str,
    pub message: String,
    /// Byte range in the file's text; `None` when the problem has no place (an empty file).
    pub span: Option<Range<usize>>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(
        code: &'static str,
        message: impl Into<String>,
        span: Option<Range<usize>>,
    ) -> Self {
        Self {
            severity: Severity::Error,
            code,
            message: message.into(),
            span,
            help: None,
        }
    }

    pub fn warning(
        code: &'static str,
        message: impl Into<String>,
        span: Option<Range<usize>>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message, span)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same problem, at `span`.
    pub fn with_span(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Which pass finds this kind of problem: reading and syntax (0), then the shape of the
    /// document (1), then what it means (2). Reports list problems in that order.
    pub fn stage(&self) -> u8 {
        match self.code {
            "io" | "too-large" | "not-utf8" | "empty-file" | "not-toml" | "syntax" => 0,
            "missing-key" | "wrong-type" | "empty" | "unknown-key" | "unused-key" => 1,
            _ => 2,
        }
    }

    /// `origin:line:col: error: message` (or `origin: error: message` when the problem has no
    /// place). `text` is the file the span points into.
    fn located(&self, origin: &str, text: &str) -> String {
        let origin = sanitize::quoted(origin);
        match &self.span {
            Some(span) => {
                let (line, col) = line_col(text, span.start);
                format!("{origin}:{line}:{col}: {}: {}", self.severity, self.message)
            }
            None => format!("{origin}: {}: {}", self.severity, self.message),
        }
    }

    /// For a terminal or a log: the located message, then an indented `help:` line when there
    /// is one.
    pub fn render_line(&self, origin: &str, text: &str) -> String {
        match &self.help {
            Some(help) => format!("{}\n  help: {help}", self.located(origin, text)),
            None => self.located(origin, text),
        }
    }

    /// Always a single line: the located message, with the help in parentheses.
    pub fn one_line(&self, origin: &str, text: &str) -> String {
        match &self.help {
            Some(help) => format!("{} (help: {help})", self.located(origin, text)),
            None => self.located(origin, text),
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..]
        .chars()
        .filter(|&c| c != '\u{feff}')
        .count()
        + 1;
    (line, col)
}

/// Quotes a key or value from the file for a message: sanitised, shortened, in backticks.
pub fn quote(text: &str) -> String {
    const MAX: usize = 60;
    let clean = sanitize::quoted(text);
    if clean.chars().count() > MAX {
        let short: String = clean.chars().take(MAX - 1).collect();
        format!("`{short}…`")
    } else {
        format!("`{clean}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let text = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        // `=` after "bé " is the 4th character, though the 5th byte.
        assert_eq!(line_col(text, 10), (2, 4));
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn rendered_line_names_the_place() {
        let d = Diagnostic::error("x", "bad thing", Some(6..7)).with_help("do better");
        assert_eq!(
            d.render_line("f.toml", "a = 1\nb = 2"),
            "f.toml:2:1: error: bad thing\n  help: do better"
        );
    }

    #[test]
    fn quoting_sanitises_and_shortens() {
        assert_eq!(quote("spe\u{1b}[31mker"), "`spe␛[31mker`");
        assert_eq!(quote(&"x".repeat(100)).chars().count(), 62);
    }
}
