//! A table from (operation, status) to the declared body type, for the contract tests that
//! decode the spec's own examples. Compiled only with the `contract-cases` feature.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::type_tokens;
use crate::ir::{Api, BodyKind, StatusMatch, SuccessBody};

/// The `contract` module.
pub fn contract(api: &Api) -> TokenStream {
    let mut response_arms = Vec::new();
    let mut request_arms = Vec::new();
    for op in &api.operations {
        let id = &op.id;
        if let SuccessBody::Json(ty) = &op.success.body {
            let ty = type_tokens(api, ty);
            for status in &op.success.statuses {
                response_arms.push(quote!((#id, #status) => Some(round_trip::<#ty>(json)),));
            }
        }
        for error in &op.errors {
            if let (StatusMatch::Code(status), Some(index)) = (error.status, error.body) {
                let ty = type_tokens(api, &api.error_bodies[index].ty);
                response_arms.push(quote!((#id, #status) => Some(round_trip::<#ty>(json)),));
            }
        }
        if let Some(BodyKind::Json(ty)) = op.body.as_ref().map(|b| &b.kind) {
            let ty = type_tokens(api, ty);
            request_arms.push(quote!(#id => Some(round_trip::<#ty>(json)),));
        }
    }
    quote! {
        //! For contract tests: decode a JSON body as the type an operation declares, and encode it again.

        fn round_trip<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(json: &str) -> ::std::result::Result<::serde_json::Value, ::serde_json::Error> {
            let value: T = ::serde_json::from_str(json)?;
            ::serde_json::to_value(&value)
        }

        /// Decodes `json` as the body of `operation`'s response `status` and encodes it again;
        /// `None` when the spec declares no JSON body there.
        pub fn response_round_trip(operation: &str, status: u16, json: &str) -> ::std::option::Option<::std::result::Result<::serde_json::Value, ::serde_json::Error>> {
            match (operation, status) {
                #(#response_arms)*
                _ => None,
            }
        }

        /// Decodes `json` as `operation`'s JSON request body and encodes it again; `None` when
        /// the operation takes no JSON body.
        pub fn request_round_trip(operation: &str, json: &str) -> ::std::option::Option<::std::result::Result<::serde_json::Value, ::serde_json::Error>> {
            match operation {
                #(#request_arms)*
                _ => None,
            }
        }
    }
}
