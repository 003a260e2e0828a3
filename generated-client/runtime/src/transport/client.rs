//! The client: one shared connection pool and credentials, and the loop every call goes through
//! (authenticate, send, retry, report).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use http::{HeaderMap, HeaderValue, StatusCode};
use tracing::Instrument;

use crate::config::auth::{Auth, Credential, TokenRequest, TokenSource};
use crate::config::{ClientConfig, Connection, Credentials, Extensions};
use crate::transport::deprecation::Deprecation;
use crate::transport::download::Download;
use crate::error::{retry_after, ApiError, Error};
use crate::transport::form::EMPTY_FORM;
use crate::transport::hooks::{Exchange, ExchangeOutcome, OutgoingRequest};
use crate::retry::limit::Limiter;
use crate::transport::request::{OperationMeta, Request, RequestBody};
use crate::transport::response::Response;
use crate::retry::{is_idempotent, Attempt, AttemptOutcome, RetryDecision, RetryPolicy};
use crate::config::secret::Secret;
use crate::transport::server::{Server, Target};
use crate::Result;

/// The header that opts in to an experimental operation.
const EXPERIMENTAL_HEADER: &str = "x-sailpoint-experimental";

/// The runtime's client: the connection pool, credentials and the loop every call goes through.
/// Cheap to clone: clones share one connection pool, one token cache per connection and the
/// rate limit.
///
/// A generated crate wraps it in its own `Client`, which adds one method per API
/// (`client.isc().sources()`) and dereferences to this one; [`Client::request`] calls any path.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Per-call overrides (see [`Client::with_timeout`], [`Client::with_retry`]).
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    send_read_only: Option<bool>,
}

struct Inner {
    http: reqwest::Client,
    main: Endpoint,
    named: BTreeMap<String, Endpoint>,
    retry: RetryPolicy,
    strict: bool,
    send_read_only: bool,
    experimental: bool,
    max_response_bytes: u64,
    /// The caller's `User-Agent`, when they gave one.
    user_agent: Option<HeaderValue>,
    /// Operations whose deprecation was logged already: once each is enough.
    deprecation_logged: Mutex<BTreeSet<&'static str>>,
    extensions: Extensions,
    /// Shared by every clone, as the limit is the server's for all of them.
    limiter: Option<Limiter>,
}

/// A connection, ready: where its calls go and how they authenticate.
#[derive(Debug)]
struct Endpoint {
    target: Target,
    auth: Auth,
}

impl Endpoint {
    fn new(connection: Connection) -> Result<Self> {
        connection.target.validate().map_err(Error::Config)?;
        let auth = match connection.credentials {
            Credentials::None => Auth::None,
            Credentials::Bearer(token) => Auth::Bearer(Credential::new(token)?),
            Credentials::OAuthClient { client_id, client_secret } => {
                Auth::ClientCredentials(TokenSource::new(client_id, client_secret, connection.token_url))
            }
            Credentials::Provider(provider) => Auth::Provider(provider),
        };
        Ok(Endpoint { target: connection.target, auth })
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("main", &self.inner.main)
            .field("connections", &self.inner.named)
            .field("retry", self.retry.as_ref().unwrap_or(&self.inner.retry))
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Why no response was received.
enum Failure {
    /// The request could not be sent or the response not read.
    Transport(reqwest::Error),
    /// The response body passed the configured limit.
    TooLarge,
    /// The request cannot be sent as built; nothing was sent.
    Invalid(Error),
}

impl From<reqwest::Error> for Failure {
    fn from(e: reqwest::Error) -> Self {
        Failure::Transport(e)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Transport(e) => e.fmt(f),
            Failure::TooLarge => f.write_str("response too large"),
            Failure::Invalid(e) => e.fmt(f),
        }
    }
}

/// A response as received, before it is judged.
struct Arrived {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// A successful response whose body is left for the caller to stream.
    unread: Option<reqwest::Response>,
}

/// How a successful response's body is taken; an unsuccessful one's is always read whole, to
/// judge and report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Read whole, within `max_response_bytes`.
    Whole,
    /// Left unread, for [`Download`].
    Streamed,
}

/// The HTTP client `config` describes, speaking HTTPS through the TLS backend the crate's
/// features chose.
fn http_client(config: &ClientConfig) -> Result<reqwest::Client> {
    let builder = reqwest::Client::builder().timeout(config.timeout).connect_timeout(config.connect_timeout);
    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    let builder = {
        if config.accept_invalid_certificates {
            tracing::warn!("TLS certificate verification is OFF for this client (danger_accept_invalid_certificates)");
        }
        builder.danger_accept_invalid_certs(config.accept_invalid_certificates)
    };
    #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
    if config.accept_invalid_certificates {
        return Err(Error::Config("danger_accept_invalid_certificates: this build has no TLS backend (features `rustls`, `native-tls`)".to_owned()));
    }
    builder.build().map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))
}

impl Client {
    /// A client for `config`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the base URL or tenant is invalid or the HTTP client cannot be built;
    /// [`Error::Auth`] when a bearer token holds characters an `Authorization` header cannot.
    pub fn new(config: ClientConfig) -> Result<Self> {
        let http = match config.http_client.clone() {
            Some(client) => client,
            None => http_client(&config)?,
        };
        let user_agent = config
            .user_agent
            .map(|agent| HeaderValue::from_str(&agent).map_err(|_| Error::Config("the User-Agent is not a valid header value".to_owned())))
            .transpose()?;
        let main = Endpoint::new(config.main)?;
        let named = config.connections.into_iter().map(|(name, c)| Endpoint::new(c).map(|e| (name, e))).collect::<Result<_>>()?;
        let inner = Inner {
            http,
            main,
            named,
            retry: config.retry,
            strict: config.strict,
            send_read_only: config.send_read_only,
            experimental: config.experimental,
            max_response_bytes: config.max_response_bytes,
            user_agent,
            deprecation_logged: Mutex::new(BTreeSet::new()),
            limiter: config.extensions.rate_limit.map(Limiter::new),
            extensions: config.extensions,
        };
        Ok(Client { inner: Arc::new(inner), timeout: None, retry: None, send_read_only: None })
    }

    /// A client configured as SailPoint's SDKs find it: the environment, then `./config.json`,
    /// then `~/.sailpoint/config.yaml` (see [`ClientConfig::from_env`]).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] listing every place looked, or naming what is missing, or as
    /// [`Client::new`].
    pub fn from_env() -> Result<Self> {
        Self::new(ClientConfig::from_env()?)
    }

    /// The base URL `server`'s operation paths are appended to (`client.base_url_for(&v3::SERVER)`).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the API needs a connection the client was not given.
    pub fn base_url_for(&self, server: &Server) -> Result<String> {
        self.endpoint(server)?.target.base_url(server).map(Cow::into_owned).map_err(Error::Config)
    }

    fn endpoint(&self, server: &Server) -> Result<&Endpoint> {
        match server.connection {
            None => Ok(&self.inner.main),
            Some(name) => self.inner.named.get(name).ok_or_else(|| {
                Error::Config(format!(
                    "the `{}` API needs its own connection: ClientConfig::connection(\"{name}\", Connection::with_base_url(...)), or SAIL_NERM_BASE_URL (NermBaseUrl in config.json) with Client::from_env",
                    server.api
                ))
            }),
        }
    }

    /// The fake tenant this client's calls register answers on.
    #[cfg(feature = "testing")]
    pub(crate) fn fake_tenant(&self) -> Option<Arc<crate::testing::state::Shared>> {
        self.inner.extensions.fake_tenant.clone()
    }

    /// This client with another request timeout, for the calls made through it:
    /// `client.with_timeout(Duration::from_secs(300)).get_report(id).await`.
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        Client { timeout: Some(timeout), ..self.clone() }
    }

    /// This client with another retry policy, for the calls made through it.
    pub fn with_retry(&self, policy: RetryPolicy) -> Client {
        Client { retry: Some(policy), ..self.clone() }
    }

    /// This client sending (or not) the read-only properties of request bodies, for the calls
    /// made through it, as [`ClientConfig::send_read_only_properties`] says:
    /// `client.with_read_only_properties(true).isc().sources().put_provisioning_policy_v1(..)`.
    pub fn with_read_only_properties(&self, send: bool) -> Client {
        Client { send_read_only: Some(send), ..self.clone() }
    }

    /// Whether request bodies sent through this client carry their read-only properties.
    #[doc(hidden)]
    pub fn sends_read_only(&self) -> bool {
        self.send_read_only.unwrap_or(self.inner.send_read_only)
    }

    /// Sends a request built by a generated method: authenticates, retries as the policy says,
    /// and turns a final non-2xx status into [`Error::Api`].
    #[doc(hidden)]
    pub fn send<'a>(&'a self, request: &'a Request) -> impl Future<Output = Result<Response>> + 'a {
        self.send_reading(request, Reading::Whole)
    }

    /// Sends a request as [`Client::send`] does, and leaves a successful response's body unread,
    /// for the caller to stream.
    pub(crate) async fn send_streamed(&self, request: Request) -> Result<Download> {
        let operation = request.operation.id;
        let response = self.send_reading(&request, Reading::Streamed).await?;
        match response.unread {
            Some(unread) => Ok(Download::new(operation, unread)),
            // `receive` leaves every successful body unread when streaming; a body read all the
            // same is streamed from memory rather than lost.
            None => Ok(Download::from_bytes(operation, response.status, response.headers, response.body)),
        }
    }

    /// One call in its tracing span, its successful body taken as `reading` says. Not an
    /// `async fn`, nor is [`Client::send`]: each async level would keep one more copy of the
    /// call's future, which is a few kilobytes.
    fn send_reading<'a>(&'a self, request: &'a Request, reading: Reading) -> impl Future<Output = Result<Response>> + 'a {
        let operation = &*request.operation;
        let span = tracing::info_span!(
            "api_call",
            api = operation.server.api,
            operation = operation.id,
            method = %operation.method,
            path = &*request.template,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        self.send_with_retries(request, reading).instrument(span)
    }

    async fn send_with_retries(&self, request: &Request, reading: Reading) -> Result<Response> {
        let operation = &*request.operation;
        if operation.experimental && !self.inner.experimental {
            return Err(Error::ExperimentalNotEnabled { operation: operation.id });
        }
        let endpoint = self.endpoint(operation.server)?;
        let base_url = endpoint.target.base_url(operation.server).map_err(Error::Config)?;
        let policy = request.options.retry.as_ref().or(self.retry.as_ref()).unwrap_or(&self.inner.retry);
        let clock = &*self.inner.extensions.clock;
        let started = clock.now();
        let mut attempts = 0u32;
        let mut rejected: Option<Secret> = None;
        let mut refreshed = false;
        let outcome = loop {
            attempts += 1;
            let credential = if operation.authenticated { self.credential(endpoint, rejected.as_ref(), &base_url).await? } else { None };
            let authorization = credential.as_ref().map(|credential| credential.header.clone());
            let outcome = self.send_once(request, &base_url, authorization, attempts, reading).await;
            let wait = match &outcome {
                Ok(received) if received.status == StatusCode::UNAUTHORIZED && endpoint.auth.refreshes() && !refreshed => {
                    tracing::debug!("401: asking for a new access token once");
                    refreshed = true;
                    rejected = credential.map(|credential| credential.token);
                    continue;
                }
                Ok(received) if received.status.is_success() => break outcome,
                Ok(received) => self.retry_wait(operation, attempts, AttemptOutcome::Response { status: received.status, headers: &received.headers }, policy),
                Err(Failure::Transport(e)) => self.retry_wait(operation, attempts, AttemptOutcome::Transport(e), policy),
                Err(_) => None,
            };
            let Some(wait) = wait else { break outcome };
            if attempts >= policy.max_attempts || clock.now().saturating_duration_since(started) + wait > policy.max_elapsed {
                break outcome;
            }
            let reason = match &outcome {
                Ok(received) => received.status.to_string(),
                Err(e) => e.to_string(),
            };
            tracing::info!(attempt = attempts, wait_ms = wait.as_millis() as u64, %reason, "retrying");
            clock.sleep_until(clock.now() + wait).await;
        };
        let span = tracing::Span::current();
        span.record("attempts", attempts);
        span.record("duration_ms", clock.now().saturating_duration_since(started).as_millis() as u64);
        let received = outcome.map_err(|failure| match failure {
            Failure::Transport(source) => Error::Transport { operation: operation.id, source },
            Failure::TooLarge => Error::ResponseTooLarge { operation: operation.id, limit: self.inner.max_response_bytes },
            Failure::Invalid(error) => error,
        })?;
        span.record("status", received.status.as_u16());
        self.note_deprecation(operation, &received.headers);
        if received.status.is_success() {
            return Ok(Response { operation: operation.id, status: received.status, headers: received.headers, body: received.body, strict: self.inner.strict, unread: received.unread });
        }
        Err(api_error(operation, received, clock.system_time()))
    }

    /// How long to wait before trying again after `outcome`, as the classifier decides; `None`
    /// when the outcome is final.
    fn retry_wait(&self, operation: &OperationMeta, number: u32, outcome: AttemptOutcome<'_>, policy: &RetryPolicy) -> Option<Duration> {
        let extensions = &self.inner.extensions;
        let idempotent = policy.idempotent || is_idempotent(&operation.method);
        let attempt = Attempt { operation: operation.id, method: &operation.method, idempotent, number, outcome, now: extensions.clock.system_time() };
        match extensions.classifier.classify(&attempt) {
            RetryDecision::Stop => None,
            RetryDecision::Backoff => Some((extensions.jitter)(policy.backoff(number))),
            RetryDecision::After(wait) => Some(wait),
        }
    }

    /// Logs one warning per operation the server says is deprecated or going away
    /// (`X-Deprecated: true`, `Deprecation`, `Sunset`), with the dates it gave.
    fn note_deprecation(&self, operation: &OperationMeta, headers: &HeaderMap) {
        let Some(deprecation) = Deprecation::from_headers(headers) else { return };
        let first = self.inner.deprecation_logged.lock().map(|mut logged| logged.insert(operation.id)).unwrap_or(false);
        if first {
            let date = |time: Option<std::time::SystemTime>| time.map(httpdate::fmt_http_date);
            tracing::warn!(
                operation = operation.id,
                deprecated_as_of = date(deprecation.since),
                sunset = date(deprecation.sunset),
                "the server says this operation is {deprecation}; see its documentation for what replaces it"
            );
        }
    }

    /// The caller's `User-Agent`, or the generated crate's name and version with the API
    /// (`generated-client/0.1.0 (isc)`).
    fn user_agent(&self, server: &Server) -> Result<HeaderValue> {
        match &self.inner.user_agent {
            Some(agent) => Ok(agent.clone()),
            // Checked, but neither formatted nor copied: the generated text is static.
            None => static_header(server.user_agent),
        }
    }

    /// The token of one attempt and its header; `rejected`, a token the API just answered 401
    /// to. A cached token is at hand without waiting.
    async fn credential(&self, endpoint: &Endpoint, rejected: Option<&Secret>, base_url: &str) -> Result<Option<Credential>> {
        let request = TokenRequest { base_url, rejected, http: &self.inner.http, clock: &*self.inner.extensions.clock };
        match &endpoint.auth {
            Auth::None => Ok(None),
            Auth::Bearer(credential) => Ok(Some(credential.clone())),
            Auth::ClientCredentials(source) => match source.cached(rejected, request.clock.now()) {
                Some(credential) => Ok(Some(credential)),
                // Boxed: the fetch's future is large and rare, and every call's would hold it.
                None => Box::pin(source.token(request)).await.map(Some),
            },
            Auth::Provider(provider) => Credential::new(provider.token(request).await?).map(Some),
        }
    }

    /// One attempt: the hooks see it before it is sent (without the `Authorization` header)
    /// and after, whatever came of it.
    async fn send_once(&self, request: &Request, base_url: &str, authorization: Option<HeaderValue>, attempt: u32, reading: Reading) -> std::result::Result<Arrived, Failure> {
        let operation = &*request.operation;
        let hooks = &self.inner.extensions.hooks;
        let clock = &*self.inner.extensions.clock;
        // Only hooks read the URL as text, and most clients have none.
        let mut url = String::new();
        // The request is built and handed to reqwest in a block of its own, so that the call's
        // future does not keep room for it while the response is awaited.
        let (permit, sent) = {
            let mut outgoing = self.build(request, base_url)?;
            if !hooks.is_empty() {
                url = outgoing.url().to_string();
            }
            for hook in hooks {
                hook.on_request(&mut OutgoingRequest { operation: operation.id, attempt, method: &operation.method, url: &url, headers: outgoing.headers_mut() });
            }
            if let Some(value) = authorization {
                outgoing.headers_mut().insert(AUTHORIZATION, value);
            }
            let permit = match &self.inner.limiter {
                Some(limiter) => Some(limiter.acquire(clock).await),
                None => None,
            };
            (permit, self.inner.http.execute(outgoing))
        };
        // Only hooks are told how long an exchange took.
        let started = (!hooks.is_empty()).then(|| clock.now());
        let outcome = self.receive(sent, reading).await;
        drop(permit);
        if let Some(started) = started {
            let outcome = match &outcome {
                Ok(received) => ExchangeOutcome::Response { status: received.status, headers: &received.headers, body: &received.body },
                Err(Failure::Transport(e)) => ExchangeOutcome::Failed(e),
                Err(Failure::TooLarge) => ExchangeOutcome::Failed(&TooLarge),
                Err(Failure::Invalid(e)) => ExchangeOutcome::Failed(e),
            };
            let exchange = Exchange { operation: operation.id, attempt, method: &operation.method, url: &url, elapsed: clock.now().saturating_duration_since(started), outcome };
            hooks.iter().for_each(|hook| hook.on_response(&exchange));
        }
        outcome
    }

    /// The request as reqwest sends it, without credentials.
    fn build(&self, request: &Request, base_url: &str) -> std::result::Result<reqwest::Request, Failure> {
        let operation = &*request.operation;
        let url = [base_url, &request.path, &request.query].concat();
        let mut builder = self.inner.http.request(operation.method.clone(), url);
        builder = builder.header(ACCEPT, static_header(operation.accept.unwrap_or("application/json")).map_err(Failure::Invalid)?);
        builder = builder.header(USER_AGENT, self.user_agent(operation.server).map_err(Failure::Invalid)?);
        if operation.experimental {
            builder = builder.header(EXPERIMENTAL_HEADER, "true");
        }
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if !request.options.headers.is_empty() {
            builder = builder.headers(request.options.headers.clone());
        }
        match &request.body {
            Some(RequestBody::Raw { content_type, bytes }) => builder = builder.header(CONTENT_TYPE, *content_type).body(bytes.clone()),
            Some(RequestBody::Form(form)) if form.is_empty() => builder = builder.header(CONTENT_TYPE, EMPTY_FORM.0).body(EMPTY_FORM.1),
            Some(RequestBody::Form(form)) => builder = builder.multipart(form.to_multipart(operation.id).map_err(Failure::Invalid)?),
            None => {}
        }
        if let Some(timeout) = request.options.timeout.or(self.timeout) {
            builder = builder.timeout(timeout);
        }
        Ok(builder.build()?)
    }

    /// Waits for the response to a request sent and reads its body, within the size limit,
    /// unless it is a success to be streamed.
    async fn receive(&self, sent: impl Future<Output = reqwest::Result<reqwest::Response>>, reading: Reading) -> std::result::Result<Arrived, Failure> {
        let mut response = sent.await?;
        let status = response.status();
        if reading == Reading::Streamed && status.is_success() {
            let headers = response.headers().clone();
            return Ok(Arrived { status, headers, body: Bytes::new(), unread: Some(response) });
        }
        let limit = self.inner.max_response_bytes;
        if response.content_length().is_some_and(|length| length > limit) {
            return Err(Failure::TooLarge);
        }
        // Taken rather than copied: the body is all that is read from here on.
        let headers = std::mem::take(response.headers_mut());
        let mut body = Body::default();
        while let Some(chunk) = response.chunk().await? {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(Failure::TooLarge);
            }
            body.push(chunk);
        }
        Ok(Arrived { status, headers, body: body.into_bytes(), unread: None })
    }
}

/// A body read chunk by chunk. Most arrive in one chunk, kept as it came; only a second one
/// makes them copied together.
#[derive(Default)]
struct Body {
    first: Bytes,
    joined: bytes::BytesMut,
}

impl Body {
    fn len(&self) -> usize {
        self.first.len() + self.joined.len()
    }

    fn push(&mut self, chunk: Bytes) {
        if self.len() == 0 {
            self.first = chunk;
            return;
        }
        if !self.first.is_empty() {
            self.joined.extend_from_slice(&std::mem::take(&mut self.first));
        }
        self.joined.extend_from_slice(&chunk);
    }

    fn into_bytes(self) -> Bytes {
        if self.joined.is_empty() { self.first } else { self.joined.freeze() }
    }
}

/// A header value the generated code wrote: checked, but neither copied nor allocated.
fn static_header(value: &'static str) -> Result<HeaderValue> {
    HeaderValue::from_maybe_shared(Bytes::from_static(value.as_bytes())).map_err(|_| Error::Config(format!("`{value}` cannot be a header value")))
}

/// A body over the limit, as a hook sees it.
#[derive(Debug, thiserror::Error)]
#[error("the response is longer than the configured limit")]
struct TooLarge;

/// The error for a final non-2xx response: the body decoded into the type the spec declares
/// for that status when it can be, and always kept raw.
fn api_error(operation: &OperationMeta, received: Arrived, now: std::time::SystemTime) -> Error {
    let decoder = operation.error_decoder(received.status.as_u16());
    let decoded = decoder.map(|decode| decode(&received.body));
    let (decoded, body_error) = match decoded {
        Some(Ok(value)) => (Some(value), None),
        Some(Err(e)) => (None, Some(e.to_string())),
        None => (None, None),
    };
    Error::Api(Box::new(ApiError {
        operation: operation.id,
        status: received.status,
        retry_after: retry_after(&received.headers, now),
        headers: received.headers,
        decoded,
        body_error,
        raw_body: received.body,
    }))
}
