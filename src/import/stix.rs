//! A STIX 2.1 bundle read back into briefings (`brief import stix`): one briefing per
//! `report`, its statements from the notes that refer to it, the parties from the identities
//! those notes name, originals from `language-content`, sources from external references, the
//! marking from the marking definitions. A bundle `brief` wrote carries its own extension
//! ([`crate::export::stix::extension_id`]) and comes back as the same briefing; one from
//! another tool comes back as far as STIX says it. What no briefing can hold is counted by
//! type and said, never dropped in silence. Every string is sanitised as a briefing file's is.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use crate::briefing::sanitize::{Lines, sanitize};
use crate::briefing::schema::{about_target, id_from};
use crate::briefing::{
    About, Briefing, Comment, Credibility, Event, Original, Party, Reaction, Reliability, Source,
    Statement, StatementKind, Summary, Text, When,
};
use crate::export::stix::extension_id;
use crate::import::marking::Markings;
use crate::import::shown::shown;

/// What a bundle gave.
#[derive(Debug, Default)]
pub struct Imported {
    /// Each report's briefing, with a file name for it (without `.toml`).
    pub briefings: Vec<(String, Briefing<'static>)>,
    /// The STIX id of the report each of `briefings` was made from, in the same order.
    pub reports: Vec<String>,
    /// The STIX ids of the objects each of `briefings` was made of besides its report (its
    /// statements' notes, the identities that named their speakers, sources, markings,
    /// translations), each with the `modified` of the version read (empty when it has none),
    /// sorted, in the same order.
    pub made_of: Vec<Vec<(String, String)>>,
    /// Objects no briefing holds, by type, with how many.
    pub ignored: BTreeMap<String, usize>,
    /// Reports and objects that were not read, and why.
    pub problems: Vec<String>,
    /// What was read but is worth saying: markings kept as written, versions passed over.
    pub notices: Vec<String>,
    /// Objects reports refer to that their key points do not name, by type, with how many.
    pub not_shown: BTreeMap<String, usize>,
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
        out.notices.push(format!(
            "{collided} objects shared an id with another: the latest version of each was read"
        ));
    }
    Ok(Objects { by_id, order })
}

/// The first original in a `language-content` about `note`, and the object it is in.
fn original<'v>(note_id: &str, objects: &Objects<'v>) -> Option<(Original<'static>, &'v Value)> {
    objects.order.iter().copied().find_map(|o| {
        if text_of(o, "type") != Some("language-content")
            || text_of(o, "object_ref") != Some(note_id)
        {
            return None;
        }
        let contents = o.get("contents")?.as_object()?;
        contents.iter().find_map(|(language, fields)| {
            let text = text_of(fields, "content")?;
            Some((
                Original {
                    text: multi(text),
                    language: line(language),
                },
                o,
            ))
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

/// What reading the reports marked as read: ids of objects a briefing holds, and how many
/// analyst's notes were passed to `brief notes import`.
#[derive(Default)]
struct Used {
    ids: HashSet<String>,
    analyst: HashSet<String>,
}

/// One report read: its briefing, and what was said about it.
struct Made {
    file: String,
    briefing: Briefing<'static>,
    notices: Vec<String>,
    not_shown: BTreeMap<String, usize>,
}

/// The types of object a report's key points name (see [`shown`]); a report's other
/// references (notes, marking definitions, language content, …) are read as what they are.
fn is_shown(kind: &str) -> bool {
    !matches!(
        kind,
        "note" | "marking-definition" | "language-content" | "extension-definition" | "report"
    )
}

/// The strings of a list.
fn strings(v: Option<&Value>) -> Vec<&str> {
    (v.and_then(Value::as_array).into_iter().flatten())
        .filter_map(Value::as_str)
        .collect()
}

/// The identity `id` names, when the bundle holds it.
fn identity<'v>(objects: &Objects<'v>, id: Option<&str>) -> Option<&'v Value> {
    let o = *objects.by_id.get(id?)?;
    (text_of(o, "type") == Some("identity")).then_some(o)
}

/// One report as a briefing; `explicit` is the marking `--marking` sets.
#[allow(clippy::too_many_lines)]
fn briefing(
    report: &Value,
    objects: &Objects,
    used: &mut Used,
    explicit: Option<&str>,
) -> Result<Made, String> {
    let report_id = text_of(report, "id").unwrap_or_default();
    let Some(name) = text_of(report, "name") else {
        return Err(format!(
            "{} was left out: it has no `name`",
            line(report_id)
        ));
    };
    let mut marks = Markings::default();
    marks.object(report, &objects.by_id);
    let mark = |o: &Value, marks: &mut Markings, used: &mut Used| {
        marks.object(o, &objects.by_id);
        used.ids.extend(text_of(o, "id").map(str::to_string));
    };
    let ext = report
        .get("extensions")
        .and_then(|e| e.get(extension_id()))
        .filter(|e| e.is_object());
    let ext_text = |key: &str| ext.and_then(|e| text_of(e, key));
    if ext.is_some() {
        // `brief`'s extension and the identity that defines it.
        used.ids.insert(extension_id());
        if let Some(def) = objects.by_id.get(extension_id().as_str()) {
            used.ids
                .extend(text_of(def, "created_by_ref").map(str::to_string));
        }
        // The analyst who shared it, whom the extension's sources do not need.
        used.ids
            .extend(text_of(report, "created_by_ref").map(str::to_string));
    }
    // The extension's marking joins the others: it never lowers what STIX says.
    if let Some(m) = ext_text("marking") {
        marks.written(m);
    }
    let date = ext_text("date")
        .or_else(|| text_of(report, "published"))
        .or_else(|| text_of(report, "created"))
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
    let mut key_points: Vec<Text<'static>> = strings(ext.and_then(|e| e.get("key_points")))
        .into_iter()
        .map(line)
        .collect();
    // Tags: the labels and report types; a `tlp:` label (as MISP writes tags) is a marking.
    let mut tags: Vec<Text<'static>> = Vec::new();
    for label in strings(report.get("labels")) {
        if !marks.label(label) && !tags.iter().any(|t| t.eq_ignore_ascii_case(label)) {
            tags.push(line(label));
        }
    }
    for kind in strings(report.get("report_types")) {
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(kind)) {
            tags.push(line(kind));
        }
    }
    // Sources: the extension's, or the report's author and external references.
    let mut sources: Vec<Source<'static>> = Vec::new();
    let add_source = |sources: &mut Vec<Source<'static>>, name: &str, url: Option<&str>| {
        let mut id = id_from(name).unwrap_or_else(|| "source".into());
        while sources.iter().any(|s| s.id == id) {
            id.push('-');
        }
        sources.push(Source {
            id: Cow::Owned(id),
            name: line(name),
            kind: None,
            url: url.map(line),
            language: None,
            reliability: None,
        });
    };
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
    } else {
        let author = identity(objects, text_of(report, "created_by_ref"));
        if let Some((author, who)) = author.and_then(|a| Some((a, text_of(a, "name")?))) {
            add_source(&mut sources, who, None);
            if let Some(s) = sources.last_mut() {
                s.kind = Some(Cow::Borrowed("author of the report"));
            }
            mark(author, &mut marks, used);
        }
        for r in (report.get("external_references").and_then(Value::as_array))
            .into_iter()
            .flatten()
        {
            let Some(source) = text_of(r, "source_name") else {
                continue;
            };
            let named = match text_of(r, "external_id") {
                Some(ext_id) => format!("{source}: {ext_id}"),
                None => source.to_string(),
            };
            add_source(&mut sources, &named, text_of(r, "url"));
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
    let report_refs = strings(report.get("object_refs"));
    let refers = |o: &Value| {
        let id = text_of(o, "id").unwrap_or_default();
        strings(o.get("object_refs")).contains(&report_id) || report_refs.contains(&id)
    };
    let mut reactions = Vec::new();
    let mut comments = Vec::new();
    // What notes from other tools say of themselves (their abstracts, what they are about),
    // kept as comments on their statements once the parties are known.
    let mut abstracts: Vec<(About, String)> = Vec::new();
    // Objects notes are about, which count as used once the key points are made.
    let mut spoken_of: Vec<String> = Vec::new();
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
        let authors: Vec<&str> = strings(note.get("authors"));
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
                used.analyst.insert(note_id.to_string());
            } else {
                used.ids.insert(note_id.to_string());
            }
            continue;
        }
        mark(note, &mut marks, used);
        let said_text = |key: &str| said.and_then(|s| text_of(s, key));
        let kind = match said_text("kind") {
            Some("quote") => StatementKind::Quote,
            Some(_) => StatementKind::Paraphrase,
            None if content.starts_with('“') && content.ends_with('”') => StatementKind::Quote,
            None => StatementKind::Paraphrase,
        };
        let creator = identity(objects, text_of(note, "created_by_ref"));
        let speaker = said_text("speaker")
            .or(authors.first().copied())
            .or_else(|| creator.and_then(|c| text_of(c, "name")))
            .unwrap_or("Unnamed speaker");
        if let Some(c) = creator.filter(|_| authors.is_empty() && said.is_none()) {
            mark(c, &mut marks, used);
        }
        let source = said_text("source")
            .and_then(|id| sources.iter().position(|s| s.id == id))
            .or_else(|| {
                let name = note
                    .get("external_references")?
                    .as_array()?
                    .first()
                    .and_then(|r| text_of(r, "source_name"))?;
                sources
                    .iter()
                    .position(|s| s.name == name || s.name.starts_with(&format!("{name}: ")))
            });
        let original = original(note_id, objects).map(|(original, o)| {
            mark(o, &mut marks, used);
            original
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
            original,
        };
        // A note from another tool keeps its abstract and what it is about (besides the
        // report and whoever it names), as comments on its statement.
        let mut notes_on: Vec<String> = Vec::new();
        if said.is_none() {
            notes_on.extend(text_of(note, "abstract").map(|a| format!("The note's abstract: {a}")));
            let about: Vec<String> = strings(note.get("object_refs"))
                .into_iter()
                .filter(|r| *r != report_id)
                .filter_map(|r| objects.by_id.get(r).copied())
                .filter(|o| !matches!(text_of(o, "type"), Some("identity" | "report")))
                .map(|o| {
                    // Its marking counts; it is still named in the key points if the report
                    // refers to it.
                    marks.object(o, &objects.by_id);
                    spoken_of.extend(text_of(o, "id").map(str::to_string));
                    let kind = crate::import::shown::type_name(text_of(o, "type").unwrap_or(""));
                    format!("{kind} {}", crate::import::shown::name_of(o))
                })
                .collect();
            if !about.is_empty() {
                notes_on.push(format!("The note is about: {}", about.join("; ")));
            }
        }
        // The identities a note names are what it is about.
        let named: Vec<&Value> = strings(note.get("object_refs"))
            .into_iter()
            .filter_map(|r| identity(objects, Some(r)))
            .collect();
        for who in &named {
            mark(who, &mut marks, used);
        }
        if let Some(actor) = said_text("actor") {
            reactions.push(Reaction {
                actor: line(actor),
                statement,
            });
            let at = About::Reaction(reactions.len() - 1);
            abstracts.extend(notes_on.into_iter().map(|c| (at, c)));
            continue;
        }
        // The party: the extension's, or the first identity the note names, or the speaker.
        let party = said_text("party").map(str::to_string).or_else(|| {
            (named.first())
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
        let on = About::Statement(at, parties[at].statements.len() - 1);
        abstracts.extend(notes_on.into_iter().map(|c| (on, c)));
    }
    // What else the report refers to, named in its key points.
    let others: Vec<&Value> = (report_refs.iter())
        .filter(|r| !used.ids.contains(**r) && !used.analyst.contains(**r))
        .filter_map(|r| objects.by_id.get(r).copied())
        .filter(|o| text_of(o, "type").is_some_and(is_shown))
        .collect();
    let seen = shown(others.iter().copied(), &objects.by_id);
    for o in &others {
        mark(o, &mut marks, used);
        for key in ["source_ref", "target_ref", "sighting_of_ref"] {
            if let Some(named) = text_of(o, key).and_then(|r| objects.by_id.get(r)) {
                marks.object(named, &objects.by_id);
            }
        }
    }
    key_points.extend(seen.key_points.into_iter().map(Cow::Owned));
    used.ids.extend(spoken_of);
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
    for (about, text) in abstracts {
        comments.push(Comment {
            text: multi(&text),
            about,
        });
    }
    // The marking: refused when a reference resolves nowhere, unless set explicitly.
    used.ids.extend(marks.used.iter().cloned());
    if let Some(m) = explicit {
        marks.written(m);
    } else if !marks.unresolved.is_empty() {
        let ids: Vec<&str> = marks.unresolved.iter().map(String::as_str).collect();
        return Err(format!(
            "{} was not imported: its marking {} is not in the bundle and is none STIX \
             predefines, so its handling is not known; --marking LABEL sets it explicitly",
            line(name),
            ids.join(", ")
        ));
    }
    let mut notices: Vec<String> = (marks.unknown.iter())
        .map(|m| {
            format!(
                "{}: the marking \"{m}\" is of a kind brief does not know: kept as written",
                line(name)
            )
        })
        .collect();
    if explicit.is_some() {
        notices.extend(marks.unresolved.iter().map(|id| {
            format!(
                "{}: the marking {id} is not in the bundle: kept by its id beside --marking",
                line(name)
            )
        }));
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
        tags,
        marking: marks.text().map(Cow::Owned),
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
    used.ids.insert(report_id.to_string());
    Ok(Made {
        file,
        briefing: b,
        notices,
        not_shown: seen.not_shown,
    })
}

/// Reads the briefings out of `bundle` (JSON text); `marking`, when given, is set on every
/// briefing beside what the bundle marks (never lowering it), and lets a report whose
/// marking cannot be resolved be imported.
pub fn import(bundle: &[u8], marking: Option<&str>) -> Result<Imported, String> {
    let value: Value = serde_json::from_slice(bundle)
        .map_err(|e| format!("not JSON: {}", sanitize(&e.to_string(), Lines::Single)))?;
    let mut out = Imported::default();
    let objects = objects(&value, &mut out)?;
    let mut used = Used::default();
    for report in objects
        .order
        .iter()
        .filter(|o| text_of(o, "type") == Some("report"))
    {
        // What one report holds is its own: another report still shows an object this one
        // used, and a report not imported holds nothing.
        let mut here = Used::default();
        match briefing(report, &objects, &mut here, marking) {
            Ok(made) => {
                let report_id = text_of(report, "id").unwrap_or_default();
                let mut made_of: Vec<(String, String)> = (here.ids.iter())
                    .filter(|id| *id != report_id)
                    .map(|id| {
                        let modified = (objects.by_id.get(id.as_str()))
                            .and_then(|o| text_of(o, "modified"))
                            .unwrap_or_default();
                        (id.clone(), modified.to_string())
                    })
                    .collect();
                made_of.sort_unstable();
                out.made_of.push(made_of);
                used.ids.extend(here.ids);
                used.analyst.extend(here.analyst);
                let mut file = made.file;
                let taken = |f: &str| out.briefings.iter().any(|(g, _)| g == f);
                if taken(&file) {
                    let mut n = 2;
                    while taken(&format!("{file}-{n}")) {
                        n += 1;
                    }
                    file = format!("{file}-{n}");
                }
                out.notices.extend(made.notices);
                for (kind, n) in made.not_shown {
                    *out.not_shown.entry(kind).or_default() += n;
                }
                out.briefings.push((file, made.briefing));
                out.reports
                    .push(text_of(report, "id").unwrap_or_default().to_string());
            }
            Err(why) => out.problems.push(why),
        }
    }
    // A marking definition is used when an object a briefing holds carries it (`brief`'s own
    // identity and extension definition among them).
    let carried: Vec<String> = (used.ids.iter())
        .filter_map(|id| objects.by_id.get(id.as_str()))
        .flat_map(|o| strings(o.get("object_marking_refs")))
        .map(str::to_string)
        .collect();
    used.ids.extend(carried);
    if !used.analyst.is_empty() {
        out.ignored.insert(
            "analyst's note (brief notes import takes notes)".into(),
            used.analyst.len(),
        );
    }
    for o in &objects.order {
        let kind = text_of(o, "type").unwrap_or_default();
        let id = text_of(o, "id").unwrap_or_default();
        let refused_report = kind == "report";
        if !used.ids.contains(id) && !used.analyst.contains(id) && !refused_report {
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
        let got = import(&text, None).unwrap();
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
        let got = import(bundle.as_bytes(), None).unwrap();
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
    fn every_report_imports_with_what_it_refers_to_and_its_own_marking() {
        let bundle = r#"{"type": "bundle", "id": "bundle--1", "objects": [
            {"type": "threat-actor", "id": "threat-actor--1", "name": "APT1",
             "object_marking_refs": ["marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"]},
            {"type": "identity", "id": "identity--2", "name": "Mandiant"},
            {"type": "report", "id": "report--3", "name": "One", "published": "2024-05-01T00:00:00Z",
             "created_by_ref": "identity--2", "labels": ["tlp:green", "espionage"],
             "object_refs": ["threat-actor--1"]},
            {"type": "report", "id": "report--4", "name": "Two", "published": "2024-05-02T00:00:00Z",
             "object_marking_refs": ["marking-definition--9"], "object_refs": ["threat-actor--1"]},
            {"type": "note", "id": "note--5", "content": "Seen again.", "created_by_ref": "identity--2",
             "abstract": "A summary", "object_refs": ["report--3", "threat-actor--1"]}
        ]}"#;
        let got = import(bundle.as_bytes(), None).unwrap();
        assert_eq!(got.briefings.len(), 1, "{:?}", got.problems);
        let (_, one) = &got.briefings[0];
        // The threat actor is TLP:RED, so the briefing that names it is.
        assert_eq!(one.marking.as_deref(), Some("TLP:RED"));
        assert_eq!(one.tags, ["espionage"]);
        assert_eq!(one.summary.key_points, ["Threat actor: APT1"]);
        assert_eq!(one.sources[0].name, "Mandiant");
        let said = &one.parties[0].statements[0];
        assert_eq!(
            (said.speaker.as_ref(), said.text.as_ref()),
            ("Mandiant", "Seen again.")
        );
        assert_eq!(one.comments[0].about, About::Statement(0, 0));
        assert!(one.comments[0].text.contains("A summary"));
        // What the note is about is said beside it, never put in the speaker's words.
        assert_eq!(one.comments[1].about, About::Statement(0, 0));
        assert_eq!(one.comments[1].text, "The note is about: Threat actor APT1");
        // The second report's marking is defined nowhere: refused, unless set explicitly.
        assert!(
            got.problems[0].contains("marking-definition--9"),
            "{:?}",
            got.problems
        );
        let got = import(bundle.as_bytes(), Some("TLP:AMBER")).unwrap();
        let (_, two) = &got.briefings[1];
        assert_eq!(
            two.marking.as_deref(),
            Some("TLP:RED · marking-definition--9 (not in the bundle)")
        );
        assert_eq!(two.summary.key_points, ["Threat actor: APT1"]);
        assert!(two.parties.is_empty());
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
            let got = import(bad.as_bytes(), None);
            assert!(got.is_err() || got.unwrap().briefings.is_empty());
        }
    }
}
