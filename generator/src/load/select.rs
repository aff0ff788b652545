//! `[select]`: a crate of some of an API's operations, for a user of an API
//! as large as Microsoft Graph who calls a few of its 11,422. The document
//! keeps the operations the patterns select, and of its components those
//! they reach, with the webhooks' payloads and the models the configuration
//! names; everything after reads a smaller API, so the crate is generated,
//! written and compiled in proportion to what was kept.
//!
//! A base's kinds are not reached through the base (a `discriminator`'s
//! `mapping` is not a reference): Graph's `entity` maps 653 kinds, so
//! following it would keep most of the API. A kind kept for
//! another reason stays a kind of its base; a value of a kind left out
//! reads as the base, every property kept. `models` keeps the kinds a user
//! wants typed.

use std::collections::HashSet;

use openapiv3::{OpenAPI, PathItem, ReferenceOr};

use super::references::{
    Section, Walk, BODIES, CALLBACKS, FOLLOWED, HEADERS, PARAMETERS, RESPONSES, SCHEMAS,
};
use crate::config::Select;
use crate::diag::{unescape, Diagnostic};
use crate::normalize::webhooks::EVENTS;

/// The methods a pattern may name, as `PathItem` spells its fields.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keeps in `api` what `rules` selects: `Ok` with a warning for each
/// pattern or model that matched nothing, `Err` when a pattern is not one
/// or nothing is left. Without patterns, `api` is left as it is.
pub fn select(api: &mut OpenAPI, rules: &Select) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    if !rules.chooses() {
        return Ok(Vec::new());
    }
    let include = patterns("include", &rules.include)?;
    let exclude = patterns("exclude", &rules.exclude)?;
    let mut warnings = Vec::new();
    let (kept, total) = keep_operations(api, &include, &exclude, &mut warnings);
    if kept == 0 {
        return Err(vec![Diagnostic::error(format!(
            "`[select]` keeps none of the API's {total} operations: nothing would be generated"
        ))]);
    }
    let reached = reach(api, &rules.models, &mut warnings);
    prune(api, &reached);
    Ok(warnings)
}

/// One pattern of `[select]`.
struct Pattern<'a> {
    text: &'a str,
    what: Matches<'a>,
}

enum Matches<'a> {
    /// A path's segments, under a method (lower case; any when `None`).
    Path {
        method: Option<String>,
        segments: Vec<&'a str>,
    },
    /// Operations with a tag this matches (`*` any text).
    Tag(&'a str),
}

/// What an operation is matched by: its method, path and tags.
struct Target<'a> {
    method: &'a str,
    path: &'a [&'a str],
    tags: &'a [String],
}

fn patterns<'a>(key: &str, texts: &'a [String]) -> Result<Vec<Pattern<'a>>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for text in texts {
        match Pattern::parse(text) {
            Some(pattern) => out.push(pattern),
            None => errors.push(Diagnostic::error(format!(
                "`[select] {key}` has `{text}`, which is no pattern: a path starting with `/`, \
                 optionally after a method (`GET /users/{{id}}`, `/users/**`), or `tag:` and a tag"
            ))),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

impl<'a> Pattern<'a> {
    fn parse(text: &'a str) -> Option<Self> {
        let text = text.trim();
        if let Some(tag) = text.strip_prefix("tag:") {
            let tag = tag.trim();
            return (!tag.is_empty()).then_some(Pattern {
                text,
                what: Matches::Tag(tag),
            });
        }
        let (method, path) = match text.split_once(char::is_whitespace) {
            Some((method, path)) => {
                let method = method.to_ascii_lowercase();
                if !METHODS.contains(&method.as_str()) {
                    return None;
                }
                (Some(method), path.trim_start())
            }
            None => (None, text),
        };
        if !path.starts_with('/') {
            return None;
        }
        Some(Pattern {
            text,
            what: Matches::Path {
                method,
                segments: segments(path),
            },
        })
    }

    fn matches(&self, target: &Target) -> bool {
        match &self.what {
            Matches::Path { method, segments } => {
                method.as_deref().is_none_or(|m| m == target.method) && along(segments, target.path)
            }
            Matches::Tag(pattern) => target.tags.iter().any(|tag| glob(pattern, tag)),
        }
    }
}

/// A path's segments; a trailing `/` is not one.
fn segments(path: &str) -> Vec<&str> {
    let path = path.trim_end_matches('/');
    path.split('/').skip(1).collect()
}

/// Whether a pattern's segments match a path's: `**` takes any number.
fn along(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| along(rest, &path[skip..])),
        Some((first, rest)) => path
            .split_first()
            .is_some_and(|(segment, tail)| one(first, segment) && along(rest, tail)),
    }
}

/// Whether one segment of a pattern matches one of a path: `{name}` any
/// parameter (the user's name for it need not be the spec's), else as
/// [`glob`].
fn one(pattern: &str, segment: &str) -> bool {
    let parameter = |s: &str| s.starts_with('{') && s.ends_with('}');
    if parameter(pattern) {
        return parameter(segment);
    }
    glob(pattern, segment)
}

/// Whether `text` is `pattern`, where `*` stands for any text.
fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// Takes out the operations `include` does not select or `exclude` does,
/// and the paths left without one; the operations kept and all there were.
fn keep_operations(
    api: &mut OpenAPI,
    include: &[Pattern],
    exclude: &[Pattern],
    warnings: &mut Vec<Diagnostic>,
) -> (usize, usize) {
    let mut included = vec![0usize; include.len()];
    let mut excluded = vec![0usize; exclude.len()];
    let (mut kept, mut total) = (0, 0);
    api.paths.paths.retain(|path, item| {
        let ReferenceOr::Item(item) = item else {
            return true;
        };
        let path = segments(path);
        for (method, slot) in slots(item) {
            let Some(operation) = slot else {
                continue;
            };
            let target = Target {
                method,
                path: &path,
                tags: &operation.tags,
            };
            total += 1;
            let keep = (include.is_empty() || counted(include, &mut included, &target))
                && !counted(exclude, &mut excluded, &target);
            if keep {
                kept += 1;
            } else {
                *slot = None;
            }
        }
        item.iter().next().is_some()
    });
    let unmatched = |key: &str, patterns: &[Pattern], counts: &[usize], what: &str| {
        patterns
            .iter()
            .zip(counts)
            .filter(|(_, n)| **n == 0)
            .map(|(p, _)| {
                Diagnostic::warning(format!("`[select] {key}` has `{}`, which {what}", p.text))
            })
            .collect::<Vec<_>>()
    };
    warnings.extend(unmatched(
        "include",
        include,
        &included,
        "matches none of the API's operations",
    ));
    warnings.extend(unmatched(
        "exclude",
        exclude,
        &excluded,
        "leaves out none of the operations `include` keeps",
    ));
    (kept, total)
}

/// Whether any of `patterns` matches `target`, each that does counted.
fn counted(patterns: &[Pattern], counts: &mut [usize], target: &Target) -> bool {
    let mut any = false;
    for (pattern, count) in patterns.iter().zip(counts) {
        if pattern.matches(target) {
            *count += 1;
            any = true;
        }
    }
    any
}

/// A path item's operations by method, each slot to empty or keep.
fn slots(item: &mut PathItem) -> [(&'static str, &mut Option<openapiv3::Operation>); 8] {
    [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("options", &mut item.options),
        ("head", &mut item.head),
        ("patch", &mut item.patch),
        ("trace", &mut item.trace),
    ]
}

/// A component: its section of `components` and its name.
type Component = (Section, String);

/// The component a reference names (`#/components/<section>/<name>`), in
/// a section whose entries hold references (see [`FOLLOWED`]).
fn named(reference: &str) -> Option<Component> {
    let (section, name) = reference.strip_prefix("#/components/")?.split_once('/')?;
    let section = FOLLOWED.into_iter().find(|s| s.0 == section)?;
    Some((section, unescape(name)))
}

/// Every component the paths left, the webhooks and `models` reach, each
/// visited once.
fn reach(api: &OpenAPI, models: &[String], warnings: &mut Vec<Diagnostic>) -> HashSet<Component> {
    let mut pending: Vec<Component> = Vec::new();
    Walk::new(|_: Section, reference: &str| pending.extend(named(reference))).paths(&api.paths);
    let events = api.extensions.get(EVENTS).and_then(|e| e.as_array());
    for event in events.into_iter().flatten() {
        let payload = event.pointer("/payload/$ref").and_then(|r| r.as_str());
        pending.extend(payload.and_then(named));
    }
    let Some(components) = &api.components else {
        return HashSet::new();
    };
    for model in models {
        if components.schemas.contains_key(model) {
            pending.push((SCHEMAS, model.clone()));
        } else {
            warnings.push(Diagnostic::warning(format!(
                "`[select] models` names `{model}`, which is no schema of `components`"
            )));
        }
    }
    let mut reached: HashSet<Component> = HashSet::new();
    while let Some(component) = pending.pop() {
        if reached.contains(&component) {
            continue;
        }
        let mut found = Vec::new();
        Walk::new(|_: Section, reference: &str| found.extend(named(reference))).component(
            components,
            component.0,
            &component.1,
        );
        pending.extend(found.into_iter().filter(|c| !reached.contains(c)));
        reached.insert(component);
    }
    reached
}

/// Takes out the components nothing kept reaches (those that hold no
/// references stay: examples, links, security schemes), and the
/// `mapping` entries of a discriminator that named one of them.
fn prune(api: &mut OpenAPI, reached: &HashSet<Component>) {
    let Some(components) = &mut api.components else {
        return;
    };
    let kept = |section: Section, name: &String| reached.contains(&(section, name.clone()));
    components.schemas.retain(|name, _| kept(SCHEMAS, name));
    components.responses.retain(|name, _| kept(RESPONSES, name));
    components
        .parameters
        .retain(|name, _| kept(PARAMETERS, name));
    components
        .request_bodies
        .retain(|name, _| kept(BODIES, name));
    components.headers.retain(|name, _| kept(HEADERS, name));
    components.callbacks.retain(|name, _| kept(CALLBACKS, name));
    let names: HashSet<String> = components.schemas.keys().cloned().collect();
    for schema in components.schemas.values_mut() {
        let ReferenceOr::Item(schema) = schema else {
            continue;
        };
        if let Some(discriminator) = &mut schema.schema_data.discriminator {
            discriminator.mapping.retain(|_, target| {
                let name = target
                    .strip_prefix("#/components/schemas/")
                    .unwrap_or(target);
                names.contains(&unescape(name))
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, method: &str, path: &str) -> bool {
        let path = segments(path);
        let target = Target {
            method,
            path: &path,
            tags: &[],
        };
        Pattern::parse(pattern).expect("a pattern").matches(&target)
    }

    #[test]
    fn a_tag_pattern_matches_an_operation_by_any_of_its_tags() {
        let tagged = |pattern: &str, tags: &[&str]| {
            let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
            let target = Target {
                method: "get",
                path: &["users"],
                tags: &tags,
            };
            Pattern::parse(pattern).expect("a pattern").matches(&target)
        };
        assert!(tagged("tag:issues", &["repos", "issues"]));
        assert!(!tagged("tag:issues", &["pulls"]));
        assert!(tagged("tag: users.*", &["users.user"]));
        assert!(!tagged("tag:users.*", &["users"]));
        assert!(!tagged("tag:users", &[]));
        assert!(Pattern::parse("tag:").is_none());
    }

    #[test]
    fn segments_parameters_and_wildcards() {
        assert!(matches("/users", "get", "/users"));
        assert!(matches("/users", "get", "/users/"));
        assert!(!matches("/users", "get", "/users/{id}"));
        assert!(matches("/users/{id}", "get", "/users/{user-id}"));
        assert!(!matches("/users/{id}", "get", "/users/delta"));
        assert!(matches("/users/*", "get", "/users/delta"));
        assert!(matches("/users/*", "get", "/users/{user-id}"));
        assert!(!matches("/users/*", "get", "/users/{user-id}/photo"));
        assert!(matches("/users/**", "get", "/users"));
        assert!(matches("/users/**", "get", "/users/{user-id}/photo/$value"));
        assert!(!matches("/users/**", "get", "/groups/{group-id}"));
        assert!(matches("/**/photo", "get", "/users/{user-id}/photo"));
        assert!(matches("/**", "get", "/"));
        assert!(matches(
            "/users/{id}/microsoft.graph.*",
            "post",
            "/users/{user-id}/microsoft.graph.assignLicense"
        ));
        assert!(matches("/a*c*e", "get", "/abcde"));
        assert!(!matches("/a*c*e", "get", "/abcdef"));
        assert!(!matches("/a*c*e", "get", "/ace/x"));
    }

    #[test]
    fn a_method_narrows_a_pattern_and_anything_else_is_no_pattern() {
        assert!(matches("GET /me", "get", "/me"));
        assert!(matches("patch  /me", "patch", "/me"));
        assert!(!matches("GET /me", "patch", "/me"));
        for wrong in ["users/**", "FETCH /me", "GET users", ""] {
            assert!(Pattern::parse(wrong).is_none(), "{wrong}");
        }
    }

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /users/{id}:
    parameters: [{$ref: '#/components/parameters/Id'}]
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}
    delete:
      responses: {'204': {description: gone}}
  /groups:
    get:
      responses:
        '200': {$ref: '#/components/responses/Groups'}
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {$ref: '#/components/schemas/Id'}}
  responses:
    Groups: {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Group'}}}}}
  schemas:
    Id: {type: string}
    Entity:
      type: object
      properties: {kind: {type: string}}
      discriminator:
        propertyName: kind
        mapping: {user: '#/components/schemas/User', group: '#/components/schemas/Group'}
    User:
      allOf: [{$ref: '#/components/schemas/Entity'}, {type: object, properties: {manager: {$ref: '#/components/schemas/Person'}}}]
    Person: {type: object, properties: {name: {type: string}}}
    Group:
      allOf: [{$ref: '#/components/schemas/Entity'}, {type: object}]
    Unused: {type: string}
"##;

    fn run(include: &[&str], exclude: &[&str], models: &[&str]) -> (OpenAPI, Vec<Diagnostic>) {
        let mut api: OpenAPI = serde_yaml::from_str(SPEC).expect("the test spec");
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        let rules = Select {
            include: strings(include),
            exclude: strings(exclude),
            models: strings(models),
        };
        let warnings = select(&mut api, &rules).expect("a selection");
        (api, warnings)
    }

    fn schemas(api: &OpenAPI) -> Vec<&str> {
        let components = api.components.as_ref().expect("components");
        components.schemas.keys().map(String::as_str).collect()
    }

    #[test]
    fn keeps_the_operations_selected_and_the_components_they_reach() {
        let (api, warnings) = run(&["GET /users/{user}"], &[], &[]);
        assert!(warnings.is_empty(), "{warnings:?}");
        let paths: Vec<&String> = api.paths.paths.keys().collect();
        assert_eq!(paths, ["/users/{id}"]);
        let ReferenceOr::Item(item) = &api.paths.paths["/users/{id}"] else {
            panic!("an item")
        };
        assert!(item.get.is_some() && item.delete.is_none());
        // Through the path's parameter, the answer, allOf and a property;
        // not Group (a kind only the base's mapping names), nor Unused.
        assert_eq!(schemas(&api), ["Id", "Entity", "User", "Person"]);
        let components = api.components.as_ref().expect("components");
        assert!(components.parameters.contains_key("Id"));
        assert!(components.responses.is_empty());
        let ReferenceOr::Item(entity) = &components.schemas["Entity"] else {
            panic!("an item")
        };
        let mapping = &entity
            .schema_data
            .discriminator
            .as_ref()
            .expect("kept")
            .mapping;
        assert_eq!(mapping.keys().collect::<Vec<_>>(), ["user"]);
    }

    #[test]
    fn models_keep_kinds_and_exclude_takes_out_of_what_include_keeps() {
        let (api, _) = run(&["/users/**"], &["DELETE /**"], &["Group"]);
        let ReferenceOr::Item(item) = &api.paths.paths["/users/{id}"] else {
            panic!("an item")
        };
        assert!(item.get.is_some() && item.delete.is_none());
        assert_eq!(schemas(&api), ["Id", "Entity", "User", "Person", "Group"]);
        // Without `include`, `exclude` takes out of every operation.
        let (api, _) = run(&[], &["/users/**"], &[]);
        assert_eq!(api.paths.paths.keys().collect::<Vec<_>>(), ["/groups"]);
        let components = api.components.as_ref().expect("components");
        assert!(components.responses.contains_key("Groups"));
        assert_eq!(schemas(&api), ["Entity", "Group"]);
    }

    #[test]
    fn what_matches_nothing_is_said_and_nothing_left_is_an_error() {
        let (_, warnings) = run(&["/users/**", "/teams/**"], &["/groups"], &["Team"]);
        let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`[select] include` has `/teams/**`, which matches none of the API's operations",
                "`[select] exclude` has `/groups`, which leaves out none of the operations `include` keeps",
                "`[select] models` names `Team`, which is no schema of `components`",
            ]
        );
        let mut api: OpenAPI = serde_yaml::from_str(SPEC).expect("the test spec");
        let rules = Select {
            include: vec!["/teams".into(), "users".into()],
            ..Select::default()
        };
        let errors = select(&mut api, &rules).expect_err("not a pattern");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("`users`, which is no pattern"));
        let rules = Select {
            exclude: vec!["/**".into()],
            ..Select::default()
        };
        let errors = select(&mut api, &rules).expect_err("nothing left");
        assert_eq!(
            errors[0].message,
            "`[select]` keeps none of the API's 3 operations: nothing would be generated"
        );
    }
}
