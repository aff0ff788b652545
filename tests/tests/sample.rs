//! Real-world breadth in CI: every spec of the large corpus' `apis-guru-sample/`
//! (300 public APIs drawn at random from the APIs.guru directory) generates,
//! each in its own process with a time and memory limit, and a fixed seeded
//! subset of 20 of the generated crates passes `cargo clippy -D warnings`
//! with every feature, and every crate with operation features (48) with
//! one of them alone.
//! The full clippy sweep of all 300 is `CLIPPY=1 bash scripts/sweep.sh`.
//!
//! Slow (a few minutes): `SKIP_CORPUS=1` skips it locally, as it does the
//! corpus test.

use std::path::Path;
use std::time::Duration;

use workspace_tests::crates;
use workspace_tests::sweep::{self, Limits};

/// How many generated crates CI builds, and which: the same ones every run.
const CLIPPY_SUBSET: usize = 20;
const SEED: u64 = 7;

#[test]
fn every_sample_spec_generates_and_a_seeded_subset_builds_cleanly() {
    let Some(large) = workspace_tests::corpus::large("sample") else {
        return;
    };
    let generator = sweep::release_generator();
    let specs = sweep::specs_in(&large.join("apis-guru-sample"));
    assert_eq!(specs.len(), 300, "the sample is 300 specs");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sample");
    let _ = std::fs::remove_dir_all(&dir);
    // Limits that stop a runaway (the sample once held a spec that took
    // 24 GB); the figures themselves are measured by the sweep script.
    let limits = Limits {
        time: Duration::from_secs(60),
        address_space: 4 << 30,
    };
    let outcomes: Vec<_> = specs
        .iter()
        .map(|spec| {
            let out = dir.join(sweep::crate_name(spec));
            sweep::run_one(&generator, spec, &out, limits)
        })
        .collect();
    eprintln!("{}", sweep::summary(&outcomes));
    let failed: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.generated())
        .map(|o| format!("{}: {}", o.spec, o.cause()))
        .collect();
    assert!(failed.is_empty(), "not generated:\n{}", failed.join("\n"));

    let manifests: Vec<String> = specs
        .iter()
        .map(|spec| {
            std::fs::read_to_string(dir.join(sweep::crate_name(spec)).join("Cargo.toml")).unwrap()
        })
        .collect();
    // crates.io publishes no crate of more than 300 features, nor one with
    // a feature that turns on more (Magento's 363 tags once made 366).
    let too_many: Vec<String> = specs
        .iter()
        .zip(&manifests)
        .filter_map(|(spec, manifest)| {
            let (count, widest) = features_of(manifest);
            (count > 300 || widest > 300)
                .then(|| format!("{}: {count} features, one of {widest}", spec.display()))
        })
        .collect();
    assert!(too_many.is_empty(), "{}", too_many.join("\n"));

    let subset = sweep::seeded_subset(&specs, CLIPPY_SUBSET, SEED);
    // Every crate with operation features is built with one of them alone,
    // picked by the seed (what a user who turns on only what they call
    // builds; about a second each): a model a feature reaches but gates
    // under another fails here.
    let featured: Vec<(&std::path::PathBuf, Vec<String>)> = specs
        .iter()
        .zip(&manifests)
        .filter_map(|(spec, manifest)| {
            let features = crates::operation_features(manifest);
            (!features.is_empty()).then(|| (spec, features.into_iter().map(|f| f.name).collect()))
        })
        .collect();
    let mut members: Vec<String> = subset
        .iter()
        .chain(featured.iter().map(|(spec, _)| *spec))
        .map(|s| sweep::crate_name(s))
        .collect();
    members.sort();
    members.dedup();
    let members: Vec<&str> = members.iter().map(String::as_str).collect();
    crates::workspace_with(&dir, &[], &members);
    let mut dirty = Vec::new();
    for spec in &subset {
        let name = sweep::crate_name(spec);
        if let Err(e) = crates::clippy(&dir, &name) {
            dirty.push(format!("{name} ({}):\n{e}", spec.display()));
        }
    }
    let mut alone = Vec::new();
    for (k, (spec, features)) in featured.iter().enumerate() {
        let name = sweep::crate_name(spec);
        let feature = &features[(SEED as usize + 13 * k) % features.len()];
        alone.push(format!("{name}/{feature}"));
        let args = ["--no-default-features", "--features", feature.as_str()];
        if let Err(e) = crates::clippy_with(&dir, &name, &args) {
            dirty.push(format!(
                "{name} with only {feature} ({}):\n{e}",
                spec.display()
            ));
        }
    }
    eprintln!(
        "{} of the crates have operation features; built with one alone: {}",
        featured.len(),
        alone.join(", ")
    );
    assert!(dirty.is_empty(), "{}", dirty.join("\n"));
}

/// How many features a manifest declares, and how many the widest turns on.
fn features_of(manifest: &str) -> (usize, usize) {
    let features = crates::manifest_features(manifest);
    let widest = features.iter().map(|f| f.enables.len()).max();
    (features.len(), widest.unwrap_or(0))
}
