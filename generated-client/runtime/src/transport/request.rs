//! Building requests: operation metadata, path and query encoding, headers, bodies.

use std::borrow::Cow;

use http::{HeaderName, HeaderValue, Method};
use percent_encoding::utf8_percent_encode;

use crate::codec::{serialize_with, Encode};
use crate::error::{ErrorDecoder, Error};
use crate::transport::encoding::{is_unreserved, ParamValue, COMPONENT};
use crate::transport::form::FormData;
use crate::transport::options::CallOptions;
use crate::transport::server::Server;
use crate::Result;

/// What the generated code knows about an operation.
#[derive(Debug, Clone)]
pub struct OperationMeta {
    /// The spec's operationId.
    pub id: &'static str,
    /// Where the operation's API is served.
    pub server: &'static Server,
    /// The HTTP method.
    pub method: Method,
    /// The path template, for logs.
    pub path_template: &'static str,
    /// The media type of the success body, sent as `Accept`.
    pub accept: Option<&'static str>,
    /// Whether the operation is experimental: sent only when the client opted in, with the
    /// `X-SailPoint-Experimental` header.
    pub experimental: bool,
    /// Error statuses and the decoder of the body type the spec declares for each.
    pub errors: &'static [(StatusMatch, Option<ErrorDecoder>)],
    /// Whether the operation needs credentials; `false` when its security is empty
    /// (`security: [{}]` or `[]`), and then none are sent.
    pub authenticated: bool,
}

/// Which statuses an error entry covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A class: `4` for `4XX`.
    Class(u16),
    /// The spec's `default` response.
    Default,
}

impl OperationMeta {
    /// The decoder of the body type the spec declares for `status`: an exact code wins over a
    /// class, a class over `default`.
    pub fn error_decoder(&self, status: u16) -> Option<ErrorDecoder> {
        let find = |wanted: StatusMatch| self.errors.iter().find(|(m, _)| *m == wanted).map(|(_, kind)| *kind);
        find(StatusMatch::Code(status))
            .or_else(|| find(StatusMatch::Class(status / 100)))
            .or_else(|| find(StatusMatch::Default))
            .flatten()
    }
}

/// A piece of a request path.
pub enum PathPart<'a> {
    /// Template text, sent as is.
    Literal(&'static str),
    /// A parameter (wire name, value), sent as one percent-encoded segment.
    Param(&'static str, &'a dyn ParamValue),
}

/// Joins a path, encoding each parameter as exactly one segment.
///
/// # Errors
///
/// [`Error::InvalidParameter`] for an empty value, or `.` / `..`, which no server can tell
/// from path navigation.
pub fn encode_path(parts: &[PathPart<'_>]) -> Result<String> {
    let mut path = String::with_capacity(PATH_CAPACITY);
    for part in parts {
        match part {
            PathPart::Literal(text) => path.push_str(text),
            PathPart::Param(name, value) => {
                let value = value.to_param();
                if value.is_empty() || value == "." || value == ".." {
                    return Err(Error::InvalidParameter {
                        name,
                        reason: format!("`{value}` cannot be a path segment"),
                    });
                }
                // Ids and enum values, most parameters, have nothing to encode.
                if value.bytes().all(is_unreserved) {
                    path.push_str(&value);
                } else {
                    path.extend(utf8_percent_encode(&value, COMPONENT));
                }
            }
        }
    }
    Ok(path)
}

/// Room for a typical path with its ids, so that it is allocated once.
const PATH_CAPACITY: usize = 128;

/// A request being assembled by a generated method. A value that cannot be sent is kept as the
/// request's error, returned when the call is awaited, so that the method building it is
/// straight-line code.
pub struct Request {
    /// A generated operation's, or one made for a generic call.
    pub(crate) operation: Cow<'static, OperationMeta>,
    /// The path before its parameters were filled in, for logs.
    pub(crate) template: Cow<'static, str>,
    pub(crate) path: String,
    pub(crate) query: String,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Option<RequestBody>,
    pub(crate) error: Option<Error>,
    /// What the call sets for itself, over the client's settings.
    pub(crate) options: CallOptions,
}

/// A request body ready to send (and to send again on a retry).
pub enum RequestBody {
    /// Bytes with their media type.
    Raw {
        /// Sent as `Content-Type`.
        content_type: &'static str,
        /// The body.
        bytes: bytes::Bytes,
    },
    /// A multipart form.
    Form(FormData),
}

impl Request {
    /// A request for `operation` to `path` (already encoded, or why it could not be).
    pub fn new(operation: &'static OperationMeta, path: Result<String>) -> Self {
        let (path, error) = match path {
            Ok(path) => (path, None),
            Err(e) => (String::new(), Some(e)),
        };
        Self::for_operation(Cow::Borrowed(operation), Cow::Borrowed(operation.path_template), path, error)
    }

    pub(crate) fn for_operation(operation: Cow<'static, OperationMeta>, template: Cow<'static, str>, path: String, error: Option<Error>) -> Self {
        Request { operation, template, path, query: String::new(), headers: Vec::new(), body: None, error, options: CallOptions::default() }
    }

    /// Keeps the first error of a step that could not be done; the call returns it.
    pub fn fail_on(&mut self, result: Result<()>) {
        if let (Err(e), None) = (result, &self.error) {
            self.error = Some(e);
        }
    }

    /// The request, or the first error met while building it.
    pub(crate) fn into_result(mut self) -> Result<Self> {
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(self),
        }
    }

    /// Adds one `name=value` query pair, both percent-encoded.
    pub fn query(&mut self, name: &str, value: &dyn ParamValue) {
        self.query.push(if self.query.is_empty() { '?' } else { '&' });
        self.query.extend(utf8_percent_encode(name, COMPONENT));
        self.query.push('=');
        self.query.extend(utf8_percent_encode(&value.to_param(), COMPONENT));
    }

    /// Adds one query pair whose value is the items, each percent-encoded, joined by
    /// `delimiter`, already encoded (`form` style with `explode: false`: `ids=a,b`).
    pub(crate) fn query_joined<T: ParamValue>(&mut self, name: &str, values: &[T], delimiter: &str) {
        self.query.push(if self.query.is_empty() { '?' } else { '&' });
        self.query.extend(utf8_percent_encode(name, COMPONENT));
        self.query.push('=');
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self.query.push_str(delimiter);
            }
            self.query.extend(utf8_percent_encode(&value.to_param(), COMPONENT));
        }
    }

    /// Adds a header. The request fails with [`Error::InvalidParameter`] when the value holds
    /// CR, LF or another byte a header cannot carry.
    pub fn header(&mut self, name: &'static str, value: &dyn ParamValue) {
        let invalid = |reason: String| Error::InvalidParameter { name, reason };
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|e| invalid(e.to_string()));
        let value = HeaderValue::from_str(&value.to_param())
            .map_err(|_| invalid("a header value cannot contain CR, LF or other control characters".to_owned()));
        match (header, value) {
            (Ok(header), Ok(value)) => self.headers.push((header, value)),
            (Err(e), _) | (_, Err(e)) => self.fail_on(Err(e)),
        }
    }

    /// Serializes `body` as the JSON request body. The request fails with [`Error::Encode`] when
    /// the value cannot be written as JSON (a map with non-string keys).
    pub fn json_body<T: serde::Serialize + ?Sized>(&mut self, content_type: &'static str, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(RequestBody::Raw { content_type, bytes: bytes.into() }),
            Err(source) => self.fail_on(Err(Error::Encode { operation: self.operation.id, source })),
        }
    }

    /// Encodes `body` (a generated type) as the JSON request body, as [`Request::json_body`]
    /// does, through code compiled once rather than once per body type; its models' read-only
    /// properties too when `read_only` (the client's [`Client::sends_read_only`]).
    ///
    /// [`Client::sends_read_only`]: crate::Client::sends_read_only
    pub fn encoded_body(&mut self, content_type: &'static str, body: &dyn Encode, read_only: bool) {
        let mut bytes = Vec::new();
        match serialize_with(body, &mut serde_json::Serializer::new(&mut bytes), read_only) {
            Ok(()) => self.body = Some(RequestBody::Raw { content_type, bytes: bytes.into() }),
            Err(source) => self.fail_on(Err(Error::Encode { operation: self.operation.id, source })),
        }
    }

    /// Sends `bytes` as the body.
    pub fn raw_body(&mut self, content_type: &'static str, bytes: bytes::Bytes) {
        self.body = Some(RequestBody::Raw { content_type, bytes });
    }

    /// Sends a multipart form as the body.
    pub fn form_body(&mut self, form: FormData) {
        self.body = Some(RequestBody::Form(form));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_segment_is_encoded_only_where_it_must_be() {
        let parts = [PathPart::Literal("/sources/"), PathPart::Param("id", &"2c91-80._~"), PathPart::Literal("/x/"), PathPart::Param("q", &"a b/ü")];
        assert_eq!(encode_path(&parts).ok().as_deref(), Some("/sources/2c91-80._~/x/a%20b%2F%C3%BC"));
    }
}
