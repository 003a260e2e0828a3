//! The quirks of published documents, read for what they plainly mean, each with a warning.

use serde_json::{Map, Value};

use crate::error::Error;
use crate::pointer;

/// Reads the quirks of published documents for what they plainly mean, each with a warning:
/// Swagger 2's `required: true` on a property schema, which OpenAPI 3.0 does not allow, lists the
/// property in its object's `required`; a discriminator `mapping` whose value is the whole schema
/// of an alternative (as SailPoint's docs pages inline them) becomes a reference to it.
pub(super) fn normalize_quirks(document: &mut Value) -> Vec<Error> {
    let mut warnings = Vec::new();
    super::walk::objects(document, &mut |schema, at, is_schema| {
        if is_schema {
            lift_required_flags(schema, at, &mut warnings);
            refer_inline_mappings(schema, at, &mut warnings);
            hoist_composition_siblings(schema);
            fit_integer_bounds(schema);
        }
    });
    warnings.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    warnings
}

/// Replaces each discriminator mapping value of `schema` that is a whole schema by a reference
/// to its alternative (`oneOf`/`anyOf` item): the one equal to it, or the one it fills out (the
/// docs pages' generator leaves the alternative a stub of the same title and description, and
/// puts the schema in the mapping). One that matches no alternative is dropped.
fn refer_inline_mappings(schema: &mut Map<String, Value>, at: &str, warnings: &mut Vec<Error>) {
    let Some(key) = ["oneOf", "anyOf"].into_iter().find(|k| schema.get(*k).is_some_and(Value::is_array)) else { return };
    let Some(Value::Object(mapping)) = schema.get("discriminator").and_then(|d| d.get("mapping")) else { return };
    let inline: Vec<(String, Value)> = mapping.iter().filter(|(_, v)| v.is_object()).map(|(k, v)| (k.clone(), v.clone())).collect();
    for (value, full) in inline {
        let here = format!("{at}/discriminator/mapping/{}", pointer::escape(&value));
        let alternatives = schema.get_mut(key).and_then(Value::as_array_mut);
        let found = alternatives.and_then(|items| {
            let i = items.iter().position(|alt| *alt == full).or_else(|| items.iter().position(|alt| is_stub_of(alt, &full)))?;
            items[i] = full.clone();
            Some(format!("#{at}/{key}/{i}"))
        });
        let Some(Value::Object(mapping)) = schema.get_mut("discriminator").and_then(|d| d.get_mut("mapping")) else { return };
        match found {
            Some(reference) => {
                warnings.push(Error::at(here, format!("the mapping of `{value}` is a whole schema, not a reference; it is read as the alternative `{reference}`")));
                mapping.insert(value, Value::String(reference));
            }
            None => {
                warnings.push(Error::at(here, format!("the mapping of `{value}` is a schema that is none of the alternatives; it is left out")));
                mapping.remove(&value);
            }
        }
    }
}

/// Whether `stub` is `full` with only some of its keys (a title and a description, say).
fn is_stub_of(stub: &Value, full: &Value) -> bool {
    match (stub.as_object(), full.as_object()) {
        (Some(stub), Some(full)) => stub.get("title").is_some() && stub.iter().all(|(k, v)| full.get(k) == Some(v)),
        _ => false,
    }
}

/// Object keywords that describe a shape, as opposed to documenting it.
const OBJECT_SHAPE_KEYWORDS: &[&str] = &["properties", "required", "additionalProperties", "minProperties", "maxProperties"];

/// A schema may say `type: object` and list properties beside its `allOf` (SailPoint's documents
/// do, 54 times); openapiv3 then keeps the type and drops the composition, and the value would
/// decode as untyped JSON. The shape keywords become one more `allOf` part, and a bare
/// `type: object` beside `oneOf`/`anyOf` is dropped, so the composition is what is read.
fn hoist_composition_siblings(schema: &mut Map<String, Value>) {
    let is_object = schema.get("type").and_then(Value::as_str) == Some("object");
    if schema.get("allOf").is_some_and(Value::is_array) {
        let mut part = Map::new();
        for key in OBJECT_SHAPE_KEYWORDS {
            if let Some(value) = schema.remove(*key) {
                part.insert((*key).to_owned(), value);
            }
        }
        if is_object || !part.is_empty() {
            schema.remove("type");
        }
        if !part.is_empty() {
            part.insert("type".to_owned(), Value::String("object".to_owned()));
            if let Some(Value::Array(parts)) = schema.get_mut("allOf") {
                parts.push(Value::Object(part));
            }
        }
    } else if is_object && (schema.contains_key("oneOf") || schema.contains_key("anyOf")) && !OBJECT_SHAPE_KEYWORDS.iter().any(|k| schema.contains_key(*k)) {
        schema.remove("type");
    }
}

/// Moves boolean `required` flags of `object`'s properties into its `required` list.
fn lift_required_flags(object: &mut Map<String, Value>, at: &str, warnings: &mut Vec<Error>) {
    let Some(Value::Object(properties)) = object.get_mut("properties") else { return };
    let mut lifted = Vec::new();
    for (name, property) in properties.iter_mut() {
        let Value::Object(property) = property else { continue };
        let Some(Value::Bool(flag)) = property.get("required").cloned() else { continue };
        property.remove("required");
        let here = format!("{at}/properties/{}/required", pointer::escape(name));
        let meaning = if flag { "the property is taken as required" } else { "it is ignored" };
        warnings.push(Error::at(here, format!("`required: {flag}` on a property is Swagger 2, not OpenAPI 3.0; {meaning}")));
        if flag {
            lifted.push(Value::String(name.clone()));
        }
    }
    if lifted.is_empty() {
        return;
    }
    let required = object.entry("required").or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(list) = required {
        for name in lifted {
            if !list.contains(&name) {
                list.push(name);
            }
        }
    }
}


/// An integer schema's bounds as 64-bit integers, which is how its values are typed: a bound
/// written as a float beyond them (`-9223372036854776000`, as JavaScript prints `i64::MIN`) is
/// the type's own limit, and a fractional one the nearest integer inside it.
fn fit_integer_bounds(schema: &mut Map<String, Value>) {
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for (key, round) in [("minimum", f64::ceil as fn(f64) -> f64), ("maximum", f64::floor)] {
        let Some(bound) = schema.get(key) else { continue };
        if bound.is_i64() {
            continue;
        }
        let fitted = match bound.as_f64() {
            Some(f) if f.is_finite() => {
                let rounded = round(f);
                // The casts saturate, which is the meaning wanted beyond the type's range.
                if rounded >= i64::MAX as f64 { i64::MAX } else if rounded <= i64::MIN as f64 { i64::MIN } else { rounded as i64 }
            }
            _ if bound.is_u64() => i64::MAX,
            _ => continue,
        };
        schema.insert(key.to_owned(), Value::from(fitted));
    }
}
