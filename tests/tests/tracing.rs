//! Calls are traced, and secrets never logged. A process of its own: tracing caches whether an
//! event is wanted the first time it fires, so a subscriber set for one test races with other
//! tests running at the same time.

use std::sync::atomic::{AtomicUsize, Ordering};

use generated_client::runtime::{PausedClock, RetryPolicy};
use generated_client::v3::models::UsageType;
use generated_client::{Client, ClientConfig};
use serde_json::json;
use tests::Captured;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const SOURCE: &str = "2c9180835d191a86015d28455b4a2329";
const SECRET: &str = "client-secret-5ecr3t";

fn config(server: &MockServer) -> ClientConfig {
    ClientConfig::with_base_url(format!("{}/v3", server.uri())).retry(RetryPolicy::default()).clock(PausedClock::new())
}

async fn token_endpoint(server: &MockServer) {
    let body = json!({"access_token": "token-1", "token_type": "bearer", "expires_in": 3600});
    Mock::given(method("POST")).and(path("/oauth/token")).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(server).await;
}

/// 503 first, then a policy whose name is off the spec.
fn busy_then_off_spec() -> impl Fn(&Request) -> ResponseTemplate {
    let calls = AtomicUsize::new(0);
    move |_: &Request| match calls.fetch_add(1, Ordering::SeqCst) {
        0 => ResponseTemplate::new(503),
        _ => ResponseTemplate::new(200).set_body_json(json!({"name": 5})),
    }
}

#[tokio::test]
async fn calls_are_traced_and_secrets_never_logged() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    token_endpoint(&server).await;
    Mock::given(method("GET")).respond_with(busy_then_off_spec()).mount(&server).await;
    let client = Client::new(config(&server).client_credentials("c", SECRET)).expect("client");
    client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await.expect("retried, then leniently decoded");
    let bearer = Client::new(config(&server).bearer_token("static-bearer-t0ken")).expect("client");
    let _ = bearer.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await;
    let _ = format!("{client:?} {bearer:?}");

    let logs = captured.text();
    for expected in ["api_call", "api=\"v3\"", "operation=\"getProvisioningPolicy\"", "method=GET", "path=\"/sources/{sourceId}/provisioning-policies/{usageType}\"", "status=200", "attempts=2", "duration_ms=", "retrying", "/name"] {
        assert!(logs.contains(expected), "missing {expected:?} in logs:\n{logs}");
    }
    for secret in [SECRET, "token-1", "static-bearer-t0ken"] {
        assert!(!logs.contains(secret), "{secret} leaked into logs:\n{logs}");
    }
}
