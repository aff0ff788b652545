//! The intermediate representation: everything the emitters need, with every
//! decision already taken (names final and unique, `$ref`s resolved, Option
//! versus required, which status maps to which variant). Emitters only print
//! it; they never look at `openapiv3` types.

/// A whole API.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Api {
    /// Cargo package name (kebab-case).
    pub crate_name: String,
    pub title: String,
    pub description: Option<String>,
    /// `info.version`: the API's version, not the crate's.
    pub api_version: String,
    /// `servers[0].url`, when there is one, its variables at their defaults.
    pub base_url: Option<String>,
    /// The variables of `servers[0].url` (`https://{region}.example.com`),
    /// and the URL as literal text and variables (indices into this list).
    pub server_variables: Vec<ServerVariable>,
    pub server_template: Vec<UrlPart>,
    /// The generated crate's version and description (configuration).
    pub package_version: String,
    /// The configuration's `[package] bump_version`: a regeneration gives
    /// the crate the version its change report implies.
    pub bump_version: bool,
    pub package_description: Option<String>,
    /// Headers every request carries unless removed (configuration), placeholders expanded.
    pub default_headers: Vec<(String, String)>,
    /// The credentials `Client::new` takes: `schemes[0]`'s, or none.
    pub auth: Auth,
    /// Every security scheme some requirement names, `Client::new`'s first.
    pub schemes: Vec<Scheme>,
    /// Retry defaults from `x-speakeasy-retries`; `None` means built-in defaults.
    pub retry: Option<Retry>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// The crate's cargo features that select operations (one per tag or
    /// resource); empty when the API is not split.
    pub features: Vec<Feature>,
    /// Whether `full` (every feature) is on by default; with `features`.
    pub full_by_default: bool,
    /// The patterns `[select]` chose the operations by, when the crate has
    /// only some of the description's (and so maybe not every kind of a
    /// base).
    pub selection: Option<Selection>,
    /// The description's examples of JSON bodies, each a test of the crate.
    pub examples: Vec<Example>,
    /// The description's tags, in its order (operations name them).
    pub tags: Vec<Tag>,
    /// The events the API sends to its users' servers (`webhooks`), and how
    /// they are signed and named.
    pub webhooks: Webhooks,
}

/// The API's webhooks: one variant of the crate's `Event` per event.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Webhooks {
    pub events: Vec<Webhook>,
    pub signature: WebhookSignature,
    /// The payload's property that names its event (`type`).
    pub event_field: String,
}

/// One event.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// Its name in the description (`organizationInvitation.created`).
    pub name: String,
    /// Its variant of `Event` (`OrganizationInvitationCreated`).
    pub variant: String,
    pub payload: Ty,
}

/// How deliveries are signed (the configuration's `[webhooks] signature`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum WebhookSignature {
    /// Not at all: payloads are decoded as they come.
    #[default]
    None,
    /// Standard Webhooks (`webhook-id`, `webhook-timestamp`,
    /// `webhook-signature`, or Svix's `svix-` names).
    Standard,
    /// HMAC-SHA256 of the body, hex, after `sha256=`, in this header.
    HmacSha256 { header: String },
}

/// A tag the description declares.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub name: String,
    pub description: Option<String>,
}

/// An example of a JSON body from the description: a test reads it into its
/// type and writes it back.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The test's name, unique and snake_case.
    pub name: String,
    /// What it is the body of.
    pub of: ExampleOf,
    /// Where its value is in the description.
    pub pointer: String,
    /// The type it is read into.
    pub ty: Ty,
    /// The value, as JSON text.
    pub json: String,
    /// How it differs from its own schema, when it does.
    pub deviation: Option<ExampleDeviation>,
}

/// The body an example is of.
#[derive(Debug, Clone, PartialEq)]
pub enum ExampleOf {
    /// An operation's (index into `Api::operations`): its request body
    /// (`None`) or the answer of this status (`200`, `4XX`, `default`).
    Operation {
        index: usize,
        status: Option<String>,
    },
    /// A webhook's payload (index into `Webhooks::events`).
    Webhook(usize),
}

impl Example {
    /// Whether the client receives this body (an answer or a webhook's
    /// payload) rather than sends it.
    pub fn received(&self) -> bool {
        !matches!(self.of, ExampleOf::Operation { status: None, .. })
    }

    /// The status of the answer it is the body of, if it is one.
    pub fn status(&self) -> Option<&str> {
        match &self.of {
            ExampleOf::Operation { status, .. } => status.as_deref(),
            ExampleOf::Webhook(_) => None,
        }
    }
}

/// How an example differs from its schema (see `resolve::examples`).
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleDeviation {
    /// Each difference, in document order.
    pub differences: Vec<Difference>,
}

impl ExampleDeviation {
    /// Where, in the example, each difference is.
    pub fn pointers(&self) -> Vec<&str> {
        self.differences.iter().map(|d| d.at.as_str()).collect()
    }

    /// Whether the client reads it all the same (`Decoding::Lenient`).
    pub fn readable(&self) -> bool {
        self.differences.iter().all(|d| d.readable)
    }
}

/// One way an example differs from its schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// Where, in the example (a JSON pointer, `""` for the whole).
    pub at: String,
    /// What differs, as a sentence's end ("the required property `id` is
    /// missing").
    pub what: String,
    /// The client reads on (leniently) where this is all that differs.
    pub readable: bool,
    /// A difference a model could take in, when it is one.
    pub absence: Option<Absence>,
}

/// A difference of presence: what an object's property is in the example
/// that its schema does not allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Absence {
    /// The object at `at` leaves out this property, which is required.
    Missing(String),
    /// The value at `at` is `null`, which the schema does not allow.
    Null,
}

/// A variable of the server URL: a typed argument of `Client::with_server`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// The name in the URL template.
    pub name: String,
    /// The argument's name.
    pub arg: String,
    /// The model (a string enum) of its values, when the spec lists them.
    pub enum_type: Option<TypeId>,
    pub default: String,
    pub description: Option<String>,
}

/// A piece of a server URL template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlPart {
    Literal(String),
    /// A variable, by index into `Api::server_variables`.
    Variable(usize),
}

impl Api {
    /// The model `id` names.
    pub fn def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The Rust name of model `id`.
    pub fn type_name(&self, id: TypeId) -> &str {
        &self.types[id.0].name
    }

    /// The model `id` stands for, through aliases of other models (a twin's
    /// alias, a component that is only a `$ref`).
    pub fn definition(&self, id: TypeId) -> Option<&TypeDef> {
        let mut id = id;
        // An alias chain visits each type at most once.
        for _ in 0..=self.types.len() {
            let def = self.types.get(id.0)?;
            match &def.kind {
                TypeKind::Alias(Ty::Named(target)) => id = *target,
                _ => return Some(def),
            }
        }
        None
    }

    /// The IR with every model id `i` made `place[i]`.
    pub fn renumbered(mut self, place: &[usize]) -> Self {
        self.for_each_type_id_mut(&mut |id| id.0 = place[id.0]);
        self
    }

    /// Calls `f` with every model id the IR holds: in the models, the
    /// operations, the server variables and the examples. (For renumbering
    /// the models.)
    pub fn for_each_type_id_mut(&mut self, f: &mut impl FnMut(&mut TypeId)) {
        for t in &mut self.types {
            match &mut t.kind {
                TypeKind::Struct(s) => {
                    for field in &mut s.fields {
                        field.ty.for_each_named_mut(f);
                    }
                    if let Some((_, ty)) = &mut s.additional {
                        ty.for_each_named_mut(f);
                    }
                }
                TypeKind::Alias(ty) => ty.for_each_named_mut(f),
                TypeKind::Union(u) => {
                    for v in &mut u.variants {
                        v.ty.for_each_named_mut(f);
                    }
                }
                TypeKind::Enum(_) => {}
            }
        }
        for op in &mut self.operations {
            for p in &mut op.params {
                p.ty.for_each_named_mut(f);
            }
            if let Some(body) = &mut op.body {
                body.ty.for_each_named_mut(f);
            }
            let payloads = op
                .success
                .cases
                .iter_mut()
                .map(|c| &mut c.payload)
                .chain(op.errors.iter_mut().map(|e| &mut e.payload));
            for payload in payloads {
                if let Payload::Json(ty) = payload {
                    ty.for_each_named_mut(f);
                }
            }
            if let Some(p) = &mut op.pagination {
                if let Some(page) = &mut p.page_ty {
                    f(page);
                }
                p.item_ty.for_each_named_mut(f);
                if let Some((_, ty)) = &mut p.total_field {
                    ty.for_each_named_mut(f);
                }
            }
            if let Some(Streaming {
                kind: StreamKind::Events(Some(ty)),
                ..
            }) = &mut op.stream
            {
                ty.for_each_named_mut(f);
            }
        }
        for v in &mut self.server_variables {
            if let Some(id) = &mut v.enum_type {
                f(id);
            }
        }
        for w in &mut self.webhooks.events {
            w.payload.for_each_named_mut(f);
        }
        for e in &mut self.examples {
            e.ty.for_each_named_mut(f);
        }
    }
}

/// A model: its place in `Api::types`. Types refer to each other by it,
/// never by name, so that a model can be renamed, merged into a twin or
/// moved without its users being rewritten as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// A cargo feature that compiles a group of operations and the models they
/// reach.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// The feature's name (`repos`, `code-scanning`).
    pub name: String,
    /// One line for `Cargo.toml` and the crate docs.
    pub doc: String,
    /// How many operations it compiles.
    pub operations: usize,
    /// For a feature divided by resource: the features it turns on, which
    /// gates name instead of it. Empty for the others.
    pub parts: Vec<String>,
}

/// The patterns that chose a crate's operations among the description's
/// (`[select]`), and the models kept besides what they reach.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub models: Vec<String>,
}

/// When an item is compiled.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Gate {
    /// Always (the API is not split, or every feature needs it).
    #[default]
    Always,
    /// When any of these features (indices into `Api::features`) is on.
    Any(Vec<usize>),
    /// Only with `full`: a model no operation reaches (a webhook payload, an
    /// unused component).
    Full,
}

/// How requests are authenticated (the first scheme of the top-level
/// `security`).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Auth {
    /// No security scheme applies.
    #[default]
    None,
    /// `Authorization: Bearer <token>`; also used for OAuth2 and OpenID
    /// Connect, whose access token the caller obtains.
    Bearer { description: Option<String> },
    /// `Authorization: Basic <base64(user:password)>`.
    Basic { description: Option<String> },
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        location: ApiKeyLocation,
        name: String,
        description: Option<String>,
    },
}

/// A security scheme the client can hold credentials for.
#[derive(Debug, Clone, PartialEq)]
pub struct Scheme {
    /// Its key in `components.securitySchemes`.
    pub key: String,
    /// How its credentials are sent (never `Auth::None`).
    pub auth: Auth,
    /// The `Client` method that sets its credentials.
    pub setter: String,
    /// The OAuth2 client-credentials flow, when the scheme declares one.
    pub client_credentials: Option<ClientCredentials>,
}

/// An OAuth2 client-credentials flow: the client fetches its own tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientCredentials {
    pub token_url: String,
    /// Every scope the spec's requirements name for the scheme.
    pub scopes: Vec<String>,
    /// The `Client` method that sets the client id and secret.
    pub setter: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Retry {
    pub initial_interval_ms: u64,
    pub max_interval_ms: u64,
    pub max_elapsed_ms: u64,
    pub exponent: f64,
    /// Inclusive status ranges (`5XX` is `500..=599`).
    pub statuses: Vec<(u16, u16)>,
    pub connection_errors: bool,
}

/// A named type in the `models` module.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
    /// Where in the spec it comes from (for docs and diagnostics).
    pub pointer: String,
    /// Which features compile it.
    pub gate: Gate,
    /// Where the API uses it: its docs when the description has none.
    pub uses: Uses,
}

impl TypeDef {
    /// Calls `f` with every model this one names directly: its fields', its
    /// other properties', its alternatives', what it is an alias of.
    pub fn for_each_named(&self, f: &mut impl FnMut(TypeId)) {
        match &self.kind {
            TypeKind::Struct(s) => {
                for field in &s.fields {
                    field.ty.for_each_named(f);
                }
                if let Some((_, ty)) = &s.additional {
                    ty.for_each_named(f);
                }
            }
            TypeKind::Enum(_) => {}
            TypeKind::Alias(ty) => ty.for_each_named(f),
            TypeKind::Union(u) => {
                for v in &u.variants {
                    v.ty.for_each_named(f);
                }
            }
        }
    }
}

/// The first few places a model is used, and how many there are in all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Uses {
    pub first: Vec<Use>,
    pub total: usize,
}

/// A place a model is used: in an operation (by index), or in another model.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Use {
    /// In the request body.
    Request(usize),
    /// In a successful answer's body.
    Response(usize),
    /// In a documented error's body.
    Error(usize),
    /// In a parameter, by its name on the wire.
    Param(usize, String),
    /// In a property of a struct, by its name on the wire.
    Field(TypeId, String),
    /// In an alternative of a union.
    Variant(TypeId),
    /// As what an alias names.
    Alias(TypeId),
    /// In a variable of the server URL, by its name.
    ServerVariable(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(StringEnum),
    /// `pub type Name = Ty;`
    Alias(Ty),
    /// `oneOf`/`anyOf`: one variant per alternative.
    Union(Union),
}

/// An enum over alternative schemas, or over the kinds of a base schema
/// (inheritance: see `resolve::hierarchy`). With a discriminator, decoding
/// picks the variant by the tag property; without one, the alternative the
/// value fits best. A value none reads is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The discriminator property, when every variant has known tag values.
    pub tag: Option<String>,
    /// Name of the variant holding a value no alternative reads.
    pub unknown: String,
    /// Whether that variant is the last of `variants` (the base's own
    /// properties, for a value of a kind not listed); otherwise it is added
    /// by the emitter and holds the value as JSON.
    pub fallback: bool,
    /// A value without the tag is a value of the base (OData's
    /// `@odata.type`, see the `odata` pass), read as the fallback without a
    /// deviation.
    pub absent_tag_is_base: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: Ty,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
    /// Refers back to the union without indirection, so it is boxed.
    pub boxed: bool,
    /// Where the variant is compiled, beyond where its union is: a kind of
    /// a base is compiled where its own type is (the `features` pass), and
    /// without it a value of that kind reads as the base's.
    pub gate: Gate,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Sent in request bodies: gets a `new` taking the required fields and a
    /// chainable setter per optional field. Response-only structs do not, to
    /// keep the generated crate small.
    pub builder: bool,
    /// `additionalProperties` beside declared ones: the field (a map) that
    /// holds the other properties, and their value type.
    pub additional: Option<(String, Ty)>,
    /// A subtype of one kind: the discriminator property and its value,
    /// written by the struct itself (it has no field for it).
    pub tag: Option<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name, already snake_case and valid (`r#type` is written `type` and
    /// flagged as needing a raw identifier by the emitter).
    pub name: String,
    /// Name on the wire.
    pub json_name: String,
    pub doc: Option<String>,
    pub ty: Ty,
    pub presence: Presence,
    /// The type refers back to the struct without indirection, so it is boxed.
    pub boxed: bool,
    pub deprecated: bool,
}

/// How a field's absence and `null` are represented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never null: `T`.
    Required,
    /// May be absent, never null: `Option<T>`, left out when `None`.
    Optional,
    /// Always present, may be null: `Option<T>`, written as `null` when `None`.
    RequiredNullable,
    /// May be absent or null: `Nullable<T>` (omitted / null / value).
    OptionalNullable,
}

/// A string enum that keeps values it does not know.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
    /// Name of the catch-all variant holding unknown values.
    pub other: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub name: String,
    pub value: String,
}

/// A Rust type as used in a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    String,
    Bool,
    I32,
    I64,
    /// Any JSON number: `f64` whatever the `format` (an `f32` would give back
    /// `0.10000000149011612` for the `0.1` it received).
    F64,
    /// Any JSON value.
    Json,
    /// A free-form JSON object.
    JsonObject,
    /// `format: binary`: in a JSON body, the string as sent (`String`:
    /// JSON has no bytes); a multipart body's binary property becomes an
    /// `Upload`.
    Binary,
    /// A binary request body or multipart file: bytes, a file or a stream
    /// (the runtime's `Upload`).
    Upload,
    Vec(Box<Ty>),
    /// A fixed-length array of these types in order (JSON Schema's
    /// `prefixItems` with `items: false`): a Rust tuple.
    Tuple(Vec<Ty>),
    /// String-keyed map with values of this type.
    Map(Box<Ty>),
    /// A type defined in `models`.
    Named(TypeId),
}

impl Ty {
    /// Calls `f` with every model this type names, through lists, maps and
    /// tuples.
    pub fn for_each_named(&self, f: &mut impl FnMut(TypeId)) {
        match self {
            Ty::Named(id) => f(*id),
            Ty::Vec(inner) | Ty::Map(inner) => inner.for_each_named(f),
            Ty::Tuple(items) => items.iter().for_each(|t| t.for_each_named(f)),
            _ => {}
        }
    }

    /// [`Ty::for_each_named`], with each id to change in place.
    pub fn for_each_named_mut(&mut self, f: &mut impl FnMut(&mut TypeId)) {
        match self {
            Ty::Named(id) => f(id),
            Ty::Vec(inner) | Ty::Map(inner) => inner.for_each_named_mut(f),
            Ty::Tuple(items) => items.iter_mut().for_each(|t| t.for_each_named_mut(f)),
            _ => {}
        }
    }
}

/// One operation: one builder, one client method, one error enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId` as written in the spec (or derived from method and path).
    pub id: String,
    /// `Client` method name (snake_case).
    pub method_name: String,
    /// Builder type name in `operations`.
    pub builder_name: String,
    /// Error enum name in `errors`.
    pub error_name: String,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// The path template as written (`/orgs/{id}`).
    pub path: String,
    pub path_parts: Vec<PathPart>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Success,
    pub errors: Vec<ErrorCase>,
    /// Offset pagination, when the operation has one.
    pub pagination: Option<Pagination>,
    /// A success body read as it arrives instead of buffered: a download
    /// or server-sent events.
    pub stream: Option<Streaming>,
    /// Names of the builder's option methods (timeout, retry, deadline),
    /// final and distinct from every parameter setter.
    pub timeout_setter: String,
    pub retry_setter: String,
    pub deadline_setter: String,
    /// For an optional body whose model has no required field: its fields
    /// as setters of the builder too, so a small body needs no model of its
    /// own at the call site.
    pub body_fields: Vec<BodyField>,
    pub pointer: String,
    /// The spec's `tags`, in its order.
    pub tags: Vec<String>,
    /// Sent without the client's credentials: the operation requires none
    /// (`security: []`, or no requirement on it or at the top).
    pub anonymous: bool,
    /// Its security requirements: alternatives of indices into
    /// `Api::schemes` sent together; `None` for the usual, `Client::new`'s
    /// scheme alone (or no credentials, when `anonymous`).
    pub security: Option<Vec<Vec<usize>>>,
    /// The header that carries an idempotency key (`Idempotency-Key`): a
    /// header parameter named so, or the configuration's for a `POST` or
    /// `PATCH`. A call sends the key its parameter was set to, else a new
    /// one, which makes it safe to retry.
    pub idempotency_key: Option<String>,
    /// The operation's own server (its path's or its own `servers[0]`,
    /// variables at their defaults), when it differs from the API's.
    pub server: Option<String>,
    /// Which features compile it.
    pub gate: Gate,
    /// The error enum whose name `error_name` is an alias of, when another
    /// operation has the same documented errors.
    pub error_alias: Option<String>,
    /// Which features compile its error enum (when it has its own): any
    /// that compiles an operation using it.
    pub error_gate: Gate,
    /// Whether the decoding of its answers is compiled in the crate, once,
    /// rather than in each crate that calls it (see `passes::decoding`).
    pub decoded_in_crate: bool,
}

/// One field of an optional body, set from the operation's builder.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyField {
    /// The field, by its name in the body model.
    pub field: String,
    /// The builder's setter, distinct from every other builder method.
    pub setter: String,
    /// The builder's setter that sends `null`, for optional-nullable fields.
    pub null_setter: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// How a parameter value becomes text, from its type and its OpenAPI
/// `style`/`explode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// The type implements `Display` (numbers, strings, string enums).
    Display,
    /// Encoded through serde: one value (arrays comma-joined).
    Plain,
    /// Exploded `form` array: the parameter repeated per item.
    Repeat,
    /// Array joined with this separator.
    Join(char),
    /// Exploded `form` object: one parameter per property.
    Flat,
    /// `form` object, not exploded: `k1,v1,k2,v2`.
    Pairs,
    /// `deepObject`: `name[key]=value`.
    Deep,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust name: argument name for required path parameters, setter name otherwise.
    pub name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    /// Path parameters are always required.
    pub required: bool,
    pub ty: Ty,
    pub style: ParamStyle,
    pub doc: Option<String>,
    pub deprecated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub ty: Ty,
    pub media: BodyMedia,
    /// A required body is an argument of the client method; an optional one
    /// gets a setter named `setter`.
    pub required: bool,
    pub setter: String,
    pub doc: Option<String>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyMedia {
    Json,
    /// `application/x-www-form-urlencoded`: the struct's properties as pairs.
    Form,
    /// `multipart/form-data`: one part per property of the body struct.
    Multipart(Vec<MultipartField>),
    /// Any other media type, sent as is (`ty` is `String` or `Binary`).
    Raw {
        content_type: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct MultipartField {
    /// Field of the body struct.
    pub field: String,
    /// Part name on the wire.
    pub part: String,
    /// `format: binary`: sent as a file part with the bytes.
    pub binary: bool,
    /// Whether the field may be absent; an absent field sends no part.
    pub presence: Presence,
    /// The field's type implements `Display`, so its text needs no serde.
    pub display: bool,
}

/// What a response body is decoded into.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Payload {
    /// JSON, into this type.
    Json(Ty),
    /// `text/*`: a `String`.
    Text,
    /// Anything else (images, octet-stream): the bytes as received.
    Bytes,
    /// No body documented: `()`.
    Empty,
}

/// A builder method that returns the success body as it arrives.
#[derive(Debug, Clone, PartialEq)]
pub struct Streaming {
    pub kind: StreamKind,
    /// `send` when the success body is only ever a stream (an event
    /// stream); otherwise another method beside the buffered `send`.
    pub method: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamKind {
    /// A binary body, as chunks of bytes.
    Bytes,
    /// `text/event-stream`: each event's data decoded as JSON into this
    /// type, or the raw events when the API does not describe them.
    Events(Option<Ty>),
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    /// One case per distinct body, each with the 2xx statuses that carry it.
    /// No case at all means no 2xx is documented: any 2xx is `()`.
    pub cases: Vec<SuccessCase>,
    /// With more than one case, the enum (in `operations`) that holds them.
    pub enum_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SuccessCase {
    /// Exact 2xx codes, or `Class(2)` for `2XX` (and for `default` when no
    /// 2xx is documented).
    pub statuses: Vec<StatusMatch>,
    pub payload: Payload,
    /// Variant name in the success enum.
    pub variant: String,
    pub description: Option<String>,
}

impl Operation {
    /// Whether the body is `multipart/form-data`, which the generated crate
    /// supports only with its `multipart` feature.
    pub fn needs_multipart(&self) -> bool {
        matches!(
            self.body.as_ref().map(|b| &b.media),
            Some(BodyMedia::Multipart(_))
        )
    }

    /// Whether a stand-in can answer it (the `stubs` feature): all but an
    /// operation whose `send` streams the answer (a download, events).
    pub fn stubbable(&self) -> bool {
        self.stream.as_ref().is_none_or(|s| s.method != "send")
    }
}

impl Success {
    /// The JSON type of the one success body, if that is what there is.
    pub fn single_json(&self) -> Option<&Ty> {
        match (&self.enum_name, self.cases.first().map(|c| &c.payload)) {
            (None, Some(Payload::Json(ty))) => Some(ty),
            _ => None,
        }
    }
}

/// Which statuses an error variant stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    Exact(u16),
    /// `4XX`: the hundreds digit.
    Class(u16),
    Default,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCase {
    pub status: StatusMatch,
    pub variant: String,
    /// `Payload::Empty`: no body documented; the variant carries nothing.
    pub payload: Payload,
    pub description: Option<String>,
}

/// An operation that lists page by page: its builder can walk every page
/// and every item.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// How the next page is asked for.
    pub style: PageStyle,
    /// The page: a struct in `models` holding the items (`Some(name)`), or
    /// the list itself (`None`: the body is an array).
    pub page_ty: Option<TypeId>,
    /// Field of the page holding the items (empty when the body is the
    /// array), whether it may be absent, and the items' type.
    pub items_field: String,
    pub items_optional: bool,
    pub item_ty: Ty,
    /// Field of the page holding the total count and its integer type, if
    /// there is one, and whether it may be absent.
    pub total_field: Option<(String, Ty)>,
    pub total_optional: bool,
    /// Where the page says what comes next (a token or a URL), as a path of
    /// fields from the page, each with its presence; empty when nothing in
    /// the body says so.
    pub next_field: Vec<(String, Presence)>,
    /// Builder methods: a stream of pages and a stream of items.
    pub pages_method: String,
    pub items_method: String,
    /// The builder's field that holds the URL of the next page (URL styles).
    pub url_field: Option<String>,
}

/// What a page model's `Page` impl reads (fields, and for `LastItem` the id
/// and `has_more` fields), not which parameter an operation sends:
/// operations that agree on it share the impl.
#[derive(Debug, PartialEq)]
pub struct PageImpl<'a> {
    pub items_field: &'a str,
    pub items_optional: bool,
    pub total_field: &'a Option<(String, Ty)>,
    pub total_optional: bool,
    pub next_field: &'a [(String, Presence)],
    pub last_item: Option<(&'a str, &'a str)>,
}

impl Pagination {
    pub fn page_impl(&self) -> PageImpl<'_> {
        PageImpl {
            items_field: &self.items_field,
            items_optional: self.items_optional,
            total_field: &self.total_field,
            total_optional: self.total_optional,
            next_field: &self.next_field,
            last_item: match &self.style {
                PageStyle::LastItem {
                    id_field,
                    has_more_field,
                    ..
                } => Some((id_field.as_str(), has_more_field.as_str())),
                _ => None,
            },
        }
    }
}

/// Where the next page comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageStyle {
    /// `offset` (index into `Operation::params`) advanced by the items
    /// received; stops at `total_field` when there is one.
    Offset { param: usize },
    /// `page` (index into `Operation::params`) advanced by one; stops after
    /// an empty page.
    PageNumber { param: usize },
    /// A token from the page (`next_field`) sent back in `param`.
    Cursor { param: usize },
    /// The last item's `id_field` sent back in `param` (`starting_after`)
    /// while the page's `has_more_field` is true.
    LastItem {
        param: usize,
        id_field: String,
        has_more_field: String,
    },
    /// A URL from the page (`next_field`), requested as is.
    NextUrl,
    /// The URL of the `Link` response header's `rel="next"`.
    LinkHeader,
}

impl PageStyle {
    /// The parameter that selects the page, if any.
    pub fn param(&self) -> Option<usize> {
        match self {
            PageStyle::Offset { param }
            | PageStyle::PageNumber { param }
            | PageStyle::Cursor { param }
            | PageStyle::LastItem { param, .. } => Some(*param),
            PageStyle::NextUrl | PageStyle::LinkHeader => None,
        }
    }
}
