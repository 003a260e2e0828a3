//! Every model the four APIs decode, mutated at every property path at every depth, once for
//! each kind of off-spec value SailPoint sends. For each operation's body types (responses and
//! requests), a body is synthesized from the schema (every property present, on the spec), and
//! for each property of each model met in it (through unions, arrays, maps and nested models;
//! each model's property once per kind), the property is mutated:
//!
//! - `null` where the spec does not allow it;
//! - a value of another JSON type;
//! - a value the enum does not list;
//! - a date-time, date or 32-bit integer the format does not allow;
//! - the property left out, where it is required;
//! - an unknown extra property beside it (JSON Schema allows one unless a schema forbids it:
//!   no deviation, kept, sent back).
//!
//! Each mutation must decode leniently, report a deviation at exactly the mutated pointer (or,
//! inside a union value the mutation makes none of its alternatives, at the union, kept whole),
//! and encode back to exactly the mutated body; strict decoding must fail with the mutated
//! pointer as the error's. The one kind of loss the README lists (an unreadable item of a body
//! that is itself an array: no model holds it to send it back) is counted, not failed.
//!
//! Every mutation runs in `cargo test` (about 22,000, in seconds).

use std::collections::{BTreeMap, BTreeSet};

use generated_client::isc::contract::Codec;
use generated_client::runtime::{InvalidValue, Repair};
use generator::ir::{Api, BodyKind, ModelId, ModelKind, StatusMatch, Struct, SuccessBody, TypeRef, Union};
use serde_json::{json, Map, Value};
use tests::workspace_root;

/// How deep optional properties are filled in; required ones always are.
const DEPTH: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Null,
    OtherType,
    Unlisted,
    BadFormat,
    Missing,
    Extra,
}

/// A place in a body where a mutation goes: a model's property, or an item or entry of a list or
/// map that is one.
#[derive(Debug, Clone)]
struct Site {
    /// The pointer's tokens.
    tokens: Vec<String>,
    /// The type of the value there.
    ty: TypeRef,
    /// Whether `null` is on the spec there.
    nullable: bool,
    /// Whether it is a required property.
    required: bool,
    /// The model and property it belongs to, for counting each once; `None` for an item.
    key: (ModelId, String),
    /// The pointer of the innermost union value it lies in, if any.
    union: Option<Vec<String>>,
    /// Whether a top-level array holds it (its loss is the README's listed exception).
    in_body_array: bool,
}

fn pointer(tokens: &[String]) -> String {
    tokens.iter().map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1"))).collect()
}

/// The alternative of `u` that values synthesized in round `round` take: of those whose body
/// can be made, the `round`th (round after round, every alternative of every union is met). A
/// value of it decodes as it: a tag says so, else it fits, all its properties present.
fn alternative(api: &Api, u: &Union, stack: &mut Vec<ModelId>, round: usize) -> Option<usize> {
    let made: Vec<usize> = (0..u.variants.len()).filter(|&i| synthesize(api, &u.variants[i].ty, stack, 0).is_some()).collect();
    made.get(round % made.len().max(1)).copied()
}

/// An on-spec value of `ty`: every property present down to [`DEPTH`], required ones always.
fn synthesize(api: &Api, ty: &TypeRef, stack: &mut Vec<ModelId>, round: usize) -> Option<Value> {
    Some(match ty {
        TypeRef::String => json!("text"),
        TypeRef::Bool => json!(true),
        TypeRef::I32 | TypeRef::I64 => json!(7),
        TypeRef::F64 => json!(1.5),
        TypeRef::DateTime => json!("2024-01-02T03:04:05Z"),
        TypeRef::Date => json!("2024-01-02"),
        TypeRef::Json | TypeRef::JsonObject => json!({"any": "thing"}),
        TypeRef::Array(items) => Value::Array(synthesize(api, items, stack, round).into_iter().collect()),
        TypeRef::Map(values) => Value::Object(synthesize(api, values, stack, round).map(|v| ("key".to_owned(), v)).into_iter().collect()),
        TypeRef::Nullable(inner) => synthesize(api, inner, stack, round).unwrap_or(Value::Null),
        TypeRef::Model(id) => {
            if stack.iter().filter(|m| *m == id).count() > 1 || stack.len() > 3 * DEPTH {
                return None;
            }
            stack.push(*id);
            let made = synthesize_model(api, *id, stack, round);
            stack.pop();
            made?
        }
    })
}

fn synthesize_model(api: &Api, id: ModelId, stack: &mut Vec<ModelId>, round: usize) -> Option<Value> {
    let model = &api.models[id];
    match &model.kind {
        ModelKind::Enum(e) => e.variants.first().map(|v| json!(v.wire)),
        ModelKind::Alias(inner) => synthesize(api, inner, stack, round),
        ModelKind::Struct(s) => {
            let mut object = Map::new();
            for field in &s.fields {
                let deep = stack.len() > DEPTH || stack.iter().filter(|m| **m == id).count() > 1;
                if !field.required && deep {
                    continue;
                }
                match synthesize(api, &field.ty, stack, round) {
                    Some(value) => {
                        object.insert(field.wire_name.clone(), value);
                    }
                    None if field.nullable => {
                        object.insert(field.wire_name.clone(), Value::Null);
                    }
                    None if field.required => return None,
                    None => {}
                }
            }
            Some(Value::Object(object))
        }
        ModelKind::Union(u) => {
            let index = alternative(api, u, stack, round)?;
            let mut value = synthesize(api, &u.variants[index].ty, stack, round)?;
            if let (Some(d), Value::Object(map)) = (&u.discriminator, &mut value) {
                let tag = d.mapping.iter().find(|(_, i)| *i == index).map(|(tag, _)| tag.clone())?;
                map.insert(d.property.clone(), json!(tag));
            }
            Some(value)
        }
    }
}

/// The places to mutate in `value`, of type `ty`, found at `tokens`.
struct Walk<'a> {
    api: &'a Api,
    sites: Vec<Site>,
    /// Each struct met, with its object's pointer, for the extra-property mutation.
    objects: Vec<(ModelId, Vec<String>, Option<Vec<String>>)>,
    stack: Vec<ModelId>,
    /// The round the body was synthesized in, which says each union's alternative.
    round: usize,
}

impl Walk<'_> {
    fn value(&mut self, ty: &TypeRef, value: &Value, tokens: &mut Vec<String>, union: &Option<Vec<String>>, in_body_array: bool, owner: Option<(ModelId, String)>) {
        match (ty, value) {
            (TypeRef::Nullable(inner), _) => self.value(inner, value, tokens, union, in_body_array, owner),
            (TypeRef::Array(items), Value::Array(values)) => {
                let in_body_array = in_body_array || tokens.is_empty();
                for (index, item) in values.iter().enumerate().take(1) {
                    tokens.push(index.to_string());
                    if let Some((model, wire)) = &owner {
                        self.site(items, false, false, (*model, format!("{wire}[]")), tokens, union, in_body_array);
                    }
                    self.value(items, item, tokens, union, in_body_array, owner.clone().map(|(m, w)| (m, format!("{w}[]"))));
                    tokens.pop();
                }
            }
            (TypeRef::Map(values), Value::Object(entries)) => {
                for (key, entry) in entries {
                    tokens.push(key.clone());
                    if let Some((model, wire)) = &owner {
                        self.site(values, false, false, (*model, format!("{wire}{{}}")), tokens, union, in_body_array);
                    }
                    self.value(values, entry, tokens, union, in_body_array, owner.clone().map(|(m, w)| (m, format!("{w}{{}}"))));
                    tokens.pop();
                }
            }
            (TypeRef::Model(id), _) => self.model(*id, value, tokens, union, in_body_array),
            _ => {}
        }
    }

    fn model(&mut self, id: ModelId, value: &Value, tokens: &mut Vec<String>, union: &Option<Vec<String>>, in_body_array: bool) {
        if self.stack.contains(&id) && self.stack.len() > 3 * DEPTH {
            return;
        }
        self.stack.push(id);
        match (&self.api.models[id].kind, value) {
            (ModelKind::Alias(inner), _) => {
                let inner = inner.clone();
                self.value(&inner, value, tokens, union, in_body_array, None);
            }
            (ModelKind::Struct(s), Value::Object(object)) => self.fields(id, s, object, tokens, union, in_body_array),
            (ModelKind::Union(u), _) => {
                let mut stack = self.stack.clone();
                if let Some(index) = alternative(self.api, u, &mut stack, self.round) {
                    let ty = u.variants[index].ty.clone();
                    let tag = u.discriminator.as_ref().map(|d| d.property.clone());
                    let here = Some(tokens.clone());
                    let before = self.sites.len();
                    self.value(&ty, value, tokens, &here, in_body_array, None);
                    // The tag names the alternative: it is the union's to read, not a property to mutate.
                    let tag_pointer = tag.map(|tag| [tokens.as_slice(), &[tag]].concat());
                    let mut index = before;
                    while index < self.sites.len() {
                        if Some(&self.sites[index].tokens) == tag_pointer.as_ref() {
                            self.sites.remove(index);
                        } else {
                            index += 1;
                        }
                    }
                }
            }
            _ => {}
        }
        self.stack.pop();
    }

    fn fields(&mut self, id: ModelId, s: &Struct, object: &Map<String, Value>, tokens: &mut Vec<String>, union: &Option<Vec<String>>, in_body_array: bool) {
        self.objects.push((id, tokens.clone(), union.clone()));
        for field in &s.fields {
            let Some(value) = object.get(&field.wire_name) else { continue };
            tokens.push(field.wire_name.clone());
            // A write-only property is never in a response, so a response may leave it out.
            self.site(&field.ty, field.nullable, field.required && !field.write_only, (id, field.wire_name.clone()), tokens, union, in_body_array);
            self.value(&field.ty, value, tokens, union, in_body_array, Some((id, field.wire_name.clone())));
            tokens.pop();
        }
    }

    #[allow(clippy::too_many_arguments, reason = "what a site is")]
    fn site(&mut self, ty: &TypeRef, nullable: bool, required: bool, key: (ModelId, String), tokens: &[String], union: &Option<Vec<String>>, in_body_array: bool) {
        let nullable = nullable || matches!(ty, TypeRef::Nullable(_) | TypeRef::Json) || self.model_nullable(ty);
        self.sites.push(Site { tokens: tokens.to_vec(), ty: ty.clone(), nullable, required, key, union: union.clone(), in_body_array });
    }

    fn model_nullable(&self, ty: &TypeRef) -> bool {
        matches!(ty, TypeRef::Model(id) if self.api.models[*id].nullable)
    }
}

/// The JSON kinds a value of `ty` may be: `b`oolean, `n`umber, `s`tring, `a`rray, `o`bject, or
/// `*` for any.
fn kinds(api: &Api, ty: &TypeRef, depth: usize, out: &mut BTreeSet<char>) {
    match ty {
        TypeRef::String | TypeRef::DateTime | TypeRef::Date => {
            out.insert('s');
        }
        TypeRef::Bool => {
            out.insert('b');
        }
        TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => {
            out.insert('n');
        }
        TypeRef::Json => {
            out.insert('*');
        }
        TypeRef::JsonObject | TypeRef::Map(_) => {
            out.insert('o');
        }
        TypeRef::Array(_) => {
            out.insert('a');
        }
        TypeRef::Nullable(inner) => kinds(api, inner, depth, out),
        TypeRef::Model(id) if depth < 8 => match &api.models[*id].kind {
            ModelKind::Struct(_) => {
                out.insert('o');
            }
            ModelKind::Enum(_) => {
                out.insert('s');
            }
            ModelKind::Alias(inner) => kinds(api, inner, depth + 1, out),
            ModelKind::Union(u) => u.variants.iter().for_each(|v| kinds(api, &v.ty, depth + 1, out)),
        },
        TypeRef::Model(_) => {
            out.insert('*');
        }
    }
}

/// The mutated value for `kind` at a site of type `ty`; `None` where the kind does not apply.
fn mutant(api: &Api, site: &Site, kind: Kind) -> Option<Option<Value>> {
    let base = base_type(api, &site.ty);
    match kind {
        Kind::Null => (!site.nullable).then_some(Some(Value::Null)),
        Kind::OtherType => {
            let mut taken = BTreeSet::new();
            kinds(api, &site.ty, 0, &mut taken);
            if taken.contains(&'*') {
                return None;
            }
            let candidates = [('b', json!(true)), ('n', json!(12345)), ('s', json!("text")), ('a', json!([])), ('o', json!({}))];
            candidates.into_iter().find(|(kind, _)| !taken.contains(kind)).map(|(_, value)| Some(value))
        }
        Kind::Unlisted => matches!(&base, TypeRef::Model(id) if matches!(api.models[*id].kind, ModelKind::Enum(_))).then(|| Some(json!("NOT_LISTED_BY_THE_SPEC"))),
        Kind::BadFormat => match base {
            TypeRef::DateTime => Some(Some(json!("not a date-time"))),
            TypeRef::Date => Some(Some(json!("not a date"))),
            TypeRef::I32 => Some(Some(json!(9_999_999_999_i64))),
            _ => None,
        },
        Kind::Missing => site.required.then_some(None),
        Kind::Extra => None,
    }
}

/// `ty` without `Nullable` and aliases.
fn base_type(api: &Api, ty: &TypeRef) -> TypeRef {
    let mut ty = ty.clone();
    for _ in 0..16 {
        ty = match ty {
            TypeRef::Nullable(inner) => *inner,
            TypeRef::Model(id) => match &api.models[id].kind {
                ModelKind::Alias(inner) => inner.clone(),
                _ => return ty,
            },
            other => return other,
        };
    }
    ty
}

/// Sets (or, for `None`, removes) the value at `tokens`.
fn mutate(body: &Value, tokens: &[String], value: Option<Value>) -> Option<Value> {
    let mut body = body.clone();
    let (last, parent) = tokens.split_last()?;
    let parent = body.pointer_mut(&pointer(parent))?;
    match (parent, value) {
        (Value::Object(map), Some(value)) => {
            map.insert(last.clone(), value);
        }
        (Value::Object(map), None) => {
            map.remove(last)?;
        }
        (Value::Array(items), Some(value)) => *items.get_mut(last.parse::<usize>().ok()?)? = value,
        _ => return None,
    }
    Some(body)
}

#[derive(Default)]
struct Tally {
    bodies: usize,
    bodies_off_spec: usize,
    models: BTreeSet<(String, ModelId)>,
    by_kind: BTreeMap<Kind, (usize, usize)>,
    kept_whole_by_union: usize,
    another_alternative: usize,
    listed_exceptions: usize,
    failures: BTreeMap<Kind, Vec<String>>,
}

/// Where a mutation's deviations are.
enum Reported<'a> {
    /// At the mutated pointer, alone (or nowhere, for an extra property).
    There,
    /// At the union value around it, kept whole as none of its alternatives: the pointer.
    KeptByUnion(&'a str),
    /// Inside the union value around it, which the mutation made (as well, or better) another
    /// of its alternatives, whose shapes the spec does not tell apart.
    AnotherAlternative,
}

/// What one mutation must show; the failure, if it does not.
fn check(codec: &Codec, mutated: &Value, site_pointer: &str, site: &Site, kind: Kind, tally: &mut Tally) -> Result<(), String> {
    let json = mutated.to_string();
    let (encoded, deviations) = codec.lenient_with_deviations(&json).map_err(|e| format!("lenient decoding failed: {e}"))?;
    let paths: Vec<&str> = deviations.iter().map(|d| d.path.as_str()).collect();
    let union_pointer = site.union.as_deref().map(pointer);
    let union = union_pointer.as_deref().unwrap_or("-");
    let reported = match kind {
        Kind::Extra if paths.is_empty() => Reported::There,
        Kind::Extra => return Err(format!("an extra property gave deviations {paths:?}")),
        _ if paths == [site_pointer] => Reported::There,
        _ if paths == [union] && matches!(deviations[0].repair, Repair::Kept(_)) => Reported::KeptByUnion(union),
        _ if site.union.is_some() && paths.iter().all(|path| path.starts_with(union)) && !paths.contains(&site_pointer) => Reported::AnotherAlternative,
        _ => return Err(format!("deviations at {paths:?}, not at `{site_pointer}`")),
    };
    if encoded != *mutated {
        let dropped_item = deviations.iter().any(|d| matches!(d.repair, Repair::DroppedItem(_)));
        if !(site.in_body_array && dropped_item) {
            return Err(format!("encoded again as {encoded}"));
        }
        tally.listed_exceptions += 1;
    }
    let expected = match reported {
        Reported::There => site_pointer,
        Reported::KeptByUnion(union) => {
            tally.kept_whole_by_union += 1;
            union
        }
        Reported::AnotherAlternative => {
            // Strict decoding agrees: it takes the value when nothing was reported, and fails
            // where a deviation was.
            let strict = codec.strict_response(&json);
            let at = strict.as_ref().err().and_then(|error| error.downcast_ref::<InvalidValue>()).map(|invalid| invalid.pointer.clone());
            match (&at, paths.is_empty()) {
                (None, true) if strict.is_ok() => {}
                (Some(at), false) if paths.contains(&at.as_str()) => {}
                _ => return Err(format!("another alternative, but strictly {at:?} while leniently {paths:?}")),
            }
            tally.another_alternative += 1;
            return Ok(());
        }
    };
    match (codec.strict_response(&json), kind) {
        (Ok(_), Kind::Extra) => Ok(()),
        (Ok(_), _) => Err("strict decoding took it".to_owned()),
        (Err(error), Kind::Extra) => Err(format!("strict decoding refused an extra property: {error}")),
        (Err(error), _) => {
            let at = error.downcast_ref::<InvalidValue>().map(|invalid| invalid.pointer.as_str());
            if at == Some(expected) { Ok(()) } else { Err(format!("strict error at {at:?}, not at `{expected}`: {error}")) }
        }
    }
}

fn run(api_name: &str, response: &dyn Fn(&str, u16) -> Option<Codec>, request: &dyn Fn(&str) -> Option<Codec>) {
    let spec = generator::load::load_path(&workspace_root().join("spec").join(api_name)).unwrap_or_else(|e| panic!("{e}")).document;
    let api = generator::lower::lower(&spec, api_name).unwrap_or_else(|e| panic!("{e}")).api;
    let mut bodies: Vec<(TypeRef, Codec)> = Vec::new();
    for op in &api.operations {
        if let SuccessBody::Json(ty) = &op.success.body {
            bodies.extend(op.success.statuses.first().and_then(|s| response(&op.id, *s)).map(|c| (ty.clone(), c)));
        }
        for error in &op.errors {
            if let (StatusMatch::Code(status), Some(index)) = (error.status, error.body) {
                bodies.extend(response(&op.id, status).map(|c| (api.error_bodies[index].ty.clone(), c)));
            }
        }
        if let Some(BodyKind::Json(ty)) = op.body.as_ref().map(|b| &b.kind) {
            bodies.extend(request(&op.id).map(|c| (ty.clone(), c)));
        }
    }
    let mut tally = Tally::default();
    let mut done: BTreeSet<((ModelId, String), Kind)> = BTreeSet::new();
    let mut seen_types: BTreeSet<String> = BTreeSet::new();
    let rounds = api.models.iter().filter_map(|m| if let ModelKind::Union(u) = &m.kind { Some(u.variants.len()) } else { None }).max().unwrap_or(1);
    let mut made: BTreeSet<String> = BTreeSet::new();
    let rounds_of = bodies.iter().filter(|(ty, _)| seen_types.insert(format!("{ty:?}"))).flat_map(|(ty, codec)| (0..rounds).map(move |round| (ty, codec, round)));
    for (ty, codec, round) in rounds_of.collect::<Vec<_>>() {
        let Some(body) = synthesize(&api, ty, &mut Vec::new(), round) else { continue };
        if !made.insert(format!("{ty:?} {body}")) {
            continue;
        }
        tally.bodies += 1;
        let base = body.to_string();
        let clean = codec.strict_response(&base).is_ok() && codec.lenient_with_deviations(&base).is_ok_and(|(again, found)| found.is_empty() && again == body);
        if !clean {
            tally.bodies_off_spec += 1;
            continue;
        }
        let mut walk = Walk { api: &api, sites: Vec::new(), objects: Vec::new(), stack: Vec::new(), round };
        walk.value(ty, &body, &mut Vec::new(), &None, false, None);
        let mut mutations: Vec<(Site, Kind, Value)> = Vec::new();
        for site in &walk.sites {
            tally.models.insert((api.models[site.key.0].name.clone(), site.key.0));
            for kind in [Kind::Null, Kind::OtherType, Kind::Unlisted, Kind::BadFormat, Kind::Missing] {
                let Some(value) = mutant(&api, site, kind) else { continue };
                if !done.insert((site.key.clone(), kind)) {
                    continue;
                }
                if let Some(mutated) = mutate(&body, &site.tokens, value) {
                    mutations.push((site.clone(), kind, mutated));
                }
            }
        }
        for (id, tokens, union) in &walk.objects {
            if !done.insert(((*id, String::new()), Kind::Extra)) {
                continue;
            }
            let extra = [tokens.as_slice(), &["unlistedByTheSpec".to_owned()]].concat();
            let site = Site { tokens: extra, ty: TypeRef::Json, nullable: true, required: false, key: (*id, String::new()), union: union.clone(), in_body_array: false };
            if let Some(mutated) = mutate(&body, &site.tokens, Some(json!({"kept": true}))) {
                mutations.push((site, Kind::Extra, mutated));
            }
        }
        for (site, kind, mutated) in mutations {
            let site_pointer = pointer(&site.tokens);
            let entry = tally.by_kind.entry(kind).or_default();
            entry.0 += 1;
            match check(codec, &mutated, &site_pointer, &site, kind, &mut tally) {
                Ok(()) => tally.by_kind.entry(kind).or_default().1 += 1,
                Err(why) => tally.failures.entry(kind).or_default().push(format!("{} `{site_pointer}` in {ty:?}: {why}", api.models[site.key.0].name)),
            }
        }
    }
    let failed: usize = tally.failures.values().map(Vec::len).sum();
    println!(
        "mutations {api_name}: {} bodies ({} off the spec as synthesized, skipped), {} of {} object models mutated, {} mutations; by kind (run, passed): {:?}; kept whole by their union: {}; another alternative of their union: {}; listed exceptions: {}; failed: {failed}",
        tally.bodies,
        tally.bodies_off_spec,
        tally.models.len(),
        api.models.iter().filter(|m| matches!(m.kind, ModelKind::Struct(_))).count(),
        tally.by_kind.values().map(|(run, _)| run).sum::<usize>(),
        tally.by_kind,
        tally.kept_whole_by_union,
        tally.another_alternative,
        tally.listed_exceptions,
    );
    for (kind, failures) in &tally.failures {
        println!("  {kind:?}: {} failed, e.g.:", failures.len());
        for failure in failures.iter().take(8) {
            println!("    {failure}");
        }
    }
    assert_eq!(failed, 0, "{failed} mutations of {api_name} failed");
}

macro_rules! mutation_test {
    ($test:ident, $api:ident) => {
        #[test]
        fn $test() {
            use generated_client::$api::contract::{request_codec, response_codec};
            run(stringify!($api), &response_codec, &request_codec);
        }
    };
}

mutation_test!(isc_models_keep_every_off_spec_value, isc);
mutation_test!(v3_models_keep_every_off_spec_value, v3);
mutation_test!(nerm_models_keep_every_off_spec_value, nerm);
mutation_test!(nerm_v2025_models_keep_every_off_spec_value, nerm_v2025);
