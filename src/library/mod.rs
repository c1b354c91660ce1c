//! Many briefings: finding them under folders ([`scan`]), what the library keeps of each
//! ([`index`]), and the search language over them ([`query`]).

pub mod index;
pub mod query;
pub mod scan;
