//! What the codec is made of: the traits a value is decoded through ([`Source`], [`Fill`],
//! [`Decode`]) and encoded through ([`Sink`], [`Encode`]), and what a model says of itself
//! ([`Object`], its [`FieldRule`]s, its fields as [`Field`]s). Every other file of the codec
//! implements or drives these; none of them is imported here.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};

use super::report::{OffSpec, Repair};
use crate::model::additional::Additional;
use crate::model::nullable::Nullable;

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
    fn with_value(&mut self, read: &mut dyn FnMut(&mut dyn Parsed) -> Result<(), Failed>) -> Result<(), Failed>;
}

/// The [`Source`] methods a source reads with serde's own `Deserialize` of the type, through
/// its `read` method: the scalars, alone and in an `Option`, and (`$extra`) any more it names.
macro_rules! read_by_serde {
    ($($extra:ident: $extra_ty:ty),*) => {
        read_by_serde!(@methods
            string: String, boolean: bool, int32: i32, int64: i64, float64: f64, date_time: DateTime<Utc>, date: NaiveDate,
            optional_string: Option<String>, optional_boolean: Option<bool>, optional_int32: Option<i32>, optional_int64: Option<i64>,
            optional_float64: Option<f64>, optional_date_time: Option<DateTime<Utc>>, optional_date: Option<NaiveDate>
            $(, $extra: $extra_ty)*
        );
    };
    (@methods $($method:ident: $ty:ty),*) => {
        $(
            fn $method(&mut self) -> Result<$ty, Failed> {
                self.read()
            }
        )*
    };
}
pub(super) use read_by_serde;

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

/// A value already parsed, for a union to look at whole before it decodes any of it, and to try
/// its alternatives on.
pub trait Parsed: Source {
    /// The value as it came.
    fn value(&self) -> &Value;
    /// Decodes the value with `read` strictly, reporting nothing: whether it is what `read`
    /// reads.
    fn probe(&mut self, read: &mut dyn FnMut(&mut dyn Source) -> Result<(), Failed>) -> bool;
    /// How many repairs decoding the value with `read` leniently needs, reporting nothing;
    /// `None` when even that fails.
    fn repairs(&mut self, read: &mut dyn FnMut(&mut dyn Source) -> Result<(), Failed>) -> Option<usize>;
}

/// How a model's property is typed, decoded when missing or `null`, and sent.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required, not nullable (`T`): missing is an error.
    Always,
    /// Required and nullable (`Option<T>`): always sent, `None` as `null`; a property that did
    /// not come at all is remembered and left out again.
    Nullable,
    /// Required and read-only (`Option<T>`): missing is an error in a response only.
    ServerSet,
    /// Optional (`Option<T>`), left out when `None`; a `null` that came, which the spec does not
    /// allow, is remembered and sent back while the field stays `None`.
    Optional,
    /// Optional, of a type that holds `null` itself (`Option<Value>`): a `null` that came is
    /// `Some(null)`.
    OptionalHoldingNull,
    /// Optional and nullable (`Nullable<T>`): left out, `null` or a value, as it came.
    Tristate,
}

/// One property of a model: its name on the wire, how it is present, and whether the server
/// alone sets it (then it is never sent).
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct FieldRule {
    pub(super) wire: &'static str,
    pub(super) field: &'static str,
    pub(super) presence: Presence,
    pub(super) read_only: bool,
}

impl FieldRule {
    /// Property `wire`, held in the field named `field`, present as `presence` says.
    pub const fn new(wire: &'static str, field: &'static str, presence: Presence) -> Self {
        FieldRule { wire, field, presence, read_only: false }
    }

    /// The same property, set by the server alone: decoded, never sent.
    pub const fn read_only(self) -> Self {
        FieldRule { read_only: true, ..self }
    }
}

/// What [`Object::fields`] hands the fields to.
#[doc(hidden)]
pub type VisitFields<'a> = dyn FnMut(&[&dyn Field], &Additional) + 'a;

/// What [`Object::fields_mut`] hands the fields to change to.
#[doc(hidden)]
pub type VisitFieldsMut<'a> = dyn FnMut(&mut [&mut dyn Field], &mut Additional) -> Result<(), Failed> + 'a;

/// A model the runtime decodes and encodes: an object type with listed properties.
#[doc(hidden)]
pub trait Object {
    /// The model's name, for error messages.
    fn name(&self) -> &'static str;

    /// Its properties, in the order of [`Object::fields`].
    fn rules(&self) -> &'static [FieldRule];

    /// The indexes of [`Object::rules`] sorted by wire name, for the decoder to find a property
    /// by; empty (every property looked for in turn) for a model that gives none.
    fn by_wire(&self) -> &'static [u32] {
        &[]
    }

    /// Hands `visit` the fields, in the order of [`Object::rules`], and the unlisted properties.
    fn fields(&self, visit: &mut VisitFields<'_>);

    /// Hands `visit` the fields to change, in the order of [`Object::rules`], and the unlisted
    /// properties.
    fn fields_mut(&mut self, visit: &mut VisitFieldsMut<'_>) -> Result<(), Failed>;

    /// The name of the field that holds the unlisted properties.
    fn additional_name(&self) -> &'static str {
        "additional_properties"
    }

    /// The value decoding starts from: every field empty.
    fn empty() -> Self
    where
        Self: Sized;
}

/// A type a model's field holds, decoded through a [`Source`].
#[doc(hidden)]
pub trait Decode: Sized {
    /// Reads the value.
    ///
    /// # Errors
    ///
    /// When the value is not of this type; the error is kept by `source`.
    fn decode(source: &mut dyn Source) -> Result<Self, Failed>;

    /// Reads `null` as `None`, or the value.
    ///
    /// # Errors
    ///
    /// As [`Decode::decode`].
    fn decode_option(source: &mut dyn Source) -> Result<Option<Self>, Failed> {
        let mut decoded = None;
        match source.option(&mut decoded) {
            Ok(_) => Ok(decoded),
            Err(failed) => Err(failed),
        }
    }

    /// Reads a value that came, `null` included, into an `Option` field that holds it as `Some`
    /// (an optional property of a type that holds `null`).
    ///
    /// # Errors
    ///
    /// As [`Decode::decode`].
    fn decode_present(source: &mut dyn Source) -> Result<Self, Failed> {
        Self::decode(source)
    }

    /// The value a model's field starts from before decoding fills it in.
    fn empty() -> Self;

    /// Whether the value is left out when its model is sent: an `Option`'s `None`, a
    /// `Nullable`'s `Absent`. One question for both, as a field's presence rule says which of
    /// the two it is: one function per field type rather than two.
    fn is_left_out(&self) -> bool {
        false
    }

    /// The field, for the decoder to fill straight from the deserializer when it is of one of
    /// the common scalar types.
    fn scalar(&mut self) -> Scalar<'_> {
        Scalar::NotScalar
    }

    /// An `Option` of this type, as [`Decode::scalar`].
    fn option_scalar(_option: &mut Option<Self>) -> Scalar<'_> {
        Scalar::NotScalar
    }

    /// A `Nullable` of this type, as [`Decode::scalar`].
    fn nullable_scalar(_nullable: &mut Nullable<Self>) -> Scalar<'_> {
        Scalar::NotScalar
    }
}

/// A field of one of the types most properties have (three in four of the SailPoint models'
/// fields), which the decoder fills with the deserializer's own reading of the type rather than
/// through a [`Source`]: two dynamic calls and a holder less for each such property. Either way
/// a value decodes the same, errors included.
#[doc(hidden)]
pub enum Scalar<'a> {
    /// A required string.
    String(&'a mut String),
    /// An optional string.
    OptionalString(&'a mut Option<String>),
    /// An optional, nullable string.
    NullableString(&'a mut Nullable<String>),
    /// A required boolean.
    Boolean(&'a mut bool),
    /// An optional boolean.
    OptionalBoolean(&'a mut Option<bool>),
    /// An optional 32-bit integer.
    OptionalInt32(&'a mut Option<i32>),
    /// An optional 64-bit integer.
    OptionalInt64(&'a mut Option<i64>),
    /// An optional date and time.
    OptionalDateTime(&'a mut Option<DateTime<Utc>>),
    /// An optional, nullable date and time.
    NullableDateTime(&'a mut Nullable<DateTime<Utc>>),
    /// A string enum in an `Option` or a `Nullable`.
    OptionalText(&'a mut dyn TextField),
    /// A field of any other type, decoded through a [`Source`].
    NotScalar,
}

/// A model's field as the runtime's decoder and encoder use it.
#[doc(hidden)]
pub trait Field {
    /// Decodes the value into the field (as [`Decode::decode_present`] when `present`).
    ///
    /// # Errors
    ///
    /// When the value is not of the field's type.
    fn decode(&mut self, source: &mut dyn Source, present: bool) -> Result<(), Failed>;
    /// Whether the field is left out when sent (`None`, or `Nullable::Absent`).
    fn is_left_out(&self) -> bool;
    /// The field, to fill straight from the deserializer when it is of a common scalar type.
    fn scalar(&mut self) -> Scalar<'_>;
    /// The field, to encode.
    fn encodable(&self) -> &dyn Encode;
    /// The field, to show; its `Debug` text also tells values apart as `==` does.
    fn as_debug(&self) -> &dyn fmt::Debug;
}

impl<T: Decode + Encode + fmt::Debug> Field for T {
    fn decode(&mut self, source: &mut dyn Source, present: bool) -> Result<(), Failed> {
        match if present { T::decode_present(source) } else { T::decode(source) } {
            Ok(value) => {
                *self = value;
                Ok(())
            }
            Err(failed) => Err(failed),
        }
    }

    fn is_left_out(&self) -> bool {
        Decode::is_left_out(self)
    }

    fn scalar(&mut self) -> Scalar<'_> {
        Decode::scalar(self)
    }

    fn encodable(&self) -> &dyn Encode {
        self
    }

    fn as_debug(&self) -> &dyn fmt::Debug {
        self
    }
}

/// Shows `model` as `#[derive(Debug)]` would: its type's name, each field by name, then the
/// unlisted properties.
///
/// # Errors
///
/// The formatter's.
#[doc(hidden)]
pub fn debug_model(model: &dyn Object, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let rules = model.rules();
    let mut shown = Ok(());
    model.fields(&mut |fields, additional| {
        let mut out = f.debug_struct(model.name());
        for (rule, field) in rules.iter().zip(fields) {
            out.field(rule.field, field.as_debug());
        }
        shown = out.field(model.additional_name(), additional).finish();
    });
    shown
}

/// A field holding a string enum in an `Option` or `Nullable`, that the decoder sets
/// from the text of the value as it lies in the input: a known value needs no `String`.
#[doc(hidden)]
pub trait TextField {
    /// Sets the field from `text`, or from `null` (`None`); whether the spec lists the value.
    fn set_text(&mut self, text: Option<&str>) -> bool;
}

/// Decodes model `M` from `source`.
///
/// # Errors
///
/// When the value is not an `M`.
#[doc(hidden)]
pub fn decode_model<M: Object>(source: &mut dyn Source, mut model: M) -> Result<M, Failed> {
    match source.object(&mut model) {
        Ok(()) => Ok(model),
        Err(failed) => Err(failed),
    }
}

/// Where a value is encoded to, whatever serializer is behind it. Each method writes the
/// value once.
#[doc(hidden)]
pub trait Sink {
    /// `null`.
    fn null(&mut self) -> Result<(), Failed>;
    /// A string.
    fn string(&mut self, value: &str) -> Result<(), Failed>;
    /// A boolean.
    fn boolean(&mut self, value: bool) -> Result<(), Failed>;
    /// A 32-bit integer.
    fn int32(&mut self, value: i32) -> Result<(), Failed>;
    /// A 64-bit integer.
    fn int64(&mut self, value: i64) -> Result<(), Failed>;
    /// A number.
    fn float64(&mut self, value: f64) -> Result<(), Failed>;
    /// An RFC 3339 date and time.
    fn date_time(&mut self, value: &DateTime<Utc>) -> Result<(), Failed>;
    /// A calendar date.
    fn date(&mut self, value: &NaiveDate) -> Result<(), Failed>;
    /// Any JSON value.
    fn json(&mut self, value: &Value) -> Result<(), Failed>;
    /// An array of `len` items.
    fn seq(&mut self, len: usize, items: &mut dyn SinkItems<'_>) -> Result<(), Failed>;
    /// An object of `len` entries.
    fn map(&mut self, len: usize, entries: &mut dyn SinkEntries<'_>) -> Result<(), Failed>;
    /// A model, its properties as its rules send them.
    fn object(&mut self, model: &dyn Object) -> Result<(), Failed>;
}

/// The items of an array being encoded, one at a time: an iterator with nothing but `next`, so
/// that a type's list compiles one small function rather than every method of `dyn Iterator`.
#[doc(hidden)]
pub trait SinkItems<'a> {
    /// The next item.
    fn next_item(&mut self) -> Option<&'a dyn Encode>;
}

impl<'a, I: Iterator<Item = &'a dyn Encode>> SinkItems<'a> for I {
    fn next_item(&mut self) -> Option<&'a dyn Encode> {
        self.next()
    }
}

/// The entries of an object being encoded, one at a time, as [`SinkItems`].
#[doc(hidden)]
pub trait SinkEntries<'a> {
    /// The next entry.
    fn next_entry(&mut self) -> Option<(&'a str, &'a dyn Encode)>;
}

impl<'a, I: Iterator<Item = (&'a str, &'a dyn Encode)>> SinkEntries<'a> for I {
    fn next_entry(&mut self) -> Option<(&'a str, &'a dyn Encode)> {
        self.next()
    }
}

/// A type a model's field holds, encoded through a [`Sink`].
#[doc(hidden)]
pub trait Encode {
    /// Writes the value to `sink`.
    ///
    /// # Errors
    ///
    /// The sink's, kept by the sink.
    fn encode(&self, sink: &mut dyn Sink) -> Result<(), Failed>;
}

