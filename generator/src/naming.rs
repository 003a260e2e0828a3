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

/// The variant of an enum that holds a value the spec does not list.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The variant of a union that holds a value matching no alternative.
pub const OTHER_VARIANT: &str = "Other";

/// The field of a struct that keeps the properties the spec does not list.
pub const ADDITIONAL_FIELD: &str = "additional_properties";

/// The methods of the generated `Client` and of the runtime's, which it dereferences to: each
/// API is a method of the generated `Client` too (`client.isc()`). `generator/tests/clashes.rs`
/// checks that this lists every method the runtime's `Client` defines.
pub const CLIENT_METHODS: &[&str] = &[
    "base_url_for", "build", "clone", "credential", "deref", "endpoint", "execute", "fake_tenant", "fmt", "from", "from_env", "new", "note_deprecation",
    "receive", "request", "retry_wait", "send", "send_once", "send_reading", "send_streamed", "send_with_retries", "sends_read_only", "token", "user_agent",
    "with_read_only_properties", "with_retry", "with_timeout",
];

/// The crate root's own modules (`testing` with the fake tenant), beside which the API modules are re-exported.
pub const CRATE_MODULES: &[&str] = &["generated", "runtime", "testing"];

/// Method names clippy expects to implement a standard trait (`should_implement_trait`) when
/// they take `&self`, as operations do; an operation called so is renamed.
pub const TRAIT_METHODS: &[&str] = &["as_ref", "borrow", "clone", "cmp", "deref", "eq", "hash", "index"];

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

/// One name wanted in a scope.
#[derive(Debug, Clone)]
pub struct Claim<'a> {
    /// The identifier it would like (already case-converted and escaped).
    pub wanted: String,
    /// What the spec calls it, to keep the name of the one whose identifier is its own name.
    pub wire: &'a str,
    /// Where the spec defines it; `None` for a name the generated code makes up (a local, a
    /// fallback variant), which gives way silently.
    pub pointer: Option<&'a str>,
    /// How a warning names it (`` `getX` ``, "the options of `getX`").
    pub label: String,
}

impl<'a> Claim<'a> {
    /// A name the spec gives.
    pub fn spec(wanted: String, wire: &'a str, pointer: &'a str) -> Self {
        Claim { wanted, wire, pointer: Some(pointer), label: format!("`{wire}`") }
    }

    /// A name derived from a spec item (an operation's options type, its stream), described
    /// by `label` in warnings.
    pub fn derived(wanted: String, label: String, pointer: &'a str) -> Self {
        Claim { wanted, wire: "", pointer: Some(pointer), label }
    }

    /// A name the generated code makes up.
    pub fn generated(wanted: &str) -> Self {
        Claim { wanted: wanted.to_owned(), wire: "", pointer: None, label: format!("`{wanted}`") }
    }
}

/// A spec name that had to give way, as a warning: where, and the message naming both claimants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamed {
    /// The JSON pointer of the renamed item.
    pub pointer: String,
    /// What happened, naming both sides.
    pub message: String,
}

/// Hands out the names of one scope (one Rust namespace), deterministically: `reserved` names
/// belong to code that is not generated (the runtime's methods, a struct's own fields); among
/// the spec names that become the same identifier, the one whose spec name is that identifier
/// keeps it (then the first in order) and the others take `rename(name, 2)`, `rename(name, 3)`...
/// Generated names come last and give way silently. Every spec name that gives way is reported.
pub fn allocate(scope: &str, reserved: &[&str], claims: &[Claim<'_>], rename: impl Fn(&str, usize) -> String) -> (Vec<String>, Vec<Renamed>) {
    let mut order: Vec<usize> = (0..claims.len()).collect();
    order.sort_by_key(|&i| (claims[i].pointer.is_none(), claims[i].wanted.trim_start_matches("r#") != claims[i].wire, i));
    let mut holders: BTreeMap<String, Option<usize>> = reserved.iter().map(|r| ((*r).to_owned(), None)).collect();
    let mut names = vec![String::new(); claims.len()];
    let mut renamed = Vec::new();
    for i in order {
        let claim = &claims[i];
        let candidate = first_free(&claim.wanted, |c| holders.contains_key(c), &rename);
        if let (Some(at), true) = (claim.pointer, candidate != claim.wanted) {
            let (label, wanted) = (&claim.label, &claim.wanted);
            let message = match holders.get(wanted).copied().flatten().map(|first| &claims[first]) {
                Some(Claim { pointer: Some(at), label: first, .. }) => {
                    format!("{first} ({at}) and {label} both become `{wanted}` in {scope}; {label} is called `{candidate}`")
                }
                _ => format!("{label} would be `{wanted}`, which {scope} already has; it is called `{candidate}`"),
            };
            renamed.push(Renamed { pointer: at.to_owned(), message });
        }
        holders.insert(candidate.clone(), Some(i));
        names[i] = candidate;
    }
    (names, renamed)
}

/// The first of `wanted`, `rename(wanted, 2)`, `rename(wanted, 3)`, ... that is not taken.
pub fn first_free(wanted: &str, taken: impl Fn(&str) -> bool, rename: impl Fn(&str, usize) -> String) -> String {
    let mut candidate = wanted.to_owned();
    let mut n = 1;
    while taken(&candidate) {
        n += 1;
        candidate = rename(wanted, n);
    }
    candidate
}

/// The renaming for a fallback variant, which gives way to the spec's own `Unknown` as
/// `UnknownValue` rather than `Unknown2`.
pub fn value_suffix(base: &str, n: usize) -> String {
    format!("{base}{}", "Value".repeat(n - 1))
}

/// The renaming for value identifiers: trailing underscores (`r#type` -> `type_`).
pub fn underscore_suffix(base: &str, n: usize) -> String {
    format!("{}{}", base.trim_start_matches("r#"), "_".repeat(n - 1))
}

/// The renaming for type and variant identifiers: a number (`FooBar` -> `FooBar2`).
pub fn number_suffix(base: &str, n: usize) -> String {
    format!("{base}{n}")
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

    fn names(claims: &[Claim<'_>], reserved: &[&str], rename: fn(&str, usize) -> String) -> (Vec<String>, Vec<Renamed>) {
        allocate("the test scope", reserved, claims, rename)
    }

    #[test]
    fn clashes_resolve_deterministically() {
        let (given, renamed) = names(&[Claim::spec("r#type".into(), "_type", "#/a"), Claim::spec("r#type".into(), "type", "#/b"), Claim::spec("a".into(), "a", "#/c")], &[], underscore_suffix);
        assert_eq!(given, ["type_", "r#type", "a"]);
        assert_eq!(renamed.len(), 1);
        assert_eq!(renamed[0].pointer, "#/a");
        assert_eq!(renamed[0].message, "`type` (#/b) and `_type` both become `r#type` in the test scope; `_type` is called `type_`");
        let (given, _) = names(&[Claim::spec("FooBar".into(), "foo-bar", "#/x"), Claim::spec("FooBar".into(), "foo_bar", "#/y")], &[], number_suffix);
        assert_eq!(given, ["FooBar", "FooBar2"]);
    }

    #[test]
    fn reserved_and_generated_names_give_way_as_they_should() {
        let claims = [Claim::generated("request"), Claim::spec("body".into(), "body", "#/p/0"), Claim::spec("request".into(), "request", "#/p/1")];
        let (given, renamed) = names(&claims, &["body"], underscore_suffix);
        assert_eq!(given, ["request_", "body_", "request"]);
        assert_eq!(renamed.len(), 1, "only the spec name that moved is reported");
        assert_eq!(renamed[0].message, "`body` would be `body`, which the test scope already has; it is called `body_`");
    }
}
