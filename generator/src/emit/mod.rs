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

use crate::error::{pointer, Error};
use crate::ir::{Api, Model, Operation};
use crate::Options;
use crate::naming;
use types::{doc_lines, ident};

/// One generated file to render.
enum Job<'a> {
    Root,
    Contract,
    ErrorBody,
    ModelsMod(Vec<&'a Model>),
    Model(&'a Model),
    Tag(Vec<&'a Operation>),
    ApisMod(Vec<(&'a str, Vec<&'a Operation>)>),
}

/// Emits every generated file, keyed by its path relative to the client crate.
///
/// Files are rendered on all cores (tokens, syn, prettyplease); the map they land in is keyed by
/// path, so the output does not depend on which thread finished first.
pub fn emit(api: &Api, options: &Options) -> Result<BTreeMap<PathBuf, String>, Error> {
    let mut models: Vec<&Model> = api.models.iter().collect();
    models.sort_by(|a, b| a.name.cmp(&b.name));
    naming::ensure_unique("model files", models.iter().map(|m| (m.module.as_str(), m.name.as_str())))
        .map_err(|(m, second)| Error::at(pointer("/components/schemas", &[second]), m))?;
    let mut by_module: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        by_module.entry(op.module.as_str()).or_default().push(op);
    }

    let mut jobs: Vec<(String, String, Job<'_>)> = vec![("mod.rs".into(), "the generated part of the client".into(), Job::Root)];
    if options.tag_features {
        jobs.push(("contract.rs".into(), "the contract-test table".into(), Job::Contract));
    }
    jobs.push(("error_body.rs".into(), "error bodies".into(), Job::ErrorBody));
    jobs.push(("models/mod.rs".into(), "the models".into(), Job::ModelsMod(models.clone())));
    for model in &models {
        jobs.push((format!("models/{}.rs", model.module), format!("model `{}`", model.name), Job::Model(model)));
    }
    for (module, ops) in &by_module {
        jobs.push((format!("apis/{module}.rs"), format!("the `{}` operations", ops[0].tag), Job::Tag(ops.clone())));
    }
    let modules: Vec<(&str, Vec<&Operation>)> = by_module.iter().map(|(m, ops)| (*m, ops.clone())).collect();
    jobs.push(("apis/mod.rs".into(), "the operations, one module per tag".into(), Job::ApisMod(modules)));

    let rendered = crate::parallel::in_parallel(&jobs, |(path, about, job)| {
        let tokens = render(api, options, job);
        format_file(tokens, &options.source, about).map(|text| (PathBuf::from(crate::GENERATED_DIR).join(path), text))
    })?;
    let mut files = BTreeMap::new();
    for file in rendered {
        let (path, text) = file?;
        files.insert(path, text);
    }
    if options.tag_features {
        let tags: Vec<(&str, &str, usize)> = by_module.iter().map(|(module, ops)| (*module, ops[0].tag.as_str(), ops.len())).collect();
        files.insert(PathBuf::from("Cargo.toml"), manifest::manifest(&tags, &options.source));
    }
    Ok(files)
}

fn render(api: &Api, options: &Options, job: &Job<'_>) -> TokenStream {
    let gate = |used_by: &[String]| feature_gate(options, used_by);
    match job {
        Job::Root => root_module(api, options),
        Job::Contract => contract::contract(api),
        Job::ErrorBody => errors::error_body(api, &gate),
        Job::ModelsMod(models) => {
            let items = models.iter().map(|m| {
                let (module, name, gate) = (ident(&m.module), ident(&m.name), gate(&m.used_by));
                quote! { #gate mod #module; #gate pub use #module::#name; }
            });
            quote! { #(#items)* }
        }
        Job::Model(model) => models::model(api, model),
        Job::Tag(ops) => operations::tag_module(api, ops),
        Job::ApisMod(modules) => apis_module(modules, &gate),
    }
}

fn apis_module(modules: &[(&str, Vec<&Operation>)], gate: &dyn Fn(&[String]) -> TokenStream) -> TokenStream {
    let mut items = Vec::new();
    for (module, ops) in modules {
        let tag = &ops[0].tag;
        let mut exported: Vec<_> = ops.iter().filter_map(|o| o.options_name.as_deref()).map(ident).collect();
        exported.extend(ops.iter().filter_map(|o| match &o.body {
            Some(crate::ir::Body { kind: crate::ir::BodyKind::Form(form), .. }) => Some(ident(&form.name)),
            _ => None,
        }));
        let doc = format!(" The `{tag}` operations.");
        let gate = gate(&[(*module).to_owned()]);
        let module = ident(module);
        items.push(quote! { #[doc = #doc] #gate pub mod #module; });
        if !exported.is_empty() {
            items.push(quote! { #gate pub use #module::{#(#exported),*}; });
        }
    }
    quote! { #(#items)* }
}

/// `#[cfg(...)]` for an item used by these modules' operations, when tags are features; a model
/// no operation uses (a search document, say) comes with `all-tags`.
fn feature_gate(options: &Options, used_by: &[String]) -> TokenStream {
    if !options.tag_features {
        return TokenStream::new();
    }
    match used_by {
        [] => quote!(#[cfg(feature = "all-tags")]),
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
