//! A response body read as it arrives: [`Call::stream`](crate::Call::stream) gives a
//! [`Download`], a stream of chunks with no size limit, for a report export or a ZIP that should
//! not be held in memory whole.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use http::{HeaderMap, StatusCode};
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::error::Error;
use crate::Result;

/// A successful response whose body has not been read: its status and headers, and its body
/// as a [`Stream`] of chunks in the order they arrive.
///
/// The request was sent, retried and authenticated as any call's is; what comes after the
/// status line is the caller's to read, at its own pace and without
/// [`max_response_bytes`](crate::ClientConfig::max_response_bytes). A connection that fails
/// mid-body is an [`Error::Transport`] in the stream (a body half read is not sent again), and
/// the stream ends. The call's timeout ([`Call::timeout`](crate::Call::timeout), else the
/// client's) covers the whole body: give a long download a long one.
#[must_use = "a download does nothing until its body is read"]
pub struct Download {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    chunks: Pin<Box<dyn Stream<Item = Result<Bytes>> + Send>>,
}

impl Download {
    pub(crate) fn new(operation: &'static str, response: reqwest::Response) -> Self {
        let (status, headers) = (response.status(), response.headers().clone());
        let chunks = futures_util::stream::unfold(Some(response), move |response| async move {
            let mut response = response?;
            match response.chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
                Ok(None) => None,
                Err(source) => Some((Err(Error::Transport { operation, source }), None)),
            }
        });
        Download { operation, status, headers, chunks: Box::pin(chunks) }
    }

    /// A body already read, streamed from memory as one chunk.
    pub(crate) fn from_bytes(operation: &'static str, status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        let chunks = futures_util::stream::iter((!body.is_empty()).then_some(Ok(body)));
        Download { operation, status, headers, chunks: Box::pin(chunks) }
    }

    /// The response's status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response's headers (`Content-Type`, `Content-Disposition`, ...).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body's length, when the server said it (`Content-Length`).
    pub fn content_length(&self) -> Option<u64> {
        self.headers.get(http::header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
    }

    /// The next chunk of the body; `None` after the last.
    ///
    /// # Errors
    ///
    /// [`Error::Transport`] when the connection fails before the body ends.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>> {
        self.chunks.next().await.transpose()
    }

    /// Writes the rest of the body to `out` chunk by chunk, flushes it, and returns how many
    /// bytes were written: `call.stream().await?.write_to(&mut file).await?`.
    ///
    /// # Errors
    ///
    /// [`Error::Transport`] when the connection fails before the body ends, and
    /// [`Error::Write`] when `out` refuses a chunk.
    pub async fn write_to<W: AsyncWrite + Unpin + ?Sized>(mut self, out: &mut W) -> Result<u64> {
        let mut written = 0u64;
        let operation = self.operation;
        while let Some(chunk) = self.chunk().await? {
            out.write_all(&chunk).await.map_err(|source| Error::Write { operation, source })?;
            written += chunk.len() as u64;
        }
        out.flush().await.map_err(|source| Error::Write { operation, source })?;
        Ok(written)
    }
}

impl Stream for Download {
    type Item = Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download").field("operation", &self.operation).field("status", &self.status).field("headers", &self.headers).finish_non_exhaustive()
    }
}
