//! One walk over a document's objects, knowing which of them are schemas, for the passes that
//! normalize a document on load.

use serde_json::{Map, Value};

use crate::pointer;

/// Keys of a schema whose values are data (examples, defaults, enum values), never walked: a
/// `$ref` or a `type` inside them is text.
const SCHEMA_DATA_KEYS: &[&str] = &["example", "examples", "default", "enum", "const"];
/// Keys of other objects whose values are data: a parameter's or media type's `example`, an
/// Example object's `value`. (Outside a schema, `default` is a response and `examples` a map of
/// Example objects, which may be references.)
const DATA_KEYS: &[&str] = &["example", "value"];

/// Keys under which the value is a schema.
pub(super) const SCHEMA_KEYS: &[&str] = &["schema", "items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"];
/// Keys under which the value is a map of schemas.
pub(super) const SCHEMA_MAP_KEYS: &[&str] = &["properties", "$defs", "definitions", "patternProperties", "dependentSchemas"];
/// Keys under which the value is a list of schemas.
pub(super) const SCHEMA_LIST_KEYS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];

/// What a walk calls on each object: the object, its pointer, whether it is a schema.
pub(super) type Visit<'a> = dyn FnMut(&mut Map<String, Value>, &str, bool) + 'a;

/// Calls `visit` on every object of `document` outside data values, parents before children, with
/// its JSON pointer and whether it is a schema. What `visit` changes is what is walked next.
pub(super) fn objects(document: &mut Value, visit: &mut Visit<'_>) {
    walk(document, "", false, visit);
}

fn walk(value: &mut Value, at: &str, schema: bool, visit: &mut Visit<'_>) {
    match value {
        Value::Object(map) => {
            visit(map, at, schema);
            for (key, inner) in map.iter_mut() {
                let data = if schema { SCHEMA_DATA_KEYS } else { DATA_KEYS };
                if data.contains(&key.as_str()) || key.starts_with("x-") {
                    continue;
                }
                let here = format!("{at}/{}", pointer::escape(key));
                let key = key.as_str();
                if SCHEMA_KEYS.contains(&key) {
                    walk(inner, &here, true, visit);
                } else if SCHEMA_MAP_KEYS.contains(&key) || SCHEMA_LIST_KEYS.contains(&key) || (key == "schemas" && at == "/components") {
                    match inner {
                        Value::Object(entries) => {
                            for (name, entry) in entries.iter_mut() {
                                walk(entry, &format!("{here}/{}", pointer::escape(name)), true, visit);
                            }
                        }
                        Value::Array(items) => {
                            for (i, item) in items.iter_mut().enumerate() {
                                walk(item, &format!("{here}/{i}"), true, visit);
                            }
                        }
                        _ => {}
                    }
                } else {
                    walk(inner, &here, false, visit);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk(item, &format!("{at}/{i}"), schema, visit);
            }
        }
        _ => {}
    }
}

/// Whether the place `tokens` point to holds a schema, by the key it is under.
pub(super) fn is_schema_place(tokens: &[String]) -> bool {
    let Some((last, parents)) = tokens.split_last() else { return false };
    let parent = parents.last().map(String::as_str);
    (tokens.first().is_some_and(|t| t == "components") && tokens.get(1).is_some_and(|t| t == "schemas"))
        || SCHEMA_KEYS.contains(&last.as_str())
        || parent.is_some_and(|p| SCHEMA_MAP_KEYS.contains(&p) || SCHEMA_LIST_KEYS.contains(&p))
}
