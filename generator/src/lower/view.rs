//! A flat view of a schema: what it is, whether openapiv3 parsed it as a typed schema or fell
//! back to its catch-all `AnySchema`.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

/// A schema reference inside another schema (openapiv3 boxes property and item schemas).
pub type BoxedSchemaRef = ReferenceOr<Box<Schema>>;

/// What a schema describes.
pub enum View<'a> {
    /// An object, with or without known properties.
    Object {
        /// Known properties, in spec order.
        properties: &'a IndexMap<String, BoxedSchemaRef>,
        /// Names of the required properties.
        required: &'a [String],
        /// `additionalProperties`, if stated.
        additional: Option<&'a AdditionalProperties>,
    },
    /// An array.
    Array {
        /// The item schema, if stated.
        items: Option<&'a BoxedSchemaRef>,
    },
    /// A string, possibly an enum (`null` entries dropped: they mean nullable), with its format.
    String {
        /// Enum values (empty when not an enum).
        values: Vec<String>,
        /// `format`, if stated.
        format: Option<String>,
    },
    /// An integer.
    Integer {
        /// `format`, if stated.
        format: Option<String>,
    },
    /// A number.
    Number {
        /// `format`, if stated.
        format: Option<String>,
    },
    /// A boolean.
    Boolean,
    /// `allOf`.
    AllOf(&'a [ReferenceOr<Schema>]),
    /// `oneOf` or `anyOf`.
    Union(&'a [ReferenceOr<Schema>]),
    /// Anything at all.
    Any,
}

fn format_name<T: std::fmt::Debug>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => Some(heck::ToKebabCase::to_kebab_case(format!("{item:?}").as_str())),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// Classifies a schema.
pub fn view(schema: &Schema) -> View<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => View::Object {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        },
        SchemaKind::Type(Type::Array(a)) => View::Array { items: a.items.as_ref() },
        SchemaKind::Type(Type::String(s)) => View::String {
            values: s.enumeration.iter().flatten().cloned().collect(),
            format: format_name(&s.format),
        },
        SchemaKind::Type(Type::Integer(i)) => View::Integer { format: format_name(&i.format) },
        SchemaKind::Type(Type::Number(n)) => View::Number { format: format_name(&n.format) },
        SchemaKind::Type(Type::Boolean(_)) => View::Boolean,
        SchemaKind::AllOf { all_of } => View::AllOf(all_of),
        SchemaKind::OneOf { one_of } => View::Union(one_of),
        SchemaKind::AnyOf { any_of } => View::Union(any_of),
        SchemaKind::Not { .. } => View::Any,
        SchemaKind::Any(any) => view_any(any),
    }
}

/// Why a schema that says what its values are is still read as any JSON, when it is: the
/// generator's remaining fallbacks, each reported. A schema that says nothing (`{}`, or only a
/// description) is any JSON by intent and has no reason.
pub fn untyped_reason(schema: &Schema) -> Option<String> {
    let any = match &schema.schema_kind {
        SchemaKind::Not { .. } => return Some("`not` has no Rust type".to_owned()),
        SchemaKind::Any(any) if matches!(view_any(any), View::Any) => any,
        _ => return None,
    };
    if let Some(typ) = &any.typ {
        return Some(format!("`type: {typ}` is not an OpenAPI 3.0 type"));
    }
    if !any.enumeration.is_empty() {
        return Some("an `enum` of values of several kinds has no Rust type".to_owned());
    }
    any.format.as_ref().map(|format| format!("`format: {format}` without a `type` has no Rust type"))
}

fn view_any(any: &openapiv3::AnySchema) -> View<'_> {
    match any.typ.as_deref() {
        Some("object") => object_view(any),
        Some("array") => View::Array { items: any.items.as_ref() },
        Some("string") => View::String {
            values: any.enumeration.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
            format: any.format.clone(),
        },
        Some("integer") => View::Integer { format: any.format.clone() },
        Some("number") => View::Number { format: any.format.clone() },
        Some("boolean") => View::Boolean,
        _ if !any.all_of.is_empty() => View::AllOf(&any.all_of),
        _ if !any.one_of.is_empty() => View::Union(&any.one_of),
        _ if !any.any_of.is_empty() => View::Union(&any.any_of),
        _ if !any.properties.is_empty() || any.additional_properties.is_some() => object_view(any),
        _ if any.items.is_some() => View::Array { items: any.items.as_ref() },
        _ => enum_view(any),
    }
}

/// An `enum` without a `type` (29 properties of the current ISC API) is typed by its values:
/// all strings make a string enum, all integers an integer, all booleans a boolean (`null`
/// aside). Values of several kinds stay any JSON.
fn enum_view(any: &openapiv3::AnySchema) -> View<'_> {
    let values: Vec<&serde_json::Value> = any.enumeration.iter().filter(|v| !v.is_null()).collect();
    if values.is_empty() {
        View::Any
    } else if values.iter().all(|v| v.is_string()) {
        View::String { values: values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(), format: any.format.clone() }
    } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
        View::Integer { format: any.format.clone() }
    } else if values.iter().all(|v| v.is_boolean()) {
        View::Boolean
    } else {
        View::Any
    }
}

fn object_view(any: &openapiv3::AnySchema) -> View<'_> {
    View::Object {
        properties: &any.properties,
        required: &any.required,
        additional: any.additional_properties.as_ref(),
    }
}
