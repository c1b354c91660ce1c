//! Briefing ids within one library. An id is what the library, and the store that remembers
//! reading state and notes, know a briefing by, so two briefings with one id are a problem:
//! each is reported, naming the others. Both still open.

use std::collections::{BTreeMap, HashMap};

use super::source::Origin;
use crate::briefing::Diagnostic;
use crate::briefing::diagnostic::quote;
use crate::briefing::sanitize;

/// The ids seen so far, and those more than one briefing has.
#[derive(Debug, Clone, Default)]
pub struct Ids {
    first: HashMap<String, Origin>,
    /// Each id held by more than one briefing, with all of them, in path order.
    shared: BTreeMap<String, Vec<Origin>>,
}

impl Ids {
    /// Notes that the briefing from `origin` has `id`.
    pub fn add(&mut self, id: &str, origin: &Origin) {
        match self.first.get(id) {
            None => {
                self.first.insert(id.to_string(), origin.clone());
            }
            // One file named twice, or reached through a symlink too, is not two briefings.
            Some(first) if same_file(first, origin) => {}
            Some(first) => {
                let holders = self
                    .shared
                    .entry(id.to_string())
                    .or_insert_with(|| vec![first.clone()]);
                if holders.iter().any(|o| same_file(o, origin)) {
                    return;
                }
                let at = holders.partition_point(|o| o < origin);
                holders.insert(at, origin.clone());
            }
        }
    }

    pub fn clear(&mut self) {
        self.first.clear();
        self.shared.clear();
    }

    /// How many briefings share their id with another.
    pub fn count(&self) -> usize {
        self.shared.values().map(Vec::len).sum()
    }

    /// Each briefing that shares its id, with the problem: in id order, then path order.
    pub fn problems(&self) -> impl Iterator<Item = (&Origin, Diagnostic)> {
        self.shared.iter().flat_map(|(id, holders)| {
            holders.iter().map(move |origin| {
                let others: Vec<String> = holders
                    .iter()
                    .filter(|o| *o != origin)
                    .map(|o| sanitize::quoted(&o.name()).into_owned())
                    .collect();
                let message = format!("id {} is also the id of {}", quote(id), others.join(", "));
                let d = Diagnostic::error("duplicate-id", message, None).with_help(
                    "give each briefing its own `id` in [briefing] (without one, its file name \
                     is its id)",
                );
                (origin, d)
            })
        })
    }

    /// [`Ids::problems`] as `path: error: message` lines.
    pub fn lines(&self) -> impl Iterator<Item = String> {
        self.problems()
            .map(|(origin, d)| d.one_line(&origin.name(), ""))
    }
}

/// Whether `a` and `b` are one file (the same path, or paths that resolve to one file).
/// Asked only of briefings whose ids collide.
fn same_file(a: &Origin, b: &Origin) -> bool {
    match (a, b) {
        (Origin::File(a), Origin::File(b)) => {
            a == b
                || matches!(
                    (std::fs::canonicalize(a), std::fs::canonicalize(b)),
                    (Ok(a), Ok(b)) if a == b
                )
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_briefing_that_shares_an_id_names_the_others() {
        let mut ids = Ids::default();
        for (id, path) in [("a", "x/1.toml"), ("b", "x/2.toml"), ("a", "y/1.toml")] {
            ids.add(id, &Origin::File(path.into()));
        }
        assert_eq!(ids.count(), 2);
        let lines: Vec<String> = ids.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("x/1.toml: error: id `a` is also the id of y/1.toml ("));
        assert!(lines[1].starts_with("y/1.toml: error: id `a` is also the id of x/1.toml ("));
        ids.clear();
        assert_eq!(ids.count(), 0);
    }
}
