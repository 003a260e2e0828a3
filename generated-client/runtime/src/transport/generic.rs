//! A call to any method and path: for an endpoint the spec lacks, with everything a generated
//! operation gets (base URL, credentials, retries, timeouts, hooks, tracing, lenient decoding).

use std::borrow::Cow;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use http::Method;
use percent_encoding::utf8_percent_encode;

use crate::transport::client::Client;
use crate::error::Error;
use crate::transport::encoding::{ParamValue, COMPONENT};
use crate::transport::request::{OperationMeta, Request};
use crate::transport::response::ApiResponse;
use crate::transport::server::Server;
use crate::Result;

/// The name a generic call goes by in logs and errors unless given one.
pub const GENERIC_CALL: &str = "generic call";

/// A call built with [`Client::request`]. `.await` gives the body as JSON (`serde_json::Value`);
/// [`GenericCall::json`] decodes it into your type, leniently as generated operations do;
/// [`GenericCall::send`] gives the response around it.
#[must_use = "a call does nothing until it is sent"]
pub struct GenericCall<'a> {
    client: &'a Client,
    request: Request,
}

impl fmt::Debug for GenericCall<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operation = &self.request.operation;
        f.debug_struct("GenericCall").field("method", &operation.method).field("path", &self.request.template).finish_non_exhaustive()
    }
}

impl Client {
    /// A call of `method` to `path` on `server`'s API (`&isc::SERVER`), appended to that API's
    /// base URL as a generated operation's path is. `{name}` placeholders in the path are filled
    /// with [`GenericCall::path_param`], each value one percent-encoded segment.
    pub fn request(&self, server: &'static Server, method: Method, path: impl Into<String>) -> GenericCall<'_> {
        let template: String = path.into();
        let operation = OperationMeta {
            id: GENERIC_CALL,
            server,
            method,
            path_template: "",
            accept: Some("application/json"),
            experimental: false,
            errors: &[],
            authenticated: true,
        };
        let request = Request::for_operation(Cow::Owned(operation), Cow::Owned(template.clone()), template, None);
        GenericCall { client: self, request }
    }
}

impl<'a> GenericCall<'a> {
    /// Names the call in logs, traces and errors (`"getBetaWidgets"`), instead of `generic call`.
    pub fn operation_id(mut self, id: &'static str) -> Self {
        self.request.operation.to_mut().id = id;
        self
    }

    /// Fills the `{name}` placeholder of the path with `value`, as one percent-encoded segment.
    pub fn path_param(mut self, name: &'static str, value: impl ParamValue) -> Self {
        let placeholder = format!("{{{name}}}");
        let value = value.to_param();
        let filled = if !self.request.path.contains(&placeholder) {
            Err(format!("the path `{}` has no `{placeholder}`", self.request.template))
        } else if value.is_empty() || value == "." || value == ".." {
            Err(format!("`{value}` cannot be a path segment"))
        } else {
            Ok(self.request.path.replace(&placeholder, &utf8_percent_encode(&value, COMPONENT).to_string()))
        };
        match filled {
            Ok(path) => self.request.path = path,
            Err(reason) => self.request.fail_on(Err(Error::InvalidParameter { name, reason })),
        }
        self
    }

    /// Adds one `name=value` query pair, both percent-encoded.
    pub fn query(mut self, name: &str, value: impl ParamValue) -> Self {
        self.request.query(name, &value);
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: &'static str, value: impl ParamValue) -> Self {
        self.request.header(name, &value);
        self
    }

    /// Sends `body` as JSON (`application/json`).
    pub fn json_body<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.request.json_body("application/json", body);
        self
    }

    /// Sends `body` as JSON with another media type (`application/json-patch+json`).
    pub fn json_body_as<B: serde::Serialize + ?Sized>(mut self, content_type: &'static str, body: &B) -> Self {
        self.request.json_body(content_type, body);
        self
    }

    /// Sends the call without credentials, for an endpoint that takes none.
    pub fn without_credentials(mut self) -> Self {
        self.request.operation.to_mut().authenticated = false;
        self
    }

    /// Sends the call and decodes the body into `T` leniently (values off `T` are repaired and
    /// reported in [`ApiResponse::deviations`]); an empty body is JSON `null`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when a placeholder of the path was left unfilled, and
    /// otherwise as a generated operation: [`Error::Api`] for a non-2xx status (with the raw body)
    /// and the other variants when it cannot be sent or read.
    pub async fn send<T: serde::de::DeserializeOwned>(self) -> Result<ApiResponse<T>> {
        let request = self.request.into_result()?;
        if request.path.contains('{') {
            return Err(Error::InvalidParameter { name: "path", reason: format!("`{}` has a placeholder that was not filled", request.template) });
        }
        self.client.send(&request).await?.json_allowing_empty()
    }

    /// Sends the call and decodes the body into `T`, leniently.
    ///
    /// # Errors
    ///
    /// As [`GenericCall::send`].
    pub async fn json<T: serde::de::DeserializeOwned>(self) -> Result<T> {
        self.send().await.map(ApiResponse::into_value)
    }
}

impl<'a> IntoFuture for GenericCall<'a> {
    type Output = Result<serde_json::Value>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<serde_json::Value>> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.json())
    }
}
