//! Client-side rate limiting, shaped like SailPoint's limit: at most so many requests in any
//! window of so long, shared by every clone of a client.
//!
//! Written here rather than taken from `governor`: its GCRA lets a full burst be followed by a
//! steady refill, which sends up to twice the limit within one window and draws the 429s a
//! window-counting server answers; and its waits run on its own timer, not the client's clock.

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::retry::clock::Clock;

/// At most `requests` requests in any window of `per` ([`ClientConfig::rate_limit`](crate::ClientConfig::rate_limit)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in one window.
    pub requests: u32,
    /// The window.
    pub per: Duration,
}

impl RateLimit {
    /// SailPoint's limit for one access token: 100 requests per 10 seconds.
    pub const SAILPOINT: RateLimit = RateLimit { requests: 100, per: Duration::from_secs(10) };

    /// At most `requests` requests in any window of `per`.
    pub fn new(requests: u32, per: Duration) -> Self {
        RateLimit { requests, per }
    }
}

/// Requests in flight, and when each of the last ones finished. A request counts against the
/// window from when it is sent until a window after its response arrived: the server saw it no
/// later than that, so however long the network took, the server never counts more than the
/// limit. Callers queue for their turn, so a burst beyond the limit is served in order.
#[derive(Debug)]
pub(crate) struct Limiter {
    limit: RateLimit,
    window: Mutex<Window>,
    turn: tokio::sync::Mutex<()>,
    finished: tokio::sync::Notify,
}

#[derive(Debug, Default)]
struct Window {
    in_flight: usize,
    finished_at: VecDeque<Instant>,
}

/// A request's place in the window, given back when its response has arrived.
pub(crate) struct Permit<'a> {
    limiter: &'a Limiter,
    clock: &'a dyn Clock,
}

impl Limiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        Limiter { limit, window: Mutex::default(), turn: tokio::sync::Mutex::new(()), finished: tokio::sync::Notify::new() }
    }

    fn with_window<T>(&self, f: impl FnOnce(&mut Window) -> T) -> T {
        // The window is plain counts and times, valid even if a holder panicked.
        f(&mut self.window.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Waits until one more request stays within the limit.
    pub(crate) async fn acquire<'a>(&'a self, clock: &'a dyn Clock) -> Permit<'a> {
        let capacity = usize::try_from(self.limit.requests.max(1)).unwrap_or(usize::MAX);
        let _turn = self.turn.lock().await;
        loop {
            let now = clock.now();
            let free_at = self.with_window(|window| {
                while window.finished_at.front().is_some_and(|t| now.saturating_duration_since(*t) >= self.limit.per) {
                    window.finished_at.pop_front();
                }
                if window.in_flight + window.finished_at.len() < capacity {
                    window.in_flight += 1;
                    return Ok(());
                }
                Err(window.finished_at.front().map(|oldest| *oldest + self.limit.per))
            });
            match free_at {
                Ok(()) => return Permit { limiter: self, clock },
                Err(Some(at)) => {
                    tracing::debug!(wait_ms = at.saturating_duration_since(now).as_millis() as u64, "waiting for the rate limit");
                    clock.sleep_until(at).await;
                }
                // Every place is taken by a request in flight: wait for one to finish.
                Err(None) => self.finished.notified().await,
            }
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let now = self.clock.now();
        self.limiter.with_window(|window| {
            window.in_flight = window.in_flight.saturating_sub(1);
            window.finished_at.push_back(now);
        });
        self.limiter.finished.notify_one();
    }
}
