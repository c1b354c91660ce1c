//! Two versions of a briefing compared, whatever their size under the cap: `brief diff`'s
//! comparison ([`briefing::document::diff::briefings`]), the reader's marks of what changed
//! since the last reading (on its own thread: [`briefing::document::changes::since`]) and a
//! note's likeness to an edited statement (`brief notes`), for one statement of 158 KB, 316 KB
//! and 3.8 MB with one word in three changed, 3.8 MB of statements each so edited, the same
//! twice (what laying both out costs, before any diff), and 3.8 MB against an unrelated
//! briefing; the reader's also with its budget spent (every diff coarse: the floor), and what
//! its UI thread spends when the store answers with the text last read (parsing it, laying out
//! every tab; the comparison then runs on a thread of its own). Target: ≤ 200 ms each. Medians; `--test` runs each once, on smaller briefings, quickly; a word
//! after `--` runs only the cases whose name holds it.

use std::time::{Duration, Instant};

use briefing::app::state::App;
use briefing::briefing::parts::likeness;
use briefing::briefing::{Briefing, DEFAULT_MAX_SIZE, parse};
use briefing::document::Presentation;
use briefing::document::changes::since;
use briefing::document::diff::briefings;
use briefing::store::service::Report;
use briefing::words::Budget;
use ratatui::layout::Rect;

mod common;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `text` with one word in three replaced by another.
fn edited(text: &str, seed: u64) -> String {
    let mut r = common::Rng::new(seed);
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        if i % 3 == 1 {
            out.push(r.sentence(1).trim_end_matches('.').to_lowercase());
        } else {
            out.push((*w).to_string());
        }
    }
    out.join(" ")
}

/// A small briefing with one more party, whose one statement is `text`.
fn one_statement(text: &str) -> String {
    format!(
        "{}[[parties]]\nname = \"Gamma\"\n[[parties.statements]]\nspeaker = \"Envoy\"\ntext = \"{text}\"\n",
        common::briefing(4_000, 1)
    )
}

/// `toml` with every statement's text edited.
fn every_statement_edited(toml: &str) -> String {
    let mut out = String::with_capacity(toml.len());
    for (i, line) in toml.lines().enumerate() {
        match line
            .strip_prefix("text = \"")
            .and_then(|l| l.strip_suffix('"'))
        {
            Some(text) => out.push_str(&format!("text = \"{}\"", edited(text, i as u64))),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

fn load(toml: &str) -> Briefing<'static> {
    assert!(
        (toml.len() as u64) < DEFAULT_MAX_SIZE,
        "{} bytes is over the cap",
        toml.len()
    );
    parse(toml.to_string()).briefing.expect("a valid briefing")
}

/// What the reader's UI thread spends when the store says `old` (TOML) was the text last read
/// of `new` (TOML): the reader opened on `new` first, not timed.
fn on_the_ui_thread(old: &str, new: &str, rounds: usize) -> Duration {
    let with_id = |toml: &str| toml.replacen("[briefing]\n", "[briefing]\nid = \"bench\"\n", 1);
    let (old, new) = (with_id(old), with_id(new));
    median(
        (0..rounds)
            .map(|_| {
                let b = load(&new);
                let mut app = App::reader(b, Rect::new(0, 0, 120, 40)).read_from(new.clone());
                app.remember(Report::Held(Box::default(), None));
                let t = Instant::now();
                app.remember(Report::SeenText("bench".into(), Some(old.clone())));
                let elapsed = t.elapsed();
                while app.loading() {
                    app.pump();
                    std::thread::sleep(Duration::from_millis(1));
                }
                assert!(app.reader.as_ref().unwrap().change_count() > 0);
                elapsed
            })
            .collect(),
    )
}

/// The median time of `f`, `rounds` times.
fn time(rounds: usize, mut f: impl FnMut()) -> Duration {
    median(
        (0..rounds)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

/// A case: its name, the two versions' TOML, and the two texts of the one statement compared
/// by likeness, when there is one.
struct Case {
    name: String,
    old: String,
    new: String,
    texts: Option<(String, String)>,
}

fn main() {
    let quick = std::env::args().any(|a| a == "--test");
    let only: Vec<String> = (std::env::args().skip(1))
        .filter(|a| !a.starts_with("--"))
        .collect();
    let rounds = if quick { 1 } else { 5 };
    let statement = |bytes: usize| {
        let mut r = common::Rng::new(7);
        let mut text = String::new();
        while text.len() < bytes {
            text.push_str(&r.sentence(12));
            text.push(' ');
        }
        let text = text.trim_end().to_string();
        let new = edited(&text, 8);
        (one_statement(&text), one_statement(&new), text, new)
    };
    let sizes: &[usize] = if quick {
        &[20_000]
    } else {
        &[158_000, 316_000, 3_800_000]
    };
    let mut cases: Vec<Case> = Vec::new();
    for &bytes in sizes {
        let (old, new, a, b) = statement(bytes);
        cases.push(Case {
            name: format!("one statement, {} KB", bytes / 1000),
            old,
            new,
            texts: Some((a, b)),
        });
    }
    let many = if quick { 100_000 } else { 3_800_000 };
    let old = common::briefing(many, 1);
    let new = every_statement_edited(&old);
    cases.push(Case {
        name: format!("{} KB of statements, each edited", many / 1000),
        old: old.clone(),
        new,
        texts: None,
    });
    // What comparing costs before any diff: laying out both versions, finding the blocks.
    cases.push(Case {
        name: format!("{} KB, the same version twice", many / 1000),
        old: old.clone(),
        new: old.clone(),
        texts: None,
    });
    cases.push(Case {
        name: format!("{} KB against an unrelated one", many / 1000),
        old,
        new: common::briefing(many, 2),
        texts: None,
    });

    println!("two versions compared (target ≤ 200 ms each):");
    println!(
        "  {:<40} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "", "brief diff", "reader", "coarse", "UI thread", "likeness"
    );
    for Case {
        name,
        old,
        new,
        texts,
    } in &cases
    {
        if !only.is_empty() && !only.iter().any(|o| name.contains(o.as_str())) {
            continue;
        }
        let ui = (old != new).then(|| on_the_ui_thread(old, new, rounds));
        let (old, new) = (load(old), load(new));
        let diff = time(rounds, || {
            std::hint::black_box(briefings(&old, &new));
        });
        let reader = time(rounds, || {
            let shown = Presentation::default();
            std::hint::black_box(since(&old, &new, &shown, &mut Budget::new()));
        });
        let coarse = time(rounds, || {
            let shown = Presentation::default();
            std::hint::black_box(since(&old, &new, &shown, &mut Budget::spent()));
        });
        let like = texts.as_ref().map(|(a, b)| {
            time(rounds, || {
                std::hint::black_box(likeness(a, b));
            })
        });
        println!(
            "  {name:<40} {:>7.1} ms {:>7.1} ms {:>7.1} ms {:>10} {:>10}",
            ms(diff),
            ms(reader),
            ms(coarse),
            ui.map_or("—".to_string(), |d| format!("{:.1} ms", ms(d))),
            like.map_or("—".to_string(), |d| format!("{:.1} ms", ms(d)))
        );
    }
}
