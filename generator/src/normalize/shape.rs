//! Where things are in an OpenAPI document: which keys of which object hold
//! schemas, parameters, responses and so on, for Swagger 2.0 and OpenAPI 3.x.
//!
//! Every stage of `normalize` needs to know this (a `$ref` to another file is
//! hoisted when it names a schema and copied in otherwise; 3.1 rewrites touch
//! schemas only; a `$ref` to any JSON pointer must know what it points at),
//! so the grammar is written once here and the stages walk with it. Values
//! that are data, not description (`example`, `default`, `enum`, `const`,
//! extensions), are never walked, so a `$ref` inside an example stays text.

use serde_json::Value;

use crate::diag::push_into;

/// What an object in the document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Document,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Encoding,
    Header,
    Example,
    Link,
    Callback,
    SecurityScheme,
    Schema,
}

/// How a key holds its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    One(Kind),
    /// A map from names (or status codes, media types) to children.
    Map(Kind),
    List(Kind),
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// Swagger 2.0 (`v2`) or OpenAPI 3.x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Swagger2,
    OpenApi3,
}

/// The slot `key` of an object of `kind` is, if it holds description objects.
pub fn slot(kind: Kind, key: &str, dialect: Dialect) -> Option<Slot> {
    use Kind::*;
    use Slot::*;
    if key.starts_with("x-") {
        return None;
    }
    let v2 = dialect == Dialect::Swagger2;
    Some(match (kind, key) {
        (Document, "paths" | "webhooks") => Map(PathItem),
        (Document, "components") if !v2 => One(Components),
        (Document, "definitions") if v2 => Map(Schema),
        (Document, "parameters") if v2 => Map(Parameter),
        (Document, "responses") if v2 => Map(Response),
        (Components, "schemas") => Map(Schema),
        (Components, "responses") => Map(Response),
        (Components, "parameters") => Map(Parameter),
        (Components, "examples") => Map(Example),
        (Components, "requestBodies") => Map(RequestBody),
        (Components, "headers") => Map(Header),
        (Components, "securitySchemes") => Map(SecurityScheme),
        (Components, "links") => Map(Link),
        (Components, "callbacks") => Map(Callback),
        (Components, "pathItems") => Map(PathItem),
        (PathItem, "parameters") => List(Parameter),
        (PathItem, "additionalOperations") => Map(Operation),
        (PathItem, method) if METHODS.contains(&method) => One(Operation),
        (Operation, "parameters") => List(Parameter),
        (Operation, "requestBody") => One(RequestBody),
        (Operation, "responses") => Map(Response),
        (Operation, "callbacks") => Map(Callback),
        (Callback, _) => One(PathItem),
        (Parameter | Header, "schema") => One(Schema),
        (Parameter | Header, "content") => Map(MediaType),
        (Parameter | Header | MediaType, "examples") => Map(Example),
        (RequestBody, "content") => Map(MediaType),
        (MediaType, "schema" | "itemSchema") => One(Schema),
        (MediaType, "encoding") => Map(Encoding),
        (Encoding, "headers") => Map(Header),
        (Response, "headers") => Map(Header),
        (Response, "content") => Map(MediaType),
        (Response, "links") => Map(Link),
        (Response, "schema") if v2 => One(Schema),
        (
            Schema,
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas",
        ) => Map(Schema),
        (Schema, "allOf" | "anyOf" | "oneOf" | "prefixItems") => List(Schema),
        (
            Schema,
            "items"
            | "additionalProperties"
            | "unevaluatedProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "additionalItems"
            | "unevaluatedItems"
            | "contentSchema",
        ) => One(Schema),
        _ => return None,
    })
}

/// The kind of the object at `pointer` (tokens unescaped), following the
/// grammar from the document's root; `None` where the pointer leaves it.
pub fn kind_at<'a>(tokens: impl IntoIterator<Item = &'a str>, dialect: Dialect) -> Option<Kind> {
    let mut kind = Kind::Document;
    let mut pending: Option<Slot> = None;
    for token in tokens {
        kind = match pending.take() {
            Some(Slot::Map(k) | Slot::List(k)) => k,
            Some(Slot::One(_)) | None => match slot(kind, token, dialect)? {
                Slot::One(k) => k,
                s => {
                    pending = Some(s);
                    continue;
                }
            },
        };
    }
    if pending.is_some() {
        return None;
    }
    Some(kind)
}

/// [`walk`] over a whole document, from its root.
pub fn walk_document(
    doc: &mut Value,
    dialect: Dialect,
    f: &mut dyn FnMut(Kind, &mut Value, &str) -> bool,
) {
    walk(Kind::Document, doc, &mut String::new(), dialect, f)
}

/// Calls `f` on every description object below `value` (an object of
/// `kind` at `pointer`), parents before children. `f` may rewrite the node
/// it is given (replace a `$ref`, for instance); the walk then goes on into
/// what the node has become. `f` returns false to not descend.
pub fn walk(
    kind: Kind,
    value: &mut Value,
    pointer: &mut String,
    dialect: Dialect,
    f: &mut dyn FnMut(Kind, &mut Value, &str) -> bool,
) {
    if !f(kind, value, pointer) {
        return;
    }
    let Some(object) = value.as_object_mut() else {
        return;
    };
    let len = pointer.len();
    for (key, child) in object.iter_mut() {
        let Some(slot) = slot(kind, key, dialect) else {
            continue;
        };
        push_into(pointer, key);
        match (slot, child) {
            // A Swagger/JSON Schema draft 4 tuple: `items` as a list.
            (Slot::One(k), Value::Array(items)) if k == Kind::Schema => {
                walk_list(k, items, pointer, dialect, f)
            }
            (Slot::One(k), child) => walk(k, child, pointer, dialect, f),
            (Slot::Map(k), Value::Object(map)) => {
                let inner = pointer.len();
                for (name, child) in map.iter_mut() {
                    if k != Kind::Schema && name.starts_with("x-") {
                        continue;
                    }
                    push_into(pointer, name);
                    walk(k, child, pointer, dialect, f);
                    pointer.truncate(inner);
                }
            }
            (Slot::List(k), Value::Array(items)) => walk_list(k, items, pointer, dialect, f),
            _ => {}
        }
        pointer.truncate(len);
    }
}

fn walk_list(
    kind: Kind,
    items: &mut [Value],
    pointer: &mut String,
    dialect: Dialect,
    f: &mut dyn FnMut(Kind, &mut Value, &str) -> bool,
) {
    let len = pointer.len();
    for (i, item) in items.iter_mut().enumerate() {
        push_into(pointer, &i.to_string());
        walk(kind, item, pointer, dialect, f);
        pointer.truncate(len);
    }
}

/// The value at a JSON pointer (`""` is the whole document).
pub fn get<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(value);
    }
    value.pointer(pointer)
}

/// Decodes a `$ref` fragment (`#/a/b%20c`) into a JSON pointer: the part
/// after `#`, percent-decoded as URI fragments are.
pub fn fragment_pointer(fragment: &str) -> String {
    let raw = fragment.strip_prefix('#').unwrap_or(fragment);
    if !raw.contains('%') {
        return raw.to_string();
    }
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_grammar() {
        let d3 = Dialect::OpenApi3;
        let at = |p: &str| kind_at(p.split('/').skip(1), d3);
        assert_eq!(at("/components/schemas/Pet"), Some(Kind::Schema));
        assert_eq!(
            at("/components/schemas/Pet/properties/a/items"),
            Some(Kind::Schema)
        );
        assert_eq!(
            at("/paths/p/get/responses/200/content/application/json/schema"),
            None,
            "the media type is one token"
        );
        assert_eq!(
            kind_at(
                [
                    "paths",
                    "/p",
                    "get",
                    "responses",
                    "200",
                    "content",
                    "application/json",
                    "schema"
                ],
                d3
            ),
            Some(Kind::Schema)
        );
        assert_eq!(at("/components/responses/E"), Some(Kind::Response));
        assert_eq!(at("/components/schemas"), None);
        assert_eq!(
            kind_at(["definitions", "Pet"], Dialect::Swagger2),
            Some(Kind::Schema)
        );
    }

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(fragment_pointer("#/a/b%20c"), "/a/b c");
        assert_eq!(fragment_pointer("#/a%7"), "/a%7");
        assert_eq!(fragment_pointer(""), "");
    }
}
