//! Sequences compared within a budget (the words of two texts, the blocks of two layouts), so
//! that no diff takes long whatever the texts. A diff is exact (Myers, as `similar` gives it,
//! the same on any machine) when its worst case fits the work left in the budget, or when its
//! edits are few enough for a greedy search to count them within a third of that (a few edits
//! in a long text); else it runs until the budget's deadline, when `similar` replaces what it
//! has not matched by then as a whole; with no time left it is coarse: what the two share at
//! the start and at the end is kept, everything between is removed and added. Once a budget is
//! exhausted, what two texts share at their ends is found on their bytes ([`shared_ends`]),
//! without splitting them into words.

use std::hash::Hash;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp, capture_diff_deadline, get_diff_ratio};

/// Worst-case steps of exact diffs one budget allows: a few tens of milliseconds at most
/// (`benches/diff.rs`), and far more than a briefing of normal size rewritten throughout needs.
pub const WORK: u64 = 6_000_000;

/// Work below which, with no time left either, a budget is [`Budget::exhausted`].
const EXHAUSTED: u64 = 1_000;

/// How long, from its start, a budget lets larger diffs run.
pub const TIME: Duration = Duration::from_millis(60);

/// What a run of diffs (a briefing's, a tab's, one likeness) may spend.
#[derive(Debug, Clone)]
pub struct Budget {
    /// Worst-case steps left for exact diffs.
    work: u64,
    /// When larger diffs stop refining; `None`: they are coarse at once.
    deadline: Option<Instant>,
}

impl Default for Budget {
    fn default() -> Self {
        Self::new()
    }
}

impl Budget {
    /// [`WORK`] steps of exact diffs, and [`TIME`] from now for larger ones.
    pub fn new() -> Self {
        Self {
            work: WORK,
            deadline: Instant::now().checked_add(TIME),
        }
    }

    /// `work` steps of exact diffs; larger ones coarse, with no deadline (the same result
    /// on any machine, at any load).
    pub fn steps(work: u64) -> Self {
        Self {
            work,
            deadline: None,
        }
    }

    /// Nothing left: every diff with anything to find between a shared start and end is
    /// coarse.
    pub fn spent() -> Self {
        Self::steps(0)
    }

    /// Whether the worst-case steps `cost` fit what is left; takes them when they do.
    fn take(&mut self, cost: u64) -> bool {
        let fits = cost <= self.work;
        if fits {
            self.work -= cost;
        }
        fits
    }

    /// Whether nothing is left to refine any diff with: no time, and too little work for
    /// any but the smallest.
    pub fn exhausted(&self) -> bool {
        self.work < EXHAUSTED && self.time_left().is_none()
    }

    /// The deadline for a larger diff, `None` when there is no time left for one.
    fn time_left(&self) -> Option<Instant> {
        self.deadline.filter(|&d| Instant::now() < d)
    }
}

/// How a diff came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fidelity {
    /// Exact, within the budget's work.
    Exact,
    /// Refined until the deadline, replacing whatever was not matched by then.
    Timed,
    /// The shared start and end kept, the rest replaced.
    Coarse,
}

/// The worst-case steps of Myers' diff of `n` and `m` elements (once what they share at the
/// start and the end is set aside): its search runs to half the edit distance, at most `n + m`,
/// on as many diagonals. None when one side is empty: there is nothing to search.
pub fn cost(n: usize, m: usize) -> u64 {
    if n == 0 || m == 0 {
        return 0;
    }
    let d = (n as u64).saturating_add(m as u64);
    d.saturating_mul(d) / 2
}

/// The diff of `old` and `new`, as `similar`'s Myers gives it when the budget allows (see the
/// module's doc), and how it came about.
pub fn ops<T: Hash + Eq + Ord>(
    old: &[T],
    new: &[T],
    budget: &mut Budget,
) -> (Vec<DiffOp>, Fidelity) {
    let start = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let end = (old[start..].iter().rev())
        .zip(new[start..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (n, m) = (old.len() - start - end, new.len() - start - end);
    if budget.take(cost(n, m)) {
        let ops =
            capture_diff_deadline(Algorithm::Myers, old, 0..old.len(), new, 0..new.len(), None);
        return (ops, Fidelity::Exact);
    }
    let run = |deadline| {
        capture_diff_deadline(
            Algorithm::Myers,
            old,
            0..old.len(),
            new,
            0..new.len(),
            deadline,
        )
    };
    // Few edits in long texts: the search stops at half their number, so it is cheap however
    // long the texts. Found within a third of what is left, the diff itself gets the rest.
    let (a, b) = (&old[start..old.len() - end], &new[start..new.len() - end]);
    let probe = budget.work / 3;
    match distance(a, b, probe) {
        Some(steps) if budget.take(steps.saturating_mul(3)) => {
            return (run(None), Fidelity::Exact);
        }
        Some(steps) => budget.work -= steps.min(budget.work),
        None => budget.work -= probe,
    }
    if let Some(deadline) = budget.time_left() {
        return (run(Some(deadline)), Fidelity::Timed);
    }
    (coarse(old.len(), new.len(), start, end), Fidelity::Coarse)
}

/// The steps Myers' greedy search forward takes to find the edit distance of `a` and `b`,
/// when that is at most `work`: each diagonal tried and each element compared on it counts.
fn distance<T: PartialEq>(a: &[T], b: &[T], work: u64) -> Option<u64> {
    let (n, m) = (a.len(), b.len());
    // The search reaches distance `d` after about d² steps.
    let cap = (work.isqrt() as usize + 1).min(n + m);
    let at = |k: isize| usize::try_from(k + cap as isize + 1).expect("within the diagonals");
    let mut v = vec![0usize; 2 * cap + 3];
    let mut steps: u64 = 0;
    for d in 0..=cap as isize {
        for k in (-d..=d).step_by(2) {
            let mut x = if k == -d || (k != d && v[at(k - 1)] < v[at(k + 1)]) {
                v[at(k + 1)]
            } else {
                v[at(k - 1)] + 1
            };
            let Some(mut y) = x.checked_add_signed(-k) else {
                continue;
            };
            let from = x;
            while x < n && y < m && a[x] == b[y] {
                x += 1;
                y += 1;
            }
            steps += 1 + (x - from) as u64;
            if steps > work {
                return None;
            }
            v[at(k)] = x;
            if x >= n && y >= m {
                return Some(steps);
            }
        }
    }
    None
}

/// The first `start` and last `end` elements equal, everything between replaced.
fn coarse(old_len: usize, new_len: usize, start: usize, end: usize) -> Vec<DiffOp> {
    let (n, m) = (old_len - start - end, new_len - start - end);
    let mut out = Vec::new();
    if start > 0 {
        out.push(DiffOp::Equal {
            old_index: 0,
            new_index: 0,
            len: start,
        });
    }
    match (n, m) {
        (0, 0) => {}
        (n, 0) => out.push(DiffOp::Delete {
            old_index: start,
            old_len: n,
            new_index: start,
        }),
        (0, m) => out.push(DiffOp::Insert {
            old_index: start,
            new_index: start,
            new_len: m,
        }),
        (n, m) => out.push(DiffOp::Replace {
            old_index: start,
            old_len: n,
            new_index: start,
            new_len: m,
        }),
    }
    if end > 0 {
        out.push(DiffOp::Equal {
            old_index: old_len - end,
            new_index: new_len - end,
            len: end,
        });
    }
    out
}

/// A text's words and the spaces between them, as `similar` splits them (runs of white
/// space and of the rest), reading bytes where they are ASCII.
pub fn words(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut at) = (0, 0);
    let mut last: Option<bool> = None;
    while at < bytes.len() {
        let (space, len) = match bytes[at] {
            // `char::is_whitespace` of ASCII: tab, line feed, vertical tab, form feed,
            // carriage return and space.
            b @ 0..0x80 => (matches!(b, b'\t'..=b'\r' | b' '), 1),
            _ => {
                let c = text[at..].chars().next().expect("at a char boundary");
                (c.is_whitespace(), c.len_utf8())
            }
        };
        if last.is_some_and(|l| l != space) {
            out.push(&text[start..at]);
            start = at;
        }
        last = Some(space);
        at += len;
    }
    if start < at {
        out.push(&text[start..]);
    }
    out
}

/// Whether the text at byte `at` starts a word or a space (see [`words`]) in `text`.
fn boundary(text: &str, at: usize) -> bool {
    let space = |c: Option<char>| c.is_some_and(char::is_whitespace);
    text.is_char_boundary(at)
        && (at == 0
            || at == text.len()
            || space(text[..at].chars().next_back()) != space(text[at..].chars().next()))
}

/// The bytes of the words (and spaces) `old` and `new` share at the start and, after those,
/// at the end, as [`ops`] finds them, without splitting either text into words.
pub fn shared_ends(old: &str, new: &str) -> (usize, usize) {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let mut start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while start > 0 && !(boundary(old, start) && boundary(new, start)) {
        start -= 1;
    }
    let room = a.len().min(b.len()) - start;
    let mut end = (a.iter().rev().zip(b.iter().rev()))
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    while end > 0 && !(boundary(old, a.len() - end) && boundary(new, b.len() - end)) {
        end -= 1;
    }
    (start, end)
}

/// How alike two texts' words are, as `similar`'s ratio: 1 when equal, 0 when nothing is
/// shared.
pub fn ratio(old: &str, new: &str, budget: &mut Budget) -> f32 {
    let (old, new) = (words(old), words(new));
    let (ops, _) = ops(&old, &new, budget);
    get_diff_ratio(&ops, old.len(), new.len())
}

#[cfg(test)]
mod tests {
    use similar::TextDiff;

    use super::*;

    /// Texts of a few hundred words, some alike, some not.
    fn texts() -> Vec<String> {
        let words = [
            "talks",
            "Şuşa",
            "ceasefire",
            "漢字",
            "border",
            "said",
            "the",
        ];
        let mut out = vec![String::new(), "one".into(), "one two".into()];
        let mut x: u64 = 7;
        for len in [5, 40, 150, 400] {
            let mut t = String::new();
            for _ in 0..len {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push_str(words[(x % 7) as usize]);
                t.push(if x.is_multiple_of(11) { '\n' } else { ' ' });
            }
            out.push(t);
        }
        out
    }

    #[test]
    fn the_shared_ends_are_the_shared_words() {
        let mut all = texts();
        all.extend(["é b", "è b", "ab  c", "ab c", "a bc", "x a", "a"].map(String::from));
        for old in &all {
            for new in &all {
                let (a, b) = (words(old), words(new));
                let (got, _) = ops(&a, &b, &mut Budget::spent());
                let bytes = |ws: &[&str]| ws.iter().map(|w| w.len()).sum::<usize>();
                let start = match got.first() {
                    Some(DiffOp::Equal { len, .. }) => bytes(&a[..*len]),
                    _ => 0,
                };
                let end = match got.last() {
                    Some(DiffOp::Equal { old_index, len, .. }) if got.len() > 1 || start == 0 => {
                        bytes(&a[*old_index..old_index + len])
                    }
                    _ => 0,
                };
                let (start, end) = if got.len() == 1 && start > 0 {
                    (start, 0)
                } else {
                    (start, end)
                };
                assert_eq!(shared_ends(old, new), (start, end), "{old:?} {new:?}");
            }
        }
    }

    #[test]
    fn words_are_split_as_similar_splits_them() {
        let mut all = texts();
        all.push("\u{a0}a\u{3000}b\t\x0b c\r\n\u{85}d漢字 é \u{200a}".into());
        all.push("  lead and trail  ".into());
        for text in &all {
            assert_eq!(
                words(text),
                similar::DiffableStr::tokenize_words(text.as_str())
            );
        }
    }

    #[test]
    fn within_the_budget_the_diff_is_similars_own() {
        let all = texts();
        for old in &all {
            for new in &all {
                let (a, b) = (words(old), words(new));
                let (got, fidelity) = ops(&a, &b, &mut Budget::new());
                assert_eq!(fidelity, Fidelity::Exact);
                assert_eq!(got, TextDiff::from_words(old, new).ops());
                let exact = TextDiff::from_words(old, new).ratio();
                assert_eq!(ratio(old, new, &mut Budget::new()), exact);
            }
        }
    }

    #[test]
    fn a_spent_budget_keeps_the_shared_start_and_end_and_replaces_the_rest() {
        let old = ["a", "b", "c", "d", "e"];
        let new = ["a", "x", "c", "y", "e"];
        let (got, fidelity) = ops(&old, &new, &mut Budget::spent());
        assert_eq!(fidelity, Fidelity::Coarse);
        assert_eq!(
            got,
            [
                DiffOp::Equal {
                    old_index: 0,
                    new_index: 0,
                    len: 1
                },
                DiffOp::Replace {
                    old_index: 1,
                    old_len: 3,
                    new_index: 1,
                    new_len: 3
                },
                DiffOp::Equal {
                    old_index: 4,
                    new_index: 4,
                    len: 1
                },
            ]
        );
        // Only added, or only removed: nothing to search, so exact even with nothing left.
        let (got, fidelity) = ops(&old[..2], &old, &mut Budget::spent());
        assert_eq!(fidelity, Fidelity::Exact);
        assert_eq!(got.len(), 2);
        assert_eq!(ops(&old, &old, &mut Budget::spent()).1, Fidelity::Exact);
    }

    #[test]
    fn the_work_is_taken_from_the_budget_until_it_is_spent() {
        let old: Vec<u32> = (0..100).collect();
        let new: Vec<u32> = (100..200).collect();
        assert_eq!(cost(100, 100), 20_000);
        let mut budget = Budget::steps(50_000);
        assert_eq!(ops(&old, &new, &mut budget).1, Fidelity::Exact);
        assert_eq!(ops(&old, &new, &mut budget).1, Fidelity::Exact);
        // 10,000 left: the third is coarse, with no deadline to refine it.
        assert_eq!(ops(&old, &new, &mut budget).1, Fidelity::Coarse);
        // Smaller ones still fit.
        assert_eq!(ops(&old[..50], &new[..50], &mut budget).1, Fidelity::Exact);
    }

    #[test]
    fn coarse_likeness_is_no_higher_than_the_exact_one() {
        let all = texts();
        for old in &all {
            for new in &all {
                let exact = ratio(old, new, &mut Budget::new());
                assert!(ratio(old, new, &mut Budget::spent()) <= exact);
            }
        }
    }

    #[test]
    fn few_edits_far_apart_in_long_texts_are_found_exactly_many_are_not() {
        let old: Vec<u32> = (0..100_000).map(|i| i % 5_000).collect();
        let mut new = old.clone();
        new[100] = 9_999_999;
        new.insert(90_000, 7);
        // Too costly by its length alone, but only two edits to find.
        assert!(cost(old.len() - 100, new.len() - 100) > WORK);
        let (got, fidelity) = ops(&old, &new, &mut Budget::steps(WORK));
        assert_eq!(fidelity, Fidelity::Exact);
        let similar = similar::capture_diff_slices(Algorithm::Myers, &old, &new);
        assert_eq!(got, similar);
        // One in three changed: the search would take too long; with no deadline, coarse.
        let many: Vec<u32> = (old.iter().enumerate())
            .map(|(i, w)| if i % 3 == 0 { w + 100_000 } else { *w })
            .collect();
        let mut budget = Budget::steps(WORK);
        assert_eq!(ops(&old, &many, &mut budget).1, Fidelity::Coarse);
        // The search spent a third of the budget, no more.
        assert_eq!(budget.work, WORK - WORK / 3);
    }
}
