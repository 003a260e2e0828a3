//! Examples of request and response bodies: the ones the spec states, and the one SailPoint's
//! docs pages show, built from the `example` of each property.

use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde_json::{json, Map, Value};

use crate::lower::view::{view, View};

/// Property nesting deeper than this is cut short (recursive schemas).
const MAX_DEPTH: usize = 12;

/// Which direction a body travels: read-only properties only come back, write-only only go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A request body.
    Request,
    /// A response body.
    Response,
}

/// The example a docs page would show for `schema`.
pub fn synthesize(spec: &OpenAPI, schema: &ReferenceOr<Schema>, direction: Direction) -> Value {
    sample(spec, schema, direction, 0)
}

fn resolve<'a>(spec: &'a OpenAPI, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/schemas/")?;
            spec.components.as_ref()?.schemas.get(name)?.as_item()
        }
    }
}

fn sample(spec: &OpenAPI, schema: &ReferenceOr<Schema>, direction: Direction, depth: usize) -> Value {
    let Some(schema) = resolve(spec, schema) else { return Value::Null };
    if let Some(example) = &schema.schema_data.example {
        return example.clone();
    }
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    let boxed = |s: &crate::lower::view::BoxedSchemaRef| match s {
        ReferenceOr::Item(b) => ReferenceOr::Item((**b).clone()),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
    };
    match view(schema) {
        View::Object { properties, .. } => {
            let mut out = Map::new();
            for (name, prop) in properties {
                let prop = boxed(prop);
                let skip = resolve(spec, &prop).is_some_and(|p| match direction {
                    Direction::Request => p.schema_data.read_only,
                    Direction::Response => p.schema_data.write_only,
                });
                if !skip {
                    out.insert(name.clone(), sample(spec, &prop, direction, depth + 1));
                }
            }
            Value::Object(out)
        }
        View::Array { items: Some(items) } => json!([sample(spec, &boxed(items), direction, depth + 1)]),
        View::Array { items: None } => json!([]),
        View::String { values, format } => match (values.first(), format.as_deref()) {
            (Some(first), _) => json!(first),
            (None, Some("date-time")) => json!("2024-01-02T03:04:05.678Z"),
            (None, Some("date")) => json!("2024-01-02"),
            (None, Some(f)) if f.eq_ignore_ascii_case("uuid") => json!("2c918083-5d19-1a86-015d-28455b4a2329"),
            (None, _) => json!("string"),
        },
        View::Integer { .. } => json!(0),
        View::Number { .. } => json!(0.0),
        View::Boolean => json!(true),
        View::AllOf(parts) => {
            let mut out = Map::new();
            for part in parts {
                match sample(spec, part, direction, depth + 1) {
                    Value::Object(fields) => out.extend(fields),
                    other if out.is_empty() => return other,
                    _ => {}
                }
            }
            Value::Object(out)
        }
        View::Union(parts) => parts.first().map_or(Value::Null, |first| sample(spec, first, direction, depth + 1)),
        View::Any => json!({}),
    }
}

/// The examples a media type states: `example`, and each of `examples` (resolving references
/// to `#/components/examples`), with a label saying where each is.
pub fn stated(spec: &OpenAPI, media: &openapiv3::MediaType) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    if let Some(example) = &media.example {
        out.push(("example".to_owned(), example.clone()));
    }
    for (name, example) in &media.examples {
        let value = match example {
            ReferenceOr::Item(e) => e.value.clone(),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/examples/")
                .and_then(|n| spec.components.as_ref()?.examples.get(n)?.as_item())
                .and_then(|e| e.value.clone()),
        };
        if let Some(value) = value {
            out.push((format!("examples/{name}"), value));
        }
    }
    out
}
