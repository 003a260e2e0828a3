//! Names a person would write, learned from the document alone, and stable as it grows: the
//! current ISC API names its schemas in lower case (`provisioningpolicydto`), and the types read
//! `ProvisioningPolicyDto`; the same schema keeps its name in a document with many more.

use std::collections::BTreeMap;
use std::path::Path;

use generator::extract::{extract, Selection};
use generator::ir::ModelKind;

fn isc_spec() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/isc")
}

/// Component name -> type name, for every component schema of a document.
fn component_names(document: &openapiv3::OpenAPI) -> BTreeMap<String, String> {
    let api = generator::lower::lower(document, "isc").unwrap_or_else(|e| panic!("{e}")).api;
    let components: Vec<&String> = document.components.iter().flat_map(|c| c.schemas.keys()).collect();
    api.models.iter().filter(|m| components.contains(&&m.origin)).map(|m| (m.origin.clone(), m.name.clone())).collect()
}

fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| std::thread::Builder::new().stack_size(256 << 20).spawn_scoped(s, f).unwrap_or_else(|e| panic!("{e}")).join().unwrap_or_else(|_| panic!("panicked")))
}

#[test]
fn lower_case_schema_names_become_words() {
    on_big_stack(|| {
        let full = generator::load::load_path(&isc_spec()).unwrap_or_else(|e| panic!("{e}"));
        let names = component_names(&full.document);
        for (raw, expected) in [
            ("provisioningpolicydto", "ProvisioningPolicyDto"),
            ("usagetype", "UsageType"),
            ("fielddetailsdto", "FieldDetailsDto"),
            ("accessmodelmetadatabulkupdateresponse", "AccessModelMetadataBulkUpdateResponse"),
            ("errorresponsedto", "ErrorResponseDto"),
            ("jsonpatchoperation", "JsonPatchOperation"),
        ] {
            assert_eq!(names.get(raw).map(String::as_str), Some(expected), "{raw}");
        }
        let glued: Vec<&String> = names.values().filter(|n| n.len() > 14 && n.chars().skip(1).all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())).collect();
        assert!(glued.is_empty(), "names still glued: {glued:?}");
    });
}

/// Extracts `bundle` (a whole document as JSON text) into `dir` as `cargo run -p generator --
/// extract` does, keeping the folder's recorded names.
fn extract_into(dir: &Path, bundle: &str, selection: &Selection) {
    let recorded = generator::load::read_type_names(dir).unwrap_or_else(|e| panic!("{e}"));
    let files = extract(Path::new("bundle.json"), bundle, selection, &recorded).unwrap_or_else(|e| panic!("{e}"));
    for (path, text) in &files {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap_or(dir)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(target, text).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Component name -> type name, as generation from an API folder gives them.
fn generated_names(dir: &Path) -> BTreeMap<String, String> {
    let spec = generator::load::load_path(dir).unwrap_or_else(|e| panic!("{e}"));
    let api = generator::lower::lower_with_names(&spec.document, "isc", &spec.type_names).unwrap_or_else(|e| panic!("{e}")).api;
    let components: Vec<&String> = spec.document.components.iter().flat_map(|c| c.schemas.keys()).collect();
    api.models.iter().filter(|m| components.contains(&&m.origin)).map(|m| (m.origin.clone(), m.name.clone())).collect()
}

#[test]
fn adding_operations_and_schemas_renames_nothing() {
    on_big_stack(|| {
        let whole = generator::load::load_path(&isc_spec()).unwrap_or_else(|e| panic!("{e}"));
        let whole_bundle = serde_json::to_string(&whole.document).unwrap_or_else(|e| panic!("{e}"));
        // A small document: two tags of the current API, and only the schemas they reach.
        let small_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let two_tags = Selection { tags: vec!["Sources".into(), "Accounts".into()], operations: Vec::new() };
        extract_into(small_dir.path(), &whole_bundle, &two_tags);
        std::fs::remove_file(small_dir.path().join(generator::load::NAMES_FILE)).unwrap_or_else(|e| panic!("{e}"));
        let small = generator::load::load_path(small_dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let small_bundle = serde_json::to_string(&small.document).unwrap_or_else(|e| panic!("{e}"));

        // The API folder starts from the small document; then the document grows to the whole API.
        let api_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        extract_into(api_dir.path(), &small_bundle, &Selection::default());
        let before = generated_names(api_dir.path());
        extract_into(api_dir.path(), &whole_bundle, &Selection::default());
        let after = generated_names(api_dir.path());

        assert!(before.len() * 3 < after.len(), "{} of {}", before.len(), after.len());
        let renamed: Vec<String> = before
            .iter()
            .filter(|(raw, name)| after.get(*raw) != Some(*name))
            .map(|(raw, name)| format!("{raw}: {name} before, {:?} after", after.get(raw)))
            .collect();
        assert!(renamed.is_empty(), "{renamed:#?}");
        assert_eq!(before.get("provisioningpolicydto").map(String::as_str), Some("ProvisioningPolicyDto"));
        let enums = generator::lower::lower(&small.document, "isc").map(|l| l.api.models.iter().filter(|m| matches!(m.kind, ModelKind::Enum(_))).count());
        assert!(enums.is_ok_and(|n| n > 0));
    });
}
