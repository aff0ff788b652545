//! The API description's examples, as tests of the generated crate: each
//! response and request example is read into its type as the client reads a
//! body and written back, and must come back unchanged.
//!
//! An example is first checked against its own schema, and each difference
//! recorded with the example (`ExampleDeviation`). The `examples` pass then
//! takes in what a model can (a property the example leaves out or sends
//! `null` becomes optional or nullable) and says the rest as warnings; an
//! example's test checks what the client does with what remains: a strict
//! read refuses it, and a lenient one reads it where a sensible reading
//! exists (see the runtime's `Decoding`), or refuses it too.
//!
//! Examples are gathered whatever the configuration says of their tests:
//! what they show of a server changes the models.
//!
//! The check follows the schema, not the generated types, so that a type
//! that reads less than its schema allows shows as a failing test rather
//! than as an invalid example.

use std::collections::HashSet;

use openapiv3::{AdditionalProperties, MediaType, ReferenceOr, Schema};
use serde_json::Value;

use super::schema::SchemaRef;
use super::view::view;
use super::Ctx;
use crate::diag::push;
use crate::ir::{Absence, Difference, Example, ExampleDeviation, ExampleOf, Operation, Ty};
use crate::names::{snake_name, Namespace};

/// Nesting deeper than this is not checked further.
const MAX_DEPTH: usize = 64;

/// An example found while operations were read, checked once they all are.
pub(super) struct Pending<'a> {
    owner: Owner,
    /// Where the example's value is in the description.
    at: String,
    name: String,
    schema: Option<SchemaRef<'a>>,
    ty: Ty,
    value: &'a Value,
}

/// What an example is the body of, while operations are read.
enum Owner {
    /// An operation, by its pointer, and which of its bodies (`200`,
    /// `request`).
    Operation { pointer: String, label: String },
    /// A webhook, by its index and name.
    Webhook(usize, String),
}

impl<'a> Ctx<'a> {
    /// Notes the examples of a JSON body read into `ty`: the media type's
    /// `examples` and `example`, else its schema's `example`. `at` is the
    /// media type's pointer; `operation` the operation's; `label` says
    /// which body (`200`, `request`).
    pub(super) fn note_examples(
        &mut self,
        media: &'a MediaType,
        at: &str,
        ty: &Ty,
        operation: &str,
        label: &str,
    ) {
        let schema = media.schema.as_ref().map(SchemaRef::from);
        let mut found: Vec<(String, String, &'a Value)> = Vec::new();
        for (name, example) in &media.examples {
            match example {
                ReferenceOr::Item(e) => {
                    if let Some(value) = &e.value {
                        let at = push(&push(&push(at, "examples"), name), "value");
                        found.push((name.clone(), at, value));
                    }
                }
                ReferenceOr::Reference { reference } => {
                    let component = reference.strip_prefix("#/components/examples/");
                    let target = component.and_then(|c| {
                        let e = self.api.components.as_ref()?.examples.get(c)?;
                        match e {
                            ReferenceOr::Item(e) => e.value.as_ref().map(|v| (c, v)),
                            ReferenceOr::Reference { .. } => None,
                        }
                    });
                    if let Some((component, value)) = target {
                        let at = push(&push("/components/examples", component), "value");
                        found.push((name.clone(), at, value));
                    }
                }
            }
        }
        if let Some(value) = &media.example {
            found.push(("example".to_string(), push(at, "example"), value));
        }
        if found.is_empty() {
            let from_schema = match &media.schema {
                Some(ReferenceOr::Item(s)) => s
                    .schema_data
                    .example
                    .as_ref()
                    .map(|v| (push(&push(at, "schema"), "example"), v)),
                Some(ReferenceOr::Reference { reference }) => {
                    let pointer = push(at, "schema");
                    self.schema_target(reference, &pointer)
                        .and_then(|(name, s)| {
                            let at = push(&push("/components/schemas", name), "example");
                            s.schema_data.example.as_ref().map(|v| (at, v))
                        })
                }
                None => None,
            };
            if let Some((at, value)) = from_schema {
                found.push(("schema".to_string(), at, value));
            }
        }
        for (name, at, value) in found {
            // A shared response's example is one test, not one per operation.
            if self
                .pending_examples
                .iter()
                .any(|p| p.at == at && p.ty == *ty)
            {
                continue;
            }
            self.pending_examples.push(Pending {
                owner: Owner::Operation {
                    pointer: operation.to_string(),
                    label: label.to_string(),
                },
                at,
                name,
                schema,
                ty: ty.clone(),
                value,
            });
        }
    }

    /// Notes a webhook's example payload: `at` is where the value is,
    /// `payload` the `$ref` of its schema, `index` the webhook's place in
    /// `Webhooks::events`.
    pub(super) fn note_webhook_example(
        &mut self,
        index: usize,
        event: &str,
        payload: &'a str,
        ty: Ty,
        at: String,
        value: &'a Value,
    ) {
        self.pending_examples.push(Pending {
            owner: Owner::Webhook(index, event.to_string()),
            at,
            name: "example".to_string(),
            schema: Some(SchemaRef::Ref(payload)),
            ty,
            value,
        });
    }

    /// Every example noted, each with how it differs from its schema, for
    /// the operations now made.
    pub(super) fn examples(&mut self, operations: &[Operation]) -> Vec<Example> {
        let pending = std::mem::take(&mut self.pending_examples);
        let mut names = Namespace::default();
        let mut out = Vec::with_capacity(pending.len());
        for p in pending {
            let (of, label) = match p.owner {
                Owner::Operation { pointer, label } => {
                    let Some(index) = operations.iter().position(|op| op.pointer == pointer) else {
                        continue;
                    };
                    let method = &operations[index].method_name;
                    let status = (label != "request").then(|| label.clone());
                    (
                        ExampleOf::Operation { index, status },
                        format!("{method} {label}"),
                    )
                }
                Owner::Webhook(index, event) => {
                    (ExampleOf::Webhook(index), format!("webhook {event}"))
                }
            };
            let mut differences = Vec::new();
            if let Some(schema) = p.schema {
                self.check(p.value, schema, "", false, &mut differences, 0);
            }
            let name = names.claim(snake_name(&format!("{label} {}", p.name), "example"));
            out.push(Example {
                name,
                of,
                pointer: p.at,
                ty: p.ty,
                json: format!("{:#}\n", p.value),
                deviation: (!differences.is_empty()).then_some(ExampleDeviation { differences }),
            });
        }
        out
    }

    /// How `value` (at `at` in the example) differs from `schema`. An
    /// `optional` value is a property the object may leave out, which makes
    /// a `null` readable (as absent).
    fn check(
        &mut self,
        value: &Value,
        schema: SchemaRef<'a>,
        at: &str,
        optional: bool,
        out: &mut Vec<Difference>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let schema = match schema {
            SchemaRef::Item(s) => s,
            SchemaRef::Ref(reference) => {
                let Some((name, s)) = self.schema_target(reference, "") else {
                    return;
                };
                // A base of kinds: the kind the value names.
                if let Some(poly) = self.hierarchies.polymorphic.get(name) {
                    let tag = value.get(&poly.property).and_then(Value::as_str);
                    if let Some(tag) = tag {
                        let kind = poly
                            .kinds
                            .iter()
                            .find(|(_, tags)| tags.iter().any(|t| t == tag));
                        if let Some((kind, _)) = kind {
                            // The kind's struct: its properties and its
                            // base's (not the base again, which would
                            // choose the kind again).
                            let kind = self.components_schemas.get_key_value(*kind);
                            if let Some((_, ReferenceOr::Item(kind))) = kind {
                                return self.check_object(value, &view(kind), at, out, depth + 1);
                            }
                        } else if !poly.own.iter().any(|t| t == tag) && !value.is_null() {
                            violation(
                                out,
                                at,
                                format!("`{tag}` names no kind of `{name}` the description lists"),
                                true,
                            );
                        }
                    }
                }
                s
            }
        };
        if value.is_null() {
            if !self.nullable(SchemaRef::Item(schema), "") {
                out.push(Difference {
                    at: at.to_string(),
                    what: "`null`, which the schema does not allow".to_string(),
                    readable: optional,
                    absence: Some(Absence::Null),
                });
            }
            return;
        }
        let v = view(schema);
        if let Some((inner, _, _)) = v.wrapped() {
            return self.check(value, SchemaRef::from(inner), at, optional, out, depth + 1);
        }
        // An `allOf` of scalars: the value must be each of them.
        if self.scalar_all_of(&v, "").is_some() {
            let mut found: Vec<Difference> = Vec::new();
            for (_, member) in v.all_of_typed.clone() {
                self.check(
                    value,
                    SchemaRef::from(member),
                    at,
                    optional,
                    &mut found,
                    depth + 1,
                );
            }
            for violation in found {
                if !out
                    .iter()
                    .any(|o| o.at == violation.at && o.what == violation.what)
                {
                    out.push(violation);
                }
            }
            return;
        }
        if v.is_union() {
            return self.check_union(value, v.alternatives(), v.discriminator, at, out, depth);
        }
        let found = kind(value);
        match v.typ {
            Some("string") => match value {
                Value::String(s) => {
                    if !v.enum_strings.is_empty() && !v.enum_strings.contains(&s.as_str()) {
                        violation(
                            out,
                            at,
                            format!("`{s}` is not one of the values the schema lists"),
                            true,
                        );
                    }
                }
                Value::Number(_) | Value::Bool(_) => {
                    violation(out, at, format!("{found} where a string is expected"), true)
                }
                _ => violation(
                    out,
                    at,
                    format!("{found} where a string is expected"),
                    false,
                ),
            },
            Some("integer") => {
                let is_i32 = super::schema::integer(&v) == Ty::I32;
                let fits = |n: i64| !is_i32 || i32::try_from(n).is_ok();
                match value {
                    Value::Number(n) => match n.as_i64() {
                        Some(i) if fits(i) => {}
                        Some(_) => violation(
                            out,
                            at,
                            format!("{n} is out of the range of a 32-bit integer"),
                            false,
                        ),
                        None => {
                            let integral = n
                                .as_f64()
                                .is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.0e15);
                            violation(
                                out,
                                at,
                                format!("{n} where an integer is expected"),
                                integral && n.as_u64().is_none(),
                            );
                        }
                    },
                    // A number sent as a string is read; anything else not.
                    other => violation(
                        out,
                        at,
                        format!("{found} where an integer is expected"),
                        other
                            .as_str()
                            .is_some_and(|s| s.trim().parse::<i64>().is_ok_and(fits)),
                    ),
                }
            }
            Some("number") if !value.is_number() => violation(
                out,
                at,
                format!("{found} where a number is expected"),
                value
                    .as_str()
                    .is_some_and(|s| s.trim().parse::<f64>().is_ok_and(f64::is_finite)),
            ),
            Some("boolean") if !value.is_boolean() => violation(
                out,
                at,
                format!("{found} where a boolean is expected"),
                value
                    .as_str()
                    .is_some_and(|s| matches!(s.trim(), "true" | "false")),
            ),
            Some("array") => match value {
                Value::Array(items) => {
                    let member = |i: usize| -> Option<SchemaRef<'a>> {
                        if v.tuple {
                            match v.items {
                                Some(ReferenceOr::Item(items)) => {
                                    view(items).any_of.get(i).map(SchemaRef::from)
                                }
                                _ => None,
                            }
                        } else {
                            v.items.map(SchemaRef::from)
                        }
                    };
                    for (i, item) in items.iter().enumerate() {
                        if let Some(schema) = member(i) {
                            self.check(
                                item,
                                schema,
                                &push(at, &i.to_string()),
                                false,
                                out,
                                depth + 1,
                            );
                        }
                    }
                }
                _ => violation(
                    out,
                    at,
                    format!("{found} where an array is expected"),
                    false,
                ),
            },
            Some("object") | None => {
                if v.is_struct() {
                    match value {
                        Value::Object(_) => self.check_object(value, &v, at, out, depth),
                        _ => violation(
                            out,
                            at,
                            format!("{found} where an object is expected"),
                            false,
                        ),
                    }
                } else if let Some(AdditionalProperties::Schema(s)) = v.additional {
                    match value {
                        Value::Object(map) => {
                            for (key, item) in map {
                                self.check(
                                    item,
                                    SchemaRef::from(&**s),
                                    &push(at, key),
                                    false,
                                    out,
                                    depth + 1,
                                );
                            }
                        }
                        _ => violation(
                            out,
                            at,
                            format!("{found} where an object is expected"),
                            false,
                        ),
                    }
                } else if v.typ.is_some() && !value.is_object() {
                    violation(
                        out,
                        at,
                        format!("{found} where an object is expected"),
                        false,
                    );
                }
            }
            _ => {}
        }
    }

    /// An object against the struct its schema is: its properties (through
    /// `allOf` and alternatives, as the struct gathers them), the required
    /// ones, and what it says of others.
    fn check_object(
        &mut self,
        value: &Value,
        v: &super::view::View<'a>,
        at: &str,
        out: &mut Vec<Difference>,
        depth: usize,
    ) {
        let Value::Object(map) = value else { return };
        let mut props = Vec::new();
        let mut required = HashSet::new();
        let (mut seen, mut stack) = (HashSet::new(), Vec::new());
        self.collect(
            v,
            "",
            &mut props,
            &mut required,
            (&mut seen, &mut stack),
            depth,
        );
        // A property read or written in one direction only is optional in
        // the struct (see `build_struct`).
        let one_way = |ctx: &mut Self, schema: SchemaRef<'a>| {
            let data = match schema {
                SchemaRef::Item(s) => Some(&s.schema_data),
                SchemaRef::Ref(r) => ctx.schema_target(r, "").map(|(_, s)| &s.schema_data),
            };
            data.is_some_and(|d| d.read_only || d.write_only)
        };
        for (key, item) in map {
            let declared = props
                .iter()
                .find(|(name, _, _)| name == key)
                .map(|(_, s, _)| *s);
            match declared {
                Some(schema) => {
                    let optional = !required.contains(key.as_str()) || one_way(self, schema);
                    self.check(item, schema, &push(at, key), optional, out, depth + 1);
                }
                None => match v.additional {
                    Some(AdditionalProperties::Any(false)) => violation(
                        out,
                        &push(at, key),
                        "a property the schema does not declare (`additionalProperties: false`)"
                            .to_string(),
                        true,
                    ),
                    Some(AdditionalProperties::Schema(s)) => {
                        self.check(
                            item,
                            SchemaRef::from(&**s),
                            &push(at, key),
                            false,
                            out,
                            depth + 1,
                        );
                    }
                    _ => {}
                },
            }
        }
        for (name, schema, _) in &props {
            if required.contains(name) && !map.contains_key(*name) && !one_way(self, *schema) {
                let nullable = self.nullable(*schema, "");
                out.push(Difference {
                    at: at.to_string(),
                    what: format!("the required property `{name}` is missing"),
                    readable: nullable,
                    absence: Some(Absence::Missing(name.to_string())),
                });
            }
        }
    }

    /// A value against `oneOf`/`anyOf` alternatives: the one its tag names,
    /// else any that it matches. A value that matches none is kept whole by
    /// the client (readable); so is one whose tag names no alternative.
    fn check_union(
        &mut self,
        value: &Value,
        alternatives: &'a [ReferenceOr<Schema>],
        discriminator: Option<&'a openapiv3::Discriminator>,
        at: &str,
        out: &mut Vec<Difference>,
        depth: usize,
    ) {
        if let Some(d) = discriminator {
            if let Some(tag) = value.get(&d.property_name).and_then(Value::as_str) {
                let target = d.mapping.get(tag).map(String::as_str);
                let chosen = alternatives.iter().find(|a| match a {
                    ReferenceOr::Reference { reference } => {
                        target.is_some_and(|t| {
                            t == reference || reference.ends_with(&format!("/{t}"))
                        }) || (target.is_none() && reference.rsplit('/').next() == Some(tag))
                    }
                    ReferenceOr::Item(_) => false,
                });
                if let Some(chosen) = chosen {
                    return self.check(value, SchemaRef::from(chosen), at, false, out, depth + 1);
                }
            }
        }
        for alternative in alternatives {
            let mut theirs = Vec::new();
            self.check(
                value,
                SchemaRef::from(alternative),
                at,
                false,
                &mut theirs,
                depth + 1,
            );
            if theirs.is_empty() {
                return;
            }
        }
        violation(
            out,
            at,
            "a value that matches none of the alternatives".to_string(),
            true,
        );
    }
}

/// Notes that the value at `at` differs from its schema.
fn violation(out: &mut Vec<Difference>, at: &str, what: String, readable: bool) {
    out.push(Difference {
        at: at.to_string(),
        what,
        readable,
        absence: None,
    });
}

/// A JSON value's kind, as a message says it.
fn kind(value: &Value) -> String {
    match value {
        Value::Null => "`null`".to_string(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) if s.chars().count() <= 40 => format!("the string {s:?}"),
        Value::String(_) => "a string".to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}
