//! Swagger 2.0 read as OpenAPI 3.0, on load, so that one model is lowered.
//!
//! `definitions`, `parameters`, `responses` and `securityDefinitions` become components;
//! `host`, `basePath` and `schemes` the server; an operation's `in: body` parameter its request
//! body and its `in: formData` parameters a form (multipart when a part is a file or the
//! operation consumes `multipart/form-data`, else URL-encoded), with the media types its
//! `consumes` lists; its responses' schemas the content its `produces` lists; a parameter's
//! `type`, `items`, `collectionFormat` a schema and a style. What 3.0 cannot say (`tsv`) is read
//! as near as it can be, with a warning naming the pointer.

use serde_json::{json, Map, Value};

use crate::error::Error;
use crate::pointer;

/// Where each part of a 2.0 document goes in 3.0, for errors to name the file's own pointer.
pub(super) const MOVED: &[(&str, &str)] =
    &[("/components/schemas", "/definitions"), ("/components/parameters", "/parameters"), ("/components/responses", "/responses"), ("/components/securitySchemes", "/securityDefinitions")];

/// Keywords of a 2.0 non-body parameter that describe its value, which 3.0 puts in `schema`.
const VALUE_KEYWORDS: &[&str] = &[
    "type", "format", "items", "enum", "default", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
    "pattern", "minItems", "maxItems", "uniqueItems", "multipleOf",
];

/// The 2.0 document as 3.0; the warnings name what 3.0 cannot say.
pub(super) fn upgrade(document: Value) -> (Value, Vec<Error>) {
    let mut warnings = Vec::new();
    let Value::Object(mut old) = document else { return (document, warnings) };
    let consumes = media_types(old.get("consumes"));
    let produces = media_types(old.get("produces"));
    let mut root = Map::new();
    root.insert("openapi".to_owned(), json!("3.0.3"));
    for key in ["info", "tags", "security", "externalDocs"] {
        if let Some(value) = old.remove(key) {
            root.insert(key.to_owned(), value);
        }
    }
    if let Some(server) = server(&old) {
        root.insert("servers".to_owned(), json!([{ "url": server }]));
    }
    let global_params = old.remove("parameters").and_then(into_object).unwrap_or_default();
    let mut components = Map::new();
    if let Some(definitions) = old.remove("definitions") {
        components.insert("schemas".to_owned(), definitions);
    }
    let (parameters, bodies) = component_parameters(&global_params, &consumes, &mut warnings);
    components.insert("parameters".to_owned(), Value::Object(parameters));
    components.insert("requestBodies".to_owned(), Value::Object(bodies));
    let responses = old.remove("responses").and_then(into_object).unwrap_or_default();
    let responses: Map<String, Value> = responses.into_iter().map(|(name, r)| (name, response(r, &produces))).collect();
    components.insert("responses".to_owned(), Value::Object(responses));
    if let Some(Value::Object(schemes)) = old.remove("securityDefinitions") {
        let schemes: Map<String, Value> = schemes.into_iter().map(|(name, s)| (name, security_scheme(s))).collect();
        components.insert("securitySchemes".to_owned(), Value::Object(schemes));
    }
    root.insert("components".to_owned(), Value::Object(components));
    let context = Context { consumes, produces, global_params };
    let paths = old.remove("paths").and_then(into_object).unwrap_or_default();
    let paths: Map<String, Value> = paths.into_iter().map(|(route, item)| {
        let at = format!("/paths/{}", pointer::escape(&route));
        let item = path_item(item, &context, &at, &mut warnings);
        (route, item)
    }).collect();
    root.insert("paths".to_owned(), Value::Object(paths));
    let mut document = Value::Object(root);
    super::walk::objects(&mut document, &mut |object, _, schema| {
        rewrite_reference(object);
        if schema {
            upgrade_schema(object);
        }
    });
    (document, warnings)
}

struct Context {
    consumes: Vec<String>,
    produces: Vec<String>,
    global_params: Map<String, Value>,
}

fn into_object(value: Value) -> Option<Map<String, Value>> {
    match value {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

fn media_types(value: Option<&Value>) -> Vec<String> {
    value.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}

/// `schemes[0]://host/basePath`, or the base path alone when the document names no host.
fn server(old: &Map<String, Value>) -> Option<String> {
    let base_path = old.get("basePath").and_then(Value::as_str).unwrap_or("");
    let Some(host) = old.get("host").and_then(Value::as_str) else {
        return (!base_path.is_empty()).then(|| base_path.to_owned());
    };
    let schemes = media_types(old.get("schemes"));
    let scheme = if schemes.iter().any(|s| s == "https") || schemes.is_empty() { "https" } else { schemes[0].as_str() };
    Some(format!("{scheme}://{host}{base_path}"))
}

/// The document's shared parameters: body parameters become request bodies (a reference to
/// one then stands for the operation's body), the others 3.0 parameters.
fn component_parameters(global: &Map<String, Value>, consumes: &[String], warnings: &mut Vec<Error>) -> (Map<String, Value>, Map<String, Value>) {
    let mut parameters = Map::new();
    let mut bodies = Map::new();
    for (name, param) in global {
        let at = format!("/parameters/{}", pointer::escape(name));
        match param.get("in").and_then(Value::as_str) {
            Some("body") => {
                bodies.insert(name.clone(), body(param, consumes));
            }
            Some("formData") => {} // merged into each operation's form where referenced
            _ => {
                parameters.insert(name.clone(), parameter(param, &at, warnings));
            }
        }
    }
    (parameters, bodies)
}

fn path_item(item: Value, context: &Context, at: &str, warnings: &mut Vec<Error>) -> Value {
    let Value::Object(mut item) = item else { return item };
    let shared = item.remove("parameters").and_then(|p| match p { Value::Array(list) => Some(list), _ => None }).unwrap_or_default();
    let mut out = Map::new();
    for (key, value) in item {
        let method = key.as_str();
        if !matches!(method, "get" | "put" | "post" | "delete" | "options" | "head" | "patch") {
            out.insert(key, value);
            continue;
        }
        let op_at = format!("{at}/{method}");
        out.insert(key.clone(), operation(value, &shared, context, &op_at, warnings));
    }
    Value::Object(out)
}

fn operation(op: Value, shared: &[Value], context: &Context, at: &str, warnings: &mut Vec<Error>) -> Value {
    let Value::Object(mut op) = op else { return op };
    let consumes = op.remove("consumes").map(|c| media_types(Some(&c))).unwrap_or_else(|| context.consumes.clone());
    let produces = op.remove("produces").map(|p| media_types(Some(&p))).unwrap_or_else(|| context.produces.clone());
    op.remove("schemes");
    let own = op.remove("parameters").and_then(|p| match p { Value::Array(list) => Some(list), _ => None }).unwrap_or_default();
    // An operation's own parameter overrides the path item's of the same name and place.
    let mut pairs: Vec<(&Value, Value)> = own.iter().map(|p| (p, resolve_global(p, context))).collect();
    for param in shared {
        let resolved = resolve_global(param, context);
        let same = |(_, p): &(&Value, Value)| p.get("name") == resolved.get("name") && p.get("in") == resolved.get("in");
        if !pairs.iter().any(same) {
            pairs.push((param, resolved));
        }
    }
    let mut parameters = Vec::new();
    let mut form: Vec<&Value> = Vec::new();
    for (i, (original, param)) in pairs.iter().enumerate() {
        let here = format!("{at}/parameters/{i}");
        match param.get("in").and_then(Value::as_str) {
            Some("body") => {
                let body = match original.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/parameters/")) {
                    Some(name) => json!({ "$ref": format!("#/components/requestBodies/{name}") }),
                    None => body(param, &consumes),
                };
                op.insert("requestBody".to_owned(), body);
            }
            Some("formData") => form.push(param),
            _ => match original.get("$ref").and_then(Value::as_str) {
                Some(reference) => parameters.push(json!({ "$ref": reference })),
                None => parameters.push(parameter(param, &here, warnings)),
            },
        }
    }
    if !form.is_empty() {
        op.insert("requestBody".to_owned(), form_body(&form, &consumes));
    }
    if !parameters.is_empty() {
        op.insert("parameters".to_owned(), Value::Array(parameters));
    }
    if let Some(Value::Object(responses)) = op.remove("responses") {
        let responses: Map<String, Value> = responses.into_iter().map(|(code, r)| (code, response(r, &produces))).collect();
        op.insert("responses".to_owned(), Value::Object(responses));
    }
    Value::Object(op)
}

/// A parameter as written, or the shared one its `#/parameters/...` reference names.
fn resolve_global(param: &Value, context: &Context) -> Value {
    let name = param.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/parameters/"));
    let name = name.map(pointer::unescape);
    name.and_then(|n| context.global_params.get(&n).cloned()).unwrap_or_else(|| param.clone())
}

fn body(param: &Value, consumes: &[String]) -> Value {
    let schema = param.get("schema").cloned().unwrap_or_else(|| json!({}));
    let types = if consumes.is_empty() { vec!["application/json".to_owned()] } else { consumes.to_vec() };
    let content: Map<String, Value> = types.into_iter().map(|t| (t, json!({ "schema": schema }))).collect();
    let mut body = json!({ "content": content, "required": param.get("required").cloned().unwrap_or(Value::Bool(false)) });
    if let (Some(description), Value::Object(b)) = (param.get("description"), &mut body) {
        b.insert("description".to_owned(), description.clone());
    }
    body
}

/// `in: formData` parameters as one object schema: multipart when a part is a file or the
/// operation consumes it, else URL-encoded.
fn form_body(params: &[&Value], consumes: &[String]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut has_file = false;
    for param in params {
        let Some(name) = param.get("name").and_then(Value::as_str) else { continue };
        has_file |= param.get("type").and_then(Value::as_str) == Some("file");
        let mut schema = value_schema(param);
        if let (Some(description), Value::Object(s)) = (param.get("description"), &mut schema) {
            s.insert("description".to_owned(), description.clone());
        }
        properties.insert(name.to_owned(), schema);
        if param.get("required") == Some(&Value::Bool(true)) {
            required.push(Value::String(name.to_owned()));
        }
    }
    let multipart = has_file || consumes.iter().any(|c| c.starts_with("multipart/form-data"));
    let media_type = if multipart { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
    let mut schema = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    json!({ "content": { media_type: { "schema": schema } }, "required": true })
}

/// A non-body parameter: its value keywords become its `schema`, `collectionFormat` its style.
fn parameter(param: &Value, at: &str, warnings: &mut Vec<Error>) -> Value {
    let Value::Object(map) = param else { return param.clone() };
    let mut out: Map<String, Value> = map.iter().filter(|(k, _)| !VALUE_KEYWORDS.contains(&k.as_str()) && *k != "collectionFormat").map(|(k, v)| (k.clone(), v.clone())).collect();
    out.insert("schema".to_owned(), value_schema(param));
    let location = map.get("in").and_then(Value::as_str).unwrap_or("query");
    let (style, explode) = match map.get("collectionFormat").and_then(Value::as_str) {
        Some("multi") => ("form", true),
        Some("ssv") => ("spaceDelimited", false),
        Some("pipes") => ("pipeDelimited", false),
        Some("tsv") => {
            warnings.push(Error::at(format!("{at}/collectionFormat"), "`tsv` has no OpenAPI 3.0 style; the items are joined by commas".to_owned()));
            ("form", false)
        }
        _ if map.get("type").and_then(Value::as_str) == Some("array") => ("form", false),
        _ => return Value::Object(out),
    };
    let style = if location == "query" { style } else { "simple" };
    out.insert("style".to_owned(), Value::String(style.to_owned()));
    out.insert("explode".to_owned(), Value::Bool(explode));
    Value::Object(out)
}

/// The schema a non-body parameter's value keywords describe.
fn value_schema(param: &Value) -> Value {
    let mut schema: Map<String, Value> = VALUE_KEYWORDS.iter().filter_map(|k| param.get(*k).map(|v| ((*k).to_owned(), v.clone()))).collect();
    if let Some(Value::Object(items)) = schema.get_mut("items") {
        items.remove("collectionFormat");
    }
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        schema.insert("type".to_owned(), json!("string"));
        schema.insert("format".to_owned(), json!("binary"));
    }
    Value::Object(schema)
}

/// A response: its schema under each media type the operation produces, its headers' value
/// keywords under `schema`.
fn response(response: Value, produces: &[String]) -> Value {
    let Value::Object(mut response) = response else { return response };
    if response.contains_key("$ref") {
        return Value::Object(response);
    }
    response.remove("examples");
    if let Some(schema) = response.remove("schema") {
        let types = if produces.is_empty() { vec!["application/json".to_owned()] } else { produces.to_vec() };
        let content: Map<String, Value> = types.into_iter().map(|t| (t, json!({ "schema": schema }))).collect();
        response.insert("content".to_owned(), Value::Object(content));
    }
    if let Some(Value::Object(headers)) = response.get_mut("headers") {
        for header in headers.values_mut() {
            let description = header.get("description").cloned();
            let mut converted = json!({ "schema": value_schema(header) });
            if let (Some(description), Value::Object(h)) = (description, &mut converted) {
                h.insert("description".to_owned(), description);
            }
            *header = converted;
        }
    }
    response.entry("description").or_insert_with(|| json!(""));
    Value::Object(response)
}

fn security_scheme(scheme: Value) -> Value {
    let Value::Object(old) = &scheme else { return scheme };
    let text = |key: &str| old.get(key).cloned().unwrap_or(json!(""));
    let description = old.get("description").cloned();
    let mut out = match old.get("type").and_then(Value::as_str) {
        Some("basic") => json!({ "type": "http", "scheme": "basic" }),
        Some("apiKey") => json!({ "type": "apiKey", "name": text("name"), "in": text("in") }),
        Some("oauth2") => {
            let scopes = old.get("scopes").cloned().unwrap_or(json!({}));
            let flow = match old.get("flow").and_then(Value::as_str) {
                Some("implicit") => json!({ "implicit": { "authorizationUrl": text("authorizationUrl"), "scopes": scopes } }),
                Some("password") => json!({ "password": { "tokenUrl": text("tokenUrl"), "scopes": scopes } }),
                Some("accessCode") => json!({ "authorizationCode": { "authorizationUrl": text("authorizationUrl"), "tokenUrl": text("tokenUrl"), "scopes": scopes } }),
                _ => json!({ "clientCredentials": { "tokenUrl": text("tokenUrl"), "scopes": scopes } }),
            };
            json!({ "type": "oauth2", "flows": flow })
        }
        _ => scheme.clone(),
    };
    if let (Some(description), Value::Object(o)) = (description, &mut out) {
        o.insert("description".to_owned(), description);
    }
    out
}

/// `#/definitions/X` -> `#/components/schemas/X`, and likewise for parameters and responses.
fn rewrite_reference(object: &mut Map<String, Value>) {
    let Some(Value::String(reference)) = object.get_mut("$ref") else { return };
    for (old, new) in [("#/definitions/", "#/components/schemas/"), ("#/parameters/", "#/components/parameters/"), ("#/responses/", "#/components/responses/")] {
        if let Some(rest) = reference.strip_prefix(old) {
            *reference = format!("{new}{rest}");
            return;
        }
    }
}

/// A 2.0 schema's own spellings: `type: file`, `x-nullable`, a discriminator that is a name.
fn upgrade_schema(schema: &mut Map<String, Value>) {
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        schema.insert("type".to_owned(), json!("string"));
        schema.insert("format".to_owned(), json!("binary"));
    }
    if let Some(nullable) = schema.remove("x-nullable") {
        schema.insert("nullable".to_owned(), nullable);
    }
    if let Some(Value::String(property)) = schema.get("discriminator").cloned() {
        schema.insert("discriminator".to_owned(), json!({ "propertyName": property }));
    }
}
