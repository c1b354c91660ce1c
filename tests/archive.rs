//! `brief list` through the search index: diacritics folded, a second run that sees edits,
//! an index deleted or damaged costing only a rebuild, `--no-state` leaving no index, and
//! queries that cannot be searched for refused with a message, never an SQL error.

use std::path::Path;

use assert_cmd::Command;

mod common;

const BUNDLED: &str = include_str!("../briefings/2022-09-12-armenia-azerbaijan-border.toml");

/// A briefing titled `title`, with its own id.
fn briefing(id: &str, title: &str) -> String {
    BUNDLED
        .replacen(
            "id = \"2022-09-12-armenia-azerbaijan-border\"",
            &format!("id = \"{id}\""),
            1,
        )
        .replacen("title = \"", &format!("title = \"{title} · "), 1)
}

fn list(index: &Path, args: &[&str], folder: &Path) -> (String, String, Option<i32>) {
    let out = Command::cargo_bin("brief")
        .unwrap()
        .env("BRIEF_CACHE_DIR", index)
        .env("BRIEF_STATE_DIR", index.join("state"))
        .arg("list")
        .args(args)
        .arg(folder)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

/// The ids `brief list` prints.
fn ids(out: &str) -> Vec<&str> {
    out.lines().map(|l| l.split('\t').nth(1).unwrap()).collect()
}

#[test]
fn names_are_found_however_they_are_transliterated_and_edits_are_seen() {
    let home = tempfile::tempdir().unwrap();
    let (index, folder) = (home.path().join("cache"), home.path().join("archive"));
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("a.toml"), briefing("a", "Quillworts near Şuşa")).unwrap();
    std::fs::write(folder.join("b.toml"), briefing("b", "Talks in Ølvå")).unwrap();
    for query in ["susa", "SUSA", "şuşa", "Şuşa"] {
        let (out, err, code) = list(&index, &["--query", query], &folder);
        assert_eq!((ids(&out), code), (vec!["a"], Some(0)), "{query}: {err}");
    }
    assert_eq!(ids(&list(&index, &["--query", "olva"], &folder).0), ["b"]);
    // A dash excludes.
    let (out, err, _) = list(&index, &["--query", "ceasefire -olva"], &folder);
    assert_eq!(ids(&out), ["a"], "{err}");
    assert_eq!(ids(&list(&index, &["--query=-susa"], &folder).0), ["b"]);
    // OR joins the terms either side of it.
    let either = list(&index, &["--query", "susa OR olva"], &folder).0;
    assert_eq!(ids(&either).len(), 2);
    // Whole words: a part of one is not found, unless asked for as a prefix.
    assert!(
        list(&index, &["--query", "quillwort"], &folder)
            .0
            .is_empty()
    );
    assert_eq!(
        ids(&list(&index, &["--query", "quillwort*"], &folder).0),
        ["a"]
    );
    assert!(index.join("index.db").exists());
    // An edit is seen on the next run; a file removed is gone from the list.
    std::fs::write(folder.join("b.toml"), briefing("b", "Talks in Kəlbəcər")).unwrap();
    assert!(list(&index, &["--query", "olva"], &folder).0.is_empty());
    assert_eq!(
        ids(&list(&index, &["--query", "kelbecer"], &folder).0),
        ["b"]
    );
    std::fs::remove_file(folder.join("a.toml")).unwrap();
    assert_eq!(ids(&list(&index, &[], &folder).0), ["b"]);
}

#[test]
fn a_deleted_or_damaged_index_costs_only_a_rebuild() {
    let home = tempfile::tempdir().unwrap();
    let (index, folder) = (home.path().join("cache"), home.path().join("archive"));
    std::fs::create_dir(&folder).unwrap();
    for (id, title) in [("a", "Şuşa"), ("b", "Ağdam"), ("c", "Ереван")] {
        std::fs::write(folder.join(format!("{id}.toml")), briefing(id, title)).unwrap();
    }
    let (first, _, _) = list(&index, &[], &folder);
    assert_eq!(ids(&first).len(), 3);
    std::fs::remove_file(index.join("index.db")).unwrap();
    let _ = std::fs::remove_file(index.join("index.db-wal"));
    assert_eq!(list(&index, &[], &folder).0, first);
    std::fs::write(
        index.join("index.db"),
        b"garbage, not a database ".repeat(500),
    )
    .unwrap();
    let _ = std::fs::remove_file(index.join("index.db-wal"));
    let _ = std::fs::remove_file(index.join("index.db-shm"));
    let (out, err, code) = list(&index, &[], &folder);
    assert_eq!((out.as_str(), code), (first.as_str(), Some(0)), "{err}");
    assert!(err.contains("could not be read and was moved"), "{err}");
    // The state store is never touched by any of it.
    assert!(!index.join("state").exists());
}

#[test]
fn a_damaged_index_that_cannot_be_moved_aside_is_named_the_search_index() {
    use briefing::archive::{Archive, FILE};
    let home = tempfile::tempdir().unwrap();
    let (archive, _) = Archive::open(home.path());
    // Gone before it could be moved aside: the rename fails, and says which file it was.
    std::fs::remove_file(home.path().join(FILE)).unwrap();
    let (_, opened) = archive.start_again();
    let message = opened.message().unwrap();
    assert!(message.contains("the unreadable search index"), "{message}");
    assert!(!message.contains("state store"), "{message}");
}

#[test]
fn no_state_keeps_no_index() {
    let home = tempfile::tempdir().unwrap();
    let (index, folder) = (home.path().join("cache"), home.path().join("archive"));
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("a.toml"), briefing("a", "Şuşa")).unwrap();
    let (out, _, code) = list(&index, &["--no-state", "--query", "susa"], &folder);
    assert_eq!((ids(&out), code), (vec!["a"], Some(0)));
    assert!(!index.exists(), "nothing written");
}

#[test]
fn what_cannot_be_searched_for_is_refused_with_a_message() {
    let home = tempfile::tempdir().unwrap();
    let (index, folder) = (home.path().join("cache"), home.path().join("archive"));
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("a.toml"), briefing("a", "Şuşa")).unwrap();
    for query in ["^", "(", "-", "*", "\"^\""] {
        let (_, err, code) = list(&index, &["--query", query], &folder);
        assert_eq!(code, Some(2), "{query}: {err}");
        assert!(err.contains("has no letters or digits"), "{query}: {err}");
        assert!(!err.to_lowercase().contains("sql"), "{query}: {err}");
    }
    // The message points at the term it is about, under the query as typed.
    let (_, err, code) = list(&index, &["--query", "Şuşa ^^ tag:x"], &folder);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err,
        "brief: bad query: ^^ has no letters or digits to search for\n  Şuşa ^^ tag:x\n       ^^\n"
    );
    // A term that is only a star is named as typed.
    let (_, err, code) = list(&index, &["--query", "*"], &folder);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err,
        "brief: bad query: * has no letters or digits to search for\n  *\n  ^\n"
    );
    // Too many terms is a usage error that says the limit, before SQLite sees it.
    let many = (0..1000)
        .map(|i| format!("-w{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let (_, err, code) = list(&index, &[&format!("--query={many}")], &folder);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("at most 100 terms"), "{err}");
    assert!(!err.to_lowercase().contains("expression"), "{err}");
    // FTS5's operators and syntax, typed as words, are words.
    for query in [
        "NEAR(susa",
        "susa OR",
        "susa AND NOT",
        "su\"sa",
        "col:susa",
        "{susa}",
    ] {
        let (_, err, code) = list(&index, &["--query", query], &folder);
        assert_eq!(code, Some(0), "{query}: {err}");
    }
}

/// Field filters fold as words do: a region, a tag, a marking or a party typed with or
/// without its diacritics, in any case, finds it (SQLite's `lower()` knew only ASCII, and
/// the tags were lowercased, not folded).
#[test]
fn field_filters_fold_as_words_do() {
    let home = tempfile::tempdir().unwrap();
    let (index, folder) = (home.path().join("cache"), home.path().join("archive"));
    std::fs::create_dir(&folder).unwrap();
    let baltic = briefing("baltic", "Harbour talks")
        .replacen("region = \"South Caucasus\"", "region = \"Östersjön\"", 1)
        .replacen("tags = [", "tags = [\"Şuşa\", \"Straße\", ", 1);
    assert!(baltic.contains("Östersjön") && baltic.contains("\"Şuşa\""));
    std::fs::write(folder.join("baltic.toml"), baltic).unwrap();
    std::fs::write(folder.join("other.toml"), briefing("other", "Elsewhere")).unwrap();
    for query in [
        "region:östersjön",
        "region:Östersjön",
        "region:ostersjon",
        "region:ÖSTERSJÖN",
        "region:sjon",
        "tag:susa",
        "tag:Şuşa",
        "tag:ŞUŞA",
        "tag:strasse",
        "tag:susa -region:caucasus",
    ] {
        let (out, err, code) = list(&index, &["--query", query], &folder);
        assert_eq!(
            (ids(&out), code),
            (vec!["baltic"], Some(0)),
            "{query}: {err}"
        );
    }
    let (out, err, _) = list(&index, &["--query=-tag:susa"], &folder);
    assert_eq!(ids(&out), ["other"], "{err}");
    let (out, err, _) = list(
        &index,
        &["--query", "marking:Clear party:AZƏRBAİJAN"],
        &folder,
    );
    assert_eq!(ids(&out).len(), 2, "{err}");
}

/// `n` of `brief list ARGS FOLDER` at once on the index in `index`: each exits 0, says
/// nothing and lists `rows` briefings.
fn lists_at_once(n: usize, index: &Path, folder: &Path, args: &[&str], rows: usize) {
    let children: Vec<_> = (0..n)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
                .env("BRIEF_CACHE_DIR", index)
                .env("BRIEF_STATE_DIR", index.join("state"))
                .arg("list")
                .args(args)
                .arg(folder)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{n} at once: {err}");
        assert!(err.is_empty(), "{n} at once: {err}");
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), rows);
    }
}

#[test]
fn several_brief_lists_at_once_share_one_index() {
    let home = tempfile::tempdir().unwrap();
    let (index, folder) = (home.path().join("cache"), home.path().join("archive"));
    std::fs::create_dir(&folder).unwrap();
    for i in 0..300 {
        let (id, title) = (format!("b{i:03}"), format!("Report {i} from Şuşa"));
        std::fs::write(folder.join(format!("{id}.toml")), briefing(&id, &title)).unwrap();
    }
    // Four at once on a new index, then four at once after edits: one writes while the
    // others wait for it; none fails, and all list the same.
    let at_once = || lists_at_once(4, &index, &folder, &["--query", "susa"], 300);
    at_once();
    for i in (0..300).step_by(7) {
        let (id, title) = (format!("b{i:03}"), format!("Report {i} from Şuşa, revised"));
        std::fs::write(folder.join(format!("{id}.toml")), briefing(&id, &title)).unwrap();
    }
    at_once();
}

#[test]
fn marking_filters_by_the_handling_label() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("b");
    std::fs::create_dir(&folder).unwrap();
    for (id, marking) in [
        ("clear", "TLP:CLEAR"),
        ("amber", "TLP:AMBER"),
        ("strict", "TLP:AMBER+STRICT"),
        ("own", "ACME INTERNAL"),
    ] {
        let text = briefing(id, id).replacen(
            "marking = \"TLP:CLEAR\"",
            &format!("marking = \"{marking}\""),
            1,
        );
        std::fs::write(folder.join(format!("{id}.toml")), text).unwrap();
    }
    let index = dir.path().join("index");
    let ids = |query: &str| {
        let query = format!("--query={query}");
        let (out, _, code) = list(&index, &[&query, "--format", "json"], &folder);
        assert_eq!(code, Some(0), "{query}");
        let mut ids: Vec<String> = out
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids("marking:amber"), ["amber", "strict"]);
    assert_eq!(ids("marking:clear"), ["clear"]);
    assert_eq!(ids("-marking:tlp"), ["own"]);
}

/// A file name that is not UTF-8 is given exactly, as bytes, beside the path shown; the id
/// it gives keeps every byte, so two such names differing in one byte are two ids.
#[cfg(unix)]
#[test]
fn json_gives_a_file_name_that_is_not_utf8_exactly() {
    use std::os::unix::ffi::OsStrExt;
    let home = tempfile::tempdir().unwrap();
    let (index, folder) = (home.path().join("cache"), home.path().join("archive"));
    std::fs::create_dir(&folder).unwrap();
    let unnamed = BUNDLED.replacen("id = \"2022-09-12-armenia-azerbaijan-border\"\n", "", 1);
    assert_ne!(unnamed, BUNDLED);
    for last in [0xff_u8, 0xfe] {
        let name = [b'a', last, b'.', b't', b'o', b'm', b'l'];
        std::fs::write(folder.join(std::ffi::OsStr::from_bytes(&name)), &unnamed).unwrap();
    }
    let (out, err, code) = list(&index, &["--no-state", "--format", "json"], &folder);
    assert_eq!(code, Some(0), "{err}");
    let mut rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    rows.sort_by_key(|r| r["id"].as_str().unwrap().to_string());
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a\\xFE", "a\\xFF"]);
    for (row, last) in rows.iter().zip([0xfe_u8, 0xff]) {
        let bytes: Vec<u8> = (row["path_bytes"].as_array().unwrap().iter())
            .map(|n| u8::try_from(n.as_u64().unwrap()).unwrap())
            .collect();
        let mut want = folder.as_os_str().as_bytes().to_vec();
        want.extend([b'/', b'a', last, b'.', b't', b'o', b'm', b'l']);
        assert_eq!(bytes, want);
        assert!(row["path"].as_str().unwrap().ends_with("a\u{fffd}.toml"));
    }
}

/// A folder `archive` in `home` of `n` briefings titled "Cold", each file its own id, never
/// indexed.
fn cold_archive(home: &Path, n: usize) -> std::path::PathBuf {
    let folder = home.join("archive");
    std::fs::create_dir(&folder).unwrap();
    for i in 0..n {
        let id = format!("c{i:05}");
        std::fs::write(folder.join(format!("{id}.toml")), briefing(&id, "Cold")).unwrap();
    }
    folder
}

/// The index in `index` is sound (SQLite's and FTS5's own checks pass) and holds each of the
/// `n` files of a cold archive once, every one's words searchable.
fn sound_index(index: &Path, n: i64, what: &str) {
    let db = rusqlite::Connection::open(index.join("index.db")).unwrap();
    let sound: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sound, "ok", "{what}");
    db.execute(
        "INSERT INTO body (body, rank) VALUES ('integrity-check', 0)",
        [],
    )
    .unwrap_or_else(|e| panic!("{what}: the full-text index: {e}"));
    let files: i64 = db
        .query_row("SELECT count(*) FROM file", [], |r| r.get(0))
        .unwrap();
    assert_eq!(files, n, "{what}: one row per file");
    let found: i64 = db
        .query_row(
            "SELECT count(*) FROM body WHERE body MATCH 'cold'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(found, n, "{what}: every file's words once");
}

/// Two, three and four `brief list` at once on a cold archive of 5,000 files: each lists every
/// briefing and exits 0 with nothing to say, and they leave one sound index (issue 26, item 2:
/// three in four failed with "database or disk is full", FTS5's limit of segments).
#[test]
fn several_brief_lists_on_a_cold_archive_of_5000_all_list_everything() {
    let home = tempfile::tempdir().unwrap();
    let folder = cold_archive(home.path(), 5_000);
    for (round, at_once) in [2, 3, 4].into_iter().enumerate() {
        let index = home.path().join(format!("cache{round}"));
        lists_at_once(at_once, &index, &folder, &[], 5_000);
        sound_index(&index, 5_000, &format!("{at_once} at once"));
    }
}

/// Two readers (`brief` on the folder, in a terminal each, each with a state folder of its
/// own) and two `brief list` started together on one cold archive of 5,000: the lists list
/// everything and exit 0 with nothing to say; each library, once the index is built, counts
/// all 5,000 with no notice (no index kept in memory, no failure) and quits with `q`; and the
/// index they leave is sound and agrees with the files, so one more `brief list` reads none
/// of them again (issue 26, item 2).
#[test]
fn brief_lists_and_readers_on_a_cold_archive_of_5000_all_see_everything() {
    let home = tempfile::tempdir().unwrap();
    let folder = cold_archive(home.path(), 5_000);
    let index = home.path().join("cache");
    let shared = [("BRIEF_CACHE_DIR", index.to_str().unwrap())];
    let mut readers: Vec<_> = (0..2)
        .map(|_| common::Session::start_with_env(&[folder.to_str().unwrap()], home.path(), &shared))
        .collect();
    lists_at_once(2, &index, &folder, &[], 5_000);
    for reader in &mut readers {
        // Built, counted, and nothing said beside the count: the status bar's last words
        // before its key hints are the count shown.
        reader.wait_until(
            std::time::Duration::from_secs(120),
            "the library never counted 5,000 with the index built",
            |screen| {
                screen.contains("Library · 5,000 briefings")
                    && screen.lines().last().is_some_and(|status| {
                        status.starts_with(" 5,000 shown ") && !status.contains("indexing")
                    })
            },
        );
        let status = reader.contents().lines().last().unwrap().to_string();
        let said = status.strip_prefix(" 5,000 shown").unwrap().trim_start();
        assert!(
            said.starts_with("/ search"),
            "nothing said beside the count: {status:?}"
        );
        reader.send("q");
        assert!(reader.wait_exit().success(), "{}", reader.contents());
    }
    sound_index(&index, 5_000, "lists and readers at once");
    let last_rowid = |index: &Path| -> i64 {
        let db = rusqlite::Connection::open(index.join("index.db")).unwrap();
        db.query_row("SELECT max(rowid) FROM file", [], |r| r.get(0))
            .unwrap()
    };
    let before = last_rowid(&index);
    lists_at_once(1, &index, &folder, &[], 5_000);
    assert_eq!(last_rowid(&index), before, "a file was read again");
    sound_index(&index, 5_000, "after one more list");
}
