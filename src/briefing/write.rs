//! A briefing written out as a format 1 file, for what makes briefings from elsewhere
//! (`brief import stix`). Every string is a TOML basic string with its escapes, so nothing in
//! the text can end it early; reading the file back gives the same briefing.

use std::fmt::Write as _;

use toml_writer::TomlWrite;

use super::model::{About, Briefing, Statement, StatementKind, When};

/// `text` as a TOML string.
pub fn string(text: &str) -> String {
    let mut out = String::new();
    let _ = out.value(toml_writer::TomlStringBuilder::new(text).as_basic());
    out
}

/// A date as a TOML date or date-time.
fn date(w: When) -> String {
    w.written(true)
}

/// What a comment is about, as the format writes it.
pub fn about(b: &Briefing, about: About) -> String {
    let party = |p: usize| b.parties.get(p).map_or("", |p| p.name.as_ref());
    match about {
        About::Summary => "summary".into(),
        About::Party(p) => party(p).into(),
        About::Statement(p, s) => format!("{} #{}", party(p), s + 1),
        About::Reactions => "reactions".into(),
        About::Reaction(k) => format!("reactions #{}", k + 1),
        About::Background => "background".into(),
        About::Event(k) => format!("background #{}", k + 1),
        About::Sources => "sources".into(),
    }
}

fn key(out: &mut String, indent: &str, name: &str, value: &str) {
    let _ = writeln!(out, "{indent}{name} = {value}");
}

fn statement(out: &mut String, indent: &str, b: &Briefing, s: &Statement) {
    key(out, indent, "speaker", &string(&s.speaker));
    if let Some(role) = &s.role {
        key(out, indent, "role", &string(role));
    }
    if let Some(d) = s.date {
        key(out, indent, "date", &date(d));
    }
    if s.kind == StatementKind::Quote {
        key(out, indent, "kind", "\"quote\"");
    }
    key(out, indent, "text", &string(&s.text));
    if let Some(src) = s.source.and_then(|i| b.sources.get(i)) {
        key(out, indent, "source", &string(&src.id));
    }
    if let Some(c) = s.credibility {
        key(out, indent, "credibility", &c.value().to_string());
    }
    if let Some(o) = &s.original {
        key(out, indent, "original", &string(&o.text));
        key(out, indent, "original_language", &string(&o.language));
    }
}

/// `b` as the text of a format 1 file.
pub fn toml(b: &Briefing) -> String {
    let mut out = String::from("format = 1\n\n[briefing]\n");
    if let Some(id) = &b.id {
        key(&mut out, "", "id", &string(id));
    }
    key(&mut out, "", "title", &string(&b.title));
    key(&mut out, "", "date", &date(b.date));
    if let Some(region) = &b.region {
        key(&mut out, "", "region", &string(region));
    }
    if !b.tags.is_empty() {
        let tags: Vec<String> = b.tags.iter().map(|t| string(t)).collect();
        key(&mut out, "", "tags", &format!("[{}]", tags.join(", ")));
    }
    if let Some(marking) = &b.marking {
        key(&mut out, "", "marking", &string(marking));
    }
    if let Some(language) = &b.language {
        key(&mut out, "", "language", &string(language));
    }
    out.push_str("\n[summary]\n");
    key(&mut out, "", "bluf", &string(&b.summary.bluf));
    if !b.summary.key_points.is_empty() {
        let points: Vec<String> = (b.summary.key_points.iter()).map(|p| string(p)).collect();
        key(
            &mut out,
            "",
            "key_points",
            &format!("[{}]", points.join(", ")),
        );
    }
    if !b.summary.text.is_empty() {
        key(&mut out, "", "text", &string(&b.summary.text));
    }
    for p in &b.parties {
        out.push_str("\n[[parties]]\n");
        key(&mut out, "", "name", &string(&p.name));
        if let Some(role) = &p.role {
            key(&mut out, "", "role", &string(role));
        }
        if let Some(position) = &p.position {
            key(&mut out, "", "position", &string(position));
        }
        for s in &p.statements {
            out.push_str("\n  [[parties.statements]]\n");
            statement(&mut out, "  ", b, s);
        }
    }
    for r in &b.reactions {
        out.push_str("\n[[reactions]]\n");
        key(&mut out, "", "actor", &string(&r.actor));
        statement(&mut out, "", b, &r.statement);
    }
    for e in &b.background {
        out.push_str("\n[[background]]\n");
        key(&mut out, "", "period", &string(&e.period));
        key(&mut out, "", "year", &e.year.to_string());
        key(&mut out, "", "title", &string(&e.title));
        key(&mut out, "", "text", &string(&e.text));
    }
    for c in &b.comments {
        out.push_str("\n[[comments]]\n");
        key(&mut out, "", "text", &string(&c.text));
        key(&mut out, "", "about", &string(&about(b, c.about)));
    }
    for s in &b.sources {
        out.push_str("\n[[sources]]\n");
        key(&mut out, "", "id", &string(&s.id));
        key(&mut out, "", "name", &string(&s.name));
        for (name, value) in [
            ("kind", s.kind.as_deref()),
            ("url", s.url.as_deref()),
            ("language", s.language.as_deref()),
        ] {
            if let Some(value) = value {
                key(&mut out, "", name, &string(value));
            }
        }
        if let Some(r) = s.reliability {
            key(&mut out, "", "reliability", &format!("\"{}\"", r.letter()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_briefing_written_out_reads_back_the_same() {
        for (_, text) in crate::bundled::BRIEFINGS {
            let b = crate::briefing::parse(text.to_string()).briefing.unwrap();
            let written = toml(&b);
            let outcome = crate::briefing::parse(written.clone());
            assert_eq!(outcome.diagnostics.len(), 0, "{written}");
            assert_eq!(outcome.briefing.unwrap(), b);
        }
    }

    #[test]
    fn hostile_strings_stay_strings() {
        let text = "format = 1\n[briefing]\ntitle = \"a\\\"b\\n\\\"\\\"\\\"c \\\\ d\"\ndate = 2024-01-01T10:30:00+04:00\n\
                    [summary]\nbluf = \"x\"\n[[parties]]\nname = \"A]]\\n[[x\"\n";
        let b = crate::briefing::parse(text.to_string()).briefing.unwrap();
        let again = crate::briefing::parse(toml(&b)).briefing.unwrap();
        assert_eq!(again, b);
    }
}
