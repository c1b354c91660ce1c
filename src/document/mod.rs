//! What each tab of a briefing shows, as blocks of styled text, and how they wrap to a width.
//!
//! A [`Document`] is built once per tab from the briefing ([`build`]); it is wrapped once per
//! width into [`wrap::Wrapped`] lines that the reader draws a slice of and that `brief print`
//! writes out. Styles are semantic [`Role`]s: the UI maps them to a theme, plain text ignores
//! them. No terminal code lives here.

pub mod build;
pub mod wrap;

use std::ops::Range;

pub use build::{Tab, TabKind, tabs};
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

/// The blocks of one tab, top to bottom.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
}

impl Document {
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
