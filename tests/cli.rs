//! The command line as a user meets it: output, messages and exit codes.

use std::io::Read;
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

/// What `cmd` prints, once it has succeeded.
fn succeeded(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// `brief print` of the bundled briefing, run from an empty folder.
fn printed() -> String {
    let dir = tempfile::tempdir().unwrap();
    succeeded(brief().current_dir(dir.path()).arg("print"))
}

/// The printed text with lines joined and quote bars dropped: wrapping may break a fact
/// across lines.
fn flat(out: &str) -> String {
    out.split_whitespace()
        .filter(|w| *w != "┃")
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every fact of the source report, as the briefing words it. If one goes missing from the
/// printed briefing, the briefing no longer covers its source.
const FACTS: &[&str] = &[
    "Armenia and Russia agreed on joint steps to stabilise the situation along",
    "after the deadly overnight clashes",
    "Suren Papikyan, Defence Minister of Armenia",
    "his Russian counterpart, Sergei Shoigu",
    "“agreed to take the necessary steps to stabilise the situation”",
    "new border clashes that killed a number of Azerbaijani soldiers",
    "Ministry of Defence of Armenia",
    "“intensive shelling”",
    "Goris, Sok and Jermuk",
    "on 12 September at 00:05 local time",
    "using drones",
    "“artillery and large-calibre firearms”",
    "Al Jazeera",
    "Ministry of Defence of Azerbaijan",
    "“large-scale subversive acts”",
    "Dashkesan, Kelbajar and Lachin",
    "“dikecam, including from trench mortars”",
    "usually means “condemned”",
    "Azerbaijani media",
    "agreed a ceasefire on the morning of 11 September 2022",
    "failed within a very short time",
    "the main power broker in the region",
    "Collective Security Treaty Organisation",
    "Moscow-led",
    "deeply concerned by reports of the attacks",
    "“As we have long made clear, there will be no military solution to the conflict.”",
    "Antony Blinken, US Secretary of State",
    "Speaking on Monday, said there will be no military solution to the conflict and urged an end to the open conflict.",
    "Late 1980s",
    "under Soviet rule",
    "Armenian forces seized large areas near Nagorno-Karabakh",
    "recognised internationally as Azerbaijani territory",
    "large Armenian population",
    "six weeks of fighting in 2020",
    "ceasefire brokered by Russia",
    "met several times to reach peace",
    "broke down again on 12 September",
    // The editor's pass: attributed and dated as the report attributes and dates them.
    "says he spoke with his Russian counterpart and agreed to take the necessary steps",
    "Sergei Shoigu, and agreed to take the necessary steps to stabilise the situation",
    "Armenia says it agreed with Russia on steps to stabilise the situation",
    "A ceasefire that failed, according to Azerbaijani media",
    "Undated New border clashes, reported by both sides",
    "The report gives no date for them",
];

/// What the briefing's author adds, each marked as theirs: the analyst comments, the grades'
/// provenance beside the grades, and quotes marked as translations.
const MARKED: &[&str] = &[
    "ANALYST COMMENT · the briefing author's judgement, not the reporting ╏ The report's chronology does not fit together",
    "ANALYST COMMENT · the briefing author's judgement, not the reporting ╏ Why the two defence ministries' mirror-image accounts carry different grades",
    "REL is the briefing author's assessment of each source's reliability",
    "Grades are the briefing author's assessment, not the reporting's",
    "“As we have long made clear, there will be no military solution to the conflict.” (translated from Indonesian)",
    "“…agreed to take the necessary steps to stabilise the situation.” (translated from Indonesian)",
];

#[test]
fn print_covers_every_fact_of_the_source_report() {
    let flat = flat(&printed());
    for fact in FACTS {
        assert!(flat.contains(fact), "missing: {fact}");
    }
}

#[test]
fn the_authors_own_words_are_marked_as_theirs() {
    let flat = flat(&printed()).replace("╏ ╏", "╏");
    for marked in MARKED {
        let marked = marked.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&marked), "missing: {marked}");
    }
}

#[test]
fn analyst_comments_are_searched_like_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    brief()
        .current_dir(dir.path())
        .args(["list", "--query", "chronology \"does not fit together\""])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "2022-09-12-armenia-azerbaijan-border",
        ));
}

#[test]
fn quotes_are_attributed_to_who_said_them() {
    let flat = flat(&printed());
    let after = |quote: &str| {
        let at = flat.find(quote).unwrap_or_else(|| panic!("no {quote}"));
        flat[at + quote.len()..]
            .split('—')
            .nth(1)
            .unwrap()
            .to_string()
    };
    assert!(
        after("no military solution to the conflict.”")
            .trim_start()
            .starts_with("Antony Blinken")
    );
    assert!(
        after("stabilise the situation.”")
            .trim_start()
            .starts_with("Suren Papikyan")
    );
    assert!(
        after("“intensive shelling”")
            .trim_start()
            .starts_with("Ministry of Defence of Armenia")
    );
    assert!(
        after("“large-scale subversive acts”")
            .trim_start()
            .starts_with("Ministry of Defence of Azerbaijan")
    );
}

#[test]
fn print_has_every_tab_and_the_marking_first_and_last() {
    let out = printed();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.first(), Some(&"TLP:CLEAR"));
    assert_eq!(lines.last(), Some(&"TLP:CLEAR"));
    let mut at = 0;
    for tab in [
        "Summary",
        "Armenia",
        "Azerbaijan",
        "Russia",
        "Reactions",
        "Background",
        "Sources",
    ] {
        let heading = format!("── {tab} ─");
        let found = out[at..]
            .find(&heading)
            .unwrap_or_else(|| panic!("no {tab} after byte {at}"));
        at += found + heading.len();
    }
}

#[test]
fn print_wraps_to_the_width() {
    let dir = tempfile::tempdir().unwrap();
    let out = succeeded(
        brief()
            .current_dir(dir.path())
            .args(["print", "--width", "44"]),
    );
    for line in out.lines() {
        assert!(line.chars().count() <= 44, "{line:?}");
    }
    brief().args(["print", "--width", "5"]).assert().code(2);
}

#[test]
fn print_reads_a_file_and_stdin() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/wide.toml");
    brief()
        .args(["print", path])
        .assert()
        .success()
        .stdout(predicate::str::contains("東京とソウルの協議"));
    brief()
        .args(["print", "-"])
        .pipe_stdin(path)
        .unwrap()
        .assert()
        .success()
        .stdout(predicate::str::contains("TLP:AMBER"));
}

#[test]
fn no_arguments_prefers_the_briefings_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("briefings")).unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/wide.toml"),
        dir.path().join("briefings/2024-03-01-talks.toml"),
    )
    .unwrap();
    brief()
        .current_dir(dir.path())
        .arg("print")
        .assert()
        .success()
        .stdout(predicate::str::contains("東京とソウルの協議"));
}

#[test]
fn a_missing_file_is_an_error() {
    brief()
        .args(["print", "no-such-file.toml"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "no-such-file.toml: error: cannot read",
        ));
}

#[test]
fn a_broken_file_reports_path_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, "format = 1\n[briefing]\ntitle = 3\n").unwrap();
    let out = brief()
        .args(["print", path.to_str().unwrap()])
        .assert()
        .code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains(&format!(
            "{}:3:9: error: `title` must be a string",
            path.display()
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
    // The reader refuses it the same way, before touching the terminal.
    brief()
        .arg(path.to_str().unwrap())
        .env("TERM", "xterm")
        .assert()
        .code(2);
}

#[test]
fn warnings_do_not_stop_the_briefing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("warn.toml");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/wide.toml"
    ))
    .unwrap()
    .replace("region = ", "regoin = \"x\"\nregion = ");
    std::fs::write(&path, text).unwrap();
    brief()
        .args(["print", path.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("東京"))
        .stderr(predicate::str::contains("warning: unknown key `regoin`"))
        .stderr(predicate::str::contains("did you mean `region`?"));
}

#[test]
fn files_over_the_size_cap_are_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    std::fs::write(&path, "x".repeat(5000)).unwrap();
    brief()
        .args(["print", "--max-size", "4KiB", path.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("larger than the 4 KiB limit"));
    // Standard input is capped too, without reading it all.
    brief()
        .args(["print", "--max-size", "1KiB", "-"])
        .write_stdin("y".repeat(100_000))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("larger than the 1 KiB limit"));
    brief()
        .args(["print", "--max-size", "lots"])
        .assert()
        .code(2);
}

#[test]
fn without_a_terminal_the_reader_suggests_print() {
    // assert_cmd gives the child pipes, not a terminal.
    brief()
        .env("TERM", "xterm-256color")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a terminal"))
        .stderr(predicate::str::contains("brief print"));
    brief()
        .env("TERM", "dumb")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\"dumb\""));
}

#[test]
fn hostile_text_never_reaches_stdout_or_stderr_raw() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.toml");
    std::fs::write(
        &path,
        "format = 1\n\"k\\u001b]0;x\\u0007\" = 1\n[briefing]\ntitle = \"A\\u001b[2J\\u009b31m\\u202eB\"\n\
         date = 2024-01-01\n[summary]\nbluf = \"\\u001bP+q\\u001b\\\\ and \\u001b[21t\"\n\
         [[parties]]\nname = \"P\"\n[[sources]]\nid = \"s\"\nname = \"n\"\n\
         url = \"javascript:alert(1)\\u001b]8;;http://x\\u0007\"\n",
    )
    .unwrap();
    let out = brief()
        .args(["print", path.to_str().unwrap()])
        .assert()
        .success();
    let output = out.get_output();
    for stream in [&output.stdout, &output.stderr] {
        let text = String::from_utf8(stream.clone()).unwrap();
        assert!(
            !text
                .chars()
                .any(|c| c == '\u{1b}' || c == '\u{7}' || ('\u{80}'..='\u{9f}').contains(&c)),
            "{text:?}"
        );
    }
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    assert!(stdout.contains("A␛[2J�31m�B"), "{stdout}");
    assert!(
        stdout.contains("javascript:alert(1)␛]8;;http://x␇"),
        "{stdout}"
    );
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert!(stderr.contains("k␛]0;x␇"), "{stderr}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // A briefing long enough to fill the pipe, so the write really hits a closed pipe.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.toml");
    let mut text = String::from(
        "format = 1\n[briefing]\ntitle = \"Long\"\ndate = 2024-01-01\n[summary]\nbluf = \"b\"\n[[parties]]\nname = \"P\"\n",
    );
    for i in 0..3000 {
        text.push_str(&format!(
            "[[parties.statements]]\nspeaker = \"S{i}\"\ntext = \"Statement number {i} with enough words to take a line.\"\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    let mut child = Std::new(env!("CARGO_BIN_EXE_brief"))
        .args(["print", path.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe's read end is dropped here, like `| head -c 64`.
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn help_documents_exit_codes() {
    brief()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes:"))
        .stdout(predicate::str::contains("print"));
}

/// A folder holding the bundled briefing, a broken one and one with a warning.
fn mixed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("nested")).unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/briefings/2022-09-12-armenia-azerbaijan-border.toml"
        ),
        root.join("good.toml"),
    )
    .unwrap();
    std::fs::write(
        root.join("nested/broken.toml"),
        "format = 1\n[briefing]\ntitle = 42\ndate = 2024-01-01\n[summary]\nbluf = \"b\"\n\
         [[parties]]\nname = \"A\"\n  [[parties.statements]]\n  speaker = \"S\"\n  text = \"t\"\n  source = \"nope\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("warn.toml"),
        "format = 1\n[briefing]\ntitle = \"T\"\ndate = 2024-01-01\nregoin = \"x\"\n[summary]\nbluf = \"b\"\n[[parties]]\nname = \"A\"\n",
    )
    .unwrap();
    std::fs::write(root.join("notes.txt"), "not a briefing").unwrap();
    dir
}

#[test]
fn check_reports_every_problem_in_a_folder() {
    let dir = mixed_folder();
    let out = brief()
        .current_dir(dir.path())
        .args(["check", "--color", "never", "."])
        .assert()
        .code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let broken = format!("nested{}broken.toml", std::path::MAIN_SEPARATOR);
    for expected in [
        format!("error[wrong-type]: `title` must be a string, found integer\n --> ./{broken}:3:9"),
        "3 | title = 42\n  |         ^^".to_string(),
        format!(
            "error[unknown-source]: source `nope` is not in [[sources]]\n  --> ./{broken}:12:12"
        ),
        "warning[unknown-key]: unknown key `regoin` in [briefing]".to_string(),
        "= help: did you mean `region`?".to_string(),
        "checked 3 files: 2 errors in 1 file, and 1 warning".to_string(),
    ] {
        assert!(
            stdout.contains(&expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
    assert!(
        !stdout.contains('\u{1b}'),
        "no colour when not asked and not a terminal"
    );
}

#[test]
fn check_exit_codes() {
    let dir = mixed_folder();
    let good = dir.path().join("good.toml");
    let warn = dir.path().join("warn.toml");
    brief()
        .args(["check"])
        .arg(&good)
        .assert()
        .success()
        .stdout("checked 1 file: no problems\n");
    brief().args(["check"]).arg(&warn).assert().success();
    brief()
        .args(["check", "--strict"])
        .arg(&warn)
        .assert()
        .code(1);
    brief().args(["check", "--format", "xml"]).assert().code(2);
    brief().args(["check", "--colour"]).assert().code(2);
    // No paths: what `brief` would open (here the built-in briefing).
    brief()
        .current_dir(dir.path().join("nested"))
        .arg("check")
        .assert()
        .success()
        .stdout("checked 1 file: no problems\n");
}

#[test]
fn check_reads_stdin_as_stdin() {
    brief()
        .args(["check", "--color", "never", "-"])
        .write_stdin("format = 1\n[briefing]\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("--> <stdin>:"));
}

#[test]
fn check_colours_only_when_asked_and_never_under_no_color() {
    let dir = mixed_folder();
    let broken = dir.path().join("nested/broken.toml");
    let always = brief()
        .args(["check", "--color", "always"])
        .arg(&broken)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&always.stdout).contains("\u{1b}["));
    let auto = brief()
        .args(["check"])
        .arg(&broken)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&auto.stdout).contains('\u{1b}'));
}

#[test]
fn check_json_is_one_object_per_diagnostic() {
    let dir = mixed_folder();
    let out = brief()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "."])
        .assert()
        .code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let values: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(values.len(), 3);
    let first = &values[0];
    for key in [
        "path", "line", "column", "end", "severity", "code", "message", "help",
    ] {
        assert!(first.get(key).is_some(), "{key} missing from {first}");
    }
    assert_eq!(first["line"], 3);
    assert_eq!(first["column"], 9);
    assert_eq!(first["end"]["column"], 11);
}

#[test]
fn markdown_export_reads_well() {
    let dir = tempfile::tempdir().unwrap();
    let md = succeeded(
        brief()
            .current_dir(dir.path())
            .args(["print", "--format", "markdown"]),
    );
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines.first(), Some(&"**TLP:CLEAR**"));
    assert_eq!(lines.last(), Some(&"**TLP:CLEAR**"));
    for heading in [
        "## Summary",
        "## Armenia",
        "## Azerbaijan",
        "## Russia",
        "## Reactions",
        "## Background",
        "## Sources",
    ] {
        assert!(lines.contains(&heading), "{heading}");
    }
    assert!(md.contains(
        "> “As we have long made clear, there will be no military solution to the conflict.” \
         *(translated from Indonesian)*\n>\n> — **Antony Blinken**, US Secretary of State"
    ));
    assert!(md.contains("- **Late 1980s** — **The conflict begins under Soviet rule:**"));
    assert!(md.contains("| ID | Name | Kind | Language | Reliability | URL |"));
    assert!(md.contains(
        "| aljazeera | Al Jazeera, as cited by the Indonesian-language report | media | – | B | – |"
    ));
}

#[test]
fn print_can_write_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.md");
    brief()
        .current_dir(dir.path())
        .args(["print", "--format", "markdown", "-o"])
        .arg(&target)
        .assert()
        .success()
        .stdout("");
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("**TLP:CLEAR**"));
    // A briefing that does not load leaves an existing output untouched.
    brief()
        .args(["print", "-o"])
        .arg(&target)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/hostile/empty.toml"
        ))
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), written);
}

#[test]
fn new_writes_a_template_that_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("talks.toml");
    brief()
        .args(["new"])
        .arg(&path)
        .args([
            "--title",
            "Talks \"resume\"",
            "--parties",
            "Alpha,Beta,Gamma",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("brief check"));
    brief()
        .args(["check", "--strict"])
        .arg(&path)
        .assert()
        .success()
        .stdout("checked 1 file: no problems\n");
    let printed = succeeded(brief().arg("print").arg(&path));
    assert!(printed.contains("Talks \"resume\""));
    for party in ["── Alpha ", "── Beta ", "── Gamma "] {
        assert!(printed.contains(party), "{party}");
    }
    // Never overwrites without --force.
    std::fs::write(&path, "mine").unwrap();
    brief()
        .args(["new"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists; pass --force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    brief()
        .args(["new", "--force"])
        .arg(&path)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("# A briefing")
    );
}

#[test]
fn completions_and_man_page_generate() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = succeeded(brief().args(["completions", shell]));
        assert!(script.contains("brief"), "{shell}");
        assert!(
            script.contains("check") && script.contains("print"),
            "{shell} lists the subcommands"
        );
    }
    brief().args(["completions", "tcsh"]).assert().code(2);
    let man = succeeded(brief().arg("man"));
    assert!(
        man.starts_with(".ie") || man.contains(".TH brief"),
        "{}",
        &man[..200]
    );
    assert!(man.contains("max\\-size"));
}

/// `brief --version` names the version and, built from a git checkout, the commit, so a
/// binary found on a field laptop says what it was built from.
#[test]
fn version_names_the_commit_it_was_built_from() {
    let out = succeeded(brief().arg("--version"));
    assert!(out.starts_with("brief 0.1.0"), "{out}");
    let dir = env!("CARGO_MANIFEST_DIR");
    let git = |args: &[&str]| {
        Std::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8(o.stdout).unwrap().trim().to_owned())
    };
    let top = git(&["rev-parse", "--show-toplevel"]).map(std::path::PathBuf::from);
    let checkout = top.is_some_and(|top| {
        top.canonicalize().unwrap() == std::path::Path::new(dir).canonicalize().unwrap()
    });
    if let (true, None) = (checkout, option_env!("BRIEF_COMMIT")) {
        let head = git(&["rev-parse", "--short=12", "HEAD"]).unwrap();
        assert_eq!(out, format!("brief 0.1.0 ({head})\n"));
    }
}

fn library_folder() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/library")
}

#[test]
fn list_prints_one_row_per_briefing_newest_first() {
    let out = brief().args(["list", library_folder()]).assert().code(1);
    let output = out.get_output();
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    let rows: Vec<Vec<&str>> = stdout.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 6, "{stdout}");
    assert_eq!(
        rows[0][..3],
        [
            "2024-03-01",
            "2024-03-01-harbour-talks",
            "Harbour talks resume in Tallinn"
        ]
    );
    assert!(rows[0][3].ends_with("2024-03-01-harbour-talks.toml"));
    let dates: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    // The broken file is reported on stderr, precisely, and makes the exit code 1.
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert!(
        stderr.contains("broken.toml:5:8: error: `date` must be a date, found string"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1);
}

#[test]
fn list_filters_with_the_query_language() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good");
    std::fs::create_dir(&good).unwrap();
    for entry in std::fs::read_dir(library_folder()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() && path.file_name().unwrap() != "broken.toml" {
            std::fs::copy(&path, good.join(path.file_name().unwrap())).unwrap();
        }
    }
    let ids = |query: &str| {
        let out = brief()
            .args(["list", "--query", query])
            .arg(&good)
            .assert()
            .success();
        let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        stdout
            .lines()
            .map(|l| l.split('\t').nth(1).unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids("tag:shipping"),
        ["2024-03-01-harbour-talks", "2021-06-05-grain-corridor"]
    );
    assert_eq!(ids("blinken"), ["2022-09-12-armenia-azerbaijan-border"]);
    assert_eq!(
        ids("speaker:blinken before:2023-01-01"),
        ["2022-09-12-armenia-azerbaijan-border"]
    );
    assert_eq!(
        ids("after:2023-01-01 region:nile"),
        ["2023-11-20-river-dispute"]
    );
    assert!(ids("nothing-matches-this").is_empty());
    brief()
        .args(["list", "--query", "after:notadate"])
        .arg(&good)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "after: expects a date like 2022-09-12",
        ));
}

#[test]
fn list_as_json_lines() {
    let out = brief()
        .args([
            "list",
            "--format",
            "json",
            "--query",
            "party:iceland",
            library_folder(),
        ])
        .assert()
        .code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let rows: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["date"], "2018-09-30");
    assert_eq!(row["id"], "2018-09-30-fisheries");
    assert_eq!(row["title"], "Fisheries quota talks stall");
    assert_eq!(row["parties"], serde_json::json!(["Norway", "Iceland"]));
    assert!(
        row["path"]
            .as_str()
            .unwrap()
            .ends_with("archive/2018-09-30-fisheries.toml")
    );
}

#[test]
fn list_defaults_to_the_built_in_briefings() {
    let dir = tempfile::tempdir().unwrap();
    brief()
        .current_dir(dir.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "2022-09-12\t2022-09-12-armenia-azerbaijan-border\t",
        ));
}

#[test]
fn a_tlp_1_label_or_a_misspelt_one_is_a_warning_with_the_tlp_2_label_as_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    for (written, fix) in [("TLP:WHITE", "TLP:CLEAR"), ("TLP: Amber", "TLP:AMBER")] {
        let path = dir.path().join("b.toml");
        std::fs::write(
            &path,
            format!(
                "format = 1\n[briefing]\ntitle = \"T\"\ndate = 2024-01-01\nmarking = \"{written}\"\n\
                 [summary]\nbluf = \"b\"\n[[parties]]\nname = \"A\"\n"
            ),
        )
        .unwrap();
        brief()
            .args(["check", "--color", "never"])
            .arg(&path)
            .assert()
            .success()
            .stdout(predicate::str::contains("warning[tlp-label]"))
            .stdout(predicate::str::contains(format!("help: write `{fix}`")));
        brief()
            .args(["check", "--strict", "--color", "never"])
            .arg(&path)
            .assert()
            .code(1)
            .stdout(predicate::str::contains("error[tlp-label]"));
    }
    // An organisation's own marking is its own business.
    let own = dir.path().join("own.toml");
    std::fs::write(
        &own,
        "format = 1\n[briefing]\ntitle = \"T\"\ndate = 2024-01-01\nmarking = \"ACME INTERNAL\"\n\
         [summary]\nbluf = \"b\"\n[[parties]]\nname = \"A\"\n",
    )
    .unwrap();
    brief()
        .args(["check", "--strict"])
        .arg(&own)
        .assert()
        .success();
}
