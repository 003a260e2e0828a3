//! A string that never shows itself in `Debug` output, logs or errors.

use std::fmt;
use std::sync::Arc;

/// A credential (token, client secret). Its `Debug` prints `Secret(***)`; there is no `Display`.
/// Cloning it (once per call, for the call's token) copies a pointer, not the text.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Arc::from(value.into()))
    }

    /// The credential itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(Arc::from(value))
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(Arc::from(value))
    }
}
