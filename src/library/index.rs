//! What the library keeps of each briefing: the columns of its row, the values field filters
//! look at, and its searchable text, built once at load.
//!
//! The full briefing is not kept: it is loaded again when opened. Its searchable text is kept
//! twice, as written and lowercased (with the same byte offsets), so a search is one
//! `memchr::memmem` scan per briefing, with no allocation.

use std::path::PathBuf;

use crate::briefing::{Briefing, When};

/// Where a briefing was loaded from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    File(PathBuf),
    /// One of [`crate::bundled::BRIEFINGS`], by index.
    Bundled(usize),
}

impl Origin {
    /// How messages and `brief list` name it.
    pub fn name(&self) -> String {
        match self {
            Origin::File(p) => p.display().to_string(),
            Origin::Bundled(i) => format!(
                "<built-in>/{}",
                crate::bundled::BRIEFINGS.get(*i).map_or("?", |(n, _)| n)
            ),
        }
    }

    /// The file name without its extension: the briefing's id in `brief list`.
    pub fn id(&self) -> String {
        let name = match self {
            Origin::File(p) => p.file_name().map(|n| n.to_string_lossy().into_owned()),
            Origin::Bundled(i) => crate::bundled::BRIEFINGS
                .get(*i)
                .map(|(n, _)| n.to_string()),
        }
        .unwrap_or_default();
        name.strip_suffix(".toml").unwrap_or(&name).to_string()
    }
}

/// What the field filters and sorting compare, lowercased when the briefing is loaded so a
/// search or a sort allocates nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    pub title: String,
    /// Empty when the briefing has no region.
    pub region: String,
    pub tags: Vec<String>,
    pub parties: Vec<String>,
    /// Every speaker and reacting actor, for `speaker:`.
    pub speakers: Vec<String>,
    /// Every source id and name, for `source:`.
    pub sources: Vec<String>,
}

/// Which part of a briefing a stretch of searchable text comes from, so a hit can say where
/// it is (`Reactions: …no military solution…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Title,
    Summary,
    /// The party with this index.
    Party(usize),
    Reactions,
    Background,
    Sources,
}

/// A briefing's row in the library and what search needs of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub origin: Origin,
    pub date: When,
    pub title: String,
    pub region: Option<String>,
    pub tags: Vec<String>,
    pub marking: Option<String>,
    pub parties: Vec<String>,
    /// The values field filters look at, lowercased once.
    pub keys: Keys,
    /// Warnings the file had when loaded.
    pub warnings: usize,
    /// Every text field, one after another, for search.
    pub text: Box<str>,
    /// `text` lowercased, with the same byte offsets.
    pub lower: Box<str>,
    /// Where each part of `text` starts, in order.
    pub places: Vec<(usize, Place)>,
}

impl Entry {
    /// The part of the briefing that holds byte `offset` of its searchable text.
    pub fn place_at(&self, offset: usize) -> Place {
        let i = self.places.partition_point(|(start, _)| *start <= offset);
        self.places
            .get(i.wrapping_sub(1))
            .map_or(Place::Title, |(_, p)| *p)
    }

    /// How a hit's place is named: `Summary`, the party's name, `Reactions`…
    pub fn place_name(&self, place: Place) -> &str {
        match place {
            Place::Title => "Title",
            Place::Summary => "Summary",
            Place::Party(i) => self.parties.get(i).map_or("Party", String::as_str),
            Place::Reactions => "Reactions",
            Place::Background => "Background",
            Place::Sources => "Sources",
        }
    }
}

/// Lowercases `text` character by character, keeping each character's byte length so offsets
/// stay the same in both buffers (the rare characters whose lowercase is longer stay as they
/// are).
pub fn lowercase_same_len(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    for c in text.chars() {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
}

/// What the library keeps of `briefing`, loaded from `origin` with `warnings` warnings.
pub fn index(origin: Origin, briefing: &Briefing, warnings: usize) -> Entry {
    let mut text = String::with_capacity(4096);
    let mut places = Vec::new();
    let mut add = |place: Place, parts: &mut dyn Iterator<Item = &str>| {
        places.push((text.len(), place));
        for part in parts {
            text.push_str(part);
            text.push('\n');
        }
    };
    let b = briefing;
    add(Place::Title, &mut std::iter::once(b.title.as_str()));
    add(
        Place::Summary,
        &mut std::iter::once(b.summary.bluf.as_str())
            .chain(b.summary.key_points.iter().map(String::as_str))
            .chain(std::iter::once(b.summary.text.as_str())),
    );
    fn statement_text(s: &crate::briefing::Statement) -> [Option<&str>; 4] {
        [
            Some(s.speaker.as_str()),
            s.role.as_deref(),
            Some(s.text.as_str()),
            s.original.as_ref().map(|o| o.text.as_str()),
        ]
    }
    for (i, party) in b.parties.iter().enumerate() {
        let mut parts = [
            Some(party.name.as_str()),
            party.role.as_deref(),
            party.position.as_deref(),
        ]
        .into_iter()
        .chain(party.statements.iter().flat_map(statement_text))
        .flatten();
        add(Place::Party(i), &mut parts);
    }
    let mut parts = b
        .reactions
        .iter()
        .flat_map(|r| std::iter::once(Some(r.actor.as_str())).chain(statement_text(&r.statement)))
        .flatten();
    add(Place::Reactions, &mut parts);
    let mut parts = b
        .background
        .iter()
        .flat_map(|e| [e.period.as_str(), e.title.as_str(), e.text.as_str()]);
    add(Place::Background, &mut parts);
    let mut parts = b.sources.iter().map(|s| s.name.as_str());
    add(Place::Sources, &mut parts);

    let lower = |s: &str| {
        let mut out = String::with_capacity(s.len());
        lowercase_same_len(s, &mut out);
        out
    };
    let mut names: Vec<&str> = b
        .parties
        .iter()
        .flat_map(|p| p.statements.iter())
        .chain(b.reactions.iter().map(|r| &r.statement))
        .map(|s| s.speaker.as_str())
        .chain(b.reactions.iter().map(|r| r.actor.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut speakers: Vec<String> = names.into_iter().map(lower).collect();
    speakers.dedup();
    let sources = b
        .sources
        .iter()
        .flat_map(|s| [lower(&s.id), lower(&s.name)])
        .collect();
    let lowered = {
        let mut out = String::with_capacity(text.len());
        lowercase_same_len(&text, &mut out);
        out
    };
    Entry {
        origin,
        date: b.date,
        title: b.title.clone(),
        region: b.region.clone(),
        tags: b.tags.clone(),
        marking: b.marking.clone(),
        parties: b.parties.iter().map(|p| p.name.clone()).collect(),
        keys: Keys {
            title: lower(&b.title),
            region: b.region.as_deref().map(lower).unwrap_or_default(),
            tags: b.tags.iter().map(|t| lower(t)).collect(),
            parties: b.parties.iter().map(|p| lower(&p.name)).collect(),
            speakers,
            sources,
        },
        warnings,
        text: text.into_boxed_str(),
        lower: lowered.into_boxed_str(),
        places,
    }
}

/// Every briefing the library has loaded.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub entries: Vec<Entry>,
}

impl Index {
    /// Adds a loaded briefing; returns its position in `entries`.
    pub fn push(&mut self, entry: Entry) -> usize {
        self.entries.push(entry);
        self.entries.len() - 1
    }

    /// The searchable text of entry `i`, as written.
    pub fn text_of(&self, i: usize) -> &str {
        &self.entries[i].text
    }

    /// Bytes the index holds beyond the searchable text itself (the lowercased copy counts as
    /// overhead).
    pub fn overhead_bytes(&self) -> usize {
        let strings = |v: &[String]| v.iter().map(|s| s.capacity() + 24).sum::<usize>();
        let per_entry: usize = self
            .entries
            .iter()
            .map(|e| {
                std::mem::size_of::<Entry>()
                    + e.title.capacity()
                    + e.region.as_ref().map_or(0, String::capacity)
                    + e.marking.as_ref().map_or(0, String::capacity)
                    + strings(&e.tags)
                    + strings(&e.parties)
                    + e.keys.title.capacity()
                    + e.keys.region.capacity()
                    + strings(&e.keys.tags)
                    + strings(&e.keys.parties)
                    + strings(&e.keys.speakers)
                    + strings(&e.keys.sources)
                    + e.places.capacity() * std::mem::size_of::<(usize, Place)>()
                    + e.lower.len()
                    + match &e.origin {
                        Origin::File(p) => p.capacity(),
                        Origin::Bundled(_) => 0,
                    }
            })
            .sum();
        per_entry + self.entries.capacity() * std::mem::size_of::<Entry>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Briefing {
        crate::briefing::parse(crate::bundled::BRIEFINGS[0].1.to_string())
            .briefing
            .unwrap()
    }

    #[test]
    fn lowercasing_keeps_offsets() {
        let mut out = String::new();
        let text = "ÀBC İstanbul Σ ß";
        lowercase_same_len(text, &mut out);
        assert_eq!(out.len(), text.len());
        assert_eq!(out, "àbc İstanbul σ ß");
    }

    #[test]
    fn every_text_field_is_searchable_and_placed() {
        let b = bundled();
        let e = index(Origin::Bundled(0), &b, 0);
        let find = |needle: &str| {
            let at = e.text.find(needle).unwrap_or_else(|| panic!("{needle}"));
            e.place_name(e.place_at(at)).to_string()
        };
        assert_eq!(find("As we have long made clear"), "Reactions");
        assert_eq!(find("in the direction of the towns"), "Armenia");
        assert_eq!(find("positions of its army"), "Azerbaijan");
        assert_eq!(find("Soviet rule"), "Summary");
        assert_eq!(find("Six weeks of fighting"), "Background");
        assert_eq!(find("as cited by the Indonesian"), "Sources");
        assert_eq!(
            find("mortir parit"),
            "Azerbaijan",
            "originals are searchable"
        );
        assert!(e.keys.speakers.contains(&"antony blinken".to_string()));
        assert!(e.keys.sources.contains(&"aljazeera".to_string()));
        assert_eq!(e.keys.region, "south caucasus");
        assert_eq!(e.parties, ["Armenia", "Azerbaijan", "Russia"]);
    }

    #[test]
    fn both_texts_keep_the_same_offsets() {
        let b = bundled();
        let e = index(Origin::Bundled(0), &b, 0);
        assert_eq!(e.text.len(), e.lower.len());
        assert!(e.text.starts_with("Armenia–Azerbaijan"));
        assert!(e.lower.starts_with("armenia–azerbaijan"));
    }

    #[test]
    fn ids_come_from_file_names() {
        assert_eq!(
            Origin::File("a/b/2024-01-01-talks.toml".into()).id(),
            "2024-01-01-talks"
        );
        assert_eq!(
            Origin::Bundled(0).id(),
            "2022-09-12-armenia-azerbaijan-border"
        );
    }
}
