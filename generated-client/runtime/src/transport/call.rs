//! One operation call, built and ready to send: `.await` it for the value, or
//! `.with_response().await` for the response around it.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use crate::transport::client::Client;
use crate::transport::download::Download;
use crate::transport::options::CallOptions;
use crate::transport::request::Request;
use crate::transport::response::{ApiResponse, Response};
use crate::retry::RetryPolicy;
use crate::Result;

/// Turns a successful response into the operation's value.
type Decoder<T> = fn(Response) -> Result<ApiResponse<T>>;

/// An operation call: its request was built (and checked) when the method was called, so it
/// borrows nothing but the client. Nothing is sent until it is awaited: `.await` gives the
/// value, `.with_response().await` the value with the response's status, headers and the values
/// off the spec that were repaired.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T> {
    client: &'a Client,
    /// Held whole, an error met building it included, so that sending borrows it where the
    /// call's future holds it rather than moving it into one more place.
    request: Request,
    decode: Decoder<T>,
}

impl<T> fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call").field("operation", &self.request.operation.id).field("client", self.client).finish()
    }
}

impl<'a, T> Call<'a, T> {
    /// A call of `request` (an error met while building it is returned when the call is awaited).
    #[doc(hidden)]
    pub fn new(client: &'a Client, decode: Decoder<T>, request: Request) -> Self {
        Call { client, request, decode }
    }

    /// This call's request timeout, in place of the client's (`ClientConfig::timeout`,
    /// [`Client::with_timeout`]): `.timeout(Duration::from_secs(300))` for an export that takes
    /// minutes. Each attempt has the whole timeout.
    pub fn timeout(self, timeout: Duration) -> Self {
        self.with_options(|options| {
            options.timeout = Some(timeout);
            Ok(())
        })
    }

    /// This call's retry policy, in place of the client's: `RetryPolicy::none()` for a call
    /// that must not be repeated, or `RetryPolicy { idempotent: true, ..RetryPolicy::default() }`
    /// for a POST the caller knows is safe to send twice.
    pub fn retry(self, policy: RetryPolicy) -> Self {
        self.with_options(|options| {
            options.retry = Some(policy);
            Ok(())
        })
    }

    /// Sends header `name: value` with this call, after the operation's own headers (replacing
    /// one of the same name; a name given twice is sent twice). Checked before anything is
    /// sent: a name or value a header cannot have, or a header the client writes itself
    /// (`Authorization`, `Content-Type`, `Content-Length`, `Host`, ...), makes the call fail with
    /// [`Error::InvalidHeader`](crate::Error::InvalidHeader) when awaited.
    pub fn header(self, name: &str, value: &str) -> Self {
        self.with_options(|options| options.add_header(name, value))
    }

    /// This call with its options changed; a change that fails is the call's error.
    fn with_options(mut self, change: impl FnOnce(&mut CallOptions) -> Result<()>) -> Self {
        if self.request.error.is_none() {
            let changed = change(&mut self.request.options);
            self.request.fail_on(changed);
        }
        self
    }

    /// Sends the request and, on success, gives the response with its body unread, to be read
    /// as a stream of chunks as it arrives: no size limit, and memory for one chunk at a time.
    /// For an export, a report or a file: `let mut file = tokio::fs::File::create(path).await?;
    /// call.timeout(Duration::from_secs(3600)).stream().await?.write_to(&mut file).await?`.
    /// Retries, authentication and errors are as for `.await`; the operation's typed value is
    /// not decoded.
    ///
    /// # Errors
    ///
    /// As the operation's method says, for everything up to the body: an unsuccessful status
    /// is read whole and is [`Error::Api`](crate::Error::Api) as usual.
    pub async fn stream(self) -> Result<Download> {
        self.client.send_streamed(self.request.into_result()?).await
    }

    /// The client and the request, for a stream that sends it as one of its pages.
    pub(crate) fn into_parts(self) -> (&'a Client, Result<Request>) {
        (self.client, self.request.into_result())
    }

    /// Sends the request and returns the value with the response's status and headers, and the
    /// values off the spec that were repaired.
    ///
    /// # Errors
    ///
    /// As the operation's method says: [`Error::Api`](crate::Error::Api) for a non-2xx status, and
    /// the other [`Error`](crate::Error) variants when it cannot be sent or read.
    pub async fn with_response(mut self) -> Result<ApiResponse<T>> {
        if let Some(error) = self.request.error.take() {
            return Err(error);
        }
        let response = self.client.send(&self.request).await?;
        (self.decode)(response)
    }
}

impl<'a, T: 'a> IntoFuture for Call<'a, T> {
    type Output = Result<T>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

    fn into_future(mut self) -> Self::IntoFuture {
        // The send awaited here rather than through `with_response`: every async level keeps
        // its own copy of the future it awaits, and moves it in.
        Box::pin(async move {
            if let Some(error) = self.request.error.take() {
                return Err(error);
            }
            let response = self.client.send(&self.request).await?;
            (self.decode)(response).map(ApiResponse::into_value)
        })
    }
}
