//! Writing a briefing out of the reader: [`text`] as the reader lays it out, [`markdown`] for
//! documents and chat. Both put the marking banner first and last.

pub mod markdown;
pub mod text;
