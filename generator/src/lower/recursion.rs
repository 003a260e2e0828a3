//! Recursive types: a struct or union that contains itself without a `Vec` or map in between
//! would have infinite size, so exactly those edges are boxed.

use crate::ir::{Model, ModelId, ModelKind, TypeRef};

/// The model a type holds inline (not behind a `Vec` or map), if any.
fn inline_model(ty: &TypeRef) -> Option<ModelId> {
    match ty {
        TypeRef::Model(id) => Some(*id),
        _ => None,
    }
}

/// Models a model holds inline, through fields, union payloads and aliases.
fn inline_children(model: &Model) -> Vec<ModelId> {
    match &model.kind {
        ModelKind::Struct(s) => s.fields.iter().filter_map(|f| inline_model(&f.ty)).collect(),
        ModelKind::Union(u) => u.variants.iter().filter_map(|v| inline_model(&v.ty)).collect(),
        ModelKind::Alias(ty) => inline_model(ty).into_iter().collect(),
        ModelKind::Enum(_) => Vec::new(),
    }
}

/// Whether `from` reaches `to` through inline edges.
fn reaches(children: &[Vec<ModelId>], from: ModelId, to: ModelId) -> bool {
    let mut seen = vec![false; children.len()];
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        stack.extend(children[id].iter().copied());
    }
    false
}

/// Marks as boxed every inline edge that closes a cycle, and every struct or union payload of a
/// union, so that a union is as small as its smallest alternative needs.
///
/// Returns, as warnings (the property's pointer and why), the required properties read as
/// optional because every value of their type would contain itself.
pub(super) fn box_cycles(models: &mut [Model]) -> Vec<(String, String)> {
    let children: Vec<Vec<ModelId>> = models.iter().map(inline_children).collect();
    let composite: Vec<bool> = models.iter().map(|m| matches!(m.kind, ModelKind::Struct(_) | ModelKind::Union(_))).collect();
    for (id, model) in models.iter_mut().enumerate() {
        match &mut model.kind {
            ModelKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = inline_model(&field.ty).is_some_and(|child| reaches(&children, child, id));
                }
            }
            ModelKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.boxed = inline_model(&variant.ty).is_some_and(|child| composite[child] || reaches(&children, child, id));
                }
            }
            ModelKind::Alias(_) | ModelKind::Enum(_) => {}
        }
    }
    relax_uninhabited(models)
}

/// Models a value of a model must hold: through required, non-nullable fields of structs the
/// client both reads and sends, and aliases.
fn forced_children(model: &Model) -> Vec<ModelId> {
    match &model.kind {
        ModelKind::Struct(s) => s.fields.iter().filter(|f| is_forced(f)).filter_map(|f| inline_model(&f.ty)).collect(),
        ModelKind::Alias(ty) => inline_model(ty).into_iter().collect(),
        ModelKind::Union(_) | ModelKind::Enum(_) => Vec::new(),
    }
}

fn is_forced(field: &crate::ir::Field) -> bool {
    field.required && !field.nullable && !field.read_only && !field.write_only
}

/// A required property whose type must, through required properties, hold itself again admits no
/// finite JSON value: no response can have it, and no value of the type could be built. Such a
/// property is read as optional instead, which every value the spec's author can have meant is.
fn relax_uninhabited(models: &mut [Model]) -> Vec<(String, String)> {
    let forced: Vec<Vec<ModelId>> = models.iter().map(forced_children).collect();
    let mut warnings = Vec::new();
    for (id, model) in models.iter_mut().enumerate() {
        let ModelKind::Struct(s) = &mut model.kind else { continue };
        for field in &mut s.fields {
            let cycles = field.boxed && is_forced(field) && inline_model(&field.ty).is_some_and(|child| reaches(&forced, child, id));
            if cycles {
                field.required = false;
                let at = crate::pointer::join(model.pointer.trim_start_matches('#'), &["properties", &field.wire_name]);
                warnings.push((at, format!("`{}` is required and holds its own type again through required properties, which no finite value can; it is read as optional", field.wire_name)));
            }
        }
    }
    warnings
}
