//! The `ErrorBody` enum: one variant per type the spec declares for an error status.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::error_case;
use super::types::{ident, type_tokens};
use crate::ir::Api;

/// `ErrorBody`, and a `From` conversion per variant so the runtime can decode into it by type.
pub fn error_body(api: &Api, gate: &dyn Fn(&[String]) -> TokenStream) -> TokenStream {
    let names: Vec<_> = api.error_bodies.iter().map(|v| ident(&v.name)).collect();
    let gates: Vec<_> = api.error_bodies.iter().map(|v| gate(&v.used_by)).collect();
    let types: Vec<_> = api.error_bodies.iter().map(|v| type_tokens(api, &v.ty)).collect();
    let module = &api.module;
    let body_docs = api.error_bodies.iter().map(|v| match v.ty {
        crate::ir::TypeRef::Model(_) => format!(" The body as [`{}`](crate::{module}::models::{0}).", v.name),
        _ => " The body as the spec declares it, without a named model.".to_owned(),
    });
    let doc = format!(
        " The body of an error response of the `{module}` API, decoded into the type the spec declares for its status: \
         `error.body::<{module}::ErrorBody>()` on an [`ApiError`](crate::ApiError)."
    );
    let tables = api.error_tables.iter().map(|table| {
        let name = ident(&table.name);
        let gate = gate(&table.used_by);
        let entries = table.statuses.iter().map(|e| error_case(api, e));
        quote! {
            #gate
            pub(crate) const #name: &[(crate::runtime::__private::StatusMatch, ::std::option::Option<crate::runtime::ErrorDecoder>)] = &[#(#entries),*];
        }
    });
    quote! {
        #(#tables)*

        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ErrorBody {
            #( #[doc = #body_docs] #gates #names(#types), )*
        }

        #(
            #gates
            impl ::std::convert::From<#types> for ErrorBody {
                fn from(body: #types) -> Self {
                    Self::#names(body)
                }
            }
        )*
    }
}
