//! The three APIs over one runtime, end to end over real HTTP: the current ISC API's seed
//! operations, the experimental opt-in, NERM on its own connection, server URLs, object query
//! parameters, and the `X-Deprecated` warning.

use generated_client::isc::models::{ProvisioningPolicyDto, UsageType};
use generated_client::isc::{ErrorBody, SERVER as ISC};
use generated_client::nerm::apis::GetProfileTypeAttributesOptions;
use generated_client::nerm::models::{Order, Sort};
use generated_client::nerm::SERVER as NERM;
use generated_client::runtime::{Rejection, RetryPolicy};
use http::StatusCode;
use generated_client::{Client, ClientConfig, Connection, Error};
use serde_json::{json, Value};
use tests::{header, server_answering, Captured};
use wiremock::{MockServer, ResponseTemplate};

const SOURCE_ID: &str = "2c9180835d191a86015d28455b4a2329";

fn isc_client(server: &MockServer) -> Client {
    let config = ClientConfig::with_base_url(server.uri()).bearer_token("isc-token").retry(RetryPolicy::none());
    Client::new(config).expect("client")
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("request recording is on")
}

fn policy_json() -> Value {
    json!({
        "name": "Account",
        "description": "Create account profile",
        "usageType": "CREATE",
        "fields": [{"name": "userName", "transform": {"type": "rule"}, "attributes": {}, "isRequired": true, "type": "string", "isMultiValued": false}]
    })
}

#[tokio::test]
async fn get_provisioning_policy_v1_sends_the_documented_request() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(policy_json())).await;
    let policy = isc_client(&server).isc().sources().get_provisioning_policy_v1(SOURCE_ID, UsageType::Create).await.expect("200");
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method.as_str(), "GET");
    assert_eq!(sent[0].url.path(), format!("/sources/v1/{SOURCE_ID}/provisioning-policies/CREATE"));
    assert_eq!(sent[0].url.query(), None);
    assert_eq!(header(&sent[0], "authorization"), Some("Bearer isc-token"));
    assert_eq!(header(&sent[0], "accept"), Some("application/json"));
    assert_eq!(header(&sent[0], "x-sailpoint-experimental"), None, "not an experimental operation");
    assert!(sent[0].body.is_empty());
    assert_eq!(policy.name.as_deref(), Some("Account"));
    assert_eq!(policy.usage_type, Some(UsageType::Create));
}

#[tokio::test]
async fn put_provisioning_policy_v1_sends_the_policy_and_keeps_what_it_does_not_know() {
    let mut answer = policy_json();
    answer["futureField"] = json!({"kept": true});
    let server = server_answering(ResponseTemplate::new(200).set_body_json(&answer)).await;
    let client = isc_client(&server);
    let sources = client.isc().sources();
    let policy: ProvisioningPolicyDto = sources.get_provisioning_policy_v1(SOURCE_ID, UsageType::Update).await.expect("GET");
    sources.put_provisioning_policy_v1(SOURCE_ID, UsageType::Update, &policy).await.expect("PUT");
    let sent = requests(&server).await;
    let put = &sent[1];
    assert_eq!(put.method.as_str(), "PUT");
    assert_eq!(put.url.path(), format!("/sources/v1/{SOURCE_ID}/provisioning-policies/UPDATE"));
    assert_eq!(header(put, "content-type"), Some("application/json"));
    let body: Value = serde_json::from_slice(&put.body).expect("JSON");
    let mut expected = answer.clone();
    if let Some(fields) = expected["fields"].as_array_mut() {
        fields.iter_mut().for_each(|f| _ = f.as_object_mut().map(|f| f.remove("isRequired")));
    }
    assert_eq!(body, expected, "read-only isRequired stays out, unknown properties go back");
}

#[tokio::test]
async fn every_declared_error_status_of_the_seed_operations_decodes_into_its_type() {
    let error_dto = json!({"detailCode": "404.0 Object not found", "trackingId": "t-1", "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": "gone"}]});
    let cases = [
        (400, error_dto.clone()),
        (401, json!({"error": "JWT validation failed"})),
        (403, error_dto.clone()),
        (404, error_dto.clone()),
        (429, json!({"message": "Rate Limit Exceeded"})),
        (500, error_dto.clone()),
    ];
    for (status, body) in cases {
        let server = server_answering(ResponseTemplate::new(status).set_body_json(&body)).await;
        let client = isc_client(&server);
        let sources = client.isc().sources();
        let get = sources.get_provisioning_policy_v1(SOURCE_ID, UsageType::Create).await.expect_err("error");
        let put = sources.put_provisioning_policy_v1(SOURCE_ID, UsageType::Create, &ProvisioningPolicyDto::default()).await.expect_err("error");
        for err in [get, put] {
            let api = err.as_api().expect("an API error");
            assert_eq!(api.status.as_u16(), status);
            assert_eq!(serde_json::from_slice::<Value>(&api.raw_body).ok().as_ref(), Some(&body));
            match (status, api.body::<ErrorBody>()) {
                (401, Some(ErrorBody::UnauthorizedError(e))) => assert_eq!(e.error, Some(json!("JWT validation failed"))),
                (429, Some(ErrorBody::TooManyRequestsError(e))) => assert_eq!(e.message, Some(json!("Rate Limit Exceeded"))),
                (_, Some(ErrorBody::ErrorResponseDto(e))) if ![401, 429].contains(&status) => assert_eq!(e.tracking_id.as_deref(), Some("t-1")),
                (_, other) => panic!("{status}: {other:?}"),
            }
            assert!(api.body::<generated_client::v3::ErrorBody>().is_none(), "another API's body type does not match");
            // Status and body in one pattern.
            let matched = match err.rejection::<ErrorBody>() {
                Some(Rejection { status: StatusCode::UNAUTHORIZED, body: Some(ErrorBody::UnauthorizedError(_)), .. }) => 401,
                Some(Rejection { status: StatusCode::TOO_MANY_REQUESTS, body: Some(ErrorBody::TooManyRequestsError(_)), .. }) => 429,
                Some(Rejection { status, body: Some(ErrorBody::ErrorResponseDto(dto)), .. }) if dto.tracking_id.as_deref() == Some("t-1") => status.as_u16(),
                other => panic!("{status}: {other:?}"),
            };
            assert_eq!(matched, status);
            assert!(err.rejection::<generated_client::v3::ErrorBody>().is_some_and(|r| r.body.is_none() && r.status.as_u16() == status));
        }
    }
}

#[tokio::test]
async fn experimental_operations_need_the_opt_in_and_then_carry_the_header() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({"count": 3}))).await;
    let refused = isc_client(&server).isc().api_usage().get_total_count_v1(&Default::default()).await.expect_err("no opt-in");
    assert!(matches!(refused, Error::ExperimentalNotEnabled { operation: "getTotalCountV1" }), "{refused:?}");
    assert!(refused.to_string().contains("ClientConfig::experimental(true)"), "{refused}");
    assert!(requests(&server).await.is_empty(), "nothing is sent without the opt-in");

    let config = ClientConfig::with_base_url(server.uri()).bearer_token("isc-token").experimental(true);
    let client = Client::new(config).expect("client");
    let count = client.isc().api_usage().get_total_count_v1(&Default::default()).await.expect("opted in");
    assert_eq!(count.get("count"), Some(&json!(3)));
    client.isc().sources().get_provisioning_policy_v1(SOURCE_ID, UsageType::Create).await.ok();
    let sent = requests(&server).await;
    assert_eq!(sent[0].url.path(), "/api-usage/v1/count");
    assert_eq!(header(&sent[0], "x-sailpoint-experimental"), Some("true"));
    assert_eq!(header(&sent[1], "x-sailpoint-experimental"), None, "only on operations that declare it");
}

#[tokio::test]
async fn nerm_goes_to_its_own_server_with_its_own_token_and_sends_object_parameters_as_pairs() {
    let isc = server_answering(ResponseTemplate::new(200).set_body_json(policy_json())).await;
    let nerm = server_answering(ResponseTemplate::new(200).set_body_json(json!({"ne_attributes": []}))).await;
    let config = ClientConfig::with_base_url(isc.uri())
        .bearer_token("isc-token")
        .connection("nerm", Connection::with_base_url(nerm.uri()).bearer_token("nerm-token"));
    let client = Client::new(config).expect("client");
    let options = GetProfileTypeAttributesOptions {
        sort: Some(Sort { attr: Some("label".into()), order: Some(Order::Desc), ..Default::default() }),
        page: Some(2),
        ..Default::default()
    };
    client.nerm().synced_attributes().get_profile_type_attributes("pt 1", &options).await.expect("NERM 200");
    client.isc().sources().get_provisioning_policy_v1(SOURCE_ID, UsageType::Create).await.expect("ISC 200");

    let to_nerm = requests(&nerm).await;
    assert_eq!(to_nerm.len(), 1);
    assert_eq!(to_nerm[0].url.path(), "/api/profile_types/pt%201/ne_attributes");
    assert_eq!(header(&to_nerm[0], "authorization"), Some("Bearer nerm-token"));
    let query: Vec<(String, String)> = to_nerm[0].url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert!(query.contains(&("attr".into(), "label".into())) && query.contains(&("order".into(), "desc".into())), "{query:?}");
    assert!(query.contains(&("page".into(), "2".into())), "{query:?}");
    let to_isc = requests(&isc).await;
    assert_eq!(to_isc.len(), 1);
    assert_eq!(header(&to_isc[0], "authorization"), Some("Bearer isc-token"));
}

#[tokio::test]
async fn nerm_without_its_connection_fails_before_sending() {
    let server = server_answering(ResponseTemplate::new(200)).await;
    let err = isc_client(&server).nerm().synced_attributes().get_profile_type_attributes("p", &Default::default()).await.expect_err("no NERM connection");
    assert!(matches!(&err, Error::Config(m) if m.contains("nerm") && m.contains("SAIL_NERM_BASE_URL")), "{err:?}");
    assert!(requests(&server).await.is_empty());
}

#[test]
fn each_api_takes_its_server_from_its_document() {
    let client = Client::new(ClientConfig::for_tenant("acme").connection("nerm", Connection::for_tenant("acme-ne"))).expect("client");
    assert_eq!(client.base_url_for(&ISC).ok().as_deref(), Some("https://acme.api.identitynow.com"));
    assert_eq!(client.base_url_for(&generated_client::v3::SERVER).ok().as_deref(), Some("https://acme.api.identitynow.com/v3"));
    assert_eq!(client.base_url_for(&NERM).ok().as_deref(), Some("https://acme-ne.nonemployee.com/api"));
    assert_eq!(client.base_url_for(&generated_client::nerm_v2025::SERVER).ok().as_deref(), Some("https://acme-ne.nonemployee.com/api/v2025"));

    let vars = |name: &str| match name {
        "SAIL_BASE_URL" => Some("https://acme.api.identitynow.com/".to_owned()),
        "SAIL_CLIENT_ID" => Some("id".to_owned()),
        "SAIL_CLIENT_SECRET" => Some("secret".to_owned()),
        "SAIL_NERM_BASE_URL" => Some("https://acme.nonemployee.com".to_owned()),
        _ => None,
    };
    let client = Client::new(ClientConfig::from_lookup(vars).expect("config")).expect("client");
    assert_eq!(client.base_url_for(&ISC).ok().as_deref(), Some("https://acme.api.identitynow.com"));
    assert_eq!(client.base_url_for(&generated_client::v3::SERVER).ok().as_deref(), Some("https://acme.api.identitynow.com/v3"));
    assert_eq!(client.base_url_for(&NERM).ok().as_deref(), Some("https://acme.nonemployee.com/api"));
}

#[tokio::test]
async fn a_deprecated_answer_is_logged_once_per_operation() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = server_answering(ResponseTemplate::new(200).set_body_json(policy_json()).insert_header("X-Deprecated", "true")).await;
    let client = isc_client(&server);
    for _ in 0..3 {
        client.isc().sources().get_provisioning_policy_v1(SOURCE_ID, UsageType::Create).await.expect("200");
    }
    let text = captured.text();
    assert_eq!(text.matches("deprecated").count(), 1, "{text}");
    assert!(text.contains("getProvisioningPolicyV1"), "{text}");
}

#[tokio::test]
async fn deprecation_and_sunset_headers_are_logged_once_with_their_dates_and_readable() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let answer = ResponseTemplate::new(200)
        .set_body_json(policy_json())
        .insert_header("Deprecation", "@1782777600")
        .insert_header("Sunset", "Wed, 31 Jan 2029 00:00:00 GMT")
        .insert_header("Link", "<https://developer.sailpoint.com/docs/api/api-versioning-strategy>; rel=\"deprecation\"");
    let server = server_answering(answer).await;
    let client = isc_client(&server);
    let sources = client.isc().sources();
    let answered = sources.get_provisioning_policy_v1(SOURCE_ID, UsageType::Create).with_response().await.expect("200");
    let deprecation = answered.deprecation().expect("the headers say it is deprecated");
    let seconds = |time: Option<std::time::SystemTime>| time.and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map(|d| d.as_secs());
    assert_eq!(seconds(deprecation.since), Some(1_782_777_600));
    assert_eq!(seconds(deprecation.sunset), Some(1_864_512_000));
    assert_eq!(deprecation.links, ["https://developer.sailpoint.com/docs/api/api-versioning-strategy"]);
    for _ in 0..2 {
        sources.get_provisioning_policy_v1(SOURCE_ID, UsageType::Create).await.expect("200");
    }
    let text = captured.text();
    assert_eq!(text.matches("stops working").count(), 1, "one warning for three calls: {text}");
    assert!(text.contains("Wed, 31 Jan 2029 00:00:00 GMT") && text.contains("Tue, 30 Jun 2026 00:00:00 GMT"), "{text}");
    assert!(text.contains("getProvisioningPolicyV1"), "{text}");
}
