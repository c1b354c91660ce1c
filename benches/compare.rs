//! Frame cost of the compare view: the parties side by side at 120×40, at the top, middle and
//! end of a generated briefing with 5 statements per party and of one with 2,000 per party
//! (three parties, dates spread over days, some undated, multilingual text). Cells are
//! wrapped once per width when the view is laid out; a frame draws only the rows on screen.
//!
//! Target: a frame with 2,000 statements per party costs no more than 1.3× one with 5.
//! Criterion measures each case on its own; then a paired run interleaves the cases round by
//! round, so machine noise falls on all of them alike, and prints medians and ratios. The
//! time to open the view (laying out and wrapping every cell) is printed too.

mod common;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use briefing::app::action::Action;
use briefing::app::state::App;
use briefing::briefing::parse;
use briefing::ui::{Theme, render};
use criterion::{Criterion, criterion_group};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

const PER_PARTY: [usize; 2] = [5, 2_000];
const POSITIONS: [&str; 3] = ["top", "middle", "end"];
const SIZE: (u16, u16) = (120, 40);

/// A briefing with `n` statements for each of three parties.
fn text(n: usize) -> String {
    let mut r = common::Rng::new(11);
    let mut t = String::from(
        "format = 1\n[briefing]\ntitle = \"Compare bench\"\ndate = 2024-05-01\n\
         marking = \"TLP:CLEAR\"\n[summary]\nbluf = \"b\"\n\
         [[sources]]\nid = \"wire\"\nname = \"Wire\"\nreliability = \"B\"\n",
    );
    for party in ["Alpha", "Beta", "Gamma"] {
        let _ = writeln!(t, "[[parties]]\nname = \"{party}\"");
        for i in 0..n {
            let words = if i % 5 == 4 { 30 } else { 6 + r.below(10) };
            let _ = write!(
                t,
                "[[parties.statements]]\nspeaker = \"Speaker {}\"\ntext = \"{}\"\nsource = \"wire\"\ncredibility = {}\n",
                i % 13,
                r.sentence(words),
                1 + i % 6
            );
            // Most statements dated, a few days apart; every seventh undated.
            if i % 7 != 6 {
                let day = i / 3;
                let _ = writeln!(
                    t,
                    "date = {}-{:02}-{:02}",
                    2000 + day / 336,
                    1 + day / 28 % 12,
                    1 + day % 28
                );
            }
            if i % 3 == 0 {
                let _ = writeln!(t, "kind = \"quote\"");
            }
        }
    }
    t
}

/// The compare view open on a briefing with `n` statements per party, at `position`.
fn state(n: usize, position: &str) -> App {
    let b = parse(text(n))
        .briefing
        .expect("generated briefings are valid");
    let mut app = App::reader(b, Rect::new(0, 0, SIZE.0, SIZE.1));
    app.update(Action::Compare);
    let height = app
        .reader
        .as_ref()
        .unwrap()
        .compare
        .as_ref()
        .unwrap()
        .grid
        .height;
    let rows = usize::from(SIZE.1);
    // The small one nearly fills the screen; the big one must, at every position.
    assert!(
        n < 100 || height > rows,
        "the view must fill the screen ({height} lines)"
    );
    match position {
        "top" => {}
        "middle" => {
            for _ in 0..(height / 2 / rows) {
                app.update(Action::PageDown);
            }
        }
        _ => app.update(Action::Bottom),
    }
    app
}

fn cases() -> Vec<(String, App)> {
    let mut out = Vec::new();
    for n in PER_PARTY {
        for position in POSITIONS {
            out.push((format!("{n}/{position}"), state(n, position)));
        }
    }
    out
}

fn frames(c: &mut Criterion) {
    let theme = Theme::default_theme(true);
    let mut group = c.benchmark_group("compare_frame_120x40");
    for (name, app) in cases() {
        let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap();
        group.bench_function(name, |b| {
            b.iter(|| {
                terminal.draw(|f| render(&app, &theme, f)).unwrap();
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(2));
    targets = frames
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    let quick = std::env::args().any(|a| a == "--test");
    let (rounds, batch) = if quick { (3, 1) } else { (300, 10) };
    let theme = Theme::default_theme(true);
    let cases = cases();
    let mut terminals: Vec<_> = (cases.iter())
        .map(|_| Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap())
        .collect();
    let mut samples = vec![Vec::with_capacity(rounds); cases.len()];
    for _ in 0..rounds {
        for (i, (_, app)) in cases.iter().enumerate() {
            let start = Instant::now();
            for _ in 0..batch {
                terminals[i].draw(|f| render(app, &theme, f)).unwrap();
            }
            samples[i].push(start.elapsed() / batch);
        }
    }
    let medians: Vec<(String, Duration)> = (cases.iter())
        .zip(samples)
        .map(|((name, _), s)| (name.clone(), median(s)))
        .collect();
    let get = |name: &str| medians.iter().find(|(n, _)| n == name).unwrap().1;
    println!("\npaired run, median compare frame at 120x40 (2,000 per party / 5 ≤ 1.3):");
    for position in POSITIONS {
        let small = get(&format!("5/{position}"));
        let big = get(&format!("2000/{position}"));
        println!(
            "  {position:<6}  5 {:>7.1} µs   2,000 {:>7.1} µs   ratio {:.2}",
            small.as_secs_f64() * 1e6,
            big.as_secs_f64() * 1e6,
            big.as_secs_f64() / small.as_secs_f64()
        );
    }
    let opens = if quick { 1 } else { 11 };
    for n in PER_PARTY {
        let b = parse(text(n)).briefing.unwrap();
        let times: Vec<Duration> = (0..opens)
            .map(|_| {
                let mut app = App::reader(b.clone(), Rect::new(0, 0, SIZE.0, SIZE.1));
                let start = Instant::now();
                app.update(Action::Compare);
                start.elapsed()
            })
            .collect();
        println!(
            "  opening the view, {n} per party: {:.1} ms (every cell laid out and wrapped once)",
            median(times).as_secs_f64() * 1e3
        );
    }
}
