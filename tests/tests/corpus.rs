//! Every real-world spec in `../shared/corpus/` and the full Clerk Backend
//! API generate, and each crate passes `cargo clippy -- -D warnings` on its own.
//!
//! Slow (minutes): skip locally with `SKIP_CORPUS=1`. With
//! `CORPUS_REPORT=path`, the table of figures is written there
//! (`scripts/corpus.sh` does that for `CORPUS.md`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use workspace_tests::crates::{self, root};

fn specs() -> Vec<PathBuf> {
    let corpus = root().join("../shared/corpus");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| panic!("{}: {e}", corpus.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        })
        .collect();
    out.sort();
    out.push(root().join("../shared/clerk/bapi-2026-05-12.yml"));
    out
}

fn crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().unwrap().to_string_lossy().to_lowercase();
    let clean: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("corpus-{clean}")
}

#[test]
fn the_corpus_and_the_full_clerk_api_build_cleanly() {
    if std::env::var_os("SKIP_CORPUS").is_some() {
        eprintln!("SKIP_CORPUS is set: corpus test skipped");
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
        let name = spec.file_name().unwrap().to_string_lossy();
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
    }
    eprintln!("{table}");
    if let Some(path) = std::env::var_os("CORPUS_REPORT") {
        let profile = if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        };
        let report = format!(
            "# Corpus\n\nEvery spec in `../shared/corpus/` and Clerk's full Backend API, generated with `generator SPEC --out DIR --name NAME` \
             and checked with `cargo clippy -- -D warnings` on its own. Produced by `scripts/corpus.sh` \
             (generation timed in-process, {profile} build, on this repository's 2-core machine); warnings are the generator's \
             notes about constructs it does not support yet, each with its JSON pointer.\n\n{table}"
        );
        std::fs::write(root().join(path), report).unwrap();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
