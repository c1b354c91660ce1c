//! Many briefings: where they come from ([`source`]), finding them under folders ([`scan`]),
//! the text of each that search looks at ([`fields`]), their ids ([`ids`]), the search
//! language over them ([`query`]), what the memory says of them ([`recall`]), where a hit is
//! ([`excerpt`]) and the text it is found in, read off the key path ([`texts`]). The index that
//! holds them is [`crate::archive`].

pub mod excerpt;
pub mod fields;
pub mod ids;
pub mod query;
pub mod recall;
pub mod scan;
pub mod source;
pub mod texts;
