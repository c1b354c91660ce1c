//! `brief export --format stix`, checked by the OASIS validator (`stix2-validator`, which
//! `.ci/run` installs into `target/stix-venv`): the export of every bundled and test briefing
//! that loads, all of them in one bundle, and a bundle carrying the analyst's notes, each with
//! no errors and no warnings but the two `docs/STIX.md` explains (103: ids are UUIDv5, so that
//! a briefing exported again keeps them; 302: a source's URL comes with no hash of its page,
//! which `brief` never fetches). And MISP's own STIX 2.1 importer (`misp-stix`) reads the
//! export of the bundled briefing into a MISP event with every statement's speaker, party,
//! grade, source and original wording.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use briefing::briefing::parts::Kind;
use briefing::store::Store;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The validator, when installed (`.ci/run` installs it; `BRIEF_STIX_VALIDATOR` names another).
fn validator() -> Option<PathBuf> {
    let named = std::env::var_os("BRIEF_STIX_VALIDATOR").map(PathBuf::from);
    let installed = root().join("target/stix-venv/bin/stix2_validator");
    named.or_else(|| installed.exists().then_some(installed))
}

fn brief(args: &[&str], state: Option<&Path>) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
    match state {
        Some(dir) => cmd.arg("--state-dir").arg(dir),
        None => cmd.arg("--no-state"),
    };
    cmd.args(args)
        .env(
            "BRIEF_CACHE_DIR",
            std::env::temp_dir().join("brief-test-stix-cache"),
        )
        .output()
        .unwrap()
}

/// Every briefing file of the repository: the bundled ones and the test fixtures.
fn briefing_files() -> Vec<PathBuf> {
    walkdir::WalkDir::new(root().join("briefings"))
        .into_iter()
        .chain(walkdir::WalkDir::new(root().join("tests/fixtures")))
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect()
}

/// Runs the validator on `files` as CI does; panics with its report unless every file is
/// valid with no warning but 103 and 302.
fn validate(validator: &Path, files: &[PathBuf]) {
    let out = Command::new(validator)
        .args([
            "--strict",
            "--enforce-refs",
            "--strict-types",
            "--strict-properties",
            "--disable",
            "103,302",
        ])
        .args(files)
        .output()
        .expect("run stix2_validator");
    let report =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{report}");
    assert_eq!(
        report.matches("STIX JSON: Valid").count(),
        files.len(),
        "{report}"
    );
    assert!(
        !report.contains("[!]") && !report.contains("[X]"),
        "{report}"
    );
}

#[test]
fn every_briefing_exports_to_a_bundle_the_oasis_validator_accepts() {
    let Some(validator) = validator() else {
        // CI must never pass without it.
        assert!(
            std::env::var_os("BRIEF_REQUIRE_STIX").is_none(),
            "BRIEF_REQUIRE_STIX is set but no stix2_validator was found"
        );
        eprintln!("skipped: no stix2_validator (.ci/run installs it into target/stix-venv)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut exported = Vec::new();
    for (i, file) in briefing_files().iter().enumerate() {
        let out = dir.path().join(format!("{i}.json"));
        let run = brief(
            &[
                "export",
                file.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ],
            None,
        );
        // Files that fail to load are the fixtures of broken input: nothing to export.
        if run.status.success() {
            exported.push(out);
        }
    }
    assert!(exported.len() >= 20, "{} exported", exported.len());
    // All of them in one bundle (the broken ones are reported and left out: exit 1).
    let all = dir.path().join("all.json");
    let run = brief(
        &[
            "export",
            root().join("briefings").to_str().unwrap(),
            root().join("tests/fixtures").to_str().unwrap(),
            "-o",
            all.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.status.code(), Some(1));
    exported.push(all);
    // The analyst's notes go along as notes.
    let state = tempfile::tempdir().unwrap();
    {
        let (mut store, _) = Store::open(state.path()).unwrap();
        let blinken =
            "As we have long made clear, there will be no military solution to the conflict.";
        let on = Some((Kind::Reaction, "Antony Blinken", blinken));
        store
            .save_note(&common::note(
                "5d0c6a51-8e1f-4c41-9f5e-2b7a1c3d4e5f",
                on,
                "Check the date.",
            ))
            .unwrap();
        store
            .save_note(&common::note(
                "6e1d7b62-9f20-4d52-a06f-3c8b2d4e5f60",
                None,
                "A whole-briefing note.",
            ))
            .unwrap();
    }
    let noted = dir.path().join("noted.json");
    let bundled = root().join("briefings/2022-09-12-armenia-azerbaijan-border.toml");
    let run = brief(
        &[
            "export",
            bundled.to_str().unwrap(),
            "-o",
            noted.to_str().unwrap(),
        ],
        Some(state.path()),
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&noted).unwrap();
    assert!(
        text.contains("\"content\": \"Check the date.\""),
        "the note is exported"
    );
    exported.push(noted);
    validate(&validator, &exported);
}

/// The venv's Python, which has the OASIS `stix2` library.
fn python() -> Option<PathBuf> {
    let python = validator()?.with_file_name("python");
    python.exists().then_some(python)
}

#[test]
fn a_bundle_from_the_oasis_stix2_library_imports_with_what_it_refers_to_and_what_was_ignored_listed()
 {
    let Some(python) = python() else {
        assert!(
            std::env::var_os("BRIEF_REQUIRE_STIX").is_none(),
            "BRIEF_REQUIRE_STIX is set but the venv's python was not found"
        );
        eprintln!("skipped: no stix2 library (.ci/run installs it into target/stix-venv)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let script = r#"
import stix2
alpha = stix2.Identity(name="Alpha Ministry", identity_class="organization")
indicator = stix2.Indicator(name="bad", pattern="[ipv4-addr:value = '10.0.0.1']", pattern_type="stix")
note = stix2.Note(content="\u201cWe will respond.\u201d", authors=["Alpha spokesperson"],
                  object_refs=[alpha.id], confidence=70)
report = stix2.Report(name="Border incident", published="2024-05-01T00:00:00Z",
                      description="Alpha says shots were fired.\n\nMore detail.",
                      object_refs=[alpha.id, note.id, indicator.id], labels=["border"],
                      object_marking_refs=[stix2.TLP_AMBER])
relationship = stix2.Relationship(indicator, "indicates", alpha)
print(stix2.Bundle(report, alpha, note, indicator, relationship, stix2.TLP_AMBER).serialize(pretty=True))
"#;
    let made = Command::new(&python).args(["-c", script]).output().unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let bundle = dir.path().join("bundle.json");
    std::fs::write(&bundle, &made.stdout).unwrap();
    let run = brief(
        &[
            "import",
            "stix",
            bundle.to_str().unwrap(),
            "-o",
            dir.path().to_str().unwrap(),
        ],
        None,
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    // The indicator the report refers to is named in its key points; the relationship no
    // report refers to is counted.
    assert!(
        stderr.contains("ignored: 1 relationship object"),
        "{stderr}"
    );
    let file = dir.path().join("Border-incident.toml");
    let check = brief(&["check", file.to_str().unwrap()], None);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let b = briefing::briefing::parse(std::fs::read_to_string(&file).unwrap())
        .briefing
        .unwrap();
    assert_eq!(b.title, "Border incident");
    assert_eq!(b.summary.bluf, "Alpha says shots were fired.");
    // TLP 1.0's AMBER, as STIX 2.1 predefines it, is TLP 2.0's label.
    assert_eq!(b.marking.as_deref(), Some("TLP:AMBER"));
    assert_eq!(b.summary.key_points, ["Indicator: bad"]);
    let s = &b.parties[0].statements[0];
    assert_eq!(b.parties[0].name, "Alpha Ministry");
    assert_eq!(
        (s.speaker.as_ref(), s.text.as_ref()),
        ("Alpha spokesperson", "We will respond.")
    );
    assert_eq!(
        s.credibility.map(briefing::briefing::Credibility::value),
        Some(2)
    );
}

/// `brief export BRIEFING -o DIR/b.json`, which must succeed: the bundle's path.
fn exported(briefing: &Path, dir: &Path) -> PathBuf {
    let out = dir.join("b.json");
    let run = brief(
        &[
            "export",
            briefing.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

#[test]
fn a_bundle_brief_wrote_imports_back_to_an_equal_briefing() {
    let dir = tempfile::tempdir().unwrap();
    let bundled = root().join("briefings/2022-09-12-armenia-azerbaijan-border.toml");
    let out = exported(&bundled, dir.path());
    // Into a folder that is not there yet: it is made.
    let back = dir.path().join("back/into");
    let run = brief(
        &[
            "import",
            "stix",
            out.to_str().unwrap(),
            "-o",
            back.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let file = back.join("2022-09-12-armenia-azerbaijan-border.toml");
    assert!(
        brief(&["check", file.to_str().unwrap()], None)
            .status
            .success()
    );
    let diff = brief(
        &["diff", bundled.to_str().unwrap(), file.to_str().unwrap()],
        None,
    );
    assert_eq!(
        diff.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&diff.stdout)
    );
    // A second import writes over nothing.
    let again = brief(
        &[
            "import",
            "stix",
            out.to_str().unwrap(),
            "-o",
            back.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists: not written over"));
    // Written whole, through a temporary file that is gone: the folder holds the one file.
    let held: Vec<_> = std::fs::read_dir(&back)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        held,
        [std::ffi::OsString::from(
            "2022-09-12-armenia-azerbaijan-border.toml"
        )]
    );
}

#[test]
fn hostile_bundles_get_clear_errors_and_the_size_cap() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, String)> = vec![
        ("deep", "[".repeat(200_000)),
        ("big", format!("{{\"type\": \"bundle\", \"objects\": [{{\"type\": \"report\", \"id\": \"report--1\", \"name\": \"{}\"}}]}}", "x".repeat(5 << 20))),
        ("types", r#"{"type": "bundle", "objects": [{"type": "report", "id": "report--1", "name": 5, "published": []}]}"#.into()),
        ("escapes", "{\"type\": \"bundle\", \"objects\": [{\"type\": \"report\", \"id\": \"report--1\", \"name\": \"\\u001b]0;pwned\\u0007\", \"published\": \"2024-01-01T00:00:00Z\", \"object_refs\": [\"note--2\"]}, {\"type\": \"note\", \"id\": \"note--2\", \"content\": \"\\u001b[2Jx\", \"object_refs\": [\"report--1\"]}]}".into()),
    ];
    for (name, text) in cases {
        let path = dir.path().join(format!("{name}.json"));
        std::fs::write(&path, text).unwrap();
        let out = dir.path().join(name);
        std::fs::create_dir(&out).unwrap();
        let run = brief(
            &[
                "import",
                "stix",
                path.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ],
            None,
        );
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(!stderr.contains('\u{1b}'), "{name}: {stderr:?}");
        match name {
            "deep" => assert!(
                run.status.code() == Some(2) && stderr.contains("not JSON"),
                "{stderr}"
            ),
            "big" => assert!(
                run.status.code() == Some(2) && stderr.contains("--max-size"),
                "{stderr}"
            ),
            "types" => assert!(
                run.status.code() == Some(1) && stderr.contains("no `name`"),
                "{stderr}"
            ),
            _ => {
                assert_eq!(run.status.code(), Some(0), "{stderr}");
                let written: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
                assert_eq!(written.len(), 1);
                let text = std::fs::read_to_string(written[0].as_ref().unwrap().path()).unwrap();
                assert!(!text.contains('\u{1b}'), "{text:?}");
            }
        }
    }
}

/// The venv's Python when it has MISP's STIX 2.1 importer (`misp-stix`, which `.ci/run`
/// installs); `None`, said, when it is not there (a failure when `BRIEF_REQUIRE_STIX` is set).
fn misp_python() -> Option<PathBuf> {
    let found = python().filter(|p| {
        Command::new(p)
            .args(["-c", "import misp_stix_converter"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("BRIEF_REQUIRE_STIX").is_none(),
            "BRIEF_REQUIRE_STIX is set but the venv has no misp-stix (run .ci/run)"
        );
        eprintln!("skipped: no misp-stix (.ci/run installs it into target/stix-venv)");
    }
    found
}

/// `bundle` read into MISP events by misp-stix (tests/stix/misp_import.py): the events (one
/// per report), and what misp-stix said it could not read.
fn misp_events(python: &Path, bundle: &Path) -> (Vec<serde_json::Value>, Vec<String>) {
    let run = Command::new(python)
        .arg(root().join("tests/stix/misp_import.py"))
        .arg(bundle)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let out: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let errors = (out["errors"].as_array().unwrap().iter())
        .map(|e| e.as_str().unwrap().to_string())
        .collect();
    (out["events"].as_array().unwrap().clone(), errors)
}

/// A configuration file that names the analyst.
fn analyst_config(dir: &Path, name: &str) -> PathBuf {
    let config = dir.join("config.toml");
    std::fs::write(&config, format!("analyst = \"{name}\"\n")).unwrap();
    config
}

#[test]
fn the_bundled_briefing_reads_into_misp_with_speakers_parties_grades_sources_and_originals() {
    let Some(python) = misp_python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let config = analyst_config(dir.path(), "Ana Analyst");
    let file = root().join("briefings/2022-09-12-armenia-azerbaijan-border.toml");
    let out = dir.path().join("b.json");
    let run = brief(
        &[
            "--config",
            config.to_str().unwrap(),
            "export",
            file.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let (events, errors) = misp_events(&python, &out);
    assert_eq!(events.len(), 1, "one report, one event");
    let event = &events[0];
    // misp-stix has no use for language-content (the originals are in the notes' comments
    // too); everything else reads.
    assert!(
        errors.iter().all(|e| e.contains("language-content")),
        "{errors:#?}"
    );
    let b = briefing::briefing::parse(std::fs::read_to_string(&file).unwrap())
        .briefing
        .unwrap();
    assert_eq!(event["info"], b.title.as_ref());
    let tags: Vec<&str> = (event["Tag"].as_array().unwrap().iter())
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(tags.contains(&"tlp:clear"), "{tags:?}");
    // The report's creator, the analyst, is its producer.
    assert!(
        tags.contains(&"misp-galaxy:producer=\"Ana Analyst\""),
        "{tags:?}"
    );
    let notes = event["Note"].as_array().unwrap();
    let objects = event["Object"].as_array().unwrap();
    // Each party and actor is an identity object; a statement's note is on its party's.
    let on_identity = |name: &str, words: &str| {
        objects.iter().any(|o| {
            let attributes = o["Attribute"].as_array().unwrap();
            let named = attributes
                .iter()
                .any(|a| a["object_relation"] == "name" && a["value"] == name);
            let unknown = attributes
                .iter()
                .any(|a| a["object_relation"] == "identity_class" && a["value"] == "unknown");
            named
                && unknown
                && (o["Note"].as_array().into_iter().flatten()).any(|n| n["note"] == words)
        })
    };
    let mut statements: Vec<(&str, &briefing::briefing::Statement)> = Vec::new();
    for p in &b.parties {
        statements.extend(p.statements.iter().map(|s| (p.name.as_ref(), s)));
    }
    statements.extend(b.reactions.iter().map(|r| (r.actor.as_ref(), &r.statement)));
    assert_eq!(statements.len(), 10);
    let paragraphs = |t: &str| briefing::document::build::paragraphs(t).join("\n\n");
    for (party, s) in statements {
        let text = paragraphs(&s.text);
        let words = match s.kind {
            briefing::briefing::StatementKind::Quote => format!("“{text}”"),
            briefing::briefing::StatementKind::Paraphrase => text,
        };
        let note = notes
            .iter()
            .find(|n| n["note"] == words.as_str())
            .unwrap_or_else(|| panic!("no MISP note for {words}"));
        assert_eq!(note["authors"], s.speaker.as_ref(), "the speaker");
        assert!(on_identity(party, &words), "{party}: {words}");
        let comment = note["comment"].as_str().unwrap();
        let grade = s.grade(&b.sources).unwrap();
        assert!(comment.contains(&format!("grade {grade} ")), "{comment}");
        let source = &b.sources[s.source.unwrap()].name;
        assert!(comment.contains(&format!("Source: {source}")), "{comment}");
        let original = s.original.as_ref().unwrap();
        assert!(
            comment.contains(&paragraphs(&original.text)),
            "the original is lost: {comment}"
        );
    }
    // The author's comments, by the configured analyst.
    let comments: Vec<_> = (notes.iter())
        .filter(|n| n["authors"] == "Ana Analyst")
        .collect();
    assert_eq!(comments.len(), b.comments.len());
    for c in comments {
        assert!(
            (c["comment"].as_str().unwrap()).starts_with("Analyst comment"),
            "{c}"
        );
    }
}

#[test]
fn with_no_analyst_configured_comments_are_by_the_name_on_notes() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "theme = \"dark\"\n").unwrap();
    let file = root().join("briefings/2022-09-12-armenia-azerbaijan-border.toml");
    let export = |config: &Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(["--no-state", "--config"])
            .arg(config)
            .arg("export")
            .arg(&file)
            .env("USER", "kim")
            .env(
                "BRIEF_CACHE_DIR",
                std::env::temp_dir().join("brief-test-stix-cache"),
            )
            .output()
            .unwrap();
        assert!(out.status.success());
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let authors = |bundle: &serde_json::Value| -> Vec<String> {
        (bundle["objects"].as_array().unwrap().iter())
            .filter(|o| o["type"] == "note")
            .filter(|o| {
                o["abstract"]
                    .as_str()
                    .unwrap()
                    .starts_with("Analyst comment")
            })
            .map(|o| o["authors"][0].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(authors(&export(&config)), ["kim", "kim"]);
    let named = analyst_config(dir.path(), "Ana Analyst");
    let bundle = export(&named);
    assert_eq!(authors(&bundle), ["Ana Analyst", "Ana Analyst"]);
    // The report is created by that analyst's identity.
    let objects = bundle["objects"].as_array().unwrap();
    let report = objects.iter().find(|o| o["type"] == "report").unwrap();
    let creator = (objects.iter())
        .find(|o| o["id"] == report["created_by_ref"])
        .unwrap();
    assert_eq!(
        (&creator["name"], &creator["identity_class"]),
        (&"Ana Analyst".into(), &"individual".into())
    );
}

#[test]
fn a_bundle_of_many_briefings_reads_into_misp_as_an_event_for_each() {
    let Some(python) = misp_python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.json");
    // The broken fixtures are reported and left out (exit 1); the rest are exported.
    brief(
        &[
            "export",
            root().join("briefings").to_str().unwrap(),
            root().join("tests/fixtures").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    let bundle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let reports: Vec<&str> = (bundle["objects"].as_array().unwrap().iter())
        .filter(|o| o["type"] == "report")
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert!(reports.len() >= 20, "{}", reports.len());
    let (events, errors) = misp_events(&python, &out);
    assert!(
        errors.iter().all(|e| e.contains("language-content")),
        "{errors:#?}"
    );
    let mut infos: Vec<&str> = events.iter().map(|e| e["info"].as_str().unwrap()).collect();
    let mut names = reports.clone();
    infos.sort_unstable();
    names.sort_unstable();
    assert_eq!(infos, names);
}

/// On a full disk an import writes nothing: no briefing cut short, no file left empty, no
/// temporary file left behind (a small file system of its own, filled before `brief` starts).
#[test]
fn an_import_onto_a_full_disk_leaves_no_half_briefing() {
    let dir = tempfile::tempdir().unwrap();
    let bundled = root().join("briefings/2022-09-12-armenia-azerbaijan-border.toml");
    let bundle = exported(&bundled, dir.path());
    let small = dir.path().join("small");
    std::fs::create_dir(&small).unwrap();
    let full = r#"dir=$1; shift
        mount -t tmpfs -o size=64k tmpfs "$dir" || exit 99
        dd if=/dev/zero of="$dir/filler" bs=4k 2>/dev/null
        "$@"; echo "exit $?"; ls -A "$dir""#;
    let out = Command::new("unshare")
        .args(["-m", "sh", "-c", full, "sh"])
        .arg(&small)
        .arg(env!("CARGO_BIN_EXE_brief"))
        .args(["--no-state", "import", "stix"])
        .arg(&bundle)
        .arg("-o")
        .arg(&small)
        .output();
    let Some(out) = out
        .ok()
        .filter(|o| o.status.code() != Some(99) && !o.stdout.is_empty())
    else {
        eprintln!("skipped: this test needs to mount a small file system (root and unshare -m)");
        return;
    };
    let said = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(said.starts_with("exit 1\n"), "{said}{err}");
    assert!(err.contains("cannot write"), "{err}");
    assert_eq!(
        said.lines().skip(1).collect::<Vec<_>>(),
        ["filler"],
        "{said}"
    );
}
