//! The generator under bad input: every file in `tests/fixtures/bad-specs/` either generates
//! (code that parses, with warnings where the spec is inconsistent) or fails with an error that
//! names the file and a JSON pointer, as `expected.txt` there says. Never a panic or a stack
//! overflow; inputs too large to keep in the repository are built here.

use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/bad-specs")
}

/// `Ok(warning count)` or `Err(error text)`, on a thread with a generous stack: syn re-parses
/// the output here, and a 60-deep `Vec<Vec<...>>` is deep for a debug build's frames.
fn outcome(path: &Path) -> Result<usize, String> {
    let path = path.to_path_buf();
    std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(move || outcome_here(&path))
        .unwrap_or_else(|e| panic!("{e}"))
        .join()
        .unwrap_or_else(|_| panic!("the generator panicked"))
}

fn outcome_here(path: &Path) -> Result<usize, String> {
    let options = generator::Options { source: "bad".into(), tag_features: false };
    let spec = generator::load::load_path(path).map_err(|e| e.to_string())?;
    let api = generator::ApiInput { module: "bad".into(), source: "bad".into(), spec };
    let generated = generator::generate(&[api], &options).map_err(|e| e.to_string())?;
    for (file, text) in &generated.files {
        if file.extension().is_some_and(|e| e == "rs") {
            syn::parse_file(text).map_err(|e| format!("{}: generated code does not parse: {e}", file.display()))?;
        }
    }
    Ok(generated.warnings.len())
}

fn check(path: &Path, expected: &str) {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    match (outcome(path), expected.strip_prefix("error ")) {
        (Ok(_), None) => assert_eq!(expected, "ok", "{name}"),
        (Err(error), Some(needle)) => {
            assert!(error.contains(name), "{name}: the error does not name the file: {error}");
            assert!(error.contains("#/"), "{name}: the error has no JSON pointer: {error}");
            assert!(error.contains(needle), "{name}: expected `{needle}` in: {error}");
        }
        (Ok(warnings), Some(_)) => panic!("{name}: expected an error, generated with {warnings} warnings"),
        (Err(error), None) => panic!("{name}: expected success, got: {error}"),
    }
}

#[test]
fn every_corpus_file_generates_or_fails_clearly() {
    let listing = std::fs::read_to_string(corpus().join("expected.txt")).unwrap_or_else(|e| panic!("{e}"));
    let mut listed = Vec::new();
    for line in listing.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (file, expected) = line.split_once(": ").unwrap_or_else(|| panic!("bad line {line}"));
        check(&corpus().join(file), expected);
        listed.push(file.to_owned());
    }
    let mut present: Vec<String> = std::fs::read_dir(corpus())
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "expected.txt")
        .collect();
    present.sort();
    listed.sort();
    assert_eq!(present, listed, "every corpus file has an expectation");
    assert!(listed.len() >= 40, "{} inputs", listed.len());
}

fn write_temp(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// A document with one operation returning `schema_name`, and these component schemas.
fn document(schema_name: &str, schemas: serde_json::Value) -> String {
    let reference = format!("#/components/schemas/{schema_name}");
    serde_json::json!({
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"get": {"operationId": "x", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": reference}}}}}}}},
        "components": {"schemas": schemas}
    })
    .to_string()
}

#[test]
fn a_ten_thousand_value_enum_generates() {
    let values: Vec<String> = (0..10_000).map(|i| format!("VALUE_{i}")).collect();
    let text = document("Big", serde_json::json!({"Big": {"type": "string", "enum": values}}));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome(&write_temp(&dir, "big-enum.json", &text)), Ok(0));
}

#[test]
fn two_thousand_levels_of_nesting_are_an_error_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let deep = format!("{}{}", r#"{"type": "array", "items": "#.repeat(2000), "}".repeat(2000));
    let json = format!(r#"{{"openapi": "3.0.1", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{"Deep": {}}}}}}}"#, deep.replace("\"items\": }", "\"items\": {}}"));
    let error = outcome(&write_temp(&dir, "deep.json", &json)).err().unwrap_or_default();
    assert!(error.contains("deep.json") && error.contains("recursion limit"), "{error}");
    let yaml = format!("openapi: 3.0.1\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {}{}\n", "[".repeat(2000), "]".repeat(2000));
    let error = outcome(&write_temp(&dir, "deep.yaml", &yaml)).err().unwrap_or_default();
    assert!(error.contains("deep.yaml") && error.contains("recursion limit"), "{error}");
}

#[test]
fn a_fifty_megabyte_spec_generates() {
    let example = "x".repeat(1_000_000);
    let schemas: serde_json::Map<String, serde_json::Value> = (0..50)
        .map(|i| (format!("S{i}"), serde_json::json!({"type": "object", "properties": {"a": {"type": "string", "example": example}}})))
        .collect();
    let text = document("S0", serde_json::Value::Object(schemas));
    assert!(text.len() > 50_000_000);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome(&write_temp(&dir, "big.json", &text)), Ok(0));
}

#[test]
fn a_failed_run_writes_nothing() {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_generator"))
        .arg("--spec")
        .arg(corpus().join("09-dangling-schema-ref.json"))
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(status.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&status.stderr).contains("09-dangling-schema-ref.json#/"));
    assert_eq!(std::fs::read_dir(out.path()).map(|d| d.count()).ok(), Some(0));
}

/// Every place a schema that says what its values are is still kept as `serde_json::Value` is a
/// warning naming its pointer; an `enum` without a `type` is typed by its values instead.
#[test]
fn every_fallback_to_free_json_is_a_warning_naming_the_pointer() {
    let path = corpus().join("51-untyped-fallbacks.json");
    let spec = generator::load::load_path(&path).unwrap_or_else(|e| panic!("{e}"));
    let api = generator::ApiInput { module: "bad".into(), source: "bad".into(), spec };
    let options = generator::Options { source: "bad".into(), tag_features: false };
    let generated = generator::generate(&[api], &options).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    for property in ["negated", "nullType", "mixedEnum", "mixedAllOf"] {
        let at = format!("#/components/schemas/Thing/properties/{property}:");
        assert!(warnings.iter().any(|w| w.contains(&at) && w.contains("kept as free JSON")), "{property}: {warnings:#?}");
    }
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    let thing = generated.files.iter().find(|(p, _)| p.ends_with("models/thing.rs")).map(|(_, t)| t.as_str()).unwrap_or_default();
    assert!(thing.contains("pub string_enum: ::std::option::Option<crate::bad::models::ThingStringEnum>"), "{thing}");
    assert!(thing.contains("pub integer_enum: ::std::option::Option<i64>"), "{thing}");
    assert!(thing.contains("pub anything: ::std::option::Option<::serde_json::Value>"), "{thing}");
}

/// One run reports every problem of a document, each with its pointer, not only the first.
#[test]
fn every_problem_of_a_document_is_reported_at_once() {
    let text = serde_json::json!({
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MissingA"}}}}}}},
            "/b": {"get": {"operationId": "b", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MissingB"}}}}}}},
            "/c": {"get": {"operationId": "c", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Good"}}}}}}}
        },
        "components": {"schemas": {
            "Good": {"type": "object", "properties": {"x": {"type": "string"}}},
            "Bad": {"type": "object", "properties": {"y": {"$ref": "other.json#/Thing"}}}
        }}
    })
    .to_string();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let error = outcome(&write_temp(&dir, "many.json", &text)).err().unwrap_or_default();
    let lines: Vec<&str> = error.lines().collect();
    assert_eq!(lines.len(), 3, "{error}");
    assert!(lines.iter().all(|l| l.contains("many.json#/")), "{error}");
    for needle in ["MissingA", "MissingB", "other.json"] {
        assert!(error.contains(needle), "{needle} in {error}");
    }
}

/// A component file whose name is not UTF-8 cannot name its component: an error naming the file,
/// not a component called "".
#[cfg(unix)]
#[test]
fn a_component_file_whose_name_is_not_utf8_is_named_in_the_error() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let operation = r##"{"operationId": "x", "method": "get", "path": "/x", "responses": {"200": {"description": "ok"}}}"##;
    std::fs::create_dir_all(dir.path().join("operations/things")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("operations/things/x.json"), operation).unwrap_or_else(|e| panic!("{e}"));
    let schemas = dir.path().join("components/schemas");
    std::fs::create_dir_all(&schemas).unwrap_or_else(|e| panic!("{e}"));
    let name = std::ffi::OsStr::from_bytes(b"bad\xff.json");
    std::fs::write(schemas.join(name), r#"{"type": "string"}"#).unwrap_or_else(|e| panic!("{e}"));
    let error = generator::load::load_path(dir.path()).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("bad") && error.contains("must be UTF-8"), "{error}");
}
