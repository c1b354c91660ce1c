//! What a STIX report refers to besides statements (threat actors, intrusion sets,
//! campaigns, malware, tools, vulnerabilities, attack patterns, indicators, locations,
//! identities, observed data, relationships, …), shown in the briefing as key points naming
//! each object's type and name, so that a report from another tool keeps what it is about.
//! The first [`PER_TYPE`] of each type are named; the rest are counted, and the count is said.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::briefing::sanitize::{Lines, sanitize};

/// How many objects of one type become key points.
pub const PER_TYPE: usize = 10;

/// The longest a key point's name runs before it is cut (an indicator's pattern can be long).
const LONGEST: usize = 200;

fn text<'v>(o: &'v Value, key: &str) -> Option<&'v str> {
    o.get(key)?
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// `threat-actor` as a reader reads it: "Threat actor".
pub fn type_name(kind: &str) -> String {
    let spaced = kind.replace('-', " ");
    let mut chars = spaced.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect::<String>()
    })
}

fn cut(text: &str) -> String {
    let single = sanitize(text, Lines::Single);
    match single.char_indices().nth(LONGEST) {
        Some((at, _)) => format!("{}…", &single[..at]),
        None => single.into_owned(),
    }
}

/// What names `o` for a reader: its name, an external id (`CVE-2021-44228`, `T1566`), a
/// value, a pattern; its id when nothing else does.
pub fn name_of(o: &Value) -> String {
    let external = || {
        (o.get("external_references")?.as_array()?)
            .iter()
            .find_map(|r| text(r, "external_id"))
    };
    let place = || {
        let parts: Vec<&str> = ["city", "region", "country"]
            .into_iter()
            .filter_map(|k| text(o, k))
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    };
    let named = match (text(o, "name"), external()) {
        (Some(name), Some(ext)) if !name.contains(ext) => Some(format!("{name} ({ext})")),
        (Some(name), _) => Some(name.to_string()),
        (None, Some(ext)) => Some(ext.to_string()),
        (None, None) => None,
    };
    named
        .or_else(place)
        .or_else(|| text(o, "value").map(str::to_string))
        .or_else(|| text(o, "pattern").map(str::to_string))
        .map_or_else(|| cut(text(o, "id").unwrap_or("unnamed")), |n| cut(&n))
}

/// One object as a key point.
fn point(o: &Value, by_id: &HashMap<&str, &Value>) -> String {
    let kind = text(o, "type").unwrap_or("object");
    let named = |key: &str| {
        text(o, key).map_or_else(
            || "an unnamed object".to_string(),
            |r| by_id.get(r).map_or_else(|| cut(r), |t| name_of(t)),
        )
    };
    match kind {
        "relationship" => format!(
            "Relationship: {} {} {}",
            named("source_ref"),
            cut(&text(o, "relationship_type")
                .unwrap_or("related-to")
                .replace('-', " ")),
            named("target_ref")
        ),
        "sighting" => format!("Sighting of {}", named("sighting_of_ref")),
        "observed-data" => {
            let count = o
                .get("number_observed")
                .and_then(Value::as_u64)
                .unwrap_or(1);
            let from = text(o, "first_observed").map(cut).unwrap_or_default();
            let to = text(o, "last_observed").map(cut).unwrap_or_default();
            let times = if count == 1 {
                "once".to_string()
            } else {
                format!("{count} times")
            };
            format!("Observed data: seen {times}, {from} to {to}")
        }
        "opinion" => {
            // An opinion is attributed: who holds it, and what they say of what.
            let authors: Vec<String> = (o.get("authors").and_then(Value::as_array))
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(cut)
                .collect();
            let by = if authors.is_empty() {
                String::new()
            } else {
                format!(" by {}", authors.join(", "))
            };
            let explanation =
                text(o, "explanation").map_or_else(String::new, |e| format!(": {}", cut(e)));
            format!(
                "Opinion ({}){by}{explanation}",
                cut(text(o, "opinion").unwrap_or("no opinion given"))
            )
        }
        _ => format!("{}: {}", cut(&type_name(kind)), name_of(o)),
    }
}

/// What a report shows of the objects it refers to: key points, and how many of each type
/// were not named.
#[derive(Debug, Default)]
pub struct Shown {
    pub key_points: Vec<String>,
    pub not_shown: BTreeMap<String, usize>,
}

/// The key points for `objects` (in the report's order), at most [`PER_TYPE`] of a type.
pub fn shown<'v>(
    objects: impl IntoIterator<Item = &'v Value>,
    by_id: &HashMap<&str, &Value>,
) -> Shown {
    let mut out = Shown::default();
    let mut of_type: HashMap<String, usize> = HashMap::new();
    for o in objects {
        let kind = text(o, "type").unwrap_or("object").to_string();
        let n = of_type.entry(kind.clone()).or_default();
        *n += 1;
        if *n <= PER_TYPE {
            out.key_points.push(point(o, by_id));
        } else {
            *out.not_shown.entry(cut(&kind)).or_default() += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_object_is_named_by_its_type_and_name_and_the_rest_counted() {
        let actor = json!({"type": "threat-actor", "id": "threat-actor--1", "name": "APT1"});
        let malware = json!({"type": "malware", "id": "malware--2", "name": "Poison\u{1b}[2J Ivy"});
        let cve = json!({"type": "vulnerability", "id": "vulnerability--3", "name": "CVE-2021-44228",
            "external_references": [{"source_name": "cve", "external_id": "CVE-2021-44228"}]});
        let place = json!({"type": "location", "id": "location--4", "region": "South Caucasus", "country": "AM"});
        let agree = json!({"type": "opinion", "id": "opinion--6", "opinion": "agree",
            "authors": ["ana@example.org"], "explanation": "Seen the same."});
        let uses = json!({"type": "relationship", "id": "relationship--5", "relationship_type": "uses",
            "source_ref": "threat-actor--1", "target_ref": "malware--2"});
        let indicators: Vec<Value> = (0..12)
            .map(|i| {
                json!({"type": "indicator", "id": format!("indicator--{i}"),
                            "pattern": format!("[ipv4-addr:value = '10.0.0.{i}']")})
            })
            .collect();
        let all: Vec<&Value> = [&actor, &malware, &cve, &place, &uses, &agree]
            .into_iter()
            .chain(&indicators)
            .collect();
        let by_id: HashMap<&str, &Value> = all
            .iter()
            .map(|o| (o["id"].as_str().unwrap(), *o))
            .collect();
        let got = shown(all.iter().copied(), &by_id);
        assert_eq!(
            &got.key_points[..5],
            [
                "Threat actor: APT1",
                "Malware: Poison␛[2J Ivy",
                "Vulnerability: CVE-2021-44228",
                "Location: South Caucasus, AM",
                "Relationship: APT1 uses Poison␛[2J Ivy",
            ]
        );
        assert_eq!(
            got.key_points[5],
            "Opinion (agree) by ana@example.org: Seen the same."
        );
        assert_eq!(
            got.key_points[6],
            "Indicator: [ipv4-addr:value = '10.0.0.0']"
        );
        assert_eq!(got.key_points.len(), 6 + PER_TYPE);
        assert_eq!(got.not_shown.get("indicator"), Some(&2));
    }
}
