//! Answers registered on a fake tenant, built from the very call the code under test makes:
//! `tenant.isc().sources().get_provisioning_policy_v1(id, UsageType::Create).returns(policy)`.

use std::marker::PhantomData;
use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderName, HeaderValue};

use super::fail;
use super::state::{Answered, Shared};
use crate::transport::call::Call;
use crate::codec::{serialize_with, Encode};

/// A value a fake tenant can send as a response body: what the call it answers returns (a
/// generated model, a list of them, `serde_json::Value`, `String` for a text response, `Bytes`,
/// or `()` for none).
pub trait Reply {
    /// The body and its media type; `None` for no body.
    fn into_body(self) -> Option<(Bytes, &'static str)>;
}

impl<T: Encode> Reply for T {
    fn into_body(self) -> Option<(Bytes, &'static str)> {
        let mut json = Vec::new();
        // As the server sends it: with the properties it alone sets (`id`, `created`).
        let written = serialize_with(&self, &mut serde_json::Serializer::new(&mut json), true);
        match written {
            Ok(()) => Some((Bytes::from(json), "application/json")),
            Err(error) => fail(&format!("the answer's body cannot be written as JSON: {error}")),
        }
    }
}

impl Reply for Bytes {
    fn into_body(self) -> Option<(Bytes, &'static str)> {
        Some((self, "application/octet-stream"))
    }
}

impl Reply for () {
    fn into_body(self) -> Option<(Bytes, &'static str)> {
        None
    }
}

/// An answer being built for one call: `.status(..)`, `.header(..)` and `.times(..)`, then
/// `.returns(body)` (or `.returns_json(..)`, `.fails(..)`) registers it.
///
/// A request is answered when it has the call's method and path (path parameters as the call
/// filled them) and at least the query parameters the call sets; its body is not compared
/// (assert it on [`FakeTenant::received`](super::FakeTenant::received)). The answer registered
/// last is tried first. A request with more query parameters than the call is answered too, so
/// answer a stream's pages by their `offset` (or each with `.times(1)`, in order).
#[must_use = "an answer is registered by `returns`, `returns_json` or `fails`"]
#[derive(Debug)]
pub struct Answer<T> {
    shared: Arc<Shared>,
    answer: Answered,
    accept: Option<&'static str>,
    body: PhantomData<fn(T)>,
}

impl<T: Reply> Answer<T> {
    /// Answers with this status rather than the first success status the spec declares.
    pub fn status(mut self, status: u16) -> Self {
        self.answer.status = status;
        self
    }

    /// Adds a response header (`X-Total-Count`, `Retry-After`).
    ///
    /// # Panics
    ///
    /// When the name or value is not a valid header's.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            (Ok(name), Ok(value)) => self.answer.headers.push((name, value)),
            _ => fail(&format!("`{name}: {value}` is not a valid header")),
        }
        self
    }

    /// Answers exactly `times` requests: after them the next answer (or the example) is used,
    /// and the tenant's verification fails unless all of them came.
    pub fn times(mut self, times: usize) -> Self {
        self.answer.times = Some(times);
        self
    }

    /// Registers the answer: `body`, of the type the call returns, as the operation sends it
    /// (JSON; the text itself for a text response; bytes with the operation's media type).
    pub fn returns(mut self, body: T) {
        if let Some((bytes, media_type)) = body.into_body() {
            match self.accept.filter(|accept| !is_json(accept)) {
                // A text or binary operation: sent as its media type says, and a text one's
                // `String`, which encodes as a JSON string, as the text itself.
                Some(accept) => {
                    let text = (media_type == "application/json").then(|| serde_json::from_slice::<String>(&bytes).ok()).flatten();
                    self.answer.body = text.map_or(bytes, Bytes::from);
                    self.answer.content_type = Some(first_media_type(accept));
                }
                None => {
                    self.answer.body = bytes;
                    self.answer.content_type = Some(media_type.to_owned());
                }
            }
        }
        self.register();
    }

    /// Registers the answer with a JSON body of any shape: an off-spec value, to test how
    /// the code under test copes with it.
    pub fn returns_json(mut self, body: serde_json::Value) {
        self.answer.content_type = Some("application/json".to_owned());
        self.answer.body = Bytes::from(body.to_string());
        self.register();
    }

    /// Registers an error answer: `status` with `body` (a generated error model such as
    /// `ErrorResponseDto`, or `serde_json::json!(..)`).
    pub fn fails(mut self, status: u16, body: impl Reply) {
        self.answer.status = status;
        if let Some((bytes, content_type)) = body.into_body() {
            self.answer.content_type = Some(content_type.to_owned());
            self.answer.body = bytes;
        }
        self.register();
    }

    fn register(self) {
        self.shared.register(self.answer);
    }
}

fn is_json(media_type: &str) -> bool {
    media_type.split(',').any(|media_type| {
        let media_type = media_type.trim();
        media_type.starts_with("application/json") || media_type.contains("+json")
    })
}

fn first_media_type(accept: &str) -> String {
    accept.split(',').next().unwrap_or(accept).trim().to_owned()
}

/// Answers on a fake tenant, from the call the code under test makes. Available with the
/// `testing` feature, on calls made through a fake tenant's client.
impl<T: Reply> Call<'_, T> {
    /// Registers `body` as the fake tenant's answer to this call: its method, and its path with
    /// the parameters it was given.
    ///
    /// ```ignore
    /// tenant.isc().sources().get_provisioning_policy_v1(&source_id, UsageType::Create).returns(policy);
    /// ```
    ///
    /// # Panics
    ///
    /// When the call was not made through a fake tenant's client, or could not be built.
    pub fn returns(self, body: T) {
        self.answer().returns(body);
    }

    /// Starts an answer to this call with more to say: a status, headers, how many times.
    ///
    /// # Panics
    ///
    /// As [`Call::returns`].
    pub fn answer(self) -> Answer<T> {
        let (client, request) = self.into_parts();
        let Some(shared) = client.fake_tenant() else {
            fail("`returns` and `answer` register an answer on a fake tenant: make the call through the tenant (`tenant.isc()...`) or a client of `tenant.config()`")
        };
        let request = match request {
            Ok(request) => request,
            Err(error) => fail(&format!("the answered call could not be built: {error}")),
        };
        let operation = request.operation.id;
        // The query comes with its `?`.
        let query = reqwest::Url::parse(&format!("http://fake-tenant/{}", request.query))
            .map(|url| url.query_pairs().map(|(name, value)| (name.into_owned(), value.into_owned())).collect())
            .unwrap_or_default();
        let status = shared.route_of(operation).map_or(200, |route| route.status);
        let answer = Answered {
            operation,
            method: request.operation.method.clone(),
            path: format!("{}{}", request.operation.server.base_path, request.path),
            query,
            status,
            headers: Vec::new(),
            content_type: None,
            body: Bytes::new(),
            times: None,
            hits: 0,
        };
        Answer { shared, answer, accept: request.operation.accept, body: PhantomData }
    }
}
