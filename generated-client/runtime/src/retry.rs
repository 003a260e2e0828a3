//! When and how long to wait before trying a request again.

use std::time::Duration;

use http::{Method, StatusCode};

/// Which failures are retried, how often, and how long the client may spend on one call.
///
/// 429 is retried for every method, honoring `Retry-After`; 502, 503, 504 and connection
/// failures only for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE), since a POST or PATCH
/// may have taken effect. Waits grow exponentially with full jitter.
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
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            max_elapsed: Duration::from_secs(120),
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// The backoff before retry number `retry` (1 for the first retry), with full jitter.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let doubled = self.initial_backoff.saturating_mul(1u32 << retry.saturating_sub(1).min(16));
        let ceiling = doubled.min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// Whether a method may be sent twice without changing the outcome.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE)
}

/// Whether a response status is worth another attempt.
pub(crate) fn retryable_status(status: StatusCode, method: &Method) -> bool {
    match status.as_u16() {
        429 => true,
        502..=504 => is_idempotent(method),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_ceiling_with_jitter() {
        let policy = RetryPolicy { initial_backoff: Duration::from_millis(100), max_backoff: Duration::from_millis(350), ..RetryPolicy::default() };
        for _ in 0..100 {
            assert!(policy.backoff(1) <= Duration::from_millis(100));
            assert!(policy.backoff(2) <= Duration::from_millis(200));
            assert!(policy.backoff(5) <= Duration::from_millis(350));
        }
    }

    #[test]
    fn only_idempotent_methods_retry_gateway_errors() {
        assert!(retryable_status(StatusCode::TOO_MANY_REQUESTS, &Method::POST));
        assert!(retryable_status(StatusCode::SERVICE_UNAVAILABLE, &Method::GET));
        assert!(!retryable_status(StatusCode::SERVICE_UNAVAILABLE, &Method::POST));
        assert!(!retryable_status(StatusCode::INTERNAL_SERVER_ERROR, &Method::GET));
    }
}
