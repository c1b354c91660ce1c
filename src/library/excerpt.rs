//! Where a briefing the library lists meets the filter's words, for its row: the first place
//! one of them is, named by the part of the briefing it is in, with the text around it
//! (`Reactions: …we have long made clear, there w…`). Found with the reader's search
//! ([`Words::folded`]), so what the row shows is what the reader will highlight.

use super::fields::{Field, fields};
use super::query::{Query, Words};
use crate::briefing::Briefing;
use crate::text::{Folded, excerpt};

/// Characters shown before and after the start of the hit.
const BEFORE: usize = 12;
const AFTER: usize = 60;

/// A briefing's searchable text, kept to look for one query after another in it: every
/// field in reading order, where each part starts and what it is called, and the text
/// folded.
#[derive(Debug, Clone)]
pub struct Searchable {
    text: String,
    /// Where each part starts, and its name (`Summary`, a party's name…).
    places: Vec<(usize, String)>,
    folded: Folded,
}

impl Searchable {
    pub fn of(b: &Briefing) -> Self {
        let mut text = String::new();
        let mut places: Vec<(usize, String)> = Vec::new();
        fields(b, &mut |field| match field {
            Field::Place(place) => places.push((text.len(), place.name(b).to_string())),
            Field::Text(t) => {
                text.push_str(t);
                text.push('\n');
            }
        });
        let folded = Folded::of(&text);
        Self {
            text,
            places,
            folded,
        }
    }

    /// Bytes held, to bound a cache of these.
    pub fn bytes(&self) -> usize {
        self.text.len() * 3
    }

    /// The first place where a word of `query` is, as `Place: …text…`; `None` when the
    /// query has no words, or none is in the text (a word only the index's tokenizer splits
    /// the same way, such as one across punctuation).
    pub fn first_hit(&self, query: &Query) -> Option<String> {
        let words = Words::folded(query);
        if words.is_empty() {
            return None;
        }
        let found = words.all_folded(&self.folded);
        let text = &self.text;
        // The index matches whole words: a place at the start of a word is what it found;
        // any other (inside a longer word) only when there is none.
        let starts_word = |at: usize| {
            text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        };
        let hit = found
            .iter()
            .find(|r| starts_word(r.start))
            .or(found.first())?;
        let at = hit.start;
        let place = (self.places.iter())
            .take_while(|(start, _)| *start <= at)
            .last()
            .map_or("Title", |(_, p)| p.as_str());
        Some(format!("{place}: {}", excerpt(text, at, BEFORE, AFTER)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::query::parse;

    fn first_hit(b: &Briefing, query: &Query) -> Option<String> {
        Searchable::of(b).first_hit(query)
    }

    fn bundled() -> Briefing<'static> {
        crate::briefing::parse(crate::bundled::BRIEFINGS[0].1.to_string())
            .briefing
            .unwrap()
    }

    #[test]
    fn the_first_hit_is_named_by_its_place_with_text_around_it() {
        let b = bundled();
        let hit = first_hit(&b, &parse("\"long made clear\"").unwrap()).unwrap();
        assert_eq!(
            hit,
            "Reactions: As we have long made clear, there will be no military solution to the c…"
        );
        assert_eq!(first_hit(&b, &parse("tag:x").unwrap()), None);
        assert_eq!(first_hit(&b, &parse("quetzalcoatlus").unwrap()), None);
    }

    #[test]
    fn a_whole_word_comes_before_a_place_inside_a_longer_one() {
        let b = crate::briefing::parse(
            "format = 1\n[briefing]\ntitle = \"Harbour talks\"\ndate = 2024-03-01\n\
             region = \"Baltic\"\ntags = [\"shipping\"]\n[summary]\n\
             bluf = \"Disarmament first; then the arm of the law.\"\n\
             [[parties]]\nname = \"Estonia\"\n"
                .to_string(),
        )
        .briefing
        .unwrap();
        let hit = first_hit(&b, &parse("arm").unwrap()).unwrap();
        assert!(hit.starts_with("Summary: …"), "{hit}");
        assert!(hit.contains("then the arm of"), "{hit}");
        assert!(!hit.contains("Disarm"), "{hit}");
    }
}
