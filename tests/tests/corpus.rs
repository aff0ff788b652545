//! Every real-world spec in `tests/corpus/` (3.0 at the top, 3.1 and
//! Swagger 2.0 in their folders, Clerk's full Backend API in `clerk/`) generate, and each crate passes `cargo clippy -- -D warnings` on its own,
//! and is documented by rustdoc with its warnings denied (links, bare URLs and HTML in
//! the descriptions' text).
//!
//! Slow (minutes): skip locally with `SKIP_CORPUS=1`. With
//! `CORPUS_REPORT=path`, the table of figures is written there
//! (`scripts/corpus.sh` does that for `CORPUS.md`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use workspace_tests::corpus;
use workspace_tests::crates::{self, root};

/// The top level's 3.0 specs, the `openapi-3.1/` (with the sample's one
/// OpenAPI 3.1 spec) and `swagger-2.0/` folders (the multi-file petstore by
/// its root file), and Clerk's full API.
fn specs() -> Vec<PathBuf> {
    let corpus = corpus::small();
    let specs_in = workspace_tests::sweep::specs_in;
    let mut out = specs_in(&corpus);
    out.extend(specs_in(&corpus.join("openapi-3.1")));
    out.extend(specs_in(&corpus.join("swagger-2.0")));
    out.push(corpus.join("swagger-2.0/petstore-separate/spec/swagger.yaml"));
    out.push(corpus.join("clerk/bapi-2026-05-12.yml"));
    out
}

/// The spec's name in the table: its path below the corpus folder.
fn label(spec: &Path) -> String {
    match spec.strip_prefix(corpus::small()) {
        Ok(relative) => relative.display().to_string(),
        Err(_) => spec.file_name().unwrap().to_string_lossy().into_owned(),
    }
}

fn crate_name(spec: &Path) -> String {
    let label = label(spec);
    let stem = label
        .trim_end_matches(".yaml")
        .trim_end_matches(".yml")
        .trim_end_matches(".json");
    workspace_tests::sweep::package_name("corpus", stem)
}

#[test]
fn the_corpus_and_the_full_clerk_api_build_cleanly() {
    if workspace_tests::corpus::skipped("corpus") {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let specs = specs();
    let generated: Vec<_> = specs
        .iter()
        .map(|spec| {
            crates::generate(spec, &crate_name(spec), &dir)
                .unwrap_or_else(|e| panic!("{}: {e}", spec.display()))
        })
        .collect();
    crates::workspace(&dir, &generated.iter().collect::<Vec<_>>());

    let mut failures = Vec::new();
    let mut table = String::from(
        "| spec | operations | types | generated lines | generation | warnings | cargo clippy -D warnings |\n|---|---:|---:|---:|---:|---:|---|\n",
    );
    for (spec, g) in specs.iter().zip(&generated) {
        let result = crates::clippy(&dir, &g.crate_name);
        let name = label(spec);
        let _ = writeln!(
            table,
            "| {name} | {} | {} | {} | {:.0} ms | {} | {} |",
            g.operations,
            g.types,
            g.lines,
            g.elapsed.as_secs_f64() * 1000.0,
            g.warnings,
            if result.is_ok() { "clean" } else { "FAILED" }
        );
        if let Err(e) = result {
            failures.push(format!("{name}:\n{e}"));
        }
        if let Err(e) = crates::doc_with(&dir, &g.crate_name, &[]) {
            failures.push(format!("{name}, documented:\n{e}"));
        }
    }
    eprintln!("{table}");
    if let Some(path) = std::env::var_os("CORPUS_REPORT") {
        let profile = if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        };
        let report = format!(
            "## The corpus\n\nEvery spec at the top of `tests/corpus/`, in its `openapi-3.1/` and `swagger-2.0/` folders (OpenAPI 3.1, among them the sample's one 3.1 spec, and Swagger 2.0, one split over several files), and Clerk's full Backend API (`clerk/`), generated with `generator SPEC --out DIR --name NAME` \
             and checked with `cargo clippy -- -D warnings` on its own. Produced by `scripts/corpus.sh` \
             (generation timed in-process, {profile} build, on this repository's 2-core machine); warnings are the generator's \
             notes about constructs it does not support yet or approximates, each with its JSON pointer.\n\n{table}"
        );
        crates::write_section(&root().join(path), "corpus", &report).unwrap();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
