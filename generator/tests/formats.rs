//! Every input format read as its specification says: YAML 1.2 text, and (normalized on load to
//! the one OpenAPI 3.0 model the generator lowers) OpenAPI 3.1 and Swagger 2.0 documents.

use std::path::PathBuf;

use serde_json::{json, Value};

fn write_temp(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// The loaded document as JSON, to compare with what its source says.
fn loaded(name: &str, text: &str) -> (Value, Vec<String>) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = generator::load::load_path(&write_temp(&dir, name, text)).unwrap_or_else(|e| panic!("{e}"));
    let warnings = spec.warnings.iter().map(ToString::to_string).collect();
    (serde_json::to_value(&spec.document).unwrap_or_else(|e| panic!("{e}")), warnings)
}

#[test]
fn yaml_is_read_as_yaml_1_2() {
    // U+2028 inside a block scalar is text in YAML 1.2 (a line break in 1.1, which broke the
    // block); `on`, `no`, `yes` and `y` are strings in 1.2 (booleans in 1.1, silently changing an enum).
    let text = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    Switch:\n      description: |\n        Turns it \u{2028}on or off.\n      type: string\n      enum: [on, off, yes, no, y, n]\n";
    let (document, _) = loaded("switch.yaml", text);
    let switch = &document["components"]["schemas"]["Switch"];
    assert_eq!(switch["enum"], json!(["on", "off", "yes", "no", "y", "n"]));
    assert_eq!(switch["description"], json!("Turns it \u{2028}on or off.\n"));
}

