//! Briefings as one STIX 2.1 bundle, for the analysts' exchange tools (MISP, OpenCTI): a
//! `report` per briefing, an `identity` per party and reacting actor, a `note` per statement
//! (its speaker as the author), `language-content` for original wordings, the sources as
//! external references, credibility as `confidence` by the specification's Admiralty table,
//! the analyst's notes as notes, and the marking as the TLP 2.0 marking definition OASIS
//! publishes. The analyst who exports is an identity: the report's creator and the author of
//! its comments. A statement note's abstract repeats its source, grade and original, which
//! MISP keeps where it drops the properties that hold them. `docs/STIX.md` gives the mapping
//! and the reasons for it.
//!
//! Ids are UUIDv5 from the briefing's id and the element, so a briefing exported again keeps
//! its objects' ids; `modified` is the file's modified time, so a changed file gives later
//! versions of the same objects, and an unchanged one the same bundle.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::briefing::marking::Tlp;
use crate::briefing::parts::{Found, Part, locate};
use crate::briefing::{Briefing, Statement, StatementKind, When, marking};
use crate::document::build::{Attribution, paragraphs};
use crate::document::dates::{self, Moment};
use crate::memory::Note;

/// The namespace of every id `brief` makes.
const NAMESPACE: Uuid = Uuid::from_u128(0x3c1b_8f0e_5d2a_4c7e_9b41_7f0d_2e6a_9c55);

/// The OASIS TLP 2.0 extension.
pub const TLP_EXTENSION: &str = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

/// The id of OASIS's TLP 2.0 marking definition for `tlp`.
pub fn tlp_id(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        Tlp::Green => "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        Tlp::Amber => "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        Tlp::AmberStrict => "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        Tlp::Red => "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
    }
}
/// When OASIS made the TLP 2.0 marking definitions.
const TLP_CREATED: &str = "2022-10-01T00:00:00.000Z";
/// When `brief`'s own objects (its identity, its extension) were first made.
const BRIEF_CREATED: &str = "2026-12-01T00:00:00.000Z";
/// When `brief`'s extension last changed (1.1: `comment` on an analyst comment's note).
const EXTENSION_MODIFIED: &str = "2026-12-07T00:00:00.000Z";

/// One briefing to export: what it says, its id, when its file was last modified (seconds
/// since the epoch; `None` for a briefing that is no file), and the analyst's notes on it.
pub struct Item<'a> {
    pub briefing: &'a Briefing<'a>,
    pub id: String,
    pub modified: Option<i64>,
    pub notes: &'a [Note],
}

/// `type--uuid5(namespace, parts)`.
fn sid(kind: &str, parts: &[&str]) -> String {
    let name = parts.join("\u{1f}");
    format!("{kind}--{}", Uuid::new_v5(&NAMESPACE, name.as_bytes()))
}

/// A STIX timestamp (UTC, to the millisecond) of `secs` since the epoch (the epoch itself
/// for a moment `time` cannot hold).
pub fn stamp(secs: i64) -> String {
    (dates::moment(secs, Moment::Stix)).unwrap_or_else(|| "1970-01-01T00:00:00.000Z".into())
}

/// Seconds since the epoch of a briefing's date (midnight, or the time given; UTC unless an
/// offset is given).
pub fn seconds(w: When) -> i64 {
    let month = time::Month::try_from(w.month).unwrap_or(time::Month::January);
    let date =
        time::Date::from_calendar_date(i32::from(w.year), month, w.day).unwrap_or(time::Date::MIN);
    let (h, m) = w.time.unwrap_or((0, 0));
    let t = time::Time::from_hms(h, m, 0).unwrap_or(time::Time::MIDNIGHT);
    let local = date.with_time(t).assume_utc().unix_timestamp();
    local - i64::from(w.offset_minutes.unwrap_or(0)) * 60
}

/// The STIX confidence of an Admiralty credibility, by the table of the STIX 2.1
/// specification (appendix "Confidence Scales"): 6, truth cannot be judged, has none.
pub fn confidence(credibility: u8) -> Option<u8> {
    match credibility {
        1 => Some(90),
        2 => Some(70),
        3 => Some(50),
        4 => Some(30),
        5 => Some(10),
        _ => None,
    }
}

/// The marking definition for `marking`: OASIS's TLP 2.0 one, or a statement marking of
/// `brief`'s for any other (an organisation's own).
fn marking_definition(label: &str) -> (String, Value) {
    // The label exactly as FIRST writes it: another spelling is an organisation's own.
    if let Some(tlp) = Tlp::of(label).filter(|t| t.label() == label) {
        let id = tlp_id(tlp);
        let object = json!({
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": id,
            "created": TLP_CREATED,
            "name": tlp.label(),
            "extensions": {
                TLP_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": tlp.level()}
            }
        });
        return (id.to_string(), object);
    }
    let id = sid("marking-definition", &["statement", label]);
    let object = json!({
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": id,
        "created": BRIEF_CREATED,
        "name": label,
        "definition_type": "statement",
        "definition": {"statement": label}
    });
    (id, object)
}

/// The id of `brief`'s extension of notes, which keeps what a statement is in the briefing
/// (party, speaker, role, date, kind, source, credibility) so that an import gives it back.
pub fn extension_id() -> String {
    sid("extension-definition", &["brief briefing", "1.0"])
}

fn brief_identity_id() -> String {
    sid("identity", &["brief"])
}

/// The id of the analyst's identity: the same name, the same id in every bundle.
fn analyst_id(name: &str) -> String {
    sid("identity", &["analyst", name])
}

/// The identity of the analyst who exports: the report's creator and the author of the
/// briefing's comments.
fn analyst_identity(name: &str, marking: &[String]) -> Value {
    json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": analyst_id(name),
        "created": BRIEF_CREATED,
        "modified": BRIEF_CREATED,
        "name": name,
        "description": "The analyst who exported this bundle with brief: the author of its \
                        analyst comments.",
        "identity_class": "individual",
        "object_marking_refs": marking,
    })
}

/// The objects every bundle of `brief`'s holds: its identity and its extension's definition.
fn brief_objects(marking: &[String]) -> Vec<Value> {
    vec![
        json!({
            "type": "identity",
            "spec_version": "2.1",
            "id": brief_identity_id(),
            "created": BRIEF_CREATED,
            "modified": BRIEF_CREATED,
            "name": "brief",
            "description": "The terminal reader of analyst briefings that wrote this bundle.",
            "identity_class": "system",
            "object_marking_refs": marking,
        }),
        json!({
            "type": "extension-definition",
            "spec_version": "2.1",
            "id": extension_id(),
            "created_by_ref": brief_identity_id(),
            "created": BRIEF_CREATED,
            "modified": EXTENSION_MODIFIED,
            "name": "brief briefing",
            "description": "What a report and its notes are in the briefing they were made \
                            from, so that importing the bundle gives the briefing back.",
            "schema": "A property extension. On a note made from a statement, strings: party \
                       (the party it is listed under) or actor (the reacting country or body), \
                       speaker, role, date (YYYY-MM-DD, with THH:MM and an offset when known), \
                       kind (quote or paraphrase), source (the briefing's id of its source), \
                       credibility (1-6). On a note made from an analyst comment: comment \
                       (what it is about, as the report's comments say). On a report: \
                       briefing_id, date, region, marking, bluf, key_points (strings), \
                       summary_text, parties (name, role, position), background (period, \
                       year, title, text), sources (source_id, name, kind, language, url, \
                       reliability), comments (about, text). See docs/STIX.md in brief's \
                       repository.",
            // 1.1 adds a property; the id (made from "1.0") stays, so that bundles of
            // either version are read.
            "version": "1.1",
            "extension_types": ["property-extension"],
            "object_marking_refs": marking,
        }),
    ]
}

/// What a briefing's statement note says of it, in `brief`'s extension.
fn statement_extension(b: &Briefing, s: &Statement, who: (&str, &str)) -> Value {
    let (key, name) = who;
    let mut ext = serde_json::Map::new();
    ext.insert("extension_type".into(), "property-extension".into());
    ext.insert(key.into(), name.into());
    ext.insert("speaker".into(), s.speaker.as_ref().into());
    if let Some(role) = &s.role {
        ext.insert("role".into(), role.as_ref().into());
    }
    if let Some(date) = s.date {
        ext.insert("date".into(), when_text(date).into());
    }
    let kind = match s.kind {
        StatementKind::Quote => "quote",
        StatementKind::Paraphrase => "paraphrase",
    };
    ext.insert("kind".into(), kind.into());
    if let Some(src) = s.source.and_then(|i| b.sources.get(i)) {
        ext.insert("source".into(), src.id.as_ref().into());
    }
    if let Some(c) = s.credibility {
        ext.insert("credibility".into(), c.value().to_string().into());
    }
    Value::Object(ext)
}

/// A date as the format writes it: `2022-09-12`, `2022-09-12T00:05+04:00`.
pub fn when_text(w: When) -> String {
    w.written(false)
}

/// What a report is in its briefing, beyond what STIX's own properties hold.
fn report_extension(b: &Briefing, id: &str) -> Value {
    let mut ext = serde_json::Map::new();
    let mut put = |key: &str, value: Value| {
        ext.insert(key.into(), value);
    };
    put("extension_type", "property-extension".into());
    put("briefing_id", id.into());
    put("date", when_text(b.date).into());
    if let Some(region) = &b.region {
        put("region", region.as_ref().into());
    }
    if let Some(marking) = &b.marking {
        put("marking", marking.as_ref().into());
    }
    put("bluf", b.summary.bluf.as_ref().into());
    if !b.summary.key_points.is_empty() {
        let points: Vec<&str> = b.summary.key_points.iter().map(|p| p.as_ref()).collect();
        put("key_points", json!(points));
    }
    if !b.summary.text.is_empty() {
        put("summary_text", b.summary.text.as_ref().into());
    }
    let parties: Vec<Value> = (b.parties.iter())
        .map(|p| {
            let mut o = json!({"name": p.name.as_ref()});
            if let Some(role) = &p.role {
                o["role"] = role.as_ref().into();
            }
            if let Some(position) = &p.position {
                o["position"] = position.as_ref().into();
            }
            o
        })
        .collect();
    put("parties", Value::Array(parties));
    if !b.background.is_empty() {
        let events: Vec<Value> = (b.background.iter())
            .map(|e| {
                json!({"period": e.period.as_ref(), "year": e.year, "title": e.title.as_ref(),
                       "text": e.text.as_ref()})
            })
            .collect();
        put("background", Value::Array(events));
    }
    if !b.sources.is_empty() {
        let sources: Vec<Value> = (b.sources.iter())
            .map(|s| {
                let mut o = json!({"source_id": s.id.as_ref(), "name": s.name.as_ref()});
                for (key, value) in [
                    ("kind", s.kind.as_deref()),
                    ("language", s.language.as_deref()),
                    ("url", s.url.as_deref()),
                ] {
                    if let Some(value) = value {
                        o[key] = value.into();
                    }
                }
                if let Some(r) = s.reliability {
                    o["reliability"] = r.letter().to_string().into();
                }
                o
            })
            .collect();
        put("sources", Value::Array(sources));
    }
    if !b.comments.is_empty() {
        let comments: Vec<Value> = (b.comments.iter())
            .map(|c| json!({"about": crate::briefing::write::about(b, c.about), "text": c.text.as_ref()}))
            .collect();
        put("comments", Value::Array(comments));
    }
    Value::Object(ext)
}

/// A source as an external reference, its reliability said as the author's assessment.
fn reference(b: &Briefing, index: usize) -> Option<Value> {
    let s = b.sources.get(index)?;
    let mut r = serde_json::Map::new();
    r.insert("source_name".into(), s.name.as_ref().into());
    let mut description = vec![format!("brief source id: {}", s.id)];
    description.extend(s.kind.as_deref().map(|k| format!("kind: {k}")));
    description.extend(s.language.as_deref().map(|l| format!("language: {l}")));
    if let Some(rel) = s.reliability {
        description.push(format!(
            "Admiralty reliability {} ({}), the briefing author's assessment",
            rel.letter(),
            rel.meaning()
        ));
    }
    match s.url.as_deref().map(|url| (url, uri(url))) {
        Some((_, Some(uri))) => {
            r.insert("url".into(), uri.into());
        }
        // Not an address that may be opened: kept as written, as text.
        Some((url, None)) => description.push(format!("address as written: {url}")),
        None => {}
    }
    r.insert("description".into(), description.join("; ").into());
    Some(Value::Object(r))
}

/// `url` as a URI (RFC 3986): an `http(s)` address `brief` would open, with every byte
/// outside the URI characters percent-encoded (a path in Japanese stays that path); `None`
/// for anything else.
pub fn uri(url: &str) -> Option<String> {
    if crate::document::source::refusal(url).is_some() {
        return None;
    }
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b);
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if allowed(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
}

/// The report's description: the bottom line, the key points, the body, the timeline.
fn description(b: &Briefing) -> String {
    let mut parts = vec![paragraphs(&b.summary.bluf).join("\n\n")];
    if !b.summary.key_points.is_empty() {
        let points: Vec<String> = (b.summary.key_points.iter())
            .map(|p| format!("- {p}"))
            .collect();
        parts.push(format!("Key points:\n{}", points.join("\n")));
    }
    let body = paragraphs(&b.summary.text);
    if !body.is_empty() {
        parts.push(body.join("\n\n"));
    }
    if !b.background.is_empty() {
        let events: Vec<String> = (b.background.iter())
            .map(|e| {
                format!(
                    "- {}: {}. {}",
                    e.period,
                    e.title,
                    paragraphs(&e.text).join(" ")
                )
            })
            .collect();
        parts.push(format!("Background:\n{}", events.join("\n")));
    }
    parts.retain(|p| !p.is_empty());
    parts.join("\n\n")
}

/// A statement note's abstract: who said it and how (speaker, role, date, kind, the language
/// a translated quote comes from), its source and grade, and its original wording. MISP keeps
/// the abstract (as the note's comment) where it drops `confidence`, external references and
/// `language-content`, so this is what carries them there.
fn statement_abstract(b: &Briefing, s: &Statement) -> String {
    let a = Attribution::of(s, &b.sources);
    let mut lines = vec![a.speaker.to_string()];
    for detail in [a.role, a.date.as_deref()].into_iter().flatten() {
        lines[0].push_str(&format!(", {detail}"));
    }
    // A quote in another language than the briefing's is said to be a translation, as every
    // other output says beside it.
    match s.translated_from(b.language.as_deref()) {
        Some(language) => lines[0].push_str(&format!(" ({}, translated from {language})", a.kind)),
        None => lines[0].push_str(&format!(" ({})", a.kind)),
    }
    lines.extend(crate::document::citation::source_line(s, &b.sources));
    if let Some(original) = &s.original {
        let tag = original.language.as_ref();
        let language = crate::briefing::language::name(tag)
            .map_or_else(|| tag.to_string(), |name| format!("{name}, {tag}"));
        let text = paragraphs(&original.text).join("\n\n");
        let words = match s.kind {
            StatementKind::Quote => format!("“{text}”"),
            StatementKind::Paraphrase => text,
        };
        lines.push(format!("Original wording ({language}): {words}"));
    }
    lines.join("\n")
}

/// Writes the objects of one briefing into `objects`, the report created by `analyst` (its
/// identity's id and name).
fn briefing_objects(
    item: &Item,
    marking: &[String],
    analyst: (&str, &str),
    objects: &mut Vec<Value>,
) {
    let b = item.briefing;
    let id = item.id.as_str();
    let created_secs = seconds(b.date);
    let created = stamp(created_secs);
    let modified = stamp(item.modified.unwrap_or(created_secs).max(created_secs));
    let report_id = sid("report", &[id]);
    let mut refs: Vec<String> = Vec::new();
    let mut out: Vec<Value> = Vec::new();
    let common = |kind: &str, object_id: &str| {
        json!({
            "type": kind,
            "spec_version": "2.1",
            "id": object_id,
            "created": created,
            "modified": modified,
            "object_marking_refs": marking,
        })
    };
    let lang = b.language.as_deref();
    let mut party_ids = Vec::new();
    for p in &b.parties {
        let pid = sid("identity", &[id, "party", &p.name]);
        let mut o = common("identity", &pid);
        o["name"] = p.name.as_ref().into();
        // The format does not say whether a party is a state, a body or a person.
        o["identity_class"] = "unknown".into();
        let mut about = Vec::new();
        about.extend(p.role.as_deref().map(|r| format!("Role: {r}")));
        about.extend(p.position.as_deref().map(|r| format!("Position: {r}")));
        if !about.is_empty() {
            o["description"] = about.join("\n").into();
        }
        refs.push(pid.clone());
        party_ids.push(pid);
        out.push(o);
    }
    let mut actor_ids: Vec<(String, String)> = Vec::new();
    for r in &b.reactions {
        if actor_ids.iter().any(|(name, _)| name == r.actor.as_ref()) {
            continue;
        }
        let aid = sid("identity", &[id, "actor", &r.actor]);
        let mut o = common("identity", &aid);
        o["name"] = r.actor.as_ref().into();
        o["identity_class"] = "unknown".into();
        o["description"] = "Reacting to the events of the briefing; not a party to them.".into();
        refs.push(aid.clone());
        actor_ids.push((r.actor.to_string(), aid));
        out.push(o);
    }
    // Each statement and reaction as a note by its speaker.
    let mut statement_ids: Vec<(Part, String)> = Vec::new();
    let mut statements: Vec<(Part, &Statement, String, (&str, &str))> = Vec::new();
    for (pi, p) in b.parties.iter().enumerate() {
        for (si, s) in p.statements.iter().enumerate() {
            let part = Part::Statement {
                party: pi,
                index: si,
            };
            statements.push((part, s, party_ids[pi].clone(), ("party", &p.name)));
        }
    }
    for (k, r) in b.reactions.iter().enumerate() {
        let aid = (actor_ids.iter())
            .find(|(name, _)| name == r.actor.as_ref())
            .map(|(_, aid)| aid.clone())
            .unwrap_or_default();
        statements.push((Part::Reaction(k), &r.statement, aid, ("actor", &r.actor)));
    }
    for (part, s, who_id, who) in statements {
        let key = match part {
            Part::Statement { party, index } => format!("statement/{party}/{index}"),
            Part::Reaction(k) => format!("reaction/{k}"),
            _ => continue,
        };
        let nid = sid("note", &[id, &key]);
        let text = paragraphs(&s.text).join("\n\n");
        let content = match s.kind {
            StatementKind::Quote => format!("“{text}”"),
            StatementKind::Paraphrase => text,
        };
        let mut o = common("note", &nid);
        o["abstract"] = statement_abstract(b, s).into();
        o["content"] = content.into();
        o["authors"] = json!([s.speaker.as_ref()]);
        o["object_refs"] = json!([report_id, who_id]);
        if let Some(c) = s.credibility.and_then(|c| confidence(c.value())) {
            o["confidence"] = c.into();
        }
        if let Some(r) = s.source.and_then(|i| reference(b, i)) {
            o["external_references"] = json!([r]);
        }
        if let Some(lang) = lang {
            o["lang"] = lang.into();
        }
        o["extensions"] = json!({ extension_id(): statement_extension(b, s, who) });
        refs.push(nid.clone());
        if let Some(original) = &s.original {
            let lid = sid("language-content", &[id, &key, "original"]);
            let mut l = common("language-content", &lid);
            l["object_ref"] = nid.clone().into();
            l["object_modified"] = modified.clone().into();
            l["contents"] = json!({
                original.language.as_ref(): {"content": paragraphs(&original.text).join("\n\n")}
            });
            refs.push(lid);
            out.push(o);
            out.push(l);
        } else {
            out.push(o);
        }
        statement_ids.push((part, nid));
    }
    // The author's comments, as notes by the analyst said to be judgement; brief's extension
    // says what each is about, and tells them from the analyst's own notes.
    let (analyst_id, analyst_name) = analyst;
    for (i, c) in b.comments.iter().enumerate() {
        let cid = sid("note", &[id, "comment", &i.to_string()]);
        let mut o = common("note", &cid);
        o["abstract"] =
            "Analyst comment: the briefing author's judgement, not the reporting".into();
        o["content"] = paragraphs(&c.text).join("\n\n").into();
        o["authors"] = json!([analyst_name]);
        o["created_by_ref"] = analyst_id.into();
        o["object_refs"] = json!([report_id]);
        o["extensions"] = json!({ extension_id(): {
            "extension_type": "property-extension",
            "comment": crate::briefing::write::about(b, c.about),
        }});
        refs.push(cid);
        out.push(o);
    }
    // The analyst's own notes, on what they annotate when it can be found.
    let parts = b.parts();
    for n in item.notes {
        let nid = format!(
            "note--{}",
            Uuid::parse_str(&n.id)
                .unwrap_or_else(|_| { Uuid::new_v5(&NAMESPACE, n.id.as_bytes()) })
        );
        let on = n.on.as_ref().map_or(Found::Gone, |p| locate(&parts, p));
        let target = (on.part())
            .and_then(|part| statement_ids.iter().find(|(p, _)| *p == part))
            .map(|(_, nid)| nid.clone());
        let mut o = common("note", &nid);
        o["created"] = stamp(n.created).into();
        o["modified"] = stamp(n.updated.max(n.created)).into();
        o["abstract"] = "The analyst's note".into();
        o["content"] = n.body.clone().into();
        if !n.author.is_empty() {
            o["authors"] = json!([n.author]);
        }
        let mut on_refs = vec![report_id.clone()];
        on_refs.extend(target);
        o["object_refs"] = json!(on_refs);
        refs.push(nid);
        out.push(o);
    }
    let mut report = common("report", &report_id);
    report["created_by_ref"] = analyst_id.into();
    report["extensions"] = json!({ extension_id(): report_extension(b, id) });
    report["name"] = b.title.as_ref().into();
    report["published"] = created.clone().into();
    report["description"] = description(b).into();
    if !b.tags.is_empty() {
        let tags: Vec<&str> = b.tags.iter().map(|t| t.as_ref()).collect();
        report["labels"] = json!(tags);
    }
    if let Some(lang) = lang {
        report["lang"] = lang.into();
    }
    let references: Vec<Value> = (0..b.sources.len())
        .filter_map(|i| reference(b, i))
        .collect();
    if !references.is_empty() {
        report["external_references"] = Value::Array(references);
    }
    if refs.is_empty() {
        // A report must refer to something: its marking is always there.
        refs.extend(marking.iter().take(1).cloned());
    }
    report["object_refs"] = json!(refs);
    objects.push(report);
    objects.extend(out);
}

/// The bundle of `items`, exported by `analyst` (the configured name): every briefing's
/// objects, each marked with its own marking, and the objects they share (`brief`'s own, the
/// analyst's identity) marked with the most restrictive of them.
pub fn bundle(items: &[Item], analyst: &str) -> Value {
    let analyst_id = analyst_id(analyst);
    let mut objects = Vec::new();
    let mut markings: Vec<(String, Value)> = Vec::new();
    let mut marking_of = |label: &str| {
        let (id, object) = marking_definition(label);
        if !markings.iter().any(|(m, _)| *m == id) {
            markings.push((id.clone(), object));
        }
        id
    };
    // Every object carries a marking: a briefing with none gets a statement marking that
    // says so, rather than a TLP level it never claimed.
    let label = |b: &Briefing| {
        b.marking
            .as_deref()
            .map_or_else(|| "unmarked".to_string(), str::to_string)
    };
    // A marking of several parts (`TLP:RED · Copyright ACME`) is each part's definition, so a
    // tool that knows TLP reads the level.
    for item in items {
        let mut ids: Vec<String> = marking::parts(&label(item.briefing))
            .map(&mut marking_of)
            .collect();
        if ids.is_empty() {
            ids.push(marking_of("unmarked"));
        }
        briefing_objects(item, &ids, (&analyst_id, analyst), &mut objects);
    }
    let labels: Vec<String> = items.iter().map(|i| label(i.briefing)).collect();
    let top = marking::most_restrictive(labels.iter().map(String::as_str))
        .unwrap_or_else(|| "unmarked".into());
    let top_ids: Vec<String> = marking::parts(&top).map(&mut marking_of).collect();
    let mut all = brief_objects(&top_ids);
    all.push(analyst_identity(analyst, &top_ids));
    all.extend(markings.into_iter().map(|(_, o)| o));
    all.extend(objects);
    let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    json!({
        "type": "bundle",
        "id": sid("bundle", &[&["bundle"], ids.as_slice()].concat()),
        "objects": all,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Briefing<'static> {
        crate::briefing::parse(crate::bundled::BRIEFINGS[0].1.to_string())
            .briefing
            .unwrap()
    }

    fn export(b: &Briefing, modified: Option<i64>) -> Value {
        let item = Item {
            briefing: b,
            id: "2022-09-12-armenia-azerbaijan-border".into(),
            modified,
            notes: &[],
        };
        bundle(&[item], "Ana Analyst")
    }

    fn of_type<'v>(bundle: &'v Value, kind: &str) -> Vec<&'v Value> {
        (bundle["objects"].as_array().unwrap().iter())
            .filter(|o| o["type"] == kind)
            .collect()
    }

    #[test]
    fn a_marking_of_several_parts_is_each_parts_definition_and_comes_back_whole() {
        let mut b = bundled();
        b.marking = Some("TLP:RED · ACME only".into());
        let out = export(&b, None);
        let report = of_type(&out, "report")[0];
        let refs = report["object_marking_refs"].as_array().unwrap();
        assert_eq!(refs.len(), 2, "{refs:?}");
        assert_eq!(refs[0], tlp_id(Tlp::Red));
        let statement = of_type(&out, "marking-definition")
            .into_iter()
            .find(|m| m["id"] == refs[1])
            .unwrap();
        assert_eq!(statement["definition"]["statement"], "ACME only");
        // Every object the briefing gave carries both; brief's own objects too.
        for o in out["objects"].as_array().unwrap() {
            if o["type"] != "marking-definition" {
                assert_eq!(o["object_marking_refs"].as_array(), Some(refs), "{o}");
            }
        }
        let text = serde_json::to_vec(&out).unwrap();
        let back = crate::import::stix::import(&text, None).unwrap();
        assert_eq!(
            back.briefings[0].1.marking.as_deref(),
            Some("TLP:RED · ACME only")
        );
    }

    #[test]
    fn the_bundled_briefing_maps_to_a_report_identities_notes_and_originals() {
        let b = bundled();
        let out = export(&b, None);
        assert_eq!(of_type(&out, "report").len(), 1);
        // brief, the analyst, three parties and one reacting actor.
        let identities = of_type(&out, "identity");
        assert_eq!(identities.len(), 2 + 3 + 1);
        let class = |name: &str| {
            let found = identities.iter().find(|i| i["name"] == name).unwrap();
            (
                found["identity_class"].as_str().unwrap(),
                found["id"].clone(),
            )
        };
        assert_eq!(class("brief").0, "system");
        assert_eq!(class("Armenia").0, "unknown", "the briefing does not say");
        assert_eq!(class("United States").0, "unknown");
        let (kind, analyst) = class("Ana Analyst");
        assert_eq!(kind, "individual");
        assert_eq!(of_type(&out, "report")[0]["created_by_ref"], analyst);
        let comments: Vec<_> = (of_type(&out, "note").into_iter())
            .filter(|n| {
                n["abstract"]
                    .as_str()
                    .unwrap()
                    .starts_with("Analyst comment")
            })
            .collect();
        assert_eq!(comments.len(), 2);
        for c in comments {
            assert_eq!(c["authors"], json!(["Ana Analyst"]), "{c}");
            assert_eq!(c["created_by_ref"], analyst);
        }
        // Seven statements and three reactions, each with its original.
        assert_eq!(of_type(&out, "language-content").len(), 10);
        let marking = of_type(&out, "marking-definition");
        assert_eq!(marking.len(), 1);
        assert_eq!(marking[0]["name"], "TLP:CLEAR");
        for o in out["objects"].as_array().unwrap() {
            if o["type"] != "marking-definition" {
                assert_eq!(o["object_marking_refs"][0], tlp_id(Tlp::Clear), "{o}");
            }
        }
        let blinken = (of_type(&out, "note").into_iter())
            .find(|n| {
                n["content"]
                    .as_str()
                    .unwrap()
                    .starts_with("“As we have long")
            })
            .unwrap();
        assert_eq!(blinken["authors"][0], "Antony Blinken");
        assert_eq!(blinken["confidence"], 70, "credibility 2");
        // What MISP keeps of a note besides its words: the grade, the source and the
        // original wording are in the abstract too.
        assert_eq!(
            blinken["abstract"],
            "Antony Blinken, US Secretary of State (quote, translated from Indonesian)\n\
             Source: Indonesian-language news report citing Al Jazeera, reliability C (fairly \
             reliable) · grade C2 (the briefing author's assessment, not the source's)\n\
             Original wording (Indonesian, id): “Seperti yang telah lama kami jelaskan, tidak \
             akan ada solusi militer untuk konflik tersebut”"
        );
    }

    #[test]
    fn ids_stay_and_modified_follows_the_file() {
        let b = bundled();
        let first = export(&b, Some(1_700_000_000));
        let again = export(&b, Some(1_700_000_000));
        assert_eq!(first, again, "the same file, the same bundle");
        let later = export(&b, Some(1_800_000_000));
        let (r1, r2) = (&of_type(&first, "report")[0], &of_type(&later, "report")[0]);
        assert_eq!(r1["id"], r2["id"]);
        assert!(r2["modified"].as_str() > r1["modified"].as_str());
        assert_eq!(r1["created"], "2022-09-12T00:00:00.000Z");
    }

    #[test]
    fn addresses_become_uris_or_text() {
        assert_eq!(
            uri("https://example.org/日本").as_deref(),
            Some("https://example.org/%E6%97%A5%E6%9C%AC")
        );
        assert_eq!(
            uri("https://x.example/a|b`c").as_deref(),
            Some("https://x.example/a%7Cb%60c")
        );
        assert_eq!(uri("javascript:alert(1)"), None);
        assert_eq!(uri("https://example.org/␛]8;;x␇"), None);
    }

    #[test]
    fn credibility_maps_by_the_specifications_table() {
        let got: Vec<Option<u8>> = (1..=6).map(confidence).collect();
        assert_eq!(
            got,
            [Some(90), Some(70), Some(50), Some(30), Some(10), None]
        );
    }
}
