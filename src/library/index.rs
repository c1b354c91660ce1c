//! What the library keeps of each briefing: the columns of its row, the values field filters
//! look at, and its searchable text, built once at load.
//!
//! The full briefing is not kept: it is loaded again when opened. Its searchable text is kept
//! twice, as written and lowercased (with the same byte offsets), so a search is one
//! `memchr::memmem` scan per briefing, with no allocation.

use std::path::PathBuf;

use crate::briefing::{Briefing, When};

/// Where a briefing was loaded from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// A 1024-bit summary of which adjacent byte pairs a text holds. A text can contain a needle
/// only if it holds every pair of the needle, so most briefings are ruled out for a word
/// with a handful of bit tests instead of a scan of their text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairs([u64; 16]);

impl Pairs {
    /// The pairs of `text` (lowercased already).
    pub fn of(text: &[u8]) -> Self {
        // Four bit sets, each taking every fourth pair, so that consecutive pairs landing in
        // the same word do not wait on each other; merged at the end.
        fn set(bits: &mut [u64; 16], a: u8, b: u8) {
            let i = ((usize::from(a) << 5) ^ usize::from(b)) & 1023;
            bits[i >> 6] |= 1 << (i & 63);
        }
        let mut sets = [[0u64; 16]; 4];
        let [s0, s1, s2, s3] = &mut sets;
        let mut rest = text;
        while let [a, b, c, d, e, ..] = *rest {
            set(s0, a, b);
            set(s1, b, c);
            set(s2, c, d);
            set(s3, d, e);
            rest = &rest[4..];
        }
        for w in rest.windows(2) {
            set(s0, w[0], w[1]);
        }
        let mut bits = sets[0];
        for other in &sets[1..] {
            for (word, o) in bits.iter_mut().zip(other) {
                *word |= o;
            }
        }
        Self(bits)
    }

    /// Whether a text with these pairs may contain every pair of `needle` (lowercased).
    pub fn may_contain(&self, needle: &Pairs) -> bool {
        self.0
            .iter()
            .zip(&needle.0)
            .all(|(have, want)| have & want == *want)
    }
}

/// What the field filters and sorting compare, lowercased when the briefing is loaded so a
/// search or a sort allocates nothing. Each is one string, its values each ending in `\n`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    pub title: String,
    /// Empty when the briefing has no region.
    pub region: String,
    pub tags: String,
    pub parties: String,
    /// Every speaker and reacting actor, for `speaker:`.
    pub speakers: String,
    /// Every source id and name, for `source:`.
    pub sources: String,
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
    /// Which pairs of adjacent bytes `lower` holds, to skip a briefing without scanning it.
    pub pairs: Pairs,
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

/// Lowercases ASCII bytes in place, eight at a time.
fn ascii_lowercase(bytes: &mut [u8]) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let (words, rest) = bytes.as_chunks_mut::<8>();
    for word in words {
        let w = u64::from_le_bytes(*word);
        // For bytes below 0x80: the high bit of `at_a` is set from 'A' up, of `past_z` from
        // just after 'Z' up, so their difference marks exactly the capital letters.
        let at_a = w.wrapping_add((0x80 - u64::from(b'A')) * ONES);
        let past_z = w.wrapping_add((0x80 - u64::from(b'Z') - 1) * ONES);
        let capitals = (at_a ^ past_z) & HIGH & !w;
        *word = (w | (capitals >> 2)).to_le_bytes();
    }
    rest.make_ascii_lowercase();
}

/// Lowercases `text` character by character, keeping each character's byte length so offsets
/// stay the same in both buffers (the rare characters whose lowercase is longer stay as they
/// are).
pub fn lowercase_same_len(text: &str, out: &mut String) {
    // Runs of ASCII (most of any briefing, even one full of curly quotes and dashes) go eight
    // bytes at a time; only the characters between them go one by one.
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        let mut bytes = std::mem::take(out).into_bytes();
        ascii_lowercase(&mut bytes[start..]);
        *out = String::from_utf8(bytes).expect("ASCII stays ASCII");
        return;
    }
    let mut bytes = std::mem::take(out).into_bytes();
    let mut rest = text;
    loop {
        let run = crate::briefing::sanitize::ascii_run(rest.as_bytes());
        let start = bytes.len();
        bytes.extend_from_slice(&rest.as_bytes()[..run]);
        ascii_lowercase(&mut bytes[start..]);
        let mut chars = rest[run..].chars();
        let Some(c) = chars.next() else { break };
        let mut lower = c.to_lowercase();
        let l = match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
            _ => c,
        };
        bytes.extend_from_slice(l.encode_utf8(&mut [0; 4]).as_bytes());
        rest = chars.as_str();
    }
    *out = String::from_utf8(bytes).expect("ASCII runs and whole characters stay UTF-8");
}

/// What the library keeps of `briefing`, loaded from `origin` with `warnings` warnings. Takes
/// the briefing to move its strings rather than copy them: this runs once per file of an
/// archive, on the loading threads.
pub fn index(origin: Origin, briefing: Briefing, warnings: usize) -> Entry {
    let b = briefing;
    fn statement_text(s: &crate::briefing::Statement) -> [Option<&str>; 4] {
        [
            Some(s.speaker.as_str()),
            s.role.as_deref(),
            Some(s.text.as_str()),
            s.original.as_ref().map(|o| o.text.as_str()),
        ]
    }
    // Every text field, grouped by where it is shown.
    let title = [Some(b.title.as_str())];
    let summary: Vec<Option<&str>> = std::iter::once(Some(b.summary.bluf.as_str()))
        .chain(b.summary.key_points.iter().map(|p| Some(p.as_str())))
        .chain(std::iter::once(Some(b.summary.text.as_str())))
        .collect();
    let parties: Vec<Vec<Option<&str>>> = b
        .parties
        .iter()
        .map(|p| {
            [
                Some(p.name.as_str()),
                p.role.as_deref(),
                p.position.as_deref(),
            ]
            .into_iter()
            .chain(p.statements.iter().flat_map(statement_text))
            .collect()
        })
        .collect();
    let reactions: Vec<Option<&str>> = b
        .reactions
        .iter()
        .flat_map(|r| std::iter::once(Some(r.actor.as_str())).chain(statement_text(&r.statement)))
        .collect();
    let background: Vec<Option<&str>> = b
        .background
        .iter()
        .flat_map(|e| {
            [
                Some(e.period.as_str()),
                Some(e.title.as_str()),
                Some(e.text.as_str()),
            ]
        })
        .collect();
    let sources: Vec<Option<&str>> = b.sources.iter().map(|s| Some(s.name.as_str())).collect();
    let mut groups: Vec<(Place, &[Option<&str>])> =
        vec![(Place::Title, &title), (Place::Summary, &summary)];
    groups.extend(
        parties
            .iter()
            .enumerate()
            .map(|(i, p)| (Place::Party(i), p.as_slice())),
    );
    groups.extend([
        (Place::Reactions, reactions.as_slice()),
        (Place::Background, &background),
        (Place::Sources, &sources),
    ]);
    let len: usize = groups
        .iter()
        .flat_map(|(_, parts)| parts.iter().flatten())
        .map(|p| p.len() + 1)
        .sum();
    let mut text = String::with_capacity(len);
    let mut places = Vec::with_capacity(groups.len());
    for (place, parts) in &groups {
        places.push((text.len(), *place));
        for part in parts.iter().flatten() {
            text.push_str(part);
            text.push('\n');
        }
    }
    let (lower, pairs) = lower_and_pairs(&text);

    // The filters' keys: one lowercased string each, lines joined by `\n` (no needle holds a
    // newline, so a match never runs across two values).
    let joined = |values: &mut dyn Iterator<Item = &str>| {
        let mut out = String::new();
        for v in values {
            lowercase_same_len(v, &mut out);
            out.push('\n');
        }
        out
    };
    let mut speakers: Vec<&str> = b
        .parties
        .iter()
        .flat_map(|p| p.statements.iter())
        .chain(b.reactions.iter().map(|r| &r.statement))
        .map(|s| s.speaker.as_str())
        .chain(b.reactions.iter().map(|r| r.actor.as_str()))
        .collect();
    speakers.sort_unstable();
    speakers.dedup();
    let keys = Keys {
        title: joined(&mut std::iter::once(b.title.as_str())),
        region: b
            .region
            .as_deref()
            .map_or_else(String::new, |r| joined(&mut std::iter::once(r))),
        tags: joined(&mut b.tags.iter().map(String::as_str)),
        parties: joined(&mut b.parties.iter().map(|p| p.name.as_str())),
        speakers: joined(&mut speakers.into_iter()),
        sources: joined(
            &mut b
                .sources
                .iter()
                .flat_map(|s| [s.id.as_str(), s.name.as_str()]),
        ),
    };
    drop(groups);
    drop((summary, parties, reactions, background, sources));
    let Briefing {
        title,
        date,
        region,
        tags,
        marking,
        parties,
        ..
    } = b;
    Entry {
        origin,
        date,
        title,
        region,
        tags,
        marking,
        parties: parties.into_iter().map(|p| p.name).collect(),
        keys,
        warnings,
        text: text.into_boxed_str(),
        lower: lower.into_boxed_str(),
        pairs,
        places,
    }
}

/// `text` lowercased (same byte offsets) and the byte pairs of the result, in one pass.
fn lower_and_pairs(text: &str) -> (String, Pairs) {
    let mut lower = String::with_capacity(text.len());
    lowercase_same_len(text, &mut lower);
    let pairs = Pairs::of(lower.as_bytes());
    (lower, pairs)
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
                    + e.keys.tags.capacity()
                    + e.keys.parties.capacity()
                    + e.keys.speakers.capacity()
                    + e.keys.sources.capacity()
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
    fn ascii_lowercasing_eight_at_a_time_matches_std() {
        let all: Vec<u8> = (0u8..0x80).chain(0u8..0x80).collect();
        for start in 0..8 {
            let mut mine = all[start..].to_vec();
            ascii_lowercase(&mut mine);
            assert_eq!(mine, all[start..].to_ascii_lowercase());
        }
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
        let e = index(Origin::Bundled(0), b, 0);
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
        assert!(e.keys.speakers.contains("antony blinken\n"));
        assert!(e.keys.sources.contains("aljazeera\n"));
        assert_eq!(e.keys.region, "south caucasus\n");
        assert_eq!(e.parties, ["Armenia", "Azerbaijan", "Russia"]);
    }

    #[test]
    fn both_texts_keep_the_same_offsets() {
        let b = bundled();
        let e = index(Origin::Bundled(0), b, 0);
        assert_eq!(e.text.len(), e.lower.len());
        assert!(e.text.starts_with("Armenia–Azerbaijan"));
        assert!(e.lower.starts_with("armenia–azerbaijan"));
    }

    #[test]
    fn pairs_rule_out_texts_without_the_needle() {
        let text = Pairs::of(b"the border stays shut");
        assert!(text.may_contain(&Pairs::of(b"border")));
        assert!(text.may_contain(&Pairs::of(b"s shut")));
        assert!(!text.may_contain(&Pairs::of(b"quetzalcoatlus")));
        assert!(
            text.may_contain(&Pairs::of(b"x")),
            "one byte has no pairs to rule out"
        );
    }

    proptest::proptest! {
        /// Lowercasing by ASCII runs gives what lowercasing each character does, appended to
        /// what was there.
        #[test]
        fn lowercasing_by_runs_matches_char_by_char(
            before in "[a-zA-Z]{0,3}",
            text in "[a-zA-Z0-9 .,“”–À-ÿİΣß\\n]{0,80}",
        ) {
            let mut plain = before.clone();
            for c in text.chars() {
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) if l.len_utf8() == c.len_utf8() => plain.push(l),
                    _ => plain.push(c),
                }
            }
            let mut out = before;
            lowercase_same_len(&text, &mut out);
            proptest::prop_assert_eq!(out, plain);
        }

        /// The four-way split gives exactly the pairs a plain walk does, at every length.
        #[test]
        fn pairs_are_every_adjacent_pair(text in proptest::collection::vec(0u8..=255, 0..64)) {
            let mut plain = [0u64; 16];
            for w in text.windows(2) {
                let i = ((usize::from(w[0]) << 5) ^ usize::from(w[1])) & 1023;
                plain[i >> 6] |= 1 << (i & 63);
            }
            proptest::prop_assert_eq!(Pairs::of(&text), Pairs(plain));
        }
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
