//! The `ErrorBody` enum: one variant per type the spec declares for an error status.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{ident, type_tokens};
use crate::ir::Api;

/// `ErrorBody`, its fieldless `ErrorBodyKind` twin, and the decoder that joins them.
pub fn error_body(api: &Api, gate: &dyn Fn(&[String]) -> TokenStream) -> TokenStream {
    let names: Vec<_> = api.error_bodies.iter().map(|v| ident(&v.name)).collect();
    let gates: Vec<_> = api.error_bodies.iter().map(|v| gate(&v.used_by)).collect();
    let types: Vec<_> = api.error_bodies.iter().map(|v| type_tokens(api, &v.ty)).collect();
    let body_docs = api.error_bodies.iter().map(|v| match v.ty {
        crate::ir::TypeRef::Model(_) => format!(" The body as [`{}`](crate::generated::models::{0}).", v.name),
        _ => " The body as the spec declares it, without a named model.".to_owned(),
    });
    let kind_docs = api.error_bodies.iter().map(|v| format!(" Decode as [`ErrorBody::{}`].", v.name));
    quote! {
        /// The body of an error response, decoded into the type the spec declares for its status.
        #[derive(Debug, Clone, PartialEq)]
        pub enum ErrorBody {
            #( #[doc = #body_docs] #gates #names(#types), )*
        }

        /// Which [`ErrorBody`] variant an operation expects for a status.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ErrorBodyKind {
            #( #[doc = #kind_docs] #gates #names, )*
        }

        impl ErrorBody {
            /// Decodes `bytes` as the variant `kind` names.
            ///
            /// # Errors
            ///
            /// The JSON error when the body does not have that shape.
            pub fn decode(kind: ErrorBodyKind, bytes: &[u8]) -> ::std::result::Result<Self, ::serde_json::Error> {
                match (kind, bytes) {
                    #( #gates (ErrorBodyKind::#names, bytes) => ::serde_json::from_slice(bytes).map(Self::#names), )*
                }
            }
        }
    }
}
