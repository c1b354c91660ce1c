//! The whole briefing as plain text: every tab in order, laid out as the reader shows it,
//! wrapped to a width, with the marking banner first and last.

use std::io::{self, Write};

use crate::briefing::Briefing;
use crate::document::{self, Document, Role, Wrapped, wrap::display_width};

/// Writes `briefing` as plain text, `width` columns wide (at least 20).
pub fn write(out: &mut dyn Write, briefing: &Briefing, width: u16) -> io::Result<()> {
    let width = width.max(20);
    if let Some(marking) = &briefing.marking {
        writeln!(out, "{marking}")?;
    }
    let mut head = Document::default();
    head.text(Role::Heading, &briefing.title);
    head.text(Role::Muted, &document::build::meta_line(briefing));
    write_document(out, &head, width)?;
    for tab in document::tabs(briefing) {
        writeln!(out)?;
        let title = format!("── {} ", tab.title);
        let fill = usize::from(width).saturating_sub(display_width(&title));
        writeln!(out, "{title}{}", "─".repeat(fill))?;
        writeln!(out)?;
        write_document(out, &tab.document, width)?;
    }
    if let Some(marking) = &briefing.marking {
        writeln!(out)?;
        writeln!(out, "{marking}")?;
    }
    out.flush()
}

fn write_document(out: &mut dyn Write, doc: &Document, width: u16) -> io::Result<()> {
    for line in &Wrapped::new(doc, width).lines {
        writeln!(out, "{}", line.plain(doc).trim_end())?;
    }
    Ok(())
}
