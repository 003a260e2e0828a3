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
pub mod pointer;

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
    /// One Cargo feature per API and one per API and tag, gating its operations and the models
    /// only they use; the crate's `Cargo.toml` is then generated too, to declare them.
    pub tag_features: bool,
}

/// One API to generate: a loaded document and the module it becomes.
#[derive(Debug, Clone)]
pub struct ApiInput {
    /// The Rust module below the crate root (`isc`, `v3`); also the prefix of its features.
    pub module: String,
    /// Names the input in file headers (e.g. `spec/v3/`).
    pub source: String,
    /// The loaded document.
    pub spec: Spec,
}

/// How generated file headers name an input: its path below `root`, with a trailing `/` for a
/// folder (`spec/v3/`).
pub fn source_label(path: &std::path::Path, root: &std::path::Path) -> String {
    let shown = path.strip_prefix(root).unwrap_or(path).display().to_string();
    if path.is_dir() { format!("{shown}/") } else { shown }
}

/// The generated files, keyed by path relative to the client crate's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// File path -> contents.
    pub files: BTreeMap<PathBuf, String>,
    /// Inconsistencies in the spec that the generator resolved, each naming its place.
    pub warnings: Vec<Error>,
}

/// Generates the client's files from the loaded APIs, one module each over the shared runtime.
pub fn generate(apis: &[ApiInput], options: &Options) -> Result<Generated, Error> {
    parallel::with_big_stack(|| generate_here(apis, options))
}

fn generate_here(inputs: &[ApiInput], options: &Options) -> Result<Generated, Error> {
    let mut apis = Vec::with_capacity(inputs.len());
    let wanted: Vec<String> = inputs.iter().map(|i| i.module.clone()).collect();
    let (modules, mut warnings) = lower::names::api_modules(&wanted);
    let mut errors = Vec::new();
    for (input, module) in inputs.iter().zip(&modules) {
        let spec = &input.spec;
        warnings.extend(spec.warnings.iter().cloned());
        match lower::lower_with_names(&spec.document, module, &spec.type_names) {
            Ok(lowered) => {
                warnings.extend(lowered.warnings.into_iter().map(|w| spec.origins.locate(w)));
                apis.push(lowered.api);
            }
            Err(error) => errors.push(spec.origins.locate(error)),
        }
    }
    if let Some(error) = Error::all(errors) {
        return Err(error);
    }
    lower::assign_connections(&mut apis);
    let mut files = BTreeMap::new();
    for (api, input) in apis.iter().zip(inputs) {
        files.extend(emit::api_files(api, &input.source, options).map_err(|e| input.spec.origins.locate(e))?);
    }
    files.extend(emit::crate_files(&apis, options)?);
    Ok(Generated { files, warnings })
}
