//! `..._stream` methods: every item of a `limit`/`offset` list, page after page.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::{argument_type, deprecated_attribute, many_arguments};
use super::types::{ident, is_enum, type_tokens};
use crate::ir::{Api, BodyKind, Operation, Param, TypeRef};

#[derive(PartialEq)]
enum Passing {
    Borrowed,
    Cloned,
    Copied,
}

/// The stream method of a paged operation, if it is one.
///
/// Each page is a call of the operation's own method, which builds its request at once; the
/// stream owns its options and copies of the other arguments, so it borrows nothing but the
/// client, and a temporary (`ListSourcesOptions::default()`) can be passed.
pub fn stream_method(api: &Api, op: &Operation, required: &[&Param]) -> Option<TokenStream> {
    let pagination = op.pagination.as_ref()?;
    if let Some(fields) = search_after_fields(api, op, required) {
        return search_after_stream(api, op, &fields);
    }
    let options_name = ident(op.options_name.as_ref()?);
    let locals = &op.locals;
    let (api_copy, options, page, limit_local, start, offset_local) =
        (ident(&locals.api), ident(&locals.options), ident(&locals.page), ident(&locals.limit), ident(&locals.start), ident(&locals.offset));
    let stream = ident(&pagination.fn_name);
    let method = ident(&op.fn_name);
    let item = type_tokens(api, &pagination.item);
    let mut names: Vec<_> = required.iter().map(|p| ident(&p.name)).collect();
    let mut types: Vec<_> = required.iter().map(|p| super::filters::typed_argument(op, p).unwrap_or_else(|| argument_type(api, &p.ty, None))).collect();
    // How each argument reaches every page's call: borrowed from the stream's own copy, cloned
    // (enums), or copied (scalars).
    let mut passing: Vec<Passing> = required
        .iter()
        .zip(&types)
        .map(|(p, t)| match () {
            () if t.to_string().starts_with('&') => Passing::Borrowed,
            () if is_enum(api, &p.ty) => Passing::Cloned,
            () => Passing::Copied,
        })
        .collect();
    match op.body.as_ref().map(|b| &b.kind) {
        None => {}
        Some(BodyKind::Json(ty)) => {
            let ty = super::bodies::json_body_type(api, ty);
            names.push(ident(&op.body.as_ref()?.name));
            types.push(quote!(&#ty));
            passing.push(Passing::Borrowed);
        }
        Some(_) => return None,
    }
    let owned = names.iter().zip(&passing).filter(|(_, p)| **p == Passing::Borrowed).map(|(n, _)| quote!(let #n = #n.to_owned();));
    let passed = names.iter().zip(&passing).map(|(n, p)| match p {
        Passing::Borrowed => quote!(&#n),
        Passing::Cloned => quote!(#n.clone()),
        Passing::Copied => quote!(#n),
    });
    let limit = ident(&op.params[pagination.limit].name);
    let offset = ident(&op.params[pagination.offset].name);
    let narrow = |param: &Param, value: TokenStream| match param.ty {
        TypeRef::I32 => quote!(i32::try_from(#value).unwrap_or(i32::MAX)),
        _ => value,
    };
    let page_limit = narrow(&op.params[pagination.limit], quote!(#limit_local));
    let page_offset = narrow(&op.params[pagination.offset], quote!(#offset_local));
    let count = pagination.count.map(|i| {
        let count = ident(&op.params[i].name);
        quote!(#page.#count = Some(true);)
    });
    let fn_name = op.fn_name.trim_start_matches("r#");
    let doc = format!(
        " Every item of [`{fn_name}`](Self::{fn_name}), page after page (`limit` items a page, {} by default), as a stream.\n\n \
         It stops at the last page without asking past it. An item that cannot be read is an error in its place and the stream goes on; a page that cannot be had is an error after the items before it, and ends the stream.",
        250
    );
    let deprecated = deprecated_attribute(op);
    let allow_deprecated = if op.deprecated { quote!(#[allow(deprecated, reason = "the deprecated operation pages through itself")]) } else { TokenStream::new() };
    let allow_many = many_arguments(names.len() + 2);
    Some(quote! {
        #[doc = #doc]
        #deprecated
        #allow_many
        #[inline]
        pub fn #stream(&self, #(#names: #types,)* #options: #options_name) -> crate::runtime::Paginated<'a, #item> {
            let #api_copy = *self;
            #(#owned)*
            let #limit_local = #options.#limit.map_or(crate::runtime::DEFAULT_PAGE_SIZE, i64::from);
            let #start = #options.#offset.map_or(0, i64::from);
            crate::runtime::__private::paginate(#limit_local, #start, move |#offset_local, #limit_local| {
                let mut #page = #options.clone();
                #page.#limit = Some(#page_limit);
                #page.#offset = Some(#page_offset);
                #count
                #allow_deprecated
                #api_copy.#method(#(#passed,)* &#page)
            })
        }
    })
}

/// The body fields a search pages with: its sort keys and the values to page after.
struct SearchAfterFields {
    sort: String,
    search_after: String,
}

/// Names the search-after stream's body uses itself; a body named so keeps the offset stream.
const SEARCH_LOCALS: [&str; 3] = ["after", "sort", "search"];

/// The fields, when the operation is a search that can page with `searchAfter`: its JSON body is
/// an object with optional string lists `sort` and `searchAfter`, and it has no other required
/// argument.
fn search_after_fields(api: &Api, op: &Operation, required: &[&Param]) -> Option<SearchAfterFields> {
    let body = op.body.as_ref()?;
    let BodyKind::Json(TypeRef::Model(id)) = &body.kind else { return None };
    let crate::ir::ModelKind::Struct(s) = &api.models[*id].kind else { return None };
    if !required.is_empty() || SEARCH_LOCALS.contains(&body.name.as_str()) {
        return None;
    }
    let list = |wire: &str| {
        s.fields
            .iter()
            .find(|f| f.wire_name == wire && !f.required && !f.nullable && f.default.is_none() && f.ty == TypeRef::Array(Box::new(TypeRef::String)))
            .map(|f| f.name.clone())
    };
    Some(SearchAfterFields { sort: list("sort")?, search_after: list("searchAfter")? })
}

/// A stream of every document a search finds, paged with `searchAfter` over the caller's sort
/// and the document id, decoded as the caller's document type.
fn search_after_stream(api: &Api, op: &Operation, fields: &SearchAfterFields) -> Option<TokenStream> {
    let pagination = op.pagination.as_ref()?;
    let options_name = ident(op.options_name.as_ref()?);
    let locals = &op.locals;
    let (api_copy, options, page, limit_local) = (ident(&locals.api), ident(&locals.options), ident(&locals.page), ident(&locals.limit));
    let (stream, method) = (ident(&pagination.fn_name), ident(&op.fn_name));
    let body = op.body.as_ref()?;
    let BodyKind::Json(body_type) = &body.kind else { return None };
    let (body_name, body_type) = (ident(&body.name), super::bodies::json_body_type(api, body_type));
    let (sort_field, after_field) = (ident(&fields.sort), ident(&fields.search_after));
    let limit = ident(&op.params[pagination.limit].name);
    let offset = ident(&op.params[pagination.offset].name);
    let page_limit = match op.params[pagination.limit].ty {
        TypeRef::I32 => quote!(i32::try_from(#limit_local).unwrap_or(i32::MAX)),
        _ => quote!(#limit_local),
    };
    let count = pagination.count.map(|i| {
        let count = ident(&op.params[i].name);
        quote!(#page.#count = Some(true);)
    });
    let item = type_tokens(api, &pagination.item);
    let fn_name = op.fn_name.trim_start_matches("r#");
    let doc = format!(
        " Every document [`{fn_name}`](Self::{fn_name}) finds, page after page, as a stream of `D`: the document type of the indices searched \
         (an identity document type for `identities`), [`{}`] for a mix, or `serde_json::Value`.\n\n \
         It pages with `searchAfter`, not `offset`, so it goes past the 10,000 results a server allows an offset to reach. The body's `sort` \
         gets `id` as its last key, so documents that share a sort value (a timestamp) are neither skipped nor repeated at a page boundary. \
         It stops at the last page without asking past it. A document that cannot be read is an error in its place and the stream goes on; \
         a page that cannot be had is an error after the documents before it, and ends the stream.",
        item.to_string().replace(' ', "")
    );
    let deprecated = deprecated_attribute(op);
    let allow_deprecated = if op.deprecated { quote!(#[allow(deprecated, reason = "the deprecated operation pages through itself")]) } else { TokenStream::new() };
    Some(quote! {
        #[doc = #doc]
        #deprecated
        pub fn #stream<D: crate::runtime::__private::Decode + Send + 'a>(&self, #body_name: &#body_type, #options: #options_name) -> crate::runtime::Paginated<'a, D> {
            let #api_copy = *self;
            let mut search = #body_name.to_owned();
            let sort = crate::runtime::sort_with_tie_break(search.#sort_field.as_deref());
            search.#sort_field = Some(sort.clone());
            let #limit_local = #options.#limit.map_or(crate::runtime::DEFAULT_PAGE_SIZE, i64::from);
            crate::runtime::__private::search_after(#limit_local, sort, move |after, #limit_local| {
                let mut #page = #options.clone();
                #page.#limit = Some(#page_limit);
                #page.#offset = None;
                #count
                let mut search = search.clone();
                search.#after_field = after;
                #allow_deprecated
                #api_copy.#method(&search, &#page)
            })
        }
    })
}
