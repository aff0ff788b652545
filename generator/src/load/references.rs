//! Every reference of an OpenAPI 3.0 document, visited over the typed
//! document: `fast_path` checks that each names a component, `select`
//! follows them from the operations it keeps to the components they need.
//!
//! The walk is over the typed document rather than the text because a
//! `$ref` key is also ordinary data inside examples and extensions (GitHub's
//! SCIM examples carry `"$ref": "https://api.github.com/scim/..."`), and a
//! text scan cannot tell the two apart. Every place `openapiv3` keeps a
//! `ReferenceOr` is visited once; references are not followed, so a walk
//! is linear in what it is given.

use openapiv3::{
    AdditionalProperties, Components, Header, MediaType, Operation, Parameter,
    ParameterSchemaOrContent, PathItem, Paths, ReferenceOr, RequestBody, Response, Schema,
    SchemaKind, Type,
};

/// Visits every reference in the parts of a document it is given, calling
/// `found` with each and the section of `components` its place calls for.
pub struct Walk<F: FnMut(Section, &str)> {
    found: F,
}

/// The `components` section a reference in some place must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Section(pub &'static str);

pub const SCHEMAS: Section = Section("schemas");
pub const RESPONSES: Section = Section("responses");
pub const PARAMETERS: Section = Section("parameters");
pub const BODIES: Section = Section("requestBodies");
pub const HEADERS: Section = Section("headers");
pub const EXAMPLES: Section = Section("examples");
pub const LINKS: Section = Section("links");
pub const CALLBACKS: Section = Section("callbacks");
pub const SECURITY: Section = Section("securitySchemes");
/// Path items have no section in 3.0: a reference to one is never local.
pub const PATH_ITEMS: Section = Section("");

/// The sections whose entries hold references, which a walk from one
/// component to those it needs goes through.
pub const FOLLOWED: [Section; 6] = [SCHEMAS, RESPONSES, PARAMETERS, BODIES, HEADERS, CALLBACKS];

impl<F: FnMut(Section, &str)> Walk<F> {
    pub fn new(found: F) -> Self {
        Walk { found }
    }

    fn or<T>(
        &mut self,
        section: Section,
        value: &ReferenceOr<T>,
        visit: impl FnOnce(&mut Self, &T),
    ) {
        match value {
            ReferenceOr::Reference { reference } => (self.found)(section, reference),
            ReferenceOr::Item(item) => visit(self, item),
        }
    }

    /// References whose targets hold no further references worth visiting
    /// (examples, links, security schemes) are still checked themselves.
    fn leaf<'a, T: 'a>(
        &mut self,
        section: Section,
        values: impl IntoIterator<Item = &'a ReferenceOr<T>>,
    ) {
        for value in values {
            self.or(section, value, |_, _| {});
        }
    }

    pub fn components(&mut self, c: &Components) {
        for s in c.schemas.values() {
            self.or(SCHEMAS, s, Self::schema);
        }
        for r in c.responses.values() {
            self.or(RESPONSES, r, Self::response);
        }
        for p in c.parameters.values() {
            self.or(PARAMETERS, p, Self::parameter);
        }
        for b in c.request_bodies.values() {
            self.or(BODIES, b, Self::request_body);
        }
        for h in c.headers.values() {
            self.or(HEADERS, h, Self::header);
        }
        for callback in c.callbacks.values() {
            self.or(CALLBACKS, callback, |walk, paths| {
                paths.values().for_each(|item| walk.path_item(item));
            });
        }
        self.leaf(EXAMPLES, c.examples.values());
        self.leaf(SECURITY, c.security_schemes.values());
        self.leaf(LINKS, c.links.values());
    }

    /// The component `name` of `section` in `c`, if there is one (of the
    /// [`FOLLOWED`] sections; others have nothing to visit).
    pub fn component(&mut self, c: &Components, section: Section, name: &str) {
        match section {
            SCHEMAS => c
                .schemas
                .get(name)
                .into_iter()
                .for_each(|s| self.or(SCHEMAS, s, Self::schema)),
            RESPONSES => c
                .responses
                .get(name)
                .into_iter()
                .for_each(|r| self.or(RESPONSES, r, Self::response)),
            PARAMETERS => c
                .parameters
                .get(name)
                .into_iter()
                .for_each(|p| self.or(PARAMETERS, p, Self::parameter)),
            BODIES => c
                .request_bodies
                .get(name)
                .into_iter()
                .for_each(|b| self.or(BODIES, b, Self::request_body)),
            HEADERS => c
                .headers
                .get(name)
                .into_iter()
                .for_each(|h| self.or(HEADERS, h, Self::header)),
            CALLBACKS => c.callbacks.get(name).into_iter().for_each(|callback| {
                self.or(CALLBACKS, callback, |walk, paths| {
                    paths.values().for_each(|item| walk.path_item(item));
                });
            }),
            _ => {}
        }
    }

    /// Every path item, and what each holds.
    pub fn paths(&mut self, paths: &Paths) {
        for item in paths.paths.values() {
            self.or(PATH_ITEMS, item, Self::path_item);
        }
    }

    pub fn path_item(&mut self, item: &PathItem) {
        for p in &item.parameters {
            self.or(PARAMETERS, p, Self::parameter);
        }
        for (_, operation) in item.iter() {
            self.operation(operation);
        }
    }

    fn operation(&mut self, op: &Operation) {
        for p in &op.parameters {
            self.or(PARAMETERS, p, Self::parameter);
        }
        if let Some(body) = &op.request_body {
            self.or(BODIES, body, Self::request_body);
        }
        if let Some(default) = &op.responses.default {
            self.or(RESPONSES, default, Self::response);
        }
        for r in op.responses.responses.values() {
            self.or(RESPONSES, r, Self::response);
        }
        for paths in op.callbacks.values() {
            paths.values().for_each(|item| self.path_item(item));
        }
    }

    fn parameter(&mut self, p: &Parameter) {
        let data = p.parameter_data_ref();
        self.format(&data.format);
        self.leaf(EXAMPLES, data.examples.values());
    }

    fn header(&mut self, h: &Header) {
        self.format(&h.format);
        self.leaf(EXAMPLES, h.examples.values());
    }

    fn format(&mut self, format: &ParameterSchemaOrContent) {
        match format {
            ParameterSchemaOrContent::Schema(s) => self.or(SCHEMAS, s, Self::schema),
            ParameterSchemaOrContent::Content(content) => {
                content.values().for_each(|m| self.media_type(m));
            }
        }
    }

    fn request_body(&mut self, body: &RequestBody) {
        body.content.values().for_each(|m| self.media_type(m));
    }

    fn response(&mut self, r: &Response) {
        for h in r.headers.values() {
            self.or(HEADERS, h, Self::header);
        }
        r.content.values().for_each(|m| self.media_type(m));
        self.leaf(LINKS, r.links.values());
    }

    fn media_type(&mut self, m: &MediaType) {
        if let Some(s) = &m.schema {
            self.or(SCHEMAS, s, Self::schema);
        }
        self.leaf(EXAMPLES, m.examples.values());
        for encoding in m.encoding.values() {
            for h in encoding.headers.values() {
                self.or(HEADERS, h, Self::header);
            }
        }
    }

    fn boxed(&mut self, s: &ReferenceOr<Box<Schema>>) {
        self.or(SCHEMAS, s, |walk, s| walk.schema(s));
    }

    fn schemas(&mut self, list: &[ReferenceOr<Schema>]) {
        for s in list {
            self.or(SCHEMAS, s, Self::schema);
        }
    }

    fn additional(&mut self, a: Option<&AdditionalProperties>) {
        if let Some(AdditionalProperties::Schema(s)) = a {
            self.or(SCHEMAS, s, Self::schema);
        }
    }

    fn schema(&mut self, s: &Schema) {
        match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                o.properties.values().for_each(|p| self.boxed(p));
                self.additional(o.additional_properties.as_ref());
            }
            SchemaKind::Type(Type::Array(a)) => {
                if let Some(items) = &a.items {
                    self.boxed(items);
                }
            }
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of: list }
            | SchemaKind::AllOf { all_of: list }
            | SchemaKind::AnyOf { any_of: list } => self.schemas(list),
            SchemaKind::Not { not } => self.or(SCHEMAS, not, Self::schema),
            SchemaKind::Any(any) => {
                any.properties.values().for_each(|p| self.boxed(p));
                self.additional(any.additional_properties.as_ref());
                if let Some(items) = &any.items {
                    self.boxed(items);
                }
                self.schemas(&any.one_of);
                self.schemas(&any.all_of);
                self.schemas(&any.any_of);
                if let Some(not) = &any.not {
                    self.or(SCHEMAS, not, Self::schema);
                }
            }
        }
    }
}
