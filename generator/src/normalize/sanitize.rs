//! Values `openapiv3` refuses but a reasonable reader accepts: a bound an
//! integer cannot hold (OpenAI's spec has `minimum: -9223372036854776000`,
//! past `i64`), a length written as a float, a number or boolean where text
//! is expected (`version: 1.0` in YAML, `description: 404`). Each is mended
//! or dropped with a warning at its place, instead of failing the document.

use serde_json::Value;

use super::shape::{walk_document, Dialect, Kind};
use crate::diag::{push, Diagnostic};

/// Keys whose value is text wherever they occur in the description.
const TEXT: &[&str] = &[
    "description",
    "summary",
    "title",
    "operationId",
    "format",
    "pattern",
    "version",
];

const COUNTS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

pub fn sanitize(doc: &mut Value, diags: &mut Vec<Diagnostic>) {
    if let Some(info) = doc.get_mut("info") {
        text_fields(info, "/info", diags);
    }
    walk_document(doc, Dialect::OpenApi3, &mut |kind, node, at| {
        if kind != Kind::Document {
            text_fields(node, at, diags);
        }
        if kind == Kind::Schema {
            bounds(node, at, diags);
        }
        true
    });
}

fn text_fields(node: &mut Value, at: &str, diags: &mut Vec<Diagnostic>) {
    let Some(object) = node.as_object_mut() else {
        return;
    };
    for key in TEXT {
        let Some(value) = object.get_mut(*key) else {
            continue;
        };
        let text = match value {
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => continue,
        };
        diags.push(
            Diagnostic::warning(format!(
                "`{key}` is {value} where text is expected; read as \"{text}\""
            ))
            .at(push(at, key)),
        );
        *value = Value::String(text);
    }
}

fn bounds(node: &mut Value, at: &str, diags: &mut Vec<Diagnostic>) {
    let Some(object) = node.as_object_mut() else {
        return;
    };
    let integer = object.get("type").and_then(Value::as_str) == Some("integer");
    let mut drop = Vec::new();
    for key in ["minimum", "maximum"] {
        let Some(Value::Number(n)) = object.get(key) else {
            continue;
        };
        if !integer
            || n.is_i64()
            || n.is_u64() && n.as_u64().is_some_and(|u| i64::try_from(u).is_ok())
        {
            continue;
        }
        match n.as_f64() {
            // An integral float in range is that integer.
            Some(f) if f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64 => {
                object.insert(key.into(), Value::from(f as i64));
            }
            _ => drop.push((key, n.to_string())),
        }
    }
    for key in COUNTS {
        match object.get(*key) {
            Some(Value::Number(n)) if n.is_u64() => {}
            Some(Value::Number(n))
                if n.as_f64()
                    .is_some_and(|f| f >= 0.0 && f.fract() == 0.0 && f < 1e15) =>
            {
                let whole = n.as_f64().unwrap_or_default() as u64;
                object.insert((*key).into(), Value::from(whole));
            }
            Some(other) => drop.push((key, other.to_string())),
            None => {}
        }
    }
    for (key, value) in drop {
        object.shift_remove(key);
        diags.push(
            Diagnostic::warning(format!(
                "`{key}: {value}` cannot bound this value (not a count, or past what a 64-bit integer holds); it is ignored"
            ))
            .at(push(at, key)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn mends_what_can_be_read_and_drops_the_rest() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": 1.0},
            "paths": {},
            "components": {"schemas": {"A": {"type": "object", "properties": {
                "n": {"type": "integer", "minimum": -9223372036854776000.0_f64, "maximum": 100.0},
                "m": {"type": "integer", "maximum": 1e20},
                "s": {"type": "string", "maxLength": 255.0, "minLength": -1, "description": 404}
            }}}}
        });
        let mut diags = Vec::new();
        sanitize(&mut doc, &mut diags);
        assert_eq!(doc["info"]["version"], json!("1.0"));
        let props = &doc["components"]["schemas"]["A"]["properties"];
        // OpenAI's bound is i64::MIN, written as a float.
        assert_eq!(
            props["n"],
            json!({"type": "integer", "minimum": i64::MIN, "maximum": 100})
        );
        assert_eq!(props["m"], json!({"type": "integer"}));
        assert_eq!(
            props["s"],
            json!({"type": "string", "maxLength": 255, "description": "404"})
        );
        assert_eq!(diags.len(), 4, "{diags:?}");
        assert!(diags
            .iter()
            .any(|d| d.pointer.as_deref() == Some("/components/schemas/A/properties/m/maximum")));
    }
}
