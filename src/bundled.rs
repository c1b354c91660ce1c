//! The briefings shipped inside the binary, so `brief` works from any folder with no files.
//!
//! Each entry is the file name under `briefings/` and its text. A test checks that every file
//! in that folder is listed here.

/// `(file name, TOML text)` of each bundled briefing, newest first.
pub const BRIEFINGS: &[(&str, &str)] = &[(
    "2022-09-12-armenia-azerbaijan-border.toml",
    include_str!("../briefings/2022-09-12-armenia-azerbaijan-border.toml"),
)];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_briefings_is_bundled() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/briefings");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut bundled: Vec<String> = BRIEFINGS.iter().map(|(n, _)| n.to_string()).collect();
        bundled.sort();
        assert_eq!(on_disk, bundled);
    }

    #[test]
    fn every_bundled_briefing_loads_without_warnings() {
        for (name, text) in BRIEFINGS {
            let outcome = crate::briefing::parse(text.to_string());
            assert!(outcome.diagnostics.is_empty(), "{}", outcome.report(name));
            assert!(outcome.briefing.is_some());
        }
    }
}
