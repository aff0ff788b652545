//! A spec split over many files reads as the single file does: the test
//! splits `spec/clerk.yaml` the way `redocly split` lays a spec out (a root
//! `openapi.yaml` whose paths and components are `$ref`s to
//! `paths/<path>.yaml` and `components/<section>/<Name>.yaml`, those files
//! referring to each other by relative path) and generates both.

use std::path::Path;

use serde_json::{Map, Value};
use workspace_tests::crates::root;

/// `/organizations/{organization_id}/invitations` → `organizations@{organization_id}@invitations`,
/// redocly's file name for a path.
fn path_file(path: &str) -> String {
    path.trim_start_matches('/').replace('/', "@")
}

/// Rewrites every `#/components/<section>/<Name>` reference below `value`
/// into a path to that component's file, as seen from `from` (a folder
/// relative to the root).
fn relink(value: &mut Value, from: &str) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if let Some(rest) = r.strip_prefix("#/components/") {
                    let (section, name) = rest.split_once('/').expect("a component reference");
                    *r = if from == format!("components/{section}") {
                        format!("./{name}.yaml")
                    } else if from.starts_with("components/") {
                        format!("../{section}/{name}.yaml")
                    } else {
                        format!("../components/{section}/{name}.yaml")
                    };
                }
            }
            for v in map.values_mut() {
                relink(v, from);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| relink(v, from)),
        _ => {}
    }
}

fn write(dir: &Path, relative: &str, value: &Value) {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, serde_yaml::to_string(value).unwrap()).unwrap();
}

/// Splits `spec` into `dir`; returns the root file.
fn split(spec: &Value, dir: &Path) -> std::path::PathBuf {
    let mut root = spec.clone();
    let mut paths = Map::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        let file = format!("paths/{}.yaml", path_file(path));
        let mut item = item.clone();
        relink(&mut item, "paths");
        write(dir, &file, &item);
        paths.insert(path.clone(), serde_json::json!({ "$ref": file }));
    }
    root["paths"] = Value::Object(paths);
    let mut components = Map::new();
    for (section, entries) in spec["components"].as_object().unwrap() {
        let mut refs = Map::new();
        for (name, entry) in entries.as_object().unwrap() {
            let file = format!("components/{section}/{name}.yaml");
            let mut entry = entry.clone();
            relink(&mut entry, &format!("components/{section}"));
            write(dir, &file, &entry);
            refs.insert(name.clone(), serde_json::json!({ "$ref": file }));
        }
        components.insert(section.clone(), Value::Object(refs));
    }
    root["components"] = Value::Object(components);
    write(dir, "openapi.yaml", &root);
    dir.join("openapi.yaml")
}

#[test]
fn clerk_split_like_redocly_generates_the_single_file_crate() {
    let single = root().join("spec/clerk.yaml");
    let text = std::fs::read_to_string(&single).unwrap();
    let spec: Value = serde_yaml::from_str(&text).unwrap();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("clerk-split");
    let _ = std::fs::remove_dir_all(&dir);
    let split_root = split(&spec, &dir);
    // The generator's configuration goes with the spec, beside its root.
    std::fs::copy(
        single.with_extension("toml"),
        split_root.with_extension("toml"),
    )
    .unwrap();
    std::fs::copy(
        single.with_file_name("clerk-webhooks.yml"),
        split_root.with_file_name("clerk-webhooks.yml"),
    )
    .unwrap();

    // The split is real: the root holds no schema, and files refer to files.
    let root_text = std::fs::read_to_string(&split_root).unwrap();
    assert!(!root_text.contains("properties:"), "{root_text}");
    let error_file =
        std::fs::read_to_string(dir.join("components/schemas/ClerkErrors.yaml")).unwrap();
    assert!(error_file.contains("./ClerkError.yaml"), "{error_file}");

    let a = generator::generate(&single, None).unwrap_or_else(|r| panic!("{r}"));
    let b = generator::generate(&split_root, None).unwrap_or_else(|r| panic!("{r}"));
    assert_eq!(a.api.operations.len(), b.api.operations.len());
    let names = |g: &generator::Generated| -> Vec<String> {
        g.files.iter().map(|(p, _)| p.clone()).collect()
    };
    assert_eq!(names(&a), names(&b));
    // The issue allowed doc comments to differ; nothing does.
    for ((path, one), (_, other)) in a.files.iter().zip(&b.files) {
        assert!(
            one == other,
            "{path} differs between the single file and the split one"
        );
    }
}
