//! Errors that point at the input: the file, and the JSON pointer inside it.

use std::fmt;
use std::path::PathBuf;

/// A problem with the input spec, located as precisely as the generator can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The file the problem is in, when it comes from a file.
    pub file: Option<PathBuf>,
    /// JSON pointer (RFC 6901) inside `file`, or inside the assembled document when `file` is `None`.
    pub pointer: String,
    /// What is wrong, in words.
    pub message: String,
    /// The other problems found in the same pass, so that one run reports them all.
    pub also: Vec<Error>,
}

impl Error {
    /// A problem at `pointer` in the assembled document; `load::Origins` later maps it to a file.
    pub fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error { file: None, pointer: pointer.into(), message: message.into(), also: Vec::new() }
    }

    /// A problem in `file` at `pointer`.
    pub fn in_file(file: impl Into<PathBuf>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error { file: Some(file.into()), pointer: pointer.into(), message: message.into(), also: Vec::new() }
    }

    /// All of `errors` as one: the first, with the others after it; `None` when there are none.
    pub fn all(errors: Vec<Error>) -> Option<Self> {
        let mut errors = errors.into_iter();
        let mut first = errors.next()?;
        first.also.extend(errors.flat_map(|mut e| {
            let more = std::mem::take(&mut e.also);
            std::iter::once(e).chain(more)
        }));
        Some(first)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
        match &self.file {
            Some(file) => write!(f, "{}#{}: {}", file.display(), pointer, self.message)?,
            None => write!(f, "#{}: {}", pointer, self.message)?,
        }
        self.also.iter().try_for_each(|other| write!(f, "\n{other}"))
    }
}

impl std::error::Error for Error {}
