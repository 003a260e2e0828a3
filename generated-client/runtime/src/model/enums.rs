//! Support for the generated string enums, which keep values the spec does not list.

/// A string enum whose values travel as strings and whose unknown values are kept.
pub trait WireEnum: Sized {
    /// The enum value for a wire string; unlisted strings become the `Unknown` variant.
    fn from_wire(value: &str) -> Self;
    /// The wire string of this value.
    fn as_wire(&self) -> &str;
    /// Whether the spec lists the value (it is not the `Unknown` variant).
    fn is_listed(&self) -> bool;
}

/// `as_str`, `Display`, `FromStr`, serde and parameter encoding for a [`WireEnum`].
///
/// Exported (hidden) rather than crate-private so that a build with no enum at all (no tag
/// features) has no unused macro.
#[doc(hidden)]
#[macro_export]
macro_rules! __wire_enum_impls {
    ($name:ident) => {
        impl $name {
            /// The value as it travels on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                $crate::WireEnum::as_wire(self)
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            #[inline]
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                Ok($crate::WireEnum::from_wire(value))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::__private::deserialize(deserializer)
            }
        }

        impl $crate::__private::Decode for $name {
            #[inline]
            fn decode(source: &mut dyn $crate::__private::Source) -> ::std::result::Result<Self, $crate::__private::Failed> {
                $crate::__private::decode_enum(source)
            }

            #[inline]
            fn decode_option(source: &mut dyn $crate::__private::Source) -> ::std::result::Result<::std::option::Option<Self>, $crate::__private::Failed> {
                $crate::__private::decode_optional_enum(source)
            }

            #[inline]
            fn empty() -> Self {
                $crate::WireEnum::from_wire("")
            }

            #[inline]
            fn option_scalar(option: &mut ::std::option::Option<Self>) -> $crate::__private::Scalar<'_> {
                $crate::__private::Scalar::OptionalText(option)
            }

            #[inline]
            fn nullable_scalar(nullable: &mut $crate::Nullable<Self>) -> $crate::__private::Scalar<'_> {
                $crate::__private::Scalar::OptionalText(nullable)
            }
        }

        impl $crate::__private::Encode for $name {
            #[inline]
            fn encode(&self, sink: &mut dyn $crate::__private::Sink) -> ::std::result::Result<(), $crate::__private::Failed> {
                sink.string(self.as_str())
            }
        }

        impl $crate::FilterValue for $name {
            #[inline]
            fn write_filter(&self, out: &mut ::std::string::String) {
                $crate::__private::quote_filter_text(self.as_str(), out);
            }
        }

        impl $crate::ParamValue for $name {
            #[inline]
            fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    };
}
