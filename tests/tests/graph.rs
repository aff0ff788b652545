//! The largest API of the corpus: Microsoft Graph v1.0 (20 MB, 11,422
//! operations) generates within a time and memory limit, its crate turns no
//! operation feature on by default, and it passes `cargo clippy -D warnings`
//! with no operation feature and with the one that holds `GET
//! /users/{user-id}` alone, and is documented with that feature with
//! rustdoc's warnings denied; a crate of the one operation selected
//! (`--include`) has only the models it reaches and passes clippy with every
//! feature. The build with every feature (four minutes and about 10 GB of
//! memory) is measured by `SECTIONS=9 bash scripts/bench.sh`, not here.
//!
//! Needs the large corpus; `SKIP_CORPUS=1` skips it locally.

use std::path::Path;
use std::time::Duration;

use workspace_tests::crates;
use workspace_tests::sweep::{self, Limits};

#[test]
fn graph_generates_and_builds_cleanly_with_one_feature_and_with_none() {
    let Some(large) = workspace_tests::corpus::large("graph") else {
        return;
    };
    let generator = sweep::release_generator();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("graph");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let name = "microsoft-graph";
    let spec = large.join("big/microsoft-graph-v1.0.json");
    // Limits that stop a runaway, far above what it takes (seconds and
    // half a gigabyte); the figures are the bench script's.
    let limits = Limits {
        time: Duration::from_secs(120),
        address_space: 8 << 30,
    };
    let outcome = sweep::run_one(&generator, &spec, &dir.join(name), limits);
    assert!(outcome.generated(), "Graph: {}", outcome.cause());
    eprintln!(
        "Graph generated in {:.1} s, peak {} MiB",
        outcome.wall.as_secs_f64(),
        outcome.peak_kib / 1024
    );

    let manifest = std::fs::read_to_string(dir.join(name).join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("\ndefault = [\"rustls-tls\"]\n"),
        "no operation feature on by default"
    );
    let features = crates::operation_features(&manifest);
    assert!(
        features.len() > 200 && features.len() <= 300,
        "{} features",
        features.len()
    );
    let client = std::fs::read_to_string(dir.join(name).join("src/client/users.rs"))
        .expect("the feature `users` has a file of its own");
    assert!(client.contains("pub fn users_user_get_user("));
    // Getting a user decodes 1,873 models: compiled once, in the crate.
    // Getting how many users there are decodes none: where it is called.
    let operations =
        std::fs::read_to_string(dir.join(name).join("src/operations/users.rs")).unwrap();
    let decode = |builder: &str| {
        let start = operations
            .find(&format!("pub struct {builder}<'a>"))
            .unwrap_or_else(|| panic!("{builder}"));
        let rest = &operations[start..];
        let end = rest[1..]
            .find("\npub struct ")
            .map_or(rest.len(), |e| e + 1);
        let at = rest[..end]
            .find("    fn decode(")
            .expect("a decode function");
        rest[..at]
            .lines()
            .last()
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    assert_eq!(decode("UsersUserGetUser"), "#[inline(never)]");
    assert_eq!(decode("GetCountUsersEe47"), "#[inline]");

    crates::workspace_with(&dir, &[], &[name]);
    for features in [&[][..], &["users"][..]] {
        let list = features.join(",");
        let mut args = vec!["--no-default-features"];
        if !features.is_empty() {
            args.extend(["--features", &list]);
        }
        if let Err(e) = crates::clippy_with(&dir, name, &args) {
            panic!("Graph with features [{list}]:\n{e}");
        }
    }
    // Its docs, with that one feature, link only to what it compiles.
    let args = ["--no-default-features", "--features", "users"];
    if let Err(e) = crates::doc_with(&dir, name, &args) {
        panic!("Graph documented with features [users]:\n{e}");
    }
}

/// `[select]` on the largest API: getting one user (the pattern's `{id}`
/// stands for the path's `{user-id}`) keeps that operation and the models
/// it reaches, a small part of Graph's 13,624, and the crate passes clippy
/// with every feature on.
#[test]
fn one_operation_selected_keeps_what_it_reaches_and_builds_cleanly() {
    let Some(large) = workspace_tests::corpus::large("graph") else {
        return;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("graph-selected");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let name = "microsoft-graph-user";
    let output = std::process::Command::new(sweep::release_generator())
        .arg(large.join("big/microsoft-graph-v1.0.json"))
        .args(["--name", name, "--include", "GET /users/{id}", "--out"])
        .arg(dir.join(name))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let summary = stderr
        .lines()
        .find(|l| l.starts_with("generated "))
        .unwrap_or_else(|| panic!("{stderr}"));
    let types: usize = summary
        .split_once("1 operation, ")
        .and_then(|(_, rest)| rest.split_once(" types"))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or_else(|| panic!("{summary}"));
    assert!((100..1_500).contains(&types), "{summary}");
    let client = std::fs::read_to_string(dir.join(name).join("src/client.rs")).unwrap();
    assert_eq!(client.matches("    pub fn users_").count(), 1, "{client}");
    assert!(client.contains("pub fn users_user_get_user("));

    crates::workspace_with(&dir, &[], &[name]);
    if let Err(e) = crates::clippy_with(&dir, name, &["--all-features"]) {
        panic!("Graph's one operation, every feature:\n{e}");
    }
}
