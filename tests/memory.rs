//! What the library keeps per briefing beyond the text itself stays under 10 KB.

#[path = "../benches/common/mod.rs"]
mod common;

use briefing::library::index::{Index, index};
use briefing::library::source::Origin;

#[test]
fn the_index_keeps_little_beyond_the_text() {
    let mut idx = Index::default();
    let n = 300;
    for i in 0..n {
        let b = briefing::briefing::parse(common::briefing(7_000, i))
            .briefing
            .unwrap();
        let path = format!("/archive/{:02}/briefing-{i:05}.toml", i % 50);
        idx.push(index(Origin::File(path.into()), b, 0));
    }
    let per_briefing = idx.overhead_bytes() / n as usize;
    assert!(
        per_briefing <= 10 * 1024,
        "{per_briefing} bytes per briefing"
    );
    // Not keeping the parsed document: the text itself is most of what is kept.
    let text: usize = idx.entries.iter().map(|e| e.lower.len()).sum::<usize>() / n as usize;
    assert!(text > 3_000, "{text}");
}
