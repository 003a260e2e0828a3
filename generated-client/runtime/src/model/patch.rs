//! JSON Patch (RFC 6902) built in one line per change, as whatever operation type a spec gives.

use std::ops::Deref;

use serde_json::{Map, Value};

use crate::model::additional::Additional;

/// What a JSON Patch operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchOp {
    /// Adds a value (appends to an array at `/-`).
    Add,
    /// Removes the value.
    Remove,
    /// Replaces the value.
    Replace,
    /// Moves the value at `from`.
    Move,
    /// Copies the value at `from`.
    Copy,
    /// Fails the whole patch unless the value equals the one given.
    Test,
}

impl PatchOp {
    /// The operation as JSON Patch names it (`"add"`).
    pub fn as_str(self) -> &'static str {
        match self {
            PatchOp::Add => "add",
            PatchOp::Remove => "remove",
            PatchOp::Replace => "replace",
            PatchOp::Move => "move",
            PatchOp::Copy => "copy",
            PatchOp::Test => "test",
        }
    }
}

/// One JSON Patch operation, before it becomes the type an API's operation takes.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PatchOperation {
    /// What it does.
    pub op: PatchOp,
    /// The JSON Pointer it applies to.
    pub path: String,
    /// Where `move` and `copy` take the value from.
    pub from: Option<String>,
    /// The value of `add`, `replace` and `test`.
    pub value: Option<Value>,
}

/// A type an API uses for one JSON Patch operation. The generator implements it for every model
/// shaped as one (`op`, `path`, an optional `value` and `from`, nothing else required), and it is
/// implemented here for operations typed as free JSON.
pub trait FromPatchOperation: Sized {
    /// The operation as this type.
    fn from_patch_operation(operation: PatchOperation) -> Self;
}

impl FromPatchOperation for Map<String, Value> {
    fn from_patch_operation(operation: PatchOperation) -> Self {
        let mut object = Map::new();
        object.insert("op".to_owned(), Value::from(operation.op.as_str()));
        object.insert("path".to_owned(), Value::from(operation.path));
        if let Some(from) = operation.from {
            object.insert("from".to_owned(), Value::from(from));
        }
        if let Some(value) = operation.value {
            object.insert("value".to_owned(), value);
        }
        object
    }
}

impl FromPatchOperation for Value {
    fn from_patch_operation(operation: PatchOperation) -> Self {
        Value::Object(Map::from_patch_operation(operation))
    }
}

/// The members of `operation` named in `members` (`from`, `value`), as properties a model keeps
/// beside its fields: for a generated operation type that has no field for them.
#[doc(hidden)]
pub fn patch_unlisted(operation: &PatchOperation, members: &[&str]) -> Additional {
    let from = operation.from.clone().map(|from| ("from", Value::from(from)));
    let value = operation.value.clone().map(|value| ("value", value));
    [from, value].into_iter().flatten().filter(|(name, _)| members.contains(name)).map(|(name, value)| (name.to_owned(), value)).collect()
}

/// A JSON value as a union type whose last variant keeps anything: the first alternative it
/// decodes as, else that variant. For generated JSON Patch operations whose value is a union.
#[doc(hidden)]
pub fn union_from_json<T: serde::de::DeserializeOwned>(value: Value, other: fn(Value) -> T) -> T {
    match T::deserialize(&value) {
        Ok(decoded) => decoded,
        Err(_) => other(value),
    }
}

/// A JSON Patch, one method per change, as the operation type `M` that a json-patch operation
/// takes; it dereferences to `[M]`, so `&patch` is the body:
/// `sources.update_source_v1(id, &JsonPatch::new().replace("/description", "HR"))`.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonPatch<M> {
    operations: Vec<M>,
}

impl<M: FromPatchOperation> Default for JsonPatch<M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<M: FromPatchOperation> JsonPatch<M> {
    /// An empty patch.
    pub fn new() -> Self {
        JsonPatch { operations: Vec::new() }
    }

    /// Appends an operation.
    pub fn push(mut self, operation: PatchOperation) -> Self {
        self.operations.push(M::from_patch_operation(operation));
        self
    }

    fn with(self, op: PatchOp, path: impl Into<String>, from: Option<String>, value: Option<Value>) -> Self {
        self.push(PatchOperation { op, path: path.into(), from, value })
    }

    /// Adds `value` at `path` (`/-` appends to an array): `.add("/tags/-", "finance")`.
    pub fn add(self, path: impl Into<String>, value: impl Into<Value>) -> Self {
        self.with(PatchOp::Add, path, None, Some(value.into()))
    }

    /// Removes the value at `path`.
    pub fn remove(self, path: impl Into<String>) -> Self {
        self.with(PatchOp::Remove, path, None, None)
    }

    /// Replaces the value at `path`: `.replace("/owner", json!({"type": "IDENTITY", "id": id}))`.
    pub fn replace(self, path: impl Into<String>, value: impl Into<Value>) -> Self {
        self.with(PatchOp::Replace, path, None, Some(value.into()))
    }

    /// Moves the value at `from` to `path`.
    pub fn move_to(self, from: impl Into<String>, path: impl Into<String>) -> Self {
        self.with(PatchOp::Move, path, Some(from.into()), None)
    }

    /// Copies the value at `from` to `path`.
    pub fn copy_to(self, from: impl Into<String>, path: impl Into<String>) -> Self {
        self.with(PatchOp::Copy, path, Some(from.into()), None)
    }

    /// Fails the whole patch unless the value at `path` equals `value`.
    pub fn test(self, path: impl Into<String>, value: impl Into<Value>) -> Self {
        self.with(PatchOp::Test, path, None, Some(value.into()))
    }

    /// The operations.
    pub fn into_vec(self) -> Vec<M> {
        self.operations
    }
}

impl<M> Deref for JsonPatch<M> {
    type Target = [M];

    fn deref(&self) -> &[M] {
        &self.operations
    }
}

impl<M> AsRef<[M]> for JsonPatch<M> {
    fn as_ref(&self) -> &[M] {
        &self.operations
    }
}

/// A JSON Pointer from its segments, each escaped (`~` as `~0`, `/` as `~1`):
/// `pointer(["attributes", "a/b"])` is `/attributes/a~1b`.
pub fn pointer<S: AsRef<str>>(segments: impl IntoIterator<Item = S>) -> String {
    segments.into_iter().fold(String::new(), |mut pointer, segment| {
        pointer.push('/');
        pointer.push_str(&segment.as_ref().replace('~', "~0").replace('/', "~1"));
        pointer
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_of_free_json_is_rfc_6902() {
        let patch: JsonPatch<Value> = JsonPatch::new().add("/tags/-", "finance").remove("/description").move_to("/a", "/b").test("/n", 3);
        let json = serde_json::to_value(&*patch).unwrap_or_default();
        let expected = serde_json::json!([
            {"op": "add", "path": "/tags/-", "value": "finance"},
            {"op": "remove", "path": "/description"},
            {"op": "move", "path": "/b", "from": "/a"},
            {"op": "test", "path": "/n", "value": 3}
        ]);
        assert_eq!(json, expected);
    }

    #[test]
    fn pointers_escape_tilde_and_slash() {
        assert_eq!(pointer(["attributes", "a/b", "c~d"]), "/attributes/a~1b/c~0d");
        assert_eq!(pointer(Vec::<String>::new()), "");
    }
}
