//! How models are decoded and encoded: by one decoder and one encoder in the runtime, driven by
//! each model's table of fields, rather than by a visitor and an encoder written out (and compiled
//! again for every deserializer and serializer) for every model.
//!
//! A model says, once, what the decoder needs: its properties' wire names and presence rules
//! ([`FieldRule`]), its fields as trait objects ([`Object::fields`]), and an empty value to
//! decode into. Everything else (unlisted properties kept, `null`s the spec does not allow kept
//! for sending back, required properties checked, values the lenient decoder replaced sent back
//! as they came) is here, compiled once.

mod encode;
mod impls;
mod object;
mod report;
mod source;
mod value;

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Deserializer;

use super::{Additional, Nullable, TextField};

pub(crate) use encode::serialize_with;
pub(crate) use report::pointer_of;
pub(crate) use source::with_source;
pub(crate) use value::{Decoding, ValueSource};
pub use encode::{serialize, Encode, Entries, Items, Sink};
pub use report::{Deviation, InvalidValue, OffSpec, Repair, Side};
pub use source::{Failed, Fill, Source};

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
    wire: &'static str,
    field: &'static str,
    presence: Presence,
    read_only: bool,
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

/// Decodes a `T` from `deserializer` as a caller's own JSON: what a model's `Deserialize` does.
///
/// # Errors
///
/// The deserializer's error for a value that is not a `T`.
#[doc(hidden)]
pub fn deserialize<'de, D: Deserializer<'de>, T: Decode>(deserializer: D) -> Result<T, D::Error> {
    let mut holder = source::Holder::new(deserializer, Side::Request);
    T::decode(&mut holder).map_err(|_| holder.into_error())
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

/// `Deserialize`, `Serialize`, [`Decode`], [`Encode`] and `Debug` for model `$name`, which
/// implements [`Object`].
///
/// Every function generated for a model or an operation is `#[inline]`: a crate compiles (to
/// machine code) only the ones a program reaches, in the program's own build, rather than all of
/// them when the client is built. It is what cargo's `hints.mostly-unused` does on nightly, done
/// on stable: a program that calls a few operations of an API of a thousand builds the thousand's
/// types and signatures, and the code of the few.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_impls {
    ($name:ident) => {
        impl $crate::Decode for $name {
            #[inline]
            fn decode(source: &mut dyn $crate::Source) -> ::std::result::Result<Self, $crate::Failed> {
                $crate::decode_model(source, <Self as $crate::Object>::empty())
            }

            #[inline]
            fn empty() -> Self {
                <Self as $crate::Object>::empty()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::deserialize(deserializer)
            }
        }

        impl $crate::Encode for $name {
            #[inline]
            fn encode(&self, sink: &mut dyn $crate::Sink) -> ::std::result::Result<(), $crate::Failed> {
                sink.object(self)
            }
        }

        impl ::std::fmt::Debug for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::debug_model(self, f)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::serialize(self, serializer)
            }
        }
    };
}

#[cfg(test)]
mod tests;
