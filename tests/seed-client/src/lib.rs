//! The client generated from one docs page (`tests/fixtures/seed-001-...txt`), whose schemas are
//! all inline and unnamed. It shares the hand-written runtime of `generated-client` by path, so
//! it is exactly what the generator would give a user who only had that page.

// No unwrap/expect/panic outside tests: bad input and bad responses are errors, never aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

#[path = "../../../generated-client/src/runtime/mod.rs"]
pub mod runtime;

#[rustfmt::skip]
#[allow(missing_docs, reason = "documented by the generated module's own items")]
mod generated;

pub use generated::*;
pub use runtime::{Additional, ApiError, Client, ClientConfig, Connection, Error, FilePart, FormPart, FormValue, Nullable, Result, Secret};
