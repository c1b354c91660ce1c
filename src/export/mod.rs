//! Writing a briefing out of the reader: [`text`] as the reader lays it out, [`markdown`] for
//! documents and chat, and [`compare`] for the parties side by side. All put the marking
//! banner first and last.

pub mod compare;
pub mod markdown;
pub mod stix;
pub mod text;
