//! Decoding responses: strictly, or leniently, where a value off the spec is repaired and
//! reported instead of failing the whole call.
//!
//! A body is first read straight from its text, strictly: most bodies are as the spec says, and
//! this way costs least. A body that does not read so is parsed, and decoded again from the
//! parsed value, where the location of every value is known: strictly, the first value off the
//! spec is the error, named by its JSON pointer; leniently, each one is repaired where it is,
//! and reported.

use serde_json::Value;

use super::report::{Deviation, Repair, Side};
use super::target::{ByDecode, Destination, List, Slot};
use super::traits::Decode;
use super::value::Decoding;

/// Why a body could not be decoded: not JSON, or a value that is not what the spec says (an
/// [`InvalidValue`](super::report::InvalidValue) naming where).
pub(crate) type DecodeFailure = Box<dyn std::error::Error + Send + Sync>;

/// Decodes `bytes` as `T`, strictly or leniently, as `decode_into` says.
///
/// # Errors
///
/// As `decode_into`.
pub fn decode<T: Decode>(operation: &'static str, bytes: &[u8], strict: bool) -> Result<(T, Vec<Deviation>), DecodeFailure> {
    let mut slot = Slot::<T, ByDecode>::new();
    let deviations = decode_into(operation, bytes, Side::Response, strict, &mut slot)?;
    Ok((filled(slot.take())?, deviations))
}

/// What a target that decoded without error holds.
pub(crate) fn filled<T>(value: Option<T>) -> Result<T, DecodeFailure> {
    value.ok_or_else(|| "the decoder gave no value".into())
}

/// Decodes `bytes`, `side`'s JSON, into `target`. Strictly, any value off the spec is an error
/// naming where it is. Leniently (a response only), each is repaired where it is (a bad optional
/// value dropped, a bad required one replaced by its type's empty value, an undecodable array
/// item left out, an unlisted enum value or `null` kept) and reported, as a tracing warning and
/// in the returned list; a model keeps what came, to send it back so.
///
/// # Errors
///
/// When the body is not JSON, when decoding is strict and a value is off the spec, or when
/// even lenient decoding cannot make the body the type (a string where an object is expected).
pub(crate) fn decode_into(operation: &'static str, bytes: &[u8], side: Side, strict: bool, target: &mut dyn Destination) -> Result<Vec<Deviation>, DecodeFailure> {
    let first_error = match target.read_text(bytes, side) {
        Ok(()) => return Ok(Vec::new()),
        Err(e) => e,
    };
    if first_error.is_syntax() || first_error.is_eof() {
        return Err(first_error.into());
    }
    let value: Value = serde_json::from_slice(bytes)?;
    decode_value(operation, &value, side, strict, target, "")
}

/// Decodes `value` into `target`, the deviations' and the error's pointers prefixed with `prefix`.
fn decode_value(operation: &'static str, value: &Value, side: Side, strict: bool, target: &mut dyn Destination, prefix: &str) -> Result<Vec<Deviation>, DecodeFailure> {
    let mut decoding = Decoding::new(side, !strict);
    if target.read_value(value, &mut decoding).is_err() {
        let mut problem = decoding.into_problem();
        problem.pointer.insert_str(0, prefix);
        return Err(Box::new(problem));
    }
    let deviations: Vec<Deviation> = decoding.into_found().into_iter().map(|found| found.into_deviation(operation, prefix)).collect();
    report(&deviations);
    Ok(deviations)
}

/// Each repair as a tracing warning; a value kept as it came (which loses nothing, and which
/// SailPoint sends often) at debug level, so that it does not warn on every call.
fn report(deviations: &[Deviation]) {
    for deviation in deviations {
        match deviation.repair {
            Repair::Kept(_) => tracing::debug!(operation = deviation.operation, path = %deviation.path, problem = %deviation.problem, "response value off the spec, kept: {deviation}"),
            _ => tracing::warn!(operation = deviation.operation, path = %deviation.path, problem = %deviation.problem, "response value off the spec: {deviation}"),
        }
    }
}

/// Decodes a whole page of items the fast way, strictly, into `list`: `false` when an item is
/// off the spec.
pub(crate) fn decode_all(bytes: &[u8], list: &mut dyn List) -> bool {
    list.read_all(bytes)
}

/// One item of a list page into `target` (repaired leniently unless `strict`, with the
/// deviations under `/index`), or why it cannot be read even leniently.
pub(crate) fn decode_item(operation: &'static str, index: usize, item: &Value, strict: bool, target: &mut dyn Destination) -> Result<Vec<Deviation>, DecodeFailure> {
    decode_value(operation, item, Side::Response, strict, target, &format!("/{index}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::target::BySerde;

    /// [`decode`] for a serde type.
    fn decode<T: serde::de::DeserializeOwned>(operation: &'static str, bytes: &[u8], strict: bool) -> Result<(T, Vec<Deviation>), DecodeFailure> {
        let mut slot = Slot::<T, BySerde>::new();
        let deviations = decode_into(operation, bytes, Side::Response, strict, &mut slot)?;
        Ok((filled(slot.take())?, deviations))
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Item {
        id: String,
        count: Option<i32>,
    }

    #[test]
    fn a_callers_type_loses_what_serde_cannot_read_and_reports_where() {
        let body = br#"[{"id": "a", "count": "many"}, 7, {"id": "d", "count": 2}]"#;
        let (items, deviations) = decode::<Vec<Item>>("op", body, false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(items, vec![Item { id: "a".into(), count: None }, Item { id: "d".into(), count: Some(2) }]);
        let paths: Vec<&str> = deviations.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["/0/count", "/1"]);
        assert_eq!(deviations[0].repair, Repair::Dropped(serde_json::json!("many")));
        assert_eq!(deviations[1].repair, Repair::DroppedItem(serde_json::json!(7)));
        let strict = decode::<Vec<Item>>("op", body, true).map(drop).map_err(|e| e.to_string());
        assert_eq!(strict, Err("at `/0/count`: invalid type: string \"many\", expected i32".to_owned()));
    }

    #[test]
    fn a_body_that_is_not_json_is_the_parsers_error() {
        let failed = decode::<Vec<Item>>("op", b"[{", false).map(drop).map_err(|e| e.to_string());
        assert!(failed.is_err_and(|e| e.contains("EOF")));
    }
}
