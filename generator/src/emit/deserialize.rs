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
    /// `None` (the field is an `Option`).
    None,
    /// The type's default.
    TypeDefault,
    /// The spec's default, from this associated function.
    DefaultFn(Ident),
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
        match missing {
            // The value itself is an Option: `null` and absence are both None.
            Missing::None => quote!(#wire => #slot = ::serde::de::MapAccess::next_value(&mut map)?,),
            _ => quote!(#wire => #slot = ::std::option::Option::Some(::serde::de::MapAccess::next_value(&mut map)?),),
        }
    });
    let inits = s.fields.iter().zip(&slots).zip(missing).map(|((field, slot), missing)| {
        let field_name = ident(&field.name);
        let wire = &field.wire_name;
        let value = match missing {
            Missing::Error => quote!(#slot.ok_or_else(|| <A::Error as ::serde::de::Error>::missing_field(#wire))?),
            Missing::None => quote!(#slot),
            Missing::TypeDefault => quote!(#slot.unwrap_or_default()),
            Missing::DefaultFn(f) => quote!(#slot.unwrap_or_else(#name::#f)),
        };
        quote!(#field_name: #value,)
    });
    let allow_deprecated = if s.fields.iter().any(|f| f.deprecated) {
        quote!(#[allow(deprecated, reason = "decoding sets every field, deprecated ones included")])
    } else {
        TokenStream::new()
    };
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
                        let mut #additional = ::std::collections::BTreeMap::new();
                        while let ::std::option::Option::Some(key) = ::serde::de::MapAccess::next_key::<crate::runtime::Key<'de>>(&mut map)? {
                            match key.as_str() {
                                #(#arms)*
                                _ => {
                                    let value = ::serde::de::MapAccess::next_value(&mut map)?;
                                    #additional.insert(key.into_string(), value);
                                }
                            }
                        }
                        ::std::result::Result::Ok(#name { #(#inits)* #additional })
                    }
                }
                deserializer.deserialize_map(Visitor)
            }
        }
    }
}
