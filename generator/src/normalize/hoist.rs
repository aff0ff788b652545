//! A schema `$ref` may point anywhere in the document (`#/paths/~1orders/get/
//! responses/404/content/application~1json/schema`, a property of another
//! schema, a 3.1 `$defs` entry), but types are made from components. Each
//! such target moves into `components.schemas` under a name made from its
//! place, and is replaced by a reference to it, so that it is one type
//! wherever it is used (and a schema that refers to itself stays finite).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::shape::{self, kind_at, walk, Dialect, Kind};
use super::stamp;

const PREFIX: &str = "#/components/schemas/";

pub fn hoist(doc: &mut Value) {
    // Every schema reference that is not to a component, and that points at
    // a schema that exists.
    let mut targets: BTreeMap<String, String> = BTreeMap::new();
    walk(
        Kind::Document,
        doc,
        &mut String::new(),
        Dialect::OpenApi3,
        &mut |kind, node, _| {
            if kind == Kind::Schema {
                if let Some(r) = node.get("$ref").and_then(Value::as_str) {
                    if r.starts_with('#') && !is_component(r) {
                        targets.insert(shape::fragment_pointer(r), String::new());
                    }
                    return false;
                }
            }
            true
        },
    );
    targets.retain(|pointer, _| {
        let tokens: Vec<String> = crate::diag::tokens(pointer).collect();
        kind_at(tokens.iter().map(String::as_str), Dialect::OpenApi3) == Some(Kind::Schema)
            && shape::get(doc, pointer).is_some()
    });
    if targets.is_empty() {
        return;
    }
    let mut taken: Vec<String> = shape::get(doc, "/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    for (pointer, name) in targets.iter_mut() {
        let base = name_for(pointer);
        let mut candidate = base.clone();
        let mut n = 1;
        while taken.contains(&candidate) {
            n += 1;
            candidate = format!("{base}{n}");
        }
        taken.push(candidate.clone());
        *name = candidate;
    }
    walk(
        Kind::Document,
        doc,
        &mut String::new(),
        Dialect::OpenApi3,
        &mut |kind, node, _| {
            if kind == Kind::Schema {
                if let Some(Value::String(r)) = node.get_mut("$ref") {
                    if let Some(name) = targets.get(&shape::fragment_pointer(r)) {
                        *r = format!("{PREFIX}{}", escape(name));
                    }
                    return false;
                }
            }
            true
        },
    );
    for pointer in targets.keys() {
        stamp(doc, pointer);
    }
    // Deepest first: a target inside another moves before its container does.
    let mut order: Vec<(&String, &String)> = targets.iter().collect();
    order.sort_by_key(|(p, _)| std::cmp::Reverse(p.matches('/').count()));
    for (pointer, name) in order {
        let Some(slot) = doc.pointer_mut(pointer) else {
            continue;
        };
        let reference = serde_json::json!({ "$ref": format!("{PREFIX}{}", escape(name)) });
        let schema = std::mem::replace(slot, reference);
        let Some(root) = doc.as_object_mut() else {
            return;
        };
        let components = root
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(c) = components {
            if let Value::Object(schemas) = c
                .entry("schemas")
                .or_insert_with(|| Value::Object(Map::new()))
            {
                schemas.insert(name.clone(), schema);
            }
        }
    }
}

fn is_component(reference: &str) -> bool {
    reference
        .strip_prefix(PREFIX)
        .is_some_and(|name| !name.contains('/'))
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// A name from the place: the entry's own name under `$defs`, `definitions`
/// or `properties`, else the path's words (`/paths/~1orders/get/responses/
/// 404/...` → `orders get 404`).
fn name_for(pointer: &str) -> String {
    let tokens: Vec<String> = crate::diag::tokens(pointer).collect();
    let n = tokens.len();
    if n >= 2 && matches!(tokens[n - 2].as_str(), "$defs" | "definitions") {
        return tokens[n - 1].clone();
    }
    const STRUCTURE: &[&str] = &[
        "paths",
        "components",
        "schemas",
        "content",
        "schema",
        "responses",
        "requestBody",
        "parameters",
        "items",
        "allOf",
        "anyOf",
        "oneOf",
        "additionalProperties",
        "$defs",
        "definitions",
        "properties",
        "headers",
        "webhooks",
    ];
    let words: Vec<&str> = tokens
        .iter()
        .map(String::as_str)
        .filter(|t| !STRUCTURE.contains(t) && !t.contains('/') || t.starts_with('/'))
        .collect();
    let joined = words.join(" ");
    if joined.trim().is_empty() {
        "Schema".into()
    } else {
        heck::ToUpperCamelCase::to_upper_camel_case(joined.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn targets_move_into_components() {
        let mut doc = json!({
            "paths": {"/orders": {"get": {"responses": {
                "200": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                    "next": {"$ref": "#/paths/~1orders/get/responses/200/content/application~1json/schema"}
                }}}}},
                "404": {"content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/A/properties/b"
                }}}}
            }}}},
            "components": {"schemas": {"A": {"properties": {"b": {"type": "string"}}}}}
        });
        hoist(&mut doc);
        super::super::take_marks(&mut doc);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["A"]["properties"]["b"],
            json!({"$ref": "#/components/schemas/AB"})
        );
        assert_eq!(schemas["AB"], json!({"type": "string"}));
        assert_eq!(
            schemas["OrdersGet200"]["properties"]["next"],
            json!({"$ref": "#/components/schemas/OrdersGet200"})
        );
        assert_eq!(
            doc["paths"]["/orders"]["get"]["responses"]["200"]["content"]["application/json"]
                ["schema"],
            json!({"$ref": "#/components/schemas/OrdersGet200"})
        );
    }
}
