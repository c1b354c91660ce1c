//! `brief new`: a commented briefing to fill in, from the template in `assets/template/`, its
//! trailing comments lined up in one column whatever the length of the values filled in.
//! What it writes passes `brief check` as written, and it never overwrites a file unless asked.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::briefing::sanitize;
use crate::briefing::schema::id_from;

const BRIEFING: &str = include_str!("../../assets/template/briefing.toml");
const PARTY: &str = include_str!("../../assets/template/party.toml");

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the new briefing.
    path: PathBuf,

    /// The briefing's title.
    #[arg(long, default_value = "Untitled briefing")]
    title: String,

    /// The parties, comma-separated; each gets a tab.
    #[arg(long, value_delimiter = ',', default_value = "Party A,Party B")]
    parties: Vec<String>,

    /// Overwrite the file if it exists.
    #[arg(long)]
    force: bool,
}

/// A TOML string holding `text`, quoted and escaped.
fn toml_string(text: &str) -> String {
    use toml_writer::TomlWrite;
    let mut out = String::new();
    out.value(toml_writer::TomlStringBuilder::new(text).as_basic())
        .expect("writing to a String cannot fail");
    out
}

/// The id a new briefing at `path` gets: its file name without `.toml`, made into an id.
fn id_for(path: &std::path::Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    stem.as_deref()
        .and_then(id_from)
        .unwrap_or_else(|| "briefing".into())
}

/// The template filled in with `id`, `title`, today's date and one section per party.
pub fn template(id: &str, title: &str, parties: &[String], today: time::Date) -> String {
    let mut sections = String::new();
    let mut seen: Vec<String> = Vec::new();
    for party in parties.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        // Party names must be unique; a repeated one would not pass `brief check`.
        if seen.iter().any(|s| s.eq_ignore_ascii_case(party)) {
            continue;
        }
        seen.push(party.to_string());
        sections.push_str(&PARTY.replace("{{party}}", &toml_string(party)));
    }
    if sections.is_empty() {
        sections = PARTY.replace("{{party}}", &toml_string("Party A"));
    }
    let title = if title.trim().is_empty() {
        "Untitled briefing"
    } else {
        title.trim()
    };
    let date = format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    let filled = BRIEFING
        .replace("{{id}}", &toml_string(id))
        .replace("{{title}}", &toml_string(title))
        .replace("{{date}}", &date)
        .replace("{{year}}", &today.year().to_string())
        .replace("{{parties}}", &sections);
    align_comments(&filled)
}

/// The least column the template's trailing comments start at.
const COMMENT_COLUMN: usize = 42;

/// Where the trailing comment of `line` starts: a `#` outside any string, after two spaces or
/// more, that is not the line's first character.
fn trailing_comment(line: &str) -> Option<usize> {
    let (mut in_string, mut escaped) = (false, false);
    let first = line.len() - line.trim_start().len();
    for (at, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '#' if !in_string && at > first && line[..at].ends_with("  ") => return Some(at),
            _ => {}
        }
    }
    None
}

/// `line`'s code, without the spaces after it, and its trailing comment.
fn split(line: &str) -> Option<(&str, &str)> {
    trailing_comment(line).map(|at| (line[..at].trim_end(), &line[at..]))
}

/// `text` with every trailing comment moved to one column: [`COMMENT_COLUMN`], or two past the
/// longest line's code where values are longer.
fn align_comments(text: &str) -> String {
    use crate::text::display_width;
    let column = (text.lines().filter_map(split))
        .map(|(code, _)| display_width(code) + 2)
        .fold(COMMENT_COLUMN, usize::max);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        match split(body) {
            Some((code, comment)) => {
                let pad = column - display_width(code);
                out.push_str(&format!("{code}{}{comment}{end}", " ".repeat(pad)));
            }
            None => out.push_str(line),
        }
    }
    out
}

pub fn run(args: Args) -> ExitCode {
    let today = time::OffsetDateTime::now_utc().date();
    let text = template(&id_for(&args.path), &args.title, &args.parties, today);
    let shown = sanitize::quoted(&args.path.display().to_string()).into_owned();
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .create_new(!args.force)
        .open(&args.path);
    let written = file.and_then(|mut f| f.write_all(text.as_bytes()));
    match written {
        Ok(()) => {
            let command = super::shell_word(&args.path);
            let note = format!("wrote {shown}\nnext: edit it, then run `brief check {command}`\n");
            let _ = io::stdout().write_all(note.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            super::warn(format_args!(
                "{shown} already exists; pass --force to overwrite it"
            ));
            ExitCode::from(1)
        }
        Err(e) => {
            super::warn(format_args!("cannot write {shown}: {e}"));
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::parse;

    fn day() -> time::Date {
        time::Date::from_calendar_date(2026, time::Month::November, 5).unwrap()
    }

    #[test]
    fn the_template_passes_check_as_written() {
        let text = template(
            "2026-11-05-untitled",
            "Untitled briefing",
            &["Party A".into(), "Party B".into()],
            day(),
        );
        let outcome = parse(text);
        assert!(
            outcome.diagnostics.is_empty(),
            "{}",
            outcome.report("template")
        );
        let b = outcome.briefing.unwrap();
        assert_eq!(b.date.iso_date(), "2026-11-05");
        assert_eq!(b.parties.len(), 2);
        assert_eq!(b.id.as_deref(), Some("2026-11-05-untitled"));
    }

    /// The display columns trailing comments start at, over the whole text.
    fn comment_columns(text: &str) -> Vec<usize> {
        let mut columns: Vec<usize> = (text.lines())
            .filter_map(|l| trailing_comment(l).map(|at| crate::text::display_width(&l[..at])))
            .collect();
        columns.sort_unstable();
        columns.dedup();
        columns
    }

    #[test]
    fn comments_line_up_in_one_column_whatever_the_values() {
        let long_id = "2026-11-05-a-very-long-briefing-name-indeed-about-the-talks-ok";
        for (id, title, party) in [
            ("2026-11-05-untitled", "Untitled briefing", "Party A"),
            (long_id, "Talks", "Party A"),
            ("x", "東京 talks", "Côte d'Ivoire # not a comment"),
        ] {
            let text = template(id, title, &[party.to_string()], day());
            assert_eq!(comment_columns(&text).len(), 1, "{text}");
            assert!(comment_columns(&text)[0] >= COMMENT_COLUMN);
            assert!(parse(text.clone()).diagnostics.is_empty(), "{text}");
        }
        // The template's own lines keep their column.
        let text = template("x", "t", &["Party A".into()], day());
        assert_eq!(comment_columns(&text), [COMMENT_COLUMN]);
    }

    #[test]
    fn the_id_comes_from_the_file_name() {
        let id = |p: &str| id_for(std::path::Path::new(p));
        assert_eq!(id("briefings/2026-11-05-talks.toml"), "2026-11-05-talks");
        assert_eq!(id("Talks in Tallinn.toml"), "Talks-in-Tallinn");
        assert_eq!(id("Şuşa–Kəlbəcər.toml"), "ŞuşaKəlbəcər");
        assert_eq!(id("東京 2024.toml"), "東京-2024");
        assert_eq!(id("✦.toml"), "briefing");
    }

    #[test]
    fn awkward_titles_and_parties_stay_valid_toml() {
        let parties = [
            "Côte d'Ivoire".to_string(),
            "\"Quoted\" \\ side".into(),
            "".into(),
            "côte d'ivoire".into(),
        ];
        let text = template(
            "awkward",
            "A \"title\" with \u{1b}[31m and \\",
            &parties,
            day(),
        );
        let outcome = parse(text);
        assert!(
            outcome.diagnostics.is_empty(),
            "{}",
            outcome.report("template")
        );
        let b = outcome.briefing.unwrap();
        assert_eq!(b.title, "A \"title\" with ␛[31m and \\");
        let names: Vec<&str> = b.parties.iter().map(|p| p.name.as_ref()).collect();
        assert_eq!(names, ["Côte d'Ivoire", "\"Quoted\" \\ side"]);
    }
}
