//! Bundled OpenAPI document (or docs page) -> `spec/` files: one JSON file per operation, in the
//! shape of SailPoint's docs pages, and one per component the selected operations reach.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::Error;
use crate::pointer;
use crate::load::{self, COMPONENT_KINDS};
use crate::lower::vocabulary::Vocabulary;
use crate::naming;

/// Which operations to extract; empty lists select everything.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Keep operations with one of these tags.
    pub tags: Vec<String>,
    /// Keep operations with one of these operationIds.
    pub operations: Vec<String>,
}

impl Selection {
    fn keeps(&self, op: &Map<String, Value>) -> bool {
        let tag_ok = self.tags.is_empty()
            || op.get("tags").and_then(Value::as_array).is_some_and(|t| t.iter().any(|t| t.as_str().is_some_and(|t| self.tags.iter().any(|s| s == t))));
        let id_ok = self.operations.is_empty()
            || op.get("operationId").and_then(Value::as_str).is_some_and(|id| self.operations.iter().any(|s| s == id));
        tag_ok && id_ok
    }
}

/// Keys dropped from a docs page's operation: page furniture, not API.
const PAGE_ONLY_KEYS: &[&str] = &["postman", "jsonRequestBodyExample"];

/// Extracts every docs page of `pages` (path, text) into one set of spec files, as a folder of
/// pages is published: each page's operation, merged. Every page that cannot be read is reported,
/// not only the first.
pub fn extract_pages(pages: &[(PathBuf, String)], selection: &Selection) -> Result<BTreeMap<PathBuf, String>, Vec<Error>> {
    let mut files = BTreeMap::new();
    let mut errors = Vec::new();
    for (path, text) in pages {
        match extract(path, text, selection, &BTreeMap::new()) {
            Ok(page) => files.extend(page),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(files) } else { Err(errors) }
}

/// Whether `text` is a docs page (it has an `api:` line) rather than a bundled document.
pub fn is_docs_page(text: &str) -> bool {
    text.lines().any(|l| l.starts_with("api:"))
}

/// Reads `input` and returns one API's spec files (paths relative to its folder). `recorded` is
/// the folder's `names.json` as it stands: its type names are kept, and the schemas it lacks are
/// added with the names their words give in the whole document.
pub fn extract(input: &Path, text: &str, selection: &Selection, recorded: &BTreeMap<String, String>) -> Result<BTreeMap<PathBuf, String>, Error> {
    if let Some(operation) = load::docs_page_operation(input, text) {
        let Value::Object(mut op) = operation? else {
            return Err(Error::in_file(input, "", "the `api:` line is not a JSON object"));
        };
        for key in PAGE_ONLY_KEYS {
            op.remove(*key);
        }
        let mut files = BTreeMap::new();
        files.insert(operation_path(&op), to_json(&Value::Object(op)));
        return Ok(files);
    }
    let document = load::parse_value(input, text)?;
    let version = document.get("openapi").and_then(Value::as_str).unwrap_or("");
    if !version.starts_with("3.0") {
        return Err(Error::in_file(input, "/openapi", format!("only OpenAPI 3.0 documents can be extracted, found `{version}`")));
    }
    let mut files = extract_bundle(input, &document, selection)?;
    let names = type_names(&document, &files, recorded);
    if !names.is_empty() {
        files.insert(PathBuf::from(load::NAMES_FILE), to_json(&Value::Object(names)));
    }
    Ok(files)
}

/// `recorded`, plus a name for every extracted schema written all in lower case that it lacks,
/// from the words of the whole document.
fn type_names(document: &Value, files: &BTreeMap<PathBuf, String>, recorded: &BTreeMap<String, String>) -> Map<String, Value> {
    let vocabulary = Vocabulary::of(document);
    let schemas = document.pointer("/components/schemas").and_then(Value::as_object);
    let mut names: Map<String, Value> = recorded.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
    for (raw, schema) in schemas.into_iter().flatten() {
        let extracted = files.contains_key(&PathBuf::from(format!("components/schemas/{raw}.json")));
        if !extracted || raw.bytes().any(|b| b.is_ascii_uppercase()) || names.contains_key(raw) {
            continue;
        }
        let title = schema.get("title").and_then(Value::as_str);
        names.insert(raw.clone(), Value::String(vocabulary.type_name(raw, title)));
    }
    names.sort_keys();
    names
}

fn extract_bundle(input: &Path, document: &Value, selection: &Selection) -> Result<BTreeMap<PathBuf, String>, Error> {
    let empty = Map::new();
    let paths = document.get("paths").and_then(Value::as_object).unwrap_or(&empty);
    let components = document.get("components").and_then(Value::as_object).unwrap_or(&empty);
    let schemes = components.get("securitySchemes").and_then(Value::as_object).unwrap_or(&empty);
    let servers = document.get("servers").cloned();
    let info = document.get("info").cloned();
    let default_security = document.get("security").cloned();
    let mut files = BTreeMap::new();
    let mut reached = BTreeSet::new();
    for (route, item) in paths {
        let Some(item) = item.as_object() else { continue };
        for (method, op) in item {
            let Some(op) = op.as_object().filter(|_| method != "parameters") else { continue };
            if !selection.keeps(op) {
                continue;
            }
            let mut out = op.clone();
            if let Some(Value::Array(shared)) = item.get("parameters") {
                let own = out.entry("parameters").or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(own) = own {
                    own.extend(shared.iter().cloned());
                }
            }
            out.insert("method".into(), Value::String(method.clone()));
            out.insert("path".into(), Value::String(route.clone()));
            if let Some(servers) = &servers {
                out.insert("servers".into(), servers.clone());
            }
            if let Some(info) = &info {
                out.insert("info".into(), info.clone());
            }
            let security = out.get("security").or(default_security.as_ref());
            out.insert("securitySchemes".into(), Value::Object(used_schemes(security, schemes)));
            let at = format!("/paths/{}/{}", pointer::escape(route), method);
            collect_refs(&Value::Object(out.clone()), components, &mut reached, input, &at)?;
            files.insert(operation_path(&out), to_json(&Value::Object(out)));
        }
    }
    for (kind, name) in reached {
        let value = &components[&kind][&name];
        files.insert(PathBuf::from(format!("components/{kind}/{name}.json")), to_json(value));
    }
    Ok(files)
}

fn used_schemes(security: Option<&Value>, schemes: &Map<String, Value>) -> Map<String, Value> {
    let mut used = Map::new();
    let requirements = security.and_then(Value::as_array).into_iter().flatten();
    for requirement in requirements.filter_map(Value::as_object) {
        for name in requirement.keys() {
            if let Some(scheme) = schemes.get(name) {
                used.insert(name.clone(), scheme.clone());
            }
        }
    }
    used
}

/// Adds every component `value` reaches, transitively, to `reached` as `(kind, name)`.
fn collect_refs(value: &Value, components: &Map<String, Value>, reached: &mut BTreeSet<(String, String)>, input: &Path, at: &str) -> Result<(), Error> {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let (kind, name) = split_ref(reference)
                        .ok_or_else(|| Error::in_file(input, at, format!("unsupported $ref `{reference}`")))?;
                    let target = components.get(&kind).and_then(|k| k.get(&name)).ok_or_else(|| {
                        Error::in_file(input, at, format!("dangling $ref `{reference}`"))
                    })?;
                    if reached.insert((kind, name)) {
                        stack.push(target);
                    }
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    Ok(())
}

fn split_ref(reference: &str) -> Option<(String, String)> {
    let rest = reference.strip_prefix("#/components/")?;
    let (kind, name) = rest.split_once('/')?;
    if !COMPONENT_KINDS.contains(&kind) || name.contains('/') {
        return None;
    }
    Some((kind.to_owned(), pointer::unescape(name)))
}

/// `operations/<tag>/<operationId>.json`.
fn operation_path(op: &Map<String, Value>) -> PathBuf {
    let tag = op.get("tags").and_then(|t| t.get(0)).and_then(Value::as_str).unwrap_or("default");
    let id = op.get("operationId").and_then(Value::as_str).map(str::to_owned).unwrap_or_else(|| {
        let method = op.get("method").and_then(Value::as_str).unwrap_or("");
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        naming::value_name(&format!("{method}{path}"))
    });
    PathBuf::from(format!("operations/{}/{}.json", naming::module_name(tag), file_safe(&id)))
}

fn file_safe(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

/// Pretty JSON with a final newline. `Value`'s `Display` cannot fail (its keys are strings and
/// its numbers finite), unlike `to_string_pretty`'s general signature.
fn to_json(value: &Value) -> String {
    format!("{value:#}\n")
}
