//! Hooks around every attempt a client makes: to add headers, count, time or record calls
//! without wrapping each one.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};

/// Called around every attempt of every call, retries included, in the order the hooks were
/// added ([`ClientConfig::hook`](crate::ClientConfig::hook)). Both methods do nothing unless
/// implemented.
///
/// A hook never sees the `Authorization` header: it is added after [`Hook::on_request`], so a
/// hook that logs headers cannot log a token.
pub trait Hook: Send + Sync + 'static {
    /// Before an attempt is sent; headers set here are sent.
    fn on_request(&self, request: &mut OutgoingRequest<'_>) {
        let _ = request;
    }

    /// After an attempt, whatever came of it.
    fn on_response(&self, exchange: &Exchange<'_>) {
        let _ = exchange;
    }
}

/// A hook shared with the caller, who keeps a handle to it (to read what it recorded).
impl<H: Hook> Hook for std::sync::Arc<H> {
    fn on_request(&self, request: &mut OutgoingRequest<'_>) {
        (**self).on_request(request);
    }

    fn on_response(&self, exchange: &Exchange<'_>) {
        (**self).on_response(exchange);
    }
}

/// A request about to be sent.
#[derive(Debug)]
#[non_exhaustive]
pub struct OutgoingRequest<'a> {
    /// The operationId (or the name given to a generic call).
    pub operation: &'static str,
    /// Which attempt this is, from 1.
    pub attempt: u32,
    /// The HTTP method.
    pub method: &'a Method,
    /// The full URL.
    pub url: &'a str,
    /// The headers, which the hook may change.
    pub headers: &'a mut HeaderMap,
}

/// An attempt and what came of it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Exchange<'a> {
    /// The operationId (or the name given to a generic call).
    pub operation: &'static str,
    /// Which attempt this was, from 1.
    pub attempt: u32,
    /// The HTTP method.
    pub method: &'a Method,
    /// The full URL.
    pub url: &'a str,
    /// How long the attempt took, on the client's clock.
    pub elapsed: Duration,
    /// The response, or why there is none.
    pub outcome: ExchangeOutcome<'a>,
}

/// What an attempt got.
#[derive(Debug)]
pub enum ExchangeOutcome<'a> {
    /// A response (any status), its body read.
    Response {
        /// The status.
        status: StatusCode,
        /// The headers.
        headers: &'a HeaderMap,
        /// The body as received.
        body: &'a Bytes,
    },
    /// No response: why.
    Failed(&'a (dyn std::error::Error + Send + Sync)),
}
