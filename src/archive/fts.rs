//! A [`Plan`] written as the index runs it, the one place its text is made: the phrases as an
//! FTS5 expression in which every word is a quoted string (so nothing typed is ever an FTS5
//! operator), the conditions as SQL on the `file` table with bound parameters (so nothing
//! typed ever reaches SQL as text), and the memory's filters (`is:`, `has:`) as conditions on
//! the copy of what the store remembers that the caller keeps in the connection's temporary
//! `mem` table ([`super::Archive::remember`]).

use rusqlite::types::Value;

use super::plan::{Asked, Condition, Either, Field, Plan};
use super::scope::Scope;
use crate::library::query::Remembered;

pub use super::plan::words;

/// `word` as an FTS5 string: in double quotes, any double quote doubled.
pub(super) fn quoted(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

fn asked(a: &Asked) -> String {
    match a {
        Asked::Phrase(p) => {
            let phrase = quoted(&p.words.join(" "));
            if p.prefix { phrase + "*" } else { phrase }
        }
        Asked::Spelt(words) => {
            let words: Vec<String> = words.iter().map(|w| quoted(w)).collect();
            format!("({})", words.join(" OR "))
        }
    }
}

fn either(e: &Either) -> String {
    match e.0.as_slice() {
        [one] => asked(one),
        many => {
            let parts: Vec<String> = many.iter().map(asked).collect();
            format!("({})", parts.join(" OR "))
        }
    }
}

/// The FTS5 expression every match of `plan` must meet, when it has words.
pub fn matching(plan: &Plan) -> Option<String> {
    (!plan.matching.is_empty()).then(|| {
        let all: Vec<String> = plan.matching.iter().map(either).collect();
        all.join(" AND ")
    })
}

/// The column a field filter reads.
fn column(field: Field) -> &'static str {
    match field {
        Field::Tags => "tags",
        Field::Region => "regions",
        Field::Marking => "markings",
        Field::Parties => "parties",
        Field::Speakers => "speakers",
        Field::Sources => "sources",
    }
}

/// What the memory must say of a file's briefing, as a condition on the copy of the store in
/// the `mem` table. A row whose key is a file's name held by another file (its `holder`) says
/// nothing of this file: it is as if not remembered.
fn remembered(what: Remembered) -> &'static str {
    match what {
        Remembered::Read => {
            "(id IN (SELECT id FROM temp.mem WHERE read) AND NOT EXISTS (SELECT 1 FROM temp.mem \
             WHERE temp.mem.id = file.id AND temp.mem.holder <> file.path))"
        }
        Remembered::Unread => {
            "(id NOT IN (SELECT id FROM temp.mem WHERE read) OR EXISTS (SELECT 1 FROM temp.mem \
             WHERE temp.mem.id = file.id AND temp.mem.holder <> file.path))"
        }
        Remembered::Flagged => {
            "(id IN (SELECT id FROM temp.mem WHERE flagged) AND NOT EXISTS (SELECT 1 FROM \
             temp.mem WHERE temp.mem.id = file.id AND temp.mem.holder <> file.path))"
        }
        Remembered::Noted => {
            "(id IN (SELECT id FROM temp.mem WHERE noted) AND NOT EXISTS (SELECT 1 FROM \
             temp.mem WHERE temp.mem.id = file.id AND temp.mem.holder <> file.path))"
        }
        Remembered::Updated => {
            "EXISTS (SELECT 1 FROM temp.mem WHERE temp.mem.id = file.id \
             AND temp.mem.seen IS NOT NULL AND temp.mem.seen <> file.hash \
             AND (temp.mem.holder IS NULL OR temp.mem.holder = file.path))"
        }
    }
}

/// A condition as SQL on `file`, its parameters appended to `values` in order; `probe` as in
/// [`filter`].
fn condition(c: &Condition, values: &mut Vec<Value>, probe: bool) -> String {
    let day = |(y, m, d): (u16, u8, u8)| Value::Text(format!("{y:04}-{m:02}-{d:02}"));
    match c {
        Condition::Words(e) => {
            values.push(Value::Text(either(e)));
            "rowid IN (SELECT rowid FROM body WHERE body MATCH ?)".into()
        }
        Condition::Starts(start) => {
            values.push(Value::Text(quoted(start)));
            if probe {
                "EXISTS (SELECT 1 FROM starts WHERE starts MATCH ? AND starts.rowid = file.rowid)"
                    .into()
            } else {
                "rowid IN (SELECT rowid FROM starts WHERE starts MATCH ?)".into()
            }
        }
        Condition::Holds(field, v) => {
            values.push(Value::Text(v.clone()));
            format!("instr({}, ?) > 0", column(*field))
        }
        Condition::From(d) => {
            values.push(day(*d));
            "date >= ?".into()
        }
        Condition::Before(d) => {
            values.push(day(*d));
            "date < ?".into()
        }
        Condition::Remembered(what) => remembered(*what).into(),
        Condition::Not(inner) => format!("NOT ({})", condition(inner, values, probe)),
        Condition::Any(alternatives) => {
            let parts: Vec<String> = (alternatives.iter())
                .map(|a| condition(a, values, probe))
                .collect();
            format!("({})", parts.join(" OR "))
        }
    }
}

/// The conditions of `plan` within `scope` on the files holding a briefing, joined, and their
/// parameters in order. `probe` asks each row in turn about the words and their starts
/// rather than gathering the set of their matches first.
pub fn filter(plan: &Plan, scope: &Scope, probe: bool) -> (String, Vec<Value>) {
    let mut conditions = vec!["problems IS NULL".to_string()];
    let mut values: Vec<Value> = Vec::new();
    if let Some((cond, more)) = scope.condition() {
        conditions.push(cond);
        values.extend(more);
    }
    if let Some(matching) = matching(plan) {
        conditions.push(if probe {
            "EXISTS (SELECT 1 FROM body WHERE body MATCH ? AND body.rowid = file.rowid)".into()
        } else {
            "rowid IN (SELECT rowid FROM body WHERE body MATCH ?)".into()
        });
        values.push(Value::Text(matching));
    }
    for c in &plan.conditions {
        conditions.push(condition(c, &mut values, probe));
    }
    (conditions.join(" AND "), values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::plan::{Phrase, compile};
    use crate::library::query::{Query, Term};

    fn plan(query: &str, typing: bool) -> Plan {
        compile(query, typing).unwrap().1
    }

    fn fts(query: &str, typing: bool) -> Option<String> {
        matching(&plan(query, typing))
    }

    /// The conditions' SQL and parameters, without the scope's and the words'.
    fn sql(query: &str) -> Vec<(String, Vec<Value>)> {
        let p = plan(query, false);
        (p.conditions.iter())
            .map(|c| {
                let mut values = Vec::new();
                (condition(c, &mut values, false), values)
            })
            .collect()
    }

    #[test]
    fn words_are_quoted_strings_and_the_typed_one_a_prefix() {
        assert_eq!(
            fts("ceasefire border", false).unwrap(),
            "\"ceasefire\" AND \"border\""
        );
        assert_eq!(
            fts("ceasefire bord", true).unwrap(),
            "\"ceasefire\" AND \"bord\"*"
        );
        assert_eq!(fts("quill*", false).unwrap(), "\"quill\"*");
        assert_eq!(
            fts("\"no military solution\"", false).unwrap(),
            "\"no military solution\""
        );
        assert_eq!(fts("large-calibre", false).unwrap(), "\"large calibre\"");
        assert_eq!(fts("tag:armenia", true), None);
        let spelt = Plan {
            matching: vec![Either(vec![
                Asked::Spelt(vec!["border".into(), "borders".into()]),
                Asked::Phrase(Phrase {
                    words: vec!["olva".into()],
                    prefix: false,
                }),
            ])],
            ..Plan::default()
        };
        assert_eq!(
            matching(&spelt).unwrap(),
            "((\"border\" OR \"borders\") OR \"olva\")"
        );
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
                }],
                spans: std::iter::once(0..4).collect(),
            };
            let m = matching(&Plan::of(&query, true).unwrap()).unwrap();
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
                }],
                spans: std::iter::once(0..lone.len()).collect(),
            };
            match Plan::of(&query, false) {
                Err(e) => assert!(e.message.contains("no letters"), "{e}"),
                Ok(p) => assert_eq!(matching(&p).as_deref(), Some("\"near\""), "{lone}"),
            }
        }
        // FTS5's operator words are words (`OR` in capitals is ours: see the OR test).
        assert_eq!(
            fts("near or not AND", false).unwrap(),
            "\"near\" AND \"or\" AND \"not\" AND \"and\""
        );
    }

    #[test]
    fn excluded_terms_are_conditions() {
        let p = plan("susa -olva -tag:draft -is:read", false);
        assert_eq!(matching(&p).as_deref(), Some("\"susa\""));
        assert_eq!(
            sql("susa -olva -tag:draft -is:read"),
            [
                (
                    "NOT (rowid IN (SELECT rowid FROM body WHERE body MATCH ?))".into(),
                    vec![Value::Text("\"olva\"".into())]
                ),
                (
                    "NOT (instr(tags, ?) > 0)".into(),
                    vec![Value::Text("draft".into())]
                ),
                (format!("NOT ({})", remembered(Remembered::Read)), vec![]),
            ]
        );
        assert!(p.asks_memory());
    }

    #[test]
    fn or_joins_words_in_the_full_text_table_and_filters_in_sql() {
        assert_eq!(
            fts("susa OR olva ceasefire", false).as_deref(),
            Some("(\"susa\" OR \"olva\") AND \"ceasefire\"")
        );
        assert_eq!(
            sql("tag:a OR susa")[0].0,
            "(instr(tags, ?) > 0 OR rowid IN (SELECT rowid FROM body WHERE body MATCH ?))"
        );
        assert_eq!(
            sql("is:flagged OR susa")[0].0,
            format!(
                "({} OR rowid IN (SELECT rowid FROM body WHERE body MATCH ?))",
                remembered(Remembered::Flagged)
            )
        );
    }

    #[test]
    fn filters_are_bound_parameters_on_folded_columns() {
        assert_eq!(
            sql("tag:'; DROP TABLE file;"),
            [("instr(tags, ?) > 0".into(), vec![Value::Text("';".into())])]
        );
        assert_eq!(
            sql("region:Östersjön marking:Amber"),
            [
                (
                    "instr(regions, ?) > 0".into(),
                    vec![Value::Text("ostersjon".into())]
                ),
                (
                    "instr(markings, ?) > 0".into(),
                    vec![Value::Text("amber".into())]
                )
            ]
        );
        let dates = sql("after:2022-01-01 before:2023-01-01 is:unread");
        let conditions: Vec<&str> = dates.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(
            conditions,
            ["date >= ?", "date < ?", remembered(Remembered::Unread)]
        );
        assert_eq!(dates[1].1, [Value::Text("2023-01-01".into())]);
        assert!(dates[2].1.is_empty());
    }
}
