//! Webhooks: the events an API sends to its users' servers, declared under
//! `webhooks` (3.1) or `x-webhooks` (as some 3.0 documents write it, and
//! as a second document named in the configuration is brought in; see
//! `load::load_with_webhooks`).

use serde_json::{Map, Value};

use super::shape::{self, Dialect, Kind};
use super::stamp;
use crate::diag::{push, Diagnostic};

/// Where the events are listed for `resolve`, at the document's top.
pub const EVENTS: &str = "x-generator-webhook-events";

/// Takes `x-webhooks` into `webhooks` (before bundling, so that what they
/// refer to in other files is brought in like the rest).
pub fn gather(doc: &mut Value) {
    let Some(object) = doc.as_object_mut() else {
        return;
    };
    let Some(Value::Object(extra)) = object.shift_remove("x-webhooks") else {
        return;
    };
    let webhooks = object
        .entry("webhooks")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(webhooks) = webhooks {
        for (name, mut item) in extra {
            // Where it was written, for the diagnostics of what it holds.
            if let Value::Object(o) = &mut item {
                if !o.contains_key("$ref") {
                    let origin = push("/x-webhooks", &name);
                    o.insert(super::MARK.into(), serde_json::json!([0, origin]));
                }
            }
            webhooks.entry(name).or_insert(item);
        }
    }
}

/// One event for [`EVENTS`]; `origin` is its media type's, for the
/// diagnostics of its example (at `example` in the event).
fn event(
    name: &str,
    method: &str,
    reference: String,
    example: &Option<Value>,
    origin: &(usize, String),
) -> Value {
    let mut out = Map::new();
    out.insert(
        super::MARK.into(),
        serde_json::json!([origin.0, origin.1.as_str()]),
    );
    out.insert("name".into(), Value::String(name.to_string()));
    out.insert("method".into(), Value::String(method.to_string()));
    out.insert("payload".into(), serde_json::json!({ "$ref": reference }));
    if let Some(example) = example {
        out.insert("example".into(), example.clone());
    }
    Value::Object(out)
}

/// A media type's example: `example`, or the first of `examples`.
fn example(media: &Value) -> Option<Value> {
    if let Some(example) = media.get("example") {
        return Some(example.clone());
    }
    let examples = media.get("examples")?.as_object()?;
    examples.values().find_map(|e| e.get("value").cloned())
}

/// Webhook payloads become model types, documented as such, so that a
/// server can decode what it is sent (no client method is made for them),
/// and each event is listed for `resolve` under [`EVENTS`]: its name, its
/// payload (a reference to its type) and its example, if it has one. The
/// `webhooks` section, which 3.0 has no word for, is removed.
pub fn payloads(doc: &mut Value, diags: &mut Vec<Diagnostic>) {
    let mut examples: Vec<(Option<Value>, (usize, String))> = Vec::new();
    let hooks: Vec<(String, String, Value, Option<String>)> = {
        let Some(hooks) = doc.get("webhooks").and_then(Value::as_object) else {
            return;
        };
        let mut found = Vec::new();
        for (name, written_item) in hooks {
            let item = follow(doc, written_item);
            let item_followed = !std::ptr::eq(item, written_item);
            let item_at = match written_item.get("$ref").and_then(Value::as_str) {
                Some(r) if item_followed => shape::fragment_pointer(r),
                _ => push("/webhooks", name),
            };
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                if shape::slot(Kind::PathItem, method, Dialect::OpenApi3)
                    != Some(shape::Slot::One(Kind::Operation))
                {
                    continue;
                }
                let written_body = op.get("requestBody").unwrap_or(&Value::Null);
                let body = follow(doc, written_body);
                let body_at = match written_body.get("$ref").and_then(Value::as_str) {
                    Some(r) if !std::ptr::eq(body, written_body) => shape::fragment_pointer(r),
                    _ => push(&push(&item_at, method), "requestBody"),
                };
                let Some(content) = body.get("content").and_then(Value::as_object) else {
                    continue;
                };
                // One payload per webhook: JSON's when there are several.
                let media = content
                    .iter()
                    .find(|(m, _)| m.contains("json"))
                    .or_else(|| content.iter().next());
                if let Some((media, media_type, schema)) =
                    media.and_then(|(k, m)| Some((k, m, m.get("schema")?)))
                {
                    let media_at = push(&push(&body_at, "content"), media);
                    examples.push((example(media_type), super::origin_in(doc, &media_at)));
                    // Where the schema is written, when no `$ref` was followed
                    // to it (then `media_at` is under `/webhooks`).
                    let written = std::ptr::eq(body, written_body) && !item_followed;
                    let at = written.then(|| push(&media_at, "schema"));
                    found.push((name.clone(), method.clone(), schema.clone(), at));
                }
            }
        }
        found
    };
    // Stamped where written, and copied again to carry the stamp.
    let hooks: Vec<_> = hooks
        .into_iter()
        .map(|(name, method, schema, at)| {
            let schema = match &at {
                Some(at) => {
                    stamp(doc, at);
                    shape::get(doc, at).cloned().unwrap_or(schema)
                }
                None => schema,
            };
            (name, method, schema, at)
        })
        .collect();
    let Some(components) = doc.as_object_mut().map(|o| {
        o.entry("components")
            .or_insert_with(|| Value::Object(Map::new()))
    }) else {
        return;
    };
    if !components.is_object() {
        return;
    }
    let schemas = components
        .as_object_mut()
        .expect("checked above")
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(schemas) = schemas.as_object_mut() else {
        return;
    };
    let several_methods = |name: &str| hooks.iter().filter(|(n, ..)| n == name).count() > 1;
    let mut events = Vec::new();
    for ((name, method, schema, _), (example, origin)) in hooks.iter().zip(&examples) {
        let note = format!(
            "Payload of the `{name}` webhook (`{}`): what the API sends to a URL you register.",
            method.to_ascii_uppercase()
        );
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let target = reference
                    .strip_prefix("#/components/schemas/")
                    .map(crate::diag::unescape);
                events.push(event(name, method, reference.to_string(), example, origin));
                if let Some(Value::Object(target)) = target.and_then(|n| schemas.get_mut(&n)) {
                    let doc = match target.get("description").and_then(Value::as_str) {
                        Some(d) => format!("{d}\n\n{note}"),
                        None => note,
                    };
                    target.insert("description".into(), Value::String(doc));
                }
            }
            None => {
                let base = heck::ToUpperCamelCase::to_upper_camel_case(name.as_str());
                let suffix = if several_methods(name) {
                    heck::ToUpperCamelCase::to_upper_camel_case(method.as_str())
                } else {
                    String::new()
                };
                let mut type_name = format!("{base}{suffix}Payload");
                while schemas.contains_key(&type_name) {
                    type_name.push('_');
                }
                let mut schema = schema.clone();
                if let Value::Object(object) = &mut schema {
                    let doc = match object.get("description").and_then(Value::as_str) {
                        Some(d) => format!("{note}\n\n{d}"),
                        None => note,
                    };
                    object.insert("description".into(), Value::String(doc));
                }
                events.push(event(
                    name,
                    method,
                    format!(
                        "#/components/schemas/{}",
                        type_name.replace('~', "~0").replace('/', "~1")
                    ),
                    example,
                    origin,
                ));
                schemas.insert(type_name, schema);
            }
        }
    }
    if let Some(object) = doc.as_object_mut() {
        object.shift_remove("webhooks");
        if !events.is_empty() {
            object.insert(EVENTS.into(), Value::Array(events));
        }
    }
    if hooks.is_empty() {
        diags.push(
            Diagnostic::warning(
                "no webhook here has a request body schema; no payload types are made",
            )
            .at("/webhooks"),
        );
    }
}

/// A local `$ref` followed once (webhooks may refer to shared path items and bodies).
fn follow<'v>(doc: &'v Value, node: &'v Value) -> &'v Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) if r.starts_with('#') => {
            shape::get(doc, &shape::fragment_pointer(r)).unwrap_or(node)
        }
        _ => node,
    }
}
