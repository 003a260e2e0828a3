//! Nothing lost, nothing invented: absent, null and a value are three states; a JSON Patch keeps
//! `"value": null`; a required value the lenient decoder had to replace goes back as it came
//! unless the caller changes it.

use generated_client::isc::models::{JsonPatchOperation, JsonPatchOperationOp};
use generated_client::runtime::RetryPolicy;
use generated_client::v3::models::{AccessItemRequestedForType, ErrorMessageDto, Source};
use generated_client::{Client, ClientConfig, Nullable};
use serde_json::{json, Value};
use tests::server_answering;
use wiremock::{MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::new(ClientConfig::with_base_url(server.uri()).bearer_token("t").retry(RetryPolicy::none())).unwrap_or_else(|e| panic!("{e}"))
}

async fn last_body(server: &MockServer) -> Value {
    let requests = server.received_requests().await.unwrap_or_default();
    requests.last().and_then(|r| serde_json::from_slice(&r.body).ok()).unwrap_or(Value::Null)
}

#[test]
fn absent_null_and_a_value_are_decoded_and_encoded_as_they_are() {
    for body in [json!({"text": "t"}), json!({"text": "t", "locale": null}), json!({"text": "t", "locale": "en-US"})] {
        let message: ErrorMessageDto = serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(serde_json::to_value(&message).ok(), Some(body));
    }
    // `text` is not nullable: a null there is off the spec, reads as `None`, and still goes back.
    let off_spec = json!({"text": null});
    let message: ErrorMessageDto = serde_json::from_value(off_spec.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(message.text, None);
    assert_eq!(serde_json::to_value(&message).ok(), Some(off_spec));
    let cleared = ErrorMessageDto { locale: Nullable::Null, text: Some("t".into()), ..Default::default() };
    assert_eq!(serde_json::to_value(&cleared).ok(), Some(json!({"locale": null, "text": "t"})));
    let set = ErrorMessageDto { locale: "fr".to_owned().into(), ..Default::default() };
    assert_eq!(serde_json::to_value(&set).ok(), Some(json!({"locale": "fr"})));
}

#[tokio::test]
async fn a_json_patch_keeps_value_null() {
    let patch = json!([{"op": "replace", "path": "/description", "value": null}, {"op": "remove", "path": "/owner"}]);
    let operations: Vec<JsonPatchOperation> = serde_json::from_value(patch.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(operations[1].op, JsonPatchOperationOp::Remove);
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({"id": "a", "name": "n"}))).await;
    let _ = client(&server).isc().access_profiles().patch_access_profile_v1("a", &operations).await;
    assert_eq!(last_body(&server).await, patch, "sent exactly as built");
}

fn source_json() -> Value {
    json!({"id": "s1", "name": null, "owner": {"type": "IDENTITY", "id": "o1", "name": "Owner"}, "description": "d", "healthy": "yes"})
}

#[tokio::test]
async fn a_replaced_required_value_goes_back_as_it_came() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(source_json())).await;
    let client = client(&server);
    let response = client.v3().sources().get_source("s1").with_response().await.unwrap_or_else(|e| panic!("{e}"));
    let placeholders: Vec<&str> = response.deviations.iter().map(|d| d.path.as_str()).collect();
    assert!(placeholders.contains(&"/name") && placeholders.contains(&"/connector"), "{placeholders:?}");
    let source: Source = response.value;
    assert_eq!((source.name.as_str(), source.connector.as_str()), ("", ""), "placeholders in the typed value");

    client.v3().sources().put_source("s1", &source).await.unwrap_or_else(|e| panic!("{e}"));
    let sent = last_body(&server).await;
    assert_eq!(sent.get("name"), Some(&Value::Null), "null went back as it came, not \"\": {sent}");
    assert_eq!(sent.get("connector"), None, "a missing value stays missing: {sent}");
    assert_eq!(sent.get("healthy"), Some(&json!("yes")), "an unusable value goes back as it came: {sent}");

    let renamed = Source { name: "Renamed".into(), ..source };
    client.v3().sources().put_source("s1", &renamed).await.unwrap_or_else(|e| panic!("{e}"));
    let sent = last_body(&server).await;
    assert_eq!(sent.get("name"), Some(&json!("Renamed")), "the caller's value wins: {sent}");
    assert_eq!(sent.get("connector"), None);
}

fn violation_json() -> Value {
    let reference = |id: &str| json!({"id": id, "name": id, "type": "IDENTITY"});
    json!({
        "id": "v1", "created": "2024-01-02T03:04:05Z", "modified": "2024-01-02T03:04:05Z",
        "owner": reference("o"), "target": reference("t"), "policy": reference("p"),
        "status": "Open", "level": "High", "conflictingCriteria": [], "expiration": null,
        "appliedControls": [
            {"id": "c1", "violation": "v1", "control": reference("k"), "applier": reference("a"), "appliedDate": "2024-01-02T03:04:05Z", "expiration": "2024-02-02T03:04:05Z"},
            {"id": "c2", "violation": "v1", "applier": reference("a"), "expiration": "2024-02-02T03:04:05Z"}
        ]
    })
}

/// A required value missing inside array items (`getViolationV1`: `appliedControls[].control`, a
/// struct, and `appliedDate`, a date-time) is repaired as at the top, and reported; encoding the
/// value leaves both out again.
#[tokio::test]
async fn a_missing_required_value_inside_array_items_is_repaired() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(violation_json())).await;
    let config = ClientConfig::with_base_url(server.uri()).bearer_token("t").experimental(true);
    let client = Client::new(config).unwrap_or_else(|e| panic!("{e}"));
    let response = client.isc().sod_violations().get_violation_v1("v1").with_response().await.unwrap_or_else(|e| panic!("{e}"));
    let paths: Vec<&str> = response.deviations.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["/appliedControls/1/control", "/appliedControls/1/appliedDate"]);
    let controls = response.value.applied_controls.as_deref().unwrap_or_default();
    assert_eq!(controls.len(), 2);
    assert_eq!(controls[1].id, "c2");
    let encoded = serde_json::to_value(&response.value).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(encoded["appliedControls"][1].get("control"), None, "{encoded}");
    assert_eq!(encoded["appliedControls"][1].get("appliedDate"), None, "{encoded}");
}

/// Enum values and nested models are decoded in place, from the text as it lies in the body:
/// an escape is undone before an enum value is matched, `null` is `None` (or `Null`) and goes
/// back, and an enum value of the wrong kind is repaired and goes back as it came.
#[tokio::test]
async fn enums_and_nested_models_read_in_place_decode_and_go_back_as_they_came() {
    let body = r#"{"id":"a1","name":"john.doe","sourceId":"s1","nativeIdentity":"CN=John","authoritative":false,
        "disabled":false,"locked":false,"systemAccount":false,"uncorrelated":false,"manuallyCorrelated":false,
        "hasEntitlements":true,"identity":{"id":"i1","name":"John Doe","type":"\u0049DENTITY"},
        "sourceOwner":null,"origin":7,"ownerIdentity":null}"#;
    let server = server_answering(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let account = client(&server).v3().accounts().get_account("a1").await.unwrap_or_else(|e| panic!("{e}"));
    let identity = account.identity.clone().unwrap_or_else(|| panic!("identity decoded"));
    assert_eq!((identity.id.as_deref(), identity.r#type), (Some("i1"), Some(AccessItemRequestedForType::Identity)));
    assert_eq!((account.source_owner.is_null(), account.owner_identity.is_none()), (true, true));
    let again = serde_json::to_value(&account).unwrap_or_default();
    assert_eq!(again["identity"], json!({"id": "i1", "name": "John Doe", "type": "IDENTITY"}));
    assert_eq!((&again["sourceOwner"], &again["ownerIdentity"], &again["origin"]), (&Value::Null, &Value::Null, &json!(7)));
}
