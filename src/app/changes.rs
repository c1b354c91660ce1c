//! What changed in the open briefing since it was last read: when a briefing is opened the
//! store is asked for its text as last read; if that differs, the reader marks each block
//! added or changed since, with the new words highlighted, and shows removed text where it
//! stood. Closing the reader makes the text read now the last-read version.

use super::reader::Reader;
use super::state::App;
use crate::briefing::parse;
use crate::document::Anchor;

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
