//! `brief diff`: two versions of a briefing compared block by block, as a user runs it.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn brief() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
    cmd.env(
        "BRIEF_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
    );
    cmd
}

/// The bundled briefing, and a copy with one word changed, one key point added and a source
/// renamed.
fn versions(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let old = common::bundled_copy();
    let new = old
        .replacen("using drones as well", "using unmanned aircraft as well", 1)
        .replacen(
            "key_points = [",
            "key_points = [\n  \"A point added later.\",",
            1,
        );
    let (a, b) = (dir.join("old.toml"), dir.join("new.toml"));
    std::fs::write(&a, old).unwrap();
    std::fs::write(&b, new).unwrap();
    (a, b)
}

#[test]
fn changes_are_marked_without_colour_and_the_exit_code_says_whether_there_were_any() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = versions(dir.path());
    brief()
        .args(["--no-state", "diff"])
        .args([&old, &new])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "── Summary\n+ •A point added later.\n",
        ))
        .stdout(predicate::str::contains("── Armenia\n~ "))
        .stdout(predicate::str::contains(
            "using {+unmanned aircraft+} as well",
        ))
        .stdout(predicate::str::contains("  was: "))
        .stdout(predicate::str::contains("using [-drones-] as well"));
    brief()
        .args(["--no-state", "diff"])
        .args([&old, &old])
        .assert()
        .code(0)
        .stdout("");
    brief()
        .args(["--no-state", "diff"])
        .arg(&old)
        .arg(dir.path().join("missing.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.toml"));
}

#[test]
fn json_gives_one_object_per_change() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = versions(dir.path());
    let out = brief()
        .args(["--no-state", "diff", "--format", "json"])
        .args([&old, &new])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let changes: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert_eq!(changes[0]["change"], "added");
    assert_eq!(changes[1]["change"], "changed");
    assert_eq!(changes[1]["added_words"][0], "unmanned aircraft");
    assert_eq!(changes[1]["removed_words"][0], "drones");
    assert_eq!(changes[1]["tab"], "Armenia");
}

#[test]
fn since_read_compares_with_the_version_the_memory_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = versions(dir.path());
    let state = dir.path().join("state");
    let state_arg = state.to_str().unwrap();
    // Never read: nothing to compare with.
    brief()
        .args(["--state-dir", state_arg, "diff", "--since-read"])
        .arg(&new)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no reading of"));
    {
        let (mut store, _) = briefing::store::Store::open(&state).unwrap();
        let text = std::fs::read_to_string(&old).unwrap();
        // A copy without an id is known by its file's name.
        store.set_seen("new", &text).unwrap();
    }
    brief()
        .args(["--state-dir", state_arg, "diff", "--since-read"])
        .arg(&new)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("{+unmanned aircraft+}"));
    brief()
        .args(["--no-state", "diff", "--since-read"])
        .arg(&new)
        .assert()
        .code(2);
}

/// `words` words of text, deterministic, with diacritics and other scripts; and the same text
/// with every third word replaced.
fn long_text(words: usize) -> (String, String) {
    const POOL: &[&str] = &[
        "Şuşa",
        "Kəlbəcər",
        "border",
        "ceasefire",
        "talks",
        "漢字",
        "forces",
        "positions",
        "shelling",
        "delegation",
        "ministry",
        "Ереван",
    ];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let (mut old, mut new) = (Vec::new(), Vec::new());
    for i in 0..words {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let w = POOL[(x % POOL.len() as u64) as usize];
        old.push(w.to_string());
        new.push(if i % 3 == 0 {
            format!("{w}-{}", x % 97)
        } else {
            w.to_string()
        });
    }
    (old.join(" "), new.join(" "))
}

/// The words of `text` that `other` does not have anywhere.
fn words_only_in<'t>(text: &'t str, other: &str) -> std::collections::BTreeSet<&'t str> {
    let other: std::collections::HashSet<&str> = other.split_whitespace().collect();
    (text.split_whitespace())
        .filter(|w| !other.contains(w))
        .collect()
}

#[test]
fn two_large_versions_of_one_text_give_a_complete_diff_and_small_edits_stay_exact() {
    // 158 KB each, one in three words changed: the exact word diff took 16 to 19 s.
    let (big_old, big_new) = long_text(17_000);
    assert!(big_old.len() > 150_000, "{}", big_old.len());
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = versions(dir.path());
    for (path, big) in [(&old, &big_old), (&new, &big_new)] {
        let text = std::fs::read_to_string(path).unwrap();
        let with = text.replacen("text = \"\"\"\n", &format!("text = \"\"\"\n{big}\n\n"), 1);
        assert_ne!(with, text);
        std::fs::write(path, with).unwrap();
    }
    let out = brief()
        .args(["--no-state", "diff", "--format", "json"])
        .args([&old, &new])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let changes: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let big = (changes.iter())
        .find(|c| c["new"].as_str().is_some_and(|t| t.contains(&big_new)))
        .unwrap_or_else(|| panic!("{changes:?}"));
    assert_eq!(big["change"], "changed");
    assert_eq!(big["tab"], "Summary");
    // However coarse, every word added is among the words marked added, every word removed
    // among those marked removed.
    let joined = |key: &str| -> String {
        (big[key].as_array().unwrap().iter())
            .map(|w| w.as_str().unwrap())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (added, removed) = (joined("added_words"), joined("removed_words"));
    let (was, now) = (big["old"].as_str().unwrap(), big["new"].as_str().unwrap());
    let marked: std::collections::HashSet<&str> = added.split_whitespace().collect();
    let missing: Vec<&str> = (words_only_in(now, was).into_iter())
        .filter(|w| !marked.contains(w))
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
    let marked: std::collections::HashSet<&str> = removed.split_whitespace().collect();
    let missing: Vec<&str> = (words_only_in(was, now).into_iter())
        .filter(|w| !marked.contains(w))
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
    // The small edits elsewhere are as exact as ever.
    let drones = (changes.iter())
        .find(|c| c["tab"] == "Armenia")
        .unwrap_or_else(|| panic!("{changes:?}"));
    assert_eq!(
        drones["added_words"],
        serde_json::json!(["unmanned aircraft"])
    );
    assert_eq!(drones["removed_words"], serde_json::json!(["drones"]));
    assert!(
        (changes.iter()).any(|c| c["change"] == "added" && c["text"] == "•A point added later.")
    );
}
