//! One small spec per construct in `tests/fixtures/`: each generates without
//! errors, its code is pinned by a snapshot, and all of them build with
//! `clippy -D warnings` (and `#![deny(missing_docs)]`); the one of
//! descriptions' text is documented by rustdoc with its warnings denied.

use std::path::Path;

use workspace_tests::crates::{self, root};

/// Each `.yaml` or `.json` file of `tests/fixtures/`, and each folder there
/// holding an `openapi.yaml` (a spec over several files).
fn fixtures() -> Vec<(String, std::path::PathBuf)> {
    let mut out: Vec<_> = std::fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_stem()?.to_string_lossy().into_owned();
            if p.is_dir() {
                let root = p.join("openapi.yaml");
                return root.exists().then_some((name, root));
            }
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "json")
                .then_some((name, p))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_fixture_generates_matches_its_snapshot_and_builds_cleanly() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixtures");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut generated = Vec::new();
    for (name, path) in fixtures() {
        let crate_name = format!("fixture-{}", name.replace('_', "-"));
        let g =
            crates::generate(&path, &crate_name, &dir).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The generated code of each construct, pinned (the runtime is the
        // same everywhere and pinned by the Clerk snapshots).
        let code: String = g
            .files
            .iter()
            .filter(|(p, _)| {
                (p.starts_with("src/") && !p.starts_with("src/runtime/")) || p.starts_with("tests/")
            })
            .map(|(p, text)| format!("===== {p}\n{text}"))
            .collect();
        // What was approximated is part of the output too.
        let fixtures_dir = root().join("tests/fixtures").display().to_string();
        let code = match &g.warnings_text {
            w if w.is_empty() => code,
            w => format!(
                "===== warnings\n{}\n{code}",
                w.replace(&fixtures_dir, "tests/fixtures")
            ),
        };
        insta::assert_snapshot!(format!("fixture__{name}"), code);
        generated.push(g);
    }
    assert!(generated.len() >= 10, "fixtures missing");
    crates::workspace(&dir, &generated.iter().collect::<Vec<_>>());
    for g in &generated {
        // The webhook events of a crate that has them, too.
        let features: &[&str] = if g.files.iter().any(|(p, _)| p == "src/webhooks.rs") {
            &["--features", "webhooks"]
        } else {
            &[]
        };
        if let Err(e) = crates::clippy_with(&dir, &g.crate_name, features) {
            panic!("{} does not build cleanly:\n{e}", g.crate_name);
        }
    }
    // The crates whose spec has examples test them: their tests are
    // clippy-clean too, and pass (see `resolve::examples`).
    let with_examples: Vec<&crates::Generated> = generated
        .iter()
        .filter(|g| g.files.iter().any(|(p, _)| p == "tests/examples.rs"))
        .collect();
    assert!(with_examples.len() >= 3, "fixtures with examples missing");
    for g in with_examples {
        if let Err(e) = crates::clippy_with(&dir, &g.crate_name, &["--tests"]) {
            panic!("the tests of {} do not build cleanly:\n{e}", g.crate_name);
        }
        if let Err(e) = crates::test(&dir, &g.crate_name, &["--test", "examples"]) {
            panic!("the examples of {} fail:\n{e}", g.crate_name);
        }
    }
    // Descriptions' Markdown as rustdoc reads it: links, bare URLs, HTML.
    if let Err(e) = crates::doc_with(&dir, "fixture-doc-text", &[]) {
        panic!("fixture-doc-text is not documented cleanly:\n{e}");
    }
    // Without its default features (no TLS, no multipart) a crate builds too,
    // for users who pick `native-tls` or reach only `http` servers. One with
    // multipart bodies, so that its multipart code is what is left out.
    let bodies = generated
        .iter()
        .find(|g| g.crate_name == "fixture-bodies")
        .expect("the bodies fixture");
    if let Err(e) = crates::clippy_with(&dir, &bodies.crate_name, &["--no-default-features"]) {
        panic!("fixture-bodies without default features:\n{e}");
    }
}
