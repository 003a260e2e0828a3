//! Which tags use which models, so that a tag's Cargo feature compiles only what it needs.

use std::collections::BTreeSet;

use crate::ir::{Api, BodyKind, ErrorTable, FormFieldKind, ModelId, ModelKind, Operation, SuccessBody, TypeRef};

/// The models a type names directly.
fn models_in(ty: &TypeRef, out: &mut Vec<ModelId>) {
    match ty {
        TypeRef::Model(id) => out.push(*id),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => models_in(inner, out),
        _ => {}
    }
}

/// The models an operation names directly (parameters, body, success, error bodies).
fn operation_roots(api: &Api, op: &Operation) -> Vec<ModelId> {
    let mut out = Vec::new();
    for param in &op.params {
        models_in(&param.ty, &mut out);
    }
    match op.body.as_ref().map(|b| &b.kind) {
        Some(BodyKind::Json(ty)) => models_in(ty, &mut out),
        Some(BodyKind::Form(form)) => {
            for field in &form.fields {
                if let FormFieldKind::Text(ty) | FormFieldKind::Json(ty) = &field.kind {
                    models_in(ty, &mut out);
                }
            }
        }
        _ => {}
    }
    if let SuccessBody::Json(ty) = &op.success.body {
        models_in(ty, &mut out);
    }
    for error in &op.errors {
        if let Some(index) = error.body {
            models_in(&api.error_bodies[index].ty, &mut out);
        }
    }
    out
}

fn model_children(kind: &ModelKind) -> Vec<ModelId> {
    let mut out = Vec::new();
    match kind {
        ModelKind::Struct(s) => s.fields.iter().for_each(|f| models_in(&f.ty, &mut out)),
        ModelKind::Union(u) => u.variants.iter().for_each(|v| models_in(&v.ty, &mut out)),
        ModelKind::Alias(ty) => models_in(ty, &mut out),
        ModelKind::Enum(_) => {}
    }
    out
}

/// Fills `used_by` of every model and error body (empty: no operation uses it).
pub(super) fn record_usage(api: &mut Api) {
    let mut used_by: Vec<BTreeSet<String>> = vec![BTreeSet::new(); api.models.len()];
    for op in &api.operations {
        let mut stack = operation_roots(api, op);
        while let Some(id) = stack.pop() {
            if used_by[id].insert(op.module.clone()) {
                stack.extend(model_children(&api.models[id].kind));
            }
        }
        for error in &op.errors {
            if let Some(index) = error.body {
                if !api.error_bodies[index].used_by.contains(&op.module) {
                    api.error_bodies[index].used_by.push(op.module.clone());
                }
            }
        }
    }
    for (model, modules) in api.models.iter_mut().zip(used_by) {
        model.used_by = modules.into_iter().collect();
    }
    for variant in &mut api.error_bodies {
        variant.used_by.sort();
    }
}

/// Gives every operation the shared table of its error statuses, one table per distinct set,
/// numbered in operation order.
pub(super) fn share_error_tables(api: &mut Api) {
    let mut tables: Vec<ErrorTable> = Vec::new();
    for op in &mut api.operations {
        let index = match tables.iter().position(|t| t.statuses == op.errors) {
            Some(index) => index,
            None => {
                let name = format!("ERRORS_{}", tables.len());
                tables.push(ErrorTable { name, statuses: op.errors.clone(), used_by: Vec::new() });
                tables.len() - 1
            }
        };
        if !tables[index].used_by.contains(&op.module) {
            tables[index].used_by.push(op.module.clone());
        }
        op.error_table = index;
    }
    for table in &mut tables {
        table.used_by.sort();
    }
    api.error_tables = tables;
}
