//! Operations -> IR: parameters, path templates, bodies, and responses by status.

use openapiv3::{Operation as SpecOperation, Parameter, ParameterSchemaOrContent, ReferenceOr};

use super::bodies::{lower_body, lower_responses};
use super::models::type_of;
use super::shapes::NameContext;
use super::Lowerer;
use crate::error::Error;
use crate::pointer;
use crate::ir::{Operation, Param, ParamEncoding, ParamLocation, ParamStyle, PathPart};
use crate::naming;

/// An operation as found in the document: (operationId, path, method, operation, path-item parameters).
type Found<'s> = (String, &'s str, &'s str, &'s SpecOperation, &'s [ReferenceOr<Parameter>]);

/// Lowers every operation, sorted by module then method name.
pub(super) fn lower_all(l: &mut Lowerer<'_>) -> Result<Vec<Operation>, Error> {
    let spec = l.spec;
    let mut found: Vec<Found<'_>> = Vec::new();
    for (route, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            l.fail(Error::at(pointer::join("/paths", &[route]), "path item $refs are not supported"));
            continue;
        };
        for (method, op) in item.iter() {
            let id = op.operation_id.clone().unwrap_or_else(|| format!("{method}{route}"));
            found.push((id, route.as_str(), method, op, &item.parameters));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let mut operations = Vec::with_capacity(found.len());
    for (id, route, method, op, shared_params) in found {
        let at = pointer::join("/paths", &[route, method]);
        if op.operation_id.is_none() {
            l.warn(&at, format!("the operation has no operationId; it is called `{}`", naming::value_name(&id)));
        }
        match lower_operation(l, &id, route, method, op, shared_params, &at) {
            Ok(operation) => operations.push(operation),
            Err(error) => l.fail(error),
        }
    }
    Ok(operations)
}

fn lower_operation(
    l: &mut Lowerer<'_>,
    id: &str,
    route: &str,
    method: &str,
    op: &SpecOperation,
    shared_params: &[ReferenceOr<Parameter>],
    at: &str,
) -> Result<Operation, Error> {
    let base = NameContext::long(naming::type_name(id));
    let mut params = lower_params(l, op, shared_params, &base, at)?;
    let experimental = take_experimental_header(&mut params);
    let path = lower_path(l, id, route, &mut params, at)?;
    let body = lower_body(l, op, &base, at)?;
    let (success, errors) = lower_responses(l, op, &base, at)?;
    let tag = op.tags.first().cloned().unwrap_or_else(|| "Default".to_owned());
    let has_options = params.iter().any(|p| !p.required);
    let pagination = pagination(&params, &success, &naming::value_name(id));
    let (filters, sorters) = super::filters::read(l, id, &params);
    Ok(Operation {
        pagination,
        filters,
        sorters,
        id: id.to_owned(),
        fn_name: naming::value_name(id),
        pointer: format!("#{at}"),
        module: naming::module_name(&tag),
        handle: String::new(),
        locals: crate::ir::Locals::default(),
        tag,
        method: method.to_ascii_uppercase(),
        path_template: route.to_owned(),
        path,
        params,
        options_name: has_options.then(|| naming::options_name(id)),
        body,
        success,
        errors,
        error_table: 0,
        docs: doc_text(op.summary.as_deref(), op.description.as_deref()),
        deprecated: op.deprecated,
        deprecation_note: op.extensions.get("x-deprecated-description").and_then(|v| v.as_str()).map(|s| s.trim().to_owned()),
        experimental,
        user_levels: string_list(op.extensions.get("x-sailpoint-userLevels")),
        scopes: scopes(op.security.as_ref().or(l.spec.security.as_ref())),
        authenticated: needs_credentials(op.security.as_ref().or(l.spec.security.as_ref())),
    })
}

/// SailPoint's opt-in header for experimental operations: the client sends it when the caller
/// has opted in on the configuration, so no method takes it as an argument.
const EXPERIMENTAL_HEADER: &str = "X-SailPoint-Experimental";

/// Removes the experimental opt-in header from the parameters, saying whether it was there.
fn take_experimental_header(params: &mut Vec<Param>) -> bool {
    let before = params.len();
    params.retain(|p| !(p.location == ParamLocation::Header && p.wire_name.eq_ignore_ascii_case(EXPERIMENTAL_HEADER)));
    params.len() != before
}

fn string_list(value: Option<&serde_json::Value>) -> Vec<String> {
    let items = value.and_then(serde_json::Value::as_array).into_iter().flatten();
    items.filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

/// An operation needs credentials unless its security requirements are empty: `[]`, or only
/// `{}` (anonymous). One declaring none at all (nor the document) is taken to need them, as
/// SailPoint's operations do.
fn needs_credentials(security: Option<&Vec<openapiv3::SecurityRequirement>>) -> bool {
    security.is_none_or(|requirements| requirements.iter().any(|r| !r.is_empty()))
}

/// Every scope named by any of the security requirements, in order, once each.
fn scopes(security: Option<&Vec<openapiv3::SecurityRequirement>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for requirement in security.into_iter().flatten() {
        for scope in requirement.values().flatten() {
            if !out.contains(scope) {
                out.push(scope.clone());
            }
        }
    }
    out
}

fn doc_text(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    match (summary, description) {
        (Some(s), Some(d)) => Some(format!("{s}\n\n{d}")),
        (Some(s), None) => Some(s.to_owned()),
        (None, Some(d)) => Some(d.to_owned()),
        (None, None) => None,
    }
}

fn resolve_parameter<'s>(l: &Lowerer<'s>, param: &'s ReferenceOr<Parameter>, at: &str) -> Result<&'s Parameter, Error> {
    match param {
        ReferenceOr::Item(p) => Ok(p),
        ReferenceOr::Reference { reference } => {
            let name = super::component_name(reference, "parameters", at)?;
            l.spec
                .components
                .as_ref()
                .and_then(|c| c.parameters.get(&name))
                .and_then(|p| p.as_item())
                .ok_or_else(|| Error::at(at, format!("dangling $ref `{reference}`: no such parameter")))
        }
    }
}

fn lower_params(
    l: &mut Lowerer<'_>,
    op: &SpecOperation,
    shared: &[ReferenceOr<Parameter>],
    base: &NameContext,
    at: &str,
) -> Result<Vec<Param>, Error> {
    let mut params: Vec<Param> = Vec::new();
    let own = op.parameters.iter().enumerate().map(|(i, p)| (p, pointer::join(at, &["parameters", &i.to_string()])));
    let inherited = shared.iter().enumerate().map(|(i, p)| (p, format!("{}/parameters/{i}", parent_pointer(at))));
    for (param, param_at) in own.chain(inherited) {
        let param = resolve_parameter(l, param, &param_at)?;
        let (location, data, style) = match param {
            Parameter::Path { parameter_data, style } => {
                if !matches!(style, openapiv3::PathStyle::Simple) {
                    l.warn(&param_at, format!("path parameter `{}` has style `{style:?}`; it is sent in `simple` style", parameter_data.name));
                }
                (ParamLocation::Path, parameter_data, ParamStyle::Simple)
            }
            Parameter::Query { parameter_data, style, .. } => (ParamLocation::Query, parameter_data, query_style(style)),
            Parameter::Header { parameter_data, .. } => (ParamLocation::Header, parameter_data, ParamStyle::Simple),
            Parameter::Cookie { parameter_data, .. } => {
                l.warn(&param_at, format!("cookie parameter `{}` is not sent", parameter_data.name));
                continue;
            }
        };
        // `form` explodes unless told otherwise; every other style does not.
        let explode = data.explode.unwrap_or(style == ParamStyle::Form);
        if params.iter().any(|p| p.wire_name == data.name && p.location == location) {
            continue; // an operation's own parameter overrides the path item's
        }
        let context = base.child(&naming::type_name(&data.name));
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => type_of(l, schema, &context, &pointer::join(&param_at, &["schema"]))?.ty,
            ParameterSchemaOrContent::Content(_) => crate::ir::TypeRef::String,
        };
        params.push(Param {
            name: naming::value_name(&data.name),
            wire_name: data.name.clone(),
            pointer: format!("#{param_at}"),
            location,
            ty,
            required: data.required || location == ParamLocation::Path,
            style,
            explode,
            encoding: ParamEncoding::Structured,
            docs: data.description.clone(),
        });
    }
    Ok(params)
}

fn query_style(style: &openapiv3::QueryStyle) -> ParamStyle {
    match style {
        openapiv3::QueryStyle::Form => ParamStyle::Form,
        openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
        openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
        openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
    }
}

fn parent_pointer(at: &str) -> &str {
    at.rsplit_once('/').map_or(at, |(parent, _)| parent)
}

/// A piece of a path template before parameters are matched.
enum TemplatePart<'r> {
    Literal(&'r str),
    Placeholder(&'r str),
}

fn parse_template(route: &str) -> Vec<TemplatePart<'_>> {
    let mut parts = Vec::new();
    let mut rest = route;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        parts.push(TemplatePart::Literal(&rest[..open]));
        parts.push(TemplatePart::Placeholder(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    parts.push(TemplatePart::Literal(rest));
    parts.retain(|p| !matches!(p, TemplatePart::Literal("")));
    parts
}

/// Splits the template into literals and parameters, resolving inconsistencies with a warning
/// naming the operation: one undeclared placeholder and one unused path parameter are the same
/// parameter misnamed (`/campaign-filters/{id}` with `filterId`); otherwise an undeclared
/// placeholder becomes a required string and an unused path parameter is left out.
fn lower_path(l: &mut Lowerer<'_>, id: &str, route: &str, params: &mut Vec<Param>, at: &str) -> Result<Vec<PathPart>, Error> {
    let template = parse_template(route);
    let placeholders: Vec<&str> = template.iter().filter_map(|p| match p { TemplatePart::Placeholder(w) => Some(*w), TemplatePart::Literal(_) => None }).collect();
    let declared = |p: &Param, wire: &str| p.location == ParamLocation::Path && p.wire_name == wire;
    let missing: Vec<&str> = placeholders.iter().copied().filter(|w| !params.iter().any(|p| declared(p, w))).collect();
    let unused: Vec<usize> = (0..params.len())
        .filter(|&i| params[i].location == ParamLocation::Path && !placeholders.contains(&params[i].wire_name.as_str()))
        .collect();
    if let ([placeholder], [index]) = (missing.as_slice(), unused.as_slice()) {
        let param = &mut params[*index];
        l.warn(at, format!("operation `{id}` declares path parameter `{}` but its path `{route}` says `{{{placeholder}}}`; the parameter fills `{{{placeholder}}}`", param.wire_name));
        param.wire_name = (*placeholder).to_owned();
    } else {
        for &i in unused.iter().rev() {
            l.warn(at, format!("operation `{id}` declares path parameter `{}` that its path `{route}` does not use; it is left out", params[i].wire_name));
            params.remove(i);
        }
        for wire in missing {
            l.warn(at, format!("operation `{id}` has `{{{wire}}}` in its path but declares no such path parameter; it is taken as a required string"));
            params.push(Param {
                name: naming::value_name(wire),
                wire_name: wire.to_owned(),
                pointer: format!("#{at}"),
                location: ParamLocation::Path,
                ty: crate::ir::TypeRef::String,
                required: true,
                style: ParamStyle::Simple,
                explode: false,
                encoding: ParamEncoding::Structured,
                docs: None,
            });
        }
    }
    template
        .iter()
        .map(|part| match part {
            TemplatePart::Literal(text) => Ok(PathPart::Literal((*text).to_owned())),
            // Every placeholder has its parameter by now: undeclared ones were added above.
            TemplatePart::Placeholder(wire) => params
                .iter()
                .position(|p| declared(p, wire))
                .map(PathPart::Param)
                .ok_or_else(|| Error::at(at, format!("internal error: `{{{wire}}}` of `{route}` has no parameter"))),
        })
        .collect()
}

/// An operation with optional integer `limit` and `offset` query parameters that returns a JSON
/// array can be paged through.
fn pagination(params: &[Param], success: &crate::ir::Success, fn_name: &str) -> Option<crate::ir::Pagination> {
    let crate::ir::SuccessBody::Json(crate::ir::TypeRef::Array(item)) = &success.body else { return None };
    let find = |wire: &str, integer: bool| {
        params.iter().position(|p| {
            let is_integer = matches!(p.ty, crate::ir::TypeRef::I32 | crate::ir::TypeRef::I64);
            p.location == ParamLocation::Query && p.wire_name == wire && !p.required && (!integer || is_integer)
        })
    };
    let count = params.iter().position(|p| p.location == ParamLocation::Query && p.wire_name == "count" && p.ty == crate::ir::TypeRef::Bool && !p.required);
    Some(crate::ir::Pagination {
        fn_name: format!("{}_stream", fn_name.trim_start_matches("r#")),
        item: (**item).clone(),
        limit: find("limit", true)?,
        offset: find("offset", true)?,
        count,
    })
}
