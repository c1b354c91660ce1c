//! The command line at its edges: output pipes that close early, arguments a shell glob can
//! produce, standard input named twice, and the hints and paths scripts read back.

mod common;

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command as Std, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;

fn brief() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
    // The search index of the runs, kept out of the home folder.
    cmd.env(
        "BRIEF_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
    );
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs `brief args…` with its output into a pipe whose reader takes a few bytes and goes
/// away, as `| head -c 100` would; the exit code.
fn with_closed_pipe(args: &[&str], cwd: &Path) -> Option<i32> {
    let mut child = Std::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .env(
            "BRIEF_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
        )
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut some = [0u8; 100];
    out.read_exact(&mut some).unwrap();
    drop(out);
    child.wait().unwrap().code()
}

#[test]
fn check_exit_code_tells_of_errors_through_a_closed_pipe() {
    // Enough problems that the report is larger than a pipe holds (64 KiB).
    let dir = tempfile::tempdir().unwrap();
    for i in 0..400 {
        fs::write(
            dir.path().join(format!("bad-{i:03}.toml")),
            "format = 1\n[briefing]\ntitle = 3\ndate = \"soon\"\n",
        )
        .unwrap();
    }
    let code = with_closed_pipe(&["check", "--color", "never", "."], dir.path());
    assert_eq!(code, Some(1), "errors were found: never 0");
    let code = with_closed_pipe(&["check", "--format", "json", "."], dir.path());
    assert_eq!(code, Some(1));
}

#[test]
fn list_exit_code_tells_of_failures_through_a_closed_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let copy = common::bundled_copy();
    for i in 0..700 {
        fs::write(dir.path().join(format!("{i:03}.toml")), &copy).unwrap();
    }
    fs::write(dir.path().join("broken.toml"), "format = 1\n[briefing\n").unwrap();
    let code = with_closed_pipe(&["list", "."], dir.path());
    assert_eq!(code, Some(1), "a file failed to load: never 0");
}

#[test]
fn usage_errors_never_echo_controls_from_arguments() {
    // What a shell glob hands over for a file named with a C1 CSI and a bidi override.
    let hostile = "--\u{9b}2J\u{202e}evil.toml";
    for args in [
        vec![hostile],
        vec!["check", hostile],
        vec!["print", "--width", hostile],
    ] {
        let out = brief().args(&args).assert().code(2).get_output().clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("evil.toml"), "{err}");
        assert!(
            !err.contains('\u{9b}') && !err.contains('\u{202e}') && !err.contains('\u{1b}'),
            "{err:?}"
        );
    }
    // Help still goes to standard output, and still succeeds.
    brief()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage"));
}

#[test]
fn standard_input_can_be_checked_only_once() {
    brief()
        .args(["check", "-", "-"])
        .write_stdin("format = 1\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("only once"));
}

#[test]
fn the_print_hint_is_quoted_as_a_shell_needs() {
    for (name, hint) in [
        ("-leading.toml", "run: brief print -- -leading.toml"),
        ("$(id).toml", "run: brief print '$(id).toml'"),
        ("two words.toml", "run: brief print 'two words.toml'"),
        (
            "two\nlines\u{202e}.toml",
            "run: brief print $'two\\nlines\\u202e.toml'",
        ),
    ] {
        brief()
            .args(["--", name])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(hint));
    }
}

#[test]
fn list_json_carries_the_real_path_and_plain_text_a_clean_one() {
    let dir = tempfile::tempdir().unwrap();
    let name = "odd \u{1b}]0;pwned\u{7} \u{9b}.toml";
    // Without an id of its own, so its id is its file name.
    fs::write(dir.path().join(name), common::bundled_copy()).unwrap();
    let json = brief()
        .args(["list", "--format", "json", "."])
        .current_dir(dir.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json = String::from_utf8(json).unwrap();
    assert!(
        !json.contains('\u{1b}') && !json.contains('\u{7}') && !json.contains('\u{9b}'),
        "{json:?}"
    );
    let row: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    let path = row["path"].as_str().unwrap();
    assert_eq!(path, format!("./{name}"));
    assert!(dir.path().join(path).exists(), "a script can open it");
    assert_eq!(row["id"], name.strip_suffix(".toml").unwrap());
    let plain = brief()
        .args(["list", "."])
        .current_dir(dir.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let plain = String::from_utf8(plain).unwrap();
    assert!(plain.contains("odd ␛]0;pwned␇ �.toml"), "{plain:?}");
}
