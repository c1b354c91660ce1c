//! Many briefings: finding them under folders ([`scan`]).

pub mod scan;
