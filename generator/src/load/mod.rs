//! Reads spec input into one OpenAPI document, remembering which file each part came from.
//!
//! Three inputs are accepted:
//! - a `spec/` directory: `operations/**/*.json` (one operation each, in the shape of the `api:`
//!   line of SailPoint's docs pages) and `components/<kind>/<Name>.json`;
//! - a docs page whose `api:` line holds one operation with its schemas inline;
//! - a bundled OpenAPI 3.0 document (JSON or YAML).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::Error;
use crate::pointer;

mod oas31;
mod quirks;
mod refs;
mod swagger2;
mod walk;

use quirks::normalize_quirks;

/// Component kinds stored one file each under `spec/components/<kind>/`.
pub const COMPONENT_KINDS: &[&str] =
    &["schemas", "responses", "parameters", "requestBodies", "headers", "examples", "securitySchemes"];

/// Keys of a docs-page operation object that describe where it lives rather than what it does.
pub const OPERATION_PLACEMENT_KEYS: &[&str] =
    &["method", "path", "servers", "securitySchemes", "info", "jsonRequestBodyExample", "postman"];

/// The whole input, parsed, with a map back to the files it came from.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The assembled document.
    pub document: openapiv3::OpenAPI,
    /// Where each part of `document` came from.
    pub origins: Origins,
    /// Quirks of the input that were read for what they plainly mean, each naming its place.
    pub warnings: Vec<Error>,
    /// Type names already given to component schemas (`spec/<api>/names.json`), kept so that a
    /// growing document renames nothing.
    pub type_names: BTreeMap<String, String>,
}

/// The file in an API's spec folder that records the type names given to its schemas.
pub const NAMES_FILE: &str = "names.json";

/// Reads an API folder's recorded type names; none when the file is absent.
pub fn read_type_names(dir: &Path) -> Result<BTreeMap<String, String>, Error> {
    let path = dir.join(NAMES_FILE);
    if !path.is_file() {
        return Ok(BTreeMap::new());
    }
    let text = read_text(&path)?;
    serde_json::from_str(&text).map_err(|e| Error::in_file(&path, "", format!("expected an object of schema name -> type name: {e}")))
}

/// Maps JSON pointers in the assembled document back to files and pointers inside them.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    entries: Vec<Origin>,
}

#[derive(Debug, Clone)]
struct Origin {
    document_prefix: String,
    file: PathBuf,
    file_prefix: String,
}

impl Origins {
    fn add(&mut self, document_prefix: String, file: &Path, file_prefix: &str) {
        self.entries.push(Origin {
            document_prefix,
            file: file.to_path_buf(),
            file_prefix: file_prefix.to_owned(),
        });
    }

    /// Rewrites an error located in the assembled document to name the file it came from.
    pub fn locate(&self, mut error: Error) -> Error {
        error.also = std::mem::take(&mut error.also).into_iter().map(|e| self.locate(e)).collect();
        if error.file.is_some() {
            return error;
        }
        let best = self
            .entries
            .iter()
            .filter(|o| is_pointer_prefix(&o.document_prefix, &error.pointer))
            .max_by_key(|o| o.document_prefix.len());
        match best {
            Some(origin) => {
                let rest = &error.pointer[origin.document_prefix.len()..];
                Error { also: error.also, ..Error::in_file(&origin.file, format!("{}{}", origin.file_prefix, rest), error.message) }
            }
            None => error,
        }
    }
}

fn is_pointer_prefix(prefix: &str, pointer: &str) -> bool {
    pointer.starts_with(prefix)
        && (pointer.len() == prefix.len() || pointer.as_bytes().get(prefix.len()) == Some(&b'/'))
}

/// Loads a `spec/` directory, a docs page, or a bundled OpenAPI document.
pub fn load_path(path: &Path) -> Result<Spec, Error> {
    crate::parallel::with_big_stack(|| {
        let mut builder = DocumentBuilder::default();
        if path.is_dir() {
            builder.add_spec_dir(path)?;
        } else {
            builder.add_file(path)?;
        }
        builder.finish()
    })
}

/// The API folders of a folder of APIs: each subfolder with an `operations/` folder, named
/// after it (as a module name), sorted by name.
pub fn api_folders(dir: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
    let entries = fs::read_dir(dir).map_err(|e| Error::in_file(dir, "", format!("cannot list: {e}")))?;
    let mut folders = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::in_file(dir, "", format!("cannot list: {e}")))?.path();
        if !path.join("operations").is_dir() {
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).map(crate::naming::module_name);
        let name = name.ok_or_else(|| Error::in_file(&path, "", "the folder name is not UTF-8"))?;
        folders.push((name, path));
    }
    folders.sort();
    Ok(folders)
}

/// Parses an in-memory file (as [`load_path`] would), for callers that already hold the text.
pub fn load_text(path: &Path, text: &str) -> Result<Spec, Error> {
    crate::parallel::with_big_stack(|| {
        let mut builder = DocumentBuilder::default();
        builder.add_text(path, text)?;
        builder.finish()
    })
}

/// Reads a file as UTF-8 text, naming the file on failure.
pub fn read_text(path: &Path) -> Result<String, Error> {
    fs::read_to_string(path).map_err(|e| Error::in_file(path, "", format!("cannot read: {e}")))
}

/// Deeper nesting than this is refused, so that no later stage can run out of stack (SailPoint's
/// bundled document nests 19 levels deep).
pub const MAX_NESTING: usize = 64;

/// Parses JSON or YAML text into a value, naming the file on failure.
pub fn parse_value(path: &Path, text: &str) -> Result<Value, Error> {
    let is_yaml = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
    let value = if is_yaml {
        serde_saphyr::from_str_with_options(text, yaml_options()).map_err(|e| Error::in_file(path, "", format!("invalid YAML: {e}")))?
    } else {
        serde_json::from_str(text).map_err(|e| Error::in_file(path, "", format!("invalid JSON: {e}")))?
    };
    check_nesting(path, &value)?;
    Ok(value)
}

/// YAML 1.2 (only `true` and `false` are booleans: an enum of `on`/`off` stays text), with room
/// for the largest published documents (OpenAI's is 3 MB) while keeping the parser's limits on
/// aliases, which are what a hostile file would inflate. A duplicate key is an error, as in
/// JSON Schema's reading. Nesting is bounded by [`check_nesting`], which names the place.
fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        budget: serde_saphyr::budget! {
            max_events: 100_000_000,
            max_nodes: 50_000_000,
            max_depth: 4 * MAX_NESTING,
        },
    }
}

/// Refuses a value nested deeper than [`MAX_NESTING`], naming where.
fn check_nesting(path: &Path, value: &Value) -> Result<(), Error> {
    let mut stack: Vec<(&Value, String)> = vec![(value, String::new())];
    while let Some((value, at)) = stack.pop() {
        if at.matches('/').count() > MAX_NESTING {
            return Err(Error::in_file(path, at, format!("nested more than {MAX_NESTING} levels deep")));
        }
        match value {
            Value::Object(map) => stack.extend(map.iter().map(|(k, v)| (v, format!("{at}/{}", pointer::escape(k))))),
            Value::Array(items) => stack.extend(items.iter().enumerate().map(|(i, v)| (v, format!("{at}/{i}")))),
            _ => {}
        }
    }
    Ok(())
}

/// Reads and parses `files` on every core.
fn read_all(files: &[PathBuf]) -> Result<Vec<Result<Value, Error>>, Error> {
    crate::parallel::in_parallel(files, |file| read_text(file).and_then(|text| parse_value(file, &text)))
}

/// Finds the operation object on a docs page's `api:` front-matter line: plain JSON, or base64
/// of zlib-compressed JSON as SailPoint's docs site publishes it.
pub fn docs_page_operation(path: &Path, text: &str) -> Option<Result<Value, Error>> {
    let (index, line) = text.lines().enumerate().find(|(_, l)| l.starts_with("api:"))?;
    let raw = line["api:".len()..].trim();
    let at_line = |what: &str, detail: String| Error::in_file(path, "", format!("{what} on the `api:` line (line {}): {detail}", index + 1));
    let json = if raw.starts_with('{') {
        Ok(raw.to_owned())
    } else {
        inflate_api_line(raw).map_err(|e| at_line("neither JSON nor base64 of zlib-compressed JSON", e))
    };
    let value = json.and_then(|json| serde_json::from_str(&json).map_err(|e| at_line("invalid JSON", e.to_string())));
    Some(value.and_then(|v| check_nesting(path, &v).map(|()| v)))
}

/// The most a compressed `api:` line may inflate to: far above any real page (SailPoint's
/// largest is a few MB), and a bound on what a hostile page can make the generator hold.
const MAX_INFLATED_BYTES: u64 = 64 * 1024 * 1024;

/// Base64 of zlib-compressed UTF-8, as the docs site's generator writes the `api:` line.
fn inflate_api_line(encoded: &str) -> Result<String, String> {
    use base64::Engine as _;
    use std::io::Read as _;
    let compressed = base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|e| format!("base64: {e}"))?;
    let mut text = String::new();
    let mut inflated = flate2::read::ZlibDecoder::new(compressed.as_slice()).take(MAX_INFLATED_BYTES + 1);
    inflated.read_to_string(&mut text).map_err(|e| format!("zlib: {e}"))?;
    if text.len() as u64 > MAX_INFLATED_BYTES {
        return Err(format!("it inflates past {MAX_INFLATED_BYTES} bytes"));
    }
    Ok(text)
}

#[derive(Default)]
struct DocumentBuilder {
    document: Map<String, Value>,
    paths: Map<String, Value>,
    components: Map<String, Value>,
    servers: Option<Value>,
    origins: Origins,
    /// operationId -> file, to report duplicates by both names.
    operation_ids: BTreeMap<String, PathBuf>,
    type_names: BTreeMap<String, String>,
    /// What converting a Swagger 2.0 or OpenAPI 3.1 document could not carry over.
    warnings: Vec<Error>,
}

impl DocumentBuilder {
    fn add_spec_dir(&mut self, dir: &Path) -> Result<(), Error> {
        let operations = dir.join("operations");
        if !operations.is_dir() {
            return Err(Error::in_file(dir, "", "not a spec directory: it has no `operations/` folder"));
        }
        let files = json_files_under(&operations)?;
        for (file, value) in files.iter().zip(read_all(&files)?) {
            self.add_operation(file, "", value?)?;
        }
        self.type_names = read_type_names(dir)?;
        let components = dir.join("components");
        for kind in COMPONENT_KINDS {
            let kind_dir = components.join(kind);
            if !kind_dir.is_dir() {
                continue;
            }
            let files = json_files_under(&kind_dir)?;
            for (file, value) in files.iter().zip(read_all(&files)?) {
                let name = file
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .ok_or_else(|| Error::in_file(file, "", "a component file's name must be UTF-8: it is the component's name"))?
                    .to_owned();
                self.add_component(kind, &name, value?, file, "")?;
            }
        }
        Ok(())
    }

    fn add_file(&mut self, path: &Path) -> Result<(), Error> {
        let text = read_text(path)?;
        self.add_text(path, &text)
    }

    fn add_text(&mut self, path: &Path, text: &str) -> Result<(), Error> {
        // One file holds everything: whatever no narrower origin claims is in it.
        self.origins.add(String::new(), path, "");
        if let Some(operation) = docs_page_operation(path, text) {
            return self.add_operation(path, "", operation?);
        }
        let value = parse_value(path, text)?;
        if value.get("openapi").is_some() || value.get("swagger").is_some() {
            self.add_bundle(path, value)
        } else {
            self.add_operation(path, "", value)
        }
    }

    fn add_bundle(&mut self, path: &Path, value: Value) -> Result<(), Error> {
        let version = |key: &str| value.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
        let (openapi, swagger) = (version("openapi"), version("swagger"));
        let mut value = value;
        let mut converted = Vec::new();
        if swagger.starts_with("2.") && openapi.is_empty() {
            let (upgraded, warnings) = swagger2::upgrade(value);
            value = upgraded;
            converted = warnings;
            for (document_prefix, file_prefix) in swagger2::MOVED {
                self.origins.add((*document_prefix).to_owned(), path, file_prefix);
            }
        } else if openapi.starts_with("3.1.") {
            converted = oas31::downgrade(&mut value);
        } else if !openapi.starts_with("3.0") {
            let found = if openapi.is_empty() { format!("Swagger `{swagger}`") } else { format!("OpenAPI {openapi}") };
            return Err(Error::in_file(path, if openapi.is_empty() { "/swagger" } else { "/openapi" }, format!("OpenAPI 3.0, 3.1 and Swagger 2.0 are read; found {found}")));
        }
        self.warnings.extend(converted.into_iter().map(|w| self.origins.locate(w)));
        let Value::Object(mut root) = value else {
            return Err(Error::in_file(path, "", "expected a JSON object"));
        };
        for key in ["paths", "components"] {
            if root.get(key).is_some_and(|v| !v.is_object()) {
                return Err(Error::in_file(path, format!("/{key}"), format!("`{key}` must be an object")));
            }
        }
        if let Some(Value::Object(paths)) = root.remove("paths") {
            for (route, item) in paths {
                let Value::Object(item) = item else { continue };
                for (method, operation) in item {
                    if !is_http_method(&method) {
                        continue;
                    }
                    let pointer = format!("/paths/{}/{}", pointer::escape(&route), method);
                    let mut operation = operation;
                    if let Value::Object(op) = &mut operation {
                        op.insert("method".into(), Value::String(method.clone()));
                        op.insert("path".into(), Value::String(route.clone()));
                    }
                    self.add_operation(path, &pointer, operation)?;
                }
            }
        }
        if let Some(Value::Object(components)) = root.remove("components") {
            for (kind, entries) in components {
                let Value::Object(entries) = entries else { continue };
                for (name, value) in entries {
                    let pointer = format!("/components/{}/{}", kind, pointer::escape(&name));
                    self.add_component(&kind, &name, value, path, &pointer)?;
                }
            }
        }
        if let Some(servers) = root.remove("servers") {
            self.servers = Some(servers);
        }
        for key in ["info", "security", "tags"] {
            if let Some(v) = root.remove(key) {
                self.document.insert(key.into(), v);
            }
        }
        Ok(())
    }

    fn add_operation(&mut self, file: &Path, file_prefix: &str, value: Value) -> Result<(), Error> {
        let Value::Object(mut op) = value else {
            return Err(Error::in_file(file, file_prefix, "expected an operation object"));
        };
        let method = take_string(&mut op, "method", file, file_prefix)?.to_ascii_lowercase();
        let route = take_string(&mut op, "path", file, file_prefix)?;
        if !is_http_method(&method) {
            return Err(Error::in_file(file, format!("{file_prefix}/method"), format!("unknown HTTP method `{method}`")));
        }
        if let Some(id) = op.get("operationId").and_then(Value::as_str) {
            if let Some(first) = self.operation_ids.insert(id.to_owned(), file.to_path_buf()) {
                return Err(Error::in_file(
                    file,
                    format!("{file_prefix}/operationId"),
                    format!("duplicate operationId `{id}` (also in {})", first.display()),
                ));
            }
        }
        if let Some(Value::Object(schemes)) = op.remove("securitySchemes") {
            for (name, scheme) in schemes {
                let pointer = format!("{file_prefix}/securitySchemes/{}", pointer::escape(&name));
                self.add_component("securitySchemes", &name, scheme, file, &pointer)?;
            }
        }
        if let Some(servers) = op.get("servers") {
            if self.servers.is_none() {
                self.servers = Some(servers.clone());
            }
        }
        if let Some(info) = op.get("info") {
            self.document.entry("info").or_insert_with(|| info.clone());
        }
        for key in OPERATION_PLACEMENT_KEYS {
            if *key != "servers" {
                op.remove(*key);
            }
        }
        let item = self.paths.entry(route.clone()).or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(item) = item else { return Ok(()) };
        if item.contains_key(&method) {
            return Err(Error::in_file(file, file_prefix, format!("a second `{method} {route}` operation")));
        }
        item.insert(method.clone(), Value::Object(op));
        let pointer = format!("/paths/{}/{}", pointer::escape(&route), method);
        self.origins.add(pointer, file, file_prefix);
        Ok(())
    }

    fn add_component(&mut self, kind: &str, name: &str, value: Value, file: &Path, file_prefix: &str) -> Result<(), Error> {
        let entries = self.components.entry(kind.to_owned()).or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(entries) = entries else { return Ok(()) };
        if let Some(existing) = entries.get(name) {
            if existing == &value {
                return Ok(());
            }
            return Err(Error::in_file(file, file_prefix, format!("component `{kind}/{name}` is defined twice, differently")));
        }
        entries.insert(name.to_owned(), value);
        let pointer = format!("/components/{}/{}", kind, pointer::escape(name));
        self.origins.add(pointer, file, file_prefix);
        Ok(())
    }

    fn finish(mut self) -> Result<Spec, Error> {
        self.document.insert("openapi".into(), Value::String("3.0.1".into()));
        if !self.document.contains_key("info") {
            let info = serde_json::json!({ "title": "API", "version": "0" });
            self.document.insert("info".into(), info);
        }
        if let Some(servers) = self.servers.take() {
            self.document.insert("servers".into(), servers);
        }
        self.document.insert("paths".into(), Value::Object(std::mem::take(&mut self.paths)));
        self.document.insert("components".into(), Value::Object(std::mem::take(&mut self.components)));
        let mut value = Value::Object(std::mem::take(&mut self.document));
        refs::resolve(&mut value).map_err(|e| self.origins.locate(e))?;
        let mut warnings = std::mem::take(&mut self.warnings);
        warnings.extend(normalize_quirks(&mut value).into_iter().map(|w| self.origins.locate(w)));
        match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&value) {
            Ok(document) => Ok(Spec { document, origins: self.origins, warnings, type_names: self.type_names }),
            Err(e) => {
                let error = locate_invalid_part(&value).unwrap_or_else(|| Error::at(path_to_pointer(e.path()), e.inner().to_string()));
                Err(self.origins.locate(error))
            }
        }
    }
}

/// Parses a value as one OpenAPI type, returning the error message if it is not one.
type Checker = fn(&Value) -> Option<String>;

/// Finds the smallest part of the document that fails to parse on its own (an operation's
/// parameter, body or response, or one component), because openapiv3's flattened structs hide
/// the position of an error inside them.
fn locate_invalid_part(document: &Value) -> Option<Error> {
    let mut parts: Vec<(String, &Value, Checker)> = Vec::new();
    for (route, item) in document.get("paths").and_then(Value::as_object).into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let at = format!("/paths/{}/{}", pointer::escape(route), method);
            for (i, param) in op.get("parameters").and_then(Value::as_array).into_iter().flatten().enumerate() {
                parts.push((format!("{at}/parameters/{i}"), param, check::<openapiv3::ReferenceOr<openapiv3::Parameter>>));
            }
            if let Some(body) = op.get("requestBody") {
                parts.push((format!("{at}/requestBody"), body, check::<openapiv3::ReferenceOr<openapiv3::RequestBody>>));
            }
            for (code, response) in op.get("responses").and_then(Value::as_object).into_iter().flatten() {
                parts.push((format!("{at}/responses/{}", pointer::escape(code)), response, check::<openapiv3::ReferenceOr<openapiv3::Response>>));
            }
            parts.push((at, op, check::<openapiv3::Operation>));
        }
    }
    let components = document.get("components").and_then(Value::as_object).into_iter().flatten();
    for (kind, entries) in components {
        let checker: Checker = match kind.as_str() {
            "schemas" => check::<openapiv3::ReferenceOr<openapiv3::Schema>>,
            "responses" => check::<openapiv3::ReferenceOr<openapiv3::Response>>,
            "parameters" => check::<openapiv3::ReferenceOr<openapiv3::Parameter>>,
            "requestBodies" => check::<openapiv3::ReferenceOr<openapiv3::RequestBody>>,
            "securitySchemes" => check::<openapiv3::ReferenceOr<openapiv3::SecurityScheme>>,
            _ => continue,
        };
        for (name, value) in entries.as_object().into_iter().flatten() {
            parts.push((format!("/components/{kind}/{}", pointer::escape(name)), value, checker));
        }
    }
    parts.into_iter().find_map(|(at, value, checker)| checker(value).map(|message| Error::at(at, message)))
}

/// Parses `value` as `T`, returning the error message (with the inner path when serde keeps it).
fn check<T: serde::de::DeserializeOwned>(value: &Value) -> Option<String> {
    serde_path_to_error::deserialize::<_, T>(value).err().map(|e| {
        let inner = path_to_pointer(e.path());
        if inner.is_empty() { e.inner().to_string() } else { format!("at {inner}: {}", e.inner()) }
    })
}

fn take_string(op: &mut Map<String, Value>, key: &str, file: &Path, prefix: &str) -> Result<String, Error> {
    match op.remove(key) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(Error::in_file(file, format!("{prefix}/{key}"), format!("`{key}` must be a string"))),
        None => Err(Error::in_file(file, prefix, format!("the operation has no `{key}`"))),
    }
}

fn is_http_method(method: &str) -> bool {
    matches!(method, "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace")
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => out.push_str(&format!("/{}", pointer::escape(key))),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// All `*.json` files below `dir`, sorted, so that loading is deterministic.
fn json_files_under(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = fs::read_dir(&current).map_err(|e| Error::in_file(&current, "", format!("cannot list: {e}")))?;
        for entry in entries {
            let path = entry.map_err(|e| Error::in_file(&current, "", format!("cannot list: {e}")))?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}
