//! What changed in the open briefing since it was last read: when a briefing is opened the
//! store is asked for its text as last read; if that differs, the reader marks each block
//! added or changed since, with the new words highlighted, and shows removed text where it
//! stood. Closing the reader makes the text read now the last-read version. Two small versions
//! are compared at once; larger ones on a thread of their own, the reader taking keys and
//! drawing meanwhile, its marks coming when the comparison is ready (each comparison within a
//! [`Budget`], so even the largest comes soon, coarser).

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, OnceLock};

use super::reader::Reader;
use super::state::App;
use crate::briefing::{Briefing, parse};
use crate::document::changes::{Marks, since};
use crate::document::{Anchor, Presentation, TabKind};
use crate::words::Budget;

/// Most bytes of text, the two versions' together, compared at once on the reader's thread.
pub const AT_ONCE: usize = 64 * 1024;

/// Each tab's marks.
pub type TabMarks = Arc<Vec<(TabKind, Marks)>>;

/// What changed since the last reading, as far as it is known.
#[derive(Debug, Clone, Default)]
pub enum Since {
    /// No last reading to compare with (or it is the same).
    #[default]
    Nothing,
    /// Being compared on a thread of its own, laid out as shown: the thread fills the slot.
    Comparing(Presentation, Arc<OnceLock<TabMarks>>),
    /// Compared, laid out as shown.
    Compared(Presentation, TabMarks),
}

/// The bytes of text a briefing holds, near enough: its summary, its passages (key points,
/// statements, reactions, timeline, sources) and the original wordings.
fn weight(b: &Briefing) -> usize {
    let originals = (b.parties.iter().flat_map(|p| &p.statements))
        .chain(b.reactions.iter().map(|r| &r.statement))
        .filter_map(|s| s.original.as_ref())
        .map(|o| o.text.len());
    let passages = b.parts().into_iter().map(|(_, p)| p.text.len());
    b.summary.bluf.len() + b.summary.text.len() + originals.chain(passages).sum::<usize>()
}

impl Since {
    /// Compares `reader`'s briefing with its last reading as it shows them: at once when the
    /// two are small ([`AT_ONCE`]), else on a thread of its own.
    pub fn start(reader: &Reader) -> Self {
        let Some(old) = &reader.previous else {
            return Self::Nothing;
        };
        let shown = reader.shown.clone();
        if weight(old) + weight(&reader.briefing) <= AT_ONCE {
            let marks = since(old, &reader.briefing, &shown, &mut Budget::new());
            return Self::Compared(shown, Arc::new(marks));
        }
        let slot = Arc::new(OnceLock::new());
        let (old, new) = ((**old).clone(), reader.briefing.clone());
        let (into, layout) = (slot.clone(), shown.clone());
        let spawned = std::thread::Builder::new()
            .name("brief-changes".into())
            .spawn(move || {
                // A comparison that fails (a bug in brief) leaves no marks, not a reader
                // comparing for ever.
                let marks = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    since(&old, &new, &layout, &mut Budget::new())
                }));
                let _ = into.set(Arc::new(marks.unwrap_or_default()));
            });
        match spawned {
            Ok(_) => Self::Comparing(shown, slot),
            // No thread to be had: the reader shows no marks rather than wait.
            Err(_) => Self::Nothing,
        }
    }
}

impl App {
    /// The store's answer to "what did briefing `id` say when last read?".
    pub(super) fn compare_with(&mut self, id: &str, text: Option<String>) {
        let (Some(reader), Some(open)) = (&mut self.reader, &self.reader_id) else {
            return;
        };
        let Some(text) = text.filter(|_| open == id) else {
            return;
        };
        if reader.source.as_deref() == Some(text.as_str()) {
            return;
        }
        // A last-read text this `brief` cannot read any more is no reason not to open.
        if let Some(old) = parse(text).briefing {
            reader.set_previous(old);
        }
    }

    /// Remembers the open briefing's text as the version last read.
    pub(super) fn remember_seen(&mut self) {
        if let (Some(reader), Some(id)) = (&self.reader, &self.reader_id)
            && let Some(source) = &reader.source
        {
            self.memory.seen(id, source);
        }
    }
}

impl Reader {
    /// Goes to the next (or previous) block changed since the last reading, across tabs,
    /// wrapping around; false when nothing changed.
    pub(super) fn step_change(&mut self, forward: bool) -> bool {
        let here = (self.current, self.tab().top_block());
        let mut all: Vec<(usize, usize)> = Vec::new();
        for (t, tab) in self.tabs.iter().enumerate() {
            // A block that spans several marks counts once: the first line of each run.
            let mut last = None;
            for (block, _) in &tab.changes {
                if last.is_none_or(|l| l + 1 != *block) {
                    all.push((t, *block));
                }
                last = Some(*block);
            }
        }
        if all.is_empty() {
            return false;
        }
        let target = if forward {
            all.iter().find(|c| **c > here).or(all.first())
        } else {
            all.iter().rev().find(|c| **c < here).or(all.last())
        };
        let Some(&(tab, block)) = target else {
            return false;
        };
        self.show_tab(tab);
        let anchor = Anchor {
            block,
            offset: 0,
            nth: 0,
        };
        if let Some((_, wrapped)) = self.tab().lines() {
            let line = wrapped.line_of(anchor);
            let rows = usize::try_from(self.page()).unwrap_or(1);
            self.scroll_to(line.saturating_sub(rows / 3));
        }
        true
    }
}
