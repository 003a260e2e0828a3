//! Encoding, the mirror of [`Source`](super::Source): a type says what it is to an object-safe
//! [`Sink`], and the one place that meets serde's generic `Serializer` is [`SinkOf`], compiled
//! once per serializer type rather than once per model, field type and serializer.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use super::traits::{Encode, SinkEntries, Failed, Field, FieldRule, SinkItems, Object, Presence, Sink};
use crate::model::additional::Additional;
use crate::model::nullable::Nullable;

/// Encodes `value` with `serializer`: what `Serialize` does for every generated type.
///
/// # Errors
///
/// The serializer's error.
#[doc(hidden)]
pub fn serialize<S: Serializer>(value: &dyn Encode, serializer: S) -> Result<S::Ok, S::Error> {
    serialize_with(value, serializer, false)
}

/// Encodes `value` with `serializer`, the models' read-only properties too when `read_only`
/// (as a server sends them, or a caller who sends back what a server sent).
///
/// # Errors
///
/// The serializer's error.
pub(crate) fn serialize_with<S: Serializer>(value: &dyn Encode, serializer: S, read_only: bool) -> Result<S::Ok, S::Error> {
    let mut sink = SinkOf { serializer: Some(serializer), ok: None, error: None, read_only };
    let encoded = value.encode(&mut sink);
    match (encoded, sink.ok, sink.error) {
        (Ok(()), Some(ok), _) => Ok(ok),
        (_, _, Some(error)) => Err(error),
        _ => Err(serde::ser::Error::custom("a value was encoded as nothing, or twice")),
    }
}

/// `value` as JSON, as a request sends it: for reporting a placeholder.
pub(crate) fn to_json(value: &dyn Encode) -> Value {
    serialize(value, serde_json::value::Serializer).unwrap_or(Value::Null)
}

/// An [`Encode`] as a `Serialize`, for the items and entries handed to a serializer, encoded as
/// the value that holds them is.
struct Encoded<'a> {
    value: &'a dyn Encode,
    read_only: bool,
}

impl Serialize for Encoded<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_with(self.value, serializer, self.read_only)
    }
}

/// A [`Sink`] over serializer `S`: the serializer until it is used, then what it gave; and
/// whether models send their read-only properties.
struct SinkOf<S: Serializer> {
    serializer: Option<S>,
    ok: Option<S::Ok>,
    error: Option<S::Error>,
    read_only: bool,
}

impl<S: Serializer> SinkOf<S> {
    fn write(&mut self, how: impl FnOnce(S) -> Result<S::Ok, S::Error>) -> Result<(), Failed> {
        let Some(serializer) = self.serializer.take() else {
            self.error = Some(serde::ser::Error::custom("a value was encoded twice"));
            return Err(Failed::new());
        };
        match how(serializer) {
            Ok(ok) => {
                self.ok = Some(ok);
                Ok(())
            }
            Err(error) => {
                self.error = Some(error);
                Err(Failed::new())
            }
        }
    }
}

impl<S: Serializer> Sink for SinkOf<S> {
    fn null(&mut self) -> Result<(), Failed> {
        self.write(S::serialize_unit)
    }

    fn string(&mut self, value: &str) -> Result<(), Failed> {
        self.write(|s| s.serialize_str(value))
    }

    fn boolean(&mut self, value: bool) -> Result<(), Failed> {
        self.write(|s| s.serialize_bool(value))
    }

    fn int32(&mut self, value: i32) -> Result<(), Failed> {
        self.write(|s| s.serialize_i32(value))
    }

    fn int64(&mut self, value: i64) -> Result<(), Failed> {
        self.write(|s| s.serialize_i64(value))
    }

    fn float64(&mut self, value: f64) -> Result<(), Failed> {
        self.write(|s| s.serialize_f64(value))
    }

    fn date_time(&mut self, value: &DateTime<Utc>) -> Result<(), Failed> {
        self.write(|s| value.serialize(s))
    }

    fn date(&mut self, value: &NaiveDate) -> Result<(), Failed> {
        self.write(|s| value.serialize(s))
    }

    fn json(&mut self, value: &Value) -> Result<(), Failed> {
        self.write(|s| value.serialize(s))
    }

    fn seq(&mut self, len: usize, items: &mut dyn SinkItems<'_>) -> Result<(), Failed> {
        let read_only = self.read_only;
        self.write(|s| {
            let mut seq = s.serialize_seq(Some(len))?;
            while let Some(value) = items.next_item() {
                seq.serialize_element(&Encoded { value, read_only })?;
            }
            seq.end()
        })
    }

    fn map(&mut self, len: usize, entries: &mut dyn SinkEntries<'_>) -> Result<(), Failed> {
        let read_only = self.read_only;
        self.write(|s| {
            let mut map = s.serialize_map(Some(len))?;
            while let Some((key, value)) = entries.next_entry() {
                map.serialize_entry(key, &Encoded { value, read_only })?;
            }
            map.end()
        })
    }

    fn object(&mut self, model: &dyn Object) -> Result<(), Failed> {
        let rules = model.rules();
        let read_only = self.read_only;
        let mut written = Err(Failed::new());
        model.fields(&mut |fields, additional| {
            let sent = sent(rules, fields, additional, read_only);
            written = self.map(sent.len(), &mut sent.into_iter());
        });
        written
    }
}

/// `Encode` for a type a sink writes directly.
macro_rules! scalar {
    ($($ty:ty => |$value:ident, $sink:ident| $write:expr;)*) => {
        $(
            impl Encode for $ty {
                fn encode(&self, $sink: &mut dyn Sink) -> Result<(), Failed> {
                    let $value = self;
                    $write
                }
            }
        )*
    };
}

scalar! {
    String => |value, sink| sink.string(value);
    bool => |value, sink| sink.boolean(*value);
    i32 => |value, sink| sink.int32(*value);
    i64 => |value, sink| sink.int64(*value);
    f64 => |value, sink| sink.float64(*value);
    DateTime<Utc> => |value, sink| sink.date_time(value);
    NaiveDate => |value, sink| sink.date(value);
    Value => |value, sink| sink.json(value);
    Map<String, Value> => |value, sink| sink.map(value.len(), &mut value.iter().map(|(key, value)| (key.as_str(), value as &dyn Encode)));
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, sink: &mut dyn Sink) -> Result<(), Failed> {
        match self {
            Some(value) => value.encode(sink),
            None => sink.null(),
        }
    }
}

impl<T: Encode> Encode for Nullable<T> {
    fn encode(&self, sink: &mut dyn Sink) -> Result<(), Failed> {
        match self {
            Nullable::Value(value) => value.encode(sink),
            Nullable::Null | Nullable::Absent => sink.null(),
        }
    }
}

impl<T: Encode> Encode for [T] {
    fn encode(&self, sink: &mut dyn Sink) -> Result<(), Failed> {
        sink.seq(self.len(), &mut self.iter().map(|item| item as &dyn Encode))
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, sink: &mut dyn Sink) -> Result<(), Failed> {
        self.as_slice().encode(sink)
    }
}

impl<T: Encode + ?Sized> Encode for &T {
    fn encode(&self, sink: &mut dyn Sink) -> Result<(), Failed> {
        (**self).encode(sink)
    }
}

impl<T: Encode> Encode for BTreeMap<String, T> {
    fn encode(&self, sink: &mut dyn Sink) -> Result<(), Failed> {
        sink.map(self.len(), &mut self.iter().map(|(key, value)| (key.as_str(), value as &dyn Encode)))
    }
}

impl<T: Encode> Encode for Box<T> {
    fn encode(&self, sink: &mut dyn Sink) -> Result<(), Failed> {
        (**self).encode(sink)
    }
}

/// What encoding a model sends, in order: each field its rule sends (a value that came off the
/// spec as it came, while the field holds what decoding gave it; a read-only one only when
/// `read_only` says so), then the unlisted properties; a property of a field's name put in the
/// map by hand would be sent twice, so the field wins.
pub(crate) fn sent<'a>(rules: &'a [FieldRule], fields: &'a [&'a dyn Field], additional: &'a Additional, read_only: bool) -> Vec<(&'a str, &'a dyn Encode)> {
    let mut sent: Vec<(&str, &dyn Encode)> = Vec::with_capacity(fields.len() + additional.len());
    for (rule, field) in rules.iter().zip(fields) {
        if rule.read_only && !read_only {
            continue;
        }
        match additional.as_received(rule.wire, || format!("{:?}", field.as_debug())) {
            Some(Some(original)) => sent.push((rule.wire, original)),
            Some(None) => {}
            None => {
                let send = match rule.presence {
                    Presence::Always | Presence::Nullable => true,
                    Presence::ServerSet | Presence::Optional | Presence::OptionalHoldingNull | Presence::Tristate => !field.is_left_out(),
                };
                if send {
                    sent.push((rule.wire, field.encodable()));
                }
            }
        }
    }
    for (key, value) in additional.iter() {
        if !rules.iter().any(|rule| rule.wire == key) {
            sent.push((key.as_str(), value));
        }
    }
    sent
}
