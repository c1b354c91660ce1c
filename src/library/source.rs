//! Where briefings come from, decided in one place for every command and the reader alike:
//! one briefing's [`Origin`] (a file, standard input, or a briefing built into `brief`), how
//! its text is read, and the [`Sources`] a command reads, including what it reads when it
//! names no path.

use std::borrow::Cow;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::scan::{Found, Scope, Symlinks, Walk};
use crate::briefing::{self, Briefing, Outcome};
use crate::bundled;

/// The folder read when no path is named, when it exists.
pub const DEFAULT_FOLDER: &str = "briefings";

/// The folder new briefings go in when none is named (`brief pull`): `./briefings` when it
/// exists, else the first folder the configuration's `library` names, else `./briefings`
/// (to be made), so that `brief` opens them.
pub fn default_folder(library: &[PathBuf]) -> PathBuf {
    if Path::new(DEFAULT_FOLDER).is_dir() {
        return PathBuf::from(DEFAULT_FOLDER);
    }
    library
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_FOLDER))
}

/// Where one briefing comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// One of [`crate::bundled::BRIEFINGS`], by index.
    Bundled(usize),
}

/// `bytes` as text: UTF-8 as it is, every other byte as `\xFF`.
fn lossless(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

impl Origin {
    /// The briefing a path names: standard input for `-`, otherwise the file.
    pub fn of(path: PathBuf) -> Self {
        if path.as_os_str() == "-" {
            Origin::Stdin
        } else {
            Origin::File(path)
        }
    }

    /// How messages and `brief list` name it: the path, `<stdin>` or `<built-in>/name`.
    pub fn name(&self) -> String {
        match self {
            Origin::File(p) => p.display().to_string(),
            Origin::Stdin => "<stdin>".into(),
            Origin::Bundled(i) => format!(
                "<built-in>/{}",
                bundled::BRIEFINGS.get(*i).map_or("?", |(n, _)| n)
            ),
        }
    }

    /// The path exactly as it is, byte for byte (a file name need not be UTF-8); the name
    /// shown for what is not a file.
    pub fn name_bytes(&self) -> Vec<u8> {
        match self {
            Origin::File(p) => p.as_os_str().as_encoded_bytes().to_vec(),
            _ => self.name().into_bytes(),
        }
    }

    /// The file name without `.toml`: a briefing's id when it does not give one. A byte that
    /// is not part of UTF-8 is written `\xFF`, so that no two names give one id.
    pub fn stem(&self) -> String {
        let name = match self {
            Origin::File(p) => p.file_name().map(|n| lossless(n.as_encoded_bytes())),
            Origin::Stdin => Some("stdin".into()),
            Origin::Bundled(i) => bundled::BRIEFINGS.get(*i).map(|(n, _)| n.to_string()),
        }
        .unwrap_or_default();
        name.strip_suffix(".toml").unwrap_or(&name).to_string()
    }

    /// The briefing's text, at most `max_size` bytes, or why it cannot be parsed (an outcome
    /// holding the problem). Files are read only when they are regular files.
    pub fn text(&self, max_size: u64) -> Result<Cow<'static, str>, Box<Outcome>> {
        match self {
            Origin::File(path) => briefing::read_path(path, max_size).map(Cow::Owned),
            // Standard input can be read once: what it held (or why it could not be read) is
            // kept for every later reading, as when the index reads it before the command.
            Origin::Stdin => {
                static READ: OnceLock<Result<String, Box<Outcome>>> = OnceLock::new();
                match READ.get_or_init(|| briefing::read_stream(io::stdin().lock(), max_size)) {
                    Ok(text) => Ok(Cow::Borrowed(text.as_str())),
                    Err(failed) => Err(failed.clone()),
                }
            }
            Origin::Bundled(i) => Ok(Cow::Borrowed(bundled::BRIEFINGS[*i].1)),
        }
    }

    /// The briefing loaded and checked: every problem, and the briefing when none is an error.
    pub fn load(&self, max_size: u64) -> Outcome {
        self.text(max_size)
            .map_or_else(|failed| *failed, |text| briefing::parse(text.into_owned()))
    }

    /// The briefing to read and the text it was read from, or its first problem on one line
    /// (for a status bar).
    pub fn open(&self, max_size: u64) -> Result<(Briefing<'static>, String), String> {
        let outcome = self.load(max_size);
        match outcome.briefing {
            Some(b) => Ok((b, outcome.text)),
            None => Err(outcome
                .errors()
                .next()
                .map(|d| d.one_line(&self.name(), &outcome.text))
                .unwrap_or_else(|| format!("{}: cannot be opened", self.name()))),
        }
    }
}

/// One thing a scan of [`Sources`] finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scanned {
    Briefing(Origin),
    /// A path that cannot be read, and why (already a sanitised message).
    Problem(PathBuf, String),
}

/// What a command reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sources {
    /// Files and folders (folders searched recursively for `*.toml`), and `-` for standard
    /// input, following symlinks as asked.
    Paths(Vec<PathBuf>, Symlinks),
    /// The briefings built into `brief`.
    Bundled,
}

impl Sources {
    /// The `paths` a command was given; with none, `./briefings` when that folder exists, else
    /// the folders the configuration's `library` names, else the briefings built into `brief`.
    /// Every command decides this here.
    pub fn resolve(paths: Vec<PathBuf>, symlinks: Symlinks, library: &[PathBuf]) -> Self {
        if !paths.is_empty() {
            Sources::Paths(paths, symlinks)
        } else if Path::new(DEFAULT_FOLDER).is_dir() {
            Sources::Paths(vec![PathBuf::from(DEFAULT_FOLDER)], symlinks)
        } else if !library.is_empty() {
            Sources::Paths(library.to_vec(), symlinks)
        } else {
            Sources::Bundled
        }
    }

    /// The one briefing these name, when they name exactly one without a search: a path that
    /// is `-` or not a folder, or the only built-in briefing. The reader opens it straight.
    pub fn single(&self) -> Option<Origin> {
        match self {
            Sources::Paths(paths, _) => match paths.as_slice() {
                [one] if !one.is_dir() => Some(Origin::of(one.clone())),
                _ => None,
            },
            Sources::Bundled => (bundled::BRIEFINGS.len() == 1).then_some(Origin::Bundled(0)),
        }
    }

    /// The newest briefing these name: the last by file name (names start with the date), or
    /// the newest built-in one.
    pub fn newest(&self) -> Option<Origin> {
        if let Some(one) = self.single() {
            return Some(one);
        }
        match self {
            Sources::Paths(..) => self
                .scan()
                .into_iter()
                .filter_map(|s| match s {
                    Scanned::Briefing(Origin::File(p)) => Some(p),
                    _ => None,
                })
                .max_by(|a, b| a.file_name().cmp(&b.file_name()).then_with(|| a.cmp(b)))
                .map(Origin::File),
            Sources::Bundled => Some(Origin::Bundled(0)),
        }
    }

    /// Every briefing these name, and every path that cannot be read, in order: each path as
    /// given, a folder's files sorted by path.
    pub fn scan(&self) -> Vec<Scanned> {
        let mut out = Vec::new();
        self.scan_each(Walk::ByName, |s| {
            out.push(s);
            true
        });
        out
    }

    /// Like [`Sources::scan`], handing each thing over as soon as it is found, so loading can
    /// start before a big tree has been walked, a folder's files in the order `walk` says;
    /// stops when `found` returns false.
    pub fn scan_each(&self, walk: Walk, mut found: impl FnMut(Scanned) -> bool) {
        match self {
            Sources::Paths(paths, symlinks) => {
                // Symlinks in any folder named may lead into any other.
                let scope = Scope::new(paths, *symlinks);
                for path in paths {
                    let more = if path.as_os_str() == "-" {
                        found(Scanned::Briefing(Origin::Stdin))
                    } else {
                        let mut more = true;
                        scope.scan_each(std::slice::from_ref(path), walk, |f| {
                            more = found(match f {
                                Found::File(p) => Scanned::Briefing(Origin::File(p)),
                                Found::Problem(p, why) => Scanned::Problem(p, why),
                            });
                            more
                        });
                        more
                    };
                    if !more {
                        return;
                    }
                }
            }
            Sources::Bundled => {
                for i in 0..bundled::BRIEFINGS.len() {
                    if !found(Scanned::Briefing(Origin::Bundled(i))) {
                        return;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_named_for_messages_and_ids() {
        let file = Origin::File("a/b/2024-01-01-talks.toml".into());
        assert_eq!(file.name(), "a/b/2024-01-01-talks.toml");
        assert_eq!(file.stem(), "2024-01-01-talks");
        assert_eq!(Origin::Stdin.name(), "<stdin>");
        assert_eq!(
            Origin::Bundled(0).name(),
            "<built-in>/2022-09-12-armenia-azerbaijan-border.toml"
        );
        assert_eq!(
            Origin::Bundled(0).stem(),
            "2022-09-12-armenia-azerbaijan-border"
        );
    }

    #[test]
    fn named_paths_are_kept_and_dashes_are_standard_input() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.toml");
        std::fs::write(&file, "").unwrap();
        let sources = Sources::resolve(vec![file.clone()], Symlinks::Inside, &[]);
        assert_eq!(sources.single(), Some(Origin::File(file.clone())));
        let two = Sources::resolve(vec!["-".into(), file.clone()], Symlinks::Inside, &[]);
        assert_eq!(two.single(), None);
        assert_eq!(
            two.scan(),
            [
                Scanned::Briefing(Origin::Stdin),
                Scanned::Briefing(Origin::File(file))
            ]
        );
    }

    #[test]
    fn the_newest_is_the_last_by_file_name_wherever_it_is() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("2024")).unwrap();
        for f in [
            "2023-01-01-a.toml",
            "2024/2024-05-01-b.toml",
            "2024-02-01-c.toml",
        ] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        let sources = Sources::Paths(vec![dir.path().to_path_buf()], Symlinks::Inside);
        assert_eq!(
            sources.newest(),
            Some(Origin::File(dir.path().join("2024/2024-05-01-b.toml")))
        );
        assert_eq!(Sources::Bundled.newest(), Some(Origin::Bundled(0)));
    }
}
