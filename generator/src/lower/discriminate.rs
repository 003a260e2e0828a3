//! Discriminators the spec implies but does not name.
//!
//! SailPoint's search documents are a `oneOf` of six object types with no `discriminator`, yet
//! each carries `_type`, an enum whose values (`identity`, `role`, ...) are the types' names.
//! Where the document proves such a property, unions are told apart by it rather than by
//! which alternative happens to decode first.

use heck::ToSnakeCase;

use crate::error::Error;
use crate::ir::{Discriminator, Model, ModelId, ModelKind, Struct, TypeRef};

/// Sets the discriminator of every union that names none but whose alternatives are all
/// objects with a property that tells them apart; one warning per union says which.
/// `titles[id]` is the schema title of model `id`, if it has one.
pub(super) fn infer_discriminators(models: &mut [Model], titles: &[Option<String>]) -> Vec<Error> {
    let mut warnings = Vec::new();
    for id in 0..models.len() {
        let ModelKind::Union(union) = &models[id].kind else { continue };
        if union.discriminator.is_some() || union.variants.len() < 2 {
            continue;
        }
        let alternatives: Option<Vec<(ModelId, &Struct)>> = union.variants.iter().map(|v| struct_behind(models, &v.ty)).collect();
        let Some(alternatives) = alternatives else { continue };
        let Some(found) = find(models, titles, &alternatives) else { continue };
        let mapping: Vec<String> = found.mapping.iter().map(|(value, i)| format!("`{value}` -> {}", models[alternatives[*i].0].name)).collect();
        warnings.push(Error::at(
            models[id].pointer.trim_start_matches('#'),
            format!("the spec names no discriminator; every alternative has `{}`, whose value tells them apart: {}", found.property, mapping.join(", ")),
        ));
        if let ModelKind::Union(union) = &mut models[id].kind {
            union.discriminator = Some(found);
        }
    }
    warnings
}

/// The struct model `ty` is, through aliases.
fn struct_behind<'m>(models: &'m [Model], ty: &'m TypeRef) -> Option<(ModelId, &'m Struct)> {
    let mut ty = ty;
    for _ in 0..models.len() {
        let TypeRef::Model(id) = ty else { return None };
        match &models[*id].kind {
            ModelKind::Alias(inner) => ty = inner,
            ModelKind::Struct(s) => return Some((*id, s)),
            ModelKind::Enum(_) | ModelKind::Union(_) => return None,
        }
    }
    None
}

/// The enum values property `wire` may take in `object`, if it is an enum there.
fn enum_values<'m>(models: &'m [Model], object: &'m Struct, wire: &str) -> Option<Vec<&'m str>> {
    let field = object.fields.iter().find(|f| f.wire_name == wire && !f.write_only)?;
    let mut ty = &field.ty;
    for _ in 0..models.len() {
        let TypeRef::Model(enum_id) = ty else { return None };
        match &models[*enum_id].kind {
            ModelKind::Alias(inner) => ty = inner,
            ModelKind::Enum(e) => return Some(e.variants.iter().map(|v| v.wire.as_str()).collect()),
            ModelKind::Struct(_) | ModelKind::Union(_) => return None,
        }
    }
    None
}

/// The first property (in the first alternative's order) every alternative has as an enum,
/// whose values map one to one onto the alternatives.
fn find(models: &[Model], titles: &[Option<String>], alternatives: &[(ModelId, &Struct)]) -> Option<Discriminator> {
    let (_, first) = alternatives.first()?;
    first.fields.iter().find_map(|field| {
        let values: Option<Vec<Vec<&str>>> = alternatives.iter().map(|(_, object)| enum_values(models, object, &field.wire_name)).collect();
        let values = values?;
        let indexes = by_single_values(&values).or_else(|| by_names(models, titles, alternatives, &values))?;
        Some(Discriminator { property: field.wire_name.clone(), mapping: indexes })
    })
}

/// Each alternative allows one value of its own (a `const`, or an enum of one value).
fn by_single_values(values: &[Vec<&str>]) -> Option<Vec<(String, usize)>> {
    let mut mapping: Vec<(String, usize)> = Vec::new();
    for (index, allowed) in values.iter().enumerate() {
        let [value] = allowed.as_slice() else { return None };
        if mapping.iter().any(|(taken, _)| taken == value) {
            return None;
        }
        mapping.push(((*value).to_owned(), index));
    }
    Some(mapping)
}

/// The alternatives share one enum, and each is named (or titled) after one of its values, as
/// whole leading or trailing words: `identity` -> `IdentityDocuments`, `access_profile` ->
/// `AccessProfileDocument`, `user.created` -> `UserCreatedEvent`.
fn by_names(models: &[Model], titles: &[Option<String>], alternatives: &[(ModelId, &Struct)], values: &[Vec<&str>]) -> Option<Vec<(String, usize)>> {
    let shared = &values[0];
    if values.iter().any(|v| v != shared) {
        return None;
    }
    let mut mapping: Vec<(String, usize)> = Vec::new();
    for (index, &(id, _)) in alternatives.iter().enumerate() {
        let names: Vec<Vec<String>> = std::iter::once(models[id].name.as_str()).chain(titles[id].as_deref()).map(words).collect();
        let matching: Vec<&str> = shared.iter().copied().filter(|value| names.iter().any(|name| named_after(name, value))).collect();
        let longest = matching.iter().map(|v| squash(v).len()).max()?;
        let best: Vec<&str> = matching.into_iter().filter(|v| squash(v).len() == longest).collect();
        let [value] = best.as_slice() else { return None };
        if mapping.iter().any(|(taken, _)| taken == value) {
            return None;
        }
        mapping.push(((*value).to_owned(), index));
    }
    Some(mapping)
}

/// The lower-case words of a name or title.
fn words(name: &str) -> Vec<String> {
    name.to_snake_case().split('_').filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// The value's letters and digits, lower case.
fn squash(value: &str) -> String {
    value.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// Whether the name's first or last words spell the value.
fn named_after(name: &[String], value: &str) -> bool {
    let value = squash(value);
    if value.is_empty() {
        return false;
    }
    (1..=name.len()).any(|n| name[..n].concat() == value || name[name.len() - n..].concat() == value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(name: &str, value: &str) -> bool {
        named_after(&words(name), value)
    }

    #[test]
    fn a_value_names_an_alternative_by_whole_leading_or_trailing_words() {
        assert!(spelled("IdentityDocuments", "identity"));
        assert!(spelled("AccessProfileDocuments", "accessprofile"));
        assert!(spelled("AccessProfileDocuments", "access_profile"));
        assert!(spelled("UserCreatedEvent", "user.created"));
        assert!(spelled("PaymentCard", "card"));
        assert!(!spelled("IdentityDocuments", "iden"));
        assert!(!spelled("RoleDocuments", "r"));
        assert!(!spelled("AccessProfileDocuments", "profile"));
    }
}
