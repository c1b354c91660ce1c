//! How `brief check` shows diagnostics: like rustc and cargo (annotate-snippets), with the
//! source line and a caret under the exact span, or as one JSON object per line for editors
//! and CI. Everything quoted from the file, its path included, is sanitised first.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::briefing::diagnostic::line_col;
use crate::briefing::sanitize::{self, Lines};
use crate::briefing::{Diagnostic, Severity};

/// Most source lines a diagnostic quotes; longer spans are cut to their first lines.
const MAX_QUOTED_LINES: usize = 4;

/// A diagnostic rendered for a person: `error[code]: message`, `--> path:line:col`, the
/// source line(s) with a caret under the span, and `= help:` when there is one.
pub fn human(origin: &str, text: &str, d: &Diagnostic, color: bool) -> String {
    let origin = sanitize::quoted(origin);
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str()).id(d.code);
    let mut group = match &d.span {
        Some(span) if !text.is_empty() => {
            let (source, line, local) = quoted_lines(text, span.clone());
            title.element(
                Snippet::source(source)
                    .line_start(line)
                    .path(origin.as_ref())
                    .annotation(AnnotationKind::Primary.span(local)),
            )
        }
        _ => title.element(Origin::path(origin.as_ref())),
    };
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group] as &[Group<'_>])
}

/// The sanitised lines `span` touches (at most [`MAX_QUOTED_LINES`]), the 1-based number of
/// the first, and the span moved into them.
fn quoted_lines(
    text: &str,
    span: std::ops::Range<usize>,
) -> (String, usize, std::ops::Range<usize>) {
    let clamp = |at: usize| {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let (start, end) = (clamp(span.start), clamp(span.end.max(span.start)));
    let first = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut last = text[start..].find('\n').map_or(text.len(), |i| start + i);
    for _ in 1..MAX_QUOTED_LINES {
        if last >= end || last >= text.len() {
            break;
        }
        last = text[last + 1..]
            .find('\n')
            .map_or(text.len(), |i| last + 1 + i);
    }
    let (clean, map) = sanitize::sanitize_mapped(&text[first..last], Lines::Multi);
    let local = map[start - first]..map[end.min(last) - first];
    (clean, line_col(text, start).0, local)
}

/// A place in a file, 1-based.
#[derive(serde::Serialize)]
struct Place {
    line: usize,
    column: usize,
}

/// What `--format json` writes for each diagnostic.
#[derive(serde::Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end: Option<Place>,
    severity: &'static str,
    code: &'a str,
    message: &'a str,
    help: Option<&'a str>,
}

/// A diagnostic as one line of JSON: path, line, column, end, severity, code, message, help.
/// Lines and columns are 1-based; they are null when the problem has no place in the file.
pub fn json(origin: &str, text: &str, d: &Diagnostic) -> String {
    let place = |at: usize| {
        let (line, column) = line_col(text, at);
        Place { line, column }
    };
    let span = d.span.clone().filter(|_| !text.is_empty());
    let start = span.as_ref().map(|s| place(s.start));
    let value = JsonDiagnostic {
        path: origin,
        line: start.as_ref().map(|p| p.line),
        column: start.as_ref().map(|p| p.column),
        end: span.map(|s| place(s.end.max(s.start))),
        severity: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        code: d.code,
        message: &d.message,
        help: d.help.as_deref(),
    };
    let json = serde_json::to_string(&value).expect("diagnostics always serialise");
    inert_json(&json)
}

/// JSON escapes C0 controls itself; this also escapes everything else sanitising would touch
/// (DEL, C1 and bidi controls, tag characters), which can only be inside strings here.
pub fn inert_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if sanitize::is_unsafe(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(span: std::ops::Range<usize>) -> Diagnostic {
        Diagnostic::error(
            "wrong-type",
            "`title` must be a string, found integer",
            Some(span),
        )
        .with_help("put the text in double quotes")
    }

    #[test]
    fn human_output_points_a_caret_at_the_span() {
        let text = "format = 1\n[briefing]\ntitle = 42\n";
        let out = human("f.toml", text, &diag(30..32), false);
        assert_eq!(
            out,
            "error[wrong-type]: `title` must be a string, found integer\n \
             --> f.toml:3:9\n  \
             |\n\
             3 | title = 42\n  \
             |         ^^\n  \
             |\n  \
             = help: put the text in double quotes"
        );
    }

    #[test]
    fn quoted_source_lines_are_sanitised_and_the_caret_follows() {
        let text = "title = \"\u{1b}[31mred\"\nx = 1\n";
        let at = text.find("red").unwrap();
        let out = human("f.toml", text, &diag(at..at + 3), false);
        assert!(!out.contains('\u{1b}'), "{out:?}");
        let lines: Vec<&str> = out.lines().collect();
        let source = lines.iter().find(|l| l.contains("title = ")).unwrap();
        let caret = lines.iter().find(|l| l.contains('^')).unwrap();
        let col = |l: &str, pat: &str| l.find(pat).unwrap();
        assert_eq!(
            source[..col(source, "red")].chars().count(),
            caret[..col(caret, "^")].chars().count()
        );
    }

    #[test]
    fn problems_without_a_place_name_the_file() {
        let d = Diagnostic::error("empty-file", "the file is empty", None);
        let out = human("f.toml", "", &d, false);
        assert!(out.contains("error[empty-file]: the file is empty"));
        assert!(out.contains("--> f.toml"));
    }

    #[test]
    fn json_has_every_field_and_is_inert() {
        let text = "format = 1\n[briefing]\ntitle = 42\n";
        let line = json("f\u{9b}.toml", text, &diag(30..32));
        assert!(!line.contains('\u{9b}'));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["path"], "f\u{9b}.toml");
        assert_eq!(
            (v["line"].as_u64(), v["column"].as_u64()),
            (Some(3), Some(9))
        );
        assert_eq!(v["end"]["column"], 11);
        assert_eq!(v["severity"], "error");
        assert_eq!(v["code"], "wrong-type");
        assert_eq!(v["help"], "put the text in double quotes");
    }
}
