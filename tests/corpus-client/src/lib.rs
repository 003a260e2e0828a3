//! The client generated from every "ok" spec of `tests/fixtures/bad-specs/`, every spec of
//! `tests/fixtures/hostile-names/` and of `tests/fixtures/real-world/`, one API module each. It exists to be compiled: whatever the
//! generator accepts must give code that rustc and clippy accept, with no warning.
//!
//! Regenerate with `UPDATE_SNAPSHOTS=1 cargo test -p generator --test main corpus::`.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

/// The runtime this client is generated against, as generated code names it (`crate::runtime`).
pub use generated_client_runtime as runtime;

#[rustfmt::skip]
#[allow(missing_docs, reason = "documented by the generated module's own items")]
mod generated;

pub use generated::*;
pub use runtime::{Additional, ApiError, ClientConfig, Connection, Error, FilePart, FormPart, FormValue, Nullable, Result, Secret};
