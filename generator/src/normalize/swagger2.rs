//! Swagger 2.0 into OpenAPI 3.0, the conversion the OpenAPI 3.0 text
//! describes: `definitions` become schemas, the `body` parameter the request
//! body, `formData` parameters a form or multipart body, `produces` and
//! `consumes` the media types of `content`, and `host` + `basePath` +
//! `schemes` the server URLs.
//!
//! Every object that moves is stamped first with where it was written, so
//! diagnostics about it still point at the user's line.

use serde_json::{json, Map, Value};

use super::shape::{walk_document, Dialect, Kind};
use super::stamp;
use crate::diag::{push, Diagnostic};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

pub fn convert(doc: &mut Value, diags: &mut Vec<Diagnostic>) {
    stamp_all(doc);
    let Value::Object(old) = std::mem::take(doc) else {
        return;
    };
    let get = |k: &str| old.get(k);
    let strings = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let consumes = strings(get("consumes"));
    let produces = strings(get("produces"));
    let globals = Globals {
        parameters: get("parameters")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        consumes: if consumes.is_empty() {
            vec!["application/json".into()]
        } else {
            consumes
        },
        produces: if produces.is_empty() {
            vec!["application/json".into()]
        } else {
            produces
        },
    };

    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    for key in ["info", "tags", "externalDocs", "security"] {
        if let Some(v) = old.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    if let Some(servers) = servers(&old) {
        out.insert("servers".into(), servers);
    }
    // Extensions at the top level (`x-speakeasy-retries`) keep their meaning.
    for (k, v) in &old {
        if k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }

    let mut paths = Map::new();
    if let Some(Value::Object(old_paths)) = old.get("paths") {
        for (path, item) in old_paths {
            let at = push("/paths", path);
            match item {
                Value::Object(item) if !path.starts_with("x-") => {
                    paths.insert(path.clone(), path_item(item, &at, &globals, diags));
                }
                other => {
                    paths.insert(path.clone(), other.clone());
                }
            }
        }
    }
    out.insert("paths".into(), Value::Object(paths));

    let mut components = Map::new();
    if let Some(Value::Object(definitions)) = old.get("definitions") {
        components.insert("schemas".into(), Value::Object(definitions.clone()));
    }
    if let Some(Value::Object(responses)) = old.get("responses") {
        let converted = responses
            .iter()
            .map(|(name, r)| (name.clone(), response(r, &globals.produces)))
            .collect();
        components.insert("responses".into(), Value::Object(converted));
    }
    if let Some(Value::Object(schemes)) = old.get("securityDefinitions") {
        let converted = schemes
            .iter()
            .map(|(name, s)| {
                let at = push("/securityDefinitions", name);
                (name.clone(), security_scheme(s, &at, diags))
            })
            .collect();
        components.insert("securitySchemes".into(), Value::Object(converted));
    }
    out.insert("components".into(), Value::Object(components));
    *doc = Value::Object(out);

    // Schemas keep their 2.0 spellings until here; now one pass over all of them.
    walk_document(doc, Dialect::OpenApi3, &mut |kind, node, _| {
        if kind == Kind::Schema {
            schema(node);
        }
        if kind == Kind::Response {
            if let Some(Value::String(r)) = node.get_mut("$ref") {
                if let Some(name) = r.strip_prefix("#/responses/") {
                    *r = format!("#/components/responses/{name}");
                }
            }
        }
        true
    });
}

struct Globals {
    parameters: Map<String, Value>,
    consumes: Vec<String>,
    produces: Vec<String>,
}

/// Stamps everything that will move with its 2.0 place.
fn stamp_all(doc: &mut Value) {
    let mut at = Vec::new();
    for section in [
        "definitions",
        "parameters",
        "responses",
        "securityDefinitions",
    ] {
        if let Some(map) = doc.get(section).and_then(Value::as_object) {
            for (name, value) in map {
                let entry = push(&format!("/{section}"), name);
                if value.get("schema").is_some() {
                    at.push(push(&entry, "schema"));
                }
                at.push(entry);
            }
        }
    }
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let item_at = push("/paths", path);
            let Some(item) = item.as_object() else {
                continue;
            };
            let mut owners = vec![(item_at.clone(), item)];
            for m in METHODS {
                if let Some(Value::Object(op)) = item.get(*m) {
                    owners.push((push(&item_at, m), op));
                }
            }
            for (owner_at, owner) in owners {
                for (list, key) in [("parameters", "schema"), ("responses", "schema")] {
                    let entries: Vec<(String, &Value)> = match owner.get(list) {
                        Some(Value::Array(a)) => a
                            .iter()
                            .enumerate()
                            .map(|(i, v)| (i.to_string(), v))
                            .collect(),
                        Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), v)).collect(),
                        _ => Vec::new(),
                    };
                    for (name, value) in entries {
                        let entry = push(&push(&owner_at, list), &name);
                        if value.get(key).is_some() {
                            at.push(push(&entry, key));
                        }
                        at.push(entry);
                    }
                }
            }
        }
    }
    for pointer in at {
        stamp(doc, &pointer);
    }
}

fn servers(old: &Map<String, Value>) -> Option<Value> {
    let base_path = old.get("basePath").and_then(Value::as_str).unwrap_or("");
    let base_path = base_path.trim_end_matches('/');
    let Some(host) = old.get("host").and_then(Value::as_str) else {
        return (!base_path.is_empty()).then(|| json!([{ "url": base_path }]));
    };
    let mut schemes: Vec<&str> = old
        .get("schemes")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    // HTTPS first: the first server is the client's default.
    schemes.sort_by_key(|s| *s != "https");
    if schemes.is_empty() {
        schemes.push("https");
    }
    Some(Value::Array(
        schemes
            .iter()
            .filter(|s| matches!(**s, "http" | "https"))
            .map(|s| json!({ "url": format!("{s}://{host}{base_path}") }))
            .collect(),
    ))
}

fn security_scheme(s: &Value, at: &str, diags: &mut Vec<Diagnostic>) -> Value {
    let mut out = Map::new();
    let field = |k: &str| s.get(k).cloned();
    if let Some(d) = field("description") {
        out.insert("description".into(), d);
    }
    if let Some(m) = s.get(super::MARK) {
        out.insert(super::MARK.into(), m.clone());
    }
    match s.get("type").and_then(Value::as_str) {
        Some("basic") => {
            out.insert("type".into(), json!("http"));
            out.insert("scheme".into(), json!("basic"));
        }
        Some("apiKey") => {
            out.insert("type".into(), json!("apiKey"));
            out.insert("name".into(), field("name").unwrap_or(json!("")));
            out.insert("in".into(), field("in").unwrap_or(json!("header")));
        }
        Some("oauth2") => {
            let flow = match s.get("flow").and_then(Value::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                _ => "authorizationCode",
            };
            let mut f = Map::new();
            for k in ["authorizationUrl", "tokenUrl"] {
                let needed = match k {
                    "authorizationUrl" => matches!(flow, "implicit" | "authorizationCode"),
                    _ => flow != "implicit",
                };
                if needed {
                    f.insert(k.into(), field(k).unwrap_or(json!("")));
                }
            }
            f.insert("scopes".into(), field("scopes").unwrap_or(json!({})));
            out.insert("type".into(), json!("oauth2"));
            out.insert("flows".into(), json!({ flow: f }));
        }
        other => {
            diags.push(
                Diagnostic::warning(format!(
                    "security scheme type {} is not one of Swagger 2.0's (basic, apiKey, oauth2); it is left out",
                    other.map_or("(none)".into(), |t| format!("`{t}`"))
                ))
                .at(push(at, "type")),
            );
            out.insert("type".into(), json!("http"));
            out.insert("scheme".into(), json!("unsupported"));
        }
    }
    Value::Object(out)
}

fn path_item(
    item: &Map<String, Value>,
    at: &str,
    g: &Globals,
    diags: &mut Vec<Diagnostic>,
) -> Value {
    let shared: Vec<Value> = parameters(item.get("parameters"), g);
    let mut out = Map::new();
    for (key, value) in item {
        match key.as_str() {
            "parameters" => {
                let plain: Vec<Value> = shared
                    .iter()
                    .filter(|p| !matches!(location(p), "body" | "formData"))
                    .map(|p| parameter(p, &push(at, "parameters"), diags))
                    .collect();
                if !plain.is_empty() {
                    out.insert(key.clone(), Value::Array(plain));
                }
            }
            m if METHODS.contains(&m) => {
                if let Value::Object(op) = value {
                    out.insert(key.clone(), operation(op, &shared, &push(at, m), g, diags));
                }
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Value::Object(out)
}

/// The parameters of a list, `$ref`s to `#/parameters/...` copied in.
fn parameters(list: Option<&Value>, g: &Globals) -> Vec<Value> {
    let Some(list) = list.and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .map(|p| {
            let target = p
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/parameters/"))
                .and_then(|name| g.parameters.get(&crate::diag::unescape(name)));
            target.unwrap_or(p).clone()
        })
        .collect()
}

fn location(p: &Value) -> &str {
    p.get("in").and_then(Value::as_str).unwrap_or("")
}

fn operation(
    op: &Map<String, Value>,
    shared: &[Value],
    at: &str,
    g: &Globals,
    diags: &mut Vec<Diagnostic>,
) -> Value {
    let own = parameters(op.get("parameters"), g);
    // Operation parameters override path-level ones of the same name and place.
    let mut all: Vec<Value> = shared
        .iter()
        .filter(|s| {
            !own.iter()
                .any(|o| o.get("name") == s.get("name") && location(o) == location(s))
        })
        .cloned()
        .collect();
    all.extend(own);
    let media = |key: &str, default: &[String]| -> Vec<String> {
        let list: Vec<String> = op
            .get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if list.is_empty() {
            default.to_vec()
        } else {
            list
        }
    };
    let consumes = media("consumes", &g.consumes);
    let produces = media("produces", &g.produces);

    let mut out = Map::new();
    for (key, value) in op {
        match key.as_str() {
            "parameters" | "consumes" | "produces" | "schemes" | "responses" => {}
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    let plain: Vec<Value> = all
        .iter()
        .filter(|p| !matches!(location(p), "body" | "formData"))
        .map(|p| parameter(p, &push(at, "parameters"), diags))
        .collect();
    if !plain.is_empty() {
        out.insert("parameters".into(), Value::Array(plain));
    }
    if let Some(body) = all.iter().find(|p| location(p) == "body") {
        let schema = body.get("schema").cloned().unwrap_or(json!({}));
        let content: Map<String, Value> = consumes
            .iter()
            .filter(|c| !c.contains("form"))
            .map(|c| (c.clone(), json!({ "schema": schema })))
            .collect();
        let content = if content.is_empty() {
            json!({ "application/json": { "schema": schema } })
        } else {
            Value::Object(content)
        };
        let mut request = Map::new();
        if let Some(d) = body.get("description") {
            request.insert("description".into(), d.clone());
        }
        if let Some(r) = body.get("required") {
            request.insert("required".into(), r.clone());
        }
        if let Some(m) = body.get(super::MARK) {
            request.insert(super::MARK.into(), m.clone());
        }
        request.insert("content".into(), content);
        out.insert("requestBody".into(), Value::Object(request));
    }
    let form: Vec<&Value> = all.iter().filter(|p| location(p) == "formData").collect();
    if !form.is_empty() {
        let multipart = form.iter().any(|p| p.get("type") == Some(&json!("file")))
            || consumes.iter().any(|c| c == "multipart/form-data");
        let mut properties = Map::new();
        let mut required = Vec::new();
        for p in &form {
            let Some(name) = p.get("name").and_then(Value::as_str) else {
                continue;
            };
            let mut s = plain_schema(p);
            if let (Some(d), Value::Object(o)) = (p.get("description"), &mut s) {
                o.insert("description".into(), d.clone());
            }
            properties.insert(name.into(), s);
            if p.get("required") == Some(&Value::Bool(true)) {
                required.push(Value::String(name.into()));
            }
        }
        let mut schema = json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            schema["required"] = Value::Array(required.clone());
        }
        let media = if multipart {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        if out.contains_key("requestBody") {
            diags.push(
                Diagnostic::warning(
                    "an operation with both a `body` and `formData` parameters sends the body; the form fields are left out",
                )
                .at(push(at, "parameters")),
            );
        } else {
            out.insert(
                "requestBody".into(),
                json!({
                    "required": !required.is_empty(),
                    "content": { media: { "schema": schema } },
                }),
            );
        }
    }
    let responses: Map<String, Value> = op
        .get("responses")
        .and_then(Value::as_object)
        .map(|rs| {
            rs.iter()
                .map(|(code, r)| (code.clone(), response(r, &produces)))
                .collect()
        })
        .unwrap_or_default();
    out.insert("responses".into(), Value::Object(responses));
    Value::Object(out)
}

fn response(r: &Value, produces: &[String]) -> Value {
    let Some(r) = r.as_object() else {
        return r.clone();
    };
    if r.contains_key("$ref") {
        return Value::Object(r.clone());
    }
    let mut out = Map::new();
    for (key, value) in r {
        match key.as_str() {
            "schema" => {
                let content: Map<String, Value> = produces
                    .iter()
                    .map(|p| (p.clone(), json!({ "schema": value })))
                    .collect();
                out.insert("content".into(), Value::Object(content));
            }
            "headers" => {
                let headers: Map<String, Value> = value
                    .as_object()
                    .map(|h| {
                        h.iter()
                            .map(|(name, header)| {
                                let mut converted = json!({ "schema": plain_schema(header) });
                                if let Some(d) = header.get("description") {
                                    converted["description"] = d.clone();
                                }
                                (name.clone(), converted)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                out.insert("headers".into(), Value::Object(headers));
            }
            // Placed below, once `content` is made.
            "examples" => {}
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    // 2.0's examples by media type are 3.0's media type `example`s.
    if let (Some(Value::Object(examples)), Some(Value::Object(content))) =
        (r.get("examples"), out.get_mut("content"))
    {
        for (media, example) in examples {
            if let Some(Value::Object(media_type)) = content.get_mut(media) {
                media_type.insert("example".into(), example.clone());
            }
        }
    }
    out.entry("description").or_insert(json!(""));
    Value::Object(out)
}

/// A non-body parameter in 3.0 form.
fn parameter(p: &Value, at: &str, diags: &mut Vec<Diagnostic>) -> Value {
    let Some(p) = p.as_object() else {
        return p.clone();
    };
    if p.contains_key("$ref") {
        return Value::Object(p.clone());
    }
    let mut out = Map::new();
    for key in [
        "name",
        "in",
        "description",
        "required",
        "deprecated",
        "allowEmptyValue",
        super::MARK,
    ] {
        if let Some(v) = p.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    for (k, v) in p {
        if k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }
    if location(&Value::Object(p.clone())) == "path" {
        out.insert("required".into(), Value::Bool(true));
    }
    out.insert("schema".into(), plain_schema(&Value::Object(p.clone())));
    if p.get("type") == Some(&json!("array")) {
        if p.get("collectionFormat").and_then(Value::as_str) == Some("tsv") {
            diags.push(
                Diagnostic::warning(format!(
                    "parameter `{}` has `collectionFormat: tsv`, which OpenAPI 3 has no style for; the values are joined with commas",
                    p.get("name").and_then(Value::as_str).unwrap_or_default()
                ))
                .at(at),
            );
        }
        let (style, explode) = match p.get("collectionFormat").and_then(Value::as_str) {
            Some("multi") => ("form", true),
            Some("ssv") => ("spaceDelimited", false),
            Some("pipes") => ("pipeDelimited", false),
            _ => match p.get("in").and_then(Value::as_str) {
                Some("query" | "cookie") => ("form", false),
                _ => ("simple", false),
            },
        };
        out.insert("style".into(), json!(style));
        out.insert("explode".into(), json!(explode));
    }
    Value::Object(out)
}

/// The schema a 2.0 parameter, header or items object describes inline.
fn plain_schema(p: &Value) -> Value {
    const KEYS: &[&str] = &[
        "type",
        "format",
        "enum",
        "default",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "uniqueItems",
        "multipleOf",
        "x-nullable",
    ];
    let mut out = Map::new();
    for key in KEYS {
        if let Some(v) = p.get(*key) {
            out.insert((*key).into(), v.clone());
        }
    }
    if let Some(items) = p.get("items") {
        out.insert("items".into(), plain_schema(items));
    }
    if let Some(r) = p.get("$ref") {
        out.insert("$ref".into(), r.clone());
    }
    Value::Object(out)
}

/// 2.0 spellings inside a schema.
fn schema(node: &mut Value) {
    let Some(s) = node.as_object_mut() else {
        return;
    };
    if let Some(Value::String(r)) = s.get_mut("$ref") {
        if let Some(name) = r.strip_prefix("#/definitions/") {
            *r = format!("#/components/schemas/{name}");
        }
    }
    if s.shift_remove("x-nullable") == Some(Value::Bool(true)) {
        s.insert("nullable".into(), Value::Bool(true));
    }
    if s.get("type").and_then(Value::as_str) == Some("file") {
        s.insert("type".into(), json!("string"));
        s.insert("format".into(), json!("binary"));
    }
    if let Some(Value::String(property)) = s.get("discriminator").cloned() {
        s.insert("discriminator".into(), json!({ "propertyName": property }));
    }
    // A draft 4 tuple: the first member stands for all.
    if let Some(Value::Array(items)) = s.get("items").cloned() {
        s.insert(
            "items".into(),
            items.into_iter().next().unwrap_or(json!({})),
        );
    }
}
