//! `brief`: a terminal reader for analyst news briefings.
//!
//! The modules, from the data outwards:
//!
//! - [`text`]: width, cuts and folding of text as a terminal shows it and search compares
//!   it, and fingerprints of texts; the ground floor.
//! - [`words`]: sequences (the words of two texts, the blocks of two layouts) compared within
//!   a budget, so that no diff takes long whatever the texts.
//! - [`sqlite`]: what the store and the index share as SQLite files: opening one private,
//!   telling a damaged one, moving it aside, with errors that name which file it is.
//! - [`briefing`]: the format (v1): model, loading with a size cap, validation with precise
//!   diagnostics, sanitising of untrusted text, TLP labels. No terminal code.
//! - [`bundled`]: the briefings compiled into the binary.
//! - [`memory`]: the types of what the analyst's memory holds (marks, places, notes, the
//!   fingerprint of the text last read) and the key it holds them under; below the store that
//!   keeps them and everything that uses them.
//! - [`document`]: what each tab shows, as styled blocks, and how they wrap to a width. Shared
//!   by the reader and by `brief print`; no terminal code.
//! - [`config`]: the user's configuration (`config.toml`): keys, theme, measure, dates.
//! - [`import`]: briefings made from what other tools exchange (a STIX 2.1 bundle's reports).
//! - [`export`]: briefings written out: plain text, Markdown and the compare view for
//!   `brief print`, a STIX 2.1 bundle for `brief export`.
//! - [`taxii`]: TAXII 2.1, the transport `brief pull` and `brief push` speak: checked
//!   addresses, credentials, the one HTTP client, paging, what a server lists, what a push
//!   sends; the only module that touches the network.
//! - [`store`]: the analyst's memory (read, flagged, where each briefing was left, notes) kept
//!   in SQLite.
//! - [`library`]: many briefings: where they come from, finding and loading them, ids, the
//!   search language, excerpts.
//! - [`archive`]: the search index of an archive in SQLite (FTS5), brought up to date
//!   incrementally: the query compiled into a typed plan, answered as a listing for the
//!   library and `brief list`.
//! - [`geometry`]: where each region of a screen goes and how far lists scroll; used by `app`
//!   and `ui` alike, touching no buffer.
//! - [`app`]: the interface's state, actions, key tables and the effects it asks of the
//!   event loop. No drawing, no terminal.
//! - [`ui`]: drawing: `render(&App, &Theme, &mut Frame)`, one file per region.
//! - [`terminal`]: the real terminal and the event loop that joins `app` and `ui` to it.
//! - [`cli`]: the command line and what each command does.

pub mod app;
pub mod archive;
pub mod briefing;
pub mod bundled;
pub mod cli;
pub mod config;
pub mod document;
pub mod export;
pub mod geometry;
pub mod import;
pub mod library;
pub mod memory;
pub mod sqlite;
pub mod store;
pub mod taxii;
pub mod terminal;
pub mod text;
pub mod ui;
pub mod words;
