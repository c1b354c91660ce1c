//! Lays a briefing out as tabs: Summary, one per party, Reactions, Background, Sources.
//!
//! This is where the reading order and the wording of labels live. Quotes and paraphrases are
//! told apart without colour: a quote is indented behind a bar, in quotation marks, in italics;
//! a paraphrase is plain text. Every statement is followed by its attribution line. The
//! author's own analyst comments stand apart from all of it, behind their own bar and label,
//! beside what they are about.

use crate::briefing::parts::Part;
use crate::briefing::{
    About, Briefing, Credibility, Reliability, Source, Statement, StatementKind,
};

use super::dates::DateFormat;
use super::notes::{Annotations, note, notes_on};
use super::{Block, BlockKind, Column, Document, Item, Role, Table};

/// Which part of the briefing a tab shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabKind {
    Summary,
    /// The party with this index in [`Briefing::parties`].
    Party(usize),
    Reactions,
    Background,
    Sources,
    /// The analyst's notes on the briefing, each with what it is about.
    Notes,
}

impl TabKind {
    /// Every tab of `briefing`, in reading order; the Notes tab last, when there are notes.
    pub fn all(briefing: &Briefing, notes: bool) -> Vec<TabKind> {
        let mut kinds = vec![TabKind::Summary];
        kinds.extend((0..briefing.parties.len()).map(TabKind::Party));
        kinds.extend([TabKind::Reactions, TabKind::Background, TabKind::Sources]);
        if notes {
            kinds.push(TabKind::Notes);
        }
        kinds
    }

    pub fn title<'b>(self, briefing: &'b Briefing<'_>) -> &'b str {
        match self {
            TabKind::Summary => "Summary",
            TabKind::Party(i) => &briefing.parties[i].name,
            TabKind::Reactions => "Reactions",
            TabKind::Background => "Background",
            TabKind::Sources => "Sources",
            TabKind::Notes => "Notes",
        }
    }

    /// Lays out what this tab shows, with the analyst's notes where they belong, the original
    /// wordings and the dates shown as `shown` says.
    pub fn document(
        self,
        briefing: &Briefing,
        notes: &Annotations,
        shown: &Presentation,
    ) -> Document {
        match self {
            TabKind::Summary => summary(briefing, notes),
            TabKind::Party(i) => party_document(briefing, i, notes, shown),
            TabKind::Reactions => reactions(briefing, notes, shown),
            TabKind::Background => background(briefing, notes),
            TabKind::Sources => sources(briefing, notes),
            TabKind::Notes => super::notes::notes_tab(briefing, notes),
        }
    }
}

/// One tab, laid out: its title and what it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Tab {
    pub title: String,
    pub document: Document,
}

/// Every tab of `briefing`, laid out, in reading order.
pub fn tabs(briefing: &Briefing) -> Vec<Tab> {
    let none = Annotations::default();
    TabKind::all(briefing, false)
        .into_iter()
        .map(|kind| Tab {
            title: kind.title(briefing).to_string(),
            document: kind.document(briefing, &none, &Presentation::default()),
        })
        .collect()
}

/// The line under the title: date, region and tags.
pub fn meta_line(b: &Briefing, dates: &DateFormat) -> String {
    let mut parts = vec![dates.when(b.date)];
    parts.extend(b.region.as_deref().map(str::to_string));
    if !b.tags.is_empty() {
        parts.push(b.tags.join(", "));
    }
    parts.join(" · ")
}

/// Splits text into paragraphs at blank lines, joining the lines of each with spaces, so text
/// written across several lines in the file reflows to any width.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Said beside the Sources table: its REL column is the author's, not the sources' own.
pub const GRADES_BY_AUTHOR_REL: &str =
    "REL is the briefing author's assessment of each source's reliability, not the source's own.";
/// Said beside the grades' legend.
pub const GRADES_BY_AUTHOR: &str = "Grades are the briefing author's assessment, not the \
     reporting's: they say how far the author trusts a source and a statement, not which \
     account is true.";

/// What labels an analyst comment wherever it appears, so it cannot be taken for reporting.
pub const COMMENT_LABEL: &str = "ANALYST COMMENT";
/// Said beside the label.
pub const COMMENT_NOTE: &str = "the briefing author's judgement, not the reporting";

/// The analyst comments about `about`, each behind its bar, after a blank line.
fn comments(doc: &mut Document, b: &Briefing, about: About) {
    for c in b.comments_on(about) {
        doc.blank();
        doc.para()
            .gutter("╏ ", Role::Comment)
            .push(Role::CommentLabel, COMMENT_LABEL)
            .push(Role::Muted, &format!(" · {COMMENT_NOTE}"));
        for p in paragraphs(&c.text) {
            doc.para()
                .gutter("╏ ", Role::Comment)
                .push(Role::Comment, &p);
        }
    }
}

fn summary(b: &Briefing, notes: &Annotations) -> Document {
    let mut doc = Document::default();
    doc.heading("Bottom line up front");
    for p in paragraphs(&b.summary.bluf) {
        doc.text(Role::Bluf, &p);
    }
    for n in notes.on_briefing() {
        note(&mut doc, n);
    }
    if !b.summary.key_points.is_empty() {
        doc.blank();
        doc.heading("Key points");
        for (i, point) in b.summary.key_points.iter().enumerate() {
            doc.item(Part::KeyPoint(i), |doc| {
                doc.para()
                    .push(Role::Label, "•")
                    .hang(2)
                    .push(Role::Body, point);
            });
            notes_on(&mut doc, notes, Part::KeyPoint(i));
        }
    }
    let body = paragraphs(&b.summary.text);
    if !body.is_empty() {
        doc.blank();
        doc.heading("Detail");
        for (i, p) in body.iter().enumerate() {
            if i > 0 {
                doc.blank();
            }
            doc.text(Role::Body, p);
        }
    }
    comments(&mut doc, b, About::Summary);
    doc
}

fn party_document(
    b: &Briefing,
    index: usize,
    notes: &Annotations,
    shown: &Presentation,
) -> Document {
    let party = &b.parties[index];
    let mut doc = Document::default();
    doc.heading(&party.name);
    for (label, value) in [("Role", &party.role), ("Position", &party.position)] {
        if let Some(value) = value {
            doc.para()
                .push(Role::Muted, label)
                .hang(10)
                .push(Role::Body, value);
        }
    }
    comments(&mut doc, b, About::Party(index));
    doc.blank();
    doc.heading(&format!("Statements ({})", party.statements.len()));
    if party.statements.is_empty() {
        doc.text(
            Role::Muted,
            "The briefing records no statements from this party.",
        );
    }
    for i in 0..party.statements.len() {
        if i > 0 {
            doc.blank();
        }
        let part = Part::Statement {
            party: index,
            index: i,
        };
        statement_item(&mut doc, b, part, notes, shown);
    }
    doc
}

/// A statement or reaction as an item of `doc`, followed by the analyst's notes on it and the
/// author's comments about it.
pub fn statement_item(
    doc: &mut Document,
    b: &Briefing,
    part: Part,
    notes: &Annotations,
    shown: &Presentation,
) {
    let (s, about) = match part {
        Part::Statement { party, index } => (
            b.parties.get(party).and_then(|p| p.statements.get(index)),
            About::Statement(party, index),
        ),
        Part::Reaction(i) => (b.reactions.get(i).map(|r| &r.statement), About::Reaction(i)),
        _ => (None, About::Summary),
    };
    let Some(s) = s else { return };
    doc.item(part, |doc| statement(doc, s, b, shown));
    notes_on(doc, notes, part);
    comments(doc, b, about);
}

fn reactions(b: &Briefing, notes: &Annotations, shown: &Presentation) -> Document {
    let mut doc = Document::default();
    if b.reactions.is_empty() {
        doc.text(Role::Muted, "The briefing records no reactions.");
        comments(&mut doc, b, About::Reactions);
        return doc;
    }
    // Group by actor, in order of first appearance.
    let mut actors: Vec<&str> = Vec::new();
    for r in &b.reactions {
        if !actors.contains(&r.actor.as_ref()) {
            actors.push(&r.actor);
        }
    }
    for (i, actor) in actors.iter().enumerate() {
        if i > 0 {
            doc.blank();
        }
        doc.heading(actor);
        let theirs = b
            .reactions
            .iter()
            .enumerate()
            .filter(|(_, r)| r.actor == *actor);
        for (j, (k, _)) in theirs.enumerate() {
            if j > 0 {
                doc.blank();
            }
            statement_item(&mut doc, b, Part::Reaction(k), notes, shown);
        }
    }
    comments(&mut doc, b, About::Reactions);
    doc
}

/// Who said a statement, and how far to trust it: the parts of an attribution line, shared by
/// every output so they all attribute alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution<'a> {
    pub speaker: &'a str,
    pub role: Option<&'a str>,
    pub date: Option<String>,
    /// The name of the source the statement cites.
    pub source: Option<&'a str>,
    /// The Admiralty grade, such as `B2`.
    pub grade: Option<String>,
    /// `quote` or `paraphrase`.
    pub kind: &'static str,
}

impl<'a> Attribution<'a> {
    /// With dates as briefings write them (`12 Sep 2022`), for what `brief` writes out.
    pub fn of(s: &'a Statement, sources: &'a [Source]) -> Self {
        Self::dated(s, sources, &DateFormat::default())
    }

    /// With dates as `dates` writes them.
    pub fn dated(s: &'a Statement, sources: &'a [Source], dates: &DateFormat) -> Self {
        Self {
            speaker: &s.speaker,
            role: s.role.as_deref(),
            date: s.date.map(|d| dates.when(d)),
            source: s
                .source
                .and_then(|i| sources.get(i))
                .map(|src| src.name.as_ref()),
            grade: s.grade(sources),
            kind: match s.kind {
                StatementKind::Quote => "quote",
                StatementKind::Paraphrase => "paraphrase",
            },
        }
    }
}

/// What the reader shows as the user chose: originals as `o` cycles them, dates as the
/// configuration's `date_format` writes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Presentation {
    pub originals: Originals,
    pub dates: DateFormat,
}

/// How statements that carry their original wording show it (`o` in the reader cycles them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Originals {
    /// The words, then the original wording under the attribution line.
    #[default]
    Both,
    /// The words only.
    Translation,
    /// The original wording in place of the words, with its language tag.
    Original,
}

impl Originals {
    /// The next mode, as `o` cycles them.
    pub fn next(self) -> Self {
        match self {
            Originals::Both => Originals::Translation,
            Originals::Translation => Originals::Original,
            Originals::Original => Originals::Both,
        }
    }

    /// How the store and the status bar name the mode.
    pub fn name(self) -> &'static str {
        match self {
            Originals::Both => "translation and original",
            Originals::Translation => "translation only",
            Originals::Original => "original only",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [Originals::Both, Originals::Translation, Originals::Original]
            .into_iter()
            .find(|m| m.name() == name)
    }
}

/// A statement: the words (a quote that is a translation says so), then who said them, then
/// the original wording; or, as `shown` asks, the words alone or the original alone.
fn statement(doc: &mut Document, s: &Statement, b: &Briefing, shown: &Presentation) {
    const QUOTE_INDENT: u16 = 2;
    let originals = shown.originals;
    let sources = &b.sources;
    let original = s.original.as_ref();
    // The original in place of the words, told apart by its language tag.
    let (words, note) = match (originals, original) {
        (Originals::Original, Some(o)) => (&o.text, Some(format!(" (original, {})", o.language))),
        _ => (
            &s.text,
            s.translated_from(b.language.as_deref())
                .map(|language| format!(" (translated from {language})")),
        ),
    };
    let role = match (originals, original) {
        (Originals::Original, Some(_)) => Role::Original,
        _ => Role::Body,
    };
    let text = paragraphs(words);
    for (i, p) in text.iter().enumerate() {
        let last = i + 1 == text.len();
        match s.kind {
            StatementKind::Quote => {
                let mut para = doc.para();
                para.indent(QUOTE_INDENT)
                    .gutter("┃ ", Role::QuoteBar)
                    .push(Role::Quote, &format!("“{p}”"));
                if let Some(note) = note.as_deref().filter(|_| last) {
                    para.push(Role::Muted, note);
                }
            }
            StatementKind::Paraphrase => {
                let mut para = doc.para();
                para.push(role, p);
                if let Some(note) = note.as_deref().filter(|_| last && role == Role::Original) {
                    para.push(Role::Muted, note);
                }
            }
        }
    }
    let indent = match s.kind {
        StatementKind::Quote => QUOTE_INDENT + 2,
        StatementKind::Paraphrase => 0,
    };
    let a = Attribution::dated(s, sources, &shown.dates);
    let mut line = doc.para();
    line.indent(indent)
        .push(Role::Muted, "—")
        .hang(2)
        .push(Role::Speaker, a.speaker);
    if let Some(role) = a.role {
        line.push(Role::Attribution, &format!(", {role}"));
    }
    for detail in [a.date.as_deref(), a.source].into_iter().flatten() {
        line.push(Role::Attribution, &format!(" · {detail}"));
    }
    if let Some(grade) = &a.grade {
        line.push(Role::Attribution, " · ").push(Role::Badge, grade);
    }
    line.push(Role::Muted, &format!(" · {}", a.kind));
    if let (Originals::Both, Some(original)) = (originals, original) {
        for (i, p) in paragraphs(&original.text).iter().enumerate() {
            let mut para = doc.para();
            para.indent(indent + 2);
            if i == 0 {
                para.push(Role::Muted, &format!("Original ({}): ", original.language));
            }
            para.push(Role::Original, p);
        }
    }
}

fn background(b: &Briefing, notes: &Annotations) -> Document {
    let mut doc = Document::default();
    doc.heading("Timeline");
    if b.background.is_empty() {
        doc.text(Role::Muted, "The briefing records no background.");
        comments(&mut doc, b, About::Background);
        return doc;
    }
    let label_width = b
        .background
        .iter()
        .map(|e| crate::text::display_width(&e.period))
        .max()
        .unwrap_or(0)
        .saturating_add(2)
        .min(usize::from(u16::MAX)) as u16;
    for (i, e) in b.background.iter().enumerate() {
        if i > 0 {
            doc.blank();
        }
        doc.item(Part::Event(i), |doc| {
            let mut para = doc.para();
            para.push(Role::Label, &e.period)
                .hang(label_width)
                .push(Role::EventTitle, &e.title);
            for p in paragraphs(&e.text) {
                para.push(Role::Body, "\n").push(Role::Body, &p);
            }
        });
        notes_on(&mut doc, notes, Part::Event(i));
        comments(&mut doc, b, About::Event(i));
    }
    comments(&mut doc, b, About::Background);
    doc
}

fn sources(b: &Briefing, notes: &Annotations) -> Document {
    let mut doc = Document::default();
    doc.heading("Sources");
    if b.sources.is_empty() {
        doc.text(Role::Muted, "The briefing lists no sources.");
    } else {
        let dash = "–";
        let mut text = String::new();
        let mut cell = |s: &str| {
            let start = text.len();
            text.push_str(s);
            start..text.len()
        };
        let mut rows = vec![
            ["ID", "NAME", "KIND", "LANG", "REL", "URL"]
                .iter()
                .map(|h| cell(h))
                .collect::<Vec<_>>(),
        ];
        for s in &b.sources {
            let reliability = s.reliability.map(|r| r.letter().to_string());
            rows.push(vec![
                cell(&s.id),
                cell(&s.name),
                cell(s.kind.as_deref().unwrap_or(dash)),
                cell(s.language.as_deref().unwrap_or(dash)),
                cell(reliability.as_deref().unwrap_or(dash)),
                cell(s.url.as_deref().unwrap_or(dash)),
            ]);
        }
        let column = |role, flexible| Column { role, flexible };
        let block = doc.blocks.len();
        for (i, row) in rows.iter().skip(1).enumerate() {
            let (Some(first), Some(last)) = (row.first(), row.last()) else {
                continue;
            };
            doc.items.push(Item {
                part: Part::Source(i),
                blocks: block..block + 1,
                bytes: Some(first.start..last.end),
            });
        }
        doc.blocks.push(Block {
            text,
            kind: BlockKind::Table(Table {
                columns: vec![
                    column(Role::Label, false),
                    column(Role::Body, true),
                    column(Role::Body, false),
                    column(Role::Body, false),
                    column(Role::Badge, false),
                    column(Role::Url, true),
                ],
                rows,
            }),
        });
        doc.text(Role::Muted, GRADES_BY_AUTHOR_REL);
        for i in 0..b.sources.len() {
            notes_on(&mut doc, notes, Part::Source(i));
        }
    }
    comments(&mut doc, b, About::Sources);
    doc.blank();
    doc.heading("Grades (Admiralty scale)");
    doc.text(
        Role::Muted,
        "A statement's grade joins its source's reliability (letter) and its own credibility \
         (digit), for example B2. A ? marks the half that is not given.",
    );
    doc.text(Role::Muted, GRADES_BY_AUTHOR);
    for (letter, meaning) in Reliability::SCALE {
        doc.para()
            .push(Role::Badge, &letter.to_string())
            .hang(4)
            .push(Role::Body, meaning);
    }
    for (digit, meaning) in Credibility::SCALE {
        doc.para()
            .push(Role::Badge, &digit.to_string())
            .hang(4)
            .push(Role::Body, meaning);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_reflow_lines_and_split_at_blank_lines() {
        let text = "one\ntwo\n\nthree\n   \nfour";
        let got = paragraphs(text);
        assert_eq!(got, ["one two", "three", "four"]);
    }

    #[test]
    fn bundled_briefing_has_tabs_in_order() {
        let text = crate::bundled::BRIEFINGS[0].1.to_string();
        let b = crate::briefing::parse(text).briefing.unwrap();
        let titles: Vec<String> = tabs(&b).into_iter().map(|t| t.title).collect();
        assert_eq!(
            titles,
            [
                "Summary",
                "Armenia",
                "Azerbaijan",
                "Russia",
                "Reactions",
                "Background",
                "Sources"
            ]
        );
    }
}
