//! Inheritance: a component schema with a `discriminator` whose subtypes
//! are other components that include it with `allOf` (Azure's, Apple's and
//! Microsoft Graph's way of saying "one of these kinds"), or that its
//! `mapping` names.
//!
//! Where a response says "the base", the server sends a subtype; a model
//! of the base alone would drop the subtype's properties. So each base that
//! has subtypes becomes an enum over its concrete kinds, chosen by the
//! discriminator (see `schema::define_component`), and each subtype with one
//! discriminator value writes it itself when sent. This module only finds
//! the hierarchies; the types are made where components are defined.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema};

use super::view::view;

const PREFIX: &str = "#/components/schemas/";

/// Components, each with the discriminator values that select it.
pub type Kinds<'a> = Vec<(&'a str, Vec<String>)>;

/// A component whose values may be any of several kinds.
#[derive(Debug, Clone, PartialEq)]
pub struct Polymorphic<'a> {
    /// The discriminator property (its wire name).
    pub property: String,
    /// Its concrete kinds (other components), in the components' order,
    /// each with the discriminator values that select it.
    pub kinds: Kinds<'a>,
    /// The values that select the base itself (a `mapping` to it, or its
    /// `x-ms-discriminator-value`).
    pub own: Vec<String>,
}

/// Every hierarchy of a document.
#[derive(Debug, Default)]
pub struct Hierarchies<'a> {
    /// The components that become enums of their kinds.
    pub polymorphic: IndexMap<&'a str, Polymorphic<'a>>,
    /// The subtypes that are always one kind (one discriminator value, no
    /// subtypes of their own): they write the property themselves.
    pub constant: HashMap<&'a str, (String, String)>,
}

impl<'a> Hierarchies<'a> {
    /// Finds the hierarchies among `components`.
    pub fn find(components: &'a IndexMap<String, ReferenceOr<Schema>>) -> Self {
        let schemas: IndexMap<&'a str, &'a Schema> = components
            .iter()
            .filter_map(|(name, s)| match s {
                ReferenceOr::Item(s) => Some((name.as_str(), s)),
                ReferenceOr::Reference { .. } => None,
            })
            .collect();
        let ancestors = ancestors(components, &schemas);
        let mut out = Hierarchies::default();
        // The kinds of every component below a base (its own kinds when it
        // is a base too), with their values under that base.
        let mut tagged: Vec<(&'a str, String, Kinds<'a>)> = Vec::new();
        for (&base, schema) in &schemas {
            let Some(discriminator) = &schema.schema_data.discriminator else {
                continue;
            };
            let v = view(schema);
            if !v.alternatives().is_empty() {
                // `oneOf` with a discriminator: a union, made elsewhere.
                continue;
            }
            let mapped: Vec<(&str, &'a str)> = discriminator
                .mapping
                .iter()
                .filter_map(|(value, target)| {
                    target_name(target, components).map(|t| (value.as_str(), t))
                })
                .collect();
            let mut below: Vec<&'a str> = schemas
                .keys()
                .copied()
                .filter(|d| *d != base && ancestors[d].contains(base))
                .collect();
            for (_, target) in &mapped {
                if *target != base && schemas.contains_key(target) && !below.contains(target) {
                    below.push(target);
                }
            }
            if below.is_empty() {
                continue;
            }
            // In the components' order, so that output is stable.
            below.sort_by_key(|d| schemas.get_index_of(d));
            let tags = |of: &str| -> Vec<String> {
                let values: Vec<String> = mapped
                    .iter()
                    .filter(|(_, t)| *t == of)
                    .map(|(value, _)| value.to_string())
                    .collect();
                if !values.is_empty() {
                    return values;
                }
                match schemas[of]
                    .schema_data
                    .extensions
                    .get("x-ms-discriminator-value")
                {
                    Some(serde_json::Value::String(value)) => vec![value.clone()],
                    _ => vec![of.to_string()],
                }
            };
            let kinds: Vec<(&'a str, Vec<String>)> = below.iter().map(|d| (*d, tags(d))).collect();
            let own = {
                let explicit = mapped.iter().any(|(_, t)| *t == base)
                    || schemas[base]
                        .schema_data
                        .extensions
                        .contains_key("x-ms-discriminator-value");
                if explicit {
                    tags(base)
                } else {
                    Vec::new()
                }
            };
            out.polymorphic.insert(
                base,
                Polymorphic {
                    property: discriminator.property_name.clone(),
                    kinds: kinds.clone(),
                    own,
                },
            );
            tagged.push((base, discriminator.property_name.clone(), kinds));
        }
        // A kind that has kinds below it (a nested hierarchy, as Azure's are)
        // is an enum of them too, under its base's discriminator.
        for (_, property, kinds) in &tagged {
            for (kind, own) in kinds {
                if out.polymorphic.contains_key(kind) {
                    continue;
                }
                let below: Kinds<'a> = kinds
                    .iter()
                    .filter(|(d, _)| ancestors[d].contains(kind))
                    .cloned()
                    .collect();
                if !below.is_empty() {
                    out.polymorphic.insert(
                        kind,
                        Polymorphic {
                            property: property.clone(),
                            kinds: below,
                            own: own.clone(),
                        },
                    );
                }
            }
        }
        // A kind of exactly one value, in every hierarchy it is part of.
        let mut seen: HashMap<&'a str, Option<(String, String)>> = HashMap::new();
        for (_, property, kinds) in &tagged {
            for (kind, values) in kinds {
                let this = match &values[..] {
                    [one] if !out.polymorphic.contains_key(kind) => {
                        Some((property.clone(), one.clone()))
                    }
                    _ => None,
                };
                seen.entry(kind)
                    .and_modify(|before| {
                        if *before != this {
                            *before = None;
                        }
                    })
                    .or_insert(this);
            }
        }
        out.constant = seen
            .into_iter()
            .filter_map(|(kind, tag)| Some((kind, tag?)))
            .collect();
        out
    }
}

/// The component a `mapping` value names: a `$ref` or a bare name.
fn target_name<'a>(
    target: &str,
    components: &'a IndexMap<String, ReferenceOr<Schema>>,
) -> Option<&'a str> {
    let name = target.strip_prefix(PREFIX).unwrap_or(target);
    let name = crate::diag::unescape(name);
    components
        .get_key_value(name.as_str())
        .map(|(k, _)| k.as_str())
}

/// Each component's ancestors: the components it includes with `allOf`,
/// and theirs in turn (an alias is followed to what it names; a cycle is
/// cut where it closes).
fn ancestors<'a>(
    components: &'a IndexMap<String, ReferenceOr<Schema>>,
    schemas: &IndexMap<&'a str, &'a Schema>,
) -> HashMap<&'a str, HashSet<&'a str>> {
    let parents = |schema: &'a Schema| -> Vec<&'a str> {
        view(schema)
            .all_of
            .iter()
            .filter_map(|member| match member {
                ReferenceOr::Reference { reference } => {
                    let mut name = target_name(reference, components)?;
                    // Through aliases, to a schema.
                    for _ in 0..components.len() {
                        match &components[name] {
                            ReferenceOr::Reference { reference } => {
                                name = target_name(reference, components)?;
                            }
                            ReferenceOr::Item(_) => break,
                        }
                    }
                    schemas.contains_key(name).then_some(name)
                }
                ReferenceOr::Item(_) => None,
            })
            .collect()
    };
    let direct: HashMap<&'a str, Vec<&'a str>> =
        schemas.iter().map(|(&n, &s)| (n, parents(s))).collect();
    let mut out: HashMap<&'a str, HashSet<&'a str>> = HashMap::new();
    for &name in schemas.keys() {
        let mut all = HashSet::new();
        let mut stack: Vec<&'a str> = direct[name].clone();
        while let Some(parent) = stack.pop() {
            if parent != name && all.insert(parent) {
                stack.extend(direct[parent].iter().copied());
            }
        }
        out.insert(name, all);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn components(yaml: &str) -> IndexMap<String, ReferenceOr<Schema>> {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn kinds_by_mapping_by_name_and_by_extension_nested() {
        let c = components(
            r##"
Pet:
  type: object
  required: [kind]
  properties: {kind: {type: string}, name: {type: string}}
  discriminator: {propertyName: kind, mapping: {doggo: '#/components/schemas/Dog'}}
Dog:
  allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {good: {type: boolean}}}]
Cat:
  allOf: [{$ref: '#/components/schemas/Pet'}]
  x-ms-discriminator-value: felis
Lion:
  allOf: [{$ref: '#/components/schemas/Cat'}, {properties: {pride: {type: string}}}]
Rock: {type: object, properties: {kind: {type: string}}}
"##,
        );
        let h = Hierarchies::find(&c);
        let pet = &h.polymorphic["Pet"];
        assert_eq!(pet.property, "kind");
        assert_eq!(
            pet.kinds,
            [
                ("Dog", vec!["doggo".to_string()]),
                ("Cat", vec!["felis".to_string()]),
                ("Lion", vec!["Lion".to_string()]),
            ]
        );
        assert!(pet.own.is_empty());
        // Cat has a kind below it: an enum too, selecting itself by its value.
        let cat = &h.polymorphic["Cat"];
        assert_eq!(cat.kinds, [("Lion", vec!["Lion".to_string()])]);
        assert_eq!(cat.own, ["felis"]);
        assert_eq!(h.polymorphic.len(), 2);
        // Dog and Lion write their value; Cat, an enum, does not.
        assert_eq!(h.constant["Dog"], ("kind".to_string(), "doggo".to_string()));
        assert_eq!(h.constant["Lion"], ("kind".to_string(), "Lion".to_string()));
        assert!(!h.constant.contains_key("Cat"));
    }

    #[test]
    fn a_mapping_alone_names_the_kinds_and_several_values_keep_the_property() {
        let c = components(
            r##"
Invocation:
  type: object
  properties: {method: {type: string}}
  discriminator:
    propertyName: method
    mapping: {a.one: '#/components/schemas/Add', a.two: '#/components/schemas/Add', p: Play}
Add: {type: object, properties: {method: {type: string}, x: {type: string}}}
Play: {type: object, properties: {method: {type: string}, y: {type: string}}}
Lone:
  type: object
  properties: {t: {type: string}}
  discriminator: {propertyName: t}
"##,
        );
        let h = Hierarchies::find(&c);
        let kinds = &h.polymorphic["Invocation"].kinds;
        assert_eq!(
            kinds,
            &[
                ("Add", vec!["a.one".to_string(), "a.two".to_string()]),
                ("Play", vec!["p".to_string()]),
            ]
        );
        assert!(!h.constant.contains_key("Add"));
        assert_eq!(h.constant["Play"].1, "p");
        // A discriminator with nothing below it is no hierarchy.
        assert!(!h.polymorphic.contains_key("Lone"));
    }
}
