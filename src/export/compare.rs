//! `brief print --compare`: the parties' statements side by side, as the reader's compare
//! view lays them out ([`crate::document::compare`]). In plain text, as many columns as the
//! width holds, in bands when the sides do not all fit, or one section per side when the
//! width cannot hold two columns; in Markdown, one table with a column per side.

use std::io::{self, Write};

use super::markdown::{attribution, escape};
use crate::briefing::Briefing;
use crate::briefing::parts::Part;
use crate::document::DateFormat;
use crate::document::build::{Presentation, paragraphs};
use crate::document::compare::{Grid, NONE_RECORDED, Side, day_label, rows};
use crate::document::notes::Annotations;
use crate::geometry::compare::{GAP, MIN_COLUMN};
use crate::library::query::{Query, Words};
use crate::text::display_width;

/// `── text ─────` filling `width` (the text cut when it is longer).
fn rule(text: &str, width: usize) -> String {
    let label = format!("── {text} ");
    let fill = width.saturating_sub(display_width(&label));
    crate::text::truncate(&format!("{label}{}", "─".repeat(fill)), width).into_owned()
}

/// Writes the comparison as plain text, `width` columns wide (at least 20).
pub fn write_text(out: &mut dyn Write, b: &Briefing, width: u16) -> io::Result<()> {
    let width = width.max(20);
    let marking = super::text::head(out, b, width)?;
    let sides = Side::all(b);
    let fit = usize::from((width + GAP) / (MIN_COLUMN + GAP));
    let bands: Vec<&[Side]> = if fit < 2 {
        sides.chunks(1).collect()
    } else {
        sides.chunks(fit).collect()
    };
    if sides.is_empty() {
        writeln!(out)?;
        said(out, "The briefing records no statements.", width)?;
    }
    for band in bands {
        writeln!(out)?;
        band_text(out, b, band, width)?;
    }
    if let Some(marking) = marking {
        writeln!(out)?;
        super::text::write_document(out, &marking, width)?;
    }
    out.flush()
}

/// A sentence of the comparison's own, wrapped to `width`.
fn said(out: &mut dyn Write, sentence: &str, width: u16) -> io::Result<()> {
    let mut doc = crate::document::Document::default();
    doc.text(crate::document::Role::Body, sentence);
    super::text::write_document(out, &doc, width)
}

/// One band of columns: their titles, then the rows under their days' labels.
fn band_text(out: &mut dyn Write, b: &Briefing, sides: &[Side], width: u16) -> io::Result<()> {
    let n = u16::try_from(sides.len()).unwrap_or(1).max(1);
    let column = (width.saturating_sub(GAP * (n - 1)) / n).max(1);
    let c = usize::from(column);
    let pad = |text: &str| {
        let text = crate::text::truncate(text, c);
        let fill = c.saturating_sub(display_width(&text));
        format!("{text}{}", " ".repeat(fill))
    };
    let titles: Vec<String> = (sides.iter())
        .map(|s| pad(&format!("{} ({})", s.title(b), s.len(b))))
        .collect();
    writeln!(out, "{}", titles.join(" │ ").trim_end())?;
    writeln!(out, "{}", "═".repeat(usize::from(width)))?;
    let grid = Grid::new(
        b,
        sides,
        column,
        &Annotations::default(),
        &Presentation::default(),
        &Words::folded(&Query::default()),
        None,
    );
    if grid.rows.is_empty() {
        said(out, NONE_RECORDED, width)?;
    }
    for (r, (row, laid)) in grid.rows.iter().zip(&grid.laid).enumerate() {
        if row.opens_day {
            if r > 0 {
                writeln!(out)?;
            }
            writeln!(
                out,
                "{}\n",
                rule(
                    &day_label(row.day, &DateFormat::default()),
                    usize::from(width)
                )
            )?;
        } else {
            writeln!(out)?;
        }
        for k in 0..laid.height - laid.cells_at - 1 {
            let cells: Vec<String> = (0..sides.len())
                .map(|col| {
                    let text = grid
                        .cell(r, col)
                        .and_then(|cell| Some(cell.wrapped.lines.get(k)?.plain(&cell.document)));
                    let silent = r == 0 && k == 0 && sides[col].len(b) == 0;
                    pad(text
                        .as_deref()
                        .unwrap_or(if silent { NONE_RECORDED } else { "" }))
                })
                .collect();
            writeln!(out, "{}", cells.join(" │ ").trim_end())?;
        }
    }
    Ok(())
}

/// Writes the comparison as Markdown: the marking first and last, then one table with a
/// column per side and a row per row of the view, its day in the first column.
pub fn write_markdown(out: &mut dyn Write, b: &Briefing) -> io::Result<()> {
    let marking = super::markdown::head(out, b)?;
    writeln!(out, "## Side by side\n")?;
    let sides = Side::all(b);
    if sides.is_empty() {
        writeln!(out, "*The briefing records no statements.*\n")?;
    } else {
        let titles: Vec<String> = sides.iter().map(|s| escape(s.title(b))).collect();
        writeln!(out, "| Date | {} |", titles.join(" | "))?;
        writeln!(out, "|---|{}", "---|".repeat(sides.len()))?;
        for row in rows(b, &sides) {
            let cells: Vec<String> = (row.cells.iter())
                .map(|part| part.map_or_else(String::new, |p| cell_markdown(b, p)))
                .collect();
            writeln!(
                out,
                "| {} | {} |",
                escape(&day_label(row.day, &DateFormat::default())),
                cells.join(" | ")
            )?;
        }
        writeln!(out)?;
    }
    if let Some(m) = &marking {
        writeln!(out, "---\n\n{m}")?;
    }
    out.flush()
}

/// One statement on one line, for a table cell: the words (a quote in quotation marks),
/// the attribution line, and the original wording.
fn cell_markdown(b: &Briefing, part: Part) -> String {
    let (s, actor) = match part {
        Part::Statement { party, index } => (
            b.parties.get(party).and_then(|p| p.statements.get(index)),
            None,
        ),
        Part::Reaction(i) => (
            b.reactions.get(i).map(|r| &r.statement),
            b.reactions.get(i).map(|r| &r.actor),
        ),
        _ => (None, None),
    };
    let Some(s) = s else {
        return String::new();
    };
    let text = escape(&paragraphs(&s.text).join(" "));
    let mut cell = match s.kind {
        crate::briefing::StatementKind::Quote => format!("“{text}”"),
        crate::briefing::StatementKind::Paraphrase => text,
    };
    if let Some(language) = s.translated_from(b.language.as_deref()) {
        cell.push_str(&format!(" *(translated from {})*", escape(&language)));
    }
    if let Some(actor) = actor {
        cell = format!("**{}:** {cell}", escape(actor));
    }
    cell.push(' ');
    cell.push_str(&attribution(s, b));
    if let Some(o) = &s.original {
        let text = paragraphs(&o.text).join(" ");
        cell.push_str(&format!(
            " · *Original ({}):* {}",
            escape(&o.language),
            escape(&text)
        ));
    }
    cell
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::parse;
    use crate::bundled::BRIEFINGS;

    fn bundled() -> Briefing<'static> {
        parse(BRIEFINGS[0].1.to_string()).briefing.unwrap()
    }

    #[test]
    fn text_fits_the_width_in_columns_or_sections() {
        let b = bundled();
        for width in [20, 40, 74, 75, 80, 120, 200] {
            let mut out = Vec::new();
            write_text(&mut out, &b, width).unwrap();
            let text = String::from_utf8(out).unwrap();
            let widest = text.lines().map(display_width).max().unwrap();
            assert!(widest <= usize::from(width), "{widest} > {width}");
            let columns = text.lines().any(|l| l.contains(" │ "));
            assert_eq!(columns, width >= 2 * MIN_COLUMN + GAP, "at {width}");
            for name in [
                "Armenia (2)",
                "Azerbaijan (2)",
                "Russia (3)",
                "Reactions (3)",
            ] {
                assert!(text.contains(name), "{name} at {width}");
            }
        }
    }

    #[test]
    fn markdown_is_one_table_with_a_column_per_side() {
        let b = bundled();
        let mut out = Vec::new();
        write_markdown(&mut out, &b).unwrap();
        let text = String::from_utf8(out).unwrap();
        let table: Vec<&str> = text.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(
            table[0],
            "| Date | Armenia | Azerbaijan | Russia | Reactions |"
        );
        // A header, its rule, and three rows (Russia and the reactions have three each).
        assert_eq!(table.len(), 5);
        for row in table.iter().filter(|r| !r.starts_with("|---")) {
            assert_eq!(row.matches(" | ").count(), 4, "{row}");
        }
        assert!(table[2].contains("**United States:** Said it was deeply concerned"));
        assert!(text.starts_with("**TLP:CLEAR**") && text.trim_end().ends_with("**TLP:CLEAR**"));
    }
}
