//! The analyst's memory as a user meets it: unread and flagged rows, `u` and `f`, `is:`
//! filters, `brief mark`, and a real store in a temporary folder that survives restarts, a
//! corrupt file, a newer `brief` and a second `brief` writing at the same time.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use briefing::app::state::App;
use briefing::memory::{Held, Marks};
use briefing::store::Store;
use briefing::store::location::Location;
use briefing::store::service::{Report, Request, Service};
use briefing::ui::{Theme, render};
use common::Session;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const HARBOUR: &str = "2024-03-01-harbour-talks";
const RIVER: &str = "2023-11-20-river-dispute";

fn fixtures() -> PathBuf {
    PathBuf::from("tests/fixtures/library")
}

fn ch(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn typed(app: &mut App, text: &str) {
    app.key(ch('/'));
    for c in text.chars() {
        app.key(ch(c));
    }
    app.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let (w, h) = (app.size.width, app.size.height);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(app, &Theme::default_theme(true), f))
        .unwrap();
    t
}

fn screen(app: &App) -> String {
    common::buffer_text(draw(app).backend().buffer())
}

/// A report from a store that remembers `marks`.
fn held(marks: &[(&str, Marks)]) -> Report {
    let held = Held {
        marks: marks
            .iter()
            .map(|(id, m)| ((*id).to_string(), *m))
            .collect(),
        ..Held::default()
    };
    Report::Held(Box::new(held), None)
}

const READ: Marks = Marks {
    read: true,
    flagged: false,
};
const READ_FLAGGED: Marks = Marks {
    read: true,
    flagged: true,
};

#[test]
fn unread_and_flagged_rows_at_80x24() {
    let mut app = common::library_of(fixtures(), 80, 24);
    app.remember(held(&[(HARBOUR, READ_FLAGGED), (RIVER, READ)]));
    insta::assert_snapshot!(draw(&app).backend());
    // Bold, so that unread rows show without colour too.
    let t = draw(&app);
    let bold = |y: u16| {
        t.backend().buffer()[(20, y)]
            .modifier
            .contains(ratatui::style::Modifier::BOLD)
    };
    assert!(!bold(4) && !bold(5), "read rows are not bold");
    assert!(bold(6), "an unread row is bold");
}

#[test]
fn nothing_shows_as_unread_before_the_store_answers() {
    let app = common::library_of(fixtures(), 80, 24);
    let shown = screen(&app);
    assert!(!shown.contains('●') && !shown.contains("unread"), "{shown}");
}

#[test]
fn u_and_f_mark_the_selected_row_and_is_filters_follow() {
    let mut app = common::library_of(fixtures(), 80, 24);
    app.remember(held(&[]));
    assert!(screen(&app).contains("6 briefings · 6 unread"));
    app.key(ch('f'));
    app.key(ch('u'));
    let shown = screen(&app);
    assert!(shown.contains("6 briefings · 5 unread"), "{shown}");
    assert!(shown.contains("marked read"), "{shown}");
    assert!(shown.contains("⚑  2024-03-01"), "{shown}");
    typed(&mut app, "is:flagged");
    assert_eq!(app.library.as_ref().unwrap().matching, 1);
    // Unflagging it takes it off a list of flagged briefings at once.
    app.key(ch('f'));
    assert_eq!(app.library.as_ref().unwrap().matching, 0);
    app.key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    typed(&mut app, "is:unread");
    assert_eq!(app.library.as_ref().unwrap().matching, 5);
    let requests = app.memory.take_requests();
    assert_eq!(
        requests,
        [
            Request::Flag(vec![HARBOUR.into()], true),
            Request::Read(vec![HARBOUR.into()], true),
            Request::Flag(vec![HARBOUR.into()], false),
        ]
    );
}

#[test]
fn a_bad_is_filter_says_what_it_takes() {
    let mut app = common::library_of(fixtures(), 80, 24);
    app.key(ch('/'));
    for c in "is:later".chars() {
        app.key(ch(c));
    }
    assert!(screen(&app).contains("is: expects read, unread, flagged or updated"));
}

#[test]
fn opening_a_briefing_marks_it_read_and_it_reopens_where_it_was_left() {
    let mut app = common::library_of(fixtures(), 80, 24);
    app.remember(held(&[]));
    // The Armenia–Azerbaijan briefing, third row, is long enough to scroll.
    app.key(ch('j'));
    app.key(ch('j'));
    app.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    app.key(ch('2'));
    for _ in 0..6 {
        app.key(ch('j'));
    }
    let there = screen(&app);
    app.key(ch('q'));
    let requests = app.memory.take_requests();
    let id = "2022-09-12-armenia-azerbaijan-border";
    assert_eq!(requests[0], Request::Read(vec![id.into()], true));
    let Some(Request::Spot(_, spot)) = requests.iter().find(|r| matches!(r, Request::Spot(..)))
    else {
        panic!("{requests:?}")
    };
    // Closing it remembers its text as the version read.
    assert!(
        requests
            .iter()
            .any(|r| matches!(r, Request::Seen(seen, _) if seen == id))
    );
    assert_eq!(spot.tab, 1);
    // A new session told where it was left opens there.
    let mut again = common::library_of(fixtures(), 80, 24);
    let mut spots = HashMap::new();
    spots.insert(id.to_string(), *spot);
    again.remember(Report::Held(
        Box::new(Held {
            spots,
            ..Held::default()
        }),
        None,
    ));
    again.key(ch('j'));
    again.key(ch('j'));
    again.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(screen(&again), there);
}

/// Waits for the service's next report.
fn next(service: &Service) -> Report {
    let start = Instant::now();
    loop {
        if let Some(report) = service.try_recv() {
            return report;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "no report");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn the_service_writes_to_a_real_store_and_hears_another_brief() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start(Location::Folder(dir.path().to_path_buf()));
    assert_eq!(next(&service), held(&[]));
    service.send(Request::Read(vec!["a".into()], true));
    // Another `brief` flags a briefing: the service reports it within a second or so.
    let (mut other, _) = Store::open(dir.path()).unwrap();
    let started = Instant::now();
    other.set_flagged(&["b".into()], true).unwrap();
    let Report::Held(held, _) = next(&service) else {
        panic!()
    };
    let Held { marks, applied, .. } = *held;
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(marks["a"].read && marks["b"].flagged);
    assert_eq!(applied, 1);
    service.finish(Duration::from_secs(5));
    let (store, _) = Store::open(dir.path()).unwrap();
    assert!(store.marks().unwrap()["a"].read);
}

#[test]
fn without_a_store_the_service_says_why() {
    let service = Service::start(Location::Nowhere("--no-state".into()));
    assert_eq!(next(&service), Report::Unavailable("--no-state".into()));
}

fn brief(state: &Path) -> Command {
    let mut cmd = Command::cargo_bin("brief").unwrap();
    cmd.env("BRIEF_STATE_DIR", state).env(
        "BRIEF_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
    );
    cmd
}

fn listed(state: &Path, query: &str) -> String {
    let out = brief(state)
        .args(["list", "--query", query])
        .arg(fixtures())
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn mark_from_a_script_and_list_by_what_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let harbour = fixtures().join(format!("{HARBOUR}.toml"));
    brief(&state)
        .args(["mark", "flag"])
        .arg(&harbour)
        .assert()
        .success()
        .stdout("marked 1 briefing flagged\n");
    let flagged = listed(&state, "is:flagged");
    assert_eq!(flagged.lines().count(), 1, "{flagged}");
    assert!(flagged.contains("Harbour talks"));
    // A folder marks every briefing in it; the broken file is reported, the rest marked.
    brief(&state)
        .args(["mark", "read"])
        .arg(fixtures())
        .assert()
        .code(1)
        .stdout("marked 6 briefings read\n")
        .stderr(predicates::str::contains("broken.toml"));
    assert_eq!(listed(&state, "is:unread"), "");
    brief(&state)
        .args(["mark", "unread"])
        .arg(&harbour)
        .assert()
        .success();
    let unread = listed(&state, "is:unread");
    assert_eq!(unread.lines().count(), 1, "{unread}");
    // The state folder is private.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&state).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
}

#[test]
fn mark_refuses_without_a_store_and_list_still_works() {
    let dir = tempfile::tempdir().unwrap();
    brief(dir.path())
        .args(["--no-state", "mark", "read"])
        .arg(fixtures())
        .assert()
        .code(2)
        .stderr("brief: nothing can be marked: --no-state\n");
    assert!(!dir.path().join("state.db").exists());
    // With no store yet, everything is unread and nothing is flagged; no store is made.
    assert_eq!(listed(dir.path(), "is:unread").lines().count(), 6);
    assert_eq!(listed(dir.path(), "is:flagged"), "");
    assert!(!dir.path().join("state.db").exists());
}

#[test]
fn flag_and_place_survive_quitting() {
    let home = tempfile::tempdir().unwrap();
    place_survives_quitting(home.path());
}

#[test]
fn a_library_of_one_reopens_where_it_was_left() {
    // `./briefings` holding one file opens it from the library, before the store answers.
    let home = tempfile::tempdir().unwrap();
    let name = "2022-09-12-armenia-azerbaijan-border.toml";
    std::fs::create_dir(home.path().join("briefings")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("briefings")
            .join(name),
        home.path().join("briefings").join(name),
    )
    .unwrap();
    place_survives_quitting(home.path());
}

/// Flags the briefing `brief` opens in `home`, moves, quits, and finds both on reopening.
fn place_survives_quitting(home: &Path) {
    let state = home.join("state");
    let state = state.to_str().unwrap();
    let env = [("BRIEF_STATE_DIR", state)];
    let mut s = Session::start_with_env(&[], home, &env);
    s.wait_for("BOTTOM LINE UP FRONT");
    s.send("f");
    s.wait_for("│ flagged");
    s.send("2jjjjj");
    s.wait_for("Armenia │ 6/");
    let there = s.contents();
    s.send("q");
    assert!(s.wait_exit().success());
    let s = Session::start_with_env(&[], home, &env);
    s.wait_for("⚑ Armenia │ 6/");
    let trimmed = |t: &str| t.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    assert_eq!(trimmed(&s.contents()), trimmed(&there));
}

#[test]
fn a_corrupt_store_is_moved_aside_and_brief_works() {
    let home = tempfile::tempdir().unwrap();
    let garbage = b"this was never a database ".repeat(400);
    std::fs::write(home.path().join("state.db"), &garbage).unwrap();
    let dir = home.path().to_str().unwrap();
    let mut s = Session::start_with_env(&[], home.path(), &[("BRIEF_STATE_DIR", dir)]);
    s.wait_for("could not be read and was moved");
    s.send("f");
    s.wait_for("⚑ Summary");
    s.send("q");
    assert!(s.wait_exit().success());
    let aside: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("state.db.unreadable-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read(home.path().join(&aside[0])).unwrap(), garbage);
    let (store, _) = Store::open(home.path()).unwrap();
    assert!(store.marks().unwrap().values().any(|m| m.flagged));
}

#[test]
fn no_state_says_so_once_and_reading_works() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start_with_env(&["--no-state"], home.path(), &[]);
    s.wait_for("nothing will be remembered: --no-state");
    s.send("\t");
    s.wait_gone("nothing will be remembered");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_second_brief_marking_shows_in_the_open_library() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let state_str = state.to_str().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let library = root.join("tests/fixtures/library");
    let mut s = Session::start_with_env(
        &[library.to_str().unwrap()],
        home.path(),
        &[("BRIEF_STATE_DIR", state_str)],
    );
    s.wait_for("6 unread");
    // While the reader holds the store open, scripts mark again and again.
    let harbour = library.join(format!("{HARBOUR}.toml"));
    for what in ["flag", "read", "unflag", "unread", "flag", "read"] {
        brief(&state)
            .args(["mark", what])
            .arg(&harbour)
            .assert()
            .success()
            .stderr("");
    }
    let started = Instant::now();
    s.wait_for("⚑  2024-03-01");
    s.wait_for("5 unread");
    assert!(started.elapsed() < Duration::from_secs(2));
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn marking_under_is_unread_leaves_the_list_as_a_new_reading_of_it_would() {
    // The list follows a marked briefing alone; what it then shows is what the same filter
    // shows in a library opened afresh with the same memory.
    let mut app = common::library_of(fixtures(), 80, 12);
    app.remember(held(&[]));
    typed(&mut app, "is:unread");
    app.key(ch('j'));
    app.key(ch('j'));
    app.key(ch('u'));
    let lib = app.library.as_ref().unwrap();
    assert_eq!((lib.matching, lib.selected, lib.unread), (5, 2, 5));
    app.key(ch('j'));
    app.key(ch('u'));
    let marks: Vec<(String, Marks)> = (app.memory.held.marks.iter())
        .map(|(id, m)| (id.clone(), *m))
        .collect();
    let mut fresh = common::library_of(fixtures(), 80, 12);
    let marks: Vec<(&str, Marks)> = marks.iter().map(|(id, m)| (id.as_str(), *m)).collect();
    fresh.remember(held(&marks));
    typed(&mut fresh, "is:unread");
    let rows = |app: &App| {
        screen(app)
            .lines()
            .skip(1)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(&app)[..8], rows(&fresh)[..8]);
    assert_eq!(app.library.as_ref().unwrap().matching, 4);
    assert_eq!(app.library.as_ref().unwrap().unread, 4);
}
