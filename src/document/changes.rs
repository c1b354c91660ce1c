//! What changed in a tab since the briefing was last read: its blocks compared with the same
//! tab laid out from the text as it was read, block by block (a diff of the sequence of
//! paragraphs, statements, entries), then word by word within a block that changed, all within
//! one [`Budget`] (so a huge briefing gets coarser marks, never a long wait). Added and
//! changed blocks are marked; the changed words within a block are given as byte ranges; a
//! removed block is put back, dimmed, where it stood, as a block that is not the briefing's
//! own (so places and notes do not move). The comparing ([`marks`]) and the marking
//! ([`apply`]) are apart, so that the reader can compare off its thread and mark a tab laid
//! out again (with other notes) without comparing again.

use std::ops::Range;

use similar::DiffOp;

use super::notes::Annotations;
use super::{Block, BlockKind, Document, Para, Presentation, Role, Run, TabKind};
use crate::briefing::Briefing;
use crate::words::{self, Budget};

/// How a block differs from the last reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Added,
    /// Changed: these byte ranges of its text are new.
    Changed(Vec<Range<usize>>),
    /// Gone: the block shows the text that was there.
    Removed,
}

/// The briefing's own blocks of `doc` that hold text, with their indexes.
fn own_text_blocks(doc: &Document) -> (Vec<usize>, Vec<&str>) {
    (0..doc.blocks.len())
        .filter(|b| doc.extras.binary_search(b).is_err())
        .filter(|&b| !matches!(doc.blocks[b].kind, BlockKind::Blank))
        .map(|b| (b, doc.blocks[b].text.as_str()))
        .unzip()
}

/// The words of `new` that are not in `old`, as byte ranges of `new`, within `budget` (a
/// coarser answer when it is spent: see [`crate::words`]).
pub fn new_words(old: &str, new: &str, budget: &mut Budget) -> Vec<Range<usize>> {
    if budget.exhausted() {
        return between_shared_ends(old, new);
    }
    let (old_words, new_words) = (words::words(old), words::words(new));
    let (ops, _) = words::ops(&old_words, &new_words, budget);
    inserted(new, &new_words, &ops)
}

/// The words of `new` between what it shares with `old` at the start and at the end, as one
/// range: the coarse diff's answer, found without splitting either text into words.
fn between_shared_ends(old: &str, new: &str) -> Vec<Range<usize>> {
    let (start, end) = words::shared_ends(old, new);
    let middle = &new[start..new.len() - end];
    let trimmed = middle.trim();
    if trimmed.is_empty() {
        return Vec::new();
    }
    let from = start + (middle.len() - middle.trim_start().len());
    std::iter::once(from..from + trimmed.len()).collect()
}

/// The words of `new` (split as `new_words`) that `ops` inserts, as byte ranges of `new`.
fn inserted(new: &str, new_words: &[&str], ops: &[DiffOp]) -> Vec<Range<usize>> {
    // Byte offsets of each word of `new`.
    let mut starts = Vec::with_capacity(new_words.len() + 1);
    let mut at = 0;
    for w in new_words {
        starts.push(at);
        at += w.len();
    }
    starts.push(at);
    let mut out: Vec<Range<usize>> = Vec::new();
    for op in ops {
        let added = match *op {
            DiffOp::Insert {
                new_index, new_len, ..
            }
            | DiffOp::Replace {
                new_index, new_len, ..
            } => new_index..new_index + new_len,
            DiffOp::Equal { .. } | DiffOp::Delete { .. } => continue,
        };
        for i in added {
            if new_words[i].trim().is_empty() {
                continue;
            }
            let (start, end) = (starts[i], starts[i + 1]);
            match out.last_mut() {
                // Words next to each other (or one space apart) are one change.
                Some(last) if new[last.end..start].trim().is_empty() => last.end = end,
                _ => out.push(start..end),
            }
        }
    }
    out
}

/// `block`, dimmed as removed text.
fn removed(block: &Block) -> Block {
    match &block.kind {
        BlockKind::Para(p) => Block {
            text: block.text.clone(),
            kind: BlockKind::Para(Para {
                runs: vec![Run {
                    range: 0..block.text.len(),
                    role: Role::Removed,
                }],
                ..p.clone()
            }),
        },
        _ => {
            let text = "(a table was removed here)".to_string();
            Block {
                kind: BlockKind::Para(Para {
                    runs: vec![Run {
                        range: 0..text.len(),
                        role: Role::Removed,
                    }],
                    indent: 0,
                    gutter: None,
                    hang: None,
                }),
                text,
            }
        }
    }
}

/// How one block of a tab differs between two layouts of it, by block index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Diff {
    /// Block `.0` of the new layout is new.
    Added(usize),
    /// Block `old` of the old layout is gone; it stood before block `before` of the new one
    /// (the new layout's length for the end).
    Removed { old: usize, before: usize },
    /// Block `old` became block `new`.
    Changed { old: usize, new: usize },
}

/// The briefing's own text blocks of `old` and `new` compared, as a sequence (Myers, within
/// `budget`): what was added, removed and changed, in order. A removed block next to an added
/// one is taken as that block changed.
pub fn diff(old: &Document, new: &Document, budget: &mut Budget) -> Vec<Diff> {
    let (old_index, old_text) = own_text_blocks(old);
    let (new_index, new_text) = own_text_blocks(new);
    let (ops, _) = words::ops(&old_text, &new_text, budget);
    let before = |i: usize| new_index.get(i).copied().unwrap_or(new.blocks.len());
    let mut out = Vec::new();
    for op in ops {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Insert {
                new_index: at,
                new_len,
                ..
            } => out.extend((at..at + new_len).map(|i| Diff::Added(new_index[i]))),
            DiffOp::Delete {
                old_index: from,
                old_len,
                new_index: at,
            } => out.extend((from..from + old_len).map(|i| Diff::Removed {
                old: old_index[i],
                before: before(at),
            })),
            DiffOp::Replace {
                old_index: from,
                old_len,
                new_index: at,
                new_len,
            } => {
                let paired = old_len.min(new_len);
                out.extend((0..paired).map(|k| Diff::Changed {
                    old: old_index[from + k],
                    new: new_index[at + k],
                }));
                out.extend((at + paired..at + new_len).map(|i| Diff::Added(new_index[i])));
                let at_end = before(at + new_len);
                out.extend((from + paired..from + old_len).map(|i| Diff::Removed {
                    old: old_index[i],
                    before: at_end,
                }));
            }
        }
    }
    out
}

/// What changed in one tab since the last reading, by the place of each block among the
/// briefing's own text blocks: it holds for the tab laid out with any notes among them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    /// The marks of the new layout's own text blocks, by their place among them.
    marked: Vec<(usize, Mark)>,
    /// Removed blocks, dimmed, by the place of the own text block they go before (their
    /// count for the end).
    gone: Vec<(usize, Block)>,
}

impl Marks {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.marked.is_empty() && self.gone.is_empty()
    }
}

/// Compares `new` with `old` (the same tab, laid out from the text as last read), within
/// `budget`: what [`apply`] marks.
pub fn marks(old: &Document, new: &Document, budget: &mut Budget) -> Marks {
    let (new_index, _) = own_text_blocks(new);
    let place = |b: usize| new_index.partition_point(|&i| i < b);
    let mut out = Marks::default();
    for d in diff(old, new, budget) {
        match d {
            Diff::Added(b) => out.marked.push((place(b), Mark::Added)),
            Diff::Removed { old: b, before } => {
                out.gone.push((place(before), removed(&old.blocks[b])));
            }
            Diff::Changed { old: o, new: n } => {
                let words = new_words(&old.blocks[o].text, &new.blocks[n].text, budget);
                out.marked.push((place(n), Mark::Changed(words)));
            }
        }
    }
    out
}

/// What changed in every tab of `new` (but the Notes tab) since `old`, the briefing as it was
/// last read, laid out as `shown` says, all within one `budget`: the reader's marks, to
/// [`apply`] to each tab as it is laid out. A party's tab is compared with the same party's,
/// wherever it moved.
pub fn since(
    old: &Briefing,
    new: &Briefing,
    shown: &Presentation,
    budget: &mut Budget,
) -> Vec<(TabKind, Marks)> {
    let none = Annotations::default();
    (TabKind::all(new, false).into_iter())
        .map(|kind| {
            let before = super::diff::old_kind(kind, new, old)
                .map_or_else(Document::default, |k| k.document(old, &none, shown));
            let now = kind.document(new, &none, shown);
            (kind, marks(&before, &now, budget))
        })
        .collect()
}

/// Compares `new` with `old` (the same tab, laid out from the text as last read) within a
/// fresh [`Budget`]: [`marks`], then [`apply`].
pub fn compare(old: &Document, new: Document) -> (Document, Vec<(usize, Mark)>) {
    let marks = marks(old, &new, &mut Budget::new());
    apply(new, &marks)
}

/// Returns `new` with the removed blocks of `marks` put back where they stood, and the mark
/// of each block that changed, in block order.
pub fn apply(new: Document, found: &Marks) -> (Document, Vec<(usize, Mark)>) {
    let (new_index, _) = own_text_blocks(&new);
    let block = |place: usize| new_index.get(place).copied().unwrap_or(new.blocks.len());
    // Marks by block of `new`, and removed blocks by the block of `new` they go before
    // (`new.blocks.len()` for the end).
    let mut marks: Vec<(usize, Mark)> = (found.marked.iter())
        .map(|(p, m)| (block(*p), m.clone()))
        .collect();
    let mut gone: Vec<(usize, Block)> = (found.gone.iter())
        .map(|(p, b)| (block(*p), b.clone()))
        .collect();
    if gone.is_empty() {
        marks.sort_by_key(|(b, _)| *b);
        return (new, marks);
    }
    // Put the removed blocks in, and move everything after them along.
    gone.sort_by_key(|(b, _)| *b);
    let shift = |b: usize, inclusive: bool| {
        gone.partition_point(|(at, _)| if inclusive { *at <= b } else { *at < b })
    };
    let mut doc = Document {
        blocks: Vec::with_capacity(new.blocks.len() + gone.len()),
        items: new.items.clone(),
        extras: Vec::new(),
    };
    let mut pending = gone.iter().peekable();
    let mut out_marks = Vec::new();
    let mut own_extras = new.extras.iter().peekable();
    for (b, block) in new.blocks.into_iter().enumerate() {
        while let Some((_, removed)) = pending.next_if(|(at, _)| *at == b) {
            doc.extras.push(doc.blocks.len());
            out_marks.push((doc.blocks.len(), Mark::Removed));
            doc.blocks.push(removed.clone());
        }
        if own_extras.next_if(|&&e| e == b).is_some() {
            doc.extras.push(doc.blocks.len());
        }
        doc.blocks.push(block);
    }
    for (_, removed) in pending {
        doc.extras.push(doc.blocks.len());
        out_marks.push((doc.blocks.len(), Mark::Removed));
        doc.blocks.push(removed.clone());
    }
    for item in &mut doc.items {
        let start = item.blocks.start + shift(item.blocks.start, true);
        let end = item.blocks.end + shift(item.blocks.end - 1, true);
        item.blocks = start..end;
    }
    out_marks.extend(marks.into_iter().map(|(b, m)| (b + shift(b, true), m)));
    out_marks.sort_by_key(|(b, _)| *b);
    (doc, out_marks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(paras: &[&str]) -> Document {
        let mut d = Document::default();
        for p in paras {
            d.text(Role::Body, p);
        }
        d
    }

    #[test]
    fn added_changed_and_removed_blocks_are_marked() {
        let old = doc(&["one", "two words here", "three", "four"]);
        let new = doc(&["one", "two new words here", "four", "five"]);
        let (got, marks) = compare(&old, new);
        let texts: Vec<&str> = got.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            ["one", "two new words here", "three", "four", "five"]
        );
        assert_eq!(got.extras, [2]);
        assert_eq!(
            marks,
            [
                (1, Mark::Changed(std::iter::once(4..7).collect())),
                (2, Mark::Removed),
                (4, Mark::Added)
            ]
        );
        assert_eq!(&texts[1][4..7], "new");
    }

    #[test]
    fn the_same_text_has_no_marks() {
        let (got, marks) = compare(&doc(&["a", "b"]), doc(&["a", "b"]));
        assert!(marks.is_empty());
        assert_eq!(got, doc(&["a", "b"]));
    }

    #[test]
    fn changed_words_next_to_each_other_are_one_range() {
        let new = "Blinken said the talks will resume soon";
        let ranges = new_words(
            "Blinken said there will be no military solution",
            new,
            &mut Budget::new(),
        );
        let words: Vec<&str> = ranges.iter().map(|r| &new[r.clone()]).collect();
        assert_eq!(words, ["the talks", "resume soon"]);
    }

    #[test]
    fn with_the_budget_spent_the_span_between_the_shared_start_and_end_is_marked_whole() {
        let old = "Blinken said there will be no military solution to the conflict today";
        let new = "Blinken said there could be no solution to the conflict at all today";
        let words = |budget: &mut Budget| -> Vec<String> {
            let ranges = new_words(old, new, budget);
            ranges.iter().map(|r| new[r.clone()].to_string()).collect()
        };
        assert_eq!(words(&mut Budget::new()), ["could", "at all"]);
        assert_eq!(
            words(&mut Budget::spent()),
            ["could be no solution to the conflict at all"]
        );
    }

    #[test]
    fn with_the_budget_spent_blocks_between_the_shared_start_and_end_are_changed() {
        let old = doc(&["one", "two", "three", "four", "five"]);
        let new = doc(&["one", "2", "three", "4", "4½", "five"]);
        let (_, exact) = apply(new.clone(), &marks(&old, &new, &mut Budget::new()));
        let (got, coarse) = apply(new.clone(), &marks(&old, &new, &mut Budget::spent()));
        assert_eq!(got, new);
        let kinds = |marks: &[(usize, Mark)]| -> Vec<(usize, bool)> {
            (marks.iter())
                .map(|(b, m)| (*b, matches!(m, Mark::Changed(_))))
                .collect()
        };
        assert_eq!(kinds(&exact), [(1, true), (3, true), (4, false)]);
        // Every block from the first change to the last is marked.
        assert_eq!(
            kinds(&coarse),
            [(1, true), (2, true), (3, true), (4, false)]
        );
    }

    #[test]
    fn an_exhausted_budget_marks_what_the_coarse_word_diff_marks() {
        let texts = [
            "",
            "one",
            "Blinken said there will be no military solution",
            "Blinken said there could be no solution at all",
            "  Şuşa and Kəlbəcər,\u{a0}漢字 said  ",
            "Şuşa and Kəlbəcər, 漢字 said",
            "said there will be",
        ];
        for old in texts {
            for new in texts {
                let (a, b) = (words::words(old), words::words(new));
                let (ops, _) = words::ops(&a, &b, &mut Budget::steps(0));
                assert_eq!(
                    between_shared_ends(old, new),
                    inserted(new, &b, &ops),
                    "{old:?} → {new:?}"
                );
            }
        }
    }
}
