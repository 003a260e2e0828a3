//! Paging a search with `searchAfter` rather than `offset`, which servers such as SailPoint's
//! refuse past 10,000 results.
//!
//! Each page asks for the documents after the sort values of the last one received. The
//! caller's sort gets the document `id` as its last key, so documents that share every other
//! sort value (a timestamp) still have an order, and none is skipped or repeated at a page
//! boundary. Paging on one field alone, as other SDKs do, loses the documents that tie with the
//! last one of each page.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::Error;
use super::paginate::{Paginated, Progress};
use super::response::{ApiResponse, Response};
use super::Result;

/// The key that breaks ties between documents equal on every key the caller sorts by.
pub const TIE_BREAK: &str = "id";

/// The caller's sort with the tie-break key appended unless it sorts by it already
/// (`["-created"]` becomes `["-created", "id"]`).
pub fn sort_with_tie_break(sort: Option<&[String]>) -> Vec<String> {
    let mut keys: Vec<String> = sort.unwrap_or_default().to_vec();
    if !keys.iter().any(|key| key.trim_start_matches(['-', '+']) == TIE_BREAK) {
        keys.push(TIE_BREAK.to_owned());
    }
    keys
}

/// One page of documents, each decoded on its own, with the `searchAfter` values of the last.
#[doc(hidden)]
#[derive(Debug)]
pub struct SearchPage<T> {
    items: Vec<Result<T>>,
    /// The last document's sort values, or why they cannot be had; `None` for an empty page.
    after: Option<std::result::Result<Vec<String>, String>>,
}

impl Response {
    /// The body as one page of a search sorted by `sort`.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] with the body kept when the body is not a JSON array.
    pub fn search_page<T: DeserializeOwned>(self, sort: &[String]) -> Result<ApiResponse<SearchPage<T>>> {
        let documents = self.json_values()?;
        let after = documents.last().map(|last| sort_values(last, sort));
        let (items, deviations) = self.decode_each(&documents);
        Ok(self.wrap(SearchPage { items, after }, deviations))
    }
}

/// The values of `document` for each sort key (a leading `-` or `+` is the direction, dots
/// walk into objects), as `searchAfter` takes them.
fn sort_values(document: &Value, sort: &[String]) -> std::result::Result<Vec<String>, String> {
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

/// Every document of a search, page after page with `searchAfter`.
///
/// `fetch(after, limit)` asks for one page after the given sort values (`None` for the first).
/// Paging stops at a page shorter than `limit`, or once `X-Total-Count` says every document was
/// seen, so an exactly full last page costs no request past the end.
#[doc(hidden)]
pub fn search_after<'a, T, F, Fut>(limit: i64, mut fetch: F) -> Paginated<'a, T>
where
    T: Send + 'a,
    F: FnMut(Option<Vec<String>>, i64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<ApiResponse<SearchPage<T>>>> + Send + 'a,
{
    let limit = if limit > 0 { limit } else { super::DEFAULT_PAGE_SIZE };
    let progress = Arc::new(Mutex::new(Progress::default()));
    let record = Arc::clone(&progress);
    let start = Cursor { after: None, seen: 0, buffer: VecDeque::new(), done: false };
    let items = futures_util::stream::unfold(start, move |mut cursor| {
        let record = Arc::clone(&record);
        let page = (!cursor.done && cursor.buffer.is_empty()).then(|| fetch(cursor.after.take(), limit));
        async move {
            if let Some(page) = page {
                match page.await {
                    Err(e) => {
                        cursor.done = true;
                        return Some((Err(e), cursor));
                    }
                    Ok(page) => cursor.take(page, limit, &record),
                }
            }
            let item = cursor.buffer.pop_front()?;
            Some((item, cursor))
        }
    });
    Paginated::new(items, progress)
}

/// Where a search stream is.
struct Cursor<T> {
    after: Option<Vec<String>>,
    seen: u64,
    buffer: VecDeque<Result<T>>,
    done: bool,
}

impl<T> Cursor<T> {
    /// Takes in one page and decides whether another follows.
    fn take(&mut self, page: ApiResponse<SearchPage<T>>, limit: i64, record: &Mutex<Progress>) {
        let total = page.total_count();
        let count = page.value.items.len();
        self.seen = self.seen.saturating_add(u64::try_from(count).unwrap_or(u64::MAX));
        let short = i64::try_from(count).unwrap_or(i64::MAX) < limit;
        self.done = short || total.is_some_and(|total| self.seen >= total);
        let mut progress = record.lock().unwrap_or_else(PoisonError::into_inner);
        progress.record(total, page.deviations);
        self.buffer.extend(page.value.items);
        match page.value.after {
            Some(Ok(after)) => self.after = Some(after),
            Some(Err(reason)) if !self.done => {
                self.done = true;
                self.buffer.push_back(Err(Error::InvalidParameter { name: "searchAfter", reason }));
            }
            _ => self.done = true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_breaks_ties_once() {
        assert_eq!(sort_with_tie_break(Some(&["-created".to_owned()])), ["-created", "id"]);
        assert_eq!(sort_with_tie_break(Some(&["name".to_owned(), "-id".to_owned()])), ["name", "-id"]);
        assert_eq!(sort_with_tie_break(None), ["id"]);
    }

    #[test]
    fn sort_values_follow_dotted_fields_and_name_what_is_missing() {
        let document = serde_json::json!({"id": "2c9", "created": "2026-01-01T00:00:00Z", "source": {"name": "HR"}, "n": 3});
        let keys = ["-created".to_owned(), "source.name".to_owned(), "n".to_owned(), "id".to_owned()];
        assert_eq!(sort_values(&document, &keys), Ok(vec!["2026-01-01T00:00:00Z".into(), "HR".into(), "3".into(), "2c9".into()]));
        assert!(sort_values(&document, &["modified".to_owned()]).is_err_and(|e| e.contains("`modified`")));
    }
}
