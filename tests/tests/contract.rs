//! The spec's own examples against the generated models: every response example (stated, or
//! built from property examples as SailPoint's docs pages do) must decode into the type the spec
//! declares for its status, and every request example must survive a decode/encode round trip.
//!
//! Some of SailPoint's examples contradict their own schemas. Those are listed, with the reason,
//! in `tests/contract-known-failures/<api>.txt`; the test fails when the failures differ from that
//! list (a new one, or a listed one that now passes). `UPDATE_SNAPSHOTS=1` rewrites the lists.
//! Every API of the crate is checked, each against its own models.

use std::collections::BTreeMap;

use generator::examples::{stated, synthesize, Direction};
use openapiv3::{MediaType, OpenAPI, ReferenceOr, StatusCode};
use serde_json::Value;
use tests::workspace_root;

type RoundTrip = Box<dyn Fn(&str, &str) -> Option<Result<Value, Box<dyn std::error::Error + Send + Sync>>>>;
type ResponseRoundTrip = Box<dyn Fn(&str, u16, &str) -> Option<Result<Value, Box<dyn std::error::Error + Send + Sync>>>>;

/// One API's contract tables.
struct Contract {
    api: &'static str,
    response: ResponseRoundTrip,
    request: RoundTrip,
}

#[derive(Default)]
struct Tally {
    operations: std::collections::BTreeSet<String>,
    checked: usize,
    failures: BTreeMap<String, String>,
    /// Request examples: how many, and those that do not decode into their body type.
    requests: usize,
    stated_requests: usize,
    undecodable_requests: Vec<String>,
}

fn json_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<&MediaType> {
    content.iter().find(|(k, _)| k.starts_with("application/json") || k.ends_with("+json")).map(|(_, m)| m)
}

fn examples(spec: &OpenAPI, media: &MediaType, direction: Direction) -> Vec<(String, Value)> {
    let mut out = stated(spec, media);
    if let Some(schema) = &media.schema {
        out.push(("synthesized".to_owned(), synthesize(spec, schema, direction)));
    }
    out
}

/// Keys present in `original` and missing from `encoded`, as JSON paths.
fn lost(original: &Value, encoded: &Value, path: &str, out: &mut Vec<String>) {
    match (original, encoded) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let here = format!("{path}/{key}");
                match b.get(key) {
                    Some(other) => lost(value, other, &here, out),
                    None if !value.is_null() => out.push(here),
                    None => {}
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                lost(x, y, &format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn check_responses(contract: &Contract, spec: &OpenAPI, id: &str, op: &openapiv3::Operation, tally: &mut Tally) {
    for (code, response) in &op.responses.responses {
        let StatusCode::Code(status) = code else { continue };
        let response = match response {
            ReferenceOr::Item(r) => Some(r),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/responses/")
                .and_then(|n| spec.components.as_ref()?.responses.get(n)?.as_item()),
        };
        let Some(media) = response.and_then(|r| json_media(&r.content)) else { continue };
        for (label, example) in examples(spec, media, Direction::Response) {
            let Some(result) = (contract.response)(id, *status, &example.to_string()) else { continue };
            tally.operations.insert(id.to_owned());
            tally.checked += 1;
            if let Err(e) = result {
                tally.failures.insert(format!("{id} {status} {label}"), e.to_string());
            }
        }
    }
}

fn check_request(contract: &Contract, spec: &OpenAPI, id: &str, op: &openapiv3::Operation, tally: &mut Tally) {
    let body = match &op.request_body {
        Some(ReferenceOr::Item(body)) => body,
        Some(ReferenceOr::Reference { reference }) => {
            let named = reference.strip_prefix("#/components/requestBodies/").and_then(|n| spec.components.as_ref()?.request_bodies.get(n)?.as_item());
            let Some(body) = named else { return };
            body
        }
        None => return,
    };
    let Some(media) = json_media(&body.content) else { return };
    for (label, example) in examples(spec, media, Direction::Request) {
        let Some(result) = (contract.request)(id, &example.to_string()) else { continue };
        tally.operations.insert(id.to_owned());
        tally.checked += 1;
        tally.requests += 1;
        tally.stated_requests += usize::from(label != "synthesized");
        let key = format!("{id} request {label}");
        match result {
            Err(e) => {
                tally.undecodable_requests.push(format!("{key}: {e}"));
                tally.failures.insert(key, e.to_string());
            }
            Ok(encoded) => {
                let again = (contract.request)(id, &encoded.to_string());
                if again.as_ref().and_then(|r| r.as_ref().ok()) != Some(&encoded) {
                    tally.failures.insert(key, "encoding is not stable".to_owned());
                    continue;
                }
                let mut missing = Vec::new();
                lost(&example, &encoded, "", &mut missing);
                if !missing.is_empty() {
                    tally.failures.insert(key, format!("lost on re-encoding: {}", missing.join(", ")));
                }
            }
        }
    }
}

fn check(contract: &Contract) {
    let api = contract.api;
    let spec = generator::load::load_path(&workspace_root().join("spec").join(api)).expect("the spec loads").document;
    let mut tally = Tally::default();
    for (route, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else { continue };
        for (method, op) in item.iter() {
            let id = op.operation_id.clone().unwrap_or_else(|| format!("{method} {route}"));
            check_responses(contract, &spec, &id, op, &mut tally);
            check_request(contract, &spec, &id, op, &mut tally);
        }
    }
    println!(
        "contract {api}: {} examples of {} operations checked, {} fail ({} pass)",
        tally.checked,
        tally.operations.len(),
        tally.failures.len(),
        tally.checked - tally.failures.len()
    );
    // A request body a caller keeps as JSON (a role per file) decodes into its type, read-only
    // properties left out; the examples that do not are the ones that contradict their schema.
    println!(
        "request examples {api}: {} ({} stated by the spec, the others built from property examples), {} decode into their body type, {} contradict their schema:\n  {}",
        tally.requests,
        tally.stated_requests,
        tally.requests - tally.undecodable_requests.len(),
        tally.undecodable_requests.len(),
        tally.undecodable_requests.join("\n  ")
    );
    let list_path = workspace_root().join(format!("tests/contract-known-failures/{api}.txt"));
    let mut listed = String::from("# Examples in the spec that contradict its own schemas: `operation status example: why`.\n");
    listed.push_str("# Kept exactly equal to the failures by tests/tests/contract.rs (UPDATE_SNAPSHOTS=1 rewrites it).\n");
    for (key, why) in &tally.failures {
        listed.push_str(&format!("{key}: {}\n", why.replace('\n', " ")));
    }
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&list_path, &listed).expect("write the known-failures list");
        return;
    }
    let known = std::fs::read_to_string(&list_path).unwrap_or_default();
    let keys = |text: &str| -> Vec<String> {
        text.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split(": ").next().map(str::to_owned)).collect()
    };
    let (expected, actual) = (keys(&known), keys(&listed));
    let new: Vec<&String> = actual.iter().filter(|k| !expected.contains(k)).collect();
    let fixed: Vec<&String> = expected.iter().filter(|k| !actual.contains(k)).collect();
    assert!(
        new.is_empty() && fixed.is_empty(),
        "examples that now fail: {new:#?}\nlisted failures that now pass: {fixed:#?}\n(UPDATE_SNAPSHOTS=1 rewrites tests/contract-known-failures/{api}.txt)"
    );
}

macro_rules! contract_test {
    ($test:ident, $api:ident) => {
        #[test]
        fn $test() {
            use generated_client::$api::contract::{request_codec, response_codec};
            let response = Box::new(|id: &str, status: u16, json: &str| response_codec(id, status).map(|c| c.strict(json)));
            let request = Box::new(|id: &str, json: &str| request_codec(id).map(|c| c.strict(json)));
            check(&Contract { api: stringify!($api), response, request });
        }
    };
}

contract_test!(isc_examples_decode_into_its_models, isc);
contract_test!(v3_examples_decode_into_its_models, v3);
contract_test!(nerm_examples_decode_into_its_models, nerm);
contract_test!(nerm_v2025_examples_decode_into_its_models, nerm_v2025);
