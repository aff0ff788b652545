//! Cargo features that select operations, so that a program using a few
//! operations of a large API compiles only those and the models they reach.
//!
//! One feature per tag (an operation with several tags is compiled by any
//! of them), or per resource where the spec has no tags: the first path
//! segment after a version prefix (`/v1/customers/{id}` → `customers`). The
//! configuration can choose (`[features] split`) and put several tags under
//! one feature (`groups`). By default (`auto`) an API is split from
//! [`AUTO_MIN_OPERATIONS`] operations on; never into fewer than two groups.
//!
//! A model is compiled when a feature whose operations reach it (through
//! fields, variants, items, aliases) is on; one every feature reaches needs
//! no condition, and one no operation reaches (a webhook payload, an unused
//! component) comes with `full` only. The walk is one pass over the type
//! graph per feature, linear in its size.

use std::collections::{BTreeMap, HashMap};

use heck::ToKebabCase;

use crate::config::{Features, Split};
use crate::ir::{Feature, Gate, Operation, Payload, TypeDef, TypeKind};

/// Features the generated crate already has, which a tag cannot take.
const RESERVED: &[&str] = &[
    "default",
    "full",
    "rustls-tls",
    "native-tls",
    "multipart",
    "tracing",
];

/// `split = "auto"` splits APIs of at least this many operations.
pub const AUTO_MIN_OPERATIONS: usize = 50;

/// Decides the features, and the gate of every operation and type.
pub fn assign(
    operations: &mut [Operation],
    types: &mut [TypeDef],
    config: &Features,
    spec_tags: &[openapiv3::Tag],
) -> Vec<Feature> {
    let by_tags = match config.split {
        Split::None => return Vec::new(),
        // Below this size a crate compiles in a second or two whole, and
        // features would only add to its docs and manifest.
        Split::Auto if operations.len() < AUTO_MIN_OPERATIONS => return Vec::new(),
        Split::Auto => operations.iter().any(|op| !op.tags.is_empty()),
        Split::Tags => true,
        Split::Resources => false,
    };
    // The configuration's groups, by each member's name as written and as
    // a feature name.
    let mut grouped: HashMap<String, &str> = HashMap::new();
    for (group, members) in &config.groups {
        for member in members {
            grouped.insert(member.clone(), group);
            grouped.insert(feature_name(member), group);
        }
    }
    // Each operation's features: (feature name, tag or resource).
    let keys_of = |op: &Operation| -> Vec<(String, Key)> {
        let keys: Vec<Key> = if by_tags && !op.tags.is_empty() {
            op.tags.iter().cloned().map(Key::Tag).collect()
        } else {
            vec![Key::Resource(resource(&op.path))]
        };
        keys.into_iter()
            .map(|key| {
                match grouped
                    .get(key.text())
                    .or_else(|| grouped.get(&feature_name(key.text())))
                {
                    Some(group) => (group.to_string(), key),
                    None => (feature_name(key.text()), key),
                }
            })
            .collect()
    };
    // name → (what it stands for, operations)
    let mut found: BTreeMap<String, (Vec<Key>, usize)> = BTreeMap::new();
    let op_keys: Vec<Vec<(String, Key)>> = operations.iter().map(keys_of).collect();
    for keys in &op_keys {
        for (name, key) in keys {
            let entry = found.entry(name.clone()).or_default();
            if !entry.0.contains(key) {
                entry.0.push(key.clone());
            }
            entry.1 += 1;
        }
    }
    if found.len() < 2 {
        return Vec::new();
    }
    let index: HashMap<&str, usize> = found
        .keys()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    let features: Vec<Feature> = found
        .iter()
        .map(|(name, (keys, operations))| Feature {
            name: name.clone(),
            doc: describe(keys, spec_tags),
            operations: *operations,
        })
        .collect();

    // Operations: any of their features.
    let mut roots: Vec<Vec<usize>> = vec![Vec::new(); features.len()];
    let type_index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    for (op, keys) in operations.iter_mut().zip(&op_keys) {
        let mut gate: Vec<usize> = keys.iter().map(|(name, _)| index[name.as_str()]).collect();
        gate.sort_unstable();
        gate.dedup();
        let mut reached = Vec::new();
        for_each_type(op, &mut |name| {
            if let Some(&t) = type_index.get(name) {
                reached.push(t);
            }
        });
        for &f in &gate {
            roots[f].extend(&reached);
        }
        op.gate = Gate::Any(gate);
    }

    // Types: the features whose operations reach them.
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let mut out = Vec::new();
            type_refs(t, &mut |name| {
                if let Some(&i) = type_index.get(name) {
                    out.push(i);
                }
            });
            out
        })
        .collect();
    let mut reached_by: Vec<Vec<usize>> = vec![Vec::new(); types.len()];
    let mut seen = vec![usize::MAX; types.len()];
    for (f, starts) in roots.iter().enumerate() {
        let mut stack: Vec<usize> = starts.clone();
        while let Some(t) = stack.pop() {
            if seen[t] == f {
                continue;
            }
            seen[t] = f;
            reached_by[t].push(f);
            stack.extend(edges[t].iter().copied().filter(|&n| seen[n] != f));
        }
    }
    for (t, by) in types.iter_mut().zip(reached_by) {
        t.gate = match by.len() {
            0 => Gate::Full,
            n if n == features.len() => Gate::Always,
            _ => Gate::Any(by),
        };
    }
    features
}

/// A cargo feature name for a tag or resource: ASCII, kebab-case, not one
/// the crate already has.
pub fn feature_name(key: &str) -> String {
    let name: String = deunicode::deunicode(key)
        .to_kebab_case()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let name = name.trim_matches('-').to_string();
    if name.is_empty() {
        "other".to_string()
    } else if RESERVED.contains(&name.as_str()) {
        format!("{name}-api")
    } else {
        name
    }
}

/// The resource of a path: its first segment after a version prefix
/// (`v1`, `v2.1`, `2024-01`, `api`), parameters skipped.
pub fn resource(path: &str) -> String {
    let is_version = |s: &str| {
        let s = s.strip_prefix(['v', 'V']).unwrap_or(s);
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    };
    path.split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .find(|s| !is_version(s) && *s != "api")
        .map_or_else(|| "root".to_string(), str::to_string)
}

/// What a feature stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    Tag(String),
    Resource(String),
}

impl Key {
    fn text(&self) -> &str {
        match self {
            Key::Tag(t) | Key::Resource(t) => t,
        }
    }
}

/// One line for a feature: its tag's description (first sentence), or the
/// tags and paths it stands for.
fn describe(keys: &[Key], spec_tags: &[openapiv3::Tag]) -> String {
    if let [Key::Tag(tag)] = keys {
        let description = spec_tags
            .iter()
            .find(|t| &t.name == tag)
            .and_then(|t| t.description.as_deref())
            // The first sentence, of a description wrapped over lines or not.
            .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|d| !d.is_empty());
        if let Some(text) = description {
            let sentence = text.split(". ").next().unwrap_or(&text);
            return format!("{} (tag `{tag}`).", sentence.trim_end_matches('.'));
        }
    }
    let tags: Vec<String> = keys
        .iter()
        .filter_map(|k| match k {
            Key::Tag(t) => Some(format!("`{t}`")),
            Key::Resource(_) => None,
        })
        .collect();
    let paths: Vec<String> = keys
        .iter()
        .filter_map(|k| match k {
            Key::Resource(r) => Some(format!("`/{r}`")),
            Key::Tag(_) => None,
        })
        .collect();
    match (tags.is_empty(), paths.is_empty()) {
        (false, true) => format!("Operations tagged {}.", tags.join(", ")),
        (true, _) => format!("Operations under {}.", paths.join(", ")),
        (false, false) => format!(
            "Operations tagged {}, and untagged ones under {}.",
            tags.join(", "),
            paths.join(", ")
        ),
    }
}

/// Every model an operation names, directly.
fn for_each_type<'a>(op: &'a Operation, f: &mut impl FnMut(&'a str)) {
    for p in &op.params {
        p.ty.for_each_named(f);
    }
    if let Some(body) = &op.body {
        body.ty.for_each_named(f);
    }
    let payloads = op
        .success
        .cases
        .iter()
        .map(|c| &c.payload)
        .chain(op.errors.iter().map(|e| &e.payload));
    for payload in payloads {
        if let Payload::Json(ty) = payload {
            ty.for_each_named(f);
        }
    }
    if let Some(p) = &op.pagination {
        if let Some(page) = &p.page_ty {
            f(page);
        }
        p.item_ty.for_each_named(f);
    }
}

/// Every model a model names, directly.
fn type_refs<'a>(t: &'a TypeDef, f: &mut impl FnMut(&'a str)) {
    match &t.kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                field.ty.for_each_named(f);
            }
            if let Some((_, ty)) = &s.additional {
                ty.for_each_named(f);
            }
        }
        TypeKind::Enum(_) => {}
        TypeKind::Alias(ty) => ty.for_each_named(f),
        TypeKind::Union(u) => {
            for v in &u.variants {
                v.ty.for_each_named(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_skip_version_prefixes_and_parameters() {
        assert_eq!(resource("/v1/customers/{id}"), "customers");
        assert_eq!(resource("/api/v2.1/orders"), "orders");
        assert_eq!(resource("/2024-01/products"), "products");
        assert_eq!(resource("/{tenant}/users"), "users");
        assert_eq!(resource("/"), "root");
        assert_eq!(resource("/v1"), "root");
    }

    #[test]
    fn feature_names_are_kebab_ascii_and_not_taken() {
        assert_eq!(
            feature_name("Organization Invitations"),
            "organization-invitations"
        );
        assert_eq!(feature_name("code-scanning"), "code-scanning");
        assert_eq!(feature_name("tracing"), "tracing-api");
        assert_eq!(feature_name("Zürich"), "zurich");
        assert_eq!(feature_name("***"), "other");
    }
}
