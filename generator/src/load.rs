//! Stage 1: read the file, parse YAML or JSON, bring it to OpenAPI 3.0
//! (`normalize`: other versions, other files) and deserialize into
//! `openapiv3` types. Every failure becomes a `Report` with the file, and
//! where known the line, column and JSON pointer.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Report};
use crate::locate::locate_in;
use crate::normalize::{self, Source, SourceMap};

mod refs;

/// A parsed spec and the files it came from (kept to place later
/// diagnostics): the root first, then every file it refers to.
pub struct Loaded {
    pub files: Vec<Source>,
    pub map: SourceMap,
    pub api: openapiv3::OpenAPI,
    /// What `normalize` approximated.
    pub warnings: Vec<Diagnostic>,
}

impl Loaded {
    pub fn report(&self, diagnostics: Vec<Diagnostic>) -> Report {
        report(&self.files, &self.map, diagnostics)
    }
}

/// Places each diagnostic in its file: the line and column of its pointer,
/// through the map when the pointer is one of the normalized document, and
/// the source line at that position.
fn report(files: &[Source], map: &SourceMap, diagnostics: Vec<Diagnostic>) -> Report {
    // Split once per file: a large spec has tens of thousands of lines and
    // may come with dozens of warnings.
    let mut lines: Vec<Option<Vec<&str>>> = vec![None; files.len()];
    let diagnostics = diagnostics
        .into_iter()
        .map(|mut d| {
            let file = match (&d.file, &d.pointer) {
                (Some(name), _) => files.iter().position(|f| *f.name == **name).unwrap_or(0),
                (None, Some(pointer)) if d.line.is_none() => {
                    let (file, origin) = map.origin(pointer);
                    d.pointer = Some(origin);
                    file
                }
                _ => 0,
            };
            if file != 0 {
                d.file = Some(files[file].name.as_str().into());
            }
            let lines = lines[file].get_or_insert_with(|| files[file].text.lines().collect());
            place_in(lines, d)
        })
        .collect();
    Report {
        file: files[0].name.clone(),
        diagnostics,
    }
}

fn place_in(lines: &[&str], mut d: Diagnostic) -> Diagnostic {
    if d.line.is_none() {
        if let Some((line, column)) = d.pointer.as_deref().and_then(|p| locate_in(lines, p)) {
            d = d.line_col(line, column);
        }
    }
    d.with_snippet(lines)
}

pub fn load(path: &Path) -> Result<Loaded, Report> {
    load_with(path, &[])
}

/// [`load`], with the overlays at `overlays` applied to the spec in order.
pub fn load_with(path: &Path, overlays: &[PathBuf]) -> Result<Loaded, Report> {
    let mut documents = Vec::with_capacity(overlays.len());
    for overlay in overlays {
        let source = read_source(overlay)?;
        let json = is_json(overlay, &source.text);
        match parse_value(&source.text, json) {
            Ok(value) => documents.push((source, value)),
            Err(d) => {
                let files = [source];
                return Err(report(&files, &SourceMap::default(), vec![d]));
            }
        }
    }
    let source = read_source(path)?;
    let json = is_json(path, &source.text);
    load_source(source, json, documents)
}

/// Reads the file at `path` as UTF-8 text.
fn read_source(path: &Path) -> Result<Source, Report> {
    let file = path.display().to_string();
    let fail = |d: Diagnostic| Report {
        file: file.clone(),
        diagnostics: vec![d],
    };
    let bytes = std::fs::read(path)
        .map_err(|e| fail(Diagnostic::error(format!("cannot read the file: {e}"))))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        fail(Diagnostic::error(format!(
            "the file is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )))
    })?;
    Ok(Source {
        name: file,
        // Other files are found relative to this one, and a reference
        // back to it must be recognised whatever its spelling.
        path: path.canonicalize().ok(),
        text,
    })
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
    let single = |d: Diagnostic, source: Source| {
        let files = [source];
        report(&files, &SourceMap::default(), vec![d])
    };
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
            files: vec![source],
            map: SourceMap::default(),
            api,
            warnings: Vec::new(),
        });
    }
    let value = match parse_value(&source.text, json) {
        Ok(v) => v,
        Err(d) => return Err(single(d, source)),
    };
    let normalized = normalize::normalize(source, value, overlays)
        .map_err(|failed| report(&failed.files, &failed.map, failed.errors))?;
    match deserialize(&normalized.value) {
        Ok(api) => Ok(Loaded {
            files: normalized.files,
            map: normalized.map,
            api,
            warnings: normalized.warnings,
        }),
        Err(d) => Err(report(&normalized.files, &normalized.map, vec![d])),
    }
}

pub fn is_json(path: &Path, text: &str) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("json") => true,
        Some(ext) if ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml") => false,
        _ => text.trim_start().starts_with('{'),
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
        (api.openapi.starts_with("3.0.") || api.openapi == "3.0") && refs::all_name_components(api)
    }))
}

fn check_depth(text: &str, json: bool) -> Result<(), Diagnostic> {
    let (depth, line) = if json {
        json_depth(text)
    } else {
        yaml_depth(text)
    };
    if depth > MAX_NESTING {
        return Err(Diagnostic::error(format!(
            "the document nests more than {MAX_NESTING} levels deep; deeper documents are refused because \
             deserializing them takes time exponential in the depth (real-world specs stay under 25)"
        ))
        .line_col(line, 1));
    }
    Ok(())
}

/// Parses YAML or JSON text into a JSON value, with the position of any
/// syntax error.
pub fn parse_value(text: &str, json: bool) -> Result<serde_json::Value, Diagnostic> {
    check_depth(text, json)?;
    if json {
        serde_json::from_str(text).map_err(|e| {
            Diagnostic::error(format!("invalid JSON: {}", strip_position(&e.to_string())))
                .line_col(e.line(), e.column())
        })
    } else {
        let invalid = |e: serde_yaml::Error| {
            let d = Diagnostic::error(format!("invalid YAML: {}", strip_position(&e.to_string())));
            match e.location() {
                Some(l) => d.line_col(l.line(), l.column()),
                None => d,
            }
        };
        // Merge keys (`<<:`) need serde_yaml's own tree to be applied.
        if !text.contains("<<:") {
            return serde_yaml::from_str::<crate::yaml::Loose>(text)
                .map(|l| l.0)
                .map_err(invalid);
        }
        let mut yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(invalid)?;
        yaml.apply_merge()
            .map_err(|e| Diagnostic::error(format!("invalid YAML merge key: {e}")))?;
        yaml_to_json(yaml, "")
    }
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

/// How deep a document may nest. `openapiv3` deserializes schemas through
/// untagged enums and flattened structs, which backtrack: a malformed schema
/// nested N levels deep costs about 2^(N/2) steps. The deepest spec of the
/// corpus nests 22 levels; 36 keeps the worst case near a second.
pub const MAX_NESTING: usize = 36;

/// Nesting depth of JSON text (objects and arrays, outside strings) and the
/// line where it is deepest.
fn json_depth(text: &str) -> (usize, usize) {
    let (mut depth, mut max, mut line, mut at) = (0usize, 0usize, 1usize, 1usize);
    let (mut in_string, mut escaped) = (false, false);
    for b in text.bytes() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > max {
                    max = depth;
                    at = line;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (max, at)
}

/// Nesting depth of YAML text, estimated from indentation (each deeper
/// indentation and each `- ` opens a level) plus flow brackets on a line.
/// Block scalars may add a level or two; the limit leaves room for that.
fn yaml_depth(text: &str) -> (usize, usize) {
    let mut stack: Vec<usize> = Vec::new();
    let (mut max, mut at) = (0usize, 1usize);
    for (i, raw) in text.lines().enumerate() {
        let body = raw.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let mut indent = raw.len() - body.len();
        while stack.last().is_some_and(|&top| top >= indent) {
            stack.pop();
        }
        stack.push(indent);
        let mut rest = body;
        while let Some(after) = rest.strip_prefix("- ") {
            indent += 2;
            stack.push(indent);
            rest = after.trim_start();
        }
        let (mut flow, mut flow_max) = (0usize, 0usize);
        for c in rest.chars() {
            match c {
                '{' | '[' => {
                    flow += 1;
                    flow_max = flow_max.max(flow);
                }
                '}' | ']' => flow = flow.saturating_sub(1),
                '#' | '\'' | '"' => break,
                _ => {}
            }
        }
        let depth = stack.len() + flow_max;
        if depth > max {
            max = depth;
            at = i + 1;
        }
    }
    (max, at)
}

/// serde's messages end in "at line X column Y"; the position is reported separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
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

/// YAML allows keys that are not strings (`200:`, `true:`); OpenAPI keys are
/// strings, so scalars are turned into their text. Anything else is an error.
fn yaml_to_json(value: serde_yaml::Value, at: &str) -> Result<serde_json::Value, Diagnostic> {
    use serde_json::Value as J;
    use serde_yaml::Value as Y;
    Ok(match value {
        Y::Null => J::Null,
        Y::Bool(b) => J::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                J::from(i)
            } else if let Some(u) = n.as_u64() {
                J::from(u)
            } else {
                match n.as_f64().and_then(serde_json::Number::from_f64) {
                    Some(f) => J::Number(f),
                    None => {
                        return Err(Diagnostic::error(format!(
                            "the number {n} cannot be represented in JSON"
                        ))
                        .at(at))
                    }
                }
            }
        }
        Y::String(s) => J::String(s),
        Y::Sequence(items) => J::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| yaml_to_json(v, &crate::diag::push(at, &i.to_string())))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_string(),
                    _ => return Err(Diagnostic::error("a mapping key is not a string").at(at)),
                };
                let inner = crate::diag::push(at, &key);
                out.insert(key, yaml_to_json(v, &inner)?);
            }
            J::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, at)?,
    })
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
    fn nesting_is_measured_and_bounded() {
        assert_eq!(
            super::json_depth(r#"{"a": [1, {"b": "]]}"}], "c": {}}"#).0,
            3
        );
        assert_eq!(
            super::yaml_depth("a:\n  b:\n    - c: 1\n      d: {e: [1]}\n").0,
            6
        );
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
