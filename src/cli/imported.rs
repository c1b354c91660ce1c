//! What `brief import stix` and `brief pull` share once a bundle is imported
//! ([`crate::import::stix`]): each briefing's text, checked by reading it back before it is
//! written (what is written must pass `brief check`); what the import had to say; and the
//! closing lines of what was not shown and what was ignored.

use std::collections::BTreeMap;
use std::path::Path;

use crate::briefing::Briefing;
use crate::import::stix::Imported;

/// The text of `briefing`, to be written at `path`, once it reads back; else why not.
pub(super) fn checked(briefing: &Briefing, path: &Path) -> Result<String, String> {
    let text = crate::briefing::write::toml(briefing);
    let outcome = crate::briefing::parse(text.clone());
    if outcome.errors().next().is_some() {
        return Err(format!(
            "{}: not written: the briefing made from the report does not read back \
             (a bug in brief):\n{}",
            crate::briefing::sanitize::quoted(&path.display().to_string()),
            outcome.report(&path.display().to_string())
        ));
    }
    Ok(text)
}

/// Says the import's problems and notices on stderr: whether there were problems.
pub(super) fn said(imported: &Imported) -> bool {
    for why in &imported.problems {
        super::warn(why);
    }
    for notice in &imported.notices {
        super::warn(notice);
    }
    !imported.problems.is_empty()
}

/// `3 indicator objects, 1 identity object`.
pub(super) fn counted(counts: &BTreeMap<String, usize>) -> String {
    let list: Vec<String> = (counts.iter())
        .map(|(kind, n)| format!("{n} {kind} object{}", if *n == 1 { "" } else { "s" }))
        .collect();
    list.join(", ")
}

/// Says on stderr what the key points do not name.
pub(super) fn not_shown(imported: &Imported) {
    if !imported.not_shown.is_empty() {
        super::warn(format_args!(
            "not shown (the key points name the first {} of each type a report refers to): {}",
            crate::import::shown::PER_TYPE,
            counted(&imported.not_shown)
        ));
    }
}
