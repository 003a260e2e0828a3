//! The type check closing lowering: every parameter, form part, error body and stream gets what
//! its emitter needs from its type, and a check proves it, so that no generated client reaches
//! rustc to be refused. Like the naming check, one run reports every problem with its pointer.

use crate::error::Error;
use crate::ir::{Api, BodyKind, FormFieldKind, ModelKind, Operation, ParamEncoding, SuccessBody, TypeRef};

/// The type an alias stands for, through any chain of aliases.
pub(crate) fn resolve<'a>(api: &'a Api, mut ty: &'a TypeRef) -> &'a TypeRef {
    // An alias cycle cannot be written as Rust either; the bound only keeps this loop finite.
    for _ in 0..=api.models.len() {
        match ty {
            TypeRef::Model(id) => match &api.models[*id].kind {
                ModelKind::Alias(inner) => ty = inner,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

/// Whether the type has its own text as a parameter (the runtime's `ParamValue`): strings,
/// numbers, booleans, dates and string enums.
pub(crate) fn is_text(api: &Api, ty: &TypeRef) -> bool {
    match resolve(api, ty) {
        TypeRef::String | TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::DateTime | TypeRef::Date => true,
        TypeRef::Model(id) => matches!(api.models[*id].kind, ModelKind::Enum(_)),
        _ => false,
    }
}

/// The items of a list type, through aliases.
pub(crate) fn list_items<'a>(api: &'a Api, ty: &'a TypeRef) -> Option<&'a TypeRef> {
    match resolve(api, ty) {
        TypeRef::Array(items) => Some(items),
        _ => None,
    }
}

/// Whether `Default` can be derived for a value of the type: models (enums, unions, structs with
/// required fields) may have none, everything else has one.
pub(crate) fn has_natural_default(ty: &TypeRef) -> bool {
    !matches!(ty, TypeRef::Model(_))
}

/// The plainest encoding the parameter's type allows.
fn encoding(api: &Api, ty: &TypeRef) -> ParamEncoding {
    if is_text(api, ty) {
        ParamEncoding::Text
    } else if list_items(api, ty).is_some_and(|items| is_text(api, items)) {
        ParamEncoding::List
    } else {
        ParamEncoding::Structured
    }
}

/// Gives every parameter and form part the plainest encoding its type allows, and lets error
/// statuses whose bodies are one Rust type (two aliases of free JSON) share one `ErrorBody`
/// variant, which a `From` conversion per variant needs.
pub(super) fn fit(api: &mut Api) {
    let encodings: Vec<Vec<ParamEncoding>> =
        api.operations.iter().map(|op| op.params.iter().map(|p| encoding(api, &p.ty)).collect()).collect();
    let text_parts: Vec<Vec<bool>> = api.operations.iter().map(|op| form_parts(op).map(|ty| ty.is_some_and(|ty| is_text(api, ty))).collect()).collect();
    for ((op, encodings), text_parts) in api.operations.iter_mut().zip(encodings).zip(text_parts) {
        for (param, encoding) in op.params.iter_mut().zip(encodings) {
            param.encoding = encoding;
        }
        if let Some(BodyKind::Form(form)) = op.body.as_mut().map(|b| &mut b.kind) {
            for (field, text) in form.fields.iter_mut().zip(text_parts) {
                field.kind = match std::mem::replace(&mut field.kind, FormFieldKind::File) {
                    FormFieldKind::Json(ty) | FormFieldKind::Text(ty) if text => FormFieldKind::Text(ty),
                    FormFieldKind::Json(ty) | FormFieldKind::Text(ty) => FormFieldKind::Json(ty),
                    FormFieldKind::File => FormFieldKind::File,
                };
            }
        }
    }
    merge_error_bodies(api);
}

/// The type of each part of an operation's form body, `None` for a file.
fn form_parts(op: &Operation) -> impl Iterator<Item = Option<&TypeRef>> {
    let fields = match op.body.as_ref().map(|b| &b.kind) {
        Some(BodyKind::Form(form)) => form.fields.as_slice(),
        _ => &[],
    };
    fields.iter().map(|f| match &f.kind {
        FormFieldKind::Text(ty) | FormFieldKind::Json(ty) => Some(ty),
        FormFieldKind::File => None,
    })
}

fn merge_error_bodies(api: &mut Api) {
    let canonical: Vec<TypeRef> = api.error_bodies.iter().map(|v| resolve(api, &v.ty).clone()).collect();
    let mut keep: Vec<usize> = Vec::new();
    let mut moved: Vec<usize> = Vec::with_capacity(canonical.len());
    for (i, ty) in canonical.iter().enumerate() {
        match keep.iter().position(|&k| canonical[k] == *ty) {
            Some(slot) => moved.push(slot),
            None => {
                moved.push(keep.len());
                keep.push(i);
            }
        }
    }
    if keep.len() == canonical.len() {
        return;
    }
    // The first variant of each type stays; a `From` conversion of an alias is one of its type.
    let bodies = std::mem::take(&mut api.error_bodies);
    api.error_bodies = keep.iter().map(|&k| bodies[k].clone()).collect();
    for op in &mut api.operations {
        for error in &mut op.errors {
            error.body = error.body.map(|b| moved[b]);
        }
    }
}

/// Proves that every construct has what its emitter needs, reporting every problem at once.
pub(super) fn check(api: &Api) -> Result<(), Error> {
    let mut problems = Vec::new();
    for op in &api.operations {
        check_operation(api, op, &mut problems);
    }
    for (i, variant) in api.error_bodies.iter().enumerate() {
        let rust_type = resolve(api, &variant.ty);
        if api.error_bodies[..i].iter().any(|other| resolve(api, &other.ty) == rust_type) {
            problems.push(Error::at("", format!("internal error: two `ErrorBody` variants hold the same type as `{}`", variant.name)));
        }
    }
    match Error::all(problems) {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

fn check_operation(api: &Api, op: &Operation, problems: &mut Vec<Error>) {
    let at = op.pointer.trim_start_matches('#');
    for param in &op.params {
        let fits = match param.encoding {
            ParamEncoding::Text => is_text(api, &param.ty),
            ParamEncoding::List => list_items(api, &param.ty).is_some_and(|items| is_text(api, items)),
            ParamEncoding::Structured => true,
        };
        if !fits {
            let at = param.pointer.trim_start_matches('#');
            problems.push(Error::at(at, format!("internal error: parameter `{}` is sent as {:?}, which its type does not allow", param.wire_name, param.encoding)));
        }
    }
    if let Some(BodyKind::Form(form)) = op.body.as_ref().map(|b| &b.kind) {
        for field in &form.fields {
            if matches!(&field.kind, FormFieldKind::Text(ty) if !is_text(api, ty)) {
                problems.push(Error::at(at, format!("internal error: form part `{}` is sent as text, which its type does not allow", field.wire_name)));
            }
        }
    }
    if let Some(pagination) = &op.pagination {
        let pages = match &op.success.body {
            SuccessBody::Json(ty) => list_items(api, ty) == Some(&pagination.item),
            _ => false,
        };
        if !pages {
            problems.push(Error::at(at, format!("internal error: `{}` pages through a response that is not a list of its items", pagination.fn_name)));
        }
    }
}
