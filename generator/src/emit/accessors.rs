//! Accessors for optional properties with a spec default: the field holds what came (or what
//! the caller set), and `value.enabled()` reads it with the default filled in. The default is
//! what the server does with an absent property, so it is read, never written into the value or
//! sent: a GET then PUT leaves out what the server left out, and a value a caller builds sends
//! only what the caller set.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::types::{ident, is_enum, type_tokens};
use crate::ir::{Api, Field, Struct, TypeRef};

/// The `impl` with one accessor per optional property that has a default the generator can
/// write for its type; nothing when there is none.
pub fn accessors(api: &Api, name: &proc_macro2::Ident, s: &Struct, optional: &[bool]) -> TokenStream {
    let methods: Vec<TokenStream> = s.fields.iter().zip(optional).filter(|(_, optional)| **optional).filter_map(|(field, _)| accessor(api, field)).collect();
    if methods.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl #name {
            #(#methods)*
        }
    }
}

/// Whether `field`, when optional, gets an accessor.
pub fn has_accessor(api: &Api, field: &Field) -> bool {
    !field.boxed && field.default.as_ref().is_some_and(|default| read_with_default(api, &field.ty, &ident(&field.name), default).is_some())
}

fn accessor(api: &Api, field: &Field) -> Option<TokenStream> {
    let default = field.default.as_ref()?;
    if field.boxed {
        return None;
    }
    let (returns, body) = read_with_default(api, &field.ty, &ident(&field.name), default)?;
    let method = ident(&field.accessor);
    let doc = format!(" `{}` as the server reads it: the value set, else the spec's default, `{default}`.", field.wire_name);
    let deprecated = if field.deprecated { quote!(#[deprecated] #[allow(deprecated, reason = "reads the deprecated field")]) } else { TokenStream::new() };
    Some(quote! {
        #[doc = #doc]
        #deprecated
        #[inline]
        pub fn #method(&self) -> #returns { #body }
    })
}

/// The return type and body that read `field` (an `Option` of `ty`) with `default` in its place.
fn read_with_default(api: &Api, ty: &TypeRef, field: &proc_macro2::Ident, default: &Value) -> Option<(TokenStream, TokenStream)> {
    let copied = |value: TokenStream| (type_tokens(api, ty), quote!(self.#field.unwrap_or(#value)));
    match (ty, default) {
        (TypeRef::Bool, Value::Bool(b)) => Some(copied(quote!(#b))),
        (TypeRef::I32, Value::Number(n)) => n.as_i64().and_then(|v| i32::try_from(v).ok()).map(|v| copied(quote!(#v))),
        (TypeRef::I64, Value::Number(n)) => n.as_i64().map(|v| copied(quote!(#v))),
        (TypeRef::F64, Value::Number(n)) => n.as_f64().filter(|v| v.is_finite()).map(|v| copied(quote!(#v))),
        (TypeRef::String, Value::String(s)) => Some((quote!(&str), quote!(self.#field.as_deref().unwrap_or(#s)))),
        (TypeRef::Model(_), Value::String(s)) if is_enum(api, ty) => {
            let ty = type_tokens(api, ty);
            Some((quote!(#ty), quote!(self.#field.clone().unwrap_or_else(|| <#ty as crate::runtime::WireEnum>::from_wire(#s)))))
        }
        (TypeRef::Array(item), Value::Array(items)) if items.is_empty() => {
            let item = type_tokens(api, item);
            Some((quote!(&[#item]), quote!(self.#field.as_deref().unwrap_or_default())))
        }
        (TypeRef::Map(_), Value::Object(entries)) if entries.is_empty() => {
            let ty = type_tokens(api, ty);
            Some((quote!(&#ty), quote!(self.#field.as_ref().unwrap_or(const { &::std::collections::BTreeMap::new() }))))
        }
        (TypeRef::JsonObject, Value::Object(entries)) if entries.is_empty() => {
            let ty = type_tokens(api, ty);
            Some((quote!(&#ty), quote!(self.#field.as_ref().unwrap_or(crate::runtime::__private::empty_json_object()))))
        }
        _ => None,
    }
}
