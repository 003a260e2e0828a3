//! Cargo feature names and the `#[cfg]` gates built from them: one feature per API (`isc`), one
//! per API and tag (`isc-sources`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

/// The feature that turns on every tag of an API, and the models no operation uses.
pub fn api_feature(api: &Api) -> String {
    api.module.replace('_', "-")
}

/// The feature of one tag module of an API.
pub fn tag_feature(api: &Api, tag_module: &str) -> String {
    format!("{}-{}", api_feature(api), tag_module.trim_end_matches('_').replace('_', "-"))
}

/// Every tag module of an API, sorted, once each.
pub fn tag_modules(api: &Api) -> Vec<&str> {
    let mut modules: Vec<&str> = api.operations.iter().map(|o| o.module.as_str()).collect();
    modules.sort_unstable();
    modules.dedup();
    modules
}

/// `#[cfg(...)]` for an item used by these tag modules' operations; an item no operation uses
/// (a search document, say) comes with the API's own feature.
pub fn gate(api: &Api, used_by: &[String]) -> TokenStream {
    match used_by {
        [] => {
            let feature = api_feature(api);
            quote!(#[cfg(feature = #feature)])
        }
        [one] => {
            let feature = tag_feature(api, one);
            quote!(#[cfg(feature = #feature)])
        }
        many => {
            let features = many.iter().map(|m| tag_feature(api, m));
            quote!(#[cfg(any(#(feature = #features),*))])
        }
    }
}

/// `#[cfg(...)]` for the API's module: on with the API's feature or any of its tags'.
pub fn api_gate(api: &Api) -> TokenStream {
    let features = std::iter::once(api_feature(api)).chain(tag_modules(api).into_iter().map(|m| tag_feature(api, m)));
    quote!(#[cfg(any(#(feature = #features),*))])
}
