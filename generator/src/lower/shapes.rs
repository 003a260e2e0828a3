//! Inline schemas: the key under which identical shapes are merged, and the names they get.

use std::collections::BTreeMap;

use serde_json::Value;

/// Schema keywords that document a shape without changing it.
const DOC_KEYWORDS: &[&str] = &["description", "example", "examples", "title", "externalDocs"];

/// Keywords whose value is a map from names to schemas.
const SCHEMA_MAP_KEYWORDS: &[&str] = &["properties"];

/// Keywords whose value is a schema or a list of schemas.
const SCHEMA_KEYWORDS: &[&str] = &["items", "additionalProperties", "not", "allOf", "oneOf", "anyOf"];

/// The identity of an inline shape: its JSON with documentation and read-only properties removed,
/// keys sorted, enum values sorted.
///
/// Read-only properties are left out because a request body and the response it mirrors differ
/// exactly by them, and one model (which never serializes them) serves both.
pub fn shape_key(schema: &Value) -> String {
    let mut out = String::new();
    write_schema(schema, &mut out);
    out
}

fn write_schema(schema: &Value, out: &mut String) {
    let Value::Object(map) = schema else {
        out.push_str(&schema.to_string());
        return;
    };
    let mut entries: BTreeMap<&str, &Value> = BTreeMap::new();
    for (k, v) in map {
        if !DOC_KEYWORDS.contains(&k.as_str()) {
            entries.insert(k, v);
        }
    }
    out.push('{');
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&Value::String((*key).to_owned()).to_string());
        out.push(':');
        if SCHEMA_MAP_KEYWORDS.contains(key) {
            write_properties(value, out);
        } else if SCHEMA_KEYWORDS.contains(key) {
            write_schema_or_list(value, out);
        } else if *key == "enum" {
            write_sorted_list(value, out);
        } else {
            write_sorted_json(value, out);
        }
    }
    out.push('}');
}

fn write_properties(value: &Value, out: &mut String) {
    let Value::Object(props) = value else {
        out.push_str(&value.to_string());
        return;
    };
    let visible: BTreeMap<&String, &Value> = props.iter().filter(|(_, s)| !is_read_only(s)).collect();
    out.push('{');
    for (i, (name, schema)) in visible.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&Value::String((*name).clone()).to_string());
        out.push(':');
        write_schema(schema, out);
    }
    out.push('}');
}

fn write_schema_or_list(value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_schema(item, out);
            }
            out.push(']');
        }
        other => write_schema(other, out),
    }
}

fn write_sorted_list(value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => {
            let mut texts: Vec<String> = items.iter().map(Value::to_string).collect();
            texts.sort();
            out.push('[');
            out.push_str(&texts.join(","));
            out.push(']');
        }
        other => write_sorted_json(other, out),
    }
}

fn write_sorted_json(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let sorted: BTreeMap<&String, &Value> = map.iter().collect();
            out.push('{');
            for (i, (k, v)) in sorted.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                write_sorted_json(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_sorted_json(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Whether a schema JSON says `readOnly: true`.
pub fn is_read_only(schema: &Value) -> bool {
    schema.get("readOnly").and_then(Value::as_bool) == Some(true)
}

/// The names an inline shape may take, most preferred first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameContext {
    /// A short name from the nearest property or parameter, tried first.
    pub short: Option<String>,
    /// A name qualified by the whole context (operation, location, property path).
    pub long: String,
    /// The error status whose body this is, for a response body context.
    pub error_status: Option<u16>,
    /// Inside a named component, children take only qualified names (`FieldDetailsDtoType`),
    /// so that adding a schema elsewhere in the spec never renames them.
    pub qualified_only: bool,
}

impl NameContext {
    /// A context with only a qualified name.
    pub fn long(long: String) -> Self {
        NameContext { short: None, long, error_status: None, qualified_only: false }
    }

    /// The context of a named component: its children are named after it.
    pub fn component(name: String) -> Self {
        NameContext { qualified_only: true, ..Self::long(name) }
    }

    /// The context of a property (or other named child) of this context.
    pub fn child(&self, word: &str) -> Self {
        NameContext {
            short: (!self.qualified_only).then(|| word.to_owned()),
            long: format!("{}{}", self.long, word),
            error_status: None,
            qualified_only: self.qualified_only,
        }
    }

    /// The context of the items of an array at this context.
    pub fn items(&self) -> Self {
        NameContext {
            short: self.short.as_ref().map(|s| format!("{s}Item")),
            long: format!("{}Item", self.long),
            error_status: None,
            qualified_only: self.qualified_only,
        }
    }
}

/// One inline shape waiting for a name.
pub struct Unnamed<'a> {
    /// The name its `title` gives, tried before any candidate: the component name SailPoint's
    /// docs pages keep there.
    pub title: Option<&'a str>,
    /// Its candidates, in order of preference.
    pub candidates: Vec<&'a str>,
    /// Where it was first seen, for error messages.
    pub pointer: &'a str,
}

/// Gives each inline shape the first candidate no other shape or component wants at the same
/// preference; a shape left without a name is an error naming both claimants.
pub fn assign_names(taken: &BTreeMap<String, String>, shapes: &[Unnamed<'_>]) -> Result<Vec<String>, String> {
    let mut taken: BTreeMap<String, String> = taken.clone();
    let mut names: Vec<Option<String>> = vec![None; shapes.len()];
    let mut by_title: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, shape) in shapes.iter().enumerate() {
        if let Some(title) = shape.title {
            by_title.entry(title).or_default().push(i);
        }
    }
    for (title, claimants) in by_title {
        if let ([only], false) = (claimants.as_slice(), taken.contains_key(title)) {
            names[*only] = Some(title.to_owned());
            taken.insert(title.to_owned(), shapes[*only].pointer.to_owned());
        }
    }
    let tiers = shapes.iter().map(|s| s.candidates.len()).max().unwrap_or(0);
    for tier in 0..tiers {
        let mut claims: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, shape) in shapes.iter().enumerate() {
            if names[i].is_none() {
                if let Some(candidate) = shape.candidates.get(tier) {
                    claims.entry(candidate).or_default().push(i);
                }
            }
        }
        for (candidate, claimants) in claims {
            if claimants.len() == 1 && !taken.contains_key(candidate) {
                names[claimants[0]] = Some(candidate.to_owned());
                taken.insert(candidate.to_owned(), shapes[claimants[0]].pointer.to_owned());
            }
        }
    }
    // What no tier could name gets its most qualified candidate with the first free number.
    let mut out = Vec::with_capacity(names.len());
    for (i, name) in names.into_iter().enumerate() {
        let name = match name {
            Some(name) => name,
            None => {
                let base = shapes[i].candidates.last().copied().ok_or_else(|| format!("inline schema at {} has no name", shapes[i].pointer))?;
                let mut n = 2;
                while taken.contains_key(&format!("{base}{n}")) {
                    n += 1;
                }
                let name = format!("{base}{n}");
                taken.insert(name.clone(), shapes[i].pointer.to_owned());
                name
            }
        };
        out.push(name);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_ignores_docs_order_and_read_only_properties() {
        let request = json!({"type": "object", "properties": {"b": {"type": "string"}, "a": {"type": "string", "description": "x"}}});
        let response = json!({"properties": {"a": {"type": "string"}, "id": {"type": "string", "readOnly": true}, "b": {"type": "string"}}, "type": "object"});
        assert_eq!(shape_key(&request), shape_key(&response));
        let different = json!({"type": "object", "properties": {"a": {"type": "integer"}}});
        assert_ne!(shape_key(&request), shape_key(&different));
    }

    #[test]
    fn a_property_called_description_is_kept() {
        let with = json!({"type": "object", "properties": {"description": {"type": "string"}}});
        let without = json!({"type": "object", "properties": {}});
        assert_ne!(shape_key(&with), shape_key(&without));
    }

    #[test]
    fn contested_short_names_fall_back_to_qualified_ones() {
        let shapes = [
            Unnamed { title: None, candidates: vec!["Type", "FooType"], pointer: "/a" },
            Unnamed { title: None, candidates: vec!["Type", "BarType"], pointer: "/b" },
            Unnamed { title: None, candidates: vec!["Usage", "BazUsage"], pointer: "/c" },
        ];
        let names = assign_names(&BTreeMap::new(), &shapes);
        assert_eq!(names, Ok(vec!["FooType".to_owned(), "BarType".to_owned(), "Usage".to_owned()]));
    }

    #[test]
    fn a_name_taken_by_a_component_gets_a_number() {
        let taken = BTreeMap::from([("Foo".to_owned(), "#/components/schemas/Foo".to_owned()), ("Foo2".to_owned(), "x".to_owned())]);
        let shapes = [Unnamed { title: None, candidates: vec!["Foo"], pointer: "/paths/x" }];
        assert_eq!(assign_names(&taken, &shapes), Ok(vec!["Foo3".to_owned()]));
    }
}
