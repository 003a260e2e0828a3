//! Unions -> tokens: an enum with one variant per alternative and one that keeps anything else,
//! decoded by its discriminator when it has one, else as the alternative the value fits best.

use proc_macro2::TokenStream;
use quote::quote;

use super::models::boxed;
use super::types::{ident, type_tokens};
use crate::ir::{Api, Discriminator, ModelKind, TypeRef, Union};

pub(super) fn union_model(api: &Api, name: &str, u: &Union, docs: TokenStream) -> TokenStream {
    let name = ident(name);
    let other = ident(&u.other_variant);
    let variants: Vec<_> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<_> = u.variants.iter().map(|v| boxed(type_tokens(api, &v.ty), v.boxed)).collect();
    let variant_docs = u.variants.iter().map(|v| format!(" The `{}` alternative.", v.name));
    let how = match &u.discriminator {
        Some(d) => format!(
            " The `{}` property says which alternative a value is; a value without it is the alternative it fits best (every required property present, fewest left over).",
            d.property
        ),
        None => " A value is the alternative it fits best: every required property present, fewest properties left over, then the first listed.".to_owned(),
    };
    let deserialize = union_deserialize(api, &name, u);
    let serialize = union_serialize(&name, &variants, &other);
    quote! {
        #docs
        ///
        #[doc = #how]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #[doc = #variant_docs] #variants(#types), )*
            /// A value matching none of the alternatives, kept as it was sent.
            #other(::serde_json::Value),
        }
        #deserialize
        #serialize
    }
}

/// `Encode` and `Serialize`: each alternative as itself, as it was sent for the other values.
fn union_serialize(name: &proc_macro2::Ident, variants: &[proc_macro2::Ident], other: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl crate::runtime::__private::Encode for #name {
            #[inline]
            fn encode(&self, sink: &mut dyn crate::runtime::__private::Sink) -> ::std::result::Result<(), crate::runtime::__private::Failed> {
                match self {
                    #(Self::#variants(value) => crate::runtime::__private::Encode::encode(value, sink),)*
                    Self::#other(value) => crate::runtime::__private::Encode::encode(value, sink),
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                crate::runtime::__private::serialize(self, serializer)
            }
        }
    }
}

/// `Decode` and `Deserialize`: the source is handed to the runtime with the union's tables (its
/// discriminator, each alternative's shape and decoder), which holds the logic once.
fn union_deserialize(api: &Api, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    let other = ident(&u.other_variant);
    let count = proc_macro2::Literal::usize_unsuffixed(u.variants.len());
    let shapes = u.variants.iter().map(|v| shape(api, &v.ty));
    let alternatives = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = type_tokens(api, &v.ty);
        let wrap = if v.boxed { quote!(|decoded| Self::#variant(::std::boxed::Box::new(decoded))) } else { quote!(Self::#variant) };
        quote!(|source| <#ty as crate::runtime::__private::Decode>::decode(source).map(#wrap))
    });
    let tag = match &u.discriminator {
        None => quote!(::std::option::Option::None),
        Some(Discriminator { property, mapping }) => {
            let (tags, indexes): (Vec<_>, Vec<_>) = mapping.iter().map(|(tag, index)| (tag, proc_macro2::Literal::usize_unsuffixed(*index))).unzip();
            quote!(::std::option::Option::Some((#property, &[#((#tags, #indexes)),*])))
        }
    };
    quote! {
        impl crate::runtime::__private::Decode for #name {
            #[inline]
            fn decode(source: &mut dyn crate::runtime::__private::Source) -> ::std::result::Result<Self, crate::runtime::__private::Failed> {
                const SHAPES: &[crate::runtime::__private::Shape] = &[#(#shapes),*];
                let alternatives: [crate::runtime::__private::Alternative<Self>; #count] = [#(#alternatives),*];
                crate::runtime::__private::decode_union(source, #tag, SHAPES, &alternatives, Self::#other)
            }

            #[inline]
            fn empty() -> Self {
                Self::#other(::serde_json::Value::Null)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::__private::deserialize(deserializer)
            }
        }
    }
}

/// The alternative's shape for ranking: an object's required and listed properties (through
/// aliases), or `Other`.
fn shape(api: &Api, ty: &TypeRef) -> TokenStream {
    let mut ty = ty;
    for _ in 0..api.models.len() {
        let TypeRef::Model(id) = ty else { break };
        match &api.models[*id].kind {
            ModelKind::Alias(inner) => ty = inner,
            ModelKind::Struct(s) => {
                let required = s.fields.iter().filter(|f| f.required && !f.read_only && !f.write_only).map(|f| f.wire_name.as_str());
                let known = s.fields.iter().map(|f| f.wire_name.as_str());
                return quote!(crate::runtime::__private::Shape::Object { required: &[#(#required),*], known: &[#(#known),*] });
            }
            ModelKind::Enum(_) | ModelKind::Union(_) => break,
        }
    }
    quote!(crate::runtime::__private::Shape::Other)
}
