//! Files that are not what they seem: FIFOs and devices named as briefings, symlinks that lead
//! out of a folder, files that are not TOML at all, and `-o` targets of every kind (symlinks,
//! hard links, FIFOs, devices, standard output, files with their own permissions).
#![cfg(target_os = "linux")]

mod common;

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command as Std, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

const BUNDLED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/briefings/2022-09-12-armenia-azerbaijan-border.toml"
);

/// `brief`, failing the test rather than hanging should it wait on a file forever.
fn brief() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
    // The search index of the runs, kept out of the home folder.
    cmd.env(
        "BRIEF_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
    );
    cmd.env_remove("NO_COLOR").timeout(Duration::from_secs(10));
    cmd
}

/// What `brief args… paths…` prints on standard output, expecting it to exit 1 (problems
/// found).
fn problems_found(args: &[&str], paths: &[&Path]) -> String {
    let out = brief().args(args).args(paths).assert().code(1);
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn mkfifo(path: &Path) {
    let ok = Std::new("mkfifo").arg(path).status().unwrap();
    assert!(ok.success(), "mkfifo {}", path.display());
}

/// A character device like `name` (`null`, `full`) made in `dir`, where the test may make one
/// (as root); the system's own device is never put at risk.
fn char_device(dir: &Path, name: &str) -> Option<PathBuf> {
    let (major, minor) = match name {
        "null" => ("1", "3"),
        "full" => ("1", "7"),
        _ => unreachable!(),
    };
    let path = dir.join(name);
    let made = Std::new("mknod")
        .arg(&path)
        .args(["c", major, minor])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    made.then_some(path)
}

// ---- reading only regular files ----

#[test]
fn a_fifo_named_as_a_briefing_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.toml");
    mkfifo(&fifo);
    let refused = "fifo.toml: error: not a regular file: this is a named pipe (FIFO)";
    brief()
        .arg("print")
        .arg(&fifo)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(refused));
    brief()
        .arg("list")
        .arg(&fifo)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(refused));
    brief()
        .args(["check", "--color", "never"])
        .arg(&fifo)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[io]: not a regular file: this is a named pipe (FIFO)",
        ));
}

#[test]
fn folder_scans_report_special_files_instead_of_skipping_them() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(BUNDLED, dir.path().join("good.toml")).unwrap();
    mkfifo(&dir.path().join("pipe.toml"));
    symlink("/dev/zero", dir.path().join("zero.toml")).unwrap();
    // Not named like a briefing: not a briefing, not a problem.
    mkfifo(&dir.path().join("other-pipe"));
    let out = problems_found(
        &["check", "--color", "never", "--follow-symlinks"],
        &[dir.path()],
    );
    assert!(out.contains("this is a named pipe (FIFO)"), "{out}");
    assert!(out.contains("this is a character device"), "{out}");
    assert!(!out.contains("other-pipe"), "{out}");
    assert!(
        out.contains("checked 3 files: 2 errors in 2 files"),
        "{out}"
    );
    brief()
        .arg("list")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Armenia–Azerbaijan"))
        .stderr(predicate::str::contains(
            "pipe.toml: error: not a regular file",
        ));
}

#[test]
fn the_library_does_not_wait_on_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(BUNDLED, dir.path().join("a.toml")).unwrap();
    mkfifo(&dir.path().join("b.toml"));
    let mut s = common::Session::start(&["a.toml", "b.toml"], dir.path());
    s.wait_for("Library · 1 briefing");
    s.wait_for("1 problem (!)");
    s.send("!");
    s.wait_for("b.toml: error: not a regular file");
    s.send("q");
    s.wait_gone("Problems:");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn reloading_a_briefing_replaced_by_a_fifo_keeps_the_reader_alive() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.toml");
    fs::copy(BUNDLED, &path).unwrap();
    let mut s = common::Session::start(&["x.toml"], dir.path());
    s.wait_for("BOTTOM LINE UP FRONT");
    fs::remove_file(&path).unwrap();
    mkfifo(&path);
    s.send("R");
    s.wait_for("not a regular file");
    assert!(
        s.contents().contains("BOTTOM LINE UP FRONT"),
        "the briefing stays"
    );
    s.send("\t");
    s.wait_for("Armenia │");
    s.send("q");
    assert!(s.wait_exit().success());
}

// ---- symlinks out of a folder, and files that are not TOML ----

/// A folder of briefings with links out of it to a secret, and the secret's folder.
fn folder_with_links_out() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let briefings = dir.path().join("briefings");
    let private = dir.path().join("private");
    fs::create_dir_all(&briefings).unwrap();
    fs::create_dir_all(private.join("keys")).unwrap();
    fs::copy(BUNDLED, briefings.join("good.toml")).unwrap();
    fs::write(
        private.join("secret"),
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n\
         QyNTUxOQAAACBJc2VjcmV0LWtleS1ieXRlcw\n-----END OPENSSH PRIVATE KEY-----\n",
    )
    .unwrap();
    fs::write(private.join("keys/env.toml"), "SECRET_TOKEN=hunter2\n").unwrap();
    symlink(private.join("secret"), briefings.join("key.toml")).unwrap();
    symlink(private.join("keys"), briefings.join("keys")).unwrap();
    // A link that stays inside is fine.
    symlink("good.toml", briefings.join("latest.toml")).unwrap();
    (dir, briefings)
}

#[test]
fn check_does_not_follow_symlinks_out_of_the_folder() {
    let (_dir, briefings) = folder_with_links_out();
    let out = problems_found(&["check", "--color", "never"], &[&briefings]);
    for secret in ["b3BlbnNz", "QyNTUx", "hunter2", "PRIVATE KEY"] {
        assert!(!out.contains(secret), "{secret} leaked:\n{out}");
    }
    assert_eq!(out.matches("outside the folders given").count(), 2, "{out}");
    assert!(
        out.contains("checked 4 files: 2 errors in 2 files"),
        "{out}"
    );
    // JSON, for CI logs, holds no more of the secret.
    let json = problems_found(&["check", "--format", "json"], &[&briefings]);
    assert!(
        !json.contains("hunter2") && !json.contains("b3BlbnNz"),
        "{json}"
    );
    // The library lists the two briefings and reports the links.
    brief()
        .arg("list")
        .arg(&briefings)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("outside the folders given").count(2))
        .stderr(predicate::str::contains("hunter2").not());
}

#[test]
fn follow_symlinks_reads_them_and_a_non_toml_file_is_one_short_problem() {
    let (_dir, briefings) = folder_with_links_out();
    let out = problems_found(
        &["check", "--color", "never", "--follow-symlinks"],
        &[&briefings],
    );
    assert!(!out.contains("outside the folders given"), "{out}");
    // The key is not TOML: one problem, quoting its first line and nothing more.
    assert_eq!(out.matches("error[not-toml]").count(), 1, "{out}");
    assert!(out.contains("BEGIN OPENSSH PRIVATE KEY"), "{out}");
    assert!(
        !out.contains("b3BlbnNz") && !out.contains("QyNTUx"),
        "{out}"
    );
}

#[test]
fn a_folder_linked_from_another_folder_given_is_inside() {
    let (dir, briefings) = folder_with_links_out();
    let private = dir.path().join("private");
    let out = problems_found(&["check", "--color", "never"], &[&briefings, &private]);
    assert!(!out.contains("outside the folders given"), "{out}");
}

#[test]
fn files_of_other_shapes_are_one_short_problem_not_a_quote_of_every_line() {
    let dir = tempfile::tempdir().unwrap();
    let secrets =
        |line: &dyn Fn(usize) -> String| (1..=40).map(|i| line(i) + "\n").collect::<String>();
    let shapes = [
        // INI-style credentials: headers parse, values do not.
        (
            "credentials.toml",
            format!(
                "[default]\n{}",
                secrets(&|i| format!("key_{i} = SECRET{i}x"))
            ),
            "not-toml",
        ),
        // One line of TOML among many that are not.
        (
            "mixed.toml",
            format!("x = 1\n{}", secrets(&|i| format!("TOKEN_{i}=SECRET{i}x"))),
            "not-toml",
        ),
        // Valid TOML of other keys: a `.env` file of quoted values.
        (
            "env.toml",
            secrets(&|i| format!("TOKEN_{i}=\"SECRET{i}x\"")),
            "not-a-briefing",
        ),
    ];
    for (name, text, code) in shapes {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = problems_found(&["check", "--color", "never"], &[&path]);
        assert_eq!(out.matches("error[").count(), 1, "{out}");
        assert!(out.contains(&format!("error[{code}]")), "{out}");
        assert!(out.matches("SECRET").count() <= 2, "{name}: {out}");
    }
    // A briefing's own keys among many others: a few are named, the rest counted.
    let path = dir.path().join("format.toml");
    std::fs::write(
        &path,
        format!(
            "format = 1\n{}",
            secrets(&|i| format!("TOKEN_{i} = \"SECRET{i}x\""))
        ),
    )
    .unwrap();
    let out = problems_found(&["check", "--color", "never"], &[&path]);
    assert!(
        out.contains("35 more unknown keys in the top level"),
        "{out}"
    );
    assert!(out.matches("SECRET").count() <= 10, "{out}");
}

#[test]
fn a_file_named_explicitly_is_read_as_given() {
    let (_dir, briefings) = folder_with_links_out();
    brief()
        .args(["check", "--color", "never"])
        .arg(briefings.join("key.toml"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[not-toml]").count(1));
}

// ---- where -o writes ----

fn print_to(target: &Path) -> assert_cmd::assert::Assert {
    brief()
        .args(["print", BUNDLED, "--format", "markdown", "-o"])
        .arg(target)
        .assert()
}

fn is_markdown(path: &Path) -> bool {
    fs::read_to_string(path).is_ok_and(|t| t.starts_with("**TLP:CLEAR**"))
}

#[test]
fn o_writes_through_a_symlink_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.md");
    let link = dir.path().join("link.md");
    fs::write(&target, "old").unwrap();
    symlink("real.md", &link).unwrap();
    print_to(&link).success();
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    assert!(is_markdown(&target));
}

#[test]
fn o_keeps_the_permissions_of_the_file_it_replaces() {
    let dir = tempfile::tempdir().unwrap();
    for mode in [0o644, 0o640, 0o664] {
        let path = dir.path().join(format!("out-{mode:o}.md"));
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        print_to(&path).success();
        assert!(is_markdown(&path));
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, mode);
    }
}

#[test]
fn o_makes_new_files_as_the_umask_says() {
    let dir = tempfile::tempdir().unwrap();
    for (umask, mode) in [("022", 0o644), ("002", 0o664), ("077", 0o600)] {
        let path = dir.path().join(format!("new-{umask}.md"));
        let script = format!("umask {umask}; exec \"$0\" \"$@\"");
        let ok = Std::new("sh")
            .args([
                "-c",
                &script,
                env!("CARGO_BIN_EXE_brief"),
                "print",
                BUNDLED,
                "-o",
            ])
            .arg(&path)
            .status()
            .unwrap();
        assert!(ok.success());
        assert_eq!(
            fs::metadata(&path).unwrap().mode() & 0o777,
            mode,
            "umask {umask}"
        );
    }
}

#[test]
fn o_does_not_split_a_hard_link() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.md");
    let b = dir.path().join("b.md");
    fs::write(&a, "old").unwrap();
    fs::hard_link(&a, &b).unwrap();
    print_to(&a).success();
    assert!(is_markdown(&a) && is_markdown(&b));
    assert_eq!(fs::metadata(&a).unwrap().nlink(), 2);
}

#[test]
fn o_writes_into_a_fifo_and_leaves_it_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.fifo");
    mkfifo(&fifo);
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            let read = fs::File::open(fifo).and_then(|mut f| f.read_to_string(&mut text));
            let _ = tx.send(read.map(|_| text));
        });
    }
    print_to(&fifo).success();
    // Had the FIFO been replaced, its reader would wait for a writer forever.
    let read = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the FIFO's reader got the output");
    assert!(read.unwrap().starts_with("**TLP:CLEAR**"));
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn o_writes_to_devices_without_replacing_them() {
    let dir = tempfile::tempdir().unwrap();
    let Some(null) = char_device(dir.path(), "null") else {
        eprintln!("cannot make device nodes here (not root): skipped");
        return;
    };
    print_to(&null).success();
    assert!(fs::metadata(&null).unwrap().file_type().is_char_device());
    let full = char_device(dir.path(), "full").unwrap();
    print_to(&full)
        .code(1)
        .stderr(predicate::str::contains("No space left on device"));
    assert!(fs::metadata(&full).unwrap().file_type().is_char_device());
}

#[test]
fn o_dev_stdout_is_standard_output() {
    // A link of our own made as `/dev/stdout` is: should `-o` ever replace what it names
    // again, it replaces this link, not the system's (as root, the system's can be replaced).
    let dir = tempfile::tempdir().unwrap();
    let stdout = dir.path().join("stdout");
    symlink("/proc/self/fd/1", &stdout).unwrap();
    // Through a pipe.
    brief()
        .args(["print", BUNDLED, "-o"])
        .arg(&stdout)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("TLP:CLEAR"));
    assert!(fs::symlink_metadata(&stdout).unwrap().is_symlink());
    // Into a file the shell opened: written there, and the file is the same file.
    let path = dir.path().join("out.txt");
    let file = fs::File::create(&path).unwrap();
    let inode = file.metadata().unwrap().ino();
    let ok = Std::new(env!("CARGO_BIN_EXE_brief"))
        .args(["print", BUNDLED, "-o"])
        .arg(&stdout)
        .stdout(file)
        .status()
        .unwrap();
    assert!(ok.success());
    assert_eq!(fs::metadata(&path).unwrap().ino(), inode);
    assert!(fs::read_to_string(&path).unwrap().starts_with("TLP:CLEAR"));
}
