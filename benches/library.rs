//! The library over the search index at archive scale: `BRIEF_BENCH_ARCHIVE` briefings of a
//! realistic generated archive ([`common::realistic`]; default 10,000, the targets
//! are for 100,000) in a temporary folder.
//!
//! Measured, medians: the library's first frame when the index is up to date (what it holds
//! listed before the walk; target ≤ 30 ms at 100,000); a keystroke in its search line (the
//! count, the rows on screen and where each matched; target ≤ 30 ms: a word in every
//! briefing, a rare word, a first letter, a second, a letter more of a longer word, a field
//! filter, a filter and a letter, a filter and a word); and the peak memory (resident set) of a process that opens the library, waits
//! for the index and searches it, from no index and from one up to date (target ≤ 150 MB at
//! 100,000). The memory is measured in a child process (this program, run again), so the
//! archive's writing and the other measures do not count.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use briefing::app::memory::Memory;
use briefing::app::state::App;
use briefing::briefing::DEFAULT_MAX_SIZE;
use briefing::library::scan::Symlinks;
use briefing::library::source::Sources;
use briefing::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use common::realistic::{self, COMMON_TAG, EVERYWHERE, RARE, Vocabulary};

fn count() -> usize {
    std::env::var("BRIEF_BENCH_ARCHIVE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000)
}

/// Writes `n` realistic briefings in 100 folders under `dir`, one with a rare word.
fn write_archive(dir: &Path, n: usize) {
    let v = Vocabulary::new();
    for i in 0..n {
        let sub = dir.join(format!("{:02}", i % 100));
        std::fs::create_dir_all(&sub).unwrap();
        let text = realistic::briefing(&v, i as u64, i == n / 2);
        std::fs::write(sub.join(format!("b{i:06}.toml")), text).unwrap();
    }
}

fn open(archive: &Path, index: &Path) -> App {
    let sources = Sources::Paths(vec![archive.to_path_buf()], Symlinks::Inside);
    let size = Rect::new(0, 0, 120, 40);
    App::library(sources, Some(index.to_path_buf()), DEFAULT_MAX_SIZE, size)
}

/// Waits for the index to be up to date.
fn finish(app: &mut App) {
    while app.loading() {
        app.pump();
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The peak resident set of this process, from `/proc/self/status`, in MB.
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

/// The child: opens the library, waits for the index, types a search, and prints its peak
/// memory.
fn child(archive: &Path, index: &Path) {
    let theme = Theme::default_theme(true);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut app = open(archive, index);
    finish(&mut app);
    let mut memory = Memory::default();
    let library = app.library.as_mut().unwrap();
    let filter = format!("tag:{COMMON_TAG}");
    for typed in ["m", "mi", "min", EVERYWHERE, RARE, &filter] {
        library.set_query(typed, true);
        library.refresh(&mut memory);
    }
    terminal.draw(|f| render(&app, &theme, f)).unwrap();
    println!("{:.1}", peak_mb());
}

/// Runs the child on `archive` and `index`; its peak memory in MB.
fn peak_of_child(archive: &Path, index: &Path) -> f64 {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .arg("--child")
        .arg(archive)
        .arg(index)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        child(Path::new(&args[at + 1]), Path::new(&args[at + 2]));
        return;
    }
    let quick = args.iter().any(|a| a == "--test");
    let n = if quick { 200 } else { count() };
    let rounds = if quick { 1 } else { 15 };
    let dir = tempfile::tempdir().unwrap();
    let archive: PathBuf = dir.path().join("archive");
    let index: PathBuf = dir.path().join("index");
    write_archive(&archive, n);
    let first_build_peak = peak_of_child(&archive, &index);
    let reopen_peak = peak_of_child(&archive, &index);

    let theme = Theme::default_theme(true);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    // From nothing to the first frame, the index up to date: what it holds is listed before
    // the walk ends.
    let frames = median(
        (0..rounds)
            .map(|_| {
                let t = Instant::now();
                let mut app = open(&archive, &index);
                terminal.draw(|f| render(&app, &theme, f)).unwrap();
                let elapsed = t.elapsed();
                assert!(app.library.as_ref().unwrap().matching == n);
                // The walk it started ends before the next round starts its own.
                finish(&mut app);
                elapsed
            })
            .collect(),
    );
    let mut app = open(&archive, &index);
    finish(&mut app);
    let mut memory = Memory::default();
    // A keystroke after `before` was typed.
    let mut keystroke = |before: &str, query: &str| {
        let library = app.library.as_mut().unwrap();
        let times: Vec<Duration> = (0..rounds * 4)
            .map(|_| {
                library.set_query(before, true);
                library.refresh(&mut memory);
                let t = Instant::now();
                library.set_query(query, true);
                library.refresh(&mut memory);
                t.elapsed()
            })
            .collect();
        (median(times), library.matching)
    };
    let common = keystroke("", EVERYWHERE);
    let rare = keystroke("", RARE);
    // The first letter of a word: the costliest prefix.
    let letter = keystroke("", "m");
    // The second letter: every word it starts, for most of the archive.
    let second = keystroke("m", "mi");
    // The `s` of `minis`, typed after `mini` (whose words are kept).
    let prefix = keystroke("mini", "minis");
    // The last letter of a filter (what the connection keeps of `tag:borde` is not of it).
    let filter = keystroke(
        &format!("tag:{}", &COMMON_TAG[..COMMON_TAG.len() - 1]),
        &format!("tag:{COMMON_TAG}"),
    );
    let filter_letter = keystroke(&format!("tag:{COMMON_TAG}"), &format!("tag:{COMMON_TAG} f"));
    let filter_word = keystroke(
        &format!("tag:{COMMON_TAG} force"),
        &format!("tag:{COMMON_TAG} forces"),
    );
    println!("the library over {n} briefings, medians:");
    println!(
        "  first frame, index up to date   {:8.2} ms (target ≤ 30 ms at 100,000)",
        ms(frames)
    );
    for (name, (t, found)) in [
        ("a word in every briefing", common),
        ("a rare word", rare),
        ("a first letter (m)", letter),
        ("a second letter (m→mi)", second),
        ("a word being typed (mini→minis)", prefix),
        ("a field filter alone", filter),
        ("a filter, then a letter", filter_letter),
        ("a filter, then a word", filter_word),
    ] {
        println!(
            "  keystroke: {name:<30} {:7.2} ms ({found} found; target ≤ 30 ms)",
            ms(t)
        );
    }
    println!(
        "  peak memory: first build {first_build_peak:.0} MB, reopening {reopen_peak:.0} MB \
         (target ≤ 150 MB at 100,000)"
    );
}
