//! What a fake tenant knows: its routes, the answers a test registered, and the requests it got.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde::de::DeserializeOwned;
use wiremock::{Request, Respond, ResponseTemplate};

use super::route::Route;

/// The access token a fake tenant's token endpoint hands out and its client sends.
pub(super) const TOKEN: &str = "fake-tenant-access-token";

/// The state a fake tenant shares with its server and the clients that register answers.
#[derive(Debug)]
pub struct Shared {
    pub(super) routes: Vec<&'static Route>,
    pub(super) strict: bool,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    answers: Vec<Answered>,
    received: Vec<Received>,
    /// Each request a strict tenant had no answer for, as `METHOD /path?query`.
    unexpected: Vec<String>,
}

/// An answer registered for one call: what is matched, and what is sent back.
#[derive(Debug)]
pub(super) struct Answered {
    pub(super) operation: &'static str,
    pub(super) method: Method,
    pub(super) path: String,
    pub(super) query: Vec<(String, String)>,
    pub(super) status: u16,
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    pub(super) content_type: Option<String>,
    pub(super) body: Bytes,
    /// How many requests it answers (and, at verification, must have answered); `None` for
    /// any number.
    pub(super) times: Option<usize>,
    pub(super) hits: usize,
}

impl Answered {
    fn answers(&self, request: &Request, query: &[(String, String)]) -> bool {
        self.method == request.method
            && self.path == request.url.path()
            && self.times.is_none_or(|times| self.hits < times)
            && self.query.iter().all(|pair| query.contains(pair))
    }

    fn describe(&self) -> String {
        format!("{} ({})", describe(&self.method, &self.path, &self.query), self.operation)
    }
}

/// A request a fake tenant received, for a test's assertions.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Received {
    /// The operation it called (its spec operationId): the answered call's, or the one whose
    /// path template the path fills; `None` for the token endpoint and unknown paths.
    pub operation: Option<&'static str>,
    /// The method.
    pub method: Method,
    /// The path as sent, percent-encoded.
    pub path: String,
    /// The query parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl Received {
    /// The body decoded as JSON into `T` (a generated model, `serde_json::Value`, ...).
    ///
    /// # Errors
    ///
    /// When the body is not JSON or not a `T`.
    pub fn json<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_slice(&self.body)
    }

    /// The first value of query parameter `name`.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// `METHOD /path?query`, as a failure names it.
    pub fn describe(&self) -> String {
        describe(&self.method, &self.path, &self.query)
    }
}

/// `METHOD /path?query`, the query decoded.
fn describe(method: &Method, path: &str, query: &[(String, String)]) -> String {
    let query: Vec<String> = query.iter().map(|(name, value)| format!("{name}={value}")).collect();
    let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
    format!("{method} {path}{query}")
}

impl Shared {
    pub(super) fn new(routes: &[&'static [Route]], strict: bool) -> Self {
        let mut routes: Vec<&'static Route> = routes.iter().flat_map(|api| api.iter()).collect();
        // Stable: of two templates as literal, the spec's order decides.
        routes.sort_by_key(|route| std::cmp::Reverse(route.literal_segments()));
        Shared { routes, strict, state: Mutex::new(State::default()) }
    }

    /// The state, whatever a test that panicked while holding it left there.
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn register(&self, answer: Answered) {
        self.state().answers.push(answer);
    }

    /// The route an operation is served by by default.
    pub(super) fn route_of(&self, operation: &str) -> Option<&'static Route> {
        self.routes.iter().copied().find(|route| route.operation == operation)
    }

    pub(super) fn received(&self) -> Vec<Received> {
        self.state().received.clone()
    }

    /// What a verification fails for: the requests a strict tenant did not expect, the answers
    /// given a count that did not answer it, and (when strict) the answers never used.
    pub(super) fn unmet(&self) -> Vec<String> {
        let state = self.state();
        let unexpected = state.unexpected.iter().map(|request| format!("unexpected request: {request}"));
        let answers = state.answers.iter().filter_map(|answer| match answer.times {
            Some(times) if answer.hits != times => Some(format!("answered {} of {times} expected requests: {}", answer.hits, answer.describe())),
            None if self.strict && answer.hits == 0 => Some(format!("expected a request, got none: {}", answer.describe())),
            _ => None,
        });
        unexpected.chain(answers).collect()
    }

    fn respond_to(&self, request: &Request) -> ResponseTemplate {
        let query: Vec<(String, String)> = request.url.query_pairs().map(|(name, value)| (name.into_owned(), value.into_owned())).collect();
        let mut state = self.state();
        let mut received = Received {
            operation: None,
            method: request.method.clone(),
            path: request.url.path().to_owned(),
            query,
            headers: request.headers.clone(),
            body: Bytes::from(request.body.clone()),
        };
        let response = if request.method == Method::POST && request.url.path() == "/oauth/token" {
            token_response()
        } else if let Some(answer) = state.answers.iter_mut().rev().find(|answer| answer.answers(request, &received.query)) {
            answer.hits += 1;
            received.operation = Some(answer.operation);
            answered(answer)
        } else if self.strict {
            state.unexpected.push(received.describe());
            not_expected(&received)
        } else if let Some(route) = self.routes.iter().find(|route| route.matches(request.method.as_str(), request.url.path())) {
            received.operation = Some(route.operation);
            example(route)
        } else {
            unknown_path(&received)
        };
        state.received.push(received);
        response
    }
}

/// The fake tenant's server side: every request goes through [`Shared::respond_to`].
pub(super) struct Responder(pub(super) Arc<Shared>);

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.0.respond_to(request)
    }
}

fn token_response() -> ResponseTemplate {
    let token = serde_json::json!({ "access_token": TOKEN, "token_type": "bearer", "expires_in": 43_199 });
    ResponseTemplate::new(200).set_body_raw(token.to_string(), "application/json")
}

fn answered(answer: &Answered) -> ResponseTemplate {
    let mut response = ResponseTemplate::new(answer.status);
    for (name, value) in &answer.headers {
        response = response.append_header(name.clone(), value.clone());
    }
    match &answer.content_type {
        Some(content_type) => response.set_body_raw(answer.body.to_vec(), content_type),
        None => response,
    }
}

fn example(route: &Route) -> ResponseTemplate {
    let response = ResponseTemplate::new(route.status);
    if route.content_type.is_empty() {
        return response;
    }
    response.set_body_raw(route.body, route.content_type)
}

/// What a strict tenant sends for a request no answer was registered for: a status the client
/// never retries, and a body that says why.
fn not_expected(received: &Received) -> ResponseTemplate {
    let message = format!("the fake tenant is strict and no answer was registered for {}", received.describe());
    ResponseTemplate::new(501).set_body_raw(serde_json::json!({ "messages": [{ "text": message }] }).to_string(), "application/json")
}

fn unknown_path(received: &Received) -> ResponseTemplate {
    let message = format!("no operation of the fake tenant's APIs is served at {}", received.describe());
    ResponseTemplate::new(404).set_body_raw(serde_json::json!({ "messages": [{ "text": message }] }).to_string(), "application/json")
}
