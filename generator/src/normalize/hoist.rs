//! A `$ref` may point anywhere in the document (`#/paths/~1orders/get/
//! responses/404/content/application~1json/schema`, a property of another
//! schema, a 3.1 `$defs` entry, a response written in another operation),
//! but `resolve` reads components. Each such target moves into its section
//! of `components` under a name made from its place, and is replaced by a
//! reference to it, so that it is one thing wherever it is used (and a schema
//! that refers to itself stays finite). Callbacks, which `openapiv3` cannot
//! hold as references, are copied in instead, as are path items that are
//! references to another (`/v2/pets: {$ref: '#/paths/~1pets'}`). A reference to the wrong kind
//! of object that has an evident meaning (a response given as a schema, a
//! schema given as a response) is read that way, with a warning.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::shape::{self, kind_at, walk_document, Dialect, Kind};
use super::stamp;
use crate::diag::{push, Diagnostic};

/// The `components` section that holds objects of `kind`, if any.
fn section(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::Schema => "schemas",
        Kind::Response => "responses",
        Kind::Parameter => "parameters",
        Kind::RequestBody => "requestBodies",
        Kind::Header => "headers",
        Kind::Example => "examples",
        Kind::Link => "links",
        _ => return None,
    })
}

fn target_kind(pointer: &str) -> Option<Kind> {
    let tokens: Vec<String> = crate::diag::tokens(pointer).collect();
    kind_at(tokens.iter().map(String::as_str), Dialect::OpenApi3)
}

pub fn hoist(doc: &mut Value, diags: &mut Vec<Diagnostic>) {
    let mut callbacks: Vec<(String, String)> = Vec::new();
    let mut mismatched: Vec<(String, Kind, String)> = Vec::new();
    // (kind, target pointer) → new name, for every reference that is not to
    // a component and points at an object of the kind it should.
    let mut targets: BTreeMap<(&'static str, String), String> = BTreeMap::new();
    walk_document(doc, Dialect::OpenApi3, &mut |kind, node, at| {
        let Some(r) = node.get("$ref").and_then(Value::as_str) else {
            return true;
        };
        if !r.starts_with('#') {
            return false;
        }
        let pointer = shape::fragment_pointer(r);
        // Neither a callback nor a path item can be a reference in
        // `openapiv3`'s 3.0; both are copied in.
        if kind == Kind::Callback || kind == Kind::PathItem {
            callbacks.push((at.to_string(), pointer));
            return false;
        }
        let Some(section) = section(kind) else {
            return false;
        };
        if is_component(r, section) {
            return false;
        }
        match target_kind(&pointer) {
            Some(k) if k == kind => {
                targets.insert((section, pointer), String::new());
            }
            Some(k) => mismatched.push((at.to_string(), k, pointer)),
            None => {}
        }
        false
    });
    for (at, found, pointer) in mismatched {
        fix_kind(doc, &at, found, &pointer, &mut targets, diags);
    }
    for (at, pointer) in callbacks {
        stamp(doc, &pointer);
        if let Some(content) = shape::get(doc, &pointer).cloned() {
            if let Some(slot) = doc.pointer_mut(&at) {
                *slot = content;
            }
        }
    }
    targets.retain(|(_, pointer), _| shape::get(doc, pointer).is_some());
    if targets.is_empty() {
        return;
    }
    let components = doc.get("components");
    let mut taken: Vec<(&'static str, String)> = Vec::new();
    for ((section, pointer), name) in targets.iter_mut() {
        let existing = components
            .and_then(|c| c.get(*section))
            .and_then(Value::as_object);
        let base = name_for(pointer);
        let mut candidate = base.clone();
        let mut n = 1;
        while existing.is_some_and(|e| e.contains_key(&candidate))
            || taken.contains(&(*section, candidate.clone()))
        {
            n += 1;
            candidate = format!("{base}{n}");
        }
        taken.push((section, candidate.clone()));
        *name = candidate;
    }
    walk_document(doc, Dialect::OpenApi3, &mut |kind, node, _| {
        if let Some(Value::String(r)) = node.get_mut("$ref") {
            if let Some(section) = section(kind) {
                if let Some(name) = targets.get(&(section, shape::fragment_pointer(r))) {
                    *r = format!("#{}", push(&format!("/components/{section}"), name));
                }
            }
            return false;
        }
        true
    });
    for (_, pointer) in targets.keys() {
        stamp(doc, pointer);
    }
    // Deepest first: a target inside another moves before its container does.
    let mut order: Vec<(&(&str, String), &String)> = targets.iter().collect();
    order.sort_by_key(|((_, p), _)| std::cmp::Reverse(p.matches('/').count()));
    for ((section, pointer), name) in order {
        let Some(slot) = doc.pointer_mut(pointer) else {
            continue;
        };
        let reference =
            json!({ "$ref": format!("#{}", push(&format!("/components/{section}"), name)) });
        let moved = std::mem::replace(slot, reference);
        let Some(root) = doc.as_object_mut() else {
            return;
        };
        let components = root
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(c) = components {
            if let Value::Object(entries) = c
                .entry(*section)
                .or_insert_with(|| Value::Object(Map::new()))
            {
                entries.insert(name.clone(), moved);
            }
        }
    }
}

/// A reference at `at` to an object of kind `found` where another kind was
/// expected: read as what it evidently means, or left for `resolve` to
/// report.
fn fix_kind(
    doc: &mut Value,
    at: &str,
    found: Kind,
    pointer: &str,
    targets: &mut BTreeMap<(&'static str, String), String>,
    diags: &mut Vec<Diagnostic>,
) {
    let expected = target_kind(at);
    let reference = format!("#{pointer}");
    match (expected, found) {
        // A schema given as a response: a response whose JSON body is it.
        (Some(Kind::Response), Kind::Schema) => {
            diags.push(
                Diagnostic::warning(format!(
                    "`$ref: {reference}` names a schema where a response belongs; read as a response whose JSON body is that schema"
                ))
                .at(push(at, "$ref")),
            );
            if let Some(slot) = doc.pointer_mut(at) {
                *slot = json!({
                    "description": "",
                    "content": {"application/json": {"schema": {"$ref": reference}}}
                });
            }
            if !is_component(&reference, "schemas") {
                targets.insert(("schemas", pointer.to_string()), String::new());
            }
        }
        // A response given as a schema: the schema of its JSON body.
        (Some(Kind::Schema), Kind::Response) => {
            let body = shape::get(doc, pointer)
                .and_then(|r| r.get("content"))
                .and_then(Value::as_object)
                .and_then(|content| {
                    content
                        .iter()
                        .find(|(m, _)| m.contains("json"))
                        .or_else(|| content.iter().next())
                        .filter(|(_, m)| m.get("schema").is_some())
                        .map(|(m, _)| push(&push(&push(pointer, "content"), m), "schema"))
                });
            let Some(body) = body else { return };
            diags.push(
                Diagnostic::warning(format!(
                    "`$ref: {reference}` names a response where a schema belongs; read as the schema of its body"
                ))
                .at(push(at, "$ref")),
            );
            let follows = shape::get(doc, &body)
                .and_then(|s| s.get("$ref"))
                .and_then(Value::as_str)
                .map(str::to_string);
            let new_ref = match follows {
                Some(r) => r,
                None => {
                    targets.insert(("schemas", body.clone()), String::new());
                    format!("#{body}")
                }
            };
            if let Some(Value::Object(node)) = doc.pointer_mut(at) {
                node.insert("$ref".into(), Value::String(new_ref));
            }
        }
        _ => {}
    }
}

fn is_component(reference: &str, section: &str) -> bool {
    reference
        .strip_prefix("#/components/")
        .and_then(|rest| rest.strip_prefix(section))
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
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
        hoist(&mut doc, &mut Vec::new());
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
