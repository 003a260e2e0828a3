//! `FromPatchOperation` for models shaped as a JSON Patch operation, so that the runtime's
//! `JsonPatch` builder gives exactly the type each json-patch operation takes.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::models::{presence, Presence};
use super::types::{ident, type_tokens};
use crate::ir::{Api, Field, ModelKind, Struct, TypeRef};

/// The operations of RFC 6902; a string enum of some of them (an API may allow fewer) is an `op`.
const PATCH_OPS: [&str; 6] = ["add", "remove", "replace", "move", "copy", "test"];

/// The impl, when the struct is an RFC 6902 operation: an `op` (a string, or an enum of patch
/// operations) and a `path`, an optional `value` that any JSON converts into (free JSON or a
/// union, whose last variant keeps anything) and `from`, and no other required property.
/// Anything else gets none, so no value is ever converted with a loss.
pub fn from_patch_operation(api: &Api, name: &Ident, s: &Struct, presences: &[Presence]) -> Option<TokenStream> {
    let mut values = Vec::new();
    for (field, presence) in s.fields.iter().zip(presences) {
        let value = match field.wire_name.as_str() {
            "op" => plain_or_optional(presence, op_value(api, field)?)?,
            "path" if field.ty == TypeRef::String => plain_or_optional(presence, quote!(operation.path))?,
            "from" if field.ty == TypeRef::String => optional(presence, quote!(operation.from))?,
            "value" => optional(presence, value_conversion(api, &field.ty)?)?,
            // Any other property must be one a patch operation can leave out.
            _ if matches!(presence, Presence::Optional | Presence::Tristate | Presence::ServerSet) => quote!(::std::default::Default::default()),
            _ => return None,
        };
        let field_name = ident(&field.name);
        values.push(quote!(#field_name: #value));
    }
    let wire: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
    if !(wire.contains(&"op") && wire.contains(&"path")) {
        return None;
    }
    // A member the model has no field for goes with the properties the spec does not list.
    let unlisted: Vec<&str> = ["from", "value"].into_iter().filter(|member| !wire.contains(member)).collect();
    let additional = ident(&s.additional);
    Some(quote! {
        impl crate::runtime::FromPatchOperation for #name {
            #[inline]
            fn from_patch_operation(operation: crate::runtime::PatchOperation) -> Self {
                let unlisted = crate::runtime::__private::patch_unlisted(&operation, &[#(#unlisted),*]);
                Self { #(#values,)* #additional: unlisted }
            }
        }
    })
}

/// `op` as the field's type: the enum variant of its wire name, or the name itself.
fn op_value(api: &Api, field: &Field) -> Option<TokenStream> {
    match &field.ty {
        TypeRef::String => Some(quote!(operation.op.as_str().to_owned())),
        TypeRef::Model(id) => match &api.models[*id].kind {
            ModelKind::Enum(e) if !e.variants.is_empty() && e.variants.iter().all(|v| PATCH_OPS.contains(&v.wire.as_str())) => {
                let ty = type_tokens(api, &field.ty);
                Some(quote!(<#ty as crate::runtime::WireEnum>::from_wire(operation.op.as_str())))
            }
            _ => None,
        },
        _ => None,
    }
}

/// `value`, as an `Option` of the field's type, converted without loss.
fn value_conversion(api: &Api, ty: &TypeRef) -> Option<TokenStream> {
    match ty {
        TypeRef::Json => Some(quote!(operation.value)),
        TypeRef::Model(id) => match &api.models[*id].kind {
            ModelKind::Union(u) => {
                let ty = type_tokens(api, ty);
                let other = ident(&u.other_variant);
                Some(quote!(operation.value.map(|value| crate::runtime::__private::union_from_json(value, #ty::#other))))
            }
            _ => None,
        },
        _ => None,
    }
}

/// A field that always has a value: as it is, or in `Some` when the spec makes it optional.
fn plain_or_optional(presence: &Presence, value: TokenStream) -> Option<TokenStream> {
    match presence {
        Presence::Always => Some(value),
        _ => optional(presence, quote!(::std::option::Option::Some(#value))),
    }
}

/// An optional field, from an `Option` of its type: `Option` itself, or `Nullable` (absent when
/// `None`).
fn optional(presence: &Presence, value: TokenStream) -> Option<TokenStream> {
    match presence {
        Presence::Optional | Presence::Tristate => Some(quote!(::std::convert::Into::into(#value))),
        _ => None,
    }
}

/// `From<JsonPatch<M>>`, when the struct only wraps a list of patch operations (`{"operations":
/// [...]}`), so that a json-patch operation taking the wrapper takes a built patch too.
pub fn from_json_patch(api: &Api, name: &Ident, s: &Struct, presences: &[Presence]) -> Option<TokenStream> {
    let ([field], [field_presence]) = (s.fields.as_slice(), presences) else { return None };
    let TypeRef::Array(item) = &field.ty else { return None };
    let TypeRef::Model(id) = item.as_ref() else { return None };
    let ModelKind::Struct(operation) = &api.models[*id].kind else { return None };
    let operation_presences: Vec<Presence> = operation.fields.iter().map(presence).collect();
    let item_name = ident(&api.models[*id].name);
    from_patch_operation(api, &item_name, operation, &operation_presences)?;
    let item = type_tokens(api, item);
    let operations = quote!(patch.into_vec());
    let value = match field_presence {
        Presence::Always => operations,
        _ => optional(field_presence, quote!(::std::option::Option::Some(#operations)))?,
    };
    let (field_name, additional) = (ident(&field.name), ident(&s.additional));
    Some(quote! {
        impl ::std::convert::From<crate::runtime::JsonPatch<#item>> for #name {
            #[inline]
            fn from(patch: crate::runtime::JsonPatch<#item>) -> Self {
                Self { #field_name: #value, #additional: ::std::default::Default::default() }
            }
        }
    })
}
