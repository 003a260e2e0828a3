//! A typed async client for the SailPoint Identity Security Cloud (ISC) v3 API.
//!
//! ```no_run
//! use generated_client::{Client, ClientConfig, models::UsageType};
//!
//! # async fn run() -> generated_client::Result<()> {
//! let client = Client::new(ClientConfig::for_tenant("acme").bearer_token("access token"))?;
//! let policy = client.get_provisioning_policy("2c9180835d191a86015d28455b4a2329", UsageType::Create).await?;
//! let updated = client.put_provisioning_policy("2c9180835d191a86015d28455b4a2329", UsageType::Create, &policy).await?;
//! # let _ = updated;
//! # Ok(())
//! # }
//! ```
//!
//! Every operation is a method on [`Client`]; models are in [`models`]. A non-2xx response is
//! [`Error::Api`], carrying the status, headers, raw body, and the body decoded into the
//! [`ErrorBody`] variant the spec declares for that status. Enums keep values the spec does not
//! list (`UsageType::Unknown("NEW_VALUE")`) instead of failing.

// No unwrap/expect/panic outside tests: bad input and bad responses are errors, never aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod runtime;

#[rustfmt::skip]
#[allow(missing_docs, reason = "documented by the generated module's own items")]
pub mod generated;

pub use generated::{apis, models, ErrorBody};
pub use runtime::{ApiError, Client, ClientConfig, Error, FilePart, FormPart, FormValue, Result, Secret};

/// The README's example, compiled as a doctest so that it stays true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
