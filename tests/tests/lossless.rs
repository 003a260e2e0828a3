//! Lossless round trips: every stated and docs-style example of every operation of every API,
//! decoded as the client decodes (off-spec values repaired) and encoded again, gives the same
//! JSON except for the differences a typed client must make, each counted by kind:
//! read-only properties left out, date-times written as the same instant, and whole numbers in
//! `number` fields written as `1.0`. A spec default written for an absent property is counted
//! as its own kind and is a loss: the default is what the server does, never sent for it.
//! Anything else is a loss, and fails the test with the example and the path, unless the
//! example contradicts its own schema (it fails to decode strictly, and is listed in
//! `tests/contract-known-failures/`): a value the spec's type cannot hold, inside an array or
//! map the client cannot type, is reported as a deviation and counted here by kind.

use std::collections::BTreeMap;

use generator::examples::{stated, synthesize, Direction};
use generator::ir::{Api, BodyKind, ModelKind, StatusMatch, SuccessBody, TypeRef};
use openapiv3::{MediaType, OpenAPI, ReferenceOr, StatusCode};
use serde_json::Value;
use tests::workspace_root;

use generated_client::isc::contract::Codec;

/// The differences allowed between an example and its re-encoding.
const ALLOWED: &[&str] = &["read-only left out", "same instant", "whole number as float"];

#[derive(Default)]
struct Tally {
    examples: usize,
    unreadable: usize,
    kinds: BTreeMap<&'static str, usize>,
    losses: Vec<String>,
}

/// The differences between `original` and `encoded`, read as values of `ty`.
fn differences(api: &Api, ty: &TypeRef, original: &Value, encoded: &Value, path: &str, out: &mut Vec<(&'static str, String)>) {
    match (ty, original, encoded) {
        (TypeRef::Model(id), _, _) => match &api.models[*id].kind {
            ModelKind::Struct(s) => match (original, encoded) {
                (Value::Object(a), Value::Object(b)) => {
                    for (key, value) in a {
                        let here = format!("{path}/{key}");
                        let field = s.fields.iter().find(|f| &f.wire_name == key);
                        match (b.get(key), field) {
                            (Some(again), Some(field)) => differences(api, &field_type(field), value, again, &here, out),
                            (Some(again), None) => differences(api, &TypeRef::Json, value, again, &here, out),
                            (None, Some(field)) if field.read_only => out.push(("read-only left out", here)),
                            (None, _) => out.push(("left out", here)),
                        }
                    }
                    for (key, value) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                        let field = s.fields.iter().find(|f| &f.wire_name == key);
                        let kind = if field.and_then(|f| f.default.as_ref()) == Some(value) { "default filled in" } else { "added" };
                        out.push((kind, format!("{path}/{key}")));
                    }
                }
                _ => differences(api, &TypeRef::Json, original, encoded, path, out),
            },
            ModelKind::Alias(inner) => differences(api, inner, original, encoded, path, out),
            ModelKind::Union(u) => {
                let tried = u.variants.iter().map(|v| {
                    let mut found = Vec::new();
                    differences(api, &v.ty, original, encoded, path, &mut found);
                    found
                });
                let best = tried.min_by_key(|found| (found.iter().filter(|(k, _)| !ALLOWED.contains(k)).count(), found.len()));
                match best {
                    Some(found) => out.extend(found),
                    None => differences(api, &TypeRef::Json, original, encoded, path, out),
                }
            }
            ModelKind::Enum(_) => differences(api, &TypeRef::Json, original, encoded, path, out),
        },
        (TypeRef::Array(items), Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                out.push(("items left out", path.to_owned()));
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(api, items, x, y, &format!("{path}/{i}"), out);
            }
        }
        (TypeRef::Map(values), Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                match b.get(key) {
                    Some(again) => differences(api, values, value, again, &format!("{path}/{key}"), out),
                    None => out.push(("left out", format!("{path}/{key}"))),
                }
            }
        }
        (TypeRef::Nullable(inner), _, _) if !original.is_null() => differences(api, inner, original, encoded, path, out),
        (TypeRef::F64, Value::Number(a), Value::Number(b)) if a != b && a.as_f64() == b.as_f64() => out.push(("whole number as float", path.to_owned())),
        (TypeRef::DateTime, Value::String(a), Value::String(b)) if a != b && same_instant(a, b) => out.push(("same instant", path.to_owned())),
        _ if original != encoded => out.push(("changed", path.to_owned())),
        _ => {}
    }
}

/// A field's type as a value of it is read: an `Option` of it where it may be null.
fn field_type(field: &generator::ir::Field) -> TypeRef {
    if field.nullable { TypeRef::Nullable(Box::new(field.ty.clone())) } else { field.ty.clone() }
}

fn same_instant(a: &str, b: &str) -> bool {
    match (chrono::DateTime::parse_from_rfc3339(a), chrono::DateTime::parse_from_rfc3339(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn json_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<&MediaType> {
    content.iter().find(|(k, _)| k.starts_with("application/json") || k.ends_with("+json")).map(|(_, m)| m)
}

/// Checks every example of one body against its codec and type.
#[allow(clippy::too_many_arguments, reason = "the places an example comes from")]
fn check_body(api: &Api, spec: &OpenAPI, ty: &TypeRef, media: &MediaType, direction: Direction, codec: &Codec, label: &str, tally: &mut Tally) {
    let mut examples = stated(spec, media);
    if let Some(schema) = &media.schema {
        examples.push(("synthesized".to_owned(), synthesize(spec, schema, direction)));
    }
    for (name, example) in examples {
        tally.examples += 1;
        let json = example.to_string();
        let Ok(encoded) = codec.lenient(&json) else {
            tally.unreadable += 1;
            continue;
        };
        let off_spec = codec.strict(&json).is_err();
        let mut found = Vec::new();
        differences(api, ty, &example, &encoded, "", &mut found);
        for (kind, path) in found {
            let kind = if off_spec && !ALLOWED.contains(&kind) { "off-spec value the type cannot hold" } else { kind };
            *tally.kinds.entry(kind).or_default() += 1;
            if !ALLOWED.contains(&kind) && !off_spec {
                tally.losses.push(format!("{label} {name}: {kind} at `{path}`"));
            }
        }
    }
}

fn check(api_name: &str, response: &dyn Fn(&str, u16) -> Option<Codec>, request: &dyn Fn(&str) -> Option<Codec>) {
    let spec = generator::load::load_path(&workspace_root().join("spec").join(api_name)).unwrap_or_else(|e| panic!("{e}")).document;
    let api = generator::lower::lower(&spec, api_name).unwrap_or_else(|e| panic!("{e}")).api;
    let mut tally = Tally::default();
    for (route, item) in &spec.paths.paths {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            // The client's name for an operation without an operationId, as lowering gives it.
            let id = op.operation_id.clone().unwrap_or_else(|| format!("{method}{route}"));
            let id = id.as_str();
            let Some(lowered) = api.operations.iter().find(|o| o.id == id) else { panic!("{id} was not lowered") };
            for (code, spec_response) in &op.responses.responses {
                let spec_response = match spec_response {
                    ReferenceOr::Item(r) => Some(r),
                    ReferenceOr::Reference { reference } => {
                        reference.strip_prefix("#/components/responses/").and_then(|n| spec.components.as_ref()?.responses.get(n)?.as_item())
                    }
                };
                let (StatusCode::Code(status), Some(spec_response)) = (code, spec_response) else { continue };
                let ty = match (&lowered.success.body, lowered.success.statuses.contains(status)) {
                    (SuccessBody::Json(ty), true) => Some(ty.clone()),
                    (_, true) => None,
                    (_, false) => lowered.errors.iter().find(|e| e.status == StatusMatch::Code(*status)).and_then(|e| e.body).map(|i| api.error_bodies[i].ty.clone()),
                };
                if let (Some(ty), Some(media), Some(codec)) = (ty, json_media(&spec_response.content), response(id, *status)) {
                    check_body(&api, &spec, &ty, media, Direction::Response, &codec, &format!("{id} {status}"), &mut tally);
                }
            }
            let body = op.request_body.as_ref().and_then(ReferenceOr::as_item);
            if let (Some(BodyKind::Json(ty)), Some(media), Some(codec)) = (lowered.body.as_ref().map(|b| &b.kind), body.and_then(|b| json_media(&b.content)), request(id)) {
                check_body(&api, &spec, ty, media, Direction::Request, &codec, &format!("{id} request"), &mut tally);
            }
        }
    }
    println!("lossless {api_name}: {} examples, {} unreadable even leniently, differences by kind: {:?}", tally.examples, tally.unreadable, tally.kinds);
    assert!(tally.losses.is_empty(), "{} losses in {api_name}:\n{}", tally.losses.len(), tally.losses.join("\n"));
}

macro_rules! lossless_test {
    ($test:ident, $api:ident) => {
        #[test]
        fn $test() {
            use generated_client::$api::contract::{request_codec, response_codec};
            check(stringify!($api), &response_codec, &request_codec);
        }
    };
}

lossless_test!(isc_examples_round_trip, isc);
lossless_test!(v3_examples_round_trip, v3);
lossless_test!(nerm_examples_round_trip, nerm);
lossless_test!(nerm_v2025_examples_round_trip, nerm_v2025);
