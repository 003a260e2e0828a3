//! `Serialize` for structs, written out rather than derived: read-only fields never sent, each
//! optional state sent as it is, a required value the lenient decoder replaced sent back as it
//! came while the caller leaves it alone, and the unlisted properties after the fields.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::models::Presence;
use super::types::ident;
use crate::ir::Struct;

/// The `impl Serialize` of a struct whose fields are held as `presences` says.
pub fn struct_serialize(name: &Ident, s: &Struct, presences: &[Presence]) -> TokenStream {
    let additional = ident(&s.additional);
    let entries = s.fields.iter().zip(presences).filter(|(f, _)| !f.read_only).map(|(field, presence)| {
        let wire = &field.wire_name;
        let field = ident(&field.name);
        let send = match presence {
            Presence::Always | Presence::Nullable => quote!(true),
            Presence::Optional | Presence::ServerSet => quote!(self.#field.is_some()),
            Presence::Tristate => quote!(!self.#field.is_absent()),
        };
        quote!(crate::runtime::send_field(&mut map, &self.#additional, #wire, &self.#field, #send)?;)
    });
    let wires: Vec<&String> = s.fields.iter().map(|f| &f.wire_name).collect();
    // A property of a field's name put in the map by hand would be sent twice: the field wins.
    let unlisted = if wires.is_empty() {
        quote!(map.serialize_entry(key, value)?;)
    } else {
        quote! {
            if !matches!(key.as_str(), #(#wires)|*) {
                map.serialize_entry(key, value)?;
            }
        }
    };
    let allow_deprecated = super::types::allow_deprecated_fields(s, "encoding reads every field, deprecated ones included");
    quote! {
        #allow_deprecated
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(::std::option::Option::None)?;
                #(#entries)*
                for (key, value) in self.#additional.iter() {
                    #unlisted
                }
                map.end()
            }
        }
    }
}
