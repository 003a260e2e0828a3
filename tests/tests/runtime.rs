//! The runtime over real HTTP: authentication, configuration, retries, timeouts, pagination,
//! lenient decoding, responses and secret redaction (tracing is in `tracing.rs`, a process of
//! its own, as a subscriber set for one test races with other tests' first events).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use generated_client::v3::apis::ListAccountsOptions;
use generated_client::v3::models::UsageType;
use generated_client::runtime::{Clock, PausedClock, Repair, RetryPolicy};
use generated_client::{Client, ClientConfig, Error};
use serde_json::{json, Value};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const SOURCE: &str = "2c9180835d191a86015d28455b4a2329";
const SECRET: &str = "client-secret-5ecr3t";

fn policy() -> Value {
    json!({"name": "p", "usageType": "CREATE", "fields": []})
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy { max_attempts: 4, initial_backoff: Duration::from_millis(10), max_backoff: Duration::from_millis(50), ..RetryPolicy::default() }
}

/// A client config for `server` whose waits run on a paused clock: exact, and free.
fn config(server: &MockServer) -> ClientConfig {
    paused(server).0
}

fn paused(server: &MockServer) -> (ClientConfig, PausedClock) {
    let clock = PausedClock::new();
    (ClientConfig::with_base_url(format!("{}/v3", server.uri())).retry(quick_retries()).clock(clock.clone()), clock)
}

/// Answers with each template in turn, the last one for ever after.
struct Sequence(Vec<ResponseTemplate>, AtomicUsize);

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let i = self.1.fetch_add(1, Ordering::SeqCst).min(self.0.len() - 1);
        self.0[i].clone()
    }
}

fn sequence(templates: Vec<ResponseTemplate>) -> Sequence {
    Sequence(templates, AtomicUsize::new(0))
}

async fn token_endpoint(server: &MockServer, expires_in: u64, delay: Duration) {
    let counter = Arc::new(AtomicUsize::new(0));
    let token = move |_: &Request| {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200).set_delay(delay).set_body_json(json!({"access_token": format!("token-{n}"), "token_type": "bearer", "expires_in": expires_in}))
    };
    Mock::given(method("POST")).and(path("/oauth/token")).respond_with(token).mount(server).await;
}

async fn requests_to(server: &MockServer, route: &str) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default().into_iter().filter(|r| r.url.path() == route).collect()
}

fn policy_route() -> String {
    format!("/v3/sources/{SOURCE}/provisioning-policies/CREATE")
}

#[tokio::test]
async fn client_credentials_are_fetched_lazily_once_and_sent() {
    let server = MockServer::start().await;
    token_endpoint(&server, 3600, Duration::ZERO).await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(policy())).mount(&server).await;
    let client = Client::new(config(&server).client_credentials("my-client", SECRET)).expect("client");
    assert!(requests_to(&server, "/oauth/token").await.is_empty(), "no token before the first call");
    for _ in 0..3 {
        client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await.expect("200");
    }
    let tokens = requests_to(&server, "/oauth/token").await;
    assert_eq!(tokens.len(), 1);
    let form = String::from_utf8_lossy(&tokens[0].body).into_owned();
    assert_eq!(form, "grant_type=client_credentials&client_id=my-client&client_secret=client-secret-5ecr3t");
    for call in requests_to(&server, &policy_route()).await {
        assert_eq!(call.headers.get("authorization").and_then(|v| v.to_str().ok()), Some("Bearer token-1"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_calls_cause_one_token_request() {
    let server = MockServer::start().await;
    token_endpoint(&server, 3600, Duration::from_millis(200)).await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(policy())).mount(&server).await;
    let client = Client::new(config(&server).client_credentials("c", SECRET)).expect("client");
    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await.map(|_| ()) })
    });
    for result in futures_util::future::join_all(calls).await {
        result.expect("task").expect("200");
    }
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 1);
    assert_eq!(requests_to(&server, &policy_route()).await.len(), 100);
}

#[tokio::test]
async fn a_token_is_refreshed_before_it_expires_and_once_after_a_401() {
    let server = MockServer::start().await;
    // expires_in 61 s minus the 60 s margin: due for refresh after one second.
    token_endpoint(&server, 61, Duration::ZERO).await;
    let responses = sequence(vec![
        ResponseTemplate::new(200).set_body_json(policy()),
        ResponseTemplate::new(200).set_body_json(policy()),
        ResponseTemplate::new(200).set_body_json(policy()),
        ResponseTemplate::new(401).set_body_json(json!({"error": "JWT is expired"})),
        ResponseTemplate::new(200).set_body_json(policy()),
    ]);
    Mock::given(method("GET")).respond_with(responses).mount(&server).await;
    let (config, clock) = paused(&server);
    let client = Client::new(config.client_credentials("c", SECRET)).expect("client");
    client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await.expect("first");
    clock.advance(Duration::from_millis(900));
    client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await.expect("still fresh");
    clock.advance(Duration::from_millis(200));
    client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await.expect("after expiry");
    client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await.expect("after a 401");
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 3);
    let sent: Vec<String> = requests_to(&server, &policy_route())
        .await
        .iter()
        .filter_map(|r| r.headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned))
        .collect();
    assert_eq!(sent, ["Bearer token-1", "Bearer token-1", "Bearer token-2", "Bearer token-2", "Bearer token-3"]);
}

#[tokio::test]
async fn a_refused_token_request_is_a_clear_error_without_the_secret() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token")).respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_client"}))).mount(&server).await;
    let client = Client::new(config(&server).client_credentials("c", SECRET)).expect("client");
    let err = client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await.expect_err("refused");
    assert!(matches!(err, Error::Auth { status: Some(s), .. } if s == 401), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(text.contains("invalid_client") && text.contains("/oauth/token"), "{text}");
    assert!(!text.contains(SECRET), "{text}");
    assert!(requests_to(&server, &policy_route()).await.is_empty());
}

#[test]
fn configuration_comes_from_the_sail_variables() {
    let vars = |name: &str| match name {
        "SAIL_BASE_URL" => Some("https://acme.api.identitynow.com".to_owned()),
        "SAIL_CLIENT_ID" => Some("id".to_owned()),
        "SAIL_CLIENT_SECRET" => Some(SECRET.to_owned()),
        _ => None,
    };
    let config = ClientConfig::from_lookup(vars).expect("config");
    let client = Client::new(config.clone()).expect("client");
    assert_eq!(client.base_url_for(&generated_client::v3::SERVER).ok().as_deref(), Some("https://acme.api.identitynow.com/v3"));
    for text in [format!("{config:?}"), format!("{client:?}")] {
        assert!(!text.contains(SECRET), "{text}");
        assert!(text.contains("https://acme.api.identitynow.com/oauth/token") || text.contains("client_id"), "{text}");
    }
    let missing = ClientConfig::from_lookup(|name| if name == "SAIL_CLIENT_SECRET" { None } else { vars(name) });
    assert!(matches!(missing, Err(Error::Config(ref m)) if m.contains("SAIL_CLIENT_SECRET")), "{missing:?}");
}

#[tokio::test]
async fn too_many_requests_is_retried_after_retry_after_in_seconds_or_as_a_date() {
    for seconds_ahead in [None, Some(3)] {
        let server = MockServer::start().await;
        let (config, clock) = paused(&server);
        // An HTTP date has whole seconds: three seconds ahead is more than two away.
        let retry_after = seconds_ahead.map_or_else(|| "1".to_owned(), |s| httpdate::fmt_http_date(clock.system_time() + Duration::from_secs(s)));
        let answers = sequence(vec![
            ResponseTemplate::new(429).insert_header("Retry-After", retry_after.as_str()).set_body_json(json!({"message": "slow down"})),
            ResponseTemplate::new(200).set_body_json(policy()),
        ]);
        Mock::given(any()).respond_with(answers).mount(&server).await;
        let client = Client::new(config).expect("client");
        let body = ProvisioningBody::default();
        client.v3().sources().put_provisioning_policy(SOURCE, UsageType::Create, &body.0).await.expect("retried to 200");
        let (sleeps, waited) = clock.sleeps();
        assert_eq!(sleeps, 1);
        match seconds_ahead {
            None => assert_eq!(waited, Duration::from_secs(1)),
            Some(_) => assert!(waited > Duration::from_secs(2) && waited <= Duration::from_secs(3), "waited {waited:?} for Retry-After {retry_after}"),
        }
        assert_eq!(server.received_requests().await.unwrap_or_default().len(), 2, "429 is retried even for PUT");
    }
}

/// A valid PUT body.
struct ProvisioningBody(generated_client::v3::models::ProvisioningPolicyDto);

impl Default for ProvisioningBody {
    fn default() -> Self {
        ProvisioningBody(generated_client::v3::models::ProvisioningPolicyDto { name: Some("p".into()), ..Default::default() })
    }
}

#[tokio::test]
async fn gateway_errors_are_retried_for_idempotent_methods_only_and_the_last_error_kept() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503).insert_header("x-attempt", "last").set_body_string("busy")).mount(&server).await;
    let client = Client::new(config(&server)).expect("client");
    let err = client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await.expect_err("503");
    let api = err.as_api().expect("API error");
    assert_eq!((api.status.as_u16(), api.text().as_str()), (503, "busy"));
    assert_eq!(api.headers.get("x-attempt").and_then(|v| v.to_str().ok()), Some("last"));
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 4, "GET: 4 attempts");

    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let client = Client::new(config(&server)).expect("client");
    let body = ProvisioningBody::default();
    let _ = client.v3().sources().put_provisioning_policy(SOURCE, UsageType::Create, &body.0).await;
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 4, "PUT is idempotent");

    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let client = Client::new(config(&server).retry(RetryPolicy::none())).expect("client");
    let _ = client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await;
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 1, "retries off");
}

#[tokio::test]
async fn a_retry_after_beyond_the_time_budget_is_not_waited_for() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "600")).mount(&server).await;
    let (config, clock) = paused(&server);
    let client = Client::new(config).expect("client");
    let err = client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await.expect_err("429");
    assert_eq!(clock.sleeps(), (0, Duration::ZERO));
    assert_eq!(err.as_api().and_then(|a| a.retry_after), Some(Duration::from_secs(600)));
}

#[tokio::test]
async fn connection_failures_are_retried_then_reported() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let client = Client::new(ClientConfig::with_base_url(format!("http://{address}")).retry(quick_retries())).expect("client");
    let err = client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await.expect_err("refused");
    assert!(matches!(err, Error::Transport { operation: "getProvisioningPolicy", .. }), "{err:?}");
}

#[tokio::test]
async fn timeouts_apply_per_client_and_per_call() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(policy()).set_delay(Duration::from_millis(800))).mount(&server).await;
    let client = Client::new(config(&server).timeout(Duration::from_millis(100)).retry(RetryPolicy::none())).expect("client");
    let started = Instant::now();
    let err = client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await.expect_err("timeout");
    assert!(matches!(&err, Error::Transport { source, .. } if source.is_timeout()), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(700));
    client.with_timeout(Duration::from_secs(5)).v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await.expect("a longer timeout for this call");
}

fn account(i: usize) -> Value {
    json!({
        "id": format!("acc-{i}"), "name": format!("account {i}"), "sourceId": "s", "sourceName": "S", "attributes": {},
        "authoritative": false, "disabled": false, "locked": false, "nativeIdentity": format!("n{i}"), "systemAccount": false,
        "uncorrelated": false, "manuallyCorrelated": false, "hasEntitlements": true
    })
}

/// Serves `total` accounts by `offset`/`limit`, with `X-Total-Count` when asked.
fn accounts_server(total: usize) -> impl Fn(&Request) -> ResponseTemplate {
    move |request: &Request| {
        let query: std::collections::HashMap<String, String> = request.url.query_pairs().into_owned().collect();
        let offset: usize = query.get("offset").and_then(|v| v.parse().ok()).unwrap_or(0);
        let limit: usize = query.get("limit").and_then(|v| v.parse().ok()).unwrap_or(250);
        if offset >= total && offset > 0 {
            return ResponseTemplate::new(400).set_body_json(json!({"detailCode": "400.1 Bad Request", "messages": [{"text": "offset past the end"}]}));
        }
        let page: Vec<Value> = (offset..total.min(offset + limit)).map(account).collect();
        let mut template = ResponseTemplate::new(200).set_body_json(page);
        if query.get("count").map(String::as_str) == Some("true") {
            template = template.insert_header("X-Total-Count", total.to_string().as_str());
        }
        template
    }
}

#[tokio::test]
async fn pagination_stops_at_an_exactly_full_last_page() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(accounts_server(500)).mount(&server).await;
    let client = Client::new(config(&server)).expect("client");
    let options = ListAccountsOptions::default();
    let mut stream = client.v3().accounts().list_accounts_stream(options.clone());
    let first = stream.next().await;
    assert!(first.is_some_and(|item| item.is_ok()));
    assert_eq!(stream.total_count(), Some(500), "X-Total-Count, known from the first page");
    let rest: Vec<_> = stream.collect().await;
    assert_eq!(1 + rest.len(), 500);
    assert!(rest.iter().all(Result::is_ok));
    let offsets: Vec<String> = server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(offsets, ["limit=250&offset=0&count=true", "limit=250&offset=250&count=true"], "no request past the end");

    let server = MockServer::start().await;
    Mock::given(any()).respond_with(accounts_server(7)).mount(&server).await;
    let client = Client::new(config(&server)).expect("client");
    let options = ListAccountsOptions { limit: Some(3), ..Default::default() };
    let ids: Vec<String> = client.v3().accounts().list_accounts_stream(options.clone()).map(|a| a.map(|a| a.id.unwrap_or_default()).unwrap_or_default()).collect().await;
    assert_eq!(ids, (0..7).map(|i| format!("acc-{i}")).collect::<Vec<_>>());
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 3);
}

/// 25,000 accounts of which every 97th-ish (at pseudo-random positions) is not an account at all:
/// every page is fetched, each bad item is an error in its place, the stream goes on, and no
/// request asks past the end.
#[tokio::test]
async fn a_stream_goes_on_past_items_that_cannot_be_read() {
    const TOTAL: usize = 25_000;
    let mut seed: u64 = 0x5eed;
    let mut bad: Vec<usize> = (0..260)
        .map(|_| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap_or(0) % TOTAL
        })
        .collect();
    bad.sort_unstable();
    bad.dedup();
    let serve_bad = bad.clone();
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(move |request: &Request| {
            let query: std::collections::HashMap<String, String> = request.url.query_pairs().into_owned().collect();
            let offset: usize = query.get("offset").and_then(|v| v.parse().ok()).unwrap_or(0);
            let limit: usize = query.get("limit").and_then(|v| v.parse().ok()).unwrap_or(250);
            if offset >= TOTAL {
                return ResponseTemplate::new(400).set_body_json(json!({"detailCode": "400.1 Bad Request"}));
            }
            let page: Vec<Value> = (offset..TOTAL.min(offset + limit))
                .map(|i| if serve_bad.binary_search(&i).is_ok() { json!(["not", "an", "account"]) } else { account(i) })
                .collect();
            ResponseTemplate::new(200).set_body_json(page).insert_header("X-Total-Count", TOTAL.to_string().as_str())
        })
        .mount(&server)
        .await;
    let client = Client::new(config(&server)).expect("client");
    let items: Vec<_> = client.v3().accounts().list_accounts_stream(ListAccountsOptions::default()).collect().await;
    let failed: Vec<usize> = items.iter().enumerate().filter(|(_, item)| item.is_err()).map(|(i, _)| i).collect();
    assert_eq!(items.len(), TOTAL, "items yielded and items reported together");
    assert_eq!(failed, bad, "each bad item is reported in its place");
    assert!(bad.len() > 200, "{} bad items", bad.len());
    let ids_in_order = items.iter().enumerate().filter_map(|(i, item)| item.as_ref().ok().map(|a| (i, a.id.clone())));
    assert!(ids_in_order.into_iter().all(|(i, id)| id == Some(format!("acc-{i}"))));
    let Some(Err(Error::Decode { body, source, .. })) = items.get(bad[0]) else { panic!("a decode error") };
    assert_eq!(body.as_ref(), br#"["not","an","account"]"#);
    assert!(source.to_string().starts_with(&format!("item {} of the page", bad[0] % 250)), "{source}");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), TOTAL / 250, "every page once, none past the end");
}

#[tokio::test]
async fn a_pagination_error_comes_after_the_items_already_fetched() {
    let server = MockServer::start().await;
    let page: Vec<Value> = (0..3).map(account).collect();
    let answers = sequence(vec![
        ResponseTemplate::new(200).set_body_json(page),
        ResponseTemplate::new(500).set_body_json(json!({"detailCode": "500.0 Internal Fault"})),
    ]);
    Mock::given(any()).respond_with(answers).mount(&server).await;
    let client = Client::new(config(&server).retry(RetryPolicy::none())).expect("client");
    let options = ListAccountsOptions { limit: Some(3), ..Default::default() };
    let results: Vec<_> = client.v3().accounts().list_accounts_stream(options.clone()).collect().await;
    assert_eq!(results.len(), 4);
    assert!(results[..3].iter().all(Result::is_ok));
    assert_eq!(results[3].as_ref().err().and_then(Error::status).map(|s| s.as_u16()), Some(500));
}

#[tokio::test]
async fn a_malformed_item_in_the_middle_of_a_page_is_repaired_and_reported() {
    let server = MockServer::start().await;
    let mut page: Vec<Value> = (0..5).map(account).collect();
    page[2]["name"] = json!(12345);
    page[2]["disabled"] = Value::Null;
    page[3]["created"] = json!("not a date");
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(&page)).mount(&server).await;
    let client = Client::new(config(&server)).expect("client");
    let options = ListAccountsOptions::default();
    let response = client.v3().accounts().list_accounts(&options).with_response().await.expect("lenient decoding succeeds");
    assert_eq!(response.value.len(), 5);
    assert_eq!(response.value[4].id.as_deref(), Some("acc-4"));
    let paths: Vec<&str> = response.deviations.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["/2/name", "/2/disabled", "/3/created"]);
    assert_eq!(response.deviations[0].repair, Repair::Dropped(json!(12345)));
    assert_eq!(response.value[2].name, None);

    // The stream reports the same repairs, and what the server said of the total, as it goes.
    let mut stream = client.v3().accounts().list_accounts_stream(ListAccountsOptions::default());
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item);
    }
    assert!(items.len() == 5 && items.iter().all(Result::is_ok));
    let stream_paths: Vec<String> = stream.deviations().iter().map(|d| d.path.clone()).collect();
    assert_eq!(stream_paths, ["/2/name", "/2/disabled", "/3/created"]);
    assert_eq!((stream.pages(), stream.total_count()), (1, None));

    let strict = Client::new(config(&server).strict_decoding(true)).expect("client");
    let err = strict.v3().accounts().list_accounts(&options).await.expect_err("strict fails");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn unknown_properties_survive_a_get_then_put() {
    let server = MockServer::start().await;
    let mut body = policy();
    body["newTopLevel"] = json!({"added": "by SailPoint later"});
    body["fields"] = json!([{"name": "mail", "isRequired": true, "futureFlag": true}]);
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    let client = Client::new(config(&server)).expect("client");
    let fetched = client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await.expect("GET");
    client.v3().sources().put_provisioning_policy(SOURCE, UsageType::Create, &fetched).await.expect("PUT");
    let put = &server.received_requests().await.unwrap_or_default()[1];
    let sent: Value = serde_json::from_slice(&put.body).expect("JSON");
    assert_eq!(sent["newTopLevel"], json!({"added": "by SailPoint later"}));
    assert_eq!(sent["fields"][0]["futureFlag"], json!(true));
    assert_eq!(sent["fields"][0].get("isRequired"), None, "read-only stays out");
}

#[tokio::test]
async fn the_response_is_there_when_wanted() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(accounts_server(3)).mount(&server).await;
    let client = Client::new(config(&server)).expect("client");
    let options = ListAccountsOptions { count: Some(true), ..Default::default() };
    let response = client.v3().accounts().list_accounts(&options).with_response().await.expect("200");
    assert_eq!((response.status.as_u16(), response.total_count(), response.value.len()), (200, Some(3), 3));
    assert!(response.deviations.is_empty());
}

