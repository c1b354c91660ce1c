//! Many briefings: where they come from ([`source`]), finding them under folders ([`scan`]),
//! the text of each that search looks at ([`fields`]), their ids ([`ids`]), the search
//! language over them ([`query`]) and where a hit is ([`excerpt`]). The index that holds
//! them is [`crate::archive`].

pub mod excerpt;
pub mod fields;
pub mod ids;
pub mod query;
pub mod recall;
pub mod scan;
pub mod source;
