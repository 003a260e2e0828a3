//! A successful response, decoded by the generated method into its declared type.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use crate::codec::Decode;
use crate::codec::{Deviation, Side};
use crate::codec::{decode_all, decode_into, decode_item, DecodeFailure};
use crate::codec::{ByDecode, BySerde, List, Mode, Slot, Destination};
use crate::transport::deprecation::Deprecation;
use crate::error::Error;
use crate::Result;

/// A 2xx response with its body read.
#[doc(hidden)]
#[derive(Debug)]
pub struct Response {
    /// The operationId.
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) strict: bool,
    /// The body, when it is left for the caller to stream ([`Call::stream`](crate::Call::stream)).
    pub(crate) unread: Option<reqwest::Response>,
}

/// Why one item of a list page cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("item {index} of the page: {source}")]
struct ItemError {
    index: usize,
    #[source]
    source: DecodeFailure,
}

/// A successful call's value with the response it came from: status, headers, and the values
/// off the spec that lenient decoding repaired.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiResponse<T> {
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub value: T,
    /// Values that did not match the spec, and how each was repaired (empty when all matched).
    pub deviations: Vec<Deviation>,
}

impl<T> ApiResponse<T> {
    /// The decoded body.
    pub fn into_value(self) -> T {
        self.value
    }

    /// What the server said about this operation's retirement (`X-Deprecated`, `Deprecation`,
    /// `Sunset`), when it said anything; the client logs it once per operation as well.
    pub fn deprecation(&self) -> Option<Deprecation> {
        Deprecation::from_headers(&self.headers)
    }

    /// `X-Total-Count`: how many items a list has in all (sent when the call asks with `count=true`).
    pub fn total_count(&self) -> Option<u64> {
        total_count(&self.headers)
    }
}

/// `X-Total-Count` of `headers`.
fn total_count(headers: &HeaderMap) -> Option<u64> {
    headers.get("x-total-count")?.to_str().ok()?.trim().parse().ok()
}

impl Response {
    /// `X-Total-Count`: how many items the list has in all.
    pub(crate) fn total_count(&self) -> Option<u64> {
        total_count(&self.headers)
    }

    pub(crate) fn wrap<T>(self, value: T, deviations: Vec<Deviation>) -> ApiResponse<T> {
        ApiResponse { status: self.status, headers: self.headers, value, deviations }
    }

    /// Decodes the body as JSON into `T`, leniently unless the client is strict.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] with the body kept when it does not decode.
    pub fn json<T: Decode>(self) -> Result<ApiResponse<T>> {
        self.json_as::<T, ByDecode>(false)
    }

    /// Like [`json`](Self::json), into a caller's serde type, an empty body read as JSON `null`:
    /// for generic calls, whose responses no spec describes.
    pub(crate) fn json_allowing_empty<T: serde::de::DeserializeOwned>(self) -> Result<ApiResponse<T>> {
        self.json_as::<T, BySerde>(true)
    }

    fn json_as<T, M: Mode<T>>(self, empty_is_null: bool) -> Result<ApiResponse<T>> {
        let mut slot = Slot::<T, M>::new();
        match (self.fill(&mut slot, empty_is_null), slot.take()) {
            (Ok(deviations), Some(value)) => Ok(self.wrap(value, deviations)),
            (Ok(_), None) => Err(self.nothing_decoded()),
            (Err(error), _) => Err(error),
        }
    }

    /// Decodes the body into `target`, leniently unless the client is strict.
    fn fill(&self, target: &mut dyn Destination, empty_is_null: bool) -> Result<Vec<Deviation>> {
        // A status that has no body is never decoded as one: it is JSON `null`, which a type that
        // can be empty (`()`, `Option`, `Value`) takes, and the others report.
        let no_body = self.has_no_body() || (empty_is_null && self.body.is_empty());
        let body: &[u8] = if no_body { b"null" } else { &self.body };
        decode_into(self.operation, body, Side::Response, self.strict, target).map_err(|source| self.decode_error(source))
    }

    /// What a target that decoded without error and holds no value is: never met.
    #[cold]
    fn nothing_decoded(&self) -> Error {
        self.decode_error(Box::new(<serde_json::Error as serde::de::Error>::custom("the decoder gave no value")))
    }

    /// [`Error::Decode`] of this response's body.
    fn decode_error(&self, source: Box<dyn std::error::Error + Send + Sync>) -> Error {
        Error::Decode { operation: self.operation, status: self.status, source, body: self.body.clone() }
    }

    /// The body as JSON into `T`, or `None` for a response without one (204, 205, or an empty
    /// body), for operations that declare both.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] with the body kept when a body is there and does not decode.
    pub fn json_or_empty<T: Decode>(self) -> Result<ApiResponse<Option<T>>> {
        if self.is_empty() {
            return Ok(self.wrap(None, Vec::new()));
        }
        let ApiResponse { status, headers, value, deviations } = self.json::<T>()?;
        Ok(ApiResponse { status, headers, value: Some(value), deviations })
    }

    /// Whether the response has no body: its status gives none (204, 205), or it is empty.
    pub(crate) fn is_empty(&self) -> bool {
        self.has_no_body() || self.body.is_empty()
    }

    /// Whether the status is one HTTP gives no body.
    fn has_no_body(&self) -> bool {
        matches!(self.status, StatusCode::NO_CONTENT | StatusCode::RESET_CONTENT)
    }

    /// One page of a list into `list`, each item decoded on its own: an item that cannot be read
    /// even leniently is an [`Error::Decode`] in its place, holding the item, and the other items
    /// are kept. Gives what was repaired, and the last item as it came when `last` is asked for.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] with the body kept when the body is not a JSON array.
    pub(crate) fn page_into(&self, list: &mut dyn List, last: bool) -> Result<(Vec<Deviation>, Option<serde_json::Value>)> {
        if !last && decode_all(&self.body, list) {
            return Ok((Vec::new(), None));
        }
        let mut items: Vec<serde_json::Value> =
            serde_json::from_slice(&self.body).map_err(|source| self.decode_error(Box::new(source)))?;
        let deviations = self.decode_items(&items, list);
        Ok((deviations, items.pop()))
    }

    /// Each item decoded on its own into `list`, leniently unless the client is strict: an item
    /// that cannot be read is an [`Error::Decode`] in its place, holding the item.
    fn decode_items(&self, items: &[serde_json::Value], list: &mut dyn List) -> Vec<Deviation> {
        let (operation, status) = (self.operation, self.status);
        let mut deviations = Vec::new();
        for (index, item) in items.iter().enumerate() {
            match decode_item(operation, index, item, self.strict, list.next()) {
                Ok(repaired) => {
                    list.keep();
                    deviations.extend(repaired);
                }
                Err(source) => {
                    let body = Bytes::from(item.to_string());
                    list.push_error(Error::Decode { operation, status, source: Box::new(ItemError { index, source }), body });
                }
            }
        }
        deviations
    }

    /// The body as UTF-8 text.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] with the body kept when it is not UTF-8.
    pub fn text(self) -> Result<ApiResponse<String>> {
        match std::str::from_utf8(&self.body) {
            Ok(text) => {
                let text = text.to_owned();
                Ok(self.wrap(text, Vec::new()))
            }
            Err(e) => Err(Error::Decode { operation: self.operation, status: self.status, source: Box::new(e), body: self.body }),
        }
    }

    /// The body as bytes.
    ///
    /// # Errors
    ///
    /// None; the signature matches the other decoders.
    pub fn bytes(self) -> Result<ApiResponse<Bytes>> {
        let body = self.body.clone();
        Ok(self.wrap(body, Vec::new()))
    }

    /// Accepts a response whose body the spec does not describe.
    ///
    /// # Errors
    ///
    /// None; the signature matches the other decoders.
    pub fn empty(self) -> Result<ApiResponse<()>> {
        Ok(self.wrap((), Vec::new()))
    }
}
