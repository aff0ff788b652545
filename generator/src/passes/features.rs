//! Cargo features that select operations, so that a program using a few
//! operations of a large API compiles only those and the models they reach.
//!
//! One feature per tag (an operation with several tags is compiled by any
//! of them), or per resource where the spec has no tags: the first path
//! segment after a version prefix (`/v1/customers/{id}` → `customers`). The
//! configuration can choose (`[features] split`) and put several tags under
//! one feature (`groups`). By default (`auto`) an API is split from
//! [`AUTO_MIN_OPERATIONS`] operations on; never into fewer than two groups.
//! A large feature (see [`DIVIDE_MIN_OPERATIONS`], or one `divide` names) is
//! divided into one feature per resource inside its paths, and turns them
//! on: gates only ever name features that are not divided.
//!
//! A model is compiled when a feature whose operations reach it (through
//! fields, variants, items, aliases) is on; one every feature reaches needs
//! no condition, and one no operation reaches (a webhook payload, an unused
//! component) comes with `full` only. The walk is one pass over the type
//! graph per feature, linear in its size.
//!
//! The kinds of a base (inheritance) are not reached through the base: a
//! field typed as Graph's `directoryObject` would otherwise compile its
//! every kind, and theirs, with any feature that reaches it (the user
//! model reached 982 types so, and 7,069 of the crate's items were gated
//! by lists of 112 to 126 features). Each kind's variant of the base's
//! enum is compiled where the kind's own type is; without it a value of
//! that kind reads as the base, every property kept.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use heck::ToKebabCase;

use crate::config::{Config, FeatureRules, Split};
use crate::diag::Diagnostic;
use crate::ir::{Api, Feature, Gate, Operation, Payload, Tag, Ty, TypeDef, TypeId, TypeKind};

/// Features the generated crate already has, which a tag cannot take.
const RESERVED: &[&str] = &[
    "default",
    "full",
    "rustls-tls",
    "native-tls",
    "multipart",
    "tracing",
    "stubs",
    "webhooks",
];

/// `split = "auto"` splits APIs of at least this many operations.
pub const AUTO_MIN_OPERATIONS: usize = 50;

/// A feature of at least this many operations, and of more than an eighth
/// of the API's, is divided by resource when the configuration does not
/// say which are: by itself it would compile a large part of the crate
/// (GitHub's `repos`, a fifth of its operations, reaches a third of its
/// models' fields).
pub const DIVIDE_MIN_OPERATIONS: usize = 50;

/// The most features a crate published on crates.io may have, and the most
/// one of its features may turn on (crates.io refuses a crate past either
/// since October 2023, whatever Cargo itself accepts).
pub const MAX_FEATURES: usize = 300;

/// Past this many operations `full` is not on by default: Microsoft
/// Graph's 11,422 take four minutes and 9.9 GB of memory to build whole,
/// more than a laptop has, while one feature builds in 13 s. GitHub's
/// 1,000 or Stripe's 500 build whole in under a minute.
pub const FULL_BY_DEFAULT_MAX_OPERATIONS: usize = 2_000;

/// Decides the features (`Api::features`), and the gate of every operation
/// and type; a warning for each name in the configuration that is no tag,
/// resource or feature of the API.
pub fn run(api: &mut Api, config: &Config) -> Vec<Diagnostic> {
    let (features, warnings) = assign(
        &mut api.operations,
        &mut api.types,
        &config.features,
        &api.tags,
    );
    api.full_by_default = !features.is_empty()
        && config
            .features
            .full_by_default
            .unwrap_or(api.operations.len() <= FULL_BY_DEFAULT_MAX_OPERATIONS);
    api.features = features;
    warnings
}

fn assign(
    operations: &mut [Operation],
    types: &mut [TypeDef],
    config: &FeatureRules,
    spec_tags: &[Tag],
) -> (Vec<Feature>, Vec<Diagnostic>) {
    let by_tags = match config.split {
        Split::None => return (Vec::new(), Vec::new()),
        // Below this size a crate compiles in a second or two whole, and
        // features would only add to its docs and manifest.
        Split::Auto if operations.len() < AUTO_MIN_OPERATIONS => return (Vec::new(), Vec::new()),
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
    // In a tagged API, an untagged operation goes with the tags of the
    // tagged path it is under (Graph's `/users/$count` with `/users`).
    let tagged: HashMap<&str, &[String]> = if by_tags {
        operations
            .iter()
            .rev()
            .filter(|op| !op.tags.is_empty())
            .map(|op| (op.path.as_str(), op.tags.as_slice()))
            .collect()
    } else {
        HashMap::new()
    };
    // Path segments every untagged operation shares (MediaLive's `/prod`)
    // name no resource.
    let shared = shared_segments(
        operations
            .iter()
            .filter(|op| !by_tags || op.tags.is_empty())
            .map(|op| op.path.as_str()),
    );
    // Each operation's features: (feature name, tag or resource).
    let keys_of = |op: &Operation| -> Vec<(String, Key)> {
        let keys: Vec<Key> = if by_tags && !op.tags.is_empty() {
            op.tags.iter().cloned().map(Key::Tag).collect()
        } else if let Some(tags) = parent_tags(&op.path, &tagged) {
            tags.iter().cloned().map(Key::Tag).collect()
        } else {
            vec![resource_key(&op.path, shared)]
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
    let mut op_keys: Vec<Vec<(String, Key)>> = operations.iter().map(keys_of).collect();
    let mut warnings = Vec::new();
    let known = |name: &str| {
        op_keys
            .iter()
            .flatten()
            .any(|(feature, key)| feature == name || key.text() == name)
    };
    for (group, members) in &config.groups {
        for member in members.iter().filter(|m| !known(m)) {
            warnings.push(Diagnostic::warning(format!(
                "`[features] groups` puts `{member}` in `{group}`, but no operation has that tag or resource"
            )));
        }
    }
    for name in config.divide.iter().flatten().filter(|n| !known(n)) {
        warnings.push(Diagnostic::warning(format!(
            "`[features] divide` names `{name}`, which is no feature, tag or resource of this API"
        )));
    }
    let paths: Vec<&str> = operations.iter().map(|op| op.path.as_str()).collect();
    let mut divided = divide(&mut op_keys, &paths, config, &grouped);
    if let Err(leaves) = fit(&mut op_keys, &mut divided) {
        warnings.push(Diagnostic::warning(format!(
            "the operations' tags or resources would make {leaves} Cargo features, more than the \
             {MAX_FEATURES} crates.io accepts, even with those that share their first word as one: \
             the crate has no operation features (`[features] groups` can gather them)"
        )));
        return (Vec::new(), warnings);
    }
    let found = tally(&op_keys);
    if found.len() < 2 {
        return (Vec::new(), warnings);
    }
    // Features that gates name, and the divided ones that turn them on,
    // together in the order of their names.
    let leaves = found.len();
    let mut all: BTreeMap<String, Feature> = found
        .into_iter()
        .map(|(name, (keys, ops))| {
            let feature = Feature {
                name: name.clone(),
                doc: describe(&keys, spec_tags),
                operations: ops.len(),
                parts: Vec::new(),
            };
            (name, feature)
        })
        .collect();
    for (name, whole) in divided {
        let doc = describe(&whole.keys, spec_tags);
        let doc = format!("{doc} All {} `{name}-…` features below.", whole.parts.len());
        all.insert(
            name.clone(),
            Feature {
                name,
                doc,
                operations: whole.operations,
                parts: whole.parts,
            },
        );
    }
    let features: Vec<Feature> = all.into_values().collect();
    let index: HashMap<&str, usize> = features
        .iter()
        .enumerate()
        .filter(|(_, f)| f.parts.is_empty())
        .map(|(i, f)| (f.name.as_str(), i))
        .collect();

    // Operations: any of their features.
    let mut roots: Vec<Vec<usize>> = vec![Vec::new(); features.len()];
    for (op, keys) in operations.iter_mut().zip(&op_keys) {
        let mut gate: Vec<usize> = keys.iter().map(|(name, _)| index[name.as_str()]).collect();
        gate.sort_unstable();
        gate.dedup();
        let mut reached = Vec::new();
        for_each_type(op, &mut |id| reached.push(id.0));
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
            type_refs(t, &mut |id| out.push(id.0));
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
            n if n == leaves => Gate::Always,
            _ => Gate::Any(by),
        };
    }
    gate_kinds(types);
    (features, warnings)
}

/// Gates each kind's variant of a base's enum by the kind's own type,
/// where that is not on wherever the enum is.
fn gate_kinds(types: &mut [TypeDef]) {
    // (enum, variant, gate), worked out before any is set.
    let mut gates = Vec::new();
    for (t, def) in types.iter().enumerate() {
        let TypeKind::Union(u) = &def.kind else {
            continue;
        };
        // Only a base's enum has kinds that were not reached through it.
        if !u.fallback {
            continue;
        }
        for (v, variant) in u.variants.iter().enumerate() {
            let Ty::Named(id) = variant.ty else {
                continue;
            };
            if let Some(kind) = types.get(id.0).map(|k| &k.gate) {
                if !covers(kind, &def.gate) {
                    gates.push((t, v, kind.clone()));
                }
            }
        }
    }
    for (t, v, gate) in gates {
        if let TypeKind::Union(u) = &mut types[t].kind {
            u.variants[v].gate = gate;
        }
    }
}

/// Whether an item gated by `inner` is compiled wherever one gated by
/// `outer` is (`full` turns every feature on).
fn covers(inner: &Gate, outer: &Gate) -> bool {
    match (inner, outer) {
        (Gate::Always, _) | (_, Gate::Full) => true,
        (Gate::Any(inner), Gate::Any(outer)) => outer.iter().all(|f| inner.contains(f)),
        (Gate::Full | Gate::Any(_), Gate::Always) | (Gate::Full, Gate::Any(_)) => false,
    }
}

/// Each feature the operations name: what it stands for, and its
/// operations (each once, whatever number of its keys an operation has).
fn tally(op_keys: &[Vec<(String, Key)>]) -> BTreeMap<String, (Vec<Key>, Vec<usize>)> {
    let mut found: BTreeMap<String, (Vec<Key>, Vec<usize>)> = BTreeMap::new();
    for (op, keys) in op_keys.iter().enumerate() {
        for (name, key) in keys {
            let entry = found.entry(name.clone()).or_default();
            if !entry.0.contains(key) {
                entry.0.push(key.clone());
            }
            if entry.1.last() != Some(&op) {
                entry.1.push(op);
            }
        }
    }
    found
}

/// A feature divided by resource.
struct Divided {
    /// What it stood for.
    keys: Vec<Key>,
    /// How many operations it has.
    operations: usize,
    /// The features it is divided into.
    parts: Vec<String>,
}

/// Divides the large features (or those the configuration names) into one
/// feature per resource inside them, `repos` into `repos-branches`,
/// `repos-releases`, …: each operation's key to the divided feature becomes
/// one to its part. A feature is left whole when its operations are all of
/// one resource, and, unless the configuration names it, when its parts
/// would have fewer than two operations each on average (an API whose
/// every path is a resource of its own) or when it is a group the
/// configuration made.
fn divide(
    op_keys: &mut [Vec<(String, Key)>],
    paths: &[&str],
    config: &FeatureRules,
    grouped: &HashMap<String, &str>,
) -> BTreeMap<String, Divided> {
    let members = tally(op_keys);
    let total = op_keys.len();
    let taken: Vec<String> = members.keys().cloned().collect();
    let chosen = |name: &str, keys: &[Key]| match &config.divide {
        Some(list) => list
            .iter()
            .any(|c| c == name || feature_name(c) == name || keys.iter().any(|k| k.text() == c)),
        None => false,
    };
    let mut divided = BTreeMap::new();
    for (name, (keys, ops)) in members {
        let named = chosen(&name, &keys);
        let large = config.divide.is_none()
            && ops.len() >= DIVIDE_MIN_OPERATIONS
            && ops.len() * 8 > total
            && !grouped.values().any(|g| *g == name);
        if !named && !large {
            continue;
        }
        let inner = inner_resources(ops.iter().map(|&op| paths[op]));
        // A part is named after its feature and resource, and never takes
        // the name of another feature (`a` + `b` against a tag `a-b`).
        let part_name = |resource: &str| {
            let mut part = format!("{name}-{}", feature_name(resource));
            while taken.contains(&part) {
                part.push_str("-part");
            }
            part
        };
        let part_of: Vec<String> = inner.iter().map(|r| part_name(r)).collect();
        let mut parts = part_of.clone();
        parts.sort();
        parts.dedup();
        if parts.len() < 2 || (!named && ops.len() < 2 * parts.len()) {
            continue;
        }
        for ((&op, resource), part) in ops.iter().zip(&inner).zip(&part_of) {
            for entry in op_keys[op].iter_mut().filter(|(n, _)| *n == name) {
                *entry = (part.clone(), Key::Part(name.clone(), resource.clone()));
            }
        }
        divided.insert(
            name,
            Divided {
                keys,
                operations: ops.len(),
                parts,
            },
        );
    }
    divided
}

/// Keeps the crate within [`MAX_FEATURES`]: where the features would be
/// more, those whose names share their first `k` words become one, named
/// by those words (`carts-mine-items` and `carts-mine-totals` as
/// `carts-mine`), with `k` the largest that fits. A divided feature whose
/// parts become one is that part; one whose parts stay several turns them
/// on. Returns the number of features there were when even one word is too
/// many.
fn fit(
    op_keys: &mut [Vec<(String, Key)>],
    divided: &mut BTreeMap<String, Divided>,
) -> Result<(), usize> {
    let leaves: BTreeSet<&str> = op_keys.iter().flatten().map(|(n, _)| n.as_str()).collect();
    let count = |k: usize| -> usize {
        let groups: BTreeSet<String> = leaves.iter().map(|n| first_words(n, k)).collect();
        let umbrellas = divided
            .values()
            .filter(|d| {
                let of: BTreeSet<String> = d.parts.iter().map(|p| first_words(p, k)).collect();
                of.len() > 1
            })
            .count();
        groups.len() + umbrellas + RESERVED.len()
    };
    let depth = leaves
        .iter()
        .map(|n| n.split('-').count())
        .max()
        .unwrap_or(0);
    if count(depth) <= MAX_FEATURES {
        return Ok(());
    }
    let Some(k) = (1..depth).rev().find(|&k| count(k) <= MAX_FEATURES) else {
        return Err(leaves.len() + divided.len());
    };
    for (name, _) in op_keys.iter_mut().flatten() {
        *name = first_words(name, k);
    }
    divided.retain(|_, d| {
        let mut parts: Vec<String> = d.parts.iter().map(|p| first_words(p, k)).collect();
        parts.sort();
        parts.dedup();
        d.parts = parts;
        d.parts.len() > 1
    });
    Ok(())
}

/// A feature name's first `k` words, itself a feature name.
fn first_words(name: &str, k: usize) -> String {
    let words = name.split('-').take(k).collect::<Vec<_>>().join("-");
    if RESERVED.contains(&words.as_str()) {
        format!("{words}-api")
    } else {
        words
    }
}

/// The resource of each path inside a group of paths: the first of its
/// segments after the last one that more than half of them share
/// (`/repos/{owner}/{repo}/branches` among GitHub's `repos` paths →
/// `branches`; `/orgs/{org}/actions/secrets` among its `actions` paths, which
/// share `repos` and `actions` → `secrets`), or its last segment where none
/// follows (`/repos/{owner}/{repo}` and `/orgs/{org}/repos` → `repos`).
/// Version prefixes and parameters are skipped.
fn inner_resources<'a>(paths: impl Iterator<Item = &'a str> + Clone) -> Vec<String> {
    let count = paths.clone().count();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for path in paths.clone() {
        let mut segments = literal_segments(path);
        segments.sort_unstable();
        segments.dedup();
        for s in segments {
            *seen.entry(s).or_default() += 1;
        }
    }
    let common = |s: &str| seen.get(s).is_some_and(|&n| 2 * n > count);
    paths
        .map(|path| {
            let segments = literal_segments(path);
            let after = segments
                .iter()
                .rposition(|s| common(s))
                .map_or(0, |i| i + 1);
            segments
                .get(after)
                .or(segments.last())
                .map_or_else(|| "root".to_string(), |s| s.to_string())
        })
        .collect()
}

/// A cargo feature name for a tag or resource: ASCII, kebab-case, not one
/// the crate already has.
pub fn feature_name(key: &str) -> String {
    // Graph's `users.user`, the entity of its collection, is `users`.
    let key = match key.split_once('.') {
        Some((collection, entity))
            if !entity.contains('.')
                && singular(&collection.to_lowercase()) == entity.to_lowercase() =>
        {
            collection
        }
        _ => key,
    };
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

/// What a path's operation belongs to where there are no tags: its
/// resource after the `shared` segments every such path has, or what the
/// operation its fragment names acts on.
fn resource_key(path: &str, shared: usize) -> Key {
    match fragment_operation(path) {
        Some(name) => Key::Named(acted_on(name)),
        None => {
            let segments = literal_segments(path);
            let resource = segments
                .get(shared)
                .or(segments.last())
                .map_or_else(|| "root".to_string(), |s| s.to_string());
            Key::Resource(resource)
        }
    }
}

/// How many leading segments (parameters and version prefixes aside)
/// every one of `paths` has in common, fragments aside; none for fewer
/// than two paths.
fn shared_segments<'a>(paths: impl Iterator<Item = &'a str>) -> usize {
    let mut common: Option<Vec<&str>> = None;
    let mut count = 0;
    for path in paths.filter(|p| fragment_operation(p).is_none()) {
        count += 1;
        let segments = literal_segments(path);
        common = Some(match common {
            None => segments,
            Some(c) => c
                .into_iter()
                .zip(segments)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    if count < 2 {
        0
    } else {
        common.map_or(0, |c| c.len())
    }
}

/// The tags of the tagged path `path` is under, the nearest one.
fn parent_tags<'a>(path: &str, tagged: &HashMap<&str, &'a [String]>) -> Option<&'a [String]> {
    let mut prefix = path.split('#').next().unwrap_or(path);
    loop {
        if let Some(tags) = tagged.get(prefix) {
            return Some(tags);
        }
        prefix = &prefix[..prefix.rfind('/')?];
        if prefix.is_empty() {
            return None;
        }
    }
}

/// Leading words of operation names that say what is done, not to what.
const VERBS: &[&str] = &[
    "Abort",
    "Accept",
    "Activate",
    "Add",
    "Allocate",
    "Apply",
    "Archive",
    "Assign",
    "Associate",
    "Attach",
    "Authorize",
    "Batch",
    "Cancel",
    "Check",
    "Claim",
    "Clear",
    "Complete",
    "Confirm",
    "Copy",
    "Count",
    "Create",
    "Deactivate",
    "Delete",
    "Deploy",
    "Deregister",
    "Describe",
    "Detach",
    "Disable",
    "Disassociate",
    "Download",
    "Enable",
    "Estimate",
    "Evaluate",
    "Execute",
    "Export",
    "Get",
    "Import",
    "Initiate",
    "Invoke",
    "List",
    "Lookup",
    "Modify",
    "Move",
    "Notify",
    "Pause",
    "Preview",
    "Promote",
    "Provision",
    "Publish",
    "Purchase",
    "Put",
    "Query",
    "Reboot",
    "Register",
    "Reject",
    "Release",
    "Remove",
    "Renew",
    "Replace",
    "Request",
    "Reset",
    "Restore",
    "Resume",
    "Retrieve",
    "Revoke",
    "Rotate",
    "Run",
    "Scan",
    "Search",
    "Send",
    "Set",
    "Start",
    "Stop",
    "Submit",
    "Subscribe",
    "Suspend",
    "Sync",
    "Tag",
    "Terminate",
    "Test",
    "Unassign",
    "Unsubscribe",
    "Untag",
    "Update",
    "Upload",
    "Validate",
    "Verify",
];

/// Words after which an operation name says what it acts on
/// (`ListTagsForResource`, `AssociateEntitiesToExperience`).
const PREPOSITIONS: &[&str] = &["By", "For", "From", "In", "Of", "On", "To", "With"];

/// What an operation named `name` acts on, one thing for all its verbs:
/// `CreateIndex`, `DescribeIndex` and `ListIndices` → `Index`.
fn acted_on(name: &str) -> String {
    let words = camel_words(name);
    let mut rest: &[String] = &words;
    while rest.len() > 1 && VERBS.contains(&rest[0].as_str()) {
        rest = &rest[1..];
    }
    if let Some(at) = rest
        .iter()
        .rposition(|w| PREPOSITIONS.contains(&w.as_str()))
    {
        if at + 1 < rest.len() {
            rest = &rest[at + 1..];
        }
    }
    let mut out: Vec<String> = rest.to_vec();
    if let Some(last) = out.last_mut() {
        *last = singular(last);
    }
    out.concat()
}

/// Words of an UpperCamelCase name, acronyms kept whole (`CreateIPSet` →
/// `Create`, `IP`, `Set`).
fn camel_words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let starts = c.is_uppercase()
            && !word.is_empty()
            && (chars[i - 1].is_lowercase() || chars.get(i + 1).is_some_and(|n| n.is_lowercase()));
        if starts {
            words.push(std::mem::take(&mut word));
        }
        word.push(c);
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// An English plural made singular, for the plurals API names use
/// (`Indices`, `Policies`, `Statuses`, `Channels`).
fn singular(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.ends_with("indices") || lower.ends_with("indexes") {
        format!("{}ex", &word[..word.len() - 4])
    } else if lower.ends_with("ies") && word.len() > 4 {
        format!("{}y", &word[..word.len() - 3])
    } else if ["sses", "xes", "ches", "shes", "zes", "uses", "ases"]
        .iter()
        .any(|end| lower.ends_with(end))
    {
        word[..word.len() - 2].to_string()
    } else if lower.ends_with('s') && !["ss", "us", "is"].iter().any(|end| lower.ends_with(end)) {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    }
}

/// A path's segments but its parameters and version prefixes (`v1`,
/// `v2.1`, `2024-01`, `api`), and but its fragment (`/detect#overload=stream`:
/// specs converted from other formats tell operations of one URL apart
/// so); for a path of nothing but its fragment, the operation the fragment
/// names (see [`fragment_operation`]).
fn literal_segments(path: &str) -> Vec<&str> {
    match fragment_operation(path) {
        Some(name) => vec![name],
        None => plain_segments(path.split('#').next().unwrap_or(path)),
    }
}

/// The operation a path of no segment but its fragment names, as AWS's
/// are: `/#X-Amz-Target=WAF_20150824.CreateIPSet` → `CreateIPSet`.
fn fragment_operation(path: &str) -> Option<&str> {
    let (before, fragment) = path.split_once('#')?;
    let value = fragment.rsplit('=').next()?;
    let name = value.rsplit('.').next()?;
    (plain_segments(before).is_empty() && !name.is_empty()).then_some(name)
}

/// The segments of a path without fragment, but its parameters, version
/// prefixes and OData system segments.
fn plain_segments(path: &str) -> Vec<&str> {
    let is_version = |s: &str| {
        let s = s.strip_prefix(['v', 'V']).unwrap_or(s);
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    };
    path.split('/')
        // OData's system segments (`$count`, `$value`, `$ref`) name no
        // resource: `/users/$count` is about users.
        .filter(|s| !s.is_empty() && !s.starts_with(['{', '$']) && !is_version(s) && *s != "api")
        .collect()
}

/// What a feature stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    Tag(String),
    Resource(String),
    /// A resource inside a divided feature: the feature's name, and the
    /// resource.
    Part(String, String),
    /// An operation a path's fragment names, where the path has nothing
    /// else (`/#X-Amz-Target=WAF_20150824.CreateIPSet`).
    Named(String),
}

impl Key {
    fn text(&self) -> &str {
        match self {
            Key::Tag(t) | Key::Resource(t) | Key::Part(_, t) | Key::Named(t) => t,
        }
    }
}

/// One line for a feature: its tag's description (first sentence), or the
/// tags and paths it stands for.
fn describe(keys: &[Key], spec_tags: &[Tag]) -> String {
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
    // What keys of one kind stand for, each as it is written in a sentence.
    let pick =
        |f: fn(&Key) -> Option<String>| -> Vec<String> { keys.iter().filter_map(f).collect() };
    let tags = pick(|k| match k {
        Key::Tag(t) => Some(format!("`{t}`")),
        _ => None,
    });
    let paths = pick(|k| match k {
        Key::Resource(r) => Some(format!("`/{r}`")),
        _ => None,
    });
    let parts = pick(|k| match k {
        Key::Part(feature, r) => Some(format!("of `{feature}` on `{r}`")),
        _ => None,
    });
    let named = pick(|k| match k {
        Key::Named(n) => Some(format!("`{n}`")),
        _ => None,
    });
    let mut sentences = Vec::new();
    if !tags.is_empty() {
        sentences.push(format!("tagged {}", listed(&tags)));
    }
    if !paths.is_empty() {
        let untagged = if tags.is_empty() {
            ""
        } else {
            "untagged ones "
        };
        sentences.push(format!("{untagged}under {}", listed(&paths)));
    }
    if !parts.is_empty() {
        sentences.push(listed(&parts));
    }
    if !named.is_empty() {
        sentences.push(format!("on {}, as their names say", listed(&named)));
    }
    format!("Operations {}.", sentences.join(", and "))
}

/// Items joined by commas, at most a few of them: a feature made of many
/// tags (see [`fit`]) is described, not enumerated.
fn listed(items: &[String]) -> String {
    const SHOWN: usize = 5;
    if items.len() <= SHOWN + 1 {
        items.join(", ")
    } else {
        format!(
            "{} and {} more",
            items[..SHOWN].join(", "),
            items.len() - SHOWN
        )
    }
}

/// Every model an operation names, directly.
fn for_each_type(op: &Operation, f: &mut impl FnMut(TypeId)) {
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
        if let Some(page) = p.page_ty {
            f(page);
        }
        p.item_ty.for_each_named(f);
    }
    // The type of the events a stream yields, which only the stream names.
    if let Some(crate::ir::Streaming {
        kind: crate::ir::StreamKind::Events(Some(ty)),
        ..
    }) = &op.stream
    {
        ty.for_each_named(f);
    }
}

/// Every model a model names, directly, but a base's kinds, which are not
/// reached through it (see the module's docs); its own properties are.
fn type_refs(t: &TypeDef, f: &mut impl FnMut(TypeId)) {
    match &t.kind {
        TypeKind::Union(u) if u.fallback => {
            if let Some(base) = u.variants.last() {
                base.ty.for_each_named(f);
            }
        }
        _ => t.for_each_named(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_skip_version_prefixes_and_parameters() {
        let resource = |path: &str| resource_key(path, 0).text().to_string();
        assert_eq!(resource("/v1/customers/{id}"), "customers");
        assert_eq!(resource("/api/v2.1/orders"), "orders");
        assert_eq!(resource("/2024-01/products"), "products");
        assert_eq!(resource("/{tenant}/users"), "users");
        assert_eq!(resource("/"), "root");
        assert_eq!(resource("/v1"), "root");
        assert_eq!(resource("/detect#overload=stream"), "detect");
        assert_eq!(
            resource("/#X-Amz-Target=AWSWAF_20150824.CreateIPSet"),
            "IPSet"
        );
        assert_eq!(resource("/#Action"), "Action");
        // Past what every path shares: MediaLive's `/prod/channels`.
        assert_eq!(resource_key("/prod/channels/{id}", 1).text(), "channels");
        assert_eq!(resource_key("/prod", 1).text(), "prod");
        assert_eq!(
            describe(&[resource_key("/#X-Amz-Target=WAF.CreateIPSet", 0)], &[]),
            "Operations on `IPSet`, as their names say."
        );
        assert_eq!(
            describe(&[resource_key("/v1/detect#overload=stream", 0)], &[]),
            "Operations under `/detect`."
        );
    }

    #[test]
    fn operations_named_for_what_they_do_group_by_what_they_act_on() {
        for (name, on) in [
            ("CreateIndex", "Index"),
            ("ListIndices", "Index"),
            ("DescribeDataSource", "DataSource"),
            ("ListDataSources", "DataSource"),
            ("BatchGetDocumentStatus", "DocumentStatus"),
            ("AssociateEntitiesToExperience", "Experience"),
            ("ListTagsForResource", "Resource"),
            ("CreateIPSet", "IPSet"),
            ("ListPolicies", "Policy"),
            ("Query", "Query"),
        ] {
            assert_eq!(acted_on(name), on, "{name}");
        }
        assert_eq!(feature_name("users.user"), "users");
        assert_eq!(feature_name("users.contact"), "users-contact");
        assert_eq!(feature_name("groups.group"), "groups");
    }

    #[test]
    fn inner_resources_skip_what_most_paths_share() {
        let github = [
            "/repos/{owner}/{repo}",
            "/repos/{owner}/{repo}/branches",
            "/repos/{owner}/{repo}/branches/{branch}/protection",
            "/repos/{owner}/{repo}/releases/{release_id}",
            "/user/repos",
        ];
        assert_eq!(
            inner_resources(github.iter().copied()),
            ["repos", "branches", "branches", "releases", "repos"]
        );
        // What follows the last shared segment, wherever the path starts.
        let actions = [
            "/repos/{owner}/{repo}/actions/runs",
            "/repos/{owner}/{repo}/actions/runs/{run_id}",
            "/repos/{owner}/{repo}/actions/secrets",
            "/orgs/{org}/actions/secrets",
            "/orgs/{org}/actions/runners",
        ];
        assert_eq!(
            inner_resources(actions.iter().copied()),
            ["runs", "runs", "secrets", "secrets", "runners"]
        );
        // Nothing shared by most: the first segment.
        let flat = [
            "/v1/tables/{t}",
            "/v1/tables",
            "/v1/vars/{v}/value",
            "/v1/ios",
        ];
        assert_eq!(
            inner_resources(flat.iter().copied()),
            ["tables", "tables", "vars", "ios"]
        );
        assert_eq!(inner_resources(["/"].iter().copied()), ["root"]);
    }

    #[test]
    fn fitting_merges_by_first_words_and_a_divided_feature_into_one() {
        // 300 features `g{i}-x`, `g{i}-y`, and `big` divided in two: more
        // than crates.io takes, one word each fits.
        let mut op_keys: Vec<Vec<(String, Key)>> = (0..150)
            .flat_map(|i| ["x", "y"].map(|w| format!("g{i}-{w}")))
            .map(|name| vec![(name.clone(), Key::Tag(name))])
            .collect();
        for r in ["r0", "r1"] {
            let key = Key::Part("big".into(), r.into());
            op_keys.push(vec![(format!("big-{r}"), key)]);
        }
        let mut divided = BTreeMap::from([(
            "big".to_string(),
            Divided {
                keys: vec![Key::Tag("big".into())],
                operations: 2,
                parts: vec!["big-r0".into(), "big-r1".into()],
            },
        )]);
        assert_eq!(fit(&mut op_keys, &mut divided), Ok(()));
        assert!(divided.is_empty());
        let names: BTreeSet<&str> = op_keys.iter().flatten().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names.len(), 151);
        assert!(names.contains("g7") && names.contains("big"));
        // The keys stay, for the features' docs.
        assert_eq!(op_keys[15][0].1, Key::Tag("g7-y".into()));
        // Fewer features: unchanged.
        let mut few = op_keys[..10].to_vec();
        assert_eq!(fit(&mut few, &mut BTreeMap::new()), Ok(()));
        assert_eq!(few, op_keys[..10]);
    }

    #[test]
    fn a_feature_of_many_tags_names_a_few() {
        let keys: Vec<Key> = (0..8).map(|i| Key::Tag(format!("t{i}"))).collect();
        assert_eq!(
            describe(&keys, &[]),
            "Operations tagged `t0`, `t1`, `t2`, `t3`, `t4` and 3 more."
        );
        assert_eq!(
            describe(&keys[..6], &[]),
            "Operations tagged `t0`, `t1`, `t2`, `t3`, `t4`, `t5`."
        );
    }

    #[test]
    fn feature_names_are_kebab_ascii_and_not_taken() {
        assert_eq!(
            feature_name("Organization Invitations"),
            "organization-invitations"
        );
        assert_eq!(feature_name("code-scanning"), "code-scanning");
        assert_eq!(feature_name("tracing"), "tracing-api");
        // Box's tag: the crate's own `webhooks` feature has the name.
        assert_eq!(feature_name("Webhooks"), "webhooks-api");
        assert_eq!(feature_name("Zürich"), "zurich");
        assert_eq!(feature_name("***"), "other");
    }
}
