//! Credentials: a static bearer token, OAuth2 client credentials fetched lazily, cached,
//! refreshed before they expire, and fetched once however many calls wait for them, or a
//! caller's own [`TokenProvider`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::HeaderValue;
use serde::Deserialize;

use crate::retry::clock::Clock;
use crate::error::Error;
use crate::config::secret::Secret;

/// What a [`TokenProvider`] is asked for.
#[non_exhaustive]
pub struct TokenRequest<'a> {
    /// The base URL the call goes to.
    pub base_url: &'a str,
    /// A token the API just answered 401 to: return another one.
    pub rejected: Option<&'a Secret>,
    /// The client's HTTP client, for a provider that fetches tokens over HTTP.
    pub http: &'a reqwest::Client,
    /// The client's clock, for a provider that caches tokens until they expire.
    pub clock: &'a dyn Clock,
}

impl fmt::Debug for TokenRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRequest").field("base_url", &self.base_url).field("rejected", &self.rejected.is_some()).finish()
    }
}

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Secret, Error>> + Send + 'a>>;

/// A source of bearer tokens of your own: a personal access token kept in a vault or keyring,
/// another grant, your own refresh. It is asked before every attempt, so it should cache; after
/// a 401 it is asked once more with the refused token in [`TokenRequest::rejected`], and the
/// call is tried again with what it returns.
pub trait TokenProvider: Send + Sync + 'static {
    /// A token for one attempt.
    fn token<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a>;
}

/// A provider shared with the caller, who keeps a handle to it.
impl<P: TokenProvider> TokenProvider for Arc<P> {
    fn token<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a> {
        (**self).token(request)
    }
}

/// A token is refreshed this long before its `expires_in` runs out.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// A token and the `Authorization` header that carries it, built once for each token rather
/// than for each call; both clone by reference count.
#[derive(Clone)]
pub(crate) struct Credential {
    pub(crate) token: Secret,
    pub(crate) header: HeaderValue,
}

/// What an `Authorization` header's value starts with, before the token.
const BEARER: &str = "Bearer ";

impl Credential {
    /// `token` with its header, marked sensitive so that it is never logged.
    ///
    /// # Errors
    ///
    /// [`Error::Auth`] when the token cannot be a header value; the message names the header,
    /// never the token, and nothing is sent.
    pub(crate) fn new(token: Secret) -> Result<Self, Error> {
        let text = [BEARER, token.expose()].concat();
        let mut header = HeaderValue::from_maybe_shared(Bytes::from(text)).map_err(|_| Error::Auth {
            status: None,
            message: "the token cannot be sent in the `Authorization` header: it holds characters a header value cannot".to_owned(),
        })?;
        header.set_sensitive(true);
        Ok(Credential { token, header })
    }
}

/// How requests are authenticated.
pub(crate) enum Auth {
    /// No `Authorization` header.
    None,
    /// `Authorization: Bearer <token>`, always the same token.
    Bearer(Credential),
    /// OAuth2 client credentials.
    ClientCredentials(TokenSource),
    /// The caller's provider.
    Provider(Arc<dyn TokenProvider>),
}

impl Auth {
    /// Whether asking again after a 401 can give another token.
    pub(crate) fn refreshes(&self) -> bool {
        matches!(self, Auth::ClientCredentials(_) | Auth::Provider(_))
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Bearer(_) => f.write_str("Bearer(***)"),
            Auth::ClientCredentials(source) => write!(f, "ClientCredentials {{ client_id: {:?}, token_url: {:?}, secret: *** }}", source.client_id, source.token_url),
            Auth::Provider(_) => f.write_str("TokenProvider"),
        }
    }
}

/// Fetches and caches client-credentials tokens.
pub(crate) struct TokenSource {
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    /// The token endpoint when configured; else `/oauth/token` at the host of the call.
    pub(crate) token_url: Option<String>,
    /// The cached token; the lock is held while fetching, so concurrent callers wait for one fetch.
    cached: tokio::sync::Mutex<Option<CachedToken>>,
}

struct CachedToken {
    credential: Credential,
    refresh_at: Instant,
}

impl CachedToken {
    /// The credential, unless it is due for refresh at `now` or is the one `rejected`.
    fn usable(&self, rejected: Option<&Secret>, now: Instant) -> Option<Credential> {
        let is_rejected = rejected.is_some_and(|r| r == &self.credential.token);
        (!is_rejected && now < self.refresh_at).then(|| self.credential.clone())
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl TokenSource {
    pub(crate) fn new(client_id: String, client_secret: Secret, token_url: Option<String>) -> Self {
        TokenSource { client_id, client_secret, token_url, cached: tokio::sync::Mutex::new(None) }
    }

    /// The cached token when it is valid and not `rejected`, found without waiting: `None`
    /// when there is none, or when another call holds the cache (fetching), for
    /// [`TokenSource::token`] to wait for.
    pub(crate) fn cached(&self, rejected: Option<&Secret>, now: Instant) -> Option<Credential> {
        self.cached.try_lock().ok()?.as_ref()?.usable(rejected, now)
    }

    /// A valid token: the cached one, or a fresh one when it is missing, about to expire, or
    /// equal to `rejected` (a token the API just answered 401 to). `base_url` is where the call
    /// goes, whose host serves the token endpoint unless one is configured.
    pub(crate) async fn token(&self, request: TokenRequest<'_>) -> Result<Credential, Error> {
        let mut cached = self.cached.lock().await;
        if let Some(credential) = cached.as_ref().and_then(|current| current.usable(request.rejected, request.clock.now())) {
            return Ok(credential);
        }
        let token_url = match &self.token_url {
            Some(url) => url.clone(),
            None => default_token_url(request.base_url)?,
        };
        let fresh = self.fetch(request.http, request.clock, &token_url).await?;
        let credential = fresh.credential.clone();
        *cached = Some(fresh);
        Ok(credential)
    }

    async fn fetch(&self, http: &reqwest::Client, clock: &dyn Clock, token_url: &str) -> Result<CachedToken, Error> {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
        ];
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", percent_encoding::utf8_percent_encode(v, crate::transport::encoding::COMPONENT)))
            .collect::<Vec<_>>()
            .join("&");
        let started = clock.now();
        let response = http
            .post(token_url)
            .header(http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(http::header::ACCEPT, "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| Error::Auth { status: None, message: format!("cannot reach the token endpoint {}: {e}", token_url) })?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| Error::Auth { status: Some(status), message: format!("cannot read the token response: {e}") })?;
        if !status.is_success() {
            let text = String::from_utf8_lossy(&bytes);
            return Err(Error::Auth { status: Some(status), message: format!("the token endpoint {} refused the client credentials: {}", token_url, text.trim()) });
        }
        let parsed: TokenResponse = serde_json::from_slice(&bytes)
            .map_err(|e| Error::Auth { status: Some(status), message: format!("the token response has no usable access_token: {e}") })?;
        let lifetime = Duration::from_secs(parsed.expires_in.unwrap_or(0));
        tracing::debug!(token_url = %token_url, expires_in = lifetime.as_secs(), "fetched an access token");
        let credential = Credential::new(Secret::new(parsed.access_token))?;
        Ok(CachedToken { credential, refresh_at: started + lifetime.saturating_sub(REFRESH_MARGIN) })
    }
}

/// `/oauth/token` at the origin of `base_url`.
fn default_token_url(base_url: &str) -> Result<String, Error> {
    let parsed = reqwest::Url::parse(base_url).map_err(|e| Error::Config(format!("base URL `{base_url}`: {e}")))?;
    Ok(format!("{}/oauth/token", parsed.origin().ascii_serialization()))
}
