//! The plain-data intermediate representation between lowering and emitting.
//!
//! Every identifier here is final: emitters print names, they never make them.

mod filters;

pub use filters::*;

/// The whole client to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The Rust module the API is emitted in (`isc`, `v3`), below the crate root.
    pub module: String,
    /// The document's title, for docs.
    pub title: String,
    /// The connection (base URL and credentials) its calls use, when it is not the client's main
    /// one: APIs on the main API's host share the main connection; the others are grouped by host.
    pub connection: Option<String>,
    /// The server URL template (e.g. `https://{tenant}.api.identitynow.com/v3`) and its variables.
    pub server: Option<Server>,
    /// Models, indexed by [`ModelId`]; emitted sorted by name.
    pub models: Vec<Model>,
    /// Operations, sorted by module then function name.
    pub operations: Vec<Operation>,
    /// The distinct error body types, one variant each of the generated `ErrorBody` enum.
    pub error_bodies: Vec<ErrorBodyVariant>,
    /// The distinct tables of error statuses, each shared by the operations that declare it.
    pub error_tables: Vec<ErrorTable>,
}

/// A table of error statuses and their body types, emitted once and shared by every operation
/// that declares the same statuses (most declare 400, 401, 403, 404, 429 and 500 alike).
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorTable {
    /// The constant's name.
    pub name: String,
    /// The statuses, as the operations declare them.
    pub statuses: Vec<ErrorStatus>,
    /// The modules (tags) whose operations use it.
    pub used_by: Vec<String>,
}

/// A server URL template.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL with `{variable}` placeholders.
    pub url: String,
    /// Description from the spec.
    pub description: Option<String>,
    /// Template variables in the order the spec lists them.
    pub variables: Vec<ServerVariable>,
}

impl Server {
    /// The scheme and host part of the URL (`https://{tenant}.api.identitynow.com`); empty for a
    /// relative URL.
    pub fn origin(&self) -> &str {
        self.url.split_at(self.origin_len()).0
    }

    /// The path part of the URL (`/v3`), without a trailing slash.
    pub fn base_path(&self) -> &str {
        self.url.split_at(self.origin_len()).1.trim_end_matches('/')
    }

    fn origin_len(&self) -> usize {
        match self.url.find("://") {
            Some(scheme_end) => self.url[scheme_end + 3..].find('/').map_or(self.url.len(), |slash| scheme_end + 3 + slash),
            None => 0,
        }
    }
}

/// One `{variable}` of a server URL.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// The name inside the braces.
    pub name: String,
    /// The spec's default value.
    pub default: String,
    /// Description from the spec.
    pub description: Option<String>,
}

/// Index into [`Api::models`].
pub type ModelId = usize;

/// A named type: a struct, an enum, or an alias.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The Rust type name.
    pub name: String,
    /// The file stem (snake case) of the model's module.
    pub module: String,
    /// The JSON pointer of its schema (the first, when identical inline shapes merged).
    pub pointer: String,
    /// Where the model comes from (component name or inline context), for docs.
    pub origin: String,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// Whether the schema itself is nullable, so every use is an `Option`.
    pub nullable: bool,
    /// Whether the spec marks the schema deprecated.
    pub deprecated: bool,
    /// What the model is.
    pub kind: ModelKind,
    /// The modules (tags) whose operations use the model, directly or through other models;
    /// empty when no operation does.
    pub used_by: Vec<String>,
}

/// The shape of a model.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum that keeps values the spec does not list.
    Enum(Enum),
    /// Another name for a type.
    Alias(TypeRef),
    /// One of several types (`oneOf`/`anyOf`), with a fallback that keeps anything else.
    Union(Union),
}

/// A `oneOf`/`anyOf` model.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The alternatives in spec order.
    pub variants: Vec<UnionVariant>,
    /// How the alternatives are told apart, when the spec names a discriminator property or the
    /// document proves one (every alternative has an enum property whose values name them).
    pub discriminator: Option<Discriminator>,
    /// The name of the variant that keeps a value matching no alternative, as JSON.
    pub other_variant: String,
}

/// One alternative of a [`Union`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: String,
    /// The payload type.
    pub ty: TypeRef,
    /// Boxed because the payload contains this union (recursion).
    pub boxed: bool,
}

/// The property whose value picks the alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// The property's wire name.
    pub property: String,
    /// Property value -> index into [`Union::variants`].
    pub mapping: Vec<(String, usize)>,
}

/// An object model.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Fields in the spec's property order.
    pub fields: Vec<Field>,
    /// The name of the field that keeps the properties the spec does not list.
    pub additional: String,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust field name (may be a raw identifier such as `r#type`).
    pub name: String,
    /// The method that reads the property with the spec's default filled in, for an optional
    /// property that has one (`enabled()` beside the field `enabled: Option<bool>`).
    pub accessor: String,
    /// The JSON property name.
    pub wire_name: String,
    /// The value type, without the `Option` that optionality or nullability adds.
    pub ty: TypeRef,
    /// Listed in `required`: always present on the wire.
    pub required: bool,
    /// May be `null` on the wire.
    pub nullable: bool,
    /// Sent by the server only: never serialized into a request.
    pub read_only: bool,
    /// Sent by the client only: optional when decoding, whatever `required` says.
    pub write_only: bool,
    /// The spec's default: what the server does when the property is absent. Read through the
    /// accessor, never written into a value or sent.
    pub default: Option<serde_json::Value>,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// Whether the spec marks the property deprecated.
    pub deprecated: bool,
    /// Boxed because the value contains this struct (recursion).
    pub boxed: bool,
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Known values in the spec's order.
    pub variants: Vec<Variant>,
    /// The name of the variant that holds any other value.
    pub unknown_variant: String,
}

/// One known enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// An RFC 3339 date and time (`format: date-time`), as `chrono::DateTime<Utc>`.
    DateTime,
    /// A calendar date (`format: date`), as `chrono::NaiveDate`.
    Date,
    /// Any JSON value.
    Json,
    /// A free-form JSON object.
    JsonObject,
    /// A named model.
    Model(ModelId),
    /// A `Vec` of items.
    Array(Box<TypeRef>),
    /// A string-keyed map.
    Map(Box<TypeRef>),
    /// An array item or map value the spec allows to be `null`: an `Option`.
    Nullable(Box<TypeRef>),
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// A query pair.
    Query,
    /// A request header.
    Header,
}

/// One operation: one async method on the client.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The spec's operationId.
    pub id: String,
    /// The method name.
    pub fn_name: String,
    /// The JSON pointer of the operation (`#/paths/~1sources/get`).
    pub pointer: String,
    /// The module (from the first tag) the method is emitted in.
    pub module: String,
    /// The tag's handle type, whose method it is (`SourcesApi`).
    pub handle: String,
    /// The names its generated method bodies declare, clear of its parameters.
    pub locals: Locals,
    /// The tag as written in the spec.
    pub tag: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path template as written in the spec.
    pub path_template: String,
    /// The path split into literals and parameter references.
    pub path: Vec<PathPart>,
    /// Parameters; required ones become arguments, optional ones fields of the options struct.
    pub params: Vec<Param>,
    /// The name of the options struct, when there are optional parameters.
    pub options_name: Option<String>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// The success response.
    pub success: Success,
    /// Error statuses and the [`Api::error_bodies`] index of their body type.
    pub errors: Vec<ErrorStatus>,
    /// Index into [`Api::error_tables`] of the table holding `errors`.
    pub error_table: usize,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// Whether the spec marks the operation deprecated.
    pub deprecated: bool,
    /// Why it is deprecated and what to use instead (`x-deprecated-description`).
    pub deprecation_note: Option<String>,
    /// Whether the operation declares SailPoint's `X-SailPoint-Experimental` header: the caller
    /// opts in once on the configuration and the header is sent for them.
    pub experimental: bool,
    /// The user levels allowed to call it (`x-sailpoint-userLevels`).
    pub user_levels: Vec<String>,
    /// The OAuth scopes that grant it, from its security requirements.
    pub scopes: Vec<String>,
    /// Whether it needs credentials: `false` when its security (or the document's) is empty,
    /// `security: [{}]` or `[]`.
    pub authenticated: bool,
    /// How to page through the list it returns, when it takes `limit` and `offset`.
    pub pagination: Option<Pagination>,
    /// Typed `filters`, when its docs list the fields and operators.
    pub filters: Option<Filters>,
    /// Typed `sorters`, when its docs list the fields.
    pub sorters: Option<Sorters>,
}

/// The arguments and locals a generated method declares besides the spec's parameters; each is
/// allocated beside them, so a parameter called `request` or `page` shadows nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Locals {
    /// The options argument.
    pub options: String,
    /// The request being built.
    pub request: String,
    /// An optional parameter's value, once present.
    pub value: String,
    /// One item of an array parameter.
    pub item: String,
    /// The tag handle a stream copies.
    pub api: String,
    /// A stream's page size.
    pub limit: String,
    /// A stream's first offset.
    pub start: String,
    /// A page's offset.
    pub offset: String,
    /// A page's options.
    pub page: String,
    /// The multipart form being built.
    pub form: String,
}

/// A `limit`/`offset` list operation: a `..._stream` method pages through it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The stream method's name.
    pub fn_name: String,
    /// The item type.
    pub item: TypeRef,
    /// Index into [`Operation::params`] of `limit`.
    pub limit: usize,
    /// Index of `offset`.
    pub offset: usize,
    /// Index of `count`, when the operation can report `X-Total-Count`.
    pub count: Option<usize>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text copied as is.
    Literal(String),
    /// The value of `params[index]`, percent-encoded as one segment.
    Param(usize),
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The Rust argument or field name.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// The JSON pointer of its declaration.
    pub pointer: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: TypeRef,
    /// Required parameters are positional arguments.
    pub required: bool,
    /// How the value is laid out (the spec's `style`, or its location's default).
    pub style: ParamStyle,
    /// For arrays: one `name=value` pair per item (`true`, the default of `form` style), or one
    /// pair with the items joined by the style's delimiter. For objects: one pair per property,
    /// or one pair `name=key,value,key,value`.
    pub explode: bool,
    /// How the value becomes text, as its type allows.
    pub encoding: ParamEncoding,
    /// Rustdoc text.
    pub docs: Option<String>,
}

/// How a parameter is laid out on the wire (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `form` (the query default): `name=value`, lists repeated or joined by commas.
    Form,
    /// `spaceDelimited`: a list joined by spaces.
    SpaceDelimited,
    /// `pipeDelimited`: a list joined by pipes.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`.
    DeepObject,
    /// `simple` (the path and header default): a list or object joined by commas.
    Simple,
}

/// How a parameter's value becomes text. Lowering gives [`Structured`](Self::Structured), which
/// every type allows; the type check then picks the plainer encodings where the type has what
/// they need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamEncoding {
    /// Its own text (the runtime's `ParamValue`): strings, numbers, booleans, dates, string enums.
    Text,
    /// A list of values with their own text.
    List,
    /// Serialized as JSON and laid out as the style says: objects, unions, free JSON, lists of
    /// those, nullable values.
    Structured,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The argument name.
    pub name: String,
    /// The media type sent as `Content-Type`.
    pub content_type: String,
    /// How the body is written.
    pub kind: BodyKind,
    /// Rustdoc text.
    pub docs: Option<String>,
}

/// How a request body is written.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// JSON (`application/json`, `application/json-patch+json`, ...) of this type.
    Json(TypeRef),
    /// `multipart/form-data` with these parts.
    Form(Form),
    /// Text as is.
    Text,
    /// Bytes as is.
    Bytes,
}

/// A `multipart/form-data` body: a struct of parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// The struct's name.
    pub name: String,
    /// The parts the spec names.
    pub fields: Vec<FormField>,
    /// Whether the spec allows other parts (a free-form object): the struct then has `extra`.
    pub open: bool,
    /// The name of the field holding the other parts.
    pub extra: String,
}

/// One named part of a form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    /// The Rust field name.
    pub name: String,
    /// The part name.
    pub wire_name: String,
    /// What the part holds.
    pub kind: FormFieldKind,
    /// Whether the part must be sent.
    pub required: bool,
    /// Rustdoc text.
    pub docs: Option<String>,
}

/// The content of a form part.
#[derive(Debug, Clone, PartialEq)]
pub enum FormFieldKind {
    /// A file (`format: binary`).
    File,
    /// A scalar sent as its text.
    Text(TypeRef),
    /// A structured value sent as JSON text.
    Json(TypeRef),
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    /// The 2xx statuses the spec declares.
    pub statuses: Vec<u16>,
    /// The body.
    pub body: SuccessBody,
    /// The media types asked for with `Accept`.
    pub accept: Option<String>,
    /// Whether a success status without a body (204, 205) is declared beside a JSON one: the
    /// method then returns an `Option`, `None` for the empty response.
    pub may_be_empty: bool,
    /// What a fake tenant answers by default: the first success response's example.
    pub example: Option<Example>,
}

/// A response as a fake tenant sends it by default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The status.
    pub status: u16,
    /// The body's media type; empty for no body.
    pub content_type: String,
    /// The body: the spec's first example, or one built from the properties' examples.
    pub body: String,
}

/// The body of a successful response.
#[derive(Debug, Clone, PartialEq)]
pub enum SuccessBody {
    /// No content.
    Empty,
    /// JSON decoded into this type.
    Json(TypeRef),
    /// Text (CSV, XML, plain).
    Text,
    /// Bytes (ZIP, PDF, binary CSV).
    Bytes,
}

/// An error status and how its body decodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorStatus {
    /// The status code, or the first code of a range such as `4XX` (400) or `default` (0).
    pub status: StatusMatch,
    /// Index into [`Api::error_bodies`]; `None` when the spec gives no body.
    pub body: Option<usize>,
}

/// Which statuses an error entry covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One code.
    Code(u16),
    /// A class such as `4XX` (holds 4).
    Class(u16),
    /// Any other status.
    Default,
}

/// One variant of the generated `ErrorBody` enum.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBodyVariant {
    /// The variant name.
    pub name: String,
    /// The decoded type.
    pub ty: TypeRef,
    /// The modules (tags) whose operations can return it.
    pub used_by: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(url: &str) -> Server {
        Server { url: url.to_owned(), description: None, variables: Vec::new() }
    }

    #[test]
    fn a_server_url_splits_into_origin_and_base_path() {
        let v3 = server("https://{tenant}.api.identitynow.com/v3");
        assert_eq!((v3.origin(), v3.base_path()), ("https://{tenant}.api.identitynow.com", "/v3"));
        let isc = server("https://{apiUrl}");
        assert_eq!((isc.origin(), isc.base_path()), ("https://{apiUrl}", ""));
        let nerm = server("https://{tenantName}.nonemployee.com/api/v2025/");
        assert_eq!((nerm.origin(), nerm.base_path()), ("https://{tenantName}.nonemployee.com", "/api/v2025"));
        let relative = server("/api");
        assert_eq!((relative.origin(), relative.base_path()), ("", "/api"));
    }
}
