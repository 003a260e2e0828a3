//! How a [`Client`](crate::Client) is set up: server, credentials, timeouts, retries.

pub(crate) mod auth;
pub(crate) mod discover;
pub(crate) mod secret;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::config::auth::TokenProvider;
use crate::retry::clock::{Clock, TokioClock};
use crate::config::discover::{discover, from_env, ConfigSources, Found};
use crate::error::Error;
use crate::transport::hooks::Hook;
use crate::retry::limit::RateLimit;
use crate::retry::{full_jitter, DefaultRetryClassifier, Jitter, RetryClassifier, RetryPolicy};
use crate::config::secret::Secret;
use crate::transport::server::Target;

/// The default time allowed for one request, response body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The credentials a config carries.
#[derive(Clone)]
pub(crate) enum Credentials {
    /// No credentials.
    None,
    /// A static bearer token.
    Bearer(Secret),
    /// OAuth2 client credentials.
    OAuthClient { client_id: String, client_secret: Secret },
    /// The caller's token provider.
    Provider(Arc<dyn TokenProvider>),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::None => f.write_str("None"),
            Credentials::Bearer(_) => f.write_str("Bearer(***)"),
            Credentials::OAuthClient { client_id, .. } => write!(f, "ClientCredentials {{ client_id: {client_id:?}, client_secret: *** }}"),
            Credentials::Provider(_) => f.write_str("TokenProvider"),
        }
    }
}

/// Where the calls of one group of APIs go and how they authenticate: a tenant or base URL,
/// and credentials. The client's main connection serves the ISC APIs (current and v3); NERM has
/// its own ([`ClientConfig::connection`]).
#[derive(Debug, Clone)]
pub struct Connection {
    pub(crate) target: Target,
    pub(crate) credentials: Credentials,
    pub(crate) token_url: Option<String>,
}

impl Connection {
    fn new(target: Target) -> Self {
        Connection { target, credentials: Credentials::None, token_url: None }
    }

    /// A tenant, filled into the first placeholder of each API's host (`acme` gives
    /// `https://acme.api.identitynow.com` for ISC, `https://acme.nonemployee.com/api` for NERM).
    pub fn for_tenant(tenant: impl Into<String>) -> Self {
        Self::new(Target::Tenant(tenant.into()))
    }

    /// A base URL: the tenant's API origin (`https://acme.api.identitynow.com`), a proxy, or a
    /// local mock server. Each API's base path (`/v3`, `/api`) is appended unless the URL
    /// already ends with it.
    pub fn with_base_url(base_url: impl Into<String>) -> Self {
        Self::new(Target::BaseUrl(base_url.into()))
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

    /// Sets the token endpoint; by default `/oauth/token` at the host the calls go to.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Authenticates with tokens from your own provider (a vault, a keyring, another grant).
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.credentials = Credentials::Provider(Arc::new(provider));
        self
    }
}

/// What a client is given to extend it, beside plain settings: shared, so printed by name.
#[derive(Clone)]
pub(crate) struct Extensions {
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
    pub(crate) classifier: Arc<dyn RetryClassifier>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) jitter: Jitter,
    pub(crate) rate_limit: Option<RateLimit>,
    /// The fake tenant the client's calls register answers on.
    #[cfg(feature = "testing")]
    pub(crate) fake_tenant: Option<Arc<crate::testing::state::Shared>>,
}

impl Default for Extensions {
    fn default() -> Self {
        Extensions { hooks: Vec::new(), classifier: Arc::new(DefaultRetryClassifier), clock: Arc::new(TokioClock), jitter: full_jitter(),
            rate_limit: None,
            #[cfg(feature = "testing")]
            fake_tenant: None,
        }
    }
}

impl fmt::Debug for Extensions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Extensions").field("hooks", &self.hooks.len()).field("rate_limit", &self.rate_limit).finish_non_exhaustive()
    }
}

/// Settings for a [`Client`](crate::Client), built step by step. Its `Debug` output never
/// shows credentials.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub(crate) main: Connection,
    pub(crate) connections: BTreeMap<String, Connection>,
    /// The caller's `User-Agent`; `None` for `<crate>/<version> (<api>)`.
    pub(crate) user_agent: Option<String>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) strict: bool,
    pub(crate) send_read_only: bool,
    pub(crate) experimental: bool,
    pub(crate) max_response_bytes: u64,
    pub(crate) accept_invalid_certificates: bool,
    pub(crate) http_client: Option<reqwest::Client>,
    pub(crate) extensions: Extensions,
}

/// The default limit on a response body: 256 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 256 * 1024 * 1024;

/// The connection the NERM APIs use (`nerm::SERVER.connection`).
const NERM_CONNECTION: &str = "nerm";

impl ClientConfig {
    fn new(main: Connection) -> Self {
        ClientConfig {
            main,
            connections: BTreeMap::new(),
            user_agent: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            strict: false,
            send_read_only: false,
            experimental: false,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            accept_invalid_certificates: false,
            http_client: None,
            extensions: Extensions::default(),
        }
    }

    /// Sends requests to a tenant's APIs: each API's server URL with the tenant in its host
    /// (`https://acme.api.identitynow.com` and `.../v3` for `acme`).
    pub fn for_tenant(tenant: impl Into<String>) -> Self {
        Self::new(Connection::for_tenant(tenant))
    }

    /// Sends requests to `base_url`, the tenant's API origin (`https://acme.api.identitynow.com`,
    /// without `/v3`) or a local mock server; each API's base path is appended unless the URL
    /// already ends with it.
    pub fn with_base_url(base_url: impl Into<String>) -> Self {
        Self::new(Connection::with_base_url(base_url))
    }

    /// The configuration SailPoint's SDKs find, in their order ([`ConfigSources::standard`]):
    ///
    /// 1. the environment: `SAIL_BASE_URL` (the tenant's API origin, e.g.
    ///    `https://acme.api.identitynow.com`; a trailing `/v3` is ignored), `SAIL_CLIENT_ID` and
    ///    `SAIL_CLIENT_SECRET` (a personal access token or OAuth client), and for NERM, when set,
    ///    `SAIL_NERM_BASE_URL` (`https://acme.nonemployee.com`) with `SAIL_NERM_CLIENT_ID` and
    ///    `SAIL_NERM_CLIENT_SECRET` or else the same client credentials, whose tokens come from
    ///    the ISC tenant;
    /// 2. `./config.json`: `BaseURL`, `ClientId`, `ClientSecret`, `NermBaseUrl`;
    /// 3. the SailPoint CLI's `~/.sailpoint/config.yaml`: its active environment's `baseurl` and
    ///    `pat` `clientid` and `clientsecret`.
    ///
    /// The first that names a base URL is used.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] listing every place looked when none names a base URL, or naming the
    /// variable, or the file and JSON pointer, of a setting that is missing or unusable. No
    /// message holds a secret.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_sources(&ConfigSources::standard())
    }

    /// Like [`from_env`](Self::from_env), looking in other places (for tests, or a service that
    /// keeps its files elsewhere).
    ///
    /// # Errors
    ///
    /// As [`from_env`](Self::from_env).
    pub fn from_sources(sources: &ConfigSources) -> Result<Self, Error> {
        discover(sources).map(Self::from_found).map_err(Error::Config)
    }

    /// The environment step of [`from_env`](Self::from_env) alone, reading the variables
    /// through `lookup`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the variable that is missing or empty.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        match from_env(&lookup) {
            Ok(Some(found)) => Ok(Self::from_found(found)),
            Ok(None) => Err(Error::Config("the environment variable SAIL_BASE_URL is not set".to_owned())),
            Err(e) => Err(Error::Config(e)),
        }
    }

    fn from_found(found: Found) -> Self {
        let base = found.base_url.trim().trim_end_matches('/');
        let base = base.strip_suffix("/v3").unwrap_or(base);
        let token_url = format!("{base}/oauth/token");
        let mut config = Self::with_base_url(base).client_credentials(found.client_id.clone(), found.client_secret.clone()).token_url(token_url.clone());
        if let Some(nerm) = found.nerm_base_url {
            let connection = Connection::with_base_url(nerm.trim());
            let connection = match found.nerm_client {
                Some((id, secret)) => connection.client_credentials(id, secret),
                None => connection.client_credentials(found.client_id, found.client_secret).token_url(token_url),
            };
            config = config.connection(NERM_CONNECTION, connection);
        }
        config
    }

    /// Authenticates the main connection with a bearer token (for example the access token of a
    /// personal access token).
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.main = self.main.bearer_token(token);
        self
    }

    /// Authenticates the main connection with OAuth2 client credentials (see
    /// [`Connection::client_credentials`]).
    pub fn client_credentials(mut self, client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        self.main = self.main.client_credentials(client_id, client_secret);
        self
    }

    /// Sets the main connection's token endpoint; by default `/oauth/token` at the API's host.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.main = self.main.token_url(url);
        self
    }

    /// Gives the APIs whose server names connection `name` (`"nerm"` for NERM and NERM v2025)
    /// their own base URL and credentials.
    pub fn connection(mut self, name: impl Into<String>, connection: Connection) -> Self {
        self.connections.insert(name.into(), connection);
        self
    }

    /// Opts in to experimental operations: they are sent with `X-SailPoint-Experimental: true`.
    /// Without it, calling one fails with [`Error::ExperimentalNotEnabled`] before anything is
    /// sent. Nothing is printed either way.
    pub fn experimental(mut self, enabled: bool) -> Self {
        self.experimental = enabled;
        self
    }

    /// Sets the `User-Agent` header of every request, instead of this crate's name and version
    /// with the API the call belongs to (`generated-client/0.1.0 (isc)`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
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

    /// Sends the properties the spec marks read-only in request bodies, as they are (default:
    /// left out).
    ///
    /// The spec says a client should not send them, so by default they are decoded and never
    /// sent. But a PUT replaces a whole object, and whether the server keeps or clears a
    /// read-only value it is not sent the spec does not say: a provisioning policy read with
    /// GET and sent back with PUT would leave out each field's `isRequired`. With this on, a
    /// value read from a response goes back with its read-only properties as they came (and a
    /// value built in code with those it was given). [`Client::with_read_only_properties`]
    /// does the same for the calls made through one client.
    ///
    /// [`Client::with_read_only_properties`]: crate::Client::with_read_only_properties
    pub fn send_read_only_properties(mut self, send: bool) -> Self {
        self.send_read_only = send;
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

    /// Uses a `reqwest::Client` of your own (proxies, TLS roots): reqwest 0.13, as `cargo add
    /// reqwest` gives it. The connect timeout and certificate setting here then do not apply, as
    /// that client carries its own; the User-Agent, retries and credentials still do.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Authenticates the main connection with tokens from your own provider (see
    /// [`Connection::token_provider`]).
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.main = self.main.token_provider(provider);
        self
    }

    /// Adds a hook called around every attempt (see [`Hook`]); hooks run in the order added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.extensions.hooks.push(Arc::new(hook));
        self
    }

    /// Decides which failed attempts are retried, instead of [`DefaultRetryClassifier`].
    pub fn retry_classifier(mut self, classifier: impl RetryClassifier) -> Self {
        self.extensions.classifier = Arc::new(classifier);
        self
    }

    /// The clock the client reads and waits on (token expiry, retry waits, the rate limit);
    /// tokio's by default. A [`PausedClock`](crate::PausedClock) makes those waits exact and free in tests.
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.extensions.clock = Arc::new(clock);
        self
    }

    /// Turns each backoff into the wait taken, instead of full jitter (a wait drawn evenly
    /// between zero and the backoff). `|backoff| backoff` waits the backoff exactly.
    pub fn jitter(mut self, jitter: impl Fn(Duration) -> Duration + Send + Sync + 'static) -> Self {
        self.extensions.jitter = Arc::new(jitter);
        self
    }

    /// Keeps the client's requests within `limit` ([`RateLimit::SAILPOINT`]: 100 per 10 s),
    /// waiting before a request that would pass it. Every clone of the client shares the limit;
    /// retries count. Off by default.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.extensions.rate_limit = Some(limit);
        self
    }
}
