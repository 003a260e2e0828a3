//! The naming phase on documents whose names meet: they generate, each renaming is a warning that
//! names both JSON pointers, and the names the runtime takes stay free. That the results compile
//! is shown by `tests/corpus-client`, generated from the same hostile specs and built with the
//! workspace.

use std::path::{Path, PathBuf};

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/hostile-names").join(format!("{name}.json"))
}

/// The generated files and the warnings, as text.
fn generate(name: &str) -> (std::collections::BTreeMap<PathBuf, String>, Vec<String>) {
    let spec = generator::load::load_path(&hostile(name)).unwrap_or_else(|e| panic!("{e}"));
    let api = generator::ApiInput { module: "h".into(), source: name.into(), spec };
    let options = generator::Options { source: name.into(), tag_features: false };
    let generated = generator::generate(&[api], &options).unwrap_or_else(|e| panic!("{name}: {e}"));
    (generated.files, generated.warnings.iter().map(ToString::to_string).collect())
}

fn file<'a>(files: &'a std::collections::BTreeMap<PathBuf, String>, path: &str) -> &'a str {
    files.get(Path::new("src/generated/h").join(path).as_path()).map_or_else(|| panic!("no {path}"), String::as_str)
}

#[test]
fn schemas_that_differ_in_case_are_all_kept_with_a_warning_naming_both() {
    let (files, warnings) = generate("schemas-differ-in-case");
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    let selector = warnings.iter().find(|w| w.contains("#/components/schemas/selector:")).unwrap_or_else(|| panic!("{warnings:#?}"));
    assert!(selector.contains("`Selector` (#/components/schemas/Selector) and `selector` both become `Selector`"), "{selector}");
    assert!(selector.ends_with("`selector` is called `Selector3`"), "{selector}");
    for (path, type_name) in [("models/selector.rs", "Selector"), ("models/selector2.rs", "Selector2"), ("models/selector3.rs", "Selector3")] {
        assert!(file(&files, path).contains(&format!("pub struct {type_name} ")) || file(&files, path).contains(&format!("pub enum {type_name} ")), "{path}");
    }
}

#[test]
fn a_stream_gives_way_to_an_operation_of_its_name_and_locals_to_parameters() {
    let (files, warnings) = generate("derived-method-names");
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("`listThingsStream` (#/paths/~1things-stream/get) and the stream of `listThings` both become `list_things_stream`"), "{}", warnings[0]);
    let things = file(&files, "apis/things.rs");
    for declared in ["pub fn list_things(", "pub fn list_things_stream(", "pub fn list_things_stream_(", "pub fn list_things_with_response("] {
        assert!(things.contains(declared), "{declared}");
    }
    // The required parameters keep their names; the method's own locals move aside.
    assert!(things.contains("request: &str,\n        page: &str,\n        api: &str,"), "{things}");
    assert!(things.contains("let request_ = crate::runtime::__private::Request::new") || things.contains("let mut request_ = crate::runtime::__private::Request::new"));
    assert!(things.contains("request_.query(\"request\", &request);"));
    assert!(things.contains("let api_ = *self;") && things.contains("let mut page_ = options.clone();"));
}

#[test]
fn error_bodies_of_different_shapes_get_different_variants() {
    let (files, _) = generate("error-bodies-same-word");
    let errors = file(&files, "error_body.rs");
    for variant in ["StringList(", "Object(", "Json(", "IntegerList(", "Text("] {
        assert!(errors.contains(variant), "{variant} in {errors}");
    }
}

#[test]
fn names_the_runtime_takes_are_never_given_to_operations() {
    let (files, warnings) = generate("client-method-names");
    let things = file(&files, "apis/things.rs");
    assert!(things.contains("pub(crate) fn new(client") && things.contains("pub fn new_(&self"), "{things}");
    assert!(things.contains("pub fn clone_(&self") && things.contains("pub fn send(&self"));
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(warnings.iter().any(|w| w.contains("`new` would be `new`, which the methods of `ThingsApi` already has; it is called `new_`")), "{warnings:#?}");
}

#[test]
fn an_api_module_never_takes_a_client_method_or_crate_module_name() {
    let (names, warnings) = generator::lower::names::api_modules(&["send".into(), "runtime".into(), "isc".into()]);
    assert_eq!(names, ["send_", "runtime_", "isc"]);
    assert_eq!(warnings.len(), 2);
}

/// Every method of the runtime's `Client` and of the generated one, read from their sources, is
/// reserved: an API module becomes a `Client` method too, and a new method must not collide with one.
#[test]
fn the_reserved_client_methods_are_the_runtimes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let runtime = root.join("generated-client/runtime/src");
    let mut sources: Vec<PathBuf> = Vec::new();
    let mut folders = vec![runtime];
    while let Some(folder) = folders.pop() {
        for path in std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("{e}")).map(|e| e.unwrap_or_else(|e| panic!("{e}")).path()) {
            if path.is_dir() { folders.push(path) } else { sources.push(path) }
        }
    }
    sources.push(root.join("generated-client/src/generated/mod.rs"));
    let mut methods: Vec<String> = Vec::new();
    for source in sources {
        let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        for item in file.items {
            let syn::Item::Impl(block) = item else { continue };
            let syn::Type::Path(self_type) = &*block.self_ty else { continue };
            if !self_type.path.is_ident("Client") {
                continue;
            }
            methods.extend(block.items.iter().filter_map(|i| match i {
                syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            }));
        }
    }
    assert!(methods.len() >= 12, "{methods:?}");
    let unreserved: Vec<&String> = methods.iter().filter(|method| !generator::naming::CLIENT_METHODS.contains(&method.as_str())).collect();
    assert!(unreserved.is_empty(), "these `Client` methods are not in naming::CLIENT_METHODS: {unreserved:?}");
}

/// The check closing the naming phase finds every duplicate at once: here a method and a model
/// name forced onto others after naming, as a bug in allocation would.
#[test]
fn the_naming_check_reports_every_clash_at_once() {
    let spec = generator::load::load_path(&hostile("operations-differ-in-case")).unwrap_or_else(|e| panic!("{e}"));
    let mut api = generator::lower::lower(&spec.document, "h").unwrap_or_else(|e| panic!("{e}")).api;
    assert_eq!(generator::lower::names::check(&api), Ok(()));
    api.operations[1].fn_name = api.operations[0].fn_name.clone();
    api.operations[2].locals.request = api.operations[2].locals.value.clone();
    let error = generator::lower::names::check(&api).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains(&format!("`{}` is declared 2 times in the methods of `ThingsApi`", api.operations[0].fn_name)), "{error}");
    assert!(error.contains(&format!("is declared 2 times in the method `{}`", api.operations[2].fn_name)), "{error}");
}
