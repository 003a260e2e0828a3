//! What decoding tells about a value off the spec: where it was (a JSON pointer built from the
//! decoder's own path, never from an error's text), what was wrong, and what was done about it.

use std::fmt;

use serde_json::Value;

/// A value in a response that did not match the spec, and what the client did about it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Deviation {
    /// The operationId of the call.
    pub operation: &'static str,
    /// Where in the body (a JSON pointer, e.g. `/3/name`).
    pub path: String,
    /// What did not match.
    pub problem: String,
    /// What the client did: the value it dropped, the placeholder it put in, or the value it
    /// kept as it came.
    pub repair: Repair,
}

/// How a deviation was repaired. Whatever the repair, a model sends the property back as it
/// came while its field still holds what decoding gave it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Repair {
    /// The value was left out (an optional property becomes `None`); it was this.
    Dropped(Value),
    /// A required property that was missing or unusable was given this placeholder.
    Placeholder(Value),
    /// An array item that could not be decoded was left out; it was this.
    DroppedItem(Value),
    /// The value was kept as it came: a `null` the spec does not allow (the field is `None`), a
    /// value an enum does not list (its `Unknown` variant), or a value none of a union's
    /// alternatives is (its catch-all variant).
    Kept(Value),
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match &self.repair {
            Repair::Dropped(v) => format!("dropped {v}"),
            Repair::Placeholder(v) => format!("used {v} instead"),
            Repair::DroppedItem(v) => format!("left out the item {v}"),
            Repair::Kept(v) => format!("kept {v} as it came"),
        };
        write!(f, "{}: `{}`: {}; {}", self.operation, self.path, self.problem, what)
    }
}

/// Whose JSON is being decoded, which decides what it may leave out or hold off the spec.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// A caller's own JSON (`serde_json::from_str`, a request body built from JSON): read-only
    /// properties may be missing, and what decodes without loss (a `null` where the spec wants
    /// none, an enum value it does not list) is taken as it is.
    Request,
    /// A server's response: everything the spec requires, as the spec says.
    Response,
}

/// A value off the spec that a model or enum can hold without losing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[doc(hidden)]
pub enum OffSpec {
    /// `null` in a property that is not nullable.
    Null,
    /// A required property missing that a field can hold as `None` (nullable or read-only).
    MissingOptional,
    /// A required property missing that its field cannot hold (a placeholder takes its place).
    MissingRequired,
    /// A string an enum does not list.
    Unlisted,
    /// A value none of a union's alternatives is.
    NoAlternative,
}

impl OffSpec {
    /// The problem, as a deviation reports it.
    pub(crate) fn problem(self) -> &'static str {
        match self {
            OffSpec::Null => "null where the spec does not allow it",
            OffSpec::MissingOptional | OffSpec::MissingRequired => "a required property is missing",
            OffSpec::Unlisted => "a value the spec does not list",
            OffSpec::NoAlternative => "none of the union's alternatives",
        }
    }

    /// What decoding does about it: a caller's own JSON may hold what loses nothing; a response
    /// fails strictly and is reported leniently.
    pub(crate) fn verdict(self, side: Side, lenient: bool) -> Verdict {
        match (side, lenient) {
            (Side::Request, _) if self != OffSpec::MissingRequired => Verdict::Accept,
            (Side::Response, true) => Verdict::Report,
            _ => Verdict::Fail,
        }
    }
}

/// What decoding does about a value off the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Takes it without a word.
    Accept,
    /// Takes it and reports a [`Deviation`].
    Report,
    /// Fails.
    Fail,
}

/// Where a value lies in the document being decoded: one step of a JSON pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step<'v> {
    /// An object's property.
    Key(&'v str),
    /// An array's item.
    Index(usize),
}

/// `steps` as a JSON pointer (RFC 6901).
pub(crate) fn pointer<'a>(steps: impl IntoIterator<Item = Step<'a>>) -> String {
    let mut pointer = String::new();
    for step in steps {
        pointer.push('/');
        match step {
            Step::Key(key) => pointer.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Step::Index(index) => pointer.push_str(&index.to_string()),
        }
    }
    pointer
}

/// The tokens `tokens`, unescaped, as a JSON pointer.
pub(crate) fn pointer_of(tokens: &[String]) -> String {
    pointer(tokens.iter().map(|token| Step::Key(token)))
}

/// A value that could not be decoded: where, and why. Its text is only ever shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidValue {
    /// Where (a JSON pointer from the decoded document's root).
    pub pointer: String,
    /// Why.
    pub problem: String,
}

impl fmt::Display for InvalidValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "{}", self.problem)
        } else {
            write!(f, "at `{}`: {}", self.pointer, self.problem)
        }
    }
}

impl std::error::Error for InvalidValue {}

/// A deviation found while decoding, before the operation it belongs to is known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    pub(crate) pointer: String,
    pub(crate) problem: String,
    pub(crate) repair: Repair,
}

impl Finding {
    pub(crate) fn into_deviation(self, operation: &'static str, prefix: &str) -> Deviation {
        Deviation { operation, path: format!("{prefix}{}", self.pointer), problem: self.problem, repair: self.repair }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_tilde_and_slash() {
        assert_eq!(pointer([Step::Key("a/b"), Step::Index(3), Step::Key("m~n")]), "/a~1b/3/m~0n");
        assert_eq!(pointer([]), "");
    }

    #[test]
    fn a_request_takes_what_loses_nothing_and_a_response_is_exact_unless_lenient() {
        assert_eq!(OffSpec::Null.verdict(Side::Request, false), Verdict::Accept);
        assert_eq!(OffSpec::MissingRequired.verdict(Side::Request, false), Verdict::Fail);
        assert_eq!(OffSpec::Unlisted.verdict(Side::Response, false), Verdict::Fail);
        assert_eq!(OffSpec::Unlisted.verdict(Side::Response, true), Verdict::Report);
        assert_eq!(OffSpec::MissingRequired.verdict(Side::Response, true), Verdict::Report);
    }
}
