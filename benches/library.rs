//! The library at archive scale: 10,000 generated briefings (about 7 KB each) in a temporary
//! folder, plus a few broken ones.
//!
//! Measured, side by side in one run: the full load (scan, read, parse, validate, sanitise,
//! index) on the loading pool, against the bare `toml` parse of the same files into
//! `toml::Table` on the same number of threads (target: ≤ 1.2×); the time from start to the
//! library's first frame (target: ≤ 25 ms); and a search keystroke (search and sort) for a
//! rare word, a common word and a field filter (target: ≤ 5 ms). Memory beyond the text
//! itself is reported per briefing (target: ≤ 10 KB).

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use briefing::app::library::Library;
use briefing::app::state::App;
use briefing::briefing::DEFAULT_MAX_SIZE;
use briefing::library::loader::{self, Loader};
use briefing::library::scan::Symlinks;
use briefing::library::source::Sources;
use briefing::ui::{Theme, render};
use criterion::{Criterion, criterion_group};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

const COUNT: usize = 10_000;
const RARE: &str = "quetzalcoatlus";

/// Writes the archive once per run; returns its folder.
fn archive() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..COUNT {
            let mut text = common::briefing(7_000, i as u64);
            if i == COUNT / 2 {
                text.push_str(&format!(
                    "\n[[reactions]]\nactor = \"Museum\"\nspeaker = \"Curator\"\ntext = \"A {RARE} fossil was found.\"\n"
                ));
            }
            let sub = dir.path().join(format!("{:02}", i % 50));
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join(format!("b{i:05}.toml")), text).unwrap();
        }
        for (i, broken) in ["format = 1\n[briefing]\ntitle = 3\n", "format = 2\n", "not toml ]["]
            .iter()
            .enumerate()
        {
            std::fs::write(dir.path().join(format!("broken{i}.toml")), broken).unwrap();
        }
        dir
    })
    .path()
}

fn files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walk(archive());
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The whole pipeline: scan, then load and index every file on the loading pool, collected
/// into the library's index.
fn full_load() -> Library {
    let mut library = Library::new(Rect::new(0, 0, 120, 40));
    for msg in Loader::start(
        Sources::Paths(vec![archive().to_path_buf()], Symlinks::Inside),
        DEFAULT_MAX_SIZE,
    )
    .wait_all()
    {
        library.receive(msg);
    }
    library
}

/// The baseline: each file read and parsed into a `toml::Table`, on as many threads as the
/// loading pool has, given the file list for free.
fn bare_parse(files: &Arc<Vec<PathBuf>>) -> usize {
    let next = Arc::new(AtomicUsize::new(0));
    let parsed = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..loader::workers())
        .map(|_| {
            let (files, next, parsed) = (Arc::clone(files), Arc::clone(&next), Arc::clone(&parsed));
            std::thread::spawn(move || {
                while let Some(path) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let text = std::fs::read_to_string(path).unwrap_or_default();
                    if toml::from_str::<toml::Table>(&text).is_ok() {
                        parsed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    parsed.load(Ordering::Relaxed)
}

/// From nothing to the library's first frame: start the loader, settle, draw.
fn first_frame(theme: &Theme) -> Duration {
    let start = Instant::now();
    let mut app = App::library(
        Sources::Paths(vec![archive().to_path_buf()], Symlinks::Inside),
        DEFAULT_MAX_SIZE,
        Rect::new(0, 0, 120, 40),
    );
    app.settle(Duration::from_millis(5));
    app.pump();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| render(&app, theme, f)).unwrap();
    start.elapsed()
}

fn loading(c: &mut Criterion) {
    let files = Arc::new(files());
    let mut group = c.benchmark_group("load_10k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    // Freeing the loaded library is not part of loading.
    group.bench_function("full_load", |b| b.iter_with_large_drop(full_load));
    group.bench_function("bare_toml_parse", |b| b.iter(|| bare_parse(&files)));
    group.finish();
}

fn searching(c: &mut Criterion) {
    let mut library = full_load();
    let mut group = c.benchmark_group("search_10k");
    for (name, query) in [
        ("rare_word", RARE),
        ("common_word", "ministry"),
        ("field_filter", "party:alpha after:2012-01-01"),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                library.set_query(query);
                library.refresh(&Default::default());
                library.set_query("");
                library.refresh(&Default::default());
            })
        });
    }
    group.finish();
}

criterion_group!(benches, loading, searching);

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let quick = std::env::args().any(|a| a == "--test");
    archive();
    if !quick {
        benches();
        Criterion::default().configure_from_args().final_summary();
    }
    let rounds = if quick { 1 } else { 9 };
    let files = Arc::new(files());
    // Load against bare parse in paired rounds, alternating which goes first; the ratio is the
    // median of the per-round ratios, so the machine's drift between rounds cancels out.
    let (mut full, mut bare, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let mut library = None;
    for round in 0..rounds {
        let mut time_full = || {
            // The previous round's library is dropped first: freeing it is not loading.
            drop(library.take());
            let t = Instant::now();
            let loaded = full_load();
            let elapsed = t.elapsed();
            library = Some(loaded);
            elapsed
        };
        let time_bare = || {
            let t = Instant::now();
            let parsed = bare_parse(&files);
            let elapsed = t.elapsed();
            assert_eq!(
                parsed,
                COUNT + 2,
                "every good file parses (and two broken ones are valid TOML)"
            );
            elapsed
        };
        let (f, b) = if round % 2 == 0 {
            let f = time_full();
            (f, time_bare())
        } else {
            let b = time_bare();
            (time_full(), b)
        };
        full.push(f);
        bare.push(b);
        ratios.push(f.as_secs_f64() / b.as_secs_f64());
    }
    ratios.sort_by(f64::total_cmp);
    let ratio = ratios[ratios.len() / 2];
    let mut library = library.unwrap();
    assert_eq!(library.index.entries.len(), COUNT);
    assert_eq!(library.failures.len(), 3);
    let theme = Theme::default_theme(true);
    let frames: Vec<Duration> = (0..rounds.max(3)).map(|_| first_frame(&theme)).collect();
    let mut keystroke = |query: &str| {
        let times: Vec<Duration> = (0..if quick { 3 } else { 101 })
            .map(|_| {
                library.set_query("");
                library.refresh(&Default::default());
                let t = Instant::now();
                library.set_query(query);
                library.refresh(&Default::default());
                t.elapsed()
            })
            .collect();
        (median(times), library.view.len())
    };
    let rare = keystroke(RARE);
    let common = keystroke("ministry");
    let filter = keystroke("party:alpha after:2012-01-01");
    let text_bytes: usize = library.index.entries.iter().map(|e| e.lower.len()).sum();
    let overhead = library.index.overhead_bytes();
    let (full, bare) = (median(full), median(bare));
    println!(
        "\nlibrary of {COUNT} briefings (+3 broken), {} loading threads, medians:",
        loader::workers()
    );
    println!("  full load          {:>8.1} ms", ms(full));
    println!("  bare toml parse    {:>8.1} ms", ms(bare));
    println!(
        "  load / bare parse  {ratio:>8.2}      median of {rounds} paired rounds, from {:.2} to {:.2} (target ≤ 1.2)",
        ratios[0],
        ratios[ratios.len() - 1]
    );
    println!(
        "  first frame        {:>8.1} ms   (target ≤ 25, in-process; see the startup bench for a real terminal)",
        ms(median(frames))
    );
    println!(
        "  search, rare word  {:>8.2} ms   {} match",
        ms(rare.0),
        rare.1
    );
    println!(
        "  search, common     {:>8.2} ms   {} match",
        ms(common.0),
        common.1
    );
    println!(
        "  search, filter     {:>8.2} ms   {} match",
        ms(filter.0),
        filter.1
    );
    println!(
        "  memory beyond the text: {:.1} KB per briefing (target ≤ 10); text {:.1} KB per briefing",
        overhead as f64 / COUNT as f64 / 1024.0,
        text_bytes as f64 / COUNT as f64 / 1024.0
    );
}
