use std::borrow::Cow;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

use super::Failure;

/// Everything but RFC 3986 "unreserved" characters is escaped, so a value can
/// never introduce a `/`, `?`, `#` or an already-escaped sequence into a path.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Encodes one path parameter as exactly one path segment.
///
/// `.` and `..` (and the empty string) are refused rather than encoded: URL
/// parsers treat `%2E%2E` as `..` and would move the request to another path.
///
/// Borrowed when nothing needs escaping (ids, the usual case), so that most
/// calls allocate nothing here.
#[inline]
pub(crate) fn path_segment<'v>(name: &str, value: &'v str) -> Result<Cow<'v, str>, Failure> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(Failure::InvalidRequest(format!(
            "path parameter `{name}` must not be empty, `.` or `..` (got {value:?})"
        )));
    }
    Ok(utf8_percent_encode(value, SEGMENT).into())
}

/// How a parameter that is not a single plain value is written, after the
/// OpenAPI `style` and `explode` of the parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// One value; arrays joined with commas, objects as JSON.
    Plain,
    /// `form`, exploded array: `name=a&name=b`.
    Repeat,
    /// An array joined with this separator: `name=a,b` (`form`),
    /// `name=a%20b` (`spaceDelimited`), `name=a|b` (`pipeDelimited`).
    Join(char),
    /// `form`, exploded object: each property is a parameter of its own.
    Flat,
    /// `form`, object not exploded: `name=k1,v1,k2,v2`.
    Pairs,
    /// `deepObject`: `name[k1]=v1&name[k1][inner]=v2`.
    Deep,
}

/// A cookie value, percent-encoded so it cannot contain `;`, `,`, spaces or
/// control characters.
/// A free-form object field's value from whatever the caller has: a
/// `serde_json::Map`, a `json!({...})` value, or any `Serialize` type that
/// serializes as an object (a struct, a map).
///
/// # Panics
///
/// When `value` is not an object (`json!([1])`, a string): the field can
/// only hold one, and a setter has no error to return. The message names
/// the field.
pub(crate) fn json_object(value: impl Serialize, field: &str) -> serde_json::Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        Ok(other) => panic!(
            "`{field}` takes a JSON object, not {}",
            match other {
                Value::Null => "null",
                Value::Bool(_) => "a boolean",
                Value::Number(_) => "a number",
                Value::String(_) => "a string",
                Value::Array(_) => "an array",
                Value::Object(_) => "an object",
            }
        ),
        Err(e) => panic!("`{field}` cannot be serialized: {e}"),
    }
}

#[inline]
pub(crate) fn cookie_value(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// Standard base64 with padding (for HTTP basic credentials).
#[inline]
pub(crate) fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The text of a single value as it goes into a path, query or header.
#[inline]
pub(crate) fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(_) | Value::Number(_) => value.to_string(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
        Value::Object(_) => value.to_string(),
    }
}

/// Any serializable value as parameter text (see `text`).
pub(crate) fn to_text(name: &str, value: &impl Serialize) -> Result<String, Failure> {
    to_value(name, value).map(|v| text(&v))
}

fn to_value(name: &str, value: &impl Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value)
        .map_err(|e| Failure::InvalidRequest(format!("parameter `{name}` cannot be encoded: {e}")))
}

/// The query pairs for parameter `name` holding `value`, written in `style`.
pub(crate) fn query_pairs(
    name: &str,
    value: &impl Serialize,
    style: Style,
) -> Result<Vec<(String, String)>, Failure> {
    let value = to_value(name, value)?;
    let mut out = Vec::new();
    match (style, &value) {
        (Style::Repeat, Value::Array(items)) => {
            out.extend(items.iter().map(|item| (name.to_string(), text(item))));
        }
        (Style::Join(separator), Value::Array(items)) => {
            let joined: Vec<String> = items.iter().map(text).collect();
            out.push((name.to_string(), joined.join(&separator.to_string())));
        }
        (Style::Flat, Value::Object(map)) => {
            for (key, v) in map.iter().filter(|(_, v)| !v.is_null()) {
                out.push((key.clone(), text(v)));
            }
        }
        (Style::Pairs, Value::Object(map)) => {
            let mut parts = Vec::new();
            for (key, v) in map.iter().filter(|(_, v)| !v.is_null()) {
                parts.push(key.clone());
                parts.push(text(v));
            }
            out.push((name.to_string(), parts.join(",")));
        }
        (Style::Deep, _) => deep(name, &value, &mut out),
        _ => out.push((name.to_string(), text(&value))),
    }
    Ok(out)
}

#[inline]
fn deep(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                deep(&format!("{prefix}[{key}]"), v, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                deep(prefix, item, out);
            }
        }
        Value::Null => {}
        scalar => out.push((prefix.to_string(), text(scalar))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(value: &str) -> Result<String, Failure> {
        path_segment("id", value).map(Cow::into_owned)
    }

    fn pairs(value: Value, style: Style) -> Vec<(String, String)> {
        query_pairs("p", &value, style).unwrap()
    }

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn json_objects_from_what_the_caller_has() {
        let from_json = super::json_object(serde_json::json!({"a": 1}), "meta");
        assert_eq!(from_json["a"], 1);
        let mut map = serde_json::Map::new();
        map.insert("b".into(), true.into());
        assert_eq!(super::json_object(map.clone(), "meta"), map);
        let from_map = super::json_object(std::collections::BTreeMap::from([("c", "d")]), "meta");
        assert_eq!(from_map["c"], "d");
        let e = std::panic::catch_unwind(|| super::json_object(serde_json::json!([1]), "meta"))
            .unwrap_err();
        let message = e.downcast_ref::<String>().unwrap();
        assert_eq!(message, "`meta` takes a JSON object, not an array");
    }

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, output) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), output);
        }
    }

    #[test]
    fn styles() {
        use serde_json::json;
        assert_eq!(
            pairs(json!(["a", "b"]), Style::Repeat),
            owned(&[("p", "a"), ("p", "b")])
        );
        assert_eq!(
            pairs(json!(["a", 1]), Style::Join(',')),
            owned(&[("p", "a,1")])
        );
        assert_eq!(
            pairs(json!(["a", "b"]), Style::Join('|')),
            owned(&[("p", "a|b")])
        );
        assert_eq!(
            pairs(json!({"x": 1, "y": null}), Style::Flat),
            owned(&[("x", "1")])
        );
        assert_eq!(
            pairs(json!({"x": 1, "y": "z"}), Style::Pairs),
            owned(&[("p", "x,1,y,z")])
        );
        assert_eq!(
            pairs(json!({"a": {"b": true}, "c": [1, 2]}), Style::Deep),
            owned(&[("p[a][b]", "true"), ("p[c]", "1"), ("p[c]", "2")])
        );
        assert_eq!(pairs(json!("s"), Style::Plain), owned(&[("p", "s")]));
        assert_eq!(to_text("p", &vec![1, 2]).unwrap(), "1,2");
    }

    #[test]
    fn segments_cannot_escape() {
        assert_eq!(seg("org_123").unwrap(), "org_123");
        // Nothing to escape, nothing allocated.
        assert!(matches!(
            path_segment("id", "org_123"),
            Ok(Cow::Borrowed("org_123"))
        ));
        assert_eq!(seg("a/../b").unwrap(), "a%2F..%2Fb");
        assert_eq!(seg("a?b#c").unwrap(), "a%3Fb%23c");
        assert_eq!(seg("%2F").unwrap(), "%252F");
        assert_eq!(seg("é ").unwrap(), "%C3%A9%20");
        assert!(seg("..").is_err());
        assert!(seg(".").is_err());
        assert!(seg("").is_err());
    }
}
