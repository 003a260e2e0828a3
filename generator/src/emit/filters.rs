//! Filter and sort types -> tokens: per operation, a type with one function per field its
//! docs list; per API, the operator sets those fields take (`filter_ops`).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{doc_lines, ident, type_tokens};
use crate::ir::{operator_set_name, Api, FilterOperator, FilterValue, Operation, Param, TypeRef};

/// The `filter_ops` module of an API: one type per distinct operator set of its filter fields,
/// implementing the runtime's trait of each operator in the set.
pub fn operator_sets(api: &Api) -> TokenStream {
    let sets: BTreeSet<&[FilterOperator]> = api.operations.iter().filter_map(|op| op.filters.as_ref()).flat_map(|f| f.fields.iter().map(|field| field.operators.as_slice())).collect();
    let items = sets.into_iter().map(|set| {
        let name = ident(&operator_set_name(set));
        let doc = format!(" A filter field that takes {}.", operator_words(set));
        let traits = set.iter().map(|operator| ident(operator.trait_name()));
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy)]
            pub enum #name {}
            #(impl crate::runtime::filter::operator::#traits for #name {})*
        }
    });
    quote! { #(#items)* }
}

/// Whether any operation of the API has typed filters (and so a `filter_ops` module).
pub fn has_filters(api: &Api) -> bool {
    api.operations.iter().any(|op| op.filters.is_some())
}

fn operator_words(set: &[FilterOperator]) -> String {
    set.iter().map(|o| format!("`{}`", o.word())).collect::<Vec<_>>().join(", ")
}

/// The filter and sort types of one operation, in its tag module. A type whose fields an
/// operation `before` it in the module already has is an alias of that one's, rather than a
/// copy of it (`listEntitlementParents` filters as `listEntitlementChildren` does).
pub fn filter_types(api: &Api, op: &Operation, before: &[&Operation]) -> TokenStream {
    let fn_name = op.fn_name.trim_start_matches("r#");
    let method = format!("[`{handle}::{fn_name}`]({handle}::{fn_name})", handle = op.handle);
    let module = ident(&api.module);
    let filters = op.filters.as_ref().map(|filters| {
        let name = ident(&filters.name);
        let same = before.iter().filter_map(|other| other.filters.as_ref()).find(|other| other.fields == filters.fields && other.composites == filters.composites);
        if let Some(same) = same {
            return alias(&name, &same.name, &format!("The fields {method} filters on"));
        }
        let composites: Vec<&str> = filters.composites.iter().map(|c| c.word()).collect();
        let combined = match composites.as_slice() {
            [] => "Its docs name no composite operator, so a typed filter is one condition; `Filter::raw` sends more.".to_owned(),
            words => format!("Filters combine with {} (`!filter` for `not`), as its docs say.", words.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ")),
        };
        let doc = doc_lines(&format!(
            "The fields {method} filters on: each function gives a field, whose methods (one per operator its docs list) give a [`Filter`](crate::runtime::Filter) for the `filters` option. {combined}"
        ));
        let fields = filters.fields.iter().map(|field| {
            let (function, wire) = (ident(&field.fn_name), &field.wire);
            let value = value_tokens(api, &field.value);
            let set = ident(&operator_set_name(&field.operators));
            let doc = format!(" `{wire}`: {}.", operator_words(&field.operators));
            quote! {
                #[doc = #doc]
                #[inline]
                pub fn #function() -> crate::runtime::FilterField<Self, #value, crate::#module::filter_ops::#set> {
                    crate::runtime::FilterField::new(#wire)
                }
            }
        });
        let composites = filters.composites.iter().map(|c| {
            let composite = ident(c.trait_name());
            quote!(impl crate::runtime::filter::composite::#composite for #name {})
        });
        let marker = marker_type(&doc, &name, fields);
        quote! {
            #marker
            #(#composites)*
        }
    });
    let sorters = op.sorters.as_ref().map(|sorters| {
        let name = ident(&sorters.name);
        let same = before.iter().filter_map(|other| other.sorters.as_ref()).find(|other| other.fields == sorters.fields);
        if let Some(same) = same {
            return alias(&name, &same.name, &format!("The fields {method} sorts by"));
        }
        let doc = doc_lines(&format!(
            "The fields {method} sorts by, as its docs list them: each function gives a field, whose `.asc()` or `.desc()` gives a [`Sort`](crate::runtime::Sort) for the `sorters` option, and `.then(...)` the next field."
        ));
        let fields = sorters.fields.iter().map(|(function, wire)| {
            let function = ident(function);
            let doc = format!(" `{wire}`.");
            quote! {
                #[doc = #doc]
                #[inline]
                pub fn #function() -> crate::runtime::SortField<Self> {
                    crate::runtime::SortField::new(#wire)
                }
            }
        });
        marker_type(&doc, &name, fields)
    });
    quote! { #filters #sorters }
}

/// `name` as another name of type `same`, which has the same fields.
fn alias(name: &proc_macro2::Ident, same: &str, what: &str) -> TokenStream {
    let doc = doc_lines(&format!("{what}: the same as [`{same}`]({same})'s."));
    let same = ident(same);
    quote! {
        #doc
        pub type #name = #same;
    }
}

/// A type no value has, standing for an operation's filters or sort order, with a function per
/// field.
fn marker_type(doc: &TokenStream, name: &proc_macro2::Ident, fields: impl Iterator<Item = TokenStream>) -> TokenStream {
    quote! {
        #doc
        #[derive(Debug, Clone, Copy)]
        pub enum #name {}

        impl #name {
            #(#fields)*
        }
    }
}

fn value_tokens(api: &Api, value: &FilterValue) -> TokenStream {
    match value {
        FilterValue::Text => quote!(::std::string::String),
        FilterValue::Bool => quote!(bool),
        FilterValue::Integer => quote!(i64),
        FilterValue::Number => quote!(f64),
        FilterValue::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
        FilterValue::Date => quote!(::chrono::NaiveDate),
        FilterValue::Enum(id) => type_tokens(api, &TypeRef::Model(*id)),
    }
}

/// The type of an options field for parameter `index` of `op`: its typed filter or sort order,
/// when it has one.
pub fn typed_param(op: &Operation, index: usize) -> Option<TokenStream> {
    if let Some(filters) = op.filters.as_ref().filter(|f| f.param == index) {
        let name = ident(&filters.name);
        return Some(quote!(crate::runtime::Filter<#name>));
    }
    let sorters = op.sorters.as_ref().filter(|s| s.param == index)?;
    let name = ident(&sorters.name);
    Some(quote!(crate::runtime::Sort<#name>))
}

/// The type of required parameter `param` of `op` as a method's argument, when it is a typed
/// filter or sort order: borrowed, as a required string is.
pub fn typed_argument(op: &Operation, param: &Param) -> Option<TokenStream> {
    typed_param(op, index_of(op, param)?).map(|ty| quote!(&#ty))
}

/// What the docs of required parameter `param` of `op` add when it is typed.
pub fn typed_argument_doc(op: &Operation, param: &Param) -> Option<String> {
    typed_param_doc(op, index_of(op, param)?)
}

fn index_of(op: &Operation, param: &Param) -> Option<usize> {
    op.params.iter().position(|p| std::ptr::eq(p, param))
}

/// What the docs of a typed options field add: where its type's fields are.
pub fn typed_param_doc(op: &Operation, index: usize) -> Option<String> {
    if let Some(filters) = op.filters.as_ref().filter(|f| f.param == index) {
        return Some(format!("Typed: build it from the fields of [`{name}`]({name}), or write it with `Filter::raw`.", name = filters.name));
    }
    let sorters = op.sorters.as_ref().filter(|s| s.param == index)?;
    Some(format!("Typed: build it from the fields of [`{name}`]({name}), or write it with `Sort::raw`.", name = sorters.name))
}
