//! Schemas to IR types: named structs and enums in `models`, and the `Ty`
//! used where a schema appears (field, parameter, body, response).

use std::collections::HashSet;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::hierarchy::Polymorphic;
use super::view::{annotations, view, View};
use super::Ctx;
use crate::diag::{push, Diagnostic};
use crate::ir::{
    EnumVariant, Field, Gate, Presence, StringEnum, Struct, Ty, TypeDef, TypeId, TypeKind, Union,
    UnionVariant,
};
use crate::names::{snake_name, type_name, Namespace};

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

/// A schema or a reference to one, whichever box it came in.
#[derive(Clone, Copy)]
pub enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl<'a> Ctx<'a> {
    /// The component a `$ref` points at (its name, and its schema through
    /// any aliases: a component that is only a `$ref`), or a diagnostic at
    /// `pointer`.
    pub fn schema_target(
        &mut self,
        reference: &str,
        pointer: &str,
    ) -> Option<(&'a str, &'a Schema)> {
        let component = |reference: &str| {
            reference.strip_prefix(SCHEMA_PREFIX).and_then(|name| {
                let name = crate::diag::unescape(name);
                self.components_schemas.get_key_value(name.as_str())
            })
        };
        let found = component(reference);
        let mut target = found;
        // Aliases are followed to the schema they stand for; a chain longer
        // than there are components has a cycle.
        for _ in 0..=self.components_schemas.len() {
            match target {
                Some((_, ReferenceOr::Reference { reference })) => target = component(reference),
                _ => break,
            }
        }
        let resolved = match (found, target) {
            (Some((name, _)), Some((_, ReferenceOr::Item(schema)))) => {
                Some((name.as_str(), schema))
            }
            _ => None,
        };
        if resolved.is_none() {
            let why = if !reference.starts_with('#') {
                "references to other files are not supported"
            } else if !reference.starts_with(SCHEMA_PREFIX) {
                "it points at no schema"
            } else if found.is_some() {
                "it names a component that is an alias, through others, of itself or of nothing"
            } else {
                "no such schema in `components.schemas`"
            };
            // One broken reference must not sink a whole API: what it
            // stood for is typed as any JSON value.
            self.warn(
                Diagnostic::warning(format!(
                    "`$ref: {reference}` does not resolve: {why}; the value is typed as `serde_json::Value`"
                ))
                .at(push(pointer, "$ref")),
            );
        }
        resolved
    }

    /// Whether the schema, through any reference, allows `null`.
    pub fn nullable(&mut self, schema: SchemaRef<'a>, pointer: &str) -> bool {
        match schema {
            SchemaRef::Item(s) => {
                let v = view(s);
                s.schema_data.nullable
                    || v.null_member
                    || annotations(s).any(|a| a.schema_data.nullable)
                    // `allOf: [{$ref: X}, {type: string, nullable: true}]`, or
                    // `anyOf: [{nullable: true, …}, {$ref: X}]` (DigitalOcean's
                    // "null when not assigned"): a member says it may be null.
                    || v.all_of.iter().chain(v.alternatives()).any(|m| match m {
                        ReferenceOr::Item(m) => m.schema_data.nullable,
                        ReferenceOr::Reference { reference } => self
                            .schema_target(reference, pointer)
                            .is_some_and(|(_, t)| t.schema_data.nullable),
                    })
            }
            SchemaRef::Ref(r) => self
                .schema_target(r, pointer)
                .is_some_and(|(_, s)| s.schema_data.nullable),
        }
    }

    /// For an `allOf` with nothing beside it whose typed members all say a
    /// value that is no object (`allOf: [{$ref: slug}, {type: string,
    /// nullable: true}]`): the member that gives the type (one with an
    /// enum, else the first) and its index. Such a value is that scalar, not
    /// a struct of no properties.
    pub(super) fn scalar_all_of(
        &mut self,
        v: &View<'a>,
        pointer: &str,
    ) -> Option<(&'a ReferenceOr<Schema>, usize)> {
        if !v.properties.is_empty() || v.all_of_typed.len() < 2 || !v.alternatives().is_empty() {
            return None;
        }
        let mut chosen: Option<(&'a ReferenceOr<Schema>, usize, bool)> = None;
        for &(i, member) in &v.all_of_typed {
            let schema = match member {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => self.schema_target(reference, pointer)?.1,
            };
            let m = view(schema);
            let bare = m.properties.is_empty()
                && m.all_of.is_empty()
                && m.alternatives().is_empty()
                && m.items.is_none()
                && m.additional.is_none();
            // A member of constraints only (`{maxLength: 16}`) says no type.
            if bare && m.typ.is_none() && m.enum_strings.is_empty() {
                continue;
            }
            let scalar = matches!(m.typ, Some("string" | "integer" | "number" | "boolean")) && bare;
            if !scalar {
                return None;
            }
            let enumerated = !m.enum_strings.is_empty();
            if chosen.is_none_or(|(_, _, e)| enumerated && !e) {
                chosen = Some((member, i, enumerated));
            }
        }
        chosen.map(|(member, i, _)| (member, i))
    }

    /// Defines the component schema `name` (already claimed as `id`). A
    /// base with kinds (see `hierarchy`) is the enum of them, its own
    /// properties a struct of their own.
    pub fn define_component(&mut self, name: &'a str, schema: &'a Schema, id: TypeId) {
        let pointer = push("/components/schemas", name);
        let slot = self.place(id);
        let Some(poly) = self.hierarchies.polymorphic.get(name).cloned() else {
            self.define(id, schema, &pointer, 0);
            return;
        };
        let type_name = self.claimed[id.0].0.clone();
        let base = self.base_ids[name];
        let base_slot = self.place(base);
        self.define(base, schema, &pointer, 0);
        if let Some(def) = self.types[base_slot].as_mut() {
            let note = format!(
                "The properties every `{type_name}` has: a value of a kind this client does not list, or of `{type_name}` itself."
            );
            def.doc = Some(match def.doc.take() {
                Some(doc) => format!("{doc}\n\n{note}"),
                None => note,
            });
        }
        let union = self.kinds_union(&type_name, base, &poly);
        let doc = schema
            .schema_data
            .description
            .clone()
            .or_else(|| schema.schema_data.title.clone());
        self.types[slot] = Some(TypeDef {
            name: type_name,
            doc,
            kind: TypeKind::Union(union),
            pointer,
            gate: Default::default(),
            uses: Default::default(),
        });
    }

    /// The `Ty` for a schema at `pointer`. Inline structs and enums become
    /// named types called `hint` (made unique).
    pub fn ty(&mut self, schema: SchemaRef<'a>, pointer: &str, hint: &str, depth: usize) -> Ty {
        if depth > MAX_DEPTH {
            self.error(
                Diagnostic::error(format!(
                    "schemas are nested more than {MAX_DEPTH} levels deep"
                ))
                .at(pointer),
            );
            return Ty::Json;
        }
        let schema = match schema {
            SchemaRef::Ref(r) => {
                return match self.schema_target(r, pointer) {
                    Some((name, _)) => Ty::Named(self.component_ids[name]),
                    None => Ty::Json,
                }
            }
            SchemaRef::Item(s) => s,
        };
        if let Some(ty) = self.inline_types.get(&(schema as *const Schema)) {
            return ty.clone();
        }
        let ty = self.inline_ty(schema, pointer, hint, depth);
        self.inline_types
            .insert(schema as *const Schema, ty.clone());
        ty
    }

    /// [`Self::ty`] for a schema written in place, the first time it is met.
    fn inline_ty(&mut self, schema: &'a Schema, pointer: &str, hint: &str, depth: usize) -> Ty {
        let v = view(schema);
        let scalar = self
            .scalar_all_of(&v, pointer)
            .map(|(m, i)| (m, "allOf", i));
        if let Some((inner, keyword, index)) = v.wrapped().or(scalar) {
            return self.ty(
                SchemaRef::from(inner),
                &push(&push(pointer, keyword), &index.to_string()),
                hint,
                depth + 1,
            );
        }
        if v.is_struct() || v.is_union() || (v.typ == Some("string") && !v.enum_strings.is_empty())
        {
            let id = self.claim(type_name(hint, "Type"));
            self.place(id);
            self.define(id, schema, pointer, depth + 1);
            return Ty::Named(id);
        }
        self.plain_ty(&v, pointer, hint, depth)
    }

    /// Types that need no definition of their own.
    fn plain_ty(&mut self, v: &View<'a>, pointer: &str, hint: &str, depth: usize) -> Ty {
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            let keyword = if v.one_of.is_empty() {
                "anyOf"
            } else {
                "oneOf"
            };
            self.warn(
                Diagnostic::warning(format!(
                    "`{keyword}` is not supported yet; this value is typed as `serde_json::Value`"
                ))
                .at(pointer),
            );
            return Ty::Json;
        }
        match v.typ {
            Some("string") if v.format.as_deref() == Some("binary") => Ty::Binary,
            Some("string") => Ty::String,
            Some("boolean") => Ty::Bool,
            Some("integer") => integer(v),
            Some("number") => Ty::F64,
            Some("array") => match v.items {
                Some(ReferenceOr::Item(items)) if v.tuple => {
                    let at = push(pointer, "items");
                    let members = view(items).any_of;
                    let members = members
                        .iter()
                        .enumerate()
                        .map(|(i, m)| {
                            let hint = format!("{hint}{}", i + 1);
                            self.ty(
                                m.into(),
                                &push(&push(&at, "anyOf"), &i.to_string()),
                                &hint,
                                depth + 1,
                            )
                        })
                        .collect();
                    Ty::Tuple(members)
                }
                Some(items) => Ty::Vec(Box::new(self.ty(
                    items.into(),
                    &push(pointer, "items"),
                    &format!("{hint}Item"),
                    depth + 1,
                ))),
                None => Ty::Vec(Box::new(Ty::Json)),
            },
            Some("object") | None => match v.additional {
                Some(AdditionalProperties::Schema(s)) => {
                    let inner = self.ty(
                        SchemaRef::from(&**s),
                        &push(pointer, "additionalProperties"),
                        &format!("{hint}Value"),
                        depth + 1,
                    );
                    Ty::Map(Box::new(inner))
                }
                _ if v.typ.is_some() => Ty::JsonObject,
                _ => Ty::Json,
            },
            Some(other) => {
                self.warn(
                    Diagnostic::warning(format!(
                        "unknown type `{other}`; typed as `serde_json::Value`"
                    ))
                    .at(pointer),
                );
                Ty::Json
            }
        }
    }

    /// Fills the place of model `id` (taken already) with the definition of
    /// `schema`.
    fn define(&mut self, id: TypeId, schema: &'a Schema, pointer: &str, depth: usize) {
        let (name, slot) = (self.claimed[id.0].0.clone(), self.claimed[id.0].1);
        let v = view(schema);
        let doc = schema
            .schema_data
            .description
            .clone()
            .or_else(|| schema.schema_data.title.clone());
        // A kind of a hierarchy is a struct even when it adds nothing to its
        // base (`allOf: [Base]` and a discriminator value): as another name
        // for the base, the enum of kinds, it would choose itself forever.
        let scalar = self.scalar_all_of(&v, pointer).is_some();
        let kind = if (v.is_struct() && !scalar) || self.kind_pointers.contains(pointer) {
            TypeKind::Struct(self.build_struct(&name, &v, pointer, depth))
        } else if v.is_union() {
            TypeKind::Union(self.build_union(&name, &v, pointer, depth))
        } else if v.typ == Some("string") && !v.enum_strings.is_empty() {
            TypeKind::Enum(string_enum(&v.enum_strings))
        } else {
            TypeKind::Alias(self.ty(SchemaRef::Item(schema), pointer, &name, depth))
        };
        let slot = slot.expect("a model's place is taken before it is defined");
        self.types[slot] = Some(TypeDef {
            name,
            doc,
            kind,
            pointer: pointer.to_string(),
            gate: Default::default(),
            uses: Default::default(),
        });
    }

    fn build_struct(&mut self, name: &str, v: &View<'a>, pointer: &str, depth: usize) -> Struct {
        let mut props: Vec<(&'a str, SchemaRef<'a>, String)> = Vec::new();
        let mut required: HashSet<&'a str> = HashSet::new();
        let mut seen = HashSet::new();
        let mut stack = Vec::new();
        self.collect(
            v,
            pointer,
            &mut props,
            &mut required,
            (&mut seen, &mut stack),
            depth,
        );
        let mut fields_ns = Namespace::default();
        let mut fields = Vec::with_capacity(props.len());
        for (json_name, schema, prop_pointer) in props {
            let hint = format!("{name}{}", type_name(json_name, "Field"));
            let ty = self.ty(schema, &prop_pointer, &hint, depth + 1);
            let nullable = self.nullable(schema, &prop_pointer);
            let data = match schema {
                SchemaRef::Item(s) => Some(&s.schema_data),
                SchemaRef::Ref(r) => self
                    .schema_target(r, &prop_pointer)
                    .map(|(_, s)| &s.schema_data),
            };
            // A `readOnly` property is absent from requests and a `writeOnly`
            // one from responses, so one struct serving both cannot require it.
            let one_way = data.is_some_and(|d| d.read_only || d.write_only);
            let presence = match (required.contains(json_name) && !one_way, nullable) {
                (true, false) => Presence::Required,
                (false, false) => Presence::Optional,
                (true, true) => Presence::RequiredNullable,
                (false, true) => Presence::OptionalNullable,
            };
            let (mut doc, deprecated) = match schema {
                SchemaRef::Item(s) => (
                    s.schema_data
                        .description
                        .clone()
                        .or_else(|| annotations(s).find_map(|a| a.schema_data.description.clone()))
                        .or_else(|| s.schema_data.title.clone()),
                    s.schema_data.deprecated,
                ),
                SchemaRef::Ref(_) => (None, false),
            };
            let mut notes = Vec::new();
            if let Some(default) = data.and_then(|d| d.default.as_ref()) {
                notes.push(format!("Default: `{default}`."));
            }
            if data.is_some_and(|d| d.read_only) {
                notes.push("Read-only: sent by the server, ignored in requests.".to_string());
            }
            if data.is_some_and(|d| d.write_only) {
                notes.push("Write-only: sent in requests, never returned.".to_string());
            }
            if !notes.is_empty() {
                let notes = notes.join(" ");
                doc = Some(match doc {
                    Some(d) => format!("{d}\n\n{notes}"),
                    None => notes,
                });
            }
            fields.push(Field {
                name: fields_ns.claim(snake_name(json_name, "field")),
                json_name: json_name.to_string(),
                doc,
                ty,
                presence,
                boxed: false,
                deprecated,
            });
        }
        // JSON Schema allows any other property unless the schema says
        // `additionalProperties: false`; servers send them (fields added
        // since the description was written, a subtype's own), and a value
        // read and written back (GET, change a field, PUT) must keep them.
        let additional = match v.additional {
            Some(AdditionalProperties::Any(false)) => None,
            None | Some(AdditionalProperties::Any(true)) => Some(Ty::JsonObject),
            Some(AdditionalProperties::Schema(s)) => {
                let inner = self.ty(
                    SchemaRef::from(&**s),
                    &push(pointer, "additionalProperties"),
                    &format!("{name}Value"),
                    depth + 1,
                );
                Some(Ty::Map(Box::new(inner)))
            }
        }
        .map(|ty| (fields_ns.claim("additional_properties".into()), ty));
        // A subtype of one kind writes its discriminator value itself.
        let tag = self.constant_tags.get(pointer).cloned();
        if let Some((property, _)) = &tag {
            fields.retain(|f| &f.json_name != property);
        }
        Struct {
            fields,
            builder: false,
            additional,
            tag,
        }
    }

    fn build_union(&mut self, name: &str, v: &View<'a>, pointer: &str, depth: usize) -> Union {
        let keyword = if v.one_of.is_empty() {
            "anyOf"
        } else {
            "oneOf"
        };
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        let mut all_tagged = v.discriminator.is_some();
        let mut said = false;
        let alternatives = v.alternatives();
        // A mapping to schemas that are not alternatives (DigitalOcean's
        // `attach: models/volume_action_post_attach.yml`, left from a file
        // the description was bundled from) cannot say which alternative a
        // value is: the values it names would all read as unknown.
        if let Some(d) = v.discriminator {
            let names_an_alternative = |target: &String| {
                alternatives.iter().any(|a| {
                    matches!(a, ReferenceOr::Reference { reference }
                        if reference == target || reference.ends_with(&format!("/{target}")))
                })
            };
            let dangling: Vec<&String> = d
                .mapping
                .values()
                .filter(|t| !names_an_alternative(t))
                .collect();
            if let Some(first) = dangling.first() {
                self.warn(
                    Diagnostic::warning(format!(
                        "the discriminator's mapping names `{first}`, which is none of the alternatives; decoding picks the alternative a value fits best instead"
                    ))
                    .at(push(pointer, "discriminator")),
                );
                all_tagged = false;
                said = true;
            }
        }
        for (i, alternative) in alternatives.iter().enumerate() {
            // The same `$ref` listed twice (once per tag it answers to) is one
            // variant; the discriminator's mapping gives it all its tags.
            if let ReferenceOr::Reference { reference } = alternative {
                let repeated = alternatives[..i].iter().any(
                    |a| matches!(a, ReferenceOr::Reference { reference: r } if r == reference),
                );
                if repeated {
                    continue;
                }
            }
            let at = push(&push(pointer, keyword), &i.to_string());
            let member = SchemaRef::from(alternative);
            let ty = self.ty(member, &at, &format!("{name}Variant{}", i + 1), depth + 1);
            let tags = match (v.discriminator, alternative) {
                (Some(d), ReferenceOr::Reference { reference }) => {
                    let mapped: Vec<String> = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| {
                            *target == reference || reference.ends_with(&format!("/{target}"))
                        })
                        .map(|(value, _)| value.clone())
                        .collect();
                    if mapped.is_empty() {
                        // Without a mapping the tag is the schema's name.
                        reference
                            .rsplit('/')
                            .next()
                            .map(|n| vec![n.to_string()])
                            .unwrap_or_default()
                    } else {
                        mapped
                    }
                }
                _ => Vec::new(),
            };
            all_tagged &= !tags.is_empty();
            let label = match &ty {
                Ty::Named(id) => self.claimed[id.0].0.clone(),
                Ty::String => "String".into(),
                Ty::Bool => "Boolean".into(),
                Ty::I32 | Ty::I64 => "Integer".into(),
                Ty::F64 => "Number".into(),
                Ty::Vec(_) => "Array".into(),
                Ty::Tuple(_) => "Tuple".into(),
                Ty::Map(_) | Ty::JsonObject => "Object".into(),
                Ty::Json => "Value".into(),
                Ty::Binary => "Binary".into(),
                Ty::Upload => "Upload".into(),
            };
            // `Union::Pet` reads better than `Union::PetVariant1` for inline
            // members that already got a numbered type name.
            let label = label
                .strip_prefix(name)
                .filter(|rest| !rest.is_empty())
                .unwrap_or(&label)
                .to_string();
            variants.push(UnionVariant {
                name: names.claim(type_name(&label, "Variant")),
                ty,
                tags,
                boxed: false,
                gate: Gate::Always,
            });
        }
        let tag = match v.discriminator {
            Some(d) if all_tagged => Some(d.property_name.clone()),
            Some(_) if said => None,
            Some(_) => {
                self.warn(
                    Diagnostic::warning(
                        "the discriminator cannot name every alternative (inline schemas have no name); decoding picks the alternative a value fits best",
                    )
                    .at(push(pointer, "discriminator")),
                );
                None
            }
            None => None,
        };
        if tag.is_none() {
            for variant in &mut variants {
                variant.tags.clear();
            }
        }
        Union {
            variants,
            tag,
            unknown: names.claim("Unknown".into()),
            fallback: false,
            absent_tag_is_base: false,
        }
    }

    /// The enum of a base's kinds (see `hierarchy`): one variant per kind,
    /// one for the base's own values when it has any, and the base's
    /// properties for a kind not listed.
    fn kinds_union(&self, name: &str, base: TypeId, poly: &Polymorphic<'a>) -> Union {
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        if !poly.own.is_empty() {
            variants.push(UnionVariant {
                name: names.claim(type_name(name, "Variant")),
                ty: Ty::Named(base),
                tags: poly.own.clone(),
                boxed: false,
                gate: Gate::Always,
            });
        }
        for (kind, tags) in &poly.kinds {
            let id = self.component_ids[kind];
            let rust = &self.claimed[id.0].0;
            let ty = self.base_ids.get(kind).copied().unwrap_or(id);
            let label = rust
                .strip_prefix(name)
                .filter(|rest| !rest.is_empty())
                .unwrap_or(rust);
            variants.push(UnionVariant {
                name: names.claim(type_name(label, "Variant")),
                ty: Ty::Named(ty),
                tags: tags.clone(),
                boxed: false,
                gate: Gate::Always,
            });
        }
        let unknown = names.claim("Unknown".into());
        variants.push(UnionVariant {
            name: unknown.clone(),
            ty: Ty::Named(base),
            tags: Vec::new(),
            boxed: false,
            gate: Gate::Always,
        });
        Union {
            variants,
            tag: Some(poly.property.clone()),
            unknown,
            fallback: true,
            absent_tag_is_base: false,
        }
    }

    /// Gathers properties and `required` from the schema and, recursively,
    /// from everything it lists in `allOf`. A property named twice keeps its
    /// first position and its last definition. `included` holds the
    /// components merged so far (one reached twice, as in a diamond, is
    /// merged once) and the chain being merged now (one that includes
    /// itself is merged once, with a warning).
    pub(super) fn collect(
        &mut self,
        v: &View<'a>,
        pointer: &str,
        props: &mut Vec<(&'a str, SchemaRef<'a>, String)>,
        required: &mut HashSet<&'a str>,
        included: (&mut HashSet<&'a str>, &mut Vec<&'a str>),
        depth: usize,
    ) {
        let (seen, stack) = included;
        if depth > MAX_DEPTH {
            self.error(
                Diagnostic::error(format!(
                    "`allOf` is nested more than {MAX_DEPTH} levels deep"
                ))
                .at(pointer),
            );
            return;
        }
        for (i, member) in v.all_of.iter().enumerate() {
            let member_pointer = push(&push(pointer, "allOf"), &i.to_string());
            let (schema, at) = match member {
                ReferenceOr::Item(s) => (s, member_pointer),
                ReferenceOr::Reference { reference } => {
                    match self.schema_target(reference, &member_pointer) {
                        Some((target, _)) if stack.contains(&target) => {
                            self.warn(
                                Diagnostic::warning(format!(
                                    "`allOf` includes `{reference}` within itself; its properties are merged once"
                                ))
                                .at(member_pointer),
                            );
                            continue;
                        }
                        Some((target, _)) if !seen.insert(target) => continue,
                        Some((target, s)) => {
                            stack.push(target);
                            (s, push("/components/schemas", target))
                        }
                        None => continue,
                    }
                }
            };
            let member_view = view(schema);
            self.collect(
                &member_view,
                &at,
                props,
                required,
                (&mut *seen, &mut *stack),
                depth + 1,
            );
            if matches!(member, ReferenceOr::Reference { .. }) {
                stack.pop();
            }
        }
        for (json_name, schema) in &v.properties {
            let prop_pointer = push(&push(pointer, "properties"), json_name);
            let entry = (*json_name, SchemaRef::from(*schema), prop_pointer);
            match props.iter_mut().find(|(n, _, _)| n == json_name) {
                Some(existing) => *existing = entry,
                None => props.push(entry),
            }
        }
        required.extend(v.required.iter().map(String::as_str));
        // `oneOf`/`anyOf` beside the properties, or in an `allOf`: each
        // alternative says which properties a value may have (often only
        // which of them it must: DigitalOcean's "inbound or outbound rules").
        // Every alternative's properties are fields, optional unless
        // required anyway, so that a value of any of them decodes whole.
        let keyword = if v.one_of.is_empty() {
            "anyOf"
        } else {
            "oneOf"
        };
        for (i, alternative) in v.alternatives().iter().enumerate() {
            let at = push(&push(pointer, keyword), &i.to_string());
            let (schema, at) = match alternative {
                ReferenceOr::Item(s) => (s, at),
                ReferenceOr::Reference { reference } => match self.schema_target(reference, &at) {
                    Some((target, _)) if stack.contains(&target) || seen.contains(target) => {
                        continue
                    }
                    Some((target, s)) => (s, push("/components/schemas", target)),
                    None => continue,
                },
            };
            let mut theirs = Vec::new();
            let mut only_if_chosen = HashSet::new();
            self.collect(
                &view(schema),
                &at,
                &mut theirs,
                &mut only_if_chosen,
                (&mut *seen, &mut *stack),
                depth + 1,
            );
            for entry in theirs {
                if !props.iter().any(|(n, _, _)| *n == entry.0) {
                    props.push(entry);
                }
            }
        }
    }
}

/// `format: int32` or bounds that fit in 32 bits give `i32`; everything else `i64`.
pub(super) fn integer(v: &View<'_>) -> Ty {
    match v.format.as_deref() {
        Some("int32") => Ty::I32,
        Some("int64") => Ty::I64,
        _ => {
            let fits =
                |b: Option<f64>| b.is_some_and(|b| b >= i32::MIN as f64 && b <= i32::MAX as f64);
            if fits(v.minimum) && fits(v.maximum) {
                Ty::I32
            } else {
                Ty::I64
            }
        }
    }
}

pub(super) fn string_enum(values: &[&str]) -> StringEnum {
    let mut ns = Namespace::default();
    let mut seen = HashSet::new();
    let variants = values
        .iter()
        .filter(|value| seen.insert(**value))
        .map(|value| EnumVariant {
            name: ns.claim(type_name(
                value,
                if value.is_empty() { "Empty" } else { "Value" },
            )),
            value: value.to_string(),
        })
        .collect();
    StringEnum {
        variants,
        other: ns.claim("Unknown".to_string()),
    }
}
