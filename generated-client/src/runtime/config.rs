//! How a [`Client`](super::Client) is set up: server, credentials, timeouts, HTTP client.

use std::fmt;
use std::time::Duration;

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

/// How requests are authenticated.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Auth {
    /// No `Authorization` header.
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Bearer(_) => f.write_str("Bearer(***)"),
        }
    }
}

/// Settings for a [`Client`](super::Client), built step by step. Its `Debug` output never
/// shows credentials.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub(crate) target: Target,
    pub(crate) auth: Auth,
    pub(crate) user_agent: String,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) http_client: Option<reqwest::Client>,
}

impl ClientConfig {
    fn new(target: Target) -> Self {
        ClientConfig {
            target,
            auth: Auth::None,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
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

    /// Authenticates with a bearer token (for example the access token of a personal access token).
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.auth = Auth::Bearer(token.into());
        self
    }

    /// Sets the `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sets the time allowed for one request, response body included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the time allowed to open a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Uses a `reqwest::Client` of your own (proxies, TLS roots); the timeouts and user agent
    /// set here then do not apply, as that client carries its own.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The base URL requests go to.
    ///
    /// # Errors
    ///
    /// When the tenant name is not a host label, or the URL is not an absolute `http(s)` URL
    /// without query or fragment.
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
