//! The search language, translated for the index: words become an FTS5 expression in which
//! every word is a quoted string (so nothing typed is ever an FTS5 operator), field filters
//! become conditions on the `file` table with bound parameters (so nothing typed ever reaches
//! SQL as text), and the memory's filters (`is:`, `has:`) are left to the caller, which knows
//! the store.
//!
//! Words match whole words, ignoring case and diacritics: the text is indexed folded
//! ([`crate::text::fold`]) and the words are folded alike, then split as the `unicode61`
//! tokenizer splits them: `susa` finds `Şuşa`, `olva` finds `Ølvå`. A word ending in `*` is a
//! prefix; so is the word being typed, when asked.

use rusqlite::types::Value;

use crate::library::query::{Query, Remembered, Term};

/// A query as the index runs it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// The FTS5 expression every match must meet, when the query has words.
    pub matching: Option<String>,
    /// Conditions on `file` (SQL with `?` placeholders) and their parameters, in order.
    pub conditions: Vec<(&'static str, Value)>,
    /// What the analyst's memory must say of a briefing (`true`), or must not (`false`).
    pub remembered: Vec<(Remembered, bool)>,
}

/// The words of `text` as the tokenizer sees them: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// `word` as an FTS5 string: in double quotes, any double quote doubled.
fn quoted(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

/// `needle` as an FTS5 phrase of quoted words, a prefix when it ends in `*` or `prefix`.
fn phrase(needle: &str, prefix: bool) -> Result<String, String> {
    let (needle, star) = match needle.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (needle, false),
    };
    let folded = crate::text::fold(needle);
    let found: Vec<&str> = words(&folded).collect();
    if found.is_empty() {
        return Err(format!(
            "{} has no letters or digits to search for",
            crate::briefing::sanitize::quoted(needle)
        ));
    }
    let phrase = quoted(&found.join(" "));
    Ok(if star || prefix { phrase + "*" } else { phrase })
}

/// A field filter as SQL, wanted and excluded, with its parameter.
fn condition(term: &Term) -> ((&'static str, &'static str), Value) {
    let text = |v: &str| Value::Text(v.to_string());
    let day = |(y, m, d): (u16, u8, u8)| Value::Text(format!("{y:04}-{m:02}-{d:02}"));
    match term {
        Term::Tag(v) => (("instr(tags, ?) > 0", "instr(tags, ?) = 0"), text(v)),
        Term::Region(v) => (
            (
                "instr(lower(region), ?) > 0",
                "coalesce(instr(lower(region), ?), 0) = 0",
            ),
            text(v),
        ),
        Term::Party(v) => (("instr(parties, ?) > 0", "instr(parties, ?) = 0"), text(v)),
        Term::Speaker(v) => (
            ("instr(speakers, ?) > 0", "instr(speakers, ?) = 0"),
            text(v),
        ),
        Term::Source(v) => (("instr(sources, ?) > 0", "instr(sources, ?) = 0"), text(v)),
        Term::After(d) => (("date >= ?", "date < ?"), day(*d)),
        Term::Before(d) => (("date < ?", "date >= ?"), day(*d)),
        Term::Text { .. } | Term::Is(_) | Term::Not(_) => {
            unreachable!("words and the memory are not conditions on the file")
        }
    }
}

/// Translates `query`; `typing` makes its last word a prefix, for a list that narrows on
/// every keystroke. A word with nothing to search for (`^`, `(`) is an error, saying so.
pub fn plan(query: &Query, typing: bool) -> Result<Plan, String> {
    let mut plan = Plan::default();
    let mut phrases = Vec::new();
    let last_text = query
        .terms
        .iter()
        .rposition(|t| matches!(t, Term::Text { .. }));
    for (i, term) in query.terms.iter().enumerate() {
        let (term, wanted) = match term {
            Term::Not(inner) => (&**inner, false),
            t => (t, true),
        };
        let prefix = typing && Some(i) == last_text;
        match term {
            Term::Text { needle, .. } => {
                let phrase = phrase(needle, prefix)?;
                if wanted {
                    phrases.push(phrase);
                } else {
                    plan.conditions.push((
                        "rowid NOT IN (SELECT rowid FROM body WHERE body MATCH ?)",
                        Value::Text(phrase),
                    ));
                }
            }
            Term::Is(r) => plan.remembered.push((*r, wanted)),
            Term::Not(_) => return Err("a term cannot be excluded twice".into()),
            filter => {
                let (sql, value) = condition(filter);
                plan.conditions
                    .push((if wanted { sql.0 } else { sql.1 }, value));
            }
        }
    }
    if !phrases.is_empty() {
        plan.matching = Some(phrases.join(" AND "));
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::query::parse;

    fn matching(query: &str, typing: bool) -> Option<String> {
        plan(&parse(query).unwrap(), typing).unwrap().matching
    }

    #[test]
    fn words_are_quoted_strings_and_the_typed_one_a_prefix() {
        assert_eq!(
            matching("ceasefire border", false).unwrap(),
            "\"ceasefire\" AND \"border\""
        );
        assert_eq!(
            matching("ceasefire bord", true).unwrap(),
            "\"ceasefire\" AND \"bord\"*"
        );
        assert_eq!(matching("quill*", false).unwrap(), "\"quill\"*");
        assert_eq!(
            matching("\"no military solution\"", false).unwrap(),
            "\"no military solution\""
        );
        // Punctuation splits words as the tokenizer does: a phrase of them.
        assert_eq!(
            matching("large-calibre", false).unwrap(),
            "\"large calibre\""
        );
        assert_eq!(matching("tag:armenia", true), None);
    }

    #[test]
    fn nothing_typed_is_an_fts5_operator() {
        // Every character FTS5 gives a meaning to, alone and inside words.
        for special in [
            "\"", "*", "^", "(", ")", ":", "-", "+", "{", "}", ",", ".", "'",
        ] {
            let query = Query {
                terms: vec![Term::Text {
                    needle: format!("a{special}b{special}"),
                    exact_case: false,
                }],
            };
            let m = plan(&query, true).unwrap().matching.unwrap();
            let inner = m.trim_end_matches('*');
            assert!(
                inner.starts_with('"') && inner.ends_with('"'),
                "{special}: {m}"
            );
            assert!(!inner[1..inner.len() - 1].contains('"'), "{special}: {m}");
        }
        for lone in ["^", "(", ")", "*", "-", "NEAR(", "\"\""] {
            let query = Query {
                terms: vec![Term::Text {
                    needle: lone.to_string(),
                    exact_case: false,
                }],
            };
            match plan(&query, false) {
                Err(e) => assert!(e.contains("nothing") || e.contains("no letters"), "{e}"),
                Ok(p) => assert_eq!(p.matching.as_deref(), Some("\"near\""), "{lone}"),
            }
        }
        // Operator words are words.
        assert_eq!(
            matching("near OR not", false).unwrap(),
            "\"near\" AND \"or\" AND \"not\""
        );
    }

    #[test]
    fn excluded_terms_are_conditions() {
        let p = plan(&parse("susa -olva -tag:draft -is:read").unwrap(), false).unwrap();
        assert_eq!(p.matching.as_deref(), Some("\"susa\""));
        assert_eq!(
            p.conditions,
            [
                (
                    "rowid NOT IN (SELECT rowid FROM body WHERE body MATCH ?)",
                    Value::Text("\"olva\"".into())
                ),
                ("instr(tags, ?) = 0", Value::Text("draft".into())),
            ]
        );
        assert_eq!(p.remembered, [(Remembered::Read, false)]);
    }

    #[test]
    fn filters_are_bound_parameters() {
        let p = plan(&parse("tag:'; DROP TABLE file;").unwrap(), false).unwrap();
        assert_eq!(p.conditions[0].0, "instr(tags, ?) > 0");
        assert_eq!(p.conditions[0].1, Value::Text("';".into()));
        let p = plan(
            &parse("after:2022-01-01 before:2023-01-01 is:unread").unwrap(),
            false,
        )
        .unwrap();
        assert_eq!(
            p.conditions,
            [
                ("date >= ?", Value::Text("2022-01-01".into())),
                ("date < ?", Value::Text("2023-01-01".into()))
            ]
        );
        assert_eq!(p.remembered, [(Remembered::Unread, true)]);
    }
}
