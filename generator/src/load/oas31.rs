//! OpenAPI 3.1 read as 3.0, on load, so that one model (openapiv3's 3.0 document) is lowered.
//!
//! 3.1's schemas are JSON Schema 2020-12; what a client needs of them has a 3.0 spelling:
//! `type: [T, "null"]` is `type: T, nullable: true`; `const` a one-value `enum`; a schema's
//! `examples` its first `example`; numeric `exclusiveMinimum` a `minimum` with the flag;
//! `contentEncoding: base64` `format: byte` and a binary `contentMediaType` `format: binary`;
//! a `oneOf`/`anyOf` alternative `{type: "null"}` makes the rest nullable; boolean schemas are
//! `{}` and `{not: {}}`. `$ref` beside other keywords, `$defs` and `pathItems` are resolved with
//! the other references ([`super::refs`]). What has no 3.0 meaning (a tuple's `prefixItems`,
//! `webhooks`) is read as near as it can be, with one warning naming the pointer.

use serde_json::{json, Map, Value};

use super::walk::{SCHEMA_KEYS, SCHEMA_LIST_KEYS, SCHEMA_MAP_KEYS};
use crate::error::Error;
use crate::pointer;

/// Rewrites a 3.1 document as 3.0; the warnings name what could not be carried over.
pub(super) fn downgrade(document: &mut Value) -> Vec<Error> {
    let mut warnings = Vec::new();
    let Value::Object(root) = document else { return warnings };
    root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
    root.remove("jsonSchemaDialect");
    if let Some(Value::Object(webhooks)) = root.remove("webhooks") {
        if !webhooks.is_empty() {
            warnings.push(Error::at(
                "/webhooks",
                format!("`webhooks` ({}) are requests the server sends, not operations a client calls: no methods are generated for them (their component schemas are)", webhooks.len()),
            ));
        }
    }
    if let Some(Value::Object(info)) = root.get_mut("info") {
        info.remove("summary");
        if let Some(Value::Object(license)) = info.get_mut("license") {
            license.remove("identifier");
        }
    }
    inline_path_items(root);
    root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    drop_unreadable_security(root, &mut warnings);
    super::walk::objects(document, &mut |object, at, schema| {
        if schema {
            downgrade_schema(object, at, &mut warnings);
        }
    });
    warnings
}

/// Paths that are `$ref`s to `components/pathItems` take the path item itself.
fn inline_path_items(root: &mut Map<String, Value>) {
    let items = root.get_mut("components").and_then(Value::as_object_mut).and_then(|c| c.remove("pathItems"));
    let Some(Value::Object(items)) = items else { return };
    let Some(Value::Object(paths)) = root.get_mut("paths") else { return };
    for item in paths.values_mut() {
        let name = item.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/pathItems/"));
        if let Some(found) = name.map(pointer::unescape).and_then(|n| items.get(&n)) {
            *item = found.clone();
        }
    }
}

/// 3.1's `mutualTLS` scheme has no 3.0 form; operations requiring it are sent without it.
fn drop_unreadable_security(root: &mut Map<String, Value>, warnings: &mut Vec<Error>) {
    let schemes = root.get_mut("components").and_then(Value::as_object_mut).and_then(|c| c.get_mut("securitySchemes")).and_then(Value::as_object_mut);
    let Some(schemes) = schemes else { return };
    let mutual: Vec<String> = schemes.iter().filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS")).map(|(k, _)| k.clone()).collect();
    for name in mutual {
        schemes.remove(&name);
        warnings.push(Error::at(
            format!("/components/securitySchemes/{}", pointer::escape(&name)),
            "a `mutualTLS` scheme is configured on the HTTP client (its TLS identity), not sent with requests".to_owned(),
        ));
    }
}

fn downgrade_schema(schema: &mut Map<String, Value>, at: &str, warnings: &mut Vec<Error>) {
    replace_boolean_schemas(schema);
    read_type_list(schema);
    if let Some(value) = schema.remove("const") {
        schema.entry("enum").or_insert_with(|| Value::Array(vec![value]));
    }
    if let Some(Value::Array(mut examples)) = schema.remove("examples") {
        if !examples.is_empty() && !schema.contains_key("example") {
            schema.insert("example".to_owned(), examples.swap_remove(0));
        }
    }
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(value @ Value::Number(_)) = schema.get(exclusive).cloned() {
            schema.insert(bound.to_owned(), value);
            schema.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
    read_content_keywords(schema);
    lift_null_alternative(schema);
    if let Some(Value::Array(prefix)) = schema.remove("prefixItems") {
        if !schema.contains_key("items") {
            let items = if prefix.len() == 1 { prefix.into_iter().next().unwrap_or_default() } else { json!({ "anyOf": prefix }) };
            schema.insert("items".to_owned(), items);
        }
        warnings.push(Error::at(format!("{at}/prefixItems"), "a tuple (`prefixItems`) has no OpenAPI 3.0 form; it is read as a list of any of its item types".to_owned()));
    }
}

/// `type: [T, "null"]` -> `type: T, nullable: true`; several types -> `anyOf` of each.
fn read_type_list(schema: &mut Map<String, Value>) {
    let types: Vec<String> = match schema.get("type") {
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        Some(Value::String(t)) if t == "null" => vec!["null".to_owned()],
        _ => return,
    };
    schema.remove("type");
    let (nulls, others): (Vec<String>, Vec<String>) = types.into_iter().partition(|t| t == "null");
    if !nulls.is_empty() {
        schema.insert("nullable".to_owned(), Value::Bool(true));
    }
    match others.as_slice() {
        [] => {}
        [one] => {
            schema.insert("type".to_owned(), Value::String(one.clone()));
        }
        many => {
            let alternatives: Vec<Value> = many.iter().map(|t| json!({ "type": t })).collect();
            schema.insert("anyOf".to_owned(), Value::Array(alternatives));
        }
    }
}

/// `contentEncoding: base64` is `format: byte`; a `contentMediaType` that is not text, with no
/// encoding, is raw bytes: `format: binary`.
fn read_content_keywords(schema: &mut Map<String, Value>) {
    let encoding = schema.remove("contentEncoding");
    let media_type = schema.remove("contentMediaType");
    if schema.contains_key("format") {
        return;
    }
    let format = match (encoding.as_ref().and_then(Value::as_str), media_type.as_ref().and_then(Value::as_str)) {
        (Some("base64" | "base64url"), _) => "byte",
        (None, Some(media)) if !(media.starts_with("text/") || media.contains("json") || media.contains("xml")) => "binary",
        _ => return,
    };
    schema.insert("format".to_owned(), Value::String(format.to_owned()));
}

/// A `oneOf`/`anyOf` with a `{type: "null"}` alternative: the others, nullable.
fn lift_null_alternative(schema: &mut Map<String, Value>) {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(alternatives)) = schema.get_mut(key) else { continue };
        // Parents are read before their alternatives, so the alternative is still `type: "null"`.
        let is_null = |v: &Value| {
            v.as_object().is_some_and(|o| {
                let null_type = o.get("type").is_some_and(|t| t == "null" || *t == json!(["null"]));
                null_type && o.keys().all(|k| k == "type" || k == "description")
            })
        };
        let before = alternatives.len();
        alternatives.retain(|v| !is_null(v));
        if alternatives.len() == before {
            continue;
        }
        schema.insert("nullable".to_owned(), Value::Bool(true));
        if let Some(Value::Array(rest)) = schema.get(key) {
            if rest.len() == 1 {
                let only = rest.clone();
                schema.remove(key);
                schema.insert("allOf".to_owned(), Value::Array(only));
            }
        }
    }
}

/// `true` and `false` where a schema goes: `{}` (anything) and `{not: {}}` (nothing).
fn replace_boolean_schemas(schema: &mut Map<String, Value>) {
    let as_schema = |value: &mut Value| {
        if let Value::Bool(accepts) = value {
            *value = if *accepts { json!({}) } else { json!({ "not": {} }) };
        }
    };
    for (key, value) in schema.iter_mut() {
        let key = key.as_str();
        if SCHEMA_KEYS.contains(&key) && key != "additionalProperties" {
            as_schema(value);
        } else if SCHEMA_MAP_KEYS.contains(&key) {
            value.as_object_mut().into_iter().flat_map(|m| m.values_mut()).for_each(as_schema);
        } else if SCHEMA_LIST_KEYS.contains(&key) {
            value.as_array_mut().into_iter().flatten().for_each(as_schema);
        }
    }
}
