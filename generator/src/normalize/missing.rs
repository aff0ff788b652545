//! What OpenAPI 3.0 requires but real descriptions leave out or write in an
//! older form, where one reading is evident: a library of components
//! without `paths` (3.1 allows it), a document without `info` or its
//! `title` or `version`, an operation without `responses`, and the 2.0 form
//! of a discriminator (`discriminator: className`). Each is filled in with a
//! warning at its place, so that the crate a user expects is made instead of
//! the document being refused.

use serde_json::{Map, Value};

use super::shape::{walk_document, Dialect, Kind};
use crate::diag::{push, Diagnostic};

/// Fills in what is missing; `file` is the root file's name, which names an
/// API without a title.
pub fn fill(doc: &mut Value, file: &str, diags: &mut Vec<Diagnostic>) {
    let Some(object) = doc.as_object_mut() else {
        return;
    };
    let stem = std::path::Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty() && *s != "<memory>")
        .unwrap_or("api")
        .to_string();
    match object.get_mut("info").and_then(Value::as_object_mut) {
        Some(info) => info_fields(info, &stem, diags),
        None => {
            diags.push(Diagnostic::warning(format!(
                "the description has no `info`; the API is called \"{stem}\" after its file, version \"unknown\""
            )));
            let mut info = Map::new();
            info.insert("title".into(), Value::from(stem));
            info.insert("version".into(), Value::from("unknown"));
            object.insert("info".into(), Value::Object(info));
        }
    }
    if !object.contains_key("paths") {
        diags.push(Diagnostic::warning(
            "the description has no `paths`: the crate holds its components' models and a client without operations",
        ));
        object.insert("paths".into(), Value::Object(Map::new()));
    }
    walk_document(doc, Dialect::OpenApi3, &mut |kind, node, at| {
        match kind {
            Kind::Operation => responses(node, at, diags),
            Kind::Schema => discriminator(node, at, diags),
            _ => {}
        }
        true
    });
}

fn info_fields(info: &mut Map<String, Value>, stem: &str, diags: &mut Vec<Diagnostic>) {
    if !info.contains_key("title") {
        diags.push(
            Diagnostic::warning(format!(
                "`info` has no `title`; the API is called \"{stem}\" after its file"
            ))
            .at("/info"),
        );
        info.insert("title".into(), Value::from(stem));
    }
    if !info.contains_key("version") {
        diags.push(Diagnostic::warning("`info` has no `version`; it is \"unknown\"").at("/info"));
        info.insert("version".into(), Value::from("unknown"));
    }
}

/// An operation without `responses` succeeds with any 2xx status, its body
/// not read.
fn responses(node: &mut Value, at: &str, diags: &mut Vec<Diagnostic>) {
    let Some(op) = node.as_object_mut() else {
        return;
    };
    if op.contains_key("responses") {
        return;
    }
    diags.push(
        Diagnostic::warning(
            "this operation documents no `responses`; any 2xx status is its success, without a body read",
        )
        .at(at),
    );
    let mut success = Map::new();
    success.insert(
        "description".into(),
        Value::from("Success (the description documents no responses)."),
    );
    let mut responses = Map::new();
    responses.insert("2XX".into(), Value::Object(success));
    op.insert("responses".into(), Value::Object(responses));
}

/// `discriminator: className`, Swagger 2.0's form, is 3.0's
/// `discriminator: {propertyName: className}`.
fn discriminator(node: &mut Value, at: &str, diags: &mut Vec<Diagnostic>) {
    let Some(schema) = node.as_object_mut() else {
        return;
    };
    let Some(Value::String(property)) = schema.get("discriminator") else {
        return;
    };
    let property = property.clone();
    diags.push(
        Diagnostic::warning(format!(
            "`discriminator: {property}` is Swagger 2.0's form; read as `{{propertyName: {property}}}`"
        ))
        .at(push(at, "discriminator")),
    );
    let mut object = Map::new();
    object.insert("propertyName".into(), Value::from(property));
    schema.insert("discriminator".into(), Value::Object(object));
}
