//! Per-call options over real HTTP: `.timeout`, `.retry` and `.header` on one call and on every
//! page of a stream, each over the client's own setting.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use generated_client::runtime::{PausedClock, RetryPolicy};
use generated_client::v3::apis::ListAccountsOptions;
use generated_client::v3::models::{ProvisioningPolicyDto, UsageType};
use generated_client::{Client, ClientConfig, Error};
use serde_json::{json, Value};
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const SOURCE: &str = "2c9180835d191a86015d28455b4a2329";

fn policy() -> Value {
    json!({"name": "p", "usageType": "CREATE", "fields": []})
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy { max_attempts: 4, initial_backoff: Duration::from_millis(10), max_backoff: Duration::from_millis(50), ..RetryPolicy::default() }
}

/// A client of `server` whose retry waits run on a paused clock.
fn client(server: &MockServer, retry: RetryPolicy) -> Client {
    let config = ClientConfig::with_base_url(format!("{}/v3", server.uri())).retry(retry).clock(PausedClock::new());
    Client::new(config).expect("client")
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

fn header_values(request: &Request, name: &str) -> Vec<String> {
    request.headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).map(str::to_owned).collect()
}

/// Three pages of accounts (two of two, one of one), whatever the request's offset.
fn accounts_page(request: &Request) -> ResponseTemplate {
    let offset: usize = request.url.query_pairs().find(|(k, _)| k == "offset").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let page: Vec<Value> = (offset..5.min(offset + 2))
        .map(|i| {
            json!({"id": format!("acc-{i}"), "name": "a", "sourceId": "s", "sourceName": "S", "attributes": {}, "authoritative": false,
                "disabled": false, "locked": false, "nativeIdentity": "n", "systemAccount": false, "uncorrelated": false,
                "manuallyCorrelated": false, "hasEntitlements": true})
        })
        .collect();
    ResponseTemplate::new(200).set_body_json(page)
}

#[tokio::test]
async fn a_call_timeout_replaces_the_clients_either_way() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(policy()).set_delay(Duration::from_millis(400))).mount(&server).await;
    let config = |timeout| ClientConfig::with_base_url(format!("{}/v3", server.uri())).timeout(timeout).retry(RetryPolicy::none());
    let patient = Client::new(config(Duration::from_secs(10))).expect("client");
    let started = Instant::now();
    let err = patient.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).timeout(Duration::from_millis(50)).await.expect_err("the call's timeout");
    assert!(matches!(&err, Error::Transport { source, .. } if source.is_timeout()), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(350), "cut off by the call's 50 ms, not the client's 10 s");

    let hasty = Client::new(config(Duration::from_millis(50))).expect("client");
    hasty.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await.expect_err("the client's timeout");
    hasty.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).timeout(Duration::from_secs(10)).await.expect("the call's longer timeout");
    hasty.with_timeout(Duration::from_millis(20)).v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).timeout(Duration::from_secs(10)).await.expect("over with_timeout too");
}

#[tokio::test]
async fn a_post_said_to_be_idempotent_is_retried_and_a_call_can_turn_retries_off() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let client = client(&server, quick_retries());
    let body = ProvisioningPolicyDto { name: Some("p".into()), ..Default::default() };
    client.v3().sources().create_provisioning_policy(SOURCE, &body).await.expect_err("503");
    assert_eq!(received(&server).await.len(), 1, "a POST is not retried by default");

    server.reset().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let idempotent = RetryPolicy { idempotent: true, ..quick_retries() };
    client.v3().sources().create_provisioning_policy(SOURCE, &body).retry(idempotent).await.expect_err("503");
    let posts = received(&server).await;
    assert_eq!(posts.len(), 4, "retried as the call's policy says");
    assert!(posts.iter().all(|r| r.method.as_str() == "POST" && !r.body.is_empty()), "the same body each time");

    server.reset().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).retry(RetryPolicy::none()).await.expect_err("503");
    assert_eq!(received(&server).await.len(), 1, "a GET the call says not to retry");

    server.reset().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let unretried = client.with_retry(RetryPolicy::none());
    unretried.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).retry(quick_retries()).await.expect_err("503");
    assert_eq!(received(&server).await.len(), 4, "the call's policy over with_retry's");
}

#[tokio::test]
async fn call_headers_are_sent_after_the_operations_and_checked_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(policy())).mount(&server).await;
    let client = client(&server, quick_retries());
    let call = || client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create);
    call().header("X-Request-Id", "run-42").header("x-tag", "a").header("x-tag", "b").header("Accept", "application/json; v=2").await.expect("200");
    let requests = received(&server).await;
    let sent = requests.first().expect("one request");
    assert_eq!(header_values(sent, "x-request-id"), ["run-42"]);
    assert_eq!(header_values(sent, "x-tag"), ["a", "b"], "a name given twice is sent twice");
    assert_eq!(header_values(sent, "accept"), ["application/json; v=2"], "replacing the operation's own");

    server.reset().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(policy())).mount(&server).await;
    for (name, value) in [("Authorization", "Bearer stolen"), ("content-length", "0"), ("Host", "elsewhere"), ("x-ok", "line\r\nInjected: 1"), ("bad name", "v")] {
        let err = call().header(name, value).await.expect_err("refused");
        assert!(matches!(&err, Error::InvalidHeader { name: n, .. } if n == name), "{name}: {err:?}");
    }
    let err = call().header("Authorization", "Bearer stolen").await.expect_err("refused");
    assert!(!err.to_string().contains("stolen"), "the value is not repeated: {err}");
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_streams_options_apply_to_every_page() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(accounts_page).mount(&server).await;
    let client = client(&server, quick_retries());
    let options = ListAccountsOptions { limit: Some(2), ..Default::default() };
    let accounts: Vec<_> = client.v3().accounts().list_accounts_stream(options.clone()).header("x-run", "nightly").timeout(Duration::from_secs(5)).collect().await;
    assert_eq!(accounts.len(), 5);
    assert!(accounts.iter().all(Result::is_ok));
    let pages = received(&server).await;
    assert_eq!(pages.len(), 3);
    assert!(pages.iter().all(|page| header_values(page, "x-run") == ["nightly"]), "every page has the header");

    server.reset().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!([])).set_delay(Duration::from_millis(400))).mount(&server).await;
    let mut slow = client.v3().accounts().list_accounts_stream(options.clone()).timeout(Duration::from_millis(50)).retry(RetryPolicy::none());
    let first = slow.next().await.expect("an item").expect_err("the page timed out");
    assert!(matches!(&first, Error::Transport { source, .. } if source.is_timeout()), "{first:?}");
    assert!(slow.next().await.is_none());
    assert_eq!(received(&server).await.len(), 1, "no retry: the stream's policy");

    server.reset().await;
    let mut refused = client.v3().accounts().list_accounts_stream(options).header("Authorization", "Bearer x");
    let first = refused.next().await.expect("an item");
    assert!(matches!(first, Err(Error::InvalidHeader { .. })), "{first:?}");
    assert!(refused.next().await.is_none());
    assert!(received(&server).await.is_empty(), "nothing was sent");
}
