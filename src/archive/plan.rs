//! A parsed query compiled, once, into what the index runs: the phrases the full-text table
//! must match (each phrase its folded words, the last maybe a prefix) and the conditions on
//! the `file` table (each naming the column it reads). Nothing here is SQL or FTS5 text:
//! [`super::fts`] writes that, from these types, and nothing reads it back.
//!
//! Words match whole words, ignoring case and diacritics: the text is indexed folded
//! ([`crate::text::fold`]) and the words are folded alike, then both are split by one
//! function, [`crate::text::words`]: `susa` finds `Şuşa`, `olva` finds `Ølvå`. A word ending in `*` is a
//! prefix; so is the word being typed, when asked. Field filters were folded alike when the
//! query was parsed, and are matched against values folded when they were indexed.

use std::ops::Range;

use crate::library::query::{self, Query, QueryError, Remembered, Term};

/// Words in the order they must appear; the last is a prefix when `prefix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// Folded, each a run of letters and digits.
    pub words: Vec<String>,
    pub prefix: bool,
}

/// One way a phrase is asked of the full-text table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    Phrase(Phrase),
    /// A prefix spelt out as the whole words the index holds that start so
    /// ([`super::Archive::spell`]): any of them.
    Spelt(Vec<String>),
}

/// Alternatives, any one of which must match (`a OR b`); usually one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Either(pub Vec<Asked>);

/// A field filter's column: the field's values, folded, each followed by a newline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Tags,
    Region,
    Marking,
    Parties,
    Speakers,
    Sources,
}

/// A `(year, month, day)`.
pub type Day = (u16, u8, u8);

/// A condition on a file's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// The full-text table matches these words.
    Words(Either),
    /// The field holds this folded text.
    Holds(Field, String),
    /// A word of the text starts with these one or two folded letters (the `starts` table,
    /// [`super::row::Row::starts`]): a prefix so short, asked alone ([`super::Archive::spell`]).
    Starts(String),
    /// Dated on or after the day.
    From(Day),
    /// Dated before the day.
    Before(Day),
    /// What the analyst's memory says (the connection's `mem` table).
    Remembered(Remembered),
    Not(Box<Condition>),
    Any(Vec<Condition>),
}

/// A query as the index runs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// What the full-text table must match: every one of these.
    pub matching: Vec<Either>,
    /// Conditions on `file`, every one of which must hold.
    pub conditions: Vec<Condition>,
}

impl Condition {
    /// Whether this asks what the analyst's memory says.
    pub fn asks_memory(&self) -> bool {
        match self {
            Condition::Remembered(_) => true,
            Condition::Not(c) => c.asks_memory(),
            Condition::Any(cs) => cs.iter().any(Condition::asks_memory),
            _ => false,
        }
    }

    /// Whether this reads only columns the filters' index holds
    /// ([`super::schema::FILTERS`]), or the `starts` table by rowid, which every index holds:
    /// not the words' full-text table, the speakers, the sources or the text's fingerprint.
    pub fn narrow(&self) -> bool {
        match self {
            Condition::Words(_)
            | Condition::Holds(Field::Speakers | Field::Sources, _)
            | Condition::Remembered(Remembered::Updated) => false,
            Condition::Holds(..)
            | Condition::From(_)
            | Condition::Before(_)
            | Condition::Starts(_)
            | Condition::Remembered(_) => true,
            Condition::Not(c) => c.narrow(),
            Condition::Any(cs) => cs.iter().all(Condition::narrow),
        }
    }
}

impl Plan {
    /// Whether a condition asks what the analyst's memory says (`is:`, `has:`): the caller
    /// fills the `mem` table first ([`super::Archive::remember`]).
    pub fn asks_memory(&self) -> bool {
        self.conditions.iter().any(Condition::asks_memory)
    }

    /// Whether a phrase the full-text table must match is a prefix (which FTS5 answers by
    /// merging the lists of every word it starts).
    pub fn has_prefix(&self) -> bool {
        (self.matching.iter().flat_map(|e| &e.0)).any(|a| matches!(a, Asked::Phrase(p) if p.prefix))
    }

    /// Whether a row can be asked in turn whether it matches, each a seek in a full-text
    /// table: it asks whole words or a word's start, and no longer prefix (whose every seek
    /// merges the lists of all the words it starts).
    pub fn seeks(&self) -> bool {
        !self.has_prefix()
            && (!self.matching.is_empty()
                || (self.conditions.iter()).any(|c| matches!(c, Condition::Starts(_))))
    }

    /// Whether every condition reads only the filters' index's columns.
    pub fn narrow(&self) -> bool {
        self.conditions.iter().all(Condition::narrow)
    }
}

pub use crate::text::words;

/// `needle` as a phrase of folded words, a prefix when it ends in `*` or `prefix`; an error
/// at `at` when it has no word.
fn phrase(needle: &str, prefix: bool, at: &Range<usize>) -> Result<Phrase, QueryError> {
    let typed = needle;
    let (needle, star) = match needle.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (needle, false),
    };
    let folded = crate::text::fold(needle);
    let found: Vec<String> = words(&folded).map(str::to_string).collect();
    if found.is_empty() {
        return Err(QueryError {
            message: format!(
                "{} has no letters or digits to search for",
                crate::briefing::sanitize::quoted(typed)
            ),
            at: at.clone(),
        });
    }
    Ok(Phrase {
        words: found,
        prefix: star || prefix,
    })
}

/// The most terms a query may have, alternatives and negations counted: far more than anyone
/// types, and far below what SQLite can hold as one expression.
pub const MAX_TERMS: usize = 100;

/// How many terms `term` is: one, or each of its alternatives.
fn count(term: &Term) -> usize {
    match term {
        Term::Not(inner) => count(inner),
        Term::Any(alternatives) => alternatives.iter().map(count).sum(),
        _ => 1,
    }
}

fn is_word(t: &Term) -> bool {
    matches!(t, Term::Text { .. })
}

/// A term as a condition: a word as what the full-text table matches, a filter on its
/// column, alternatives of them.
fn condition(term: &Term, at: &Range<usize>) -> Result<Condition, QueryError> {
    let holds = |field, v: &String| Condition::Holds(field, v.clone());
    Ok(match term {
        Term::Text { needle } => {
            Condition::Words(Either(vec![Asked::Phrase(phrase(needle, false, at)?)]))
        }
        Term::Tag(v) => holds(Field::Tags, v),
        Term::Region(v) => holds(Field::Region, v),
        Term::Marking(v) => holds(Field::Marking, v),
        Term::Party(v) => holds(Field::Parties, v),
        Term::Speaker(v) => holds(Field::Speakers, v),
        Term::Source(v) => holds(Field::Sources, v),
        Term::After(d) => Condition::From(*d),
        Term::Before(d) => Condition::Before(*d),
        Term::Is(what) => Condition::Remembered(*what),
        Term::Not(inner) => Condition::Not(Box::new(condition(inner, at)?)),
        Term::Any(alternatives) => Condition::Any(
            (alternatives.iter())
                .map(|t| condition(t, at))
                .collect::<Result<_, _>>()?,
        ),
    })
}

impl Plan {
    /// Compiles `query`; `typing` makes its last word a prefix, for a list that narrows on
    /// every keystroke. A word with nothing to search for (`^`, `(`) is an error, at its
    /// place in the query; so is a query of more than [`MAX_TERMS`] terms, at the first term
    /// over the limit.
    pub fn of(query: &Query, typing: bool) -> Result<Plan, QueryError> {
        let mut plan = Plan::default();
        let last_text = query.terms.iter().rposition(is_word);
        let whole = 0..usize::MAX;
        let mut terms = 0;
        for (i, term) in query.terms.iter().enumerate() {
            let at = query.spans.get(i).unwrap_or(&whole);
            terms += count(term);
            if terms > MAX_TERMS {
                return Err(QueryError {
                    message: format!("a query may have at most {MAX_TERMS} terms"),
                    at: at.clone(),
                });
            }
            let (term, wanted) = match term {
                Term::Not(inner) => (&**inner, false),
                t => (t, true),
            };
            let prefix = typing && Some(i) == last_text;
            match term {
                Term::Text { needle } if wanted => plan
                    .matching
                    .push(Either(vec![Asked::Phrase(phrase(needle, prefix, at)?)])),
                // Words alone either side of OR: the full-text table answers it.
                Term::Any(alternatives) if wanted && alternatives.iter().all(is_word) => {
                    let mut either = Vec::new();
                    for t in alternatives {
                        if let Term::Text { needle } = t {
                            either.push(Asked::Phrase(phrase(needle, false, at)?));
                        }
                    }
                    plan.matching.push(Either(either));
                }
                t => {
                    let c = condition(t, at)?;
                    plan.conditions.push(if wanted {
                        c
                    } else {
                        Condition::Not(Box::new(c))
                    });
                }
            }
        }
        Ok(plan)
    }
}

/// Parses and compiles `text` as the library and `brief list` search with it: the query (the
/// reader looks for its words) and the plan. Errors point at the term they are about.
pub fn compile(text: &str, typing: bool) -> Result<(Query, Plan), QueryError> {
    let query = query::parse(text)?;
    let plan = Plan::of(&query, typing)?;
    Ok((query, plan))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(text: &str, typing: bool) -> Plan {
        compile(text, typing).unwrap().1
    }

    fn words_of(p: &Plan) -> Vec<Vec<(Vec<&str>, bool)>> {
        (p.matching.iter())
            .map(|e| {
                (e.0.iter())
                    .map(|a| match a {
                        Asked::Phrase(p) => {
                            (p.words.iter().map(String::as_str).collect(), p.prefix)
                        }
                        Asked::Spelt(_) => unreachable!(),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn words_are_folded_phrases_and_the_typed_one_a_prefix() {
        assert_eq!(
            words_of(&plan("Ceasefire ŞUŞA bord", true)),
            [
                vec![(vec!["ceasefire"], false)],
                vec![(vec!["susa"], false)],
                vec![(vec!["bord"], true)]
            ]
        );
        assert_eq!(
            words_of(&plan("quill*", false)),
            [vec![(vec!["quill"], true)]]
        );
        // Punctuation splits words as the tokenizer does: a phrase of them.
        assert_eq!(
            words_of(&plan("large-calibre", false)),
            [vec![(vec!["large", "calibre"], false)]]
        );
        assert!(plan("tag:armenia", true).matching.is_empty());
    }

    #[test]
    fn a_word_with_nothing_to_search_for_is_an_error_where_it_is() {
        let e = compile("border ^^ tag:x", false).unwrap_err();
        assert!(e.message.contains("no letters or digits"), "{e}");
        assert_eq!(e.at, 7..9);
        let e = compile("border OR ((", false).unwrap_err();
        assert_eq!(e.at, 0..12, "the alternatives, whole");
        let e = compile("-\"\" x", false).unwrap_err();
        assert_eq!(e.at, 0..3);
    }

    #[test]
    fn a_query_of_too_many_terms_is_an_error_at_the_first_over() {
        let words = |n: usize| (0..n).map(|i| format!("-w{i}")).collect::<Vec<_>>();
        assert!(compile(&words(MAX_TERMS).join(" "), false).is_ok());
        let e = compile(&words(MAX_TERMS + 1).join(" "), false).unwrap_err();
        assert!(
            e.message.contains(&format!("at most {MAX_TERMS} terms")),
            "{e}"
        );
        assert_eq!(e.at.len(), format!("-w{MAX_TERMS}").len());
        // Alternatives count, each.
        let any = vec!["a OR b"; MAX_TERMS / 2 + 1].join(" ");
        assert!(compile(&any, false).is_err());
        // A lone star is named as typed.
        let e = compile("*", false).unwrap_err();
        assert!(e.message.starts_with("* has no letters"), "{e}");
    }

    #[test]
    fn conditions_name_what_they_read() {
        let p = plan(
            "susa -olva -tag:Şuşa -is:read is:updated OR region:x",
            false,
        );
        assert_eq!(p.matching.len(), 1);
        assert_eq!(
            p.conditions[1],
            Condition::Not(Box::new(Condition::Holds(Field::Tags, "susa".into())))
        );
        assert!(p.asks_memory());
        assert!(!p.narrow(), "updated reads the fingerprint");
        assert!(plan("tag:a -party:b after:2020-01-01 is:read", false).narrow());
        assert!(!plan("speaker:a", false).narrow());
        assert!(!plan("tag:a OR susa", false).narrow());
        assert!(!plan("susa tag:x", false).asks_memory());
        assert!(plan("bord", true).has_prefix() && !plan("bord", false).has_prefix());
    }
}
