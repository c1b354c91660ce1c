//! Frame cost of the reader: a 200×60 frame at the top, middle and end of the long tab of a
//! generated 4 KB briefing and of a generated 4 MB one. Both tabs fill the screen, so the
//! comparison is a screenful of text against a screenful of text.
//!
//! Targets: median frame ≤ 1.5 ms, and the 4 MB / 4 KB ratio ≤ 1.3 at every position.
//! Criterion measures each case on its own; then a paired run interleaves all six cases round
//! by round, so machine noise falls on all of them alike, and prints medians and ratios.
//!
//! Also the library's problems list (`!`) with 100, 10,000 and 50,000 problems: a key press
//! and the frame after it, at 120×40. Target: ≤ 1.5 ms, and no more than 1.3× the cost with
//! 100 problems.

mod common;

use std::time::{Duration, Instant};

use briefing::app::action::Action;
use briefing::app::state::App;
use briefing::briefing::parse;
use briefing::library::scan::Symlinks;
use briefing::library::source::Origin;
use briefing::library::source::Sources;
use briefing::ui::{Theme, render};
use criterion::{Criterion, criterion_group};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [(&str, usize); 2] = [("4KB", 4_000), ("4MB", 4_000_000)];
const POSITIONS: [&str; 3] = ["top", "middle", "end"];

fn state_at(bytes: usize, position: &str) -> App {
    let outcome = parse(common::briefing(bytes, 7));
    let briefing = outcome.briefing.expect("generated briefings are valid");
    let mut app = App::reader(briefing, ratatui::layout::Rect::new(0, 0, 200, 60));
    app.update(Action::GoToTab(1));
    let reader = app.reader.as_mut().expect("the reader is open");
    let (_, total, rows) = reader.position().expect("the tab is laid out");
    assert!(
        total >= rows,
        "the long tab must fill the screen ({total} lines)"
    );
    match position {
        "top" => reader.scroll_to(0),
        "middle" => reader.scroll_to(total / 2),
        _ => reader.update(Action::Bottom),
    }
    app
}

/// Every case: its name and a reader positioned for it.
fn cases() -> Vec<(String, App)> {
    let mut out = Vec::new();
    for (name, bytes) in SIZES {
        for position in POSITIONS {
            out.push((format!("{name}/{position}"), state_at(bytes, position)));
        }
    }
    out
}

fn frames(c: &mut Criterion) {
    let theme = Theme::default_theme(true);
    let mut group = c.benchmark_group("frame_200x60");
    for (name, state) in cases() {
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        group.bench_function(name, |b| {
            b.iter(|| {
                terminal.draw(|f| render(&state, &theme, f)).unwrap();
            })
        });
    }
    group.finish();
}

const PROBLEMS: [usize; 3] = [100, 10_000, 50_000];

/// The library at 120×40 with `n` files that failed to load (one problem each, with names and
/// messages like a real archive's), the problems list open.
fn problems_open(n: usize) -> App {
    let mut app = App::library(
        Sources::Paths(vec![], Symlinks::Inside),
        None,
        briefing::briefing::DEFAULT_MAX_SIZE,
        ratatui::layout::Rect::new(0, 0, 120, 40),
    );
    let library = app.library.as_mut().expect("the library is open");
    let places = ["Kəlbəcər", "Şuşa", "Ølvå", "Göris", "東京", "Jermuk"];
    let failures = (0..n)
        .map(|i| {
            let place = places[i % places.len()];
            let path = format!("archive/{}/{i:06}-{place}-border-talks.toml", 2000 + i % 25);
            let line = format!(
                "{path}:{}:9: error: `title` must be a string, found integer (help: put the \
                 text in double quotes)",
                3 + i % 40
            );
            (Origin::File(path.into()), vec![line])
        })
        .collect();
    library.set_failures(failures);
    app.update(Action::Problems);
    app
}

/// One key press in the problems list (down, or back to the top every 50) and its frame.
fn problems_key(app: &mut App, terminal: &mut Terminal<TestBackend>, theme: &Theme, i: usize) {
    let action = if i % 50 == 49 {
        Action::Top
    } else {
        Action::LineDown
    };
    app.update(action);
    terminal.draw(|f| render(app, theme, f)).unwrap();
}

fn problems(c: &mut Criterion) {
    let theme = Theme::default_theme(true);
    let mut group = c.benchmark_group("problems_key_120x40");
    for n in PROBLEMS {
        let mut app = problems_open(n);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let mut i = 0;
        group.bench_function(n.to_string(), |b| {
            b.iter(|| {
                problems_key(&mut app, &mut terminal, &theme, i);
                i += 1;
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(2));
    targets = frames, problems
}

/// Interleaves the problems cases, round by round: each one's median key and frame.
fn paired_problems(rounds: usize, batch: usize) -> Vec<(usize, Duration)> {
    let theme = Theme::default_theme(true);
    let mut cases: Vec<_> = PROBLEMS
        .iter()
        .map(|&n| {
            (
                n,
                problems_open(n),
                Terminal::new(TestBackend::new(120, 40)).unwrap(),
            )
        })
        .collect();
    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); cases.len()];
    for round in 0..rounds {
        for (j, (_, app, terminal)) in cases.iter_mut().enumerate() {
            let start = Instant::now();
            for k in 0..batch {
                problems_key(app, terminal, &theme, round * batch + k);
            }
            samples[j].push(start.elapsed() / u32::try_from(batch).unwrap());
        }
    }
    cases
        .iter()
        .zip(samples)
        .map(|((n, ..), mut s)| {
            s.sort();
            (*n, s[s.len() / 2])
        })
        .collect()
}

/// Interleaves all cases, round by round, and returns each case's median frame time.
fn paired(rounds: usize, batch: u32) -> Vec<(String, Duration)> {
    let theme = Theme::default_theme(true);
    let cases = cases();
    let mut terminals: Vec<_> = cases
        .iter()
        .map(|_| Terminal::new(TestBackend::new(200, 60)).unwrap())
        .collect();
    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); cases.len()];
    for _ in 0..rounds {
        for (i, (_, state)) in cases.iter().enumerate() {
            let start = Instant::now();
            for _ in 0..batch {
                terminals[i].draw(|f| render(state, &theme, f)).unwrap();
            }
            samples[i].push(start.elapsed() / batch);
        }
    }
    cases
        .into_iter()
        .zip(samples)
        .map(|((name, _), mut s)| {
            s.sort();
            (name, s[s.len() / 2])
        })
        .collect()
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // `cargo test --benches` runs this once as a test: keep that quick.
    let quick = std::env::args().any(|a| a == "--test");
    let medians = paired(if quick { 3 } else { 300 }, if quick { 1 } else { 10 });
    let get = |name: &str| {
        medians
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| *d)
            .unwrap()
    };
    println!("\npaired run, median frame at 200x60 (target ≤ 1.5 ms; 4MB/4KB ≤ 1.3):");
    for position in POSITIONS {
        let small = get(&format!("4KB/{position}"));
        let big = get(&format!("4MB/{position}"));
        println!(
            "  {position:<6}  4KB {:>7.1} µs   4MB {:>7.1} µs   ratio {:.2}",
            small.as_secs_f64() * 1e6,
            big.as_secs_f64() * 1e6,
            big.as_secs_f64() / small.as_secs_f64()
        );
    }
    let problems = paired_problems(if quick { 3 } else { 200 }, if quick { 1 } else { 10 });
    println!(
        "\npaired run, median key and frame in the problems list at 120x40 (target ≤ 1.5 ms; ≤ 1.3x the 100):"
    );
    let base = problems[0].1.as_secs_f64();
    for (n, d) in &problems {
        println!(
            "  {n:>6} problems  {:>7.1} µs   ratio {:.2}",
            d.as_secs_f64() * 1e6,
            d.as_secs_f64() / base
        );
    }
}
