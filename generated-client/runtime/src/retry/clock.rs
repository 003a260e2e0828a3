//! Time as the client sees it: when a token is due for refresh, how long a call has taken, how
//! long to wait before a retry or for the rate limit. Injectable, so that tests of retries,
//! refresh and rate limiting run on a paused clock while HTTP itself runs on real time.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

/// A future that completes once a wait is over.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The source of time and waiting for a [`Client`](crate::Client).
pub trait Clock: Send + Sync + 'static {
    /// Now, on a monotonic clock.
    fn now(&self) -> Instant;
    /// Now, as wall-clock time (for a `Retry-After` given as a date).
    fn system_time(&self) -> SystemTime;
    /// Waits until `deadline`; at once when it has passed.
    fn sleep_until(&self, deadline: Instant) -> Sleep;
}

/// The default clock: tokio's, so a test on tokio's paused time controls it too.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioClock;

impl Clock for TokioClock {
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }

    fn system_time(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep_until(&self, deadline: Instant) -> Sleep {
        Box::pin(tokio::time::sleep_until(deadline.into()))
    }
}

/// A clock that only moves when told to, or when something sleeps on it: a sleep returns at
/// once, having moved the clock to its deadline unless the clock is past it already, so waits
/// that end at the same time end together. Time spent waiting is then exact and free, while
/// requests still run on real time.
///
/// Clones share one time, so a test server can read the clock the client waits on.
#[derive(Debug, Clone)]
pub struct PausedClock {
    start: Instant,
    start_system: SystemTime,
    state: Arc<Mutex<PausedState>>,
}

#[derive(Debug, Default)]
struct PausedState {
    elapsed: Duration,
    slept: Duration,
    sleeps: u64,
}

impl Default for PausedClock {
    fn default() -> Self {
        Self::new()
    }
}

impl PausedClock {
    /// A clock paused at the current time.
    pub fn new() -> Self {
        PausedClock { start: Instant::now(), start_system: SystemTime::now(), state: Arc::new(Mutex::new(PausedState::default())) }
    }

    fn with_state<T>(&self, f: impl FnOnce(&mut PausedState) -> T) -> T {
        // The state is plain numbers, valid even if a holder panicked.
        f(&mut self.state.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Moves the clock forward by `duration`.
    pub fn advance(&self, duration: Duration) {
        self.with_state(|state| state.elapsed += duration);
    }

    /// How far the clock has moved since it was made.
    pub fn elapsed(&self) -> Duration {
        self.with_state(|state| state.elapsed)
    }

    /// How many sleeps it has served, and their total length.
    pub fn sleeps(&self) -> (u64, Duration) {
        self.with_state(|state| (state.sleeps, state.slept))
    }
}

impl Clock for PausedClock {
    fn now(&self) -> Instant {
        self.start + self.elapsed()
    }

    fn system_time(&self) -> SystemTime {
        self.start_system + self.elapsed()
    }

    fn sleep_until(&self, deadline: Instant) -> Sleep {
        let end = deadline.saturating_duration_since(self.start);
        self.with_state(|state| {
            state.sleeps += 1;
            state.slept += end.saturating_sub(state.elapsed);
            state.elapsed = state.elapsed.max(end);
        });
        Box::pin(std::future::ready(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_paused_clock_moves_only_by_advancing_or_sleeping() {
        let clock = PausedClock::new();
        let before = clock.now();
        clock.sleep_until(before + Duration::from_secs(3)).await;
        clock.sleep_until(before + Duration::from_secs(3)).await;
        clock.advance(Duration::from_secs(2));
        clock.sleep_until(before + Duration::from_secs(4)).await;
        assert_eq!(clock.now() - before, Duration::from_secs(5));
        assert_eq!(clock.sleeps(), (3, Duration::from_secs(3)));
        assert_eq!(clock.clone().elapsed(), Duration::from_secs(5));
    }
}
