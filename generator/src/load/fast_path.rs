//! Whether a document deserialized straight into `openapiv3` types can skip
//! `normalize`: every reference in it must name a component
//! (`#/components/<section>/<name>`), the only kind `resolve` follows.
//!
//! The walk is over the typed document rather than the text because a
//! `$ref` key is also ordinary data inside examples and extensions (GitHub's
//! SCIM examples carry `"$ref": "https://api.github.com/scim/..."`), and a
//! text scan cannot tell the two apart. Every place `openapiv3` keeps a
//! `ReferenceOr` is visited once; references are not followed, so the walk
//! is linear in the document.

use openapiv3::{
    AdditionalProperties, Components, Header, MediaType, OpenAPI, Operation, Parameter,
    ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response, Schema, SchemaKind,
    Type,
};

/// Whether every reference in `api` names a component.
pub fn all_name_components(api: &OpenAPI) -> bool {
    let mut walk = Walk { local: true };
    if let Some(components) = &api.components {
        walk.components(components);
    }
    for item in api.paths.paths.values() {
        walk.or(PATH_ITEMS, item, Walk::path_item);
    }
    walk.local
}

struct Walk {
    local: bool,
}

/// The `components` section a reference in some place must name.
#[derive(Clone, Copy)]
struct Section(&'static str);

const SCHEMAS: Section = Section("schemas");
const RESPONSES: Section = Section("responses");
const PARAMETERS: Section = Section("parameters");
const BODIES: Section = Section("requestBodies");
const HEADERS: Section = Section("headers");
const EXAMPLES: Section = Section("examples");
const LINKS: Section = Section("links");
const CALLBACKS: Section = Section("callbacks");
const SECURITY: Section = Section("securitySchemes");
/// Path items have no section in 3.0: a reference to one is never local.
const PATH_ITEMS: Section = Section("");

impl Walk {
    /// A reference is followed by `resolve` only when it names a component
    /// of the section its place calls for; one naming another section (a
    /// schema where a response belongs) is `normalize`'s to repair or report.
    fn reference(&mut self, section: Section, reference: &str) {
        let named = reference
            .strip_prefix("#/components/")
            .and_then(|rest| rest.strip_prefix(section.0))
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|name| !name.is_empty() && !name.contains('/'));
        self.local &= named;
    }

    fn or<T>(
        &mut self,
        section: Section,
        value: &ReferenceOr<T>,
        visit: impl FnOnce(&mut Self, &T),
    ) {
        match value {
            ReferenceOr::Reference { reference } => self.reference(section, reference),
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

    fn components(&mut self, c: &Components) {
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

    fn path_item(&mut self, item: &PathItem) {
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

#[cfg(test)]
mod tests {
    use super::all_name_components;

    fn parse(json: &str) -> openapiv3::OpenAPI {
        serde_json::from_str(json).expect("a valid 3.0 document")
    }

    fn with_schema(schema: &str) -> String {
        format!(
            r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{"/a":{{"get":{{
                "responses":{{"200":{{"description":"ok","content":{{"application/json":{{
                    "schema":{schema},
                    "example":{{"$ref":"https://example.com/Users/1"}}}}}}}}}}}}}}}},
              "components":{{"schemas":{{"A":{{"type":"string"}}}}}}}}"#
        )
    }

    #[test]
    fn a_ref_key_inside_example_data_is_not_a_reference() {
        let api = parse(&with_schema(r##"{"$ref":"#/components/schemas/A"}"##));
        assert!(all_name_components(&api));
    }

    #[test]
    fn references_anywhere_in_a_schema_are_checked() {
        for schema in [
            r#"{"$ref":"other.yaml#/A"}"#,
            r##"{"type":"array","items":{"$ref":"#/components/schemas/A/items"}}"##,
            r##"{"type":"object","properties":{"p":{"$ref":"#/paths/~1a"}}}"##,
            r#"{"type":"object","additionalProperties":{"$ref":"b.json"}}"#,
            r##"{"allOf":[{"$ref":"#/components/schemas/A"},{"$ref":"#/definitions/B"}]}"##,
            r#"{"not":{"$ref":"c.json"}}"#,
            r##"{"$ref":"#/components/responses/A"}"##,
        ] {
            let api = parse(&with_schema(schema));
            assert!(!all_name_components(&api), "{schema}");
        }
    }

    #[test]
    fn references_outside_schemas_are_checked() {
        let api = parse(
            r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{
                "parameters":[{"$ref":"params.yaml#/id"}],
                "get":{"responses":{"200":{"description":"ok"}}}}}}"#,
        );
        assert!(!all_name_components(&api));
        let api = parse(
            r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"$ref":"a.yaml"}}}"#,
        );
        assert!(!all_name_components(&api));
        // A schema where a response belongs: normalize reads it as a body.
        let api = parse(
            r##"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{
                "responses":{"404":{"$ref":"#/components/schemas/NotFound"}}}}}}"##,
        );
        assert!(!all_name_components(&api));
    }
}
