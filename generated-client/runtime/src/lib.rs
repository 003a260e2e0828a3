//! The hand-written runtime every generated client shares: configuration, authentication,
//! transport, retries, paging, errors and lenient decoding.
//!
//! Generated code calls into this crate; nothing here knows a particular operation or API, so one
//! runtime serves a client generated from any OpenAPI document. The items generated code needs
//! and users do not are public but hidden from the docs, so that any subset of the generated
//! operations (one tag feature, one docs page) compiles without dead code.

// No unwrap/expect/panic outside tests: bad input and bad responses are errors, never aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod codec;
mod config;
mod error;
pub mod filter;
mod model;
mod paging;
mod retry;
#[cfg(feature = "testing")]
pub mod testing;
mod transport;

pub use codec::{Deviation, InvalidValue, Repair};
pub use config::auth::{TokenFuture, TokenProvider, TokenRequest};
pub use config::discover::ConfigSources;
pub use config::secret::Secret;
pub use config::{ClientConfig, Connection, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
pub use error::{ApiError, DecodedBody, Error, ErrorDecoder, Rejection};
pub use filter::{Filter, FilterField, FilterValue, Sort, SortField};
pub use model::additional::Additional;
pub use model::enums::WireEnum;
pub use model::nullable::Nullable;
pub use model::patch::{pointer, FromPatchOperation, JsonPatch, PatchOp, PatchOperation};
pub use paging::paginate::{Paginated, DEFAULT_PAGE_SIZE};
pub use paging::search::{sort_with_tie_break, TIE_BREAK};
pub use retry::clock::{Clock, PausedClock, Sleep, TokioClock};
pub use retry::limit::RateLimit;
pub use retry::{Attempt, AttemptOutcome, DefaultRetryClassifier, Jitter, RetryClassifier, RetryDecision, RetryPolicy};
pub use transport::call::Call;
pub use transport::client::Client;
pub use transport::deprecation::Deprecation;
pub use transport::download::Download;
pub use transport::form::{FilePart, FormPart, FormValue};
pub use transport::generic::{GenericCall, GENERIC_CALL};
pub use transport::hooks::{Exchange, ExchangeOutcome, Hook, OutgoingRequest};
pub use transport::param_style::{QueryStyle, Simple};
pub use transport::encoding::ParamValue;
pub use transport::response::ApiResponse;
pub use transport::server::Server;

// What generated code needs and users do not: public, so that any subset of the generated
// operations compiles, and hidden from the docs.
#[doc(hidden)]
pub use codec::{
    debug_model, decode as decode_body, decode_enum, decode_model, decode_optional_enum, decode_union, deserialize, find_codec, serialize, Alternative, Codec, Decode,
    Encode, SinkEntries, Failed, Field, FieldRule, Fill, SinkItems, Object, OffSpec, Parsed, Presence, Scalar, Shape, Side, Sink, Source, Tag, TextField, VisitFields,
    VisitFieldsMut,
};
#[doc(hidden)]
pub use error::decode_error;
#[doc(hidden)]
pub use filter::quote as quote_filter_text;
#[doc(hidden)]
pub use model::additional::empty_json_object;
#[doc(hidden)]
pub use model::patch::{patch_unlisted, union_from_json};
#[doc(hidden)]
pub use paging::paginate::{paginate, PageOf};
#[doc(hidden)]
pub use paging::search::search_after;
#[doc(hidden)]
pub use transport::form::FormData;
#[doc(hidden)]
pub use transport::request::{encode_path, OperationMeta, PathPart, Request, RequestBody, StatusMatch};
#[doc(hidden)]
pub use transport::response::Response;

/// The result of every client call.
pub type Result<T> = std::result::Result<T, Error>;
