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
    let mut list_indent: Option<usize> = None;
    let mut in_fence = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            // A fence without a language would be compiled as a Rust doctest.
            let opening = !in_fence;
            in_fence = !in_fence;
            lines.push(if opening && lang.trim().is_empty() { "```text".to_owned() } else { trimmed.to_owned() });
            continue;
        }
        if in_fence {
            lines.push(line.to_owned());
            continue;
        }
        let line = match list_item_indent(line) {
            Some(indent) => {
                list_indent = Some(indent);
                trimmed.to_owned()
            }
            None if line.is_empty() => {
                list_indent = None;
                String::new()
            }
            // A line continuing a list item is indented to the item's text, as rustdoc's
            // Markdown (and clippy) expect; other indentation would make a Rust code block.
            None => format!("{}{}", " ".repeat(list_indent.unwrap_or(0)), trimmed),
        };
        lines.push(escape_markdown(&line));
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    lines
}

/// The column where a list item's text starts (`- x` -> 2, `10. x` -> 4), if `line` is one.
fn list_item_indent(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let marker = if trimmed.starts_with("- ") || trimmed.starts_with("* ") || trimmed.starts_with("+ ") {
        2
    } else {
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || !trimmed[digits..].starts_with(". ") {
            return None;
        }
        digits + 2
    };
    Some(marker)
}

fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let links = markdown_links(&chars);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(len) = bare_url_len(&chars, i) {
            // rustdoc links only URLs in angle brackets.
            out.push('<');
            out.extend(&chars[i..i + len]);
            out.push('>');
            i += len;
            continue;
        }
        match c {
            '[' if !links.iter().any(|&(open, _)| open == i) => out.push_str("\\["),
            ']' if !links.iter().any(|&(_, close)| close == i) => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// The length of a bare `http(s)://` URL starting at `i` that is not already a link target.
fn bare_url_len(chars: &[char], i: usize) -> Option<usize> {
    let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
    if !(rest.starts_with("http://") || rest.starts_with("https://")) {
        return None;
    }
    if i > 0 && matches!(chars[i - 1], '(' | '<' | '`' | '"' | '\'') {
        return None;
    }
    let len = chars[i..].iter().take_while(|c| !c.is_whitespace() && !matches!(c, '<' | '>' | '`' | ')' | '"')).count();
    let trailing = chars[i..i + len].iter().rev().take_while(|c| matches!(c, '.' | ',' | ';' | ':')).count();
    Some(len - trailing)
}

/// The brackets of each `[text](destination)` link: a destination rustdoc reads as one (no
/// spaces or brackets) and a closing parenthesis. Any other bracket is text, to be escaped, or
/// rustdoc would take `[text]` for a link to an item.
fn markdown_links(chars: &[char]) -> Vec<(usize, usize)> {
    let mut links = Vec::new();
    for open in (0..chars.len()).filter(|&i| chars[i] == '[') {
        let Some(close) = chars[open + 1..].iter().position(|&c| c == ']' || c == '[').map(|p| open + 1 + p) else { continue };
        if chars[close] != ']' || chars.get(close + 1) != Some(&'(') {
            continue;
        }
        let destination = chars[close + 2..].iter().take_while(|&&c| c != ')');
        let mut length = 0;
        let mut clean = true;
        for &c in destination {
            length += 1;
            clean &= !(c.is_whitespace() || matches!(c, '[' | ']' | '<' | '>' | '('));
        }
        if clean && length > 0 && chars.get(close + 2 + length) == Some(&')') {
            links.push((open, close));
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_text_is_escaped_for_rustdoc() {
        assert_eq!(sanitize("a [b] <c> [d](http://e)  "), vec!["a \\[b\\] &lt;c&gt; [d](http://e)"]);
        assert_eq!(docs(Some("  ")).to_string(), "");
        assert_eq!(sanitize("- a\nb\n      c\n\nd\n    e"), vec!["- a", "  b", "  c", "", "d", "e"]);
        assert_eq!(sanitize("```\n  x\n"), vec!["```text", "  x", "```"]);
        assert_eq!(sanitize("see https://a.b/c. and [l](https://x)"), vec!["see <https://a.b/c>. and [l](https://x)"]);
        assert_eq!(sanitize("[broken](link [x] y) [ok](z)"), vec!["\\[broken\\](link \\[x\\] y) [ok](z)"]);
    }

    #[test]
    fn raw_identifiers_stay_raw() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("name").to_string(), "name");
    }
}
