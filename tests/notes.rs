//! Notes as an analyst meets them: written on a quote in the real binary, kept across
//! sessions, exported with their citation and marking, imported without losing anything, and
//! a store that survives `kill -9` during an import and a second `brief` writing at once; a
//! briefing edited since it was read shows what changed.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use briefing::app::notes::RESCUED;
use common::Session;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bundled() -> PathBuf {
    root().join("briefings/2022-09-12-armenia-azerbaijan-border.toml")
}

fn brief(state: &Path) -> Command {
    let mut cmd = Command::cargo_bin("brief").unwrap();
    cmd.env("BRIEF_STATE_DIR", state).env(
        "BRIEF_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
    );
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

const NOTE: &str = "Check against the State Department readout";

/// Reactions tab, focus on Blinken's quote (the second reaction), note, save.
fn note_on_blinkens_quote(s: &mut Session) {
    s.send("5}}");
    s.wait_for("Reactions │");
    s.send("a");
    s.wait_for("note on Antony Blinken's reaction");
    s.send(NOTE);
    s.wait_for(NOTE);
    s.send("\x13");
    s.wait_for("note saved");
}

#[test]
fn a_note_on_blinkens_quote_is_kept_exported_and_the_edit_shows() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let dir = home.path().join("briefings");
    std::fs::create_dir(&dir).unwrap();
    let file = dir.join("armenia.toml");
    std::fs::copy(bundled(), &file).unwrap();
    let env = [("BRIEF_STATE_DIR", state.to_str().unwrap())];

    let mut s = Session::start_with_env(&[file.to_str().unwrap()], home.path(), &env);
    s.wait_for("BOTTOM LINE UP FRONT");
    note_on_blinkens_quote(&mut s);
    s.send("f");
    s.wait_for("flagged");
    s.send("q");
    assert!(s.wait_exit().success());

    // Reopened, it is where it was left, flagged, with the note under the quote.
    let s = Session::start_with_env(&[file.to_str().unwrap()], home.path(), &env);
    s.wait_for("⚑ Reactions");
    s.wait_for("✎ note");
    s.wait_for(NOTE);
    let screen = s.contents();
    let quote = screen.find("no military solution").unwrap();
    let note = screen.find(NOTE).unwrap();
    assert!(quote < note, "the note is under the quote:\n{screen}");
    drop(s);

    // Exported with its citation, under the most restrictive marking.
    let markdown = stdout(
        brief(&state)
            .args(["notes", "--format", "markdown"])
            .arg(&dir),
    );
    assert!(markdown.starts_with("**TLP:CLEAR**\n"), "{markdown}");
    let heading = markdown.find("### On Antony Blinken's reaction").unwrap();
    let quote = markdown[heading..]
        .find("> “As we have long made clear")
        .unwrap();
    let cite = markdown[heading..]
        .find("— **Antony Blinken**, US Secretary of State")
        .unwrap();
    let note = markdown[heading..].find(NOTE).unwrap();
    assert!(quote < cite && cite < note, "{markdown}");

    // The Blinken paraphrase is edited: the library says so, and the reader marks it.
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replace(
        "Speaking on Monday, said there will be no military solution",
        "Speaking on Monday, said there could be no military solution",
    );
    assert_ne!(edited, text);
    std::fs::write(&file, edited).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/library/2024-03-01-harbour-talks.toml"),
        dir.join("harbour.toml"),
    )
    .unwrap();
    let mut s = Session::start_with_env(&[dir.to_str().unwrap()], home.path(), &env);
    s.wait_for("updated · Armenia");
    s.send("j\r");
    s.wait_for("1 change since read");
    s.send("]");
    s.wait_for("could be no military");
    let screen = s.contents();
    let marked = screen
        .lines()
        .find(|l| l.contains("could be no military"))
        .unwrap();
    assert!(marked.starts_with('~'), "{screen}");
    // The note is still under the quote, which did not change.
    s.wait_for(NOTE);
}

#[test]
fn a_note_that_cannot_be_saved_stays_in_the_editor() {
    let home = tempfile::tempdir().unwrap();
    // A store from a newer `brief` is only read: saving fails, and says why.
    {
        let (store, _) = briefing::store::Store::open(home.path()).unwrap();
        drop(store);
        let conn = rusqlite::Connection::open(home.path().join("state.db")).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let env = [("BRIEF_STATE_DIR", home.path().to_str().unwrap())];
    let mut s = Session::start_with_env(&[bundled().to_str().unwrap()], home.path(), &env);
    s.wait_for("written by a newer brief");
    s.send("5}}a");
    s.wait_for("note on Antony Blinken's reaction");
    s.send("typed and not to be lost");
    s.send("\x13");
    s.wait_for("not saved: the state store is read-only");
    assert!(s.contents().contains("typed and not to be lost"));
    // Leaving asks first.
    s.send("\x1b");
    s.wait_for("The note is not saved. Leave it?");
    s.send("n");
    s.wait_gone("Leave it?");
    assert!(s.contents().contains("typed and not to be lost"));
}

#[test]
fn a_note_being_written_when_brief_is_ended_is_kept() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let env = [("BRIEF_STATE_DIR", state.to_str().unwrap())];
    let bodies = || -> Vec<String> {
        let json = stdout(
            brief(&state)
                .args(["notes", "--format", "json"])
                .arg(bundled()),
        );
        let mut bodies: Vec<String> = json
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["note"].to_string())
            .collect();
        bodies.sort();
        bodies
    };
    // A new note, never saved.
    let mut s = Session::start_with_env(&[bundled().to_str().unwrap()], home.path(), &env);
    s.wait_for("BOTTOM LINE UP FRONT");
    s.send("5}}a");
    s.wait_for("note on Antony Blinken's reaction");
    s.send("half a thought");
    s.wait_for("half a thought");
    // As a closed terminal or a dropped connection does. (Not `hang_up`: portable-pty's writer
    // sends Ctrl-J and Ctrl-D as it closes, which would edit the note first.)
    common::kill("HUP", s.child.process_id().unwrap());
    assert_eq!(s.wait_exit().exit_code(), 129);
    let rescued = format!("{:?}", format!("{RESCUED}\nhalf a thought"));
    assert_eq!(bodies(), std::slice::from_ref(&rescued));
    // A saved note, edited and not saved again: both are kept, the saved one as it was.
    let mut s = Session::start_with_env(&[bundled().to_str().unwrap()], home.path(), &env);
    s.wait_for("Reactions │");
    s.send("a");
    s.wait_for("note on the briefing");
    s.send("on the whole");
    s.send("\x13");
    s.wait_for("note saved");
    s.send("a");
    s.wait_for("note on the briefing");
    s.send(", and more");
    s.wait_for("on the whole, and more");
    common::kill("TERM", s.child.process_id().unwrap());
    assert_eq!(s.wait_exit().exit_code(), 143);
    let more = format!("{:?}", format!("{RESCUED}\non the whole, and more"));
    let mut expected = vec![rescued, more, format!("{:?}", "on the whole")];
    expected.sort();
    assert_eq!(bodies(), expected);
}

/// `n` notes as `brief notes --format json` writes them, on a few briefings.
fn notes_file(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let record = serde_json::json!({
            "id": format!("note-{i:06}"),
            "briefing": {"id": format!("b{:03}", i % 50)},
            "on": {"kind": "statement", "speaker": "Ministry", "text": format!("Statement {i} about the border, ačiū, Ереван, 東京")},
            "note": format!("Note {i}: compare with the ministry's earlier account."),
            "author": "ana",
            "created": "2026-11-30T10:00:00Z",
        });
        out.push_str(&record.to_string());
        out.push('\n');
    }
    out
}

/// The ids of the notes the store at `dir` holds, and whether it passes an integrity check.
fn held(dir: &Path) -> (Vec<String>, String) {
    let conn = rusqlite::Connection::open(dir.join("state.db")).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    // Killed while the store was being made: a store of an earlier version, whole, which the
    // next run brings up to date.
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    if version < 2 {
        return (Vec::new(), check);
    }
    let mut stmt = conn.prepare("SELECT id FROM note ORDER BY id").unwrap();
    let ids = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<Vec<String>, _>>()
        .unwrap();
    (ids, check)
}

#[test]
fn kill_9_during_an_import_loses_nothing_committed() {
    const TOTAL: usize = 20_000;
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("notes.json");
    std::fs::write(&file, notes_file(TOTAL)).unwrap();
    let state = home.path().join("state");
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut before = 0;
    let mut interrupted = 0;
    for _ in 0..20 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
            .env("BRIEF_STATE_DIR", &state)
            .args(["notes", "import"])
            .arg(&file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let wait = Duration::from_millis(20 + (seed >> 33) % 400);
        std::thread::sleep(wait);
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        if !state.join("state.db").exists() {
            continue;
        }
        let (ids, check) = held(&state);
        assert_eq!(check, "ok");
        // Whole batches, in the file's order: nothing committed is missing.
        let expected: Vec<String> = (0..ids.len()).map(|i| format!("note-{i:06}")).collect();
        assert_eq!(ids, expected);
        assert!(ids.len() >= before, "{} then {}", before, ids.len());
        before = ids.len();
    }
    assert!(interrupted > 0, "no import was ever interrupted");
    // The next run works, and finishes the import.
    brief(&state)
        .args(["notes", "import"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(held(&state).0.len(), TOTAL);
}

#[test]
fn a_second_brief_importing_and_marking_shows_in_the_open_library() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let library = root().join("tests/fixtures/library");
    let mut s = Session::start_with_env(
        &[library.to_str().unwrap()],
        home.path(),
        &[("BRIEF_STATE_DIR", state.to_str().unwrap())],
    );
    s.wait_for("6 unread");
    let file = home.path().join("notes.json");
    let note = serde_json::json!({
        "id": "river-1",
        "briefing": {"id": "2023-11-20-river-dispute"},
        "note": "Ask the basin commission for the filling schedule.",
    });
    std::fs::write(&file, format!("{note}\n")).unwrap();
    let harbour = library.join("2024-03-01-harbour-talks.toml");
    for round in 0..5 {
        for args in [
            vec!["mark", "flag", harbour.to_str().unwrap()],
            vec!["notes", "import", file.to_str().unwrap()],
            vec![
                "mark",
                if round % 2 == 0 { "read" } else { "unread" },
                harbour.to_str().unwrap(),
            ],
        ] {
            brief(&state).args(&args).assert().success().stderr("");
        }
    }
    let started = Instant::now();
    s.wait_for("⚑  2024-03-01");
    s.wait_for("✎ 2023-11-20");
    assert!(started.elapsed() < Duration::from_secs(2));
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn export_and_import_round_trip_and_nothing_is_overwritten() {
    let home = tempfile::tempdir().unwrap();
    let (a, b) = (home.path().join("a"), home.path().join("b"));
    let file = home.path().join("notes.json");
    let hostile = "\u{1b}]52;c;aGk=\u{7}\u{1b}[31mred\u{202e}gnp.exe";
    let record = serde_json::json!({
        "id": "n1",
        "briefing": {"id": "2022-09-12-armenia-azerbaijan-border"},
        "on": {"kind": "reaction", "actor": "United States", "speaker": "Antony Blinken", "text": "As we have long made clear, there will be no military solution to the conflict."},
        "note": hostile,
        "author": "ana",
    });
    std::fs::write(&file, format!("{record}\n")).unwrap();
    brief(&a)
        .args(["notes", "import"])
        .arg(&file)
        .assert()
        .success()
        .stdout("imported 1 note: 1 new, 0 already held, 0 kept beside a different note of the same id\n");
    // JSON keeps the text exactly; Markdown shows it cleaned.
    let json = stdout(brief(&a).args(["notes", "--format", "json"]).arg(bundled()));
    let out: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    assert_eq!(out["note"], hostile);
    assert_eq!(out["id"], "n1");
    assert_eq!(out["on"]["grade"], "C2");
    assert_eq!(out["briefing"]["marking"], "TLP:CLEAR");
    let markdown = stdout(brief(&a).arg("notes").arg(bundled()));
    assert!(!markdown.contains('\u{1b}') && !markdown.contains('\u{202e}'));
    assert!(markdown.contains("red"));
    // Into another store, twice; then a different note under the same id.
    let exported = home.path().join("exported.json");
    std::fs::write(&exported, &json).unwrap();
    for _ in 0..2 {
        brief(&b)
            .args(["notes", "import"])
            .arg(&exported)
            .assert()
            .success();
    }
    let changed = json.replace("\\u001b[31mred", "blue");
    assert_ne!(changed, json);
    std::fs::write(&exported, changed).unwrap();
    brief(&b)
        .args(["notes", "import"])
        .arg(&exported)
        .assert()
        .success()
        .stdout(predicates::str::contains("1 kept beside"));
    let both = stdout(brief(&b).args(["notes", "--format", "json"]).arg(bundled()));
    assert_eq!(both.lines().count(), 2, "{both}");
    assert!(both.contains("\"imported\":true"));
}

#[test]
fn bad_input_is_reported_and_the_rest_imported() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("notes.json");
    let good = serde_json::json!({"id": "ok", "briefing": {"id": "x"}, "note": "fine"});
    // A megabyte is kept; more than the cap is refused, with the cap.
    let megabyte =
        serde_json::json!({"id": "mb", "briefing": {"id": "x"}, "note": "é".repeat(1 << 19)});
    let big =
        serde_json::json!({"id": "big", "briefing": {"id": "x"}, "note": "x".repeat(3 << 20)});
    std::fs::write(&file, format!("{good}\n{{\"id\": 3\n{big}\n{megabyte}\n")).unwrap();
    brief(home.path())
        .args(["notes", "import"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("notes.json:2:"))
        .stderr(predicates::str::contains("a note can hold at most 2 MiB"));
    let (ids, _) = held(home.path());
    assert_eq!(ids, ["mb", "ok"]);
    brief(home.path())
        .args(["--no-state", "notes"])
        .assert()
        .code(2)
        .stderr("brief: no notes are kept: --no-state\n");
}

#[test]
fn e_hands_the_note_to_the_outside_editor_and_back() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let editor = "sh -c 'printf \"%s\" \"Written in the outside editor.\" >> \"$1\"' editor";
    let env = [
        ("BRIEF_STATE_DIR", state.to_str().unwrap()),
        ("VISUAL", editor),
    ];
    let mut s = Session::start_with_env(&[bundled().to_str().unwrap()], home.path(), &env);
    s.wait_for("BOTTOM LINE UP FRONT");
    s.send("5}}E");
    s.wait_for("from the outside editor; Ctrl-S saves it");
    s.wait_for("Written in the outside editor.");
    // The terminal is the reader's again: the alternate screen, and the frame redrawn.
    assert!(s.alternate_screen());
    s.wait_for("Reactions │");
    s.send("\x13");
    s.wait_for("note saved");
    s.send("q");
    assert!(s.wait_exit().success());
    let json = stdout(
        brief(&state)
            .args(["notes", "--format", "json"])
            .arg(bundled()),
    );
    assert!(json.contains("Written in the outside editor."), "{json}");

    // An editor that fails leaves the note as it was, and says so.
    let env = [
        ("BRIEF_STATE_DIR", state.to_str().unwrap()),
        ("VISUAL", "false"),
    ];
    let mut s = Session::start_with_env(&[bundled().to_str().unwrap()], home.path(), &env);
    s.wait_for("Reactions │");
    s.send("}}E");
    s.wait_for("false ended with exit status: 1; the note is as it was");
    assert!(s.contents().contains("Written in the outside editor."));
}

/// A briefing `anchors` with party statements `(speaker, text)` and reactions
/// `(actor, text)` by the same title, "Foreign Ministry".
fn anchored(statements: &[(&str, &str)], reactions: &[(&str, &str)]) -> String {
    let mut toml = String::from(
        "format = 1\n[briefing]\nid = \"anchors\"\ntitle = \"Anchors\"\ndate = 2024-03-02\n\
         region = \"R\"\n[summary]\nbluf = \"B.\"\n[[parties]]\nname = \"Armenia\"\n",
    );
    for (speaker, text) in statements {
        toml.push_str(&format!(
            "[[parties.statements]]\nspeaker = {speaker:?}\nkind = \"paraphrase\"\ntext = {text:?}\n"
        ));
    }
    for (actor, text) in reactions {
        toml.push_str(&format!(
            "[[reactions]]\nactor = {actor:?}\nspeaker = \"Foreign Ministry\"\n\
             kind = \"paraphrase\"\ntext = {text:?}\n"
        ));
    }
    toml
}

/// Imports one note, as `brief notes --format json` writes it, into `state`.
fn import_note(state: &Path, home: &Path, on: serde_json::Value) {
    let record = serde_json::json!({
        "id": "n1", "briefing": {"id": "anchors"}, "on": on, "note": "Mine.", "author": "ana",
    });
    let file = home.join("note.json");
    std::fs::write(&file, format!("{record}\n")).unwrap();
    brief(state)
        .args(["notes", "import"])
        .arg(&file)
        .assert()
        .success();
}

fn json_note(state: &Path, file: &Path) -> serde_json::Value {
    let json = stdout(brief(state).args(["notes", "--format", "json"]).arg(file));
    serde_json::from_str(json.trim()).unwrap_or_else(|e| panic!("{e}: {json:?}"))
}

#[test]
fn a_note_on_frances_reaction_is_shown_on_frances_only_and_names_the_actor() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let file = home.path().join("anchors.toml");
    let text = "Called for restraint on both sides.";
    std::fs::write(&file, anchored(&[], &[("Russia", text), ("France", text)])).unwrap();
    import_note(
        &state,
        home.path(),
        serde_json::json!({"kind": "reaction", "actor": "France", "speaker": "Foreign Ministry", "text": text}),
    );
    let markdown = stdout(brief(&state).arg("notes").arg(&file));
    assert!(
        markdown.contains("### On Foreign Ministry's reaction (France)\n"),
        "{markdown}"
    );
    let out = json_note(&state, &file);
    assert_eq!(out["on"]["actor"], "France", "{out}");
    assert_eq!(out["detached"], false);

    // The STIX analyst note refers to France's reaction, not Russia's.
    let stix = stdout(
        brief(&state)
            .args(["export", "--format", "stix"])
            .arg(&file),
    );
    let bundle: serde_json::Value = serde_json::from_str(&stix).unwrap();
    let objects = bundle["objects"].as_array().unwrap();
    let by_id = |id: &serde_json::Value| objects.iter().find(|o| o["id"] == *id).unwrap();
    let france = objects
        .iter()
        .find(|o| o["type"] == "identity" && o["name"] == "France")
        .unwrap();
    let mine = objects.iter().find(|o| o["content"] == "Mine.").unwrap();
    let refs = mine["object_refs"].as_array().unwrap();
    assert_eq!(refs.len(), 2, "{mine}");
    let reaction = by_id(&refs[1]);
    assert!(
        reaction["object_refs"]
            .as_array()
            .unwrap()
            .contains(&france["id"]),
        "{reaction}"
    );

    // France's reaction gone (Russia's lightly edited): the note is detached, never Russia's.
    std::fs::write(
        &file,
        anchored(
            &[],
            &[("Russia", "Called for restraint on both sides now.")],
        ),
    )
    .unwrap();
    let out = json_note(&state, &file);
    assert_eq!(out["detached"], true, "{out}");
    let markdown = stdout(brief(&state).arg("notes").arg(&file));
    assert!(
        markdown.contains("### Detached: was on Foreign Ministry's reaction (France)"),
        "{markdown}"
    );
}

#[test]
fn a_reaction_note_without_its_actor_is_shown_under_none_and_says_why() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let file = home.path().join("anchors.toml");
    let text = "Called for restraint on both sides.";
    std::fs::write(&file, anchored(&[], &[("Russia", text), ("France", text)])).unwrap();
    import_note(
        &state,
        home.path(),
        serde_json::json!({"kind": "reaction", "speaker": "Foreign Ministry", "text": text}),
    );
    let out = json_note(&state, &file);
    assert_eq!(out["detached"], true, "{out}");
    let markdown = stdout(brief(&state).arg("notes").arg(&file));
    assert!(markdown.contains("actor was not recorded"), "{markdown}");
}

#[test]
fn every_output_quotes_the_current_text_and_labels_the_earlier_one() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let file = home.path().join("anchors.toml");
    let was = "Azerbaijan shelled Armenian positions near Jermuk overnight.";
    std::fs::write(
        &file,
        anchored(&[("Alpha", was), ("Beta", "Talks resume.")], &[]),
    )
    .unwrap();
    import_note(
        &state,
        home.path(),
        serde_json::json!({"kind": "statement", "party": "Armenia", "speaker": "Alpha", "text": was}),
    );
    // Alpha's statement lightly edited; Beta's now reads as Alpha's did.
    let now = "Azerbaijan shelled Armenian positions near Jermuk late overnight.";
    std::fs::write(&file, anchored(&[("Alpha", now), ("Beta", was)], &[])).unwrap();
    let out = json_note(&state, &file);
    assert_eq!(out["detached"], false, "{out}");
    assert_eq!(out["on"]["speaker"], "Alpha");
    assert_eq!(out["on"]["text"], now, "{out}");
    assert_eq!(out["on"]["written_against"], was, "{out}");
    let markdown = stdout(brief(&state).arg("notes").arg(&file));
    let current = markdown.find(now).unwrap_or_else(|| panic!("{markdown}"));
    let label = markdown.find("written against an earlier text").unwrap();
    assert!(
        current < label && markdown[label..].contains(was),
        "{markdown}"
    );
    // Exported and imported again, the note keeps the text it was written against.
    let exported = home.path().join("exported.json");
    std::fs::write(
        &exported,
        stdout(brief(&state).args(["notes", "--format", "json"]).arg(&file)),
    )
    .unwrap();
    let again = home.path().join("again");
    brief(&again)
        .args(["notes", "import"])
        .arg(&exported)
        .assert()
        .success();
    assert_eq!(json_note(&again, &file)["on"]["written_against"], was);

    // Alpha's rewritten: detached, with no current text, and Beta's words are not Alpha's.
    std::fs::write(
        &file,
        anchored(
            &[
                ("Alpha", "Talks resume in Moscow next week."),
                ("Beta", was),
            ],
            &[],
        ),
    )
    .unwrap();
    let out = json_note(&state, &file);
    assert_eq!(out["detached"], true, "{out}");
    assert!(out["on"].get("text").is_none(), "{out}");
    assert_eq!(out["on"]["written_against"], was);
}

#[test]
fn two_readers_editing_one_note_keep_both_and_the_second_is_told() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let file = home.path().join("notes.json");
    let record = serde_json::json!({
        "id": "n1",
        "briefing": {"id": "2022-09-12-armenia-azerbaijan-border"},
        "on": {"kind": "reaction", "actor": "United States", "speaker": "Antony Blinken", "text": "As we have long made clear, there will be no military solution to the conflict."},
        "note": "First.",
        "author": "ana",
    });
    std::fs::write(&file, format!("{record}\n")).unwrap();
    brief(&state)
        .args(["notes", "import"])
        .arg(&file)
        .assert()
        .success();
    let env = [("BRIEF_STATE_DIR", state.to_str().unwrap())];
    let bundled = bundled();
    let open = || {
        let mut s = Session::start_with_env(&[bundled.to_str().unwrap()], home.path(), &env);
        s.wait_for("BOTTOM LINE UP FRONT");
        s.send("5}}a");
        s.wait_for("note on Antony Blinken's reaction");
        s.wait_for("│First.");
        s
    };
    let (mut one, mut two) = (open(), open());
    one.send(" One's.");
    one.wait_for("First. One's.");
    two.send(" Two's.");
    two.wait_for("First. Two's.");
    one.send("\x13");
    one.wait_for("note saved");
    two.send("\x13");
    two.wait_for("both versions kept");
    for s in [&mut one, &mut two] {
        s.send("q");
        assert!(s.wait_exit().success());
    }
    let json = stdout(
        brief(&state)
            .args(["notes", "--format", "json"])
            .arg(&bundled),
    );
    let notes: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let bodies: Vec<&str> = notes.iter().map(|n| n["note"].as_str().unwrap()).collect();
    assert_eq!(notes.len(), 2, "{json}");
    assert!(
        bodies.contains(&"First. One's.") && bodies.contains(&"First. Two's."),
        "{json}"
    );
    assert!(notes.iter().all(|n| n["detached"] == false), "{json}");
}

/// The drafts in the state folder `state` (files named `draft-…`).
fn drafts_in(state: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(state) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("draft-"))
        })
        .collect()
}

/// Waits until `done` holds, failing with `what` after 20 s.
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "never happened: {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The bodies of the notes on the bundled briefing, as `brief notes --format json` gives them.
fn bodies_in(state: &Path) -> Vec<String> {
    let json = stdout(
        brief(state)
            .args(["notes", "--format", "json"])
            .arg(bundled()),
    );
    let mut bodies: Vec<String> = json
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["note"].as_str().unwrap().to_string()
        })
        .collect();
    bodies.sort();
    bodies
}

/// Starts the reader on the bundled briefing and starts a note on Blinken's quote.
fn writing(home: &Path, env: &[(&str, &str)], text: &str) -> Session {
    let mut s = Session::start_with_env(&[bundled().to_str().unwrap()], home, env);
    s.wait_for("BOTTOM LINE UP FRONT");
    s.send("5}}a");
    s.wait_for("note on Antony Blinken's reaction");
    s.send(text);
    s.wait_for(text);
    s
}

/// The next start recovers a draft, says so, saves it and removes the draft.
fn recovered(home: &Path, env: &[(&str, &str)], state: &Path) {
    let mut s = Session::start_with_env(&[bundled().to_str().unwrap()], home, env);
    s.wait_for("1 unsaved note recovered");
    wait_until("the recovered draft goes once saved", || {
        drafts_in(state).is_empty()
    });
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_note_being_typed_survives_kill_9_and_is_recovered_next_time() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let env = [("BRIEF_STATE_DIR", state.to_str().unwrap())];
    let text = "typed and never saved";
    let mut s = writing(home.path(), &env, text);
    // Kept as a draft once the keyboard is idle: a private file beside the store.
    wait_until("a draft holding the text", || {
        drafts_in(&state).iter().any(|p| {
            p.extension().is_some_and(|e| e == "md")
                && std::fs::read_to_string(p).is_ok_and(|t| t == text)
        })
    });
    for draft in drafts_in(&state) {
        let mode = std::fs::metadata(&draft).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}", draft.display());
    }
    common::kill("KILL", s.child.process_id().unwrap());
    s.wait_exit();
    recovered(home.path(), &env, &state);
    assert_eq!(bodies_in(&state), [format!("{RESCUED}\n{text}")]);
    // A second start has nothing more to recover.
    let s = Session::start_with_env(&[bundled().to_str().unwrap()], home.path(), &env);
    s.wait_for("BOTTOM LINE UP FRONT");
    assert!(!s.contents().contains("recovered"));
}

#[test]
fn a_note_being_typed_when_brief_is_ended_with_the_store_busy_is_recovered() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let env = [("BRIEF_STATE_DIR", state.to_str().unwrap())];
    let text = "typed while another writer holds the store";
    let mut s = writing(home.path(), &env, text);
    // Another writer holds the store's lock for longer than brief waits for it.
    let writer = rusqlite::Connection::open(state.join("state.db")).unwrap();
    writer.execute_batch("BEGIN EXCLUSIVE").unwrap();
    common::kill("TERM", s.child.process_id().unwrap());
    assert_eq!(s.wait_exit().exit_code(), 143);
    writer.execute_batch("ROLLBACK").unwrap();
    drop(writer);
    recovered(home.path(), &env, &state);
    assert_eq!(bodies_in(&state), [format!("{RESCUED}\n{text}")]);
}

#[test]
fn sigterm_in_the_outside_editor_ends_it_and_keeps_its_text() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let tmp = home.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let text = "Written in the editor before the end.";
    // It ignores SIGHUP, as an editor may (vim keeps working on a hangup): so only brief's
    // ending it ends it, not the terminal's session ending with brief.
    let editor =
        format!("sh -c 'trap \"\" HUP; printf \"%s\" \"{text}\" > \"$1\"; exec sleep 60' editor");
    let env = [
        ("BRIEF_STATE_DIR", state.to_str().unwrap()),
        ("VISUAL", editor.as_str()),
        ("TMPDIR", tmp.to_str().unwrap()),
    ];
    let mut s = Session::start_with_env(&[bundled().to_str().unwrap()], home.path(), &env);
    s.wait_for("BOTTOM LINE UP FRONT");
    s.send("5}}E");
    let pid = s.child.process_id().unwrap();
    // The editor has written its file (before it became `sleep`) and waits.
    let mut editors = Vec::new();
    wait_until("the editor running, its text written", || {
        editors = common::children_of(pid);
        editors.iter().any(|&e| {
            std::fs::read_to_string(format!("/proc/{e}/cmdline"))
                .is_ok_and(|c| c.starts_with("sleep"))
        })
    });
    common::kill("TERM", pid);
    assert_eq!(s.wait_exit().exit_code(), 143);
    wait_until("the editor ended", || {
        editors.iter().all(|&e| !common::alive(e))
    });
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
    assert!(drafts_in(&state).is_empty(), "{:?}", drafts_in(&state));
    assert_eq!(bodies_in(&state), [format!("{RESCUED}\n{text}")]);
}

#[test]
fn a_draft_goes_when_its_note_is_saved_or_left_and_a_live_brief_keeps_its_own() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let env = [("BRIEF_STATE_DIR", state.to_str().unwrap())];
    let has_draft = |state: &Path| !drafts_in(state).is_empty();
    let mut one = writing(home.path(), &env, "one's draft");
    wait_until("one's draft kept", || has_draft(&state));
    // A second brief at once does not take the first one's live draft.
    let mut two = Session::start_with_env(&[bundled().to_str().unwrap()], home.path(), &env);
    two.wait_for("BOTTOM LINE UP FRONT");
    assert!(!two.contents().contains("recovered"), "{}", two.contents());
    // Had it taken the draft, it would save it and remove it by the time it quits.
    two.send("q");
    assert!(two.wait_exit().success());
    assert!(has_draft(&state));
    // Left on purpose: the draft goes.
    one.send("\x1b");
    one.wait_for("Leave it?");
    one.send("y");
    one.wait_for("note not saved");
    wait_until("the draft left on purpose gone", || !has_draft(&state));
    // Saved: the draft goes once the store confirms.
    one.send("a");
    one.wait_for("note on Antony Blinken's reaction");
    one.send("saved at last");
    wait_until("a draft of the second note kept", || has_draft(&state));
    one.send("\x13");
    one.wait_for("note saved");
    wait_until("the saved note's draft gone", || !has_draft(&state));
    one.send("q");
    assert!(one.wait_exit().success());
    assert_eq!(bodies_in(&state), ["saved at last"]);
}
