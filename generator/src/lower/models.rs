//! Schemas -> types: model kinds (struct, enum, alias) and the type of any schema use.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::compose::{lower_union, merge_all_of, Merged};
use super::shapes::NameContext;
use super::view::{view, BoxedSchemaRef, View};
use super::Lowerer;
use crate::error::Error;
use crate::pointer;
use crate::ir::{Enum, Field, ModelId, ModelKind, Struct, TypeRef, Variant};
use crate::naming;

/// A schema use resolved to a type, and whether `null` is allowed there.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Resolved {
    pub ty: TypeRef,
    pub nullable: bool,
}

impl Resolved {
    /// The type of an array item or map value: an `Option` where the spec allows `null` there,
    /// so a valid `null` is kept rather than dropped as off the spec (a JSON value holds `null`
    /// already).
    pub fn into_item(self) -> TypeRef {
        if self.nullable && !matches!(self.ty, TypeRef::Json | TypeRef::Nullable(_)) {
            TypeRef::Nullable(Box::new(self.ty))
        } else {
            self.ty
        }
    }
}

/// Lowers the schema(s) of one model slot.
pub(super) fn lower_kind(l: &mut Lowerer<'_>, id: ModelId) -> Result<ModelKind, Error> {
    let slot = &l.slots[id];
    let schemas = slot.schemas.clone();
    let at = slot.pointer.clone();
    let context = slot.contexts[0].clone();
    let first = &schemas[0];
    match view(first) {
        View::Object { properties, .. } if !properties.is_empty() => lower_struct(l, &schemas, &context, &at),
        View::String { values, .. } if !values.is_empty() => Ok(ModelKind::Enum(lower_enum(&values))),
        View::AllOf(parts) => match merge_all_of(l, first, parts, &at)? {
            Merged::Object(merged) => lower_struct(l, &[merged], &context, &at),
            Merged::Single(part) => Ok(ModelKind::Alias(type_of(l, &part, &context, &pointer::join(&at, &["allOf"]))?.ty)),
            Merged::Mixed => {
                l.warn(&at, "allOf of parts of different kinds has no Rust type; the value is kept as free JSON (`serde_json::Value`)".to_owned());
                Ok(ModelKind::Alias(TypeRef::Json))
            }
        },
        View::Union(parts) => lower_union(l, first, parts, &context, &at),
        _ => Ok(ModelKind::Alias(type_of_schema(l, first, &context, &at)?.ty)),
    }
}

fn lower_enum(values: &[String]) -> Enum {
    let mut variants: Vec<Variant> = Vec::new();
    for wire in values {
        if variants.iter().any(|v| &v.wire == wire) {
            continue;
        }
        variants.push(Variant { name: naming::variant_name(wire), wire: wire.clone() });
    }
    Enum { unknown_variant: naming::UNKNOWN_VARIANT.to_owned(), variants }
}

/// A struct from one schema, or from the union of identical shapes that differ in read-only
/// properties.
fn lower_struct(l: &mut Lowerer<'_>, schemas: &[Schema], context: &NameContext, at: &str) -> Result<ModelKind, Error> {
    // Each property with every schema that has it: identical shapes may differ in nested
    // read-only properties, and visiting them all lets the nested models merge those in too.
    let mut properties: Vec<(&String, Vec<&BoxedSchemaRef>)> = Vec::new();
    let mut required: Vec<&String> = Vec::new();
    for schema in schemas {
        if let View::Object { properties: props, required: req, .. } = view(schema) {
            for (name, prop) in props {
                match properties.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, uses)) => uses.push(prop),
                    None => properties.push((name, vec![prop])),
                }
            }
            required.extend(req.iter());
        }
    }
    let mut fields = Vec::with_capacity(properties.len());
    for (wire, uses) in properties {
        let prop_at = pointer::join(at, &["properties", wire]);
        let prop_context = context.child(&naming::type_name(wire));
        let prop = uses[0];
        let resolved = type_of_boxed(l, prop, &prop_context, &prop_at)?;
        for other in &uses[1..] {
            type_of_boxed(l, other, &prop_context, &prop_at)?;
        }
        let data = match prop {
            ReferenceOr::Item(schema) => Some(&schema.schema_data),
            ReferenceOr::Reference { .. } => None,
        };
        fields.push(Field {
            name: naming::value_name(wire),
            accessor: String::new(),
            wire_name: wire.clone(),
            ty: resolved.ty,
            required: required.contains(&wire),
            nullable: resolved.nullable,
            read_only: data.is_some_and(|d| d.read_only),
            write_only: data.is_some_and(|d| d.write_only),
            default: data.and_then(|d| d.default.clone()),
            docs: data.and_then(|d| d.description.clone().or_else(|| d.title.clone())),
            deprecated: data.is_some_and(|d| d.deprecated),
            boxed: false,
        });
    }
    Ok(ModelKind::Struct(Struct { fields, additional: naming::ADDITIONAL_FIELD.to_owned() }))
}

/// The type of a schema use (property, item, parameter, body).
pub(crate) fn type_of(l: &mut Lowerer<'_>, schema: &ReferenceOr<Schema>, context: &NameContext, at: &str) -> Result<Resolved, Error> {
    match schema {
        ReferenceOr::Reference { reference } => type_of_reference(l, reference, at),
        ReferenceOr::Item(schema) => type_of_schema(l, schema, context, at),
    }
}

pub(super) fn type_of_boxed(l: &mut Lowerer<'_>, schema: &BoxedSchemaRef, context: &NameContext, at: &str) -> Result<Resolved, Error> {
    match schema {
        ReferenceOr::Reference { reference } => type_of_reference(l, reference, at),
        ReferenceOr::Item(schema) => type_of_schema(l, schema, context, at),
    }
}

fn type_of_reference(l: &mut Lowerer<'_>, reference: &str, at: &str) -> Result<Resolved, Error> {
    let id = l.component(reference, at)?;
    let nullable = l.component_schema(id).schema_data.nullable;
    Ok(Resolved { ty: TypeRef::Model(id), nullable })
}

fn type_of_schema(l: &mut Lowerer<'_>, schema: &Schema, context: &NameContext, at: &str) -> Result<Resolved, Error> {
    let nullable = schema.schema_data.nullable;
    let ty = match view(schema) {
        View::Object { properties, additional, .. } => {
            if !properties.is_empty() {
                TypeRef::Model(l.intern(schema, context, at)?)
            } else if let Some(AdditionalProperties::Schema(values)) = additional {
                let values_at = pointer::join(at, &["additionalProperties"]);
                let values = type_of(l, values, &context.child("Value"), &values_at)?;
                TypeRef::Map(Box::new(values.into_item()))
            } else {
                TypeRef::JsonObject
            }
        }
        View::Array { items: Some(items) } => {
            let items = type_of_boxed(l, items, &context.items(), &pointer::join(at, &["items"]))?;
            TypeRef::Array(Box::new(items.into_item()))
        }
        View::Array { items: None } => TypeRef::Array(Box::new(TypeRef::Json)),
        View::String { values, .. } if !values.is_empty() => TypeRef::Model(l.intern(schema, context, at)?),
        View::String { format, .. } => string_type(format.as_deref()),
        View::Integer { format } if format.as_deref() == Some("int32") => TypeRef::I32,
        View::Integer { .. } => TypeRef::I64,
        // `float` too: an f32 would turn 10.45 into 10.449999809265137 on the way back.
        View::Number { .. } => TypeRef::F64,
        View::Boolean => TypeRef::Bool,
        View::AllOf(parts) => match merge_all_of(l, schema, parts, at)? {
            Merged::Object(merged) => TypeRef::Model(l.intern(&merged, context, at)?),
            Merged::Single(part) => {
                let inner = type_of(l, &part, context, &pointer::join(at, &["allOf"]))?;
                return Ok(Resolved { ty: inner.ty, nullable: nullable || inner.nullable });
            }
            Merged::Mixed => {
                l.warn(at, "allOf of parts of different kinds has no Rust type; the value is kept as free JSON (`serde_json::Value`)".to_owned());
                TypeRef::Json
            }
        },
        View::Union(_) => TypeRef::Model(l.intern(schema, context, at)?),
        View::Any => {
            if let Some(reason) = super::view::untyped_reason(schema) {
                l.warn(at, format!("{reason}; the value is kept as free JSON (`serde_json::Value`)"));
            }
            TypeRef::Json
        }
    };
    Ok(Resolved { ty, nullable })
}

/// The type of a string with this `format`: dates and times are typed. `uuid` stays a string:
/// SailPoint marks 32-digit ids without hyphens as `uuid`, and a `Uuid` would send them back
/// hyphenated, changing the id. Other formats (`email`, `comma-separated`, ...) are strings too.
fn string_type(format: Option<&str>) -> TypeRef {
    match format.map(str::to_ascii_lowercase).as_deref() {
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        _ => TypeRef::String,
    }
}
