//! Paging a search with `searchAfter` rather than `offset`, which servers such as SailPoint's
//! refuse past 10,000 results.
//!
//! Each page asks for the documents after the sort values of the last one received. The
//! caller's sort gets the document `id` as its last key, so documents that share every other
//! sort value (a timestamp) still have an order, and none is skipped or repeated at a page
//! boundary. Paging on one field alone, as other SDKs do, loses the documents that tie with the
//! last one of each page.

use crate::transport::call::Call;
use crate::paging::paginate::{Items, Pager, Paginated, Position};
use crate::codec::Decode;
use crate::codec::ByDecode;

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

/// Every document of a search, page after page with `searchAfter`, sorted by `sort` (with its
/// tie-break key), each decoded as the caller's `D` (a generated document type, or
/// `serde_json::Value`), leniently unless the client is strict.
///
/// `page(after, limit)` is the call for one page after the given sort values (`None` for the
/// first). Paging stops at a page shorter than `limit`, or once `X-Total-Count` says every
/// document was seen, so an exactly full last page costs no request past the end.
#[doc(hidden)]
pub fn search_after<'a, D, C, F>(limit: i64, sort: Vec<String>, mut page: F) -> Paginated<'a, D>
where
    D: Decode + Send + 'a,
    C: 'a,
    F: FnMut(Option<Vec<String>>, i64) -> Call<'a, C> + Send + 'a,
{
    let position = Position::After { after: None, sort, seen: 0, page: Box::new(move |after, limit| page(after, limit).into_parts()) };
    Items::<D, ByDecode>::stream(Pager::new(limit, false, position))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paging::paginate::sort_values;

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
