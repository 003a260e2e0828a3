//! Paging through `limit`/`offset` lists as one stream of items.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use futures_util::Stream;

use super::decode::Deviation;
use super::response::ApiResponse;
use super::Result;

/// The page size when the caller sets none: SailPoint's maximum.
pub const DEFAULT_PAGE_SIZE: i64 = 250;

/// Every item of a paged list, as a stream: `while let Some(item) = stream.next().await`, with
/// no `pin!` needed. Between items it tells how far it got: the total the server announced
/// ([`total_count`](Self::total_count)), the pages fetched, and the values off the spec that
/// lenient decoding repaired on the way ([`deviations`](Self::deviations)).
#[must_use = "a stream does nothing until it is polled"]
pub struct Paginated<'a, T> {
    items: Pin<Box<dyn Stream<Item = Result<T>> + Send + 'a>>,
    progress: Arc<Mutex<Progress>>,
}

/// What the pages fetched so far said.
#[derive(Debug, Default)]
pub(crate) struct Progress {
    total_count: Option<u64>,
    pages: u64,
    deviations: Vec<Deviation>,
}

impl Progress {
    /// One more page, with the total it announced and what was repaired in it.
    pub(crate) fn record(&mut self, total_count: Option<u64>, deviations: Vec<Deviation>) {
        self.pages += 1;
        self.total_count = total_count.or(self.total_count);
        self.deviations.extend(deviations);
    }
}

impl<T> fmt::Debug for Paginated<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_progress(|p| f.debug_struct("Paginated").field("total_count", &p.total_count).field("pages", &p.pages).finish_non_exhaustive())
    }
}

impl<'a, T> Paginated<'a, T> {
    /// The stream of `items`, reporting through `progress`.
    pub(crate) fn new(items: impl Stream<Item = Result<T>> + Send + 'a, progress: Arc<Mutex<Progress>>) -> Self {
        Paginated { items: Box::pin(items), progress }
    }

    fn with_progress<R>(&self, f: impl FnOnce(&Progress) -> R) -> R {
        // Plain counts and a list, valid even if a holder panicked.
        f(&self.progress.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// `X-Total-Count` of the last page fetched: how many items the list has in all, when the
    /// server said (streams ask with `count=true` where the operation has it).
    pub fn total_count(&self) -> Option<u64> {
        self.with_progress(|p| p.total_count)
    }

    /// How many pages were fetched so far.
    pub fn pages(&self) -> u64 {
        self.with_progress(|p| p.pages)
    }

    /// The values off the spec repaired in the items so far, and how.
    pub fn deviations(&self) -> Vec<Deviation> {
        self.with_progress(|p| p.deviations.clone())
    }
}

impl<T> Stream for Paginated<'_, T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        self.items.as_mut().poll_next(cx)
    }
}

/// A stream of the items of every page, fetching the next page when the last one is used up.
///
/// Paging stops at a page shorter than `limit`, or once `X-Total-Count` (asked for with
/// `count=true` where the operation has it) says every item was seen, so an exactly full last
/// page does not cost a request past the end. Both count the items the server sent, decoded or
/// not: an item that cannot be read even leniently is an [`Error::Decode`](crate::Error::Decode)
/// in its place, holding the item, and the stream goes on. A page that cannot be had (a request
/// error, a non-2xx status, a body that is not a list) is an error after the items before it,
/// and ends the stream.
#[doc(hidden)]
pub fn paginate<'a, T, F, Fut>(limit: i64, offset: i64, fetch: F) -> Paginated<'a, T>
where
    T: Send + 'a,
    F: FnMut(i64, i64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<ApiResponse<Vec<Result<T>>>>> + Send + 'a,
{
    let limit = if limit > 0 { limit } else { DEFAULT_PAGE_SIZE };
    let progress = Arc::new(Mutex::new(Progress::default()));
    let record = Arc::clone(&progress);
    let state = (fetch, offset, VecDeque::<Result<T>>::new(), false);
    let items = futures_util::stream::unfold(state, move |(mut fetch, mut offset, mut buffer, mut done)| {
        let record = Arc::clone(&record);
        async move {
            loop {
                if let Some(item) = buffer.pop_front() {
                    return Some((item, (fetch, offset, buffer, done)));
                }
                if done {
                    return None;
                }
                match fetch(offset, limit).await {
                    Err(e) => return Some((Err(e), (fetch, offset, buffer, true))),
                    Ok(page) => {
                        let total = page.total_count();
                        let count = i64::try_from(page.value.len()).unwrap_or(i64::MAX);
                        offset = offset.saturating_add(count);
                        done = count < limit || total.is_some_and(|t| u64::try_from(offset).is_ok_and(|o| o >= t));
                        record.lock().unwrap_or_else(PoisonError::into_inner).record(total, page.deviations);
                        buffer.extend(page.value);
                    }
                }
            }
        }
    });
    Paginated::new(items, progress)
}
