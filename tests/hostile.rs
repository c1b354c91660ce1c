//! The adversarial-input suite: every fixture in `tests/fixtures/hostile/` (and the huge ones
//! generated here) through `brief check`, `brief check --format json`, `brief print` as text
//! and Markdown, and for some the reader in a pseudo-terminal, each with its expected outcome.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

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

/// Output a terminal would not act on. `sgr` allows the colour sequences brief itself writes
/// (`ESC [ … m`); nothing else starting with ESC, and no BEL or C1 control, may appear.
fn assert_inert(bytes: &[u8], sgr: bool, what: &str) {
    let text = String::from_utf8_lossy(bytes);
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let context = || text[at.saturating_sub(40)..(at + 40).min(text.len())].to_string();
        match c {
            '\u{1b}' if sgr => {
                assert_eq!(
                    chars.next().map(|x| x.1),
                    Some('['),
                    "{what}: {:?}",
                    context()
                );
                loop {
                    match chars.next().map(|x| x.1) {
                        Some('0'..='9' | ';') => {}
                        Some('m') => break,
                        other => panic!("{what}: ESC [ … {other:?} is not colour: {:?}", context()),
                    }
                }
            }
            '\u{1b}' | '\u{7}' | '\u{80}'..='\u{9f}' => panic!("{what}: {c:?} in {:?}", context()),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{e0000}'..='\u{e007f}' => {
                panic!("{what}: bidi/tag {c:?} in {:?}", context())
            }
            _ => {}
        }
    }
}

/// The HTML elements a briefing's Markdown may render to: structure and emphasis, never a
/// link, an image or raw HTML.
const RENDERED: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "em",
    "strong",
    "blockquote",
    "ul",
    "li",
    "code",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

/// Renders `markdown` as GitHub does (comrak, with GitHub's extensions: bare addresses become
/// links there) and checks that only [`RENDERED`] elements come out.
fn assert_markdown_is_text(markdown: &str, what: &str) {
    let mut options = comrak::Options::default();
    options.extension.autolink = true;
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.tasklist = true;
    options.extension.footnotes = true;
    // Raw HTML passes through as it would on a site that allows it.
    options.render.r#unsafe = true;
    assert_only_rendered(&comrak::markdown_to_html(markdown, &options), what);
}

/// Checks that `html` holds only [`RENDERED`] elements.
fn assert_only_rendered(html: &str, what: &str) {
    for tag in html.split('<').skip(1) {
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        assert!(
            RENDERED.contains(&name.as_str()),
            "{what}: <{name}> in the rendered Markdown:\n{html}"
        );
    }
}

/// What a fixture must do.
enum Expect {
    /// Loads; its printed text contains each of these.
    Loads(&'static [&'static str]),
    /// Loads with warnings of these codes.
    Warns(&'static [&'static str]),
    /// Refused, with an error of this code at this line (0: no line).
    Fails(&'static str, u64),
}

const FIXTURES: &[(&str, Expect)] = &[
    (
        "escapes.toml",
        Expect::Loads(&[
            "Report ␛]0;pwned-title␇ ␛]2;also␇ end",
            "␛]52;c;SGVsbG8=␇",
            "␛]8;;http://evil.example␛\\click",
            "␛P+q544e␛\\",
            "␛[21t",
            "raw C1 �2J",
            "␛[2J␛[H and bell ␇ and DEL ␡",
        ]),
    ),
    ("raw_escapes.toml", Expect::Fails("syntax", 3)),
    (
        "unknown_key_escape.toml",
        Expect::Warns(&["unknown-key", "unknown-key"]),
    ),
    (
        "bidi_tags.toml",
        Expect::Loads(&[
            "Invoice �gpj.exe� and �� tags �isolated�",
            "Marks ��� here.",
        ]),
    ),
    (
        "tabs_cr.toml",
        // Compared with whitespace collapsed: what matters is that no words are glued.
        Expect::Loads(&["Tab here", "one two three four", "alpha beta gamma delta"]),
    ),
    (
        "unicode_stress.toml",
        Expect::Loads(&["👩‍👩‍👧‍👦 家族 🇯🇵", "中文字符中文字符"]),
    ),
    (
        "zero_width.toml",
        Expect::Loads(&[
            "Joiners that join nothing",
            "👩\u{200d}👩\u{200d}👧 stays",
            "a stray joiner goes",
            "── Alpha ──",
            "Role ◌\u{200d}\u{301}",
            "Position ◌\u{200b}",
            "· ◌\u{fe0f}, ok",
            "日本語 の文章",
        ]),
    ),
    ("invisible_name.toml", Expect::Fails("empty", 11)),
    (
        "markdown_links.toml",
        Expect::Loads(&[
            "Bare https://evil.example/a, http://evil.example/b",
            "![pixel](https://evil.example/p.png)",
            "<img src=x onerror=alert(1)>",
            "bob@evil.example.",
        ]),
    ),
    ("invalid_utf8.toml", Expect::Fails("not-utf8", 3)),
    (
        "bom_crlf.toml",
        Expect::Loads(&["BOM and CRLF", "Accepted."]),
    ),
    ("empty.toml", Expect::Fails("empty-file", 0)),
    ("duplicate_key.toml", Expect::Fails("syntax", 6)),
    ("duplicate_table.toml", Expect::Fails("syntax", 23)),
    ("integer_overflow.toml", Expect::Fails("out-of-range", 17)),
    ("nan_year.toml", Expect::Fails("wrong-type", 25)),
    (
        "urls.toml",
        Expect::Loads(&[
            "javascript:alert(document.cookie)",
            "file:///etc/passwd",
            "https://x.example/␛]8;;https://evil.example␛\\|`$(rm -rf ~)`",
        ]),
    ),
];

/// `brief check --format json` on `path`: every line must be a JSON object; returns them.
fn check_json(path: &Path) -> Vec<serde_json::Value> {
    let out = brief()
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert_inert(&out.stdout, false, "check --format json");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn every_fixture_has_its_expected_outcome_in_every_output() {
    let on_disk = std::fs::read_dir(fixture(""))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "toml")
        })
        .count();
    assert_eq!(
        on_disk,
        FIXTURES.len(),
        "every fixture has an expected outcome"
    );

    for (name, expect) in FIXTURES {
        let path = fixture(name);
        // Human check output, with and without colour.
        let plain = brief()
            .args(["check", "--color", "never"])
            .arg(&path)
            .output()
            .unwrap();
        assert_inert(&plain.stdout, false, name);
        assert_inert(&plain.stderr, false, name);
        let coloured = brief()
            .args(["check", "--color", "always"])
            .arg(&path)
            .output()
            .unwrap();
        assert_inert(&coloured.stdout, true, name);
        let json = check_json(&path);
        let print = brief().arg("print").arg(&path).output().unwrap();
        assert_inert(&print.stdout, false, name);
        assert_inert(&print.stderr, false, name);
        let markdown = brief()
            .args(["print", "--format", "markdown"])
            .arg(&path)
            .output()
            .unwrap();
        assert_inert(&markdown.stdout, false, name);
        assert_markdown_is_text(&String::from_utf8_lossy(&markdown.stdout), name);

        match expect {
            Expect::Loads(texts) => {
                assert_eq!(plain.status.code(), Some(0), "{name}");
                assert!(json.is_empty(), "{name}: {json:?}");
                assert!(print.status.success(), "{name}");
                // Wide enough that no long URL or word is broken across lines.
                let wide = brief()
                    .args(["print", "--width", "300"])
                    .arg(&path)
                    .output()
                    .unwrap();
                let text = String::from_utf8(wide.stdout).unwrap();
                let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
                for t in *texts {
                    assert!(flat.contains(t), "{name}: {t:?} not in\n{text}");
                }
            }
            Expect::Warns(codes) => {
                assert_eq!(plain.status.code(), Some(0), "{name}");
                let got: Vec<&str> = json.iter().map(|v| v["code"].as_str().unwrap()).collect();
                assert_eq!(&got, codes, "{name}");
                assert!(json.iter().all(|v| v["severity"] == "warning"));
                assert!(print.status.success(), "{name}");
                brief()
                    .args(["check", "--strict"])
                    .arg(&path)
                    .assert()
                    .code(1);
            }
            Expect::Fails(code, line) => {
                assert_eq!(plain.status.code(), Some(1), "{name}");
                assert_eq!(print.status.code(), Some(1), "{name}");
                let first = &json[0];
                assert_eq!(first["code"], *code, "{name}: {json:?}");
                assert_eq!(first["severity"], "error");
                if *line > 0 {
                    assert_eq!(first["line"], *line, "{name}: {json:?}");
                    let stdout = String::from_utf8(plain.stdout).unwrap();
                    assert!(stdout.contains(&format!("{name}:{line}:")), "{stdout}");
                    assert!(
                        stdout.contains('^'),
                        "a caret points at the problem:\n{stdout}"
                    );
                }
            }
        }
    }
}

#[test]
fn unknown_key_warnings_show_the_escape() {
    let json = check_json(&fixture("unknown_key_escape.toml"));
    let messages: Vec<&str> = json
        .iter()
        .map(|v| v["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "unknown key `regi␛[31mon` in [briefing]",
            "unknown key `spe␛]0;x␇aker` in statement 1 of party `Alpha`"
        ]
    );
}

#[test]
fn urls_are_inert_in_markdown() {
    let out = brief()
        .args(["print", "--format", "markdown"])
        .arg(fixture("urls.toml"))
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("| `javascript:alert(document.cookie)` |"),
        "{md}"
    );
    assert!(md.contains("| `file:///etc/passwd` |"), "{md}");
    // Backticks in the URL lengthen the fence; the pipe is escaped for the table.
    assert!(
        md.contains("| `` https://x.example/␛]8;;https://evil.example␛\\\\|`$(rm -rf ~)` `` |"),
        "{md}"
    );
    assert!(!md.contains("](javascript"), "never a link");
}

/// Writes `text` to a fresh file and checks it, failing if that takes longer than `limit`.
fn check_generated(text: &str, limit: Duration) -> (String, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("generated.toml");
    std::fs::write(&path, text).unwrap();
    let start = Instant::now();
    let out = brief()
        .args(["check", "--color", "never"])
        .arg(&path)
        .output()
        .unwrap();
    let took = start.elapsed();
    assert!(took < limit, "took {took:?}");
    assert_eq!(out.status.code(), Some(1));
    (String::from_utf8(out.stdout).unwrap(), took)
}

#[test]
fn deep_nesting_is_a_clear_error_not_a_crash() {
    let cases = [
        format!("x = {}{}", "[".repeat(100_000), "]".repeat(100_000)),
        format!("x = {}1{}", "{ a = ".repeat(100_000), " }".repeat(100_000)),
        format!("{} = 1", vec!["a"; 100_000].join(".")),
    ];
    for text in &cases {
        // Hang detection, not a benchmark: the limit is far above what this takes.
        let (report, _) = check_generated(text, Duration::from_secs(10));
        assert!(
            report.contains("recurse") || report.contains("nest too deeply"),
            "{}",
            &report[..report.len().min(500)]
        );
        // The loader itself, in a thread with the default stack size.
        let owned = text.clone();
        let outcome = std::thread::spawn(move || briefing::briefing::parse(owned))
            .join()
            .expect("no stack overflow");
        assert!(outcome.briefing.is_none());
    }
}

#[test]
fn a_50_mb_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    let out = brief()
        .args(["check", "--color", "never"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("the file is 50 MiB, larger than the 4 MiB limit"),
        "{stdout}"
    );
    brief().arg("print").arg(&path).assert().code(1);
}

#[test]
fn the_reader_survives_hostile_text() {
    for name in [
        "escapes.toml",
        "bidi_tags.toml",
        "unicode_stress.toml",
        "urls.toml",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = fixture(name);
        let mut s = common::Session::start(&[path.to_str().unwrap()], dir.path());
        s.wait_for("Summary │");
        // Visit every tab, scroll each to the end and back.
        for tab in ["2", "3", "4", "5", "1"] {
            s.send(tab);
            s.send("G");
            s.send("g");
        }
        s.send("?");
        s.wait_for("Keys");
        s.send("q");
        s.wait_for("Summary │");
        let screen = s.contents();
        assert_eq!(
            s.requests(),
            (0, 0, 0, 0),
            "{name}: the terminal was asked to do something"
        );
        // Columns intact: the status bar is still one row, at the bottom.
        let rows: Vec<&str> = screen.lines().collect();
        assert!(
            rows.iter().any(|r| r.starts_with(" Summary │")),
            "{name}:\n{screen}"
        );
        s.send("q");
        assert!(s.wait_exit().success(), "{name}");
        assert!(!s.alternate_screen());
    }
}

/// The virtual environment's Python with GitHub's own renderer, cmark-gfm (`.ci/run` installs
/// it into target/stix-venv beside the STIX validator).
fn cmark_gfm() -> Option<PathBuf> {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/stix-venv/bin/python");
    let has = |p: &Path| {
        std::process::Command::new(p)
            .args(["-c", "import cmarkgfm"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    has(&python).then_some(python)
}

/// comrak (above) and GitHub's renderer differ: cmark-gfm looks for `name@host` after undoing
/// escapes, so `bob\@evil.example` was a mail link on GitHub. Every Markdown output of every
/// fixture that loads, rendered by cmark-gfm with raw HTML let through, is text.
#[test]
fn markdown_is_text_to_githubs_own_renderer() {
    let Some(python) = cmark_gfm() else {
        assert!(
            std::env::var_os("BRIEF_REQUIRE_STIX").is_none(),
            "BRIEF_REQUIRE_STIX is set but cmark-gfm was not found in target/stix-venv"
        );
        eprintln!("skipped: no cmarkgfm (.ci/run installs it into target/stix-venv)");
        return;
    };
    let mut names = Vec::new();
    let mut documents = Vec::new();
    for (name, expect) in FIXTURES {
        if let Expect::Fails(..) = expect {
            continue;
        }
        for compare in [false, true] {
            let mut cmd = brief();
            cmd.args(["print", "--format", "markdown"])
                .arg(fixture(name));
            if compare {
                cmd.arg("--compare");
            }
            let out = cmd.output().unwrap();
            assert!(out.status.success(), "{name}");
            names.push(format!("{name} (compare: {compare})"));
            documents.push(String::from_utf8(out.stdout).unwrap());
        }
    }
    let script = "import sys, json, cmarkgfm\n\
                  docs = json.load(sys.stdin)\n\
                  unsafe = cmarkgfm.Options.CMARK_OPT_UNSAFE\n\
                  json.dump([cmarkgfm.github_flavored_markdown_to_html(d, options=unsafe) \
                  for d in docs], sys.stdout)\n";
    let mut child = std::process::Command::new(python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input = serde_json::to_vec(&documents).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success());
    let html: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(html.len(), names.len());
    for (html, name) in html.iter().zip(&names) {
        assert_only_rendered(html, name);
    }
}
