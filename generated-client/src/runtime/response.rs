//! A successful response, decoded by the generated method into its declared type.

use bytes::Bytes;
use http::StatusCode;

use super::error::Error;
use super::request::OperationMeta;
use super::Result;

/// A 2xx response with its body read.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) operation: &'static OperationMeta,
    pub(crate) status: StatusCode,
    pub(crate) body: Bytes,
}

impl Response {
    /// Decodes the body as JSON into `T`.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] with the body kept when it does not match `T`.
    pub(crate) fn json<T: serde::de::DeserializeOwned>(self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            operation: self.operation.id,
            status: self.status,
            source,
            body: self.body,
        })
    }

    /// Accepts a response whose body the spec does not describe.
    #[allow(dead_code, reason = "used by operations without a response body")]
    pub(crate) fn empty(self) -> Result<()> {
        Ok(())
    }
}
