//! The one place decoding meets serde's generic `Deserializer`: a [`Source`] is any deserializer
//! behind an object-safe trait, so that models decode through code compiled once per deserializer
//! type (three or four in a program) rather than once per model and deserializer.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::object::{decode_object, Properties, Read};
use super::report::{OffSpec, Repair, Side, Verdict};
use super::value::{Decoding, ValueSource};
use super::{Field, Object, Scalar};
use crate::TextField;
use crate::Nullable;

/// A decoding failure. The error itself is kept by the source that failed, in its own
/// deserializer's error type, so that a position (`at line 1 column 9`) or a tracked path
/// survives the trip through code that does not know that type.
#[derive(Debug)]
pub struct Failed(());

impl Failed {
    pub(crate) fn new() -> Self {
        Failed(())
    }
}

/// One value to decode, whatever deserializer it comes from. Each method reads the value once,
/// as what its name says.
pub trait Source {
    /// A string.
    fn string(&mut self) -> Result<String, Failed>;
    /// A boolean.
    fn boolean(&mut self) -> Result<bool, Failed>;
    /// A 32-bit integer.
    fn int32(&mut self) -> Result<i32, Failed>;
    /// A 64-bit integer.
    fn int64(&mut self) -> Result<i64, Failed>;
    /// A number.
    fn float64(&mut self) -> Result<f64, Failed>;
    /// An RFC 3339 date and time.
    fn date_time(&mut self) -> Result<DateTime<Utc>, Failed>;
    /// A calendar date.
    fn date(&mut self) -> Result<NaiveDate, Failed>;
    /// Any JSON value.
    fn json(&mut self) -> Result<Value, Failed>;
    /// A JSON object.
    fn json_object(&mut self) -> Result<Map<String, Value>, Failed>;
    /// `null` or a string.
    fn optional_string(&mut self) -> Result<Option<String>, Failed>;
    /// `null` or a boolean.
    fn optional_boolean(&mut self) -> Result<Option<bool>, Failed>;
    /// `null` or a 32-bit integer.
    fn optional_int32(&mut self) -> Result<Option<i32>, Failed>;
    /// `null` or a 64-bit integer.
    fn optional_int64(&mut self) -> Result<Option<i64>, Failed>;
    /// `null` or a number.
    fn optional_float64(&mut self) -> Result<Option<f64>, Failed>;
    /// `null` or an RFC 3339 date and time.
    fn optional_date_time(&mut self) -> Result<Option<DateTime<Utc>>, Failed>;
    /// `null` or a calendar date.
    fn optional_date(&mut self) -> Result<Option<NaiveDate>, Failed>;
    /// `null` (as `None`) or any other JSON value.
    fn optional_json(&mut self) -> Result<Option<Value>, Failed>;
    /// `null` or a JSON object.
    fn optional_json_object(&mut self) -> Result<Option<Map<String, Value>>, Failed>;
    /// `null` (`Ok(false)`), or a value handed to `some` (`Ok(true)`).
    fn option(&mut self, some: &mut dyn Fill) -> Result<bool, Failed>;
    /// An array, each item handed to `items` in order.
    fn seq(&mut self, items: &mut dyn Fill) -> Result<(), Failed>;
    /// An object read as a map, each entry handed to `entry`.
    fn map(&mut self, entry: &mut dyn FnMut(String, &mut dyn Source) -> Result<(), Failed>) -> Result<(), Failed>;
    /// An object read into a model's fields.
    fn object(&mut self, target: &mut dyn Object) -> Result<(), Failed>;
    /// Fails with `message`.
    fn custom(&mut self, message: &dyn fmt::Display) -> Failed;
    /// Handles a value that is off the spec but held without loss (an enum value the spec does
    /// not list, a value none of a union's alternatives is): taken, reported as `repair` says,
    /// or a failure, as this decoding says.
    ///
    /// # Errors
    ///
    /// When the decoding does not take such values.
    fn off_spec(&mut self, kind: OffSpec, repair: &dyn Fn() -> Repair) -> Result<(), Failed>;
    /// Hands the value, parsed, to `read`, in this decoding: for a union, which looks at the
    /// whole value before it decodes any of it.
    ///
    /// # Errors
    ///
    /// `read`'s.
    fn with_value(&mut self, read: &mut dyn FnMut(&mut ValueSource<'_, '_>) -> Result<(), Failed>) -> Result<(), Failed>;
}

/// A [`Source`] over deserializer `D`: the value it has not read yet, and the error it failed
/// with.
///
/// It decodes strictly, as `side` says: it is the fast path, and a value it cannot read is read
/// again from a parsed value, where its location is known and a repair possible.
pub(crate) struct Holder<'de, D: Deserializer<'de>> {
    deserializer: Option<D>,
    error: Option<D::Error>,
    side: Side,
    lifetime: PhantomData<&'de ()>,
}

impl<'de, D: Deserializer<'de>> Holder<'de, D> {
    pub(crate) fn new(deserializer: D, side: Side) -> Self {
        Holder { deserializer: Some(deserializer), error: None, side, lifetime: PhantomData }
    }

    /// The error the source failed with.
    pub(crate) fn into_error(self) -> D::Error {
        self.error.unwrap_or_else(|| de::Error::custom("the value could not be decoded"))
    }

    fn fail(&mut self, error: D::Error) -> Failed {
        self.error = Some(error);
        Failed(())
    }

    fn take(&mut self) -> Result<D, Failed> {
        match self.deserializer.take() {
            Some(deserializer) => Ok(deserializer),
            None => Err(self.fail(de::Error::custom("a value was read twice"))),
        }
    }

    fn read<T: Deserialize<'de>>(&mut self) -> Result<T, Failed> {
        let deserializer = self.take()?;
        T::deserialize(deserializer).map_err(|error| self.fail(error))
    }

    fn visit<V: Visitor<'de>>(&mut self, visitor: V, how: fn(D, V) -> Result<V::Value, D::Error>) -> Result<V::Value, Failed> {
        let deserializer = self.take()?;
        how(deserializer, visitor).map_err(|error| self.fail(error))
    }
}

impl<'de, D: Deserializer<'de>> Source for Holder<'de, D> {
    fn string(&mut self) -> Result<String, Failed> {
        self.read()
    }

    fn boolean(&mut self) -> Result<bool, Failed> {
        self.read()
    }

    fn int32(&mut self) -> Result<i32, Failed> {
        self.read()
    }

    fn int64(&mut self) -> Result<i64, Failed> {
        self.read()
    }

    fn float64(&mut self) -> Result<f64, Failed> {
        self.read()
    }

    fn date_time(&mut self) -> Result<DateTime<Utc>, Failed> {
        self.read()
    }

    fn date(&mut self) -> Result<NaiveDate, Failed> {
        self.read()
    }

    fn json(&mut self) -> Result<Value, Failed> {
        self.read()
    }

    fn json_object(&mut self) -> Result<Map<String, Value>, Failed> {
        self.read()
    }

    fn optional_string(&mut self) -> Result<Option<String>, Failed> {
        self.read()
    }

    fn optional_boolean(&mut self) -> Result<Option<bool>, Failed> {
        self.read()
    }

    fn optional_int32(&mut self) -> Result<Option<i32>, Failed> {
        self.read()
    }

    fn optional_int64(&mut self) -> Result<Option<i64>, Failed> {
        self.read()
    }

    fn optional_float64(&mut self) -> Result<Option<f64>, Failed> {
        self.read()
    }

    fn optional_date_time(&mut self) -> Result<Option<DateTime<Utc>>, Failed> {
        self.read()
    }

    fn optional_date(&mut self) -> Result<Option<NaiveDate>, Failed> {
        self.read()
    }

    fn optional_json(&mut self) -> Result<Option<Value>, Failed> {
        self.read()
    }

    fn optional_json_object(&mut self) -> Result<Option<Map<String, Value>>, Failed> {
        self.read()
    }

    fn option(&mut self, some: &mut dyn Fill) -> Result<bool, Failed> {
        let side = self.side;
        self.visit(OptionVisitor { some, side }, D::deserialize_option)
    }

    fn seq(&mut self, items: &mut dyn Fill) -> Result<(), Failed> {
        let side = self.side;
        self.visit(SeqVisitor { items, side }, D::deserialize_seq)
    }

    fn map(&mut self, entry: &mut dyn FnMut(String, &mut dyn Source) -> Result<(), Failed>) -> Result<(), Failed> {
        let side = self.side;
        self.visit(MapVisitor { entry, side }, D::deserialize_map)
    }

    fn object(&mut self, target: &mut dyn Object) -> Result<(), Failed> {
        let side = self.side;
        self.visit(ObjectVisitor { target, side }, D::deserialize_map)
    }

    fn custom(&mut self, message: &dyn fmt::Display) -> Failed {
        self.fail(de::Error::custom(message))
    }

    fn off_spec(&mut self, kind: OffSpec, _repair: &dyn Fn() -> Repair) -> Result<(), Failed> {
        match kind.verdict(self.side, false) {
            Verdict::Accept => Ok(()),
            Verdict::Report | Verdict::Fail => Err(self.fail(de::Error::custom(kind.problem()))),
        }
    }

    fn with_value(&mut self, read: &mut dyn FnMut(&mut ValueSource<'_, '_>) -> Result<(), Failed>) -> Result<(), Failed> {
        let value: Value = self.read()?;
        let mut decoding = Decoding::new(self.side, false);
        match read(&mut ValueSource::new(&value, &mut decoding)) {
            Ok(()) => Ok(()),
            Err(_) => Err(self.fail(de::Error::custom(decoding.into_problem()))),
        }
    }
}

/// Where a value read from a [`Source`] goes: an `Option` it is put in, a list it is pushed
/// onto. A trait rather than a closure, so that each type has one small function for it.
pub trait Fill {
    /// Reads one value from `source` into place.
    ///
    /// # Errors
    ///
    /// When the value is not of the type; the error is kept by `source`.
    fn fill(&mut self, source: &mut dyn Source) -> Result<(), Failed>;
}

/// Hands a deserializer to `target` as a [`Source`] of `side`'s JSON, and its failure back as
/// the deserializer's own error.
pub(crate) fn with_source<'de, D: Deserializer<'de>>(deserializer: D, target: &mut dyn Fill, side: Side) -> Result<(), D::Error> {
    let mut holder = Holder::new(deserializer, side);
    match target.fill(&mut holder) {
        Ok(()) => Ok(()),
        Err(_) => Err(holder.into_error()),
    }
}

struct OptionVisitor<'a> {
    some: &'a mut dyn Fill,
    side: Side,
}

impl<'de> Visitor<'de> for OptionVisitor<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("option")
    }

    fn visit_none<E>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        with_source(deserializer, self.some, self.side).map(|()| true)
    }
}

/// Decodes one item or entry value with the callback it carries.
struct Seed<'a> {
    decode: &'a mut dyn Fill,
    side: Side,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        with_source(deserializer, self.decode, self.side)
    }
}

struct SeqVisitor<'a> {
    items: &'a mut dyn Fill,
    side: Side,
}

impl<'de> Visitor<'de> for SeqVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Seed { decode: &mut *self.items, side: self.side })?.is_some() {}
        Ok(())
    }
}

struct MapVisitor<'a> {
    entry: &'a mut dyn FnMut(String, &mut dyn Source) -> Result<(), Failed>,
    side: Side,
}

impl<'de> Visitor<'de> for MapVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(mut key) = map.next_key::<String>()? {
            map.next_value_seed(Seed { decode: &mut Entry { key: std::mem::take(&mut key), entry: &mut *self.entry }, side: self.side })?;
        }
        Ok(())
    }
}

/// One entry of a map, its key taken, for the callback of [`Source::map`].
struct Entry<'a> {
    key: String,
    entry: &'a mut dyn FnMut(String, &mut dyn Source) -> Result<(), Failed>,
}

impl Fill for Entry<'_> {
    fn fill(&mut self, source: &mut dyn Source) -> Result<(), Failed> {
        (self.entry)(std::mem::take(&mut self.key), source)
    }
}

struct ObjectVisitor<'a> {
    target: &'a mut dyn Object,
    side: Side,
}

impl<'de> Visitor<'de> for ObjectVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", self.target.name())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let mut properties = SerdeProperties { map, error: None, side: self.side, lifetime: PhantomData };
        match decode_object(self.target, &mut properties) {
            Ok(()) => Ok(()),
            Err(_) => Err(properties.error.unwrap_or_else(|| de::Error::custom("the object could not be decoded"))),
        }
    }
}

/// The properties of an object being decoded into a model, over `MapAccess` `A`, and the
/// error reading them failed with.
struct SerdeProperties<'de, A: MapAccess<'de>> {
    map: A,
    error: Option<A::Error>,
    side: Side,
    lifetime: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> SerdeProperties<'de, A> {
    fn fail(&mut self, error: A::Error) -> Failed {
        self.error = Some(error);
        Failed(())
    }
}

impl<'de, A: MapAccess<'de>> Properties<'de> for SerdeProperties<'de, A> {
    fn next_key(&mut self) -> Result<Option<Key<'de>>, Failed> {
        self.map.next_key::<Key<'de>>().map_err(|error| self.fail(error))
    }

    fn field(&mut self, field: &mut dyn Field, present: bool) -> Result<Read, Failed> {
        let scalar = if present { Scalar::NotScalar } else { field.scalar() };
        let (map, side) = (&mut self.map, self.side);
        let read = match scalar {
            Scalar::String(field) => map.next_value().map(|value| *field = value),
            Scalar::OptionalString(field) => map.next_value().map(|value| *field = value),
            Scalar::NullableString(field) => map.next_value::<Option<String>>().map(|value| *field = Nullable::from(value)),
            Scalar::Boolean(field) => map.next_value().map(|value| *field = value),
            Scalar::OptionalBoolean(field) => map.next_value().map(|value| *field = value),
            Scalar::OptionalInt32(field) => map.next_value().map(|value| *field = value),
            Scalar::OptionalInt64(field) => map.next_value().map(|value| *field = value),
            Scalar::OptionalDateTime(field) => map.next_value().map(|value| *field = value),
            Scalar::NullableDateTime(field) => map.next_value::<Option<DateTime<Utc>>>().map(|value| *field = Nullable::from(value)),
            Scalar::OptionalText(field) => map.next_value_seed(TextSeed { field, side }),
            Scalar::NotScalar => map.next_value_seed(FieldSeed { field, present, side }),
        };
        read.map(|()| Read::AsItCame).map_err(|error| self.fail(error))
    }

    fn json(&mut self) -> Result<Value, Failed> {
        self.map.next_value::<Value>().map_err(|error| self.fail(error))
    }

    fn off_spec(&mut self, property: &'static str, kind: OffSpec, _repair: &dyn Fn() -> Repair) -> Result<(), Failed> {
        match kind.verdict(self.side, false) {
            Verdict::Accept => Ok(()),
            Verdict::Report | Verdict::Fail if kind == OffSpec::MissingRequired || kind == OffSpec::MissingOptional => {
                Err(self.fail(de::Error::missing_field(property)))
            }
            Verdict::Report | Verdict::Fail => Err(self.fail(de::Error::custom(format_args!("`{property}`: {}", kind.problem())))),
        }
    }

    /// Never called: only a lenient decoding repairs, and this one is strict.
    fn repaired(&mut self, _property: &'static str, _problem: String, _repair: Repair) {}
}

/// Reads a string or `null` into a field holding a string enum in an `Option` or `Nullable`,
/// borrowing the text from the input where it can; the errors are an `Option<String>`'s.
struct TextSeed<'a> {
    field: &'a mut dyn TextField,
    side: Side,
}

impl<'de> DeserializeSeed<'de> for TextSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for TextSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<(), E> {
        let listed = self.field.set_text(Some(text));
        match listed || OffSpec::Unlisted.verdict(self.side, false) == Verdict::Accept {
            true => Ok(()),
            false => Err(E::custom(OffSpec::Unlisted.problem())),
        }
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.field.set_text(None);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

/// Decodes one property's value into its field.
struct FieldSeed<'a> {
    field: &'a mut dyn Field,
    present: bool,
    side: Side,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut holder = Holder::new(deserializer, self.side);
        self.field.decode(&mut holder, self.present).map_err(|_| holder.into_error())
    }
}

/// An object key, borrowed from the input when it can be.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl<'de> Key<'de> {
    pub(crate) fn borrowed(key: &'de str) -> Self {
        Key(Cow::Borrowed(key))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}
