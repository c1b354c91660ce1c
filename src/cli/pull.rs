//! `brief pull URL [-o DIR]`: a TAXII 2.1 collection's reports as briefings, through the same
//! import as `brief import stix` ([`super::imported`]), and `brief pull --list URL`: what a
//! server holds. Incremental: the state store remembers, per collection and folder, the
//! server's `X-TAXII-Date-Added-Last` of what was written, and each report's file
//! ([`crate::store::pulls`]), so a later pull asks only for what was added since, and a report
//! pulled again with a later `modified` rewrites its file in place; and the objects each
//! report's briefing was made of, so that a later version of one of them, added alone, brings
//! its report again. Each file is written whole
//! (a temporary file renamed over it) and remembered as soon as it is; the collection's
//! progress only when everything fetched was written.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;

use super::remote::Remote;
use crate::briefing::sanitize;
use crate::store::Store;
use crate::store::location::Location;
use crate::store::pulls::Pulled;
use crate::taxii::pages::later;
use crate::taxii::{Address, Client, discovery, fetch};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Credentials: BRIEF_TAXII_USER and BRIEF_TAXII_PASSWORD, else ~/.netrc.\n\nExit codes:\n  0  every report fetched was written (or was unchanged)\n  1  the server could not be used (down, slow, refused, not TAXII), or a report could not be imported or written\n  2  offline, --no-state, a URL brief will not use, or a usage error"
)]
pub struct Args {
    /// A TAXII 2.1 collection (…/API-ROOT/collections/ID/); with --list, a server's discovery
    /// URL, an API root or a collection.
    url: String,

    /// List the API roots and collections (title, id, read/write, URL) instead of pulling.
    #[arg(long)]
    list: bool,

    /// The folder to write the briefings in. Default: ./briefings, else the first folder of
    /// the configuration's `library`.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,

    /// A marking every briefing carries beside what the server marks (never lowering it);
    /// needed for a report whose marking the collection does not define.
    #[arg(long, value_name = "LABEL")]
    marking: Option<String>,

    /// Ask for this many objects a page.
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10000))]
    limit: u32,

    #[command(flatten)]
    remote: Remote,
}

pub fn run(args: Args, global: &super::Global) -> ExitCode {
    let (address, client) = match args.remote.connect("brief pull", &args.url, global) {
        Ok(connected) => connected,
        Err(code) => return code,
    };
    if args.list {
        return list(&client, &address);
    }
    if let Err(code) = super::remote::collection(&address) {
        return code;
    }
    let marking = args
        .marking
        .map(|m| sanitize::sanitize(&m, sanitize::Lines::Single).into_owned());
    if marking.as_deref().is_some_and(|m| m.trim().is_empty()) {
        super::warn("--marking: the label is empty");
        return ExitCode::from(2);
    }
    let dir = args.output.unwrap_or_else(|| {
        crate::library::source::default_folder(&global.configuration().config.library)
    });
    if let Err(e) = std::fs::create_dir_all(&dir) {
        super::warn(format_args!(
            "{}: cannot make the folder: {e}",
            sanitize::quoted(&dir.display().to_string())
        ));
        return ExitCode::from(1);
    }
    let folder = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
    // What was pulled, and where each report went, is kept in the state store: without it a
    // second pull could not tell an update from a new report.
    let mut store = match &global.state {
        Location::Folder(state) => match super::mark::open_store(state) {
            Some(store) if !store.is_read_only() => store,
            Some(_) => {
                super::warn(
                    "the state store is read-only (a newer brief's): brief pull keeps there \
                     what it pulled; nothing pulled",
                );
                return ExitCode::from(1);
            }
            None => {
                super::warn("brief pull keeps in the state store what it pulled; nothing pulled");
                return ExitCode::from(1);
            }
        },
        Location::Nowhere(_) => {
            super::warn(
                "brief pull keeps in the state store what it pulled (to fetch only what is new, \
                 and to update a report's briefing in place): it does not run with --no-state",
            );
            return ExitCode::from(super::remote::REFUSED);
        }
    };
    let since = match store.pull_progress(address.as_str(), &folder) {
        Ok(since) => since,
        Err(e) => {
            super::warn(e);
            return ExitCode::from(1);
        }
    };
    let terminal = std::io::stderr().is_terminal();
    let mut progress = |pages: usize, objects: usize| {
        if terminal {
            eprint!("\rbrief pull: {pages} page(s), {objects} object(s)\x1b[K");
        }
    };
    let fetched = fetch::fetch(
        &client,
        &address,
        since.as_deref(),
        args.limit as usize,
        &mut progress,
        // Reports pulled before whose briefings were made of an earlier version of an object
        // fetched now: fetched again; an object older than what a briefing was made of: its
        // latest in its place.
        &mut |versions| again(&store, &folder, versions),
    );
    if terminal {
        eprint!("\r\x1b[K");
    }
    let fetched = match fetched {
        Ok(fetched) => fetched,
        Err(e) => {
            super::warn(e);
            super::warn("nothing was written");
            return ExitCode::from(1);
        }
    };
    let bytes = serde_json::to_vec(&fetched.bundle).unwrap_or_default();
    let imported = match crate::import::stix::import(&bytes, marking.as_deref()) {
        Ok(imported) => imported,
        Err(why) => {
            super::warn(format_args!("{}: {why}", address.as_str()));
            return ExitCode::from(1);
        }
    };
    let mut failed = super::imported::said(&imported);
    let modified = modified_by_id(&fetched.bundle);
    let mut counts = Counts::default();
    let made = (imported.briefings.iter())
        .zip(&imported.reports)
        .zip(&imported.made_of);
    for (((file, briefing), report), made_of) in made {
        let modified = modified.get(report.as_str()).copied().unwrap_or("");
        let here = Here {
            store: &mut store,
            folder: &folder,
            dir: &dir,
        };
        match write(here, report, file, briefing, modified, made_of) {
            Ok(Outcome::New) => counts.new += 1,
            Ok(Outcome::Updated) => counts.updated += 1,
            Ok(Outcome::Unchanged) => counts.unchanged += 1,
            Err(why) => {
                super::warn(why);
                failed = true;
            }
        }
    }
    super::imported::not_shown(&imported);
    let mut summary = format!(
        "{} new, {} updated, {} unchanged",
        counts.new, counts.updated, counts.unchanged
    );
    if !imported.ignored.is_empty() {
        summary.push_str(&format!(
            "; ignored: {}",
            super::imported::counted(&imported.ignored)
        ));
    }
    println!("{summary}");
    match (failed, fetched.added_last.as_deref()) {
        (false, Some(last)) => {
            if let Err(e) = store.set_pull_progress(address.as_str(), &folder, last) {
                super::warn(e);
                return ExitCode::from(1);
            }
        }
        (true, _) => super::warn(
            "what this pull fetched is asked for again next time, since not all of it was written",
        ),
        (false, None) => {}
    }
    ExitCode::from(u8::from(failed))
}

/// Of `versions` (STIX ids with their `modified`, objects a pull's pages held), what to fetch
/// again for the briefings pulled into `folder` before: the reports made of an earlier
/// version of one, and those held at a version older than one a briefing was made of. Nothing,
/// said, when the store cannot tell.
fn again(store: &Store, folder: &Path, versions: &[(&str, &str)]) -> fetch::Again {
    let (mut reports, mut latest) = (BTreeSet::new(), BTreeSet::new());
    for (id, modified) in versions {
        match store.made_of(folder, id) {
            Ok(made) => {
                for (report, was) in made {
                    if later(modified, &was) {
                        reports.insert(report);
                    } else if later(&was, modified) {
                        latest.insert(id.to_string());
                    }
                }
            }
            Err(e) => {
                super::warn(format_args!(
                    "{e}: reports whose objects changed are not pulled again"
                ));
                return fetch::Again::default();
            }
        }
    }
    fetch::Again {
        reports: reports.into_iter().collect(),
        latest: latest.into_iter().collect(),
    }
}

/// Where a pull writes: the store that remembers it, the folder (absolute, as the store
/// keys it) and the folder as named.
struct Here<'a> {
    store: &'a mut Store,
    folder: &'a Path,
    dir: &'a Path,
}

/// What became of one report.
enum Outcome {
    New,
    Updated,
    Unchanged,
}

/// Writes report `report`'s briefing (`file` is the name the import gave it) where it goes,
/// whole, and remembers where; says on stderr what it wrote.
fn write(
    here: Here<'_>,
    report: &str,
    file: &str,
    briefing: &crate::briefing::Briefing<'_>,
    modified: &str,
    made_of: &[(String, String)],
) -> Result<Outcome, String> {
    let Here { store, folder, dir } = here;
    let text = super::imported::checked(briefing, &dir.join(format!("{file}.toml")))?;
    let placed = place(store, folder, dir, report, file, modified, &text)?;
    let path = dir.join(&placed.file);
    let name = sanitize::quoted(&path.display().to_string()).into_owned();
    let pulled = Pulled {
        file: placed.file.clone(),
        modified: modified.to_string(),
    };
    if placed.older {
        return Ok(Outcome::Unchanged);
    }
    let same = std::fs::read(&path).is_ok_and(|held| held == text.as_bytes());
    let outcome = if same {
        // A file found holding this very briefing (written by `brief import stix`, or by a
        // pull whose memory is gone) is this report's from now on.
        if !placed.remembered {
            store
                .set_pulled(folder, report, &pulled)
                .map_err(|e| e.to_string())?;
        }
        Outcome::Unchanged
    } else {
        super::output::write(&path, text.as_bytes())
            .map_err(|e| format!("{name}: cannot write: {e}"))?;
        let outcome = if placed.existed {
            eprintln!("updated {name}");
            Outcome::Updated
        } else {
            eprintln!("wrote {name}");
            Outcome::New
        };
        store
            .set_pulled(folder, report, &pulled)
            .map_err(|e| e.to_string())?;
        outcome
    };
    // What it is made of now, for a later version of any of those to bring it again.
    store
        .set_made_of(folder, report, made_of)
        .map_err(|e| e.to_string())?;
    Ok(outcome)
}

#[derive(Debug, Default)]
struct Counts {
    new: usize,
    updated: usize,
    unchanged: usize,
}

/// The `modified` of each object of `bundle`, by id.
fn modified_by_id(bundle: &Value) -> std::collections::HashMap<&str, &str> {
    (bundle.get("objects").and_then(Value::as_array).into_iter())
        .flatten()
        .filter_map(|o| Some((o.get("id")?.as_str()?, o.get("modified")?.as_str()?)))
        .collect()
}

/// Where a report's briefing goes.
struct Placed {
    /// The file's name in the folder.
    file: String,
    /// Whether that file is there already (this report's, from an earlier pull).
    existed: bool,
    /// Whether what was fetched is an earlier version than what was written there.
    older: bool,
    /// Whether the store knows the file as this report's.
    remembered: bool,
}

/// Where report `report` (`modified` as given, its briefing `text`) goes in `dir`: the file an
/// earlier pull wrote it to; else `file`.toml, or with a part of the report's id, then a
/// number, whichever is free first or already holds `text` byte for byte.
fn place(
    store: &Store,
    folder: &Path,
    dir: &Path,
    report: &str,
    file: &str,
    modified: &str,
    text: &str,
) -> Result<Placed, String> {
    if let Some(before) = store.pulled(folder, report).map_err(|e| e.to_string())? {
        let existed = dir.join(&before.file).exists();
        let older = existed
            && !modified.is_empty()
            && !before.modified.is_empty()
            && later(&before.modified, modified);
        return Ok(Placed {
            file: before.file,
            existed,
            older,
            remembered: true,
        });
    }
    let short: String = (report.rsplit("--").next().unwrap_or(""))
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    let mut candidates = vec![format!("{file}.toml")];
    if !short.is_empty() {
        candidates.push(format!("{file}-{short}.toml"));
    }
    candidates.extend((2..100).map(|n| format!("{file}-{short}-{n}.toml")));
    for name in candidates {
        let path = dir.join(&name);
        let Ok(metadata) = std::fs::symlink_metadata(&path) else {
            return Ok(Placed {
                file: name,
                existed: false,
                older: false,
                remembered: false,
            });
        };
        let holds = metadata.is_file()
            && metadata.len() == text.len() as u64
            && std::fs::read(&path).is_ok_and(|held| held == text.as_bytes());
        if holds {
            return Ok(Placed {
                file: name,
                existed: true,
                older: false,
                remembered: false,
            });
        }
    }
    Err(format!(
        "{}: no free file name for {file} in the folder",
        sanitize::quoted(report)
    ))
}

/// `brief pull --list`: every API root and collection at `address`.
fn list(client: &Client, address: &Address) -> ExitCode {
    let roots = match discovery::list(client, address) {
        Ok(roots) => roots,
        Err(e) => {
            super::warn(e);
            return ExitCode::from(1);
        }
    };
    let mut failed = false;
    for root in roots {
        let title = if root.title.is_empty() {
            String::new()
        } else {
            format!("  {}", root.title)
        };
        println!("API root {}{title}", root.url);
        match root.collections {
            Ok(collections) if collections.is_empty() => println!("  (no collections)"),
            Ok(collections) => {
                for c in collections {
                    let rights = match (c.can_read, c.can_write) {
                        (true, true) => "read, write",
                        (true, false) => "read",
                        (false, true) => "write",
                        (false, false) => "no access",
                    };
                    println!("  {}  {}  ({rights})", c.title, c.id);
                    println!("    {}", c.address.as_str());
                }
            }
            Err(e) => {
                super::warn(e);
                failed = true;
            }
        }
    }
    ExitCode::from(u8::from(failed))
}
