//! Citations to copy out of the reader (`y`, `Y`, `|`): the focused statement, key point,
//! timeline entry or source, or the whole briefing, as plain text that says who said it and
//! where it comes from — the words (in quotation marks only when they are a quote, with the
//! language a translated quote comes from), speaker, role and date, the source with its grade
//! (the briefing author's assessment), the briefing's title, date and id — between two lines
//! of the briefing's marking, so that the marking travels with every copy.
//!
//! Everything here is the briefing's own text, sanitised when it was loaded.

use crate::briefing::parts::Part;
use crate::briefing::{Briefing, Reliability, Source, Statement, StatementKind};

use super::build::{Attribution, meta_line, paragraphs};
use super::dates::DateFormat;

/// The line that ties a citation to its briefing: title, date and id.
fn from_line(b: &Briefing, id: &str, dates: &DateFormat) -> String {
    format!("From: {} · {} · id {id}", b.title, dates.when(b.date))
}

/// `text` between two lines of the marking, when the briefing has one.
fn marked(b: &Briefing, lines: Vec<String>) -> String {
    let mut out = Vec::with_capacity(lines.len() + 2);
    out.extend(b.marking.as_deref().map(str::to_string));
    out.extend(lines);
    out.extend(b.marking.as_deref().map(str::to_string));
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// What the scale says a reliability letter means.
fn reliability(r: Reliability) -> String {
    format!("reliability {} ({})", r.letter(), r.meaning())
}

/// The source line of a statement: its source and grade (also in the STIX export's notes).
pub fn source_line(s: &Statement, sources: &[Source]) -> Option<String> {
    let a = Attribution::of(s, sources);
    let mut line = String::new();
    if let Some(src) = s.source.and_then(|i| sources.get(i)) {
        line.push_str(&format!("Source: {}", src.name));
        if let Some(r) = src.reliability {
            line.push_str(&format!(", {}", reliability(r)));
        }
    }
    if let Some(grade) = a.grade {
        if !line.is_empty() {
            line.push_str(" · ");
        }
        line.push_str(&format!(
            "grade {grade} (the briefing author's assessment, not the source's)"
        ));
    }
    (!line.is_empty()).then_some(line)
}

/// A statement's words and attribution.
fn statement_lines(
    b: &Briefing,
    s: &Statement,
    actor: Option<&str>,
    dates: &DateFormat,
) -> Vec<String> {
    let mut lines = Vec::new();
    let text = paragraphs(&s.text).join(" ");
    let words = match s.kind {
        StatementKind::Quote => format!("“{text}”"),
        StatementKind::Paraphrase => text,
    };
    let note = s
        .translated_from(b.language.as_deref())
        .map(|language| format!(" (translated from {language})"))
        .unwrap_or_default();
    lines.push(format!("{words}{note}"));
    let a = Attribution::dated(s, &b.sources, dates);
    let mut who = format!("— {}", a.speaker);
    for detail in [a.role, actor.filter(|actor| *actor != a.speaker)]
        .into_iter()
        .flatten()
    {
        who.push_str(&format!(", {detail}"));
    }
    if let Some(date) = &a.date {
        who.push_str(&format!(", {date}"));
    }
    who.push_str(&format!(" ({})", a.kind));
    lines.push(who);
    if let Some(o) = &s.original {
        let text = paragraphs(&o.text).join(" ");
        lines.push(format!("Original ({}): {text}", o.language));
    }
    lines.extend(source_line(s, &b.sources));
    lines
}

/// The citation of `part` of `b` (known by `id`), with dates as `dates` writes them, or
/// `None` when `b` has no such part.
pub fn of_part(b: &Briefing, part: Part, id: &str, dates: &DateFormat) -> Option<String> {
    let mut lines = match part {
        Part::Statement { party, index } => {
            let p = b.parties.get(party)?;
            let s = p.statements.get(index)?;
            let mut lines = statement_lines(b, s, None, dates);
            // Under whose account the briefing lists it, apart from who said it: the report
            // speaks under Russia's name without being Russia.
            lines.push(format!("Listed under the party: {}", p.name));
            lines
        }
        Part::Reaction(i) => {
            let r = b.reactions.get(i)?;
            statement_lines(b, &r.statement, Some(&r.actor), dates)
        }
        Part::KeyPoint(i) => vec![format!("Key point: {}", b.summary.key_points.get(i)?)],
        Part::Event(i) => {
            let e = b.background.get(i)?;
            let mut lines = vec![format!("{} — {}", e.period, e.title)];
            lines.extend(paragraphs(&e.text));
            lines
        }
        Part::Source(i) => {
            let s = b.sources.get(i)?;
            let mut line = format!("Source: {}", s.name);
            for detail in [s.kind.as_deref(), s.language.as_deref()]
                .into_iter()
                .flatten()
            {
                line.push_str(&format!(", {detail}"));
            }
            let mut lines = vec![line];
            lines.extend(
                s.reliability
                    .map(|r| format!("{} — the briefing author's assessment", reliability(r))),
            );
            lines.extend(s.url.as_deref().map(|u| format!("URL: {u}")));
            lines
        }
    };
    lines.push(from_line(b, id, dates));
    Some(marked(b, lines))
}

/// The citation of the whole briefing: title, date, region and tags, id, the bottom line,
/// and its sources, with dates as `dates` writes them.
pub fn of_briefing(b: &Briefing, id: &str, dates: &DateFormat) -> String {
    let mut lines = vec![b.title.to_string(), meta_line(b, dates), format!("id {id}")];
    let bluf = paragraphs(&b.summary.bluf).join(" ");
    if !bluf.is_empty() {
        lines.push(format!("Bottom line: {bluf}"));
    }
    if !b.sources.is_empty() {
        let names: Vec<&str> = b.sources.iter().map(|s| s.name.as_ref()).collect();
        lines.push(format!("Sources: {}", names.join("; ")));
    }
    marked(b, lines)
}

/// What a citation is of, for the status bar: `Antony Blinken's quote`.
pub fn what(b: &Briefing, part: Part) -> String {
    let statement = |s: &Statement| {
        let kind = match s.kind {
            StatementKind::Quote => "quote",
            StatementKind::Paraphrase => "paraphrase",
        };
        format!("{}'s {kind}", s.speaker)
    };
    match part {
        Part::Statement { party, index } => (b.parties.get(party))
            .and_then(|p| p.statements.get(index))
            .map_or_else(String::new, statement),
        Part::Reaction(i) => {
            (b.reactions.get(i)).map_or_else(String::new, |r| statement(&r.statement))
        }
        Part::KeyPoint(i) => format!("key point {}", i + 1),
        Part::Event(i) => (b.background.get(i))
            .map_or_else(String::new, |e| format!("the timeline entry {}", e.period)),
        Part::Source(i) => {
            (b.sources.get(i)).map_or_else(String::new, |s| format!("the source {}", s.name))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled::BRIEFINGS;

    fn bundled() -> Briefing<'static> {
        crate::briefing::parse(BRIEFINGS[0].1.to_string())
            .briefing
            .unwrap()
    }

    #[test]
    fn a_quote_is_cited_with_its_speaker_source_grade_and_marking() {
        let b = bundled();
        let id = "2022-09-12-armenia-azerbaijan-border";
        let text = of_part(&b, Part::Reaction(1), id, &DateFormat::default()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.first(), Some(&"TLP:CLEAR"));
        assert_eq!(lines.last(), Some(&"TLP:CLEAR"));
        assert_eq!(
            lines[1],
            "“As we have long made clear, there will be no military solution to the \
             conflict.” (translated from Indonesian)"
        );
        assert_eq!(
            lines[2],
            "— Antony Blinken, US Secretary of State, United States (quote)"
        );
        assert!(lines[3].starts_with("Original (id): Seperti yang telah lama kami jelaskan"));
        assert!(lines[4].starts_with("Source: Indonesian-language news report citing Al Jazeera"));
        assert!(lines[4].contains("grade C2 (the briefing author's assessment"));
        assert!(lines[5].starts_with("From: Armenia–Azerbaijan border clashes"));
        assert!(lines[5].ends_with(&format!("id {id}")));
    }

    #[test]
    fn a_paraphrase_has_no_quotation_marks_of_its_own() {
        let b = bundled();
        let text = of_part(
            &b,
            Part::Statement { party: 1, index: 0 },
            "x",
            &DateFormat::default(),
        )
        .unwrap();
        let second = text.lines().nth(1).unwrap();
        assert!(
            second.starts_with("Accused Armenia of “large-scale"),
            "{second}"
        );
        assert!(text.contains("— Ministry of Defence of Azerbaijan (paraphrase)"));
        assert!(text.contains("\nListed under the party: Azerbaijan\n"));
        assert!(
            of_part(
                &b,
                Part::Statement { party: 9, index: 0 },
                "x",
                &DateFormat::default()
            )
            .is_none()
        );
    }

    #[test]
    fn the_whole_briefing_is_cited_between_its_markings() {
        let b = bundled();
        let text = of_briefing(&b, "the-id", &DateFormat::default());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "TLP:CLEAR");
        assert_eq!(lines[1], b.title.as_ref());
        assert_eq!(lines[3], "id the-id");
        assert!(lines[4].starts_with("Bottom line: "));
        assert_eq!(lines.last(), Some(&"TLP:CLEAR"));
    }

    #[test]
    fn hostile_text_is_cited_as_sanitised() {
        let text = "format = 1\n[briefing]\ntitle = \"T\\u001b]52;c;aGk=\\u0007\"\n\
                    date = 2024-01-01\nmarking = \"TLP:RED\\u001b[2J\"\n[summary]\nbluf = \"b\"\n\
                    [[parties]]\nname = \"A\"\n[[parties.statements]]\nspeaker = \"S\\u009b2J\"\n\
                    kind = \"quote\"\ntext = \"x\\u001b[31my\"\n";
        let b = crate::briefing::parse(text.to_string()).briefing.unwrap();
        let part = Part::Statement { party: 0, index: 0 };
        for cited in [
            of_part(&b, part, "id", &DateFormat::default()).unwrap(),
            of_briefing(&b, "id", &DateFormat::default()),
        ] {
            let controls: Vec<char> = (cited.chars())
                .filter(|c| c.is_control() && *c != '\n')
                .collect();
            assert!(controls.is_empty(), "{controls:?} in {cited:?}");
        }
    }
}
