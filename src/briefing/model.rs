//! The briefing model: what a loaded, validated and sanitised briefing holds.
//!
//! Every string here has already been through [`super::sanitize`], every reference has been
//! resolved (a statement's source is an index into [`Briefing::sources`]) and every grade is in
//! range, so readers of the model never re-check.

use std::borrow::Cow;

/// A string of the model: borrowed from the parsed file while the library indexes a briefing
/// (nothing is copied), owned once a briefing is kept ([`Briefing::into_owned`]).
pub type Text<'a> = Cow<'a, str>;

/// One briefing, as shown in the reader.
#[derive(Debug, Clone, PartialEq)]
pub struct Briefing<'a> {
    /// The id the file gives itself (`[briefing] id`), when it does: what a library, and the
    /// store that remembers reading state, know the briefing by. See
    /// [`crate::memory::state_key`].
    pub id: Option<Text<'a>>,
    pub title: Text<'a>,
    pub date: When,
    pub region: Option<Text<'a>>,
    pub tags: Vec<Text<'a>>,
    /// Handling banner (for example `TLP:CLEAR`), shown first and last in every output.
    pub marking: Option<Text<'a>>,
    /// BCP 47 tag of the briefing's own language.
    pub language: Option<Text<'a>>,
    pub summary: Summary<'a>,
    /// The sides of the story, in file order; each is a tab.
    pub parties: Vec<Party<'a>>,
    /// Everyone who is not a party, in file order.
    pub reactions: Vec<Reaction<'a>>,
    /// The timeline, ordered by year and then by file order.
    pub background: Vec<Event<'a>>,
    pub sources: Vec<Source<'a>>,
    /// The author's own judgements and caveats, kept apart from the reporting.
    pub comments: Vec<Comment<'a>>,
}

/// An analyst comment: the briefing author's judgement or caveat, never the reporting's.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment<'a> {
    pub text: Text<'a>,
    /// What it is about, which decides where it is shown.
    pub about: About,
}

/// What an analyst comment is about. Indexes count in the briefing's own order (the
/// background's as the timeline shows it, by year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum About {
    /// The briefing as a whole: shown in the Summary.
    #[default]
    Summary,
    Party(usize),
    /// Statement `.1` of party `.0`.
    Statement(usize, usize),
    Reactions,
    Reaction(usize),
    Background,
    /// An entry of [`Briefing::background`].
    Event(usize),
    Sources,
}

/// The bottom line up front and what supports it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary<'a> {
    pub bluf: Text<'a>,
    pub key_points: Vec<Text<'a>>,
    /// Body paragraphs, separated by blank lines; empty when the file has none.
    pub text: Text<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Party<'a> {
    pub name: Text<'a>,
    pub role: Option<Text<'a>>,
    /// The party's stance, in one line.
    pub position: Option<Text<'a>>,
    pub statements: Vec<Statement<'a>>,
}

/// Something a person or body said, and who reported it.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement<'a> {
    /// The person or body the words belong to.
    pub speaker: Text<'a>,
    /// The speaker's title.
    pub role: Option<Text<'a>>,
    pub date: Option<When>,
    pub kind: StatementKind,
    pub text: Text<'a>,
    /// Index into [`Briefing::sources`].
    pub source: Option<usize>,
    pub credibility: Option<Credibility>,
    /// The wording as the source printed it, when the text is a translation.
    pub original: Option<Original<'a>>,
}

fn owned(t: Text<'_>) -> Text<'static> {
    Cow::Owned(t.into_owned())
}

fn owned_all(v: Vec<Text<'_>>) -> Vec<Text<'static>> {
    v.into_iter().map(owned).collect()
}

impl Briefing<'_> {
    /// The analyst comments about `about`, in file order.
    pub fn comments_on(&self, about: About) -> impl Iterator<Item = &Comment<'_>> {
        self.comments.iter().filter(move |c| c.about == about)
    }

    /// The briefing with every string its own, to keep after the file's text is gone.
    pub fn into_owned(self) -> Briefing<'static> {
        Briefing {
            id: self.id.map(owned),
            title: owned(self.title),
            date: self.date,
            region: self.region.map(owned),
            tags: owned_all(self.tags),
            marking: self.marking.map(owned),
            language: self.language.map(owned),
            summary: Summary {
                bluf: owned(self.summary.bluf),
                key_points: owned_all(self.summary.key_points),
                text: owned(self.summary.text),
            },
            parties: self
                .parties
                .into_iter()
                .map(|p| Party {
                    name: owned(p.name),
                    role: p.role.map(owned),
                    position: p.position.map(owned),
                    statements: p
                        .statements
                        .into_iter()
                        .map(Statement::into_owned)
                        .collect(),
                })
                .collect(),
            reactions: self
                .reactions
                .into_iter()
                .map(|r| Reaction {
                    actor: owned(r.actor),
                    statement: r.statement.into_owned(),
                })
                .collect(),
            background: self
                .background
                .into_iter()
                .map(|e| Event {
                    period: owned(e.period),
                    year: e.year,
                    title: owned(e.title),
                    text: owned(e.text),
                })
                .collect(),
            sources: self
                .sources
                .into_iter()
                .map(|s| Source {
                    id: owned(s.id),
                    name: owned(s.name),
                    kind: s.kind.map(owned),
                    url: s.url.map(owned),
                    language: s.language.map(owned),
                    reliability: s.reliability,
                })
                .collect(),
            comments: self
                .comments
                .into_iter()
                .map(|c| Comment {
                    text: owned(c.text),
                    about: c.about,
                })
                .collect(),
        }
    }
}

impl Statement<'_> {
    fn into_owned(self) -> Statement<'static> {
        Statement {
            speaker: owned(self.speaker),
            role: self.role.map(owned),
            date: self.date,
            kind: self.kind,
            text: owned(self.text),
            source: self.source,
            credibility: self.credibility,
            original: self.original.map(|o| Original {
                text: owned(o.text),
                language: owned(o.language),
            }),
        }
    }
}

/// Whether a statement carries the speaker's own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatementKind {
    /// The speaker's own words (possibly translated).
    Quote,
    /// What the speaker said, in the briefing author's words.
    #[default]
    Paraphrase,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Original<'a> {
    pub text: Text<'a>,
    /// BCP 47 tag.
    pub language: Text<'a>,
}

impl Statement<'_> {
    /// The language the quote is translated from, when it is a quote whose original wording is
    /// in another language than the briefing's (`briefing_language`; a briefing that names no
    /// language is taken to differ): its English name, or its tag when the name is unknown.
    pub fn translated_from(&self, briefing_language: Option<&str>) -> Option<String> {
        let original = self
            .original
            .as_ref()
            .filter(|_| self.kind == StatementKind::Quote)?;
        if briefing_language.is_some_and(|b| super::language::same(b, &original.language)) {
            return None;
        }
        Some(
            super::language::name(&original.language)
                .map_or_else(|| original.language.to_string(), str::to_string),
        )
    }
}

/// A statement by someone who is not a party.
#[derive(Debug, Clone, PartialEq)]
pub struct Reaction<'a> {
    /// The country or body reacting; statements are grouped under it.
    pub actor: Text<'a>,
    pub statement: Statement<'a>,
}

/// One entry of the background timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<'a> {
    /// The label shown, such as `Late 1980s`.
    pub period: Text<'a>,
    /// Used only for ordering.
    pub year: i64,
    pub title: Text<'a>,
    pub text: Text<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source<'a> {
    pub id: Text<'a>,
    pub name: Text<'a>,
    pub kind: Option<Text<'a>>,
    /// Shown as text; never opened.
    pub url: Option<Text<'a>>,
    pub language: Option<Text<'a>>,
    pub reliability: Option<Reliability>,
}

/// Admiralty source reliability, `A` (completely reliable) to `F` (cannot be judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reliability(char);

impl Reliability {
    pub const SCALE: [(char, &'static str); 6] = [
        ('A', "completely reliable"),
        ('B', "usually reliable"),
        ('C', "fairly reliable"),
        ('D', "not usually reliable"),
        ('E', "unreliable"),
        ('F', "reliability cannot be judged"),
    ];

    /// `A`–`F`; anything else is `None`.
    pub fn new(letter: char) -> Option<Self> {
        ('A'..='F').contains(&letter).then_some(Self(letter))
    }

    pub fn letter(self) -> char {
        self.0
    }

    /// What the scale says this letter means (`usually reliable`).
    pub fn meaning(self) -> &'static str {
        (Self::SCALE.iter())
            .find(|(l, _)| *l == self.0)
            .map_or("", |(_, m)| m)
    }
}

/// Admiralty information credibility, `1` (confirmed) to `6` (cannot be judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credibility(u8);

impl Credibility {
    pub const SCALE: [(u8, &'static str); 6] = [
        (1, "confirmed by other sources"),
        (2, "probably true"),
        (3, "possibly true"),
        (4, "doubtful"),
        (5, "improbable"),
        (6, "truth cannot be judged"),
    ];

    /// `1`–`6`; anything else is `None`.
    pub fn new(value: i64) -> Option<Self> {
        (1..=6).contains(&value).then_some(Self(value as u8))
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

/// The Admiralty grade of a statement: its source's reliability and its own credibility,
/// such as `B2`. A missing half shows as `?`; `None` when both are missing.
pub fn grade(reliability: Option<Reliability>, credibility: Option<Credibility>) -> Option<String> {
    match (reliability, credibility) {
        (None, None) => None,
        (r, c) => Some(format!(
            "{}{}",
            r.map_or('?', Reliability::letter),
            c.map_or('?', |c| char::from(b'0' + c.value()))
        )),
    }
}

impl Statement<'_> {
    /// This statement's grade, looking its source up in `sources`.
    pub fn grade(&self, sources: &[Source]) -> Option<String> {
        let reliability = self
            .source
            .and_then(|i| sources.get(i))
            .and_then(|s| s.reliability);
        grade(reliability, self.credibility)
    }
}

/// A calendar date, with a time of day and a UTC offset when the file gives them. Ordered by
/// date, then time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct When {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    /// Hour and minute.
    pub time: Option<(u8, u8)>,
    /// Minutes east of UTC.
    pub offset_minutes: Option<i16>,
}

impl When {
    /// `YYYY-MM-DD`, for sorting and machine output.
    pub fn iso_date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// As a file writes it: `2022-09-12`, or with its time (`T00:05`, and `:00` seconds when
    /// `seconds`, as TOML needs) and offset (`+04:00`, `Z`) when it has them.
    pub fn written(&self, seconds: bool) -> String {
        let mut out = self.iso_date();
        if let Some((h, m)) = self.time {
            out.push_str(&format!("T{h:02}:{m:02}"));
            if seconds {
                out.push_str(":00");
            }
            match self.offset_minutes {
                Some(0) => out.push('Z'),
                Some(o) => out.push_str(&signed(o)),
                None => {}
            }
        }
        out
    }

    /// The time of day and its offset, when the date has a time: `00:05 UTC+04:00`.
    pub fn clock(&self) -> Option<String> {
        let (h, m) = self.time?;
        let mut out = format!("{h:02}:{m:02}");
        match self.offset_minutes {
            Some(0) => out.push_str(" UTC"),
            Some(o) => out.push_str(&format!(" UTC{}", signed(o))),
            None => {}
        }
        Some(out)
    }
}

/// An offset of `minutes` east of UTC as `+04:00` (or `-03:30` west).
fn signed(minutes: i16) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_combines_reliability_and_credibility() {
        let b = Reliability::new('B');
        let two = Credibility::new(2);
        assert_eq!(grade(b, two).as_deref(), Some("B2"));
        assert_eq!(grade(b, None).as_deref(), Some("B?"));
        assert_eq!(grade(None, two).as_deref(), Some("?2"));
        assert_eq!(grade(None, None), None);
    }

    #[test]
    fn grades_out_of_range_are_rejected() {
        assert!(Reliability::new('G').is_none());
        assert!(Reliability::new('a').is_none());
        assert!(Credibility::new(0).is_none());
        assert!(Credibility::new(7).is_none());
    }

    #[test]
    fn dates_read_like_a_briefing() {
        let mut when = When {
            year: 2022,
            month: 9,
            day: 12,
            time: None,
            offset_minutes: None,
        };
        assert_eq!(when.iso_date(), "2022-09-12");
        when.time = Some((0, 5));
        when.offset_minutes = Some(240);
        assert_eq!(when.written(true), "2022-09-12T00:05:00+04:00");
        assert_eq!(when.clock().as_deref(), Some("00:05 UTC+04:00"));
    }
}
