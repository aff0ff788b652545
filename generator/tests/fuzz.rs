//! The generator never panics, hangs or runs away on any input: arbitrary
//! bytes, and the Clerk spec and the OpenAPI 3.1 and Swagger 2.0 fixtures
//! structurally mutated (keys removed, types swapped, `$ref`s broken,
//! circular or external, huge, empty or unicode names, deep nesting,
//! duplicate operationIds). Every input gives a crate or an error report.
//!
//! The suite runs a bounded number of cases; `FUZZ_CASES=N` runs more
//! (`FUZZ_CASES=20000 cargo test --release -p generator --test fuzz`).
//! Failing inputs found by proptest are kept in `proptest-regressions/` and
//! replayed first on every run.

use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use serde_json::{json, Value};

fn cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Runs the generator on `text` on its own thread; a panic or a run longer
/// than a minute fails the case.
fn survives(text: String, json: bool) -> Result<(), TestCaseError> {
    let (done, wait) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let outcome = std::panic::catch_unwind(|| {
                generator::generate_text(&text, json, None)
                    .map(|g| g.files.len())
                    .map_err(|r| r.to_string())
            });
            let _ = done.send(outcome.is_ok());
        })
        .expect("spawn");
    let limit = std::env::var("FUZZ_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    match wait.recv_timeout(Duration::from_secs(limit)) {
        Ok(true) => {
            let _ = worker.join();
            Ok(())
        }
        Ok(false) => Err(TestCaseError::fail("the generator panicked")),
        Err(_) => Err(TestCaseError::fail("the generator ran for over a minute")),
    }
}

fn clerk() -> Value {
    let text = include_str!("../../spec/clerk.yaml");
    serde_yaml::from_str(text).expect("spec/clerk.yaml parses")
}

/// The documents mutated: Clerk's (3.0) and the fixtures of the other
/// formats, which go through `normalize`'s rewrites.
fn base(index: usize) -> Value {
    let text = match index % 5 {
        0 => return clerk(),
        1 => include_str!("../../tests/fixtures/openapi31_types.yaml"),
        2 => include_str!("../../tests/fixtures/openapi31_keywords.yaml"),
        3 => include_str!("../../tests/fixtures/openapi31_document.yaml"),
        _ => include_str!("../../tests/fixtures/swagger2.yaml"),
    };
    serde_yaml::from_str(text).expect("the fixture parses")
}

/// JSON pointers of every node, in document order.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(
                    v,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Remove,
    Replace(Value),
    BreakRef(String),
    RenameKey(String),
    Nest(usize),
    DuplicateOperationIds,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let odd_strings = prop_oneof![
        Just(String::new()),
        Just("x".repeat(10_000)),
        Just("ünï©ødé 🚀 \u{202e}َ".to_string()),
        Just("type".to_string()),
        Just("self".to_string()),
        Just("123".to_string()),
        Just("a/b~c".to_string()),
        "[ -~]{0,12}",
    ];
    prop_oneof![
        3 => Just(Mutation::Remove),
        3 => prop_oneof![
            Just(Value::Null),
            Just(json!(0)),
            Just(json!(-1.5)),
            Just(json!("")),
            Just(json!([])),
            Just(json!({})),
            Just(json!(true)),
            Just(json!({"$ref": "#/components/schemas/ClerkErrors"})),
            Just(json!({"type": "object", "additionalProperties": {"$ref": "#/components/schemas/ClerkErrors"}})),
            Just(json!({"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/ClerkError"}]})),
        ]
        .prop_map(Mutation::Replace),
        2 => prop_oneof![
            Just("#/components/schemas/Nope".to_string()),
            Just("#/components/schemas/ClerkErrors".to_string()),
            Just("other.yaml#/components/schemas/X".to_string()),
            Just("#/paths".to_string()),
            Just("#".to_string()),
            Just(String::new()),
        ]
        .prop_map(Mutation::BreakRef),
        2 => odd_strings.prop_map(Mutation::RenameKey),
        1 => (1usize..300).prop_map(Mutation::Nest),
        1 => Just(Mutation::DuplicateOperationIds),
    ]
}

fn apply(doc: &mut Value, target: &str, mutation: &Mutation) {
    let (parent_ptr, key) = match target.rfind('/') {
        Some(i) => (
            &target[..i],
            target[i + 1..].replace("~1", "/").replace("~0", "~"),
        ),
        None => return,
    };
    match mutation {
        Mutation::DuplicateOperationIds => {
            if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
                for item in paths.values_mut().filter_map(Value::as_object_mut) {
                    for op in item.values_mut().filter_map(Value::as_object_mut) {
                        op.insert("operationId".into(), json!("Same"));
                    }
                }
            }
        }
        Mutation::Nest(depth) => {
            if let Some(node) = doc.pointer_mut(target) {
                let mut v = node.take();
                for i in 0..*depth {
                    v = if i % 2 == 0 {
                        json!({"type": "object", "properties": {"inner": v}})
                    } else {
                        json!({"allOf": [v]})
                    };
                }
                *node = v;
            }
        }
        Mutation::BreakRef(r) => {
            if let Some(node) = doc.pointer_mut(target) {
                *node = json!({"$ref": r});
            }
        }
        Mutation::Replace(v) => {
            if let Some(node) = doc.pointer_mut(target) {
                *node = v.clone();
            }
        }
        Mutation::Remove | Mutation::RenameKey(_) => {
            let Some(parent) = doc.pointer_mut(parent_ptr) else {
                return;
            };
            match parent {
                Value::Object(map) => {
                    if let Some(v) = map.shift_remove(&key) {
                        if let Mutation::RenameKey(name) = mutation {
                            map.insert(name.clone(), v);
                        }
                    }
                }
                Value::Array(items) => {
                    if let (Ok(i), Mutation::Remove) = (key.parse::<usize>(), mutation) {
                        if i < items.len() {
                            items.remove(i);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), json in any::<bool>()) {
        survives(String::from_utf8_lossy(&bytes).into_owned(), json)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), .. ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic(
        picks in proptest::collection::vec((any::<prop::sample::Index>(), mutation()), 1..6),
        as_json in any::<bool>(),
        which in 0..5usize,
    ) {
        let mut doc = base(which);
        for (index, m) in &picks {
            let mut all = Vec::new();
            pointers(&doc, String::new(), &mut all);
            let target = index.get(&all).clone();
            apply(&mut doc, &target, m);
        }
        let text = if as_json {
            serde_json::to_string_pretty(&doc).unwrap()
        } else {
            serde_yaml::to_string(&doc).unwrap()
        };
        let started = std::time::Instant::now();
        let kinds: Vec<String> = picks.iter().map(|(_, m)| format!("{m:?}").chars().take(60).collect()).collect();
        survives(text, as_json).map_err(|e| TestCaseError::fail(format!("{e} with {kinds:?}")))?;
        if started.elapsed() > Duration::from_secs(2) {
            eprintln!("slow case ({:?}): {kinds:?}", started.elapsed());
        }
    }
}

fn deep_malformed_schema(levels: usize) -> String {
    let mut v = json!(true);
    for i in 0..levels {
        v = if i % 2 == 0 {
            json!({"type": "object", "properties": {"inner": v}})
        } else {
            json!({"allOf": [v]})
        };
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Deep": {"type": "object", "additionalProperties": v}}}
    })
    .to_string()
}

/// Inputs that once broke something, kept as they were found.
#[test]
fn known_hostile_inputs() {
    let cases: &[(&str, bool)] = &[
        // A billion laughs: aliases expanding exponentially.
        (
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\ni: [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n",
            false,
        ),
        // Nesting deeper than any parser's recursion.
        (&*Box::leak(format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)).into_boxed_str()), true),
        (&*Box::leak(format!("{}1", "- ".repeat(50_000)).into_boxed_str()), false),
        // Schemas that refer to themselves without end.
        (
            "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n    C: {allOf: [{$ref: '#/components/schemas/C'}]}\n    D: {type: object, properties: {d: {$ref: '#/components/schemas/D'}}}\n",
            false,
        ),
        // Found by the fuzzer: a malformed schema (`true` where a schema
        // belongs) under ~55 levels of nesting made deserialization
        // backtrack for minutes. Now refused by depth at once.
        (&*Box::leak(deep_malformed_schema(55).into_boxed_str()), true),
        ("", false),
        ("null", true),
        ("openapi: 3.0.0", false),
        ("\u{feff}{}", true),
    ];
    for (text, json) in cases {
        survives(text.to_string(), *json).unwrap();
    }
}

/// Found in the APIs.guru sample (AWS's amplifyuibuilder grew past 24 GB):
/// schemas whose inline properties include the next schema through `allOf`,
/// twice each. Resolved once per path through the graph, 24 levels make
/// 2^24 types; resolved once per schema, a few per level. (Deeper chains
/// reach the resolver's nesting limit of 64, an error of its own.)
#[test]
fn inline_schemas_reached_by_many_paths_are_resolved_once() {
    let levels = 24;
    let mut spec = String::from(
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
    );
    for i in 0..levels {
        let next = if i + 1 < levels {
            format!("allOf: [{{$ref: '#/components/schemas/L{}'}}], ", i + 1)
        } else {
            String::new()
        };
        spec.push_str(&format!(
            "    L{i}:\n      type: object\n      properties:\n        p: {{type: object, {next}properties: {{x: {{type: string}}}}}}\n        q: {{type: object, {next}properties: {{y: {{type: string}}}}}}\n"
        ));
    }
    // On a thread, so that a regression fails the test instead of hanging it.
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(generator::generate_text(&spec, false, None).map(|g| g.api.types.len()));
    });
    let types = receive
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("generation ends within a minute")
        .expect("generates");
    assert!(
        types <= 3 * levels,
        "{types} types for {levels} levels: inline schemas were resolved more than once"
    );
}
