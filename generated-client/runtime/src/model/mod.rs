//! The types generated models are made of, besides their fields' own: the properties a model
//! keeps beyond its fields ([`additional`]), a property that may be absent, `null` or a value
//! ([`nullable`]), string enums that keep unlisted values ([`enums`]), and JSON Patch ([`patch`]).

pub(crate) mod additional;
pub(crate) mod enums;
pub(crate) mod nullable;
pub(crate) mod patch;
