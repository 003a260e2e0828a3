//! The hand-written half of the client: configuration, transport, errors, encoding.
//!
//! Generated code calls into this module; nothing here depends on a particular operation.

mod client;
mod config;
mod enums;
mod error;
mod request;
mod response;
mod secret;

pub use client::Client;
pub use config::ClientConfig;
pub use enums::WireEnum;
pub(crate) use enums::{wire_enum_impls, WireEnumVisitor};
pub use error::{ApiError, Error};
pub use request::ParamValue;
pub(crate) use request::{encode_path, OperationMeta, PathPart, Request, StatusMatch};
pub use secret::Secret;

/// The result of every client call.
pub type Result<T> = std::result::Result<T, Error>;
