//! The hand-written runtime every generated client shares: configuration, authentication,
//! transport, retries, paging, errors and lenient decoding.
//!
//! Generated code calls into this crate; nothing here knows a particular operation or API, so one
//! runtime serves a client generated from any OpenAPI document. The items generated code needs
//! and users do not are in one hidden module, `__private`: public, so that any subset of the
//! generated operations (one tag feature, one docs page) compiles without dead code.
//!
//! The files, by concern: `codec/` (decoding and encoding bodies), `model/` (what generated
//! models are made of), `transport/` (a call, from request to response), `config/`
//! (configuration and credentials), `retry/` (retries, rate limits, the clock), `paging/`,
//! `testing/` (the fake tenant), `filter.rs` and `error.rs`. None imports another in a circle.

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

/// What generated code needs and users do not, in one place: public, so that any subset of the
/// generated operations compiles, and hidden from the docs. Nothing here is for a caller.
#[doc(hidden)]
pub mod __private {
    pub use crate::codec::{
        debug_model, decode as decode_body, decode_enum, decode_model, decode_optional_enum, decode_union, deserialize, find_codec, serialize, Alternative, Codec,
        Decode, Encode, Failed, Field, FieldRule, Fill, Object, OffSpec, Parsed, Presence, Scalar, Shape, Side, Sink, SinkEntries, SinkItems, Source, Tag, TextField,
        VisitFields, VisitFieldsMut,
    };
    pub use crate::error::decode_error;
    pub use crate::filter::quote as quote_filter_text;
    pub use crate::model::additional::empty_json_object;
    pub use crate::model::patch::{patch_unlisted, union_from_json};
    pub use crate::paging::paginate::{paginate, PageOf};
    pub use crate::paging::search::search_after;
    pub use crate::transport::form::FormData;
    pub use crate::transport::request::{encode_path, OperationMeta, PathPart, Request, RequestBody, StatusMatch};
    pub use crate::transport::response::Response;
}

// The decoding benchmark's entry point, at the path the reference tree it is compared with
// (scripts/bench-budgets.sh, b6c7b28) has it too.
#[doc(hidden)]
pub use codec::decode as decode_body;

/// The result of every client call.
pub type Result<T> = std::result::Result<T, Error>;
