//! What the library keeps of each briefing: the columns of its row, the values field filters
//! look at, and its searchable text, built once at load.
//!
//! The full briefing is not kept: it is loaded again when opened. Its searchable text is kept
//! lowercased, so a search is one `memchr::memmem` scan per briefing with no allocation, along
//! with what lowercasing took from it ([`Case`]: a bit per byte for capitals, and the rare other
//! characters whose lowercase differs), from which any stretch of the text as written is
//! rebuilt: for a hit's excerpt, or to check a search that respects case.

use std::borrow::Cow;

use super::source::Origin;
use crate::briefing::{About, Briefing, When};
use crate::text::lowercase_into;

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
    /// The briefing's id: its own, or its file's name without `.toml`.
    pub id: String,
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
    /// Every text field, one after another, each followed by a newline, lowercased.
    pub lower: Box<str>,
    /// What lowercasing changed, to rebuild the text as written.
    pub case: Case,
    /// Which pairs of adjacent bytes `lower` holds, to skip a briefing without scanning it.
    pub pairs: Pairs,
    /// Where each part of `text` starts, in order.
    pub places: Vec<(usize, Place)>,
    /// The file's text's [`crate::text::fingerprint`], to tell whether it changed since it
    /// was last read (0 when not known).
    pub fingerprint: u128,
}

/// What lowercasing took from a text, so that the text as written can be rebuilt from the
/// lowercased one: which bytes were ASCII capitals, one bit each (a byte of bits per eight
/// bytes of text), and each other character whose lowercase differs, with where it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Case {
    capitals: Box<[u8]>,
    others: Box<[(usize, char)]>,
}

impl Case {
    /// The case of `text`, given the characters other than ASCII capitals that lowercasing
    /// changed, in order.
    fn of(text: &str, others: Vec<(usize, char)>) -> Self {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let (words, rest) = text.as_bytes().as_chunks::<8>();
        let mut capitals = Vec::with_capacity(words.len() + 1);
        for word in words {
            let w = u64::from_le_bytes(*word);
            // The high bit of each capital's byte (as in `ascii_lowercase`), gathered into the
            // low byte: bit `i` for byte `i`.
            let at_a = w.wrapping_add((0x80 - u64::from(b'A')) * ONES);
            let past_z = w.wrapping_add((0x80 - u64::from(b'Z') - 1) * ONES);
            let marks = ((at_a ^ past_z) & HIGH & !w) >> 7;
            capitals.push((marks.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8);
        }
        if !rest.is_empty() {
            let bits = rest
                .iter()
                .enumerate()
                .filter(|(_, b)| b.is_ascii_uppercase())
                .fold(0u8, |bits, (i, _)| bits | 1 << i);
            capitals.push(bits);
        }
        Self {
            capitals: capitals.into_boxed_slice(),
            others: others.into_boxed_slice(),
        }
    }

    fn is_capital(&self, at: usize) -> bool {
        self.capitals
            .get(at / 8)
            .is_some_and(|bits| bits >> (at % 8) & 1 == 1)
    }

    /// The changed characters other than ASCII capitals that start within `range`.
    fn others_in(&self, range: std::ops::Range<usize>) -> &[(usize, char)] {
        let from = self.others.partition_point(|(at, _)| *at < range.start);
        let to = self.others.partition_point(|(at, _)| *at < range.end);
        &self.others[from..to]
    }

    /// Byte `range` of the text as written, rebuilt from `lower` (its lowercased copy).
    fn original(&self, lower: &str, range: std::ops::Range<usize>) -> String {
        let mut bytes = lower.as_bytes()[range.clone()].to_vec();
        for (i, b) in bytes.iter_mut().enumerate() {
            if self.is_capital(range.start + i) {
                b.make_ascii_uppercase();
            }
        }
        for &(at, c) in self.others_in(range.clone()) {
            let i = at - range.start;
            c.encode_utf8(&mut bytes[i..i + c.len_utf8()]);
        }
        String::from_utf8(bytes).expect("whole characters are put back as they were")
    }

    /// Whether the text as written holds `needle` at byte `at`, given that `lower` holds it
    /// lowercased there.
    fn holds_at(&self, lower: &str, at: usize, needle: &str) -> bool {
        let Some(lower) = lower.as_bytes().get(at..at + needle.len()) else {
            return false;
        };
        let mut others = self.others_in(at..at + needle.len()).iter().peekable();
        let mut i = 0;
        while i < needle.len() {
            if let Some(&&(o, c)) = others.peek()
                && o == at + i
            {
                let n = c.len_utf8();
                if needle.as_bytes().get(i..i + n) != Some(c.encode_utf8(&mut [0; 4]).as_bytes()) {
                    return false;
                }
                others.next();
                i += n;
                continue;
            }
            let mut b = lower[i];
            if self.is_capital(at + i) {
                b.make_ascii_uppercase();
            }
            if b != needle.as_bytes()[i] {
                return false;
            }
            i += 1;
        }
        true
    }

    /// Bytes kept beyond the text.
    fn bytes(&self) -> usize {
        self.capitals.len() + std::mem::size_of_val(&*self.others)
    }
}

impl Entry {
    /// The searchable text as written, from byte `range` of it (on character boundaries).
    pub fn original(&self, range: std::ops::Range<usize>) -> String {
        self.case.original(&self.lower, range)
    }

    /// Whether the text as written holds `needle` at byte `at`, given that the lowercased
    /// text holds it lowercased there. Allocates nothing.
    pub fn holds_at(&self, at: usize, needle: &str) -> bool {
        self.case.holds_at(&self.lower, at, needle)
    }

    /// The text as written around byte `at`, within its line: up to `before + 1` characters
    /// before it and `after + 1` from it (one more each way than an excerpt of `before` and
    /// `after` shows, so it can tell whether to mark a cut), and where `at` is in it. Costs
    /// the same however long the line.
    pub fn around(&self, at: usize, before: usize, after: usize) -> (String, usize) {
        let lower = &*self.lower;
        let start = lower[..at]
            .char_indices()
            .rev()
            .take(before + 1)
            .last()
            .map_or(at, |(i, _)| i);
        let start = lower[start..at]
            .rfind('\n')
            .map_or(start, |i| start + i + 1);
        let end = lower[at..]
            .char_indices()
            .nth(after + 1)
            .map_or(lower.len(), |(i, _)| at + i);
        let end = lower[at..end].find('\n').map_or(end, |i| at + i);
        (self.original(start..end), at - start)
    }

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

/// `text` lowercased (same byte offsets), and what lowercasing took from it.
fn searchable(text: &str) -> (String, Case) {
    let mut lower = Vec::with_capacity(text.len());
    let mut others = Vec::new();
    lowercase_into(text, &mut lower, |at, c| others.push((at, c)));
    let lower = String::from_utf8(lower).expect("lowercasing keeps UTF-8");
    (lower, Case::of(text, others))
}

/// One thing met going through a briefing's searchable text in order.
pub enum Field<'b> {
    /// The text from here on is shown in this place.
    Place(Place),
    /// A text field; the search text holds it followed by a newline.
    Text(&'b str),
}

/// Hands every text field of `b` to `f` in the order of the search text, each group headed by
/// its place (even when the group is empty).
/// Every searchable text field of `b`, in reading order, each after the place it is in.
pub fn fields<'b>(b: &'b Briefing, f: &mut impl FnMut(Field<'b>)) {
    use Field::Text;
    fn statement<'b>(s: &'b crate::briefing::Statement, f: &mut impl FnMut(Field<'b>)) {
        f(Text(&s.speaker));
        if let Some(role) = &s.role {
            f(Text(role));
        }
        f(Text(&s.text));
        if let Some(original) = &s.original {
            f(Text(&original.text));
        }
    }
    f(Field::Place(Place::Title));
    f(Text(&b.title));
    f(Field::Place(Place::Summary));
    f(Text(&b.summary.bluf));
    for point in &b.summary.key_points {
        f(Text(point));
    }
    f(Text(&b.summary.text));
    // Analyst comments are searched with what they are about.
    let comments = |f: &mut dyn FnMut(Field<'b>), of: &dyn Fn(About) -> bool| {
        for c in b.comments.iter().filter(|c| of(c.about)) {
            f(Text(&c.text));
        }
    };
    comments(f, &|a| a == About::Summary);
    for (i, p) in b.parties.iter().enumerate() {
        f(Field::Place(Place::Party(i)));
        f(Text(&p.name));
        for t in [&p.role, &p.position].into_iter().flatten() {
            f(Text(t));
        }
        for s in &p.statements {
            statement(s, f);
        }
        comments(
            f,
            &|a| matches!(a, About::Party(j) | About::Statement(j, _) if j == i),
        );
    }
    f(Field::Place(Place::Reactions));
    for r in &b.reactions {
        f(Text(&r.actor));
        statement(&r.statement, f);
    }
    comments(f, &|a| matches!(a, About::Reactions | About::Reaction(_)));
    f(Field::Place(Place::Background));
    for e in &b.background {
        f(Text(&e.period));
        f(Text(&e.title));
        f(Text(&e.text));
    }
    comments(f, &|a| matches!(a, About::Background | About::Event(_)));
    f(Field::Place(Place::Sources));
    for s in &b.sources {
        f(Text(&s.name));
    }
    comments(f, &|a| a == About::Sources);
}

/// What the field filters and sorting of `b` compare, lowercased: one string each, values
/// joined by `\n` (no needle holds a newline, so a match never runs across two values).
pub fn keys(b: &Briefing) -> Keys {
    let joined = |values: &mut dyn Iterator<Item = &str>| {
        let mut out = Vec::new();
        for v in values {
            lowercase_into(v, &mut out, |_, _| {});
            out.push(b'\n');
        }
        String::from_utf8(out).expect("lowercasing keeps UTF-8")
    };
    let mut speakers: Vec<&str> = b
        .parties
        .iter()
        .flat_map(|p| p.statements.iter())
        .chain(b.reactions.iter().map(|r| &r.statement))
        .map(|s| s.speaker.as_ref())
        .chain(b.reactions.iter().map(|r| r.actor.as_ref()))
        .collect();
    speakers.sort_unstable();
    speakers.dedup();
    Keys {
        title: joined(&mut std::iter::once(b.title.as_ref())),
        region: b
            .region
            .as_deref()
            .map_or_else(String::new, |r| joined(&mut std::iter::once(r))),
        tags: joined(&mut b.tags.iter().map(|t| &**t)),
        parties: joined(&mut b.parties.iter().map(|p| p.name.as_ref())),
        speakers: joined(&mut speakers.into_iter()),
        sources: joined(
            &mut b
                .sources
                .iter()
                .flat_map(|s| [s.id.as_ref(), s.name.as_ref()]),
        ),
    }
}

/// What the library keeps of `briefing`, loaded from `origin` with `warnings` warnings. Takes
/// the briefing to move its strings rather than copy them: this runs once per file of an
/// archive, on the loading threads.
pub fn index(origin: Origin, briefing: Briefing<'_>, warnings: usize) -> Entry {
    let b = briefing;
    // Sized first, so neither buffer grows or is copied to fit.
    let (mut len, mut groups) = (0, 0);
    fields(&b, &mut |field| match field {
        Field::Place(_) => groups += 1,
        Field::Text(t) => len += t.len() + 1,
    });
    let mut text = String::with_capacity(len);
    let mut places = Vec::with_capacity(groups);
    fields(&b, &mut |field| match field {
        Field::Place(place) => places.push((text.len(), place)),
        Field::Text(t) => {
            text.push_str(t);
            text.push('\n');
        }
    });
    // Only the lowercased text is kept, with what it takes to rebuild the text as written.
    let (lower, case) = searchable(&text);
    drop(text);
    let pairs = Pairs::of(lower.as_bytes());

    let keys = keys(&b);
    let id = b.id_or(|| origin.stem());
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
        id,
        date,
        title: title.into_owned(),
        region: region.map(Cow::into_owned),
        tags: tags.into_iter().map(Cow::into_owned).collect(),
        marking: marking.map(Cow::into_owned),
        parties: parties.into_iter().map(|p| p.name.into_owned()).collect(),
        keys,
        warnings,
        lower: lower.into_boxed_str(),
        case,
        pairs,
        places,
        fingerprint: 0,
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

    /// Bytes the index holds beyond the searchable text itself (kept once, lowercased; what it
    /// takes to rebuild its case counts as overhead).
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
                    + e.case.bytes()
                    + e.id.capacity()
                    + match &e.origin {
                        Origin::File(p) => p.capacity(),
                        Origin::Stdin | Origin::Bundled(_) => 0,
                    }
            })
            .sum();
        per_entry + self.entries.capacity() * std::mem::size_of::<Entry>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lowercase_same_len;

    fn bundled() -> Briefing<'static> {
        crate::briefing::parse(crate::bundled::BRIEFINGS[0].1.to_string())
            .briefing
            .unwrap()
    }

    #[test]
    fn every_text_field_is_searchable_and_placed() {
        let b = bundled();
        let e = index(Origin::Bundled(0), b, 0);
        let text = e.original(0..e.lower.len());
        let find = |needle: &str| {
            let at = text.find(needle).unwrap_or_else(|| panic!("{needle}"));
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
    fn the_text_as_written_is_rebuilt_from_the_lowercased_one() {
        let b = bundled();
        let e = index(Origin::Bundled(0), b, 0);
        assert!(e.lower.starts_with("armenia–azerbaijan"));
        assert_eq!(
            e.original(0.."Armenia–Azerbaijan".len()),
            "Armenia–Azerbaijan"
        );
        let (near, at) = e.around(e.lower.find("blinken").unwrap(), 3, 9);
        assert_eq!(
            near, "ony Blinken sa",
            "up to 4 characters before and 10 from"
        );
        assert_eq!(&near[at..at + 7], "Blinken");
        let (start, at) = e.around(0, 5, 3);
        assert_eq!(
            (start.as_str(), at),
            ("Arme", 0),
            "nothing before the start"
        );
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
        /// The text as written is rebuilt exactly from the lowercased one, and a needle with
        /// capitals is found where the text as written holds it and nowhere else.
        #[test]
        fn case_is_rebuilt_exactly(
            text in "[a-zA-Z .“”–À-ÿİΣσß\\n]{0,80}",
            from in 0usize..80,
            len in 1usize..6,
        ) {
            let (lower, case) = searchable(&text);
            proptest::prop_assert_eq!(lower.len(), text.len());
            proptest::prop_assert_eq!(case.original(&lower, 0..text.len()), text.clone());
            let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            if chars.len() > 1 {
                let start = chars[from % (chars.len() - 1)];
                let end = chars[(from % (chars.len() - 1) + len).min(chars.len() - 1)];
                let needle = &text[start..end];
                proptest::prop_assert_eq!(case.original(&lower, start..end), needle);
                for (at, _) in text.char_indices() {
                    let lowered = lower.get(at..).is_some_and(|l| {
                        let mut n = String::new();
                        lowercase_same_len(needle, &mut n);
                        l.starts_with(&n)
                    });
                    if lowered {
                        proptest::prop_assert_eq!(
                            case.holds_at(&lower, at, needle),
                            text[at..].starts_with(needle),
                            "at {}", at
                        );
                    }
                }
            }
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
}
