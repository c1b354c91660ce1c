//! What each tab of a briefing shows, as blocks of styled text, and how they wrap to a width.
//!
//! A [`Document`] is built once per tab from the briefing ([`build`]); it is wrapped once per
//! width into [`wrap::Wrapped`] lines that the reader draws a slice of and that `brief print`
//! writes out. Styles are semantic [`Role`]s: the UI maps them to a theme, plain text ignores
//! them. No terminal code lives here.

pub mod build;
pub mod changes;
pub mod citation;
pub mod compare;
pub mod dates;
pub mod diff;
pub mod notes;
pub mod source;
pub mod wrap;

use std::ops::Range;

use crate::briefing::parts::Part;

pub use build::{Originals, Presentation, Tab, TabKind, tabs};
pub use dates::DateFormat;
pub use wrap::{Anchor, Line, Seg, Wrapped};

/// What a piece of text is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Body,
    /// A section heading such as `KEY POINTS`.
    Heading,
    /// The bottom line up front.
    Bluf,
    /// A speaker's own words.
    Quote,
    /// The quote bar beside a quote.
    QuoteBar,
    /// The briefing author's own judgement, never the reporting's.
    Comment,
    /// The label that opens an analyst comment.
    CommentLabel,
    /// Who said something: the speaker's name.
    Speaker,
    /// The rest of an attribution line: role, date, source.
    Attribution,
    /// An Admiralty grade such as `B2`.
    Badge,
    /// Labels and notes that matter less than the text around them.
    Muted,
    /// The wording as the source printed it.
    Original,
    /// List bullets and timeline periods.
    Label,
    /// A timeline entry's title.
    EventTitle,
    /// The header row of a table.
    TableHeader,
    /// An analyst's own note, and the label that opens it.
    Note,
    NoteLabel,
    /// Text removed since the briefing was last read, shown where it stood.
    Removed,
    /// A web address, shown and never opened.
    Url,
}

/// A stretch of a block's text with one role; runs cover the text in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub range: Range<usize>,
    pub role: Role,
}

/// A unit of layout: a paragraph, a table or a blank line.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// All the text of the block; runs and cells index into it.
    pub text: String,
    pub kind: BlockKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// An empty line between blocks.
    Blank,
    /// Wrapped text. A `\n` in the text forces a line break.
    Para(Para),
    /// Rows of cells in aligned columns; the first row is the header.
    Table(Table),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub runs: Vec<Run>,
    /// Columns left empty before the paragraph.
    pub indent: u16,
    /// Drawn before every line of the paragraph, after the indent (a quote bar).
    pub gutter: Option<(&'static str, Role)>,
    /// A label drawn before the first line with the body indented past it (a bullet, a
    /// timeline period).
    pub hang: Option<Hang>,
}

/// The first `label_len` bytes of a paragraph's text are a label set apart in a column of
/// `width` columns (fewer when the screen is narrow).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hang {
    pub label_len: usize,
    pub width: u16,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    /// Cell ranges into the block's text; row 0 is the header.
    pub rows: Vec<Vec<Range<usize>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub role: Role,
    /// Whether the column takes a share of spare width (long text) or only what it needs.
    pub flexible: bool,
}

/// The blocks of one tab, top to bottom, and which of them show each part of the briefing
/// (a key point, a statement, a timeline entry), in order: what the reader's focus moves
/// between.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
    pub items: Vec<Item>,
    /// The blocks, in order, that are not the briefing's own (notes, text removed since the
    /// last reading): places are kept in the briefing's own blocks ([`Document::base`]), so
    /// that adding a note does not move them.
    pub extras: Vec<usize>,
}

/// The blocks that show one part of the briefing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub part: Part,
    pub blocks: Range<usize>,
    /// Only these bytes of its one block (a row of a table).
    pub bytes: Option<Range<usize>>,
}

impl Item {
    /// Whether the text at `offset` in `block` is part of this item.
    pub fn holds(&self, block: usize, offset: usize) -> bool {
        self.blocks.contains(&block) && self.bytes.as_ref().is_none_or(|b| b.contains(&offset))
    }
}

impl Document {
    /// Records that the blocks added by `add` show `part`.
    pub fn item(&mut self, part: Part, add: impl FnOnce(&mut Self)) {
        let start = self.blocks.len();
        add(self);
        let blocks = start..self.blocks.len();
        if !blocks.is_empty() {
            self.items.push(Item {
                part,
                blocks,
                bytes: None,
            });
        }
    }

    /// The item that the text at `offset` in `block` belongs to, if any.
    pub fn item_at(&self, block: usize, offset: usize) -> Option<usize> {
        let first = self.items.partition_point(|it| it.blocks.end <= block);
        (first..self.items.len())
            .take_while(|&i| self.items[i].blocks.start <= block)
            .find(|&i| self.items[i].holds(block, offset))
    }

    /// Block `block`'s place among the briefing's own blocks (an extra block's is the next
    /// own block's).
    pub fn base(&self, block: usize) -> usize {
        block - self.extras.partition_point(|&e| e < block)
    }

    /// The block at place `base` among the briefing's own blocks: the inverse of
    /// [`Document::base`].
    pub fn from_base(&self, base: usize) -> usize {
        let mut block = base;
        for &e in &self.extras {
            if e > block {
                break;
            }
            block += 1;
        }
        block
    }

    /// A blank line that is not the briefing's own.
    pub fn blank_extra(&mut self) {
        self.extras.push(self.blocks.len());
        self.blank();
    }

    /// A paragraph that is not the briefing's own.
    pub fn para_extra(&mut self) -> ParaBuilder<'_> {
        self.extras.push(self.blocks.len());
        self.para()
    }

    pub fn blank(&mut self) {
        self.blocks.push(Block {
            text: String::new(),
            kind: BlockKind::Blank,
        });
    }

    /// Starts a paragraph; add text with [`ParaBuilder::push`].
    pub fn para(&mut self) -> ParaBuilder<'_> {
        self.blocks.push(Block {
            text: String::new(),
            kind: BlockKind::Para(Para {
                runs: Vec::new(),
                indent: 0,
                gutter: None,
                hang: None,
            }),
        });
        let block = self.blocks.last_mut().expect("just pushed");
        ParaBuilder { block }
    }

    /// A one-run paragraph.
    pub fn text(&mut self, role: Role, text: &str) {
        self.para().push(role, text);
    }

    pub fn heading(&mut self, text: &str) {
        self.text(Role::Heading, &text.to_uppercase());
    }
}

/// Adds styled text to the paragraph just started.
pub struct ParaBuilder<'d> {
    block: &'d mut Block,
}

impl ParaBuilder<'_> {
    fn para(&mut self) -> &mut Para {
        match &mut self.block.kind {
            BlockKind::Para(p) => p,
            _ => unreachable!("ParaBuilder only wraps paragraphs"),
        }
    }

    pub fn push(&mut self, role: Role, text: &str) -> &mut Self {
        if text.is_empty() {
            return self;
        }
        let start = self.block.text.len();
        self.block.text.push_str(text);
        let end = self.block.text.len();
        let runs = &mut self.para().runs;
        match runs.last_mut() {
            Some(last) if last.role == role && last.range.end == start => last.range.end = end,
            _ => runs.push(Run {
                range: start..end,
                role,
            }),
        }
        self
    }

    pub fn indent(&mut self, columns: u16) -> &mut Self {
        self.para().indent = columns;
        self
    }

    pub fn gutter(&mut self, text: &'static str, role: Role) -> &mut Self {
        self.para().gutter = Some((text, role));
        self
    }

    /// Makes what was pushed so far the hanging label, in a column `width` wide.
    pub fn hang(&mut self, width: u16) -> &mut Self {
        let label_len = self.block.text.len();
        self.para().hang = Some(Hang { label_len, width });
        self
    }
}
