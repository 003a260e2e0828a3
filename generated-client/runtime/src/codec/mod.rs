//! How bodies are decoded and encoded: one decoder and one encoder in the runtime, driven by
//! each model's table of fields ([`FieldRule`]s, and its fields as [`Field`] trait objects),
//! rather than code written out for every model and compiled again for every deserializer.
//!
//! # The decode chain, from a response body to a field
//!
//! ```text
//! body.rs      decode_into(bytes, side, strict, target)
//!                1. target.read_text(bytes, side)       the fast way: strict, from the text
//! target.rs        Slot<T, ByDecode> -> T::decode(&mut Holder)
//! source.rs          Holder (a serde Deserializer as a Source; Side says whose JSON)
//!                      .object(model) -> SerdeProperties
//! object.rs              decode_object(model, properties): each key found in the model's
//!                        rules, the field decoded (a common scalar straight from the
//!                        deserializer, the rest through a Source), required ones checked
//!                2. on a value off the spec: parse once, then target.read_value(&value, decoding)
//! value.rs         ValueSource over the parsed value, and the Decoding it carries: whose JSON,
//!                  strict or lenient, the path so far, what was found
//!                      .object(model) -> ValueProperties -> decode_object, as above; a field
//!                      that cannot be read is, leniently, repaired where it is (its value kept
//!                      in the model's Additional, a Deviation at its pointer), or, strictly,
//!                      the InvalidValue naming its pointer
//! union.rs           a union: decode_union(source) -> source.with_value -> the alternative the
//!                    value is (tag, best fit, first that reads it as it is, fewest repairs)
//! impls.rs           scalars, Option, Nullable, Vec, maps, enums (an unlisted value: OffSpec)
//! report.rs          Deviation, Repair, InvalidValue, and OffSpec::verdict: what a value off the
//!                    spec does for this Side and strictness (taken, reported, or a failure)
//! ```
//!
//! # The encode chain, from a value to JSON
//!
//! ```text
//! encode.rs    serialize_with(value, serializer, read_only) -> value.encode(&mut SinkOf)
//!                a model: sent(rules, fields, additional, read_only): each field as its rule
//!                sends it, or, while it holds what decoding gave it, what came (the model's
//!                Additional remembers), then the unlisted properties
//! ```
//!
//! Nothing is decided by state of the thread or by reading an error's text: whose JSON it is,
//! strictness and read-only properties are arguments, and a location is the decoder's own path.
//! [`traits`] holds what the rest implements; `target.rs` erases the type a body decodes to, so
//! that the driving code is compiled once; `contract.rs` is the contract tests' table of codecs.

mod body;
mod contract;
mod encode;
mod impls;
mod object;
mod report;
mod source;
pub(crate) mod target;
mod traits;
mod union;
mod value;

pub(crate) use body::{decode_all, decode_into, decode_item, DecodeFailure};
pub(crate) use encode::serialize_with;
pub(crate) use target::{ByDecode, BySerde, ItemList, List, Mode, Slot, Destination};
pub use body::decode;
pub use contract::{find_codec, Codec};
pub use encode::serialize;
pub use impls::{decode_enum, decode_optional_enum};
pub use report::{Deviation, InvalidValue, OffSpec, Repair, Side};
pub use source::deserialize;
pub use traits::{debug_model, decode_model, Decode, Encode, SinkEntries, Failed, Field, FieldRule, Fill, SinkItems, Object, Parsed, Presence, Scalar, Sink, Source, TextField, VisitFields, VisitFieldsMut};
pub use union::{decode_union, Alternative, Shape, Tag};

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
        impl $crate::__private::Decode for $name {
            #[inline]
            fn decode(source: &mut dyn $crate::__private::Source) -> ::std::result::Result<Self, $crate::__private::Failed> {
                $crate::__private::decode_model(source, <Self as $crate::__private::Object>::empty())
            }

            #[inline]
            fn empty() -> Self {
                <Self as $crate::__private::Object>::empty()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::__private::deserialize(deserializer)
            }
        }

        impl $crate::__private::Encode for $name {
            #[inline]
            fn encode(&self, sink: &mut dyn $crate::__private::Sink) -> ::std::result::Result<(), $crate::__private::Failed> {
                sink.object(self)
            }
        }

        impl ::std::fmt::Debug for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::__private::debug_model(self, f)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::__private::serialize(self, serializer)
            }
        }
    };
}

#[cfg(test)]
mod tests;
