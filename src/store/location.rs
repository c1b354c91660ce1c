//! Where the store lives: `--state-dir DIR`, else `BRIEF_STATE_DIR`, else the XDG data folder
//! (`$XDG_DATA_HOME/brief`, by default `~/.local/share/brief`, on Linux and macOS alike).
//! `--no-state`, or a home that cannot be found, means no store at all.

use std::path::PathBuf;

use etcetera::BaseStrategy;

/// The environment variable that names the state folder.
pub const ENV: &str = "BRIEF_STATE_DIR";

/// Where state is kept, or why it is not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Folder(PathBuf),
    /// Nothing is remembered, and why (for the one notice that says so).
    Nowhere(String),
}

/// The state folder for the command line's `--state-dir` and `--no-state`.
pub fn resolve(state_dir: Option<PathBuf>, no_state: bool) -> Location {
    if no_state {
        return Location::Nowhere("--no-state".into());
    }
    if let Some(dir) = state_dir {
        return Location::Folder(dir);
    }
    if let Some(dir) = std::env::var_os(ENV).filter(|d| !d.is_empty()) {
        return Location::Folder(dir.into());
    }
    match etcetera::base_strategy::Xdg::new() {
        Ok(xdg) => Location::Folder(xdg.data_dir().join("brief")),
        Err(_) => Location::Nowhere("no home folder to keep state in".into()),
    }
}
