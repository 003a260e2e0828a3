//! Request and response bodies in a generated method, and the structs of multipart forms.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{docs, ident, type_tokens};
use crate::ir::{Api, Body, BodyKind, Form, FormField, FormFieldKind, Locals, ModelKind, Success, SuccessBody, TypeRef};

/// The body argument: JSON by reference, a form by value (its files move), text and bytes.
pub fn body_arg(api: &Api, body: &Body) -> TokenStream {
    let name = ident(&body.name);
    match &body.kind {
        BodyKind::Json(ty) => {
            let ty = json_body_type(api, ty);
            quote!(#name: &#ty)
        }
        BodyKind::Form(form) => {
            let form = ident(&form.name);
            quote!(#name: #form)
        }
        BodyKind::Text => quote!(#name: &str),
        BodyKind::Bytes => quote!(#name: ::bytes::Bytes),
    }
}

/// The type a JSON body is borrowed as: a list as a slice (`&[JsonPatchOperation]`, which a
/// `Vec`, an array and a `JsonPatch` all give), anything else as itself.
pub fn json_body_type(api: &Api, ty: &TypeRef) -> TokenStream {
    let item = match ty {
        TypeRef::Array(item) => item,
        TypeRef::Model(id) => match &api.models[*id].kind {
            ModelKind::Alias(TypeRef::Array(item)) => item,
            _ => return type_tokens(api, ty),
        },
        _ => return type_tokens(api, ty),
    };
    let item = type_tokens(api, item);
    quote!([#item])
}

/// The statements that put the body on the request.
pub fn body_send(body: &Body, locals: &Locals) -> TokenStream {
    let name = ident(&body.name);
    let (request, value, form_data) = (ident(&locals.request), ident(&locals.value), ident(&locals.form));
    let content_type = &body.content_type;
    match &body.kind {
        BodyKind::Json(_) => quote!(#request.encoded_body(#content_type, &#name, self.client.sends_read_only());),
        BodyKind::Text => quote!(#request.raw_body(#content_type, ::bytes::Bytes::copy_from_slice(#name.as_bytes()));),
        BodyKind::Bytes => quote!(#request.raw_body(#content_type, #name);),
        BodyKind::Form(form) => {
            let parts = form.fields.iter().map(|field| {
                let wire = &field.wire_name;
                let field_name = ident(&field.name);
                let add = |value: TokenStream| match &field.kind {
                    FormFieldKind::File => quote!(#form_data.file(#wire, #value);),
                    FormFieldKind::Text(_) => quote!(#form_data.text(#wire, &#value);),
                    FormFieldKind::Json(_) => quote!(#request.fail_on(#form_data.json(#wire, &#value));),
                };
                if field.required {
                    add(quote!(#name.#field_name))
                } else {
                    let inner = add(quote!(#value));
                    quote!(if let Some(#value) = #name.#field_name { #inner })
                }
            });
            let extra_field = ident(&form.extra);
            let extra = form.open.then(|| quote!(#form_data.extend(#name.#extra_field);));
            quote! {
                let mut #form_data = crate::runtime::__private::FormData::default();
                #(#parts)*
                #extra
                #request.form_body(#form_data);
            }
        }
    }
}

/// The struct a multipart body is built from.
pub fn form_struct(api: &Api, form: &Form, fn_name: &str, handle: &str) -> TokenStream {
    let name = ident(&form.name);
    let fn_name = fn_name.trim_start_matches("r#");
    let doc = format!(" The `multipart/form-data` body of [`{handle}::{fn_name}`].");
    let fields = form.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let ty = match &field.kind {
            FormFieldKind::File => quote!(crate::runtime::FilePart),
            FormFieldKind::Text(ty) | FormFieldKind::Json(ty) => type_tokens(api, ty),
        };
        let ty = if field.required { ty } else { quote!(::std::option::Option<#ty>) };
        let docs = docs(Some(field.docs.as_deref().unwrap_or(&format!("The `{}` part.", field.wire_name))));
        quote! { #docs pub #field_name: #ty, }
    });
    let extra = form.open.then(|| {
        let extra = ident(&form.extra);
        quote! {
            /// Parts the spec does not name, sent after the others.
            pub #extra: ::std::vec::Vec<crate::runtime::FormPart>,
        }
    });
    let (derive_default, constructor) = if form.fields.iter().all(|f| !f.required || has_natural_default(f)) {
        (quote!(Default,), TokenStream::new())
    } else {
        (TokenStream::new(), form_constructor(api, form))
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, #derive_default)]
        pub struct #name { #(#fields)* #extra }

        #constructor
    }
}

fn has_natural_default(field: &FormField) -> bool {
    match &field.kind {
        FormFieldKind::File => true,
        FormFieldKind::Text(ty) | FormFieldKind::Json(ty) => crate::lower::has_natural_default(ty),
    }
}

/// `new(required...)` for a form that cannot be `Default` (a required enum or model part).
fn form_constructor(api: &Api, form: &Form) -> TokenStream {
    let name = ident(&form.name);
    let mut args = Vec::new();
    let inits = form.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        if !field.required {
            return quote!(#field_name: None);
        }
        let ty = match &field.kind {
            FormFieldKind::File => quote!(crate::runtime::FilePart),
            FormFieldKind::Text(ty) | FormFieldKind::Json(ty) => type_tokens(api, ty),
        };
        args.push(quote!(#field_name: #ty));
        quote!(#field_name)
    });
    let inits: Vec<TokenStream> = inits.collect();
    let extra = form.open.then(|| {
        let extra = ident(&form.extra);
        quote!(#extra: ::std::vec::Vec::new(),)
    });
    let allow_many = super::operations::many_arguments(args.len());
    quote! {
        impl #name {
            /// A form with the required parts given and no optional part.
            #allow_many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #extra }
            }
        }
    }
}

/// The method's success type.
pub fn output_type(api: &Api, success: &Success) -> TokenStream {
    match &success.body {
        SuccessBody::Empty => quote!(()),
        SuccessBody::Json(ty) if success.may_be_empty => {
            let ty = type_tokens(api, ty);
            quote!(::std::option::Option<#ty>)
        }
        SuccessBody::Json(ty) => type_tokens(api, ty),
        SuccessBody::Text => quote!(::std::string::String),
        SuccessBody::Bytes => quote!(::bytes::Bytes),
    }
}

/// The function that turns the response into the success type.
pub fn decoder(success: &Success) -> TokenStream {
    match &success.body {
        SuccessBody::Empty => quote!(crate::runtime::__private::Response::empty),
        SuccessBody::Json(_) if success.may_be_empty => quote!(crate::runtime::__private::Response::json_or_empty),
        SuccessBody::Json(_) => quote!(crate::runtime::__private::Response::json),
        SuccessBody::Text => quote!(crate::runtime::__private::Response::text),
        SuccessBody::Bytes => quote!(crate::runtime::__private::Response::bytes),
    }
}
