//! Stage 1b: every input the generator reads (OpenAPI 3.0, 3.1 and 3.2,
//! Swagger 2.0, one file or several) becomes one OpenAPI 3.0 document, the
//! only language `resolve` reads.
//!
//! Why a rewrite into 3.0 rather than a model of our own: `openapiv3` models
//! 3.0 exactly and `resolve` is written against it; the differences of the
//! other formats are syntactic (2.0 puts a body among the parameters, 3.1
//! spells `nullable` as a `type` array) and can be settled on the JSON tree
//! before deserializing. What 3.0 cannot say at all is approximated here
//! with a warning that names the place, never dropped silently.
//!
//! Diagnostics must still point at the user's file and line, although
//! parts of the result come from other files or moved (2.0's `definitions`
//! become `components.schemas`). Each stage stamps the objects it moves or
//! copies in with where they came from (file and pointer, under a key of its own);
//! the stamps are taken out into a [`SourceMap`] at the end, and a
//! diagnostic at any pointer of the result is placed through the closest
//! stamped ancestor.

mod bundle;
mod hoist;
mod missing;
mod overlay;
mod sanitize;
pub mod shape;
mod swagger2;
mod v31;
pub mod webhooks;

use serde_json::Value;

use crate::diag::Diagnostic;
use crate::source::{Source, SourceMap, Sources};
pub use shape::{Dialect, Kind};

/// Marks an array schema whose `items` is an `anyOf` of its members in
/// order: a closed 3.1 tuple (`prefixItems` with `items: false`), which
/// 3.0 cannot say and `resolve` makes a Rust tuple of.
pub const TUPLE: &str = "x-openapi-rs-tuple";

/// The key under which moved objects carry their origin during the stage.
/// A key no real document uses; every one is removed before deserializing.
const MARK: &str = "x-openapi-rs-origin";

/// Which description language a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Swagger2,
    OpenApi30,
    /// 3.1 and 3.2: JSON Schema 2020-12 schemas.
    OpenApi31,
}

impl Version {
    pub fn dialect(self) -> Dialect {
        match self {
            Version::Swagger2 => Dialect::Swagger2,
            _ => Dialect::OpenApi3,
        }
    }
}

/// Reads the version a document declares, or says why it is not one this
/// generator reads.
pub fn version(value: &Value) -> Result<Version, Diagnostic> {
    let Some(object) = value.as_object() else {
        return Err(Diagnostic::error(
            "the document is not a mapping, so it cannot be an OpenAPI description",
        ));
    };
    const SUPPORTED: &str = "OpenAPI 3.0.x, 3.1.x, 3.2.x and Swagger 2.0 are read";
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if let Some(v) = object.get("openapi") {
        // `openapi: 3.0` in YAML is a number; it means the string.
        let version = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => {
                return Err(Diagnostic::error(format!(
                    "`openapi` must be a version string such as \"3.1.0\", found {v}"
                ))
                .at("/openapi"))
            }
        };
        let minor = |prefix: &str| version == prefix || version.starts_with(&format!("{prefix}."));
        return if minor("3.0") {
            Ok(Version::OpenApi30)
        } else if minor("3.1") || minor("3.2") {
            Ok(Version::OpenApi31)
        } else {
            Err(
                Diagnostic::error(format!("found OpenAPI version {version}; {SUPPORTED}"))
                    .at("/openapi"),
            )
        };
    }
    match object.get("swagger") {
        Some(v) if text(v) == "2.0" => Ok(Version::Swagger2),
        Some(v) => Err(Diagnostic::error(format!(
            "found Swagger version {}; {SUPPORTED}",
            text(v)
        ))
        .at("/swagger")),
        None => Err(Diagnostic::error(format!(
            "no `openapi` or `swagger` field: this is not an OpenAPI description ({SUPPORTED})"
        ))),
    }
}

/// The result: one OpenAPI 3.0 document, the files it was read from (the
/// root first) and the map back into them.
pub struct Normalized {
    pub value: Value,
    pub sources: Sources,
    pub warnings: Vec<Diagnostic>,
}

/// What went wrong, with the files needed to place it.
pub struct Failed {
    pub sources: Sources,
    pub errors: Vec<Diagnostic>,
}

/// Turns the parsed root document into an OpenAPI 3.0 one, after applying
/// `overlays` (each file with its parsed document) to it in order.
pub fn normalize(
    root: Source,
    mut value: Value,
    overlays: Vec<(Source, Value)>,
) -> Result<Normalized, Box<Failed>> {
    let mut files = vec![root];
    let mut diagnostics = Vec::new();
    for (source, document) in overlays {
        let index = files.len();
        overlay::apply(&mut value, &document, &source.name, index, &mut diagnostics);
        files.push(source);
    }
    if diagnostics.iter().any(is_error) {
        let map = take_marks(&mut value);
        let errors = diagnostics.into_iter().filter(is_error).collect();
        return Err(Box::new(Failed {
            sources: Sources { files, map },
            errors,
        }));
    }
    let version = match version(&value) {
        Ok(v) => v,
        Err(d) => {
            return Err(Box::new(Failed {
                sources: Sources {
                    files,
                    map: SourceMap::default(),
                },
                errors: vec![d],
            }))
        }
    };
    webhooks::gather(&mut value);
    bundle::bundle(&mut value, &mut files, version.dialect(), &mut diagnostics);
    if !diagnostics.iter().any(is_error) {
        match version {
            Version::Swagger2 => swagger2::convert(&mut value, &mut diagnostics),
            Version::OpenApi31 => v31::convert(&mut value, &mut diagnostics),
            Version::OpenApi30 => {}
        }
        webhooks::payloads(&mut value, &mut diagnostics);
        sanitize::sanitize(&mut value, &mut diagnostics);
        missing::fill(&mut value, &files[0].name, &mut diagnostics);
        hoist::hoist(&mut value, &mut diagnostics);
    }
    let map = take_marks(&mut value);
    let (errors, warnings): (Vec<_>, Vec<_>) = diagnostics.into_iter().partition(is_error);
    let sources = Sources { files, map };
    if !errors.is_empty() {
        return Err(Box::new(Failed { sources, errors }));
    }
    Ok(Normalized {
        value,
        sources,
        warnings,
    })
}

fn is_error(d: &Diagnostic) -> bool {
    d.severity == crate::diag::Severity::Error
}

/// Stamps the object at `pointer` with its origin unless it has one: the
/// origin of its closest stamped ancestor plus the rest of the path, or the
/// root file. Call before moving the object.
fn stamp(doc: &mut Value, pointer: &str) {
    let (file, origin) = origin_in(doc, pointer);
    if let Some(Value::Object(object)) = doc.pointer_mut(pointer) {
        object
            .entry(MARK)
            .or_insert_with(|| Value::from(vec![Value::from(file), Value::from(origin)]));
    }
}

/// The origin of the object at `pointer`, read from the stamps on its way.
fn origin_in(doc: &Value, pointer: &str) -> (usize, String) {
    let mut node = doc;
    let (mut file, mut origin) = (0usize, String::new());
    read_mark(node, &mut file, &mut origin);
    for raw in pointer.split('/').skip(1) {
        let token = crate::diag::unescape(raw);
        let next = match node {
            Value::Object(o) => o.get(&token),
            Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        };
        origin.push('/');
        origin.push_str(raw);
        let Some(next) = next else { break };
        node = next;
        read_mark(node, &mut file, &mut origin);
    }
    (file, origin)
}

fn read_mark(node: &Value, file: &mut usize, origin: &mut String) {
    if let Some(mark) = node.get(MARK).and_then(Value::as_array) {
        if let (Some(f), Some(p)) = (mark.first().and_then(Value::as_u64), mark.get(1)) {
            *file = f as usize;
            *origin = p.as_str().unwrap_or_default().to_string();
        }
    }
}

/// Removes every stamp and records where each stamped object ended up.
fn take_marks(doc: &mut Value) -> SourceMap {
    fn visit(value: &mut Value, pointer: &mut String, out: &mut Vec<(String, usize, String)>) {
        match value {
            Value::Object(object) => {
                if let Some(mark) = object.shift_remove(MARK) {
                    let (mut file, mut origin) = (0, String::new());
                    read_mark(&serde_json::json!({ MARK: mark }), &mut file, &mut origin);
                    out.push((pointer.clone(), file, origin));
                }
                let len = pointer.len();
                for (key, child) in object.iter_mut() {
                    if matches!(child, Value::Object(_) | Value::Array(_)) {
                        crate::diag::push_into(pointer, key);
                        visit(child, pointer, out);
                        pointer.truncate(len);
                    }
                }
            }
            Value::Array(items) => {
                let len = pointer.len();
                for (i, child) in items.iter_mut().enumerate() {
                    if matches!(child, Value::Object(_) | Value::Array(_)) {
                        crate::diag::push_into(pointer, &i.to_string());
                        visit(child, pointer, out);
                        pointer.truncate(len);
                    }
                }
            }
            _ => {}
        }
    }
    let mut entries = Vec::new();
    visit(doc, &mut String::new(), &mut entries);
    entries.sort();
    SourceMap::new(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versions() {
        assert_eq!(
            version(&json!({"openapi": "3.1.1"})).unwrap(),
            Version::OpenApi31
        );
        assert_eq!(
            version(&json!({"openapi": "3.2.0"})).unwrap(),
            Version::OpenApi31
        );
        assert_eq!(
            version(&json!({"swagger": "2.0"})).unwrap(),
            Version::Swagger2
        );
        let e = version(&json!({"openapi": "4.0.0"})).unwrap_err();
        assert!(e.message.contains("4.0.0") && e.message.contains("3.1.x"));
        let e = version(&json!({"swagger": "1.2"})).unwrap_err();
        assert!(e.message.contains("1.2"), "{}", e.message);
    }

    #[test]
    fn stamps_travel_with_what_they_mark() {
        let mut doc = json!({"a": {"b": {"c": 1}}, "d": {}});
        stamp(&mut doc, "/a/b");
        let moved = doc["a"].as_object_mut().unwrap().shift_remove("b").unwrap();
        doc["d"]["e"] = moved;
        let map = take_marks(&mut doc);
        assert_eq!(map.origin("/d/e/c"), (0, "/a/b/c".into()));
        assert_eq!(map.origin("/d/ee"), (0, "/d/ee".into()));
        assert_eq!(doc, json!({"a": {}, "d": {"e": {"c": 1}}}));
    }
}
