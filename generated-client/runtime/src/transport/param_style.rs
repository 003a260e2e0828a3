//! Parameters that are not one scalar (lists, objects, unions, free JSON), laid out as the
//! spec's `style` and `explode` say (OpenAPI 3.0 "Style Values").
//!
//! A structured value is serialized to JSON first, so every generated type can be sent: a
//! string goes as it is, a number or boolean as its JSON text, an array or object as the style
//! lays it out, and a value nested deeper than the style can express as its JSON text.

use std::borrow::Cow;

use serde_json::Value;

use crate::transport::encoding::ParamValue;
use crate::transport::request::Request;
use crate::Error;

/// How a query parameter is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `name=value`; a list repeated (`explode`) or joined by commas; an object's properties as
    /// pairs (`explode`) or `name=key,value,key,value`.
    Form,
    /// A list joined by spaces (`name=a%20b`).
    SpaceDelimited,
    /// A list joined by pipes (`name=a|b`).
    PipeDelimited,
    /// An object as `name[key]=value`, nested objects and lists as `name[key][inner]=value` and
    /// `name[key][0]=value` (the bracket form servers such as Stripe's read).
    DeepObject,
}

impl QueryStyle {
    /// The delimiter of joined items, as it goes on the wire.
    fn delimiter(self) -> &'static str {
        match self {
            QueryStyle::SpaceDelimited => "%20",
            QueryStyle::PipeDelimited => "|",
            QueryStyle::Form | QueryStyle::DeepObject => ",",
        }
    }
}

/// The text of a value inside a parameter: strings as they are, anything else as JSON.
fn text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.to_string()),
    }
}

impl Request {
    /// Adds a list of scalars: one `name=item` pair per item when `explode` (and always for
    /// `deepObject`, which has no joined form), else one pair with the items joined by the
    /// style's delimiter, each percent-encoded.
    pub fn query_list<T: ParamValue>(&mut self, name: &str, values: &[T], style: QueryStyle, explode: bool) {
        if explode || style == QueryStyle::DeepObject {
            for value in values {
                self.query(name, value);
            }
            return;
        }
        let items: Vec<Cow<'_, str>> = values.iter().map(ParamValue::to_param).collect();
        self.query_joined(name, &items, style.delimiter());
    }

    /// Adds any value as the style lays it out; `null` (and an absent property) is left out.
    ///
    /// # Errors
    ///
    /// The request fails with [`Error::InvalidParameter`] when the value cannot be written as
    /// JSON (a map with keys that are not strings).
    pub fn query_value<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T, style: QueryStyle, explode: bool) {
        match serde_json::to_value(value) {
            Ok(value) => self.query_json(name, &value, style, explode),
            Err(e) => self.fail_on(Err(Error::InvalidParameter { name, reason: e.to_string() })),
        }
    }

    fn query_json(&mut self, name: &str, value: &Value, style: QueryStyle, explode: bool) {
        match (value, style) {
            (Value::Null, _) => {}
            (Value::Object(_) | Value::Array(_), QueryStyle::DeepObject) => self.query_deep(name, value),
            (Value::Array(items), _) => {
                let items: Vec<Cow<'_, str>> = items.iter().filter(|v| !v.is_null()).map(text).collect();
                self.query_list(name, &items, style, explode);
            }
            (Value::Object(map), _) => {
                let pairs = map.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.as_str(), text(v)));
                if explode {
                    for (key, value) in pairs {
                        self.query(key, &value);
                    }
                } else {
                    let flat: Vec<Cow<'_, str>> = pairs.flat_map(|(k, v)| [Cow::Borrowed(k), v]).collect();
                    if !flat.is_empty() {
                        self.query_joined(name, &flat, style.delimiter());
                    }
                }
            }
            (scalar, _) => self.query(name, &text(scalar)),
        }
    }

    /// `name[key]=value` for every leaf of an object or list.
    fn query_deep(&mut self, name: &str, value: &Value) {
        match value {
            Value::Null => {}
            Value::Object(map) => {
                for (key, inner) in map {
                    self.query_deep(&format!("{name}[{key}]"), inner);
                }
            }
            Value::Array(items) => {
                for (index, inner) in items.iter().enumerate() {
                    self.query_deep(&format!("{name}[{index}]"), inner);
                }
            }
            scalar => self.query(name, &text(scalar)),
        }
    }
}

/// A structured value sent as one path segment or header value (`simple` style): a list's items
/// joined by commas; an object as `key,value,key,value`, or `key=value,key=value` when
/// `explode`; a string as it is; anything else as its JSON text.
#[derive(Debug, Clone, Copy)]
pub struct Simple<'a, T: ?Sized> {
    value: &'a T,
    explode: bool,
}

impl<'a, T: serde::Serialize + ?Sized> Simple<'a, T> {
    /// `value`, laid out with `explode` as the parameter's spec says.
    pub fn new(value: &'a T, explode: bool) -> Self {
        Simple { value, explode }
    }
}

impl<T: serde::Serialize + ?Sized> ParamValue for Simple<'_, T> {
    fn to_param(&self) -> Cow<'_, str> {
        // Generated types always serialize; were one not to, the empty text is refused as a path
        // segment, and sends an empty header, rather than sending something else.
        let Ok(value) = serde_json::to_value(self.value) else { return Cow::Borrowed("") };
        let joined = match &value {
            Value::Null => String::new(),
            Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
            Value::Object(map) if self.explode => map.iter().map(|(k, v)| format!("{k}={}", text(v))).collect::<Vec<_>>().join(","),
            Value::Object(map) => map.iter().flat_map(|(k, v)| [Cow::Borrowed(k.as_str()), text(v)]).collect::<Vec<_>>().join(","),
            scalar => text(scalar).into_owned(),
        };
        Cow::Owned(joined)
    }
}
