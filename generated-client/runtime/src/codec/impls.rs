//! [`Decode`] for every type a model's field holds: the scalars, free JSON, and the containers
//! around them. Models, enums and unions implement it where they are generated.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};

use super::report::{OffSpec, Repair};
use super::traits::{Decode, Failed, Fill, Scalar, Source, TextField};
use crate::model::enums::WireEnum;
use crate::model::nullable::Nullable;

/// `Decode` for a type its source reads directly.
macro_rules! scalar {
    ($($ty:ty => $read:ident, $optional:ident, $empty:expr $(, scalars $scalar:tt $option_scalar:tt $nullable_scalar:tt)?;)*) => {
        $(
            impl Decode for $ty {
                fn decode(source: &mut dyn Source) -> Result<Self, Failed> {
                    source.$read()
                }

                fn decode_option(source: &mut dyn Source) -> Result<Option<Self>, Failed> {
                    source.$optional()
                }

                fn empty() -> Self {
                    $empty
                }

                $(
                    fn scalar(&mut self) -> Scalar<'_> {
                        scalar_variant!(self, $scalar)
                    }

                    fn option_scalar(option: &mut Option<Self>) -> Scalar<'_> {
                        scalar_variant!(option, $option_scalar)
                    }

                    fn nullable_scalar(nullable: &mut Nullable<Self>) -> Scalar<'_> {
                        scalar_variant!(nullable, $nullable_scalar)
                    }
                )?
            }
        )*
    };
}

/// The [`Scalar`] variant for a field, or `NotScalar` for a type without one (`_`).
macro_rules! scalar_variant {
    ($field:ident, _) => {{
        let _ = $field;
        Scalar::NotScalar
    }};
    ($field:ident, $variant:ident) => {
        Scalar::$variant($field)
    };
}

scalar! {
    String => string, optional_string, String::new(), scalars String OptionalString NullableString;
    bool => boolean, optional_boolean, false, scalars Boolean OptionalBoolean _;
    i32 => int32, optional_int32, 0, scalars _ OptionalInt32 _;
    i64 => int64, optional_int64, 0, scalars _ OptionalInt64 _;
    f64 => float64, optional_float64, 0.0;
    DateTime<Utc> => date_time, optional_date_time, DateTime::UNIX_EPOCH, scalars _ OptionalDateTime NullableDateTime;
    NaiveDate => date, optional_date, DateTime::UNIX_EPOCH.date_naive();
    Value => json, optional_json, Value::Null;
    Map<String, Value> => json_object, optional_json_object, Map::new();
}

// Per-type code below matches on results rather than using `?` and closures: each of those is
// one more function compiled for every field type.

/// Puts the value in the `Option`.
impl<T: Decode> Fill for Option<T> {
    fn fill(&mut self, source: &mut dyn Source) -> Result<(), Failed> {
        match T::decode(source) {
            Ok(value) => {
                *self = Some(value);
                Ok(())
            }
            Err(failed) => Err(failed),
        }
    }
}

/// Pushes each item onto the list.
impl<T: Decode> Fill for Vec<T> {
    fn fill(&mut self, source: &mut dyn Source) -> Result<(), Failed> {
        match T::decode(source) {
            Ok(item) => {
                self.push(item);
                Ok(())
            }
            Err(failed) => Err(failed),
        }
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(source: &mut dyn Source) -> Result<Self, Failed> {
        T::decode_option(source)
    }

    fn decode_present(source: &mut dyn Source) -> Result<Self, Failed> {
        let mut decoded = None;
        match decoded.fill(source) {
            Ok(()) => Ok(decoded),
            Err(failed) => Err(failed),
        }
    }

    fn empty() -> Self {
        None
    }

    fn is_left_out(&self) -> bool {
        self.is_none()
    }

    fn scalar(&mut self) -> Scalar<'_> {
        T::option_scalar(self)
    }
}

impl<T: Decode> Decode for Nullable<T> {
    fn decode(source: &mut dyn Source) -> Result<Self, Failed> {
        Option::<T>::decode(source).map(Nullable::from)
    }

    fn empty() -> Self {
        Nullable::Absent
    }

    fn is_left_out(&self) -> bool {
        self.is_absent()
    }

    fn scalar(&mut self) -> Scalar<'_> {
        T::nullable_scalar(self)
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(source: &mut dyn Source) -> Result<Self, Failed> {
        let mut items = Vec::new();
        match source.seq(&mut items) {
            Ok(()) => Ok(items),
            Err(failed) => Err(failed),
        }
    }

    fn empty() -> Self {
        Vec::new()
    }
}

impl<T: Decode> Decode for BTreeMap<String, T> {
    fn decode(source: &mut dyn Source) -> Result<Self, Failed> {
        let mut entries = BTreeMap::new();
        source.map(&mut |key, value| {
            entries.insert(key, T::decode(value)?);
            Ok(())
        })?;
        Ok(entries)
    }

    fn empty() -> Self {
        BTreeMap::new()
    }
}

impl<T: Decode> Decode for Box<T> {
    fn decode(source: &mut dyn Source) -> Result<Self, Failed> {
        T::decode(source).map(Box::new)
    }

    fn decode_present(source: &mut dyn Source) -> Result<Self, Failed> {
        T::decode_present(source).map(Box::new)
    }

    fn empty() -> Self {
        Box::new(T::empty())
    }

    fn is_left_out(&self) -> bool {
        (**self).is_left_out()
    }
}

impl<E: WireEnum> TextField for Option<E> {
    fn set_text(&mut self, text: Option<&str>) -> bool {
        *self = text.map(E::from_wire);
        self.as_ref().is_none_or(WireEnum::is_listed)
    }
}

impl<E: WireEnum> TextField for Nullable<E> {
    fn set_text(&mut self, text: Option<&str>) -> bool {
        *self = text.map(E::from_wire).into();
        self.value().is_none_or(WireEnum::is_listed)
    }
}

/// Decodes a string enum: a value the spec does not list is kept in the `Unknown` variant, and
/// taken, reported or refused as the decoding says.
///
/// # Errors
///
/// When the value is not a string, or is unlisted and the decoding refuses that.
#[doc(hidden)]
pub fn decode_enum<E: WireEnum>(source: &mut dyn Source) -> Result<E, Failed> {
    let text = source.string()?;
    listed(source, &text)
}

/// [`decode_enum`] of `null` or a string enum.
///
/// # Errors
///
/// As [`decode_enum`].
#[doc(hidden)]
pub fn decode_optional_enum<E: WireEnum>(source: &mut dyn Source) -> Result<Option<E>, Failed> {
    match source.optional_string()? {
        Some(text) => listed(source, &text).map(Some),
        None => Ok(None),
    }
}

/// The enum value `text` is; one the spec does not list is off the spec, as `source` says.
fn listed<E: WireEnum>(source: &mut dyn Source, text: &str) -> Result<E, Failed> {
    let value = E::from_wire(text);
    if !value.is_listed() {
        source.off_spec(OffSpec::Unlisted, &|| Repair::Kept(Value::String(text.to_owned())))?;
    }
    Ok(value)
}
