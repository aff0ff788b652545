//! OpenAPI 3.1 and 3.2 into 3.0: JSON Schema 2020-12 as real specs use it,
//! and the few top-level additions.
//!
//! Nullability and required-ness are never lost: a `type` array or an
//! `anyOf` alternative that admits `null` becomes `nullable: true` on the
//! schema where it was said, so an optional property stays tri-state. What
//! 3.0 has no word for is approximated with a warning at its pointer.

use serde_json::{Map, Value};

use super::shape::{self, walk_document, Dialect, Kind};
use super::stamp;
use crate::diag::{push, Diagnostic};

pub fn convert(doc: &mut Value, diags: &mut Vec<Diagnostic>) {
    top_level(doc, diags);
    walk_document(doc, Dialect::OpenApi3, &mut |kind, node, at| {
        match kind {
            Kind::Schema => schema(node, at, diags),
            Kind::PathItem => path_item(node, at, diags),
            Kind::MediaType => item_schema(node, at),
            Kind::Operation => {
                if let Value::Object(op) = node {
                    op.entry("responses")
                        .or_insert_with(|| Value::Object(Map::new()));
                }
            }
            _ => {}
        }
        true
    });
    // Schemas under `webhooks` were rewritten above with the rest (the
    // section itself is read by `webhooks`, after every version's
    // conversion).
    if let Some(Value::Object(c)) = doc.as_object_mut().and_then(|o| o.get_mut("components")) {
        c.shift_remove("pathItems");
    }
}

const DEFAULT_DIALECTS: &[&str] = &[
    "https://spec.openapis.org/oas/3.1/dialect/base",
    "https://spec.openapis.org/oas/3.1/dialect/2024-11-10",
    "https://spec.openapis.org/oas/3.2/dialect/base",
    "https://spec.openapis.org/oas/3.2/dialect/2025-09-17",
    "https://json-schema.org/draft/2020-12/schema",
];

fn top_level(doc: &mut Value, diags: &mut Vec<Diagnostic>) {
    let Some(object) = doc.as_object_mut() else {
        return;
    };
    // A 3.1 document may describe only webhooks or components.
    object
        .entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(dialect) = object.get("jsonSchemaDialect").and_then(Value::as_str) {
        if !DEFAULT_DIALECTS.contains(&dialect.trim_end_matches('#')) {
            diags.push(
                Diagnostic::warning(format!(
                    "`jsonSchemaDialect` is `{dialect}`; schemas are read as OpenAPI's own dialect of JSON Schema 2020-12"
                ))
                .at("/jsonSchemaDialect"),
            );
        }
    }
    // `info.summary` has no 3.0 place; it is the description when there is none.
    if let Some(Value::Object(info)) = object.get_mut("info") {
        if !info.contains_key("description") {
            if let Some(summary) = info.get("summary").cloned() {
                info.insert("description".into(), summary);
            }
        }
    }
    // Path items that are references (to `components.pathItems` or elsewhere)
    // are copied in: 3.0 path items cannot be shared.
    let refs: Vec<(String, String)> = object
        .get("paths")
        .and_then(Value::as_object)
        .map(|paths| {
            paths
                .iter()
                .filter_map(|(path, item)| {
                    let r = item.get("$ref")?.as_str()?;
                    Some((path.clone(), r.to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    for (path, reference) in refs {
        let target = shape::fragment_pointer(&reference);
        let at = push("/paths", &path);
        stamp(doc, &target);
        match reference
            .starts_with('#')
            .then(|| shape::get(doc, &target))
            .flatten()
            .cloned()
        {
            Some(item) => {
                if let Some(slot) = doc.pointer_mut(&at) {
                    *slot = item;
                }
            }
            None => diags.push(
                Diagnostic::error(format!(
                    "`$ref: {reference}` does not resolve to a path item"
                ))
                .at(push(&at, "$ref")),
            ),
        }
    }
    if let Some(Value::Object(schemes)) = doc.pointer_mut("/components/securitySchemes") {
        for (name, scheme) in schemes.iter_mut() {
            if scheme.get("type").and_then(Value::as_str) == Some("mutualTLS") {
                diags.push(
                    Diagnostic::warning(
                        "mutual TLS (`mutualTLS`, OpenAPI 3.1) is set up on the HTTP client: pass a `reqwest::Client` built with your identity to `Client::with_http_client`",
                    )
                    .at(push("/components/securitySchemes", name)),
                );
                // An HTTP scheme the client does not send: `resolve` notes it too.
                scheme["type"] = Value::String("http".into());
                scheme["scheme"] = Value::String("mutual-tls".into());
            }
        }
    }
}

fn path_item(node: &mut Value, at: &str, diags: &mut Vec<Diagnostic>) {
    let Some(item) = node.as_object_mut() else {
        return;
    };
    for key in ["query", "additionalOperations"] {
        if item.shift_remove(key).is_some() {
            diags.push(
                Diagnostic::warning(format!(
                    "`{key}` (OpenAPI 3.2) is not supported yet; its operations are left out"
                ))
                .at(push(at, key)),
            );
        }
    }
}

/// OpenAPI 3.2's `itemSchema` of a `text/event-stream` media type
/// describes each event (`event`, `data`, `id`, `retry`): the stream's
/// `schema` becomes what one event's data holds (its `contentSchema`, the
/// JSON inside the `data` string), or a plain string, which the client reads
/// as raw events. Called before the walk descends, so the schema moved here
/// is converted like any other.
fn item_schema(node: &mut Value, at: &str) {
    let media = at
        .rsplit('/')
        .next()
        .unwrap_or("")
        .replace("~1", "/")
        .to_ascii_lowercase();
    let Some(object) = node.as_object_mut() else {
        return;
    };
    if !media.starts_with("text/event-stream") || object.contains_key("schema") {
        return;
    }
    let Some(item) = object.shift_remove("itemSchema") else {
        return;
    };
    let data = item.pointer("/properties/data");
    let schema = data
        .and_then(|d| d.get("contentSchema"))
        .or(data.filter(|d| d.get("type").and_then(Value::as_str) != Some("string")))
        .cloned()
        .unwrap_or_else(|| serde_json::json!({"type": "string"}));
    object.insert("schema".into(), schema);
}

/// Whether a raw 3.1 schema admits only `null`.
fn is_null_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t == "null") && !types.is_empty(),
        _ => {
            schema.get("const") == Some(&Value::Null)
                || schema
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|e| e.len() == 1 && e[0].is_null())
        }
    }
}

/// Keywords that belong to one `type` when a `type` array is split.
fn keywords_of(typ: &str) -> &'static [&'static str] {
    match typ {
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "unevaluatedProperties",
            "minProperties",
            "maxProperties",
            "propertyNames",
        ],
        "array" => &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
        ],
        "string" => &[
            "format",
            "pattern",
            "minLength",
            "maxLength",
            "contentMediaType",
            "contentEncoding",
        ],
        "integer" | "number" => &[
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        _ => &[],
    }
}

fn schema(node: &mut Value, at: &str, diags: &mut Vec<Diagnostic>) {
    // `true` and `false` are schemas in 2020-12: anything, and nothing.
    if let Value::Bool(b) = node {
        *node = if *b {
            Value::Object(Map::new())
        } else {
            serde_json::json!({"not": {}})
        };
        return;
    }
    let Some(s) = node.as_object_mut() else {
        return;
    };
    // `$ref` beside other keywords: the siblings apply too (a description
    // documents the field), which 3.0 says through a one-member `allOf`.
    if s.contains_key("$ref") && s.keys().any(|k| !is_reference_meta(k)) {
        let reference = s.shift_remove("$ref").expect("checked above");
        s.insert(
            "allOf".into(),
            Value::Array(vec![serde_json::json!({ "$ref": reference })]),
        );
    }
    if let Some(t) = s.shift_remove("type") {
        let types: Vec<String> = match t {
            Value::String(t) => vec![t],
            Value::Array(ts) => ts
                .iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        let (nulls, rest): (Vec<_>, Vec<_>) = types.into_iter().partition(|t| t == "null");
        if !nulls.is_empty() {
            s.insert("nullable".into(), Value::Bool(true));
        }
        match rest.as_slice() {
            [] => {}
            [one] => {
                s.insert("type".into(), Value::String(one.clone()));
            }
            several => {
                // Each type takes its own keywords into its alternative.
                let alternatives: Vec<Value> = several
                    .iter()
                    .map(|t| {
                        let mut alt = Map::new();
                        alt.insert("type".into(), Value::String(t.clone()));
                        for k in keywords_of(t) {
                            if let Some(v) = s.get(*k) {
                                alt.insert((*k).into(), v.clone());
                            }
                        }
                        Value::Object(alt)
                    })
                    .collect();
                for t in several {
                    for k in keywords_of(t) {
                        s.shift_remove(*k);
                    }
                }
                let key = if s.contains_key("anyOf") {
                    "oneOf"
                } else {
                    "anyOf"
                };
                s.insert(key.into(), Value::Array(alternatives));
            }
        }
    }
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(alternatives)) = s.get_mut(key) else {
            continue;
        };
        let before = alternatives.len();
        alternatives.retain(|a| !is_null_schema(a));
        if alternatives.len() < before {
            s.insert("nullable".into(), Value::Bool(true));
            if s.get(key)
                .and_then(Value::as_array)
                .is_some_and(Vec::is_empty)
            {
                s.shift_remove(key);
            }
        }
    }
    if let Some(value) = s.shift_remove("const") {
        if !s.contains_key("type") {
            let t = match &value {
                Value::String(_) => Some("string"),
                Value::Bool(_) => Some("boolean"),
                Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
                Value::Number(_) => Some("number"),
                _ => None,
            };
            if let Some(t) = t {
                s.insert("type".into(), Value::String(t.into()));
            }
        }
        if value.is_null() {
            s.insert("nullable".into(), Value::Bool(true));
        } else {
            s.insert("enum".into(), Value::Array(vec![value]));
        }
    }
    if let Some(examples) = s.shift_remove("examples") {
        if let Some(first) = examples.as_array().and_then(|e| e.first()) {
            s.entry("example").or_insert_with(|| first.clone());
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = s.get(exclusive).cloned() {
            s.insert(bound.into(), Value::Number(n));
            s.insert(exclusive.into(), Value::Bool(true));
        }
    }
    if s.get("type").and_then(Value::as_str) == Some("string") && !s.contains_key("format") {
        let encoding = s.get("contentEncoding").and_then(Value::as_str);
        let media = s.get("contentMediaType").and_then(Value::as_str);
        let format = match (encoding, media) {
            (Some(e), _)
                if e.eq_ignore_ascii_case("base64") || e.eq_ignore_ascii_case("base64url") =>
            {
                Some("byte")
            }
            (None, Some(m))
                if !(m.starts_with("text/") || m.contains("json") || m.contains("xml")) =>
            {
                Some("binary")
            }
            _ => None,
        };
        if let Some(f) = format {
            s.insert("format".into(), Value::String(f.into()));
        }
    }
    if let Some(prefix) = s.shift_remove("prefixItems") {
        let prefix = prefix.as_array().cloned().unwrap_or_default();
        let rest = s.shift_remove("items");
        s.entry("type")
            .or_insert_with(|| Value::String("array".into()));
        if rest == Some(Value::Bool(false)) && !prefix.is_empty() {
            // Closed: exactly these members, in order, a tuple.
            s.insert("items".into(), serde_json::json!({ "anyOf": prefix }));
            s.insert(super::TUPLE.into(), Value::Bool(true));
        } else {
            let mut members: Vec<Value> = Vec::new();
            for p in prefix.into_iter().chain(rest.filter(|r| !r.is_boolean())) {
                if !members.contains(&p) {
                    members.push(p);
                }
            }
            let items = match members.len() {
                0 => Value::Object(Map::new()),
                1 => members.remove(0),
                _ => serde_json::json!({ "anyOf": members }),
            };
            s.insert("items".into(), items);
            diags.push(
                Diagnostic::warning(
                    "a tuple open to more items (`prefixItems` without `items: false`) is read as an array whose items may be any of its member types",
                )
                .at(push(at, "prefixItems")),
            );
        }
    }
    if s.get("items").is_some_and(Value::is_boolean) {
        s.shift_remove("items");
    }
    if let Some(unevaluated) = s.shift_remove("unevaluatedProperties") {
        s.entry("additionalProperties").or_insert(unevaluated);
    }
    if let Some(Value::Object(patterns)) = s.shift_remove("patternProperties") {
        // A map whose keys match a pattern: the pattern is not checked.
        let mut values: Vec<Value> = patterns.into_iter().map(|(_, v)| v).collect();
        values.dedup();
        let value = if values.len() == 1 {
            values.remove(0)
        } else {
            Value::Object(Map::new())
        };
        s.entry("additionalProperties").or_insert(value);
        s.entry("type")
            .or_insert_with(|| Value::String("object".into()));
    }
    for key in [
        "if",
        "then",
        "else",
        "dependentRequired",
        "dependentSchemas",
        "$dynamicRef",
        "unevaluatedItems",
    ] {
        if s.shift_remove(key).is_some() {
            diags.push(
                Diagnostic::warning(format!(
                    "`{key}` has no equivalent in the generated types and is ignored"
                ))
                .at(push(at, key)),
            );
        }
    }
}

/// Keywords that may stand beside `$ref` without changing what it means.
fn is_reference_meta(key: &str) -> bool {
    matches!(
        key,
        "$ref" | "$schema" | "$id" | "$comment" | "$anchor" | "$defs"
    ) || key == super::MARK
}
