//! `$ref`s to anywhere in the document, turned into what lowering reads: references to
//! `#/components/<kind>/<name>`.
//!
//! - A schema defined anywhere else (under an operation, inside another schema, in `$defs`) and
//!   referenced becomes a component schema of its own, named after where it was defined, so a
//!   recursive one stays recursive.
//! - Anything else referenced where it stands (a parameter or response defined under another
//!   operation) is copied into the place that references it.
//! - A component that is only a reference to another component of its kind (a request body
//!   `ItemUsagesRequest: {$ref: CursorRequest}`) is followed to the end of the chain.
//!
//! A reference outside the components to nothing is an error naming its pointer; one to a
//! missing component is left for lowering to report.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::walk::{is_schema_place, SCHEMA_LIST_KEYS, SCHEMA_MAP_KEYS};
use crate::error::Error;
use crate::pointer;

/// At most this many rounds of copying: a copy may bring references of its own, and a chain of
/// copies longer than this is a cycle.
const MAX_ROUNDS: usize = 32;

/// One `$ref` found in the document: where it is, what it says, and whether it stands for a schema.
struct Site {
    at: String,
    reference: String,
    schema: bool,
}

/// Resolves every reference lowering cannot read as it is; the errors name each cycle.
pub(super) fn resolve(document: &mut Value) -> Result<(), Error> {
    let dangling: Vec<Error> = find_sites(document)
        .into_iter()
        .filter(|s| local_target(&s.reference).is_some_and(|t| !is_component(&t) && document.pointer(&to_pointer(&t)).is_none()))
        .map(|s| Error::at(s.at, format!("dangling $ref `{}`: the document has nothing there", s.reference)))
        .collect();
    if let Some(error) = Error::all(dangling) {
        return Err(error);
    }
    let mut hoisted: BTreeMap<String, String> = BTreeMap::new();
    for _ in 0..MAX_ROUNDS {
        let sites = find_sites(document);
        let mut changed = false;
        for site in sites {
            let Some(target) = local_target(&site.reference) else { continue };
            changed |= resolve_site(document, &site, &target, &mut hoisted)?;
        }
        if !changed {
            return Ok(());
        }
    }
    let still: Vec<Error> = find_sites(document)
        .into_iter()
        .filter(|s| local_target(&s.reference).is_some_and(|t| !is_component(&t)))
        .map(|s| Error::at(s.at, format!("`$ref` `{}` leads to a cycle of references outside `#/components`", s.reference)))
        .collect();
    Error::all(still).map_or(Ok(()), Err)
}

/// Resolves one reference; whether the document changed.
fn resolve_site(document: &mut Value, site: &Site, target: &[String], hoisted: &mut BTreeMap<String, String>) -> Result<bool, Error> {
    let pointer = to_pointer(target);
    if is_component(target) {
        // Written as lowering reads it: `~` escapes, not percent-encoding (`Response%20for`).
        let canonical = format!("#{pointer}");
        if canonical != site.reference {
            set_reference(document, &site.at, canonical);
            return Ok(true);
        }
        // A non-schema component that is itself a reference: point at the end of the chain.
        if target[1] == "schemas" {
            return Ok(false);
        }
        let Some(end) = follow_chain(document, &pointer) else { return Ok(false) };
        if end == site.reference {
            return Ok(false);
        }
        set_reference(document, &site.at, end);
        return Ok(true);
    }
    let Some(found) = document.pointer(&pointer).cloned() else { return Ok(false) };
    if site.schema || is_schema_place(target) {
        let name = match hoisted.get(&pointer) {
            Some(name) => name.clone(),
            None => {
                let name = schema_name(document, target);
                hoisted.insert(pointer.clone(), name.clone());
                let schemas = document
                    .as_object_mut()
                    .map(|root| root.entry("components").or_insert_with(|| Value::Object(Map::new())))
                    .and_then(Value::as_object_mut)
                    .map(|components| components.entry("schemas").or_insert_with(|| Value::Object(Map::new())));
                let Some(Value::Object(schemas)) = schemas else {
                    return Err(Error::at("/components", "`components` and `components/schemas` must be objects"));
                };
                schemas.insert(name.clone(), found);
                name
            }
        };
        set_reference(document, &site.at, format!("#/components/schemas/{}", pointer::escape(&name)));
        return Ok(true);
    }
    if let Some(place) = document.pointer_mut(&site.at) {
        *place = found;
    }
    Ok(true)
}

/// The reference a chain of component references ends at, when `pointer` is one.
fn follow_chain(document: &Value, pointer: &str) -> Option<String> {
    let mut seen: Vec<String> = vec![pointer.to_owned()];
    let mut last: Option<String> = None;
    let mut current = pointer.to_owned();
    while let Some(next) = document.pointer(&current).and_then(|v| v.get("$ref")).and_then(Value::as_str) {
        let target = local_target(next)?;
        let next_pointer = to_pointer(&target);
        if seen.contains(&next_pointer) {
            return None;
        }
        seen.push(next_pointer.clone());
        last = Some(next.to_owned());
        current = next_pointer;
    }
    last
}

fn set_reference(document: &mut Value, at: &str, reference: String) {
    if let Some(Value::Object(place)) = document.pointer_mut(at) {
        place.insert("$ref".to_owned(), Value::String(reference));
    }
}

/// The tokens of a reference into this document (`#/paths/~1a/get`), unescaped and
/// percent-decoded as a URI fragment; `None` for one into another file.
fn local_target(reference: &str) -> Option<Vec<String>> {
    let fragment = reference.strip_prefix('#')?;
    let decoded = percent_decode(fragment);
    let tokens = decoded.strip_prefix('/')?.split('/').map(pointer::unescape);
    Some(tokens.collect())
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn to_pointer(tokens: &[String]) -> String {
    tokens.iter().map(|t| format!("/{}", pointer::escape(t))).collect()
}

/// `#/components/<kind>/<name>`: what lowering reads.
fn is_component(tokens: &[String]) -> bool {
    tokens.len() == 3 && tokens[0] == "components"
}

/// A component name for a schema defined at `tokens`: its own name where it has one (a `$defs`
/// entry, a property), with the names around it when that is taken.
fn schema_name(document: &Value, tokens: &[String]) -> String {
    let meaningful: Vec<&str> = tokens
        .iter()
        .map(String::as_str)
        .filter(|t| {
            !matches!(*t, "components" | "schemas" | "paths" | "content" | "responses" | "parameters" | "requestBody" | "schema")
                && !SCHEMA_MAP_KEYS.contains(t)
                && !SCHEMA_LIST_KEYS.contains(t)
                && !t.contains('/')
                && t.parse::<usize>().is_err()
        })
        .collect();
    let taken = |name: &str| document.pointer(&format!("/components/schemas/{}", pointer::escape(name))).is_some();
    for take in 1..=meaningful.len() {
        let name = meaningful[meaningful.len() - take..].join("_");
        if !taken(&name) {
            return name;
        }
    }
    let base = if meaningful.is_empty() { "Schema".to_owned() } else { meaningful.join("_") };
    (2..).map(|n| format!("{base}{n}")).find(|name| !taken(name)).unwrap_or(base)
}

/// Every `$ref` of the document outside data values, with whether it stands for a schema.
fn find_sites(document: &mut Value) -> Vec<Site> {
    let mut sites = Vec::new();
    super::walk::objects(document, &mut |object, at, schema| {
        if let Some(Value::String(reference)) = object.get("$ref") {
            sites.push(Site { at: at.to_owned(), reference: reference.clone(), schema });
        }
    });
    sites.sort_by(|a, b| a.at.cmp(&b.at));
    sites
}
