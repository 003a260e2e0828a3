//! Request and response bodies: JSON, multipart forms, text and bytes; error bodies by status.

use openapiv3::{MediaType, ReferenceOr, Response, Schema, SchemaKind, StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::compose::{merge_all_of, Merged};
use super::models::type_of;
use super::shapes::NameContext;
use super::view::{view, View};
use super::Lowerer;
use crate::error::Error;
use crate::pointer;
use crate::ir::{Body, BodyKind, ErrorStatus, Example, Form, FormField, FormFieldKind, StatusMatch, Success, SuccessBody, TypeRef};
use crate::naming;

/// Whether a media type carries JSON (`application/json`, `application/json-patch+json`, ...).
pub(super) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

fn essence(media_type: &str) -> &str {
    media_type.split(';').next().unwrap_or("").trim()
}

fn is_textual(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence.starts_with("text/") || essence.ends_with("/xml") || essence.ends_with("+xml") || essence == "application/csv"
}

fn is_binary(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => matches!(s.format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary)),
        SchemaKind::Any(any) => any.format.as_deref() == Some("binary"),
        _ => false,
    }
}

fn media_is_binary(media: &MediaType) -> bool {
    matches!(&media.schema, Some(ReferenceOr::Item(schema)) if is_binary(schema))
}

/// The request body of an operation.
pub(super) fn lower_body(l: &mut Lowerer<'_>, op: &openapiv3::Operation, base: &NameContext, at: &str) -> Result<Option<Body>, Error> {
    let Some(body) = &op.request_body else { return Ok(None) };
    let body_at = pointer::join(at, &["requestBody"]);
    let body = match body {
        ReferenceOr::Item(b) => b,
        ReferenceOr::Reference { reference } => {
            let name = super::component_name(reference, "requestBodies", &body_at)?;
            l.spec
                .components
                .as_ref()
                .and_then(|c| c.request_bodies.get(&name))
                .and_then(|b| b.as_item())
                .ok_or_else(|| Error::at(&body_at, format!("dangling $ref `{reference}`: no such request body")))?
        }
    };
    let preferred = body
        .content
        .iter()
        .find(|(k, _)| is_json(k))
        .or_else(|| body.content.iter().find(|(k, _)| essence(k) == "multipart/form-data"))
        .or_else(|| body.content.first());
    let Some((content_type, media)) = preferred else { return Ok(None) };
    let media_at = pointer::join(&body_at, &["content", content_type, "schema"]);
    let kind = if is_json(content_type) {
        let context = NameContext::long(format!("{}Request", base.long));
        let ty = match &media.schema {
            Some(schema) => type_of(l, schema, &context, &media_at)?.ty,
            None => TypeRef::Json,
        };
        BodyKind::Json(ty)
    } else if essence(content_type) == "multipart/form-data" {
        BodyKind::Form(lower_form(l, media.schema.as_ref(), base, &media_at)?)
    } else if is_textual(content_type) && !media_is_binary(media) {
        BodyKind::Text
    } else {
        BodyKind::Bytes
    };
    Ok(Some(Body { name: "body".to_owned(), content_type: content_type.clone(), kind, docs: body.description.clone() }))
}

/// The field of a form struct holding the parts the spec does not name.
const FORM_EXTRA: &str = "extra";

/// A multipart body: files for `format: binary` properties, JSON text for the rest (the type
/// check gives scalars and enums their own text).
fn lower_form(l: &mut Lowerer<'_>, schema: Option<&ReferenceOr<Schema>>, base: &NameContext, at: &str) -> Result<Form, Error> {
    let name = format!("{}Form", base.long);
    let schema = match schema {
        Some(ReferenceOr::Reference { reference }) => Some(l.component_schema(l.component(reference, at)?).clone()),
        Some(ReferenceOr::Item(schema)) => Some(schema.clone()),
        None => None,
    };
    let schema = match schema.as_ref().map(|s| (s, view(s))) {
        Some((outer, View::AllOf(parts))) => match merge_all_of(l, outer, parts, at)? {
            Merged::Object(merged) => Some(merged),
            _ => None,
        },
        _ => schema,
    };
    let Some(View::Object { properties, required, additional }) = schema.as_ref().map(view) else {
        return Ok(Form { name, fields: Vec::new(), open: true, extra: FORM_EXTRA.to_owned() });
    };
    let open = properties.is_empty() || additional.is_some();
    let context = NameContext::long(name.clone());
    let mut fields = Vec::new();
    for (wire, prop) in properties {
        let prop_at = pointer::join(at, &["properties", wire]);
        let data = prop.as_item().map(|s| &s.schema_data);
        let kind = match prop {
            ReferenceOr::Item(s) if is_binary(s) => FormFieldKind::File,
            // JSON text until the type check gives the parts with their own text (scalars,
            // enums) `Text`.
            _ => FormFieldKind::Json(super::models::type_of_boxed(l, prop, &context.child(&naming::type_name(wire)), &prop_at)?.ty),
        };
        fields.push(FormField {
            name: naming::value_name(wire),
            wire_name: wire.clone(),
            kind,
            required: required.contains(wire),
            docs: data.and_then(|d| d.description.clone()),
        });
    }
    Ok(Form { name, fields, open, extra: FORM_EXTRA.to_owned() })
}

/// The success body and the error statuses of an operation.
pub(super) fn lower_responses(l: &mut Lowerer<'_>, op: &openapiv3::Operation, base: &NameContext, at: &str) -> Result<(Success, Vec<ErrorStatus>), Error> {
    let mut success = Success { statuses: Vec::new(), body: SuccessBody::Empty, accept: None, may_be_empty: false, example: None };
    let mut errors = Vec::new();
    let entries = op.responses.responses.iter().map(|(code, r)| (Some(code), r)).chain(op.responses.default.iter().map(|r| (None, r)));
    for (code, response) in entries {
        let key = code.map_or_else(|| "default".to_owned(), ToString::to_string);
        let response_at = pointer::join(at, &["responses", &key]);
        let (response, component) = resolve_response(l, response, &response_at)?;
        let status = match code {
            Some(StatusCode::Code(c)) => StatusMatch::Code(*c),
            Some(StatusCode::Range(r)) => StatusMatch::Class(*r),
            None => StatusMatch::Default,
        };
        let is_success = matches!(status, StatusMatch::Code(200..=299) | StatusMatch::Class(2));
        if let StatusMatch::Code(code @ (204 | 205)) = status {
            // HTTP gives these statuses no body, whatever the document declares.
            if !response.content.is_empty() {
                l.warn(&response_at, format!("a {code} response has no body; the content it declares is ignored"));
            }
            success.statuses.push(code);
            success.may_be_empty = true;
            success.example.get_or_insert_with(|| Example { status: code, content_type: String::new(), body: String::new() });
            continue;
        }
        let context = response_context(base, status, is_success, component);
        let json = response.content.iter().find(|(k, _)| is_json(k));
        let json_type = match json.and_then(|(k, m)| m.schema.as_ref().map(|s| (k, s))) {
            Some((media_type, schema)) => Some(type_of(l, schema, &context, &pointer::join(&response_at, &["content", media_type, "schema"]))?.ty),
            None => None,
        };
        if !is_success {
            errors.push(ErrorStatus { status, body: json_type.map(|ty| l.error_body(ty)) });
            continue;
        }
        if let StatusMatch::Code(c) = status {
            success.statuses.push(c);
        }
        if success.example.is_none() {
            let status = if let StatusMatch::Code(c) = status { c } else { 200 };
            success.example = Some(example(l.spec, response, status));
        }
        if success.body != SuccessBody::Empty {
            continue;
        }
        if let (Some(ty), Some((media_type, _))) = (json_type, json) {
            success.body = SuccessBody::Json(ty);
            success.accept = Some(media_type.clone());
        } else if let Some((media_type, media)) = response.content.first() {
            let textual = is_textual(media_type) && !media_is_binary(media);
            success.body = if textual { SuccessBody::Text } else { SuccessBody::Bytes };
            let others: Vec<&str> = response.content.keys().filter(|k| !is_json(k)).map(String::as_str).collect();
            success.accept = Some(others.join(", "));
        }
    }
    errors.sort_by_key(|e| e.status);
    Ok((success, errors))
}

/// The response a fake tenant sends by default for `response`: its JSON example (the first the
/// spec states, else one built from the properties' examples), or the text of a text one.
fn example(spec: &openapiv3::OpenAPI, response: &Response, status: u16) -> Example {
    let json = response.content.iter().find(|(k, _)| is_json(k));
    if let Some((media_type, media)) = json {
        let stated = crate::examples::stated(spec, media).into_iter().next().map(|(_, value)| value);
        let built = || media.schema.as_ref().map(|schema| crate::examples::synthesize(spec, schema, crate::examples::Direction::Response));
        let value = stated.or_else(built).unwrap_or(serde_json::Value::Object(serde_json::Map::new()));
        return Example { status, content_type: essence(media_type).to_owned(), body: value.to_string() };
    }
    match response.content.first() {
        Some((media_type, media)) => {
            let text = crate::examples::stated(spec, media).into_iter().find_map(|(_, value)| value.as_str().map(str::to_owned));
            Example { status, content_type: essence(media_type).to_owned(), body: text.unwrap_or_default() }
        }
        None => Example { status, content_type: String::new(), body: String::new() },
    }
}

fn resolve_response<'s>(l: &Lowerer<'s>, response: &'s ReferenceOr<Response>, at: &str) -> Result<(&'s Response, Option<&'s str>), Error> {
    match response {
        ReferenceOr::Item(r) => Ok((r, None)),
        ReferenceOr::Reference { reference } => {
            let name = super::component_name(reference, "responses", at)?;
            let found = l.spec.components.as_ref().and_then(|c| c.responses.get_key_value(&name));
            match found {
                Some((key, ReferenceOr::Item(r))) => Ok((r, Some(key.as_str()))),
                _ => Err(Error::at(at, format!("dangling $ref `{reference}`: no such response"))),
            }
        }
    }
}

/// Names for an inline response body: by operation and status, or by the response component.
fn response_context(base: &NameContext, status: StatusMatch, is_success: bool, component: Option<&str>) -> NameContext {
    let (code, word) = match status {
        StatusMatch::Code(c) => (Some(c), naming::status_word(c)),
        StatusMatch::Class(c) => (None, format!("Status{c}xx")),
        StatusMatch::Default => (None, "Default".to_owned()),
    };
    if is_success {
        return NameContext::long(format!("{}Response", base.long));
    }
    let error_status = code.or(Some(0));
    match component {
        Some(name) => {
            let word = name.parse::<u16>().map_or_else(|_| naming::type_name(name), naming::status_word);
            NameContext { short: Some(format!("{word}Error")), error_status, ..NameContext::component(format!("{word}ErrorResponse")) }
        }
        None => NameContext { short: Some(format!("{word}Error")), error_status, ..NameContext::long(format!("{}{word}Error", base.long)) },
    }
}
