//! Models -> tokens: structs with serde attributes, enums that keep unknown values, aliases.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::deserialize::{struct_deserialize, Missing};
use super::serialize::struct_serialize;
use super::types::{doc_lines, ident, is_enum, type_tokens};
use crate::ir::{Api, Enum, Field, Model, ModelKind, Struct, TypeRef, Union};

/// The items of one model file.
pub fn model(api: &Api, model: &Model) -> TokenStream {
    let name = ident(&model.name);
    let mut doc = model.docs.clone().unwrap_or_else(|| model.origin.clone());
    if model.nullable {
        doc.push_str("\n\nThe spec allows `null` wherever this type is used, so every use is an `Option`.");
    }
    // Generated code names a model wherever it is used (fields, unions, operations), so a Rust
    // deprecation would warn in every such place, and in every caller that only receives it;
    // fields and operations, which a caller can avoid, carry `#[deprecated]`.
    if model.deprecated {
        doc.push_str("\n\n**Deprecated** by the spec.");
    }
    let docs = doc_lines(&doc);
    match &model.kind {
        ModelKind::Struct(s) => struct_model(api, model, s, docs),
        ModelKind::Enum(e) => enum_model(&model.name, e, docs),
        ModelKind::Union(u) => union_model(api, &model.name, u, docs),
        ModelKind::Alias(ty) => {
            let ty = type_tokens(api, ty);
            quote! { #docs pub type #name = #ty; }
        }
    }
}

fn deprecated_attr(deprecated: bool) -> TokenStream {
    if deprecated { quote!(#[deprecated]) } else { TokenStream::new() }
}

/// How a field is typed and (de)serialized.
pub(super) enum Presence {
    /// Required, not nullable: `T`.
    Always,
    /// Required and nullable: `Option<T>`, `null` serialized.
    Nullable,
    /// Optional with a default the type's `Default` gives: `T`, `#[serde(default)]`.
    TypeDefault,
    /// Optional with another default: `T`, `#[serde(default = "...")]`.
    SpecDefault(TokenStream),
    /// Optional: `Option<T>`, left out when `None`.
    Optional,
    /// Optional and nullable: `Nullable<T>`, left out, `null` or a value, as it came.
    Tristate,
}

pub(super) fn presence(api: &Api, field: &Field) -> Presence {
    if field.write_only {
        return Presence::Optional;
    }
    if field.required {
        return if field.nullable { Presence::Nullable } else { Presence::Always };
    }
    if field.nullable {
        return Presence::Tristate;
    }
    match &field.default {
        Some(value) if is_type_default(&field.ty, value) => Presence::TypeDefault,
        Some(value) => default_expr(api, &field.ty, value).map_or(Presence::Optional, Presence::SpecDefault),
        None => Presence::Optional,
    }
}

fn is_type_default(ty: &TypeRef, value: &Value) -> bool {
    match (ty, value) {
        (TypeRef::Bool, Value::Bool(false)) => true,
        (TypeRef::String, Value::String(s)) => s.is_empty(),
        (TypeRef::I32 | TypeRef::I64, Value::Number(n)) => n.as_i64() == Some(0),
        (TypeRef::JsonObject | TypeRef::Map(_), Value::Object(o)) => o.is_empty(),
        (TypeRef::Array(_), Value::Array(a)) => a.is_empty(),
        _ => false,
    }
}

/// An expression for a spec default, when the generator can write one for this type.
fn default_expr(api: &Api, ty: &TypeRef, value: &Value) -> Option<TokenStream> {
    match (ty, value) {
        (TypeRef::Bool, Value::Bool(b)) => Some(quote!(#b)),
        (TypeRef::String, Value::String(s)) => Some(quote!(::std::string::String::from(#s))),
        (TypeRef::I32, Value::Number(n)) => n.as_i64().and_then(|v| i32::try_from(v).ok()).map(|v| quote!(#v)),
        (TypeRef::I64, Value::Number(n)) => n.as_i64().map(|v| quote!(#v)),
        (TypeRef::F64, Value::Number(n)) => n.as_f64().filter(|v| v.is_finite()).map(|v| quote!(#v)),
        (TypeRef::Model(_), Value::String(s)) if is_enum(api, ty) => {
            let ty = type_tokens(api, ty);
            Some(quote!(<#ty as crate::runtime::WireEnum>::from_wire(#s)))
        }
        _ => None,
    }
}

fn default_fn_name(field: &Field) -> proc_macro2::Ident {
    ident(&field.default_fn)
}

fn struct_model(api: &Api, model: &Model, s: &Struct, docs: TokenStream) -> TokenStream {
    let name = ident(&model.name);
    let mut default_fns = Vec::new();
    let presences: Vec<Presence> = s.fields.iter().map(|f| presence(api, f)).collect();
    let default_impl = default_impl(&name, s, &presences);
    let missing: Vec<Missing> = s.fields.iter().zip(&presences).map(|(field, presence)| match presence {
        Presence::Always => Missing::Error,
        Presence::Optional if holds_null(api, &field.ty) => Missing::Present,
        Presence::Nullable => Missing::NoneRequired,
        Presence::Optional => Missing::NoneKeepingNull,
        Presence::TypeDefault | Presence::Tristate => Missing::TypeDefault,
        Presence::SpecDefault(_) => Missing::DefaultFn(default_fn_name(field)),
    }).collect();
    let module = ident(&api.module);
    let deserialize = struct_deserialize(&quote!(crate::#module::models::#name), &name, s, &missing);
    let serialize = struct_serialize(&name, s, &presences);
    let constructor = constructor(api, &name, s, &missing);
    let patch_operation = super::patch::from_patch_operation(api, &name, s, &presences);
    let from_patch = super::patch::from_json_patch(api, &name, s, &presences);
    let fields = s.fields.iter().zip(presences).map(|(field, presence)| {
        let field_name = ident(&field.name);
        let ty = boxed(type_tokens(api, &field.ty), field.boxed);
        let mut serde_args = Vec::new();
        let wire = &field.wire_name;
        if field.name.trim_start_matches("r#") != wire {
            serde_args.push(quote!(rename = #wire));
        }
        let ty = match &presence {
            Presence::Always => ty,
            Presence::Nullable => quote!(::std::option::Option<#ty>),
            Presence::TypeDefault => {
                serde_args.push(quote!(default));
                ty
            }
            Presence::SpecDefault(expr) => {
                let fn_name = default_fn_name(field);
                let path = format!("{name}::{fn_name}");
                serde_args.push(quote!(default = #path));
                default_fns.push(quote! { fn #fn_name() -> #ty { #expr } });
                ty
            }
            Presence::Optional => quote!(::std::option::Option<#ty>),
            Presence::Tristate => quote!(crate::runtime::Nullable<#ty>),
        };
        let field_docs = doc_lines(&field_doc(field));
        let deprecated = deprecated_attr(field.deprecated);
        quote! { #field_docs #deprecated pub #field_name: #ty, }
    });
    let fields: Vec<TokenStream> = fields.collect();
    let additional = ident(&s.additional);
    let defaults = if default_fns.is_empty() {
        TokenStream::new()
    } else {
        quote! { impl #name { #(#default_fns)* } }
    };
    let derive_default = if matches!(default_impl, DefaultImpl::Derive) { quote!(Default,) } else { TokenStream::new() };
    let manual_default = match default_impl {
        DefaultImpl::Manual(tokens) => tokens,
        _ => TokenStream::new(),
    };
    quote! {
        #docs
        #[derive(Debug, Clone, #derive_default PartialEq)]
        pub struct #name {
            #(#fields)*
            /// Properties the spec does not list, kept as they came so that encoding the value
            /// again (a GET, then a PUT) loses nothing.
            pub #additional: crate::runtime::Additional,
        }
        #serialize
        #deserialize
        #constructor
        #defaults
        #manual_default
        #patch_operation
        #from_patch
    }
}

/// `new(required...)`: the required properties as arguments, every other field at its default.
fn constructor(api: &Api, name: &proc_macro2::Ident, s: &Struct, missing: &[Missing]) -> TokenStream {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for (field, missing) in s.fields.iter().zip(missing) {
        let field_name = ident(&field.name);
        match missing {
            Missing::Error => {
                let ty = boxed(type_tokens(api, &field.ty), field.boxed);
                args.push(quote!(#field_name: #ty));
                inits.push(quote!(#field_name));
            }
            Missing::NoneRequired | Missing::NoneKeepingNull | Missing::Present | Missing::TypeDefault => inits.push(quote!(#field_name: ::std::default::Default::default())),
            Missing::DefaultFn(f) => inits.push(quote!(#field_name: Self::#f())),
        }
    }
    let additional = ident(&s.additional);
    let doc = if args.is_empty() {
        " A value with every property at its default.".to_owned()
    } else {
        " A value with the required properties given and every other at its default.".to_owned()
    };
    let allow_deprecated = super::types::allow_deprecated_fields(s, "a constructor sets every field, deprecated ones included");
    let allow_many = if args.len() > 7 { quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required property")]) } else { TokenStream::new() };
    quote! {
        #allow_deprecated
        impl #name {
            #[doc = #doc]
            #allow_many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #additional: ::std::default::Default::default() }
            }
        }
    }
}

/// How a struct gets `Default`, so that `Model { name: .., ..Default::default() }` works.
enum DefaultImpl {
    /// Every field's type default is its spec default.
    Derive,
    /// Some field has another spec default: written out.
    Manual(TokenStream),
    /// A required field has no natural default (an enum or a model).
    None,
}

fn default_impl(name: &proc_macro2::Ident, s: &Struct, presences: &[Presence]) -> DefaultImpl {
    let mut has_spec_default = false;
    for (field, presence) in s.fields.iter().zip(presences) {
        match presence {
            Presence::Always if !crate::lower::has_natural_default(&field.ty) => return DefaultImpl::None,
            Presence::SpecDefault(_) => has_spec_default = true,
            _ => {}
        }
    }
    if !has_spec_default {
        return DefaultImpl::Derive;
    }
    let values = s.fields.iter().zip(presences).map(|(field, presence)| {
        let field_name = ident(&field.name);
        match presence {
            Presence::SpecDefault(_) => {
                let fn_name = default_fn_name(field);
                quote!(#field_name: Self::#fn_name(),)
            }
            _ => quote!(#field_name: ::std::default::Default::default(),),
        }
    });
    let additional = ident(&s.additional);
    let allow_deprecated = super::types::allow_deprecated_fields(s, "a default sets every field, deprecated ones included");
    DefaultImpl::Manual(quote! {
        #allow_deprecated
        impl ::std::default::Default for #name {
            fn default() -> Self { Self { #(#values)* #additional: ::std::default::Default::default() } }
        }
    })
}

/// The spec's description, plus what the spec says about presence that the type cannot show.
/// Whether a type can hold a JSON `null` itself (free JSON, a union with its fallback): an
/// optional field of it keeps a `null` that came as `Some(null)`, rather than reading it as absent.
fn holds_null(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Json | TypeRef::Nullable(_) => true,
        TypeRef::Model(id) => match &api.models[*id].kind {
            ModelKind::Union(_) => true,
            ModelKind::Alias(inner) => holds_null(api, inner),
            ModelKind::Struct(_) | ModelKind::Enum(_) => false,
        },
        _ => false,
    }
}

fn field_doc(field: &Field) -> String {
    let mut doc = field.docs.clone().unwrap_or_else(|| format!("The `{}` property.", field.wire_name));
    let mut notes = Vec::new();
    if field.required && field.nullable {
        notes.push("Required, and may be `null`: always sent, `None` as `null`.".to_owned());
    } else if field.nullable && !field.write_only && field.default.is_none() {
        notes.push("Optional, and may be `null`: left out when `Absent`, sent as `null` when `Null`.".to_owned());
    }
    if field.read_only {
        notes.push("Read-only: set by the server, never sent in a request.".to_owned());
    }
    if field.write_only {
        let required = if field.required { " Required in requests." } else { "" };
        notes.push(format!("Write-only: sent in requests, never returned.{required}"));
    }
    if let Some(default) = &field.default {
        notes.push(format!("Defaults to `{default}` when absent."));
    }
    if !notes.is_empty() {
        doc.push_str("\n\n");
        doc.push_str(&notes.join(" "));
    }
    doc
}

fn enum_model(name: &str, e: &Enum, docs: TokenStream) -> TokenStream {
    let name = ident(name);
    let unknown = ident(&e.unknown_variant);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&String> = e.variants.iter().map(|v| &v.wire).collect();
    let variant_docs = wires.iter().map(|w| {
        let text = format!(" `{w}`");
        quote!(#[doc = #text])
    });
    quote! {
        #docs
        ///
        /// The spec says values may be added without notice, so a value this client does not
        /// know is kept as it was sent instead of failing the call.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the spec did not list when this client was generated.
            #unknown(::std::string::String),
        }

        impl crate::runtime::WireEnum for #name {
            fn from_wire(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::#unknown(other.to_owned()),
                }
            }

            fn as_wire(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::#unknown(other) => other,
                }
            }
        }

        crate::runtime::__wire_enum_impls!(#name);
    }
}

fn boxed(ty: TokenStream, boxed: bool) -> TokenStream {
    if boxed { quote!(::std::boxed::Box<#ty>) } else { ty }
}

fn union_model(api: &Api, name: &str, u: &Union, docs: TokenStream) -> TokenStream {
    let name = ident(name);
    let other = ident(&u.other_variant);
    let variants: Vec<_> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<_> = u.variants.iter().map(|v| boxed(type_tokens(api, &v.ty), v.boxed)).collect();
    let variant_docs = u.variants.iter().map(|v| format!(" The `{}` alternative.", v.name));
    let (derive, deserialize) = match &u.discriminator {
        None => (quote!(::serde::Serialize, ::serde::Deserialize), TokenStream::new()),
        Some(d) => (quote!(::serde::Serialize), discriminated_deserialize(&name, u, d)),
    };
    let how = match &u.discriminator {
        Some(d) => format!(" The `{}` property says which alternative a value is.", d.property),
        None => " A value is the first alternative it decodes as.".to_owned(),
    };
    quote! {
        #docs
        ///
        #[doc = #how]
        #[derive(Debug, Clone, PartialEq, #derive)]
        #[serde(untagged)]
        pub enum #name {
            #( #[doc = #variant_docs] #variants(#types), )*
            /// A value matching none of the alternatives, kept as it was sent.
            #other(::serde_json::Value),
        }
        #deserialize
    }
}

fn discriminated_deserialize(name: &proc_macro2::Ident, u: &Union, d: &crate::ir::Discriminator) -> TokenStream {
    let other = ident(&u.other_variant);
    let property = &d.property;
    let arms = d.mapping.iter().map(|(value, index)| {
        let variant = ident(&u.variants[*index].name);
        let wrap = if u.variants[*index].boxed { quote!(|v| Self::#variant(::std::boxed::Box::new(v))) } else { quote!(Self::#variant) };
        quote! {
            Some(#value) => ::serde_json::from_value(value).map(#wrap).map_err(::serde::de::Error::custom),
        }
    });
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => Ok(Self::#other(value)),
                }
            }
        }
    }
}
