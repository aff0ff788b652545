//! Multi-file documents into one: every `$ref` to another file is replaced
//! by a reference inside the root document, or by the content itself.
//!
//! - A component whose value is a `$ref` to another file (`redocly split`'s
//!   layout: `components.schemas.Pet: {$ref: ./components/schemas/Pet.yaml}`)
//!   takes that file's content in place, and every other reference to that
//!   file, from any file, becomes `#/components/schemas/Pet`: the split
//!   document generates what the single file does.
//! - Any other schema in another file is added to the root's schemas, named
//!   after the fragment's last token or else the file's name, so that types
//!   keep a name and recursion across files stays finite.
//! - Anything else (a path item, a parameter, a response) is copied in where
//!   it is referenced; a chain of such copies that comes back to itself is an
//!   error, since it has no finite form.
//!
//! Content copied from a file has its own references made absolute first
//! (`#/x` in `a.yaml` becomes `/abs/dir/a.yaml#/x`), so the walk that goes on
//! into it needs no notion of which file it is in.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::shape::{self, fragment_pointer, walk, walk_document, Dialect, Kind};
use super::MARK;
use crate::diag::{push, Diagnostic};
use crate::source::{is_json, parse_value, Source};

/// How many times one object of another file may be copied in before the
/// copies are taken for a cycle.
const MAX_COPIES: usize = 10_000;

struct Files<'a> {
    sources: &'a mut Vec<Source>,
    /// Parsed content, by index in `sources` (the root's stays in the document).
    values: Vec<Option<Value>>,
    by_path: HashMap<PathBuf, usize>,
}

impl Files<'_> {
    /// The index of the file at `path`, reading it on first use.
    fn open(&mut self, path: &Path) -> Result<usize, String> {
        let canonical = path
            .canonicalize()
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        if let Some(&i) = self.by_path.get(&canonical) {
            return Ok(i);
        }
        let bytes = std::fs::read(&canonical)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("`{}` is not UTF-8 text", path.display()))?;
        let json = is_json(&canonical, &text);
        let name = path.display().to_string();
        let value = parse_value(&text, json).map_err(|d| {
            let at = d.line.map(|l| format!(" (line {l})")).unwrap_or_default();
            format!("`{name}` cannot be read{at}: {}", d.message)
        })?;
        self.sources.push(Source {
            name,
            path: Some(canonical.clone()),
            text,
        });
        self.values.push(Some(value));
        let i = self.sources.len() - 1;
        self.by_path.insert(canonical, i);
        Ok(i)
    }

    fn dir(&self, file: usize) -> PathBuf {
        match self.sources[file].path.as_deref().and_then(Path::parent) {
            Some(dir) => dir.to_path_buf(),
            None => PathBuf::from("."),
        }
    }
}

/// A reference split into its file (absolute, or `None` for the root) and
/// the JSON pointer of its fragment.
fn split_ref(reference: &str) -> (&str, String) {
    match reference.split_once('#') {
        Some((file, fragment)) => (file, fragment_pointer(fragment)),
        None => (reference, String::new()),
    }
}

fn is_url(reference: &str) -> bool {
    let lower = reference.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// Whether any `$ref` of the document names another file.
fn has_external_refs(doc: &mut Value, dialect: Dialect) -> bool {
    let mut found = false;
    walk_document(doc, dialect, &mut |_, node, _| {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            found |= !r.starts_with('#');
            return false;
        }
        !found
    });
    found
}

pub fn bundle(
    doc: &mut Value,
    sources: &mut Vec<Source>,
    dialect: Dialect,
    diags: &mut Vec<Diagnostic>,
) {
    if !has_external_refs(doc, dialect) {
        return;
    }
    let root_path = sources[0].path.clone();
    // One slot per file read so far: the root's content stays in the
    // document, and overlays' files were read for their actions only.
    let mut files = Files {
        values: vec![None; sources.len()],
        by_path: HashMap::new(),
        sources,
    };
    if let Some(p) = root_path {
        files.by_path.insert(p, 0);
    }
    let mut b = Bundler {
        files,
        dialect,
        registered: HashMap::new(),
        schema_names: HashMap::new(),
        taken: Vec::new(),
        pending: Vec::new(),
        copies: HashMap::new(),
        diags,
    };
    b.register_components(doc);
    walk_document(doc, dialect, &mut |kind, node, at| b.visit(kind, node, at));
    // Schemas hoisted from other files may refer to more of them.
    while !b.pending.is_empty() {
        let batch = std::mem::take(&mut b.pending);
        let section = schema_section(dialect);
        for (name, mut value) in batch {
            let mut at = section.to_string();
            crate::diag::push_into(&mut at, &name);
            walk(
                Kind::Schema,
                &mut value,
                &mut at,
                dialect,
                &mut |kind, node, at| b.visit(kind, node, at),
            );
            section_mut(doc, section).insert(name, value);
        }
    }
}

fn schema_section(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Swagger2 => "/definitions",
        Dialect::OpenApi3 => "/components/schemas",
    }
}

/// The component sections whose entries may stand for a file.
fn sections(dialect: Dialect) -> &'static [&'static str] {
    match dialect {
        Dialect::Swagger2 => &["/definitions", "/parameters", "/responses"],
        Dialect::OpenApi3 => &[
            "/components/schemas",
            "/components/responses",
            "/components/parameters",
            "/components/examples",
            "/components/requestBodies",
            "/components/headers",
            "/components/securitySchemes",
            "/components/links",
            "/components/callbacks",
            "/components/pathItems",
        ],
    }
}

fn section_mut<'d>(doc: &'d mut Value, section: &str) -> &'d mut Map<String, Value> {
    let mut node = doc;
    for token in section.split('/').skip(1) {
        if !node.is_object() {
            *node = Value::Object(Map::new());
        }
        node = node
            .as_object_mut()
            .expect("made an object above")
            .entry(token)
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !node.is_object() {
        *node = Value::Object(Map::new());
    }
    node.as_object_mut().expect("made an object above")
}

struct Bundler<'a, 'd> {
    files: Files<'a>,
    dialect: Dialect,
    /// (file, pointer) of a component's content → the component's pointer in the root.
    registered: HashMap<(usize, String), String>,
    /// (file, pointer) of a hoisted schema → its name in the root's schemas.
    schema_names: HashMap<(usize, String), String>,
    /// Schema names in use.
    taken: Vec<String>,
    pending: Vec<(String, Value)>,
    copies: HashMap<(usize, String), usize>,
    diags: &'d mut Vec<Diagnostic>,
}

impl Bundler<'_, '_> {
    /// Components that are a `$ref` to another file stand for that file's
    /// content from now on.
    fn register_components(&mut self, doc: &Value) {
        let base = self.files.dir(0);
        for section in sections(self.dialect) {
            let Some(map) = shape::get(doc, section).and_then(Value::as_object) else {
                continue;
            };
            for (name, value) in map {
                if *section == schema_section(self.dialect) {
                    self.taken.push(name.clone());
                }
                let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                    continue;
                };
                if reference.starts_with('#') || is_url(reference) {
                    continue;
                }
                let (file, pointer) = split_ref(reference);
                if let Ok(index) = self.files.open(&base.join(file)) {
                    let at = push(section, name);
                    self.registered.entry((index, pointer)).or_insert(at);
                }
            }
        }
    }

    /// One object of the walk. A `#...` reference is the root's own (those
    /// of copied content were made absolute); any other names a file,
    /// relative to the root's folder unless absolute.
    fn visit(&mut self, kind: Kind, node: &mut Value, at: &str) -> bool {
        let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
            return true;
        };
        if reference.starts_with('#') {
            return false;
        }
        let reference = reference.to_string();
        if is_url(&reference) {
            self.diags.push(
                Diagnostic::error(format!(
                    "`$ref: {reference}` refers to a URL; the generator never reaches the network: \
                     download the file and refer to it by a relative path"
                ))
                .at(push(at, "$ref")),
            );
            return false;
        }
        let (path, pointer) = split_ref(&reference);
        let target_file = match self.files.open(&self.files.dir(0).join(path)) {
            Ok(i) => i,
            Err(message) => {
                self.diags.push(
                    Diagnostic::error(format!("`$ref: {reference}` does not resolve: {message}"))
                        .at(push(at, "$ref")),
                );
                return false;
            }
        };
        if target_file == 0 {
            set_ref(node, format!("#{}", escape_fragment(&pointer)));
            return false;
        }
        let key = (target_file, pointer.clone());
        if let Some(component) = self.registered.get(&key).cloned() {
            if component != at {
                set_ref(node, format!("#{component}"));
                return false;
            }
            // The component's own slot: its content goes here.
            return self.copy_in(kind, node, at, key, &reference);
        }
        if kind == Kind::Schema {
            let name = self.schema_name(&key);
            let mut component = schema_section(self.dialect).to_string();
            crate::diag::push_into(&mut component, &name);
            // First reference to this schema (later ones found it registered):
            // its content is walked when the batch is added, not now.
            let mut content = Value::Null;
            if self.copy_in(kind, &mut content, at, key.clone(), &reference) {
                self.pending.push((name, content));
            }
            self.registered.insert(key, component.clone());
            set_ref(node, format!("#{component}"));
            return false;
        }
        self.copy_in(kind, node, at, key, &reference)
    }

    /// Replaces `node` with a copy of the target, stamped with its origin and
    /// with its references absolute. False when there is nothing to copy.
    fn copy_in(
        &mut self,
        kind: Kind,
        node: &mut Value,
        at: &str,
        key: (usize, String),
        reference: &str,
    ) -> bool {
        let count = self.copies.entry(key.clone()).or_insert(0);
        *count += 1;
        if *count > MAX_COPIES {
            if *count == MAX_COPIES + 1 {
                self.diags.push(
                    Diagnostic::error(format!(
                        "`$ref: {reference}` includes itself (through other files) without end"
                    ))
                    .at(push(at, "$ref")),
                );
            }
            return false;
        }
        let (file, pointer) = key;
        let target = self.files.values[file]
            .as_ref()
            .and_then(|v| shape::get(v, &pointer))
            .cloned();
        let Some(mut content) = target else {
            self.diags.push(
                Diagnostic::error(format!(
                    "`$ref: {reference}` does not resolve: `{}` has nothing at `#{pointer}`",
                    self.files.sources[file].name
                ))
                .at(push(at, "$ref")),
            );
            return false;
        };
        let base = self.files.dir(file);
        let file_path = self.files.sources[file].path.clone().unwrap_or_default();
        let mut inner = pointer.clone();
        walk(
            kind,
            &mut content,
            &mut inner,
            self.dialect,
            &mut |_, n, _| {
                if let Some(r) = n.get("$ref").and_then(Value::as_str) {
                    if !is_url(r) {
                        let absolute = match r.split_once('#') {
                            Some(("", fragment)) => format!("{}#{fragment}", file_path.display()),
                            Some((path, fragment)) => {
                                format!("{}#{fragment}", base.join(path).display())
                            }
                            None => base.join(r).display().to_string(),
                        };
                        set_ref(n, absolute);
                    }
                    return false;
                }
                true
            },
        );
        if let Value::Object(object) = &mut content {
            object.insert(
                MARK.into(),
                Value::from(vec![Value::from(file), Value::from(pointer)]),
            );
        }
        // Siblings of the `$ref` (3.1 allows `description` beside it) win,
        // but for the stamp: the copy's text is the target's.
        if let (Value::Object(site), Value::Object(object)) = (&*node, &mut content) {
            for (k, v) in site {
                if k != "$ref" && k != MARK {
                    object.insert(k.clone(), v.clone());
                }
            }
        }
        *node = content;
        true
    }

    /// The name a schema of another file gets among the root's schemas.
    fn schema_name(&mut self, key: &(usize, String)) -> String {
        if let Some(name) = self.schema_names.get(key) {
            return name.clone();
        }
        let last = key.1.rsplit('/').next().unwrap_or_default();
        let base = if last.is_empty() {
            let path = self.files.sources[key.0].path.as_deref();
            path.and_then(Path::file_stem)
                .and_then(|s| s.to_str())
                .unwrap_or("Schema")
                .to_string()
        } else {
            crate::diag::unescape(last)
        };
        let mut name = base.clone();
        let mut n = 1;
        while self.taken.contains(&name) {
            n += 1;
            name = format!("{base}{n}");
        }
        self.taken.push(name.clone());
        self.schema_names.insert(key.clone(), name.clone());
        name
    }
}

fn set_ref(node: &mut Value, reference: String) {
    if let Some(object) = node.as_object_mut() {
        object.insert("$ref".into(), Value::String(reference));
    }
}

/// A JSON pointer as a `$ref` fragment: only what a fragment cannot hold is
/// escaped.
fn escape_fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for c in pointer.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            '%' => out.push_str("%25"),
            c => out.push(c),
        }
    }
    out
}
