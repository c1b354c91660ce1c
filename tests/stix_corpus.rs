//! `brief import stix` on the STIX 2.1 the world writes (issue 25): the corpus of real bundles
//! in `tests/fixtures/stix/` (each file's repository, commit and licence in the README there)
//! and the bundles MISP's own exporter writes (`misp-stix`, run by
//! `tests/fixtures/stix/misp/events.py` with the venv's Python, which `.ci/run` makes in
//! `target/stix-venv`). Every report imports into a briefing that passes `brief check` and
//! carries the most restrictive marking of what it shows; what was not imported is listed.
//! Then the marking rules one by one, on small bundles written here.
//!
//! The marking `brief` writes: the most restrictive TLP found, as its TLP 2.0 label (TLP 1.0
//! WHITE is TLP:CLEAR; CLEAR < GREEN < AMBER < AMBER+STRICT < RED), then every marking that is
//! not TLP (a statement's text, an unknown kind's name) in order of first appearance, joined
//! by " · ". Counted are the markings on the report (`object_marking_refs` and
//! `granular_markings`) and on every object whose content the briefing carries: the notes on
//! the report or listed by it, the identities it names as parties, speakers or author, the
//! language content of those notes, and the objects its `object_refs` lists. A report label
//! `tlp:…` (as MISP writes a tag it does not know as a marking) counts too.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use briefing::briefing::Briefing;
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus() -> PathBuf {
    root().join("tests/fixtures/stix")
}

/// The venv's Python, found as tests/stix.rs finds the validator: beside
/// `BRIEF_STIX_VALIDATOR`, else in `target/stix-venv`.
fn python() -> Option<PathBuf> {
    let validator = std::env::var_os("BRIEF_STIX_VALIDATOR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/stix-venv/bin/stix2_validator"));
    let python = validator.with_file_name("python");
    python.exists().then_some(python)
}

/// `brief` with a state folder of its own and the tests' cache.
fn brief(args: &[&str], state: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .arg("--state-dir")
        .arg(state)
        .args(args)
        .env(
            "BRIEF_CACHE_DIR",
            std::env::temp_dir().join("brief-test-stix-cache"),
        )
        .output()
        .unwrap()
}

/// One `brief import stix`: how it ended and the briefings it wrote.
struct Import {
    ok: bool,
    code: Option<i32>,
    stderr: String,
    /// Each written file with the briefing it holds (`None` when it does not load).
    written: Vec<(PathBuf, Option<Briefing<'static>>)>,
    dir: tempfile::TempDir,
}

impl Import {
    fn run(bundle: &Path, extra: &[&str]) -> Import {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        // Made here, so that a run is not about `-o` making its folder (a separate item).
        std::fs::create_dir(&out).unwrap();
        let state = dir.path().join("state");
        let mut args = vec![
            "import",
            "stix",
            bundle.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let run = brief(&args, &state);
        let mut written: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        written.sort();
        let written = written
            .into_iter()
            .map(|path| {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let b = briefing::briefing::parse(text).briefing;
                (path, b)
            })
            .collect();
        Import {
            ok: run.status.success(),
            code: run.status.code(),
            stderr: String::from_utf8_lossy(&run.stderr).into_owned(),
            written,
            dir,
        }
    }

    /// Every written file passes `brief check`.
    fn assert_checked(&self, what: &str) {
        for (path, _) in &self.written {
            let check = brief(
                &["check", path.to_str().unwrap()],
                &self.dir.path().join("state"),
            );
            assert!(
                check.status.success(),
                "{what}: brief check {}:\n{}{}",
                path.display(),
                String::from_utf8_lossy(&check.stdout),
                String::from_utf8_lossy(&check.stderr)
            );
        }
    }

    /// The briefings written, each as (title, marking).
    fn titles_and_markings(&self, what: &str) -> Vec<(String, Option<String>)> {
        let mut found: Vec<_> = self
            .written
            .iter()
            .map(|(path, b)| {
                let b = b
                    .as_ref()
                    .unwrap_or_else(|| panic!("{what}: {} does not load", path.display()));
                (b.title.to_string(), b.marking.as_deref().map(str::to_owned))
            })
            .collect();
        found.sort();
        found
    }

    /// The one briefing written, checked.
    fn only(&self, what: &str) -> &Briefing<'static> {
        assert!(self.ok, "{what}: exit {:?}\n{}", self.code, self.stderr);
        assert_eq!(
            self.written.len(),
            1,
            "{what}: {:?}\n{}",
            self.written,
            self.stderr
        );
        self.assert_checked(what);
        self.written[0].1.as_ref().unwrap()
    }
}

// ---------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------

/// What a report's briefing must be marked.
#[derive(Clone, Copy, Debug)]
enum Marking {
    /// These parts, joined with " · "; none: no marking anywhere, so no `marking` line.
    Is(&'static [&'static str]),
    /// A marking reference that resolves nowhere (not in the bundle, not one of STIX 2.1's
    /// predefined TLP ids): refused without `--marking`, imported with `--marking TLP:RED`.
    Unresolved,
}

use Marking::{Is, Unresolved};

/// (report id, report name, marking).
type Expected = (&'static str, &'static str, Marking);

/// The statement marking of the MITRE Corporation's STIX versions of Mandiant's APT1 report.
const MANDIANT: &str = "APT1: Exposing One of China's Cyber Espionage Units (the \"APT1 Report\") is copyright 2013 by Mandiant Corporation and can be downloaded at intelreport.mandiant.com.  This XML file using the STIX standard was created by The MITRE Corporation using the content of the APT1 Report with Mandiant's permission.  Mandiant is not responsible for the content of this file.";

/// The statement marking of a DHS bulletin (itself marked TLP:GREEN).
const DHS: &str = "DISCLAIMER: This report is provided \"as is\" for informational purposes only. The Department of Homeland Security (DHS) does not provide any warranties of any kind regarding any information contained within. The DHS does not endorse any commercial product or service, referenced in this bulletin or otherwise. This document is distributed as TLP:GREEN: Limited disclosure, restricted to the community. Recipients may share TLP:GREEN information with peers and partner organizations within their sector or community, but not via publicly accessible channels. Information in this category can be circulated widely within a particular community. TLP:GREEN information may not be released outside of the community. For more information on the Traffic Light Protocol, see http://www.us-cert.gov/tlp.";

/// The statement marking OpenCTI's test data puts on ATT&CK objects.
const MITRE: &str = "Copyright 2017, The MITRE Corporation";

/// OpenCTI's test marking: `definition_type: "TLP"` with a level TLP does not have, so a
/// marking of a kind `brief` does not know, kept as it is written.
const TLP_TEST: &str = "TLP:TEST";

/// An ACS data marking (an extension-based marking definition with no `name`): kept by what
/// its ACS extension says, its identifier and classification.
const ACS: &str =
    "ACS marking isa:guide.19001.40af97be-00bf-4648-9e70-296a6a8eda08, classification U";

/// Every file of the corpus and every bundle `events.py` makes, with its reports. The README
/// beside the files gives the reason for each marking.
const CORPUS: &[(&str, &[Expected])] = &[
    (
        "oasis-apt1.json",
        &[(
            "report--e33ffe07-2f4c-48d8-b0af-ee2619d765cf",
            "APT1: Exposing One of China's Cyber Espionage Units",
            Is(&[]),
        )],
    ),
    (
        "oasis-poisonivy.json",
        &[(
            "report--f2b63e80-b523-4747-a069-35c002c690db",
            "Poison Ivy: Assessing Damage and Extracting Intelligence",
            Is(&[]),
        )],
    ),
    ("oasis-using-marking-definitions.json", &[]),
    (
        "elevator-mandiant-apt1.json",
        &[(
            "report--e33ffe07-2f4c-48d8-b0af-ee2619d765cf",
            "APT1: Exposing One of China's Cyber Espionage Units",
            Is(&[MANDIANT]),
        )],
    ),
    (
        "elevator-mandiant-apt1-extensions.json",
        &[(
            "report--e33ffe07-2f4c-48d8-b0af-ee2619d765cf",
            "APT1: Exposing One of China's Cyber Espionage Units",
            Unresolved,
        )],
    ),
    (
        "elevator-appendix-g-custom.json",
        &[(
            "report--190593d6-1861-4cfe-b212-c016fce1e248",
            "APT1 Report - Appendix G (IOCs) - Observables and OpenIOC",
            Unresolved,
        )],
    ),
    (
        "elevator-issue-271.json",
        &[(
            "report--8458e964-9811-4c74-a95e-25bc1f1c767d",
            "IB-21-10094 Malicious Cyber Actors Targeted Governments, IGOs, NGOs, and Others with Cobalt Strike",
            Is(&["TLP:GREEN", DHS]),
        )],
    ),
    (
        "elevator-campaign-v-actors.json",
        &[(
            "report--fd8c6760-88ef-4537-9e37-68ef5afe3afd",
            "regression-test-08-Elevator02",
            Is(&["TLP:GREEN"]),
        )],
    ),
    (
        "elevator-marking-information-source.json",
        &[(
            "report--53a0ddca-816c-44af-9da6-92fcf26992d8",
            "Silver Gray Owl",
            Is(&["TLP:CLEAR"]),
        )],
    ),
    (
        "elevator-hostname.json",
        &[(
            "report--114a124e-b240-42e0-a84f-84d2932aca52",
            "NCCIC:STIX_Package-75d3aca8-3a82-46fc-8965-c0d1958c9790",
            Is(&["TLP:CLEAR"]),
        )],
    ),
    (
        "elevator-multiple-reports.json",
        &[
            (
                "report--ab11f431-4b3b-457c-835f-59920625fe65",
                "Report on Adversary Alpha's Campaign against the Industrial Control Sector",
                Is(&[]),
            ),
            (
                "report--f14804d5-3ee1-4a0e-b0f3-f9a643855ba5",
                "Indicators for Malware DrownedRat",
                Is(&[]),
            ),
        ],
    ),
    (
        "elevator-taxii-regression-test-14.json",
        &[(
            "report--52caef6f-118f-4e6c-a915-f1c2f19422f0",
            "regression-test-14: test special characters â ü ÿ /",
            Is(&[ACS]),
        )],
    ),
    (
        "opencti-data-test.json",
        &[(
            "report--a445d22a-db0c-4b5d-9ec8-e9ad0b6dbdd7",
            "A demo report for testing purposes",
            Is(&["TLP:CLEAR", TLP_TEST, MITRE]),
        )],
    ),
    (
        "opencti-bundle-ids-sample.json",
        &[(
            "report--a445d22a-db0c-4b5d-9ec8-e9ad0b6dbdd7",
            "A demo report for testing purposes",
            Is(&[TLP_TEST]),
        )],
    ),
    (
        "opencti-cyclic-bundle.json",
        &[
            (
                "report--a445d22a-db0c-4b5d-9ec8-e9ad0b6dbdd7",
                "A demo report for testing purposes",
                Is(&[TLP_TEST]),
            ),
            (
                "report--a445d22a-db0c-4b5d-9ec8-e9ad0b6dbdd8",
                "A cyclic report",
                Is(&[TLP_TEST]),
            ),
            (
                "report--a445d22a-db0c-4b5d-9ec8-e9ad0b6dbdd9",
                "A cyclic report",
                Is(&[TLP_TEST]),
            ),
        ],
    ),
    // Written by misp-stix in the test (events.py).
    (
        "misp-tlp-white.json",
        &[(
            "report--b2a4d0c4-3f51-4b8e-9d7a-1f6c2e8a9b01",
            "Event tagged tlp:white",
            Is(&["TLP:CLEAR"]),
        )],
    ),
    (
        "misp-tlp2-tags.json",
        &[(
            "report--c3b5e1d5-4062-4c9f-8e8b-2a7d3f9b0c12",
            "Event with TLP 2.0 tags",
            Is(&["TLP:AMBER+STRICT"]),
        )],
    ),
    (
        "misp-event-report.json",
        &[(
            "report--d4c6f2e6-5173-4dab-9f9c-3b8e4a0c1d23",
            "Event with an event report",
            Is(&["TLP:GREEN"]),
        )],
    ),
    (
        "misp-analyst-data.json",
        &[(
            "report--e5d7a3f7-6284-4ebc-8a0d-4c9f5b1d2e34",
            "Event with analyst data",
            Is(&["TLP:AMBER"]),
        )],
    ),
    (
        "misp-tlp-label.json",
        &[(
            "report--f6e8b4a8-7395-4fcd-9b1e-5daf6c2e3f45",
            "Event with a TLP tag in capitals",
            Is(&["TLP:AMBER+STRICT"]),
        )],
    ),
];

fn expected(file: &str) -> &'static [Expected] {
    CORPUS
        .iter()
        .find(|(name, _)| *name == file)
        .unwrap_or_else(|| panic!("{file} is not in the table"))
        .1
}

/// Whether the bundle holds objects no briefing shows: things no report lists (what a report
/// lists, relationships and sightings included, is what it refers to, which the briefing
/// shows). Identities, notes, marking and extension definitions and language content are left
/// aside: whether they are used depends on what the briefing makes of them.
fn holds_what_is_not_shown(bundle: &Value) -> bool {
    let objects = bundle["objects"].as_array().unwrap();
    let listed: Vec<&str> = objects
        .iter()
        .filter(|o| o["type"] == "report")
        .flat_map(|r| r["object_refs"].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .collect();
    objects.iter().any(|o| {
        let kind = o["type"].as_str().unwrap_or_default();
        match kind {
            "report"
            | "identity"
            | "note"
            | "marking-definition"
            | "extension-definition"
            | "language-content" => false,
            _ => !listed.contains(&o["id"].as_str().unwrap_or_default()),
        }
    })
}

/// Imports `path` and holds it to its row of the table.
fn check_corpus_file(path: &Path) {
    let file = path.file_name().unwrap().to_str().unwrap();
    let reports = expected(file);
    let bundle: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    // The table names every report of the bundle.
    let mut ids: Vec<&str> = bundle["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["type"] == "report")
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    let mut listed: Vec<&str> = reports.iter().map(|r| r.0).collect();
    listed.sort_unstable();
    assert_eq!(ids, listed, "{file}: the table's reports");

    let run = Import::run(path, &[]);
    if reports.is_empty() {
        // A bundle of markings and no report: nothing to write, and it says so.
        assert_eq!(run.code, Some(1), "{file}: {}", run.stderr);
        assert!(run.written.is_empty(), "{file}: {:?}", run.written);
        assert!(run.stderr.contains("report"), "{file}: {}", run.stderr);
        return;
    }
    let refused: Vec<&Expected> = reports
        .iter()
        .filter(|r| matches!(r.2, Unresolved))
        .collect();
    let imported: Vec<&Expected> = reports
        .iter()
        .filter(|r| !matches!(r.2, Unresolved))
        .collect();
    assert!(!run.stderr.contains("panicked"), "{file}: {}", run.stderr);
    if refused.is_empty() {
        assert!(run.ok, "{file}: exit {:?}\n{}", run.code, run.stderr);
    }
    assert_eq!(
        run.written.len(),
        imported.len(),
        "{file}: one briefing per report: {:?}\n{}",
        run.written,
        run.stderr
    );
    run.assert_checked(file);
    let mut want: Vec<(String, Option<String>)> = imported
        .iter()
        .map(|(_, name, marking)| {
            let Is(parts) = marking else { unreachable!() };
            let joined = parts.join(" · ");
            ((*name).to_owned(), (!joined.is_empty()).then_some(joined))
        })
        .collect();
    want.sort();
    assert_eq!(
        run.titles_and_markings(file),
        want,
        "{file}\n{}",
        run.stderr
    );
    if holds_what_is_not_shown(&bundle) {
        assert!(
            run.stderr.lines().any(|l| l.contains("ignored:")),
            "{file}: no `ignored:` line\n{}",
            run.stderr
        );
    }
    for (id, name, _) in &refused {
        // Refused: nothing written for it, and said (a failing exit or the report named),
        // with the reference that resolves nowhere.
        assert!(
            !run.ok || run.stderr.contains(id) || run.stderr.contains(name),
            "{file}: {name} is not said to be refused\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("marking-definition--"),
            "{file}: the unresolved reference is not named\n{}",
            run.stderr
        );
    }
    if refused.is_empty() {
        return;
    }
    // With the marking given, every report imports.
    let run = Import::run(path, &["--marking", "TLP:RED"]);
    assert!(
        run.ok,
        "{file} --marking: exit {:?}\n{}",
        run.code, run.stderr
    );
    assert_eq!(run.written.len(), reports.len(), "{file}\n{}", run.stderr);
    run.assert_checked(file);
    for (title, marking) in run.titles_and_markings(file) {
        assert!(
            marking.as_deref().is_some_and(|m| m.starts_with("TLP:RED")),
            "{file} --marking TLP:RED: {title} is marked {marking:?}"
        );
    }
}

/// Skips (with a message) when the venv is missing, unless `BRIEF_REQUIRE_STIX` is set.
fn venv_or_skip(what: &str) -> Option<PathBuf> {
    let python = python();
    if python.is_none() {
        assert!(
            std::env::var_os("BRIEF_REQUIRE_STIX").is_none(),
            "BRIEF_REQUIRE_STIX is set but the venv's python was not found"
        );
        eprintln!("skipped {what}: no venv (.ci/run makes target/stix-venv with misp-stix)");
    }
    python
}

/// The folder of the bundles `events.py` writes, made once for every test of this file.
fn misp_bundles(python: &Path) -> &'static Path {
    static MADE: OnceLock<tempfile::TempDir> = OnceLock::new();
    MADE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let run = Command::new(python)
            .arg(corpus().join("misp/events.py"))
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "events.py: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        dir
    })
    .path()
}

macro_rules! corpus_tests {
    ($($test:ident: $file:literal,)*) => {$(
        #[test]
        fn $test() {
            check_corpus_file(&corpus().join($file));
        }
    )*};
}

macro_rules! misp_tests {
    ($($test:ident: $file:literal,)*) => {$(
        #[test]
        fn $test() {
            let Some(python) = venv_or_skip($file) else { return };
            check_corpus_file(&misp_bundles(&python).join($file));
        }
    )*};
}

corpus_tests! {
    oasis_apt1: "oasis-apt1.json",
    oasis_poison_ivy: "oasis-poisonivy.json",
    oasis_marking_definitions_without_a_report: "oasis-using-marking-definitions.json",
    elevator_mandiant_apt1_statement: "elevator-mandiant-apt1.json",
    elevator_mandiant_apt1_unresolved_markings: "elevator-mandiant-apt1-extensions.json",
    elevator_appendix_g_unresolved_markings: "elevator-appendix-g-custom.json",
    elevator_dhs_bulletin_tlp_green_and_statement: "elevator-issue-271.json",
    elevator_campaign_objects_tlp_green: "elevator-campaign-v-actors.json",
    elevator_silver_gray_owl_objects_tlp_white: "elevator-marking-information-source.json",
    elevator_nccic_package_objects_tlp_white: "elevator-hostname.json",
    elevator_two_reports: "elevator-multiple-reports.json",
    elevator_acs_marking_kept_by_id: "elevator-taxii-regression-test-14.json",
    opencti_data_test: "opencti-data-test.json",
    opencti_bundle_ids_sample: "opencti-bundle-ids-sample.json",
    opencti_cyclic_bundle_two_reports_one_name: "opencti-cyclic-bundle.json",
}

misp_tests! {
    misp_tlp_white: "misp-tlp-white.json",
    misp_tlp2_tags: "misp-tlp2-tags.json",
    misp_event_report: "misp-event-report.json",
    misp_analyst_data: "misp-analyst-data.json",
    misp_tlp_tag_in_capitals_is_a_label: "misp-tlp-label.json",
}

#[test]
fn every_file_of_the_corpus_is_in_the_table_and_the_readme() {
    let mut files: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let mut table: Vec<String> = CORPUS
        .iter()
        .map(|(n, _)| (*n).to_owned())
        .filter(|n| !n.starts_with("misp-"))
        .collect();
    table.sort();
    assert_eq!(files, table);
    // And the README names each of them.
    let readme = std::fs::read_to_string(corpus().join("README.md")).unwrap();
    for file in &files {
        assert!(readme.contains(file.as_str()), "README.md: {file}");
    }
}

#[test]
fn events_py_writes_the_bundles_of_the_table() {
    let Some(python) = venv_or_skip("events.py") else {
        return;
    };
    let dir = misp_bundles(&python);
    let mut made: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    made.sort();
    let mut table: Vec<String> = CORPUS
        .iter()
        .map(|(n, _)| (*n).to_owned())
        .filter(|n| n.starts_with("misp-"))
        .collect();
    table.sort();
    assert_eq!(made, table);
}

// ---------------------------------------------------------------------------------------
// The marking rules, on small bundles
// ---------------------------------------------------------------------------------------

const REPORT: &str = "report--5f1c2a3b-4d5e-4f60-8a71-9b8c7d6e5f40";
const ACTOR: &str = "threat-actor--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const NOTE: &str = "note--2c3d4e5f-6071-4a82-9ba3-b4c5d6e7f809";

/// STIX 2.1's predefined TLP 1.0 marking definitions (specification, section 7.2.1.4).
const TLP1_WHITE: &str = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";
const TLP1_GREEN: &str = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
const TLP1_AMBER: &str = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
const TLP1_RED: &str = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";

/// OASIS's TLP 2.0 marking definitions (`cti-stix-common-objects`).
const TLP2_EXTENSION: &str = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";
const TLP2_CLEAR: &str = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
const TLP2_AMBER_STRICT: &str = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003";
const TLP2_RED: &str = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";

/// OASIS's TLP 2.0 marking definition `id` of level `level` (`clear`, `amber+strict`…).
fn tlp2(id: &str, level: &str) -> Value {
    json!({
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": id,
        "created": "2022-10-01T00:00:00.000Z",
        "name": format!("TLP:{}", level.to_uppercase()),
        "extensions": {
            TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": level}
        }
    })
}

/// STIX 2.1's predefined TLP 1.0 marking definition `id` of level `level` (`white`…), as
/// the specification writes it.
fn tlp1(id: &str, level: &str) -> Value {
    json!({
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": id,
        "created": "2017-01-20T00:00:00.000Z",
        "definition_type": "tlp",
        "name": format!("TLP:{}", level.to_uppercase()),
        "definition": {"tlp": level}
    })
}

fn statement(id: &str, text: &str) -> Value {
    json!({
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": id,
        "created": "2024-01-01T00:00:00.000Z",
        "definition_type": "statement",
        "definition": {"statement": text}
    })
}

/// `value` with the properties of `extra` set.
fn merged(mut value: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        value[k] = v.clone();
    }
    value
}

/// A report on one threat actor, with one statement (so that the briefing `brief` writes
/// today has a party, and a test of a marking fails for the marking), `extra` properties
/// (markings, labels) merged in.
fn report(extra: Value) -> Value {
    let report = json!({
        "type": "report",
        "spec_version": "2.1",
        "id": REPORT,
        "created": "2024-05-01T00:00:00.000Z",
        "modified": "2024-05-01T00:00:00.000Z",
        "name": "Border incident",
        "published": "2024-05-01T00:00:00Z",
        "description": "Alpha says shots were fired.",
        "object_refs": [ACTOR, NOTE]
    });
    merged(report, extra)
}

/// The statement on the report, `extra` merged in.
fn note(extra: Value) -> Value {
    let note = json!({
        "type": "note",
        "spec_version": "2.1",
        "id": NOTE,
        "created": "2024-05-01T00:00:00.000Z",
        "modified": "2024-05-01T00:00:00.000Z",
        "authors": ["Alpha spokesperson"],
        "content": "\u{201c}We will respond.\u{201d}",
        "object_refs": [REPORT]
    });
    merged(note, extra)
}

fn actor() -> Value {
    json!({
        "type": "threat-actor",
        "spec_version": "2.1",
        "id": ACTOR,
        "created": "2024-05-01T00:00:00.000Z",
        "modified": "2024-05-01T00:00:00.000Z",
        "name": "Alpha border unit"
    })
}

/// `objects` as a bundle file in `dir`.
fn write_bundle(dir: &Path, objects: Vec<Value>) -> PathBuf {
    let bundle = json!({
        "type": "bundle",
        "id": "bundle--7d6c5b4a-3928-4716-a5b4-c3d2e1f0a9b8",
        "objects": objects
    });
    let path = dir.join("bundle.json");
    std::fs::write(&path, serde_json::to_string_pretty(&bundle).unwrap()).unwrap();
    path
}

/// Imports the report, its statement and the actor with `more` objects beside them; the one
/// briefing's marking.
fn marking_of(report_extra: Value, more: Vec<Value>, what: &str) -> Option<String> {
    marking_with_note(report_extra, json!({}), more, what)
}

fn marking_with_note(
    report_extra: Value,
    note_extra: Value,
    more: Vec<Value>,
    what: &str,
) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let mut objects = vec![report(report_extra), note(note_extra), actor()];
    objects.extend(more);
    let run = Import::run(&write_bundle(dir.path(), objects), &[]);
    run.only(what).marking.as_deref().map(str::to_owned)
}

#[test]
fn clear_and_red_on_the_report_give_red() {
    let marking = marking_of(
        json!({"object_marking_refs": [TLP2_CLEAR, TLP2_RED]}),
        vec![tlp2(TLP2_CLEAR, "clear"), tlp2(TLP2_RED, "red")],
        "[CLEAR, RED]",
    );
    assert_eq!(marking.as_deref(), Some("TLP:RED"));
}

#[test]
fn a_statement_and_red_give_red_then_the_statement() {
    let copyright = "marking-definition--1b2c3d4e-5f60-4a71-8b92-a3b4c5d6e7f8";
    let marking = marking_of(
        json!({"object_marking_refs": [copyright, TLP2_RED]}),
        vec![
            statement(copyright, "Copyright 2024, Alpha Monitoring Group"),
            tlp2(TLP2_RED, "red"),
        ],
        "[statement, RED]",
    );
    assert_eq!(
        marking.as_deref(),
        Some("TLP:RED · Copyright 2024, Alpha Monitoring Group")
    );
}

#[test]
fn a_red_note_in_a_clear_report_makes_the_briefing_red() {
    let marking = marking_with_note(
        json!({"object_marking_refs": [TLP2_CLEAR]}),
        json!({"object_marking_refs": [TLP2_RED]}),
        vec![tlp2(TLP2_CLEAR, "clear"), tlp2(TLP2_RED, "red")],
        "RED note in CLEAR report",
    );
    assert_eq!(marking.as_deref(), Some("TLP:RED"));
}

#[test]
fn a_granular_amber_marking_on_the_description_raises_a_green_report_to_amber() {
    let marking = marking_of(
        json!({
            "object_marking_refs": [TLP1_GREEN],
            "granular_markings": [{"marking_ref": TLP1_AMBER, "selectors": ["description"]}]
        }),
        // Included, so that only the granular marking is in question.
        vec![tlp1(TLP1_GREEN, "green"), tlp1(TLP1_AMBER, "amber")],
        "granular AMBER on GREEN",
    );
    assert_eq!(marking.as_deref(), Some("TLP:AMBER"));
}

/// STIX 2.1's four TLP 1.0 ids, referred to and not included (as the OASIS `stix2` library
/// and MISP write them), are known by id.
fn predefined(id: &str, want: &str) {
    let marking = marking_of(json!({"object_marking_refs": [id]}), vec![], want);
    assert_eq!(marking.as_deref(), Some(want));
}

#[test]
fn the_predefined_tlp_white_id_not_in_the_bundle_gives_clear() {
    predefined(TLP1_WHITE, "TLP:CLEAR");
}

#[test]
fn the_predefined_tlp_green_id_not_in_the_bundle_gives_green() {
    predefined(TLP1_GREEN, "TLP:GREEN");
}

#[test]
fn the_predefined_tlp_amber_id_not_in_the_bundle_gives_amber() {
    predefined(TLP1_AMBER, "TLP:AMBER");
}

#[test]
fn the_predefined_tlp_red_id_not_in_the_bundle_gives_red() {
    predefined(TLP1_RED, "TLP:RED");
}

#[test]
fn opencti_tlp_amber_strict_gives_amber_strict() {
    // As OpenCTI writes its markings: definition_type "TLP", the label in `definition.TLP`.
    let id = "marking-definition--826578e1-40ad-459f-bc73-ede076f81f37";
    let marking = marking_of(
        json!({"object_marking_refs": [id]}),
        vec![json!({
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": id,
            "created": "2020-02-25T09:02:29.040Z",
            "definition_type": "TLP",
            "definition": {"TLP": "TLP:AMBER+STRICT"},
            "name": "TLP:AMBER+STRICT",
            "x_opencti_order": 3,
            "x_opencti_color": "#ffc000"
        })],
        "OpenCTI AMBER+STRICT",
    );
    assert_eq!(marking.as_deref(), Some("TLP:AMBER+STRICT"));
}

#[test]
fn the_tlp2_extension_object_gives_its_level() {
    let marking = marking_of(
        json!({"object_marking_refs": [TLP2_AMBER_STRICT]}),
        vec![tlp2(TLP2_AMBER_STRICT, "amber+strict")],
        "TLP 2.0 AMBER+STRICT",
    );
    assert_eq!(marking.as_deref(), Some("TLP:AMBER+STRICT"));
}

#[test]
fn a_report_label_tlp_amber_strict_is_a_marking() {
    // As misp-stix writes an event's tag it does not take for a marking.
    let marking = marking_of(
        json!({"labels": ["Threat-Report", "tlp:amber+strict"]}),
        vec![],
        "label tlp:amber+strict",
    );
    assert_eq!(marking.as_deref(), Some("TLP:AMBER+STRICT"));
}

#[test]
fn a_marking_of_an_unknown_kind_is_kept_by_its_name_and_said() {
    let ais = "marking-definition--3d4e5f60-7182-4a93-8cb4-c5d6e7f8091a";
    let acs = "marking-definition--4e5f6071-8293-4aa4-9dc5-d6e7f8091a2b";
    let dir = tempfile::tempdir().unwrap();
    let objects = vec![
        report(json!({"object_marking_refs": [TLP1_GREEN, ais, acs]})),
        note(json!({})),
        actor(),
        tlp1(TLP1_GREEN, "green"),
        json!({
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": ais,
            "created": "2024-01-01T00:00:00.000Z",
            "name": "AIS Consent: Everyone",
            "definition_type": "ais",
            "definition": {"is_proprietary": "false", "consent": "everyone", "tlp": "green"}
        }),
        json!({
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": acs,
            "created": "2024-01-01T00:00:00.000Z",
            "name": "ACS: USA only",
            "extensions": {
                "extension-definition--3a65884d-005a-4290-8335-cb2d778a83ce": {
                    "extension_type": "property-extension",
                    "identifier": "isa:guide.19001.3d4e5f60",
                    "create_date_time": "2024-01-01T00:00:00Z",
                    "responsible_entity_originator": "USA.USG",
                    "policy_reference": "urn:isa:policy:acs:ns:v3.0",
                    "access_privilege": [{
                        "privilege_action": "CISAUSES",
                        "rule_effect": "permit",
                        "privilege_scope": {"permitted_nationalities": ["USA"]}
                    }]
                }
            }
        }),
    ];
    let run = Import::run(&write_bundle(dir.path(), objects), &[]);
    let b = run.only("unknown kinds");
    assert_eq!(
        b.marking.as_deref(),
        Some("TLP:GREEN · AIS Consent: Everyone · ACS: USA only")
    );
    for name in ["AIS Consent: Everyone", "ACS: USA only"] {
        assert!(run.stderr.contains(name), "{name}:\n{}", run.stderr);
    }
}

#[test]
fn an_unresolvable_marking_refuses_the_report_unless_marking_is_given() {
    let nowhere = "marking-definition--00000000-1111-4222-8333-444444444444";
    let dir = tempfile::tempdir().unwrap();
    let path = write_bundle(
        dir.path(),
        vec![
            report(json!({"object_marking_refs": [TLP1_GREEN, nowhere]})),
            note(json!({})),
            actor(),
        ],
    );
    let run = Import::run(&path, &[]);
    assert!(run.written.is_empty(), "{:?}", run.written);
    assert!(
        !run.ok || run.stderr.contains(REPORT) || run.stderr.contains("Border incident"),
        "not said to be refused:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains(nowhere), "{}", run.stderr);

    let run = Import::run(&path, &["--marking", "TLP:RED"]);
    let b = run.only("--marking TLP:RED");
    assert!(
        b.marking
            .as_deref()
            .is_some_and(|m| m.starts_with("TLP:RED")),
        "{:?}",
        b.marking
    );
}

#[test]
fn a_bundle_brief_wrote_then_re_marked_red_imports_red() {
    // A sharing platform re-marks brief's bundle: the report's markings become TLP:RED,
    // brief's own extension on it still says TLP:CLEAR.
    let dir = tempfile::tempdir().unwrap();
    let bundled = root().join("briefings/2022-09-12-armenia-azerbaijan-border.toml");
    let exported = dir.path().join("export.json");
    let run = brief(
        &[
            "export",
            "--format",
            "stix",
            bundled.to_str().unwrap(),
            "-o",
            exported.to_str().unwrap(),
        ],
        &dir.path().join("state"),
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut bundle: Value =
        serde_json::from_str(&std::fs::read_to_string(&exported).unwrap()).unwrap();
    let objects = bundle["objects"].as_array_mut().unwrap();
    let report = objects.iter_mut().find(|o| o["type"] == "report").unwrap();
    assert!(
        report.to_string().contains("TLP:CLEAR"),
        "brief's extension says TLP:CLEAR"
    );
    report["object_marking_refs"] = json!([TLP2_RED]);
    if !objects.iter().any(|o| o["id"] == TLP2_RED) {
        objects.push(tlp2(TLP2_RED, "red"));
    }
    let remarked = dir.path().join("remarked.json");
    std::fs::write(&remarked, serde_json::to_string_pretty(&bundle).unwrap()).unwrap();
    let run = Import::run(&remarked, &[]);
    assert_eq!(run.only("re-marked").marking.as_deref(), Some("TLP:RED"));
}

#[test]
fn a_report_with_no_notes_and_no_identities_imports_with_no_parties() {
    let dir = tempfile::tempdir().unwrap();
    let run = Import::run(
        &write_bundle(
            dir.path(),
            vec![
                report(json!({"object_marking_refs": [TLP1_GREEN]})),
                actor(),
            ],
        ),
        &[],
    );
    let b = run.only("no notes, no identities");
    assert_eq!(b.title, "Border incident");
    assert!(b.parties.is_empty(), "{:?}", b.parties);
}

#[test]
fn a_note_by_an_identity_with_no_authors_is_spoken_by_the_identity() {
    let ministry = "identity--5f607182-93a4-4bb5-8ec6-e7f8091a2b3c";
    let dir = tempfile::tempdir().unwrap();
    let path = write_bundle(
        dir.path(),
        vec![
            report(json!({"object_refs": [ACTOR, "note--60718293-a4b5-4cc6-8fd7-f8091a2b3c4d"]})),
            actor(),
            json!({
                "type": "identity",
                "spec_version": "2.1",
                "id": ministry,
                "created": "2024-05-01T00:00:00.000Z",
                "modified": "2024-05-01T00:00:00.000Z",
                "name": "Alpha Ministry of Defence",
                "identity_class": "organization"
            }),
            json!({
                "type": "note",
                "spec_version": "2.1",
                "id": "note--60718293-a4b5-4cc6-8fd7-f8091a2b3c4d",
                "created": "2024-05-01T00:00:00.000Z",
                "modified": "2024-05-01T00:00:00.000Z",
                "created_by_ref": ministry,
                "abstract": "Statement of 1 May",
                "content": "\u{201c}Our units returned fire.\u{201d}",
                "object_refs": [REPORT]
            }),
        ],
    );
    let run = Import::run(&path, &[]);
    let b = run.only("created_by_ref speaker");
    let speakers: Vec<&str> = (b.parties.iter())
        .flat_map(|p| &p.statements)
        .map(|s| s.speaker.as_ref())
        .collect();
    assert_eq!(speakers, ["Alpha Ministry of Defence"]);
    let text = std::fs::read_to_string(&run.written[0].0).unwrap();
    assert!(!text.contains("Unnamed speaker"), "{text}");
}
