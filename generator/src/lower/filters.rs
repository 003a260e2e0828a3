//! Typed filters and sorters, read from the docs of an operation's `filters` and `sorters`
//! query parameters as SailPoint writes them: one `**sourceId**: *eq, in*` per field,
//! "Supported composite operators are *and, or*", and "Sorting is supported for the following
//! fields: **id, name, created**". Value types come later ([`type_values`]), from the fields'
//! types in the operation's response, once the models are lowered.

use crate::ir::{Api, Composite, FilterField, FilterOperator, FilterValue, Filters, ModelKind, Operation, Param, ParamLocation, Sorters, SuccessBody, TypeRef};
use crate::naming;

use super::typecheck::resolve;
use super::Lowerer;

/// The typed `filters` and `sorters` of an operation with parameters `params`, from their docs;
/// what the docs say that cannot be read is a warning at the description's pointer.
pub(super) fn read(l: &mut Lowerer<'_>, id: &str, params: &[Param]) -> (Option<Filters>, Option<Sorters>) {
    let found = |wire: &str| params.iter().position(|p| p.location == ParamLocation::Query && p.wire_name == wire && p.ty == TypeRef::String);
    let mut warn = |param: &Param, problems: Vec<String>| {
        let at = format!("{}/description", param.pointer.trim_start_matches('#'));
        for problem in problems {
            l.warn(&at, format!("`{}`: {problem}", param.wire_name));
        }
    };
    let filters = found("filters").and_then(|index| {
        let (fields, composites, problems) = read_filter_docs(params[index].docs.as_deref().unwrap_or_default());
        warn(&params[index], problems);
        let fields: Vec<FilterField> = fields
            .into_iter()
            .map(|(wire, operators)| FilterField { fn_name: naming::value_name(&wire), wire, value: FilterValue::Text, operators })
            .collect();
        (!fields.is_empty()).then(|| Filters { name: format!("{}Filter", naming::type_name(id)), param: index, fields, composites })
    });
    let sorters = found("sorters").and_then(|index| {
        let (fields, problems) = read_sort_docs(params[index].docs.as_deref().unwrap_or_default());
        warn(&params[index], problems);
        let fields: Vec<(String, String)> = fields.into_iter().map(|wire| (naming::value_name(&wire), wire)).collect();
        (!fields.is_empty()).then(|| Sorters { name: format!("{}Sort", naming::type_name(id)), param: index, fields })
    });
    (filters, sorters)
}

/// A field and its operators, as the docs list them.
type DocField = (String, Vec<FilterOperator>);

/// The fields and operators of a `filters` description, its composite operators, and what in
/// it could not be read.
fn read_filter_docs(text: &str) -> (Vec<DocField>, Vec<Composite>, Vec<String>) {
    let (mut fields, mut composites, mut problems): (Vec<DocField>, Vec<Composite>, Vec<String>) = Default::default();
    for (name, words) in emphasized_pairs(text) {
        if name.to_ascii_lowercase().contains("composite operator") {
            composites.extend(composite_words(words, &mut problems));
            continue;
        }
        if !is_field_path(name) {
            problems.push(format!("`{name}` is not a field name; it gets no typed filter"));
            continue;
        }
        let mut operators: Vec<FilterOperator> = Vec::new();
        for word in words.split(|c: char| c == ',' || c.is_whitespace()).filter(|w| !w.is_empty()) {
            match FilterOperator::parse(word) {
                Some(operator) => operators.push(operator),
                None => problems.push(format!("field `{name}` lists `{word}`, which is not a filter operator; it is left out")),
            }
        }
        match fields.iter_mut().find(|(wire, _)| wire == name) {
            Some((_, known)) => known.extend(operators),
            None if !operators.is_empty() => fields.push((name.to_owned(), operators)),
            None => {}
        }
    }
    for (_, operators) in &mut fields {
        operators.sort_unstable();
        operators.dedup();
    }
    if let Some(words) = sentence_after(text, "composite operators") {
        composites.extend(composite_words(words, &mut problems));
    }
    composites.sort_unstable();
    composites.dedup();
    if fields.is_empty() && text.contains("following fields") {
        problems.push("the docs list fields to filter on in a form this generator cannot read; the parameter stays a string".to_owned());
    }
    (fields, composites, problems)
}

fn composite_words(words: &str, problems: &mut Vec<String>) -> Vec<Composite> {
    let mut out = Vec::new();
    for word in words.split(|c: char| c == ',' || c.is_whitespace()).filter(|w| !w.is_empty()) {
        match Composite::parse(word) {
            Some(composite) => out.push(composite),
            None => problems.push(format!("`{word}` is not a composite operator; it is left out")),
        }
    }
    out
}

/// The fields of a `sorters` description, and what in it could not be read.
fn read_sort_docs(text: &str) -> (Vec<String>, Vec<String>) {
    let mut problems = Vec::new();
    let Some(start) = text.find("following fields") else { return (Vec::new(), problems) };
    let rest = &text[start..];
    let listed = rest.find("**").and_then(|open| rest[open + 2..].split_once("**").map(|(inside, _)| inside));
    let Some(listed) = listed else {
        problems.push("the docs list fields to sort by in a form this generator cannot read; the parameter stays a string".to_owned());
        return (Vec::new(), problems);
    };
    let mut fields: Vec<String> = Vec::new();
    for name in listed.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if !is_field_path(name) {
            problems.push(format!("`{name}` is not a field name; it gets no typed sort"));
        } else if !fields.iter().any(|f| f == name) {
            fields.push(name.to_owned());
        }
    }
    (fields, problems)
}

/// Each `**name**: *words*` of `text`, in order.
fn emphasized_pairs(text: &str) -> Vec<(&str, &str)> {
    let mut pairs = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("**") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("**") else { break };
        let name = after[..close].trim();
        rest = &after[close + 2..];
        let words = rest.trim_start_matches([' ', '\t']).strip_prefix(':').map(|r| r.trim_start_matches([' ', '\t']));
        let words = words.and_then(|w| w.strip_prefix('*')).filter(|w| !w.starts_with('*'));
        if let Some((words, _)) = words.and_then(|w| w.split_once('*')) {
            pairs.push((name, words));
        }
    }
    pairs
}

/// The `*words*` after `phrase` (in any case) on the same line of `text`, when there are.
fn sentence_after<'t>(text: &'t str, phrase: &str) -> Option<&'t str> {
    let start = text.to_ascii_lowercase().find(phrase)? + phrase.len();
    // Past the closing `**` of a phrase in bold (`**Supported composite operators**: *and*`).
    let line = text[start..].lines().next()?.trim_start_matches('*');
    let open = line.find('*')?;
    let words = line[open..].trim_start_matches('*');
    words.split_once('*').map(|(words, _)| words).filter(|w| !w.trim().is_empty())
}

/// A field name of the filter syntax: identifiers joined by dots (`identity.name`).
fn is_field_path(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|part| part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// Types each filter field's values from the field's type in its operation's response (the item
/// of a list), following nested fields (`identity.name`); a field the response does not show,
/// or of a type the filter syntax cannot compare, takes strings.
pub(super) fn type_values(api: &mut Api) {
    let typed: Vec<Vec<FilterValue>> = api
        .operations
        .iter()
        .map(|op| {
            let fields = op.filters.as_ref().map_or(&[][..], |f| &f.fields);
            let root = response_item(op);
            fields.iter().map(|field| root.map_or(FilterValue::Text, |root| value_type(api, root, &field.wire))).collect()
        })
        .collect();
    for (op, values) in api.operations.iter_mut().zip(typed) {
        if let Some(filters) = &mut op.filters {
            for (field, value) in filters.fields.iter_mut().zip(values) {
                field.value = value;
            }
        }
    }
}

fn response_item(op: &Operation) -> Option<&TypeRef> {
    match &op.success.body {
        SuccessBody::Json(TypeRef::Array(item)) => Some(item),
        SuccessBody::Json(ty) => Some(ty),
        _ => None,
    }
}

fn value_type(api: &Api, root: &TypeRef, path: &str) -> FilterValue {
    let mut ty = root;
    for segment in path.split('.') {
        let field = match compared(api, ty) {
            TypeRef::Model(id) => match &api.models[*id].kind {
                ModelKind::Struct(s) => s.fields.iter().find(|f| f.wire_name == segment),
                _ => None,
            },
            _ => None,
        };
        let Some(field) = field else { return FilterValue::Text };
        ty = &field.ty;
    }
    match compared(api, ty) {
        TypeRef::Bool => FilterValue::Bool,
        TypeRef::I32 | TypeRef::I64 => FilterValue::Integer,
        TypeRef::F64 => FilterValue::Number,
        TypeRef::DateTime => FilterValue::DateTime,
        TypeRef::Date => FilterValue::Date,
        TypeRef::Model(id) if matches!(api.models[*id].kind, ModelKind::Enum(_)) => FilterValue::Enum(*id),
        _ => FilterValue::Text,
    }
}

/// The type a value of `ty` compares as: the item of a list (a collection field is filtered by
/// its items), the value of a nullable, the target of an alias.
fn compared<'a>(api: &'a Api, ty: &'a TypeRef) -> &'a TypeRef {
    let mut ty = resolve(api, ty);
    while let TypeRef::Array(inner) | TypeRef::Nullable(inner) = ty {
        ty = resolve(api, inner);
    }
    ty
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_operators_and_composites_are_read_from_sailpoints_docs() {
        let text = "Filter results using the standard syntax.\n\nFiltering is supported for the following fields and operators:\n\n**id**: *eq, in*\n\n**identity.name**: *eq, in, sw*\n\n**created**: *gt, lt, ge, le*\n\n**bad field**: *eq*\n\n**name**: *eq, xx*\n\nSupported composite operators are *and, or*";
        let (fields, composites, problems) = read_filter_docs(text);
        use FilterOperator::*;
        assert_eq!(
            fields,
            vec![("id".into(), vec![Eq, In]), ("identity.name".into(), vec![Eq, Sw, In]), ("created".into(), vec![Gt, Ge, Lt, Le]), ("name".into(), vec![Eq])]
        );
        assert_eq!(composites, vec![Composite::And, Composite::Or]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("`bad field`") && problems[1].contains("`xx`"), "{problems:?}");

        let (_, composites, problems) = read_filter_docs("**Supported composite operators**: *and*\n\n**id**: *eq*");
        assert_eq!((composites, problems), (vec![Composite::And], Vec::new()));
        let (_, composites, _) = read_filter_docs("**id**: *eq*\n\nSupported composite operators: *not*\n\nThe `not` composite operator must be used in front of the field.");
        assert_eq!(composites, vec![Composite::Not]);
        let (fields, composites, problems) = read_filter_docs("Filtering is supported for the following fields and operators: id (eq)");
        assert!(fields.is_empty() && composites.is_empty());
        assert_eq!(problems.len(), 1, "a list it cannot read is a warning");
    }

    #[test]
    fn sort_fields_are_read_from_sailpoints_docs() {
        let (fields, problems) = read_sort_docs("Sort results.\n\nSorting is supported for the following fields: **name, created, owner.name, bad one**");
        assert_eq!(fields, ["name", "created", "owner.name"]);
        assert_eq!(problems.len(), 1);
        assert_eq!(read_sort_docs("Sort results using the standard syntax."), (Vec::new(), Vec::new()));
    }
}
