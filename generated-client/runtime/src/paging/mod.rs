//! Lists page after page: by offset or cursor ([`paginate`]), and a search past 10,000 results
//! by the sort values of the last document ([`search`]).

pub(crate) mod paginate;
pub(crate) mod search;
