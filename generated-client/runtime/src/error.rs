//! Errors: every failure says which operation failed and keeps what the server sent.

use std::any::Any;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-2xx status.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The operation is experimental and the client was not configured to call experimental
    /// operations ([`ClientConfig::experimental`](crate::ClientConfig::experimental)); nothing was sent.
    #[error("{operation} is an experimental operation: opt in with ClientConfig::experimental(true) to call it")]
    ExperimentalNotEnabled {
        /// The operationId.
        operation: &'static str,
    },
    /// The request could not be sent or the response not received (connection, TLS, timeout).
    #[error("{operation}: request failed: {source}")]
    Transport {
        /// The operationId.
        operation: &'static str,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// The response body passed the configured limit ([`ClientConfig::max_response_bytes`](crate::ClientConfig::max_response_bytes)).
    #[error("{operation}: the response is longer than the limit of {limit} bytes")]
    ResponseTooLarge {
        /// The operationId.
        operation: &'static str,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A 2xx response body did not match the type the spec declares.
    #[error("{operation}: HTTP {status}: the response body does not match the spec: {source}")]
    Decode {
        /// The operationId.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// What did not match: a JSON error with line and column, or invalid UTF-8.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
        /// The body as received.
        body: Bytes,
    },
    /// The request body could not be written as JSON.
    #[error("{operation}: cannot encode the request body: {source}")]
    Encode {
        /// The operationId.
        operation: &'static str,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },
    /// The token endpoint refused the client credentials, or could not be used.
    #[error("authentication failed: {message}")]
    Auth {
        /// The token endpoint's status, when it answered.
        status: Option<StatusCode>,
        /// What went wrong (never the secret).
        message: String,
    },
    /// A parameter value cannot be sent as given.
    #[error("invalid value for parameter `{name}`: {reason}")]
    InvalidParameter {
        /// The parameter's wire name.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A header given to a call ([`Call::header`](crate::Call::header)) cannot be sent; nothing
    /// was sent.
    #[error("invalid header `{name}`: {reason}")]
    InvalidHeader {
        /// The header's name, as given.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A streamed response body could not be written where the caller asked
    /// ([`Download::write_to`](crate::Download::write_to)).
    #[error("{operation}: cannot write the response body: {source}")]
    Write {
        /// The operationId.
        operation: &'static str,
        /// The writer's error.
        source: std::io::Error,
    },
    /// A part of a multipart body cannot be sent as given; nothing was sent.
    #[error("{operation}: cannot send the form part `{part}`: {reason}")]
    InvalidPart {
        /// The operationId.
        operation: &'static str,
        /// The part's name.
        part: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The client configuration is unusable.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode { status, .. } => Some(*status),
            Error::Auth { status, .. } => *status,
            _ => None,
        }
    }

    /// The API error, when the server answered with a non-2xx status.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// A non-2xx answer with its body as the API's error body type `B`, so that status and body
    /// match in one pattern: `Some(Rejection { status: StatusCode::BAD_REQUEST, body:
    /// Some(isc::ErrorBody::ErrorResponseDto(dto)), .. })` (the README shows it whole).
    ///
    /// `None` when the server did not answer with a non-2xx status; `body` is `None` when the
    /// spec declares no type for the status, the body did not decode, or `B` is another API's.
    pub fn rejection<B: Any>(&self) -> Option<Rejection<'_, B>> {
        let error = self.as_api()?;
        Some(Rejection { status: error.status, body: error.body::<B>(), error })
    }
}

/// A non-2xx answer seen through one API's error body type ([`Error::rejection`]).
#[derive(Debug)]
#[non_exhaustive]
pub struct Rejection<'e, B> {
    /// The response status.
    pub status: StatusCode,
    /// The body as the type the spec declares for the status, when it decoded as one.
    pub body: Option<&'e B>,
    /// Everything else: operation, headers, the raw body, `Retry-After`.
    pub error: &'e ApiError,
}

/// A non-2xx response: status, headers, and the body both raw and decoded.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The operationId of the call.
    pub operation: &'static str,
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body decoded into the type the spec declares for this status, when it decodes; read
    /// it with [`ApiError::body`].
    pub(crate) decoded: Option<Arc<dyn DecodedBody>>,
    /// Why the body did not decode, when the spec declares a type for this status and it did not.
    pub body_error: Option<String>,
    /// The body exactly as received.
    pub raw_body: Bytes,
    /// How long the server asked the caller to wait (`Retry-After`, in seconds or as a date).
    pub retry_after: Option<Duration>,
}

impl ApiError {
    /// The body decoded into the type the spec declares for this status, as the API's
    /// `ErrorBody` (`error.body::<v3::ErrorBody>()`); `None` when the spec declares no type for
    /// the status, the body did not decode (see `body_error`), or `B` is another API's.
    pub fn body<B: Any>(&self) -> Option<&B> {
        let decoded: &dyn Any = self.decoded.as_deref()?.as_any();
        decoded.downcast_ref::<B>()
    }

    /// The raw body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.raw_body).into_owned()
    }
}

/// A decoded error body of any API, kept without the runtime knowing its type.
pub trait DecodedBody: Any + fmt::Debug + Send + Sync {
    /// The body, to downcast.
    fn as_any(&self) -> &dyn Any;
}

impl<T: Any + fmt::Debug + Send + Sync> DecodedBody for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Decodes an error body into an API's `ErrorBody`.
pub type ErrorDecoder = fn(&[u8]) -> Result<Arc<dyn DecodedBody>, serde_json::Error>;

/// Decodes `bytes` as `T` and wraps it in the API's error body enum `B`; generated operations
/// name one per error status.
///
/// # Errors
///
/// The JSON error when the body does not have that shape.
#[doc(hidden)]
pub fn decode_error<B, T>(bytes: &[u8]) -> Result<Arc<dyn DecodedBody>, serde_json::Error>
where
    T: serde::de::DeserializeOwned,
    B: From<T> + Any + fmt::Debug + Send + Sync,
{
    let body: T = serde_json::from_slice(bytes)?;
    Ok(Arc::new(B::from(body)))
}

/// Longest part of a body quoted in an error message.
const QUOTED_BODY_LIMIT: usize = 300;

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        let text = self.text();
        let text = text.trim();
        if !text.is_empty() {
            let cut = text.char_indices().nth(QUOTED_BODY_LIMIT).map_or(text.len(), |(i, _)| i);
            let ellipsis = if cut < text.len() { "..." } else { "" };
            write!(f, ": {}{ellipsis}", &text[..cut])?;
        }
        if let Some(wait) = self.retry_after {
            write!(f, " (retry after {}s)", wait.as_secs())?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// Parses `Retry-After`: delay-seconds or an HTTP date (RFC 9110 section 10.2.3).
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(http::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(value) = value.parse() {
            headers.insert(http::header::RETRY_AFTER, value);
        }
        headers
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(retry_after(&headers("7"), now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(retry_after(&headers(&later), now), Some(Duration::from_secs(30)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(retry_after(&headers(&earlier), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }
}
