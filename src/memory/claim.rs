//! Who holds a file's name: a briefing without an id is remembered under its file's name
//! ([`super::state_key`]), and only one file of that name may use that memory. [`Claim`] says
//! whether a file is the one, and [`refusal`] why another is shown nothing remembered.

use std::path::{Path, PathBuf};

/// Whether a briefing without an id may use the memory held under its file's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// It is the file that memory belongs to (or the first to ask for it).
    Own,
    /// Another file holds that memory: this one gets none (no notes, no marks, no reading).
    Other(PathBuf),
}

/// Whether `a` and `b` are one file: the same path, or two spellings of it (a symbolic
/// link, `..`) that the system resolves to the same place.
pub fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(a), Ok(b)) if a == b
        )
}

/// Why `file`, which has no id, is shown nothing remembered under `key`: `holder`, another
/// file of the same name, is remembered under it (empty: a file not known, whose memory was
/// kept before files of one name were told apart). Names are quoted for a terminal.
pub fn refusal(file: &Path, key: &str, holder: &Path) -> String {
    let quoted =
        |p: &Path| crate::briefing::sanitize::quoted(&p.display().to_string()).into_owned();
    if holder.as_os_str().is_empty() {
        return format!(
            "{} has no id, and what is remembered as {} was kept before brief told files of one \
             name apart, of another text than this file's: nothing remembered is shown or kept \
             for this one; give it an id (brief check suggests one)",
            quoted(file),
            crate::briefing::sanitize::quoted(key)
        );
    }
    format!(
        "{} has no id and another file, {}, is remembered as {}: nothing remembered is shown \
         or kept for this one; give it an id (brief check suggests one)",
        quoted(file),
        quoted(holder),
        crate::briefing::sanitize::quoted(key)
    )
}
