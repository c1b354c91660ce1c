//! The whole briefing as Markdown: the marking first and last, a heading per tab, quotes as
//! block quotes with their attribution, the background as a dated list and the sources as a
//! table. Text from the file is escaped so it stays text: no stray emphasis, links, images or
//! HTML, not even GitHub's links made of bare addresses (`https://…`, `www.…`, `a@b.c`), and
//! the sources' URLs are code, never links.

use std::io::{self, Write};

use crate::briefing::{About, Briefing, Credibility, Reliability, Statement, StatementKind};
use crate::document::build::{
    Attribution, COMMENT_LABEL, COMMENT_NOTE, GRADES_BY_AUTHOR, TabKind, meta_line, paragraphs,
};

/// Escapes `text` so Markdown shows it as written: no emphasis, links, HTML or entities, and
/// nothing at its start that would open a heading, list or rule. GitHub-flavoured Markdown also
/// makes links of bare `scheme://…`, `www.…` and `name@host` text. An escape inside the first
/// two (`https\://`, `www\.`) breaks them. GitHub's renderer looks for addresses after it has
/// undone escapes, so a word joiner (U+2060, invisible) stands between an address's name and its
/// `@`, which an address cannot hold.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Where GitHub would start a `www.` link: the text's start, or after a space, `*`, `_`,
    // `~` or `(`.
    let mut word_start = true;
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        let rest = &text[at..];
        if word_start
            && rest
                .get(..4)
                .is_some_and(|w| w.eq_ignore_ascii_case("www."))
        {
            out.push_str(&rest[..3]);
            out.push_str("\\.");
            chars.nth(2);
            word_start = false;
            continue;
        }
        let special = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '@'
        );
        if c == '@' && out.ends_with(|p: char| p.is_ascii_alphanumeric() || ".+-_".contains(p)) {
            out.push('\u{2060}');
        }
        if special || (c == ':' && rest.starts_with("://")) {
            out.push('\\');
        }
        out.push(c);
        word_start = c.is_whitespace() || matches!(c, '*' | '_' | '~' | '(');
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if out.starts_with(['#', '-', '+', '=']) {
        out.insert(0, '\\');
    } else if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// `text` as an inline code span, whatever backticks it holds.
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A code span inside a table cell, where GitHub needs even a code span's pipes escaped.
fn code_cell(text: &str) -> String {
    code(text).replace('|', "\\|")
}

/// Writes the marking, the title and the line under it; returns the marking, to close with.
pub(crate) fn head(out: &mut dyn Write, b: &Briefing) -> io::Result<Option<String>> {
    let marking = b.marking.as_deref().map(|m| format!("**{}**", escape(m)));
    if let Some(m) = &marking {
        writeln!(out, "{m}\n")?;
    }
    writeln!(out, "# {}\n", escape(&b.title))?;
    writeln!(
        out,
        "*{}*\n",
        escape(&meta_line(b, &crate::document::DateFormat::default()))
    )?;
    Ok(marking)
}

pub fn write(out: &mut dyn Write, b: &Briefing) -> io::Result<()> {
    let marking = head(out, b)?;
    for kind in TabKind::all(b, false) {
        writeln!(out, "## {}\n", escape(kind.title(b)))?;
        match kind {
            TabKind::Summary => summary(out, b)?,
            TabKind::Party(i) => party(out, b, i)?,
            TabKind::Reactions => reactions(out, b)?,
            TabKind::Background => background(out, b)?,
            TabKind::Sources => sources(out, b)?,
            TabKind::Notes => {}
        }
    }
    if let Some(m) = &marking {
        writeln!(out, "---\n\n{m}")?;
    }
    out.flush()
}

fn summary(out: &mut dyn Write, b: &Briefing) -> io::Result<()> {
    for (i, p) in paragraphs(&b.summary.bluf).iter().enumerate() {
        let lead = if i == 0 {
            "**Bottom line up front:** "
        } else {
            ""
        };
        writeln!(out, "{lead}{}\n", escape(p))?;
    }
    if !b.summary.key_points.is_empty() {
        writeln!(out, "### Key points\n")?;
        for point in &b.summary.key_points {
            writeln!(out, "- {}", escape(point))?;
        }
        writeln!(out)?;
    }
    let body = paragraphs(&b.summary.text);
    if !body.is_empty() {
        writeln!(out, "### Detail\n")?;
        for p in body {
            writeln!(out, "{}\n", escape(&p))?;
        }
    }
    comments(out, b, About::Summary)
}

/// The analyst comments about `about`, each one paragraph behind its label, so that no reader
/// of the export takes it for reporting.
fn comments(out: &mut dyn Write, b: &Briefing, about: About) -> io::Result<()> {
    for c in b.comments_on(about) {
        let text = paragraphs(&c.text).join(" ");
        writeln!(
            out,
            "**{COMMENT_LABEL}** *({COMMENT_NOTE}):* {}\n",
            escape(&text)
        )?;
    }
    Ok(())
}

fn party(out: &mut dyn Write, b: &Briefing, i: usize) -> io::Result<()> {
    let p = &b.parties[i];
    for (label, value) in [("Role", &p.role), ("Position", &p.position)] {
        if let Some(value) = value {
            writeln!(out, "**{label}:** {}  ", escape(value))?;
        }
    }
    writeln!(out)?;
    comments(out, b, About::Party(i))?;
    writeln!(out, "### Statements ({})\n", p.statements.len())?;
    if p.statements.is_empty() {
        writeln!(
            out,
            "*The briefing records no statements from this party.*\n"
        )?;
    }
    for (j, s) in p.statements.iter().enumerate() {
        statement(out, s, b)?;
        comments(out, b, About::Statement(i, j))?;
    }
    Ok(())
}

fn reactions(out: &mut dyn Write, b: &Briefing) -> io::Result<()> {
    if b.reactions.is_empty() {
        writeln!(out, "*The briefing records no reactions.*\n")?;
        return comments(out, b, About::Reactions);
    }
    let mut actors: Vec<&str> = Vec::new();
    for r in &b.reactions {
        if !actors.contains(&r.actor.as_ref()) {
            actors.push(&r.actor);
        }
    }
    for actor in actors {
        writeln!(out, "### {}\n", escape(actor))?;
        for (k, r) in b
            .reactions
            .iter()
            .enumerate()
            .filter(|(_, r)| r.actor == actor)
        {
            statement(out, &r.statement, b)?;
            comments(out, b, About::Reaction(k))?;
        }
    }
    comments(out, b, About::Reactions)
}

/// A quote as a block quote with its attribution inside; a paraphrase as a paragraph with its
/// attribution under it.
pub(crate) fn statement(out: &mut dyn Write, s: &Statement, b: &Briefing) -> io::Result<()> {
    let line = attribution(s, b);
    let original = s.original.as_ref().map(|o| {
        let text = paragraphs(&o.text).join(" ");
        format!("*Original ({}):* {}", escape(&o.language), escape(&text))
    });
    let text = paragraphs(&s.text);
    let translated = s.translated_from(b.language.as_deref());
    match s.kind {
        StatementKind::Quote => {
            for (i, p) in text.iter().enumerate() {
                let note = match &translated {
                    Some(language) if i + 1 == text.len() => {
                        format!(" *(translated from {})*", escape(language))
                    }
                    _ => String::new(),
                };
                writeln!(out, "> “{}”{note}\n>", escape(p))?;
            }
            writeln!(out, "> {line}  ")?;
            if let Some(o) = original {
                writeln!(out, "> {o}")?;
            }
            writeln!(out)
        }
        StatementKind::Paraphrase => {
            for p in &text {
                writeln!(out, "{}\n", escape(p))?;
            }
            writeln!(out, "{line}  ")?;
            if let Some(o) = original {
                writeln!(out, "{o}")?;
            }
            writeln!(out)
        }
    }
}

/// A statement's attribution line: `— **speaker**, role · date · source · `B2` · kind`.
pub(crate) fn attribution(s: &Statement, b: &Briefing) -> String {
    let a = Attribution::of(s, &b.sources);
    let mut line = format!("— **{}**", escape(a.speaker));
    if let Some(role) = a.role {
        line.push_str(&format!(", {}", escape(role)));
    }
    for detail in [a.date.as_deref(), a.source].into_iter().flatten() {
        line.push_str(&format!(" · {}", escape(detail)));
    }
    if let Some(grade) = &a.grade {
        line.push_str(&format!(" · {}", code(grade)));
    }
    line.push_str(&format!(" · {}", a.kind));
    line
}

fn background(out: &mut dyn Write, b: &Briefing) -> io::Result<()> {
    if b.background.is_empty() {
        writeln!(out, "*The briefing records no background.*\n")?;
        return comments(out, b, About::Background);
    }
    for (i, e) in b.background.iter().enumerate() {
        let text = paragraphs(&e.text).join(" ");
        writeln!(
            out,
            "- **{}** — **{}:** {}",
            escape(&e.period),
            escape(&e.title),
            escape(&text)
        )?;
        if b.comments_on(About::Event(i)).next().is_some() {
            writeln!(out)?;
            comments(out, b, About::Event(i))?;
        }
    }
    writeln!(out)?;
    comments(out, b, About::Background)
}

fn sources(out: &mut dyn Write, b: &Briefing) -> io::Result<()> {
    if b.sources.is_empty() {
        writeln!(out, "*The briefing lists no sources.*\n")?;
    } else {
        writeln!(out, "| ID | Name | Kind | Language | Reliability | URL |")?;
        writeln!(out, "|---|---|---|---|---|---|")?;
        let or_dash = |v: Option<&str>| v.map_or("–".to_string(), escape);
        for s in &b.sources {
            let row = [
                escape(&s.id),
                escape(&s.name),
                or_dash(s.kind.as_deref()),
                or_dash(s.language.as_deref()),
                s.reliability.map_or("–".into(), |r| r.letter().to_string()),
                s.url.as_deref().map_or("–".into(), code_cell),
            ];
            writeln!(out, "| {} |", row.join(" | "))?;
        }
        writeln!(
            out,
            "\n*The Reliability column is the briefing author's assessment of each source, not \
             the source's own.*\n"
        )?;
    }
    comments(out, b, About::Sources)?;
    writeln!(out, "### Grades (Admiralty scale)\n")?;
    writeln!(
        out,
        "A statement's grade joins its source's reliability (letter) and its own credibility \
         (digit), for example `B2`; `?` marks the half that is not given. {GRADES_BY_AUTHOR}\n"
    )?;
    let reliability: Vec<String> = Reliability::SCALE
        .iter()
        .map(|(l, m)| format!("{l} {m}"))
        .collect();
    let credibility: Vec<String> = Credibility::SCALE
        .iter()
        .map(|(d, m)| format!("{d} {m}"))
        .collect();
    writeln!(out, "- Reliability: {}", reliability.join("; "))?;
    writeln!(out, "- Credibility: {}\n", credibility.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_specials_are_escaped() {
        assert_eq!(
            escape("a *b* [c](d) <e> | f_g"),
            "a \\*b\\* \\[c\\](d) \\<e\\> \\| f\\_g"
        );
        assert_eq!(escape("# not a heading"), "\\# not a heading");
        assert_eq!(escape("- not a list"), "\\- not a list");
        assert_eq!(escape("1. not a list"), "1\\. not a list");
        assert_eq!(escape("12) not a list"), "12\\) not a list");
        assert_eq!(escape("2022 was a year"), "2022 was a year");
        assert_eq!(escape("plain, text."), "plain, text.");
    }

    #[test]
    fn bare_addresses_are_broken_up() {
        assert_eq!(
            escape("see https://x.example, WWW.y.example and bob@z.example"),
            "see https\\://x.example, WWW\\.y.example and bob\u{2060}\\@z.example"
        );
        assert_eq!(escape("xmpp:a@b.c, @home"), "xmpp:a\u{2060}\\@b.c, \\@home");
        assert_eq!(escape("(www.a.b) awww.c"), "(www\\.a.b) awww.c");
        assert_eq!(escape("ratio 3:1, at 10:00"), "ratio 3:1, at 10:00");
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("javascript:x"), "`javascript:x`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }

    #[test]
    fn table_cells_escape_pipes_even_in_code() {
        assert_eq!(code_cell("a|b"), "`a\\|b`");
        assert_eq!(escape("a|b"), "a\\|b");
    }
}
