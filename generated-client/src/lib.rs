//! A typed async client for SailPoint's APIs: Identity Security Cloud (ISC) as SailPoint
//! publishes it today (`isc`, per-service versioned paths such as `/sources/v1/...`), its v3
//! API (`v3`, supported until Q2 2028 and switched off in Q1 2029, as SailPoint's versioning
//! policy says of beta, v3 and the yearly APIs), and Non-Employee Risk Management (`nerm`,
//! `nerm_v2025`), each a module with its own models over one runtime, each behind its Cargo
//! feature.
//!
//! ```no_run
//! use generated_client::{isc, Client, ClientConfig};
//!
//! # async fn run() -> generated_client::Result<()> {
//! let client = Client::new(ClientConfig::for_tenant("acme").bearer_token("access token"))?;
//! let sources = client.isc().sources();
//! let policy = sources.get_provisioning_policy_v1("2c9180835d191a86015d28455b4a2329", isc::models::UsageType::Create).await?;
//! let updated = sources.put_provisioning_policy_v1("2c9180835d191a86015d28455b4a2329", isc::models::UsageType::Create, &policy).await?;
//!
//! // The same call with the response around the value: status, headers, repaired values.
//! let response = sources.get_provisioning_policy_v1("2c9180835d191a86015d28455b4a2329", isc::models::UsageType::Create).with_response().await?;
//! println!("{} {:?} {:?}", response.status, response.deviations, updated.name);
//! # Ok(())
//! # }
//! ```
//!
//! Each API is a method on [`Client`] that groups its operations by tag; each operation returns
//! a [`Call`](runtime::Call) to `.await` (or `.with_response().await`). A non-2xx response is
//! [`Error::Api`], carrying the status, headers, raw body, and the body decoded into the type the
//! spec declares for that status (`error.body::<isc::ErrorBody>()`). Enums keep values the spec
//! does not list (`UsageType::Unknown("NEW_VALUE")`) instead of failing.
//!
//! Cargo features: one per API (`isc`, on by default; `v3`, `nerm`, `nerm-v2025`) and one per API
//! and tag (`isc-sources`), which compiles only that tag's operations and the models they use.

// No unwrap/expect/panic outside tests: bad input and bad responses are errors, never aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

/// The runtime this client is generated against, as generated code names it (`crate::runtime`).
pub use generated_client_runtime as runtime;

#[rustfmt::skip]
#[allow(missing_docs, reason = "documented by the generated module's own items")]
mod generated;

#[allow(unused_imports, reason = "with no API feature on there is nothing to re-export")]
pub use generated::*;
pub use runtime::{Additional, ApiError, ClientConfig, Connection, Error, FilePart, FormPart, FormValue, Nullable, Result, Secret};

/// The README's example, compiled as a doctest so that it stays true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
