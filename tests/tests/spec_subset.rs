//! `spec/clerk.yaml` is the organization-invitations part of Clerk's full
//! Backend API description, taken verbatim: these tests prove it.

use std::collections::BTreeSet;

use serde_yaml::Value;

const OPERATIONS: [&str; 7] = [
    "ListInstanceOrganizationInvitations",
    "CreateOrganizationInvitation",
    "ListOrganizationInvitations",
    "CreateOrganizationInvitationBulk",
    "ListPendingOrganizationInvitations",
    "GetOrganizationInvitation",
    "RevokeOrganizationInvitation",
];
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn load(path: &str) -> Value {
    let path = format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_yaml::from_str(&text).unwrap()
}

fn subset() -> Value {
    load("spec/clerk.yaml")
}

fn full() -> Value {
    load("tests/corpus/clerk/bapi-2026-05-12.yml")
}

/// (path, method, operation) for every operation in the document.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_mapping().unwrap() {
        for (method, op) in item.as_mapping().unwrap() {
            let method = method.as_str().unwrap();
            if METHODS.contains(&method) {
                out.push((
                    path.as_str().unwrap().to_string(),
                    method.to_string(),
                    op.clone(),
                ));
            }
        }
    }
    out
}

fn refs(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Mapping(map) => {
            for (k, v) in map {
                match (k.as_str(), v.as_str()) {
                    (Some("$ref"), Some(r)) => {
                        out.insert(r.to_string());
                    }
                    _ => refs(v, out),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let mut node = doc;
    for token in reference.strip_prefix("#/")?.split('/') {
        node = node.get(token.replace("~1", "/").replace("~0", "~"))?;
    }
    Some(node)
}

#[test]
fn has_exactly_the_seven_operations() {
    let ids: BTreeSet<String> = operations(&subset())
        .iter()
        .map(|(_, _, op)| op["operationId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, OPERATIONS.iter().map(|s| s.to_string()).collect());
}

#[test]
fn each_operation_equals_its_counterpart_in_the_full_spec() {
    let full = full();
    for (path, method, op) in operations(&subset()) {
        assert_eq!(
            op,
            full["paths"][path.as_str()][method.as_str()],
            "{method} {path}"
        );
    }
}

#[test]
fn top_level_parts_are_verbatim() {
    let (subset, full) = (subset(), full());
    for key in [
        "openapi",
        "info",
        "servers",
        "security",
        "x-speakeasy-retries",
    ] {
        assert_eq!(subset[key], full[key], "{key}");
    }
    assert_eq!(
        subset["components"]["securitySchemes"],
        full["components"]["securitySchemes"]
    );
    let keys: BTreeSet<&str> = subset
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap())
        .collect();
    let expected = [
        "openapi",
        "info",
        "servers",
        "security",
        "paths",
        "components",
        "x-speakeasy-retries",
    ];
    assert_eq!(keys, expected.into_iter().collect());
}

#[test]
fn every_ref_resolves_and_every_component_is_reachable() {
    let (subset, full) = (subset(), full());
    // Walk references from the operations only.
    let mut reachable = BTreeSet::new();
    let mut todo = BTreeSet::new();
    for (_, _, op) in operations(&subset) {
        refs(&op, &mut todo);
    }
    while let Some(r) = todo.pop_first() {
        if !reachable.insert(r.clone()) {
            continue;
        }
        let target = resolve(&subset, &r).unwrap_or_else(|| panic!("{r} does not resolve"));
        // Components are verbatim too.
        assert_eq!(Some(target), resolve(&full, &r), "{r}");
        refs(target, &mut todo);
    }
    let mut present = BTreeSet::new();
    for (section, entries) in subset["components"].as_mapping().unwrap() {
        let section = section.as_str().unwrap();
        if section == "securitySchemes" {
            continue;
        }
        for name in entries.as_mapping().unwrap().keys() {
            present.insert(format!("#/components/{section}/{}", name.as_str().unwrap()));
        }
    }
    assert_eq!(present, reachable, "components that no operation reaches");
}
