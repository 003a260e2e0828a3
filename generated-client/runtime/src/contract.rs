//! For the contract tests of a generated client: each operation's declared body type, to decode
//! the spec's own examples as and encode again. The generated table names the types; how one
//! is read and written is here, once, so that a type costs the table one function rather than a
//! decoder, a serializer and their glue each.

use serde_json::Value;

use super::codec::{serialize, with_source, Decode, Encode, Fill};
use super::decode::decode_into;
use super::target::Filled;

/// How a body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// As a response is read strictly: any mismatch is an error, every required property must be
    /// there, read-only ones included.
    StrictResponse,
    /// As a caller's own JSON is read (`serde_json::from_str`): strictly, read-only properties
    /// may be missing.
    Request,
    /// As the client reads responses: off-spec values repaired.
    Lenient,
}

/// Decodes a body as one type and encodes it again, strictly or as the client does.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Codec {
    round_trip: fn(&str, Reading) -> Result<Value, serde_json::Error>,
    strict: Reading,
}

impl Codec {
    /// The codec of a response body of type `T`.
    pub const fn response<T: Decode + Encode>() -> Self {
        Codec { round_trip: round_trip::<T>, strict: Reading::StrictResponse }
    }

    /// The codec of a request body of type `T`.
    pub const fn request<T: Decode + Encode>() -> Self {
        Codec { round_trip: round_trip::<T>, strict: Reading::Request }
    }

    /// Decodes `json` strictly (as a response, or as a caller's own request body is read) and
    /// encodes the value again.
    ///
    /// # Errors
    ///
    /// Any mismatch between `json` and the type.
    pub fn strict(&self, json: &str) -> Result<Value, serde_json::Error> {
        (self.round_trip)(json, self.strict)
    }

    /// Decodes `json` as the client decodes a response, off-spec values repaired, and encodes
    /// the value again.
    ///
    /// # Errors
    ///
    /// When `json` is not JSON, or needs more repairs than a body may have.
    pub fn lenient(&self, json: &str) -> Result<Value, serde_json::Error> {
        (self.round_trip)(json, Reading::Lenient)
    }
}

/// Looks `key` up in `table`, sorted by key as the generator writes it.
#[doc(hidden)]
pub fn find_codec<K: Ord>(table: &[(K, Codec)], key: &K) -> Option<Codec> {
    let index = table.binary_search_by(|(row, _)| row.cmp(key)).ok()?;
    table.get(index).map(|(_, codec)| *codec)
}

/// Decodes `json` as a `T`, read as `reading` says, and encodes it again.
fn round_trip<T: Decode + Encode>(json: &str, reading: Reading) -> Result<Value, serde_json::Error> {
    let mut value: Option<T> = None;
    read(json, reading, &mut value)?;
    serialize(&value, serde_json::value::Serializer)
}

/// Decodes `json` into `value`, as `reading` says.
fn read(json: &str, reading: Reading, value: &mut dyn Fill) -> Result<(), serde_json::Error> {
    match reading {
        Reading::Request => {
            let mut deserializer = serde_json::Deserializer::from_str(json);
            with_source(&mut deserializer, value)?;
            deserializer.end()
        }
        Reading::StrictResponse | Reading::Lenient => {
            let strict = reading == Reading::StrictResponse;
            decode_into("contract", json.as_bytes(), strict, &mut Filled(value)).map(drop)
        }
    }
}
