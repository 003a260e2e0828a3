//! `Deserialize` for structs, written out rather than derived: one pass over the object's keys,
//! properties the spec does not list kept in the struct's `additional` map, and no `flatten`
//! (which would buffer the whole object and hide where a bad value is).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::types::ident;
use crate::ir::Struct;

/// How a missing property is filled in.
pub enum Missing {
    /// It is an error (required, not nullable).
    Error,
    /// `None` for `null` (the field is required and nullable), and a property that did not come
    /// at all is remembered, so that encoding leaves it out again rather than send a `null`.
    NoneRequired,
    /// `None`, and a `null` that came, which the spec does not allow there, is remembered so
    /// that encoding sends it back while the field stays `None`.
    NoneKeepingNull,
    /// `None`, while a `null` that came is `Some(null)` (the field is an `Option` of a type that
    /// holds `null`).
    Present,
    /// `None`, unless a response is being decoded: every response has the property (it is
    /// required and read-only), so one without is an error the lenient decoder repairs and
    /// reports.
    InResponses,
    /// The type's default (`Nullable::Absent`).
    TypeDefault,
}

/// The `impl Deserialize` of a struct; `missing[i]` says how field `i` is filled when absent.
///
/// The struct is named by its full `path` inside: the visitor's own names (`Visitor`, `A`, `D`)
/// would shadow a model called so.
pub fn struct_deserialize(path: &TokenStream, type_name: &Ident, s: &Struct, missing: &[Missing]) -> TokenStream {
    let name = path;
    let expecting = format!("a {type_name} object");
    let slots: Vec<Ident> = (0..s.fields.len()).map(|i| format_ident!("field_{}", i)).collect();
    let additional = ident(&s.additional);
    let declarations = slots.iter().map(|slot| quote!(let mut #slot = ::std::option::Option::None;));
    let arms = s.fields.iter().zip(&slots).zip(missing).map(|((field, slot), missing)| {
        let wire = &field.wire_name;
        let read = quote!(::serde::de::MapAccess::next_value(&mut map).map_err(|e| crate::runtime::field_error(#wire, e))?);
        match missing {
            Missing::NoneKeepingNull => quote! {
                #wire => {
                    #slot = #read;
                    if #slot.is_none() {
                        #additional.keep_null(#wire);
                    }
                }
            },
            Missing::InResponses => quote!(#wire => #slot = #read,),
            _ => quote!(#wire => #slot = ::std::option::Option::Some(#read),),
        }
    });
    let inits = s.fields.iter().zip(&slots).zip(missing).map(|((field, slot), missing)| {
        let field_name = ident(&field.name);
        let wire = &field.wire_name;
        let value = match missing {
            Missing::Error => quote!(#slot.ok_or_else(|| <A::Error as ::serde::de::Error>::missing_field(#wire))?),
            Missing::NoneKeepingNull => quote!(#slot),
            Missing::NoneRequired => quote! {
                match #slot {
                    ::std::option::Option::Some(value) => value,
                    ::std::option::Option::None => {
                        #additional.keep_absent(#wire);
                        ::std::option::Option::None
                    }
                }
            },
            Missing::Present => quote!(#slot),
            Missing::InResponses => quote!(crate::runtime::required_in_responses(#slot, &#additional, #wire)?),
            Missing::TypeDefault => quote!(#slot.unwrap_or_default()),
        };
        quote!(#field_name: #value,)
    });
    let settle = settle_replaced(s);
    let allow_deprecated = super::types::allow_deprecated_fields(s, "decoding sets every field, deprecated ones included");
    quote! {
        #allow_deprecated
        impl<'de> ::serde::Deserialize<'de> for #type_name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct Visitor;
                #allow_deprecated
                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<#name, A::Error> {
                        #(#declarations)*
                        let mut #additional = crate::runtime::Additional::default();
                        while let ::std::option::Option::Some(key) = ::serde::de::MapAccess::next_key::<crate::runtime::Key<'de>>(&mut map)? {
                            match key.as_str() {
                                #(#arms)*
                                _ => {
                                    let value = ::serde::de::MapAccess::next_value(&mut map)?;
                                    #additional.keep(key.into_string(), value);
                                }
                            }
                        }
                        #[allow(unused_mut, reason = "settled only when a required field was replaced")]
                        let mut decoded = #name { #(#inits)* #additional };
                        #settle
                        ::std::result::Result::Ok(decoded)
                    }
                }
                deserializer.deserialize_map(Visitor)
            }
        }
    }
}

/// After decoding: records what each field the lenient decoder replaced (a value dropped, a
/// placeholder put in) holds now, so that encoding sends the value as it came while the field
/// is left as decoded.
fn settle_replaced(s: &Struct) -> TokenStream {
    if s.fields.is_empty() {
        return TokenStream::new();
    }
    let additional = ident(&s.additional);
    let wires = s.fields.iter().map(|f| &f.wire_name);
    let fields = s.fields.iter().map(|f| ident(&f.name));
    // An `if` chain rather than a `match`, which clippy wants as an `if` for one field.
    let settles = wires.zip(fields).map(|(wire, field)| quote!(if matches!(property.as_str(), #wire) { decoded.#additional.settle(&property, &decoded.#field); }));
    quote! {
        let replaced: ::std::vec::Vec<::std::string::String> = decoded.#additional.replaced().map(::std::borrow::ToOwned::to_owned).collect();
        for property in replaced {
            #(#settles)else*
        }
    }
}
