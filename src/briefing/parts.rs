//! The parts of a briefing an analyst can focus on and annotate — key points, statements,
//! reactions, timeline entries, sources — and how a note finds its part again after the
//! briefing has been edited.
//!
//! A part is named by its place ([`Part`]), which an edit can change, and described by what
//! it says ([`Passage`]: its kind, the party and who said it, its text), which is what a note
//! keeps. Finding a note's part looks for the same kind, party, speaker and text first, then
//! for the closest text of the same kind, by a word diff (within a budget, so that a huge text
//! costs no more than a long one: [`crate::words`]); a note whose part cannot be found is
//! detached, never lost. A note never moves to what someone else said: an edited statement or
//! reaction is looked for among the same speaker's (and party's) only, since the parties'
//! accounts often mirror each other word for word.

use super::model::Briefing;
use crate::words::Budget;

/// Where a part is in a briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    KeyPoint(usize),
    /// Statement `index` of party `party`.
    Statement {
        party: usize,
        index: usize,
    },
    Reaction(usize),
    /// An entry of the background timeline.
    Event(usize),
    Source(usize),
}

/// What kind of part a passage is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    KeyPoint,
    Statement,
    Reaction,
    Event,
    Source,
}

impl Kind {
    /// The kind's name as the store and exports write it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::KeyPoint => "key point",
            Kind::Statement => "statement",
            Kind::Reaction => "reaction",
            Kind::Event => "timeline entry",
            Kind::Source => "source",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        [
            Kind::KeyPoint,
            Kind::Statement,
            Kind::Reaction,
            Kind::Event,
            Kind::Source,
        ]
        .into_iter()
        .find(|k| k.name() == name)
    }
}

/// What a part says: enough to find it again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Passage {
    pub kind: Kind,
    /// The party a statement is by; empty for other kinds (and for a note that did not say).
    pub party: String,
    /// Who said it (a statement or reaction), the period (a timeline entry), the id (a
    /// source); empty for a key point.
    pub speaker: String,
    pub text: String,
}

impl Part {
    pub fn kind(self) -> Kind {
        match self {
            Part::KeyPoint(_) => Kind::KeyPoint,
            Part::Statement { .. } => Kind::Statement,
            Part::Reaction(_) => Kind::Reaction,
            Part::Event(_) => Kind::Event,
            Part::Source(_) => Kind::Source,
        }
    }
}

impl Briefing<'_> {
    /// Every part, in reading order.
    pub fn parts(&self) -> Vec<(Part, Passage)> {
        let passage = |kind, speaker: &str, text: &str| Passage {
            kind,
            party: String::new(),
            speaker: speaker.to_string(),
            text: text.to_string(),
        };
        let mut out = Vec::new();
        for (i, point) in self.summary.key_points.iter().enumerate() {
            out.push((Part::KeyPoint(i), passage(Kind::KeyPoint, "", point)));
        }
        for (p, party) in self.parties.iter().enumerate() {
            for (i, s) in party.statements.iter().enumerate() {
                let part = Part::Statement { party: p, index: i };
                let mut said = passage(Kind::Statement, &s.speaker, &s.text);
                said.party = party.name.to_string();
                out.push((part, said));
            }
        }
        for (i, r) in self.reactions.iter().enumerate() {
            let s = &r.statement;
            out.push((
                Part::Reaction(i),
                passage(Kind::Reaction, &s.speaker, &s.text),
            ));
        }
        for (i, e) in self.background.iter().enumerate() {
            let text = format!("{}\n{}", e.title, e.text);
            out.push((Part::Event(i), passage(Kind::Event, &e.period, &text)));
        }
        for (i, s) in self.sources.iter().enumerate() {
            out.push((Part::Source(i), passage(Kind::Source, &s.id, &s.name)));
        }
        out
    }

    /// What `part` says, if the briefing has it.
    pub fn passage(&self, part: Part) -> Option<Passage> {
        self.parts()
            .into_iter()
            .find(|(p, _)| *p == part)
            .map(|(_, passage)| passage)
    }
}

/// Where a note's passage is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// The same kind, speaker and text.
    Same(Part),
    /// Edited, or said by another speaker: the closest text of the same kind.
    Near(Part),
    /// Nowhere: the note is detached.
    Gone,
}

impl Found {
    pub fn part(self) -> Option<Part> {
        match self {
            Found::Same(p) | Found::Near(p) => Some(p),
            Found::Gone => None,
        }
    }
}

/// Worst-case steps of the word diff behind one [`likeness`]: past them, only what the two
/// texts share at the start and at the end counts as shared (a likeness no higher than the
/// exact one), the same on any machine.
const LIKENESS_WORK: u64 = 4_000_000;

/// How alike two texts are, by their words (case and punctuation aside): 1 when equal, 0
/// when nothing is shared.
pub fn likeness(a: &str, b: &str) -> f32 {
    let words = |t: &str| {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    crate::words::ratio(&words(a), &words(b), &mut Budget::steps(LIKENESS_WORK))
}

/// Least likeness for a lightly edited passage by the same speaker, and (a timeline entry
/// whose period changed, a source whose id did) by another.
const NEAR_SAME_SPEAKER: f32 = 0.6;
const NEAR_OTHER_SPEAKER: f32 = 0.85;

impl Passage {
    /// Whether `self`, a part of the briefing, is by whom `wanted` (a note's passage) is:
    /// the same party, when the note says which.
    fn same_party(&self, wanted: &Passage) -> bool {
        wanted.party.is_empty() || self.party == wanted.party
    }
}

/// Finds `passage` among `parts`: the same passage where it is now, else the most alike of
/// its kind, by the same speaker for what was said, when it is alike enough.
pub fn locate(parts: &[(Part, Passage)], passage: &Passage) -> Found {
    let same = |p: &Passage| {
        p.kind == passage.kind
            && p.speaker == passage.speaker
            && p.text == passage.text
            && p.same_party(passage)
    };
    if let Some((part, _)) = parts.iter().find(|(_, p)| same(p)) {
        return Found::Same(*part);
    }
    let said = matches!(passage.kind, Kind::Statement | Kind::Reaction);
    let mut best: Option<(f32, Part)> = None;
    for (part, p) in parts.iter().filter(|(_, p)| p.kind == passage.kind) {
        let same_speaker = p.speaker == passage.speaker && p.same_party(passage);
        if said && !same_speaker {
            continue;
        }
        let floor = if same_speaker {
            NEAR_SAME_SPEAKER
        } else {
            NEAR_OTHER_SPEAKER
        };
        let score = likeness(&p.text, &passage.text);
        // The speaker breaks ties and tips close calls.
        let rank = score + if same_speaker { 0.1 } else { 0.0 };
        if score >= floor && best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, *part));
        }
    }
    best.map_or(Found::Gone, |(_, part)| Found::Near(part))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(kind: Kind, speaker: &str, text: &str) -> Passage {
        Passage {
            kind,
            party: String::new(),
            speaker: speaker.into(),
            text: text.into(),
        }
    }

    fn parts() -> Vec<(Part, Passage)> {
        let st = |index, speaker, text| {
            (
                Part::Statement { party: 0, index },
                passage(Kind::Statement, speaker, text),
            )
        };
        vec![
            st(
                0,
                "Papikyan",
                "agreed to take the necessary steps to stabilise the situation",
            ),
            st(
                1,
                "Ministry",
                "Azerbaijan began intensive shelling towards Goris, Sok and Jermuk",
            ),
            (
                Part::Reaction(0),
                passage(
                    Kind::Reaction,
                    "Blinken",
                    "there will be no military solution",
                ),
            ),
        ]
    }

    #[test]
    fn a_passage_is_found_where_it_moved() {
        let mut moved = parts();
        moved.swap(0, 1);
        moved[0].0 = Part::Statement { party: 0, index: 0 };
        moved[1].0 = Part::Statement { party: 0, index: 1 };
        let wanted = passage(
            Kind::Statement,
            "Papikyan",
            "agreed to take the necessary steps to stabilise the situation",
        );
        assert_eq!(
            locate(&moved, &wanted),
            Found::Same(Part::Statement { party: 0, index: 1 })
        );
    }

    #[test]
    fn a_lightly_edited_passage_is_found_a_rewritten_one_is_not() {
        let edited = passage(
            Kind::Statement,
            "Papikyan",
            "agreed to take the steps necessary to stabilise the situation",
        );
        assert_eq!(
            locate(&parts(), &edited),
            Found::Near(Part::Statement { party: 0, index: 0 })
        );
        let shortened = passage(
            Kind::Statement,
            "Papikyan",
            "Agreed to take the necessary steps.",
        );
        assert_eq!(
            locate(&parts(), &shortened),
            Found::Near(Part::Statement { party: 0, index: 0 }),
            "half the words, and different punctuation"
        );
        let other = passage(
            Kind::Statement,
            "Papikyan",
            "the talks will resume in Moscow",
        );
        assert_eq!(locate(&parts(), &other), Found::Gone);
        // The same words as a reaction are not a statement.
        let kind = passage(
            Kind::Reaction,
            "Papikyan",
            "agreed to take the necessary steps to stabilise the situation",
        );
        assert_eq!(locate(&parts(), &kind), Found::Gone);
    }

    #[test]
    fn a_note_never_moves_to_what_someone_else_said() {
        // The two ministries' mirror-image accusations, under one speaker name.
        let by = |party: &str, index, text: &str| {
            let mut p = passage(Kind::Statement, "Ministry of Defence", text);
            p.party = party.into();
            (
                Part::Statement {
                    party: index,
                    index: 0,
                },
                p,
            )
        };
        let armenia = "Azerbaijan began shelling Armenian positions at night";
        let azerbaijan = "Armenia began shelling Azerbaijani positions at night";
        let both = vec![by("Armenia", 0, armenia), by("Azerbaijan", 1, azerbaijan)];
        assert!(likeness(armenia, azerbaijan) >= NEAR_SAME_SPEAKER);
        let note_on = by("Armenia", 0, armenia).1;
        assert_eq!(
            locate(&both, &note_on),
            Found::Same(Part::Statement { party: 0, index: 0 })
        );
        // Armenia's statement removed: the note is detached, not moved to Azerbaijan's.
        assert_eq!(locate(&both[1..], &note_on), Found::Gone);
        // The same words by another speaker of the same party are not the statement either.
        let mut other = both[0].clone();
        other.1.speaker = "Suren Papikyan".into();
        assert_eq!(locate(&[other], &note_on), Found::Gone);
        // A note that does not say its party (an import from elsewhere) matches by speaker.
        let mut unknown = note_on.clone();
        unknown.party.clear();
        assert_eq!(
            locate(&both, &unknown),
            Found::Same(Part::Statement { party: 0, index: 0 })
        );
    }

    #[test]
    fn kinds_round_trip_by_name() {
        for kind in [
            Kind::KeyPoint,
            Kind::Statement,
            Kind::Reaction,
            Kind::Event,
            Kind::Source,
        ] {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
        }
    }

    #[test]
    fn a_huge_statement_is_compared_within_the_budget_light_edits_exactly() {
        let words: Vec<String> = (0..40_000).map(|i| format!("w{}", i % 3_000)).collect();
        let text = words.join(" ");
        // Two edits far apart: the shared start and end alone would say they are unlike.
        let mut edited = words.clone();
        edited[100] = "changed".into();
        edited[39_000] = "also".into();
        let edited = edited.join(" ");
        assert!(likeness(&text, &edited) > 0.99);
        // One word in three changed, which took seconds: compared coarsely, unlike.
        let rewritten: Vec<String> = (words.iter().enumerate())
            .map(|(i, w)| {
                if i % 3 == 0 {
                    format!("x{w}")
                } else {
                    w.clone()
                }
            })
            .collect();
        let rewritten = rewritten.join(" ");
        let coarse = crate::words::ratio(&text, &rewritten, &mut Budget::spent());
        assert_eq!(likeness(&text, &rewritten), coarse);
        assert!(coarse < NEAR_SAME_SPEAKER);
    }
}
