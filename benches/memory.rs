//! The analyst's memory: what marking a briefing read costs on the UI thread in a library of
//! 10,000 (the key, the unread count and, with `is:unread` in force, the list rebuilt), and
//! `brief notes` over 10,000 notes on 100 briefings, the real binary, Markdown and JSON.
//! Targets: ≤ 1 ms and ≤ 200 ms. Medians; `--test` runs each once, quickly.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use briefing::app::state::App;
use briefing::briefing::DEFAULT_MAX_SIZE;
use briefing::briefing::parts::Passage;
use briefing::library::scan::Symlinks;
use briefing::library::source::Sources;
use briefing::memory::Note;
use briefing::store::Store;
use briefing::store::service::Report;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

mod common;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `count` briefings of about 7 KB under `dir`, in 50 folders.
fn archive(dir: &Path, count: u64) {
    for i in 0..count {
        let sub = dir.join(format!("{:02}", i % 50));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join(format!("b{i:05}.toml")),
            common::briefing(7_000, i),
        )
        .unwrap();
    }
}

/// The library over `dir`, indexed in `index`, with a store that has answered.
fn library(dir: &Path, index: &Path) -> App {
    let size = Rect::new(0, 0, 120, 40);
    let sources = Sources::Paths(vec![dir.to_path_buf()], Symlinks::Inside);
    let mut app = App::library(sources, Some(index.to_path_buf()), DEFAULT_MAX_SIZE, size);
    while app.loading() {
        app.pump();
        std::thread::sleep(Duration::from_millis(2));
    }
    app.remember(Report::Held(Box::default(), None));
    app
}

fn key(app: &mut App, c: char) {
    app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

/// The median time of `u` on the selected row, `rounds` times.
fn marking(app: &mut App, rounds: usize) -> Duration {
    let times = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            key(app, 'u');
            // What the event loop then takes to pass on to the store.
            let requests = app.memory.take_requests();
            let elapsed = t.elapsed();
            assert_eq!(requests.len(), 1);
            elapsed
        })
        .collect();
    median(times)
}

/// A store in `state` with `per` notes on each of the first `briefings` briefings of the
/// archive, each on one of its statements.
fn notes(archive: &Path, state: &Path, briefings: u64, per: usize) -> usize {
    let mut notes = Vec::new();
    for i in 0..briefings {
        let path = archive.join(format!("{:02}/b{i:05}.toml", i % 50));
        let text = std::fs::read_to_string(path).unwrap();
        let b = briefing::briefing::parse(text).briefing.unwrap();
        let id = format!("b{i:05}");
        let parts = b.parts();
        for n in 0..per {
            let (_, passage) = &parts[n % parts.len()];
            let on: Option<Passage> = Some(passage.clone());
            let mut note = Note::new(
                &id,
                on,
                format!("Note {n}: compare with the ministry’s account — ačiū, Ереван, 東京."),
                "ana".into(),
            );
            note.id = format!("{id}-{n:03}");
            notes.push(note);
        }
    }
    let (mut store, _) = Store::open(state).unwrap();
    store.import(&notes, 1_000, |_| {}).unwrap();
    notes.len()
}

/// The median wall time of `brief notes` with `args`, `rounds` times.
fn notes_command(state: &Path, dir: &Path, format: &str, rounds: usize) -> Duration {
    let times = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            let status = Command::new(env!("CARGO_BIN_EXE_brief"))
                .env("BRIEF_STATE_DIR", state)
                .env("BRIEF_CACHE_DIR", state.join("cache"))
                .args(["notes", "--format", format])
                .arg(dir)
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success());
            t.elapsed()
        })
        .collect();
    median(times)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--test");
    let root = tempfile::tempdir().unwrap();
    let big = root.path().join("archive");
    archive(&big, if quick { 500 } else { 10_000 });
    let mut app = library(&big, &root.path().join("index"));
    let rounds = if quick { 5 } else { 201 };
    let plain = marking(&mut app, rounds);
    for c in "/is:unread".chars() {
        key(&mut app, c);
    }
    app.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let filtered = marking(&mut app, rounds);
    println!(
        "marking read on the UI thread, {} briefings (target ≤ 1 ms):",
        app.library.as_ref().unwrap().briefings
    );
    println!("  u                          {:>7.3} ms", ms(plain));
    println!("  u with is:unread in force  {:>7.3} ms", ms(filtered));

    // 10,000 notes on the first 100 briefings of a 100-briefing folder.
    let small = root.path().join("noted");
    archive(&small, 100);
    let state = root.path().join("state");
    let count = notes(&small, &state, 100, if quick { 10 } else { 100 });
    let rounds = if quick { 1 } else { 15 };
    let markdown = notes_command(&state, &small, "markdown", rounds);
    let json = notes_command(&state, &small, "json", rounds);
    println!("brief notes over {count} notes on 100 briefings (target ≤ 200 ms):");
    println!("  --format markdown          {:>7.1} ms", ms(markdown));
    println!("  --format json              {:>7.1} ms", ms(json));
}
