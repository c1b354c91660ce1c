//! Many briefings: where they come from ([`source`]), finding them under folders ([`scan`]),
//! loading them in the background ([`loader`]), what the library keeps of each ([`index`]),
//! their ids ([`ids`]), and the search language over them ([`query`]).

pub mod ids;
pub mod index;
pub mod loader;
pub mod query;
pub mod recall;
pub mod scan;
pub mod source;
