//! What a model keeps besides its typed fields: the properties the spec does not list, and the
//! values the lenient decoder could not use, so that encoding the model again sends them back.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, DerefMut};

use serde_json::Value;

/// The properties of an object that the spec does not list, as they came: a map from property
/// name to JSON value (it dereferences to a `BTreeMap`).
///
/// It also remembers, out of sight, each property that did not decode as it came (a placeholder
/// for a missing or unusable value, a value dropped, a `null` the spec does not allow, a required
/// property that was missing): while the field still holds what decoding gave it, encoding the
/// model sends the property as it came (or leaves it out, if it was missing), so a GET then PUT
/// never sends an invented `""`, `false` or `0`.
///
/// Most objects have nothing to keep, so what it keeps is boxed and an empty one is a single
/// null pointer: a model holds one per nested object, and a list of them is decoded into a
/// `Vec` whose every byte is moved each time it grows.
#[derive(Clone, Default)]
pub struct Additional {
    kept: Option<Box<Kept>>,
}

/// What an [`Additional`] that is not empty holds.
#[derive(Clone, Default)]
struct Kept {
    properties: BTreeMap<String, Value>,
    received: BTreeMap<String, Remembered>,
}

/// What an empty [`Additional`] dereferences to.
static NO_PROPERTIES: BTreeMap<String, Value> = BTreeMap::new();

/// A property the decoder replaced: what came, and what decoding made of it.
#[derive(Clone)]
struct Remembered {
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
    fn kept(&mut self) -> &mut Kept {
        self.kept.get_or_insert_with(Box::default)
    }

    fn received(&self) -> Option<&BTreeMap<String, Remembered>> {
        self.kept.as_deref().map(|kept| &kept.received)
    }

    /// Keeps one property the struct's decoder met that is not a field.
    pub(crate) fn keep(&mut self, key: String, value: Value) {
        self.kept().properties.insert(key, value);
    }

    /// Remembers that property `property` came as `null` where the spec does not allow it, so
    /// that encoding sends the `null` back while its field stays `None`.
    pub(crate) fn keep_null(&mut self, property: &str) {
        self.remember(property, Some(Value::Null));
    }

    /// Remembers that required property `property` did not come, so that encoding leaves it out
    /// again while its field stays `None`.
    pub(crate) fn keep_absent(&mut self, property: &str) {
        self.remember(property, None);
    }

    /// Remembers what came for `property` (`None`: nothing), to send it back so while its field
    /// holds what decoding gave it; the first thing remembered for a property is what came.
    pub(crate) fn remember(&mut self, property: &str, original: Option<Value>) {
        self.kept().received.entry(property.to_owned()).or_insert(Remembered { original, decoded: None });
    }

    /// The properties the decoder replaced, for the struct's decoder to record what the fields
    /// hold right after decoding.
    pub(crate) fn replaced(&self) -> impl Iterator<Item = &str> {
        self.received().into_iter().flat_map(BTreeMap::keys).map(String::as_str)
    }

    /// Whether it keeps nothing, visible or not: what most objects decode to, told without a look
    /// inside.
    pub(crate) fn is_empty_inside(&self) -> bool {
        self.kept.is_none()
    }

    /// Records what field `property` holds right after decoding, as its `Debug` text.
    pub(crate) fn settle(&mut self, property: &str, decoded: String) {
        if let Some(received) = self.kept.as_deref_mut().and_then(|kept| kept.received.get_mut(property)) {
            received.decoded = Some(decoded);
        }
    }

    /// How to send property `property`, whose field's `Debug` text is `current()`:
    /// `Some(original)` when the decoder replaced it and the field still holds what decoding gave
    /// it (`Some(None)`: leave it out); `None` to send the field.
    pub(crate) fn as_received(&self, property: &str, current: impl FnOnce() -> String) -> Option<Option<&Value>> {
        let received = self.received()?.get(property)?;
        let unchanged = received.decoded.as_ref().is_some_and(|decoded| *decoded == current());
        unchanged.then_some(received.original.as_ref())
    }
}

impl Deref for Additional {
    type Target = BTreeMap<String, Value>;

    fn deref(&self) -> &Self::Target {
        self.kept.as_deref().map_or(&NO_PROPERTIES, |kept| &kept.properties)
    }
}

impl DerefMut for Additional {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.kept().properties
    }
}

impl From<BTreeMap<String, Value>> for Additional {
    fn from(properties: BTreeMap<String, Value>) -> Self {
        let kept = (!properties.is_empty()).then(|| Box::new(Kept { properties, received: BTreeMap::new() }));
        Additional { kept }
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
        **self == **other
    }
}

impl fmt::Debug for Additional {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

/// An empty JSON object, for an accessor whose property defaults to `{}`.
#[doc(hidden)]
pub fn empty_json_object() -> &'static serde_json::Map<String, Value> {
    static EMPTY: std::sync::OnceLock<serde_json::Map<String, Value>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(serde_json::Map::new)
}
