//! A successful response, decoded by the generated method into its declared type.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use super::decode::{decode, Deviation};
use super::error::Error;
use super::request::OperationMeta;
use super::Result;

/// A 2xx response with its body read.
#[doc(hidden)]
#[derive(Debug)]
pub struct Response {
    pub(crate) operation: &'static OperationMeta,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) strict: bool,
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

    /// `X-Total-Count`: how many items a list has in all (sent when the call asks with `count=true`).
    pub fn total_count(&self) -> Option<u64> {
        self.headers.get("x-total-count")?.to_str().ok()?.trim().parse().ok()
    }
}

impl Response {
    fn wrap<T>(self, value: T, deviations: Vec<Deviation>) -> ApiResponse<T> {
        ApiResponse { status: self.status, headers: self.headers, value, deviations }
    }

    /// Decodes the body as JSON into `T`, leniently unless the client is strict.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] with the body kept when it does not decode.
    pub fn json<T: serde::de::DeserializeOwned>(self) -> Result<ApiResponse<T>> {
        match decode::<T>(self.operation.id, &self.body, self.strict) {
            Ok((value, deviations)) => Ok(self.wrap(value, deviations)),
            Err(source) => Err(Error::Decode { operation: self.operation.id, status: self.status, source: Box::new(source), body: self.body }),
        }
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
            Err(e) => Err(Error::Decode { operation: self.operation.id, status: self.status, source: Box::new(e), body: self.body }),
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
