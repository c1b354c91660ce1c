//! The search index at archive scale: a realistic generated archive
//! ([`common::realistic`]: log-normal sizes, mean about 7.8 KB, a Zipf vocabulary of over
//! 50,000 words in five scripts, Arabic and Russian originals) in a temporary folder,
//! `BRIEF_BENCH_ARCHIVE` briefings (default 10,000; the targets are for 100,000).
//!
//! Measured, medians of rounds in one run: the bare `toml` parse of every file on the loading
//! threads (the baseline); the first build of the index (target ≤ 4× the bare parse);
//! reopening with nothing changed, and with one file changed (target ≤ 300 ms); a keystroke
//! (the first 50 rows in date order and the count) for a word in every briefing, a rare word,
//! a one- and a two-letter prefix as typed, a field filter alone and a filter with a word (targets
//! ≤ 30 ms, a rare word ≤ 3 ms, at 100,000), also within half the archive's folders (`half`:
//! a library of some of the folders the index holds); `brief list --query WORD` end to
//! end (target ≤ 0.1× the bare parse); and the index's size against the archive's.
//! `BRIEF_BENCH_KEEP=1` keeps the archive and its indexes (the folder is named);
//! `BRIEF_BENCH_REUSE=that folder` times the keystrokes alone on them.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use briefing::archive::catalog::Catalog;
use briefing::archive::plan::Plan;
use briefing::archive::scope::Scope;
use briefing::archive::search::Order;
use briefing::archive::sync::workers;
use briefing::briefing::DEFAULT_MAX_SIZE;
use briefing::library::query::parse;
use briefing::library::scan::Symlinks;
use briefing::library::source::Sources;

use common::realistic::{self, COMMON_TAG, EVERYWHERE, RARE, Vocabulary};

fn count() -> usize {
    std::env::var("BRIEF_BENCH_ARCHIVE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000)
}

/// Writes the archive: `n` realistic briefings in 100 folders, one with a rare word.
fn write_archive(v: &Vocabulary, dir: &Path, n: usize) -> (Vec<PathBuf>, u64) {
    let mut files = Vec::with_capacity(n);
    let mut bytes = 0;
    for i in 0..n {
        let text = realistic::briefing(v, i as u64, i == n / 2);
        let sub = dir.join(format!("{:02}", i % 100));
        std::fs::create_dir_all(&sub).unwrap();
        let path = sub.join(format!("b{i:06}.toml"));
        bytes += text.len() as u64;
        std::fs::write(&path, text).unwrap();
        files.push(path);
    }
    (files, bytes)
}

/// Each file read and parsed into a `toml::Table`, on as many threads as loading uses.
fn bare_parse(files: &[PathBuf]) -> usize {
    let next = AtomicUsize::new(0);
    let parsed = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..workers() {
            s.spawn(|| {
                while let Some(path) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let text = std::fs::read_to_string(path).unwrap_or_default();
                    if toml::from_str::<toml::Table>(&text).is_ok() {
                        parsed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    parsed.load(Ordering::Relaxed)
}

fn build(archive: &Path, index: &Path) -> Catalog {
    let sources = Sources::Paths(vec![archive.to_path_buf()], Symlinks::Inside);
    Catalog::build(&sources, Some(index), DEFAULT_MAX_SIZE, &mut |_, _| true).unwrap()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn time(f: impl FnOnce()) -> Duration {
    let t = Instant::now();
    f();
    t.elapsed()
}

/// A library of half the archive's folders, the index holding all of them (as one does that
/// shares the index with another folder's library).
fn half(archive: &Path) -> Scope {
    let folders: Vec<PathBuf> = (0..50).map(|i| archive.join(format!("{i:02}"))).collect();
    Scope::under(&folders)
}

/// Keystrokes: the first screen of rows and the total, for each kind of query.
fn keystrokes(
    catalog: &Catalog,
    scope: &Scope,
    quick: bool,
) -> Vec<(&'static str, Duration, usize)> {
    let mut keystrokes = Vec::new();
    let filter = format!("tag:{COMMON_TAG}");
    let filter_word = format!("tag:{COMMON_TAG} forces");
    let filter_letter = format!("tag:{COMMON_TAG} f");
    for (name, query, typing) in [
        ("a word in every briefing", EVERYWHERE, false),
        ("a rare word", RARE, false),
        ("a one-letter prefix (typing)", "m", true),
        ("a two-letter prefix (typing)", "mi", true),
        ("a Cyrillic one-letter prefix", "м", true),
        ("a field filter alone", &filter, false),
        ("a filter plus a word", &filter_word, false),
        ("a filter plus a letter (typing)", &filter_letter, true),
    ] {
        let plan = Plan::of(&parse(query).unwrap(), typing).unwrap();
        let search = |plan: &Plan| {
            catalog
                .archive
                .search(plan, Order::Date, 0, 50, scope)
                .unwrap()
        };
        // Another filter first, each time: what a connection keeps of the last one read is
        // not this query's (a `brief list` starts with nothing kept).
        let other = Plan::of(&parse("tag:nothing-of-this").unwrap(), false).unwrap();
        let mut total = 0;
        let t = median(
            (0..if quick { 1 } else { 21 })
                .map(|_| {
                    search(&other);
                    time(|| total = search(&plan).total)
                })
                .collect(),
        );
        assert!(total > 0, "{query} found nothing");
        keystrokes.push((name, t, total));
    }
    keystrokes
}

fn main() {
    let quick = std::env::args().any(|a| a == "--test");
    let n = if quick { 200 } else { count() };
    let rounds = if quick { 1 } else { 3 };
    let mut dir = tempfile::tempdir().unwrap();
    // `BRIEF_BENCH_KEEP=1` leaves the archive and its indexes behind, to look at;
    // `BRIEF_BENCH_REUSE=that folder` times only the keystrokes again, on its first index
    // (made again first if another version).
    if let Some(kept) = std::env::var_os("BRIEF_BENCH_REUSE") {
        let kept = PathBuf::from(kept);
        let archive = kept.join("archive");
        let catalog = build(&archive, &kept.join("index0"));
        for (name, t, total) in keystrokes(&catalog, &Scope::everything(), quick) {
            println!("  keystroke: {name:<30} {:7.2} ms ({total} found)", ms(t));
        }
        for (name, t, total) in keystrokes(&catalog, &half(&archive), quick) {
            println!(
                "  half, keystroke: {name:<24} {:7.2} ms ({total} found)",
                ms(t)
            );
        }
        return;
    }
    if std::env::var_os("BRIEF_BENCH_KEEP").is_some() {
        dir.disable_cleanup(true);
        eprintln!("archive and indexes kept in {}", dir.path().display());
    }
    let archive = dir.path().join("archive");
    let v = Vocabulary::new();
    let (files, bytes) = write_archive(&v, &archive, n);
    let index_dirs: Vec<PathBuf> = (0..rounds)
        .map(|i| dir.path().join(format!("index{i}")))
        .collect();

    // The first build against the bare parse, in paired rounds.
    let (mut bare, mut first) = (Vec::new(), Vec::new());
    for index in &index_dirs {
        bare.push(time(|| assert_eq!(bare_parse(&files), n)));
        first.push(time(|| {
            build(&archive, index);
        }));
    }
    let index = &index_dirs[0];
    let bare_ms = ms(median(bare));
    let first_ms = ms(median(first));
    // Reopening, nothing changed; then with one file changed each time.
    let reopen = median(
        (0..rounds * 2)
            .map(|_| time(|| drop(build(&archive, index))))
            .collect(),
    );
    let changed = median(
        (0..rounds * 2)
            .map(|i| {
                let text = realistic::briefing(&v, (n + i) as u64, false);
                std::fs::write(&files[i], text).unwrap();
                time(|| drop(build(&archive, index)))
            })
            .collect(),
    );
    // Keystrokes: the first screen of rows and the total.
    let catalog = build(&archive, index);
    let halved = keystrokes(&catalog, &half(&archive), quick);
    let keystrokes = keystrokes(&catalog, &Scope::everything(), quick);
    drop(catalog);
    // `brief list --query` end to end, reopening the same index.
    let list = median(
        (0..rounds * 2)
            .map(|_| {
                time(|| {
                    let out = std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
                        .args(["list", "--query", RARE])
                        .arg(&archive)
                        .env("BRIEF_CACHE_DIR", index)
                        .output()
                        .unwrap();
                    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
                })
            })
            .collect(),
    );
    let size: u64 = ["index.db", "index.db-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(index.join(f)).ok())
        .map(|m| m.len())
        .sum();

    println!(
        "search index over {n} briefings ({:.0} MB), medians:",
        bytes as f64 / 1e6
    );
    println!("  bare toml parse              {bare_ms:9.1} ms");
    println!(
        "  first build                  {first_ms:9.1} ms ({:.2}× the bare parse; target ≤ 4×)",
        first_ms / bare_ms
    );
    println!("  reopen, nothing changed      {:9.1} ms", ms(reopen));
    println!(
        "  reopen, one file changed     {:9.1} ms (target ≤ 300 ms)",
        ms(changed)
    );
    for (name, t, total) in keystrokes {
        println!("  keystroke: {name:<30} {:7.2} ms ({total} found)", ms(t));
    }
    for (name, t, total) in halved {
        println!(
            "  half, keystroke: {name:<24} {:7.2} ms ({total} found)",
            ms(t)
        );
    }
    println!(
        "  brief list --query, end to end {:7.1} ms ({:.3}× the bare parse; target ≤ 0.1×)",
        ms(list),
        ms(list) / bare_ms
    );
    println!(
        "  index on disk                {:9.1} MB ({:.2}× the archive; target ≤ 0.5×)",
        size as f64 / 1e6,
        size as f64 / bytes as f64
    );
}
