//! Paging through `limit`/`offset` lists as one stream of items.

use std::collections::VecDeque;
use std::future::Future;

use futures_util::Stream;

use super::response::ApiResponse;
use super::Result;

/// The page size when the caller sets none: SailPoint's maximum.
pub const DEFAULT_PAGE_SIZE: i64 = 250;

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
pub fn paginate<T, F, Fut>(limit: i64, offset: i64, fetch: F) -> impl Stream<Item = Result<T>>
where
    F: FnMut(i64, i64) -> Fut,
    Fut: Future<Output = Result<ApiResponse<Vec<Result<T>>>>>,
{
    let limit = if limit > 0 { limit } else { DEFAULT_PAGE_SIZE };
    let state = (fetch, offset, VecDeque::<Result<T>>::new(), false);
    futures_util::stream::unfold(state, move |(mut fetch, mut offset, mut buffer, mut done)| async move {
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
                    let items = page.value;
                    let count = i64::try_from(items.len()).unwrap_or(i64::MAX);
                    offset = offset.saturating_add(count);
                    done = count < limit || total.is_some_and(|t| u64::try_from(offset).is_ok_and(|o| o >= t));
                    buffer.extend(items);
                }
            }
        }
    })
}
