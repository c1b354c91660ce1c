//! The bundled briefing against its source report (kept in `tests/fixtures/source/`): every
//! quoted original is the report's wording, every quote carries it, and no number appears that
//! the report does not give. The printed-output checks (every fact present, quotes attributed
//! to who said them) are in `tests/cli.rs`.

use briefing::briefing::{Briefing, Statement, StatementKind, parse};

const BUNDLED: &str = include_str!("../briefings/2022-09-12-armenia-azerbaijan-border.toml");
const REPORT: &str = include_str!("fixtures/source/report-id.txt");

fn bundled() -> Briefing<'static> {
    let outcome = parse(BUNDLED.to_string());
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    outcome.briefing.expect("the bundled briefing loads")
}

/// Whitespace collapsed to single spaces: the briefing wraps its originals across lines.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every statement and reaction, with who it is attributed to.
fn statements<'b>(b: &'b Briefing<'_>) -> Vec<&'b Statement<'b>> {
    let parties = b.parties.iter().flat_map(|p| &p.statements);
    parties
        .chain(b.reactions.iter().map(|r| &r.statement))
        .collect()
}

/// The numbers in a text (`00:05`, `2022`, `1980` of `1980-an`), as separate tokens.
fn numbers(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == ':'))
        .map(|t| t.trim_matches(':'))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_original_is_the_reports_own_wording() {
    let report = collapse(REPORT);
    let b = bundled();
    let all = statements(&b);
    assert!(all.len() >= 10, "the briefing has lost statements");
    for s in all {
        if let Some(original) = &s.original {
            let wording = collapse(&original.text);
            assert!(
                report.contains(&wording),
                "{}: the original is not in the report: {wording}",
                s.speaker
            );
            assert_eq!(original.language, "id");
        }
    }
}

#[test]
fn every_quote_carries_the_words_it_translates() {
    let b = bundled();
    let quotes: Vec<_> = statements(&b)
        .into_iter()
        .filter(|s| s.kind == StatementKind::Quote)
        .collect();
    assert!(!quotes.is_empty());
    for q in quotes {
        assert!(
            q.original.is_some(),
            "{}'s quote has no original",
            q.speaker
        );
    }
}

#[test]
fn no_number_the_report_does_not_give() {
    let given = numbers(REPORT);
    let b = bundled();
    let mut texts: Vec<&str> = vec![&b.title, &b.summary.bluf, &b.summary.text];
    texts.extend(b.summary.key_points.iter().map(|p| &**p));
    for p in &b.parties {
        texts.extend([
            &p.name,
            p.role.as_deref().unwrap_or(""),
            p.position.as_deref().unwrap_or(""),
        ]);
    }
    for s in statements(&b) {
        texts.extend([&*s.speaker, s.role.as_deref().unwrap_or(""), &s.text]);
    }
    for e in &b.background {
        texts.extend([&*e.period, &e.title, &e.text]);
    }
    for s in &b.sources {
        texts.push(&s.name);
    }
    // The author's comments speak of the report, and may give no number it does not give.
    for c in &b.comments {
        texts.push(&c.text);
    }
    for text in texts {
        for n in numbers(text) {
            assert!(given.contains(&n), "{n} is not in the report: {text}");
        }
    }
    // The timeline's ordering key is never shown, but it is still not a year of our own.
    for e in &b.background {
        assert!(given.contains(&e.year.to_string()), "year {}", e.year);
    }
    // The statements carry no dates: the report dates none of them beyond "on Monday".
    assert!(statements(&b).iter().all(|s| s.date.is_none()));
}

#[test]
fn the_authors_judgements_are_comments_and_the_quotes_translations() {
    let b = bundled();
    assert!(
        b.comments.len() >= 2,
        "the chronology and the grades are commented on"
    );
    let chronology = b
        .comments
        .iter()
        .find(|c| c.text.contains("chronology"))
        .expect("a comment on the report's chronology");
    for step in [
        "00:05",
        "11 September 2022",
        "Azerbaijani media",
        "does not say",
    ] {
        assert!(chronology.text.contains(step), "{step}");
    }
    for q in statements(&b)
        .into_iter()
        .filter(|s| s.kind == StatementKind::Quote)
    {
        assert_eq!(
            q.translated_from(b.language.as_deref()).as_deref(),
            Some("Indonesian"),
            "{}'s quote is shown as a translation",
            q.speaker
        );
    }
}

#[test]
fn the_library_fixture_is_the_audited_briefing() {
    // The library tests show this briefing too; a stale copy would show retracted wording.
    let fixture = include_str!("fixtures/library/2022-09-12-armenia-azerbaijan-border.toml");
    assert!(
        fixture == BUNDLED,
        "copy briefings/2022-09-12-armenia-azerbaijan-border.toml to tests/fixtures/library/"
    );
}
