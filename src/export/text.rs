//! The whole briefing as plain text: every tab in order, laid out as the reader shows it,
//! wrapped to a width, with the marking banner first and last. Every line fits the width,
//! headings and the marking included.

use std::io::{self, Write};

use crate::briefing::Briefing;
use crate::document::{self, Document, Role, Wrapped};
use crate::text::display_width;

/// Writes `briefing` as plain text, `width` columns wide (at least 20).
pub fn write(out: &mut dyn Write, briefing: &Briefing, width: u16) -> io::Result<()> {
    let width = width.max(20);
    let marking = head(out, briefing, width)?;
    for tab in document::tabs(briefing) {
        writeln!(out)?;
        write_heading(out, &tab.title, width)?;
        writeln!(out)?;
        write_document(out, &tab.document, width)?;
    }
    if let Some(marking) = marking {
        writeln!(out)?;
        write_document(out, &marking, width)?;
    }
    out.flush()
}

/// Writes the marking, the title and the line under it, wrapped to `width`; returns the
/// marking laid out, to close with.
pub(super) fn head(
    out: &mut dyn Write,
    briefing: &Briefing,
    width: u16,
) -> io::Result<Option<Document>> {
    let marking = briefing.marking.as_ref().map(|text| {
        let mut doc = Document::default();
        doc.text(Role::Body, text);
        doc
    });
    if let Some(doc) = &marking {
        write_document(out, doc, width)?;
    }
    let mut head = Document::default();
    head.text(Role::Heading, &briefing.title);
    head.text(
        Role::Muted,
        &document::build::meta_line(briefing, &document::DateFormat::default()),
    );
    write_document(out, &head, width)?;
    Ok(marking)
}

/// A tab's heading as a rule, `── Title ─────`, the title wrapped under itself when it is
/// too long for one line.
fn write_heading(out: &mut dyn Write, title: &str, width: u16) -> io::Result<()> {
    let mut doc = Document::default();
    doc.para()
        .push(Role::Label, "──")
        .hang(3)
        .push(Role::Heading, title);
    let wrapped = Wrapped::new(&doc, width);
    let last = wrapped.lines.len().saturating_sub(1);
    for (i, line) in wrapped.lines.iter().enumerate() {
        let text = line.plain(&doc);
        let text = text.trim_end();
        let fill = usize::from(width).saturating_sub(display_width(text) + 1);
        if i == last && fill > 0 {
            writeln!(out, "{text} {}", "─".repeat(fill))?;
        } else {
            writeln!(out, "{text}")?;
        }
    }
    Ok(())
}

pub(super) fn write_document(out: &mut dyn Write, doc: &Document, width: u16) -> io::Result<()> {
    for line in &Wrapped::new(doc, width).lines {
        writeln!(out, "{}", line.plain(doc).trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::parse;
    use crate::bundled::BRIEFINGS;

    fn printed(briefing: &Briefing, width: u16) -> String {
        let mut out = Vec::new();
        write(&mut out, briefing, width).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn headings_wrap_to_the_width() {
        let mut b = parse(BRIEFINGS[0].1.to_string()).briefing.unwrap();
        b.parties[0].name = "Armenia".repeat(1500).into();
        b.parties[1].name = "亞塞拜然共和國國防部與邊境衝突".repeat(4).into();
        for width in [20, 33, 80] {
            let out = printed(&b, width);
            let widest = out.lines().map(display_width).max().unwrap();
            assert!(widest <= usize::from(width), "{widest} > {width}");
            assert!(out.contains("── Summary ─"));
        }
        let out = printed(&b, 20);
        let heading: Vec<&str> = out
            .lines()
            .skip_while(|l| !l.starts_with("── 亞"))
            .take(3)
            .collect();
        assert_eq!(
            heading,
            [
                "── 亞塞拜然共和國國",
                "   防部與邊境衝突亞",
                "   塞拜然共和國國防"
            ]
        );
    }
}
