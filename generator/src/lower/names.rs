//! The naming phase: every identifier the emitted code declares or calls, allocated once per
//! Rust namespace and stored in the IR. Earlier steps only say which name each item wants; here
//! clashes are resolved (see [`naming::allocate`]) and each spec name that gives way is a
//! warning naming both JSON pointers. Emitters print these names and make none.

use std::collections::BTreeMap;

use crate::error::Error;
use crate::ir::{Api, BodyKind, Locals, Model, ModelKind, Operation, TypeRef};
use crate::naming::{self, allocate, number_suffix, underscore_suffix, Claim, Renamed};
use crate::pointer;

/// The inherent methods of a tag handle that are not operations.
const HANDLE_METHODS: &[&str] = &["new"];

/// The API modules, which are also methods of the runtime's `Client` and modules of the crate
/// root: `--api send` gives `send_`, with a warning.
pub fn api_modules(wanted: &[String]) -> (Vec<String>, Vec<Error>) {
    let claims: Vec<Claim<'_>> = wanted.iter().map(|w| Claim::spec(naming::module_name(w), w, "")).collect();
    let reserved: Vec<&str> = naming::CLIENT_METHODS.iter().chain(naming::CRATE_MODULES).copied().collect();
    let (names, renamed) = allocate("the API modules (methods of `Client`)", &reserved, &claims, underscore_suffix);
    (names, renamed.into_iter().map(|r| Error::at("", r.message)).collect())
}

/// The associated functions a struct model has besides its accessors, and the methods of the
/// traits every model implements, which an accessor of the same name would shadow in a
/// caller's `value.clone()`.
const STRUCT_FUNCTIONS: &[&str] = &["new", "clone", "clone_from", "eq", "ne", "fmt", "default", "serialize", "deserialize", "to_owned", "clone_into", "into", "try_into", "from", "try_from", "borrow", "borrow_mut", "type_id"];

/// The type names of component schemas: `Selector` keeps its name and `selector` beside it
/// becomes `Selector2`, with a warning, since users cannot edit the documents they are given.
pub(super) fn component_names(raws: &[&String], wanted: Vec<String>) -> (Vec<String>, Vec<Error>) {
    let pointers: Vec<String> = raws.iter().map(|raw| format!("#{}", pointer::join("/components/schemas", &[raw]))).collect();
    let claims: Vec<Claim<'_>> = wanted.into_iter().zip(raws).zip(&pointers).map(|((w, raw), at)| Claim::spec(w, raw, at)).collect();
    let (names, renamed) = allocate("the component schemas", &[], &claims, number_suffix);
    (names, warnings(renamed))
}

/// Allocates every remaining name of a lowered API; returns the warnings.
pub(super) fn name_everything(api: &mut Api) -> Vec<Error> {
    let mut renamed = Vec::new();
    name_model_files(&mut api.models, &mut renamed);
    for model in &mut api.models {
        name_model_members(model, &mut renamed);
    }
    name_union_variants(&mut api.models, &mut renamed);
    name_error_bodies(api);
    name_tags(&mut api.operations, &mut renamed);
    for op in &mut api.operations {
        name_operation_values(op, &mut renamed);
        name_filter_functions(op, &mut renamed);
    }
    api.operations.sort_by(|a, b| (&a.module, &a.fn_name).cmp(&(&b.module, &b.fn_name)));
    warnings(renamed)
}

fn warnings(renamed: Vec<Renamed>) -> Vec<Error> {
    renamed.into_iter().map(|r| Error::at(r.pointer.trim_start_matches('#'), r.message)).collect()
}

/// The `models` module holds each model's type and the file module it lives in.
fn name_model_files(models: &mut [Model], renamed: &mut Vec<Renamed>) {
    let origins: Vec<String> = models.iter().map(|m| m.name.clone()).collect();
    let mut claims: Vec<Claim<'_>> = models.iter().zip(&origins).map(|(m, name)| Claim::spec(m.name.clone(), name, &m.pointer)).collect();
    claims.extend(models.iter().zip(&origins).map(|(m, name)| Claim::spec(naming::module_name(&m.name), name, &m.pointer)));
    let (names, moved) = allocate("the `models` module", &["models"], &claims, underscore_suffix);
    renamed.extend(moved);
    let (types, files) = names.split_at(models.len());
    for ((model, ty), file) in models.iter_mut().zip(types).zip(files) {
        model.name.clone_from(ty);
        model.module.clone_from(file);
    }
}

/// Fields and the map of unlisted properties; the accessors beside `new`; enum
/// variants and the fallback for unlisted values.
fn name_model_members(model: &mut Model, renamed: &mut Vec<Renamed>) {
    let scope = format!("`{}`", model.name);
    match &mut model.kind {
        ModelKind::Struct(s) => {
            let pointers: Vec<String> = s.fields.iter().map(|f| format!("{}/properties/{}", model.pointer, pointer::escape(&f.wire_name))).collect();
            let claims = s.fields.iter().zip(&pointers).map(|(f, at)| Claim::spec(f.name.clone(), &f.wire_name, at)).collect();
            let (names, additional) = with_own(&format!("the fields of {scope}"), claims, (naming::ADDITIONAL_FIELD, underscore_suffix), underscore_suffix, renamed);
            s.additional = additional;
            for (field, name) in s.fields.iter_mut().zip(names) {
                field.name = name;
            }
            let functions: Vec<String> = s.fields.iter().map(|f| f.name.clone()).collect();
            let claims: Vec<Claim<'_>> = functions.iter().map(|f| Claim::generated(f)).collect();
            let (names, _) = allocate(&format!("the functions of {scope}"), STRUCT_FUNCTIONS, &claims, underscore_suffix);
            for (field, name) in s.fields.iter_mut().zip(names) {
                field.accessor = name;
            }
        }
        ModelKind::Enum(e) => {
            let pointer = format!("{}/enum", model.pointer);
            let claims = e.variants.iter().map(|v| Claim::spec(v.name.clone(), &v.wire, &pointer)).collect();
            let (names, unknown) = with_own(&format!("the variants of {scope}"), claims, (naming::UNKNOWN_VARIANT, naming::value_suffix), number_suffix, renamed);
            e.unknown_variant = unknown;
            for (variant, name) in e.variants.iter_mut().zip(names) {
                variant.name = name;
            }
        }
        ModelKind::Union(_) | ModelKind::Alias(_) => {}
    }
}

/// A renaming rule.
type Rename = fn(&str, usize) -> String;

/// The spec's members of a scope, then the one member the generated code adds to it (the map
/// of unlisted properties, the fallback variant) with its own renaming rule, clear of them.
fn with_own(scope: &str, claims: Vec<Claim<'_>>, (own, own_rename): (&str, Rename), rename: Rename, renamed: &mut Vec<Renamed>) -> (Vec<String>, String) {
    let (names, moved) = allocate(scope, &[], &claims, rename);
    renamed.extend(moved);
    let own = naming::first_free(own, |c| names.iter().any(|n| n == c), own_rename);
    (names, own)
}

/// Union variants are named after their payload types, so they wait for every model's name.
fn name_union_variants(models: &mut [Model], renamed: &mut Vec<Renamed>) {
    let type_names: Vec<String> = models.iter().map(|m| m.name.clone()).collect();
    for model in models.iter_mut() {
        let ModelKind::Union(union) = &mut model.kind else { continue };
        let words: Vec<String> = union.variants.iter().map(|v| type_word(&type_names, &v.ty)).collect();
        let pointers: Vec<String> = (0..words.len()).map(|i| format!("{}/oneOf/{i}", model.pointer)).collect();
        let claims = words.iter().zip(&pointers).map(|(w, at)| Claim::spec(w.clone(), w, at)).collect();
        let (names, other) = with_own(&format!("the variants of `{}`", model.name), claims, (naming::OTHER_VARIANT, naming::value_suffix), number_suffix, renamed);
        union.other_variant = other;
        for (variant, name) in union.variants.iter_mut().zip(names) {
            variant.name = name;
        }
    }
}

/// `ErrorBody` variants: a model's name, or a word for the shape (`Text`, `StringList`, `Json`).
fn name_error_bodies(api: &mut Api) {
    let type_names: Vec<String> = api.models.iter().map(|m| m.name.clone()).collect();
    let word = |ty: &TypeRef| if *ty == TypeRef::String { "Text".to_owned() } else { type_word(&type_names, ty) };
    let words: Vec<String> = api.error_bodies.iter().map(|v| word(&v.ty)).collect();
    let claims: Vec<Claim<'_>> = words.iter().map(|w| Claim::generated(w)).collect();
    let (names, _) = allocate("the variants of `ErrorBody`", &[], &claims, number_suffix);
    for (variant, name) in api.error_bodies.iter_mut().zip(names) {
        variant.name = name;
    }
}

/// A type-name word for a payload type.
fn type_word(names: &[String], ty: &TypeRef) -> String {
    match ty {
        TypeRef::Model(id) => names[*id].clone(),
        TypeRef::String => "String".to_owned(),
        TypeRef::Bool => "Bool".to_owned(),
        TypeRef::I32 | TypeRef::I64 => "Integer".to_owned(),
        TypeRef::F64 => "Number".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::Json => "Json".to_owned(),
        TypeRef::JsonObject => "Object".to_owned(),
        TypeRef::Array(items) => format!("{}List", type_word(names, items)),
        TypeRef::Map(values) => format!("{}Map", type_word(names, values)),
        TypeRef::Nullable(inner) => format!("Nullable{}", type_word(names, inner)),
    }
}

/// Tags become modules of `apis` and methods of the API handle; each has a handle type, and
/// operations have options and form types, all re-exported from `apis`: one scope for them all.
/// Then each handle's methods: the operations and their streams.
fn name_tags(operations: &mut [Operation], renamed: &mut Vec<Renamed>) {
    let mut tags: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, op) in operations.iter().enumerate() {
        tags.entry(op.tag.clone()).or_default().push(i);
    }
    let tag_pointers: Vec<String> = tags.values().map(|ops| format!("{}/tags/0", operations[ops[0]].pointer)).collect();
    let mut claims: Vec<Claim<'_>> = tags.keys().zip(&tag_pointers).map(|(tag, at)| Claim::spec(naming::module_name(tag), tag, at)).collect();
    let handles: Vec<String> = tags.keys().map(|tag| format!("{}Api", naming::type_name(&naming::module_name(tag)))).collect();
    let handle_labels: Vec<String> = tags.keys().map(|tag| format!("the handle of tag `{tag}`")).collect();
    claims.extend(handles.iter().zip(handle_labels).zip(&tag_pointers).map(|((handle, label), at)| Claim::derived(handle.clone(), label, at)));
    let mut owners: Vec<(usize, Kind)> = Vec::new();
    for (i, op) in operations.iter().enumerate() {
        if let Some(options) = &op.options_name {
            claims.push(Claim::derived(options.clone(), format!("the options of `{}`", op.id), &op.pointer));
            owners.push((i, Kind::Options));
        }
        if let Some(BodyKind::Form(form)) = op.body.as_ref().map(|b| &b.kind) {
            claims.push(Claim::derived(form.name.clone(), format!("the form of `{}`", op.id), &op.pointer));
            owners.push((i, Kind::Form));
        }
        if let Some(filters) = &op.filters {
            claims.push(Claim::derived(filters.name.clone(), format!("the filters of `{}`", op.id), &op.pointer));
            owners.push((i, Kind::Filters));
        }
        if let Some(sorters) = &op.sorters {
            claims.push(Claim::derived(sorters.name.clone(), format!("the sort order of `{}`", op.id), &op.pointer));
            owners.push((i, Kind::Sorters));
        }
    }
    let reserved: Vec<&str> = ["apis", "new"].iter().chain(naming::TRAIT_METHODS).copied().collect();
    let (names, moved) = allocate("the `apis` module (and the methods of `Api`)", &reserved, &claims, |base, n| match base.chars().next() {
        Some(c) if c.is_ascii_uppercase() => number_suffix(base, n),
        _ => underscore_suffix(base, n),
    });
    renamed.extend(moved);
    let (modules, rest) = names.split_at(tags.len());
    let (handle_names, types) = rest.split_at(tags.len());
    for ((ops, module), handle) in tags.values().zip(modules).zip(handle_names) {
        for &i in ops {
            operations[i].module.clone_from(module);
            operations[i].handle.clone_from(handle);
        }
    }
    for ((i, kind), name) in owners.into_iter().zip(types) {
        match (kind, operations[i].body.as_mut().map(|b| &mut b.kind)) {
            (Kind::Options, _) => operations[i].options_name = Some(name.clone()),
            (Kind::Filters, _) => {
                if let Some(filters) = &mut operations[i].filters {
                    filters.name.clone_from(name);
                }
            }
            (Kind::Sorters, _) => {
                if let Some(sorters) = &mut operations[i].sorters {
                    sorters.name.clone_from(name);
                }
            }
            (Kind::Form, Some(BodyKind::Form(form))) => form.name.clone_from(name),
            (Kind::Form, _) => {}
        }
    }
    for ops in tags.values() {
        name_handle_methods(operations, ops, renamed);
    }
}

/// The functions of an operation's filter and sort types, one per field.
fn name_filter_functions(op: &mut Operation, renamed: &mut Vec<Renamed>) {
    let at = format!("{}/parameters", op.pointer);
    if let Some(filters) = &mut op.filters {
        let claims: Vec<Claim<'_>> = filters.fields.iter().map(|f| Claim::spec(f.fn_name.clone(), &f.wire, &at)).collect();
        let (names, moved) = allocate(&format!("the functions of `{}`", filters.name), &[], &claims, underscore_suffix);
        renamed.extend(moved);
        for (field, name) in filters.fields.iter_mut().zip(names) {
            field.fn_name = name;
        }
    }
    if let Some(sorters) = &mut op.sorters {
        let claims: Vec<Claim<'_>> = sorters.fields.iter().map(|(name, wire)| Claim::spec(name.clone(), wire, &at)).collect();
        let (names, moved) = allocate(&format!("the functions of `{}`", sorters.name), &[], &claims, underscore_suffix);
        renamed.extend(moved);
        for (field, name) in sorters.fields.iter_mut().zip(names) {
            field.0 = name;
        }
    }
}

/// Which type of an operation a claim in the `apis` scope is.
enum Kind {
    Options,
    Form,
    Filters,
    Sorters,
}

/// A handle's methods: its operations, then their streams, beside the handle's own `new`.
fn name_handle_methods(operations: &mut [Operation], ops: &[usize], renamed: &mut Vec<Renamed>) {
    let handle = operations[ops[0]].handle.clone();
    let mut claims: Vec<Claim<'_>> = ops.iter().map(|&i| Claim::spec(operations[i].fn_name.clone(), &operations[i].id, &operations[i].pointer)).collect();
    let streams: Vec<(usize, String)> = ops.iter().filter_map(|&i| operations[i].pagination.as_ref().map(|p| (i, p.fn_name.clone()))).collect();
    claims.extend(streams.iter().map(|(i, stream)| {
        let op = &operations[*i];
        Claim::derived(stream.clone(), format!("the stream of `{}`", op.id), &op.pointer)
    }));
    let reserved: Vec<&str> = HANDLE_METHODS.iter().chain(naming::TRAIT_METHODS).copied().collect();
    let (names, moved) = allocate(&format!("the methods of `{handle}`"), &reserved, &claims, underscore_suffix);
    renamed.extend(moved);
    let (methods, stream_names) = names.split_at(ops.len());
    let methods = methods.to_vec();
    for (&i, name) in ops.iter().zip(methods) {
        operations[i].fn_name = name;
    }
    let streams: Vec<usize> = streams.into_iter().map(|(i, _)| i).collect();
    for (&i, name) in streams.iter().zip(stream_names) {
        if let Some(pagination) = &mut operations[i].pagination {
            pagination.fn_name.clone_from(name);
        }
    }
}

/// An operation's parameters, unique among themselves (a required one is an argument, an
/// optional one a field of the options struct); then the method's value namespace: the
/// arguments, the body and options arguments, and the locals of its method and stream bodies.
fn name_operation_values(op: &mut Operation, renamed: &mut Vec<Renamed>) {
    let claims: Vec<Claim<'_>> = op.params.iter().map(|p| Claim::spec(p.name.clone(), &p.wire_name, &p.pointer)).collect();
    let (names, moved) = allocate(&format!("the parameters of `{}`", op.id), &["self"], &claims, underscore_suffix);
    renamed.extend(moved);
    for (param, name) in op.params.iter_mut().zip(names) {
        param.name = name;
    }
    let mut taken: Vec<String> = op.params.iter().filter(|p| p.required).map(|p| p.name.clone()).collect();
    taken.push("self".to_owned());
    let mut local = |wanted: &str| {
        let name = naming::first_free(wanted, |c| taken.iter().any(|t| t == c), underscore_suffix);
        taken.push(name.clone());
        name
    };
    op.locals = Locals {
        options: local("options"),
        request: local("request"),
        value: local("value"),
        item: local("item"),
        api: local("api"),
        limit: local("limit"),
        start: local("start"),
        offset: local("offset"),
        page: local("page"),
        form: local("form"),
    };
    if let Some(body) = &mut op.body {
        body.name = local("body");
    }
    if let Some(BodyKind::Form(form)) = op.body.as_mut().map(|b| &mut b.kind) {
        name_form_fields(form, &op.pointer, renamed);
    }
}

/// A form's fields and the field that keeps other parts.
fn name_form_fields(form: &mut crate::ir::Form, op_pointer: &str, renamed: &mut Vec<Renamed>) {
    let at = format!("{op_pointer}/requestBody");
    let claims = form.fields.iter().map(|f| Claim::spec(f.name.clone(), &f.wire_name, &at)).collect();
    let (names, extra) = with_own(&format!("the fields of `{}`", form.name), claims, ("extra", underscore_suffix), underscore_suffix, renamed);
    form.extra = extra;
    for (field, name) in form.fields.iter_mut().zip(names) {
        field.name = name;
    }
}

/// The check that closes the phase: every scope of the finished API, collected again from the
/// IR, holds each name once. A failure is a generator bug, reported with every duplicate at
/// once rather than emitted as code rustc would refuse.
pub fn check(api: &Api) -> Result<(), Error> {
    let mut scopes: Vec<(String, Vec<&str>)> = Vec::new();
    let models: Vec<&str> = api.models.iter().flat_map(|m| [m.name.as_str(), m.module.as_str()]).collect();
    scopes.push(("the `models` module".into(), models));
    for model in &api.models {
        let members: Vec<&str> = match &model.kind {
            ModelKind::Struct(s) => s.fields.iter().map(|f| f.name.as_str()).chain([s.additional.as_str()]).collect(),
            ModelKind::Enum(e) => e.variants.iter().map(|v| v.name.as_str()).chain([e.unknown_variant.as_str()]).collect(),
            ModelKind::Union(u) => u.variants.iter().map(|v| v.name.as_str()).chain([u.other_variant.as_str()]).collect(),
            ModelKind::Alias(_) => Vec::new(),
        };
        scopes.push((format!("the members of `{}`", model.name), members));
        if let ModelKind::Struct(s) = &model.kind {
            let functions = s.fields.iter().map(|f| f.accessor.as_str()).chain(STRUCT_FUNCTIONS.iter().copied()).collect();
            scopes.push((format!("the functions of `{}`", model.name), functions));
        }
    }
    scopes.push(("the variants of `ErrorBody`".into(), api.error_bodies.iter().map(|v| v.name.as_str()).collect()));
    let mut apis: Vec<&str> = Vec::new();
    let mut handles: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for op in &api.operations {
        let methods = handles.entry(op.handle.as_str()).or_insert_with(|| {
            apis.extend([op.module.as_str(), op.handle.as_str()]);
            HANDLE_METHODS.to_vec()
        });
        methods.push(op.fn_name.as_str());
        methods.extend(op.pagination.as_ref().map(|p| p.fn_name.as_str()));
        apis.extend(op.options_name.as_deref());
        if let Some(filters) = &op.filters {
            apis.push(filters.name.as_str());
            scopes.push((format!("the functions of `{}`", filters.name), filters.fields.iter().map(|f| f.fn_name.as_str()).collect()));
        }
        if let Some(sorters) = &op.sorters {
            apis.push(sorters.name.as_str());
            scopes.push((format!("the functions of `{}`", sorters.name), sorters.fields.iter().map(|(name, _)| name.as_str()).collect()));
        }
        if let Some(BodyKind::Form(form)) = op.body.as_ref().map(|b| &b.kind) {
            apis.push(form.name.as_str());
            let fields = form.fields.iter().map(|f| f.name.as_str()).chain([form.extra.as_str()]).collect();
            scopes.push((format!("the fields of `{}`", form.name), fields));
        }
        scopes.push((format!("the parameters of `{}`", op.id), op.params.iter().map(|p| p.name.as_str()).collect()));
        let l = &op.locals;
        let mut values: Vec<&str> = op.params.iter().filter(|p| p.required).map(|p| p.name.as_str()).collect();
        values.extend([&l.options, &l.request, &l.value, &l.item, &l.api, &l.limit, &l.start, &l.offset, &l.page, &l.form].map(String::as_str));
        values.extend(op.body.as_ref().map(|b| b.name.as_str()));
        scopes.push((format!("the method `{}`", op.fn_name), values));
    }
    // Tag modules and handles are pushed once per tag, as the `or_insert_with` above runs once.
    scopes.push(("the `apis` module".into(), apis));
    scopes.extend(handles.into_iter().map(|(handle, methods)| (format!("the methods of `{handle}`"), methods)));
    let problems: Vec<String> = scopes.iter().flat_map(|(scope, names)| duplicates(scope, names)).collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::at("", format!("internal error: names clash after naming, the generated code would not compile:\n{}", problems.join("\n"))))
    }
}

fn duplicates(scope: &str, names: &[&str]) -> Vec<String> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for name in names {
        *seen.entry(name.trim_start_matches("r#")).or_default() += 1;
    }
    seen.into_iter().filter(|(_, n)| *n > 1).map(|(name, n)| format!("  `{name}` is declared {n} times in {scope}")).collect()
}
