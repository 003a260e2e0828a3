//! The client generated from one docs page (`tests/fixtures/seed-001-...txt`), whose schemas are
//! all inline and unnamed. It uses the runtime crate as any generated client does, so
//! it is exactly what the generator would give a user who only had that page.

// No unwrap/expect/panic outside tests: bad input and bad responses are errors, never aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

/// The runtime this client is generated against, as generated code names it (`crate::runtime`).
pub use generated_client_runtime as runtime;

#[rustfmt::skip]
#[allow(missing_docs, reason = "documented by the generated module's own items")]
mod generated;

pub use generated::*;
pub use runtime::{Additional, ApiError, ClientConfig, Connection, Error, FilePart, FormPart, FormValue, Nullable, Result, Secret};
