//! Where the compare view's columns go: as many columns as the width holds at
//! [`MIN_COLUMN`] each (two at 80 columns), over the whole width of the terminal rather than
//! the reader's measure, under the same header and above the same status bar as the reader.

use ratatui::layout::Rect;

use super::reader;

/// Narrowest a column gets; below two of these the view falls back to one column.
pub const MIN_COLUMN: u16 = 36;
/// Between columns: a space, a rule, a space (the space right of the rule holds the focus
/// mark).
pub const GAP: u16 = 3;

/// The columns for a screen of one size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// Where the grid goes: the reader's text rows, the terminal's width less a margin each
    /// side.
    pub grid: Rect,
    /// How many columns are shown.
    pub count: usize,
    /// Each column's width.
    pub width: u16,
    /// Whether more than one side would be shown if the screen were wider.
    pub narrowed: bool,
}

impl Columns {
    /// The left edge of column `i`.
    pub fn x(&self, i: usize) -> u16 {
        let step = usize::from(self.width + GAP);
        self.grid.x + u16::try_from(i * step).unwrap_or(u16::MAX)
    }
}

/// The columns for `sides` sides on a screen of `size`; `None` when the reader itself does
/// not fit.
pub fn columns(size: Rect, banner: bool, sides: usize) -> Option<Columns> {
    let areas = reader::areas(size, banner)?;
    let grid = Rect::new(
        size.x + 1,
        areas.text.y,
        size.width.saturating_sub(2),
        areas.text.height,
    );
    let fit = usize::from((grid.width + GAP) / (MIN_COLUMN + GAP)).max(1);
    let count = fit.min(sides.max(1));
    let gaps = u16::try_from(count - 1).unwrap_or(0) * GAP;
    let width = (grid.width.saturating_sub(gaps) / u16::try_from(count).unwrap_or(1)).max(1);
    Some(Columns {
        grid,
        count,
        width,
        narrowed: count == 1 && sides > 1,
    })
}

/// The width a screen needs to show two columns.
pub const TWO_COLUMNS: u16 = 2 * MIN_COLUMN + GAP + 2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_columns_at_80_more_where_the_width_allows() {
        let at = |w, h| columns(Rect::new(0, 0, w, h), false, 4).unwrap();
        assert_eq!((at(80, 24).count, at(80, 24).width), (2, 37));
        assert_eq!(at(120, 40).count, 3);
        assert_eq!(at(200, 50).count, 4, "no more columns than sides");
        let narrow = at(TWO_COLUMNS - 1, 24);
        assert!(narrow.count == 1 && narrow.narrowed);
        assert_eq!(at(TWO_COLUMNS, 24).count, 2);
        for c in [at(80, 24), at(120, 40), at(200, 50)] {
            assert!(c.width >= MIN_COLUMN);
            let right = c.x(c.count - 1) + c.width;
            assert!(right <= c.grid.right(), "{c:?}");
        }
        let one_side = columns(Rect::new(0, 0, 200, 50), false, 1).unwrap();
        assert!(one_side.count == 1 && !one_side.narrowed);
    }
}
