//! What a model keeps besides its typed fields: the properties the spec does not list, and the
//! values the lenient decoder could not use, so that encoding the model again sends them back.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, DerefMut};

use serde_json::Value;

/// The prefix under which the lenient decoder hands a struct a property as it came, before
/// repairing it (`"\u{0}received:name"`); no JSON property is called so in practice, and the
/// generated decoder routes these keys here rather than into the visible map.
pub(crate) const RECEIVED_PREFIX: &str = "\u{0}received:";

/// The properties of an object that the spec does not list, as they came: a map from property
/// name to JSON value (it dereferences to a `BTreeMap`).
///
/// It also remembers, out of sight, each property that did not decode as it came (a placeholder
/// for a missing or unusable value, a value dropped, a `null` the spec does not allow, a required
/// property that was missing): while the field still holds what decoding gave it, encoding the
/// model sends the property as it came (or leaves it out, if it was missing), so a GET then PUT
/// never sends an invented `""`, `false` or `0`.
#[derive(Clone, Default)]
pub struct Additional {
    properties: BTreeMap<String, Value>,
    received: BTreeMap<String, Received>,
}

/// A property the decoder replaced: what came, and what decoding made of it.
#[derive(Clone)]
struct Received {
    /// The value as it came; `None` when the property was missing.
    original: Option<Value>,
    /// The field's value right after decoding, to tell whether the caller changed it: its
    /// `Debug` text, which every generated type derives and which tells values apart as `==`
    /// does. A typed copy (`Arc<dyn Any + Send + Sync>`) would make every decoder prove its
    /// fields `Send`, which overflows rustc's recursion limit on deeply nested documents
    /// (Stripe's); encoding to JSON would compile a second encoder for every type.
    decoded: Option<String>,
}

impl Additional {
    /// Keeps one property the struct's decoder met that is not a field.
    #[doc(hidden)]
    pub fn keep(&mut self, key: String, value: Value) {
        match key.strip_prefix(RECEIVED_PREFIX) {
            Some(property) => {
                let original = match value {
                    Value::Array(mut items) if items.len() == 1 => items.pop(),
                    _ => None,
                };
                self.received.insert(property.to_owned(), Received { original, decoded: None });
            }
            None => {
                self.properties.insert(key, value);
            }
        }
    }

    /// Remembers that property `property` came as `null` where the spec does not allow it, so
    /// that encoding sends the `null` back while its field stays `None`.
    #[doc(hidden)]
    pub fn keep_null(&mut self, property: &str) {
        self.remember(property, Some(Value::Null));
    }

    /// Remembers that required property `property` did not come, so that encoding leaves it out
    /// again while its field stays `None`.
    #[doc(hidden)]
    pub fn keep_absent(&mut self, property: &str) {
        self.remember(property, None);
    }

    /// Remembers what came for `property`, unless the repairer handed over what came first.
    fn remember(&mut self, property: &str, original: Option<Value>) {
        self.received.entry(property.to_owned()).or_insert(Received { original, decoded: None });
    }

    /// The properties the decoder replaced, for the struct's decoder to record what the fields
    /// hold right after decoding.
    #[doc(hidden)]
    pub fn replaced(&self) -> impl Iterator<Item = &str> {
        self.received.keys().map(String::as_str)
    }

    /// Records what field `property` holds right after decoding.
    #[doc(hidden)]
    pub fn settle<T: fmt::Debug>(&mut self, property: &str, decoded: &T) {
        if let Some(received) = self.received.get_mut(property) {
            received.decoded = Some(format!("{decoded:?}"));
        }
    }

    /// How to send property `property`, whose field holds `current`: `Some(original)` when the
    /// decoder replaced it and the field still holds what decoding gave it (`Some(None)`: leave it
    /// out); `None` to send the field.
    #[doc(hidden)]
    pub fn as_received<T: fmt::Debug>(&self, property: &str, current: &T) -> Option<Option<&Value>> {
        let received = self.received.get(property)?;
        let unchanged = received.decoded.as_ref().is_some_and(|decoded| *decoded == format!("{current:?}"));
        unchanged.then_some(received.original.as_ref())
    }
}

impl Deref for Additional {
    type Target = BTreeMap<String, Value>;

    fn deref(&self) -> &Self::Target {
        &self.properties
    }
}

impl DerefMut for Additional {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.properties
    }
}

impl From<BTreeMap<String, Value>> for Additional {
    fn from(properties: BTreeMap<String, Value>) -> Self {
        Additional { properties, received: BTreeMap::new() }
    }
}

impl FromIterator<(String, Value)> for Additional {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        BTreeMap::from_iter(iter).into()
    }
}

/// Two models are equal when their visible properties are: what the decoder remembers is how to
/// send a value back, not part of it.
impl PartialEq for Additional {
    fn eq(&self, other: &Self) -> bool {
        self.properties == other.properties
    }
}

impl fmt::Debug for Additional {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.properties.fmt(f)
    }
}

/// Writes one field of a struct: the value as it came when the decoder replaced it and the field
/// still holds what decoding gave it, else the field when `send` says it is sent.
#[doc(hidden)]
pub fn send_field<M, T>(map: &mut M, additional: &Additional, property: &'static str, field: &T, send: bool) -> Result<(), M::Error>
where
    M: serde::ser::SerializeMap,
    T: serde::Serialize + fmt::Debug,
{
    match additional.as_received(property, field) {
        Some(Some(original)) => map.serialize_entry(property, original),
        Some(None) => Ok(()),
        None if send => map.serialize_entry(property, field),
        None => Ok(()),
    }
}

/// An empty JSON object, for an accessor whose property defaults to `{}`.
#[doc(hidden)]
pub fn empty_json_object() -> &'static serde_json::Map<String, Value> {
    static EMPTY: std::sync::OnceLock<serde_json::Map<String, Value>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(serde_json::Map::new)
}

/// A required read-only field as decoded: `None` when it did not come, which is the value's
/// state in a request body a caller wrote (the server sets it), and an error while a response
/// is decoded, which every response must carry it in; the lenient decoder then puts `null` in
/// its place, reports it, and hands the struct what came, after which it is `None` here.
#[doc(hidden)]
pub fn required_in_responses<T, E: serde::de::Error>(value: Option<T>, additional: &Additional, property: &'static str) -> Result<Option<T>, E> {
    match value {
        None if crate::decode::reading_response() && !additional.received.contains_key(property) => Err(E::missing_field(property)),
        value => Ok(value),
    }
}

/// The prefix a struct's decoder puts before the error of one of its fields, which tells the
/// lenient decoder that the failing value is a struct's property (so the value can be kept for
/// sending back) and reads as a path in the message.
const FIELD_ERROR: (&str, &str) = ("field `", "`: ");

/// A field's decoding error, prefixed with the field's name.
#[doc(hidden)]
pub fn field_error<E: serde::de::Error>(property: &str, error: E) -> E {
    E::custom(format_args!("{}{property}{}{error}", FIELD_ERROR.0, FIELD_ERROR.1))
}

/// The struct fields a decoding error passed through, outermost first, and the error without
/// them.
pub(crate) fn field_chain(message: &str) -> (Vec<&str>, &str) {
    let mut fields = Vec::new();
    let mut rest = message;
    while let Some((name, after)) = rest.strip_prefix(FIELD_ERROR.0).and_then(|r| r.split_once(FIELD_ERROR.1)) {
        fields.push(name);
        rest = after;
    }
    (fields, rest)
}
