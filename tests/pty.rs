//! The real binary in a pseudo-terminal, its output fed to a vt100 screen: what an analyst at
//! a real terminal would see.

mod common;

use common::Session;

#[test]
fn read_the_blinken_quote_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], dir.path());
    s.wait_for("BOTTOM LINE UP FRONT");
    assert!(s.screen.lock().unwrap().screen().alternate_screen());
    // Tab four times: Summary → Armenia → Azerbaijan → Russia → Reactions.
    s.send("\t\t\t\t");
    s.wait_for("Reactions │");
    s.wait_for("there can be no military solution");
    s.wait_for("Antony Blinken");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(
        !s.screen.lock().unwrap().screen().alternate_screen(),
        "the terminal is back on the main screen"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], dir.path());
    s.wait_for("BOTTOM LINE UP FRONT");
    let pid = s.child.process_id().expect("a pid") as i32;
    // kill(1) keeps the test free of unsafe code.
    let ok = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let status = s.wait_exit();
    assert!(
        !status.success(),
        "a signal is not a clean quit: {status:?}"
    );
    assert!(!s.screen.lock().unwrap().screen().alternate_screen());
}

#[test]
fn hostile_title_never_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.toml");
    // OSC 0 (window title) and a CSI clear-screen in the title, as TOML escapes.
    std::fs::write(
        &path,
        "format = 1\n[briefing]\ntitle = \"Hi\\u001b]0;pwned\\u0007 \\u001b[2J there\"\ndate = 2024-01-01\n\
         [summary]\nbluf = \"b\"\n[[parties]]\nname = \"A\"\n",
    )
    .unwrap();
    let mut s = Session::start(&[path.to_str().unwrap()], dir.path());
    s.wait_for("Hi␛]0;pwned␇ ␛[2J there");
    {
        let parser = s.screen.lock().unwrap();
        let requests = parser.callbacks();
        assert!(requests.titles.is_empty(), "no title was set: {requests:?}");
        assert_eq!(
            (requests.bells, requests.clipboard, requests.resizes),
            (0, 0, 0)
        );
    }
    s.send("q");
    assert!(s.wait_exit().success());
}
