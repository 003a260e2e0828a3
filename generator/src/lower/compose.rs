//! `allOf` merged into one object schema; `oneOf`/`anyOf` lowered to unions.

use indexmap::IndexMap;
use openapiv3::{ObjectType, ReferenceOr, Schema, SchemaKind, Type};

use super::models::type_of;
use super::shapes::NameContext;
use super::view::{view, BoxedSchemaRef, View};
use super::Lowerer;
use crate::error::Error;
use crate::pointer;
use crate::ir::{Discriminator, ModelKind, TypeRef, Union, UnionVariant};

/// Deeper `allOf` chains than this are taken to be cyclic.
const MAX_ALL_OF_DEPTH: usize = 32;

/// What an `allOf` comes to.
pub(super) enum Merged {
    /// Every part is an object (or only adds `required`): one object with all their properties.
    Object(Schema),
    /// One part carries the type; the others only document it.
    Single(ReferenceOr<Schema>),
    /// Parts of different kinds, which no Rust type expresses.
    Mixed,
}

#[derive(Default)]
struct Parts {
    properties: IndexMap<String, BoxedSchemaRef>,
    required: Vec<String>,
    typed: Vec<ReferenceOr<Schema>>,
}

/// Merges the parts of an `allOf`; `outer` gives the merged schema's docs and nullability.
pub(super) fn merge_all_of(l: &Lowerer<'_>, outer: &Schema, parts: &[ReferenceOr<Schema>], at: &str) -> Result<Merged, Error> {
    // `allOf: [$ref]` beside `nullable`, a description or `readOnly` (how 3.0 writes a reference
    // with keywords of its own, and how 3.1's `$ref` with siblings is read) is the referenced
    // type itself, not a copy of it.
    if let [part @ ReferenceOr::Reference { reference }] = parts {
        check_alias_chain(l, reference, at)?;
        return Ok(Merged::Single(part.clone()));
    }
    let mut acc = Parts::default();
    for part in parts {
        collect(l, part, &mut acc, 0, at)?;
    }
    if acc.typed.is_empty() {
        let object = ObjectType { properties: acc.properties, required: acc.required, ..ObjectType::default() };
        return Ok(Merged::Object(Schema { schema_data: outer.schema_data.clone(), schema_kind: SchemaKind::Type(Type::Object(object)) }));
    }
    // A plain primitive part beside a more specific one (`allOf: [$ref: ElasticVersion, {type: string}]`)
    // only documents it; plain primitives of one kind (`allOf` of two strings) are that primitive.
    if acc.typed.len() > 1 {
        let kinds: Vec<Option<&str>> = acc.typed.iter().map(plain_primitive_kind).collect();
        if kinds.iter().any(Option::is_none) {
            acc.typed.retain(|part| plain_primitive_kind(part).is_none());
        } else if kinds.windows(2).all(|pair| pair[0] == pair[1]) {
            acc.typed.truncate(1);
        }
    }
    if acc.properties.is_empty() && acc.typed.len() == 1 {
        return Ok(Merged::Single(acc.typed.remove(0)));
    }
    Ok(Merged::Mixed)
}

/// Refuses a chain of schemas that are each only a reference to the next and comes back to its
/// start, which no type can be (`Thing: $ref Other`, `Other: $ref Thing`).
fn check_alias_chain(l: &Lowerer<'_>, reference: &str, at: &str) -> Result<(), Error> {
    let mut reference = reference.to_owned();
    for _ in 0..=MAX_ALL_OF_DEPTH {
        let schema = l.component_schema(l.component(&reference, at)?);
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                [ReferenceOr::Reference { reference: next }] => reference = next.clone(),
                _ => return Ok(()),
            },
            _ => return Ok(()),
        }
    }
    Err(Error::at(at, "allOf refers back to itself"))
}

/// The kind of a part that is a bare primitive (no enum values, not a reference), if it is one.
fn plain_primitive_kind(part: &ReferenceOr<Schema>) -> Option<&'static str> {
    match part {
        ReferenceOr::Item(schema) => match view(schema) {
            View::String { values, .. } if values.is_empty() => Some("string"),
            View::Integer { .. } => Some("integer"),
            View::Number { .. } => Some("number"),
            View::Boolean => Some("boolean"),
            _ => None,
        },
        ReferenceOr::Reference { .. } => None,
    }
}

fn collect(l: &Lowerer<'_>, part: &ReferenceOr<Schema>, acc: &mut Parts, depth: usize, at: &str) -> Result<(), Error> {
    if depth > MAX_ALL_OF_DEPTH {
        return Err(Error::at(at, "allOf refers back to itself"));
    }
    let schema = match part {
        ReferenceOr::Reference { reference } => l.component_schema(l.component(reference, at)?),
        ReferenceOr::Item(schema) => schema,
    };
    match view(schema) {
        View::AllOf(inner) => {
            for part in inner {
                collect(l, part, acc, depth + 1, at)?;
            }
        }
        View::Object { properties, required, .. } => {
            for (name, prop) in properties {
                acc.properties.insert(name.clone(), prop.clone());
            }
            acc.required.extend(required.iter().filter(|r| !acc.required.contains(r)).cloned().collect::<Vec<_>>());
        }
        View::Any => {
            if let SchemaKind::Any(any) = &schema.schema_kind {
                acc.required.extend(any.required.iter().cloned());
            }
        }
        _ => acc.typed.push(part.clone()),
    }
    Ok(())
}

/// A `oneOf`/`anyOf`: one variant per alternative, told apart by the discriminator if any.
pub(super) fn lower_union(l: &mut Lowerer<'_>, schema: &Schema, parts: &[ReferenceOr<Schema>], context: &NameContext, at: &str) -> Result<ModelKind, Error> {
    let keyword = if matches!(schema.schema_kind, SchemaKind::AnyOf { .. }) { "anyOf" } else { "oneOf" };
    let mut variants: Vec<UnionVariant> = Vec::new();
    let mut part_types = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        let part_at = pointer::join(at, &[keyword, &i.to_string()]);
        let ty = type_of(l, part, &context.child(&format!("Option{}", i + 1)), &part_at)?.ty;
        if !variants.iter().any(|v| v.ty == ty) {
            variants.push(UnionVariant { name: String::new(), ty: ty.clone(), boxed: false });
        }
        part_types.push((part, ty));
    }
    let discriminator = match &schema.schema_data.discriminator {
        Some(d) => Some(discriminator(l, d, &part_types, &variants, at)?),
        None => None,
    };
    Ok(ModelKind::Union(Union { variants, discriminator, other_variant: String::new() }))
}

/// The index of the alternative a mapping names by pointing at the schema's own `oneOf`/`anyOf`
/// item (`#/paths/.../oneOf/2`), as loading writes for a mapping whose value was a whole schema.
/// The pointer is the item's place in the document, which lowering may see under another
/// pointer (an `allOf` merged), so only its end is read.
fn alternative_index(reference: &str) -> Option<usize> {
    let (_, index) = reference.rsplit_once("/oneOf/").or_else(|| reference.rsplit_once("/anyOf/"))?;
    index.parse().ok()
}

fn discriminator(
    l: &Lowerer<'_>,
    d: &openapiv3::Discriminator,
    parts: &[(&ReferenceOr<Schema>, TypeRef)],
    variants: &[UnionVariant],
    at: &str,
) -> Result<Discriminator, Error> {
    let index_of = |ty: &TypeRef| variants.iter().position(|v| &v.ty == ty);
    let mut mapping = Vec::new();
    if d.mapping.is_empty() {
        for (part, ty) in parts {
            if let (ReferenceOr::Reference { reference }, Some(i)) = (part, index_of(ty)) {
                let name = reference.rsplit_once('/').map_or(reference.as_str(), |(_, name)| name);
                mapping.push((name.to_owned(), i));
            }
        }
    }
    for (value, reference) in &d.mapping {
        let here = pointer::join(at, &["discriminator", "mapping", value]);
        let ty = match alternative_index(reference) {
            Some(part) => parts.get(part).map(|(_, ty)| ty.clone()).ok_or_else(|| Error::at(&here, format!("`{reference}` is not one of the alternatives")))?,
            None => TypeRef::Model(l.component(reference, &here)?),
        };
        let i = index_of(&ty).ok_or_else(|| Error::at(&here, format!("`{reference}` is not one of the alternatives")))?;
        mapping.push((value.clone(), i));
    }
    Ok(Discriminator { property: d.property_name.clone(), mapping })
}
