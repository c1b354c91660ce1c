//! What a pull fetches from a collection: its objects added after a date (every page, through
//! [`super::pages`]), as one STIX bundle for the import. A pull that goes on from an earlier
//! one also fetches what came before that the new objects need, so that each report imports
//! as whole as a first pull would import it: one by one, what they refer to (a report's
//! objects, identities and marking definitions, a note's report, and what those refer to in
//! turn); then, when a report is among them, the notes, opinions and translations
//! (`language-content`) about it or its objects. A report pulled before is fetched again when
//! a later version of an object its briefing was made of comes without it (a speaker's
//! identity renamed, a statement revised), so that its briefing is made again with the change.
//! What the collection does not hold is left for the import to say.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::pages::{Pages, Stop};
use super::{Address, Client, Error};
use crate::briefing::sanitize::{Lines, sanitize};

/// The most objects fetched one by one after the pages.
pub const MAX_LOOKUPS: usize = 1_000;

/// How many times `--max-response` one pull reads at most, all pages together: a server whose
/// pages never end fills no memory.
pub const PAGES_TIMES: u64 = 16;

/// What was fetched.
#[derive(Debug)]
pub struct Fetched {
    /// The objects, as one STIX bundle.
    pub bundle: Value,
    /// How many objects the pages held.
    pub objects: usize,
    /// The latest `X-TAXII-Date-Added-Last`: where the next pull goes on from.
    pub added_last: Option<String>,
}

/// What an incremental pull fetches again, given the objects its pages held ([`fetch`]).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Again {
    /// Reports pulled before whose briefings were made of an earlier version of one of them.
    pub reports: Vec<String>,
    /// Those the pages held at a version older than one a briefing was made of (sent again
    /// late): their latest takes their place, so that no briefing goes back to the older.
    pub latest: Vec<String>,
}

/// Given objects fetched (ids with their `modified`), what to fetch again ([`Again`]).
pub type MadeOf<'a> = dyn FnMut(&[(&str, &str)]) -> Again + 'a;

/// Fetches what `collection` added after `added_after` (everything when none), `limit` objects
/// a page; `progress` is told the pages and objects read so far. `made_of` names, of the
/// objects the pages held (each id with its `modified`, empty when it has none), what to
/// fetch again ([`Again`]); a report the pages hold is not fetched again.
pub fn fetch(
    client: &Client,
    collection: &Address,
    added_after: Option<&str>,
    limit: usize,
    progress: &mut dyn FnMut(usize, usize),
    made_of: &mut MadeOf<'_>,
) -> Result<Fetched, Error> {
    let objects_at = collection.join("objects/")?;
    let mut pages = Pages::new(added_after.map(str::to_string));
    let mut objects: Vec<Value> = Vec::new();
    let cap = client.max_response().saturating_mul(PAGES_TIMES);
    let mut read: u64 = 0;
    loop {
        let query = pages.query(limit);
        let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let answer = client.get(&objects_at, &query)?;
        read = read.saturating_add(answer.size as u64);
        if read > cap {
            return Err(Error::TooMuch {
                url: objects_at.as_str().to_string(),
                cap,
                times: PAGES_TIMES,
            });
        }
        let page = envelope(&objects_at, &answer.json)?;
        objects.extend(page.iter().cloned());
        let more = pages
            .advance(&answer.json, answer.added_last.as_deref())
            .map_err(|stop| stopped(&objects_at, stop))?;
        progress(pages.count(), objects.len());
        if !more {
            break;
        }
    }
    let fetched = objects.len();
    if added_after.is_some() && !objects.is_empty() {
        let pages_read = pages.count();
        let mut told = |held: usize| progress(pages_read, held);
        let mut again = {
            let versions: Vec<(&str, &str)> = (objects.iter())
                .filter_map(|o| {
                    let id = o.get("id")?.as_str()?;
                    Some((id, o.get("modified").and_then(Value::as_str).unwrap_or("")))
                })
                .collect();
            made_of(&versions)
        };
        let held: HashSet<String> = ids(&objects).map(str::to_string).collect();
        again
            .reports
            .retain(|report| stix_id(report) && !held.contains(report));
        again.latest.retain(|id| stix_id(id));
        context(client, &objects_at, &mut objects, &again, limit, &mut told)?;
    }
    Ok(Fetched {
        bundle: json!({
            "type": "bundle",
            "id": format!("bundle--{}", uuid::Uuid::new_v4()),
            "objects": objects,
        }),
        objects: fetched,
        added_last: pages.last().map(str::to_string),
    })
}

/// Adds to `objects` (what an incremental pull fetched) what `again` names, then what came
/// before that they all need.
fn context(
    client: &Client,
    objects_at: &Address,
    objects: &mut Vec<Value>,
    again: &Again,
    limit: usize,
    progress: &mut dyn FnMut(usize),
) -> Result<(), Error> {
    let mut lookups = 0;
    for id in (again.latest.iter()).take(MAX_LOOKUPS) {
        lookups += 1;
        let mut latest = Vec::new();
        one(client, objects_at, id, &mut latest)?;
        // The older versions go only when the latest came.
        if !latest.is_empty() {
            objects.retain(|o| o.get("id").and_then(Value::as_str) != Some(id.as_str()));
            objects.extend(latest);
        }
    }
    for report in (again.reports.iter()).take(MAX_LOOKUPS.saturating_sub(lookups)) {
        lookups += 1;
        one(client, objects_at, report, objects)?;
        progress(objects.len());
    }
    chase(client, objects_at, objects, &mut lookups, progress)?;
    if !objects
        .iter()
        .any(|o| o.get("type").and_then(Value::as_str) == Some("report"))
    {
        return Ok(());
    }
    let held: HashSet<String> = ids(objects).map(str::to_string).collect();
    let mut about = Vec::new();
    let mut pages = Pages::new(None);
    loop {
        let mut query = pages.query(limit);
        query.push(("match[type]", "note,opinion,language-content".into()));
        let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let answer = client.get(objects_at, &query)?;
        for o in envelope(objects_at, &answer.json)? {
            let refs = (o.get("object_refs").and_then(Value::as_array).into_iter())
                .flatten()
                .chain(o.get("object_ref"))
                .filter_map(Value::as_str);
            let id = o.get("id").and_then(Value::as_str).unwrap_or("");
            if !held.contains(id) && refs.into_iter().any(|r| held.contains(r)) {
                about.push(o.clone());
            }
        }
        let more = pages
            .advance(&answer.json, answer.added_last.as_deref())
            .map_err(|stop| stopped(objects_at, stop))?;
        if !more {
            break;
        }
    }
    if about.is_empty() {
        return Ok(());
    }
    objects.extend(about);
    chase(client, objects_at, objects, &mut lookups, progress)
}

/// Fetches, one by one, what `objects` refer to and do not hold, and what that refers to in
/// turn, [`MAX_LOOKUPS`] in all (`lookups` counts them); `progress` is told how many objects
/// are held after each.
fn chase(
    client: &Client,
    objects_at: &Address,
    objects: &mut Vec<Value>,
    lookups: &mut usize,
    progress: &mut dyn FnMut(usize),
) -> Result<(), Error> {
    let mut asked: HashSet<String> = HashSet::new();
    loop {
        let wanted: Vec<String> = (missing(objects).into_iter())
            .filter(|id| !asked.contains(id))
            .collect();
        if wanted.is_empty() || *lookups >= MAX_LOOKUPS {
            return Ok(());
        }
        for id in wanted {
            if *lookups >= MAX_LOOKUPS {
                return Ok(());
            }
            *lookups += 1;
            asked.insert(id.clone());
            one(client, objects_at, &id, objects)?;
            progress(objects.len());
        }
    }
}

/// Fetches object `id` (its latest version) into `objects`; one the collection does not hold
/// is left for the import to say.
fn one(
    client: &Client,
    objects_at: &Address,
    id: &str,
    objects: &mut Vec<Value>,
) -> Result<(), Error> {
    let at = objects_at.join(&format!("{id}/"))?;
    match client.get(&at, &[]) {
        Ok(answer) => objects.extend(envelope(&at, &answer.json)?.iter().cloned()),
        Err(Error::Status { status: 404, .. }) => {}
        Err(e) => return Err(e),
    }
    Ok(())
}

fn ids(objects: &[Value]) -> impl Iterator<Item = &str> {
    objects.iter().filter_map(|o| o.get("id")?.as_str())
}

/// The objects of a TAXII envelope (none when it has no `objects`).
fn envelope<'v>(at: &Address, json: &'v Value) -> Result<&'v [Value], Error> {
    if !json.is_object() {
        return Err(Error::Answer {
            url: at.as_str().to_string(),
            why: "the answer is not a TAXII envelope".into(),
        });
    }
    match json.get("objects") {
        None => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(Error::Answer {
            url: at.as_str().to_string(),
            why: "the envelope's `objects` is not a list".into(),
        }),
    }
}

fn stopped(at: &Address, stop: Stop) -> Error {
    let url = at.as_str().to_string();
    match stop {
        Stop::Loop(token) => Error::Loop {
            url,
            token: crate::text::truncate(&sanitize(&token, Lines::Single), 80).into_owned(),
        },
        Stop::TooMany => Error::TooManyPages {
            url,
            pages: super::pages::MAX_PAGES,
        },
        Stop::NoWay => Error::Answer {
            url,
            why: "the server says there is more but not how to ask for it".into(),
        },
    }
}

/// Whether `id` is a STIX id (`type--uuid`), nothing a URL would read otherwise.
fn stix_id(id: &str) -> bool {
    id.contains("--") && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The ids `objects` refer to (`*_ref`, `*_refs`, granular markings) that none of them is.
fn missing(objects: &[Value]) -> Vec<String> {
    let held: HashSet<&str> = ids(objects).collect();
    let mut out: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    let mut want = |id: &str| {
        // Only STIX ids, and none of the TLP markings STIX predefines.
        if stix_id(id)
            && !held.contains(id)
            && !crate::import::marking::TLP_1.iter().any(|(_, t)| *t == id)
            && seen.insert(id.to_string())
        {
            out.push(id.to_string());
        }
    };
    for o in objects {
        let Some(map) = o.as_object() else { continue };
        for (key, value) in map {
            if key.ends_with("_ref") {
                if let Some(id) = value.as_str() {
                    want(id);
                }
            } else if key.ends_with("_refs") {
                for id in value.as_array().into_iter().flatten() {
                    if let Some(id) = id.as_str() {
                        want(id);
                    }
                }
            }
        }
        for g in (o.get("granular_markings").and_then(Value::as_array))
            .into_iter()
            .flatten()
        {
            if let Some(id) = g.get("marking_ref").and_then(Value::as_str) {
                want(id);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_new_objects_refer_to_and_no_one_sent_is_missing() {
        let objects = vec![
            json!({"type": "report", "id": "report--1", "created_by_ref": "identity--2",
                   "object_refs": ["indicator--3", "note--4"],
                   "object_marking_refs": ["marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "marking-definition--9"],
                   "granular_markings": [{"marking_ref": "marking-definition--8", "selectors": ["name"]}]}),
            json!({"type": "note", "id": "note--4", "object_refs": ["report--1"]}),
        ];
        assert_eq!(
            missing(&objects),
            [
                "identity--2",
                "marking-definition--9",
                "indicator--3",
                "marking-definition--8"
            ]
        );
    }
}
