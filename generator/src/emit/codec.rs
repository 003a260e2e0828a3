//! A struct's table for the runtime's model decoder and encoder: each property's wire name and
//! presence rule, its fields as trait objects, and the empty value decoding starts from. The
//! decoding and encoding themselves are the runtime's, compiled once for every model.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::models::{holds_null, Presence};
use super::types::ident;
use crate::ir::{Api, Struct};

/// `impl Object` and the serde impls of struct `name`, whose fields are held as `presences`
/// says and whose `new` takes those `Presence::Always` marks, in order.
pub fn struct_codec(api: &Api, name: &Ident, s: &Struct, presences: &[Presence]) -> TokenStream {
    let wire_name = name.to_string();
    let additional = ident(&s.additional);
    let fields: Vec<Ident> = s.fields.iter().map(|f| ident(&f.name)).collect();
    let table = s.fields.iter().zip(presences).map(|(field, presence)| {
        let wire = &field.wire_name;
        let presence = match presence {
            Presence::Always => quote!(Always),
            Presence::Nullable => quote!(Nullable),
            Presence::ServerSet => quote!(ServerSet),
            Presence::Optional if holds_null(api, &field.ty) => quote!(OptionalHoldingNull),
            Presence::Optional => quote!(Optional),
            Presence::Tristate => quote!(Tristate),
        };
        let read_only = if field.read_only { quote!(.read_only()) } else { TokenStream::new() };
        let field_name = field.name.trim_start_matches("r#");
        quote!(Rule::new(#wire, #field_name, #presence)#read_only)
    });
    // Short names, since a model's table is most of its code; none for a model without fields.
    let rules = if s.fields.is_empty() {
        quote!(&[])
    } else {
        quote! {
            use crate::runtime::__private::{FieldRule as Rule, Presence::*};
            const RULES: &[Rule] = &[#(#table),*];
            RULES
        }
    };
    let mut by_wire: Vec<usize> = (0..s.fields.len()).collect();
    by_wire.sort_by(|&a, &b| s.fields[a].wire_name.cmp(&s.fields[b].wire_name));
    let by_wire = by_wire.into_iter().map(|index| proc_macro2::Literal::u32_unsuffixed(u32::try_from(index).unwrap_or(u32::MAX)));
    let required = presences.iter().filter(|p| matches!(p, Presence::Always)).map(|_| quote!(crate::runtime::__private::Decode::empty()));
    let allow_deprecated = super::types::allow_deprecated_fields(s, "decoding and encoding touch every field, deprecated ones included");
    // The runtime's default is the usual name; a model whose properties claim it says its own.
    let additional_name = (s.additional != crate::naming::ADDITIONAL_FIELD).then(|| {
        let name = s.additional.trim_start_matches("r#");
        quote!(#[inline] fn additional_name(&self) -> &'static str { #name })
    });
    quote! {
        #allow_deprecated
        impl crate::runtime::__private::Object for #name {
            #[inline]
            fn name(&self) -> &'static str {
                #wire_name
            }

            #[inline]
            fn rules(&self) -> &'static [crate::runtime::__private::FieldRule] {
                #rules
            }

            #[inline]
            fn by_wire(&self) -> &'static [u32] {
                &[#(#by_wire),*]
            }

            #[inline]
            fn fields(&self, visit: &mut crate::runtime::__private::VisitFields<'_>) {
                visit(&[#(&self.#fields),*], &self.#additional);
            }

            #[inline]
            fn fields_mut(&mut self, visit: &mut crate::runtime::__private::VisitFieldsMut<'_>) -> ::std::result::Result<(), crate::runtime::__private::Failed> {
                visit(&mut [#(&mut self.#fields),*], &mut self.#additional)
            }

            #additional_name

            #[inline]
            fn empty() -> Self {
                Self::new(#(#required),*)
            }
        }

        crate::runtime::__model_impls!(#name);
    }
}
