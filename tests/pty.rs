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
    s.wait_for("there will be no military solution");
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
fn resizing_rewraps_and_quitting_leaves_a_clean_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], dir.path());
    s.wait_for("BOTTOM LINE UP FRONT");
    s.resize(40, 130);
    // Wider: the whole bottom line fits on fewer lines, and the tab bar has room to spare.
    s.wait_for("stabilise Armenia's border with Azerbaijan after");
    s.resize(8, 25);
    s.wait_for("too small");
    s.resize(24, 80);
    s.wait_for("BOTTOM LINE UP FRONT");
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(!s.alternate_screen());
    assert!(
        !s.contents().contains("BOTTOM LINE"),
        "nothing of the reader is left:\n{}",
        s.contents()
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
fn a_panic_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    // Debug builds panic after the first frame when asked to (see `app::run`). No backtrace:
    // one would scroll the message off the 24-row screen when the caller's environment asks
    // for backtraces (CI does).
    let env = [("BRIEF_TEST_PANIC", "frame"), ("RUST_BACKTRACE", "0")];
    let mut s = Session::start_with_env(&[], dir.path(), &env);
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 101, "a panic exits with 101");
    assert!(!s.alternate_screen(), "back on the main screen");
    assert!(!s.cursor_hidden(), "the cursor is shown again");
    // Raw mode is off before the message is printed: with output processing still off, its
    // second line would start where the first ended instead of at the left edge.
    let screen = s.contents();
    assert!(
        screen
            .lines()
            .any(|l| l.starts_with("BRIEF_TEST_PANIC: a deliberate panic")),
        "the panic message is readable on the main screen:\n{screen}"
    );
}

#[test]
fn a_panic_while_loading_one_file_spares_the_rest_and_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.toml", "b.toml", "panic.toml"] {
        std::fs::write(dir.path().join(name), common::bundled_copy()).unwrap();
    }
    // Debug builds panic while loading a file whose name says "panic" when asked to.
    let env = [("BRIEF_TEST_PANIC", "loader"), ("RUST_BACKTRACE", "0")];
    let mut s = Session::start_with_env(&["."], dir.path(), &env);
    s.wait_for("Library · 2 briefings");
    s.wait_for("1 problem (!)");
    s.send("!");
    s.wait_for("panic.toml: error: brief failed while loading this file");
    assert!(s.alternate_screen(), "the reader is still running");
    assert!(!s.contents().contains("panicked at"), "{}", s.contents());
    s.send("\u{1b}");
    s.wait_gone("Problems:");
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(!s.alternate_screen());
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

#[test]
fn library_search_open_at_the_hit_and_back() {
    // A relative path, so the screen reads the same wherever the clone lives (a long absolute
    // path would wrap the problem line differently).
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut s = Session::start(&["library"], &fixtures);
    s.wait_for("Library · 6 briefings");
    s.wait_for("1 problem (!)");
    // The broken file is listed precisely.
    s.send("!");
    s.wait_for("library/broken.toml:5:8: error: `date` must be a date");
    // Esc alone: wait for it to act before the next key, or the two read as Alt+key.
    s.send("\u{1b}");
    s.wait_gone("Problems:");
    // A word only one briefing contains, found as it is typed.
    s.send("/zephyr");
    s.wait_for("1 matching");
    s.wait_for("Reactions: A zephyrine breeze");
    s.send("\r");
    s.send("\r");
    s.wait_for("observers report a calm election day");
    s.send("n");
    s.wait_for("hit 1/1");
    s.wait_for("A zephyrine breeze kept queues short");
    // Esc goes back to the library, on the same row, with the filter kept.
    s.send("\u{1b}");
    s.wait_for("filter: zephyr · 1 matching");
    assert_eq!(s.requests(), (0, 0, 0, 0));
    // q clears the filter, then quits.
    s.send("q");
    s.wait_for("6 shown");
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(!s.alternate_screen());
}

#[test]
fn a_folder_with_one_briefing_opens_straight_in_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("briefings")).unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/briefings/2022-09-12-armenia-azerbaijan-border.toml"
        ),
        dir.path().join("briefings/only.toml"),
    )
    .unwrap();
    let mut s = Session::start(&[], dir.path());
    s.wait_for("BOTTOM LINE UP FRONT");
    s.send("q");
    assert!(
        s.wait_exit().success(),
        "q quits: there is no library behind a single briefing"
    );
}

#[test]
fn y_copies_the_focused_quote_with_its_citation_through_osc_52() {
    use base64::Engine;
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], dir.path());
    s.wait_for("BOTTOM LINE UP FRONT");
    // The Reactions tab, Blinken's quote (its second item), copied.
    s.send("5}}y");
    s.wait_for("copied Antony Blinken's quote");
    let copied = {
        let parser = s.screen.lock().unwrap();
        parser.callbacks().copied.clone()
    };
    assert_eq!(copied.len(), 1, "one copy");
    let (selection, data) = &copied[0];
    assert_eq!(selection, b"c");
    let text = base64::engine::general_purpose::STANDARD
        .decode(data)
        .expect("base64");
    let text = String::from_utf8(text).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.first(), Some(&"TLP:CLEAR"));
    assert_eq!(lines.last(), Some(&"TLP:CLEAR"));
    assert!(
        lines[1].starts_with("“As we have long made clear"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("— Antony Blinken, US Secretary of State"),
        "{text}"
    );
    assert!(text.contains("grade C2"), "{text}");
    assert!(
        text.contains("id 2022-09-12-armenia-azerbaijan-border"),
        "{text}"
    );
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn pipe_hands_the_citation_to_the_command_in_brief_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("piped.txt");
    // No shell: the words are split, nothing expanded; `tee` writes what it is given.
    let command = format!("tee '{}'", out.display());
    let mut s = Session::start_with_env(&[], dir.path(), &[("BRIEF_PIPE", &command)]);
    s.wait_for("BOTTOM LINE UP FRONT");
    s.send("2}|");
    s.wait_for("piped the citation to tee");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut text = String::new();
    while std::time::Instant::now() < deadline {
        text = std::fs::read_to_string(&out).unwrap_or_default();
        if text.ends_with("TLP:CLEAR\n") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        text.contains("— Suren Papikyan, Defence Minister of Armenia (paraphrase)"),
        "{text}"
    );
    assert!(text.contains("Listed under the party: Armenia"), "{text}");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn x_opens_the_sources_address_only_after_y_and_never_offline() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // A browser opener that writes down what it was asked to open.
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let opened = dir.path().join("opened.txt");
    let opener = bin.join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let briefing = dir.path().join("b.toml");
    std::fs::write(
        &briefing,
        "format = 1\n[briefing]\ntitle = \"Web\"\ndate = 2024-01-01\n[summary]\nbluf = \"b\"\n\
         [[parties]]\nname = \"A\"\n[[parties.statements]]\nspeaker = \"S\"\ntext = \"t\"\n\
         source = \"w\"\n[[sources]]\nid = \"w\"\nname = \"Wire\"\n\
         url = \"https://example.org/report?id=1&x=2\"\n",
    )
    .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let file = briefing.to_str().unwrap();

    // Offline: nothing is asked, nothing opens.
    let mut s = Session::start_with_env(&["--offline", file], dir.path(), &[("PATH", &path)]);
    s.wait_for("BOTTOM LINE UP FRONT");
    s.send("2}x");
    s.wait_for("offline: no address is opened");
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(!opened.exists());

    // Asked first; n opens nothing, y opens the whole address.
    let mut s = Session::start_with_env(&[file], dir.path(), &[("PATH", &path)]);
    s.wait_for("BOTTOM LINE UP FRONT");
    s.send("2}x");
    s.wait_for("Open this address in the web browser?");
    s.send("n");
    s.wait_gone("Open this address in the web browser?");
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(!opened.exists(), "n opens nothing");
    s.send("xy");
    s.wait_for("opened in the web browser");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !opened.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert_eq!(
        std::fs::read_to_string(&opened).unwrap(),
        "https://example.org/report?id=1&x=2"
    );
    s.send("q");
    assert!(s.wait_exit().success());
}

/// The column (0-based) where `text` starts on row `row` of the session's screen.
fn column_of(s: &Session, row: u16, text: &str) -> u16 {
    let line = s
        .contents()
        .lines()
        .nth(usize::from(row))
        .unwrap_or_default()
        .to_string();
    let at = line
        .find(text)
        .unwrap_or_else(|| panic!("{text:?} not on row {row}: {line:?}"));
    u16::try_from(line[..at].chars().count()).unwrap()
}

#[test]
fn the_wheel_scrolls_and_a_click_on_a_tab_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], dir.path());
    s.wait_for("BOTTOM LINE UP FRONT");
    assert_ne!(
        s.screen.lock().unwrap().screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "the mouse is captured"
    );
    s.wait_for("Summary │ 1/");
    // SGR mouse: wheel down (65) at column 10, row 10 (1-based).
    s.send("\u{1b}[<65;10;10M");
    s.wait_for("Summary │ 4/");
    s.send("\u{1b}[<64;10;10M");
    s.wait_for("Summary │ 1/");
    // A click on the Russia tab (row 4, the fourth of the screen).
    let x = column_of(&s, 3, "4 Russia") + 1;
    s.send(&format!("\u{1b}[<0;{};4M\u{1b}[<0;{};4m", x + 1, x + 1));
    s.wait_for(" Russia │");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn mouse_false_leaves_the_terminal_its_own_selection() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "mouse = false\n").unwrap();
    let mut s = Session::start_with_env(
        &[],
        dir.path(),
        &[("BRIEF_CONFIG", config.to_str().unwrap())],
    );
    s.wait_for("BOTTOM LINE UP FRONT");
    assert_eq!(
        s.screen.lock().unwrap().screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None
    );
    s.send("q");
    assert!(s.wait_exit().success());
}

/// A briefing whose one statement is far longer than a pipe holds (64 KB on Linux).
fn long_statement(dir: &std::path::Path) -> std::path::PathBuf {
    let text = "The harbour stays closed while inspections continue. ".repeat(3_000);
    let path = dir.join("long.toml");
    std::fs::write(
        &path,
        format!(
            r#"format = 1

[briefing]
title = "A long statement"
date = 2024-03-01
region = "Baltic"
marking = "TLP:GREEN"

[summary]
bluf = "One statement longer than a pipe holds."

[[parties]]
name = "Estonia"

  [[parties.statements]]
  speaker = "Port authority"
  kind = "quote"
  text = "{text}"
  source = "wire"
  credibility = 2

[[sources]]
id = "wire"
name = "A wire service"
reliability = "B"
"#
        ),
    )
    .unwrap();
    path
}

#[test]
fn a_pipe_command_that_does_not_read_leaves_the_reader_free_to_quit() {
    let dir = tempfile::tempdir().unwrap();
    let path = long_statement(dir.path());
    let file = path.to_str().unwrap();
    let mut s = Session::start_with_env(&[file], dir.path(), &[("BRIEF_PIPE", "sleep 30")]);
    s.wait_for("BOTTOM LINE UP FRONT");
    s.send("2}|");
    s.wait_for("piping Port authority's quote");
    // Still answering keys while `sleep` takes nothing: the next tab opens, and `q` quits
    // long before `sleep` ends (wait_exit gives up after 10 seconds).
    s.send("3");
    s.wait_for("Reactions │");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_long_citation_piped_to_a_command_that_reads_is_said_to_be_piped() {
    let dir = tempfile::tempdir().unwrap();
    let path = long_statement(dir.path());
    let out = dir.path().join("piped.txt");
    let command = format!("tee '{}'", out.display());
    let file = path.to_str().unwrap();
    let mut s = Session::start_with_env(&[file], dir.path(), &[("BRIEF_PIPE", &command)]);
    s.wait_for("BOTTOM LINE UP FRONT");
    s.send("2}|");
    s.wait_for("piped the citation to tee");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut text = String::new();
    while std::time::Instant::now() < deadline {
        text = std::fs::read_to_string(&out).unwrap_or_default();
        if text.ends_with("\n") && text.len() > 150_000 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(text.len() > 150_000, "{}", text.len());
    s.send("q");
    assert!(s.wait_exit().success());
}

/// Holds the build lock of the index in `cache`, as another `brief` building it does, until
/// dropped.
fn another_brief_building(cache: &std::path::Path) -> std::fs::File {
    std::fs::create_dir_all(cache).unwrap();
    let lock = std::fs::File::create(cache.join("index.lock")).unwrap();
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::NonBlockingLockExclusive).unwrap();
    lock
}

/// A folder of three copies of the bundled briefing, without its id: each is known by its
/// file's name.
fn three_briefings(dir: &std::path::Path) -> std::path::PathBuf {
    let folder = dir.join("briefings");
    std::fs::create_dir(&folder).unwrap();
    let text = common::bundled_copy();
    for i in 0..3 {
        std::fs::write(folder.join(format!("b{i}.toml")), &text).unwrap();
    }
    folder
}

#[test]
fn brief_list_says_it_waits_for_another_brief_building_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let folder = three_briefings(dir.path());
    let cache = dir.path().join("cache");
    let held = another_brief_building(&cache);
    let cache_env = cache.to_str().unwrap();
    let list = ["list", folder.to_str().unwrap()];
    let mut s = Session::start_with_env(&list, dir.path(), &[("BRIEF_CACHE_DIR", cache_env)]);
    s.wait_for("waiting for another brief to finish indexing…");
    drop(held);
    s.wait_for("b2.toml");
    assert!(s.wait_exit().success());
    let screen = s.contents();
    assert!(!screen.contains("waiting"), "the line is cleared: {screen}");
    assert_eq!(screen.matches(".toml").count(), 3, "{screen}");
}

#[test]
fn the_library_says_it_waits_for_another_brief_building_the_index_and_r_stops_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let folder = three_briefings(dir.path());
    let cache = dir.path().join("cache");
    let held = another_brief_building(&cache);
    let cache_env = cache.to_str().unwrap();
    let args = [folder.to_str().unwrap()];
    let mut s = Session::start_with_env(&args, dir.path(), &[("BRIEF_CACHE_DIR", cache_env)]);
    s.wait_for("Waiting for another brief to finish indexing…");
    s.wait_for("another brief indexing");
    let screen = s.contents();
    assert!(
        screen.contains("q quit"),
        "the key hints still fit at 80 columns: {screen}"
    );
    // `R` again while waiting: a new indexing waits in its place (that the one waiting stops
    // at once is held by the indexer's own test), and lists once the other is done.
    s.send("R");
    s.wait_for("Waiting for another brief to finish indexing…");
    drop(held);
    s.wait_for("3 shown");
    s.wait_gone("another brief indexing");
    s.send("q");
    assert!(s.wait_exit().success());
}
