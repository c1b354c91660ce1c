//! `brief diff`: two versions of a briefing compared block by block, as a user runs it.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn brief() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
    cmd.env(
        "BRIEF_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
    );
    cmd
}

/// The bundled briefing, and a copy with one word changed, one key point added and a source
/// renamed.
fn versions(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let old = common::bundled_copy();
    let new = old
        .replacen("using drones as well", "using unmanned aircraft as well", 1)
        .replacen(
            "key_points = [",
            "key_points = [\n  \"A point added later.\",",
            1,
        );
    let (a, b) = (dir.join("old.toml"), dir.join("new.toml"));
    std::fs::write(&a, old).unwrap();
    std::fs::write(&b, new).unwrap();
    (a, b)
}

#[test]
fn changes_are_marked_without_colour_and_the_exit_code_says_whether_there_were_any() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = versions(dir.path());
    brief()
        .args(["--no-state", "diff"])
        .args([&old, &new])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "── Summary\n+ •A point added later.\n",
        ))
        .stdout(predicate::str::contains("── Armenia\n~ "))
        .stdout(predicate::str::contains(
            "using {+unmanned aircraft+} as well",
        ))
        .stdout(predicate::str::contains("  was: "))
        .stdout(predicate::str::contains("using [-drones-] as well"));
    brief()
        .args(["--no-state", "diff"])
        .args([&old, &old])
        .assert()
        .code(0)
        .stdout("");
    brief()
        .args(["--no-state", "diff"])
        .arg(&old)
        .arg(dir.path().join("missing.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.toml"));
}

#[test]
fn json_gives_one_object_per_change() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = versions(dir.path());
    let out = brief()
        .args(["--no-state", "diff", "--format", "json"])
        .args([&old, &new])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let changes: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert_eq!(changes[0]["change"], "added");
    assert_eq!(changes[1]["change"], "changed");
    assert_eq!(changes[1]["added_words"][0], "unmanned aircraft");
    assert_eq!(changes[1]["removed_words"][0], "drones");
    assert_eq!(changes[1]["tab"], "Armenia");
}

#[test]
fn since_read_compares_with_the_version_the_memory_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = versions(dir.path());
    let state = dir.path().join("state");
    let state_arg = state.to_str().unwrap();
    // Never read: nothing to compare with.
    brief()
        .args(["--state-dir", state_arg, "diff", "--since-read"])
        .arg(&new)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no reading of"));
    {
        let (mut store, _) = briefing::store::Store::open(&state).unwrap();
        let text = std::fs::read_to_string(&old).unwrap();
        // A copy without an id is known by its file's name.
        store.set_seen("new", &text).unwrap();
    }
    brief()
        .args(["--state-dir", state_arg, "diff", "--since-read"])
        .arg(&new)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("{+unmanned aircraft+}"));
    brief()
        .args(["--no-state", "diff", "--since-read"])
        .arg(&new)
        .assert()
        .code(2);
}
