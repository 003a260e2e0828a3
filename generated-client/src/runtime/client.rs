//! The client: one shared HTTP connection pool, and the transport every operation goes through.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};

use super::config::{Auth, ClientConfig};
use super::error::{retry_after, ApiError, Error};
use super::request::{Request, RequestBody};
use super::response::Response;
use super::Result;

/// The ISC API client. Cheap to clone: clones share one connection pool.
///
/// Every operation of the spec is an async method on it (see [`apis`](crate::apis)).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    auth: Auth,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("base_url", &self.inner.base_url).field("auth", &self.inner.auth).finish()
    }
}

impl Client {
    /// A client for `config`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the base URL or tenant is invalid or the HTTP client cannot be built.
    pub fn new(config: ClientConfig) -> Result<Self> {
        let base_url = config.base_url().map_err(Error::Config)?;
        let http = match config.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .user_agent(config.user_agent)
                .timeout(config.timeout)
                .connect_timeout(config.connect_timeout)
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        Ok(Client { inner: Arc::new(Inner { http, base_url, auth: config.auth }) })
    }

    /// The base URL operation paths are appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request built by a generated method and reads the whole response.
    ///
    /// A non-2xx status becomes [`Error::Api`], with the body decoded into the type the spec
    /// declares for that status when it can be, and always kept raw.
    #[doc(hidden)]
    pub async fn send(&self, request: Request) -> Result<Response> {
        let operation = request.operation;
        let url = format!("{}{}{}", self.inner.base_url, request.path, request.query);
        let mut builder = self.inner.http.request(operation.method.clone(), url);
        builder = builder.header(ACCEPT, operation.accept.unwrap_or("application/json"));
        if let Auth::Bearer(token) = &self.inner.auth {
            let mut value = http::HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                .map_err(|_| Error::Config("the bearer token contains characters a header cannot carry".to_owned()))?;
            value.set_sensitive(true);
            builder = builder.header(AUTHORIZATION, value);
        }
        for (name, value) in request.headers {
            builder = builder.header(name, value);
        }
        match &request.body {
            Some(RequestBody::Raw { content_type, bytes }) => builder = builder.header(CONTENT_TYPE, *content_type).body(bytes.clone()),
            Some(RequestBody::Form(form)) => builder = builder.multipart(form.to_multipart()),
            None => {}
        }
        let transport = |source| Error::Transport { operation: operation.id, source };
        let response = builder.send().await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?;
        if status.is_success() {
            return Ok(Response { operation, status, body });
        }
        let kind = operation.error_body_kind(status.as_u16());
        let decoded = kind.map(|kind| crate::generated::ErrorBody::decode(kind, &body));
        let (body_value, body_error) = match decoded {
            Some(Ok(value)) => (Some(value), None),
            Some(Err(e)) => (None, Some(e.to_string())),
            None => (None, None),
        };
        Err(Error::Api(Box::new(ApiError {
            operation: operation.id,
            status,
            retry_after: retry_after(&headers, SystemTime::now()),
            headers,
            body: body_value,
            body_error,
            raw_body: body,
        })))
    }
}
