//! A call, from the generated method to the response: the request it builds ([`request`], its
//! parameters' styles, its form body), the client that sends it with credentials, retries and
//! hooks ([`client`], [`call`]), and what comes back ([`response`], [`download`], the
//! deprecation headers). [`generic`] sends requests no spec describes.

pub(crate) mod call;
pub(crate) mod client;
pub(crate) mod deprecation;
pub(crate) mod download;
pub(crate) mod encoding;
pub(crate) mod form;
pub(crate) mod generic;
pub(crate) mod hooks;
pub(crate) mod options;
pub(crate) mod param_style;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod server;
