//! The provisioning-policy operations end to end, over real HTTP against a local mock server:
//! what goes on the wire, and what comes back, for every status the spec declares.

use std::time::Duration;

use generated_client::v3::models::{FieldDetailsDto, FieldDetailsDtoType, LocaleOrigin, ProvisioningPolicyDto, UsageType};
use generated_client::runtime::RetryPolicy;
use generated_client::v3::ErrorBody;
use generated_client::{Client, ClientConfig, Error, Nullable};
use serde_json::{json, Value};
use tests::{header, server_answering};
use wiremock::{MockServer, ResponseTemplate};

const TOKEN: &str = "test-token-7f3a";
const SOURCE_ID: &str = "2c9180835d191a86015d28455b4a2329";

fn client(server: &MockServer) -> Client {
    // Retries have their own tests (runtime.rs); here every status must come back as it was sent.
    let config = ClientConfig::with_base_url(format!("{}/v3", server.uri())).bearer_token(TOKEN).retry(RetryPolicy::none());
    Client::new(config).expect("client")
}

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("request recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

fn policy_json() -> Value {
    json!({
        "name": "Account",
        "description": "Create account profile",
        "usageType": "CREATE",
        "fields": [{
            "name": "userName",
            "transform": {"type": "rule", "attributes": {"name": "Create Unique LDAP Attribute"}},
            "attributes": {"cloudMaxSize": "20"},
            "isRequired": true,
            "type": "string",
            "isMultiValued": false
        }]
    })
}

#[tokio::test]
async fn get_sends_the_documented_request_and_decodes_the_policy() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(policy_json())).await;
    let policy = client(&server).v3().sources().get_provisioning_policy(SOURCE_ID, UsageType::Create).await.expect("200");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), format!("/v3/sources/{SOURCE_ID}/provisioning-policies/CREATE"));
    assert_eq!(request.url.query(), None);
    assert_eq!(header(&request, "authorization"), Some("Bearer test-token-7f3a"));
    assert_eq!(header(&request, "accept"), Some("application/json"));
    assert_eq!(header(&request, "content-type"), None);
    assert!(request.body.is_empty());

    assert_eq!(policy.name.as_deref(), Some("Account"));
    assert_eq!(policy.usage_type, Some(UsageType::Create));
    let fields = policy.fields.expect("fields");
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].r#type, Some(FieldDetailsDtoType::String));
    assert_eq!(fields[0].is_required, Some(true));
    assert_eq!(fields[0].transform().get("type"), Some(&json!("rule")));
    assert_eq!(fields[0].attributes.as_ref().and_then(|a| a.get("cloudMaxSize")), Some(&json!("20")));
}

#[tokio::test]
async fn defaults_are_read_for_absent_properties_and_never_sent_back() {
    let body = json!({"name": null, "fields": [{"name": "mail"}]});
    let server = server_answering(ResponseTemplate::new(200).set_body_json(body.clone())).await;
    let policy = client(&server).v3().sources().get_provisioning_policy(SOURCE_ID, UsageType::Update).await.expect("200");
    assert_eq!(policy.name, None);
    let field = &policy.fields.as_ref().expect("fields")[0];
    assert_eq!((field.is_multi_valued, field.is_required, field.transform.as_ref()), (None, None, None), "absent, as they came");
    assert!(!field.is_multi_valued() && !field.is_required() && field.transform().is_empty(), "read with the spec's defaults");
    assert_eq!(field.attributes, None);
    assert_eq!(serde_json::to_value(&policy).expect("encode"), body, "no default written into what goes back");
}

#[tokio::test]
async fn path_values_reach_the_server_as_one_encoded_segment() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(policy_json())).await;
    let hostile = "a b/c?d#e%f+g..é";
    client(&server).v3().sources().get_provisioning_policy(hostile, UsageType::Unknown("NEW VALUE".into())).await.expect("200");
    let request = only_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/v3/sources/a%20b%2Fc%3Fd%23e%25f%2Bg..%C3%A9/provisioning-policies/NEW%20VALUE"
    );
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = server_answering(ResponseTemplate::new(200)).await;
    for value in ["..", ".", ""] {
        let err = client(&server).v3().sources().get_provisioning_policy(value, UsageType::Create).await.expect_err("refused");
        assert!(matches!(err, Error::InvalidParameter { name: "sourceId", .. }), "{err:?}");
    }
    assert!(server.received_requests().await.expect("recording").is_empty());
}

#[tokio::test]
async fn unlisted_enum_values_are_kept_not_fatal() {
    let mut body = policy_json();
    body["usageType"] = json!("BRAND_NEW_USAGE");
    body["fields"][0]["type"] = json!("uuid");
    let server = server_answering(ResponseTemplate::new(200).set_body_json(body)).await;
    let policy = client(&server).v3().sources().get_provisioning_policy(SOURCE_ID, UsageType::Create).await.expect("200");
    assert_eq!(policy.usage_type, Some(UsageType::Unknown("BRAND_NEW_USAGE".into())));
    let field_type = policy.fields.as_ref().and_then(|f| f[0].r#type.clone());
    assert_eq!(field_type, Some(FieldDetailsDtoType::Unknown("uuid".into())));
    let again = serde_json::to_value(&policy).expect("encode");
    assert_eq!(again["usageType"], json!("BRAND_NEW_USAGE"));
    assert_eq!(again["fields"][0]["type"], json!("uuid"));
}

#[tokio::test]
async fn put_sends_null_for_a_required_nullable_name_and_never_read_only_fields() {
    let mut echoed = policy_json();
    echoed["name"] = Value::Null;
    let server = server_answering(ResponseTemplate::new(200).set_body_json(echoed)).await;
    let policy = ProvisioningPolicyDto {
        name: None,
        usage_type: Some(UsageType::Create),
        fields: Some(vec![FieldDetailsDto {
            name: Some("userName".into()),
            is_required: Some(true),
            r#type: Some(FieldDetailsDtoType::String),
            ..Default::default()
        }]),
        ..Default::default()
    };
    let updated = client(&server).v3().sources().put_provisioning_policy(SOURCE_ID, UsageType::Create, &policy).await.expect("200");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), format!("/v3/sources/{SOURCE_ID}/provisioning-policies/CREATE"));
    assert_eq!(header(&request, "authorization"), Some("Bearer test-token-7f3a"));
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(header(&request, "accept"), Some("application/json"));
    let sent: Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(
        sent,
        json!({
            "name": null,
            "usageType": "CREATE",
            "fields": [{"name": "userName", "type": "string"}]
        })
    );
    assert_eq!(updated.name, None);
    assert_eq!(updated.description.as_deref(), Some("Create account profile"));
}

fn error_response_dto() -> Value {
    json!({
        "detailCode": "404.0 Object not found",
        "trackingId": "b21b1f7ce4da4d639f2c62a57171b427",
        "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": "The object was not found."}],
        "causes": [{"locale": null, "localeOrigin": "SOMETHING_ELSE", "text": "cause"}]
    })
}

/// Calls both operations against a server answering `template`, returning both errors.
async fn both_operations_failing_with(template: ResponseTemplate) -> Vec<Error> {
    let server = server_answering(template).await;
    let client = client(&server);
    let get = client.v3().sources().get_provisioning_policy(SOURCE_ID, UsageType::Create).await.expect_err("error status");
    let policy = ProvisioningPolicyDto { name: Some("x".into()), ..Default::default() };
    let put = client.v3().sources().put_provisioning_policy(SOURCE_ID, UsageType::Create, &policy).await.expect_err("error status");
    vec![get, put]
}

#[tokio::test]
async fn statuses_sharing_error_response_dto_decode_into_it() {
    for status in [400u16, 403, 404, 500] {
        let template = ResponseTemplate::new(status).set_body_json(error_response_dto()).insert_header("x-tracking", "t1");
        for err in both_operations_failing_with(template).await {
            assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
            let api = err.as_api().expect("API error");
            assert_eq!(api.headers.get("x-tracking").and_then(|v| v.to_str().ok()), Some("t1"));
            assert_eq!(serde_json::from_slice::<Value>(&api.raw_body).ok(), Some(error_response_dto()));
            let Some(ErrorBody::ErrorResponseDto(body)) = api.body::<ErrorBody>() else { panic!("{api:?}") };
            assert_eq!(body.detail_code.as_deref(), Some("404.0 Object not found"));
            let messages = body.messages.as_ref().expect("messages");
            assert_eq!(messages[0].locale_origin, Nullable::Value(LocaleOrigin::Default));
            let causes = body.causes.as_ref().expect("causes");
            assert_eq!(causes[0].locale, Nullable::Null, "null as it came");
            assert_eq!(causes[0].locale_origin, Nullable::Value(LocaleOrigin::Unknown("SOMETHING_ELSE".into())));
            assert!(err.to_string().contains(&format!("HTTP {status}")), "{err}");
        }
    }
}

#[tokio::test]
async fn unauthorized_decodes_its_own_body() {
    let body = json!({"error": "JWT validation failed: JWT is expired"});
    for err in both_operations_failing_with(ResponseTemplate::new(401).set_body_json(body)).await {
        let api = err.as_api().expect("API error");
        assert_eq!(api.status.as_u16(), 401);
        let Some(ErrorBody::UnauthorizedError(body)) = api.body::<ErrorBody>() else { panic!("{api:?}") };
        assert_eq!(body.error, Some(json!("JWT validation failed: JWT is expired")));
    }
}

#[tokio::test]
async fn too_many_requests_decodes_its_body_and_retry_after() {
    let template = ResponseTemplate::new(429).set_body_json(json!({"message": " Rate Limit Exceeded "})).insert_header("Retry-After", "7");
    for err in both_operations_failing_with(template).await {
        let api = err.as_api().expect("API error");
        assert_eq!(api.status.as_u16(), 429);
        assert_eq!(api.retry_after, Some(Duration::from_secs(7)));
        assert_eq!(api.headers.get("retry-after").and_then(|v| v.to_str().ok()), Some("7"));
        let Some(ErrorBody::TooManyRequestsError(body)) = api.body::<ErrorBody>() else { panic!("{api:?}") };
        assert_eq!(body.message, Some(json!(" Rate Limit Exceeded ")));
    }
}

#[tokio::test]
async fn an_error_body_that_does_not_decode_is_kept_raw() {
    let template = ResponseTemplate::new(500).set_body_raw("<html>upstream timeout</html>", "text/html");
    for err in both_operations_failing_with(template).await {
        let api = err.as_api().expect("API error");
        assert_eq!(api.status.as_u16(), 500);
        assert!(api.body::<ErrorBody>().is_none());
        assert!(api.body_error.is_some());
        assert_eq!(api.text(), "<html>upstream timeout</html>");
        assert!(err.to_string().contains("upstream timeout"), "{err}");
    }
}

#[tokio::test]
async fn an_undeclared_status_still_gives_status_headers_and_body() {
    let template = ResponseTemplate::new(418).set_body_string("teapot").insert_header("x-why", "tea");
    for err in both_operations_failing_with(template).await {
        let api = err.as_api().expect("API error");
        assert_eq!(api.status.as_u16(), 418);
        assert_eq!(api.headers.get("x-why").and_then(|v| v.to_str().ok()), Some("tea"));
        assert!(api.body::<ErrorBody>().is_none() && api.body_error.is_none());
        assert_eq!(api.text(), "teapot");
    }
}

#[tokio::test]
async fn a_success_body_off_the_spec_is_repaired_or_in_strict_mode_an_error_that_keeps_the_body() {
    let server = server_answering(ResponseTemplate::new(200).set_body_string("{\"name\": 5}")).await;
    let response = client(&server).v3().sources().get_provisioning_policy(SOURCE_ID, UsageType::Create).with_response().await.expect("lenient");
    assert_eq!(response.value.name, None);
    assert_eq!(response.deviations.len(), 1);
    assert_eq!(response.deviations[0].path, "/name");

    let strict = Client::new(ClientConfig::with_base_url(server.uri()).strict_decoding(true)).expect("client");
    let err = strict.v3().sources().get_provisioning_policy(SOURCE_ID, UsageType::Create).await.expect_err("strict");
    let Error::Decode { operation, status, body, .. } = &err else { panic!("{err:?}") };
    assert_eq!((*operation, status.as_u16()), ("getProvisioningPolicy", 200));
    assert_eq!(&body[..], b"{\"name\": 5}");
}

#[test]
fn a_tenant_fills_the_spec_server_url() {
    let client = Client::new(ClientConfig::for_tenant("acme")).expect("client");
    assert_eq!(client.base_url_for(&generated_client::v3::SERVER).ok().as_deref(), Some("https://acme.api.identitynow.com/v3"));
    for bad in ["", "acme.evil.com/x", "a b"] {
        let err = Client::new(ClientConfig::for_tenant(bad)).expect_err("invalid tenant");
        assert!(matches!(err, Error::Config(_)), "{err:?}");
    }
    let err = Client::new(ClientConfig::with_base_url("ftp://x")).expect_err("not http");
    assert!(matches!(err, Error::Config(_)));
}

#[test]
fn tokens_never_show_in_debug_output() {
    let config = ClientConfig::for_tenant("acme").bearer_token(TOKEN);
    let client = Client::new(config.clone()).expect("client");
    for text in [format!("{config:?}"), format!("{client:?}")] {
        assert!(!text.contains(TOKEN), "{text}");
        assert!(text.contains("***"), "{text}");
    }
}

/// The README's "Nothing lost" case: a policy read, one field added, sent back. `isRequired` is
/// read-only, so by default it is not sent, and a PUT (which replaces the whole policy) leaves
/// it to the server; a client sending read-only properties sends it back as it came.
#[tokio::test]
async fn read_only_properties_go_back_only_when_the_client_sends_them() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(policy_json())).await;
    let client = client(&server);
    let sources = client.v3().sources();
    let mut policy = sources.get_provisioning_policy(SOURCE_ID, UsageType::Create).await.unwrap_or_else(|e| panic!("{e}"));
    let mut added = FieldDetailsDto::new();
    added.name = Some("mail".to_owned());
    policy.fields.get_or_insert_with(Vec::new).push(added);

    let sent_by = |client: Client| {
        let policy = policy.clone();
        let server = &server;
        async move {
            client.v3().sources().put_provisioning_policy(SOURCE_ID, UsageType::Create, &policy).await.unwrap_or_else(|e| panic!("{e}"));
            let requests = server.received_requests().await.unwrap_or_default();
            requests.last().and_then(|r| serde_json::from_slice::<Value>(&r.body).ok()).unwrap_or(Value::Null)
        }
    };
    let by_default = sent_by(client.clone()).await;
    assert_eq!(by_default["fields"][0].get("isRequired"), None, "read-only: left out by default: {by_default}");
    assert_eq!(by_default["fields"][0]["name"], "userName");

    let sending = sent_by(client.with_read_only_properties(true)).await;
    assert_eq!(sending["fields"][0]["isRequired"], true, "as it came: {sending}");
    assert_eq!(sending["fields"][1].get("isRequired"), None, "the added field has none");
    let mut expected = policy_json();
    if let Some(fields) = expected["fields"].as_array_mut() {
        fields.push(json!({"name": "mail"}));
    }
    assert_eq!(sending, expected, "the policy as it came, plus the field added");

    let configured = ClientConfig::with_base_url(format!("{}/v3", server.uri())).bearer_token(TOKEN).send_read_only_properties(true);
    let configured = sent_by(Client::new(configured).unwrap_or_else(|e| panic!("{e}"))).await;
    assert_eq!(configured, sending, "the client's setting does the same");
}
