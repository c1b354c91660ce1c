//! The analyst's memory as a user meets it: unread and flagged rows, `u` and `f`, `is:`
//! filters, `brief mark`, and a real store in a temporary folder that survives restarts, a
//! corrupt file, a newer `brief`, a second `brief` writing at the same time, a read-only folder
//! (a read-only mount, a file left `0444`), a full disk, a store restored from a dump and a
//! database that is not brief's.

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
use predicates::prelude::PredicateBooleanExt;
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

/// A state folder with a flag and a note on the bundled briefing, written by a real `brief`.
fn remembering_a_note(state: &Path) -> PathBuf {
    let briefing = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("briefings/2022-09-12-armenia-azerbaijan-border.toml");
    let notes = state.with_extension("json");
    std::fs::write(
        &notes,
        r#"{"id":"n1","briefing":{"id":"2022-09-12-armenia-azerbaijan-border"},"note":"Kept through it all","created":"2026-11-30T10:00:00Z"}"#,
    )
    .unwrap();
    brief(state)
        .args(["notes", "import"])
        .arg(&notes)
        .assert()
        .success();
    brief(state)
        .args(["mark", "flag"])
        .arg(&briefing)
        .assert()
        .success();
    briefing
}

/// Runs `brief` with the state folder `state` mounted read-only for it alone (a mount
/// namespace of its own), as a read-only mount or a backup is; none when this test process
/// may not mount (not root, no `unshare`): the test then says it was skipped.
const READ_ONLY_MOUNT: &str = r#"dir=$1; shift; mount --bind -o ro "$dir" "$dir" && exec "$@""#;

fn can_mount() -> bool {
    let dir = tempfile::tempdir().unwrap();
    let probe = std::process::Command::new("unshare")
        .args(["-m", "sh", "-c", READ_ONLY_MOUNT, "sh"])
        .arg(dir.path())
        .args(["sh", "-c", "! touch \"$0/x\" 2>/dev/null"])
        .arg(dir.path())
        .output();
    probe.is_ok_and(|o| o.status.success())
}

fn brief_on_read_only(state: &Path) -> Command {
    let mut cmd = Command::new("unshare");
    cmd.args(["-m", "sh", "-c", READ_ONLY_MOUNT, "sh"])
        .arg(state)
        .arg(env!("CARGO_BIN_EXE_brief"))
        .env("BRIEF_STATE_DIR", state)
        .env(
            "BRIEF_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
        );
    cmd
}

#[test]
fn a_read_only_state_folder_shows_everything_and_says_once_that_nothing_new_is_remembered() {
    if !can_mount() {
        eprintln!("skipped: this test needs to mount a folder read-only (root and unshare -m)");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let briefing = remembering_a_note(&state);
    brief_on_read_only(&state)
        .arg("notes")
        .arg(&briefing)
        .assert()
        .success()
        .stdout(predicates::str::contains("Kept through it all"))
        .stderr("");
    brief_on_read_only(&state)
        .args(["list", "--query", "is:flagged"])
        .arg(&briefing)
        .assert()
        .success()
        .stdout(predicates::str::contains("Armenia"));
    // Marking cannot be done, and says why in the user's words.
    brief_on_read_only(&state)
        .args(["mark", "read"])
        .arg(&briefing)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("nothing new will be remembered"))
        .stderr(predicates::str::contains("readonly database").not());
    // The reader shows the note and the flag, and says once that nothing new is remembered:
    // opening, reading and flagging do not each say it again.
    let mut s = Session::spawn(
        "unshare",
        &[
            "-m",
            "sh",
            "-c",
            READ_ONLY_MOUNT,
            "sh",
            state.to_str().unwrap(),
            env!("CARGO_BIN_EXE_brief"),
            briefing.to_str().unwrap(),
        ],
        home.path(),
        &[("BRIEF_STATE_DIR", state.to_str().unwrap())],
    );
    s.wait_for("nothing new will be remembered");
    s.wait_for("⚑ Summary");
    s.wait_for("Kept through it all");
    s.send("\t");
    s.wait_gone("nothing new will be remembered");
    s.send("f");
    s.send("\t");
    std::thread::sleep(Duration::from_millis(600));
    assert!(!s.contents().contains("not saved"), "{}", s.contents());
    s.send("q");
    assert!(s.wait_exit().success());
}

/// `brief` run as the user `nobody` (65534), for whom a file's permission bits hold as they
/// do for an analyst (root, running the tests, writes through them); none when this test
/// process cannot change user (not root, no `setpriv`).
fn brief_as_nobody(state: &Path) -> Option<Command> {
    let root = rustix::process::geteuid().is_root();
    let setpriv = std::process::Command::new("setpriv")
        .arg("--version")
        .output();
    if !root || setpriv.is_err() {
        return None;
    }
    let mut cmd = Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_brief"))
        .env("BRIEF_STATE_DIR", state)
        .env("BRIEF_CACHE_DIR", state.join("cache"));
    Some(cmd)
}

#[test]
fn a_shm_file_left_read_only_by_a_read_only_spell_does_not_keep_the_store_unusable() {
    use std::os::unix::fs::{PermissionsExt, chown};
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let briefing = remembering_a_note(&state);
    let Some(_) = brief_as_nobody(&state) else {
        eprintln!("skipped: this test needs to run brief as another user (root and setpriv)");
        return;
    };
    // The analyst's own store: the folder and everything in it belong to the user.
    for path in [home.path(), &state, &state.join("state.db")] {
        chown(path, Some(65534), Some(65534)).unwrap();
    }
    let db = state.join("state.db");
    let set_mode = |p: &Path, mode| std::fs::set_permissions(p, PermissionsExt::from_mode(mode));
    // A read-only spell (the file restored 0444 from a backup, say): the notes still show,
    // and SQLite makes its `-shm` file with the file's mode, 0444.
    set_mode(&db, 0o444).unwrap();
    let nobody = || brief_as_nobody(&state).unwrap();
    nobody()
        .arg("notes")
        .arg(&briefing)
        .assert()
        .success()
        .stdout(predicates::str::contains("Kept through it all"));
    let shm = state.join("state.db-shm");
    assert!(shm.exists(), "the spell left no -shm to test with");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&shm), 0o444);
    // The spell ends: marking and the notes work again.
    set_mode(&db, 0o600).unwrap();
    nobody()
        .args(["mark", "read"])
        .arg(&briefing)
        .assert()
        .success()
        .stderr("");
    nobody()
        .arg("notes")
        .arg(&briefing)
        .assert()
        .success()
        .stdout(predicates::str::contains("Kept through it all"))
        .stderr("");
    nobody()
        .args(["list", "--query", "is:read"])
        .arg(&briefing)
        .assert()
        .success()
        .stdout(predicates::str::contains("Armenia"));
}

#[test]
fn a_full_disk_shows_every_note() {
    if !can_mount() {
        eprintln!("skipped: this test needs to mount a small file system (root and unshare -m)");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let briefing = remembering_a_note(&state);
    let kept = home.path().join("kept.db");
    std::fs::rename(state.join("state.db"), &kept).unwrap();
    // The store on a small file system of its own, filled up before `brief` starts.
    let full = r#"dir=$1; kept=$2; shift 2
        mount -t tmpfs -o size=128k tmpfs "$dir" && cp "$kept" "$dir/state.db" &&
        { dd if=/dev/zero of="$dir/filler" bs=4k 2>/dev/null; exec "$@"; }"#;
    let mut cmd = Command::new("unshare");
    cmd.args(["-m", "sh", "-c", full, "sh"])
        .arg(&state)
        .arg(&kept)
        .arg(env!("CARGO_BIN_EXE_brief"))
        .env("BRIEF_STATE_DIR", &state)
        .env(
            "BRIEF_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
        );
    cmd.arg("notes")
        .arg(&briefing)
        .assert()
        .success()
        .stdout(predicates::str::contains("Kept through it all"));
}

/// Copies the store `from` into a new file `to` as `sqlite3 .dump` and a restore do: the same
/// tables, indexes and rows, and `user_version` left at 0.
fn restore_from_dump(from: &Path, to: &Path) {
    let conn = rusqlite::Connection::open(to).unwrap();
    conn.execute("ATTACH ?1 AS old", [from.to_str().unwrap()])
        .unwrap();
    let schema: Vec<(String, String, String)> = conn
        .prepare("SELECT type, name, sql FROM old.sqlite_schema WHERE sql IS NOT NULL")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (kind, name, sql) in schema {
        conn.execute_batch(&sql).unwrap();
        if kind == "table" {
            conn.execute_batch(&format!("INSERT INTO main.{name} SELECT * FROM old.{name}"))
                .unwrap();
        }
    }
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 0);
}

#[test]
fn a_store_restored_from_a_dump_keeps_everything_and_takes_new_marks() {
    let home = tempfile::tempdir().unwrap();
    let briefing = remembering_a_note(&home.path().join("old"));
    let state = home.path().join("state");
    std::fs::create_dir(&state).unwrap();
    restore_from_dump(&home.path().join("old/state.db"), &state.join("state.db"));
    let notes = |state: &Path| {
        brief(state)
            .arg("notes")
            .arg(&briefing)
            .assert()
            .success()
            .stdout(predicates::str::contains("Kept through it all"))
            .stderr("");
    };
    // Read as it was restored, before anything writes to it.
    notes(&state);
    let listed = |query: &str| {
        let out = brief(&state)
            .args(["list", "--query", query])
            .arg(&briefing)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(listed("is:flagged").contains("Armenia"));
    brief(&state)
        .args(["mark", "read"])
        .arg(&briefing)
        .assert()
        .success()
        .stdout("marked 1 briefing read\n")
        .stderr("");
    assert!(listed("is:read").contains("Armenia"));
    assert!(listed("is:flagged").contains("Armenia"));
    notes(&state);
    let files: Vec<_> = std::fs::read_dir(&state)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(files.iter().all(|f| !f.contains("unreadable")), "{files:?}");
}

#[test]
fn a_database_that_is_not_briefs_is_moved_aside_unchanged_never_written_into() {
    let harbour = fixtures().join(format!("{HARBOUR}.toml"));
    // Another program's database, with a `note` table of its own; one says version 0, one
    // a version of brief's store.
    for version in [0, 2] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("state.db");
        {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.execute_batch(
                "CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT);
                 INSERT INTO note (text) VALUES ('someone else''s');",
            )
            .unwrap();
            conn.pragma_update(None, "user_version", version).unwrap();
        }
        let original = std::fs::read(&db).unwrap();
        brief(dir.path())
            .args(["mark", "read"])
            .arg(&harbour)
            .assert()
            .success()
            .stdout("marked 1 briefing read\n")
            .stderr(predicates::str::contains(
                "not brief's and was moved, unchanged",
            ));
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains("state.db.unreadable-"))
            .collect();
        assert_eq!(aside.len(), 1, "{aside:?}");
        assert_eq!(
            std::fs::read(&aside[0]).unwrap(),
            original,
            "version {version}"
        );
        assert!(listed(dir.path(), "is:read").contains("Harbour talks"));
    }
}

#[test]
fn mark_read_remembers_the_text_read_so_diff_since_read_shows_what_changes_after() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let file = home.path().join("harbour.toml");
    std::fs::copy(fixtures().join(format!("{HARBOUR}.toml")), &file).unwrap();
    brief(&state)
        .args(["mark", "read"])
        .arg(&file)
        .assert()
        .success();
    // Nothing changed since it was marked read.
    brief(&state)
        .args(["diff", "--since-read"])
        .arg(&file)
        .assert()
        .code(0)
        .stderr("");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replace("winter timetable", "summer timetable");
    assert_ne!(edited, text);
    std::fs::write(&file, edited).unwrap();
    brief(&state)
        .args(["diff", "--since-read"])
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicates::str::contains("summer"));
    // Marking it unread leaves the reading remembered; marking it read again takes the new text.
    brief(&state)
        .args(["mark", "unread"])
        .arg(&file)
        .assert()
        .success();
    brief(&state)
        .args(["diff", "--since-read"])
        .arg(&file)
        .assert()
        .code(1);
    brief(&state)
        .args(["mark", "read"])
        .arg(&file)
        .assert()
        .success();
    brief(&state)
        .args(["diff", "--since-read"])
        .arg(&file)
        .assert()
        .code(0);
}

/// The files the state folder holds that a damaged store was moved to.
fn moved_aside(state: &Path) -> Vec<String> {
    (std::fs::read_dir(state).unwrap())
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("state.db.unreadable-"))
        .collect()
}

#[test]
fn a_corrupt_store_is_moved_aside_once_by_every_command_and_each_does_its_job() {
    let garbage = b"this was never a database ".repeat(400);
    // Commands that only read the memory, and one that writes it.
    let runs: [&[&str]; 4] = [
        &["list", "--query", "is:unread"],
        &["notes"],
        &["export"],
        &["mark", "read"],
    ];
    let harbour = fixtures().join(format!("{HARBOUR}.toml"));
    for args in runs {
        let state = tempfile::tempdir().unwrap();
        std::fs::write(state.path().join("state.db"), &garbage).unwrap();
        let out = brief(state.path())
            .args(args)
            .arg(&harbour)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        assert_eq!(
            err.matches("could not be read and was moved").count(),
            1,
            "{args:?}: {err}"
        );
        let aside = moved_aside(state.path());
        assert_eq!(aside.len(), 1, "{args:?}: {aside:?}");
        assert_eq!(
            std::fs::read(state.path().join(&aside[0])).unwrap(),
            garbage
        );
        // Said once: the next run finds a store it can use.
        let again = brief(state.path())
            .args(args)
            .arg(&harbour)
            .output()
            .unwrap();
        assert!(again.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&again.stderr);
        assert!(!err.contains("moved"), "{args:?}: {err}");
        assert_eq!(moved_aside(state.path()).len(), 1);
    }
    // `list` did its job: every fixture is unread in a new store.
    let state = tempfile::tempdir().unwrap();
    std::fs::write(state.path().join("state.db"), &garbage).unwrap();
    assert!(listed(state.path(), "is:unread").contains("Harbour talks resume"));
}
