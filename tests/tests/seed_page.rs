//! A docs page alone (schemas inline, no names) gives a working client: one model for the
//! identical request and 200 shapes, one `UsageType` enum, one error model for the statuses
//! that share a shape. `seed-client` is that client, compiled as a workspace member.

use generator::ir::{Api, BodyKind, ModelKind, StatusMatch, SuccessBody, TypeRef};
use seed_client::seed::models::{FieldsItem, ReplaceProvisioningPolicyRequest, UsageType};
use seed_client::seed::ErrorBody;
use seed_client::{Client, ClientConfig};
use serde_json::json;
use tests::seed_page;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn lowered() -> Api {
    let spec = generator::load::load_path(&seed_page()).expect("the seed page loads");
    generator::lower::lower(&spec.document, "seed").expect("the seed page lowers").api
}

#[test]
fn identical_body_and_response_shapes_are_one_model() {
    let api = lowered();
    assert_eq!(api.operations.len(), 1);
    let op = &api.operations[0];
    assert_eq!(op.fn_name, "replace_provisioning_policy");
    let body = match op.body.as_ref().map(|b| &b.kind) {
        Some(BodyKind::Json(ty)) => ty.clone(),
        other => panic!("a JSON body, not {other:?}"),
    };
    assert!(matches!(body, TypeRef::Model(_)), "{body:?}");
    assert_eq!(SuccessBody::Json(body), op.success.body);
}

#[test]
fn the_usage_type_enum_is_generated_once() {
    let api = lowered();
    let enums: Vec<_> = api.models.iter().filter(|m| matches!(m.kind, ModelKind::Enum(_))).collect();
    let usage: Vec<_> = enums.iter().filter(|m| m.name == "UsageType").collect();
    assert_eq!(usage.len(), 1);
    let ModelKind::Enum(e) = &usage[0].kind else { unreachable!() };
    assert_eq!(e.variants.len(), 16);
    let with_usage_values = enums.iter().filter(|m| matches!(&m.kind, ModelKind::Enum(e) if e.variants.iter().any(|v| v.wire == "CHANGE_PASSWORD")));
    assert_eq!(with_usage_values.count(), 1);
}

#[test]
fn statuses_sharing_an_error_shape_share_one_model() {
    let api = lowered();
    let errors = &api.operations[0].errors;
    let body_of = |code: u16| errors.iter().find(|e| e.status == StatusMatch::Code(code)).and_then(|e| e.body);
    let shared = body_of(400).expect("400 has a body");
    for code in [403, 404, 500] {
        assert_eq!(body_of(code), Some(shared), "{code}");
    }
    assert_ne!(body_of(401), Some(shared));
    assert_ne!(body_of(429), Some(shared));
    assert_eq!(api.error_bodies.len(), 3);
    assert_eq!(api.error_bodies[shared].name, "ErrorResponse");
}

#[tokio::test]
async fn the_seed_client_works_over_http() {
    let server = MockServer::start().await;
    let echoed = json!({"name": "Account", "usageType": "CREATE", "fields": [{"name": "mail", "isRequired": true}]});
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(&echoed)).mount(&server).await;
    let client = Client::new(ClientConfig::with_base_url(server.uri()).bearer_token("t")).expect("client");
    let body = ReplaceProvisioningPolicyRequest {
        usage_type: Some(UsageType::Create),
        fields: Some(vec![FieldsItem { name: Some("mail".into()), is_required: Some(true), ..Default::default() }]),
        ..ReplaceProvisioningPolicyRequest::new("Account".into())
    };
    let policy = client.seed().sources().replace_provisioning_policy("src 1", UsageType::Create, &body).await.expect("200");
    assert!(policy.fields.as_ref().is_some_and(|f| f[0].is_required()));

    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests[0].url.path(), "/v3/sources/src%201/provisioning-policies/CREATE");
    let sent: serde_json::Value = serde_json::from_slice(&requests[0].body).expect("JSON");
    assert_eq!(sent, json!({"name": "Account", "usageType": "CREATE", "fields": [{"name": "mail"}]}), "only what was set");
}

#[tokio::test]
async fn the_seed_client_decodes_the_shared_error_model() {
    let server = MockServer::start().await;
    let body = json!({"detailCode": "403 Forbidden", "messages": [{"locale": "en-US", "localeOrigin": "REQUEST", "text": "no"}]});
    Mock::given(any()).respond_with(ResponseTemplate::new(403).set_body_json(body)).mount(&server).await;
    let client = Client::new(ClientConfig::with_base_url(server.uri())).expect("client");
    let request = ReplaceProvisioningPolicyRequest::new("x".into());
    let err = client.seed().sources().replace_provisioning_policy("s", UsageType::Delete, &request).await.expect_err("403");
    let api = err.as_api().expect("API error");
    let Some(ErrorBody::ErrorResponse(decoded)) = api.body::<ErrorBody>() else { panic!("{api:?}") };
    assert_eq!(decoded.detail_code.as_deref(), Some("403 Forbidden"));
}
