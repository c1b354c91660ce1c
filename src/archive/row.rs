//! What the index keeps of one file: the metadata the list shows, sorts and filters by, and
//! the text of each field for the full-text table (which keeps no copy of it).

use crate::briefing::Briefing;
use crate::library::fields::{Field, Place, fields, keys};
use crate::memory::state_key;
use crate::text::WordFolder;

/// The full-text table's columns, in order.
pub const COLUMNS: [&str; 6] = [
    "title",
    "summary",
    "parties",
    "reactions",
    "background",
    "sources",
];

/// One file's row: a briefing, or the problems that kept it from loading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub id: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub region: Option<String>,
    pub marking: Option<String>,
    /// The field filters' values, folded ([`crate::text::fold`]), each followed by a newline.
    pub tags: String,
    pub regions: String,
    pub markings: String,
    pub parties: String,
    pub speakers: String,
    pub sources: String,
    /// The parties as written, one per line.
    pub shown: String,
    /// The tags as written, one per line.
    pub tag_list: String,
    pub warnings: usize,
    /// Why the file could not be loaded: one line per error, each without the file's name
    /// (which depends on how the file was named), starting at its `:line:col:`.
    pub problems: Option<String>,
    /// How the words of [`Row::text`] start: the first character of each and its first two,
    /// each start once, each followed by a space (`a ab m mi `). A prefix of one or two
    /// letters as typed is asked of these (one entry for most of the archive) rather than of
    /// the full-text table, which would gather the lists of thousands of words starting so.
    pub starts: String,
    /// The text of each column of [`COLUMNS`]: its words folded ([`crate::text::fold`]),
    /// each followed by a space.
    pub text: [String; 6],
}

impl Row {
    /// The row of briefing `b`, loaded with `warnings` warnings; `stem` is its file's name
    /// without `.toml`, its id when it gives none.
    pub fn of(b: &Briefing, warnings: usize, stem: impl FnOnce() -> String) -> Row {
        let keys = keys(b);
        let mut text: [String; 6] = Default::default();
        let mut folder = WordFolder::default();
        let mut column = 0;
        fields(b, &mut |field| match field {
            Field::Place(place) => {
                column = match place {
                    Place::Title => 0,
                    Place::Summary => 1,
                    Place::Party(_) => 2,
                    Place::Reactions => 3,
                    Place::Background => 4,
                    Place::Sources => 5,
                }
            }
            Field::Text(t) => {
                // Folded and split into words as queries are, here on the loading threads:
                // the full-text table's tokenizer, in the one writer, then only cuts at
                // spaces ([`super::schema`]).
                folder.push_words(t, &mut text[column]);
            }
        });
        Row {
            id: Some(state_key(b.id.as_deref(), stem)),
            date: Some(b.date.iso_date()),
            title: Some(b.title.to_string()),
            region: b.region.as_deref().map(str::to_string),
            marking: b.marking.as_deref().map(str::to_string),
            tags: keys.tags,
            regions: keys.region,
            markings: keys.marking,
            parties: keys.parties,
            speakers: keys.speakers,
            sources: keys.sources,
            shown: b.parties.iter().map(|p| format!("{}\n", p.name)).collect(),
            tag_list: b.tags.iter().map(|t| format!("{t}\n")).collect(),
            warnings,
            problems: None,
            starts: starts(&text),
            text,
        }
    }

    /// The row of a file that could not be loaded.
    pub fn failed(problems: String) -> Row {
        Row {
            problems: Some(problems),
            ..Row::default()
        }
    }
}

/// The starts of the words of `text` ([`Row::starts`]), in the order of their letters.
fn starts(text: &[String]) -> String {
    // Each start as one number, its first letter above its second (0 for none): sorted as
    // numbers, many times quicker than as pairs (a sixth of a loading thread's work).
    let mut all: Vec<u64> = Vec::new();
    for word in text.iter().flat_map(|t| t.split(' ')) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            let first = u64::from(first) << 32;
            all.push(first);
            if let Some(second) = chars.next() {
                all.push(first | u64::from(second));
            }
        }
    }
    all.sort_unstable();
    all.dedup();
    let mut out = String::with_capacity(all.len() * 4);
    let letter = |n: u64| char::from_u32(u32::try_from(n).unwrap_or(0)).filter(|&c| c != '\0');
    for start in all {
        out.extend(letter(start >> 32));
        out.extend(letter(start & 0xffff_ffff));
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starts_are_each_words_first_letter_and_first_two_once() {
        let text = ["mi minister ǝ".to_string(), "m ministry".into(), "".into()];
        assert_eq!(starts(&text), "m mi ǝ ");
        let text = ["şuşa ağdam 2022".to_string()];
        assert_eq!(starts(&text), "2 20 a ağ ş şu ");
    }

    proptest::proptest! {
        /// A start is listed, once, exactly when a word of the text begins with it, in every
        /// script, as the words are indexed (folded and split).
        #[test]
        fn a_start_is_listed_when_a_word_begins_with_it(
            texts in proptest::collection::vec("[a-zA-Z0-9 ,.ŞşəƏа-яԱ-Ֆա-ֆ\u{0621}-\u{064a}ﬁ①]{0,40}", 1..4),
        ) {
            let mut folder = WordFolder::default();
            let text: Vec<String> = (texts.iter())
                .map(|t| {
                    let mut out = String::new();
                    folder.push_words(t, &mut out);
                    out
                })
                .collect();
            let all = starts(&text);
            let listed: Vec<&str> = all.split_terminator(' ').collect();
            let mut seen = std::collections::BTreeSet::new();
            for start in &listed {
                proptest::prop_assert!(seen.insert(*start), "{start} twice");
            }
            let words: Vec<&str> = text.iter().flat_map(|t| t.split_whitespace()).collect();
            let mut expected = std::collections::BTreeSet::new();
            for word in &words {
                let chars: Vec<char> = word.chars().collect();
                expected.insert(chars[..1].iter().collect::<String>());
                if chars.len() > 1 {
                    expected.insert(chars[..2].iter().collect::<String>());
                }
            }
            let listed: std::collections::BTreeSet<String> =
                listed.iter().map(|s| s.to_string()).collect();
            proptest::prop_assert_eq!(listed, expected);
        }
    }
}
