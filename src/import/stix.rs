//! A STIX 2.1 bundle read back into briefings (`brief import stix`): one briefing per
//! `report`, its statements from the notes that refer to it, the parties from the identities
//! those notes name, originals from `language-content`, sources from external references, the
//! marking from the marking definitions. A bundle `brief` wrote carries its own extension
//! ([`crate::export::stix::extension_id`]) and comes back as the same briefing; one from
//! another tool comes back as far as STIX says it. What no briefing can hold is counted by
//! type and said, never dropped in silence. Every string is sanitised as a briefing file's is.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::briefing::marking::Tlp;
use crate::briefing::sanitize::{Lines, sanitize};
use crate::briefing::schema::{about_target, id_from};
use crate::briefing::{
    Briefing, Comment, Credibility, Event, Original, Party, Reaction, Reliability, Source,
    Statement, StatementKind, Summary, Text, When,
};
use crate::export::stix::{extension_id, tlp_id};

/// What a bundle gave.
#[derive(Debug, Default)]
pub struct Imported {
    /// Each report's briefing, with a file name for it (without `.toml`).
    pub briefings: Vec<(String, Briefing<'static>)>,
    /// Objects no briefing holds, by type, with how many.
    pub ignored: BTreeMap<String, usize>,
    /// Objects that were not read, and why.
    pub problems: Vec<String>,
}

fn line(text: &str) -> Text<'static> {
    Cow::Owned(sanitize(text, Lines::Single).into_owned())
}

fn multi(text: &str) -> Text<'static> {
    Cow::Owned(sanitize(text, Lines::Multi).into_owned())
}

fn text_of<'v>(o: &'v Value, key: &str) -> Option<&'v str> {
    o.get(key)?.as_str().filter(|s| !s.trim().is_empty())
}

/// A date as the export writes it (`2022-09-12`, `2022-09-12T00:05`, `2022-09-12T00:05+04:00`),
/// or a STIX timestamp (`2022-09-12T00:00:00.000Z`: the day alone at midnight, else the time
/// in UTC).
fn when(text: &str) -> Option<When> {
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u16>().ok();
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if text.get(4..5) != Some("-") || text.get(7..8) != Some("-") {
        return None;
    }
    let month = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
    let day = u8::try_from(day).ok().filter(|d| (1..=31).contains(d))?;
    let mut w = When {
        year,
        month,
        day,
        time: None,
        offset_minutes: None,
    };
    let Some(rest) = text.get(10..).filter(|r| !r.is_empty()) else {
        return Some(w);
    };
    let time = rest.strip_prefix('T')?;
    let h = u8::try_from(number(11..13)?).ok().filter(|h| *h < 24)?;
    let m = u8::try_from(number(14..16)?).ok().filter(|m| *m < 60)?;
    // What follows the minutes: seconds (a STIX timestamp), then the zone.
    let after = &time[5.min(time.len())..];
    let stamp = after.starts_with(':');
    let zone = after.trim_start_matches(|c: char| c.is_ascii_digit() || c == ':' || c == '.');
    let offset = match zone {
        "" => None,
        "Z" => Some(0),
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let hh: i16 = z.get(1..3)?.parse().ok()?;
            let mm: i16 = z.get(4..6)?.parse().ok()?;
            Some(sign * (hh * 60 + mm))
        }
    };
    if !(stamp && (h, m) == (0, 0)) {
        w.time = Some((h, m));
        w.offset_minutes = offset;
    }
    Some(w)
}

/// The Admiralty credibility nearest a STIX confidence (the inverse of the specification's
/// table: 90 is 1, 70 is 2, 50 is 3, 30 is 4, 10 is 5).
fn credibility(confidence: i64) -> Option<Credibility> {
    let digit = match confidence {
        80..=100 => 1,
        60..=79 => 2,
        40..=59 => 3,
        20..=39 => 4,
        0..=19 => 5,
        _ => return None,
    };
    Credibility::new(digit)
}

/// The objects of a bundle by id, the latest version of each.
struct Objects<'v> {
    by_id: HashMap<&'v str, &'v Value>,
    order: Vec<&'v Value>,
}

/// Reads the bundle's objects, keeping the latest version of an id; the rest are problems.
fn objects<'v>(bundle: &'v Value, out: &mut Imported) -> Result<Objects<'v>, String> {
    if bundle.get("type").and_then(Value::as_str) != Some("bundle") {
        return Err("not a STIX bundle: its `type` is not \"bundle\"".into());
    }
    let Some(list) = bundle.get("objects").and_then(Value::as_array) else {
        return Err("the bundle has no `objects` list".into());
    };
    let mut by_id: HashMap<&str, &Value> = HashMap::new();
    let mut order: Vec<&Value> = Vec::new();
    let mut collided = 0;
    for o in list {
        let (Some(kind), Some(id)) = (text_of(o, "type"), text_of(o, "id")) else {
            out.problems
                .push("an object without a `type` and an `id` was left out".into());
            continue;
        };
        if !id.starts_with(&format!("{kind}--")) {
            out.problems.push(format!(
                "{} was left out: its id is not of its type {}",
                line(id),
                line(kind)
            ));
            continue;
        }
        match by_id.get(id) {
            Some(seen) => {
                collided += 1;
                let newer = text_of(o, "modified") > text_of(seen, "modified");
                if newer {
                    by_id.insert(id, o);
                    if let Some(slot) = order.iter_mut().find(|v| text_of(v, "id") == Some(id)) {
                        *slot = o;
                    }
                }
            }
            None => {
                by_id.insert(id, o);
                order.push(o);
            }
        }
    }
    if collided > 0 {
        out.problems.push(format!(
            "{collided} objects shared an id with another: the latest version of each was read"
        ));
    }
    Ok(Objects { by_id, order })
}

/// The marking of a report: its TLP label or statement, from its marking definitions.
fn marking(report: &Value, objects: &Objects) -> Option<Text<'static>> {
    let refs = report.get("object_marking_refs")?.as_array()?;
    for r in refs.iter().filter_map(Value::as_str) {
        if let Some(tlp) = Tlp::ALL.into_iter().find(|t| tlp_id(*t) == r) {
            return Some(Cow::Borrowed(tlp.label()));
        }
        let definition = objects.by_id.get(r)?;
        // TLP 1.0, as STIX 2.1 predefines it: its label in TLP 2.0 (WHITE is CLEAR).
        let tlp1 = (text_of(definition, "definition_type") == Some("tlp"))
            .then(|| definition.get("definition").and_then(|d| text_of(d, "tlp")))
            .flatten();
        if let Some(level) = tlp1 {
            let Some(tlp) = Tlp::of_tlp_1(level) else {
                continue;
            };
            return Some(Cow::Borrowed(tlp.label()));
        }
        let statement = definition
            .get("definition")
            .and_then(|d| text_of(d, "statement"))
            .or_else(|| text_of(definition, "name"));
        if let Some(s) = statement.filter(|s| *s != "unmarked") {
            return Some(line(s));
        }
    }
    None
}

/// The first original in a `language-content` about `note`.
fn original(note_id: &str, objects: &Objects) -> Option<Original<'static>> {
    objects.order.iter().find_map(|o| {
        if text_of(o, "type") != Some("language-content")
            || text_of(o, "object_ref") != Some(note_id)
        {
            return None;
        }
        let contents = o.get("contents")?.as_object()?;
        contents.iter().find_map(|(language, fields)| {
            let text = text_of(fields, "content")?;
            Some(Original {
                text: multi(text),
                language: line(language),
            })
        })
    })
}

/// A note's words: a quote's without the quotation marks the export put round them.
fn words(content: &str, kind: StatementKind) -> &str {
    match kind {
        StatementKind::Quote => content
            .strip_prefix('“')
            .and_then(|c| c.strip_suffix('”'))
            .unwrap_or(content),
        StatementKind::Paraphrase => content,
    }
}

/// One report as a briefing.
fn briefing(
    report: &Value,
    objects: &Objects,
    used: &mut Vec<String>,
) -> Result<(String, Briefing<'static>), String> {
    let report_id = text_of(report, "id").unwrap_or_default();
    let Some(name) = text_of(report, "name") else {
        return Err(format!(
            "{} was left out: it has no `name`",
            line(report_id)
        ));
    };
    let ext = report
        .get("extensions")
        .and_then(|e| e.get(extension_id()))
        .filter(|e| e.is_object());
    let ext_text = |key: &str| ext.and_then(|e| text_of(e, key));
    let date = ext_text("date")
        .or_else(|| text_of(report, "published"))
        .and_then(when);
    let Some(date) = date else {
        return Err(format!(
            "{} was left out: it has no date it can be read by",
            line(name)
        ));
    };
    let description = text_of(report, "description").unwrap_or("");
    let mut paragraphs = description.split("\n\n");
    let bluf = ext_text("bluf")
        .map(str::to_string)
        .or_else(|| {
            paragraphs
                .next()
                .map(str::to_string)
                .filter(|p| !p.trim().is_empty())
        })
        .unwrap_or_else(|| "No summary: the STIX report gives no description.".into());
    let text = match ext {
        Some(_) => ext_text("summary_text").unwrap_or("").to_string(),
        None => paragraphs.collect::<Vec<_>>().join("\n\n"),
    };
    let strings = |v: Option<&Value>| -> Vec<Text<'static>> {
        (v.and_then(Value::as_array).into_iter().flatten())
            .filter_map(Value::as_str)
            .map(line)
            .collect()
    };
    let key_points = strings(ext.and_then(|e| e.get("key_points")));
    // Sources: the extension's, or the report's external references.
    let mut sources: Vec<Source<'static>> = Vec::new();
    if let Some(list) = ext.and_then(|e| e.get("sources")).and_then(Value::as_array) {
        for s in list {
            let (Some(id), Some(name)) = (text_of(s, "source_id"), text_of(s, "name")) else {
                continue;
            };
            sources.push(Source {
                id: line(id),
                name: line(name),
                kind: text_of(s, "kind").map(line),
                url: text_of(s, "url").map(line),
                language: text_of(s, "language").map(line),
                reliability: text_of(s, "reliability")
                    .and_then(|r| r.chars().next())
                    .and_then(Reliability::new),
            });
        }
    } else if let Some(list) = report.get("external_references").and_then(Value::as_array) {
        for r in list {
            let Some(name) = text_of(r, "source_name") else {
                continue;
            };
            let mut id = id_from(name).unwrap_or_else(|| "source".into());
            while sources.iter().any(|s| s.id == id) {
                id.push('-');
            }
            sources.push(Source {
                id: Cow::Owned(id),
                name: line(name),
                kind: None,
                url: text_of(r, "url").map(line),
                language: None,
                reliability: None,
            });
        }
    }
    // Parties: the extension's, in order; more come from the identities notes name.
    let mut parties: Vec<Party<'static>> = Vec::new();
    for p in (ext
        .and_then(|e| e.get("parties"))
        .and_then(Value::as_array)
        .into_iter())
    .flatten()
    {
        if let Some(name) = text_of(p, "name") {
            parties.push(Party {
                name: line(name),
                role: text_of(p, "role").map(line),
                position: text_of(p, "position").map(line),
                statements: Vec::new(),
            });
        }
    }
    let refers = |o: &Value| {
        let refs = |v: &Value| -> Vec<String> {
            (v.get("object_refs")
                .and_then(Value::as_array)
                .into_iter()
                .flatten())
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
        };
        let id = text_of(o, "id").unwrap_or_default().to_string();
        refs(o).iter().any(|r| r == report_id) || refs(report).contains(&id)
    };
    let mut reactions = Vec::new();
    let mut comments = Vec::new();
    for note in objects
        .order
        .iter()
        .filter(|o| text_of(o, "type") == Some("note"))
    {
        if !refers(note) {
            continue;
        }
        let note_id = text_of(note, "id").unwrap_or_default();
        let said = note.get("extensions").and_then(|e| e.get(extension_id()));
        let authors: Vec<&str> = (note.get("authors").and_then(Value::as_array).into_iter())
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let Some(content) = text_of(note, "content") else {
            continue;
        };
        // Notes a bundle of brief's carries that are not statements: the author's comments
        // (in the report's extension; their notes carry `comment` in brief's extension, or,
        // from bundles of older versions, the author "the briefing's author") and the
        // analyst's own notes (for `brief notes`).
        let comment = said.is_some_and(|s| s.get("comment").is_some())
            || (said.is_none() && authors == ["the briefing's author"]);
        if ext.is_some() && (said.is_none() || comment) {
            if !comment {
                used.push(format!("note:analyst:{note_id}"));
            } else {
                used.push(format!("note:{note_id}"));
            }
            continue;
        }
        let said_text = |key: &str| said.and_then(|s| text_of(s, key));
        let kind = match said_text("kind") {
            Some("quote") => StatementKind::Quote,
            Some(_) => StatementKind::Paraphrase,
            None if content.starts_with('“') && content.ends_with('”') => StatementKind::Quote,
            None => StatementKind::Paraphrase,
        };
        let speaker = said_text("speaker")
            .or(authors.first().copied())
            .unwrap_or("Unnamed speaker");
        let source = said_text("source")
            .and_then(|id| sources.iter().position(|s| s.id == id))
            .or_else(|| {
                let name = note
                    .get("external_references")?
                    .as_array()?
                    .first()
                    .and_then(|r| text_of(r, "source_name"))?;
                sources.iter().position(|s| s.name == name)
            });
        let statement = Statement {
            speaker: line(speaker),
            role: said_text("role").map(line),
            date: said_text("date").and_then(when),
            kind,
            text: multi(words(content, kind)),
            source,
            credibility: said_text("credibility")
                .and_then(|c| c.parse::<i64>().ok())
                .and_then(Credibility::new)
                .or_else(|| note.get("confidence")?.as_i64().and_then(credibility)),
            original: original(note_id, objects),
        };
        used.push(format!("note:{note_id}"));
        if let Some(actor) = said_text("actor") {
            reactions.push(Reaction {
                actor: line(actor),
                statement,
            });
            continue;
        }
        // The party: the extension's, or the first identity the note names, or the speaker.
        let party = said_text("party").map(str::to_string).or_else(|| {
            (note.get("object_refs")?.as_array()?.iter())
                .filter_map(Value::as_str)
                .filter_map(|r| objects.by_id.get(r))
                .find(|o| text_of(o, "type") == Some("identity"))
                .and_then(|o| text_of(o, "name"))
                .map(str::to_string)
        });
        let party = line(party.as_deref().unwrap_or(speaker));
        let at = match parties.iter().position(|p| p.name == party) {
            Some(at) => at,
            None => {
                parties.push(Party {
                    name: party,
                    role: None,
                    position: None,
                    statements: Vec::new(),
                });
                parties.len() - 1
            }
        };
        parties[at].statements.push(statement);
    }
    if parties.is_empty() {
        return Err(format!(
            "{} was left out: no statement or party refers to it, and a briefing needs a party",
            line(name)
        ));
    }
    let mut background: Vec<Event<'static>> = Vec::new();
    for e in (ext
        .and_then(|e| e.get("background"))
        .and_then(Value::as_array)
        .into_iter())
    .flatten()
    {
        let (Some(period), Some(title), Some(text)) = (
            text_of(e, "period"),
            text_of(e, "title"),
            text_of(e, "text"),
        ) else {
            continue;
        };
        background.push(Event {
            period: line(period),
            year: e.get("year").and_then(Value::as_i64).unwrap_or(0),
            title: line(title),
            text: multi(text),
        });
    }
    let event_at: Vec<usize> = (0..background.len()).collect();
    for c in (ext
        .and_then(|e| e.get("comments"))
        .and_then(Value::as_array)
        .into_iter())
    .flatten()
    {
        let Some(text) = text_of(c, "text") else {
            continue;
        };
        let about = text_of(c, "about").unwrap_or("summary");
        if let Ok(about) = about_target(about, &parties, reactions.len(), &event_at) {
            comments.push(Comment {
                text: multi(text),
                about,
            });
        }
    }
    let id = ext_text("briefing_id")
        .filter(|id| crate::briefing::schema::is_id(id))
        .map(|id| Cow::Owned(id.to_string()));
    let file = id
        .as_deref()
        .map(str::to_string)
        .or_else(|| id_from(name))
        .unwrap_or_else(|| "imported".into());
    let b = Briefing {
        id,
        title: line(name),
        date,
        region: ext_text("region").map(line),
        tags: strings(report.get("labels")),
        marking: ext_text("marking")
            .map(line)
            .or_else(|| marking(report, objects)),
        language: text_of(report, "lang").map(line),
        summary: Summary {
            bluf: multi(&bluf),
            key_points,
            text: multi(&text),
        },
        parties,
        reactions,
        background,
        sources,
        comments,
    };
    Ok((file, b))
}

/// Reads the briefings out of `bundle` (JSON text).
pub fn import(bundle: &[u8]) -> Result<Imported, String> {
    let value: Value = serde_json::from_slice(bundle)
        .map_err(|e| format!("not JSON: {}", sanitize(&e.to_string(), Lines::Single)))?;
    let mut out = Imported::default();
    let objects = objects(&value, &mut out)?;
    let mut used: Vec<String> = Vec::new();
    for report in objects
        .order
        .iter()
        .filter(|o| text_of(o, "type") == Some("report"))
    {
        match briefing(report, &objects, &mut used) {
            Ok(found) => out.briefings.push(found),
            Err(why) => out.problems.push(why),
        }
    }
    let analyst = used
        .iter()
        .filter(|u| u.starts_with("note:analyst:"))
        .count();
    if analyst > 0 {
        out.ignored.insert(
            "analyst's note (brief notes import takes notes)".into(),
            analyst,
        );
    }
    let read: std::collections::HashSet<&str> = (used.iter())
        .filter_map(|u| u.strip_prefix("note:"))
        .map(|u| u.strip_prefix("analyst:").unwrap_or(u))
        .collect();
    for o in &objects.order {
        let kind = text_of(o, "type").unwrap_or_default();
        let id = text_of(o, "id").unwrap_or_default();
        let counted = match kind {
            "report"
            | "identity"
            | "marking-definition"
            | "extension-definition"
            | "language-content" => false,
            "note" => !read.contains(id),
            _ => true,
        };
        if counted {
            *out.ignored.entry(line(kind).into_owned()).or_default() += 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::stix::{Item, bundle};

    fn bundled() -> Briefing<'static> {
        crate::briefing::parse(crate::bundled::BRIEFINGS[0].1.to_string())
            .briefing
            .unwrap()
    }

    #[test]
    fn a_bundle_brief_wrote_comes_back_as_the_same_briefing() {
        let b = bundled();
        let item = Item {
            briefing: &b,
            id: b.id.as_deref().unwrap().to_string(),
            modified: None,
            notes: &[],
        };
        let text = serde_json::to_vec(&bundle(&[item], "Ana Analyst")).unwrap();
        let got = import(&text).unwrap();
        assert!(got.problems.is_empty(), "{:?}", got.problems);
        assert!(got.ignored.is_empty(), "{:?}", got.ignored);
        assert_eq!(got.briefings.len(), 1);
        let (file, back) = &got.briefings[0];
        assert_eq!(file, "2022-09-12-armenia-azerbaijan-border");
        assert_eq!(back, &b);
    }

    #[test]
    fn what_no_briefing_holds_is_counted_and_bad_objects_are_said() {
        let bundle = r#"{"type": "bundle", "id": "bundle--1", "objects": [
            {"type": "indicator", "id": "indicator--1"},
            {"type": "indicator", "id": "indicator--2"},
            {"type": "report", "id": "note--3", "name": "wrong type"},
            {"id": "x"},
            {"type": "identity", "id": "identity--4", "name": "Alpha"},
            {"type": "report", "id": "report--5", "name": "R\u001b[2J", "published": "2024-05-01T00:00:00Z",
             "description": "Bottom line.\n\nMore.", "object_refs": ["note--6"]},
            {"type": "note", "id": "note--6", "content": "“Words.”", "authors": ["Envoy"],
             "object_refs": ["report--5", "identity--4"], "confidence": 70}
        ]}"#;
        let got = import(bundle.as_bytes()).unwrap();
        assert_eq!(got.ignored.get("indicator"), Some(&2));
        assert_eq!(got.problems.len(), 2, "{:?}", got.problems);
        let (_, b) = &got.briefings[0];
        assert_eq!(b.title, "R␛[2J");
        assert_eq!(b.summary.bluf, "Bottom line.");
        assert_eq!(b.parties[0].name, "Alpha");
        let s = &b.parties[0].statements[0];
        assert_eq!((s.speaker.as_ref(), s.text.as_ref()), ("Envoy", "Words."));
        assert_eq!(s.kind, StatementKind::Quote);
        assert_eq!(s.credibility.map(Credibility::value), Some(2));
    }

    #[test]
    fn dates_as_the_export_and_stix_write_them() {
        let w = |t| when(t).map(|w| (w.iso_date(), w.time, w.offset_minutes));
        assert_eq!(w("2022-09-12"), Some(("2022-09-12".into(), None, None)));
        assert_eq!(
            w("2022-09-12T00:05"),
            Some(("2022-09-12".into(), Some((0, 5)), None))
        );
        assert_eq!(
            w("2022-09-12T00:05+04:00"),
            Some(("2022-09-12".into(), Some((0, 5)), Some(240)))
        );
        assert_eq!(
            w("2022-09-12T00:00:00.000Z"),
            Some(("2022-09-12".into(), None, None))
        );
        assert_eq!(
            w("2022-09-12T08:30:00Z"),
            Some(("2022-09-12".into(), Some((8, 30)), Some(0)))
        );
        for bad in [
            "",
            "2022",
            "2022-13-01",
            "2022-09-12X",
            "2022-09-12T25:00",
            "２０２２-09-12",
        ] {
            assert_eq!(when(bad), None, "{bad}");
        }
    }

    #[test]
    fn hostile_bundles_are_errors_not_panics() {
        let deep = "[".repeat(100_000);
        for bad in [
            deep.as_str(),
            "",
            "{}",
            r#"{"type": "bundle"}"#,
            r#"{"type": "bundle", "objects": 7}"#,
            r#"{"type": "bundle", "objects": [1, "x", null, {"type": 5, "id": []}]}"#,
        ] {
            let got = import(bad.as_bytes());
            assert!(got.is_err() || got.unwrap().briefings.is_empty());
        }
    }
}
