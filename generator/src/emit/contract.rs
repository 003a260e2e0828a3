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
                response_arms.push(quote!((#id, #status) => Some(response::<#ty>()),));
            }
        }
        for error in &op.errors {
            if let (StatusMatch::Code(status), Some(index)) = (error.status, error.body) {
                let ty = type_tokens(api, &api.error_bodies[index].ty);
                response_arms.push(quote!((#id, #status) => Some(response::<#ty>()),));
            }
        }
        if let Some(BodyKind::Json(ty)) = op.body.as_ref().map(|b| &b.kind) {
            let ty = type_tokens(api, ty);
            request_arms.push(quote!(#id => Some(request::<#ty>()),));
        }
    }
    let constructors = constructors(!response_arms.is_empty(), !request_arms.is_empty());
    quote! {
        //! For contract tests: decode a JSON body as the type an operation declares, and encode it again.

        /// Decodes a body as one type and encodes it again, strictly or as the client does.
        #[derive(Debug, Clone, Copy)]
        pub struct Codec {
            /// Any mismatch is an error: as a response is read strictly (every required property
            /// there), or as a caller's own JSON is read (a request body without the read-only ones).
            pub strict: fn(&str) -> ::std::result::Result<::serde_json::Value, ::serde_json::Error>,
            /// Off-spec values repaired, as the client decodes responses.
            pub lenient: fn(&str) -> ::std::result::Result<::serde_json::Value, ::serde_json::Error>,
        }

        #constructors

        /// The codec of `operation`'s response `status`; `None` when the spec declares no JSON body there.
        pub fn response_codec(operation: &str, status: u16) -> ::std::option::Option<Codec> {
            match (operation, status) {
                #(#response_arms)*
                _ => None,
            }
        }

        /// The codec of `operation`'s JSON request body; `None` when it takes none.
        pub fn request_codec(operation: &str) -> ::std::option::Option<Codec> {
            match operation {
                #(#request_arms)*
                _ => None,
            }
        }
    }
}

/// The codec constructors the arms use, each only when an arm does (no dead code).
fn constructors(responses: bool, requests: bool) -> TokenStream {
    let response = responses.then(|| quote! {
        fn strict_response<T: crate::runtime::Decode + ::serde::de::DeserializeOwned + ::serde::Serialize>(json: &str) -> ::std::result::Result<::serde_json::Value, ::serde_json::Error> {
            let (value, _) = crate::runtime::decode_body::<T>("contract", json.as_bytes(), true)?;
            ::serde_json::to_value(&value)
        }

        fn response<T: crate::runtime::Decode + ::serde::de::DeserializeOwned + ::serde::Serialize>() -> Codec {
            Codec { strict: strict_response::<T>, lenient: lenient::<T> }
        }
    });
    let request = requests.then(|| quote! {
        fn strict_request<T: crate::runtime::Decode + ::serde::de::DeserializeOwned + ::serde::Serialize>(json: &str) -> ::std::result::Result<::serde_json::Value, ::serde_json::Error> {
            let value: T = ::serde_json::from_str(json)?;
            ::serde_json::to_value(&value)
        }

        fn request<T: crate::runtime::Decode + ::serde::de::DeserializeOwned + ::serde::Serialize>() -> Codec {
            Codec { strict: strict_request::<T>, lenient: lenient::<T> }
        }
    });
    let lenient = (responses || requests).then(|| quote! {
        fn lenient<T: crate::runtime::Decode + ::serde::de::DeserializeOwned + ::serde::Serialize>(json: &str) -> ::std::result::Result<::serde_json::Value, ::serde_json::Error> {
            let (value, _) = crate::runtime::decode_body::<T>("contract", json.as_bytes(), false)?;
            ::serde_json::to_value(&value)
        }
    });
    quote! { #response #request #lenient }
}
