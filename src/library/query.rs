//! The search language shared by the library's `/` and `brief list --query`.
//!
//! Words (and `"quoted phrases"`) must all appear somewhere in a briefing's text, case and
//! diacritics aside. Field filters narrow the list: `tag:`, `region:`, `marking:`, `party:`,
//! `speaker:` and `source:` match part of that field, folded as words are
//! ([`crate::text::fold`]: `tag:susa` finds `Şuşa`); `after:YYYY-MM-DD` keeps briefings dated
//! on or after the day and `before:YYYY-MM-DD` those dated before it; `is:read`, `is:unread`,
//! `is:flagged`, `is:updated` and `has:note` keep briefings by what the analyst's memory says
//! of them. A `-` before any of these excludes it (`-word`, `-"a phrase"`, `-tag:draft`); `OR`
//! between terms takes either. A word with any other `name:` is just a word.
//!
//! This is the language's grammar only; the index compiles a parsed query into what it runs
//! ([`crate::archive::plan`]).

use std::ops::Range;

use memchr::memmem;

pub use super::recall::{Recall, Remembered};
use crate::text::fold;

/// One condition a briefing must meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Text that must appear, as typed (a trailing `*` makes its last word a prefix).
    Text {
        needle: String,
    },
    /// The filters' values, folded ([`fold`]).
    Tag(String),
    Region(String),
    /// The handling marking (`marking:amber` finds `TLP:AMBER` and `TLP:AMBER+STRICT`).
    Marking(String),
    Party(String),
    Speaker(String),
    Source(String),
    /// On or after this `(year, month, day)`.
    After((u16, u8, u8)),
    /// Before this `(year, month, day)`.
    Before((u16, u8, u8)),
    /// Remembered as read, unread, flagged or updated (`is:`), or with notes (`has:note`).
    Is(Remembered),
    /// Must not hold (`-word`, `-"a phrase"`, `-tag:x`, `-is:read`).
    Not(Box<Term>),
    /// One of these must hold (`a OR b OR tag:x`).
    Any(Vec<Term>),
}

impl Term {
    /// Whether this asks what the analyst's memory says (`is:`, `has:`, or their negation).
    pub fn asks_memory(&self) -> bool {
        match self {
            Term::Is(_) => true,
            Term::Not(t) => t.asks_memory(),
            Term::Any(ts) => ts.iter().any(Term::asks_memory),
            _ => false,
        }
    }
}

/// A parsed query: every term must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
    /// Where each term is in the query (characters), for errors about it.
    pub spans: Vec<Range<usize>>,
}

/// A query that cannot be used, with the characters of the query it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    /// Character range in the query.
    pub at: Range<usize>,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Splits a query into tokens (whitespace-separated; double quotes group words, also after
/// `name:`), with each token's character range. An unclosed quote runs to the end, so a
/// query being typed is never an error.
fn tokens(query: &str) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = None;
    let mut quoted = false;
    for (i, c) in query.chars().enumerate() {
        match c {
            '"' => {
                quoted = !quoted;
                start.get_or_insert(i);
            }
            c if c.is_whitespace() && !quoted => {
                if let Some(s) = start.take() {
                    out.push((std::mem::take(&mut current), s..i));
                }
            }
            c => {
                current.push(c);
                start.get_or_insert(i);
            }
        }
    }
    if let Some(s) = start {
        out.push((current, s..query.chars().count()));
    }
    out
}

fn date(value: &str, field: &str, at: Range<usize>) -> Result<(u16, u8, u8), QueryError> {
    let bad = || QueryError {
        message: format!("{field}: expects a date like 2022-09-12"),
        at: at.clone(),
    };
    let dt: toml_datetime::Datetime = value.parse().map_err(|_| bad())?;
    match (dt.date, dt.time) {
        (Some(d), None) => Ok((d.year, d.month, d.day)),
        _ => Err(bad()),
    }
}

/// Parses a query. Empty filters (`tag:` still being typed) are ignored.
pub fn parse(query: &str) -> Result<Query, QueryError> {
    let mut terms: Vec<Term> = Vec::new();
    let mut spans: Vec<Range<usize>> = Vec::new();
    // `OR` (in capitals) joins the terms either side of it; at either end it is a word.
    let mut either = false;
    let all = tokens(query);
    for (n, (token, at)) in all.iter().cloned().enumerate() {
        if token == "OR" && !terms.is_empty() && n + 1 < all.len() {
            either = true;
            continue;
        }
        let joined = std::mem::take(&mut either);
        let before = terms.len();
        // `-` before a term excludes it; a lone `-` is just a character.
        let (token, negated) = match token.strip_prefix('-') {
            Some(rest) if !rest.is_empty() && !rest.starts_with('-') => (rest.to_string(), true),
            _ => (token, false),
        };
        let (name, value) = match token.split_once(':') {
            Some((name, value)) => (name.to_ascii_lowercase(), value),
            None => (String::new(), token.as_str()),
        };
        let term = match name.as_str() {
            "tag" => Term::Tag(fold(value)),
            "region" => Term::Region(fold(value)),
            "marking" => Term::Marking(fold(value)),
            "party" => Term::Party(fold(value)),
            "speaker" => Term::Speaker(fold(value)),
            "source" => Term::Source(fold(value)),
            "after" | "before" | "is" | "has" if value.is_empty() => continue,
            "is" => Term::Is(match value.to_ascii_lowercase().as_str() {
                "read" => Remembered::Read,
                "unread" => Remembered::Unread,
                "flagged" => Remembered::Flagged,
                "updated" => Remembered::Updated,
                _ => {
                    return Err(QueryError {
                        message: "is: expects read, unread, flagged or updated".into(),
                        at,
                    });
                }
            }),
            "has" => match value.to_ascii_lowercase().as_str() {
                "note" | "notes" => Term::Is(Remembered::Noted),
                _ => {
                    return Err(QueryError {
                        message: "has: expects note".into(),
                        at,
                    });
                }
            },
            "after" => Term::After(date(value, "after", at.clone())?),
            "before" => Term::Before(date(value, "before", at.clone())?),
            _ => Term::Text { needle: token },
        };
        match &term {
            Term::Text { needle, .. } if needle.is_empty() => {}
            Term::Tag(v)
            | Term::Region(v)
            | Term::Marking(v)
            | Term::Party(v)
            | Term::Speaker(v)
            | Term::Source(v)
                if v.is_empty() => {}
            _ if negated => {
                terms.push(Term::Not(Box::new(term)));
                spans.push(at);
            }
            _ => {
                terms.push(term);
                spans.push(at);
            }
        }
        if joined && terms.len() == before + 1 && before > 0 {
            let (right, left) = (terms.pop(), terms.pop());
            let (end, start) = (spans.pop(), spans.pop());
            spans.extend(start.zip(end).map(|(s, e)| s.start..e.end));
            let mut any = match left {
                Some(Term::Any(alternatives)) => alternatives,
                Some(left) => vec![left],
                None => Vec::new(),
            };
            any.extend(right);
            terms.push(Term::Any(any));
        }
    }
    Ok(Query { terms, spans })
}

/// The words of a query, folded ([`crate::text::fold`]), ready to be looked for in folded
/// text: case and diacritics aside, as the index looks for them. The reader finds its hits
/// with these, and the library's rows their excerpts, so every briefing the index finds
/// shows where.
#[derive(Debug)]
pub struct Words {
    finders: Vec<memmem::Finder<'static>>,
}

impl Words {
    /// The words of `query` (its filters are not words); the alternatives of an `OR` are
    /// each a word: any of them is what was looked for.
    pub fn folded(query: &Query) -> Self {
        let finders = query
            .terms
            .iter()
            .flat_map(|t| match t {
                Term::Any(alternatives) => alternatives.iter().collect(),
                t => vec![t],
            })
            .filter_map(|t| match t {
                Term::Text { needle, .. } => {
                    let folded = crate::text::fold(needle.strip_suffix('*').unwrap_or(needle));
                    (!folded.is_empty())
                        .then(|| memmem::Finder::new(folded.as_bytes()).into_owned())
                }
                _ => None,
            })
            .collect();
        Self { finders }
    }

    pub fn is_empty(&self) -> bool {
        self.finders.is_empty()
    }

    /// Every place any word is in `text`, folded: ranges of the text as written, in order.
    pub fn all_folded(&self, text: &crate::text::Folded) -> Vec<Range<usize>> {
        let hay = text.text.as_bytes();
        let mut found: Vec<Range<usize>> = Vec::new();
        for finder in &self.finders {
            let n = finder.needle().len();
            // Places may overlap (`aa` in `aaa`): each is looked for from the byte after
            // the last.
            let mut from = 0;
            while let Some(at) = hay.get(from..).and_then(|h| finder.find(h)) {
                found.push(text.original(from + at..from + at + n));
                from += at + 1;
            }
        }
        found.sort_by_key(|r| (r.start, r.end));
        found.dedup();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Vec<Term> {
        parse(s).unwrap().terms
    }

    fn text(needle: &str) -> Term {
        Term::Text {
            needle: needle.into(),
        }
    }

    #[test]
    fn words_and_phrases() {
        assert_eq!(q("border  Ceasefire"), [text("border"), text("Ceasefire")]);
        assert_eq!(
            q("\"no military\" solution"),
            [text("no military"), text("solution")]
        );
        assert_eq!(q("\"unclosed phrase"), [text("unclosed phrase")]);
        assert_eq!(q(""), []);
        assert_eq!(q("   "), []);
    }

    #[test]
    fn field_filters() {
        assert_eq!(
            q(
                "tag:Armenia region:caucasus party:\"United States\" speaker:blinken source:aljazeera"
            ),
            [
                Term::Tag("armenia".into()),
                Term::Region("caucasus".into()),
                Term::Party("united states".into()),
                Term::Speaker("blinken".into()),
                Term::Source("aljazeera".into()),
            ]
        );
        assert_eq!(
            q("after:2022-01-01 before:2023-01-01"),
            [Term::After((2022, 1, 1)), Term::Before((2023, 1, 1))]
        );
        // Filters being typed are not errors, and unknown names are plain words.
        assert_eq!(q("tag: after:"), []);
        assert_eq!(q("https://example.org"), [text("https://example.org")]);
    }

    #[test]
    fn filters_fold_as_words_do() {
        assert_eq!(
            q("tag:Şuşa region:Östersjön marking:tlp:amber party:Ølvå"),
            [
                Term::Tag("susa".into()),
                Term::Region("ostersjon".into()),
                Term::Marking("tlp:amber".into()),
                Term::Party("olva".into()),
            ]
        );
    }

    #[test]
    fn each_term_knows_where_it_is() {
        let parsed = parse("border OR harbour  -tag:x \"a b\"").unwrap();
        assert_eq!(parsed.spans, [0..17, 19..25, 26..31]);
        assert_eq!(parsed.terms.len(), parsed.spans.len());
    }

    #[test]
    fn bad_dates_are_errors_pointing_at_the_term() {
        let err = parse("border after:notadate").unwrap_err();
        assert_eq!(err.message, "after: expects a date like 2022-09-12");
        assert_eq!(err.at, 7..21);
        assert!(parse("before:2022-13-01").is_err());
        assert!(parse("before:2022-09-12T10:00:00").is_err());
    }

    #[test]
    fn a_dash_excludes_a_word_a_phrase_or_a_filter() {
        assert_eq!(
            q("-border -\"no military\" -tag:x - a-b"),
            [
                Term::Not(Box::new(text("border"))),
                Term::Not(Box::new(text("no military"))),
                Term::Not(Box::new(Term::Tag("x".into()))),
                text("-"),
                text("a-b"),
            ]
        );
        assert!(Term::Not(Box::new(Term::Is(Remembered::Read))).asks_memory());
    }

    #[test]
    fn or_joins_the_terms_either_side() {
        assert_eq!(
            q("border OR harbour OR tag:x ceasefire"),
            [
                Term::Any(vec![text("border"), text("harbour"), Term::Tag("x".into())]),
                text("ceasefire"),
            ]
        );
        // At either end, or in lower case, it is a word.
        assert_eq!(q("OR border"), [text("OR"), text("border")]);
        assert_eq!(q("border OR"), [text("border"), text("OR")]);
        assert_eq!(q("a or b"), [text("a"), text("or"), text("b")]);
    }
}
