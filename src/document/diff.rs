//! Two versions of a briefing compared block by block (`brief diff`), with the same diff as
//! the reader's marks of what changed since the last reading ([`super::changes::diff`]): tab
//! by tab (a party's tab matched by name), each paragraph, key point, statement, attribution
//! line, timeline entry and source row added, removed or changed, with the words that changed;
//! a block removed in one place and added, unchanged, in another is a move. The whole
//! comparison shares one [`Budget`]: two huge versions get coarser changes (whole blocks, or
//! the span between what they share at the start and the end), never a long wait.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use crate::briefing::Briefing;
use crate::words::Budget;

use super::changes::{Diff, new_words};
use super::notes::Annotations;
use super::{Block, BlockKind, Document, Presentation, Role, TabKind};

/// One block's change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added(String),
    Removed(String),
    /// The text before and after, and the byte ranges of the words removed from the old and
    /// added to the new.
    Changed {
        old: String,
        new: String,
        removed: Vec<Range<usize>>,
        added: Vec<Range<usize>>,
    },
    /// The same text, elsewhere: it stood in the tab named.
    Moved {
        text: String,
        from: String,
    },
}

/// The changes of one tab, by its title in the new version (the old one's when the tab is
/// gone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabChanges {
    pub tab: String,
    pub changes: Vec<Change>,
}

/// `doc` with each table row as a paragraph of its cells, so that a source added or changed
/// is one row, not the whole table.
fn rows_apart(doc: Document) -> Document {
    let mut out = Document::default();
    for block in doc.blocks {
        match &block.kind {
            BlockKind::Table(table) => {
                for row in table.rows.iter().skip(1) {
                    let cells: Vec<&str> = row.iter().map(|r| &block.text[r.clone()]).collect();
                    out.text(Role::Body, &cells.join(" · "));
                }
            }
            _ => out.blocks.push(Block { ..block }),
        }
    }
    out
}

/// The tab of `old` that `kind` (a tab of `new`) was: a party's by name.
pub fn old_kind(kind: TabKind, new: &Briefing, old: &Briefing) -> Option<TabKind> {
    match kind {
        TabKind::Party(i) => {
            let name = &new.parties.get(i)?.name;
            (old.parties.iter().position(|p| p.name == *name)).map(TabKind::Party)
        }
        TabKind::Notes => None,
        other => Some(other),
    }
}

fn layout(b: &Briefing, kind: TabKind) -> Document {
    rows_apart(kind.document(b, &Annotations::default(), &Presentation::default()))
}

/// What changed from `old` to `new`, tab by tab, only the tabs that changed, within a fresh
/// [`Budget`].
pub fn briefings(old: &Briefing, new: &Briefing) -> Vec<TabChanges> {
    within(old, new, &mut Budget::new())
}

/// What changed from `old` to `new`, tab by tab, only the tabs that changed, within `budget`.
pub fn within(old: &Briefing, new: &Briefing, budget: &mut Budget) -> Vec<TabChanges> {
    let mut tabs: Vec<TabChanges> = Vec::new();
    let mut matched = Vec::new();
    for kind in TabKind::all(new, false) {
        let before = old_kind(kind, new, old);
        matched.extend(before);
        let old_doc = before.map_or_else(Document::default, |k| layout(old, k));
        let new_doc = layout(new, kind);
        tabs.push(TabChanges {
            tab: kind.title(new).to_string(),
            changes: changes(&old_doc, &new_doc, budget),
        });
    }
    // Parties gone from the new version: everything in their tabs is removed.
    for kind in TabKind::all(old, false) {
        if !matched.contains(&kind) {
            let old_doc = layout(old, kind);
            tabs.push(TabChanges {
                tab: kind.title(old).to_string(),
                changes: changes(&old_doc, &Document::default(), budget),
            });
        }
    }
    moves(&mut tabs);
    tabs.retain(|t| !t.changes.is_empty());
    tabs
}

fn changes(old: &Document, new: &Document, budget: &mut Budget) -> Vec<Change> {
    (super::changes::diff(old, new, budget).into_iter())
        .map(|d| match d {
            Diff::Added(b) => Change::Added(new.blocks[b].text.clone()),
            Diff::Removed { old: b, .. } => Change::Removed(old.blocks[b].text.clone()),
            Diff::Changed { old: o, new: n } => {
                let (old, new) = (&old.blocks[o].text, &new.blocks[n].text);
                Change::Changed {
                    removed: new_words(new, old, budget),
                    added: new_words(old, new, budget),
                    old: old.clone(),
                    new: new.clone(),
                }
            }
        })
        .collect()
}

/// Pairs each removed block with an added block of the same text (in any tab) as a move: the
/// first such added block, in tab order, not yet paired.
fn moves(tabs: &mut [TabChanges]) {
    // The added blocks by text, in order.
    let mut added: HashMap<String, VecDeque<(usize, usize)>> = HashMap::new();
    for (t, tab) in tabs.iter().enumerate() {
        for (c, change) in tab.changes.iter().enumerate() {
            if let Change::Added(text) = change {
                added.entry(text.clone()).or_default().push_back((t, c));
            }
        }
    }
    let mut gone: Vec<(usize, usize)> = Vec::new();
    for t in 0..tabs.len() {
        for c in 0..tabs[t].changes.len() {
            let Change::Removed(text) = &tabs[t].changes[c] else {
                continue;
            };
            let Some((at, ac)) = added.get_mut(text).and_then(VecDeque::pop_front) else {
                continue;
            };
            let text = text.clone();
            let from = tabs[t].tab.clone();
            tabs[at].changes[ac] = Change::Moved { text, from };
            gone.push((t, c));
        }
    }
    let mut gone = gone.into_iter().peekable();
    for (t, tab) in tabs.iter_mut().enumerate() {
        let mut c = 0;
        tab.changes.retain(|_| {
            let keep = gone.next_if_eq(&(t, c)).is_none();
            c += 1;
            keep
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Briefing<'static> {
        crate::briefing::parse(crate::bundled::BRIEFINGS[0].1.to_string())
            .briefing
            .unwrap()
    }

    #[test]
    fn the_same_briefing_has_no_changes() {
        assert!(briefings(&bundled(), &bundled()).is_empty());
    }

    #[test]
    fn added_removed_changed_and_moved_blocks_are_found() {
        let old = bundled();
        let mut new = bundled();
        new.summary.key_points.push("A new key point.".into());
        new.parties[0].statements[1].text = new.parties[0].statements[1]
            .text
            .replace("drones", "unmanned aircraft")
            .into();
        new.parties[2].statements.remove(0);
        new.parties[1].statements.swap(0, 1);
        new.sources[0].name = "A renamed source".into();
        let tabs = briefings(&old, &new);
        let titles: Vec<&str> = tabs.iter().map(|t| t.tab.as_str()).collect();
        // The renamed source changes every attribution line that cites it, in every tab.
        assert_eq!(
            titles,
            [
                "Summary",
                "Armenia",
                "Azerbaijan",
                "Russia",
                "Reactions",
                "Sources"
            ]
        );
        assert!(
            tabs[0]
                .changes
                .contains(&Change::Added("•A new key point.".into()))
        );
        let changed = tabs[1].changes.iter().find_map(|c| match c {
            Change::Changed { new, added, .. } if new.contains("unmanned") => Some(
                added
                    .iter()
                    .map(|r| new[r.clone()].to_string())
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        });
        assert_eq!(changed, Some(vec!["unmanned aircraft".to_string()]));
        assert!(
            tabs[2]
                .changes
                .iter()
                .any(|c| matches!(c, Change::Moved { from, .. } if from == "Azerbaijan")),
            "{:?}",
            tabs[2].changes
        );
        assert!(
            tabs[3]
                .changes
                .iter()
                .any(|c| matches!(c, Change::Removed(t) if t.starts_with("Russia is the main")))
        );
        assert!(
            tabs[5].changes.iter().any(
                |c| matches!(c, Change::Changed { new, .. } if new.contains("A renamed source"))
            )
        );
    }

    #[test]
    fn with_the_budget_spent_a_huge_rewrite_is_one_complete_change() {
        let old = bundled();
        let mut new = bundled();
        let words: Vec<String> = (0..30_000).map(|i| format!("w{}", i % 997)).collect();
        let rewritten: Vec<String> = (words.iter().enumerate())
            .map(|(i, w)| {
                if i % 3 == 0 {
                    format!("{w}x")
                } else {
                    w.clone()
                }
            })
            .collect();
        let mut old = old;
        old.parties[0].statements[1].text = words.join(" ").into();
        new.parties[0].statements[1].text = rewritten.join(" ").into();
        new.summary.key_points.push("A new key point.".into());
        let tabs = within(&old, &new, &mut Budget::spent());
        assert!(
            tabs[0]
                .changes
                .contains(&Change::Added("•A new key point.".into()))
        );
        let Some(Change::Changed {
            old: was,
            new: now,
            removed,
            added,
        }) = (tabs[1].changes.iter())
            .find(|c| matches!(c, Change::Changed { new, .. } if new.contains("w5x")))
        else {
            panic!("{:?}", tabs[1].changes);
        };
        // Coarse: one range each side, from the first word that differs to the last, so
        // every word added or removed is within it.
        assert_eq!((removed.len(), added.len()), (1, 1));
        let last_x = now.rfind('x').unwrap();
        assert_eq!(added[0], 0..last_x + 1, "{:?}", &now[added[0].end..]);
        assert!(now[..last_x + 1].ends_with(&rewritten[rewritten.len() - 3]));
        assert_eq!(removed[0].start, 0);
        assert_eq!(&was[removed[0].end..], &now[added[0].end..]);
    }
}
