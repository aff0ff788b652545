//! OpenAPI Overlays (OAI Overlay Specification 1.0, and 1.1's `copy`): a
//! document of actions applied to the spec as written, before anything else
//! reads it, so a vendor's description can be corrected or completed
//! without editing it.
//!
//! Each action's `target` is an RFC 9535 JSONPath (`serde_json_path`) over
//! the root document. What it selects is, in the order the actions come:
//! - `remove: true`: removed from its parent (array entries from the last,
//!   so the indices of the others stay right);
//! - `update`: merged in. Into an object, an object: properties are added
//!   or replaced, objects merged the same way, arrays extended; into an
//!   array, the update is appended (an array's entries are, one by one);
//! - `copy` (1.1): the one value another JSONPath selects, merged the same
//!   way.
//!
//! Every object an update brings in is stamped with its place in the
//! overlay, so a diagnostic about it names the overlay's file and line.
//! An action that selects nothing is a warning (a target with a typo would
//! otherwise change nothing, silently); a malformed overlay is an error at
//! its line.

use serde_json::Value;
use serde_json_path::JsonPath;

use crate::diag::Diagnostic;

/// One step of a place in the document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Index(usize),
}

/// Applies `overlay` (read from file `file`, number `index` among the files
/// read) to `doc`.
pub fn apply(
    doc: &mut Value,
    overlay: &Value,
    file: &str,
    index: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let at = |d: Diagnostic, pointer: &str| {
        let mut d = d.at(pointer);
        d.file = Some(file.into());
        d
    };
    let Some(object) = overlay.as_object() else {
        diagnostics.push(at(
            Diagnostic::error("an overlay must be a mapping with `overlay`, `info` and `actions`"),
            "",
        ));
        return;
    };
    match object.get("overlay") {
        Some(Value::String(v)) if v.starts_with("1.0.") || v.starts_with("1.1.") => {}
        Some(other) => {
            diagnostics.push(at(
                Diagnostic::error(format!(
                    "found overlay version {other}; Overlay 1.0.x and 1.1.x are read"
                )),
                "/overlay",
            ));
            return;
        }
        None => {
            diagnostics.push(at(
                Diagnostic::error(
                    "no `overlay` field: this is not an Overlay document (`overlay: 1.0.0`)",
                ),
                "",
            ));
            return;
        }
    }
    let Some(actions) = object.get("actions").and_then(Value::as_array) else {
        diagnostics.push(at(
            Diagnostic::error("an overlay needs `actions`, a list of actions"),
            "",
        ));
        return;
    };
    for (i, action) in actions.iter().enumerate() {
        let here = format!("/actions/{i}");
        let Some(action) = action.as_object() else {
            diagnostics.push(at(Diagnostic::error("an action must be a mapping"), &here));
            continue;
        };
        let Some(target) = action.get("target").and_then(Value::as_str) else {
            diagnostics.push(at(
                Diagnostic::error("an action needs a `target`, a JSONPath such as `$.info`"),
                &here,
            ));
            continue;
        };
        let target_at = format!("{here}/target");
        let path = match JsonPath::parse(target) {
            Ok(path) => path,
            Err(e) => {
                diagnostics.push(at(
                    Diagnostic::error(format!("`{target}` is not a JSONPath: {e}")),
                    &target_at,
                ));
                continue;
            }
        };
        let places: Vec<Vec<Step>> = path
            .query_located(doc)
            .locations()
            .map(|location| {
                location
                    .iter()
                    .map(|step| match step.as_index() {
                        Some(i) => Step::Index(i),
                        None => Step::Key(step.as_name().unwrap_or_default().to_string()),
                    })
                    .collect()
            })
            .collect();
        if places.is_empty() {
            diagnostics.push(at(
                Diagnostic::warning(format!(
                    "the action's target `{target}` selects nothing in the spec; it changes nothing"
                )),
                &target_at,
            ));
            continue;
        }
        if action.get("remove").and_then(Value::as_bool) == Some(true) {
            if action.contains_key("update") {
                diagnostics.push(at(
                    Diagnostic::warning(
                        "`remove: true` removes the target; its `update` is ignored",
                    ),
                    &format!("{here}/update"),
                ));
            }
            remove(doc, places);
            continue;
        }
        let (update, from) = match (action.get("update"), action.get("copy")) {
            (Some(update), _) => (update.clone(), format!("{here}/update")),
            (None, Some(Value::String(source))) => {
                let copy_at = format!("{here}/copy");
                match copied(doc, source) {
                    Ok(value) => (value, copy_at),
                    Err(message) => {
                        diagnostics.push(at(Diagnostic::error(message), &copy_at));
                        continue;
                    }
                }
            }
            _ => {
                diagnostics.push(at(
                    Diagnostic::warning(
                        "the action has no `update`, `copy` or `remove: true`; it changes nothing",
                    ),
                    &here,
                ));
                continue;
            }
        };
        for place in places {
            let Some(node) = node_mut(doc, &place) else {
                continue;
            };
            let mut update = update.clone();
            stamp_objects(&mut update, index, &from);
            match (node, update) {
                (Value::Array(items), Value::Array(more)) => items.extend(more),
                (Value::Array(items), one) => items.push(one),
                (Value::Object(object), Value::Object(fields)) => merge(object, fields),
                (Value::Object(_), _) => diagnostics.push(at(
                    Diagnostic::error(format!(
                        "`{target}` selects an object, which only a mapping can update"
                    )),
                    &from,
                )),
                (_, _) => diagnostics.push(at(
                    Diagnostic::error(format!(
                        "`{target}` selects a value that is neither an object nor an array; an overlay updates those (target the object that holds it)"
                    )),
                    &target_at,
                )),
            }
        }
    }
}

/// Merges `fields` into `object`: objects merged the same way, arrays
/// extended, anything else replaced.
fn merge(object: &mut serde_json::Map<String, Value>, fields: serde_json::Map<String, Value>) {
    for (key, value) in fields {
        // An object merged into one already there keeps that one's origin.
        if key == super::MARK {
            continue;
        }
        match (object.get_mut(&key), value) {
            (Some(Value::Object(old)), Value::Object(new)) => merge(old, new),
            (Some(Value::Array(old)), Value::Array(new)) => old.extend(new),
            (_, value) => {
                object.insert(key, value);
            }
        }
    }
}

/// Stamps every object of an update brought in (the update itself and the
/// objects in its arrays and properties get their own place in the
/// overlay, so each is found however it is merged).
fn stamp_objects(value: &mut Value, file: usize, pointer: &str) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                let mut at = pointer.to_string();
                crate::diag::push_into(&mut at, key);
                stamp_objects(child, file, &at);
            }
            object.insert(
                super::MARK.to_string(),
                Value::from(vec![Value::from(file), Value::from(pointer)]),
            );
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                stamp_objects(child, file, &format!("{pointer}/{i}"));
            }
        }
        _ => {}
    }
}

/// The single value `source` selects, for `copy`.
fn copied(doc: &Value, source: &str) -> Result<Value, String> {
    let path = JsonPath::parse(source).map_err(|e| format!("`{source}` is not a JSONPath: {e}"))?;
    let nodes = path.query(doc).all();
    match nodes.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(format!(
            "`copy: {source}` selects nothing; it must select one value"
        )),
        many => Err(format!(
            "`copy: {source}` selects {} values; it must select one",
            many.len()
        )),
    }
}

fn node_mut<'a>(doc: &'a mut Value, place: &[Step]) -> Option<&'a mut Value> {
    let mut node = doc;
    for step in place {
        node = match (node, step) {
            (Value::Object(o), Step::Key(k)) => o.get_mut(k)?,
            (Value::Array(a), Step::Index(i)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Removes every place, deepest and last first: a later index or a
/// descendant goes before what would shift or contain it.
fn remove(doc: &mut Value, mut places: Vec<Vec<Step>>) {
    places.sort_unstable_by(|a, b| b.cmp(a));
    places.dedup();
    for place in places {
        let Some((last, parent)) = place.split_last() else {
            // `$` itself: the whole document cannot go; nothing to do.
            continue;
        };
        match (node_mut(doc, parent), last) {
            (Some(Value::Object(o)), Step::Key(k)) => {
                o.shift_remove(k);
            }
            (Some(Value::Array(a)), Step::Index(i)) if *i < a.len() => {
                a.remove(*i);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(mut doc: Value, overlay: Value) -> (Value, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        apply(&mut doc, &overlay, "o.yaml", 1, &mut diagnostics);
        super::super::take_marks(&mut doc);
        (doc, diagnostics)
    }

    fn overlay(actions: Value) -> Value {
        json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions})
    }

    #[test]
    fn updates_merge_objects_and_extend_arrays() {
        let doc = json!({"info": {"title": "A", "x": {"a": 1}}, "tags": [{"name": "a"}]});
        let (doc, d) = run(
            doc,
            overlay(json!([
                {"target": "$.info", "update": {"title": "B", "x": {"b": 2}}},
                {"target": "$.tags", "update": {"name": "b"}},
                {"target": "$.tags", "update": [{"name": "c"}]},
            ])),
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            doc,
            json!({"info": {"title": "B", "x": {"a": 1, "b": 2}}, "tags": [{"name": "a"}, {"name": "b"}, {"name": "c"}]})
        );
    }

    #[test]
    fn removes_every_selected_entry() {
        let doc = json!({"paths": {"/a": {"get": {}, "delete": {}}, "/b": {"delete": {}}}, "l": [1, 2, 3, 4]});
        let (doc, d) = run(
            doc,
            overlay(json!([
                {"target": "$.paths.*.delete", "remove": true},
                {"target": "$.l[1,3]", "remove": true},
            ])),
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            doc,
            json!({"paths": {"/a": {"get": {}}, "/b": {}}, "l": [1, 3]})
        );
    }

    #[test]
    fn filters_select_by_value() {
        let doc = json!({"paths": {"/a": {"get": {"x-internal": true}}, "/b": {"get": {}}}});
        let (doc, _) = run(
            doc,
            overlay(json!([{"target": "$.paths.*[?@['x-internal'] == true]", "remove": true}])),
        );
        assert_eq!(doc, json!({"paths": {"/a": {}, "/b": {"get": {}}}}));
    }

    #[test]
    fn copy_merges_one_value() {
        let doc = json!({"a": {"k": 1}, "b": {}});
        let (doc, d) = run(
            doc,
            json!({"overlay": "1.1.0", "info": {}, "actions": [{"target": "$.b", "copy": "$.a"}]}),
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(doc, json!({"a": {"k": 1}, "b": {"k": 1}}));
    }

    #[test]
    fn mistakes_are_reported_where_they_are() {
        let (_, d) = run(
            json!({"info": {"title": "A"}}),
            overlay(json!([
                {"target": "$.nothing", "update": {"a": 1}},
                {"target": "$..[", "update": {}},
                {"target": "$.info.title", "update": {"a": 1}},
                {"target": "$.info"},
                {"update": {}},
            ])),
        );
        let got: Vec<(bool, &str)> = d
            .iter()
            .map(|d| {
                (
                    d.severity == crate::diag::Severity::Error,
                    d.pointer.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (false, "/actions/0/target"),
                (true, "/actions/1/target"),
                (true, "/actions/2/target"),
                (false, "/actions/3"),
                (true, "/actions/4"),
            ]
        );
        assert!(d.iter().all(|d| d.file.as_deref() == Some("o.yaml")));
        let (_, d) = run(json!({}), json!({"overlay": "2.0.0", "actions": []}));
        assert!(d[0].message.contains("overlay version"), "{d:?}");
    }
}
