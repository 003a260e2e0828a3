//! A table from (operation, status) to the declared body type, for the contract tests that
//! decode the spec's own examples. Compiled only with the `contract-cases` feature.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::type_tokens;
use crate::ir::{Api, BodyKind, StatusMatch, SuccessBody};

/// The `contract` module.
pub fn contract(api: &Api) -> TokenStream {
    let mut responses = Vec::new();
    let mut requests = Vec::new();
    for op in &api.operations {
        let id = op.id.as_str();
        if let SuccessBody::Json(ty) = &op.success.body {
            let ty = type_tokens(api, ty);
            for &status in &op.success.statuses {
                responses.push(((id, status), quote!(Codec::response::<#ty>())));
            }
        }
        for error in &op.errors {
            if let (StatusMatch::Code(status), Some(index)) = (error.status, error.body) {
                let ty = type_tokens(api, &api.error_bodies[index].ty);
                responses.push(((id, status), quote!(Codec::response::<#ty>())));
            }
        }
        if let Some(BodyKind::Json(ty)) = op.body.as_ref().map(|b| &b.kind) {
            let ty = type_tokens(api, ty);
            requests.push((id, quote!(Codec::request::<#ty>())));
        }
    }
    let responses = sorted_rows(responses, |&(id, status)| quote!((#id, #status)));
    let requests = sorted_rows(requests, |id| quote!(#id));
    quote! {
        //! For contract tests: decode a JSON body as the type an operation declares, and encode it again.

        pub use crate::runtime::__private::Codec;

        /// Each (operation, status) with a JSON response body, sorted, and its codec.
        static RESPONSES: &[((&str, u16), Codec)] = &[#(#responses)*];

        /// Each operation with a JSON request body, sorted, and its codec.
        static REQUESTS: &[(&str, Codec)] = &[#(#requests)*];

        /// The codec of `operation`'s response `status`; `None` when the spec declares no JSON body there.
        pub fn response_codec(operation: &str, status: u16) -> ::std::option::Option<Codec> {
            crate::runtime::__private::find_codec(RESPONSES, &(operation, status))
        }

        /// Every (operation, status) with a JSON response body and its codec, sorted: for
        /// tests that go through them all (the decoding fuzz target).
        pub fn responses() -> &'static [((&'static str, u16), Codec)] {
            RESPONSES
        }

        /// The codec of `operation`'s JSON request body; `None` when it takes none.
        pub fn request_codec(operation: &str) -> ::std::option::Option<Codec> {
            crate::runtime::__private::find_codec(REQUESTS, &operation)
        }
    }
}

/// The table's rows, `(key, codec),`, sorted by key for a binary search; a key given twice
/// keeps its first codec, as a `match` would.
fn sorted_rows<K: Ord + Copy>(mut rows: Vec<(K, TokenStream)>, key: impl Fn(&K) -> TokenStream) -> Vec<TokenStream> {
    rows.sort_by_key(|row| row.0);
    rows.dedup_by(|later, earlier| later.0 == earlier.0);
    rows.iter()
        .map(|(k, codec)| {
            let k = key(k);
            quote!((#k, #codec),)
        })
        .collect()
}
