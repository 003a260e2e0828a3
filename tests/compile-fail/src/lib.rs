//! Compile-fail cases of the generated client, run by `tests/compile_fail.rs` with trybuild.
