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


fn fixture(name: &str) -> (Value, Vec<String>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/real-world").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    loaded(name, &text)
}

#[test]
fn openapi_3_1_is_read_as_3_0() {
    let (document, warnings) = fixture("openapi-3.1.yaml");
    let pet = &document["components"]["schemas"]["Pet"]["properties"];
    assert_eq!(pet["tag"], json!({"type": "string", "nullable": true}));
    assert_eq!(pet["kind"]["enum"], json!(["dog"]));
    assert_eq!(pet["id"]["example"], json!("p-1"));
    // A reference beside a null alternative is the referenced type, nullable.
    assert_eq!(pet["owner"], json!({"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": true}));
    assert_eq!(pet["friend"]["$ref"], json!("#/components/schemas/Owner"));
    assert_eq!((&pet["age"]["minimum"], &pet["age"]["exclusiveMinimum"]), (&json!(0), &json!(true)));
    assert_eq!((&pet["age"]["maximum"], &pet["age"]["exclusiveMaximum"]), (&json!(100), &json!(true)));
    assert_eq!((&pet["photo"]["format"], &pet["raw"]["format"]), (&json!("byte"), &json!("binary")));
    assert_eq!(pet["point"]["items"], json!({"anyOf": [{"type": "number"}, {"type": "number"}]}));
    assert_eq!(pet["id_or_name"]["anyOf"], json!([{"type": "integer"}, {"type": "string"}]));
    // `$defs` entries become components of their own; path items are read where they are used.
    assert_eq!(pet["collar"]["$ref"], json!("#/components/schemas/Collar"));
    assert_eq!(document["components"]["schemas"]["Collar"]["properties"]["color"], json!({"type": "string"}));
    assert_eq!(document["paths"]["/pets/{id}"]["get"]["operationId"], json!("getPet"));
    assert_eq!(document["openapi"], json!("3.0.1"));
    let expected = ["#/webhooks: `webhooks` (1) are requests the server sends", "#/components/schemas/Pet/properties/point/prefixItems: a tuple"];
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
    for (warning, wanted) in warnings.iter().zip(expected) {
        assert!(warning.contains(wanted), "{warning}");
    }
}

#[test]
fn swagger_2_0_is_converted_on_load() {
    let (document, warnings) = fixture("swagger-2.0.yaml");
    assert_eq!(document["servers"], json!([{"url": "https://api.example.com/v2"}]));
    assert_eq!(document["components"]["schemas"]["Pet"]["properties"]["nickname"], json!({"type": "string", "nullable": true}));
    assert_eq!(document["components"]["securitySchemes"]["key"], json!({"type": "apiKey", "name": "X-Key", "in": "header"}));
    assert_eq!(document["components"]["securitySchemes"]["oauth"]["flows"]["clientCredentials"]["tokenUrl"], json!("https://example.com/token"));
    let list = &document["paths"]["/pets"]["get"];
    assert_eq!(list["parameters"][0], json!({"$ref": "#/components/parameters/Limit"}));
    assert_eq!(document["components"]["parameters"]["Limit"]["schema"], json!({"type": "integer", "format": "int32"}));
    assert_eq!(list["parameters"][1]["schema"], json!({"type": "array", "items": {"type": "string"}}));
    assert_eq!((&list["parameters"][1]["style"], &list["parameters"][1]["explode"]), (&json!("form"), &json!(true)));
    let ok = &list["responses"]["200"];
    assert_eq!(ok["content"]["application/json"]["schema"]["items"]["$ref"], json!("#/components/schemas/Pet"));
    assert_eq!(ok["headers"]["X-Rate"]["schema"], json!({"type": "integer"}));
    assert_eq!(list["responses"]["default"]["content"]["application/json"]["schema"]["$ref"], json!("#/components/schemas/Error"));
    // A shared body parameter is a shared request body.
    assert_eq!(document["paths"]["/pets"]["post"]["requestBody"], json!({"$ref": "#/components/requestBodies/PetBody"}));
    assert_eq!(document["components"]["requestBodies"]["PetBody"]["content"]["application/json"]["schema"]["$ref"], json!("#/components/schemas/Pet"));
    let upload = &document["paths"]["/pets/{id}/photo"]["post"];
    let form = &upload["requestBody"]["content"]["multipart/form-data"]["schema"];
    assert_eq!(form["properties"]["file"], json!({"type": "string", "format": "binary"}));
    assert_eq!(form["required"], json!(["file"]));
    assert_eq!(upload["parameters"][0]["schema"], json!({"type": "string"}));
    assert_eq!(upload["responses"]["200"]["content"]["application/json"]["schema"], json!({"type": "string", "format": "binary"}));
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("swagger-2.0.yaml#/paths/~1pets/get/parameters/2/collectionFormat: `tsv`"), "{}", warnings[0]);
}

#[test]
fn references_to_anywhere_in_the_document_are_followed() {
    let (document, _) = fixture("bodies.yaml");
    let list = &document["paths"]["/tasks"]["get"];
    // Another operation's parameter and (percent-encoded) response, copied where they are used.
    assert_eq!(list["parameters"][2]["name"], json!("fields"));
    assert_eq!(list["responses"]["404"]["description"], json!("missing"));
    // A request body that is only a reference to another: the end of the chain.
    assert_eq!(document["paths"]["/tasks"]["post"]["requestBody"]["$ref"], json!("#/components/requestBodies/Task"));
    // Integer bounds written past 64 bits are the type's own.
    let size = &document["components"]["schemas"]["File"]["properties"]["size"];
    assert_eq!((&size["minimum"], &size["maximum"]), (&json!(i64::MIN), &json!(i64::MAX)));
}

#[test]
fn a_reference_cycle_outside_components_is_an_error_naming_the_pointer() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"parameters": [{"$ref": "#/paths/~1a/get/parameters/1"}, {"$ref": "#/paths/~1a/get/parameters/0"}], "responses": {"204": {"description": "none"}}}}}}"##;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let error = generator::load::load_path(&write_temp(&dir, "cycle.json", text)).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("cycle.json#/paths/~1a/get/parameters/0") && error.contains("cycle"), "{error}");
}
