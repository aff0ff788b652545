//! What the description's own examples show of its server, taken into the
//! models: a property that an example of a received body (an answer, a
//! webhook's payload) leaves out, although its schema requires it, becomes
//! optional; one it sends as `null`, although its schema does not allow
//! `null`, becomes nullable. A vendor's example is what its server sends
//! (often a recorded one); a client that refused it would refuse the
//! server. Each property so changed is a warning, and
//! `[models] follow_examples = false` keeps the schemas' word.
//!
//! The example is followed through the models (struct fields, lists, maps,
//! aliases and tagged unions), not the schemas: what changes is the field
//! the client reads. A difference the walk does not reach (inside an
//! untagged union) stays a difference. Request bodies' examples change
//! nothing: what the client sends is the caller's.
//!
//! Then the differences left are said, one warning per example, and the
//! examples dropped when the configuration wants no tests of them.

use serde_json::Value;

use crate::config::Config;
use crate::diag::{push, Diagnostic};
use crate::ir::{Absence, Api, Presence, Ty, TypeDef, TypeId, TypeKind};

/// Nesting deeper than this is not followed.
const MAX_DEPTH: usize = 64;

pub fn run(api: &mut Api, config: &Config) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    if config.models.follow_examples {
        follow(api, &mut diagnostics);
    }
    if config.tests.examples {
        for e in &api.examples {
            let Some(d) = &e.deviation else { continue };
            let first = &d.differences[0];
            let more = match d.differences.len() {
                1 => String::new(),
                2 => " (and 1 more difference)".to_string(),
                n => format!(" (and {} more differences)", n - 1),
            };
            let verb = if d.readable() {
                "reads on through"
            } else {
                "refuses"
            };
            diagnostics.push(
                Diagnostic::warning(format!(
                    "this example does not match its schema: at `{}`, {}{more}; its test checks that the client {verb} it",
                    first.at, first.what,
                ))
                .at(&e.pointer),
            );
        }
    } else {
        api.examples.clear();
    }
    diagnostics
}

/// A change an example calls for: the field `field` of struct `ty` takes
/// `absence`, found at `at` (the object's pointer for a missing property,
/// the value's for a `null`).
struct Change {
    ty: TypeId,
    field: usize,
    at: String,
    absence: Absence,
}

/// Walks every received example through its model, changes the fields it
/// shows absent or `null`, and takes the differences so answered off the
/// examples.
fn follow(api: &mut Api, diagnostics: &mut Vec<Diagnostic>) {
    // Every example against the models as `resolve` made them, then the
    // changes: an example read after another's change must still find
    // what it differs in.
    let mut found = Vec::new();
    for (i, example) in api.examples.iter().enumerate() {
        if !example.received() || example.deviation.is_none() {
            continue;
        }
        let Ok(value) = serde_json::from_str::<Value>(&example.json) else {
            continue;
        };
        let mut changes = Vec::new();
        walk(&api.types, &example.ty, &value, "", 0, &mut changes);
        found.push((i, changes));
    }
    for (i, changes) in found {
        let pointer = api.examples[i].pointer.clone();
        for change in changes {
            let Some(deviation) = &mut api.examples[i].deviation else {
                break;
            };
            // Only a difference the schema check found: the walk and the
            // check agree on where it is and what.
            let Some(found) = deviation
                .differences
                .iter()
                .position(|d| d.at == change.at && d.absence.as_ref() == Some(&change.absence))
            else {
                continue;
            };
            deviation.differences.remove(found);
            let def = &mut api.types[change.ty.0];
            let TypeKind::Struct(s) = &mut def.kind else {
                continue;
            };
            let field = &mut s.fields[change.field];
            let (presence, what) = match (change.absence, field.presence) {
                (Absence::Missing(_), Presence::Required) => (
                    Presence::Optional,
                    "leaves it out, though its schema requires it",
                ),
                (Absence::Missing(_), Presence::RequiredNullable) => (
                    Presence::OptionalNullable,
                    "leaves it out, though its schema requires it",
                ),
                (Absence::Null, Presence::Required) => (
                    Presence::RequiredNullable,
                    "sends `null`, which its schema does not allow",
                ),
                (Absence::Null, Presence::Optional) => (
                    Presence::OptionalNullable,
                    "sends `null`, which its schema does not allow",
                ),
                // Already taken in by an earlier change.
                (_, presence) => (presence, ""),
            };
            // Each change of a field said once: a later example that
            // differs in the same way finds it already taken in.
            if presence != field.presence {
                field.presence = presence;
                let becomes = match presence {
                    Presence::Optional => "optional (`Option`)",
                    Presence::OptionalNullable => "optional and nullable (`Nullable`)",
                    _ => "nullable (`Option`)",
                };
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "`{}.{}` is {becomes}: at `{}`, this example of a body the client receives {what}",
                        def.name, field.name, change.at
                    ))
                    .at(&pointer),
                );
            }
        }
        let example = &mut api.examples[i];
        if example
            .deviation
            .as_ref()
            .is_some_and(|d| d.differences.is_empty())
        {
            example.deviation = None;
        }
    }
}

/// The changes `value` (at `at`) calls for in `ty`.
fn walk(types: &[TypeDef], ty: &Ty, value: &Value, at: &str, depth: usize, out: &mut Vec<Change>) {
    if depth > MAX_DEPTH {
        return;
    }
    match (ty, value) {
        (Ty::Vec(item), Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                walk(types, item, v, &push(at, &i.to_string()), depth + 1, out);
            }
        }
        (Ty::Tuple(tys), Value::Array(items)) => {
            for (i, (t, v)) in tys.iter().zip(items).enumerate() {
                walk(types, t, v, &push(at, &i.to_string()), depth + 1, out);
            }
        }
        (Ty::Map(item), Value::Object(map)) => {
            for (key, v) in map {
                walk(types, item, v, &push(at, key), depth + 1, out);
            }
        }
        (Ty::Named(id), _) => named(types, *id, value, at, depth, out),
        _ => {}
    }
}

/// [`walk`] into a model.
fn named(
    types: &[TypeDef],
    id: TypeId,
    value: &Value,
    at: &str,
    depth: usize,
    out: &mut Vec<Change>,
) {
    match &types[id.0].kind {
        TypeKind::Alias(ty) => walk(types, ty, value, at, depth + 1, out),
        TypeKind::Union(u) => {
            // Only where the tag says which alternative reads it.
            let Some(tag) = u.tag.as_ref().and_then(|t| value.get(t)?.as_str()) else {
                return;
            };
            if let Some(v) = u.variants.iter().find(|v| v.tags.iter().any(|t| t == tag)) {
                walk(types, &v.ty, value, at, depth + 1, out);
            }
        }
        TypeKind::Struct(s) => {
            let Value::Object(map) = value else { return };
            for (index, field) in s.fields.iter().enumerate() {
                let change = |at: String, absence| Change {
                    ty: id,
                    field: index,
                    at,
                    absence,
                };
                match map.get(&field.json_name) {
                    None => {
                        if matches!(
                            field.presence,
                            Presence::Required | Presence::RequiredNullable
                        ) {
                            out.push(change(
                                at.to_string(),
                                Absence::Missing(field.json_name.clone()),
                            ));
                        }
                    }
                    Some(Value::Null) => {
                        if matches!(field.presence, Presence::Required | Presence::Optional) {
                            out.push(change(push(at, &field.json_name), Absence::Null));
                        }
                    }
                    Some(v) => walk(
                        types,
                        &field.ty,
                        v,
                        &push(at, &field.json_name),
                        depth + 1,
                        out,
                    ),
                }
            }
            if let Some((_, item)) = &s.additional {
                for (key, v) in map {
                    let declared = s.fields.iter().any(|f| &f.json_name == key)
                        || s.tag.as_ref().is_some_and(|(t, _)| t == key);
                    if !declared {
                        walk(types, item, v, &push(at, key), depth + 1, out);
                    }
                }
            }
        }
        TypeKind::Enum(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Difference, Example, ExampleDeviation, ExampleOf};
    use crate::passes::test_models::{field, model};

    fn difference(at: &str, absence: Option<Absence>) -> Difference {
        Difference {
            at: at.to_string(),
            what: "differs".to_string(),
            readable: false,
            absence,
        }
    }

    fn presences(api: &Api, ty: usize) -> Vec<Presence> {
        match &api.types[ty].kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.presence).collect(),
            _ => unreachable!(),
        }
    }

    /// A page of users whose example leaves out one user's `name`, sends
    /// `null` for another's `age`, and has a difference no presence answers.
    fn api(status: Option<&str>) -> Api {
        let types = vec![
            model(
                "Page",
                "",
                vec![field(
                    "users",
                    Ty::Vec(Box::new(Ty::Named(TypeId(1)))),
                    Presence::Required,
                )],
            ),
            model(
                "User",
                "",
                vec![
                    field("name", Ty::String, Presence::Required),
                    field("age", Ty::I64, Presence::Optional),
                    field("id", Ty::I64, Presence::Required),
                ],
            ),
        ];
        let examples = vec![Example {
            name: "list".to_string(),
            of: ExampleOf::Operation {
                index: 0,
                status: status.map(str::to_string),
            },
            pointer: "/paths/~1users/get".to_string(),
            ty: Ty::Named(TypeId(0)),
            json: r#"{"users": [{"id": 1, "age": null}, {"name": "b", "id": "x"}]}"#.to_string(),
            deviation: Some(ExampleDeviation {
                differences: vec![
                    difference("/users/0", Some(Absence::Missing("name".into()))),
                    difference("/users/0/age", Some(Absence::Null)),
                    difference("/users/1/id", None),
                ],
            }),
        }];
        Api {
            types,
            examples,
            ..Api::default()
        }
    }

    #[test]
    fn a_received_example_makes_what_it_leaves_out_optional_and_its_nulls_nullable() {
        let mut api = api(Some("200"));
        let warnings = run(&mut api, &Config::default());
        assert_eq!(
            presences(&api, 1),
            [
                Presence::Optional,
                Presence::OptionalNullable,
                Presence::Required
            ]
        );
        let e = &api.examples[0];
        let left = e.deviation.as_ref().unwrap();
        assert_eq!(left.pointers(), ["/users/1/id"]);
        let messages: Vec<_> = warnings.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`User.name` is optional (`Option`): at `/users/0`, this example of a body the client receives leaves it out, though its schema requires it",
                "`User.age` is optional and nullable (`Nullable`): at `/users/0/age`, this example of a body the client receives sends `null`, which its schema does not allow",
                "this example does not match its schema: at `/users/1/id`, differs; its test checks that the client refuses it",
            ]
        );
    }

    #[test]
    fn an_example_is_followed_through_a_tagged_union_and_not_an_untagged_one() {
        use crate::ir::{Union, UnionVariant};
        for (tag, followed) in [(Some("kind"), true), (None, false)] {
            let mut api = api(Some("200"));
            api.types.push(TypeDef {
                kind: TypeKind::Union(Union {
                    variants: vec![UnionVariant {
                        name: "User".to_string(),
                        ty: Ty::Named(TypeId(1)),
                        tags: vec!["user".to_string()],
                        boxed: false,
                        gate: Default::default(),
                    }],
                    tag: tag.map(str::to_string),
                    unknown: "Other".to_string(),
                    fallback: false,
                    absent_tag_is_base: false,
                }),
                ..model("Anyone", "", vec![])
            });
            let e = &mut api.examples[0];
            e.ty = Ty::Named(TypeId(2));
            e.json = r#"{"kind": "user", "id": 1}"#.to_string();
            e.deviation = Some(ExampleDeviation {
                differences: vec![difference("", Some(Absence::Missing("name".into())))],
            });
            run(&mut api, &Config::default());
            let presence = if followed {
                Presence::Optional
            } else {
                Presence::Required
            };
            assert_eq!(presences(&api, 1)[0], presence, "tag {tag:?}");
            assert_eq!(api.examples[0].deviation.is_none(), followed);
        }
    }

    #[test]
    fn request_examples_and_the_configuration_leave_the_models_alone() {
        let mut sent = api(None);
        run(&mut sent, &Config::default());
        assert_eq!(presences(&sent, 1)[0], Presence::Required);
        assert_eq!(
            sent.examples[0]
                .deviation
                .as_ref()
                .unwrap()
                .differences
                .len(),
            3
        );

        let mut received = api(Some("200"));
        let mut config = Config::default();
        config.models.follow_examples = false;
        config.tests.examples = false;
        assert!(run(&mut received, &config).is_empty());
        assert_eq!(presences(&received, 1)[0], Presence::Required);
        assert!(received.examples.is_empty(), "no tests wanted");
    }
}
