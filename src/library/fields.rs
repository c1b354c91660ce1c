//! Every searchable text field of a briefing in reading order, each after the part it is in
//! (for the index's full-text columns and for where a hit is), and the values the field
//! filters compare.

use crate::briefing::{About, Briefing};
use crate::text::fold;

/// What the field filters compare, folded as words are ([`fold`]: `tag:susa` finds `Şuşa`).
/// Each is one string, its values each ending in `\n`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    /// Empty when the briefing has no region.
    pub region: String,
    /// Empty when the briefing has no marking.
    pub marking: String,
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

impl Place {
    /// How the place is named in `b`: `Summary`, the party's name, `Reactions`…
    pub fn name<'b>(self, b: &'b Briefing) -> &'b str {
        match self {
            Place::Title => "Title",
            Place::Summary => "Summary",
            Place::Party(i) => b.parties.get(i).map_or("Party", |p| &*p.name),
            Place::Reactions => "Reactions",
            Place::Background => "Background",
            Place::Sources => "Sources",
        }
    }
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

/// What the field filters of `b` compare, folded: one string each, values joined by `\n` (no
/// needle holds a newline, so a match never runs across two values).
pub fn keys(b: &Briefing) -> Keys {
    let joined = |values: &mut dyn Iterator<Item = &str>| {
        let mut out = String::new();
        for v in values {
            out.push_str(&fold(v));
            out.push('\n');
        }
        out
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
        region: joined(&mut b.region.as_deref().into_iter()),
        marking: joined(&mut b.marking.as_deref().into_iter()),
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
