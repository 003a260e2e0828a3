//! Models -> tokens: structs with serde attributes, enums that keep unknown values, aliases.

use proc_macro2::TokenStream;
use quote::quote;

use super::codec::struct_codec;
use super::types::{doc_lines, ident, type_tokens};
use crate::ir::{Api, Enum, Field, Model, ModelKind, Struct, TypeRef};

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
        ModelKind::Union(u) => super::unions::union_model(api, &model.name, u, docs),
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
    /// Required but read-only: `Option<T>`. Every response has it (one without is repaired
    /// and reported), no request sends it, and a value built for a request leaves it `None`.
    ServerSet,
    /// Optional: `Option<T>`, left out when `None`. A spec default is what the server does
    /// then, read through the field's accessor.
    Optional,
    /// Optional and nullable: `Nullable<T>`, left out, `null` or a value, as it came.
    Tristate,
}

pub(super) fn presence(field: &Field) -> Presence {
    match (field.write_only, field.required, field.nullable, field.read_only) {
        (true, ..) => Presence::Optional,
        (false, true, true, _) => Presence::Nullable,
        (false, true, false, true) => Presence::ServerSet,
        (false, true, false, false) => Presence::Always,
        (false, false, true, _) => Presence::Tristate,
        (false, false, false, _) => Presence::Optional,
    }
}

fn struct_model(api: &Api, model: &Model, s: &Struct, docs: TokenStream) -> TokenStream {
    let name = ident(&model.name);
    let presences: Vec<Presence> = s.fields.iter().map(presence).collect();
    let derive_default = derives_default(s, &presences);
    let optional: Vec<bool> = presences.iter().map(|p| matches!(p, Presence::Optional)).collect();
    let accessors = super::accessors::accessors(api, &name, s, &optional);
    let codec = struct_codec(api, &name, s, &presences);
    let constructor = constructor(api, &name, s, &presences);
    let patch_operation = super::patch::from_patch_operation(api, &name, s, &presences);
    let from_patch = super::patch::from_json_patch(api, &name, s, &presences);
    let fields = s.fields.iter().zip(presences).map(|(field, presence)| {
        let field_name = ident(&field.name);
        let ty = boxed(type_tokens(api, &field.ty), field.boxed);
        let ty = match &presence {
            Presence::Always => ty,
            Presence::Nullable | Presence::ServerSet | Presence::Optional => quote!(::std::option::Option<#ty>),
            Presence::Tristate => quote!(crate::runtime::Nullable<#ty>),
        };
        let has_accessor = matches!(presence, Presence::Optional) && super::accessors::has_accessor(api, field);
        let field_docs = doc_lines(&field_doc(field, &presence, has_accessor));
        let deprecated = deprecated_attr(field.deprecated);
        quote! { #field_docs #deprecated pub #field_name: #ty, }
    });
    let fields: Vec<TokenStream> = fields.collect();
    let additional = ident(&s.additional);
    let derive_default = if derive_default { quote!(Default,) } else { TokenStream::new() };
    quote! {
        #docs
        #[derive(Clone, #derive_default PartialEq)]
        pub struct #name {
            #(#fields)*
            /// Properties the spec does not list, kept as they came so that encoding the value
            /// again (a GET, then a PUT) loses nothing.
            pub #additional: crate::runtime::Additional,
        }
        #codec
        #constructor
        #accessors
        #patch_operation
        #from_patch
    }
}

/// `new(required...)`: the required properties as arguments, every other field at its default.
fn constructor(api: &Api, name: &proc_macro2::Ident, s: &Struct, presences: &[Presence]) -> TokenStream {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for (field, presence) in s.fields.iter().zip(presences) {
        let field_name = ident(&field.name);
        match presence {
            Presence::Always => {
                let ty = boxed(type_tokens(api, &field.ty), field.boxed);
                args.push(quote!(#field_name: #ty));
                inits.push(quote!(#field_name));
            }
            // Written out rather than `Default::default()`, which is one more call (and one
            // more function compiled) per field type.
            Presence::Nullable | Presence::ServerSet | Presence::Optional => inits.push(quote!(#field_name: ::std::option::Option::None)),
            Presence::Tristate => inits.push(quote!(#field_name: crate::runtime::Nullable::Absent)),
        }
    }
    let additional = ident(&s.additional);
    let doc = if args.is_empty() {
        " A value with every property left out.".to_owned()
    } else {
        " A value with the required properties given and every other left out.".to_owned()
    };
    let allow_deprecated = super::types::allow_deprecated_fields(s, "a constructor sets every field, deprecated ones included");
    let allow_many = if args.len() > 7 { quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required property")]) } else { TokenStream::new() };
    quote! {
        #allow_deprecated
        impl #name {
            #[doc = #doc]
            #allow_many
            #[inline]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #additional: ::std::default::Default::default() }
            }
        }
    }
}

/// Whether the struct derives `Default`, so that `Model { name: .., ..Default::default() }`
/// works: unless a required field has no natural default (an enum or a model).
fn derives_default(s: &Struct, presences: &[Presence]) -> bool {
    s.fields.iter().zip(presences).all(|(field, presence)| !matches!(presence, Presence::Always) || crate::lower::has_natural_default(&field.ty))
}

/// Whether a type can hold a JSON `null` itself (free JSON, a union with its fallback): an
/// optional field of it keeps a `null` that came as `Some(null)`, rather than reading it as absent.
pub(super) fn holds_null(api: &Api, ty: &TypeRef) -> bool {
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

/// The spec's description, plus what the spec says about presence that the type cannot show.
fn field_doc(field: &Field, presence: &Presence, has_accessor: bool) -> String {
    let mut doc = field.docs.clone().unwrap_or_else(|| format!("The `{}` property.", field.wire_name));
    let mut notes = Vec::new();
    if field.required && field.nullable {
        notes.push("Required, and may be `null`: always sent, `None` as `null`.".to_owned());
    } else if field.nullable && !field.write_only && field.default.is_none() {
        notes.push("Optional, and may be `null`: left out when `Absent`, sent as `null` when `Null`.".to_owned());
    }
    if matches!(presence, Presence::ServerSet) {
        notes.push("Read-only and required: every response has it; never sent in a request, and `None` in a value built for one.".to_owned());
    } else if field.read_only {
        notes.push("Read-only: set by the server, never sent in a request.".to_owned());
    }
    if field.write_only {
        let required = if field.required { " Required in requests." } else { "" };
        notes.push(format!("Write-only: sent in requests, never returned.{required}"));
    }
    if let Some(default) = &field.default {
        let reader = if has_accessor { format!("; `{}()` reads it so", field.accessor) } else { String::new() };
        notes.push(format!("When left out, the server takes the spec's default, `{default}`{reader}."));
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
            #[inline]
            fn from_wire(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::#unknown(other.to_owned()),
                }
            }

            #[inline]
            fn as_wire(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::#unknown(other) => other,
                }
            }

            #[inline]
            fn is_listed(&self) -> bool {
                !matches!(self, Self::#unknown(_))
            }
        }

        crate::runtime::__wire_enum_impls!(#name);
    }
}

pub(super) fn boxed(ty: TokenStream, boxed: bool) -> TokenStream {
    if boxed { quote!(::std::boxed::Box<#ty>) } else { ty }
}
