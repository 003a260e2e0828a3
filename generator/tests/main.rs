//! Every integration test of `generator` in one binary, one module per file: each test binary
//! links the generator and its dependencies again, so one binary builds and links once. Run one file's tests with `cargo test -p generator --test main <module>::`.

mod bad_input;
mod clashes;
mod cli;
mod corpus;
mod discriminators;
mod docs_pages;
mod formats;
mod names;
mod recursion;
