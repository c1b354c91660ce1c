//! The configuration as a user meets it: `brief config` as a starting point, `brief config
//! check` with exact diagnostics, a rebound key in the help and in use, the three built-in
//! themes on the Reactions tab, and a configuration with problems that still starts.

mod common;

use assert_cmd::Command;
use briefing::app::effect::Effect;
use briefing::app::state::App;
use briefing::briefing::parse;
use briefing::bundled::BRIEFINGS;
use briefing::ui::{Theme, render};
use common::Session;
use predicates::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

fn brief() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
    cmd.env(
        "BRIEF_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
    )
    .env_remove("BRIEF_CONFIG")
    .env(
        "XDG_CONFIG_HOME",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/no-config"),
    )
    .env("NO_COLOR", "1");
    cmd
}

#[test]
fn brief_config_prints_every_default_commented_and_what_the_file_sets() {
    let dir = tempfile::tempdir().unwrap();
    let out = brief().args(["--no-state", "config"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("# theme = \"dark\""), "{text}");
    assert!(text.contains("# max_width = 100"));
    assert!(text.contains("# date_format = \"%-d %b %Y\"  # strftime, the day only"));
    assert!(text.contains("[keys.reader]\n# next_tab = [\"tab\", \"l\", \"right\"]  # next tab"));
    assert!(text.contains("# prev_tab = [\"shift-tab\", \"h\", \"left\"]"));
    assert!(text.contains("# bottom = [\"G\", \"end\"]"));
    // What it prints, saved and edited, is a configuration `brief config check` accepts.
    let file = dir.path().join("config.toml");
    let edited = text
        .replace(
            "# next_tab = [\"tab\", \"l\", \"right\"]",
            "next_tab = [\"ctrl-n\"]",
        )
        .replace("# theme = \"dark\"", "theme = \"light\"");
    std::fs::write(&file, edited).unwrap();
    brief()
        .args(["config", "check"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("0 errors, 0 warnings"));
    let out = brief()
        .arg("--config")
        .arg(&file)
        .arg("config")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("\ntheme = \"light\""), "{text}");
    assert!(
        text.contains("\nnext_tab = [\"ctrl-n\"]  # next tab"),
        "{text}"
    );
}

#[test]
fn config_check_reports_like_brief_check_with_a_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "[keys.reader]\nnext_tabb = [\"ctrl-n\"]\n").unwrap();
    brief()
        .args(["config", "check"])
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[unknown-action]: there is no action `next_tabb`",
        ))
        .stdout(predicate::str::contains("2 | next_tabb = [\"ctrl-n\"]"))
        .stdout(predicate::str::contains("= help: did you mean `next_tab`?"))
        .stdout(predicate::str::contains("1 error, 0 warnings"));
    brief()
        .args(["config", "check"])
        .arg(dir.path().join("missing.toml"))
        .assert()
        .code(2);
}

fn reader(width: u16, height: u16) -> App {
    let b = parse(BRIEFINGS[0].1.to_string()).briefing.unwrap();
    App::reader(b, Rect::new(0, 0, width, height))
}

#[test]
fn a_rebound_key_works_and_the_help_shows_it() {
    let (config, problems) = briefing::config::parse("[keys.reader]\nnext_tab = [\"ctrl-n\"]\n");
    assert!(problems.is_empty());
    let mut app = reader(80, 24);
    app.options.keymap = config.keymap();
    app.key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    assert_eq!(
        app.reader.as_ref().unwrap().current,
        0,
        "Tab no longer moves"
    );
    app.key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL));
    assert_eq!(app.reader.as_ref().unwrap().current, 1);
    app.key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE));
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| render(&app, &Theme::default_theme(false), f))
        .unwrap();
    insta::assert_snapshot!("help_with_ctrl_n", t.backend());
}

#[test]
fn the_built_in_themes_on_the_reactions_tab() {
    for name in ["dark", "light", "high-contrast"] {
        let mut app = reader(80, 24);
        app.key(KeyEvent::new(KeyCode::Char('5'), KeyModifiers::NONE));
        let theme = Theme::named_for_test(name);
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| render(&app, &theme, f)).unwrap();
        insta::assert_debug_snapshot!(format!("theme_{name}_reactions"), t.backend().buffer());
    }
}

#[test]
fn a_configuration_with_problems_still_starts_and_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        "theme = \"ligth\"\n[keys.reader]\nnext_tabb = [\"x\"]\nnext_tab = [\"ctrl-n\"]\n",
    )
    .unwrap();
    let mut s =
        Session::start_with_env(&[], dir.path(), &[("BRIEF_CONFIG", file.to_str().unwrap())]);
    s.wait_for("config: 2 problems — brief config check");
    // The rest applies: ctrl-n is the next tab.
    s.send("\u{e}");
    s.wait_for(" Armenia │");
    s.wait_gone("config: 2 problems");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn max_width_narrows_the_text_column() {
    let mut app = reader(120, 30);
    let wide = app.reader.as_ref().unwrap().text_area().unwrap().width;
    app.configure(briefing::terminal::Options {
        measure: 60,
        keymap: app.options.keymap.clone(),
        ..Default::default()
    });
    let narrow = app.reader.as_ref().unwrap().text_area().unwrap().width;
    assert_eq!((wide, narrow), (100, 60));
}

#[test]
fn the_library_setting_is_what_brief_opens_with_no_briefings_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("archive");
    std::fs::create_dir(&folder).unwrap();
    for name in ["a", "b"] {
        let text = common::bundled_copy().replacen("title = \"", &format!("title = \"{name} "), 1);
        std::fs::write(folder.join(format!("{name}.toml")), text).unwrap();
    }
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        format!("library = [{:?}]\n", folder.display().to_string()),
    )
    .unwrap();
    let cwd = dir.path().join("empty");
    std::fs::create_dir(&cwd).unwrap();
    let mut s = Session::start_with_env(&[], &cwd, &[("BRIEF_CONFIG", file.to_str().unwrap())]);
    s.wait_for("2 shown");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn auto_is_dark_when_the_terminal_does_not_say_and_starts_all_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "theme = \"auto\"\n").unwrap();
    let started = std::time::Instant::now();
    let mut s =
        Session::start_with_env(&[], dir.path(), &[("BRIEF_CONFIG", file.to_str().unwrap())]);
    s.wait_for("BOTTOM LINE UP FRONT");
    // This terminal answers no colour query: the dark theme's active tab, cyan.
    let (row, col) = {
        let contents = s.contents();
        let line = contents
            .lines()
            .position(|l| l.contains("1 Summary"))
            .unwrap();
        let at = contents
            .lines()
            .nth(line)
            .unwrap()
            .find("1 Summary")
            .unwrap();
        (u16::try_from(line).unwrap(), u16::try_from(at).unwrap())
    };
    let bg = s
        .screen
        .lock()
        .unwrap()
        .screen()
        .cell(row, col)
        .unwrap()
        .bgcolor();
    assert_eq!(bg, vt100::Color::Idx(6));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    s.send("q");
    assert!(s.wait_exit().success());
}

fn screen_text(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    t.draw(|f| render(app, &Theme::default_theme(false), f))
        .unwrap();
    common::buffer_text(t.backend().buffer())
}

#[test]
fn date_format_writes_every_day_the_reader_shows_and_times_follow() {
    let path = format!("{}/tests/fixtures/compare.toml", env!("CARGO_MANIFEST_DIR"));
    let b = parse(std::fs::read_to_string(path).unwrap())
        .briefing
        .unwrap();
    let mut app = App::reader(b, Rect::new(0, 0, 120, 30));
    let (config, problems) = briefing::config::parse("date_format = \"%d/%m/%Y\"\n");
    assert!(problems.is_empty(), "{problems:?}");
    app.configure(briefing::terminal::Options {
        dates: config.date_format,
        keymap: app.options.keymap.clone(),
        ..Default::default()
    });
    let summary = screen_text(&app);
    assert!(
        summary.contains("02/03/2024 · "),
        "the meta line:\n{summary}"
    );
    // The first party's tab: a day, and a day with its time and offset after it.
    app.key(KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE));
    let party = screen_text(&app);
    assert!(party.contains("· 01/03/2024 ·"), "{party}");
    assert!(party.contains("· 02/03/2024 09:30 UTC+09:00 ·"), "{party}");
    assert!(!party.contains("Mar 2024"), "{party}");
    // A citation copied out carries the same days.
    for c in ['}', 'y'] {
        app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let copied = (app.effects.iter().rev())
        .find_map(|e| match e {
            Effect::Clipboard(text) => Some(text.clone()),
            _ => None,
        })
        .expect("a copy for the terminal");
    assert!(
        copied.contains(", Foreign Minister, 01/03/2024 (quote)"),
        "{copied}"
    );
    assert!(copied.contains(" · 02/03/2024 · id "), "{copied}");
    // The compare view's days.
    app.key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    let compare = screen_text(&app);
    assert!(compare.contains("── 01/03/2024 ──"), "{compare}");
    assert!(compare.contains("── 02/03/2024 ──"), "{compare}");
}

#[test]
fn a_date_format_in_the_file_is_used_by_the_real_binary() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "date_format = \"%A %-d %B %Y\"\n").unwrap();
    let mut s =
        Session::start_with_env(&[], dir.path(), &[("BRIEF_CONFIG", file.to_str().unwrap())]);
    s.wait_for("Monday 12 September 2022 · ");
    s.send("q");
    assert!(s.wait_exit().success());
}

/// A configuration folder holding `config.toml` with `config` and `themes/NAME.toml` for each
/// of `themes`.
fn folder(config: &str, themes: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let brief = dir.path().join("brief");
    std::fs::create_dir_all(brief.join("themes")).unwrap();
    std::fs::write(brief.join("config.toml"), config).unwrap();
    for (name, text) in themes {
        std::fs::write(brief.join("themes").join(format!("{name}.toml")), text).unwrap();
    }
    dir
}

/// `brief config check` on the folder's `config.toml`, its themes beside it.
fn check_in(dir: &tempfile::TempDir) -> assert_cmd::assert::Assert {
    brief()
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["config", "check"])
        .arg(dir.path().join("brief/config.toml"))
        .assert()
}

#[test]
fn config_check_finds_every_problem_of_the_theme_the_reader_finds_with_its_line() {
    let theme = "base = \"nope\"\n[styles]\nheading = { fg = \"red\" }\n\
                 banner = { fg = \"#GGGGGG\" }\ntitle = { bg = 300 }\n";
    let dir = folder("theme = \"mine\"\n", &[("mine", theme)]);
    check_in(&dir)
        .code(1)
        .stdout(predicate::str::contains(
            "themes/mine.toml, line 1: theme file: `base`: there is no theme `nope`",
        ))
        .stdout(predicate::str::contains(
            "themes/mine.toml, line 4: theme style `banner`: unknown colour `#GGGGGG`",
        ))
        .stdout(predicate::str::contains(
            "themes/mine.toml, line 5: theme style `title`: `bg` has the wrong type or is unknown",
        ))
        .stdout(predicate::str::contains("3 errors, 0 warnings"));
    // The reader counts the same three, from the same check (it said "1 problem").
    let config = dir.path().join("brief/config.toml");
    let mut s = Session::start_with_env(
        &[],
        dir.path(),
        &[
            ("BRIEF_CONFIG", config.to_str().unwrap()),
            ("XDG_CONFIG_HOME", dir.path().to_str().unwrap()),
        ],
    );
    s.wait_for("config: 3 problems — brief config check");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_theme_is_named_as_the_guide_writes_it_or_by_its_name() {
    let theme = "base = \"light\"\n[styles]\nheading = { fg = \"red\" }\n";
    for written in ["themes/mine.toml", "mine"] {
        let dir = folder(&format!("theme = \"{written}\"\n"), &[("mine", theme)]);
        check_in(&dir)
            .success()
            .stdout(predicate::str::contains("0 errors, 0 warnings"));
    }
    let dir = folder("theme = \"themes/other.toml\"\n", &[("mine", theme)]);
    check_in(&dir)
        .code(1)
        .stdout(predicate::str::contains("there is no theme `other`"));
}

#[test]
fn a_key_that_types_text_cannot_be_bound_to_an_editor_action() {
    let dir = folder("[keys.editor]\nsave_note = [\"e\", \"ctrl-e\"]\n", &[]);
    check_in(&dir)
        .code(1)
        .stdout(predicate::str::contains(
            "error[conflict]: `e` types text in a note: it cannot be bound to save_note",
        ))
        .stdout(predicate::str::contains("1 error, 0 warnings"));
    let (config, _) = briefing::config::parse("[keys.editor]\nsave_note = [\"e\", \"ctrl-e\"]\n");
    let keymap = config.keymap();
    let save = (keymap.table(briefing::app::keymap::Context::Editor).iter())
        .find(|b| b.action == briefing::app::action::Action::SaveNote)
        .unwrap();
    assert_eq!(save.keys.len(), 1, "ctrl-e only: {:?}", save.keys);
}

#[test]
fn a_key_taken_from_a_default_binding_is_a_conflict_naming_both() {
    let dir = folder("[keys.reader]\nnext_tab = [\"j\"]\n", &[]);
    check_in(&dir).code(1).stdout(predicate::str::contains(
        "error[conflict]: `j` is bound to both `line_down` (by default) and `next_tab` in keys.reader",
    ));
    // Once the file gives `line_down` other keys, `j` is free.
    let dir = folder(
        "[keys.reader]\nnext_tab = [\"j\"]\nline_down = [\"down\"]\n",
        &[],
    );
    check_in(&dir)
        .success()
        .stdout(predicate::str::contains("0 errors, 0 warnings"));
}

#[test]
fn a_config_file_named_that_is_not_there_stops_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.toml");
    for command in [
        &["list"][..],
        &["print"],
        &["config"],
        &["config", "check"],
        &["check"],
        &[],
    ] {
        brief()
            .current_dir(dir.path())
            .arg("--config")
            .arg(&missing)
            .args(command)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("missing.toml: cannot read it"));
    }
}
