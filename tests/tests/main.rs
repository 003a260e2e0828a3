//! Every integration test of `tests` in one binary, one module per file: each test binary
//! links the whole client again, so one binary instead of one per file is most of what
//! `cargo test` builds. Run one file's tests with `cargo test -p tests --test main <module>::`.

mod apis;
mod call_options;
mod config;
mod constructs;
mod contract;
mod defaults;
mod downloads;
mod fake_tenant;
mod filters;
mod generic_call;
mod hostile;
mod hostile_names;
mod json_patch;
mod lossless;
mod mutations;
mod open_runtime;
mod provisioning_policy;
mod readme_fake_tenant;
mod real_world;
mod requests;
mod round_trip;
mod runtime;
mod runtime_layers;
mod search;
mod seed_page;
mod snapshot;
mod tls;
mod tracing;
mod unions;
