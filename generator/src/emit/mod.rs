//! IR -> files: tokens per item kind, formatted by prettyplease, headed `@generated`.

mod accessors;
mod bodies;
mod codec;
mod contract;
mod errors;
mod features;
mod filters;
mod handles;
mod manifest;
mod markdown;
mod paginate;
mod patch;
mod models;
mod operations;
mod testing;
mod types;
mod unions;

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Error;
use crate::ir::{Api, Model, Operation};
use crate::Options;
use types::ident;

/// One generated file to render.
enum Job<'a> {
    Root(Vec<(&'a str, Vec<&'a Operation>)>),
    Contract,
    Testing,
    ErrorBody,
    FilterOps,
    ModelsMod(Vec<&'a Model>),
    Model(&'a Model),
    Tag(Vec<&'a Operation>),
    ApisMod(Vec<(&'a str, Vec<&'a Operation>)>),
}

/// The files of one API, below `src/generated/<module>/`, keyed by path relative to the crate.
///
/// Files are rendered on all cores (tokens, syn, prettyplease); the map they land in is keyed by
/// path, so the output does not depend on which thread finished first.
pub fn api_files(api: &Api, source: &str, options: &Options) -> Result<BTreeMap<PathBuf, String>, Error> {
    let mut models: Vec<&Model> = api.models.iter().collect();
    models.sort_by(|a, b| a.name.cmp(&b.name));
    let mut by_module: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        by_module.entry(op.module.as_str()).or_default().push(op);
    }
    let modules: Vec<(&str, Vec<&Operation>)> = by_module.iter().map(|(m, ops)| (*m, ops.clone())).collect();

    let mut jobs: Vec<(String, String, Job<'_>)> = vec![("mod.rs".into(), format!("the `{}` API", api.module), Job::Root(modules.clone()))];
    if options.tag_features {
        jobs.push(("contract.rs".into(), "the contract-test table".into(), Job::Contract));
        jobs.push(("testing.rs".into(), "the fake tenant's default answers".into(), Job::Testing));
    }
    jobs.push(("error_body.rs".into(), "error bodies".into(), Job::ErrorBody));
    if filters::has_filters(api) {
        jobs.push(("filter_ops.rs".into(), "the operator sets of filter fields".into(), Job::FilterOps));
    }
    jobs.push(("models/mod.rs".into(), "the models".into(), Job::ModelsMod(models.clone())));
    for model in &models {
        jobs.push((format!("models/{}.rs", model.module), format!("model `{}`", model.name), Job::Model(model)));
    }
    for (module, ops) in &by_module {
        jobs.push((format!("apis/{module}.rs"), format!("the `{}` operations", ops[0].tag), Job::Tag(ops.clone())));
    }
    jobs.push(("apis/mod.rs".into(), "the operations, one module per tag".into(), Job::ApisMod(modules)));

    let dir = PathBuf::from(crate::GENERATED_DIR).join(&api.module);
    let rendered = crate::parallel::in_parallel(&jobs, |(path, about, job)| {
        let tokens = render(api, options, job);
        format_file(tokens, source, about).map(|text| (dir.join(path), text))
    })?;
    rendered.into_iter().collect()
}

/// The files that join the APIs: `src/generated/mod.rs`, and with tag features the manifest.
pub fn crate_files(apis: &[Api], options: &Options) -> Result<BTreeMap<PathBuf, String>, Error> {
    let modules = apis.iter().map(|api| {
        let doc = format!(" {}.", api.title);
        let gate = if options.tag_features { features::api_gate(api) } else { TokenStream::new() };
        let module = ident(&api.module);
        quote! { #[doc = #doc] #gate pub mod #module; }
    });
    let client = handles::client();
    let testing = options.tag_features.then(|| testing::crate_module(apis, &features::api_gate));
    let tokens = quote! { #client #(#modules)* #testing };
    let mut files = BTreeMap::new();
    let root = format_file(tokens, &options.source, "the APIs, one module each")?;
    files.insert(PathBuf::from(crate::GENERATED_DIR).join("mod.rs"), root);
    if options.tag_features {
        files.insert(PathBuf::from("Cargo.toml"), manifest::manifest(apis, &options.source));
    }
    Ok(files)
}

fn render(api: &Api, options: &Options, job: &Job<'_>) -> TokenStream {
    let gate = |used_by: &[String]| if options.tag_features { features::gate(api, used_by) } else { TokenStream::new() };
    match job {
        Job::Root(modules) => handles::root_module(api, options, modules, &gate),
        Job::Contract => contract::contract(api),
        Job::Testing => testing::routes(api),
        Job::ErrorBody => errors::error_body(api, &gate),
        Job::FilterOps => filters::operator_sets(api),
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
        let mut exported: Vec<_> = vec![ident(&ops[0].handle)];
        exported.extend(ops.iter().filter_map(|o| o.options_name.as_deref()).map(ident));
        exported.extend(ops.iter().filter_map(|o| o.filters.as_ref()).map(|f| ident(&f.name)));
        exported.extend(ops.iter().filter_map(|o| o.sorters.as_ref()).map(|s| ident(&s.name)));
        exported.extend(ops.iter().filter_map(|o| match &o.body {
            Some(crate::ir::Body { kind: crate::ir::BodyKind::Form(form), .. }) => Some(ident(&form.name)),
            _ => None,
        }));
        let doc = format!(" The `{tag}` operations.");
        let gate = gate(&[(*module).to_owned()]);
        let module = ident(module);
        items.push(quote! { #[doc = #doc] #gate pub mod #module; });
        items.push(quote! { #gate pub use #module::{#(#exported),*}; });
    }
    quote! { #(#items)* }
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
