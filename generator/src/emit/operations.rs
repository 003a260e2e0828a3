//! Operations -> tokens: one async method on `Client` each, plus its options struct.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::bodies;
use super::paginate;
use super::types::{doc_lines, docs, ident, is_enum, type_tokens};
use crate::ir::{Api, Body, BodyKind, ErrorStatus, Operation, Param, ParamLocation, PathPart, StatusMatch, TypeRef};

/// The items of one tag module: the options structs and one `impl Client` block.
pub fn tag_module(api: &Api, operations: &[&Operation]) -> TokenStream {
    let options = operations.iter().filter_map(|op| options_struct(api, op));
    let forms = operations.iter().filter_map(|op| match &op.body {
        Some(Body { kind: BodyKind::Form(form), .. }) => Some(bodies::form_struct(api, form, &op.fn_name)),
        _ => None,
    });
    let methods = operations.iter().map(|op| method(api, op));
    quote! {
        #(#options)*
        #(#forms)*
        impl crate::runtime::Client {
            #(#methods)*
        }
    }
}

/// The argument type of a required parameter: strings and slices borrowed (for `lifetime`, if
/// given), enums and scalars by value.
pub fn argument_type(api: &Api, ty: &TypeRef, lifetime: Option<&TokenStream>) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&#lifetime str),
        TypeRef::Array(items) => {
            let items = type_tokens(api, items);
            quote!(&#lifetime [#items])
        }
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 | TypeRef::DateTime | TypeRef::Date => {
            type_tokens(api, ty)
        }
        _ if is_enum(api, ty) => type_tokens(api, ty),
        _ => {
            let ty = type_tokens(api, ty);
            quote!(&#lifetime #ty)
        }
    }
}

fn options_struct(api: &Api, op: &Operation) -> Option<TokenStream> {
    let name = format_ident!("{}", op.options_name.as_ref()?);
    let fn_name = &op.fn_name;
    let doc = format!(" Optional parameters of [`Client::{fn_name}`](crate::Client::{fn_name}).");
    let fields = op.params.iter().filter(|p| !p.required).map(|p| {
        let field = ident(&p.name);
        let ty = type_tokens(api, &p.ty);
        let docs = docs(Some(p.docs.as_deref().unwrap_or(&p.wire_name)));
        quote! { #docs pub #field: ::std::option::Option<#ty>, }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name { #(#fields)* }
    })
}

fn method(api: &Api, op: &Operation) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let required: Vec<&Param> = required_params(op);
    let mut args: Vec<TokenStream> = required
        .iter()
        .map(|p| {
            let name = ident(&p.name);
            let ty = argument_type(api, &p.ty, None);
            quote!(#name: #ty)
        })
        .collect();
    if let Some(body) = &op.body {
        args.push(bodies::body_arg(api, body));
    }
    if let Some(options) = &op.options_name {
        let options = format_ident!("{}", options);
        args.push(quote!(options: &#options));
    }
    let output = bodies::output_type(api, &op.success.body);
    let docs = doc_lines(&method_doc(api, op, &required));
    let deprecated = if op.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
    let meta = operation_meta(api, op);
    let path = path_expr(op);
    let sends = param_sends(op);
    let body = op.body.as_ref().map(bodies::body_send);
    let mutability = if sends.is_empty() && body.is_none() { TokenStream::new() } else { quote!(mut) };
    let finish = bodies::finish(&op.success.body);
    let with_response = format_ident!("{}_with_response", op.fn_name.trim_start_matches("r#"));
    let arg_names: Vec<TokenStream> = args.iter().map(arg_name).collect();
    let with_response_doc = format!(
        " [`{0}`](Self::{0}), with the response's status and headers and the values off the spec that were repaired.",
        op.fn_name.trim_start_matches("r#")
    );
    let allow_deprecated = if op.deprecated { quote!(#[allow(deprecated, reason = "the deprecated operation calls its own variant")]) } else { TokenStream::new() };
    let stream = paginate::stream_method(api, op, &required);
    quote! {
        #docs
        #deprecated
        pub async fn #fn_name(&self, #(#args),*) -> crate::runtime::Result<#output> {
            #allow_deprecated
            let response = self.#with_response(#(#arg_names),*).await;
            response.map(crate::runtime::ApiResponse::into_value)
        }

        #[doc = #with_response_doc]
        ///
        /// # Errors
        ///
        /// As the method without `_with_response`.
        #deprecated
        pub async fn #with_response(&self, #(#args),*) -> crate::runtime::Result<crate::runtime::ApiResponse<#output>> {
            #meta
            let #mutability request = crate::runtime::Request::new(&OPERATION, #path?);
            #(#sends)*
            #body
            let response = self.send(request).await?;
            #finish
        }

        #stream
    }
}

/// The name in an `name: Type` argument.
fn arg_name(arg: &TokenStream) -> TokenStream {
    arg.clone().into_iter().take_while(|t| !matches!(t, proc_macro2::TokenTree::Punct(p) if p.as_char() == ':')).collect()
}

/// Path parameters in path order, then the other required parameters in spec order.
fn required_params(op: &Operation) -> Vec<&Param> {
    let mut out: Vec<&Param> = op
        .path
        .iter()
        .filter_map(|part| match part {
            PathPart::Param(i) => Some(&op.params[*i]),
            PathPart::Literal(_) => None,
        })
        .collect();
    out.extend(op.params.iter().filter(|p| p.required && p.location != ParamLocation::Path));
    out
}

fn method_doc(api: &Api, op: &Operation, required: &[&Param]) -> String {
    let mut doc = op.docs.clone().unwrap_or_else(|| format!("Calls `{}`.", op.id));
    doc.push_str(&format!("\n\n`{} {}` (operation `{}`)", op.method, op.path_template, op.id));
    let described: Vec<String> = required
        .iter()
        .map(|p| format!("- `{}`: {}", p.name.trim_start_matches("r#"), first_line(p.docs.as_deref().unwrap_or(&p.wire_name))))
        .collect();
    if !described.is_empty() {
        doc.push_str("\n\n# Arguments\n\n");
        doc.push_str(&described.join("\n"));
    }
    doc.push_str("\n\n# Errors\n\nReturns [`Error::Api`](crate::Error::Api) for a non-2xx status");
    let mut by_body: Vec<(usize, Vec<String>)> = Vec::new();
    for error in &op.errors {
        let Some(body) = error.body else { continue };
        match by_body.iter_mut().find(|(b, _)| *b == body) {
            Some((_, statuses)) => statuses.push(status_text(error.status)),
            None => by_body.push((body, vec![status_text(error.status)])),
        }
    }
    let typed: Vec<String> = by_body
        .iter()
        .map(|(body, statuses)| {
            let variant = &api.error_bodies[*body].name;
            format!("{} as [`ErrorBody::{variant}`](crate::ErrorBody::{variant})", statuses.join(", "))
        })
        .collect();
    if !typed.is_empty() {
        doc.push_str(&format!(", with the body decoded for {}", typed.join("; ")));
    }
    doc.push_str(", and the other [`Error`](crate::Error) variants when the request cannot be sent or the response cannot be read.");
    doc
}

fn first_line(text: &str) -> &str {
    text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim()
}

fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Class(c) => format!("{c}XX"),
        StatusMatch::Default => "other statuses".to_owned(),
    }
}

fn operation_meta(api: &Api, op: &Operation) -> TokenStream {
    let id = &op.id;
    let method = format_ident!("{}", op.method);
    let template = &op.path_template;
    let accept = match &op.success.accept {
        Some(a) => quote!(Some(#a)),
        None => quote!(None),
    };
    let errors = op.errors.iter().map(|e| error_case(api, e));
    quote! {
        const OPERATION: crate::runtime::OperationMeta = crate::runtime::OperationMeta {
            id: #id,
            method: ::http::Method::#method,
            path_template: #template,
            accept: #accept,
            errors: &[#(#errors),*],
        };
    }
}

fn error_case(api: &Api, error: &ErrorStatus) -> TokenStream {
    let status = match error.status {
        StatusMatch::Code(c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(c);
            quote!(crate::runtime::StatusMatch::Code(#c))
        }
        StatusMatch::Class(c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(c);
            quote!(crate::runtime::StatusMatch::Class(#c))
        }
        StatusMatch::Default => quote!(crate::runtime::StatusMatch::Default),
    };
    let body = match error.body {
        Some(index) => {
            let variant = ident(&api.error_bodies[index].name);
            quote!(Some(crate::generated::ErrorBodyKind::#variant))
        }
        None => quote!(None),
    };
    quote!((#status, #body))
}

fn path_expr(op: &Operation) -> TokenStream {
    let parts = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(crate::runtime::PathPart::Literal(#text)),
        PathPart::Param(i) => {
            let param = &op.params[*i];
            let wire = &param.wire_name;
            let name = ident(&param.name);
            quote!(crate::runtime::PathPart::Param(#wire, &#name))
        }
    });
    quote!(crate::runtime::encode_path(&[#(#parts),*]))
}

fn param_sends(op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let wire = &p.wire_name;
            let name = ident(&p.name);
            let send = |value: TokenStream| match (p.location, &p.ty) {
                (ParamLocation::Query, TypeRef::Array(_)) if p.explode => {
                    quote!(for item in #value { request.query(#wire, item); })
                }
                (ParamLocation::Query, TypeRef::Array(_)) => quote!(request.query_joined(#wire, #value);),
                (ParamLocation::Query, _) => quote!(request.query(#wire, #value);),
                (_, TypeRef::Array(_)) => quote!(request.header_joined(#wire, #value)?;),
                _ => quote!(request.header(#wire, #value)?;),
            };
            if p.required {
                send(quote!(&#name))
            } else {
                let inner = send(quote!(value));
                quote!(if let Some(value) = &options.#name { #inner })
            }
        })
        .collect()
}
