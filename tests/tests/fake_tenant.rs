//! The fake tenant of the `testing` feature, over real HTTP: every operation of every API
//! answered with its spec example, typed answers matched by path parameters and query, requests
//! recorded, and a strict tenant failing on anything it was not told to expect.

use std::panic::{catch_unwind, AssertUnwindSafe};

use futures_util::{stream, StreamExt};
use generated_client::isc::models::{ProvisioningPolicyDto, UsageType};
use generated_client::runtime::RetryPolicy;
use generated_client::testing::{self, Route};
use generated_client::{Client, Error};
use serde_json::json;

const SOURCE: &str = "2c9180835d191a86015d28455b4a2329";

fn policy(name: &str) -> ProvisioningPolicyDto {
    ProvisioningPolicyDto { name: Some(name.to_owned()), usage_type: Some(UsageType::Create), ..ProvisioningPolicyDto::new() }
}

/// A path that fills `template`, each parameter with a value no literal segment has.
fn filled(template: &str) -> String {
    template.split('/').map(|part| if part.starts_with('{') && part.ends_with('}') { "p-41" } else { part }).collect::<Vec<_>>().join("/")
}

fn all_routes() -> Vec<&'static Route> {
    [generated_client::isc::testing::ROUTES, generated_client::v3::testing::ROUTES, generated_client::nerm::testing::ROUTES, generated_client::nerm_v2025::testing::ROUTES]
        .into_iter()
        .flatten()
        .collect()
}

#[tokio::test]
async fn every_operation_of_every_api_answers_with_its_spec_example() {
    let tenant = testing::start().await;
    let routes = all_routes();
    assert_eq!(routes.len(), 917 + 358 + 196 + 5, "one route per operation of isc, v3, nerm and nerm v2025");
    let http = reqwest::Client::new();
    let answers: Vec<(&Route, u16, String, String)> = stream::iter(&routes)
        .map(|route| {
            let (http, uri) = (&http, tenant.uri());
            async move {
                let method = reqwest::Method::from_bytes(route.method.as_bytes()).expect("method");
                let response = http.request(method, format!("{uri}{}", filled(route.path))).send().await.expect("the tenant answers");
                let status = response.status().as_u16();
                let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                (*route, status, content_type, response.text().await.expect("body"))
            }
        })
        .buffered(8)
        .collect()
        .await;
    let wrong: Vec<String> = answers
        .iter()
        .filter(|(route, status, content_type, body)| *status != route.status || body != route.body || !content_type.starts_with(route.content_type))
        .map(|(route, status, _, _)| format!("{} {} ({}): {status}", route.method, route.path, route.operation))
        .collect();
    assert_eq!(wrong, Vec::<String>::new(), "answered other than the spec example");
    let json = routes.iter().filter(|route| route.content_type == "application/json").count();
    assert!(json > 1000, "most operations answer JSON: {json}");
    // Each request is recorded with the operation whose template it filled. Templates that only
    // differ in a parameter's name are one route to a server; the first in the spec answers.
    let received = tenant.received();
    assert_eq!(received.len(), routes.len());
    let recorded: std::collections::BTreeMap<(String, String), Option<&str>> =
        received.iter().map(|got| ((got.method.to_string(), got.path.clone()), got.operation)).collect();
    let misrouted: Vec<String> = routes
        .iter()
        .filter(|route| recorded.get(&(route.method.to_owned(), filled(route.path))) != Some(&Some(route.operation)))
        .filter(|route| !routes.iter().any(|other| other.operation != route.operation && other.method == route.method && filled(other.path) == filled(route.path)))
        .map(|route| format!("{} recorded as {:?}", route.operation, recorded.get(&(route.method.to_owned(), filled(route.path)))))
        .collect();
    assert_eq!(misrouted, Vec::<String>::new());
}

#[tokio::test]
async fn the_default_answers_decode_into_the_typed_models() {
    let tenant = testing::start().await;
    let example = tenant.isc().sources().get_provisioning_policy_v1(SOURCE, UsageType::Create).await.expect("the spec example decodes");
    assert_eq!(example.name.as_deref(), Some("example provisioning policy for inactive identities"));
    let v3 = tenant.v3().sources().get_provisioning_policy(SOURCE, generated_client::v3::models::UsageType::Create).await.expect("v3 example");
    assert_eq!(v3.usage_type, Some(generated_client::v3::models::UsageType::Create));
    tenant.nerm().users().get_user("p-41").await.expect("a NERM user, from the same tenant");
    assert_eq!(tenant.received().len(), 3);
}

#[tokio::test]
async fn an_answer_is_matched_by_method_path_parameters_and_query() {
    let tenant = testing::start().await;
    let sources = tenant.isc().sources();
    sources.get_provisioning_policy_v1(SOURCE, UsageType::Create).returns(policy("answered"));

    let answered = sources.get_provisioning_policy_v1(SOURCE, UsageType::Create).await.expect("answered");
    assert_eq!(answered, policy("answered"));
    let other_source = sources.get_provisioning_policy_v1("2c9180835d191a86015d28455b4a0000", UsageType::Create).await.expect("example");
    assert_eq!(other_source.name.as_deref(), Some("example provisioning policy for inactive identities"));
    let other_usage = sources.get_provisioning_policy_v1(SOURCE, UsageType::Update).await.expect("example");
    assert_ne!(other_usage, policy("answered"));

    let received = tenant.received();
    let described: Vec<(Option<&str>, String)> = received.iter().map(|r| (r.operation, r.describe())).collect();
    assert_eq!(
        described,
        [
            (Some("getProvisioningPolicyV1"), format!("GET /sources/v1/{SOURCE}/provisioning-policies/CREATE")),
            (Some("getProvisioningPolicyV1"), "GET /sources/v1/2c9180835d191a86015d28455b4a0000/provisioning-policies/CREATE".to_owned()),
            (Some("getProvisioningPolicyV1"), format!("GET /sources/v1/{SOURCE}/provisioning-policies/UPDATE")),
        ]
    );
    assert_eq!(received[0].headers.get("authorization").and_then(|v| v.to_str().ok()), Some("Bearer fake-tenant-access-token"));
}

#[tokio::test]
async fn the_answer_registered_last_wins_and_a_counted_one_gives_way() {
    let tenant = testing::start().await;
    let sources = tenant.isc().sources();
    sources.get_provisioning_policy_v1(SOURCE, UsageType::Create).returns(policy("second"));
    sources.get_provisioning_policy_v1(SOURCE, UsageType::Create).answer().times(1).status(429).header("Retry-After", "0").returns_json(json!({"error": "slow down"}));

    // The 429 is retried (Retry-After honoured), and the retry gets the next answer.
    let got = sources.get_provisioning_policy_v1(SOURCE, UsageType::Create).await.expect("retried past the 429");
    assert_eq!(got, policy("second"));
    assert_eq!(tenant.received_for("getProvisioningPolicyV1").len(), 2);
    assert_eq!(tenant.unmet(), Vec::<String>::new());
}

#[tokio::test]
async fn a_stream_pages_through_answers_given_page_by_page() {
    use generated_client::isc::apis::ListAccountsV1Options;
    use generated_client::isc::models::Account;
    let route = generated_client::isc::testing::ROUTES.iter().find(|route| route.operation == "listAccountsV1").expect("route");
    let example: Vec<Account> = serde_json::from_str(route.body).expect("the example decodes");
    // `id` is read-only: a request never sends it, a response (the tenant's) does.
    let account = |id: &str| Account { id: Some(id.to_owned()), ..example[0].clone() };
    let tenant = testing::start_strict().await;
    let accounts = tenant.isc().accounts();
    let page = |offset| ListAccountsV1Options { limit: Some(2), offset: Some(offset), ..Default::default() };
    accounts.list_accounts_v1(&page(0)).returns(vec![account("a"), account("b")]);
    accounts.list_accounts_v1(&page(2)).returns(vec![account("c")]);

    let streamed: Vec<_> = accounts.list_accounts_v1_stream(ListAccountsV1Options { limit: Some(2), ..Default::default() }).collect().await;
    let ids: Vec<Option<String>> = streamed.into_iter().map(|account| account.expect("an account").id).collect();
    assert_eq!(ids, [Some("a".to_owned()), Some("b".to_owned()), Some("c".to_owned())]);
    let offsets: Vec<Option<String>> = tenant.received().iter().map(|r| r.query_value("offset").map(str::to_owned)).collect();
    assert_eq!(offsets, [Some("0".to_owned()), Some("2".to_owned())]);
}

#[tokio::test]
async fn an_error_answer_reaches_the_caller_with_its_status_body_and_headers() {
    let tenant = testing::start().await;
    let client = Client::new(tenant.config().retry(RetryPolicy::none())).expect("client of the tenant");
    client.isc().sources().get_provisioning_policy_v1(SOURCE, UsageType::Create).answer().header("X-Request-Id", "r-1").fails(404, json!({"detailCode": "404 Not found"}));
    let error = client.isc().sources().get_provisioning_policy_v1(SOURCE, UsageType::Create).await.expect_err("404");
    let Error::Api(api) = error else { panic!("an API error: {error:?}") };
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.headers.get("x-request-id").and_then(|v| v.to_str().ok()), Some("r-1"));
    assert!(String::from_utf8_lossy(&api.raw_body).contains("404 Not found"));
}

#[tokio::test]
async fn requests_are_recorded_with_their_typed_bodies() {
    let tenant = testing::start().await;
    let sources = tenant.isc().sources();
    sources.put_provisioning_policy_v1(SOURCE, UsageType::Create, &ProvisioningPolicyDto::new()).returns(policy("saved"));
    let saved = sources.put_provisioning_policy_v1(SOURCE, UsageType::Create, &policy("sent")).await.expect("answered");
    assert_eq!(saved, policy("saved"));
    let puts = tenant.received_for("putProvisioningPolicyV1");
    assert_eq!(puts.len(), 1);
    assert_eq!(puts[0].json::<ProvisioningPolicyDto>().expect("a policy was sent"), policy("sent"));
}

#[tokio::test]
async fn a_text_operation_answers_with_the_text_itself() {
    let tenant = testing::start().await;
    let connectors = tenant.isc().connectors();
    connectors.get_connector_source_config_v1("c-1").returns("<config/>".to_owned());
    assert_eq!(connectors.get_connector_source_config_v1("c-1").await.expect("text"), "<config/>");
}

#[tokio::test]
async fn a_binary_operation_answers_with_its_media_type_and_streams() {
    use generated_client::isc::apis::ExportOutliersZipV1Options;
    let tenant = testing::start().await;
    let outliers = tenant.isc().iai_outliers();
    let zip = bytes::Bytes::from_static(b"PK\x03\x04 not really a zip");
    outliers.export_outliers_zip_v1(&ExportOutliersZipV1Options::default()).returns(zip.clone());
    let download = outliers.export_outliers_zip_v1(&ExportOutliersZipV1Options::default()).stream().await.expect("a download");
    assert_eq!(download.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/zip"));
    let chunks: Vec<bytes::Bytes> = download.map(|chunk| chunk.expect("a chunk")).collect().await;
    assert_eq!(chunks.concat(), zip.to_vec());
}

#[tokio::test]
async fn a_client_with_credentials_gets_its_token_from_the_tenant() {
    let tenant = testing::start().await;
    let client = Client::new(tenant.config().client_credentials("client-id", "client-secret")).expect("client");
    client.isc().sources().get_provisioning_policy_v1(SOURCE, UsageType::Create).await.expect("an example, with the tenant's token");
    let received = tenant.received();
    assert_eq!(received.iter().map(|r| r.describe()).next().as_deref(), Some("POST /oauth/token"));
    assert_eq!(received[1].headers.get("authorization").and_then(|v| v.to_str().ok()), Some("Bearer fake-tenant-access-token"));
}

#[tokio::test]
async fn a_strict_tenant_refuses_and_names_what_it_did_not_expect() {
    let tenant = testing::start_strict().await;
    let sources = tenant.isc().sources();
    sources.get_provisioning_policy_v1(SOURCE, UsageType::Create).returns(policy("answered"));
    sources.get_provisioning_policy_v1(SOURCE, UsageType::Update).answer().times(2).returns(policy("twice"));

    assert_eq!(sources.get_provisioning_policy_v1(SOURCE, UsageType::Create).await.expect("answered"), policy("answered"));
    assert_eq!(sources.get_provisioning_policy_v1(SOURCE, UsageType::Update).await.expect("answered"), policy("twice"));
    let error = tenant.isc().sources().delete_provisioning_policy_v1(SOURCE, UsageType::Create).await.expect_err("not expected");
    assert!(matches!(&error, Error::Api(api) if api.status.as_u16() == 501), "{error:?}");

    let unmet = tenant.unmet();
    assert_eq!(
        unmet,
        [
            format!("unexpected request: DELETE /sources/v1/{SOURCE}/provisioning-policies/CREATE"),
            format!("answered 1 of 2 expected requests: GET /sources/v1/{SOURCE}/provisioning-policies/UPDATE (getProvisioningPolicyV1)"),
        ]
    );
    let failure = catch_unwind(AssertUnwindSafe(|| drop(tenant))).expect_err("dropping an unmet tenant fails the test");
    let message = failure.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains(&format!("unexpected request: DELETE /sources/v1/{SOURCE}/provisioning-policies/CREATE")), "{message}");
}

#[tokio::test]
async fn a_counted_answer_is_verified_on_a_lenient_tenant_too() {
    let tenant = testing::start().await;
    tenant.isc().sources().get_provisioning_policy_v1(SOURCE, UsageType::Create).answer().times(2).returns(policy("twice"));
    tenant.isc().sources().get_provisioning_policy_v1(SOURCE, UsageType::Create).await.expect("answered");
    assert_eq!(
        tenant.unmet(),
        [format!("answered 1 of 2 expected requests: GET /sources/v1/{SOURCE}/provisioning-policies/CREATE (getProvisioningPolicyV1)")]
    );
    tenant.isc().sources().get_provisioning_policy_v1(SOURCE, UsageType::Create).await.expect("answered");
    tenant.verify();
}

#[tokio::test]
async fn a_strict_tenant_with_every_answer_used_passes() {
    let tenant = testing::start_strict().await;
    tenant.isc().sources().get_provisioning_policy_v1(SOURCE, UsageType::Create).returns(policy("answered"));
    tenant.isc().sources().get_provisioning_policy_v1(SOURCE, UsageType::Create).await.expect("answered");
    tenant.verify();
}

#[test]
fn an_answer_on_a_client_of_no_tenant_says_how_to_make_one() {
    let client = Client::new(generated_client::ClientConfig::with_base_url("http://127.0.0.1:9")).expect("client");
    let failure = catch_unwind(AssertUnwindSafe(|| client.isc().sources().get_provisioning_policy_v1(SOURCE, UsageType::Create).returns(policy("x"))))
        .expect_err("no tenant to answer on");
    let message = failure.downcast_ref::<&str>().map(|s| (*s).to_owned()).or_else(|| failure.downcast_ref::<String>().cloned()).unwrap_or_default();
    assert!(message.contains("tenant.config()"), "{message}");
}
