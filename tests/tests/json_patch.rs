//! One typed JSON Patch builder for every json-patch operation that takes a list of patch
//! operations, whatever type its spec gives them, or an object wrapping that list; the
//! operations take slices, so a `Vec`, an array or the builder are all bodies.

use generated_client::runtime::{pointer, JsonPatch};
use generated_client::{isc, v3, Client, ClientConfig};
use serde_json::{json, Value};
use tests::{header, server_answering};
use wiremock::{MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::new(ClientConfig::with_base_url(server.uri()).bearer_token("t").experimental(true)).unwrap_or_else(|e| panic!("{e}"))
}

/// The bodies the server received, as JSON, after checking they were sent as JSON Patch.
async fn sent_patches(server: &MockServer) -> Vec<Value> {
    let requests = server.received_requests().await.unwrap_or_default();
    for request in &requests {
        assert_eq!(header(request, "content-type"), Some("application/json-patch+json"));
    }
    requests.iter().map(|r| serde_json::from_slice(&r.body).unwrap_or_else(|e| panic!("{e}"))).collect()
}

#[tokio::test]
async fn one_builder_serves_operations_typed_every_way() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let client = client(&server);
    let isc = client.isc();
    let expected = json!([
        {"op": "replace", "path": "/description", "value": "Payroll"},
        {"op": "add", "path": "/tags/-", "value": ["finance", "sox"]},
        {"op": "remove", "path": "/attributes/a~1b"}
    ]);

    // Typed operations with a union value (ISC and v3 each have their own type), with the
    // value kept as built whatever alternative it is.
    let _ = isc
        .sources()
        .update_source_v1("s1", &JsonPatch::new().replace("/description", "Payroll").add("/tags/-", vec!["finance", "sox"]).remove(pointer(["attributes", "a/b"])))
        .await;
    let patch = JsonPatch::new().replace("/description", "Payroll").add("/tags/-", json!(["finance", "sox"])).remove("/attributes/a~1b");
    let _ = client.v3().sources().update_source("s1", &patch).await;
    // Free-form operations (`Map<String, Value>`), an op type of fewer operations, optional
    // `op` and `path`.
    let _ = isc.accounts().update_account_v1("a1", &JsonPatch::new().replace("/description", "Payroll").add("/tags/-", vec!["finance", "sox"]).remove("/attributes/a~1b")).await;
    let _ = isc.iai_role_mining().patch_potential_role_v1("r1", &JsonPatch::new().replace("/description", "Payroll")).await;
    let _ = isc.suggested_entitlement_description().patch_sed_v1(&JsonPatch::new().replace("/status", "approved")).await;
    let sent = sent_patches(&server).await;
    assert_eq!(sent.len(), 5);
    assert_eq!(sent[0], expected);
    assert_eq!(sent[1], expected);
    assert_eq!(sent[2], expected);
    assert_eq!(sent[3], json!([{"op": "replace", "path": "/description", "value": "Payroll"}]));
    assert_eq!(sent[4], json!([{"op": "replace", "path": "/status", "value": "approved"}]));

    // A builder's operation is the spec's type, so it mixes with hand-made ones and slices.
    let patch: JsonPatch<v3::models::JsonPatchOperation> = JsonPatch::new().test("/name", "HR").copy_to("/name", "/description");
    let mut operations = patch.into_vec();
    operations.push(v3::models::JsonPatchOperation::new(v3::models::JsonPatchOperationOp::Remove, "/owner".into()));
    let expected = json!([
        {"op": "test", "path": "/name", "value": "HR"},
        {"op": "copy", "path": "/description", "from": "/name"},
        {"op": "remove", "path": "/owner"}
    ]);
    assert_eq!(serde_json::to_value(&operations).ok(), Some(expected.clone()));
    let _ = client.v3().sources().update_source("s1", &operations).await;
    let _ = client.v3().sources().update_source("s1", &operations[..1]).await;
    let sent = sent_patches(&server).await;
    assert_eq!(sent[5], expected);
    assert_eq!(sent[6], json!([{"op": "test", "path": "/name", "value": "HR"}]));
}

/// An operation whose body wraps the list (`{"operations": [...]}`) takes a built patch as well.
#[tokio::test]
async fn a_body_that_wraps_the_operations_takes_the_builder_too() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let client = client(&server);
    let patch = JsonPatch::new().replace("/name", "Auditors").remove("/description");
    let _ = client.isc().custom_user_levels().update_user_level_v1("level-1", &patch.into()).await;
    let sent = sent_patches(&server).await;
    assert_eq!(sent, [json!({"operations": [{"op": "replace", "path": "/name", "value": "Auditors"}, {"op": "remove", "path": "/description"}]})]);
}

#[test]
fn a_value_no_alternative_matches_is_kept_as_built() {
    let patch: JsonPatch<isc::models::JsonPatchOperation> = JsonPatch::new().add("/limits", 2.5).add("/owner", Value::Null);
    let json = serde_json::to_value(&*patch).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json, json!([{"op": "add", "path": "/limits", "value": 2.5}, {"op": "add", "path": "/owner", "value": null}]));
}
