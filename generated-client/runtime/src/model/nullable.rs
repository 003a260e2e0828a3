//! An optional property that may also be `null`: three states, decoded and sent as they are.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional property the spec allows to be `null`: left out, `null`, or a value. Each is
/// decoded and sent as it is, so a value can be cleared (`Null`) as well as left alone (`Absent`,
/// the default). `"new".to_owned().into()` is a `Value`; an `Option` converts with `None` as `Null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// Not in the object: not sent.
    #[default]
    Absent,
    /// Present as `null`.
    Null,
    /// Present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the property is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the property is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, when there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, when there is one, taking it.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// A reference to the value, keeping the state.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

/// `None` is `null`: a caller who has an `Option` to send means it to be sent.
impl<T> From<Option<T>> for Nullable<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

/// `Absent` is meant to be left out by the struct that holds it; written on its own it is `null`.
impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => serializer.serialize_some(value),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

/// Reads `null` or a value; a property that is not there is `Absent`, which the struct that
/// holds it fills in.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from)
    }
}

#[cfg(test)]
mod tests {
    use crate::Nullable;

    #[test]
    fn three_states_convert_and_encode_as_they_are() {
        let set: Nullable<String> = "new".to_owned().into();
        let cleared: Nullable<String> = None.into();
        assert_eq!(set.value().map(String::as_str), Some("new"));
        assert!(cleared.is_null() && Nullable::<String>::default().is_absent());
        assert_eq!(serde_json::to_string(&set).ok().as_deref(), Some("\"new\""));
        assert_eq!(serde_json::to_string(&cleared).ok().as_deref(), Some("null"));
        assert_eq!(serde_json::from_str::<Nullable<i32>>("null").ok(), Some(Nullable::Null));
        assert_eq!(serde_json::from_str::<Nullable<i32>>("7").ok(), Some(Nullable::Value(7)));
    }
}
