//! The analyst's notes, placed in the briefing they are about: each note finds its passage
//! ([`crate::briefing::parts::locate`]) and is laid out under it, unmistakably the analyst's
//! (its own bar and a `✎ note` label with the author and time), never the source's. A note on
//! the briefing as a whole goes under the bottom line; a note whose passage is gone is
//! detached and shown only in the Notes tab, with the text it was written against and why.
//! Every output quotes a passage as it reads now; the text a note was written against is
//! shown only labelled as such.

use crate::briefing::Briefing;
use crate::briefing::parts::{Found, Kind, Part, Passage, locate};
use crate::briefing::sanitize::{Lines, sanitize};
use crate::memory::Note;

use super::dates::{Moment, moment};
use super::{Document, Role};

/// What labels a note wherever it appears.
pub const NOTE_LABEL: &str = "✎ note";
/// The bar beside a note's text.
const NOTE_BAR: &str = "┊ ";

/// One note, ready to show: its text cleaned for the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub id: String,
    /// `ana · 2026-12-01 14:03 UTC`, and `imported` for one imported beside another.
    pub byline: String,
    pub body: String,
    /// What the note was written against (none: the briefing as a whole).
    pub on: Option<Passage>,
    /// Where that passage is now.
    pub found: Found,
}

impl Placed {
    /// The part the note shows under, if it is on one that is still there.
    pub fn part(&self) -> Option<Part> {
        self.found.part()
    }

    pub fn detached(&self) -> bool {
        self.on.is_some() && self.found == Found::Gone
    }
}

/// The notes on one briefing, placed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotations {
    pub notes: Vec<Placed>,
}

impl Annotations {
    /// Places `notes` in `briefing`.
    pub fn place(briefing: &Briefing, notes: &[Note]) -> Self {
        if notes.is_empty() {
            return Self::default();
        }
        let parts = briefing.parts();
        let notes = notes
            .iter()
            .map(|n| {
                let found = match &n.on {
                    Some(passage) => locate(&parts, passage),
                    None => Found::Gone,
                };
                let mut byline = format!(
                    "{} · {}",
                    sanitize(&n.author, Lines::Single),
                    moment(n.updated, Moment::Minute).unwrap_or_else(|| "?".into())
                );
                if n.imported {
                    byline.push_str(" · imported");
                }
                Placed {
                    id: n.id.clone(),
                    byline,
                    body: sanitize(&n.body, Lines::Multi).into_owned(),
                    on: n.on.clone(),
                    found,
                }
            })
            .collect();
        Self { notes }
    }

    pub fn is_empty(&self) -> bool {
        self.notes.is_empty()
    }

    /// The notes shown under `part`.
    pub fn on(&self, part: Part) -> impl Iterator<Item = &Placed> {
        self.notes.iter().filter(move |n| n.part() == Some(part))
    }

    /// The notes on the briefing as a whole.
    pub fn on_briefing(&self) -> impl Iterator<Item = &Placed> {
        self.notes.iter().filter(|n| n.on.is_none())
    }
}

/// Lays out `note`: its label, then its text behind the note bar.
pub fn note(doc: &mut Document, note: &Placed) {
    doc.blank_extra();
    let mut label = doc.para_extra();
    label
        .gutter(NOTE_BAR, Role::Note)
        .push(Role::NoteLabel, NOTE_LABEL);
    // Notes on sources all follow the sources' table: each says which it is on.
    if let (Some(Part::Source(_)), Some(on)) = (note.part(), &note.on) {
        let id = sanitize(&on.speaker, Lines::Single);
        label.push(Role::Muted, &format!(" on source {id}"));
    }
    label.push(Role::Muted, &format!(" · {}", note.byline));
    let body = paragraphs(&note.body);
    let body: Vec<&str> = body.iter().map(String::as_str).collect();
    for p in body.iter().copied() {
        doc.para_extra()
            .gutter(NOTE_BAR, Role::Note)
            .push(Role::Note, p);
    }
    if body.is_empty() {
        doc.para_extra()
            .gutter(NOTE_BAR, Role::Note)
            .push(Role::Muted, "(empty)");
    }
}

/// What a note is about, in a few words: `Antony Blinken's reaction (United States)`, `a key
/// point`. A reaction always names its actor (several actors' spokespeople often share a
/// title), unless the speaker is the actor.
pub fn about(on: &Passage) -> String {
    let who = sanitize(&on.speaker, Lines::Single);
    match on.kind {
        Kind::Reaction if !who.is_empty() => {
            let s = if who.ends_with('s') { "'" } else { "'s" };
            let actor = sanitize(&on.party, Lines::Single);
            if on.actor_unknown() {
                format!("{who}{s} reaction (actor not recorded)")
            } else if actor == who {
                format!("{who}{s} reaction")
            } else {
                format!("{who}{s} reaction ({actor})")
            }
        }
        Kind::Statement if !who.is_empty() => {
            let s = if who.ends_with('s') { "'" } else { "'s" };
            format!("{who}{s} {}", on.kind.name())
        }
        Kind::Event if !who.is_empty() => format!("the timeline entry {who}"),
        Kind::Source if !who.is_empty() => format!("the source {who}"),
        kind => format!("a {}", kind.name()),
    }
}

/// Why a note is detached, in a sentence, for every output that shows one.
pub fn why_detached(on: &Passage) -> &'static str {
    if on.actor_unknown() {
        "Its actor was not recorded (a note from an older brief), so it is shown under no \
         reaction; it was written against:"
    } else {
        "No longer in the briefing; the note was written against:"
    }
}

/// The text a note was written against, when the passage it shows under now reads
/// otherwise: every output quotes the current text, and this only labelled as such.
pub fn written_against<'p>(on: &'p Passage, now: &Passage) -> Option<&'p str> {
    (on.text != now.text).then_some(on.text.as_str())
}

/// Longest excerpt of an annotated passage shown in the Notes tab, in characters.
const EXCERPT: usize = 200;

/// The Notes tab: every note with what it is about, in reading order; notes on the briefing
/// first, detached ones last with the text they were written against.
pub fn notes_tab(briefing: &Briefing, annotations: &Annotations) -> Document {
    let mut doc = Document::default();
    doc.heading(&format!("Notes ({})", annotations.notes.len()));
    doc.text(
        Role::Muted,
        "The analyst's own notes, kept on this machine; not part of the briefing.",
    );
    let mut order: Vec<&Placed> = annotations.notes.iter().collect();
    order.sort_by_key(|n| match (&n.on, n.part()) {
        (None, _) => (0, None),
        (Some(_), Some(part)) => (1, Some(part)),
        (Some(_), None) => (2, None),
    });
    for n in order {
        doc.blank_extra();
        match &n.on {
            None => doc.text(Role::Heading, "ON THE BRIEFING"),
            Some(on) => {
                // What it is on as it is named now (a timeline entry's period may have changed).
                let named = n.part().and_then(|part| briefing.passage(part));
                let heading = match &named {
                    None => format!("DETACHED · WAS ON {}", about(on).to_uppercase()),
                    Some(now) => format!("ON {}", about(now).to_uppercase()),
                };
                doc.text(Role::Heading, &heading);
                let excerpt = |text: &str| {
                    let text = sanitize(text, Lines::Single);
                    let cut: String = text.chars().take(EXCERPT).collect();
                    let more = if cut.len() < text.len() { "…" } else { "" };
                    format!("“{cut}{more}”")
                };
                // The passage as it reads now; what the note was written against only
                // labelled as such.
                let now = n.part().and_then(|part| briefing.passage(part));
                let (current, was) = match &now {
                    Some(now) => (Some(now.text.as_str()), written_against(on, now)),
                    None => (None, Some(on.text.as_str())),
                };
                if let Some(current) = current {
                    doc.para().indent(2).push(Role::Original, &excerpt(current));
                }
                if let Some(was) = was {
                    let lead = match now {
                        Some(_) => "Written against an earlier text: ",
                        None => why_detached(on),
                    };
                    let lead = if now.is_none() {
                        format!("{lead} ")
                    } else {
                        lead.to_string()
                    };
                    doc.para()
                        .indent(2)
                        .push(Role::Muted, &lead)
                        .push(Role::Original, &excerpt(was));
                }
            }
        }
        note(&mut doc, n);
    }
    doc
}

/// The notes under `part`.
pub fn notes_on(doc: &mut Document, annotations: &Annotations, part: Part) {
    for n in annotations.on(part) {
        note(doc, n);
    }
}

/// Splits a note at blank lines, keeping its other line breaks: a note is the analyst's own
/// text, laid out as written.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_keeps_its_line_breaks_and_splits_at_blank_lines() {
        assert_eq!(paragraphs("one\ntwo\n\n\nthree  \n"), ["one\ntwo", "three"]);
    }

    #[test]
    fn times_are_shown_in_utc() {
        assert_eq!(
            moment(0, Moment::Minute).as_deref(),
            Some("1970-01-01 00:00 UTC")
        );
    }
}
