//! The parts of a briefing an analyst can focus on and annotate — key points, statements,
//! reactions, timeline entries, sources — and how a note finds its part again after the
//! briefing has been edited.
//!
//! A part is named by its place ([`Part`]), which an edit can change, and described by what
//! it says ([`Passage`]: its kind, the party or actor and who said it, its text), which is
//! what a note keeps. Finding a note's part looks for the same kind, party (or actor), speaker
//! and text first, then for a light edit of the same claim ([`light_edit`]: the same words in
//! the same order, a few inserted, deleted or respelt, none moved, replaced or negated); a
//! note whose part cannot be found is detached, never lost, and never moved to another claim.
//! A note never moves to what someone else said: an edited statement or reaction is looked
//! for among the same speaker's (and party's, or actor's) only, since the parties' accounts
//! often mirror each other word for word.
//! Likeness, which only ranks candidates, is a word diff within a budget, so that a huge
//! text costs no more than a long one ([`crate::words`]).

use similar::TextDiff;

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
    /// The party a statement is by, or the actor a reaction is by; empty for other kinds
    /// (and for a note that did not say: see [`Passage::actor_unknown`]).
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
            let mut said = passage(Kind::Reaction, &s.speaker, &s.text);
            said.party = r.actor.to_string();
            out.push((Part::Reaction(i), said));
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
    /// The same kind, speaker (and party, or actor) and text.
    Same(Part),
    /// A light edit of the same claim by the same speaker ([`light_edit`]), or a timeline
    /// entry or source whose period or id alone changed.
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

/// A text's words, lower-cased, punctuation aside.
fn words(t: &str) -> Vec<String> {
    t.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Worst-case steps of the word diff behind one [`likeness`]: past them, only what the two
/// texts share at the start and at the end counts as shared (a likeness no higher than the
/// exact one), the same on any machine.
const LIKENESS_WORK: u64 = 4_000_000;

/// How alike two texts are, by their words (case and punctuation aside): 1 when equal, 0
/// when nothing is shared. It only ranks candidates that are already light edits: likeness
/// alone never decides that two texts make the same claim.
pub fn likeness(a: &str, b: &str) -> f32 {
    crate::words::ratio(
        &words(a).join(" "),
        &words(b).join(" "),
        &mut Budget::steps(LIKENESS_WORK),
    )
}

/// Words whose coming or going turns a claim into its opposite.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "nor", "none", "nothing", "t", "without", "deny", "denies", "denied",
    "denying", "neither",
];

/// Whether two different words are one word spelt two ways (`stabilise`, `stabilize`; a
/// typo): letters only, four or more, and nearly all letters shared.
fn respelt(a: &str, b: &str) -> bool {
    let letters = |w: &str| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic);
    a != b && letters(a) && letters(b) && TextDiff::from_chars(a, b).ratio() >= 0.8
}

/// Whether `new` is a light edit of `old`: the same claim, its words in the same order, with
/// at most a fifth of them (at least one) inserted, deleted or respelt, and never
///
/// - a word replaced by another (`says` → `denies`; only a respelling may stand in for one),
/// - a word moved (a word deleted in one place and inserted in another, or respelt so: the
///   mirror claims `Armenia says Azerbaijan shelled…` and `Azerbaijan says Armenia
///   shelled…` are not edits of each other),
/// - a negation inserted or deleted (`not`, `never`, `denies`, …),
/// - a number changed (one deleted where another is inserted).
///
/// Case and punctuation aside. Equal texts are light edits of each other.
pub fn light_edit(old: &str, new: &str) -> bool {
    use similar::DiffOp;
    let (old, new) = (words(old), words(new));
    if old == new {
        return true;
    }
    let allowed = (old.len().max(new.len()) / 5).max(1);
    // Every word one has more than the other is a change: too many, and no diff is needed.
    if old.is_empty() || new.is_empty() || old.len().abs_diff(new.len()) > allowed {
        return false;
    }
    // Each run of changes between equal words, as the words it takes out and puts in. Within
    // a budget of steps, so the same on any machine; a diff too large for it to be exact is
    // no light edit (the note is detached, never moved).
    let (ops, fidelity) = crate::words::ops(&old, &new, &mut Budget::steps(LIKENESS_WORK));
    if fidelity != crate::words::Fidelity::Exact {
        return false;
    }
    let mut runs: Vec<(Vec<&String>, Vec<&String>)> = vec![(Vec::new(), Vec::new())];
    for op in ops {
        let (old_range, new_range) = match op {
            DiffOp::Equal { .. } => {
                runs.push((Vec::new(), Vec::new()));
                continue;
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => (old_index..old_index + old_len, 0..0),
            DiffOp::Insert {
                new_index, new_len, ..
            } => (0..0, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        if let Some((out, put)) = runs.last_mut() {
            out.extend(&old[old_range]);
            put.extend(&new[new_range]);
        }
    }
    let (mut deleted, mut inserted, mut respellings) = (Vec::new(), Vec::new(), 0);
    for (out, put) in runs {
        match (out.is_empty(), put.is_empty()) {
            (true, true) => {}
            (false, true) => deleted.extend(out),
            (true, false) => inserted.extend(put),
            // A replacement: only respellings, word for word, may stand in.
            (false, false) => {
                if out.len() != put.len() || !out.iter().zip(&put).all(|(a, b)| respelt(a, b)) {
                    return false;
                }
                respellings += out.len();
            }
        }
    }
    let moved = deleted
        .iter()
        .any(|d| inserted.iter().any(|i| d == i || respelt(d, i)));
    let negated = deleted
        .iter()
        .chain(&inserted)
        .any(|w| NEGATIONS.contains(&w.as_str()));
    let number = |w: &&String| w.chars().any(|c| c.is_ascii_digit());
    let renumbered = deleted.iter().any(number) && inserted.iter().any(number);
    let changed = deleted.len() + inserted.len() + respellings;
    !moved && !negated && !renumbered && changed <= allowed
}

impl Passage {
    /// Whether `self`, a part of the briefing, is by whom `wanted` (a note's passage) is: the
    /// same speaker, and the same party (a statement's, when the note says which) or actor (a
    /// reaction's, always: see [`Passage::actor_unknown`]).
    fn same_speaker(&self, wanted: &Passage) -> bool {
        let party = match wanted.kind {
            Kind::Reaction => !wanted.actor_unknown() && self.party == wanted.party,
            _ => wanted.party.is_empty() || self.party == wanted.party,
        };
        self.speaker == wanted.speaker && party
    }

    /// Whether this is a reaction whose actor was not recorded (a note from a `brief` that
    /// did not keep it): such a note is never shown under a reaction, since several actors'
    /// spokespeople often share a title and words.
    pub fn actor_unknown(&self) -> bool {
        self.kind == Kind::Reaction && self.party.is_empty()
    }
}

/// Finds `passage` among `parts`: the same passage where it is now, else a light edit of it
/// ([`light_edit`]) by the same speaker (and party, or actor), the most alike if there are
/// several; a timeline entry or a source may also have only its period or id changed, its
/// text word for word the same. Anything else, or two candidates as good as each other, is
/// [`Found::Gone`]: a note is detached rather than shown on another claim.
pub fn locate(parts: &[(Part, Passage)], passage: &Passage) -> Found {
    let candidates = parts.iter().filter(|(_, p)| p.kind == passage.kind);
    let same = |p: &Passage| p.same_speaker(passage) && p.text == passage.text;
    if passage.actor_unknown() {
        return Found::Gone;
    }
    if let Some((part, _)) = candidates.clone().find(|(_, p)| same(p)) {
        return Found::Same(*part);
    }
    let relabelled = matches!(passage.kind, Kind::Event | Kind::Source);
    let wanted = words(&passage.text);
    let mut best: Option<(f32, Part)> = None;
    let mut tied = false;
    for (part, p) in candidates {
        let edit = p.same_speaker(passage) && light_edit(&passage.text, &p.text);
        let moved = relabelled && words(&p.text) == wanted;
        if !edit && !moved {
            continue;
        }
        let rank = likeness(&p.text, &passage.text)
            + if p.speaker == passage.speaker {
                1.0
            } else {
                0.0
            };
        match best {
            Some((r, _)) if rank < r => {}
            Some((r, _)) if rank == r => tied = true,
            _ => {
                best = Some((rank, *part));
                tied = false;
            }
        }
    }
    match best {
        Some((_, part)) if !tied => Found::Near(part),
        _ => Found::Gone,
    }
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
            "agreed to take necessary steps to stabilise the situation",
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
            Found::Gone,
            "half the words is another claim"
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
        assert!(
            likeness(armenia, azerbaijan) >= 0.6,
            "alike, yet not the same claim"
        );
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

    /// A briefing with two reactions by one title under two actors, mirror key points, a
    /// timeline and sources.
    fn briefing(reactions: &[(&str, &str)], points: &[&str]) -> Briefing<'static> {
        let mut toml = String::from(
            "format = 1\n[briefing]\ntitle = \"T\"\ndate = 2024-03-02\nregion = \"R\"\n\
             [summary]\nbluf = \"B.\"\n",
        );
        toml.push_str(&format!("key_points = {points:?}\n"));
        toml.push_str("[[parties]]\nname = \"Armenia\"\n");
        for (actor, text) in reactions {
            toml.push_str(&format!(
                "[[reactions]]\nactor = {actor:?}\nspeaker = \"Foreign Ministry\"\n\
                 kind = \"paraphrase\"\ntext = {text:?}\n"
            ));
        }
        let outcome = super::super::parse(toml);
        let problems = format!("{:?}", outcome.diagnostics);
        outcome.briefing.expect(&problems)
    }

    const MIRROR: [&str; 2] = [
        "Armenia says Azerbaijan shelled its positions overnight.",
        "Azerbaijan says Armenia shelled its positions overnight.",
    ];

    #[test]
    fn a_reaction_is_found_under_its_own_actor_only() {
        let text = "Called for restraint on both sides.";
        let both = briefing(&[("Russia", text), ("France", text)], &[]);
        let france = both.passage(Part::Reaction(1)).unwrap();
        assert_eq!(france.party, "France");
        assert_eq!(
            locate(&both.parts(), &france),
            Found::Same(Part::Reaction(1))
        );
        // France's reaction deleted, or lightly edited: never Russia's.
        let russia_only = briefing(&[("Russia", text)], &[]);
        assert_eq!(locate(&russia_only.parts(), &france), Found::Gone);
        let edited = briefing(
            &[
                ("Russia", "Called for restraint on both sides at once."),
                ("Germany", text),
            ],
            &[],
        );
        assert_eq!(locate(&edited.parts(), &france), Found::Gone);
        // A note from a `brief` that did not keep the actor is shown under no reaction.
        let mut unknown = france.clone();
        unknown.party.clear();
        assert!(unknown.actor_unknown());
        assert_eq!(locate(&both.parts(), &unknown), Found::Gone);
    }

    #[test]
    fn mirror_claims_are_not_light_edits_of_each_other() {
        assert!(!light_edit(MIRROR[0], MIRROR[1]));
        assert!(!light_edit(MIRROR[1], MIRROR[0]));
        for (old, new) in [
            (
                "Azerbaijan began shelling Armenian positions at night",
                "Armenia began shelling Azerbaijani positions at night",
            ),
            (
                "agreed to take the necessary steps to stabilise the situation",
                "agreed to take the steps necessary to stabilise the situation",
            ),
            (
                "Armenia says Azerbaijan shelled its positions overnight near the border villages.",
                "Armenia denies Azerbaijan shelled its positions overnight near the border villages.",
            ),
            (
                "Armenia says Azerbaijan shelled its positions overnight near the border villages.",
                "Armenia says Azerbaijan never shelled its positions overnight near the border villages.",
            ),
            (
                "Twelve soldiers were killed in 49 attacks on the border towns overnight.",
                "Twelve soldiers were killed in 94 attacks on the border towns overnight.",
            ),
            ("Reuters", "Associated Press"),
            (
                "agreed to take the necessary steps to stabilise the situation",
                "Agreed to take the necessary steps.",
            ),
        ] {
            assert!(!light_edit(old, new), "{old:?} → {new:?}");
        }
        for (old, new) in [
            (
                "Armenia says Azerbaijan shelled its positions overnight.",
                "Armenia says Azerbaijan shelled its positions overnight!",
            ),
            (
                "Armenia says Azerbaijan shelled its positions overnight.",
                "Armenia says Azerbaijan heavily shelled its positions overnight.",
            ),
            (
                "agreed to take the necessary steps to stabilise the situation",
                "agreed to take the necessary steps to stabilize the situation",
            ),
            (
                "agreed to take the necessary steps to stabilise the situation",
                "agreed to take necessary steps to stabilise the situation",
            ),
        ] {
            assert!(light_edit(old, new), "{old:?} → {new:?}");
        }
    }

    #[test]
    fn a_key_point_never_moves_to_its_mirror() {
        let both = briefing(&[], &MIRROR);
        let first = both.passage(Part::KeyPoint(0)).unwrap();
        assert_eq!(
            locate(&both.parts(), &first),
            Found::Same(Part::KeyPoint(0))
        );
        let second_only = briefing(&[], &MIRROR[1..]);
        assert_eq!(locate(&second_only.parts(), &first), Found::Gone);
        let edited = briefing(
            &[],
            &[
                "Armenia says Azerbaijan heavily shelled its positions overnight.",
                MIRROR[1],
            ],
        );
        assert_eq!(
            locate(&edited.parts(), &first),
            Found::Near(Part::KeyPoint(0))
        );
    }

    #[test]
    fn a_timeline_entry_or_source_never_moves_to_its_mirror() {
        for kind in [Kind::Event, Kind::Source] {
            let one = |index, speaker: &str, text: &str| {
                let part = match kind {
                    Kind::Event => Part::Event(index),
                    _ => Part::Source(index),
                };
                (part, passage(kind, speaker, text))
            };
            let noted = one(0, "2020", MIRROR[0]).1;
            let mirrored = [one(0, "2020", MIRROR[1])];
            assert_eq!(locate(&mirrored, &noted), Found::Gone, "{kind:?}");
            let other = [one(0, "2021", MIRROR[1])];
            assert_eq!(locate(&other, &noted), Found::Gone, "{kind:?}");
            // Relabelled, the text word for word: the same; an edit under a new label: not.
            let relabelled = [one(0, "2021", MIRROR[0])];
            assert_eq!(locate(&relabelled, &noted), Found::Near(relabelled[0].0));
            let both = [one(0, "2021", MIRROR[0]), one(1, "2022", MIRROR[0])];
            assert_eq!(locate(&both, &noted), Found::Gone, "which one is unknown");
            let edited = [one(
                0,
                "2021",
                "Armenia says Azerbaijan heavily shelled its positions overnight.",
            )];
            assert_eq!(locate(&edited, &noted), Found::Gone, "{kind:?}");
        }
    }

    #[test]
    fn a_statement_never_moves_to_its_mirror_by_the_same_speaker() {
        let st = |index, text: &str| {
            (
                Part::Statement { party: 0, index },
                passage(Kind::Statement, "Ministry", text),
            )
        };
        let noted = st(0, MIRROR[0]).1;
        let now = [st(0, MIRROR[1]), st(1, "Talks will resume.")];
        assert_eq!(locate(&now, &noted), Found::Gone);
    }

    mod never_another_speaker {
        use super::*;
        use proptest::prelude::*;

        const KINDS: [Kind; 5] = [
            Kind::KeyPoint,
            Kind::Statement,
            Kind::Reaction,
            Kind::Event,
            Kind::Source,
        ];
        const WORDS: [&str; 6] = ["armenia", "azerbaijan", "says", "shelled", "not", "posts"];

        fn a_passage() -> impl Strategy<Value = Passage> {
            (
                0..KINDS.len(),
                prop::sample::select(vec!["", "Ministry", "Foreign Ministry"]),
                prop::sample::select(vec!["", "Russia", "France"]),
                prop::collection::vec(prop::sample::select(WORDS.to_vec()), 1..7),
            )
                .prop_map(|(kind, speaker, party, words)| Passage {
                    kind: KINDS[kind],
                    party: party.into(),
                    speaker: speaker.into(),
                    text: words.join(" "),
                })
        }

        proptest! {
            /// Whatever the briefing now holds, a note is found only on a passage of its own
            /// kind by its own speaker and party or actor (a timeline entry or source may
            /// have a new period or id, its text word for word the same).
            #[test]
            fn a_note_is_never_located_under_another_speaker_party_or_actor(
                now in prop::collection::vec(a_passage(), 1..8),
                mut noted in a_passage(),
                near in prop::option::of((0..8usize, any::<bool>())),
            ) {
                // Often a passage of the briefing's, by someone else, perhaps lightly edited.
                if let Some((i, edited)) = near {
                    let like = &now[i % now.len()];
                    noted.kind = like.kind;
                    noted.text = like.text.clone();
                    if edited {
                        noted.text.push_str(" posts");
                    }
                }
                let parts: Vec<(Part, Passage)> = now
                    .into_iter()
                    .enumerate()
                    .map(|(i, p)| (Part::Source(i), p))
                    .collect();
                if let Some(part) = locate(&parts, &noted).part() {
                    let found = &parts.iter().find(|(p, _)| *p == part).unwrap().1;
                    prop_assert_eq!(found.kind, noted.kind);
                    match noted.kind {
                        Kind::Statement | Kind::Reaction => {
                            prop_assert_eq!(&found.speaker, &noted.speaker);
                            if noted.kind == Kind::Reaction || !noted.party.is_empty() {
                                prop_assert!(!noted.party.is_empty() || noted.kind != Kind::Reaction);
                                prop_assert_eq!(&found.party, &noted.party);
                            }
                        }
                        _ => prop_assert!(
                            found.speaker == noted.speaker
                                || words(&found.text) == words(&noted.text)
                        ),
                    }
                    prop_assert!(light_edit(&noted.text, &found.text));
                }
            }
        }
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
        assert!(coarse < 0.6);
        // Neither is a light edit: two words replaced; a third of them.
        assert!(!light_edit(&text, &edited) && !light_edit(&text, &rewritten));
        // One word added far in: a light edit, found exactly however long the text.
        let mut added = words.clone();
        added.insert(20_000, "reportedly".into());
        assert!(light_edit(&text, &added.join(" ")));
    }
}
