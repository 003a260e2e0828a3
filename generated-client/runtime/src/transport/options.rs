//! What one call (or every page of one stream) sets for itself, over the client's settings.

use std::time::Duration;

use http::header::{AUTHORIZATION, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, HOST, PROXY_AUTHORIZATION, TE, TRAILER, TRANSFER_ENCODING, UPGRADE};
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::Result;

/// Whether a call cannot set `header`: the client sends the credentials itself, and the body's
/// type and length, and the connection's own headers, are the HTTP client's to write.
fn reserved(header: &HeaderName) -> bool {
    [AUTHORIZATION, PROXY_AUTHORIZATION, CONTENT_TYPE, CONTENT_LENGTH, TRANSFER_ENCODING, HOST, CONNECTION, TE, TRAILER, UPGRADE].contains(header)
}

/// One call's own timeout, retry policy and headers; what it leaves unset is the client's.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    /// Sent after the operation's own headers, replacing any of the same name.
    pub(crate) headers: HeaderMap,
}

impl CallOptions {
    /// Adds header `name: value` (a second value of one name is sent as a second header).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHeader`] for a name or value a header cannot have, or a header the
    /// client sends itself (`Authorization`, `Content-Type`, `Content-Length`, `Host`, ...).
    pub(crate) fn add_header(&mut self, name: &str, value: &str) -> Result<()> {
        let invalid = |reason: &str| Error::InvalidHeader { name: name.to_owned(), reason: reason.to_owned() };
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid("not a valid header name"))?;
        if reserved(&header) {
            return Err(invalid("the client sends this header itself; a call cannot set it"));
        }
        let value = HeaderValue::from_str(value).map_err(|_| invalid("a header value cannot contain CR, LF or other control characters"))?;
        self.headers.append(header, value);
        Ok(())
    }
}
