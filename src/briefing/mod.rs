//! The briefing format, version 1: model, loading, validation and sanitising.
//!
//! Nothing here knows about terminals: this module could be a library of its own. Loading never
//! panics and never stops at the first problem: [`read_path`] and [`read_stream`] read a file's
//! or a stream's text, and [`load_bytes`] and [`parse`] return an [`Outcome`] holding the
//! briefing (when it has no errors) and every diagnostic.

pub mod diagnostic;
pub mod language;
pub mod marking;
pub mod model;
pub mod parts;
pub mod sanitize;
pub mod schema;
pub mod write;

use std::io::Read;
use std::path::Path;

use toml::de::DeTable;

pub use diagnostic::{Diagnostic, Severity};
pub use model::*;

/// The default cap on a briefing file's size: 4 MiB.
pub const DEFAULT_MAX_SIZE: u64 = 4 * 1024 * 1024;

/// What loading one file produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The file's text (lossily decoded when it is not UTF-8); diagnostic spans point into it.
    pub text: String,
    /// Present when no diagnostic is an error.
    pub briefing: Option<Briefing<'static>>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Outcome {
    /// An outcome with no briefing and one problem.
    pub fn failure(text: String, diagnostic: Diagnostic) -> Self {
        Self {
            text,
            briefing: None,
            diagnostics: vec![diagnostic],
        }
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    /// Every diagnostic as `origin:line:col: severity: message` lines.
    pub fn report(&self, origin: &str) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            out.push_str(&d.render_line(origin, &self.text));
            out.push('\n');
        }
        out
    }
}

/// Parses and validates a briefing held in memory.
pub fn parse(text: String) -> Outcome {
    let (briefing, diagnostics) = parse_then(&text, |briefing, diagnostics| {
        (briefing.map(Briefing::into_owned), diagnostics)
    });
    Outcome {
        text,
        briefing,
        diagnostics,
    }
}

/// Parses and validates `text`, handing `then` the briefing (present when no diagnostic is an
/// error) and every diagnostic in file order. The briefing's strings are borrowed from the
/// parsed document, so nothing is copied: for callers that take what they need and move on,
/// such as the library's index.
pub fn parse_then<R>(
    text: &str,
    then: impl FnOnce(Option<Briefing<'_>>, Vec<Diagnostic>) -> R,
) -> R {
    let (root, errors) = DeTable::parse_recoverable(text);
    let mut diagnostics: Vec<Diagnostic> = errors
        .iter()
        .map(|e| {
            let message = match e.message().trim() {
                // The parser's guard against stack exhaustion, which gives no place.
                "recursion limit" => "keys or values nest too deeply (the limit is 80 levels)",
                other => other,
            };
            Diagnostic::error("syntax", sanitize::quoted(message).into_owned(), e.span())
        })
        .collect();
    if errors.len() > 1
        && let Some(lines) = hardly_any_line_parses(text, &errors)
    {
        let first = diagnostics.swap_remove(0);
        diagnostics = vec![not_toml(text, first, lines)];
    }
    let briefing = if diagnostics.is_empty() {
        schema::build(text, &root, &mut diagnostics)
    } else {
        // The recovered tree of a broken file would only add noise after the syntax errors.
        None
    };
    diagnostics.sort_by_key(|d| {
        let at = d.span.as_ref().map_or(0, |s| s.start);
        (d.stage(), at, d.severity)
    });
    then(briefing, diagnostics)
}

/// When at most one in ten of the lines of `text` that hold a key or a value parses (lines
/// with a comment alone or a `[table]` header alone tell nothing), how many lines hold one of
/// `errors` and how many were counted: the file is not TOML (a key, a log, an INI file of
/// credentials, a `.env` file), and listing a problem per line would only quote it back.
fn hardly_any_line_parses(text: &str, errors: &[toml::de::Error]) -> Option<(usize, usize)> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect();
    let mut bad = vec![false; starts.len()];
    for span in errors.iter().filter_map(toml::de::Error::span) {
        bad[starts.partition_point(|&s| s <= span.start) - 1] = true;
    }
    let (mut wrong, mut counted) = (0, 0);
    for (line, bad) in text.split('\n').zip(bad) {
        let line = line.trim();
        let header = line.starts_with('[') && line.ends_with(']');
        if bad || !(line.is_empty() || line.starts_with('#') || header) {
            counted += 1;
            wrong += usize::from(bad);
        }
    }
    (wrong * 10 >= counted * 9).then_some((wrong, counted))
}

/// The one diagnostic for a file that is not TOML, made from its `first` syntax error: it
/// points at that error, on its line alone, so that nothing more of the file is quoted.
/// `(wrong, counted)`: how many of its lines with keys or values do not parse.
fn not_toml(text: &str, first: Diagnostic, (wrong, counted): (usize, usize)) -> Diagnostic {
    let span = first.span.map(|span| {
        let start = span.start.min(text.len());
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        start..span.end.clamp(start, line_end)
    });
    let lines = if wrong == counted {
        "no line of it parses".to_string()
    } else {
        format!("{wrong} of its {counted} lines do not parse")
    };
    let message = format!(
        "this is not a TOML file: {lines} (the first: {})",
        first.message
    );
    Diagnostic::error("not-toml", message, span)
        .with_help("a briefing is a TOML file; `brief new FILE` writes one to start from")
}

/// Decodes a file's bytes (UTF-8, with or without a byte-order mark) and parses them.
pub fn load_bytes(bytes: Vec<u8>) -> Outcome {
    decode(bytes).map_or_else(|failed| *failed, parse)
}

/// A file's text, or why it cannot be parsed (empty, or not UTF-8).
fn decode(bytes: Vec<u8>) -> Result<String, Box<Outcome>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Box::new(Outcome::failure(
            String::from_utf8_lossy(&bytes).into_owned(),
            Diagnostic::error("empty-file", "the file is empty", None).with_help(
                "start from a template: `format = 1`, then [briefing], [summary] and [[parties]]",
            ),
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        // Map the byte offset into the lossy text: everything before `at` is unchanged.
        Box::new(Outcome::failure(
            text,
            Diagnostic::error("not-utf8", "the file is not valid UTF-8", Some(at..at + 1))
                .with_help("save the file as UTF-8"),
        ))
    })
}

/// Reads at most `max_size` bytes from `reader`; `Err(n)` when there were more (`n` is how
/// many were read before stopping). `size_hint` is the expected size, to read in one go.
pub fn read_capped(
    reader: impl Read,
    max_size: u64,
    size_hint: usize,
) -> std::io::Result<Result<Vec<u8>, u64>> {
    let mut bytes = Vec::with_capacity(size_hint.saturating_add(1));
    reader
        .take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)?;
    let n = bytes.len() as u64;
    Ok(if n > max_size { Err(n) } else { Ok(bytes) })
}

fn too_large(size: Option<u64>, max_size: u64) -> Outcome {
    let message = match size {
        // Rounded, a size just over the limit reads as the limit itself: give the bytes.
        Some(size) if human_size(size).replace(".0 ", " ") == human_size(max_size) => format!(
            "the file is {} bytes, larger than the {} limit ({} bytes)",
            thousands(size),
            human_size(max_size),
            thousands(max_size)
        ),
        Some(size) => format!(
            "the file is {}, larger than the {} limit",
            human_size(size),
            human_size(max_size)
        ),
        None => format!(
            "the input is larger than the {} limit",
            human_size(max_size)
        ),
    };
    Outcome::failure(
        String::new(),
        Diagnostic::error("too-large", message, None)
            .with_help("raise the limit with `--max-size`"),
    )
}

/// A briefing file's text, or why it cannot be parsed. Only regular files are read: anything
/// else (a FIFO, which would wait for a writer forever; a device, which may never end) is
/// refused before it is opened, and the file is opened without waiting, should it have been
/// swapped for one since. Files over `max_size` bytes are refused before they are read.
pub fn read_path(path: &Path, max_size: u64) -> Result<String, Box<Outcome>> {
    let refuse = |message: String| {
        Box::new(Outcome::failure(
            String::new(),
            Diagnostic::error("io", message, None),
        ))
    };
    let check = |metadata: &std::fs::Metadata| match not_a_file(metadata.file_type()) {
        Some(why) => Err(refuse(why)),
        None if metadata.len() > max_size => {
            Err(Box::new(too_large(Some(metadata.len()), max_size)))
        }
        None => Ok(()),
    };
    let cannot_read = |e: std::io::Error| refuse(format!("cannot read: {e}"));
    check(&std::fs::metadata(path).map_err(cannot_read)?)?;
    let file = open_without_waiting(path).map_err(cannot_read)?;
    let metadata = file.metadata().map_err(cannot_read)?;
    check(&metadata)?;
    let size_hint = usize::try_from(metadata.len()).unwrap_or(0);
    read_text(file, max_size, size_hint)
}

/// Opens `path` for reading with `O_NONBLOCK`, which makes no difference to reading a regular
/// file but keeps the open of a FIFO from waiting for a writer.
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
    Ok(rustix::fs::open(path, flags, Mode::empty())?.into())
}

/// Why a file of type `kind` cannot be a briefing, unless it is a regular file.
pub fn not_a_file(kind: std::fs::FileType) -> Option<String> {
    use std::os::unix::fs::FileTypeExt;
    let what = if kind.is_file() {
        return None;
    } else if kind.is_dir() {
        return Some("this is a folder, not a briefing file".into());
    } else if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "neither a file nor a folder"
    };
    Some(format!("not a regular file: this is {what}"))
}

/// The text of a stream such as standard input, at most `max_size` bytes, or why it cannot be
/// parsed.
pub fn read_stream(reader: impl Read, max_size: u64) -> Result<String, Box<Outcome>> {
    read_text(reader, max_size, 0)
}

/// Reads and decodes at most `max_size` bytes, or says why the text cannot be parsed.
fn read_text(reader: impl Read, max_size: u64, size_hint: usize) -> Result<String, Box<Outcome>> {
    match read_capped(reader, max_size, size_hint) {
        Ok(Ok(bytes)) => decode(bytes),
        Ok(Err(_)) => Err(Box::new(too_large(None, max_size))),
        Err(e) => Err(Box::new(Outcome::failure(
            String::new(),
            Diagnostic::error("io", format!("cannot read: {e}"), None),
        ))),
    }
}

/// `4,194,305`: a whole number with its thousands set apart.
pub fn thousands(n: impl ToString) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// `4 MiB`, `50.0 MiB`, `812 bytes`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            return if bytes.is_multiple_of(size) {
                format!("{} {unit}", bytes / size)
            } else {
                format!("{:.1} {unit}", bytes as f64 / size as f64)
            };
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(size: u64, max: u64) -> String {
        too_large(Some(size), max).diagnostics[0].message.clone()
    }

    #[test]
    fn a_size_that_rounds_to_the_limit_is_given_exactly() {
        assert_eq!(
            message(4_194_305, DEFAULT_MAX_SIZE),
            "the file is 4,194,305 bytes, larger than the 4 MiB limit (4,194,304 bytes)"
        );
        assert_eq!(
            message(4_230_000, DEFAULT_MAX_SIZE),
            "the file is 4,230,000 bytes, larger than the 4 MiB limit (4,194,304 bytes)"
        );
        assert_eq!(
            message(50 << 20, DEFAULT_MAX_SIZE),
            "the file is 50 MiB, larger than the 4 MiB limit"
        );
        assert_eq!(
            message(4_300_000, DEFAULT_MAX_SIZE),
            "the file is 4.1 MiB, larger than the 4 MiB limit"
        );
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(3200_usize), "3,200");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
