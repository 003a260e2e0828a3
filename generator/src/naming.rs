//! The one place identifiers are made: every Rust name in the output comes from here.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match",
    "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try",
    "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Replaces characters that cannot appear in an identifier, keeping word breaks.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" U{:04X} ", c as u32));
        }
    }
    out
}

/// A type name (`UpperCamelCase`) for a schema or context name.
pub fn type_name(raw: &str) -> String {
    let name = ascii_words(raw).to_upper_camel_case();
    let name = if name.is_empty() { "Unnamed".to_owned() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("N{name}") } else { name };
    if name == "Self" { "SelfType".to_owned() } else { name }
}

/// A snake-case value identifier (field, argument, function), escaped if it is a keyword.
pub fn value_name(raw: &str) -> String {
    let name = ascii_words(raw).to_snake_case();
    let name = if name.is_empty() { "value".to_owned() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("n{name}") } else { name };
    escape_keyword(name)
}

/// A module or file name for a tag or model.
pub fn module_name(raw: &str) -> String {
    let name = value_name(raw);
    match name.strip_prefix("r#") {
        Some(bare) => format!("{bare}_"),
        None => name,
    }
}

/// An enum variant name for a wire value.
pub fn variant_name(wire: &str) -> String {
    if wire.is_empty() {
        return "Empty".to_owned();
    }
    let name = ascii_words(wire).to_upper_camel_case();
    if name.is_empty() {
        return format!("Symbol{}", wire.bytes().map(|b| format!("{b:02X}")).collect::<String>());
    }
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("V{name}") } else { name };
    if name == "Self" { "SelfValue".to_owned() } else { name }
}

/// The fallback variant of an enum: `Unknown`, unless the spec already lists a value called that.
pub fn unknown_variant(variants: &[String]) -> String {
    fallback_variant("Unknown", variants)
}

/// A variant called `base`, or `base` + `Value`... when the other variants already use it.
pub fn fallback_variant(base: &str, variants: &[String]) -> String {
    let mut candidate = base.to_owned();
    while variants.contains(&candidate) {
        candidate.push_str("Value");
    }
    candidate
}

fn escape_keyword(name: String) -> String {
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The name of the options struct of an operation.
pub fn options_name(operation_id: &str) -> String {
    format!("{}Options", type_name(operation_id))
}

/// The reason phrase of a status, as a type-name word.
pub fn status_word(status: u16) -> String {
    let word = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        204 => "NoContent",
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        412 => "PreconditionFailed",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{status}"),
    };
    word.to_owned()
}

/// Makes names unique within one scope, deterministically: among the entries that share a name,
/// the one whose wire name is that name keeps it (then the first in spec order), and the others
/// take `rename(name, 2)`, `rename(name, 3)`, ... (`type` and `_type` give `r#type` and `type_`).
pub fn resolve_clashes(names: &mut [String], wires: &[&str], reserved: &[&str], rename: impl Fn(&str, usize) -> String) {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| (names[i].trim_start_matches("r#") != wires[i], i));
    let mut taken: std::collections::BTreeSet<String> = reserved.iter().map(|r| (*r).to_owned()).collect();
    for i in order {
        let base = names[i].clone();
        let mut candidate = base.clone();
        let mut n = 1;
        while taken.contains(&candidate) {
            n += 1;
            candidate = rename(&base, n);
        }
        taken.insert(candidate.clone());
        names[i] = candidate;
    }
}

/// The renaming for value identifiers: trailing underscores (`r#type` -> `type_`).
pub fn underscore_suffix(base: &str, n: usize) -> String {
    format!("{}{}", base.trim_start_matches("r#"), "_".repeat(n - 1))
}

/// The renaming for type and variant identifiers: a number (`FooBar` -> `FooBar2`).
pub fn number_suffix(base: &str, n: usize) -> String {
    format!("{base}{n}")
}

/// Checks that names are unique within one scope, naming both sources of a clash.
///
/// `entries` are `(name, source)` pairs; the error is the message, naming the name and both
/// sources, and the second source (where to point).
pub fn ensure_unique<'a>(scope: &str, entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<(), (String, &'a str)> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (name, source) in entries {
        if let Some(first) = seen.insert(name, source) {
            return Err((format!("{scope}: `{first}` and `{source}` both become `{name}`"), source));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_identifiers() {
        assert_eq!(type_name("ProvisioningPolicyDto"), "ProvisioningPolicyDto");
        assert_eq!(type_name("usageType"), "UsageType");
        assert_eq!(type_name("3rd-party"), "N3rdParty");
        assert_eq!(type_name(""), "Unnamed");
        assert_eq!(value_name("isMultiValued"), "is_multi_valued");
        assert_eq!(value_name("type"), "r#type");
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("move"), "r#move");
        assert_eq!(module_name("move"), "move_");
        assert_eq!(variant_name("CREATE_GROUP"), "CreateGroup");
        assert_eq!(variant_name("2FA"), "V2fa");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("*"), "Symbol2A");
        assert_eq!(type_name("Größe"), "GrU00f6U00dfE");
    }

    #[test]
    fn fallback_variant_avoids_listed_values() {
        assert_eq!(unknown_variant(&["Create".into()]), "Unknown");
        assert_eq!(unknown_variant(&["Unknown".into()]), "UnknownValue");
    }

    #[test]
    fn clashes_resolve_deterministically() {
        let mut names = vec!["r#type".to_owned(), "r#type".to_owned(), "a".to_owned()];
        resolve_clashes(&mut names, &["_type", "type", "a"], &[], underscore_suffix);
        assert_eq!(names, ["type_", "r#type", "a"]);
        let mut variants = vec!["FooBar".to_owned(), "FooBar".to_owned()];
        resolve_clashes(&mut variants, &["foo-bar", "foo_bar"], &[], number_suffix);
        assert_eq!(variants, ["FooBar", "FooBar2"]);
        let mut params = vec!["body".to_owned()];
        resolve_clashes(&mut params, &["body"], &["body"], underscore_suffix);
        assert_eq!(params, ["body_"]);
    }

    #[test]
    fn clashes_name_both_sources() {
        let err = ensure_unique("fields of X", [("a_b", "aB"), ("a_b", "a_b")]).err();
        assert_eq!(err, Some(("fields of X: `aB` and `a_b` both become `a_b`".to_owned(), "a_b")));
    }
}
