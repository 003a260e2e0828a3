//! Generates a typed async Rust client from OpenAPI operations.
//!
//! The pipeline is one pass per concern: [`load`] reads the input into one OpenAPI document,
//! [`lower`] turns it into the plain-data [`ir`] (every name decided there, by [`naming`]),
//! and [`emit`] prints the IR as formatted Rust files. [`generate`] runs the last two and is pure.

// No unwrap/expect/panic outside tests: bad input and bad responses are errors, never aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod emit;
mod error;
pub mod examples;
pub mod extract;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod output;
mod parallel;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use error::Error;
pub use load::Spec;

/// Where generated code goes inside the client crate; every file under it is generated.
pub const GENERATED_DIR: &str = "src/generated";

/// How to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Names the input in file headers (e.g. `spec/`).
    pub source: String,
    /// One Cargo feature per tag, gating its operations and the models only they use; the crate's
    /// `Cargo.toml` is then generated too, to declare them.
    pub tag_features: bool,
}

/// The generated files, keyed by path relative to the client crate's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// File path -> contents.
    pub files: BTreeMap<PathBuf, String>,
    /// Inconsistencies in the spec that the generator resolved, each naming its place.
    pub warnings: Vec<Error>,
}

/// Generates the client's files from a loaded spec.
pub fn generate(spec: &Spec, options: &Options) -> Result<Generated, Error> {
    parallel::with_big_stack(|| generate_here(spec, options))
}

fn generate_here(spec: &Spec, options: &Options) -> Result<Generated, Error> {
    let lowered = lower::lower(&spec.document).map_err(|e| spec.origins.locate(e))?;
    let files = emit::emit(&lowered.api, options).map_err(|e| spec.origins.locate(e))?;
    let warnings = lowered.warnings.into_iter().map(|w| spec.origins.locate(w)).collect();
    Ok(Generated { files, warnings })
}
