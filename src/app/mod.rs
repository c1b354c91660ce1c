//! The interface's state and the one place it changes: screens, overlays, the search line,
//! the open briefing and the library, the actions keys map to, and the key tables. No
//! drawing and no terminal: [`crate::ui`] draws this state, [`crate::terminal`] runs it.

pub mod action;
pub mod changes;
pub mod compare;
pub mod drafts;
pub mod editor;
pub mod effect;
pub mod focus;
pub mod keymap;
pub mod library;
pub mod memory;
pub mod mouse;
pub mod notes;
pub mod overlay;
pub mod reader;
pub mod reading;
pub mod search_line;
pub mod searches;
pub mod state;
