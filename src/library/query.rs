//! The search language shared by the library's `/` and `brief list --query`.
//!
//! Words (and `"quoted phrases"`) must all appear somewhere in a briefing's text; a word with a
//! capital letter matches case exactly, otherwise case is ignored (smart case). Field filters
//! narrow the list: `tag:`, `region:`, `party:`, `speaker:` and `source:` match part of that
//! field, ignoring case; `after:YYYY-MM-DD` keeps briefings dated on or after the day and
//! `before:YYYY-MM-DD` those dated before it; `is:read`, `is:unread` and `is:flagged` keep
//! briefings by what the analyst's store remembers of them. A `-` before any of these excludes
//! it (`-word`, `-"a phrase"`, `-tag:draft`). A word with any other `name:` is just a word.

use std::ops::Range;

use memchr::memmem;

use super::index::{Entry, Index, Pairs};
pub use super::recall::{Recall, Remembered};
use crate::text::lowercase_same_len;

/// One condition a briefing must meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Text that must appear; lowercased unless `exact_case`.
    Text {
        needle: String,
        exact_case: bool,
    },
    Tag(String),
    Region(String),
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

fn lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    lowercase_same_len(s, &mut out);
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
            "tag" => Term::Tag(lower(value)),
            "region" => Term::Region(lower(value)),
            "party" => Term::Party(lower(value)),
            "speaker" => Term::Speaker(lower(value)),
            "source" => Term::Source(lower(value)),
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
            "after" => Term::After(date(value, "after", at)?),
            "before" => Term::Before(date(value, "before", at)?),
            _ => {
                let exact_case = token.chars().any(char::is_uppercase);
                let needle = if exact_case {
                    token.clone()
                } else {
                    lower(&token)
                };
                Term::Text { needle, exact_case }
            }
        };
        match &term {
            Term::Text { needle, .. } if needle.is_empty() => {}
            Term::Tag(v)
            | Term::Region(v)
            | Term::Party(v)
            | Term::Speaker(v)
            | Term::Source(v)
                if v.is_empty() => {}
            _ if negated => terms.push(Term::Not(Box::new(term))),
            _ => terms.push(term),
        }
        if joined && terms.len() == before + 1 && before > 0 {
            let (right, left) = (terms.pop(), terms.pop());
            let mut any = match left {
                Some(Term::Any(alternatives)) => alternatives,
                Some(left) => vec![left],
                None => Vec::new(),
            };
            any.extend(right);
            terms.push(Term::Any(any));
        }
    }
    Ok(Query { terms })
}

/// A briefing that matches, and where its first text hit is (an offset in its searchable
/// text), when the query has words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub entry: usize,
    pub at: Option<usize>,
}

/// Whether `e` passes every field filter of `query`, given what is remembered of it.
fn fields_match(e: &Entry, query: &Query, recall: &Recall<'_>) -> bool {
    query.terms.iter().all(|t| match t {
        // Words, wanted or not, are looked for in the text afterwards.
        Term::Text { .. } => true,
        Term::Not(inner) if matches!(**inner, Term::Text { .. }) => true,
        Term::Not(inner) => !field_holds(e, inner, recall),
        Term::Any(alternatives) => alternatives.iter().any(|t| holds(e, t, recall)),
        t => field_holds(e, t, recall),
    })
}

/// Whether filter `t` holds of `e`.
fn field_holds(e: &Entry, t: &Term, recall: &Recall<'_>) -> bool {
    let day = (e.date.year, e.date.month, e.date.day);
    let k = &e.keys;
    match t {
        Term::Is(what) => recall.holds(*what, e),
        Term::Text { .. } => true,
        Term::Tag(v) => k.tags.contains(v.as_str()),
        Term::Region(v) => k.region.contains(v.as_str()),
        Term::Party(v) => k.parties.contains(v.as_str()),
        Term::Speaker(v) => k.speakers.contains(v.as_str()),
        Term::Source(v) => k.sources.contains(v.as_str()),
        Term::After(d) => day >= *d,
        Term::Before(d) => day < *d,
        Term::Not(inner) => !field_holds(e, inner, recall),
        Term::Any(alternatives) => alternatives.iter().any(|t| holds(e, t, recall)),
    }
}

/// Whether term `t`, a word or a filter, holds of `e`.
fn holds(e: &Entry, t: &Term, recall: &Recall<'_>) -> bool {
    match t {
        Term::Text { .. } => {
            let one = Words::of(&Query {
                terms: vec![t.clone()],
            });
            one.in_entry(e).is_some()
        }
        Term::Not(inner) => !holds(e, inner, recall),
        t => field_holds(e, t, recall),
    }
}

/// The words of a query, ready to be looked for in any text: the one search that the library
/// (which briefings match, and where) and the reader (every hit in the open briefing) share.
///
/// Each word is looked for in the text lowercased; a word with a capital is then checked
/// against the text as written at each place found, until one holds it (smart case).
#[derive(Debug)]
pub struct Words {
    words: Vec<Word>,
}

#[derive(Debug)]
struct Word {
    finder: memmem::Finder<'static>,
    /// The word as written, for a word with a capital.
    exact: Option<String>,
    /// Its byte pairs, to rule a text out without scanning it.
    pairs: Pairs,
}

impl Words {
    /// The words (text terms) of `query`; its filters are not words.
    pub fn of(query: &Query) -> Self {
        let words = query
            .terms
            .iter()
            .filter_map(|t| match t {
                Term::Text { needle, exact_case } => {
                    let lowered = lower(needle);
                    Some(Word {
                        pairs: Pairs::of(lowered.as_bytes()),
                        finder: memmem::Finder::new(lowered.as_bytes()).into_owned(),
                        exact: exact_case.then(|| needle.clone()),
                    })
                }
                _ => None,
            })
            .collect();
        Self { words }
    }

    /// The words of `query` folded ([`crate::text::fold`]), to look for in folded text:
    /// case and diacritics aside, as the index looks for them.
    pub fn folded(query: &Query) -> Self {
        // The alternatives of an `OR` are shown too: any of them is what was looked for.
        let words = query
            .terms
            .iter()
            .flat_map(|t| match t {
                Term::Any(alternatives) => alternatives.iter().collect(),
                t => vec![t],
            })
            .filter_map(|t| match t {
                Term::Text { needle, .. } => {
                    let folded = crate::text::fold(needle.strip_suffix('*').unwrap_or(needle));
                    (!folded.is_empty()).then(|| Word {
                        pairs: Pairs::of(folded.as_bytes()),
                        finder: memmem::Finder::new(folded.as_bytes()).into_owned(),
                        exact: None,
                    })
                }
                _ => None,
            })
            .collect();
        Self { words }
    }

    /// Every place any word is in `text`, folded: ranges of the text as written, in order.
    pub fn all_folded(&self, text: &crate::text::Folded) -> Vec<Range<usize>> {
        let mut found: Vec<Range<usize>> = self
            .all(&text.text, &|_, _| true)
            .into_iter()
            .map(|r| text.original(r))
            .collect();
        found.dedup();
        found
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Where word `i` is in a text, at or after byte `from`: `lower` is the text lowercased
    /// (with the same byte offsets), `holds(at, word)` whether the text as written holds
    /// `word` at `at` (asked only for a word with a capital). The byte range of the place.
    pub fn find(
        &self,
        i: usize,
        lower: &str,
        from: usize,
        holds: &impl Fn(usize, &str) -> bool,
    ) -> Option<Range<usize>> {
        let word = &self.words[i];
        let hay = lower.as_bytes();
        let mut at = from + word.finder.find(hay.get(from..)?)?;
        if let Some(needle) = &word.exact {
            // Places found may overlap: after one that fails, look again from the next byte.
            while !holds(at, needle) {
                at += 1 + word.finder.find(&hay[at + 1..])?;
            }
        }
        Some(at..at + word.finder.needle().len())
    }

    /// Every place any word is in a text (see [`Words::find`]), in order.
    pub fn all(&self, lower: &str, holds: &impl Fn(usize, &str) -> bool) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        for i in 0..self.words.len() {
            let mut from = 0;
            while let Some(place) = self.find(i, lower, from, holds) {
                from = place.start + 1;
                found.push(place);
            }
        }
        found.sort_by_key(|r| (r.start, r.end));
        found.dedup();
        found
    }

    /// The words `query` excludes (`-word`).
    pub fn excluded(query: &Query) -> Self {
        let negated: Vec<Term> = (query.terms.iter())
            .filter_map(|t| match t {
                Term::Not(inner) if matches!(**inner, Term::Text { .. }) => Some((**inner).clone()),
                _ => None,
            })
            .collect();
        Self::of(&Query { terms: negated })
    }

    /// Whether any word is in the briefing of `e`.
    fn any_in_entry(&self, e: &Entry) -> bool {
        let holds = |at: usize, needle: &str| e.holds_at(at, needle);
        (0..self.words.len()).any(|i| {
            e.pairs.may_contain(&self.words[i].pairs) && self.find(i, &e.lower, 0, &holds).is_some()
        })
    }

    /// Whether every word is in the briefing of `e`, and where the first one first is.
    fn in_entry(&self, e: &Entry) -> Option<Option<usize>> {
        let holds = |at: usize, needle: &str| e.holds_at(at, needle);
        let mut first = None;
        for (i, word) in self.words.iter().enumerate() {
            if !e.pairs.may_contain(&word.pairs) {
                return None;
            }
            let place = self.find(i, &e.lower, 0, &holds)?;
            first.get_or_insert(place.start);
        }
        Some(first)
    }
}

/// Below this many briefings a search runs on one thread; above it, on one per core.
const PARALLEL_FROM: usize = 2_000;

/// Whether entry `entry` matches `query`, and where.
pub fn hit(index: &Index, query: &Query, recall: &Recall<'_>, entry: usize) -> Option<Hit> {
    let e = &index.entries[entry];
    if !fields_match(e, query, recall) {
        return None;
    }
    let at = Words::of(query).in_entry(e)?;
    if Words::excluded(query).any_in_entry(e) {
        return None;
    }
    Some(Hit { entry, at })
}

/// Every entry matching `query`, in index order, given what the store remembers of each
/// briefing (for `is:` and `has:`). Each briefing's filters are checked first, then its words: a briefing whose
/// byte pairs rule a word out is skipped, the others get one `memmem` scan of their text per
/// word. A large archive is split across the cores.
pub fn search(index: &Index, query: &Query, recall: &Recall<'_>) -> Vec<Hit> {
    let (words, excluded) = (Words::of(query), Words::excluded(query));
    let matches = |entry: usize| -> Option<Hit> {
        let e = &index.entries[entry];
        if !fields_match(e, query, recall) {
            return None;
        }
        let at = words.in_entry(e)?;
        if excluded.any_in_entry(e) {
            return None;
        }
        Some(Hit { entry, at })
    };
    let n = index.entries.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(8);
    if n < PARALLEL_FROM || threads == 1 {
        return (0..n).filter_map(matches).collect();
    }
    let chunk = n.div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|from| {
                let matches = &matches;
                scope.spawn(move || {
                    (from..(from + chunk).min(n))
                        .filter_map(matches)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().expect("a search thread does not panic"))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::index::index;
    use crate::library::source::Origin;
    use crate::text::excerpt;

    fn q(s: &str) -> Vec<Term> {
        parse(s).unwrap().terms
    }

    fn text(needle: &str) -> Term {
        Term::Text {
            needle: needle.into(),
            exact_case: needle.chars().any(char::is_uppercase),
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
    fn bad_dates_are_errors_pointing_at_the_term() {
        let err = parse("border after:notadate").unwrap_err();
        assert_eq!(err.message, "after: expects a date like 2022-09-12");
        assert_eq!(err.at, 7..21);
        assert!(parse("before:2022-13-01").is_err());
        assert!(parse("before:2022-09-12T10:00:00").is_err());
    }

    fn sample_index() -> Index {
        let mut idx = Index::default();
        let bundled = crate::briefing::parse(crate::bundled::BRIEFINGS[0].1.to_string())
            .briefing
            .unwrap();
        idx.push(index(Origin::Bundled(0), bundled, 0));
        let other = crate::briefing::parse(
            "format = 1\n[briefing]\ntitle = \"Harbour talks\"\ndate = 2024-03-01\nregion = \"Baltic\"\n\
             tags = [\"shipping\"]\n[summary]\nbluf = \"Ports by the border reopen; the Border stays shut.\"\n\
             [[parties]]\nname = \"Estonia\"\n"
                .to_string(),
        )
        .briefing
        .unwrap();
        idx.push(index(Origin::File("harbour.toml".into()), other, 0));
        idx
    }

    fn entries(idx: &Index, query: &str) -> Vec<usize> {
        search(idx, &parse(query).unwrap(), &Recall::default())
            .iter()
            .map(|h| h.entry)
            .collect()
    }

    #[test]
    fn search_finds_words_anywhere_with_smart_case() {
        let idx = sample_index();
        assert_eq!(entries(&idx, "border"), [0, 1]);
        assert_eq!(
            entries(&idx, "Border"),
            [1],
            "a capital makes the match exact"
        );
        let hit = &search(&idx, &parse("Border").unwrap(), &Recall::default())[0];
        let at = hit.at.unwrap();
        assert_eq!(idx.entries[hit.entry].original(at..at + 6), "Border");
        assert_ne!(
            idx.entries[hit.entry].lower.find("border"),
            Some(at),
            "the hit is the exact match, past a match in another case"
        );
        assert_eq!(entries(&idx, "military solution"), [0]);
        assert_eq!(entries(&idx, "harbour military"), Vec::<usize>::new());
        assert_eq!(entries(&idx, ""), [0, 1]);
        assert_eq!(entries(&idx, "mortir"), [0], "originals are searched");
    }

    #[test]
    fn search_applies_filters() {
        let idx = sample_index();
        assert_eq!(entries(&idx, "tag:ship"), [1]);
        assert_eq!(entries(&idx, "region:caucasus"), [0]);
        assert_eq!(entries(&idx, "party:russia"), [0]);
        assert_eq!(entries(&idx, "speaker:blinken"), [0]);
        assert_eq!(entries(&idx, "source:jazeera"), [0]);
        assert_eq!(entries(&idx, "after:2023-01-01"), [1]);
        assert_eq!(entries(&idx, "before:2023-01-01"), [0]);
        assert_eq!(
            entries(&idx, "after:2022-09-12 before:2022-09-13"),
            [0],
            "after: includes the day"
        );
        assert_eq!(entries(&idx, "border party:estonia"), [1]);
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
        let idx = sample_index();
        assert_eq!(entries(&idx, "border -harbour"), [0]);
        assert_eq!(entries(&idx, "-\"military solution\""), [1]);
        assert_eq!(entries(&idx, "-tag:ship"), [0]);
        assert_eq!(entries(&idx, "-after:2023-01-01"), [0]);
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
        let idx = sample_index();
        assert_eq!(entries(&idx, "mortir OR harbour"), [0, 1]);
        assert_eq!(entries(&idx, "tag:ship OR party:russia"), [0, 1]);
        assert_eq!(entries(&idx, "mortir OR nothinghere"), [0]);
    }

    #[test]
    fn hits_say_where_they_are() {
        let idx = sample_index();
        let hits = search(
            &idx,
            &parse("\"long made clear\"").unwrap(),
            &Recall::default(),
        );
        let e = &idx.entries[hits[0].entry];
        let at = hits[0].at.unwrap();
        assert_eq!(e.place_name(e.place_at(at)), "Reactions");
        let (near, at) = e.around(at, 8, 24);
        let snippet = excerpt(&near, at, 8, 24);
        assert_eq!(snippet, "…we have long made clear, there w…");
    }

    proptest::proptest! {
        /// The shared search finds exactly the places a plain scan does: every place the text
        /// holds the word lowercased, or as written when the word has a capital.
        #[test]
        fn every_hit_is_found_and_only_hits(
            text in "[abAB İıΣσß.]{0,40}",
            word in "[abAB İıΣσß]{1,3}",
        ) {
            let query = parse(&format!("\"{word}\"")).unwrap();
            let words = Words::of(&query);
            proptest::prop_assume!(!words.is_empty());
            let mut lower = String::new();
            crate::text::lowercase_same_len(&text, &mut lower);
            let holds = |at: usize, w: &str| text[at..].starts_with(w);
            let found: Vec<usize> = words.all(&lower, &holds).into_iter().map(|r| r.start).collect();
            let Some(Term::Text { needle, exact_case }) = query.terms.first() else {
                return Ok(());
            };
            let mut lowered = String::new();
            crate::text::lowercase_same_len(needle, &mut lowered);
            let plain: Vec<usize> = text
                .char_indices()
                .map(|(at, _)| at)
                .filter(|&at| {
                    if *exact_case {
                        text[at..].starts_with(needle.as_str())
                    } else {
                        lower[at..].starts_with(&lowered)
                    }
                })
                .collect();
            proptest::prop_assert_eq!(found, plain);
        }
    }
}
