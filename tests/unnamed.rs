//! Files without an id that share a file name (`2023/weekly.toml`, `2024/weekly.toml`): the
//! memory kept under that name is the first one's, and the other is shown none of it — not
//! its notes in `brief notes` or the reader, not its reading as "changed since read", not
//! its marks through `brief mark` or in the library (its row, filters and unread count) —
//! and is told why.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use briefing::app::state::App;
use briefing::library::source::Origin;
use briefing::memory::{Held, Note};
use briefing::store::Store;
use briefing::store::service::{Report, Request};
use briefing::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

fn brief(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("brief").unwrap();
    cmd.current_dir(home)
        .env("BRIEF_STATE_DIR", home.join("state"))
        .env("BRIEF_CACHE_DIR", home.join("cache"));
    cmd
}

/// `2023/weekly.toml` and `2024/weekly.toml` in `home`, neither with an id, their texts.
fn two_weeklies(home: &Path) -> (PathBuf, PathBuf) {
    let text = common::bundled_copy();
    let (a, b) = (home.join("2023/weekly.toml"), home.join("2024/weekly.toml"));
    for (file, title) in [(&a, "Weekly 2023"), (&b, "Weekly 2024")] {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let retitled = text.replacen("title = \"", &format!("title = \"{title}: "), 1);
        assert_ne!(retitled, text);
        std::fs::write(file, retitled).unwrap();
    }
    (a, b)
}

const BODY: &str = "Only true of the 2023 weekly.";

fn a_note() -> Note {
    Note {
        briefing: "weekly".into(),
        body: BODY.into(),
        ..common::note("n-2023", None, BODY)
    }
}

/// 2023 is read (`brief mark read`), then a note written on it through the store.
fn noted_2023(home: &Path) {
    brief(home)
        .args(["mark", "read", "2023/weekly.toml"])
        .assert()
        .success();
    let (mut store, _) = Store::open(&home.join("state")).unwrap();
    store.save_note(&a_note()).unwrap();
}

#[test]
fn a_note_on_2023s_weekly_is_not_shown_on_2024s_by_brief_notes() {
    let home = tempfile::tempdir().unwrap();
    two_weeklies(home.path());
    noted_2023(home.path());
    let out = brief(home.path())
        .args(["notes", "2024/weekly.toml"])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert!(!stdout.contains(BODY), "{stdout}");
    assert!(
        stderr.contains("2024/weekly.toml")
            && stderr.contains("has no id")
            && stderr.contains("2023/weekly.toml"),
        "{stderr}"
    );
    // Both given: the note is 2023's, under 2023's title only.
    let out = brief(home.path())
        .args(["notes", "2023", "2024"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(BODY) && stdout.contains("Weekly 2023"),
        "{stdout}"
    );
    assert!(!stdout.contains("Weekly 2024"), "{stdout}");
    // 2023 alone still has its note, as a single file without an id always had.
    let stdout = brief(home.path())
        .args(["notes", "2023/weekly.toml"])
        .output()
        .unwrap()
        .stdout;
    assert!(String::from_utf8(stdout).unwrap().contains(BODY));
}

#[test]
fn marking_2024s_weekly_never_marks_2023s_memory() {
    let home = tempfile::tempdir().unwrap();
    two_weeklies(home.path());
    noted_2023(home.path());
    brief(home.path())
        .args(["mark", "unread", "2023/weekly.toml"])
        .assert()
        .success();
    let out = brief(home.path())
        .args(["mark", "read", "2024/weekly.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("has no id"), "{stderr}");
    let store = Store::open_read_only(&home.path().join("state"))
        .unwrap()
        .unwrap();
    assert!(
        !store.marks().unwrap()["weekly"].read,
        "2023 was marked read"
    );
    // 2024's text is not remembered as the text read under 2023's name.
    let seen = store.seen_text("weekly").unwrap();
    assert!(
        seen.as_ref().is_none_or(|t| t.contains("Weekly 2023")),
        "{seen:?}"
    );
    // Nor compared with 2023's reading.
    let out = brief(home.path())
        .args(["diff", "2024/weekly.toml", "--since-read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("has no id"));
}

/// What `app` shows, as text.
fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| render(app, &Theme::default_theme(true), f))
        .unwrap();
    common::buffer_text(t.backend().buffer())
}

/// `file` in the reader at 80×24, as `brief FILE` opens it.
fn reader_on(file: &Path) -> App {
    let text = std::fs::read_to_string(file).unwrap();
    let b = briefing::briefing::parse(text.clone()).briefing.unwrap();
    App::reader(b, Rect::new(0, 0, 80, 24))
        .read_from(text)
        .reloading_from(
            Some(Origin::File(file.to_path_buf())),
            briefing::briefing::DEFAULT_MAX_SIZE,
        )
}

#[test]
fn the_reader_on_2024s_weekly_shows_no_note_and_no_change_and_says_why() {
    let home = tempfile::tempdir().unwrap();
    let (a, b) = two_weeklies(home.path());
    let read_2023 = std::fs::read_to_string(&a).unwrap();
    let held = || Held {
        notes: [("weekly".to_string(), vec![a_note()])].into(),
        seen: [(
            "weekly".to_string(),
            briefing::text::fingerprint(&read_2023),
        )]
        .into(),
        unnamed: [("weekly".to_string(), a.clone())].into(),
        ..Held::default()
    };
    let mut app = reader_on(&b);
    app.remember(Report::Held(Box::new(held()), None));
    app.remember(Report::SeenText("weekly".into(), Some(read_2023.clone())));
    assert_eq!(app.reader_id, None);
    let said = app.notice.clone().unwrap_or_default();
    assert!(
        said.contains("has no id") && said.contains("2023/weekly.toml"),
        "{said}"
    );
    assert!(app.reader.as_ref().unwrap().notes.notes.is_empty());
    let shown = screen(&app);
    assert!(
        !shown.contains("since read"),
        "2024 shown as changed:\n{shown}"
    );
    // No note in any tab, the Notes tab (8, shown when there are notes) included.
    for tab in '1'..='8' {
        app.key(KeyEvent::new(KeyCode::Char(tab), KeyModifiers::NONE));
        assert!(!screen(&app).contains(BODY));
    }
    // What it asked before the store answered is held back by the store: its claim of the
    // name comes first (the store's service carries out nothing more about a refused name).
    let asked = app.memory.take_requests();
    assert!(
        matches!(&asked[0], Request::Claim(key, path, _) if key == "weekly" && *path == b),
        "{asked:?}"
    );
    // Nothing asked since is about 2023's name.
    app.key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE));
    app.key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE));
    let asked = app.memory.take_requests();
    assert!(
        asked
            .iter()
            .all(|r| !format!("{r:?}").contains("\"weekly\"")),
        "{asked:?}"
    );
    // 2023 itself keeps its note.
    let mut app = reader_on(&a);
    app.remember(Report::Held(Box::new(held()), None));
    assert_eq!(app.reader_id.as_deref(), Some("weekly"));
    assert_eq!(app.reader.as_ref().unwrap().notes.notes.len(), 1);
    app.key(KeyEvent::new(KeyCode::Char('8'), KeyModifiers::NONE));
    assert!(screen(&app).contains(BODY), "{}", screen(&app));
}

#[test]
fn the_library_shows_2024s_weekly_nothing_of_2023s_memory_and_will_not_mark_it() {
    let home = tempfile::tempdir().unwrap();
    let (a, _) = two_weeklies(home.path());
    let read_2023 = std::fs::read_to_string(&a).unwrap();
    let mut app = common::library_of(home.path().to_path_buf(), 100, 24);
    let marks = briefing::memory::Marks {
        read: true,
        flagged: true,
    };
    app.remember(Report::Held(
        Box::new(Held {
            marks: [("weekly".to_string(), marks)].into(),
            notes: [("weekly".to_string(), vec![a_note()])].into(),
            // 2023's text as read, so that 2024's differs from it.
            seen: [(
                "weekly".to_string(),
                briefing::text::fingerprint(&read_2023),
            )]
            .into(),
            unnamed: [("weekly".to_string(), a.clone())].into(),
            ..Held::default()
        }),
        None,
    ));
    let mut t = Terminal::new(TestBackend::new(100, 24)).unwrap();
    t.draw(|f| render(&app, &Theme::default_theme(true), f))
        .unwrap();
    let shown = common::buffer_text(t.backend().buffer());
    let row = |title: &str| {
        (shown.lines().find(|l| l.contains(title)))
            .unwrap_or_else(|| panic!("{shown}"))
            .to_string()
    };
    assert!(
        row("Weekly 2023").contains('⚑') && row("Weekly 2023").contains('✎'),
        "{shown}"
    );
    let row_2024 = row("Weekly 2024");
    assert!(
        !row_2024.contains('⚑') && !row_2024.contains('✎'),
        "{shown}"
    );
    assert!(!row_2024.contains("updated"), "{shown}");
    assert!(shown.contains("2 briefings · 1 unread"), "{shown}");
    let typed = |app: &mut App, text: &str| {
        for c in text.chars() {
            let code = match c {
                '\r' => KeyCode::Enter,
                '\x1b' => KeyCode::Esc,
                c => KeyCode::Char(c),
            };
            app.key(KeyEvent::new(code, KeyModifiers::NONE));
        }
    };
    for (query, matching) in [
        ("has:note", 1),
        ("is:flagged", 1),
        ("is:read", 1),
        ("is:updated", 0),
        ("is:unread", 1),
    ] {
        typed(&mut app, &format!("/{query}\r"));
        let library = app.library.as_ref().unwrap();
        assert_eq!(library.matching, matching, "{query}");
        if query != "is:unread" {
            typed(&mut app, "\x1b");
        }
    }
    // The one unread is 2024's: marking it read would mark 2023's memory, and is refused.
    typed(&mut app, "u");
    let said = app.notice.clone().unwrap_or_default();
    assert!(said.contains("has no id"), "{said}");
    assert!(app.memory.take_requests().is_empty());
}

#[test]
fn brief_on_2024s_weekly_in_a_terminal_shows_none_of_2023s_memory_and_keeps_none() {
    let home = tempfile::tempdir().unwrap();
    two_weeklies(home.path());
    noted_2023(home.path());
    let state = home.path().join("state");
    let env = [("BRIEF_STATE_DIR", state.to_str().unwrap())];
    let mut s = common::Session::start_with_env(&["2024/weekly.toml"], home.path(), &env);
    s.wait_for("Weekly 2024");
    s.wait_for("has no id");
    s.send("8");
    s.send("f");
    s.send("q");
    let screen = s.contents();
    assert!(s.wait_exit().success());
    assert!(!screen.contains(BODY), "{screen}");
    // Nothing of the 2024 session was kept under 2023's name: not its reading, not a flag.
    let store = Store::open_read_only(&state).unwrap().unwrap();
    let seen = store.seen_text("weekly").unwrap().unwrap_or_default();
    assert!(
        seen.contains("Weekly 2023"),
        "2024's reading kept as 2023's"
    );
    assert!(!store.marks().unwrap()["weekly"].flagged);
    // 2023 still opens with its note.
    let s = common::Session::start_with_env(&["2023/weekly.toml"], home.path(), &env);
    s.wait_for("Weekly 2023");
    s.wait_for("✎");
}

/// A store kept before files of one name were told apart holds 2023's reading and note under
/// `weekly` with nobody recorded as holding it: 2024's weekly, asked about first, is refused
/// (its text is not what was read), in `brief notes` and `brief mark`, and 2023's is given it.
#[test]
fn memory_kept_before_files_were_told_apart_goes_only_to_the_file_read() {
    let home = tempfile::tempdir().unwrap();
    let (a, _) = two_weeklies(home.path());
    {
        let (mut store, _) = Store::open(&home.path().join("state")).unwrap();
        store
            .set_seen("weekly", &std::fs::read_to_string(&a).unwrap())
            .unwrap();
        store.save_note(&a_note()).unwrap();
        assert!(store.unnamed().unwrap().is_empty(), "nobody holds the name");
    }
    let out = brief(home.path())
        .args(["notes", "2024/weekly.toml"])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert!(!stdout.contains(BODY), "{stdout}");
    assert!(stderr.contains("before brief told files"), "{stderr}");
    brief(home.path())
        .args(["mark", "flag", "2024/weekly.toml"])
        .assert()
        .failure();
    let out = brief(home.path())
        .args(["notes", "2023/weekly.toml"])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains(BODY));
}
