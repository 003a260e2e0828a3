//! For the contract tests of a generated client: each operation's declared body type, to decode
//! the spec's own examples as and encode again. The generated table names the types; how one
//! is read and written is here, once, so that a type costs the table one function rather than a
//! decoder, a serializer and their glue each.

use serde_json::Value;

use super::body::{decode_into, DecodeFailure};
use super::encode::serialize_with;
use super::report::{Deviation, Side};
use super::target::Filled;
use super::traits::{Decode, Encode, Fill};

/// How a body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyReading {
    /// As a response is read strictly: any mismatch is an error, every required property must be
    /// there, read-only ones included.
    StrictResponse,
    /// As a caller's own JSON is read (`serde_json::from_str`): strictly, read-only properties
    /// may be missing.
    Request,
    /// As the client reads responses: off-spec values repaired.
    Lenient,
}

/// Decodes a body as one type, read as it says, and encodes the value again: the value, and
/// what was repaired or kept.
type RoundTrip = fn(&str, BodyReading) -> Result<(Value, Vec<Deviation>), DecodeFailure>;

/// Decodes a body as one type and encodes it again, strictly or as the client does.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Codec {
    round_trip: RoundTrip,
    strict: BodyReading,
}

impl Codec {
    /// The codec of a response body of type `T`.
    pub const fn response<T: Decode + Encode>() -> Self {
        Codec { round_trip: round_trip::<T>, strict: BodyReading::StrictResponse }
    }

    /// The codec of a request body of type `T`.
    pub const fn request<T: Decode + Encode>() -> Self {
        Codec { round_trip: round_trip::<T>, strict: BodyReading::Request }
    }

    /// Decodes `json` strictly (as a response, or as a caller's own request body is read) and
    /// encodes the value again.
    ///
    /// # Errors
    ///
    /// Any mismatch between `json` and the type.
    pub fn strict(&self, json: &str) -> Result<Value, DecodeFailure> {
        (self.round_trip)(json, self.strict).map(|(value, _)| value)
    }

    /// Decodes `json` strictly as a response, whichever side the body is, and encodes the value
    /// again.
    ///
    /// # Errors
    ///
    /// Any mismatch between `json` and the type.
    pub fn strict_response(&self, json: &str) -> Result<Value, DecodeFailure> {
        (self.round_trip)(json, BodyReading::StrictResponse).map(|(value, _)| value)
    }

    /// Decodes `json` as the client decodes a response, off-spec values repaired, and encodes
    /// the value again.
    ///
    /// # Errors
    ///
    /// When `json` is not JSON, or even lenient decoding cannot make it the type.
    pub fn lenient(&self, json: &str) -> Result<Value, DecodeFailure> {
        (self.round_trip)(json, BodyReading::Lenient).map(|(value, _)| value)
    }

    /// As [`Codec::lenient`], with what was repaired or kept; the value encoded again as the
    /// side that sent it sends it (a response with its read-only properties).
    ///
    /// # Errors
    ///
    /// As [`Codec::lenient`].
    pub fn lenient_with_deviations(&self, json: &str) -> Result<(Value, Vec<Deviation>), DecodeFailure> {
        (self.round_trip)(json, BodyReading::Lenient)
    }
}

/// Looks `key` up in `table`, sorted by key as the generator writes it.
#[doc(hidden)]
pub fn find_codec<K: Ord>(table: &[(K, Codec)], key: &K) -> Option<Codec> {
    let index = table.binary_search_by(|(row, _)| row.cmp(key)).ok()?;
    table.get(index).map(|(_, codec)| *codec)
}

/// Decodes `json` as a `T`, read as `reading` says, and encodes it again as its side sends it.
fn round_trip<T: Decode + Encode>(json: &str, reading: BodyReading) -> Result<(Value, Vec<Deviation>), DecodeFailure> {
    let mut value: Option<T> = None;
    let deviations = read(json, reading, &mut value)?;
    let encoded = serialize_with(&value, serde_json::value::Serializer, reading != BodyReading::Request)?;
    Ok((encoded, deviations))
}

/// Decodes `json` into `value`, as `reading` says.
fn read(json: &str, reading: BodyReading, value: &mut dyn Fill) -> Result<Vec<Deviation>, DecodeFailure> {
    let (side, strict) = match reading {
        BodyReading::Request => (Side::Request, true),
        BodyReading::StrictResponse => (Side::Response, true),
        BodyReading::Lenient => (Side::Response, false),
    };
    decode_into("contract", json.as_bytes(), side, strict, &mut Filled(value))
}
