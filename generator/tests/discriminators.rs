//! Discriminators a document proves but does not name: found, said once, and not guessed.

use serde_json::{json, Value};

fn generate(schemas: Value) -> (String, Vec<String>) {
    let document = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/things": {"get": {"operationId": "listThings", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}
        }}}}},
        "components": {"schemas": schemas}
    });
    let path = std::path::Path::new("implied.json");
    let spec = generator::load::load_text(path, &document.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let api = generator::ApiInput { module: "implied".into(), source: "implied".into(), spec };
    let options = generator::Options { source: "implied".into(), tag_features: false };
    let generated = generator::generate(&[api], &options).unwrap_or_else(|e| panic!("{e}"));
    let thing = generated.files.iter().find(|(p, _)| p.ends_with("models/thing.rs")).map(|(_, t)| t.clone()).unwrap_or_default();
    (thing, generated.warnings.iter().map(ToString::to_string).collect())
}

fn object(kind: Value, extra: &str) -> Value {
    json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "kind": kind, extra: {"type": "string"}}})
}

#[test]
fn a_shared_enum_whose_values_name_the_alternatives_is_the_discriminator() {
    let kind = json!({"$ref": "#/components/schemas/Kind"});
    let (thing, warnings) = generate(json!({
        "Kind": {"type": "string", "enum": ["user_account", "group"]},
        "UserAccountThing": object(kind.clone(), "email"),
        "GroupThing": object(kind, "members"),
        "Thing": {"oneOf": [{"$ref": "#/components/schemas/UserAccountThing"}, {"$ref": "#/components/schemas/GroupThing"}]}
    }));
    assert!(thing.contains(r#"("user_account", 0)"#) && thing.contains(r#"("group", 1)"#), "{thing}");
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("#/components/schemas/Thing: the spec names no discriminator; every alternative has `kind`"), "{warnings:#?}");
    assert!(warnings[0].contains("`user_account` -> UserAccountThing, `group` -> GroupThing"), "{warnings:#?}");
}

#[test]
fn one_value_of_its_own_per_alternative_is_the_discriminator_whatever_the_names() {
    let (thing, warnings) = generate(json!({
        "Left": object(json!({"type": "string", "enum": ["a"]}), "email"),
        "Right": object(json!({"type": "string", "enum": ["b"]}), "members"),
        "Thing": {"anyOf": [{"$ref": "#/components/schemas/Left"}, {"$ref": "#/components/schemas/Right"}]}
    }));
    assert!(thing.contains(r#"("a", 0)"#) && thing.contains(r#"("b", 1)"#), "{thing}");
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
}

/// A value that is only a fragment of a name (`acc` in `AccountThing`), or one value that two
/// alternatives share, proves nothing: the union is ranked by fit instead, with no warning.
#[test]
fn values_that_do_not_name_each_alternative_prove_nothing() {
    let kind = json!({"$ref": "#/components/schemas/Kind"});
    let (thing, warnings) = generate(json!({
        "Kind": {"type": "string", "enum": ["acc", "group"]},
        "AccountThing": object(kind.clone(), "email"),
        "GroupThing": object(kind, "members"),
        "Thing": {"oneOf": [{"$ref": "#/components/schemas/AccountThing"}, {"$ref": "#/components/schemas/GroupThing"}]}
    }));
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert!(thing.contains("::std::option::Option::None,") && thing.contains("fits best"), "{thing}");
    let (_, shared) = generate(json!({
        "AccountThing": object(json!({"type": "string", "enum": ["x"]}), "email"),
        "GroupThing": object(json!({"type": "string", "enum": ["x"]}), "members"),
        "Thing": {"oneOf": [{"$ref": "#/components/schemas/AccountThing"}, {"$ref": "#/components/schemas/GroupThing"}]}
    }));
    assert!(shared.is_empty(), "{shared:#?}");
}
