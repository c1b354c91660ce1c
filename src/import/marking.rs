//! The marking a briefing made from a STIX bundle carries: every marking on every object the
//! briefing holds, resolved however the world writes it, and joined so that none is lowered
//! ([`crate::briefing::marking::most_restrictive`]: the highest TLP level, then every other
//! marking). Read forms: OASIS's TLP 2.0 marking definitions by id or by their extension;
//! TLP 1.0 by the four ids the STIX 2.1 specification predefines, whether or not the bundle
//! holds their objects (`stix2` and MISP refer to them without including them); TLP 1.0's
//! `definition_type: "tlp"`; OpenCTI's `definition_type: "TLP"` with
//! `definition: {"TLP": "TLP:AMBER+STRICT"}`; a `tlp:` label as MISP writes its tags; a
//! statement marking's text. A marking of a kind `brief` does not know is kept by its name,
//! and a reference that resolves nowhere is kept by its id: neither is ever dropped.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use crate::briefing::marking::{self, Tlp};
use crate::briefing::sanitize::{Lines, sanitize};
use crate::export::stix::tlp_id;

/// The TLP 1.0 marking definitions the STIX 2.1 specification predefines (section 7.2.1.4),
/// by id.
pub const TLP_1: [(Tlp, &str); 4] = [
    (
        Tlp::Clear,
        "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
    ),
    (
        Tlp::Green,
        "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
    ),
    (
        Tlp::Amber,
        "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
    ),
    (
        Tlp::Red,
        "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
    ),
];

/// The extension OASIS's TLP 2.0 marking definitions carry their level in.
pub const TLP_2_EXTENSION: &str = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

/// The level a TLP word names, however it is written: `amber+strict`, `TLP:AMBER+STRICT`,
/// `tlp:white` (TLP 1.0's WHITE is CLEAR), `TLP: Amber`; `None` for anything else.
pub fn tlp_word(text: &str) -> Option<Tlp> {
    let squeezed: String = (text.chars())
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    let word = squeezed
        .strip_prefix("TLP:")
        .or_else(|| squeezed.strip_prefix("TLP-"))
        .unwrap_or(&squeezed);
    match word {
        "WHITE" | "CLEAR" => Some(Tlp::Clear),
        "GREEN" => Some(Tlp::Green),
        "AMBER" => Some(Tlp::Amber),
        "AMBER+STRICT" => Some(Tlp::AmberStrict),
        "RED" => Some(Tlp::Red),
        _ => None,
    }
}

/// What one marking reference is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    Tlp(Tlp),
    /// A statement's text.
    Statement(String),
    /// A marking definition of a kind `brief` does not know, by its name (or kind and id).
    Unknown(String),
    /// Nothing to mark: `brief`'s own "unmarked" statement.
    Unmarked,
    /// Not in the bundle, and not one STIX predefines.
    Unresolved,
}

fn single(text: &str) -> String {
    sanitize(text, Lines::Single).into_owned()
}

fn text<'v>(o: &'v Value, key: &str) -> Option<&'v str> {
    o.get(key)?
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// What the marking definition `id` is, looked up in the bundle's objects `by_id`.
pub fn resolve(id: &str, by_id: &HashMap<&str, &Value>) -> Resolved {
    if let Some(tlp) = Tlp::ALL.into_iter().find(|t| tlp_id(*t) == id) {
        return Resolved::Tlp(tlp);
    }
    if let Some((tlp, _)) = TLP_1.iter().find(|(_, known)| *known == id) {
        return Resolved::Tlp(*tlp);
    }
    let Some(definition) = by_id.get(id) else {
        return Resolved::Unresolved;
    };
    let kind = text(definition, "definition_type").unwrap_or("");
    let body = definition.get("definition");
    // TLP 2.0 as OASIS writes it: the level in the extension.
    let extension = (definition.get("extensions"))
        .and_then(|e| e.get(TLP_2_EXTENSION))
        .and_then(|e| text(e, "tlp_2_0"))
        .and_then(tlp_word);
    if let Some(tlp) = extension {
        return Resolved::Tlp(tlp);
    }
    if kind.eq_ignore_ascii_case("tlp") {
        // TLP 1.0's `{"tlp": "amber"}`, OpenCTI's `{"TLP": "TLP:AMBER+STRICT"}`.
        let level = (body.and_then(Value::as_object).into_iter().flatten())
            .filter(|(k, _)| k.eq_ignore_ascii_case("tlp"))
            .find_map(|(_, v)| v.as_str().and_then(tlp_word));
        if let Some(tlp) = level.or_else(|| text(definition, "name").and_then(tlp_word)) {
            return Resolved::Tlp(tlp);
        }
    }
    let statement = body.and_then(|b| text(b, "statement"));
    if let Some(statement) = statement.filter(|_| kind.eq_ignore_ascii_case("statement")) {
        return if statement == "unmarked" {
            Resolved::Unmarked
        } else {
            Resolved::Statement(single(statement))
        };
    }
    // A TLP definition by name alone (`"name": "TLP:GREEN"`) of another kind.
    if let Some(tlp) = text(definition, "name").and_then(tlp_word) {
        return Resolved::Tlp(tlp);
    }
    Resolved::Unknown(unknown_name(id, kind, definition))
}

/// The extension of the ISA's Access Control Specification (ACS) 3.0 markings.
pub const ACS_EXTENSION: &str = "extension-definition--3a65884d-005a-4290-8335-cb2d778a83ce";

/// What a reader is shown of a marking of a kind `brief` does not know: its name; else what
/// its definition says (OpenCTI's `{"TLP": "TLP:TEST"}` as `TLP:TEST`, an ACS marking's
/// identifier and classification); else its kind and id.
fn unknown_name(id: &str, kind: &str, definition: &Value) -> String {
    if let Some(name) = text(definition, "name") {
        return single(name);
    }
    let acs = definition
        .get("extensions")
        .and_then(|e| e.get(ACS_EXTENSION));
    if let Some(acs) = acs {
        let identifier = text(acs, "identifier").unwrap_or(id);
        let class = (acs.get("control_set"))
            .and_then(|c| text(c, "classification"))
            .map_or_else(String::new, |c| format!(", classification {}", single(c)));
        return format!("ACS marking {}{class}", single(identifier));
    }
    let said = (definition.get("definition").and_then(Value::as_object))
        .into_iter()
        .flatten()
        .find_map(|(_, v)| v.as_str().map(str::trim).filter(|v| !v.is_empty()));
    // A TLP level of no known name (OpenCTI's test data has `TLP:TEST`) as written.
    if let Some(said) = said.filter(|_| kind.eq_ignore_ascii_case("tlp")) {
        let tlp = said.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("tlp"));
        return single(&if tlp {
            said.to_string()
        } else {
            format!("TLP:{said}")
        });
    }
    let kind = if kind.is_empty() { "unnamed" } else { kind };
    match said {
        Some(said) => format!("{} marking {}", single(kind), single(said)),
        None => format!("{} marking {}", single(kind), single(id)),
    }
}

/// Every marking found on the objects a briefing holds.
#[derive(Debug, Default)]
pub struct Markings {
    /// The markings found, in order: TLP labels and other markings' text.
    found: Vec<String>,
    /// References that resolve nowhere, by id.
    pub unresolved: BTreeSet<String>,
    /// Markings of a kind `brief` does not know, kept by name.
    pub unknown: BTreeSet<String>,
    /// The marking definitions read, by id (so they are not counted as ignored).
    pub used: BTreeSet<String>,
}

impl Markings {
    /// The markings on `object`: its `object_marking_refs`, its `granular_markings` (a
    /// granular marking by language marks nothing's handling, and is passed over) and its
    /// `tlp:` labels (MISP writes its tags as labels).
    pub fn object(&mut self, object: &Value, by_id: &HashMap<&str, &Value>) {
        for label in (object.get("labels").and_then(Value::as_array))
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            self.label(label);
        }
        let refs = (object.get("object_marking_refs").and_then(Value::as_array))
            .into_iter()
            .flatten()
            .filter_map(Value::as_str);
        let granular = (object.get("granular_markings").and_then(Value::as_array))
            .into_iter()
            .flatten()
            .filter_map(|g| g.get("marking_ref")?.as_str());
        for id in refs.chain(granular).collect::<Vec<_>>() {
            self.reference(id, by_id);
        }
    }

    /// The marking definition `id`.
    pub fn reference(&mut self, id: &str, by_id: &HashMap<&str, &Value>) {
        self.used.insert(id.to_string());
        match resolve(id, by_id) {
            Resolved::Tlp(tlp) => self.found.push(tlp.label().to_string()),
            Resolved::Statement(s) => self.found.push(s),
            Resolved::Unknown(name) => {
                self.unknown.insert(name.clone());
                self.found.push(name);
            }
            Resolved::Unmarked => {}
            Resolved::Unresolved => {
                self.unresolved.insert(single(id));
            }
        }
    }

    /// A label that is a TLP marking (as MISP writes its tags: `tlp:amber+strict`); `false`
    /// for any other label.
    pub fn label(&mut self, label: &str) -> bool {
        let tlp = label
            .trim()
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("tlp:"))
            .then(|| tlp_word(label))
            .flatten();
        if let Some(tlp) = tlp {
            self.found.push(tlp.label().to_string());
        }
        tlp.is_some()
    }

    /// A marking written as text: `brief`'s own extension's, or the one given with
    /// `--marking`.
    pub fn written(&mut self, marking: &str) {
        self.found.extend(marking::parts(marking).map(single));
    }

    /// The briefing's marking: the most restrictive of all found, unresolved references
    /// kept by their id; none when nothing is marked.
    pub fn text(&self) -> Option<String> {
        let unresolved: Vec<String> = (self.unresolved.iter())
            .map(|id| format!("{id} (not in the bundle)"))
            .collect();
        marking::most_restrictive(
            (self.found.iter().map(String::as_str)).chain(unresolved.iter().map(String::as_str)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn by_id(objects: &[Value]) -> HashMap<&str, &Value> {
        objects
            .iter()
            .map(|o| (o["id"].as_str().unwrap(), o))
            .collect()
    }

    #[test]
    fn tlp_is_read_in_every_form_the_world_writes() {
        let objects = [
            json!({"type": "marking-definition", "id": "marking-definition--1",
                   "definition_type": "TLP", "definition": {"TLP": "TLP:AMBER+STRICT"}}),
            json!({"type": "marking-definition", "id": "marking-definition--2",
                   "definition_type": "tlp", "definition": {"tlp": "white"}}),
            json!({"type": "marking-definition", "id": "marking-definition--3", "name": "TLP:RED",
                   "extensions": {TLP_2_EXTENSION: {"extension_type": "property-extension",
                                                    "tlp_2_0": "red"}}}),
            json!({"type": "marking-definition", "id": "marking-definition--4",
                   "definition_type": "statement", "definition": {"statement": "Copyright\u{1b}[2J ACME"}}),
            json!({"type": "marking-definition", "id": "marking-definition--5",
                   "name": "AIS Consent: EVERYONE", "definition_type": "ais"}),
        ];
        let by_id = by_id(&objects);
        let r = |id| resolve(id, &by_id);
        assert_eq!(r("marking-definition--1"), Resolved::Tlp(Tlp::AmberStrict));
        assert_eq!(r("marking-definition--2"), Resolved::Tlp(Tlp::Clear));
        assert_eq!(r("marking-definition--3"), Resolved::Tlp(Tlp::Red));
        assert_eq!(
            r("marking-definition--4"),
            Resolved::Statement("Copyright␛[2J ACME".into())
        );
        assert_eq!(
            r("marking-definition--5"),
            Resolved::Unknown("AIS Consent: EVERYONE".into())
        );
        for (tlp, id) in TLP_1 {
            assert_eq!(r(id), Resolved::Tlp(tlp), "{id}");
        }
        for tlp in Tlp::ALL {
            assert_eq!(r(tlp_id(tlp)), Resolved::Tlp(tlp));
        }
        assert_eq!(r("marking-definition--9"), Resolved::Unresolved);
        // Unknown kinds are shown by what they say.
        let objects = [
            json!({"type": "marking-definition", "id": "marking-definition--6",
                   "definition_type": "TLP", "definition": {"TLP": "TLP:TEST"}}),
            json!({"type": "marking-definition", "id": "marking-definition--7",
                   "extensions": {ACS_EXTENSION: {"identifier": "isa:guide.1", "extension_type": "property-extension",
                                                  "control_set": {"classification": "U"}}}}),
        ];
        let by_id = super::tests::by_id(&objects);
        assert_eq!(
            resolve("marking-definition--6", &by_id),
            Resolved::Unknown("TLP:TEST".into())
        );
        assert_eq!(
            resolve("marking-definition--7", &by_id),
            Resolved::Unknown("ACS marking isa:guide.1, classification U".into())
        );
    }

    #[test]
    fn nothing_is_lowered_and_nothing_dropped() {
        let objects = [
            json!({"type": "marking-definition", "id": "marking-definition--4",
                   "definition_type": "statement", "definition": {"statement": "ACME only"}}),
        ];
        let by_id = by_id(&objects);
        let mut m = Markings::default();
        m.object(
            &json!({"object_marking_refs": [tlp_id(Tlp::Clear), "marking-definition--4"],
                    "labels": ["tlp:amber"],
                    "granular_markings": [{"marking_ref": tlp_id(Tlp::Red), "selectors": ["name"]},
                                          {"lang": "fr", "selectors": ["name"]}]}),
            &by_id,
        );
        assert_eq!(m.text().as_deref(), Some("TLP:RED · ACME only"));
        assert!(!m.label("tlp:ex:chr") && !m.label("amber") && m.label("TLP:Amber+Strict"));
        m.written("TLP:CLEAR");
        m.reference("marking-definition--9", &by_id);
        assert_eq!(
            m.text().as_deref(),
            Some("TLP:RED · ACME only · marking-definition--9 (not in the bundle)")
        );
    }
}
