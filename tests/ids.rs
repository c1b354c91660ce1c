//! Briefing ids: the one a file gives itself, else its file name; checked as they are read;
//! carried by `brief list`; and two briefings with one id reported by `brief check`, `brief
//! list` and the library's problems list, each naming the others, with both still listed; one
//! without an id is given one to write by `brief check`.

mod common;

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn brief(cwd: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
    // The search index of the runs, kept out of the home folder.
    cmd.env(
        "BRIEF_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
    );
    cmd.current_dir(cwd).env_remove("NO_COLOR");
    cmd
}

fn briefing(id: Option<&str>, title: &str) -> String {
    let id = id.map_or(String::new(), |id| format!("id = \"{id}\"\n"));
    format!(
        "format = 1\n[briefing]\n{id}title = \"{title}\"\ndate = 2024-01-01\n[summary]\nbluf = \"b\"\n\
         [[parties]]\nname = \"Alpha\"\n"
    )
}

/// A folder with a briefing that names its id, one that takes its file name, and two more in
/// subfolders whose ids collide with those.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: String| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("given.toml", briefing(Some("talks-2024"), "Given"));
    write("plain.toml", briefing(None, "Plain"));
    write("a/moved.toml", briefing(Some("talks-2024"), "Moved copy"));
    write("b/plain.toml", briefing(None, "Plain again"));
    dir
}

#[test]
fn list_carries_each_briefings_id_and_reports_the_shared_ones() {
    let dir = folder();
    let out = brief(dir.path())
        .args(["list", "--format", "json", "."])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "./a/moved.toml: error: id `talks-2024` is also the id of ./given.toml",
        ))
        .stderr(predicate::str::contains(
            "./given.toml: error: id `talks-2024` is also the id of ./a/moved.toml",
        ))
        .stderr(predicate::str::contains(
            "./b/plain.toml: error: id `plain` is also the id of ./plain.toml",
        ))
        .get_output()
        .stdout
        .clone();
    let rows: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 4, "every briefing is still listed");
    let id_of = |title: &str| {
        rows.iter().find(|r| r["title"] == title).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(id_of("Given"), "talks-2024");
    assert_eq!(id_of("Plain"), "plain");
}

#[test]
fn check_on_a_folder_reports_shared_ids_naming_both_paths() {
    let dir = folder();
    brief(dir.path())
        .args(["check", "--color", "never", "."])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[duplicate-id]").count(4))
        .stdout(predicate::str::contains(
            "id `talks-2024` is also the id of ./a/moved.toml",
        ))
        .stdout(predicate::str::contains(
            "checked 4 files: 4 errors in 4 files",
        ));
    // One file alone has no one to share with.
    brief(dir.path())
        .args(["check", "given.toml"])
        .assert()
        .success();
}

#[test]
fn an_id_an_id_cannot_be_is_an_error_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("x.toml"),
        briefing(Some("Talks in Şuşa / 2024"), "Bad id"),
    )
    .unwrap();
    brief(dir.path())
        .args(["check", "--color", "never", "x.toml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[invalid-value]: id `Talks in Şuşa / 2024`",
        ))
        .stdout(predicate::str::contains(
            "write `id = \"Talks-in-Şuşa--2024\"`",
        ));
}

#[test]
fn new_writes_an_id_from_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    brief(dir.path())
        .args(["new", "2026-01-02-port-talks.toml"])
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.path().join("2026-01-02-port-talks.toml")).unwrap();
    assert!(text.contains("id = \"2026-01-02-port-talks\""), "{text}");
    brief(dir.path())
        .args(["check", "2026-01-02-port-talks.toml"])
        .assert()
        .success();
}

#[test]
fn the_library_lists_shared_ids_as_problems_and_opens_both() {
    let dir = folder();
    let mut s = common::Session::start(&["."], dir.path());
    s.wait_for("Library · 4 briefings");
    s.wait_for("4 problems (!)");
    s.send("!");
    s.wait_for("Problems: 4 briefings share an id");
    s.wait_for("./given.toml: error: id `talks-2024` is also the id of");
    s.send("q");
    s.wait_gone("Problems:");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn check_gives_briefings_without_an_id_that_share_a_file_name_an_id_each() {
    let dir = tempfile::tempdir().unwrap();
    for (year, date) in [("2023", "2023-03-03"), ("2024", "2024-03-08")] {
        std::fs::create_dir(dir.path().join(year)).unwrap();
        let text = briefing(None, "Weekly").replace("2024-01-01", date);
        std::fs::write(dir.path().join(year).join("weekly.toml"), text).unwrap();
    }
    // Two of one date too: the folder tells them apart.
    for region in ["europe", "asia"] {
        std::fs::create_dir(dir.path().join(region)).unwrap();
        std::fs::write(
            dir.path().join(region).join("weekly.toml"),
            briefing(None, "Weekly"),
        )
        .unwrap();
    }
    let out = brief(dir.path())
        .args(["check", "--format", "json", "."])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let helps: Vec<(String, String)> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|r| r["code"] == "duplicate-id")
        .map(|r| {
            let help = r["help"].as_str().unwrap().to_string();
            (r["path"].as_str().unwrap().to_string(), help)
        })
        .collect();
    assert_eq!(helps.len(), 4, "{helps:?}");
    let suggested = |path: &str| {
        let (_, help) = helps.iter().find(|(p, _)| p.ends_with(path)).unwrap();
        assert!(help.contains("no `id`"), "{help}");
        help.rsplit("id = \"")
            .next()
            .unwrap()
            .trim_end_matches('"')
            .to_string()
    };
    let ids = [
        suggested("2023/weekly.toml"),
        suggested("2024/weekly.toml"),
        suggested("europe/weekly.toml"),
        suggested("asia/weekly.toml"),
    ];
    assert_eq!(ids[..2], ["2023-03-03-weekly", "2024-03-08-weekly"]);
    assert_eq!(
        ids[2..],
        ["2024-01-01-weekly-europe", "2024-01-01-weekly-asia"]
    );
    // Written in, they are ids of their own: nothing is shared any more.
    for (folder, id) in ["2023", "2024", "europe", "asia"].iter().zip(&ids) {
        let file = dir.path().join(folder).join("weekly.toml");
        let text = std::fs::read_to_string(&file).unwrap();
        let text = text.replace("[briefing]\n", &format!("[briefing]\nid = \"{id}\"\n"));
        std::fs::write(&file, text).unwrap();
    }
    brief(dir.path()).args(["check", "."]).assert().success();
}
