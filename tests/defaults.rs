//! What every command reads when it names no path, decided in one place: `./briefings` when
//! that folder exists (searched recursively, as named folders are), else the folders the
//! configuration's `library` names, otherwise the briefings built into `brief`. Tried with a
//! briefing only in a subfolder, an empty `briefings/`, no `briefings/` at all, and a configured
//! library, for `list`, `check`, `print`, `export`, `notes` and the reader.

mod common;

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

const NESTED: &str = "format = 1\n[briefing]\ntitle = \"Only in a subfolder\"\ndate = 2025-02-03\n\
                      [summary]\nbluf = \"Found all the same.\"\n[[parties]]\nname = \"Alpha\"\n";
const BUILT_IN: &str = "Armenia–Azerbaijan border clashes";

fn brief(cwd: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
    // The search index of the runs, kept out of the home folder.
    cmd.env(
        "BRIEF_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
    );
    // No configuration but what a test writes.
    cmd.env("BRIEF_CONFIG", cwd.join("no-config.toml"));
    cmd.current_dir(cwd).env_remove("NO_COLOR");
    cmd
}

/// A folder whose `briefings/` holds one briefing, two levels down.
fn nested() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("briefings/2025/february");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("2025-02-03-nested.toml"), NESTED).unwrap();
    dir
}

fn empty() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("briefings")).unwrap();
    dir
}

#[test]
fn a_briefing_in_a_subfolder_of_briefings_is_read_by_every_command() {
    let dir = nested();
    brief(dir.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Only in a subfolder").count(1));
    brief(dir.path())
        .args(["check", "--color", "never"])
        .assert()
        .success()
        .stdout(predicate::str::contains("checked 1 file: no problems"));
    brief(dir.path())
        .arg("print")
        .assert()
        .success()
        .stdout(predicate::str::contains("Only in a subfolder"));
    let mut s = common::Session::start(&[], dir.path());
    s.wait_for("Only in a subfolder");
    s.wait_for("Found all the same.");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn an_empty_briefings_folder_is_read_as_empty() {
    let dir = empty();
    brief(dir.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    brief(dir.path())
        .args(["check", "--color", "never"])
        .assert()
        .success()
        .stdout(predicate::str::contains("checked 0 files: no problems"));
    // There is nothing to print in it, and print says so rather than print another briefing.
    brief(dir.path())
        .arg("print")
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("no briefing to print"));
    let mut s = common::Session::start(&[], dir.path());
    s.wait_for("No briefings were found.");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn with_no_briefings_folder_the_built_in_briefings_are_read() {
    let dir = tempfile::tempdir().unwrap();
    brief(dir.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains(BUILT_IN).count(1));
    brief(dir.path())
        .args(["check", "--color", "never"])
        .assert()
        .success()
        .stdout(predicate::str::contains("checked 1 file: no problems"));
    brief(dir.path())
        .arg("print")
        .assert()
        .success()
        .stdout(predicate::str::contains(BUILT_IN));
    let mut s = common::Session::start(&[], dir.path());
    s.wait_for("BOTTOM LINE UP FRONT");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn print_takes_the_newest_briefing_by_name_from_any_subfolder() {
    let dir = nested();
    let older = NESTED.replace("Only in a subfolder", "An older one");
    std::fs::write(dir.path().join("briefings/2024-12-31-older.toml"), older).unwrap();
    brief(dir.path())
        .arg("print")
        .assert()
        .success()
        .stdout(predicate::str::contains("Only in a subfolder"));
}

#[test]
fn with_no_briefings_folder_every_command_reads_the_configured_library() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("archive/2025");
    std::fs::create_dir_all(&library).unwrap();
    std::fs::write(library.join("2025-02-03-nested.toml"), NESTED).unwrap();
    let config = dir.path().join("config.toml");
    let line = format!("library = [{:?}]\n", dir.path().join("archive"));
    std::fs::write(&config, line).unwrap();
    let cwd = dir.path().join("elsewhere");
    std::fs::create_dir(&cwd).unwrap();
    let configured = |args: &[&str]| {
        let mut cmd = brief(&cwd);
        cmd.env("BRIEF_CONFIG", &config).args(args);
        cmd.assert()
    };
    configured(&["list"])
        .success()
        .stdout(predicate::str::contains("Only in a subfolder").count(1))
        .stdout(predicate::str::contains(BUILT_IN).not());
    configured(&["check", "--color", "never"])
        .success()
        .stdout(predicate::str::contains("checked 1 file: no problems"));
    configured(&["print"])
        .success()
        .stdout(predicate::str::contains("Only in a subfolder"));
    configured(&["--no-state", "export"])
        .success()
        .stdout(predicate::str::contains("Only in a subfolder"))
        .stdout(predicate::str::contains("Armenia").not());
    // A configuration with a problem is still read for its library, and the problem is said.
    std::fs::write(
        &config,
        format!(
            "{}nonsense = 1\n",
            std::fs::read_to_string(&config).unwrap()
        ),
    )
    .unwrap();
    configured(&["list"])
        .success()
        .stdout(predicate::str::contains("Only in a subfolder"))
        .stderr(predicate::str::contains("config: 1 problem"));
    let mut s =
        common::Session::start_with_env(&[], &cwd, &[("BRIEF_CONFIG", config.to_str().unwrap())]);
    s.wait_for("BOTTOM LINE UP FRONT");
    s.wait_for("Found all the same.");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn standard_input_is_read_once_however_many_times_a_command_needs_it() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/briefings/2022-09-12-armenia-azerbaijan-border.toml"
    ))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    // The index reads it, then the command: both see the same text.
    brief(dir.path())
        .args(["--no-state", "export", "-"])
        .write_stdin(text.clone())
        .assert()
        .success()
        .stdout(predicate::str::contains("Armenia"));
    brief(dir.path())
        .args(["list", "-"])
        .write_stdin(text.clone())
        .assert()
        .success()
        .stdout(predicate::str::contains("<stdin>"));
    for command in ["list", "export", "check", "notes"] {
        brief(dir.path())
            .args([command, "-", "-"])
            .write_stdin(text.clone())
            .assert()
            .code(2)
            .stderr(predicate::str::contains("can be read only once"));
    }
}
