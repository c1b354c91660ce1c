//! The crate's layers stay apart: the state (`app/`) neither draws nor touches the terminal,
//! the domain below it (`briefing/`, `document/`, `library/`, `text.rs`, `geometry/`,
//! `export/`, `store/`, `memory/`) knows nothing of the interface, and the memory's types
//! (`memory/`) know nothing of those who keep and use them. Checked on the source, so that a
//! stray import fails here.

use std::path::Path;

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path.display().to_string(), text));
        }
    }
    assert!(!out.is_empty(), "no sources under {dir}");
    out
}

/// The `use` lines and paths of `text` that name one of `modules` (comments aside).
fn uses<'t>(text: &'t str, modules: &[&str]) -> Vec<&'t str> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .filter(|l| modules.iter().any(|m| l.contains(&format!("crate::{m}"))))
        .collect()
}

#[test]
fn the_state_neither_draws_nor_runs_the_terminal() {
    for (path, text) in sources("app") {
        let found = uses(&text, &["ui", "terminal", "cli"]);
        assert!(found.is_empty(), "{path}: {found:?}");
    }
}

#[test]
fn the_domain_knows_nothing_of_the_interface() {
    for dir in [
        "briefing",
        "document",
        "library",
        "geometry",
        "text.rs",
        "export",
        "store",
        "import",
        "sqlite.rs",
        "memory",
    ] {
        let files = if dir.ends_with(".rs") {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
            vec![(dir.to_string(), std::fs::read_to_string(path).unwrap())]
        } else {
            sources(dir)
        };
        for (path, text) in files {
            let found = uses(&text, &["app", "ui", "terminal", "cli"]);
            assert!(found.is_empty(), "{path}: {found:?}");
        }
    }
}

#[test]
fn the_memory_is_below_its_users() {
    for (path, text) in sources("memory") {
        let found = uses(
            &text,
            &[
                "store", "app", "ui", "terminal", "cli", "archive", "library",
            ],
        );
        assert!(found.is_empty(), "{path}: {found:?}");
    }
}
