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
        "taxii",
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
fn only_taxii_touches_the_network() {
    for (path, text) in sources("") {
        if path.contains("/src/taxii/") {
            continue;
        }
        let found: Vec<&str> = (text.lines())
            .filter(|l| !l.trim_start().starts_with("//"))
            .filter(|l| l.contains("ureq") || l.contains("std::net"))
            .collect();
        assert!(found.is_empty(), "{path}: {found:?}");
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

/// Every file under `src/`, as a path from there (`archive/plan.rs`).
fn source_paths() -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out: Vec<String> = sources("")
        .into_iter()
        .map(|(path, _)| {
            Path::new(&path)
                .strip_prefix(&src)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_map_names_every_source_file() {
    let map = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/CODE.md"))
        .unwrap();
    let files = source_paths();
    assert!(files.len() > 100, "{files:?}");
    let missing: Vec<&String> = (files.iter())
        .filter(|f| !map.contains(&format!("- `{f}`: ")))
        .collect();
    assert!(missing.is_empty(), "docs/CODE.md does not name {missing:?}");
    // And names none that is gone.
    let named: Vec<&str> = (map.lines())
        .filter_map(|l| l.strip_prefix("- `")?.split_once("`: ").map(|(f, _)| f))
        .collect();
    let gone: Vec<&&str> = (named.iter())
        .filter(|f| !files.iter().any(|g| g == *f))
        .collect();
    assert!(
        gone.is_empty(),
        "docs/CODE.md names files that are gone: {gone:?}"
    );
}

#[test]
fn the_crate_docs_name_every_module() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let modules: Vec<&str> = (lib.lines())
        .filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';'))
        .collect();
    assert!(modules.len() > 10, "{modules:?}");
    for m in modules {
        assert!(
            lib.contains(&format!("//! - [`{m}`]: ")),
            "src/lib.rs's doc comment does not describe {m}"
        );
    }
}
