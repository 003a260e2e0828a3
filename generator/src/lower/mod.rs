//! Spec -> IR: resolves references, merges identical inline shapes, names everything once.

mod bodies;
mod compose;
mod discriminate;
mod filters;
mod models;
mod recursion;
mod usage;
pub mod vocabulary;
pub mod names;
mod operations;
mod shapes;
mod typecheck;
pub mod view;

use std::collections::{BTreeMap, HashMap, VecDeque};

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::error::Error;
use crate::pointer;
use crate::ir::{Api, ErrorBodyVariant, Model, ModelId, ModelKind, Server, ServerVariable, TypeRef};
use crate::naming;
use shapes::{shape_key, NameContext, Unnamed};
pub(crate) use typecheck::has_natural_default;


/// The lowered API and the warnings raised on the way (each naming what it is about).
pub struct Lowered {
    /// The IR.
    pub api: Api,
    /// Inconsistencies the generator resolved on its own.
    pub warnings: Vec<Error>,
}

/// Lowers a whole document into the API emitted as module `module`.
pub fn lower(spec: &OpenAPI, module: &str) -> Result<Lowered, Error> {
    lower_with_names(spec, module, &BTreeMap::new())
}

/// Lowers a whole document, keeping the type names `recorded` gives component schemas.
pub fn lower_with_names(spec: &OpenAPI, module: &str, recorded: &BTreeMap<String, String>) -> Result<Lowered, Error> {
    let mut lowerer = Lowerer::new(spec, recorded)?;
    // Components first, so that an inline shape they share with an operation is named after
    // the component (stable) rather than the operation.
    lowerer.drain();
    let operations = operations::lower_all(&mut lowerer)?;
    lowerer.drain();
    if let Some(errors) = Error::all(std::mem::take(&mut lowerer.errors)) {
        return Err(errors);
    }
    let mut models = lowerer.finish_models()?;
    let titles: Vec<Option<String>> = lowerer.slots.iter().map(|slot| slot.schemas[0].schema_data.title.clone()).collect();
    lowerer.warnings.extend(discriminate::infer_discriminators(&mut models, &titles));
    let server = spec.servers.first().map(|s| Server {
        url: s.url.clone(),
        description: s.description.clone(),
        variables: s
            .variables
            .iter()
            .flatten()
            .map(|(name, v)| ServerVariable { name: name.clone(), default: v.default.clone(), description: v.description.clone() })
            .collect(),
    });
    let error_bodies = lowerer.error_bodies;
    let title = spec.info.title.clone();
    let mut api = Api { module: module.to_owned(), title, connection: None, server, models, operations, error_bodies, error_tables: Vec::new() };
    typecheck::fit(&mut api);
    filters::type_values(&mut api);
    lowerer.warnings.extend(names::name_everything(&mut api));
    names::check(&api)?;
    typecheck::check(&api)?;
    usage::record_usage(&mut api);
    usage::share_error_tables(&mut api);
    Ok(Lowered { api, warnings: lowerer.warnings })
}

/// Decides which connection each API's calls use: the first API's host is the client's main
/// connection, shared by every API on the same host; an API on another host uses the connection
/// named after the first API on that host.
pub fn assign_connections(apis: &mut [Api]) {
    // An API without a server is served relative to the base URL: host "".
    let hosts: Vec<String> = apis.iter().map(|api| api.server.as_ref().map_or_else(String::new, |s| s.origin().to_owned())).collect();
    let Some(main) = hosts.first().cloned() else { return };
    for i in 0..apis.len() {
        if hosts[i] == main {
            continue;
        }
        let first = hosts.iter().position(|h| *h == hosts[i]).unwrap_or(i);
        apis[i].connection = Some(apis[first].module.clone());
    }
}

/// A model being built: its schemas (more than one when identical inline shapes merged), the
/// contexts that name it, and, once lowered, its kind.
struct Slot {
    name: Option<String>,
    origin: String,
    pointer: String,
    contexts: Vec<NameContext>,
    schemas: Vec<Schema>,
    kind: Option<ModelKind>,
}

/// State of one lowering run.
pub(crate) struct Lowerer<'a> {
    spec: &'a OpenAPI,
    slots: Vec<Slot>,
    components: BTreeMap<String, ModelId>,
    /// Inline shape key -> model; only looked up, never iterated, so its order cannot leak.
    inline: HashMap<String, ModelId>,
    pending: VecDeque<ModelId>,
    pub(crate) warnings: Vec<Error>,
    /// Problems that stop generation, gathered so that one run reports all of them.
    errors: Vec<Error>,
    pub(crate) error_bodies: Vec<ErrorBodyVariant>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI, recorded: &BTreeMap<String, String>) -> Result<Self, Error> {
        let mut lowerer = Lowerer {
            spec,
            slots: Vec::new(),
            components: BTreeMap::new(),
            inline: HashMap::new(),
            pending: VecDeque::new(),
            warnings: Vec::new(),
            errors: Vec::new(),
            error_bodies: Vec::new(),
        };
        let Some(components) = &spec.components else { return Ok(lowerer) };
        let document = serde_json::to_value(spec).map_err(|e| Error::at("", format!("cannot read the document: {e}")))?;
        let vocabulary = vocabulary::Vocabulary::of(&document);
        let title = |schema: &ReferenceOr<Schema>| schema.as_item().and_then(|s| s.schema_data.title.clone());
        let name_of = |raw: &String, schema: &ReferenceOr<Schema>| match recorded.get(raw) {
            Some(name) => naming::type_name(name),
            None => vocabulary.type_name(raw, title(schema).as_deref()),
        };
        let mut raws: Vec<&String> = components.schemas.keys().collect();
        raws.sort();
        let wanted: Vec<String> = raws.iter().map(|raw| name_of(raw, &components.schemas[*raw])).collect();
        let (names, renamed) = names::component_names(&raws, wanted);
        lowerer.warnings.extend(renamed);
        // Slots in name order: the order inline shapes are met in, which decides their names.
        let mut named: Vec<(String, &String)> = names.into_iter().zip(raws).collect();
        named.sort();
        for (name, raw) in named {
            let at = pointer::join("/components/schemas", &[raw]);
            let schema = match &components.schemas[raw] {
                ReferenceOr::Item(schema) => schema.clone(),
                ReferenceOr::Reference { reference } => Schema {
                    schema_data: Default::default(),
                    schema_kind: openapiv3::SchemaKind::AllOf { all_of: vec![ReferenceOr::Reference { reference: reference.clone() }] },
                },
            };
            let id = lowerer.push_slot(Some(name.clone()), raw.clone(), at, NameContext::component(name), schema);
            lowerer.components.insert(raw.clone(), id);
        }
        Ok(lowerer)
    }

    fn push_slot(&mut self, name: Option<String>, origin: String, at: String, context: NameContext, schema: Schema) -> ModelId {
        self.slots.push(Slot { name, origin, pointer: at, contexts: vec![context], schemas: vec![schema], kind: None });
        let id = self.slots.len() - 1;
        self.pending.push_back(id);
        id
    }

    /// Records an inconsistency the generator resolved on its own.
    pub(crate) fn warn(&mut self, at: &str, message: String) {
        self.warnings.push(Error::at(at, message));
    }

    /// The model a `#/components/schemas/...` reference names.
    fn component(&self, reference: &str, at: &str) -> Result<ModelId, Error> {
        let name = component_name(reference, "schemas", at)?;
        self.components
            .get(&name)
            .copied()
            .ok_or_else(|| Error::at(at, format!("dangling $ref `{reference}`: no such schema")))
    }

    /// Resolves a `#/components/schemas/...` reference to its schema.
    fn component_schema(&self, id: ModelId) -> &Schema {
        &self.slots[id].schemas[0]
    }

    /// The model for an inline object or enum shape, merging identical shapes.
    fn intern(&mut self, schema: &Schema, context: &NameContext, at: &str) -> Result<ModelId, Error> {
        let json = serde_json::to_value(schema).map_err(|e| Error::at(at, format!("cannot read schema: {e}")))?;
        let key = shape_key(&json);
        if let Some(&id) = self.inline.get(&key) {
            let slot = &mut self.slots[id];
            if !slot.contexts.contains(context) {
                slot.contexts.push(context.clone());
            }
            if !slot.schemas.contains(schema) {
                slot.schemas.push(schema.clone());
                if slot.kind.take().is_some() {
                    self.pending.push_back(id);
                }
            }
            return Ok(id);
        }
        let origin = format!("Defined inline at {}.", readable_pointer(at));
        let id = self.push_slot(None, origin, at.to_owned(), context.clone(), schema.clone());
        self.inline.insert(key, id);
        Ok(id)
    }

    /// Lowers every model waiting to be lowered, including those found while lowering. A model
    /// that cannot be lowered is recorded as an error and stands in as free JSON, so that the
    /// rest is still checked.
    fn drain(&mut self) {
        while let Some(id) = self.pending.pop_front() {
            if self.slots[id].kind.is_some() {
                continue;
            }
            let kind = models::lower_kind(self, id).unwrap_or_else(|error| {
                self.errors.push(error);
                ModelKind::Alias(TypeRef::Json)
            });
            self.slots[id].kind = Some(kind);
        }
    }

    /// Records a problem that stops generation, and goes on looking for others.
    pub(crate) fn fail(&mut self, error: Error) {
        self.errors.push(error);
    }

    fn finish_models(&mut self) -> Result<Vec<Model>, Error> {
        let taken: BTreeMap<String, String> = self
            .slots
            .iter()
            .filter_map(|s| s.name.clone().map(|n| (n, format!("#{}", s.pointer))))
            .collect();
        let unnamed_ids: Vec<ModelId> = (0..self.slots.len()).filter(|&i| self.slots[i].name.is_none()).collect();
        let candidates: Vec<Vec<String>> = unnamed_ids.iter().map(|&i| candidates(&self.slots[i].contexts)).collect();
        let titles: Vec<Option<String>> = unnamed_ids
            .iter()
            .map(|&i| self.slots[i].schemas.iter().find_map(|s| s.schema_data.title.as_deref().and_then(title_name)))
            .collect();
        let pointers: Vec<String> = unnamed_ids.iter().map(|&i| format!("#{}", self.slots[i].pointer)).collect();
        let unnamed: Vec<Unnamed<'_>> = candidates
            .iter()
            .zip(&titles)
            .zip(&pointers)
            .map(|((c, t), p)| Unnamed { title: t.as_deref(), candidates: c.iter().map(String::as_str).collect(), pointer: p })
            .collect();
        let names = shapes::assign_names(&taken, &unnamed).map_err(|m| Error::at("", m))?;
        for (id, name) in unnamed_ids.into_iter().zip(names) {
            self.slots[id].name = Some(name);
        }
        let mut models = self
            .slots
            .iter()
            .map(|slot| {
                let name = slot.name.clone().ok_or_else(|| Error::at(&slot.pointer, "internal error: the schema was never named"))?;
                let schema = &slot.schemas[0];
                let data = &schema.schema_data;
                Ok(Model {
                    module: naming::module_name(&name),
                    pointer: format!("#{}", slot.pointer),
                    name,
                    origin: slot.origin.clone(),
                    docs: data.description.clone().or_else(|| data.title.clone()),
                    nullable: data.nullable,
                    deprecated: data.deprecated,
                    kind: slot.kind.clone().ok_or_else(|| Error::at(&slot.pointer, "schema was never lowered"))?,
                    used_by: Vec::new(),
                })
            })
            .collect::<Result<Vec<Model>, Error>>()?;
        for (at, message) in recursion::box_cycles(&mut models) {
            self.warn(&at, message);
        }
        Ok(models)
    }

    /// The variant of the `ErrorBody` enum for a type, adding it on first use.
    pub(crate) fn error_body(&mut self, ty: TypeRef) -> usize {
        if let Some(i) = self.error_bodies.iter().position(|v| v.ty == ty) {
            return i;
        }
        self.error_bodies.push(ErrorBodyVariant { name: String::new(), ty, used_by: Vec::new() });
        self.error_bodies.len() - 1
    }
}

/// The component a `#/components/<kind>/<name>` reference names, unescaped.
///
/// # Errors
///
/// A reference elsewhere (another file, another part of the document) is unsupported.
pub(crate) fn component_name(reference: &str, kind: &str, at: &str) -> Result<String, Error> {
    let prefix = format!("#/components/{kind}/");
    let name = reference
        .strip_prefix(&prefix)
        .ok_or_else(|| Error::at(at, format!("unsupported $ref `{reference}`: only {prefix}... is allowed here")))?;
    Ok(pointer::unescape(name))
}

/// The type name a schema's `title` gives, when the title reads as a name (`ProvisioningPolicyDto`,
/// `Provisioning Policy Dto`) rather than a sentence: as SailPoint's docs pages keep the component
/// name there, a client generated from pages names its types as one from the bundled document.
fn title_name(title: &str) -> Option<String> {
    let words: Vec<&str> = title.split_whitespace().collect();
    let name_like = !words.is_empty()
        && words.len() <= 6
        && words.iter().all(|w| w.starts_with(|c: char| c.is_ascii_uppercase()) && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    name_like.then(|| naming::type_name(title))
}

/// A shape used by several error statuses is an error body shared across them: name it so.
fn candidates(contexts: &[NameContext]) -> Vec<String> {
    let mut error_statuses: Vec<u16> = contexts.iter().filter_map(|c| c.error_status).collect();
    error_statuses.sort_unstable();
    error_statuses.dedup();
    let shared_error = error_statuses.len() > 1;
    let mut out = Vec::new();
    if shared_error {
        out.push("ErrorResponse".to_owned());
    }
    let first = &contexts[0];
    out.extend(first.short.iter().cloned());
    out.push(first.long.clone());
    out
}

/// `/paths/~1sources/get/responses/200` -> "`/sources` get › responses › 200", for docs.
fn readable_pointer(at: &str) -> String {
    let tokens: Vec<String> = pointer::tokens(at).collect();
    match tokens.split_first() {
        Some((first, rest)) if first == "paths" && !rest.is_empty() => {
            format!("`{}` {}", rest[0], rest[1..].join(" › "))
        }
        _ => format!("`{}`", tokens.join(" › ")),
    }
}
