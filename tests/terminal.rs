//! The real binary when its terminal misbehaves: closed under it (with and without a SIGHUP),
//! stopped and continued by the shell's job control, and ended by any fatal signal. Each case
//! checks what a person at that terminal would be left with. Linux: the tests read `/proc`.
#![cfg(target_os = "linux")]

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{Session, alive, children_of, kill, proc_stat};

const BRIEF: &str = env!("CARGO_BIN_EXE_brief");

/// Waits up to 10 s for `done`, failing with `what`.
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(10), "{what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn closing_the_terminal_ends_brief_quietly_as_a_hangup() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], dir.path());
    s.wait_for("BOTTOM LINE UP FRONT");
    s.hang_up();
    let status = s.wait_exit();
    assert_eq!(
        (status.exit_code(), status.signal()),
        (129, None),
        "exits as for SIGHUP, not by a signal such as SIGABRT"
    );
}

#[test]
fn a_terminal_gone_without_a_sighup_still_ends_brief() {
    // A parent that outlives the terminal and ignores the hangup, so that no SIGHUP reaches
    // brief: only the dead terminal tells it. The parent records brief's exit code.
    let dir = tempfile::tempdir().unwrap();
    let status_file = dir.path().join("status");
    let script = r#"trap "" HUP; "$0"; echo $? > "$1""#;
    let args = ["-c", script, BRIEF, status_file.to_str().unwrap()];
    let mut s = Session::spawn("sh", &args, dir.path(), &[]);
    s.wait_for("BOTTOM LINE UP FRONT");
    let shell = s.child.process_id().unwrap();
    let brief = children_of(shell)[0];
    s.hang_up();
    let start = Instant::now();
    while alive(brief) && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    if alive(brief) {
        kill("KILL", brief);
        panic!("brief kept running on a terminal that had gone away");
    }
    wait_until("the shell records brief's exit code", || {
        status_file.exists() && !std::fs::read_to_string(&status_file).unwrap().is_empty()
    });
    assert_eq!(std::fs::read_to_string(&status_file).unwrap().trim(), "129");
}

/// An interactive bash, with job control, in the terminal; `brief` started from it and showing
/// its first screen. Returns the session and brief's process id.
fn brief_under_bash(dir: &Path) -> (Session, u32) {
    let env = [
        ("PS1", "$ "),
        ("HISTFILE", "/dev/null"),
        ("PROMPT_COMMAND", ""),
    ];
    let mut s = Session::spawn("bash", &["--norc", "--noprofile", "-i"], dir, &env);
    s.wait_for("$ ");
    s.send(&format!("'{BRIEF}'\r"));
    s.wait_for("BOTTOM LINE UP FRONT");
    let shell = s.child.process_id().unwrap();
    let brief = children_of(shell)[0];
    (s, brief)
}

/// After `fg`: brief is back on its screen, redrawn (nothing the shell printed is left), and
/// in raw mode (a Tab acts at once, with no Enter). Then it quits, and the shell exits.
fn back_in_the_reader(mut s: Session) {
    s.send("fg\r");
    s.wait_for("Summary │");
    s.wait_gone("Stopped");
    assert!(s.alternate_screen());
    s.send("\t");
    s.wait_for("Armenia │");
    s.send("q");
    s.wait_for("$ ");
    assert!(!s.alternate_screen());
    s.send("exit\r");
    s.wait_exit();
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_brings_the_reader_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, brief) = brief_under_bash(dir.path());
    s.send("\u{1a}");
    s.wait_for("Stopped");
    assert_eq!(proc_stat(brief).map(|(_, state)| state), Some('T'));
    assert!(
        !s.alternate_screen(),
        "the shell is back on the main screen"
    );
    assert!(!s.cursor_hidden(), "with its cursor");
    back_in_the_reader(s);
}

#[test]
fn sigtstp_suspends_like_ctrl_z() {
    let dir = tempfile::tempdir().unwrap();
    let (s, brief) = brief_under_bash(dir.path());
    kill("TSTP", brief);
    s.wait_for("Stopped");
    assert!(!s.alternate_screen());
    assert!(!s.cursor_hidden());
    back_in_the_reader(s);
}

#[test]
fn after_a_stop_it_could_not_see_continuing_redraws_in_raw_mode() {
    // SIGSTOP cannot be caught: brief learns of it only from the SIGCONT that follows.
    let dir = tempfile::tempdir().unwrap();
    let (s, brief) = brief_under_bash(dir.path());
    kill("STOP", brief);
    s.wait_for("Stopped");
    back_in_the_reader(s);
}

#[test]
fn ctrl_z_without_job_control_says_so_and_stays() {
    // Started straight in the terminal, as `tmux new-session brief` does: nothing could
    // continue a stopped brief, so it does not stop.
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], dir.path());
    s.wait_for("BOTTOM LINE UP FRONT");
    s.send("\u{1a}");
    s.wait_for("cannot suspend");
    s.send("\t");
    s.wait_for("Armenia │");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn every_fatal_signal_restores_the_terminal() {
    for (name, number) in [
        ("QUIT", 3),
        ("USR1", 10),
        ("USR2", 12),
        ("ALRM", 14),
        ("VTALRM", 26),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Session::start(&[], dir.path());
        s.wait_for("BOTTOM LINE UP FRONT");
        kill(name, s.child.process_id().unwrap());
        let status = s.wait_exit();
        assert_eq!(
            (status.exit_code(), status.signal()),
            (128 + number, None),
            "SIG{name}"
        );
        assert!(!s.alternate_screen(), "SIG{name}: back on the main screen");
        assert!(!s.cursor_hidden(), "SIG{name}: cursor shown");
    }
}
