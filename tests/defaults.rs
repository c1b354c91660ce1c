//! What every command reads when it names no path, decided in one place: `./briefings` when
//! that folder exists (searched recursively, as named folders are), otherwise the briefings
//! built into `brief`. Tried with a briefing only in a subfolder, an empty `briefings/`, and
//! no `briefings/` at all, for `list`, `check`, `print` and the reader.

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
    // There is nothing to print in it: print shows the built-in briefing, as before.
    brief(dir.path())
        .arg("print")
        .assert()
        .success()
        .stdout(predicate::str::contains(BUILT_IN));
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
