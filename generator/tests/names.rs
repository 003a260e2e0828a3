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

#[test]
#[ignore = "open (issue 9): words learned from the whole document still move when it grows; 8 of the component names of a two-tag subset of ISC differ from the whole API's (DatasetAggregationRequest / DataSetAggregationRequest)"]
fn adding_operations_and_schemas_renames_nothing() {
    on_big_stack(|| {
        let full = generator::load::load_path(&isc_spec()).unwrap_or_else(|e| panic!("{e}"));
        let bundle = serde_json::to_string(&full.document).unwrap_or_else(|e| panic!("{e}"));
        let selection = Selection { tags: vec!["Sources".into(), "Accounts".into()], operations: Vec::new() };
        let files = extract(Path::new("isc.json"), &bundle, &selection).unwrap_or_else(|e| panic!("{e}"));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for (path, text) in &files {
            let target = dir.path().join(path);
            std::fs::create_dir_all(target.parent().unwrap_or(dir.path())).unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(target, text).unwrap_or_else(|e| panic!("{e}"));
        }
        let small = generator::load::load_path(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let (small_names, full_names) = (component_names(&small.document), component_names(&full.document));
        assert!(small_names.len() * 3 < full_names.len(), "{} of {}", small_names.len(), full_names.len());
        let renamed: Vec<String> = small_names
            .iter()
            .filter(|(raw, name)| full_names.get(*raw) != Some(*name))
            .map(|(raw, name)| format!("{raw}: {name} alone, {:?} in the whole API", full_names.get(raw)))
            .collect();
        assert!(renamed.is_empty(), "{renamed:#?}");
        assert!(small_names.values().any(|n| n == "ProvisioningPolicyDto"));
        let enums = generator::lower::lower(&small.document, "isc").map(|l| l.api.models.iter().filter(|m| matches!(m.kind, ModelKind::Enum(_))).count());
        assert!(enums.is_ok_and(|n| n > 0));
    });
}
