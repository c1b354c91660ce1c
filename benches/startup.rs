//! Start-up: from process start to the first complete frame of the bundled briefing, in a
//! pseudo-terminal, against a minimal ratatui program that draws one frame (this same bench
//! binary, run with BRIEF_BENCH_MINIMAL=1). Both are timed the same way, interleaved, so the
//! pty and spawn costs fall on both alike. `brief` runs with a state store that remembers
//! 10,000 briefings, read and flagged and where each was left, and 10,000 notes. Target:
//! within 1.5× the minimal program.

use std::io::Read;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

mod common;

/// The minimal program: init, one frame, wait for a key, restore.
fn minimal() {
    let mut terminal = ratatui::init();
    terminal
        .draw(|f| f.render_widget("minimal frame drawn", f.area()))
        .unwrap();
    let _ = ratatui::crossterm::event::read();
    ratatui::restore();
}

/// Spawns `cmd` in an 80×24 pty and returns how long until its output contains each of
/// `marks` (text, times) so the first frame is complete, then stops it.
fn time_to_frame(mut cmd: CommandBuilder, marks: &[(&str, usize)]) -> Duration {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    cmd.env("TERM", "xterm-256color");
    let mut reader = pty.master.try_clone_reader().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let start = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    let mut seen = Vec::new();
    let elapsed = loop {
        let Ok(chunk) = rx.recv_timeout(Duration::from_secs(10)) else {
            panic!("no frame; saw {:?}", String::from_utf8_lossy(&seen))
        };
        seen.extend_from_slice(&chunk);
        let text = String::from_utf8_lossy(&seen);
        if marks.iter().all(|m| text.matches(m.0).count() >= m.1) {
            break start.elapsed();
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    elapsed
}

/// ratatui hides the cursor once a frame is flushed: the frame is complete.
const HIDE_CURSOR: &str = "\u{1b}[?25l";

/// A state folder whose store remembers `n` briefings: every one read and left somewhere,
/// every tenth flagged, and a note on each.
fn remembering(n: usize) -> tempfile::TempDir {
    use briefing::briefing::parts::{Kind, Passage};
    use briefing::memory::{Note, Spot};
    use briefing::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path()).unwrap();
    let ids: Vec<String> = (0..n).map(|i| format!("b{i:05}")).collect();
    store.set_read(&ids, true).unwrap();
    let flagged: Vec<String> = ids.iter().step_by(10).cloned().collect();
    store.set_flagged(&flagged, true).unwrap();
    for (i, id) in ids.iter().enumerate() {
        let spot = Spot {
            tab: i % 7,
            block: i % 40,
            offset: i % 300,
        };
        store.set_spot(id, spot).unwrap();
    }
    let notes: Vec<Note> = ids
        .iter()
        .map(|id| {
            let on = Passage {
                kind: Kind::Statement,
                party: "Armenia".into(),
                speaker: "Ministry of Defence".into(),
                text: "Said the ceasefire held overnight — ačiū, Ереван, 東京.".into(),
            };
            let mut note = Note::new(
                id,
                Some(on),
                "Check against the readout.".into(),
                "ana".into(),
            );
            note.id = format!("{id}-note");
            note
        })
        .collect();
    store.import(&notes, 1_000, |_| {}).unwrap();
    dir
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    if std::env::var_os("BRIEF_BENCH_MINIMAL").is_some() {
        minimal();
        return;
    }
    let quick = std::env::args().any(|a| a == "--test");
    let runs = if quick { 2 } else { 60 };
    let dir = std::env::temp_dir();
    // BRIEF_BENCH_AGAINST=path/to/another/brief times that build too, interleaved, to compare
    // a change against the build before it on equal terms.
    let against = std::env::var_os("BRIEF_BENCH_AGAINST");
    let state = remembering(10_000);
    let state_dir = state.path().to_str().unwrap().to_string();
    let (mut brief, mut base, mut other) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        if let Some(path) = &against {
            let mut cmd = CommandBuilder::new(path);
            cmd.cwd(&dir);
            cmd.env("BRIEF_STATE_DIR", &state_dir);
            other.push(time_to_frame(
                cmd,
                &[("quit", 1), ("TLP:CLEAR", 2), (HIDE_CURSOR, 1)],
            ));
        }
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_brief"));
        cmd.cwd(&dir);
        cmd.env("BRIEF_STATE_DIR", &state_dir);
        // The status bar and the bottom banner are the last things on the first frame.
        brief.push(time_to_frame(
            cmd,
            &[("quit", 1), ("TLP:CLEAR", 2), (HIDE_CURSOR, 1)],
        ));
        let mut cmd = CommandBuilder::new(std::env::current_exe().unwrap());
        cmd.env("BRIEF_BENCH_MINIMAL", "1");
        base.push(time_to_frame(cmd, &[("drawn", 1), (HIDE_CURSOR, 1)]));
    }
    let (b, m) = (median(brief), median(base));
    println!("start-up to first frame, median of {runs} runs each, interleaved:");
    println!(
        "  minimal ratatui program  {:>6.2} ms",
        m.as_secs_f64() * 1e3
    );
    println!(
        "  brief, bundled briefing  {:>6.2} ms",
        b.as_secs_f64() * 1e3
    );
    println!(
        "  difference               {:>6.2} ms ({:.2}×; target ≤ 1.5×)",
        (b.as_secs_f64() - m.as_secs_f64()) * 1e3,
        b.as_secs_f64() / m.as_secs_f64()
    );
    if !other.is_empty() {
        println!(
            "  BRIEF_BENCH_AGAINST      {:>6.2} ms",
            median(other).as_secs_f64() * 1e3
        );
    }

    // The library on 10,000 briefings: its first frame must not wait for them (target ≤ 25 ms).
    let archive = tempfile::tempdir().unwrap();
    for i in 0..10_000u64 {
        let sub = archive.path().join(format!("{:02}", i % 50));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join(format!("b{i:05}.toml")),
            common::briefing(7_000, i),
        )
        .unwrap();
    }
    // An index of its own, not the user's (one for each build timed, `BRIEF_BENCH_AGAINST`'s
    // in the same rounds); each run ends before the index is built, so each starts from an
    // empty one and its walk.
    let (cache, other_cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let library = |brief: &std::ffi::OsStr, cache: &Path| {
        let mut cmd = CommandBuilder::new(brief);
        cmd.arg(archive.path());
        cmd.cwd(&dir);
        cmd.env("BRIEF_STATE_DIR", &state_dir);
        cmd.env("BRIEF_CACHE_DIR", cache);
        time_to_frame(cmd, &[("Library", 1), ("quit", 1), (HIDE_CURSOR, 1)])
    };
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..if quick { 2 } else { 30 } {
        ours.push(library(env!("CARGO_BIN_EXE_brief").as_ref(), cache.path()));
        if let Some(path) = &against {
            theirs.push(library(path, other_cache.path()));
        }
    }
    println!(
        "  library of 10,000        {:>6.2} ms (target ≤ 25 ms; loading goes on behind it)",
        median(ours).as_secs_f64() * 1e3
    );
    if !theirs.is_empty() {
        println!(
            "  BRIEF_BENCH_AGAINST      {:>6.2} ms",
            median(theirs).as_secs_f64() * 1e3
        );
    }
}
