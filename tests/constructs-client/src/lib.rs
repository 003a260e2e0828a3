//! The client generated from `tests/fixtures/constructs.yaml`, a small spec using every construct
//! the generator supports. It shares the hand-written runtime of `generated-client` by path, so
//! it is exactly what the generator gives for that spec.

// No unwrap/expect/panic outside tests: bad input and bad responses are errors, never aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

#[path = "../../../generated-client/src/runtime/mod.rs"]
pub mod runtime;

#[rustfmt::skip]
#[allow(missing_docs, reason = "documented by the generated module's own items")]
mod generated;

pub use generated::*;
pub use runtime::{Additional, ApiError, Client, ClientConfig, Connection, Error, FilePart, FormPart, FormValue, Nullable, Result, Secret};
