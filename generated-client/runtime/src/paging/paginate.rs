//! Paging through `limit`/`offset` lists as one stream of items.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{ready, Context, Poll};
use std::time::Duration;

use futures_util::Stream;
use serde_json::Value;

use crate::transport::call::Call;
use crate::transport::client::Client;
use crate::codec::Decode;
use crate::codec::Deviation;
use crate::error::Error;
use crate::transport::options::CallOptions;
use crate::transport::request::Request;
use crate::transport::response::Response;
use crate::retry::RetryPolicy;
use crate::codec::{ByDecode, ItemList, List, Mode};
use crate::Result;

/// The page size when the caller sets none: SailPoint's maximum.
pub const DEFAULT_PAGE_SIZE: i64 = 250;

/// Every item of a paged list, as a stream: `while let Some(item) = stream.next().await`, with
/// no `pin!` needed. Between items it tells how far it got: the total the server announced
/// ([`total_count`](Self::total_count)), the pages fetched, and the values off the spec that
/// lenient decoding repaired on the way ([`deviations`](Self::deviations)).
///
/// [`timeout`](Self::timeout), [`retry`](Self::retry) and [`header`](Self::header) apply to
/// every page's request, as [`Call`]'s do to one call.
#[must_use = "a stream does nothing until it is polled"]
pub struct Paginated<'a, T> {
    items: Pin<Box<dyn Stream<Item = Result<T>> + Send + 'a>>,
    progress: Arc<Mutex<Progress>>,
    options: Arc<Mutex<PageOptions>>,
}

/// What a stream sets for each of its pages, or why a header it was given cannot be sent.
#[derive(Debug, Default)]
pub(crate) struct PageOptions {
    options: CallOptions,
    invalid: Option<Error>,
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

impl<T> Paginated<'_, T> {
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

    fn with_options(self, change: impl FnOnce(&mut PageOptions)) -> Self {
        change(&mut self.options.lock().unwrap_or_else(PoisonError::into_inner));
        self
    }

    /// Each page's request timeout, in place of the client's (see [`Call::timeout`]).
    pub fn timeout(self, timeout: Duration) -> Self {
        self.with_options(|page| page.options.timeout = Some(timeout))
    }

    /// Each page's retry policy, in place of the client's (see [`Call::retry`]).
    pub fn retry(self, policy: RetryPolicy) -> Self {
        self.with_options(|page| page.options.retry = Some(policy))
    }

    /// Sends header `name: value` with every page's request (see [`Call::header`]); one that
    /// cannot be sent is the stream's first item, an
    /// [`Error::InvalidHeader`](crate::Error::InvalidHeader), and nothing is sent.
    pub fn header(self, name: &str, value: &str) -> Self {
        self.with_options(|page| {
            if let Err(e) = page.options.add_header(name, value) {
                page.invalid.get_or_insert(e);
            }
        })
    }
}

impl<T> Stream for Paginated<'_, T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        self.items.as_mut().poll_next(cx)
    }
}

/// What the list of a call of `C` holds: the items of a page, and whether a page may come
/// back empty (a 204 beside the 200) as a page of no items.
#[doc(hidden)]
pub trait PageOf {
    /// The item type.
    type Item;
    /// Whether an empty response is a page of no items rather than an error.
    const MAY_BE_EMPTY: bool;
}

impl<T> PageOf for Vec<T> {
    type Item = T;
    const MAY_BE_EMPTY: bool = false;
}

impl<T> PageOf for Option<Vec<T>> {
    type Item = T;
    const MAY_BE_EMPTY: bool = true;
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
pub fn paginate<'a, C, F>(limit: i64, offset: i64, mut page: F) -> Paginated<'a, C::Item>
where
    C: PageOf + 'a,
    C::Item: Decode + Send + 'a,
    F: FnMut(i64, i64) -> Call<'a, C> + Send + 'a,
{
    let position = Position::Offset { offset, page: Box::new(move |offset, limit| page(offset, limit).into_parts()) };
    Items::<C::Item, ByDecode>::stream(Pager::new(limit, C::MAY_BE_EMPTY, position))
}

/// A call's client and request, for one page.
pub(crate) type PageCall<'a> = (&'a Client, Result<Request>);

/// Where a stream is in its list, and how it asks for the next page.
pub(crate) enum Position<'a> {
    /// At `offset` items.
    Offset { offset: i64, page: Box<dyn FnMut(i64, i64) -> PageCall<'a> + Send + 'a> },
    /// After the sort values `after` (`None` before the first page), of a search sorted by
    /// `sort`, having seen `seen` documents.
    After { after: Option<Vec<String>>, sort: Vec<String>, seen: u64, page: Box<dyn FnMut(Option<Vec<String>>, i64) -> PageCall<'a> + Send + 'a> },
}

/// The pages of a list, one at a time: the part of a stream that does not depend on the item
/// type, compiled once.
pub(crate) struct Pager<'a> {
    limit: i64,
    may_be_empty: bool,
    position: Position<'a>,
    done: bool,
    in_flight: Option<Pin<Box<dyn Future<Output = Result<Response>> + Send + 'a>>>,
    progress: Arc<Mutex<Progress>>,
    options: Arc<Mutex<PageOptions>>,
}

impl<'a> Pager<'a> {
    pub(crate) fn new(limit: i64, may_be_empty: bool, position: Position<'a>) -> Self {
        let limit = if limit > 0 { limit } else { DEFAULT_PAGE_SIZE };
        Pager { limit, may_be_empty, position, done: false, in_flight: None, progress: Arc::default(), options: Arc::default() }
    }

    /// The next page, decoded into `list`; `None` after the last.
    fn poll_page(&mut self, cx: &mut Context<'_>, list: &mut dyn List) -> Poll<Option<Result<()>>> {
        let in_flight = match &mut self.in_flight {
            Some(in_flight) => in_flight,
            None if self.done => return Poll::Ready(None),
            None => {
                let (client, request) = match &mut self.position {
                    Position::Offset { offset, page } => page(*offset, self.limit),
                    Position::After { after, page, .. } => page(after.take(), self.limit),
                };
                let request = match self.with_page_options(request) {
                    Ok(request) => request,
                    Err(e) => return Poll::Ready(Some(Err(self.fail(e)))),
                };
                self.in_flight.insert(Box::pin(async move { client.send(&request).await }))
            }
        };
        let response = ready!(in_flight.as_mut().poll(cx));
        self.in_flight = None;
        Poll::Ready(Some(response.and_then(|response| self.take(&response, list)).map_err(|e| self.fail(e))))
    }

    /// A page's request with the stream's options: the stream builds it with none of its own.
    fn with_page_options(&self, request: Result<Request>) -> Result<Request> {
        let mut page = self.options.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(invalid) = page.invalid.take() {
            return Err(invalid);
        }
        let mut request = request?;
        request.options = page.options.clone();
        Ok(request)
    }

    fn fail(&mut self, error: Error) -> Error {
        self.done = true;
        error
    }

    /// Takes in one page and decides whether another follows.
    fn take(&mut self, response: &Response, list: &mut dyn List) -> Result<()> {
        let total = response.total_count();
        let searching = matches!(self.position, Position::After { .. });
        let (deviations, last) = if self.may_be_empty && response.is_empty() { (Vec::new(), None) } else { response.page_into(list, searching)? };
        let count = list.len();
        let short = i64::try_from(count).unwrap_or(i64::MAX) < self.limit;
        match &mut self.position {
            Position::Offset { offset, .. } => {
                *offset = offset.saturating_add(i64::try_from(count).unwrap_or(i64::MAX));
                self.done = short || total.is_some_and(|t| u64::try_from(*offset).is_ok_and(|o| o >= t));
            }
            Position::After { after, sort, seen, .. } => {
                *seen = seen.saturating_add(u64::try_from(count).unwrap_or(u64::MAX));
                self.done = short || total.is_some_and(|total| *seen >= total);
                match last.map(|last| sort_values(&last, sort)) {
                    Some(Ok(values)) => *after = Some(values),
                    Some(Err(reason)) if !self.done => {
                        self.done = true;
                        list.push_error(Error::InvalidParameter { name: "searchAfter", reason });
                    }
                    _ => self.done = true,
                }
            }
        }
        self.progress.lock().unwrap_or_else(PoisonError::into_inner).record(total, deviations);
        Ok(())
    }
}

/// The stream of the items of a list of `T`s (decoded through mode `M`), page after page.
pub(crate) struct Items<'a, T, M> {
    pager: Pager<'a>,
    page: std::vec::IntoIter<Result<T>>,
    mode: PhantomData<fn() -> M>,
}

impl<'a, T: Send + 'a, M: Mode<T> + 'a> Items<'a, T, M> {
    pub(crate) fn stream(pager: Pager<'a>) -> Paginated<'a, T> {
        let (progress, options) = (Arc::clone(&pager.progress), Arc::clone(&pager.options));
        Paginated { items: Box::pin(Items::<T, M> { pager, page: Vec::new().into_iter(), mode: PhantomData }), progress, options }
    }
}

// The stream is never pinned in place: its one future is boxed, and the rest is moved freely.
impl<T, M> Unpin for Items<'_, T, M> {}

impl<T, M: Mode<T>> Stream for Items<'_, T, M> {
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.page.next() {
                return Poll::Ready(Some(item));
            }
            let mut list = ItemList::<T, M>::new();
            match ready!(this.pager.poll_page(cx, &mut list)) {
                None => return Poll::Ready(None),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                Some(Ok(())) => this.page = list.into_items().into_iter(),
            }
        }
    }
}
/// The values of `document` for each sort key (a leading `-` or `+` is the direction, dots
/// walk into objects), as `searchAfter` takes them.
pub(crate) fn sort_values(document: &Value, sort: &[String]) -> std::result::Result<Vec<String>, String> {
    sort.iter()
        .map(|key| {
            let field = key.trim_start_matches(['-', '+']);
            let value = field.split('.').try_fold(document, |value, part| value.get(part));
            match value {
                Some(Value::String(text)) => Ok(text.clone()),
                Some(value @ (Value::Number(_) | Value::Bool(_))) => Ok(value.to_string()),
                _ => Err(format!("the last document of the page has no `{field}` to page after; sort by fields every document has")),
            }
        })
        .collect()
}

