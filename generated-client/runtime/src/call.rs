//! One operation call, built and ready to send: `.await` it for the value, or
//! `.with_response().await` for the response around it.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use super::client::Client;
use super::request::Request;
use super::response::{ApiResponse, Response};
use super::Result;

/// Turns a successful response into the operation's value.
type Decoder<T> = fn(Response) -> Result<ApiResponse<T>>;

/// An operation call: its request was built (and checked) when the method was called, so it
/// borrows nothing but the client. Nothing is sent until it is awaited: `.await` gives the
/// value, `.with_response().await` the value with the response's status, headers and the values
/// off the spec that were repaired.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T> {
    client: &'a Client,
    request: Result<Request>,
    decode: Decoder<T>,
}

impl<T> fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operation = self.request.as_ref().map(|r| r.operation.id);
        f.debug_struct("Call").field("operation", &operation.ok()).field("client", self.client).finish()
    }
}

impl<'a, T> Call<'a, T> {
    /// A call of `request` (an error met while building it is returned when the call is awaited).
    #[doc(hidden)]
    pub fn new(client: &'a Client, decode: Decoder<T>, request: Request) -> Self {
        Call { client, request: request.into_result(), decode }
    }

    /// The client and the request, for a stream that sends it as one of its pages.
    pub(crate) fn into_parts(self) -> (&'a Client, Result<Request>) {
        (self.client, self.request)
    }

    /// Sends the request and returns the value with the response's status and headers, and the
    /// values off the spec that were repaired.
    ///
    /// # Errors
    ///
    /// As the operation's method says: [`Error::Api`](crate::Error::Api) for a non-2xx status, and
    /// the other [`Error`](crate::Error) variants when it cannot be sent or read.
    pub async fn with_response(self) -> Result<ApiResponse<T>> {
        let request = self.request?;
        let response = self.client.send(request).await?;
        (self.decode)(response)
    }
}

impl<'a, T: 'a> IntoFuture for Call<'a, T> {
    type Output = Result<T>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.with_response().await.map(ApiResponse::into_value) })
    }
}
