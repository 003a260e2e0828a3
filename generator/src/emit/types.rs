//! Tokens for type references and documentation shared by all emitters.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Api, ModelKind, TypeRef};

/// An identifier token for a name the naming module made (raw identifiers included).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// The fully qualified path of a type, so that no model name can shadow a std type.
pub fn type_tokens(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F64 => quote!(f64),
        TypeRef::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::JsonObject => quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>),
        TypeRef::Model(id) => {
            let name = ident(&api.models[*id].name);
            let module = ident(&api.module);
            quote!(crate::#module::models::#name)
        }
        TypeRef::Array(items) => {
            let items = type_tokens(api, items);
            quote!(::std::vec::Vec<#items>)
        }
        TypeRef::Map(values) => {
            let values = type_tokens(api, values);
            quote!(::std::collections::BTreeMap<::std::string::String, #values>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(api, inner);
            quote!(::std::option::Option<#inner>)
        }
    }
}

/// `#[allow(deprecated)]` for code that touches every field of a struct, when one of them is
/// deprecated, with the `reason` why.
pub fn allow_deprecated_fields(s: &crate::ir::Struct, reason: &str) -> TokenStream {
    if s.fields.iter().any(|f| f.deprecated) {
        quote!(#[allow(deprecated, reason = #reason)])
    } else {
        TokenStream::new()
    }
}

/// Whether a type is a string enum model.
pub fn is_enum(api: &Api, ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Model(id) if matches!(api.models[*id].kind, ModelKind::Enum(_)))
}

/// `#[doc]` attributes, one per line, from spec text; nothing when there is no text.
pub fn docs(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) if !text.trim().is_empty() => doc_lines(text),
        _ => TokenStream::new(),
    }
}

/// `#[doc]` attributes from text that is always there.
pub fn doc_lines(text: &str) -> TokenStream {
    let lines = super::markdown::sanitize(text);
    let lines = lines.iter().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_text_has_no_doc() {
        assert_eq!(docs(Some("  ")).to_string(), "");
    }

    #[test]
    fn raw_identifiers_stay_raw() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("name").to_string(), "name");
    }
}
