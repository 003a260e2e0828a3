//! Helpers shared by the workspace tests.

use std::path::PathBuf;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(std::path::Path::to_path_buf).unwrap_or_default()
}

/// The docs page the project started from, with its schemas inline.
pub fn seed_page() -> PathBuf {
    workspace_root().join("tests/fixtures/seed-001-replace-provisioning-policy.txt")
}

/// Loads one API's spec (a folder, a bundled document or a docs page) as module `module`.
pub fn load_api(spec: &std::path::Path, module: &str) -> generator::ApiInput {
    let loaded = generator::load::load_path(spec).unwrap_or_else(|e| panic!("{e}"));
    generator::ApiInput { module: module.to_owned(), source: generator::source_label(spec, &workspace_root()), spec: loaded }
}

/// Loads every API of a folder of APIs (`spec/`), as `cargo run -p generator` does.
pub fn load_apis(dir: &std::path::Path) -> Vec<generator::ApiInput> {
    let folders = generator::load::api_folders(dir).unwrap_or_else(|e| panic!("{e}"));
    folders.iter().map(|(module, path)| load_api(path, module)).collect()
}
