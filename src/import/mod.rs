//! Briefings made from what other tools exchange: [`stix`], a STIX 2.1 bundle's reports, with
//! their [`marking`] never lowered and what they refer to [`shown`].

pub mod marking;
pub mod shown;
pub mod stix;
