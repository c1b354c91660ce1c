//! Records the commit `brief` is built from, for `brief --version`: `BRIEF_VERSION` is the
//! package's version followed by the commit, `0.1.0 (1a2b3c4d5e6f)`, or the version alone.
//!
//! The commit is `$BRIEF_COMMIT` when that is set (the source archive of `.ci/offline-source`
//! sets it in its `.cargo/config.toml`, since it has no `.git`), else what
//! `git rev-parse HEAD` says of the checkout this crate is the top of. No git, no checkout, or
//! a checkout of something else around the crate (a source archive unpacked inside another
//! repository) gives the version alone, quietly: a build never fails for want of a commit.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=BRIEF_COMMIT");
    let version = env!("CARGO_PKG_VERSION");
    let commit = match std::env::var("BRIEF_COMMIT") {
        Ok(commit) if !commit.trim().is_empty() => Some(commit.trim().to_owned()),
        _ => from_git(),
    };
    match commit {
        Some(commit) => println!("cargo::rustc-env=BRIEF_VERSION={version} ({commit})"),
        None => println!("cargo::rustc-env=BRIEF_VERSION={version}"),
    }
}

/// The short hash of HEAD when the crate's folder is the top of a git checkout, and asks to be
/// run again when HEAD moves: a commit, a checkout of another branch, a rebase.
fn from_git() -> Option<String> {
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?);
    let top = git(&dir, &["rev-parse", "--show-toplevel"])?;
    if Path::new(&top).canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    // In a worktree, HEAD is in the worktree's own git folder and the branches in the
    // common one; both may be relative to `dir`.
    let git_dir = dir.join(git(&dir, &["rev-parse", "--git-dir"])?);
    let common = dir.join(git(&dir, &["rev-parse", "--git-common-dir"])?);
    let mut watched = vec![git_dir.join("HEAD"), common.join("packed-refs")];
    if let Some(branch) = git(&dir, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(common.join(branch));
    }
    for path in watched.iter().filter(|p| p.exists()) {
        println!("cargo::rerun-if-changed={}", path.display());
    }
    git(&dir, &["rev-parse", "--short=12", "HEAD"])
}

/// What `git ARGS` prints in `dir`, trimmed, or `None` if git is missing or fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_owned())
}
