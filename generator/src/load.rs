//! Stage 1: read the spec's files (`source`), bring the document to OpenAPI
//! 3.0 (`normalize`: other versions, other files) and deserialize it into
//! `openapiv3` types. Every failure becomes a `Report` with the file, and
//! where known the line, column and JSON pointer.

use std::path::{Path, PathBuf};

use crate::config;
use crate::diag::{Diagnostic, Report};
use crate::normalize;
use crate::source::{self, check_depth, is_json, parse_value, Source, Sources};

mod fast_path;
mod references;
mod select;

/// A parsed spec and the files it came from (kept to place later
/// diagnostics): the root first, then every file it refers to.
pub struct Loaded {
    pub sources: Sources,
    pub api: openapiv3::OpenAPI,
    /// What `normalize` approximated.
    pub warnings: Vec<Diagnostic>,
}

pub fn load(path: &Path) -> Result<Loaded, Report> {
    load_with(path, &[])
}

/// [`load`], with the overlays at `overlays` applied to the spec in order.
pub fn load_with(path: &Path, overlays: &[PathBuf]) -> Result<Loaded, Report> {
    load_with_webhooks(path, overlays, &config::Webhooks::default())
}

/// [`load_with`], and the events of the configuration's webhooks document
/// (`webhooks.file`), taken into the spec as an overlay would: each a
/// webhook whose path item refers to that document's, so that bundling
/// brings in what they use.
pub fn load_with_webhooks(
    path: &Path,
    overlays: &[PathBuf],
    webhooks: &config::Webhooks,
) -> Result<Loaded, Report> {
    let mut documents = Vec::with_capacity(overlays.len() + 1);
    for overlay in overlays {
        let source = source::read(overlay)?;
        let json = is_json(overlay, &source.text);
        match parse_value(&source.text, json) {
            Ok(value) => documents.push((source, value)),
            Err(d) => return Err(Sources::single(source).place(vec![d])),
        }
    }
    if let Some(file) = &webhooks.file {
        let source = source::read(file)?;
        let json = is_json(file, &source.text);
        let events = match parse_value(&source.text, json) {
            Ok(value) => events_overlay(file, &value, webhooks.events.as_deref()),
            Err(d) => return Err(Sources::single(source).place(vec![d])),
        };
        documents.push((source, events));
    }
    let source = source::read(path)?;
    let json = is_json(path, &source.text);
    load_source(source, json, documents)
}

/// An overlay adding to the spec each event of the webhooks document
/// `value` (read from `file`) that `patterns` names (all when `None`): a
/// name, or a prefix and `*`.
fn events_overlay(
    file: &Path,
    value: &serde_json::Value,
    patterns: Option<&[String]>,
) -> serde_json::Value {
    let (section, events) = match (value.get("webhooks"), value.get("x-webhooks")) {
        (Some(serde_json::Value::Object(events)), _) => ("webhooks", events),
        (_, Some(serde_json::Value::Object(events))) => ("x-webhooks", events),
        _ => return serde_json::json!({"overlay": "1.0.0", "actions": []}),
    };
    let wanted = |name: &str| {
        patterns.is_none_or(|patterns| {
            patterns.iter().any(|p| match p.strip_suffix('*') {
                Some(prefix) => name.starts_with(prefix),
                None => name == p,
            })
        })
    };
    let target = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
    let mut added = serde_json::Map::new();
    for name in events.keys().filter(|name| wanted(name)) {
        let escaped = name.replace('~', "~0").replace('/', "~1");
        added.insert(
            name.clone(),
            serde_json::json!({"$ref": format!("{}#/{section}/{escaped}", target.display())}),
        );
    }
    serde_json::json!({
        "overlay": "1.0.0",
        "info": {"title": "webhooks", "version": "1"},
        "actions": [{"target": "$", "update": {"x-webhooks": added}}],
    })
}

/// Keeps of the loaded document what `rules` selects (see [`select`]):
/// its warnings join the document's; an error leaves nothing to generate.
pub fn select(loaded: &mut Loaded, rules: &config::Select) -> Result<(), Report> {
    match select::select(&mut loaded.api, rules) {
        Ok(warnings) => {
            loaded.warnings.extend(warnings);
            Ok(())
        }
        Err(errors) => Err(loaded.sources.place(errors)),
    }
}

/// Parses spec text that did not come from a file (tests, fuzzing); `file`
/// is only used in messages, and relative `$ref`s are read from the
/// current directory.
pub fn load_text(file: String, text: String, json: bool) -> Result<Loaded, Report> {
    load_source(
        Source {
            name: file,
            path: None,
            text,
        },
        json,
        Vec::new(),
    )
}

fn load_source(
    source: Source,
    json: bool,
    overlays: Vec<(Source, serde_json::Value)>,
) -> Result<Loaded, Report> {
    let single = |d: Diagnostic, source: Source| Sources::single(source).place(vec![d]);
    // Overlays change the document before it is read, so they take the
    // general path.
    let fast = if overlays.is_empty() {
        fast_parse(&source.text, json)
    } else {
        Ok(None)
    };
    if let Some(api) = match fast {
        Ok(api) => api,
        Err(d) => return Err(single(d, source)),
    } {
        return Ok(Loaded {
            sources: Sources::single(source),
            api,
            warnings: Vec::new(),
        });
    }
    let value = match parse_value(&source.text, json) {
        Ok(v) => v,
        Err(d) => return Err(single(d, source)),
    };
    let normalized = normalize::normalize(source, value, overlays)
        .map_err(|failed| failed.sources.place(failed.errors))?;
    match deserialize(&normalized.value) {
        Ok(api) => Ok(Loaded {
            sources: normalized.sources,
            api,
            warnings: normalized.warnings,
        }),
        Err(d) => Err(normalized.sources.place(vec![d])),
    }
}

/// Parses `text` into an OpenAPI 3.0 document, as `load_text` does (a test
/// and fuzzing entry point).
pub fn parse(text: &str, json: bool) -> Result<openapiv3::OpenAPI, Diagnostic> {
    load_text("<memory>".into(), text.to_string(), json)
        .map(|loaded| loaded.api)
        .map_err(|mut report| report.diagnostics.remove(0))
}

/// The fast path, for well-formed single-file 3.0 documents whose every
/// reference names a component: deserialized straight into `openapiv3`
/// types, which is as fast as parsing gets with these crates. `None` sends
/// the document the careful way, through `normalize`, which also exists to
/// say precisely what is wrong and where.
fn fast_parse(text: &str, json: bool) -> Result<Option<openapiv3::OpenAPI>, Diagnostic> {
    check_depth(text, json)?;
    if !json && text.contains("<<:") {
        return Ok(None);
    }
    let fast: Option<openapiv3::OpenAPI> = if json {
        serde_json::from_str(text).ok()
    } else {
        serde_yaml::from_str(text).ok()
    };
    Ok(fast.filter(|api| {
        (api.openapi.starts_with("3.0.") || api.openapi == "3.0")
            // Webhooks a 3.0 document declares its own way are read by
            // `normalize`, as 3.1's are.
            && !api.extensions.contains_key("x-webhooks")
            && fast_path::all_name_components(api)
    }))
}

/// Deserializes a normalized document, saying where it does not fit.
fn deserialize(value: &serde_json::Value) -> Result<openapiv3::OpenAPI, Diagnostic> {
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value) {
        Ok(api) => Ok(api),
        Err(e) => Err(narrow(value).unwrap_or_else(|| shape_error("", e))),
    }
}

fn shape_error(base: &str, e: serde_path_to_error::Error<serde_json::Error>) -> Diagnostic {
    let pointer = format!("{base}{}", path_to_pointer(e.path()));
    let inner = e.into_inner().to_string();
    Diagnostic::error(format!(
        "this is not a valid OpenAPI 3.0 document here: {inner}"
    ))
    .at(pointer)
}

/// `openapiv3` flattens maps (paths, responses, components), which hides the
/// path of an error below them. Deserializing each entry on its own finds
/// the entry at fault and the path inside it.
fn narrow(value: &serde_json::Value) -> Option<Diagnostic> {
    fn first_error<T: serde::de::DeserializeOwned>(
        base: &str,
        map: Option<&serde_json::Value>,
    ) -> Option<Diagnostic> {
        for (key, entry) in map?.as_object()? {
            let at = crate::diag::push(base, key);
            if let Err(e) = serde_path_to_error::deserialize::<_, T>(entry) {
                return Some(shape_error(&at, e));
            }
        }
        None
    }
    if let Some(paths) = value.get("paths").and_then(|p| p.as_object()) {
        for (path, item) in paths {
            if path.starts_with("x-") {
                continue;
            }
            let at = crate::diag::push("/paths", path);
            for method in [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ] {
                let Some(op) = item.get(method) else { continue };
                let op_at = crate::diag::push(&at, method);
                if let Some(d) = first_error::<openapiv3::ReferenceOr<openapiv3::Response>>(
                    &format!("{op_at}/responses"),
                    op.get("responses"),
                ) {
                    return Some(d);
                }
                if let Err(e) = serde_path_to_error::deserialize::<_, openapiv3::Operation>(op) {
                    return Some(shape_error(&op_at, e));
                }
            }
            if let Err(e) = serde_path_to_error::deserialize::<_, openapiv3::PathItem>(item) {
                return Some(shape_error(&at, e));
            }
        }
    }
    let components = value.get("components");
    let section = |name: &str| components.and_then(|c| c.get(name));
    first_error::<openapiv3::ReferenceOr<openapiv3::Schema>>(
        "/components/schemas",
        section("schemas"),
    )
    .or_else(|| {
        first_error::<openapiv3::ReferenceOr<openapiv3::Response>>(
            "/components/responses",
            section("responses"),
        )
    })
    .or_else(|| {
        first_error::<openapiv3::ReferenceOr<openapiv3::Parameter>>(
            "/components/parameters",
            section("parameters"),
        )
    })
    .or_else(|| {
        first_error::<openapiv3::ReferenceOr<openapiv3::RequestBody>>(
            "/components/requestBodies",
            section("requestBodies"),
        )
    })
    .or_else(|| {
        first_error::<openapiv3::ReferenceOr<openapiv3::SecurityScheme>>(
            "/components/securitySchemes",
            section("securitySchemes"),
        )
    })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = crate::diag::push(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = crate::diag::push(&pointer, key),
            Segment::Enum { variant } => pointer = crate::diag::push(&pointer, variant),
            Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn version_errors_say_what_was_found() {
        let e = parse(
            "openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
            false,
        )
        .unwrap_err();
        assert!(
            e.message.contains("4.0.0") && e.message.contains("3.1.x"),
            "{}",
            e.message
        );
        assert_eq!(e.line, Some(1), "placed at the `openapi` line");
        let e = parse("swagger: '1.2'\n", false).unwrap_err();
        assert!(e.message.contains("Swagger version 1.2"), "{}", e.message);
        assert!(parse("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n", false).is_ok());
        assert!(parse(
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
            false
        )
        .is_ok());
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let e = parse("openapi: 3.0.0\ninfo: [\n", false).unwrap_err();
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
        assert!(e.line.is_some());
        let e = parse("{\"openapi\": \"3.0.0\",\n  oops}", true).unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn shape_errors_carry_a_pointer() {
        let e = parse("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n", false)
            .unwrap_err();
        assert_eq!(
            e.pointer.as_deref(),
            Some("/paths/~1a/get/responses"),
            "{}",
            e.message
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{}1{}", "[".repeat(50), "]".repeat(50));
        let e = parse(&deep, true).unwrap_err();
        assert!(e.message.contains("nests more than"), "{}", e.message);
        let mut yaml = String::from("openapi: 3.0.0\n");
        for level in 0..50 {
            yaml.push_str(&format!("{}k{level}:\n", "  ".repeat(level)));
        }
        assert!(parse(&yaml, false)
            .unwrap_err()
            .message
            .contains("nests more than"));
    }

    #[test]
    fn integer_status_keys_are_accepted() {
        let api = parse("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n", false)
            .unwrap();
        assert_eq!(api.paths.paths.len(), 1);
    }
}
