//! IR -> files: tokens per item kind, formatted by prettyplease, headed `@generated`.

mod bodies;
mod contract;
mod deserialize;
mod errors;
mod manifest;
mod paginate;
mod models;
mod operations;
mod types;

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Error;
use crate::ir::{Api, Operation};
use crate::Options;
use crate::naming;
use types::{doc_lines, ident};

/// Emits every generated file, keyed by its path under `src/generated/`.
pub fn emit(api: &Api, options: &Options) -> Result<BTreeMap<PathBuf, String>, Error> {
    let mut files = BTreeMap::new();
    let source = options.source.as_str();
    let gate = |used_by: &[String]| feature_gate(options, used_by);
    let mut add = |path: &str, tokens: TokenStream, about: &str| -> Result<(), Error> {
        files.insert(PathBuf::from(crate::GENERATED_DIR).join(path), format_file(tokens, source, about)?);
        Ok(())
    };
    add("mod.rs", root_module(api, options), "the generated part of the client")?;
    if options.tag_features {
        add("contract.rs", contract::contract(api), "the contract-test table")?;
    }
    add("error_body.rs", errors::error_body(api, &gate), "error bodies")?;

    let mut models: Vec<_> = api.models.iter().collect();
    models.sort_by(|a, b| a.name.cmp(&b.name));
    naming::ensure_unique("model files", models.iter().map(|m| (m.module.as_str(), m.name.as_str())))
        .map_err(|m| Error::at("/components/schemas", m))?;
    let model_items = models.iter().map(|m| {
        let (module, name, gate) = (ident(&m.module), ident(&m.name), gate(&m.used_by));
        quote! { #gate mod #module; #gate pub use #module::#name; }
    });
    let model_items = quote! { #(#model_items)* };
    add("models/mod.rs", model_items, "the models")?;
    for model in &models {
        add(&format!("models/{}.rs", model.module), models::model(api, model), &format!("model `{}`", model.name))?;
    }

    let mut by_module: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        by_module.entry(op.module.as_str()).or_default().push(op);
    }
    let mut api_mods = Vec::new();
    for (module, ops) in &by_module {
        let tag = &ops[0].tag;
        add(&format!("apis/{module}.rs"), operations::tag_module(api, ops), &format!("the `{tag}` operations"))?;
        let module = ident(module);
        let mut options: Vec<_> = ops.iter().filter_map(|o| o.options_name.as_deref()).map(ident).collect();
        options.extend(ops.iter().filter_map(|o| match &o.body {
            Some(crate::ir::Body { kind: crate::ir::BodyKind::Form(form), .. }) => Some(ident(&form.name)),
            _ => None,
        }));
        let doc = format!(" The `{tag}` operations.");
        let gate = gate(&[module.to_string()]);
        api_mods.push(quote! { #[doc = #doc] #gate pub mod #module; });
        if !options.is_empty() {
            api_mods.push(quote! { #gate pub use #module::{#(#options),*}; });
        }
    }
    add("apis/mod.rs", quote! { #(#api_mods)* }, "the operations, one module per tag")?;
    if options.tag_features {
        let tags: Vec<(&str, &str, usize)> = by_module.iter().map(|(module, ops)| (*module, ops[0].tag.as_str(), ops.len())).collect();
        files.insert(PathBuf::from("Cargo.toml"), manifest::manifest(&tags, source));
    }
    Ok(files)
}

/// `#[cfg(...)]` for an item used by these modules' operations, when tags are features; nothing
/// for an item no operation uses (it is always compiled).
fn feature_gate(options: &Options, used_by: &[String]) -> TokenStream {
    if !options.tag_features || used_by.is_empty() {
        return TokenStream::new();
    }
    match used_by {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

fn root_module(api: &Api, options: &Options) -> TokenStream {
    let server = api.server.as_ref().map(|server| {
        let url = &server.url;
        let doc = server.description.clone().unwrap_or_else(|| "The API server.".to_owned());
        let doc = doc_lines(&format!("{doc}\n\nPlaceholders in braces are filled from [`SERVER_VARIABLES`] or by the caller."));
        let names = server.variables.iter().map(|v| &v.name);
        let defaults = server.variables.iter().map(|v| &v.default);
        quote! {
            #doc
            pub const SERVER_URL: &str = #url;
            /// The server URL's variables and their default values.
            pub const SERVER_VARIABLES: &[(&str, &str)] = &[#((#names, #defaults)),*];
        }
    });
    let server = server.unwrap_or_else(|| {
        quote! {
            /// The spec names no server: pass a base URL to the client.
            pub const SERVER_URL: &str = "";
            /// The server URL's variables (none).
            pub const SERVER_VARIABLES: &[(&str, &str)] = &[];
        }
    });
    let contract = options.tag_features.then(|| {
        quote! {
            #[cfg(feature = "contract-cases")]
            #[doc(hidden)]
            pub mod contract;
        }
    });
    quote! {
        pub mod apis;
        #contract
        mod error_body;
        pub mod models;
        pub use error_body::{ErrorBody, ErrorBodyKind};
        #server
    }
}

/// Formats tokens with prettyplease and prepends the header.
fn format_file(tokens: TokenStream, source: &str, about: &str) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| Error::at("", format!("internal error: the code emitted for {about} does not parse: {e}")))?;
    let body = prettyplease::unparse(&file);
    Ok(format!(
        "// @generated by `cargo run -p generator` from {source}: {about}. Do not edit by hand.\n\n{body}"
    ))
}
