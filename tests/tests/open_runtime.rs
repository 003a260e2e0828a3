//! The runtime opened up, over real HTTP: a token provider of the caller's, hooks around every
//! attempt, a retry classifier, an injectable clock and jitter, and opt-in rate limiting. Every
//! wait runs on a paused clock: exact, and free.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use generated_client::runtime::{
    Clock, DefaultRetryClassifier, Exchange, ExchangeOutcome, Hook, OutgoingRequest, PausedClock, RateLimit, RetryClassifier, RetryDecision, RetryPolicy,
    Secret, TokenFuture, TokenProvider, TokenRequest,
};
use generated_client::v3::models::UsageType;
use generated_client::{Client, ClientConfig};
use serde_json::json;
use tests::header;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const SOURCE: &str = "2c9180835d191a86015d28455b4a2329";

fn policy() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"name": "p", "usageType": "CREATE", "fields": []}))
}

fn paused(server: &MockServer) -> (ClientConfig, PausedClock) {
    let clock = PausedClock::new();
    (ClientConfig::with_base_url(server.uri()).clock(clock.clone()), clock)
}

/// Answers with the statuses in turn, then 200 with a policy for ever after.
fn statuses(statuses: &[u16]) -> impl Fn(&Request) -> ResponseTemplate + use<> {
    let statuses = statuses.to_vec();
    let calls = AtomicUsize::new(0);
    move |_: &Request| statuses.get(calls.fetch_add(1, Ordering::SeqCst)).map_or_else(policy, |s| ResponseTemplate::new(*s))
}

async fn server_with(responder: impl Respond + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(responder).mount(&server).await;
    server
}

async fn get_policy(client: &Client) -> generated_client::Result<generated_client::v3::models::ProvisioningPolicyDto> {
    client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await
}

/// A personal access token kept elsewhere (a vault, a keyring): a new one each time the API
/// refuses the last.
#[derive(Default)]
struct Vault {
    asked: Mutex<Vec<Option<String>>>,
}

impl TokenProvider for Vault {
    fn token<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a> {
        let rejected = request.rejected.map(|t| t.expose().to_owned());
        let mut asked = self.asked.lock().unwrap_or_else(|e| e.into_inner());
        asked.push(rejected.clone());
        let token = if rejected.is_some() { "pat-2" } else { "pat-1" };
        Box::pin(std::future::ready(Ok(Secret::new(token))))
    }
}

#[tokio::test]
async fn a_token_provider_is_asked_for_each_attempt_and_again_after_a_401() {
    let server = server_with(|request: &Request| match header(request, "authorization") {
        Some("Bearer pat-2") => policy(),
        _ => ResponseTemplate::new(401),
    })
    .await;
    let vault = Arc::new(Vault::default());
    let (config, _) = paused(&server);
    let client = Client::new(config.token_provider(vault.clone())).unwrap_or_else(|e| panic!("{e}"));
    get_policy(&client).await.unwrap_or_else(|e| panic!("{e}"));
    let asked = vault.asked.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert_eq!(asked, [None, Some("pat-1".to_owned())]);
    let sent: Vec<_> = server.received_requests().await.unwrap_or_default().iter().map(|r| header(r, "authorization").map(str::to_owned)).collect();
    assert_eq!(sent, [Some("Bearer pat-1".to_owned()), Some("Bearer pat-2".to_owned())]);
}

/// Adds a header to every attempt and records what each got, as a metrics or recording hook would.
#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<Seen>>,
}

/// Operation, attempt, status (none before the response), and whether the token was visible.
type Seen = (String, u32, Option<u16>, bool);

impl Hook for Recorder {
    fn on_request(&self, request: &mut OutgoingRequest<'_>) {
        let saw_credentials = request.headers.contains_key("authorization");
        request.headers.insert("x-job", http::HeaderValue::from_static("nightly-sync"));
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).push((request.operation.to_owned(), request.attempt, None, saw_credentials));
    }

    fn on_response(&self, exchange: &Exchange<'_>) {
        let status = match exchange.outcome {
            ExchangeOutcome::Response { status, .. } => Some(status.as_u16()),
            ExchangeOutcome::Failed(_) => None,
        };
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).push((exchange.operation.to_owned(), exchange.attempt, status, false));
    }
}

#[tokio::test]
async fn hooks_see_every_attempt_can_add_headers_and_never_see_the_token() {
    let server = server_with(statuses(&[503])).await;
    let recorder = Arc::new(Recorder::default());
    let (config, _) = paused(&server);
    let client = Client::new(config.bearer_token("secret-token").hook(recorder.clone())).unwrap_or_else(|e| panic!("{e}"));
    get_policy(&client).await.unwrap_or_else(|e| panic!("{e}"));
    let seen = recorder.seen.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let op = "getProvisioningPolicy".to_owned();
    assert_eq!(seen, [(op.clone(), 1, None, false), (op.clone(), 1, Some(503), false), (op.clone(), 2, None, false), (op, 2, Some(200), false)]);
    let sent = server.received_requests().await.unwrap_or_default();
    assert!(sent.iter().all(|r| header(r, "x-job") == Some("nightly-sync") && header(r, "authorization") == Some("Bearer secret-token")));
}

#[tokio::test]
async fn a_retry_classifier_decides_what_is_retried() {
    // The default gives up on a 500; this one retries it, and defers to the default otherwise.
    let retry_500 = |attempt: &generated_client::runtime::Attempt<'_>| match attempt.outcome {
        generated_client::runtime::AttemptOutcome::Response { status, .. } if status == 500 => RetryDecision::After(Duration::from_secs(2)),
        _ => DefaultRetryClassifier.classify(attempt),
    };
    let server = server_with(statuses(&[500, 503])).await;
    let (config, clock) = paused(&server);
    let client = Client::new(config.retry_classifier(retry_500).jitter(|backoff| backoff)).unwrap_or_else(|e| panic!("{e}"));
    get_policy(&client).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 3);
    // 2 s as the classifier said, then the policy's second backoff (1 s), unjittered.
    assert_eq!(clock.sleeps(), (2, Duration::from_secs(3)));

    let never = |_: &generated_client::runtime::Attempt<'_>| RetryDecision::Stop;
    let server = server_with(statuses(&[429])).await;
    let client = Client::new(paused(&server).0.retry_classifier(never)).unwrap_or_else(|e| panic!("{e}"));
    let refused = get_policy(&client).await.err();
    assert_eq!(refused.and_then(|e| e.status()).map(|s| s.as_u16()), Some(429));
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 1);
}

#[tokio::test]
async fn backoff_doubles_on_the_injected_clock_with_the_injected_jitter() {
    let server = server_with(statuses(&[503, 503, 503])).await;
    let (config, clock) = paused(&server);
    let retry = RetryPolicy { max_attempts: 4, initial_backoff: Duration::from_millis(500), ..RetryPolicy::default() };
    let client = Client::new(config.retry(retry).jitter(|backoff| backoff)).unwrap_or_else(|e| panic!("{e}"));
    let started = Instant::now();
    get_policy(&client).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(clock.sleeps(), (3, Duration::from_millis(500 + 1000 + 2000)));
    assert_eq!(clock.elapsed(), Duration::from_millis(3500));
    assert!(started.elapsed() < Duration::from_secs(3), "the waits were not slept for real");

    // Half jitter: each wait is half the backoff.
    let server = server_with(statuses(&[503, 503])).await;
    let (config, clock) = paused(&server);
    let client = Client::new(config.jitter(|backoff| backoff / 2)).unwrap_or_else(|e| panic!("{e}"));
    get_policy(&client).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(clock.sleeps(), (2, Duration::from_millis(250 + 500)));
}

/// A server that enforces SailPoint's limit on the client's clock: at most 100 requests in any
/// 10 seconds, else 429 with the seconds until a slot frees.
#[derive(Clone)]
struct Limited {
    clock: PausedClock,
    served: Arc<Mutex<VecDeque<Instant>>>,
    refused: Arc<AtomicUsize>,
}

const WINDOW: Duration = Duration::from_secs(10);

impl Respond for Limited {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let now = self.clock.now();
        let mut served = self.served.lock().unwrap_or_else(|e| e.into_inner());
        while served.front().is_some_and(|t| now.saturating_duration_since(*t) >= WINDOW) {
            served.pop_front();
        }
        if served.len() >= 100 {
            self.refused.fetch_add(1, Ordering::SeqCst);
            let free_in = served.front().map_or(WINDOW, |oldest| (*oldest + WINDOW).saturating_duration_since(now));
            let seconds = free_in.as_secs() + u64::from(free_in.subsec_nanos() > 0);
            return ResponseTemplate::new(429).insert_header("Retry-After", seconds.max(1).to_string().as_str());
        }
        served.push_back(now);
        policy()
    }
}

async fn limited_server(clock: &PausedClock) -> (MockServer, Limited) {
    let limited = Limited { clock: clock.clone(), served: Arc::default(), refused: Arc::default() };
    (server_with(limited.clone()).await, limited)
}

/// `calls` calls, ten at a time, each through its own clone of the client.
async fn run_calls(client: &Client, calls: usize) -> usize {
    let results: Vec<_> = futures_util::stream::iter(0..calls)
        .map(|_| {
            let client = client.clone();
            async move { get_policy(&client).await }
        })
        .buffer_unordered(10)
        .collect()
        .await;
    results.iter().filter(|r| r.is_ok()).count()
}

#[tokio::test]
async fn with_rate_limiting_a_thousand_calls_get_no_429() {
    let clock = PausedClock::new();
    let (server, limited) = limited_server(&clock).await;
    let config = ClientConfig::with_base_url(server.uri()).clock(clock.clone()).rate_limit(RateLimit::SAILPOINT);
    let client = Client::new(config).unwrap_or_else(|e| panic!("{e}"));
    let ok = run_calls(&client, 1000).await;
    assert_eq!(ok, 1000);
    assert_eq!(limited.refused.load(Ordering::SeqCst), 0, "no 429");
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 1000);
    // 100 at once, then 100 more each time the window slides: at least 9 windows. A request
    // still in flight when the clock jumps counts until a window after it finishes, which may
    // cost a window more, never many.
    let elapsed = clock.elapsed();
    assert!(elapsed >= Duration::from_secs(90) && elapsed <= Duration::from_secs(120), "{elapsed:?}");
    println!("rate limited: 1000 calls, 0 x 429, {:?} on the paused clock", clock.elapsed());
}

#[tokio::test]
async fn without_rate_limiting_429s_are_retried_after_retry_after() {
    let clock = PausedClock::new();
    let (server, limited) = limited_server(&clock).await;
    let config = ClientConfig::with_base_url(server.uri()).clock(clock.clone());
    let client = Client::new(config).unwrap_or_else(|e| panic!("{e}"));
    let ok = run_calls(&client, 300).await;
    let refused = limited.refused.load(Ordering::SeqCst);
    assert_eq!(ok, 300, "every call succeeds in the end");
    assert!(refused > 0, "the server refused some");
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 300 + refused);
    println!("not limited: 300 calls, {refused} x 429 retried, {:?} on the paused clock", clock.elapsed());
}
