//! Decoding responses: strictly, or leniently, where a value off the spec is repaired and
//! reported instead of failing the whole call.

use std::fmt;

use serde_json::Value;
use serde_path_to_error::Track;

use super::additional::RECEIVED_PREFIX;
use super::codec::{field_chain, Decode};
use super::target::{ByDecode, Input, List, Slot, Target};

/// A value in a response that did not match the spec, and what the client did about it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Deviation {
    /// The operationId of the call.
    pub operation: &'static str,
    /// Where in the body (a JSON pointer, e.g. `/3/name`).
    pub path: String,
    /// What did not match.
    pub problem: String,
    /// What the client did: the value it dropped or the placeholder it put in.
    pub repair: Repair,
}

/// How a deviation was repaired.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Repair {
    /// The value was left out (an optional property becomes `None`); it was this.
    Dropped(Value),
    /// A required property that was missing or unusable was given this placeholder.
    Placeholder(Value),
    /// An array item that could not be decoded was left out; it was this.
    DroppedItem(Value),
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match &self.repair {
            Repair::Dropped(v) => format!("dropped {v}"),
            Repair::Placeholder(v) => format!("used {v} instead"),
            Repair::DroppedItem(v) => format!("left out the item {v}"),
        };
        write!(f, "{}: `{}`: {}; {}", self.operation, self.path, self.problem, what)
    }
}

thread_local! {
    /// Whether this thread is decoding a response (rather than a caller's own JSON), which
    /// must have every required property, read-only ones included.
    static READING_RESPONSE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a response is being decoded on this thread.
pub(crate) fn reading_response() -> bool {
    READING_RESPONSE.with(std::cell::Cell::get)
}

/// Marks this thread as decoding a response until dropped. Decoding is synchronous, so no
/// other body is decoded on the thread meanwhile.
struct ReadingResponse(bool);

impl ReadingResponse {
    fn enter() -> Self {
        ReadingResponse(READING_RESPONSE.with(|flag| flag.replace(true)))
    }
}

impl Drop for ReadingResponse {
    fn drop(&mut self) {
        READING_RESPONSE.with(|flag| flag.set(self.0));
    }
}

/// How many repairs one body may need before it counts as undecodable.
const MAX_REPAIRS: usize = 256;

/// Placeholders tried, in order, for a required property that is missing or unusable. None
/// reaches the server: the struct sends what came instead while the caller leaves it alone.
/// `null` comes first: a field that can be `None` (a required read-only one) takes it rather
/// than an invented value.
fn placeholder(index: usize) -> Option<Value> {
    match index {
        0 => Some(Value::Null),
        1 => Some(Value::String(String::new())),
        2 => Some(Value::Bool(false)),
        3 => Some(serde_json::json!(0)),
        4 => Some(Value::Array(Vec::new())),
        5 => Some(Value::Object(serde_json::Map::new())),
        // A date-time, then a date: the only strings the models read that "" is not.
        6 => Some(Value::String("1970-01-01T00:00:00Z".to_owned())),
        7 => Some(Value::String("1970-01-01".to_owned())),
        _ => None,
    }
}

/// Decodes `bytes` as `T`. Strictly, any mismatch is an error. Leniently, a body that does not
/// decode is repaired one deviation at a time (a bad optional value dropped, a bad required value
/// replaced by a placeholder of the right kind, an undecodable array item left out) and every
/// repair is reported, as a tracing warning and in the returned list.
///
/// # Errors
///
/// The JSON error when the body is not JSON, when decoding is strict, or when repairs run out.
pub fn decode<T: Decode>(operation: &'static str, bytes: &[u8], strict: bool) -> Result<(T, Vec<Deviation>), serde_json::Error> {
    let mut slot = Slot::<T, ByDecode>::new();
    let deviations = decode_into(operation, bytes, strict, &mut slot)?;
    Ok((filled(slot.take())?, deviations))
}

/// What a target that decoded without error holds.
pub(crate) fn filled<T>(value: Option<T>) -> Result<T, serde_json::Error> {
    value.ok_or_else(|| serde::de::Error::custom("the decoder gave no value"))
}

/// Decodes `bytes` into `target`, as [`decode`] says.
pub(crate) fn decode_into(operation: &'static str, bytes: &[u8], strict: bool, target: &mut dyn Target) -> Result<Vec<Deviation>, serde_json::Error> {
    let _reading = ReadingResponse::enter();
    let first_error = match target.read(Input::Text(bytes)) {
        Ok(()) => return Ok(Vec::new()),
        Err(e) => e,
    };
    if strict || first_error.is_syntax() || first_error.is_eof() {
        return Err(first_error);
    }
    let value: Value = serde_json::from_slice(bytes)?;
    let deviations = repair_and_decode(operation, value, first_error, target)?;
    report(&deviations);
    Ok(deviations)
}

/// Each repair as a tracing warning.
fn report(deviations: &[Deviation]) {
    for deviation in deviations {
        tracing::warn!(operation = deviation.operation, path = %deviation.path, problem = %deviation.problem, "response value off the spec: {deviation}");
    }
}

/// Decodes a whole page of items the fast way, strictly, into `list`: `false` when an item is
/// off the spec.
pub(crate) fn decode_all(bytes: &[u8], list: &mut dyn List) -> bool {
    let _reading = ReadingResponse::enter();
    list.read_all(bytes)
}

/// One item of a list page into `target` (repaired leniently unless `strict`, with the
/// deviations under `/index`), or why it cannot be read even leniently.
pub(crate) fn decode_item(operation: &'static str, index: usize, item: &Value, strict: bool, target: &mut dyn Target) -> Result<Vec<Deviation>, serde_json::Error> {
    let _reading = ReadingResponse::enter();
    let first_error = match target.read(Input::Value(item)) {
        Ok(()) => return Ok(Vec::new()),
        Err(e) => e,
    };
    if strict {
        return Err(first_error);
    }
    let mut deviations = repair_and_decode(operation, item.clone(), first_error, target)?;
    for deviation in &mut deviations {
        deviation.path = format!("/{index}{}", deviation.path);
    }
    report(&deviations);
    Ok(deviations)
}

/// Repairs `value` one deviation at a time until it decodes into `target`; `first_error` when it never does.
fn repair_and_decode(operation: &'static str, mut value: Value, first_error: serde_json::Error, target: &mut dyn Target) -> Result<Vec<Deviation>, serde_json::Error> {
    let mut repairs = Repairs { operation, deviations: Vec::new(), placeholders: Vec::new() };
    for _ in 0..MAX_REPAIRS {
        let mut track = Track::new();
        let error = match target.read(Input::Tracked(&value, &mut track)) {
            Ok(()) => return Ok(repairs.into_deviations()),
            Err(e) => e,
        };
        let path = tokens(&track.path());
        if !repairs.repair(&mut value, path, error.to_string()) {
            return Err(first_error);
        }
    }
    Err(first_error)
}

fn tokens(path: &serde_path_to_error::Path) -> Vec<String> {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

fn to_pointer(tokens: &[String]) -> String {
    tokens.iter().map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1"))).collect()
}

/// The repairs made to one body so far.
struct Repairs {
    operation: &'static str,
    deviations: Vec<Deviation>,
    /// Where a placeholder was put, and which one.
    placeholders: Vec<(Vec<String>, usize)>,
}

impl Repairs {
    /// The deviations, without those inside a placeholder: filling a placeholder `{}` with its
    /// own required members is part of that one repair.
    fn into_deviations(mut self) -> Vec<Deviation> {
        let placed: Vec<String> = self.deviations.iter().filter(|d| matches!(d.repair, Repair::Placeholder(_))).map(|d| format!("{}/", d.path)).collect();
        self.deviations.retain(|d| !placed.iter().any(|p| d.path.starts_with(p.as_str())));
        self.deviations
    }

    /// Repairs the value at `path`; `false` when nothing more can be done.
    fn repair(&mut self, root: &mut Value, mut path: Vec<String>, problem: String) -> bool {
        let (fields, plain) = field_chain(&problem);
        // A union decodes its alternatives apart, so the tracked path stops at the union: the
        // fields the error passed through after the path's last one continue it.
        let mut cursor = 0;
        let mut beyond = Vec::new();
        for field in &fields {
            match path[cursor..].iter().position(|token| token == field) {
                Some(at) if beyond.is_empty() => cursor += at + 1,
                _ => beyond.push((*field).to_owned()),
            }
        }
        path.extend(beyond);
        let field = fields.last().copied();
        // The failing value is a struct's property (not a map's entry) when its struct said so.
        let of_struct = field.is_some() && field == path.last().map(String::as_str);
        if !of_struct {
            // Inside an array or map that is a struct's property: that struct keeps the whole
            // property as it came, before any of it is dropped.
            if let Some(at) = field.and_then(|f| path.iter().rposition(|token| token == f)) {
                keep_received(root, &path[..at], &path[at]);
            }
        }
        let problem = plain.to_owned();
        if let Some(field) = problem.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
            path.push(field.to_owned());
            return self.place(root, path, 0, problem);
        }
        if let Some(&(_, tried)) = self.placeholders.iter().find(|(p, _)| *p == path) {
            return self.place(root, path, tried + 1, problem);
        }
        let Some((last, parent_path)) = path.split_last() else { return false };
        if of_struct {
            keep_received(root, parent_path, last);
        }
        let removed = match walk(root, parent_path) {
            Some(Value::Object(map)) => map.remove(last).map(Repair::Dropped),
            Some(Value::Array(items)) => match last.parse::<usize>() {
                Ok(index) if index < items.len() => Some(Repair::DroppedItem(items.remove(index))),
                _ => None,
            },
            _ => None,
        };
        let Some(repair) = removed else { return false };
        self.deviations.push(Deviation { operation: self.operation, path: to_pointer(&path), problem, repair });
        true
    }

    /// Puts placeholder number `index` at `path` (a required property of a struct), and hands the
    /// struct what came there (under [`RECEIVED_PREFIX`]) so that encoding it sends that back.
    fn place(&mut self, root: &mut Value, path: Vec<String>, index: usize, problem: String) -> bool {
        let (Some(value), Some((last, parent_path))) = (placeholder(index), path.split_last()) else { return false };
        let pointer = to_pointer(&path);
        keep_received(root, parent_path, last);
        let Some(Value::Object(map)) = walk(root, parent_path) else { return false };
        map.insert(last.clone(), value.clone());
        match self.placeholders.iter_mut().find(|(p, _)| *p == path) {
            Some(entry) => entry.1 = index,
            None => self.placeholders.push((path, index)),
        }
        // A required value dropped a moment ago comes back here as missing: one deviation, not two.
        match self.deviations.iter_mut().find(|d| d.path == pointer) {
            Some(deviation) => deviation.repair = Repair::Placeholder(value),
            None => self.deviations.push(Deviation { operation: self.operation, path: pointer, problem, repair: Repair::Placeholder(value) }),
        }
        true
    }
}

/// Hands the struct at `parent` its property `property` as it is now (the first time only: later
/// repairs would hand it a value already changed).
fn keep_received(root: &mut Value, parent: &[String], property: &str) {
    let Some(Value::Object(map)) = walk(root, parent) else { return };
    let key = format!("{RECEIVED_PREFIX}{property}");
    if !map.contains_key(&key) {
        let original: Vec<Value> = map.get(property).cloned().into_iter().collect();
        map.insert(key, Value::Array(original));
    }
}

fn walk<'v>(root: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    let mut current = root;
    for token in path {
        current = match current {
            Value::Object(map) => map.get_mut(token)?,
            Value::Array(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::BySerde;

    /// [`decode`] for a serde type.
    fn decode<T: serde::de::DeserializeOwned>(operation: &'static str, bytes: &[u8], strict: bool) -> Result<(T, Vec<Deviation>), serde_json::Error> {
        let mut slot = Slot::<T, BySerde>::new();
        let deviations = decode_into(operation, bytes, strict, &mut slot)?;
        Ok((filled(slot.take())?, deviations))
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Item {
        id: String,
        count: Option<i32>,
    }

    #[test]
    fn off_spec_values_are_repaired_and_reported() {
        let body = br#"[{"id": "a", "count": "many"}, {"id": null}, 7, {"id": "d", "count": 2}]"#;
        let (items, deviations) = decode::<Vec<Item>>("op", body, false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            items,
            vec![Item { id: "a".into(), count: None }, Item { id: String::new(), count: None }, Item { id: "d".into(), count: Some(2) }]
        );
        let paths: Vec<&str> = deviations.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["/0/count", "/1/id", "/2"]);
        assert_eq!(deviations[0].repair, Repair::Dropped(serde_json::json!("many")));
        assert_eq!(deviations[1].repair, Repair::Placeholder(serde_json::json!("")));
        assert_eq!(deviations[2].repair, Repair::DroppedItem(serde_json::json!(7)));
        assert!(decode::<Vec<Item>>("op", body, true).is_err());
    }

    #[test]
    fn a_placeholder_of_the_right_kind_is_found() {
        #[derive(Debug, serde::Deserialize)]
        struct Counted {
            n: i64,
        }
        let (value, deviations) = decode::<Counted>("op", b"{}", false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(value.n, 0);
        assert_eq!(deviations.len(), 1);
        assert_eq!(deviations[0].repair, Repair::Placeholder(serde_json::json!(0)));
    }
}
