//! `brief pull` and `brief push` against a real TAXII 2.1 server: OASIS's reference server
//! `medallion` (`.ci/run` installs it into `target/stix-venv`; `BRIEF_TAXII_MEDALLION` names
//! another), with its memory backend on 127.0.0.1, started and stopped by each test. The
//! corpus of the STIX issue (`tests/fixtures/stix/`) is posted to a collection and pulled;
//! pulled again, only what is new; a report posted again with a later `modified` updates its
//! briefing in place, which the reader then shows as changed since read. Notes pushed are read
//! back from the server. And the faults a server can have, each from a tiny server of the test's
//! own: down, stopped mid-pull, slow, HTML, a page that never ends, a `next` that loops,
//! 401/403/404/413/5xx; each a clear message, exit 1, nothing written.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const USER: &str = "ana";
const PASSWORD: &str = "correct horse:battery staple";
const REPORTS: &str = "91a7b528-80eb-42ed-a74d-c6fbd5a26116";
const READ_ONLY: &str = "52892447-4d7e-4f70-b94d-d7f22742ff63";
const EXCHANGE: &str = "365fed99-08fa-fdcd-a1b3-fb247eb41d01";
/// A collection of the API root `small`, which takes 20,000 bytes at most in one request.
const SMALL: &str = "1f0a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const MEDIA: &str = "application/taxii+json;version=2.1";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/stix").join(name)
}

/// medallion, when installed (`.ci/run` installs it; `BRIEF_TAXII_MEDALLION` names another).
fn medallion() -> Option<PathBuf> {
    let named = std::env::var_os("BRIEF_TAXII_MEDALLION").map(PathBuf::from);
    let installed = root().join("target/stix-venv/bin/medallion");
    let found = named.or_else(|| installed.exists().then_some(installed));
    if found.is_none() {
        // CI must never pass without it.
        assert!(
            std::env::var_os("BRIEF_REQUIRE_STIX").is_none(),
            "BRIEF_REQUIRE_STIX is set but no medallion was found"
        );
        eprintln!("skipped: no medallion (.ci/run installs it into target/stix-venv)");
    }
    found
}

/// A home of the test's own: no netrc, configuration or state of the user's is read.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("work")).unwrap();
        Home { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn state(&self) -> PathBuf {
        self.path().join("state")
    }

    fn out(&self) -> PathBuf {
        self.path().join("out")
    }

    /// `brief args…` with the test's credentials in the environment.
    fn brief(&self, args: &[&str]) -> Output {
        self.brief_as(
            args,
            &[
                ("BRIEF_TAXII_USER", USER),
                ("BRIEF_TAXII_PASSWORD", PASSWORD),
            ],
        )
    }

    fn brief_as(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
        cmd.current_dir(self.path().join("work"))
            .arg("--state-dir")
            .arg(self.state())
            .args(args)
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("BRIEF_CACHE_DIR", self.path().join("cache"))
            .env_remove("BRIEF_CONFIG")
            .env_remove("BRIEF_STATE_DIR")
            .env_remove("BRIEF_TAXII_USER")
            .env_remove("BRIEF_TAXII_PASSWORD")
            .env_remove("NETRC")
            .env_remove("http_proxy")
            .env_remove("HTTP_PROXY")
            .env_remove("ALL_PROXY");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    /// `brief pull URL -o OUT`.
    fn pull(&self, url: &str) -> Output {
        self.brief(&["pull", url, "-o", self.out().to_str().unwrap()])
    }

    /// The files of the output folder, by name, with their text.
    fn files(&self) -> Vec<(String, String)> {
        files(&self.out())
    }
}

fn files(dir: &Path) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = entries
        .map(|e| {
            let e = e.unwrap();
            let text = std::fs::read_to_string(e.path()).unwrap();
            (e.file_name().into_string().unwrap(), text)
        })
        .collect();
    out.sort();
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts `o` ended with `code`, saying what it printed when not.
#[track_caller]
fn ended(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        stdout(o),
        stderr(o)
    );
}

/// A port no one listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// medallion on 127.0.0.1, with its memory backend holding three empty collections: two the
/// account can read and write (`REPORTS`, `EXCHANGE`), one it can only read (`READ_ONLY`).
/// Killed on drop.
struct Server {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start(program: &Path) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let collection = |id: &str, title: &str, write: bool| {
            json!({"id": id, "title": title, "description": "", "can_read": true,
                   "can_write": write, "media_types": ["application/stix+json;version=2.1"],
                   "objects": [], "manifest": []})
        };
        let data = json!({
            "/discovery": {"title": "brief's test server", "description": "",
                           "default": format!("{base}/api1/"),
                           "api_roots": [format!("{base}/api1/"), format!("{base}/small/")]},
            "api1": {
                "information": {"title": "Analysts' root", "description": "",
                                "versions": [MEDIA], "max_content_length": 100_000_000},
                "status": [],
                "collections": [collection(REPORTS, "Weekly reports", true),
                                collection(READ_ONLY, "Partner feed", false),
                                collection(EXCHANGE, "Exchange", true)],
            },
            "small": {
                "information": {"title": "Small requests", "description": "",
                                "versions": [MEDIA], "max_content_length": 20_000},
                "status": [],
                "collections": [collection(SMALL, "Little by little", true)],
            }
        });
        let data_file = dir.path().join("data.json");
        std::fs::write(&data_file, data.to_string()).unwrap();
        let config = json!({
            "backend": {"module": "medallion.backends.memory_backend",
                        "module_class": "MemoryBackend",
                        "filename": data_file},
            "users": {USER: PASSWORD},
            "taxii": {"max_page_size": 100},
        });
        let config_file = dir.path().join("config.json");
        std::fs::write(&config_file, config.to_string()).unwrap();
        let log = std::fs::File::create(dir.path().join("medallion.log")).unwrap();
        let child = Command::new(program)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(&config_file)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        let mut server = Server {
            child,
            port,
            _dir: dir,
        };
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "medallion ended ({status}): {}",
                    std::fs::read_to_string(server._dir.path().join("medallion.log"))
                        .unwrap_or_default()
                );
            }
            if server.get("/taxii2/").is_ok() {
                return server;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "medallion did not answer"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn collection(&self, id: &str) -> String {
        format!("{}/api1/collections/{id}/", self.base())
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            .proxy(None)
            .build()
            .into()
    }

    fn auth() -> String {
        format!(
            "Basic {}",
            base64_encode(format!("{USER}:{PASSWORD}").as_bytes())
        )
    }

    fn get(&self, path: &str) -> Result<Value, String> {
        let mut answer = Self::agent()
            .get(format!("{}{path}", self.base()))
            .header("Accept", MEDIA)
            .header("Authorization", Self::auth())
            .call()
            .map_err(|e| e.to_string())?;
        let text = answer
            .body_mut()
            .read_to_string()
            .map_err(|e| e.to_string())?;
        serde_json::from_str(&text).map_err(|e| e.to_string())
    }

    /// Posts `objects` to the collection `REPORTS`: how many the server took.
    fn post(&self, objects: &[Value]) -> u64 {
        self.post_to(REPORTS, objects)
    }

    fn post_to(&self, collection: &str, objects: &[Value]) -> u64 {
        let mut answer = Self::agent()
            .post(format!("{}objects/", self.collection(collection)))
            .header("Accept", MEDIA)
            .header("Content-Type", MEDIA)
            .header("Authorization", Self::auth())
            .send(json!({ "objects": objects }).to_string())
            .unwrap();
        let status: Value =
            serde_json::from_str(&answer.body_mut().read_to_string().unwrap()).unwrap();
        assert_eq!(status["status"], "complete", "{status}");
        status["success_count"].as_u64().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Standard base64, for the test's own requests.
fn base64_encode(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The objects of a fixture bundle.
fn objects(name: &str) -> Vec<Value> {
    let bundle: Value = serde_json::from_slice(&std::fs::read(fixture(name)).unwrap()).unwrap();
    bundle["objects"].as_array().unwrap().clone()
}

/// The corpus's bundles that import whole without `--marking`, and whose objects no other of
/// them holds (medallion keeps one object per id and version).
const CORPUS: &[&str] = &[
    "oasis-apt1.json",
    "oasis-poisonivy.json",
    "elevator-campaign-v-actors.json",
    "elevator-issue-271.json",
    "elevator-marking-information-source.json",
    "elevator-multiple-reports.json",
    "elevator-taxii-regression-test-14.json",
    "opencti-data-test.json",
];

/// What `brief import stix` writes from `bundles`, each imported on its own into one folder.
fn imported(home: &Home, bundles: &[PathBuf]) -> Vec<(String, String)> {
    let dir = home.path().join("imported");
    std::fs::create_dir(&dir).unwrap();
    for bundle in bundles {
        let run = home.brief(&[
            "import",
            "stix",
            bundle.to_str().unwrap(),
            "-o",
            dir.to_str().unwrap(),
        ]);
        ended(&run, 0);
    }
    let made = files(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    made
}

#[test]
fn a_collection_is_pulled_whole_then_only_what_is_new_and_an_update_is_shown_as_changed() {
    let Some(program) = medallion() else { return };
    let server = Server::start(&program);
    let home = Home::new();
    let url = server.collection(REPORTS);

    // What the server holds, from its discovery URL.
    let listed = home.brief(&["pull", "--list", &format!("{}/taxii2/", server.base())]);
    ended(&listed, 0);
    let text = stdout(&listed);
    assert!(text.contains("Analysts' root"), "{text}");
    assert!(
        text.contains(&format!("Weekly reports  {REPORTS}  (read, write)")),
        "{text}"
    );
    assert!(
        text.contains(&format!("Partner feed  {READ_ONLY}  (read)")),
        "{text}"
    );
    assert!(text.contains(&url), "{text}");

    // The corpus, pulled: each report's briefing is what `brief import stix` makes of it.
    let corpus: Vec<Value> = CORPUS.iter().flat_map(|b| objects(b)).collect();
    assert_eq!(server.post(&corpus), corpus.len() as u64);
    let run = home.pull(&url);
    ended(&run, 0);
    let summary = stdout(&run);
    assert!(
        summary.starts_with("9 new, 0 updated, 0 unchanged; ignored: "),
        "{summary}"
    );
    assert!(summary.contains("6 identity objects"), "{summary}");
    let bundles: Vec<PathBuf> = CORPUS.iter().map(|b| fixture(b)).collect();
    let expected = imported(&home, &bundles);
    assert_eq!(expected.len(), 9);
    assert_eq!(home.files(), expected, "pulled as imported");

    // Again: nothing new.
    let run = home.pull(&url);
    ended(&run, 0);
    assert_eq!(stdout(&run), "0 new, 0 updated, 0 unchanged\n");
    assert_eq!(home.files(), expected);

    // One report more: one briefing more.
    server.post(&objects("elevator-hostname.json"));
    let run = home.pull(&url);
    ended(&run, 0);
    assert!(
        stdout(&run).starts_with("1 new, 0 updated, 0 unchanged"),
        "{}",
        stdout(&run)
    );
    let now = home.files();
    assert_eq!(now.len(), 10);
    assert!(
        now.iter().any(|(name, _)| name.starts_with("NCCIC")),
        "{now:?}"
    );

    // APT1, read, then revised on the server: its file is rewritten in place, as a first
    // import of the revised bundle would write it, and the reader shows what changed.
    let apt1 = home
        .out()
        .join("APT1-Exposing-One-of-Chinas-Cyber-Espionage-Units.toml");
    ended(&home.brief(&["mark", "read", apt1.to_str().unwrap()]), 0);
    let mut revised = objects("oasis-apt1.json");
    let report = revised.iter_mut().find(|o| o["type"] == "report").unwrap();
    report["modified"] = json!("2026-03-01T00:00:00.000Z");
    report["description"] = json!(format!(
        "REVISED: Unit 61398 moved. {}",
        report["description"].as_str().unwrap()
    ));
    let report = report.clone();
    server.post(std::slice::from_ref(&report));
    let run = home.pull(&url);
    ended(&run, 0);
    assert!(
        stdout(&run).starts_with("0 new, 1 updated, 0 unchanged"),
        "{}",
        stdout(&run)
    );
    assert!(stderr(&run).contains("updated "), "{}", stderr(&run));
    let after = home.files();
    assert_eq!(after.len(), 10, "no second file for the report");
    let revised_bundle = home.path().join("apt1-revised.json");
    std::fs::write(
        &revised_bundle,
        json!({"type": "bundle", "id": "bundle--6f1c7a52-3d1e-4b8a-9c2f-0e5d4a3b2c1d",
               "objects": revised})
        .to_string(),
    )
    .unwrap();
    let expected = imported(&home, &[revised_bundle]);
    assert_eq!(expected.len(), 1);
    let held = std::fs::read_to_string(&apt1).unwrap();
    assert_eq!(
        held, expected[0].1,
        "updated as a whole import would write it"
    );
    let diff = home.brief(&["diff", "--since-read", apt1.to_str().unwrap()]);
    ended(&diff, 1);
    assert!(
        stdout(&diff).contains("Unit 61398 moved"),
        "{}",
        stdout(&diff)
    );
    let listed = home.brief(&[
        "list",
        "--query",
        "is:updated",
        home.out().to_str().unwrap(),
    ]);
    ended(&listed, 0);
    let rows = stdout(&listed);
    assert_eq!(rows.lines().count(), 1, "{rows}");
    assert!(rows.contains("APT1: Exposing One of China"), "{rows}");
}

/// A report whose statement's speaker is named by an identity: the identity renamed on the
/// server (a later version of it alone, the report and its note untouched) renames the
/// speaker in the briefing pulled before, which the reader shows as changed since read.
#[test]
fn an_object_a_briefing_was_made_of_revised_alone_brings_its_report_again() {
    let Some(program) = medallion() else { return };
    let server = Server::start(&program);
    let home = Home::new();
    let url = server.collection(REPORTS);
    let identity = |name: &str, modified: &str| {
        json!({"type": "identity", "spec_version": "2.1",
               "id": "identity--22222222-2222-4222-8222-222222222222",
               "created": "2026-01-01T00:00:00.000Z", "modified": modified,
               "name": name, "identity_class": "organization"})
    };
    let report = json!({"type": "report", "spec_version": "2.1",
        "id": "report--33333333-3333-4333-8333-333333333333",
        "created": "2026-01-02T00:00:00.000Z", "modified": "2026-01-02T00:00:00.000Z",
        "name": "Border shelling overnight", "published": "2026-01-02T00:00:00Z",
        "description": "Shelling was reported along the border overnight.",
        "object_refs": ["note--44444444-4444-4444-8444-444444444444"]});
    let note = json!({"type": "note", "spec_version": "2.1",
        "id": "note--44444444-4444-4444-8444-444444444444",
        "created": "2026-01-02T00:00:00.000Z", "modified": "2026-01-02T00:00:00.000Z",
        "created_by_ref": "identity--22222222-2222-4222-8222-222222222222",
        "content": "Positions near Jermuk came under fire.",
        "object_refs": ["report--33333333-3333-4333-8333-333333333333"]});
    // Another report, of nothing the identity names: not pulled again.
    let other = json!({"type": "report", "spec_version": "2.1",
        "id": "report--55555555-5555-4555-8555-555555555555",
        "created": "2026-01-03T00:00:00.000Z", "modified": "2026-01-03T00:00:00.000Z",
        "name": "Talks resume", "published": "2026-01-03T00:00:00Z",
        "description": "Talks resumed in Brussels.", "object_refs": []});
    let first = identity("Ministry of Defense of Armenia", "2026-01-01T00:00:00.000Z");
    server.post(&[first, report, note.clone(), other]);
    let run = home.pull(&url);
    ended(&run, 0);
    assert!(stdout(&run).starts_with("2 new,"), "{}", stdout(&run));
    let path = home.out().join("Border-shelling-overnight.toml");
    let before = std::fs::read_to_string(&path).unwrap();
    assert!(
        before.contains("speaker = \"Ministry of Defense of Armenia\""),
        "{before}"
    );
    ended(&home.brief(&["mark", "read", path.to_str().unwrap()]), 0);

    server.post(&[identity(
        "Ministry of Defence of Armenia",
        "2026-02-01T00:00:00.000Z",
    )]);
    let run = home.pull(&url);
    ended(&run, 0);
    assert_eq!(
        stdout(&run),
        "0 new, 1 updated, 0 unchanged\n",
        "{}",
        stderr(&run)
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after.contains("speaker = \"Ministry of Defence of Armenia\""),
        "{after}"
    );
    assert!(!after.contains("Defense"), "{after}");
    assert_eq!(home.files().len(), 2, "no second file for the report");
    let diff = home.brief(&["diff", "--since-read", path.to_str().unwrap()]);
    ended(&diff, 1);
    assert!(stdout(&diff).contains("Defence"), "{}", stdout(&diff));

    // Pulled again: nothing new, nothing fetched again.
    let run = home.pull(&url);
    ended(&run, 0);
    assert_eq!(stdout(&run), "0 new, 0 updated, 0 unchanged\n");

    // A version of the identity older than the one the briefing was made of, added late (a
    // colleague's push of what they had): the report is not fetched again for it.
    let older = identity("Ministry of Defense of Armenia", "2026-01-15T00:00:00.000Z");
    assert_eq!(server.post(&[older]), 1);
    let run = home.pull(&url);
    ended(&run, 0);
    assert_eq!(
        stdout(&run),
        "0 new, 0 updated, 0 unchanged; ignored: 1 identity object\n"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);

    // The statement revised, and an older version of the identity added late beside it: the
    // report comes again with the new statement, and its speaker keeps the latest name (the
    // older version the pages held gives way to the latest, fetched).
    let mut revised = note.clone();
    revised["modified"] = json!("2026-03-01T00:00:00.000Z");
    revised["content"] = json!("Positions near Jermuk and Sotk came under fire.");
    let stale = identity("Ministry of Defense of Armenia", "2026-01-20T00:00:00.000Z");
    assert_eq!(server.post(&[stale, revised]), 2);
    let run = home.pull(&url);
    ended(&run, 0);
    assert!(
        stdout(&run).starts_with("0 new, 1 updated, 0 unchanged"),
        "{}",
        stdout(&run)
    );
    let last = std::fs::read_to_string(&path).unwrap();
    assert!(last.contains("Jermuk and Sotk"), "{last}");
    assert!(
        last.contains("speaker = \"Ministry of Defence of Armenia\""),
        "{last}"
    );
    assert!(!last.contains("Defense"), "{last}");

    // The identity marked TLP:RED in a later version: the briefing it speaks in is marked so.
    // An older version without the marking, added late, never lowers it again.
    let red = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";
    let mut marked = identity("Ministry of Defence of Armenia", "2026-04-01T00:00:00.000Z");
    marked["object_marking_refs"] = json!([red]);
    assert_eq!(server.post(&[marked]), 1);
    let run = home.pull(&url);
    ended(&run, 0);
    assert!(
        stdout(&run).starts_with("0 new, 1 updated"),
        "{}",
        stdout(&run)
    );
    let red_text = std::fs::read_to_string(&path).unwrap();
    assert!(red_text.contains("marking = \"TLP:RED\""), "{red_text}");
    let unmarked = identity("Ministry of Defence of Armenia", "2026-03-15T00:00:00.000Z");
    assert_eq!(server.post(&[unmarked]), 1);
    let run = home.pull(&url);
    ended(&run, 0);
    assert!(
        stdout(&run).starts_with("0 new, 0 updated"),
        "{}",
        stdout(&run)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), red_text);
}

#[test]
fn notes_pushed_are_read_back_from_the_server() {
    let Some(program) = medallion() else { return };
    let server = Server::start(&program);
    let home = Home::new();
    {
        let (mut store, _) = briefing::store::Store::open(&home.state()).unwrap();
        store
            .save_note(&common::note(
                "5d0c6a51-8e1f-4c41-9f5e-2b7a1c3d4e5f",
                None,
                "Check the date against the ministry's own release.",
            ))
            .unwrap();
    }
    let bundled = root().join("briefings/2022-09-12-armenia-azerbaijan-border.toml");
    let exported = home.brief(&["export", bundled.to_str().unwrap()]);
    ended(&exported, 0);
    let sent: Value = serde_json::from_slice(&exported.stdout).unwrap();
    let count = sent["objects"].as_array().unwrap().len();

    let run = home.brief(&[
        "push",
        &server.collection(REPORTS),
        bundled.to_str().unwrap(),
    ]);
    ended(&run, 0);
    assert_eq!(
        stdout(&run),
        format!("{count} objects sent: {count} succeeded, 0 failed, 0 pending\n")
    );
    let held = server
        .get(&format!(
            "/api1/collections/{REPORTS}/objects/?match[type]=note"
        ))
        .unwrap();
    let notes: Vec<&str> = (held["objects"].as_array().unwrap().iter())
        .filter_map(|n| n["content"].as_str())
        .collect();
    assert!(
        notes.contains(&"Check the date against the ministry's own release."),
        "{notes:?}"
    );

    // Pulled by a colleague: the briefing, with the note. From a copy of the collection
    // without brief's extension definition, which medallion 3.0.0 fails to serve (it takes
    // the definition's own `version` for the object's).
    let mut kinds: Vec<&str> = (sent["objects"].as_array().unwrap().iter())
        .filter_map(|o| o["type"].as_str())
        .filter(|t| *t != "extension-definition")
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    let copy = server
        .get(&format!(
            "/api1/collections/{REPORTS}/objects/?match[type]={}",
            kinds.join(",")
        ))
        .unwrap();
    assert_eq!(copy["more"], json!(false));
    let copied = copy["objects"].as_array().unwrap();
    assert_eq!(copied.len(), count - 1);
    server.post_to(EXCHANGE, copied);
    let colleague = Home::new();
    let pulled = colleague.pull(&server.collection(EXCHANGE));
    ended(&pulled, 0);
    let summary = stdout(&pulled);
    assert!(
        summary.starts_with("1 new, 0 updated, 0 unchanged; ignored: "),
        "{summary}"
    );
    // The analyst's note arrives as one, for `brief notes import`, not as the briefing's text.
    assert!(summary.contains("1 analyst's note"), "{summary}");
    let (name, _) = &colleague.files()[0];
    let mine = std::fs::read_to_string(&bundled).unwrap();
    let theirs = std::fs::read_to_string(colleague.out().join(name)).unwrap();
    assert!(theirs.contains("Peace breaks down again") && mine.contains("Peace breaks down again"));

    // A server that takes 20,000 bytes a request is sent several, each under it.
    let small = format!("{}/small/collections/{SMALL}/", server.base());
    let run = home.brief(&["push", &small, bundled.to_str().unwrap()]);
    ended(&run, 0);
    let said = stdout(&run);
    assert!(
        said.starts_with(&format!("{count} objects sent in ")),
        "{said}"
    );
    assert!(
        said.ends_with(&format!(
            " requests: {count} succeeded, 0 failed, 0 pending\n"
        )),
        "{said}"
    );

    // The read-only collection refuses, and says so.
    let run = home.brief(&[
        "push",
        &server.collection(READ_ONLY),
        bundled.to_str().unwrap(),
    ]);
    ended(&run, 1);
    assert!(stderr(&run).contains("403"), "{}", stderr(&run));
    assert!(stderr(&run).contains("may not"), "{}", stderr(&run));
}

#[test]
fn a_wrong_password_is_refused_clearly_and_never_shown() {
    let Some(program) = medallion() else { return };
    let server = Server::start(&program);
    server.post(&objects("elevator-hostname.json"));
    let home = Home::new();
    let url = server.collection(REPORTS);
    let wrong = "hunter2-not-it";
    let run = home.brief_as(
        &["pull", &url, "-o", home.out().to_str().unwrap()],
        &[("BRIEF_TAXII_USER", USER), ("BRIEF_TAXII_PASSWORD", wrong)],
    );
    ended(&run, 1);
    let said = stderr(&run);
    assert!(said.contains("401"), "{said}");
    assert!(
        said.contains("refused the credentials from BRIEF_TAXII_USER"),
        "{said}"
    );
    assert!(
        !said.contains(wrong) && !stdout(&run).contains(wrong),
        "{said}"
    );
    assert!(home.files().is_empty());
    // None at all: it says where credentials come from.
    let run = home.brief_as(&["pull", &url, "-o", home.out().to_str().unwrap()], &[]);
    ended(&run, 1);
    assert!(stderr(&run).contains("~/.netrc"), "{}", stderr(&run));
    // From ~/.netrc: pulled.
    std::fs::write(
        home.path().join(".netrc"),
        format!("machine 127.0.0.1\n  login {USER}\n  password \"{PASSWORD}\"\n"),
    )
    .unwrap();
    let run = home.brief_as(&["pull", &url, "-o", home.out().to_str().unwrap()], &[]);
    ended(&run, 0);
    assert_eq!(home.files().len(), 1);
    // Nothing brief keeps holds the password.
    for entry in walk(home.path()) {
        if entry.ends_with(".netrc") {
            continue;
        }
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !bytes
                .windows(PASSWORD.len())
                .any(|w| w == PASSWORD.as_bytes()),
            "{} holds the password",
            entry.display()
        );
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn medallion_failing_on_an_object_with_a_version_property_is_said_clearly() {
    let Some(program) = medallion() else { return };
    let server = Server::start(&program);
    let mut held = objects("elevator-hostname.json");
    // An extension definition has a `version` of its own, which medallion 3.0.0 takes for
    // the object's TAXII version.
    held.push(json!({
        "type": "extension-definition", "spec_version": "2.1",
        "id": "extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e",
        "created": "2022-01-01T00:00:00.000Z", "modified": "2022-01-01T00:00:00.000Z",
        "created_by_ref": "identity--c1a7d8e0-0000-4000-8000-000000000001",
        "name": "x", "schema": "https://example.com/schema", "version": "1.0.0",
        "extension_types": ["property-extension"]
    }));
    server.post(&held);
    let home = Home::new();
    let run = home.pull(&server.collection(REPORTS));
    ended(&run, 1);
    let said = stderr(&run);
    assert!(
        said.contains("the server answered 500: the server failed on its side"),
        "{said}"
    );
    assert!(said.contains("nothing was written"), "{said}");
    assert!(home.files().is_empty());
}

// ---- Without medallion: `--offline`, and servers of the test's own. ----

/// A server of the test's own on 127.0.0.1: each request's first line goes to `answer`,
/// which writes on the stream what it likes. Requests are kept in `seen`.
struct Fake {
    port: u16,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Fake {
    fn start(answer: impl Fn(&str, &mut TcpStream) + Send + Sync + 'static) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&seen);
        let answer = Arc::new(answer);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let kept = Arc::clone(&kept);
                let answer = Arc::clone(&answer);
                std::thread::spawn(move || {
                    let Some(line) = request(&mut stream) else {
                        return;
                    };
                    kept.lock().unwrap().push(line.clone());
                    answer(&line, &mut stream);
                });
            }
        });
        Fake { port, seen }
    }

    fn collection(&self) -> String {
        format!("http://127.0.0.1:{}/api1/collections/c1/", self.port)
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

/// Reads a request's head (and a body of `Content-Length`): its first line.
fn request(stream: &mut TcpStream) -> Option<String> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut first = String::new();
    reader.read_line(&mut first).ok()?;
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 || line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(first.trim_end().to_string())
}

fn respond(stream: &mut TcpStream, status: &str, kind: &str, body: &[u8], extra: &str) {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

fn taxii(stream: &mut TcpStream, body: &Value, extra: &str) {
    respond(stream, "200 OK", MEDIA, body.to_string().as_bytes(), extra);
}

#[test]
fn offline_refuses_before_any_connection() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!(
        "http://127.0.0.1:{}/api1/collections/c1/",
        listener.local_addr().unwrap().port()
    );
    let home = Home::new();
    let config = home.path().join("offline.toml");
    std::fs::write(&config, "offline = true\n").unwrap();
    let runs: [Vec<&str>; 4] = [
        vec!["--offline", "pull", &url],
        vec!["pull", "--offline", "--list", &url],
        vec!["--config", config.to_str().unwrap(), "pull", &url],
        vec!["--config", config.to_str().unwrap(), "push", &url],
    ];
    for args in runs {
        let run = home.brief(&args);
        ended(&run, 2);
        assert!(
            stderr(&run).contains("brief is offline"),
            "{args:?}: {}",
            stderr(&run)
        );
        assert!(
            matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
            "{args:?} connected"
        );
    }
    assert!(files(&home.path().join("work")).is_empty());
}

#[test]
fn plain_http_goes_only_to_this_machine_and_no_password_in_the_url() {
    let home = Home::new();
    let run = home.brief(&["pull", "http://192.0.2.7/api1/collections/c1/"]);
    ended(&run, 2);
    assert!(stderr(&run).contains("--allow-http"), "{}", stderr(&run));
    let run = home.brief(&[
        "pull",
        "https://ana:pw-in-url@192.0.2.7/api1/collections/c1/",
    ]);
    ended(&run, 2);
    assert!(!stderr(&run).contains("pw-in-url"), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("BRIEF_TAXII_PASSWORD"),
        "{}",
        stderr(&run)
    );
    // An API root is listed, not pulled.
    let run = home.brief(&["pull", "https://192.0.2.7/api1/"]);
    ended(&run, 2);
    assert!(
        stderr(&run).contains("not a collection's URL"),
        "{}",
        stderr(&run)
    );
    assert!(
        stderr(&run).contains("brief pull --list"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_server_that_is_down_is_said_and_nothing_is_written() {
    let home = Home::new();
    let url = format!("http://127.0.0.1:{}/api1/collections/c1/", free_port());
    let run = home.pull(&url);
    ended(&run, 1);
    assert!(
        stderr(&run).contains("connection refused"),
        "{}",
        stderr(&run)
    );
    assert!(home.files().is_empty());
}

/// A page of the collection holding the objects of a small bundle (one report).
fn page_one() -> Value {
    json!({"more": true, "next": "p2", "objects": objects("elevator-hostname.json")})
}

#[test]
fn a_server_stopped_mid_pull_leaves_nothing_written_and_nothing_remembered() {
    let home = Home::new();
    // Page one, then the server goes away: the second request is never answered.
    let fake = Fake::start(|line, stream| {
        if line.contains("next=p2") {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        } else {
            taxii(
                stream,
                &page_one(),
                "X-TAXII-Date-Added-Last: 2026-01-01T00:00:00.000Z\r\n",
            );
        }
    });
    let run = home.pull(&fake.collection());
    ended(&run, 1);
    assert!(
        stderr(&run).contains("the server stopped answering"),
        "{}",
        stderr(&run)
    );
    assert!(
        stderr(&run).contains("nothing was written"),
        "{}",
        stderr(&run)
    );
    assert!(home.files().is_empty(), "{:?}", home.files());
    // Back up, all on one page: the whole collection is asked for again, and written.
    let fake = Fake::start(|_, stream| {
        let mut page = page_one();
        page["more"] = json!(false);
        taxii(
            stream,
            &page,
            "X-TAXII-Date-Added-Last: 2026-01-01T00:00:00.000Z\r\n",
        );
    });
    let run = home.pull(&fake.collection());
    ended(&run, 0);
    assert!(!fake.seen()[0].contains("added_after"), "{:?}", fake.seen());
    assert_eq!(home.files().len(), 1);
    // And the next pull goes on from the date the server gave.
    let run = home.pull(&fake.collection());
    ended(&run, 0);
    assert!(
        fake.seen()[1].contains("added_after=2026-01-01T00%3A00%3A00.000Z"),
        "{:?}",
        fake.seen()
    );
}

/// Pulls from a server that answers every request with `answer`: what brief said on stderr,
/// once it ended with 1 and wrote nothing.
fn fails(args: &[&str], answer: impl Fn(&str, &mut TcpStream) + Send + Sync + 'static) -> String {
    let home = Home::new();
    let fake = Fake::start(answer);
    let url = fake.collection();
    let out = home.out();
    let mut all = vec!["pull", &url, "-o", out.to_str().unwrap()];
    all.extend(args);
    let started = Instant::now();
    let run = home.brief(&all);
    ended(&run, 1);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(home.files().is_empty(), "{:?}", home.files());
    stderr(&run)
}

#[test]
fn a_slow_server_times_out_with_a_clear_message() {
    let said = fails(&["--timeout", "1"], |_, stream| {
        std::thread::sleep(Duration::from_secs(5));
        taxii(stream, &json!({"objects": []}), "");
    });
    assert!(said.contains("no answer within 1 s"), "{said}");
    assert!(said.contains("--timeout"), "{said}");
    // A server that answers at once and then trickles its page, a byte at a time.
    let started = Instant::now();
    let said = fails(&["--timeout", "1"], |_, stream| {
        let head =
            format!("HTTP/1.1 200 OK\r\nContent-Type: {MEDIA}\r\nContent-Length: 100000\r\n\r\n{{");
        let _ = stream.write_all(head.as_bytes());
        for _ in 0..100 {
            std::thread::sleep(Duration::from_millis(100));
            if stream.write_all(b" ").is_err() {
                return;
            }
        }
    });
    assert!(said.contains("no answer within 1 s"), "{said}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn html_instead_of_json_is_said() {
    let said = fails(&[], |_, stream| {
        respond(
            stream,
            "200 OK",
            "text/html; charset=utf-8",
            b"<html><body>Sign in</body></html>",
            "",
        );
    });
    assert!(
        said.contains("answered text/html, not TAXII JSON"),
        "{said}"
    );
}

#[test]
fn a_page_that_never_ends_is_cut_at_the_size_cap() {
    let said = fails(&["--max-response", "1MiB"], |_, stream| {
        let head = format!("HTTP/1.1 200 OK\r\nContent-Type: {MEDIA}\r\nConnection: close\r\n\r\n");
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(b"{\"objects\": [");
        let chunk = b"{\"type\": \"indicator\", \"id\": \"indicator--1\"},".repeat(1000);
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            if stream.write_all(&chunk).is_err() {
                return;
            }
        }
    });
    assert!(said.contains("larger than 1048576 bytes"), "{said}");
    assert!(said.contains("--max-response"), "{said}");
}

#[test]
fn pages_that_never_end_are_stopped_at_sixteen_times_the_size_cap() {
    let n = Arc::new(Mutex::new(0u64));
    let said = fails(&["--max-response", "200KiB"], move |_, stream| {
        let mut n = n.lock().unwrap();
        *n += 1;
        let page: Vec<Value> = (0..1000)
            .map(|i| {
                json!({"type": "indicator", "id": format!("indicator--{}-{i}", *n),
                            "name": "x".repeat(100)})
            })
            .collect();
        let body = json!({"more": true, "next": format!("p{}", *n), "objects": page});
        taxii(stream, &body, "");
    });
    assert!(said.contains("add up to more than 3276800 bytes"), "{said}");
}

#[test]
fn a_next_that_loops_is_stopped() {
    let said = fails(&[], |_, stream| {
        taxii(stream, &page_one(), "");
    });
    assert!(said.contains("go round in a loop"), "{said}");
}

#[test]
fn each_refusal_of_the_server_is_said_for_what_it_is() {
    let cases: [(&str, &str); 5] = [
        (
            "401 Unauthorized",
            "the server refused the credentials from BRIEF_TAXII_USER",
        ),
        ("403 Forbidden", "the account may not do this"),
        (
            "404 Not Found",
            "no such server, API root or collection there",
        ),
        (
            "413 Payload Too Large",
            "the server refuses a request this large",
        ),
        ("503 Service Unavailable", "the server failed"),
    ];
    for (status, meaning) in cases {
        let said = fails(&[], move |_, stream| {
            let body = json!({"title": "Go away\u{1b}[31m", "description": "said the server"});
            respond(stream, status, MEDIA, body.to_string().as_bytes(), "");
        });
        let code = &status[..3];
        assert!(
            said.contains(&format!("answered {code}: {meaning}")),
            "{said}"
        );
        assert!(said.contains("said the server"), "{said}");
        assert!(!said.contains('\u{1b}'), "{said:?}");
    }
}

#[test]
fn a_pull_without_the_state_store_is_refused() {
    let home = Home::new();
    let fake = Fake::start(|_, stream| taxii(stream, &json!({"objects": []}), ""));
    let out = home.out();
    let run = home.brief_as(
        &[
            "--no-state",
            "pull",
            &fake.collection(),
            "-o",
            out.to_str().unwrap(),
        ],
        &[],
    );
    // `--state-dir` and `--no-state` conflict: the test's home gives one, so ask without.
    assert!(run.status.code() == Some(2), "{}", stderr(&run));
    let run = Command::new(env!("CARGO_BIN_EXE_brief"))
        .current_dir(home.path().join("work"))
        .args([
            "--no-state",
            "pull",
            &fake.collection(),
            "-o",
            out.to_str().unwrap(),
        ])
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env_remove("BRIEF_CONFIG")
        .output()
        .unwrap();
    ended(&run, 2);
    assert!(stderr(&run).contains("--no-state"), "{}", stderr(&run));
    assert!(fake.seen().is_empty(), "nothing asked of the server");
    assert!(home.files().is_empty());
}

#[test]
fn a_push_follows_the_status_until_it_is_complete_and_names_what_was_refused() {
    let home = Home::new();
    let asked = Arc::new(Mutex::new(0));
    let count = Arc::clone(&asked);
    let fake = Fake::start(move |line, stream| {
        let status = |state: &str, ok: u64, failed: u64, pending: u64| {
            json!({"id": "2d086da7-4bdc-4f91-900e-d77486753710", "status": state,
                   "total_count": ok + failed + pending, "success_count": ok,
                   "failure_count": failed, "pending_count": pending,
                   "failures": if failed > 0 {
                       json!([{"id": "note--0b8e4a45-3a35-4c4e-9d4b-5f0c3a2c8f11",
                               "version": "2022-09-12T00:00:00Z",
                               "message": "duplicate\u{1b}]0;pwned\u{7}"}])
                   } else { json!([]) }})
        };
        if line.starts_with("POST /api1/collections/c1/objects/") {
            respond(
                stream,
                "202 Accepted",
                MEDIA,
                status("pending", 0, 0, 3).to_string().as_bytes(),
                "",
            );
        } else if line.starts_with("GET /api1/status/2d086da7-4bdc-4f91-900e-d77486753710/") {
            let mut n = count.lock().unwrap();
            *n += 1;
            let body = if *n < 2 {
                status("pending", 1, 0, 2)
            } else {
                status("complete", 2, 1, 0)
            };
            taxii(stream, &body, "");
        } else {
            respond(stream, "404 Not Found", MEDIA, b"{}", "");
        }
    });
    let bundled = root().join("briefings/2022-09-12-armenia-azerbaijan-border.toml");
    let run = home.brief(&["push", &fake.collection(), bundled.to_str().unwrap()]);
    ended(&run, 1);
    assert_eq!(*asked.lock().unwrap(), 2, "{:?}", fake.seen());
    assert!(
        stdout(&run).ends_with(" objects sent: 2 succeeded, 1 failed, 0 pending\n"),
        "{}",
        stdout(&run)
    );
    let said = stderr(&run);
    assert!(
        said.contains("refused: note--0b8e4a45-3a35-4c4e-9d4b-5f0c3a2c8f11: duplicate"),
        "{said}"
    );
    assert!(
        !said.contains('\u{1b}') && !said.contains('\u{7}'),
        "{said:?}"
    );
}

#[test]
fn what_a_server_lists_is_made_safe_to_show() {
    let home = Home::new();
    let fake = Fake::start(|line, stream| {
        let base = "/api1/";
        if line.starts_with("GET /taxii2/") {
            let elsewhere = "https://elsewhere.example/api9/\u{1b}[2J";
            taxii(
                stream,
                &json!({"title": "T", "api_roots": [base, elsewhere]}),
                "",
            );
        } else if line.starts_with("GET /api1/collections/") {
            taxii(
                stream,
                &json!({"collections": [
                {"id": "c1", "title": "Reports\u{1b}[2J\u{202e}evil", "can_read": true, "can_write": false},
                {"id": "../../etc", "title": "Sneaky", "can_read": true, "can_write": true}]}),
                "",
            );
        } else if line.starts_with("GET /api1/") {
            taxii(
                stream,
                &json!({"title": "Root\u{1b}]52;c;aGk=\u{7}", "versions": [MEDIA]}),
                "",
            );
        } else {
            respond(stream, "404 Not Found", MEDIA, b"{}", "");
        }
    });
    let url = format!("http://127.0.0.1:{}/taxii2/", fake.port);
    let run = home.brief(&["pull", "--list", &url]);
    // The API root on another host is named, not followed (the credentials are this one's);
    // the rest is listed.
    ended(&run, 1);
    assert!(stderr(&run).contains("not followed"), "{}", stderr(&run));
    assert!(!stderr(&run).contains('\u{1b}'), "{:?}", stderr(&run));
    let text = stdout(&run);
    assert!(
        text.contains("API root https://elsewhere.example/api9/"),
        "{text}"
    );
    assert!(text.contains("(read)"), "{text}");
    assert!(
        text.contains(&format!(
            "http://127.0.0.1:{}/api1/collections/c1/",
            fake.port
        )),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(
        !text.contains("Sneaky"),
        "a collection id that is no URL segment is left out: {text}"
    );
}

/// Runs `program args…` in `dir`, which must succeed.
fn run_in(dir: &Path, program: &str, args: &[&str]) {
    let out = Command::new(program)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{program} {args:?}: {}", stderr(&out));
}

/// An HTTPS server on 127.0.0.1 (Python's, with a certificate for 127.0.0.1 that a CA of the
/// test's own signed) answering TAXII's discovery, API root and collections; killed on drop.
struct Tls {
    child: Child,
    port: u16,
    ca: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Tls {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tls_server() -> Option<Tls> {
    if Command::new("openssl").arg("version").output().is_err() {
        eprintln!("skipped: no openssl to make the test's certificates");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    let mut ca = vec!["req", "-x509"];
    ca.extend(ec);
    ca.extend([
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=brief test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign",
    ]);
    run_in(d, "openssl", &ca);
    let mut csr = vec!["req"];
    csr.extend(ec);
    csr.extend([
        "-keyout",
        "srv.key",
        "-out",
        "srv.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    run_in(d, "openssl", &csr);
    std::fs::write(
        d.join("ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    run_in(
        d,
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            "srv.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "srv.pem",
            "-days",
            "2",
            "-extfile",
            "ext",
        ],
    );
    let script = r#"
import http.server, json, ssl
answers = {
    "/api1/": {"title": "Secure root", "versions": ["application/taxii+json;version=2.1"]},
    "/api1/collections/": {"collections": [
        {"id": "c1", "title": "Over TLS", "can_read": True, "can_write": False}]},
}
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps(answers.get(self.path, {})).encode()
        self.send_response(200 if self.path in answers else 404)
        self.send_header("Content-Type", "application/taxii+json;version=2.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), H)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain("srv.pem", "srv.key")
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
"#;
    let child = Command::new("python3")
        .current_dir(d)
        .args(["-c", script])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        eprintln!("skipped: no python3 to serve HTTPS");
        return None;
    };
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line.trim().parse().expect("the server's port");
    Some(Tls {
        child,
        port,
        ca: d.join("ca.pem"),
        _dir: dir,
    })
}

#[test]
fn https_is_checked_against_the_certificates_trusted_and_ca_file_adds_one() {
    let Some(server) = tls_server() else { return };
    let home = Home::new();
    let url = format!("https://127.0.0.1:{}/api1/", server.port);
    // The test's CA is no one's: refused, and said.
    let run = home.brief(&["pull", "--list", &url]);
    ended(&run, 1);
    eprintln!("untrusted: {}", stderr(&run));
    assert!(stderr(&run).contains("cannot connect"), "{}", stderr(&run));
    assert!(
        stderr(&run).to_lowercase().contains("certificate"),
        "{}",
        stderr(&run)
    );
    // Trusted with --ca-file: listed.
    let run = home.brief(&[
        "pull",
        "--list",
        &url,
        "--ca-file",
        server.ca.to_str().unwrap(),
    ]);
    ended(&run, 0);
    assert!(
        stdout(&run).contains("Over TLS  c1  (read)"),
        "{}",
        stdout(&run)
    );
    assert!(
        stdout(&run).contains(&format!("{url}collections/c1/")),
        "{}",
        stdout(&run)
    );
    // A --ca-file that is not there, or holds no certificate, is said before connecting.
    let run = home.brief(&["pull", "--list", &url, "--ca-file", "/nonexistent/ca.pem"]);
    ended(&run, 1);
    assert!(
        stderr(&run).contains("--ca-file /nonexistent/ca.pem"),
        "{}",
        stderr(&run)
    );
    let empty = home.path().join("empty.pem");
    std::fs::write(&empty, "not a certificate\n").unwrap();
    let run = home.brief(&["pull", "--list", &url, "--ca-file", empty.to_str().unwrap()]);
    ended(&run, 1);
    assert!(
        stderr(&run).contains("no PEM certificate"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_long_pull_shows_its_progress_on_a_terminal_and_clears_it() {
    let home = Home::new();
    let fake = Fake::start(|line, stream| {
        if line.contains("next=p2") {
            // The second page takes its time: the progress of the first is on screen.
            std::thread::sleep(Duration::from_millis(1500));
            taxii(stream, &json!({"more": false, "objects": []}), "");
        } else {
            taxii(
                stream,
                &page_one(),
                "X-TAXII-Date-Added-Last: 2026-01-01T00:00:00.000Z\r\n",
            );
        }
    });
    let out = home.out();
    let url = fake.collection();
    let mut session = common::Session::start(
        &["pull", &url, "-o", out.to_str().unwrap()],
        &home.path().join("work"),
    );
    session.wait_for("brief pull: 1 page(s), 6 object(s)");
    assert!(session.wait_exit().success());
    session.wait_for("1 new, 0 updated, 0 unchanged");
    assert!(
        !session.contents().contains("page(s)"),
        "{}",
        session.contents()
    );
    assert_eq!(home.files().len(), 1);
}

#[test]
fn a_folder_that_already_holds_the_briefings_gets_no_copies() {
    let home = Home::new();
    let fake = Fake::start(|_, stream| {
        let page = json!({"more": false, "objects": objects("elevator-hostname.json")});
        taxii(
            stream,
            &page,
            "X-TAXII-Date-Added-Last: 2026-01-01T00:00:00.000Z\r\n",
        );
    });
    // Imported before by hand.
    let out = home.out();
    std::fs::create_dir(&out).unwrap();
    let bundle = fixture("elevator-hostname.json");
    ended(
        &home.brief(&[
            "import",
            "stix",
            bundle.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]),
        0,
    );
    let before = home.files();
    assert_eq!(before.len(), 1);
    let run = home.pull(&fake.collection());
    ended(&run, 0);
    assert!(
        stdout(&run).starts_with("0 new, 0 updated, 1 unchanged"),
        "{}",
        stdout(&run)
    );
    assert_eq!(home.files(), before);
    // The memory lost (another state folder): pulled again, still no copy.
    std::fs::remove_dir_all(home.state()).unwrap();
    let run = home.pull(&fake.collection());
    ended(&run, 0);
    assert!(
        stdout(&run).starts_with("0 new, 0 updated, 1 unchanged"),
        "{}",
        stdout(&run)
    );
    assert_eq!(home.files(), before);
    // A file of that name holding something else is left alone: the report gets a name of its own.
    let (name, _) = &before[0];
    std::fs::write(out.join(name), "# the analyst's own file\n").unwrap();
    std::fs::remove_dir_all(home.state()).unwrap();
    let run = home.pull(&fake.collection());
    ended(&run, 0);
    assert!(stdout(&run).starts_with("1 new"), "{}", stdout(&run));
    let after = home.files();
    assert_eq!(after.len(), 2);
    assert_eq!(
        std::fs::read_to_string(out.join(name)).unwrap(),
        "# the analyst's own file\n"
    );
}
