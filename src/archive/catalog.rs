//! The briefings a command names, indexed: the walk of its [`Sources`], the index brought up
//! to date with what the walk found, and how each file was named, so that what the index
//! lists is said back as the user named it. Files go in the index on disk; a run that must
//! write nothing (`--no-state`), or that reads standard input or the built-in briefings,
//! indexes into memory.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::scope::Scope;
use super::search::{Listed, Order};
use super::sync::{Looker, Looking, Synced, sync, sync_known};
use super::{Archive, Opened};
use crate::library::scan::Walk;
use crate::library::source::{Origin, Scanned, Sources};

/// The index of what a command reads.
#[derive(Debug)]
pub struct Catalog {
    pub archive: Archive,
    pub opened: Opened,
    pub synced: Synced,
    /// Each folder or file named, as the index's key and as the user named it: a file found
    /// under it is said back under the name given (`briefings/x.toml`), from its key alone,
    /// with no map of every file to keep (for 100,000 files, that map was a third of a
    /// reopening).
    named: Vec<(PathBuf, PathBuf)>,
    /// Briefings that are not files (standard input, built-in ones), by their name.
    others: HashMap<PathBuf, Origin>,
    /// Paths the walk could not read, and why.
    pub unreadable: Vec<(PathBuf, String)>,
    /// The files of this walk within the index (which may hold other folders' too).
    pub scope: Scope,
}

/// What a build tells, beside its progress, before its files are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Told {
    /// Another `brief` is bringing this index up to date, and this build waits for it to end
    /// (told again every 20 ms while it waits, for up to two minutes; answering false stops
    /// the waiting, and the build, as cancelled).
    Waiting,
    /// The walk has found a second briefing file: there is more than one to list, whatever
    /// the index holds (told once).
    Several,
}

/// The index's keys of the folders and files `sources` names, relative to `cwd`: what a walk
/// of them lists is at or under these.
pub fn roots(sources: &Sources, cwd: &Path) -> Vec<PathBuf> {
    match sources {
        Sources::Paths(paths, _) => paths
            .iter()
            .filter(|p| p.as_os_str() != "-")
            .map(|p| key(p, cwd))
            .collect(),
        Sources::Bundled => Vec::new(),
    }
}

/// The index's key for the file at `path`, relative to `cwd`: absolute, without `.`
/// components, as written otherwise (symlinks are not resolved, so a link keeps its own
/// name). Not `std::path::absolute`, which asks the system for the working folder each time:
/// for 100,000 files, that was a tenth of a reopening.
pub fn key(path: &Path, cwd: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    joined
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

impl Catalog {
    /// Walks `sources`, then brings the index in `folder` up to date (or one in memory, when
    /// `folder` is `None` or the sources are not all files), reading files of at most
    /// `max_size` bytes; `progress` hears `(done, to_read)` and answers whether to go on
    /// (see [`super::sync::sync`]).
    pub fn build(
        sources: &Sources,
        folder: Option<&Path>,
        max_size: u64,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> rusqlite::Result<Catalog> {
        Self::build_telling(sources, folder, max_size, progress, &mut |_| true)
    }

    /// [`Catalog::build`], telling `told` what it meets before the files are read ([`Told`]):
    /// that it waits for another `brief`'s build, so that the user is told why nothing moves,
    /// and when the walk has found a second briefing file, so that a library waiting to open
    /// a lone briefing straight need not wait for the rest of the walk (of 10,000 files, most
    /// of its first frame).
    pub fn build_telling(
        sources: &Sources,
        folder: Option<&Path>,
        max_size: u64,
        progress: &mut dyn FnMut(usize, usize) -> bool,
        told: &mut dyn FnMut(Told) -> bool,
    ) -> rusqlite::Result<Catalog> {
        let cwd = std::env::current_dir().unwrap_or_default();
        // Standard input and the built-in briefings are no files to keep an index of.
        let in_memory = match sources {
            Sources::Paths(paths, _) => paths.iter().any(|p| p.as_os_str() == "-"),
            Sources::Bundled => true,
        };
        let (mut archive, mut opened) = match folder {
            Some(folder) if !in_memory => Archive::open(folder),
            _ => (Archive::in_memory(), Opened::New),
        };
        let paths: &[PathBuf] = match sources {
            Sources::Paths(paths, _) => paths,
            Sources::Bundled => &[],
        };
        // Another `brief` bringing this index up to date is waited for, before what the index
        // knows is read: it then knows what the other wrote.
        let Some(_building) = archive.building(&mut || told(Told::Waiting)) else {
            return Err(super::sync::cancelled());
        };
        let named: Vec<(PathBuf, PathBuf)> = (paths.iter())
            .filter(|p| p.as_os_str() != "-")
            .map(|p| (key(p, &cwd), p.clone()))
            .collect();
        // Every folder named by its key (absolute, no `.`): what the walk finds under them is
        // its own key (compared as written: `Path`'s equality skips a `.`).
        let keys_as_named = named.iter().all(|(k, n)| k.as_os_str() == n.as_os_str());
        let mut others = Vec::new();
        let mut unreadable = Vec::new();
        // What the index knows is read, and the files found are looked at, while the folders
        // are walked.
        let looking = Looking::default();
        // The first briefing the walk found (a file's key; `None` inside for another origin),
        // and whether a second, another, has been said.
        let mut first: Option<Option<PathBuf>> = None;
        let mut said = false;
        let mut another = |seen: Option<&Path>| match &first {
            None => first = Some(seen.map(Path::to_path_buf)),
            Some(was) if !said && (seen.is_none() || was.as_deref() != seen) => {
                said = true;
                told(Told::Several);
            }
            Some(_) => {}
        };
        let (known, (files, stats)) = std::thread::scope(|scope| {
            // Borrowed whole by the thread: a connection is used by one thread at a time.
            let held = &mut archive;
            let known = scope.spawn(move || held.known());
            let mut looker = Looker::start(scope, &looking);
            sources.scan_each(Walk::AsFound, |scanned| {
                match scanned {
                    Scanned::Briefing(Origin::File(path)) => {
                        // Found under a folder named by its key: the path is its own key.
                        let key = if keys_as_named {
                            path
                        } else {
                            key(&path, &cwd)
                        };
                        // Folders named twice, or one inside another, find some files
                        // twice: the sync looks at each once.
                        another(Some(&key));
                        looker.push(key);
                    }
                    Scanned::Briefing(other) => {
                        another(None);
                        others.push(other);
                    }
                    Scanned::Problem(path, why) => unreadable.push((path, why)),
                }
                true
            });
            let looked = looker.finish();
            (known.join(), looked)
        });
        let roots = roots(sources, &cwd);
        let synced = match known.unwrap_or_else(|_| archive.known()).and_then(|known| {
            sync_known(
                &mut archive,
                known,
                &roots,
                &files,
                &stats,
                max_size,
                progress,
            )
        }) {
            // Damage the opening did not see: the index is moved aside and built again.
            Err(e) if crate::sqlite::unreadable(&e) => {
                (archive, opened) = archive.start_again();
                sync(&mut archive, &roots, &files, max_size, progress)?
            }
            other => other?,
        };
        let others = (others.into_iter())
            .map(|origin| {
                archive.put_origin(&origin, max_size)?;
                Ok((PathBuf::from(origin.name()), origin))
            })
            .collect::<rusqlite::Result<_>>()?;
        // An index in memory holds this walk alone.
        let scope = if in_memory || archive.path().is_none() {
            Scope::everything()
        } else {
            archive.narrow(Scope::under(&roots))?
        };
        Ok(Catalog {
            scope,
            archive,
            opened,
            synced,
            named,
            others,
            unreadable,
        })
    }

    /// The origin of the file the index knows as `path`, named as the user named the folder
    /// it is in; `None` for a file the index holds from another walk (another archive's),
    /// which this command does not list.
    pub fn origin_at(&self, path: &Path) -> Option<Origin> {
        if let Some(other) = self.others.get(path) {
            return Some(other.clone());
        }
        let (key, named) = self.named.iter().find(|(k, _)| path.starts_with(k))?;
        Some(Origin::File(match path.strip_prefix(key) {
            _ if key.as_os_str() == named.as_os_str() => path.to_path_buf(),
            Ok(rest) if !rest.as_os_str().is_empty() => named.join(rest),
            _ => named.clone(),
        }))
    }

    /// The origin of a listed file, as the walk named it; `None` for a file the index holds
    /// from another walk (another archive's), which this command does not list.
    pub fn origin(&self, listed: &Listed) -> Option<Origin> {
        self.origin_at(&listed.path)
    }

    /// The origin of a listed file: as the walk named it, or by the index's key for a file
    /// the walk did not name.
    pub fn origin_of(&self, listed: &Listed) -> Origin {
        self.origin(listed)
            .unwrap_or_else(|| Origin::File(listed.path.clone()))
    }

    /// Every briefing of this walk, by id, in path order.
    pub fn briefings(&self) -> rusqlite::Result<Vec<(String, Origin)>> {
        let every = super::plan::Plan::default();
        let listed = (self.archive).search(&every, Order::Date, 0, usize::MAX, &self.scope)?;
        let mut out: Vec<(String, Origin)> = (listed.rows.iter())
            .filter_map(|l| Some((l.id.clone()?, self.origin(l)?)))
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(out)
    }

    /// The briefings of this walk that share an id with another of it, as origins.
    pub fn shared_ids(&self) -> rusqlite::Result<Vec<(String, Origin)>> {
        Ok(self
            .archive
            .shared_ids()?
            .into_iter()
            .filter_map(|(id, path)| Some((id, self.origin_at(&path)?)))
            .collect())
    }

    /// Every file of this walk that failed to load, with its problem lines, in path order.
    pub fn failures(&self) -> rusqlite::Result<Vec<(Origin, Vec<String>)>> {
        let mut out: Vec<(Origin, Vec<String>)> = self
            .unreadable
            .iter()
            .map(|(path, why)| {
                let name =
                    crate::briefing::sanitize::quoted(&path.display().to_string()).into_owned();
                (
                    Origin::File(path.clone()),
                    vec![format!("{name}: error: {why}")],
                )
            })
            .collect();
        out.extend(self.archive.failures(|path| self.origin_at(path))?);
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::scan::Symlinks;

    /// A second briefing file is said as the walk finds it, once; one file found twice (its
    /// folder named twice) is one.
    #[test]
    fn a_second_file_is_said_once_as_the_walk_finds_it() {
        let dir = tempfile::tempdir().unwrap();
        let text = crate::bundled::BRIEFINGS[0].1;
        std::fs::write(dir.path().join("a.toml"), text).unwrap();
        let told = |paths: Vec<PathBuf>| {
            let sources = Sources::Paths(paths, Symlinks::Inside);
            let mut told = 0;
            Catalog::build_telling(&sources, None, u64::MAX, &mut |_, _| true, &mut |t| {
                told += usize::from(t == Told::Several);
                true
            })
            .unwrap();
            told
        };
        let folder = dir.path().to_path_buf();
        assert_eq!(told(vec![folder.clone()]), 0);
        assert_eq!(told(vec![folder.clone(), folder.clone()]), 0);
        for name in ["b.toml", "c.toml"] {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        assert_eq!(told(vec![folder.clone()]), 1);
        assert_eq!(told(vec![folder.join("a.toml"), folder.join("b.toml")]), 1);
        assert_eq!(told(vec![folder.join("a.toml"), folder.join("a.toml")]), 0);
    }

    #[test]
    fn files_are_said_back_as_their_folders_were_named_and_found_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("lib");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        let text = crate::bundled::BRIEFINGS[0].1;
        for (f, id) in [("a.toml", "a"), ("sub/b.toml", "b")] {
            std::fs::write(
                root.join(f),
                text.replacen("id = \"", &format!("id = \"{id}-"), 1),
            )
            .unwrap();
        }
        // A folder named with a `.` in it, the folder inside it, and one of its files.
        let dotted = dir.path().join(".").join("lib");
        let paths = vec![dotted.clone(), root.join("sub"), root.join("a.toml")];
        let sources = Sources::Paths(paths, Symlinks::Inside);
        let catalog = Catalog::build(&sources, None, u64::MAX, &mut |_, _| true).unwrap();
        assert_eq!(catalog.synced.read, 2, "each file once");
        let mut names: Vec<String> = (catalog.briefings().unwrap().into_iter())
            .map(|(_, origin)| origin.name())
            .collect();
        names.sort();
        let dotted = dotted.display().to_string();
        assert_eq!(
            names,
            [format!("{dotted}/a.toml"), format!("{dotted}/sub/b.toml")]
        );
        let file = root.join("a.toml");
        assert_eq!(
            catalog.origin_at(&file),
            Some(Origin::File(PathBuf::from(format!("{dotted}/a.toml"))))
        );
        assert_eq!(catalog.origin_at(Path::new("/elsewhere/x.toml")), None);
    }

    #[test]
    fn a_file_has_one_key_however_it_is_named() {
        let cwd = Path::new("/home/ana");
        for named in [
            "briefings/x.toml",
            "./briefings/x.toml",
            "briefings/./x.toml",
            "/home/ana/briefings/x.toml",
        ] {
            assert_eq!(
                key(Path::new(named), cwd),
                Path::new("/home/ana/briefings/x.toml")
            );
        }
        assert_eq!(
            key(Path::new("briefings/"), cwd),
            Path::new("/home/ana/briefings")
        );
    }
}
