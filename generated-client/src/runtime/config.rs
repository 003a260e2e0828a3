//! How a [`Client`](super::Client) is set up: server, credentials, timeouts, retries.

use std::fmt;
use std::time::Duration;

use super::error::Error;
use super::retry::RetryPolicy;
use super::secret::Secret;

/// The default time allowed for one request, response body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the client sends requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A tenant name filled into the spec's server URL.
    Tenant(String),
    /// A full base URL given by the caller.
    BaseUrl(String),
}

/// The credentials a config carries.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Credentials {
    /// No credentials.
    None,
    /// A static bearer token.
    Bearer(Secret),
    /// OAuth2 client credentials.
    OAuthClient { client_id: String, client_secret: Secret },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::None => f.write_str("None"),
            Credentials::Bearer(_) => f.write_str("Bearer(***)"),
            Credentials::OAuthClient { client_id, .. } => write!(f, "ClientCredentials {{ client_id: {client_id:?}, client_secret: *** }}"),
        }
    }
}

/// Settings for a [`Client`](super::Client), built step by step. Its `Debug` output never
/// shows credentials.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub(crate) target: Target,
    pub(crate) credentials: Credentials,
    pub(crate) token_url: Option<String>,
    pub(crate) user_agent: String,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) strict: bool,
    pub(crate) max_response_bytes: u64,
    pub(crate) accept_invalid_certificates: bool,
    pub(crate) http_client: Option<reqwest::Client>,
}

/// The default limit on a response body: 256 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 256 * 1024 * 1024;

impl ClientConfig {
    fn new(target: Target) -> Self {
        ClientConfig {
            target,
            credentials: Credentials::None,
            token_url: None,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            strict: false,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            accept_invalid_certificates: false,
            http_client: None,
        }
    }

    /// Sends requests to a tenant's API: the spec's server URL with `{tenant}` filled in
    /// (`https://acme.api.identitynow.com/v3` for `acme`).
    pub fn for_tenant(tenant: impl Into<String>) -> Self {
        Self::new(Target::Tenant(tenant.into()))
    }

    /// Sends requests to `base_url`, to which operation paths are appended
    /// (e.g. `https://acme.api.identitynow.com/v3`, or a local mock server).
    pub fn with_base_url(base_url: impl Into<String>) -> Self {
        Self::new(Target::BaseUrl(base_url.into()))
    }

    /// The configuration SailPoint's CLI and SDKs read from the environment: `SAIL_BASE_URL`
    /// (the tenant's API URL without `/v3`, e.g. `https://acme.api.identitynow.com`),
    /// `SAIL_CLIENT_ID` and `SAIL_CLIENT_SECRET` (a personal access token or OAuth client).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the variable that is missing or empty.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env), reading the variables through `lookup`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the variable that is missing or empty.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let get = |name: &str| {
            lookup(name).filter(|v| !v.trim().is_empty()).ok_or_else(|| Error::Config(format!("the environment variable {name} is not set")))
        };
        let base = get("SAIL_BASE_URL")?;
        let base = base.trim().trim_end_matches('/');
        let base = base.strip_suffix("/v3").unwrap_or(base);
        Ok(Self::with_base_url(format!("{base}/v3"))
            .client_credentials(get("SAIL_CLIENT_ID")?, get("SAIL_CLIENT_SECRET")?)
            .token_url(format!("{base}/oauth/token")))
    }

    /// Authenticates with a bearer token (for example the access token of a personal access token).
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.credentials = Credentials::Bearer(token.into());
        self
    }

    /// Authenticates with OAuth2 client credentials (a personal access token's id and secret, or
    /// an API client's): a token is fetched on first use, cached, refreshed a minute before it
    /// expires and once after a 401, and fetched once however many calls need it at the same time.
    pub fn client_credentials(mut self, client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        self.credentials = Credentials::OAuthClient { client_id: client_id.into(), client_secret: client_secret.into() };
        self
    }

    /// Sets the token endpoint; by default `/oauth/token` at the base URL's host.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Sets the `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sets the time allowed for one request, response body included (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the time allowed to open a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets when and how requests are retried; [`RetryPolicy::none`] turns retries off.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Fails a call on any response value off the spec, instead of repairing and reporting it.
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Fails a call whose response body is longer than `bytes` (default 256 MiB) with
    /// [`Error::ResponseTooLarge`], without reading the rest.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Turns TLS certificate verification OFF: any certificate, expired, self-signed or for
    /// another host, is accepted, so anyone on the network path can read and change the traffic,
    /// tokens included. Only for a test tenant behind a proxy you control. Logged as a warning.
    pub fn danger_accept_invalid_certificates(mut self, accept: bool) -> Self {
        self.accept_invalid_certificates = accept;
        self
    }

    /// Uses a `reqwest::Client` of your own (proxies, TLS roots); the connect timeout and user
    /// agent set here then do not apply, as that client carries its own.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The base URL requests go to.
    pub(crate) fn base_url(&self) -> Result<String, String> {
        let url = match &self.target {
            Target::Tenant(tenant) => {
                let valid = !tenant.is_empty() && tenant.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
                if !valid {
                    return Err(format!("tenant `{tenant}` is not a host name label (letters, digits, `-`)"));
                }
                tenant_url(tenant)
            }
            Target::BaseUrl(url) => url.clone(),
        };
        let parsed = reqwest::Url::parse(&url).map_err(|e| format!("base URL `{url}`: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(format!("base URL `{url}` must be http(s) without query or fragment"));
        }
        Ok(url.trim_end_matches('/').to_owned())
    }

    /// The token endpoint: as set, or `/oauth/token` at the base URL's origin.
    pub(crate) fn resolved_token_url(&self, base_url: &str) -> Result<String, String> {
        if let Some(url) = &self.token_url {
            return Ok(url.clone());
        }
        let parsed = reqwest::Url::parse(base_url).map_err(|e| format!("base URL `{base_url}`: {e}"))?;
        Ok(format!("{}/oauth/token", parsed.origin().ascii_serialization()))
    }
}

/// The spec's server URL with `{tenant}` set and other variables at their defaults.
fn tenant_url(tenant: &str) -> String {
    let mut url = crate::generated::SERVER_URL.to_owned();
    for (name, default) in crate::generated::SERVER_VARIABLES {
        let value = if *name == "tenant" { tenant } else { default };
        url = url.replace(&format!("{{{name}}}"), value);
    }
    url
}
