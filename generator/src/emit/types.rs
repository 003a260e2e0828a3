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
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::JsonObject => quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>),
        TypeRef::Model(id) => {
            let name = ident(&api.models[*id].name);
            quote!(crate::generated::models::#name)
        }
        TypeRef::Array(items) => {
            let items = type_tokens(api, items);
            quote!(::std::vec::Vec<#items>)
        }
        TypeRef::Map(values) => {
            let values = type_tokens(api, values);
            quote!(::std::collections::BTreeMap<::std::string::String, #values>)
        }
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
    let lines = sanitize(text);
    let lines = lines.iter().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Spec descriptions are Markdown written for a web page; rustdoc reads `[x]` as an intra-doc
/// link and `<x>` as HTML, so both are escaped, and trailing spaces are dropped.
fn sanitize(text: &str) -> Vec<String> {
    let text = text.trim_matches('\n');
    text.lines()
        .map(|line| {
            let mut out = String::with_capacity(line.len());
            let chars: Vec<char> = line.trim_end().chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                match c {
                    '[' if !is_markdown_link(&chars[i..]) => out.push_str("\\["),
                    ']' if !closes_markdown_link(&chars[..=i], &chars[i + 1..]) => out.push_str("\\]"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    _ => out.push(c),
                }
            }
            out
        })
        .collect()
}

/// `[text](url)` starting here.
fn is_markdown_link(rest: &[char]) -> bool {
    let Some(close) = rest.iter().position(|&c| c == ']') else { return false };
    rest.get(close + 1) == Some(&'(')
}

fn closes_markdown_link(before: &[char], after: &[char]) -> bool {
    after.first() == Some(&'(') && before.contains(&'[')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_text_is_escaped_for_rustdoc() {
        assert_eq!(sanitize("a [b] <c> [d](http://e)  "), vec!["a \\[b\\] &lt;c&gt; [d](http://e)"]);
        assert_eq!(docs(Some("  ")).to_string(), "");
    }

    #[test]
    fn raw_identifiers_stay_raw() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("name").to_string(), "name");
    }
}
