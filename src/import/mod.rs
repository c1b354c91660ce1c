//! Briefings made from what other tools exchange: [`stix`], a STIX 2.1 bundle's reports.

pub mod stix;
