//! How a value becomes text in a URL or a header: [`ParamValue`], and the percent-encoding
//! that keeps a value one path segment or one query value.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986 unreserved characters is percent-encoded, so a value is always one
/// path segment (a space is `%20`, `/` is `%2F`) or one query value.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// An RFC 3986 unreserved byte: one [`COMPONENT`] leaves as it is.
pub(crate) fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// A value that can be sent as a path segment, query value or header value.
pub trait ParamValue {
    /// The value as text, before encoding.
    fn to_param(&self) -> Cow<'_, str>;
}

impl ParamValue for str {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for Cow<'_, str> {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> Cow<'_, str> {
        (**self).to_param()
    }
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
display_param!(bool, i32, i64, f32, f64, chrono::NaiveDate);

impl ParamValue for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use percent_encoding::utf8_percent_encode;

    #[test]
    fn the_unreserved_bytes_are_exactly_those_the_component_set_leaves_alone() {
        for byte in 0..=127u8 {
            let text = char::from(byte).to_string();
            let left_alone = utf8_percent_encode(&text, COMPONENT).to_string() == text;
            assert_eq!(is_unreserved(byte), left_alone, "byte {byte}");
        }
    }
}
