//! Whether a document deserialized straight into `openapiv3` types can skip
//! `normalize`: every reference in it must name a component
//! (`#/components/<section>/<name>`), the only kind `resolve` follows.

use openapiv3::OpenAPI;

use super::references::{Section, Walk};

/// Whether every reference in `api` names a component.
pub fn all_name_components(api: &OpenAPI) -> bool {
    let mut local = true;
    let mut walk = Walk::new(|section, reference| local &= names_component(section, reference));
    if let Some(components) = &api.components {
        walk.components(components);
    }
    walk.paths(&api.paths);
    local
}

/// A reference is followed by `resolve` only when it names a component of
/// the section its place calls for; one naming another section (a schema
/// where a response belongs) is `normalize`'s to repair or report.
fn names_component(section: Section, reference: &str) -> bool {
    reference
        .strip_prefix("#/components/")
        .and_then(|rest| rest.strip_prefix(section.0))
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
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
