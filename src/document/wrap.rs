//! Wraps a [`Document`] to a width, once, into lines that can be drawn in any slice.
//!
//! Widths are measured per grapheme with `unicode-width`, the way the terminal buffer measures
//! them, so a wrapped line never needs more columns than it was given (a single grapheme wider
//! than the whole width is the only exception, and drawing clips it). Line breaking uses
//! textwrap's first-fit algorithm over fragments that carry their role. Each line remembers
//! where in the document it starts ([`Anchor`]), so a reader keeps its place across widths.

use std::ops::Range;

use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_segmentation::UnicodeSegmentation;

use super::{Block, BlockKind, Document, Para, Role, Run, Table};
use crate::text::{display_width, grapheme_width};

/// Gap between table columns.
const COLUMN_GAP: usize = 2;
/// Narrowest a flexible table column may get before the table is shown as records instead.
const MIN_FLEX_COLUMN: usize = 8;
/// Widest a fixed table column may get; longer cells wrap.
const MAX_FIXED_COLUMN: usize = 16;

/// A place in a document: a block, a byte offset in its text, and which of the lines that
/// start at that offset (lines with no text of their own, such as an empty line, share the
/// offset of the line before). Anchors are unique and increase down a wrapped document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Anchor {
    pub block: usize,
    pub offset: usize,
    pub nth: usize,
}

/// Where a segment's characters come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SegText {
    /// A byte range of the block's text.
    Block(Range<usize>),
    /// Fixed decoration such as a quote bar.
    Static(&'static str),
}

/// A run of same-role text on a line, starting at column `col`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    pub col: u16,
    pub text: SegText,
    pub role: Role,
}

/// One screen line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Where the line starts in the document.
    pub anchor: Anchor,
    pub segs: Vec<Seg>,
}

impl Line {
    /// The text of `seg`, which belongs to this line, in `doc`.
    pub fn seg_text<'d>(&self, doc: &'d Document, seg: &Seg) -> &'d str {
        match &seg.text {
            SegText::Block(r) => &doc.blocks[self.anchor.block].text[r.clone()],
            SegText::Static(s) => s,
        }
    }

    /// The whole line as plain text, with the columns between segments filled with spaces.
    pub fn plain(&self, doc: &Document) -> String {
        let mut out = String::new();
        let mut col = 0usize;
        for seg in &self.segs {
            let at = usize::from(seg.col);
            if at > col {
                out.extend(std::iter::repeat_n(' ', at - col));
                col = at;
            }
            let text = self.seg_text(doc, seg);
            out.push_str(text);
            col += display_width(text);
        }
        out
    }
}

/// A document wrapped to one width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    pub width: u16,
    pub lines: Vec<Line>,
}

impl Wrapped {
    /// Wraps every block of `doc` to `width` columns (at least 1).
    pub fn new(doc: &Document, width: u16) -> Self {
        let width = width.max(1);
        let mut lines = Vec::new();
        for (i, block) in doc.blocks.iter().enumerate() {
            let mut out = Out {
                block: i,
                lines: &mut lines,
            };
            match &block.kind {
                BlockKind::Blank => out.push(Vec::new()),
                BlockKind::Para(p) => para(block, p, usize::from(width), &mut out),
                BlockKind::Table(t) => table(block, t, usize::from(width), &mut out),
            }
        }
        Self { width, lines }
    }

    /// The index of the line that holds `anchor`.
    pub fn line_of(&self, anchor: Anchor) -> usize {
        self.lines
            .partition_point(|l| l.anchor <= anchor)
            .saturating_sub(1)
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// Collects the lines of one block, giving each its anchor.
struct Out<'a> {
    block: usize,
    lines: &'a mut Vec<Line>,
}

impl Out<'_> {
    fn push(&mut self, segs: Vec<Seg>) {
        let first = segs
            .iter()
            .filter_map(|s| match &s.text {
                SegText::Block(r) => Some(r.start),
                SegText::Static(_) => None,
            })
            .min();
        let prev = self
            .lines
            .last()
            .map(|l| l.anchor)
            .filter(|a| a.block == self.block);
        let offset = first.or(prev.map(|a| a.offset)).unwrap_or(0);
        let nth = match prev {
            Some(p) if p.offset == offset => p.nth + 1,
            _ => 0,
        };
        self.lines.push(Line {
            anchor: Anchor {
                block: self.block,
                offset,
                nth,
            },
            segs,
        });
    }
}

/// A word (or piece of one) and the spaces after it.
#[derive(Debug, Clone)]
struct Frag {
    /// The word's bytes in the block text.
    word: Range<usize>,
    width: usize,
    /// Number of spaces after the word (one column each).
    spaces: usize,
    role: Role,
}

impl Fragment for Frag {
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        self.spaces as f64
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Wraps `runs` of `text` to `width` columns: one entry per line, each a list of segments with
/// columns relative to the start of the text area. Empty text gives one empty line.
fn wrap_runs(text: &str, runs: &[Run], width: usize) -> Vec<Vec<Seg>> {
    let width = width.max(1);
    let mut frags: Vec<Frag> = Vec::new();
    // Indices into `frags` where a `\n` forces a break.
    let mut breaks: Vec<usize> = Vec::new();
    for run in runs {
        let mut i = run.range.start;
        let end = run.range.end;
        while i < end {
            let rest = &text[i..end];
            let word_len = rest.find([' ', '\n']).unwrap_or(rest.len());
            let spaces = rest[word_len..].bytes().take_while(|&b| b == b' ').count();
            if word_len > 0 {
                push_frag(&mut frags, text, i..i + word_len, spaces, run.role, width);
            } else if let Some(last) = frags.last_mut() {
                last.spaces += spaces;
            }
            i += word_len + spaces;
            if text[i..end].starts_with('\n') {
                breaks.push(frags.len());
                i += 1;
            }
        }
    }
    let mut lines = Vec::new();
    let mut start = 0;
    for end in breaks.into_iter().chain([frags.len()]) {
        let group = &frags[start..end];
        if group.is_empty() {
            lines.push(Vec::new());
        } else {
            lines.extend(
                wrap_first_fit(group, &[width as f64])
                    .into_iter()
                    .map(segs_of),
            );
        }
        start = end;
    }
    lines
}

/// Adds a word, split at grapheme boundaries into pieces that fit `width` when it is wider.
fn push_frag(
    frags: &mut Vec<Frag>,
    text: &str,
    word: Range<usize>,
    spaces: usize,
    role: Role,
    width: usize,
) {
    let w = display_width(&text[word.clone()]);
    if w <= width {
        frags.push(Frag {
            word,
            width: w,
            spaces,
            role,
        });
        return;
    }
    let mut start = word.start;
    let mut piece_width = 0;
    for (at, g) in text[word.clone()].grapheme_indices(true) {
        let gw = grapheme_width(g);
        let at = word.start + at;
        if piece_width > 0 && piece_width + gw > width {
            frags.push(Frag {
                word: start..at,
                width: piece_width,
                spaces: 0,
                role,
            });
            start = at;
            piece_width = 0;
        }
        piece_width += gw;
    }
    frags.push(Frag {
        word: start..word.end,
        width: piece_width,
        spaces,
        role,
    });
}

/// Turns the fragments of one line into segments, merging neighbours of the same role.
fn segs_of(line: &[Frag]) -> Vec<Seg> {
    let mut segs: Vec<Seg> = Vec::new();
    let mut col = 0usize;
    let mut prev: Option<&Frag> = None;
    for f in line {
        if let Some(p) = prev {
            col += p.spaces;
        }
        let contiguous = prev.is_some_and(|p| p.word.end + p.spaces == f.word.start);
        match segs.last_mut() {
            Some(Seg {
                text: SegText::Block(r),
                role,
                ..
            }) if *role == f.role && contiguous => r.end = f.word.end,
            _ => segs.push(Seg {
                col: clamp_col(col),
                text: SegText::Block(f.word.clone()),
                role: f.role,
            }),
        }
        col += f.width;
        prev = Some(f);
    }
    segs
}

fn clamp_col(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

fn shift(segs: &mut [Seg], by: usize) {
    for s in segs {
        s.col = clamp_col(usize::from(s.col) + by);
    }
}

fn para(block: &Block, p: &Para, width: usize, out: &mut Out<'_>) {
    let gutter_width = p.gutter.map_or(0, |(g, _)| display_width(g));
    // Keep at least one column for text, however narrow the screen.
    let indent = usize::from(p.indent).min(width.saturating_sub(1 + gutter_width));
    let gutter_width = gutter_width.min(width.saturating_sub(1 + indent));
    let base = indent + gutter_width;
    let avail = width - base;

    let (label, body): (Vec<Run>, Vec<Run>) = match p.hang {
        Some(h) => split_runs(&p.runs, h.label_len),
        None => (Vec::new(), p.runs.clone()),
    };
    let hang_width = p.hang.map_or(0, |h| usize::from(h.width).min(avail / 3));
    let label_width: usize = label
        .iter()
        .map(|r| display_width(&block.text[r.range.clone()]))
        .sum();
    let label_inline = !label.is_empty() && label_width < hang_width;

    let gutter = |segs: &mut Vec<Seg>| {
        if let Some((g, role)) = p.gutter
            && gutter_width > 0
        {
            segs.insert(
                0,
                Seg {
                    col: clamp_col(indent),
                    text: SegText::Static(g),
                    role,
                },
            );
        }
    };

    if !label.is_empty() && !label_inline {
        // The label does not fit its column: give it lines of its own.
        for mut segs in wrap_runs(&block.text, &label, avail) {
            shift(&mut segs, base);
            gutter(&mut segs);
            out.push(segs);
        }
    }
    let text_col = base + if label.is_empty() { 0 } else { hang_width };
    let text_width = width.saturating_sub(text_col).max(1);
    for (i, mut segs) in wrap_runs(&block.text, &body, text_width)
        .into_iter()
        .enumerate()
    {
        shift(&mut segs, text_col);
        if i == 0 && label_inline {
            let mut label_segs = wrap_runs(&block.text, &label, hang_width)
                .into_iter()
                .next()
                .unwrap_or_default();
            shift(&mut label_segs, base);
            label_segs.append(&mut segs);
            segs = label_segs;
        }
        gutter(&mut segs);
        out.push(segs);
    }
}

/// Splits runs at byte `at` of the text: the runs before it, the runs after it.
fn split_runs(runs: &[Run], at: usize) -> (Vec<Run>, Vec<Run>) {
    let mut before = Vec::new();
    let mut after = Vec::new();
    for r in runs {
        if r.range.end <= at {
            before.push(r.clone());
        } else if r.range.start >= at {
            after.push(r.clone());
        } else {
            before.push(Run {
                range: r.range.start..at,
                role: r.role,
            });
            after.push(Run {
                range: at..r.range.end,
                role: r.role,
            });
        }
    }
    (before, after)
}

fn table(block: &Block, t: &Table, width: usize, out: &mut Out<'_>) {
    let Some(widths) = column_widths(block, t, width) else {
        records(block, t, width, out);
        return;
    };
    for (r, row) in t.rows.iter().enumerate() {
        let mut cells: Vec<Vec<Vec<Seg>>> = Vec::with_capacity(row.len());
        let mut col = 0;
        for (c, cell) in row.iter().enumerate() {
            let role = if r == 0 {
                Role::TableHeader
            } else {
                t.columns[c].role
            };
            let runs = [Run {
                range: cell.clone(),
                role,
            }];
            let mut lines = wrap_runs(&block.text, &runs, widths[c]);
            for segs in &mut lines {
                shift(segs, col);
            }
            cells.push(lines);
            col += widths[c] + COLUMN_GAP;
        }
        let height = cells.iter().map(Vec::len).max().unwrap_or(0);
        for i in 0..height {
            let segs = cells
                .iter_mut()
                .filter_map(|lines| lines.get_mut(i).map(std::mem::take))
                .flatten()
                .collect();
            out.push(segs);
        }
    }
}

/// Column widths that fit `width`, or `None` when the table cannot fit and should be shown as
/// one record per row instead.
fn column_widths(block: &Block, t: &Table, width: usize) -> Option<Vec<usize>> {
    let n = t.columns.len();
    let natural: Vec<usize> = (0..n)
        .map(|c| {
            t.rows
                .iter()
                .filter_map(|row| row.get(c))
                .map(|r| display_width(&block.text[r.clone()]))
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    let gaps = COLUMN_GAP * n.saturating_sub(1);
    if natural.iter().sum::<usize>() + gaps <= width {
        return Some(natural);
    }
    let mut widths: Vec<usize> = natural
        .iter()
        .zip(&t.columns)
        .map(|(&w, col)| {
            if col.flexible {
                0
            } else {
                w.min(MAX_FIXED_COLUMN)
            }
        })
        .collect();
    let flexible: Vec<usize> = (0..n).filter(|&c| t.columns[c].flexible).collect();
    let fixed: usize = widths.iter().sum();
    let spare = width.checked_sub(fixed + gaps)?;
    if spare < MIN_FLEX_COLUMN * flexible.len() {
        return None;
    }
    // Share the spare columns in proportion to what each flexible column would like.
    let wanted: usize = flexible.iter().map(|&c| natural[c]).sum::<usize>().max(1);
    let mut left = spare;
    for &c in &flexible {
        let share =
            (spare * natural[c] / wanted).clamp(MIN_FLEX_COLUMN, natural[c].max(MIN_FLEX_COLUMN));
        widths[c] = share.min(left);
        left -= widths[c];
    }
    // Hand out what rounding left over, first to the columns that still want more.
    for &c in &flexible {
        let more = natural[c].saturating_sub(widths[c]).min(left);
        widths[c] += more;
        left -= more;
    }
    Some(widths)
}

/// A table too wide for the screen: each row becomes a record of `HEADER  value` lines.
fn records(block: &Block, t: &Table, width: usize, out: &mut Out<'_>) {
    let Some((header, rows)) = t.rows.split_first() else {
        return;
    };
    let label_width = header
        .iter()
        .map(|r| display_width(&block.text[r.clone()]))
        .max()
        .unwrap_or(0)
        + COLUMN_GAP;
    let label_width = label_width.min(width / 2);
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            out.push(Vec::new());
        }
        for (c, cell) in row.iter().enumerate() {
            let body = [Run {
                range: cell.clone(),
                role: t.columns[c].role,
            }];
            let label = [Run {
                range: header[c].clone(),
                role: Role::TableHeader,
            }];
            let text_width = width.saturating_sub(label_width).max(1);
            for (j, mut segs) in wrap_runs(&block.text, &body, text_width)
                .into_iter()
                .enumerate()
            {
                shift(&mut segs, label_width);
                if j == 0 {
                    let mut l =
                        wrap_runs(&block.text, &label, label_width.saturating_sub(1).max(1))
                            .into_iter()
                            .next()
                            .unwrap_or_default();
                    l.append(&mut segs);
                    segs = l;
                }
                out.push(segs);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(doc: &Document, width: u16) -> Vec<String> {
        let w = Wrapped::new(doc, width);
        w.lines.iter().map(|l| l.plain(doc)).collect()
    }

    #[test]
    fn wraps_at_word_boundaries() {
        let mut doc = Document::default();
        doc.text(Role::Body, "the quick brown fox jumps");
        assert_eq!(lines(&doc, 10), ["the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn forced_breaks_are_kept() {
        let mut doc = Document::default();
        doc.text(Role::Body, "one\ntwo three");
        assert_eq!(lines(&doc, 40), ["one", "two three"]);
    }

    #[test]
    fn long_words_break_at_graphemes() {
        let mut doc = Document::default();
        doc.text(Role::Body, "abcdefghij");
        assert_eq!(lines(&doc, 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn wide_characters_never_exceed_the_width() {
        let mut doc = Document::default();
        doc.text(Role::Body, "日本語のテキスト");
        let got = lines(&doc, 5);
        assert_eq!(got, ["日本", "語の", "テキ", "スト"]);
        for l in &got {
            assert!(display_width(l) <= 5);
        }
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        let mut doc = Document::default();
        let word = format!("e{}", "\u{301}".repeat(1000));
        doc.text(Role::Body, &format!("{word} {word}"));
        let got = lines(&doc, 1);
        assert_eq!(got, [word.clone(), word]);
    }

    #[test]
    fn hanging_label_indents_the_body() {
        let mut doc = Document::default();
        doc.para()
            .push(Role::Label, "•")
            .hang(2)
            .push(Role::Body, "alpha beta gamma");
        assert_eq!(lines(&doc, 10), ["• alpha", "  beta", "  gamma"]);
    }

    #[test]
    fn gutter_is_drawn_on_every_line() {
        let mut doc = Document::default();
        doc.para()
            .indent(2)
            .gutter("┃ ", Role::QuoteBar)
            .push(Role::Quote, "alpha beta gamma");
        assert_eq!(lines(&doc, 12), ["  ┃ alpha", "  ┃ beta", "  ┃ gamma"]);
    }

    #[test]
    fn anchors_survive_a_change_of_width() {
        let mut doc = Document::default();
        for i in 0..20 {
            doc.text(Role::Body, &format!("paragraph {i} has a few words in it"));
        }
        let wide = Wrapped::new(&doc, 80);
        let narrow = Wrapped::new(&doc, 12);
        let anchor = wide.lines[10].anchor;
        let there = &narrow.lines[narrow.line_of(anchor)];
        assert_eq!(there.anchor, anchor);
        assert!(there.plain(&doc).starts_with("paragraph"));
    }

    fn sample_table() -> Document {
        let mut text = String::new();
        let mut cell = |s: &str| {
            let start = text.len();
            text.push_str(s);
            start..text.len()
        };
        let rows = vec![
            vec![cell("ID"), cell("NAME")],
            vec![cell("a"), cell("a fairly long source name")],
        ];
        Document {
            blocks: vec![Block {
                text,
                kind: BlockKind::Table(Table {
                    columns: vec![
                        super::super::Column {
                            role: Role::Label,
                            flexible: false,
                        },
                        super::super::Column {
                            role: Role::Body,
                            flexible: true,
                        },
                    ],
                    rows,
                }),
            }],
            items: Vec::new(),
            extras: Vec::new(),
        }
    }

    #[test]
    fn tables_align_and_wrap_cells() {
        let doc = sample_table();
        assert_eq!(
            lines(&doc, 40),
            ["ID  NAME", "a   a fairly long source name"]
        );
        assert_eq!(
            lines(&doc, 16),
            ["ID  NAME", "a   a fairly", "    long source", "    name"]
        );
    }

    #[test]
    fn narrow_tables_become_records() {
        let doc = sample_table();
        assert_eq!(
            lines(&doc, 9),
            [
                "ID  a",
                "NAM a",
                "    fairl",
                "    y",
                "    long",
                "    sourc",
                "    e",
                "    name"
            ]
        );
    }
}
