//! The one place decoding meets serde's generic `Deserializer`: a [`Source`] is any deserializer
//! behind an object-safe trait, so that models decode through code compiled once per deserializer
//! type (three or four in a program) rather than once per model and deserializer.

use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::object::{decode_object, Key, Properties, Read};
use super::report::{OffSpec, Repair, Side, Verdict};
use super::traits::{read_by_serde, Decode, Failed, Field, Fill, Object, Parsed, Scalar, Source, TextField};
use super::value::{Decoding, ValueSource};
use crate::model::nullable::Nullable;

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
        Failed::new()
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
    read_by_serde!(json: Value, json_object: Map<String, Value>, optional_json: Option<Value>, optional_json_object: Option<Map<String, Value>>);

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

    fn with_value(&mut self, read: &mut dyn FnMut(&mut dyn Parsed) -> Result<(), Failed>) -> Result<(), Failed> {
        let value: Value = self.read()?;
        let mut decoding = Decoding::new(self.side, false);
        match read(&mut ValueSource::new(&value, &mut decoding)) {
            Ok(()) => Ok(()),
            Err(_) => Err(self.fail(de::Error::custom(decoding.into_problem()))),
        }
    }
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
        Failed::new()
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

/// Decodes a `T` from `deserializer` as a caller's own JSON: what a model's `Deserialize` does.
///
/// # Errors
///
/// The deserializer's error for a value that is not a `T`.
#[doc(hidden)]
pub fn deserialize<'de, D: Deserializer<'de>, T: Decode>(deserializer: D) -> Result<T, D::Error> {
    let mut holder = Holder::new(deserializer, Side::Request);
    T::decode(&mut holder).map_err(|_| holder.into_error())
}
