//! `brief import stix BUNDLE.json [-o DIR] [--marking LABEL]`: one briefing file per report of a STIX 2.1
//! bundle ([`crate::import::stix`]), each checked by reading it back before it is written,
//! none written over an existing file; what the bundle holds that no briefing can is listed
//! on stderr.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::briefing::sanitize;
use crate::import::stix;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes:\n  0  every report written\n  1  a report or a file could not be written, or the bundle holds none\n  2  the bundle cannot be read, or a usage error"
)]
pub struct Args {
    #[command(subcommand)]
    format: Format,
}

#[derive(Debug, clap::Subcommand)]
enum Format {
    /// Briefings from a STIX 2.1 bundle (JSON): one per report.
    Stix {
        /// The bundle (- for standard input).
        bundle: PathBuf,

        /// The folder to write the briefings in, made if it is not there (default: the
        /// current folder).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,

        /// A marking every briefing carries beside what the bundle marks (never lowering it);
        /// needed for a report whose marking the bundle does not define.
        #[arg(long, value_name = "LABEL")]
        marking: Option<String>,
    },
}

/// The bundle's bytes, refusing more than `max_size`.
fn read(path: &PathBuf, max_size: u64) -> Result<Vec<u8>, String> {
    let name = sanitize::quoted(&path.display().to_string()).into_owned();
    let reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
        Box::new(file)
    };
    let mut bytes = Vec::new();
    reader
        .take(max_size + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name}: cannot read: {e}"))?;
    if bytes.len() as u64 > max_size {
        return Err(format!(
            "{name}: larger than {max_size} bytes; --max-size raises the cap"
        ));
    }
    Ok(bytes)
}

pub fn run(args: Args, global: &super::Global) -> ExitCode {
    let Format::Stix {
        bundle,
        output,
        marking,
    } = args.format;
    let dir = output.unwrap_or_else(|| PathBuf::from("."));
    let marking = marking.map(|m| sanitize::sanitize(&m, sanitize::Lines::Single).into_owned());
    if marking.as_deref().is_some_and(|m| m.trim().is_empty()) {
        super::warn("--marking: the label is empty");
        return ExitCode::from(2);
    }
    let imported =
        match read(&bundle, global.max_size).and_then(|b| stix::import(&b, marking.as_deref())) {
            Ok(imported) => imported,
            Err(why) => {
                super::warn(why);
                return ExitCode::from(2);
            }
        };
    let mut failed = super::imported::said(&imported);
    if imported.briefings.is_empty() {
        super::warn("the bundle holds no report that could be read: nothing written");
        failed = true;
    }
    if !imported.briefings.is_empty()
        && let Err(e) = std::fs::create_dir_all(&dir)
    {
        super::warn(format_args!(
            "{}: cannot make the folder: {e}; nothing written",
            sanitize::quoted(&dir.display().to_string())
        ));
        return ExitCode::from(1);
    }
    for (file, briefing) in &imported.briefings {
        let path = dir.join(format!("{file}.toml"));
        let name = sanitize::quoted(&path.display().to_string()).into_owned();
        let text = match super::imported::checked(briefing, &path) {
            Ok(text) => text,
            Err(why) => {
                super::warn(why);
                failed = true;
                continue;
            }
        };
        // Whole or not at all: a `brief import` stopped midway leaves no half a briefing.
        match super::output::create(&path, text.as_bytes()) {
            Ok(()) => eprintln!("wrote {name}"),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                super::warn(format_args!("{name}: exists: not written over"));
                failed = true;
            }
            Err(e) => {
                super::warn(format_args!("{name}: cannot write: {e}"));
                failed = true;
            }
        }
    }
    super::imported::not_shown(&imported);
    if !imported.ignored.is_empty() {
        super::warn(format_args!(
            "ignored: {}",
            super::imported::counted(&imported.ignored)
        ));
    }
    ExitCode::from(u8::from(failed))
}
