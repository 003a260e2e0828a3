//! Recursive types: a required property that must hold its own type again admits no finite
//! value, so it is read as optional (and said so) rather than making decoding start from a value
//! that never ends.

use serde_json::{json, Value};

fn generate(schemas: Value) -> (std::collections::BTreeMap<String, String>, Vec<String>) {
    let document = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/things": {"get": {"operationId": "listThings", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}
        }}}}},
        "components": {"schemas": schemas}
    });
    let path = std::path::Path::new("recursive.json");
    let spec = generator::load::load_text(path, &document.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let api = generator::ApiInput { module: "recursive".into(), source: "recursive".into(), spec };
    let options = generator::Options { source: "recursive".into(), tag_features: false };
    let generated = generator::generate(&[api], &options).unwrap_or_else(|e| panic!("{e}"));
    let models = generated.files.into_iter().filter(|(p, _)| p.to_string_lossy().contains("/models/")).map(|(p, t)| (p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), t)).collect();
    (models, generated.warnings.iter().map(ToString::to_string).collect())
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_required_property_that_must_hold_its_own_type_again_is_read_as_optional() {
    let (models, warnings) = generate(json!({
        "Thing": {"type": "object", "required": ["name", "parent"], "properties": {
            "name": {"type": "string"},
            "parent": {"$ref": "#/components/schemas/Thing"}
        }},
        "Left": {"type": "object", "required": ["right"], "properties": {"right": {"$ref": "#/components/schemas/Right"}}},
        "Right": {"type": "object", "required": ["left", "thing"], "properties": {
            "left": {"$ref": "#/components/schemas/Left"},
            "thing": {"$ref": "#/components/schemas/Thing"}
        }},
        "Tree": {"type": "object", "required": ["children", "up"], "properties": {
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}},
            "up": {"allOf": [{"$ref": "#/components/schemas/Tree"}], "nullable": true}
        }}
    }));
    let thing = flat(&models["thing.rs"]);
    assert!(thing.contains("pub parent: ::std::option::Option< ::std::boxed::Box<crate::recursive::models::Thing>, >"), "{thing}");
    assert!(thing.contains("pub fn new(name: ::std::string::String)"), "{thing}");
    assert!(flat(&models["left.rs"]).contains("pub fn new() -> Self"));
    // Right holds a Thing, which is finite once its parent is optional: only the cycle is relaxed.
    assert!(flat(&models["right.rs"]).contains("pub fn new(thing: crate::recursive::models::Thing)"), "{}", models["right.rs"]);
    // A list may be empty and `null` ends a chain: both stay required.
    assert!(flat(&models["tree.rs"]).contains("pub fn new(children: ::std::vec::Vec<crate::recursive::models::Tree>)"), "{}", models["tree.rs"]);
    let relaxed: Vec<&String> = warnings.iter().filter(|w| w.contains("no finite value can")).collect();
    assert_eq!(relaxed.len(), 3, "{warnings:#?}");
    for pointer in ["#/components/schemas/Thing/properties/parent", "#/components/schemas/Left/properties/right", "#/components/schemas/Right/properties/left"] {
        assert!(relaxed.iter().any(|w| w.contains(pointer)), "{pointer} in {relaxed:#?}");
    }
}
