//! A successful response, decoded by the generated method into its declared type.

use bytes::Bytes;
use http::StatusCode;

use super::error::Error;
use super::request::OperationMeta;
use super::Result;

/// A 2xx response with its body read.
#[derive(Debug)]
pub struct Response {
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
    pub fn json<T: serde::de::DeserializeOwned>(self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            operation: self.operation.id,
            status: self.status,
            source: Box::new(source),
            body: self.body,
        })
    }

    /// The body as UTF-8 text.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] with the body kept when it is not UTF-8.
    pub fn text(self) -> Result<String> {
        match String::from_utf8(self.body.to_vec()) {
            Ok(text) => Ok(text),
            Err(e) => Err(Error::Decode { operation: self.operation.id, status: self.status, source: Box::new(e.utf8_error()), body: self.body }),
        }
    }

    /// The body as bytes.
    pub fn bytes(self) -> Result<Bytes> {
        Ok(self.body)
    }

    /// Accepts a response whose body the spec does not describe.
    pub fn empty(self) -> Result<()> {
        Ok(())
    }
}
