//! Operations -> tokens: one async method on `Client` each, plus its options struct.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::bodies;
use super::paginate;
use super::types::{doc_lines, docs, ident, is_enum, type_tokens};
use crate::ir::{Api, Body, BodyKind, ErrorStatus, Operation, Param, ParamEncoding, ParamLocation, ParamStyle, PathPart, StatusMatch, TypeRef};

/// The items of one tag module: the options and form structs, and the tag's handle with one
/// method per operation.
pub fn tag_module(api: &Api, operations: &[&Operation]) -> TokenStream {
    let options = operations.iter().filter_map(|op| options_struct(api, op));
    let forms = operations.iter().filter_map(|op| match &op.body {
        Some(Body { kind: BodyKind::Form(form), .. }) => Some(bodies::form_struct(api, form, &op.fn_name, &op.handle)),
        _ => None,
    });
    let filter_types = operations.iter().enumerate().map(|(at, op)| super::filters::filter_types(api, op, &operations[..at]));
    let methods = operations.iter().map(|op| method(api, op));
    let tag = &operations[0].tag;
    let handle = ident(&operations[0].handle);
    let doc = doc_lines(&format!(
        "The `{tag}` operations of {}.\n\nEach method builds its request at once and returns a [`Call`](crate::runtime::Call): `.await` it for the value, or `.with_response().await` for the status, headers and repaired values too.",
        api.title
    ));
    quote! {
        #(#options)*
        #(#filter_types)*
        #(#forms)*

        #doc
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            client: &'a crate::runtime::Client,
        }

        impl<'a> #handle<'a> {
            pub(crate) fn new(client: &'a crate::runtime::Client) -> Self {
                Self { client }
            }

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
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::DateTime | TypeRef::Date => {
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
    let name = ident(op.options_name.as_ref()?);
    let fn_name = op.fn_name.trim_start_matches("r#");
    let handle = &op.handle;
    let doc = format!(" Optional parameters of [`{handle}::{fn_name}`].");
    let fields = op.params.iter().enumerate().filter(|(_, p)| !p.required).map(|(index, p)| {
        let field = ident(&p.name);
        let ty = super::filters::typed_param(op, index).unwrap_or_else(|| type_tokens(api, &p.ty));
        let mut text = p.docs.clone().unwrap_or_else(|| p.wire_name.clone());
        if let Some(typed) = super::filters::typed_param_doc(op, index) {
            text = format!("{text}\n\n{typed}");
        }
        let docs = docs(Some(&text));
        quote! { #docs pub #field: ::std::option::Option<#ty>, }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name { #(#fields)* }
    })
}

/// The arguments of an operation's method: required parameters, the body, the options.
pub fn arguments(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let mut args: Vec<TokenStream> = required_params(op)
        .iter()
        .map(|p| {
            let name = ident(&p.name);
            let ty = super::filters::typed_argument(op, p).unwrap_or_else(|| argument_type(api, &p.ty, None));
            quote!(#name: #ty)
        })
        .collect();
    if let Some(body) = &op.body {
        args.push(bodies::body_arg(api, body));
    }
    if let Some(options) = &op.options_name {
        let (argument, options) = (ident(&op.locals.options), ident(options));
        args.push(quote!(#argument: &#options));
    }
    args
}

fn method(api: &Api, op: &Operation) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let required = required_params(op);
    let args = arguments(api, op);
    let output = bodies::output_type(api, &op.success);
    let docs = doc_lines(&method_doc(api, op, &required));
    let deprecated = deprecated_attribute(op);
    let meta = operation_meta(api, op);
    let path = path_expr(op);
    let sends = param_sends(op);
    let body = op.body.as_ref().map(|b| bodies::body_send(b, &op.locals));
    let mutability = if sends.is_empty() && body.is_none() { TokenStream::new() } else { quote!(mut) };
    let request = ident(&op.locals.request);
    let decode = bodies::decoder(&op.success);
    let stream = paginate::stream_method(api, op, &required);
    let allow_many = many_arguments(args.len() + 1);
    quote! {
        #docs
        #deprecated
        #allow_many
        #[inline]
        pub fn #fn_name(&self, #(#args),*) -> crate::runtime::Call<'a, #output> {
            #meta
            let #mutability #request = crate::runtime::__private::Request::new(&OPERATION, #path);
            #(#sends)*
            #body
            crate::runtime::Call::new(self.client, #decode, #request)
        }

        #stream
    }
}

/// Clippy's `too_many_arguments` allowed where the spec gives that many required parameters.
pub fn many_arguments(count: usize) -> TokenStream {
    if count > 7 {
        quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required parameter of the operation")])
    } else {
        TokenStream::new()
    }
}

/// `#[deprecated]`, with the spec's reason when it gives one.
pub fn deprecated_attribute(op: &Operation) -> TokenStream {
    match (&op.deprecated, &op.deprecation_note) {
        (false, _) => TokenStream::new(),
        (true, Some(note)) => quote!(#[deprecated(note = #note)]),
        (true, None) => quote!(#[deprecated]),
    }
}

/// Path parameters in path order (once each, though a path may use one twice:
/// `/sites/{site_id}/sle/site/{site_id}`), then the other required parameters in spec order.
pub fn required_params(op: &Operation) -> Vec<&Param> {
    let mut indices: Vec<usize> = Vec::new();
    for part in &op.path {
        if let PathPart::Param(i) = part {
            if !indices.contains(i) {
                indices.push(*i);
            }
        }
    }
    let mut out: Vec<&Param> = indices.into_iter().map(|i| &op.params[i]).collect();
    out.extend(op.params.iter().filter(|p| p.required && p.location != ParamLocation::Path));
    out
}

fn method_doc(api: &Api, op: &Operation, required: &[&Param]) -> String {
    let mut doc = op.docs.clone().unwrap_or_else(|| format!("Calls `{}`.", op.id));
    doc.push_str(&format!("\n\n`{} {}` (operation `{}`)", op.method, op.path_template, op.id));
    let described: Vec<String> = required
        .iter()
        .map(|p| {
            let typed = super::filters::typed_argument_doc(op, p).map(|text| format!(" {text}")).unwrap_or_default();
            format!("- `{}`: {}{typed}", p.name.trim_start_matches("r#"), first_line(p.docs.as_deref().unwrap_or(&p.wire_name)))
        })
        .collect();
    if !described.is_empty() {
        doc.push_str("\n\n# Arguments\n\n");
        doc.push_str(&described.join("\n"));
    }
    push_rights(&mut doc, op);
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
            format!("{} as [`ErrorBody::{variant}`](crate::{}::ErrorBody::{variant})", statuses.join(", "), api.module)
        })
        .collect();
    if !typed.is_empty() {
        doc.push_str(&format!(", with the body decoded for {}", typed.join("; ")));
    }
    doc.push_str(", and the other [`Error`](crate::Error) variants when the request cannot be sent or the response cannot be read.");
    doc
}

/// Experimental and deprecated status, and who may call the operation.
fn push_rights(doc: &mut String, op: &Operation) {
    if op.experimental {
        doc.push_str("\n\n**Experimental**: SailPoint may change or remove it without notice. It is sent only by a client configured with [`ClientConfig::experimental(true)`](crate::ClientConfig::experimental), which adds the `X-SailPoint-Experimental` header; otherwise the call fails before anything is sent.");
    }
    if op.deprecated {
        doc.push_str("\n\n**Deprecated**");
        if let Some(note) = &op.deprecation_note {
            doc.push_str(&format!(": {note}"));
        }
    }
    let mut rights = Vec::new();
    if !op.user_levels.is_empty() {
        let levels: Vec<String> = op.user_levels.iter().map(|l| format!("`{l}`")).collect();
        rights.push(format!("User levels: {}.", levels.join(", ")));
    }
    if !op.scopes.is_empty() {
        let scopes: Vec<String> = op.scopes.iter().map(|s| format!("`{s}`")).collect();
        rights.push(format!("OAuth scopes (any of): {}.", scopes.join(", ")));
    }
    if !rights.is_empty() {
        doc.push_str(&format!("\n\n# Rights\n\n{}", rights.join("\n\n")));
    }
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
    let module = ident(&api.module);
    let errors = ident(&api.error_tables[op.error_table].name);
    let experimental = op.experimental;
    let authenticated = op.authenticated;
    quote! {
        const OPERATION: crate::runtime::__private::OperationMeta = crate::runtime::__private::OperationMeta {
            id: #id,
            server: &crate::#module::SERVER,
            method: ::http::Method::#method,
            path_template: #template,
            accept: #accept,
            experimental: #experimental,
            errors: crate::#module::error_body::#errors,
            authenticated: #authenticated,
        };
    }
}

/// One entry of an error table: a status and the decoder of its body type.
pub fn error_case(api: &Api, error: &ErrorStatus) -> TokenStream {
    let status = match error.status {
        StatusMatch::Code(c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(c);
            quote!(crate::runtime::__private::StatusMatch::Code(#c))
        }
        StatusMatch::Class(c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(c);
            quote!(crate::runtime::__private::StatusMatch::Class(#c))
        }
        StatusMatch::Default => quote!(crate::runtime::__private::StatusMatch::Default),
    };
    let body = match error.body {
        Some(index) => {
            let module = ident(&api.module);
            let ty = type_tokens(api, &api.error_bodies[index].ty);
            quote!(Some(crate::runtime::__private::decode_error::<crate::#module::ErrorBody, #ty>))
        }
        None => quote!(None),
    };
    quote!((#status, #body))
}

fn path_expr(op: &Operation) -> TokenStream {
    let parts = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(crate::runtime::__private::PathPart::Literal(#text)),
        PathPart::Param(i) => {
            let param = &op.params[*i];
            let wire = &param.wire_name;
            let name = ident(&param.name);
            let value = simple_value(param, quote!(&#name));
            quote!(crate::runtime::__private::PathPart::Param(#wire, #value))
        }
    });
    quote!(crate::runtime::__private::encode_path(&[#(#parts),*]))
}

/// A path or header value: its own text, or laid out in `simple` style.
fn simple_value(param: &Param, given: TokenStream) -> TokenStream {
    match param.encoding {
        ParamEncoding::Text => given,
        ParamEncoding::List | ParamEncoding::Structured => {
            let explode = param.explode;
            quote!(&crate::runtime::Simple::new(#given, #explode))
        }
    }
}

fn query_style(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Form | ParamStyle::Simple => quote!(crate::runtime::QueryStyle::Form),
        ParamStyle::SpaceDelimited => quote!(crate::runtime::QueryStyle::SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(crate::runtime::QueryStyle::PipeDelimited),
        ParamStyle::DeepObject => quote!(crate::runtime::QueryStyle::DeepObject),
    }
}

fn param_sends(op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let wire = &p.wire_name;
            let name = ident(&p.name);
            let explode = p.explode;
            let (request, value, options) = (ident(&op.locals.request), ident(&op.locals.value), ident(&op.locals.options));
            let send = |given: TokenStream| match (p.location, p.encoding) {
                (ParamLocation::Query, ParamEncoding::Text) => quote!(#request.query(#wire, #given);),
                (ParamLocation::Query, ParamEncoding::List) => {
                    let style = query_style(p.style);
                    quote!(#request.query_list(#wire, #given, #style, #explode);)
                }
                (ParamLocation::Query, ParamEncoding::Structured) => {
                    let style = query_style(p.style);
                    quote!(#request.query_value(#wire, #given, #style, #explode);)
                }
                _ => {
                    let value = simple_value(p, given);
                    quote!(#request.header(#wire, #value);)
                }
            };
            if p.required {
                // A required list is already borrowed as a slice.
                send(if p.encoding == ParamEncoding::List { quote!(#name) } else { quote!(&#name) })
            } else {
                let inner = send(quote!(#value));
                quote!(if let Some(#value) = &#options.#name { #inner })
            }
        })
        .collect()
}
