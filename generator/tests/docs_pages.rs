//! SailPoint's docs pages as published: the `api:` line plain (the seed) or base64 of
//! zlib-compressed JSON (every real page), and the docs tooling's discriminator mappings that hold
//! whole schemas where references belong.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use generator::ir::ModelKind;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The page with its `api:` line replaced by `api` (the rest kept).
fn with_api_line(page: &str, api: &str) -> String {
    page.lines().map(|l| if l.starts_with("api:") { format!("api: {api}") } else { l.to_owned() }).collect::<Vec<_>>().join("\n")
}

fn compress(json: &str) -> String {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(json.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let bytes = encoder.finish().unwrap_or_else(|e| panic!("{e}"));
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn a_compressed_api_line_loads_as_the_plain_one() {
    let page = read(&fixture("seed-001-replace-provisioning-policy.txt"));
    let plain = page.lines().find_map(|l| l.strip_prefix("api:")).map(str::trim).unwrap_or_else(|| panic!("no api: line"));
    let compressed = with_api_line(&page, &compress(plain));
    assert!(!compressed.contains("\"operationId\""), "the fixture's api: line is compressed");
    let from_plain = generator::load::load_text(Path::new("plain.md"), &page).unwrap_or_else(|e| panic!("{e}"));
    let from_compressed = generator::load::load_text(Path::new("compressed.md"), &compressed).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(from_plain.document, from_compressed.document);
}

/// The other way round: every real page's compressed line, written out plain, loads the same
/// document; and a compressed page made of an operation extracted into `spec/` generates it.
#[test]
fn real_pages_load_the_same_plain_or_compressed() {
    for page in ["get-provisioning-policy.api.mdx", "put-provisioning-policy.api.mdx", "search-post.api.mdx"] {
        let path = fixture("docs-pages").join(page);
        let text = read(&path);
        let encoded = text.lines().find_map(|l| l.strip_prefix("api:")).map(str::trim).unwrap_or_else(|| panic!("{page}: no api: line"));
        let bytes = base64::engine::general_purpose::STANDARD.decode(encoded).unwrap_or_else(|e| panic!("{page}: {e}"));
        let mut json = String::new();
        std::io::Read::read_to_string(&mut flate2::read::ZlibDecoder::new(bytes.as_slice()), &mut json).unwrap_or_else(|e| panic!("{page}: {e}"));
        let plain = with_api_line(&text, &json);
        let from_compressed = generator::load::load_text(&path, &text).unwrap_or_else(|e| panic!("{page}: {e}"));
        let from_plain = generator::load::load_text(&path, &plain).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert_eq!(from_compressed.document, from_plain.document, "{page}");
    }
    // An operation extracted into spec/, its references inlined as a page has them, compressed.
    let spec = fixture("../../spec/v3");
    let mut operation: serde_json::Value = serde_json::from_str(&read(&spec.join("operations/sources/getProvisioningPolicy.json"))).unwrap_or_default();
    inline_references(&mut operation, &spec, 0);
    let page = with_api_line(&read(&fixture("seed-001-replace-provisioning-policy.txt")), &compress(&operation.to_string()));
    let loaded = generator::load::load_text(Path::new("extracted.mdx"), &page).unwrap_or_else(|e| panic!("{e}"));
    let api = generator::lower::lower(&loaded.document, "page").unwrap_or_else(|e| panic!("{e}")).api;
    assert_eq!(api.operations.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["getProvisioningPolicy"]);
    assert_eq!(success_type(&api, "getProvisioningPolicy"), "ProvisioningPolicyDto");
}

/// Replaces each `#/components/...` reference with the component's JSON from `spec`, titled by
/// its name as the docs tooling does.
fn inline_references(value: &mut serde_json::Value, spec: &Path, depth: usize) {
    assert!(depth < 32, "references nest too deep");
    if let Some(reference) = value.get("$ref").and_then(|r| r.as_str()).and_then(|r| r.strip_prefix("#/components/")) {
        let (kind, name) = reference.split_once('/').unwrap_or_default();
        let mut inlined: serde_json::Value = serde_json::from_str(&read(&spec.join("components").join(kind).join(format!("{name}.json")))).unwrap_or_default();
        if kind == "schemas" && inlined.get("title").is_none() {
            inlined["title"] = serde_json::Value::String(name.to_owned());
        }
        *value = inlined;
    }
    match value {
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| inline_references(v, spec, depth + 1)),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| inline_references(v, spec, depth + 1)),
        _ => {}
    }
}

#[test]
fn every_real_page_loads_and_generates() {
    for page in ["get-provisioning-policy.api.mdx", "put-provisioning-policy.api.mdx", "search-post.api.mdx"] {
        let path = fixture("docs-pages").join(page);
        let spec = generator::load::load_path(&path).unwrap_or_else(|e| panic!("{e}"));
        let api = generator::ApiInput { module: "page".into(), source: page.into(), spec };
        let options = generator::Options { source: page.into(), tag_features: false };
        let generated = generator::generate(&[api], &options).unwrap_or_else(|e| panic!("{page}: {e}"));
        for (file, text) in generated.files.iter().filter(|(f, _)| f.extension().is_some_and(|e| e == "rs")) {
            syn::parse_file(text).unwrap_or_else(|e| panic!("{page}: {}: {e}", file.display()));
        }
    }
}

#[test]
fn a_mapping_of_whole_schemas_becomes_a_discriminated_union_of_them() {
    let path = fixture("docs-pages/search-post.api.mdx");
    let spec = generator::load::load_path(&path).unwrap_or_else(|e| panic!("{e}"));
    let read_as_references = spec.warnings.iter().filter(|w| w.message.contains("is a whole schema, not a reference")).count();
    assert_eq!(read_as_references, 9, "6 search documents and 3 access items: {:#?}", spec.warnings);
    let lowered = generator::lower::lower(&spec.document, "page").unwrap_or_else(|e| panic!("{e}"));
    // `queryVersion` and `aggregationsVersion` are an allOf of two strings: a String, not free JSON.
    let untyped: Vec<&generator::Error> = lowered.warnings.iter().filter(|w| w.message.contains("free JSON")).collect();
    assert!(untyped.is_empty(), "{untyped:#?}");
    let api = lowered.api;
    let documents = api
        .models
        .iter()
        .find_map(|m| match &m.kind {
            ModelKind::Union(u) if u.discriminator.as_ref().is_some_and(|d| d.property == "_type") => Some(u),
            _ => None,
        })
        .unwrap_or_else(|| panic!("the search result union"));
    let discriminator = documents.discriminator.as_ref().map(|d| d.mapping.len());
    assert_eq!(discriminator, Some(6));
    let struct_payloads = documents.variants.iter().filter(|v| matches!(v.ty, generator::ir::TypeRef::Model(id) if matches!(api.models[id].kind, ModelKind::Struct(_)))).count();
    assert_eq!(struct_payloads, 6, "each alternative is the full document, not the stub");
}

#[test]
fn a_broken_compressed_line_names_the_page_and_line() {
    let page = read(&fixture("seed-001-replace-provisioning-policy.txt"));
    let err = generator::load::load_text(Path::new("broken.md"), &with_api_line(&page, "eJzt!!!not-base64")).err();
    let message = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(message.starts_with("broken.md#/:") && message.contains("`api:` line (line 6)") && message.contains("base64"), "{message}");
    let not_zlib = base64::engine::general_purpose::STANDARD.encode(b"plain bytes, not zlib");
    let err = generator::load::load_text(Path::new("broken.md"), &with_api_line(&page, &not_zlib)).err();
    assert!(err.is_some_and(|e| e.to_string().contains("zlib")));
}

/// Lowers the operations of `pages` (file names in the docs-pages fixture) as one API.
fn lower_pages(pages: &[&str]) -> generator::ir::Api {
    let texts: Vec<(PathBuf, String)> = pages.iter().map(|p| fixture("docs-pages").join(p)).map(|p| (p.clone(), read(&p))).collect();
    let files = generator::extract::extract_pages(&texts, &Default::default()).unwrap_or_else(|e| panic!("{e:?}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (path, text) in &files {
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap_or(dir.path())).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(target, text).unwrap_or_else(|e| panic!("{e}"));
    }
    let spec = generator::load::load_path(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    generator::lower::lower(&spec.document, "pages").unwrap_or_else(|e| panic!("{e}")).api
}

/// The name of the type an operation's 200 response decodes into.
fn success_type(api: &generator::ir::Api, operation: &str) -> String {
    let op = api.operations.iter().find(|o| o.id == operation).unwrap_or_else(|| panic!("{operation}"));
    match &op.success.body {
        generator::ir::SuccessBody::Json(generator::ir::TypeRef::Model(id)) => api.models[*id].name.clone(),
        other => panic!("{operation}: {other:?}"),
    }
}

#[test]
fn pages_name_their_types_by_title_whichever_pages_are_in_the_set() {
    let get_alone = lower_pages(&["get-provisioning-policy.api.mdx"]);
    let both = lower_pages(&["get-provisioning-policy.api.mdx", "put-provisioning-policy.api.mdx"]);
    let all = lower_pages(&["get-provisioning-policy.api.mdx", "put-provisioning-policy.api.mdx", "search-post.api.mdx"]);
    for api in [&get_alone, &both, &all] {
        assert_eq!(success_type(api, "getProvisioningPolicy"), "ProvisioningPolicyDto");
        let names: Vec<&str> = api.models.iter().map(|m| m.name.as_str()).collect();
        for expected in ["FieldDetailsDto", "ErrorResponseDto", "UsageType"] {
            assert!(names.contains(&expected), "{expected} in {names:?}");
        }
    }
    assert_eq!(success_type(&both, "putProvisioningPolicy"), "ProvisioningPolicyDto");
    let search: Vec<&str> = all.models.iter().map(|m| m.name.as_str()).collect();
    for expected in ["AccessProfileDocument", "IdentityDocument", "RoleDocument", "SearchDocument"] {
        assert!(search.contains(&expected), "{expected} in {search:?}");
    }
}
