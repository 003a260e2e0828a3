//! The hand-written runtime every generated client shares: configuration, authentication,
//! transport, retries, paging, errors and lenient decoding.
//!
//! Generated code calls into this crate; nothing here knows a particular operation or API, so one
//! runtime serves a client generated from any OpenAPI document. The items generated code needs
//! and users do not are public but hidden from the docs, so that any subset of the generated
//! operations (one tag feature, one docs page) compiles without dead code.

// No unwrap/expect/panic outside tests: bad input and bad responses are errors, never aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod additional;
mod auth;
mod call;
mod client;
mod clock;
mod codec;
mod config;
mod contract;
mod decode;
mod deprecation;
mod download;
mod discover;
mod enums;
mod error;
pub mod filter;
mod form;
mod generic;
mod hooks;
mod limit;
mod nullable;
mod options;
mod paginate;
mod param_style;
mod patch;
mod request;
mod response;
mod retry;
mod search;
mod secret;
mod server;
mod target;
#[cfg(feature = "testing")]
pub mod testing;
mod union;

pub use additional::Additional;
#[doc(hidden)]
pub use additional::empty_json_object;
#[doc(hidden)]
pub use codec::{debug_model, decode_model, deserialize, serialize, Decode, Encode, Entries, Failed, Field, Fill, Items, FieldRule, Object, OffSpec, Presence, Scalar, Side, Sink, Source, VisitFields, VisitFieldsMut};
pub use codec::{Deviation, InvalidValue, Repair};
pub use auth::{TokenFuture, TokenProvider, TokenRequest};
pub use call::Call;
pub use clock::{Clock, PausedClock, Sleep, TokioClock};
pub use hooks::{Exchange, ExchangeOutcome, Hook, OutgoingRequest};
pub use limit::RateLimit;
pub use nullable::Nullable;
pub use client::Client;
pub use config::{ClientConfig, Connection, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
pub use deprecation::Deprecation;
pub use download::Download;
pub use discover::ConfigSources;
#[doc(hidden)]
pub use decode::decode as decode_body;
#[doc(hidden)]
pub use contract::{find_codec, Codec};
pub use response::ApiResponse;
pub use paginate::{Paginated, DEFAULT_PAGE_SIZE};
pub use search::{sort_with_tie_break, TIE_BREAK};
#[doc(hidden)]
pub use search::search_after;
pub use patch::{pointer, FromPatchOperation, JsonPatch, PatchOp, PatchOperation};
#[doc(hidden)]
pub use patch::{patch_unlisted, union_from_json};
#[doc(hidden)]
pub use paginate::{paginate, PageOf};
pub use retry::{Attempt, AttemptOutcome, DefaultRetryClassifier, Jitter, RetryClassifier, RetryDecision, RetryPolicy};
pub use enums::WireEnum;
#[doc(hidden)]
pub use enums::{decode_enum, decode_optional_enum, TextField};
pub use filter::{Filter, FilterField, FilterValue, Sort, SortField};
#[doc(hidden)]
pub use filter::quote as quote_filter_text;
pub use error::{ApiError, DecodedBody, Error, ErrorDecoder, Rejection};
#[doc(hidden)]
pub use error::decode_error;
pub use form::{FilePart, FormPart, FormValue};
pub use generic::{GenericCall, GENERIC_CALL};
#[doc(hidden)]
pub use form::FormData;
pub use request::ParamValue;
pub use param_style::{QueryStyle, Simple};
#[doc(hidden)]
pub use request::{encode_path, OperationMeta, PathPart, Request, RequestBody, StatusMatch};
#[doc(hidden)]
pub use response::Response;
pub use secret::Secret;
pub use server::Server;
#[doc(hidden)]
pub use union::{decode_union, Alternative, Shape, Tag};

/// The result of every client call.
pub type Result<T> = std::result::Result<T, Error>;
