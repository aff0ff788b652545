//! Spec text into a JSON value: YAML or JSON, with the position of any
//! syntax error, and refused when it nests deeper than deserializing can
//! afford.

use std::path::Path;

use serde::Deserialize;

use super::yaml::Loose;
use crate::diag::Diagnostic;

pub fn is_json(path: &Path, text: &str) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("json") => true,
        Some(ext) if ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml") => false,
        _ => text.trim_start().starts_with('{'),
    }
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
            return serde_yaml::from_str::<Loose>(text)
                .map(|l| l.0)
                .map_err(invalid);
        }
        let mut yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(invalid)?;
        yaml.apply_merge()
            .map_err(|e| Diagnostic::error(format!("invalid YAML merge key: {e}")))?;
        Loose::deserialize(yaml).map(|l| l.0).map_err(invalid)
    }
}

pub fn check_depth(text: &str, json: bool) -> Result<(), Diagnostic> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_measured() {
        assert_eq!(json_depth(r#"{"a": [1, {"b": "]]}"}], "c": {}}"#).0, 3);
        assert_eq!(yaml_depth("a:\n  b:\n    - c: 1\n      d: {e: [1]}\n").0, 6);
    }

    #[test]
    fn merge_keys_and_odd_keys_are_read() {
        let v = parse_value("base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n200: ok\n", false).unwrap();
        assert_eq!(v["use"]["x"], 1);
        assert_eq!(v["200"], "ok");
    }
}
