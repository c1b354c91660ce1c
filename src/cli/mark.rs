//! `brief mark read|unread|flag|unflag PATH...`: the reader's marks, for scripts. Each path is
//! loaded for its briefing's id (a folder for every briefing under it), and all are marked in
//! one transaction. A file without an id whose file's name another file holds
//! ([`crate::memory::Claim`]) is not marked, and why is said. Marking read remembers each briefing's text as read, as reading it does,
//! so that `brief diff --since-read` and the reader show what changes after. Files that fail
//! to load are reported and the rest are still marked. Also opens the store for the other
//! commands, those that write and those that only read it, so that a damaged one is treated
//! alike by all: moved aside, said once, and a new one started.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::library::source::Sources;
use crate::memory::Held;
use crate::store::Store;
use crate::store::location::Location;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes:\n  0  marked\n  1  some files failed to load, or have no id and share their file's name with the file remembered under it (the rest are marked), or the store cannot be written\n  2  usage error, or --no-state"
)]
pub struct Args {
    /// What to mark them.
    #[arg(value_enum)]
    what: What,

    /// Briefing files and folders (searched for *.toml).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum What {
    Read,
    Unread,
    Flag,
    Unflag,
}

/// What the store at `state` remembers, for commands that filter by it: nothing when there is
/// no store yet, or when state is off. The store is only read.
pub fn remembered(state: &Location) -> Result<Held, String> {
    let Location::Folder(dir) = state else {
        return Ok(Held::default());
    };
    let read = |store: Store| -> Result<Held, crate::store::StoreError> {
        Ok(Held {
            marks: store.marks()?,
            seen: store.seen()?,
            notes: store.notes()?,
            unnamed: store.unnamed()?,
            ..Held::default()
        })
    };
    match read_store(dir) {
        Ok(Some(store)) => read(store).map_err(|e| e.to_string()),
        Ok(None) => Ok(Held::default()),
        Err(e) => Err(e.to_string()),
    }
}

pub fn run(args: Args, global: &super::Global) -> ExitCode {
    let dir = match &global.state {
        Location::Folder(dir) => dir,
        Location::Nowhere(why) => {
            super::warn(format_args!("nothing can be marked: {why}"));
            return ExitCode::from(2);
        }
    };
    let sources = Sources::Paths(args.paths, global.symlinks);
    let (briefings, failed) = match super::indexed(&sources, global) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let Some(mut store) = open_store(dir) else {
        return ExitCode::from(1);
    };
    // A file without an id whose name another file holds is not marked: it would mark that
    // file's memory.
    let unheld = super::unheld(&briefings, Some(&mut store), global.max_size);
    let failed = failed || !unheld.is_empty();
    // Two files with one id: the first is the one read, as in the reader and `brief notes`.
    let mut found = std::collections::HashSet::new();
    let mut briefings: Vec<_> = (briefings.into_iter())
        .filter(|(id, origin)| !unheld.contains(origin) && found.insert(id.clone()))
        .collect();
    briefings.sort_by(|a, b| a.0.cmp(&b.0));
    let ids: Vec<String> = briefings.iter().map(|(id, _)| id.clone()).collect();
    let max_size = global.max_size;
    let done = match args.what {
        What::Read => store.set_read_as(briefings.into_iter().map(|(id, origin)| {
            let text = origin.text(max_size).ok().map(std::borrow::Cow::into_owned);
            (id, text)
        })),
        What::Unread => store.set_read(&ids, false),
        What::Flag | What::Unflag => store.set_flagged(&ids, args.what == What::Flag),
    };
    if let Err(e) = done {
        super::warn(e);
        return ExitCode::from(1);
    }
    let what = match args.what {
        What::Read => "read",
        What::Unread => "unread",
        What::Flag => "flagged",
        What::Unflag => "unflagged",
    };
    let s = if ids.len() == 1 { "" } else { "s" };
    let _ = writeln!(std::io::stdout(), "marked {} briefing{s} {what}", ids.len());
    ExitCode::from(u8::from(failed))
}

/// Opens the state store in `dir` for a command that writes to it, saying on stderr what
/// opening it found (moved aside, newer) or why it cannot be used.
/// The store in `dir` for a command that only reads state (none when there is none yet); one
/// that cannot be read is moved aside and a new one started, as [`open_store`] does, and the
/// user told so here, once.
pub(super) fn read_store(dir: &std::path::Path) -> Result<Option<Store>, crate::store::StoreError> {
    Ok(Store::open_to_read(dir)?.map(|(store, found)| {
        if let Some(message) = found.message() {
            super::warn(message);
        }
        store
    }))
}

pub(super) fn open_store(dir: &std::path::Path) -> Option<Store> {
    match Store::open(dir) {
        Ok((store, found)) => {
            if let Some(message) = found.message() {
                super::warn(message);
            }
            Some(store)
        }
        Err(e) => {
            super::warn(e);
            None
        }
    }
}
