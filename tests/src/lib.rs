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
