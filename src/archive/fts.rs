//! The search language, translated for the index: words become an FTS5 expression in which
//! every word is a quoted string (so nothing typed is ever an FTS5 operator), field filters
//! become conditions on the `file` table with bound parameters (so nothing typed ever reaches
//! SQL as text), and the memory's filters (`is:`, `has:`) become conditions on a copy of what
//! the store remembers, which the caller keeps in the connection's temporary `mem` table
//! ([`super::Archive::remember`]).
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
    pub conditions: Vec<(String, Vec<Value>)>,
    /// Whether a condition asks what the analyst's memory says (`is:`, `has:`): the caller
    /// fills the `mem` table first.
    pub asks_memory: bool,
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

/// What the memory must say of a file's briefing, as a condition on the copy of the store in
/// the `mem` table.
fn remembered(what: Remembered) -> &'static str {
    match what {
        Remembered::Read => "id IN (SELECT id FROM temp.mem WHERE read)",
        Remembered::Unread => "id NOT IN (SELECT id FROM temp.mem WHERE read)",
        Remembered::Flagged => "id IN (SELECT id FROM temp.mem WHERE flagged)",
        Remembered::Noted => "id IN (SELECT id FROM temp.mem WHERE noted)",
        Remembered::Updated => {
            "EXISTS (SELECT 1 FROM temp.mem WHERE temp.mem.id = file.id \
             AND temp.mem.seen IS NOT NULL AND temp.mem.seen <> file.hash)"
        }
    }
}

fn is_word(t: &Term) -> bool {
    matches!(t, Term::Text { .. })
}

/// A term as a condition on `file`, with its parameters: a word as membership of the
/// full-text table's matches, a filter on its column, an `OR` of them in parentheses.
fn condition(term: &Term) -> Result<(String, Vec<Value>), String> {
    let text = |v: &str| vec![Value::Text(v.to_string())];
    let day = |(y, m, d): (u16, u8, u8)| vec![Value::Text(format!("{y:04}-{m:02}-{d:02}"))];
    let sql = |s: &str| s.to_string();
    Ok(match term {
        Term::Text { needle, .. } => (
            sql("rowid IN (SELECT rowid FROM body WHERE body MATCH ?)"),
            vec![Value::Text(phrase(needle, false)?)],
        ),
        Term::Tag(v) => (sql("instr(tags, ?) > 0"), text(v)),
        Term::Region(v) => (sql("coalesce(instr(lower(region), ?), 0) > 0"), text(v)),
        Term::Marking(v) => (sql("coalesce(instr(lower(marking), ?), 0) > 0"), text(v)),
        Term::Party(v) => (sql("instr(parties, ?) > 0"), text(v)),
        Term::Speaker(v) => (sql("instr(speakers, ?) > 0"), text(v)),
        Term::Source(v) => (sql("instr(sources, ?) > 0"), text(v)),
        Term::After(d) => (sql("date >= ?"), day(*d)),
        Term::Before(d) => (sql("date < ?"), day(*d)),
        Term::Not(inner) => {
            let (inner, values) = condition(inner)?;
            (format!("NOT ({inner})"), values)
        }
        Term::Any(alternatives) => {
            let mut parts = Vec::new();
            let mut values = Vec::new();
            for t in alternatives {
                let (part, more) = condition(t)?;
                parts.push(part);
                values.extend(more);
            }
            (format!("({})", parts.join(" OR ")), values)
        }
        Term::Is(what) => (remembered(*what).to_string(), Vec::new()),
    })
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
            Term::Text { needle, .. } if wanted => phrases.push(phrase(needle, prefix)?),
            // Words alone either side of OR: the full-text table answers it.
            Term::Any(alternatives) if wanted && alternatives.iter().all(is_word) => {
                let mut either = Vec::new();
                for t in alternatives {
                    if let Term::Text { needle, .. } = t {
                        either.push(phrase(needle, false)?);
                    }
                }
                phrases.push(format!("({})", either.join(" OR ")));
            }
            t => {
                let (sql, values) = condition(t)?;
                let sql = if wanted { sql } else { format!("NOT ({sql})") };
                plan.conditions.push((sql, values));
            }
        }
    }
    plan.asks_memory = query.terms.iter().any(Term::asks_memory);
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
        // FTS5's operator words are words (`OR` in capitals is ours: see the OR test).
        assert_eq!(
            matching("near or not AND", false).unwrap(),
            "\"near\" AND \"or\" AND \"not\" AND \"and\""
        );
    }

    #[test]
    fn excluded_terms_are_conditions() {
        let p = plan(&parse("susa -olva -tag:draft -is:read").unwrap(), false).unwrap();
        assert_eq!(p.matching.as_deref(), Some("\"susa\""));
        let sql: Vec<&str> = p.conditions.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(
            sql,
            [
                "NOT (rowid IN (SELECT rowid FROM body WHERE body MATCH ?))",
                "NOT (instr(tags, ?) > 0)",
                "NOT (id IN (SELECT id FROM temp.mem WHERE read))",
            ]
        );
        assert_eq!(p.conditions[0].1, [Value::Text("\"olva\"".into())]);
        assert!(p.asks_memory);
    }

    #[test]
    fn or_joins_words_in_the_full_text_table_and_filters_in_sql() {
        let p = plan(&parse("susa OR olva ceasefire").unwrap(), false).unwrap();
        assert_eq!(
            p.matching.as_deref(),
            Some("(\"susa\" OR \"olva\") AND \"ceasefire\"")
        );
        let p = plan(&parse("tag:a OR susa").unwrap(), false).unwrap();
        assert_eq!(
            p.conditions[0].0,
            "(instr(tags, ?) > 0 OR rowid IN (SELECT rowid FROM body WHERE body MATCH ?))"
        );
        let p = plan(&parse("is:flagged OR susa").unwrap(), false).unwrap();
        assert_eq!(
            p.conditions[0].0,
            "(id IN (SELECT id FROM temp.mem WHERE flagged) OR \
             rowid IN (SELECT rowid FROM body WHERE body MATCH ?))"
        );
        assert!(p.asks_memory);
    }

    #[test]
    fn filters_are_bound_parameters() {
        let p = plan(&parse("tag:'; DROP TABLE file;").unwrap(), false).unwrap();
        assert_eq!(p.conditions[0].0, "instr(tags, ?) > 0");
        assert_eq!(p.conditions[0].1, [Value::Text("';".into())]);
        let p = plan(
            &parse("after:2022-01-01 before:2023-01-01 is:unread").unwrap(),
            false,
        )
        .unwrap();
        let sql: Vec<&str> = p.conditions.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(
            sql,
            [
                "date >= ?",
                "date < ?",
                "id NOT IN (SELECT id FROM temp.mem WHERE read)"
            ]
        );
        assert_eq!(p.conditions[1].1, [Value::Text("2023-01-01".into())]);
        assert!(p.conditions[2].1.is_empty());
        assert!(
            !plan(&parse("susa tag:x").unwrap(), false)
                .unwrap()
                .asks_memory
        );
    }
}
