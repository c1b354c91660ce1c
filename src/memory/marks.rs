//! What is remembered of each briefing besides its notes: read and flagged ([`Marks`]), and
//! where it was left ([`Spot`]).

/// Read and flagged, of one briefing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    pub read: bool,
    pub flagged: bool,
}

/// Where a briefing was left: its tab, and a place in that tab's text (a block and a byte in
/// it, so a resize or an edit elsewhere does not move it far).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spot {
    pub tab: usize,
    pub block: usize,
    pub offset: usize,
}
