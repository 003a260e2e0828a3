//! When and how long to wait before trying a request again.

pub(crate) mod clock;
pub(crate) mod limit;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::{HeaderMap, Method, StatusCode};

use crate::error::retry_after;

/// How often a call is tried and how long the client may spend on it. Which failures are
/// retried is the [`RetryClassifier`]'s decision; by default ([`DefaultRetryClassifier`]) 429
/// for every method, honoring `Retry-After`, and 502, 503, 504 and connection failures only for
/// idempotent methods. Waits grow exponentially, with full jitter unless the client is given
/// another ([`ClientConfig::jitter`](crate::ClientConfig::jitter)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 means no retry).
    pub max_attempts: u32,
    /// Time one call may spend, waits included; a wait that would pass it is not taken.
    pub max_elapsed: Duration,
    /// The first backoff (before jitter); each retry doubles it.
    pub initial_backoff: Duration,
    /// The longest backoff (before jitter).
    pub max_backoff: Duration,
    /// Whether the calls may be sent twice whatever their method: a POST or PATCH the caller
    /// knows to be idempotent is then retried after a gateway error or a connection failure,
    /// as a GET is (see [`DefaultRetryClassifier`]). Off by default.
    pub idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            max_elapsed: Duration::from_secs(120),
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// The backoff before retry number `retry` (1 for the first retry), before jitter.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let doubled = self.initial_backoff.saturating_mul(1u32 << retry.saturating_sub(1).min(16));
        doubled.min(self.max_backoff)
    }
}

/// Turns a backoff into the wait actually taken; shared by every call of a client.
pub type Jitter = Arc<dyn Fn(Duration) -> Duration + Send + Sync>;

/// Full jitter: a wait drawn evenly between zero and the backoff, so that clients that failed
/// together do not retry together.
pub(crate) fn full_jitter() -> Jitter {
    Arc::new(|backoff: Duration| backoff.mul_f64(fastrand::f64()))
}

/// One attempt that did not succeed, as a [`RetryClassifier`] sees it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Attempt<'a> {
    /// The operationId (or the name given to a generic call).
    pub operation: &'static str,
    /// The HTTP method.
    pub method: &'a Method,
    /// Whether the call may be sent twice: its method is idempotent, or its retry policy says
    /// it is ([`RetryPolicy::idempotent`]).
    pub idempotent: bool,
    /// Which attempt this was, from 1.
    pub number: u32,
    /// What came back.
    pub outcome: AttemptOutcome<'a>,
    /// The client clock's wall time, for a `Retry-After` given as a date.
    pub now: SystemTime,
}

/// What an attempt that did not succeed got.
#[derive(Debug)]
pub enum AttemptOutcome<'a> {
    /// A non-2xx response.
    Response {
        /// Its status.
        status: StatusCode,
        /// Its headers.
        headers: &'a HeaderMap,
    },
    /// No response: the connection failed or timed out.
    Transport(&'a reqwest::Error),
}

/// Whether to try again, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// The outcome is final.
    Stop,
    /// Try again after the policy's backoff.
    Backoff,
    /// Try again after this long (a server's `Retry-After`).
    After(Duration),
}

/// Decides which failed attempts are tried again. Implemented by any
/// `Fn(&Attempt<'_>) -> RetryDecision`; a classifier can defer to [`DefaultRetryClassifier`].
pub trait RetryClassifier: Send + Sync + 'static {
    /// The decision for one attempt that did not succeed.
    fn classify(&self, attempt: &Attempt<'_>) -> RetryDecision;
}

impl<F: Fn(&Attempt<'_>) -> RetryDecision + Send + Sync + 'static> RetryClassifier for F {
    fn classify(&self, attempt: &Attempt<'_>) -> RetryDecision {
        self(attempt)
    }
}

/// The classifier a client has unless given another: 429 for every method, 502, 503 and 504
/// and connection failures and timeouts for idempotent calls only (GET, HEAD, OPTIONS, PUT,
/// DELETE, and any call whose policy says it is idempotent), since a POST or PATCH may have
/// taken effect. A `Retry-After` is honored.
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultRetryClassifier;

impl RetryClassifier for DefaultRetryClassifier {
    fn classify(&self, attempt: &Attempt<'_>) -> RetryDecision {
        match attempt.outcome {
            AttemptOutcome::Response { status, headers } if retryable_status(status, attempt.idempotent) => {
                retry_after(headers, attempt.now).map_or(RetryDecision::Backoff, RetryDecision::After)
            }
            AttemptOutcome::Transport(error) if (error.is_connect() || error.is_timeout()) && attempt.idempotent => {
                RetryDecision::Backoff
            }
            _ => RetryDecision::Stop,
        }
    }
}

/// Whether a method may be sent twice without changing the outcome.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE)
}

/// Whether a response status is worth another attempt, for a call that may (`idempotent`) or
/// may not be sent twice.
pub(crate) fn retryable_status(status: StatusCode, idempotent: bool) -> bool {
    match status.as_u16() {
        429 => true,
        502..=504 => idempotent,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_ceiling_and_jitter_stays_under_it() {
        let policy = RetryPolicy { initial_backoff: Duration::from_millis(100), max_backoff: Duration::from_millis(350), ..RetryPolicy::default() };
        assert_eq!([1, 2, 3, 5].map(|retry| policy.backoff(retry).as_millis()), [100, 200, 350, 350]);
        let jitter = full_jitter();
        for _ in 0..100 {
            assert!(jitter(Duration::from_millis(200)) <= Duration::from_millis(200));
        }
    }

    #[test]
    fn only_idempotent_calls_retry_gateway_errors() {
        assert!(retryable_status(StatusCode::TOO_MANY_REQUESTS, is_idempotent(&Method::POST)));
        assert!(retryable_status(StatusCode::SERVICE_UNAVAILABLE, is_idempotent(&Method::GET)));
        assert!(!retryable_status(StatusCode::SERVICE_UNAVAILABLE, is_idempotent(&Method::POST)));
        assert!(!retryable_status(StatusCode::INTERNAL_SERVER_ERROR, is_idempotent(&Method::GET)));
    }
}
