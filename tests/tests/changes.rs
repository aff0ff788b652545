//! The change report (`generator::changes`): one kind of change per overlay
//! of `tests/fixtures/changes/` over its `base.yaml`, each report pinned;
//! the version it implies, applied when the configuration asks; and the
//! report between two published versions of Clerk's Backend API.

use std::path::{Path, PathBuf};

use generator::changes::{self, Level};
use workspace_tests::crates::root;

fn dir() -> PathBuf {
    root().join("tests/fixtures/changes")
}

/// The overlays, by name, sorted.
fn cases() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(|e| {
            let path = e.unwrap().path();
            let name = path.file_stem()?.to_str()?.to_string();
            (path.extension()? == "yaml" && name != "base").then_some(name)
        })
        .collect();
    out.sort();
    out
}

/// The crate of `base.yaml` written into `out`; the crate of `base.yaml`
/// with `overlay` generated, and its report against the first.
fn report(out: &Path, overlay: Option<&str>) -> (generator::Generated, changes::Report) {
    let base = dir().join("base.yaml");
    let before = generator::generate(&base, Some("directory".into())).unwrap();
    let _ = std::fs::remove_dir_all(out);
    generator::write::write_all(out, &before.files).unwrap();
    let overlays: Vec<PathBuf> = overlay
        .map(|o| dir().join(format!("{o}.yaml")))
        .into_iter()
        .collect();
    let mut after = generator::generate_with(
        &base,
        Some("directory".into()),
        None,
        &generator::Additions {
            overlays,
            ..Default::default()
        },
    )
    .unwrap();
    let report = changes::against(out, &mut after).expect("the first crate recorded its API");
    (after, report)
}

fn scratch(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("changes")
        .join(name)
}

#[test]
fn each_kind_of_change_is_reported_and_classified() {
    let cases = cases();
    assert!(cases.len() >= 12, "{cases:?}");
    for case in cases {
        let (_, report) = report(&scratch(&case), Some(&case));
        insta::assert_snapshot!(case.clone(), report.to_string());
        // Every case changes something, and only the docs case leaves the
        // public API as it was.
        assert_eq!(
            report.changes.is_empty(),
            case == "docs_only",
            "{case}\n{report}"
        );
        assert!(report.level().is_some(), "{case}");
    }
}

#[test]
fn the_same_spec_changes_nothing() {
    let (after, report) = report(&scratch("same"), None);
    assert!(report.changes.is_empty(), "{report}");
    assert_eq!(report.level(), None);
    assert_eq!(report.next_version(), None);
    assert_eq!(after.api.package_version, "0.1.0");
}

#[test]
fn versions_follow_cargos_rules() {
    let at = |from: &str, level: Level| changes::Report {
        crate_name: "api".into(),
        from: from.into(),
        changes: vec![changes::Change {
            level,
            item: "`x`".into(),
            what: "changed".into(),
        }],
        other_changes: true,
    };
    let next = |from, level| at(from, level).next_version();
    assert_eq!(next("0.3.4", Level::Major).as_deref(), Some("0.4.0"));
    assert_eq!(next("0.3.4", Level::Minor).as_deref(), Some("0.3.5"));
    assert_eq!(next("1.3.4", Level::Major).as_deref(), Some("2.0.0"));
    assert_eq!(next("1.3.4", Level::Minor).as_deref(), Some("1.4.0"));
    assert_eq!(next("1.3.4", Level::Patch).as_deref(), Some("1.3.5"));
    assert_eq!(next("2024-01-01", Level::Patch), None);
    assert!(at("1.3.4", Level::Minor).satisfied_by("1.4.0"));
    assert!(at("1.3.4", Level::Minor).satisfied_by("2.0.0"));
    assert!(!at("1.3.4", Level::Minor).satisfied_by("1.3.9"));
}

#[test]
fn bump_version_gives_the_crate_the_implied_version() {
    let out = scratch("bump");
    let base = dir().join("base.yaml");
    let config = scratch("bump.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        "[package]\nversion = \"1.2.0\"\nbump_version = true\n[features]\nsplit = \"tags\"\n",
    )
    .unwrap();
    let generate = |overlay: Option<&str>| {
        let overlays: Vec<PathBuf> = overlay
            .map(|o| dir().join(format!("{o}.yaml")))
            .into_iter()
            .collect();
        generator::generate_with(
            &base,
            Some("directory".into()),
            Some(&config),
            &generator::Additions {
                overlays,
                ..Default::default()
            },
        )
        .unwrap()
    };
    let _ = std::fs::remove_dir_all(&out);
    generator::write::write_all(&out, &generate(None).files).unwrap();
    let version = |g: &generator::Generated| {
        let manifest = g.file("Cargo.toml").unwrap();
        assert!(manifest.contains(&format!("version = \"{}\"", g.api.package_version)));
        g.api.package_version.clone()
    };
    // An addition: 1.2.0 → 1.3.0, written.
    let mut added = generate(Some("operation_added"));
    let report = changes::against(&out, &mut added).unwrap();
    assert_eq!(report.level(), Some(Level::Minor), "{report}");
    assert_eq!(version(&added), "1.3.0");
    generator::write::write_all(&out, &added.files).unwrap();
    // The same again: nothing changed, the version stays where it went,
    // and a check passes.
    let mut again = generate(Some("operation_added"));
    let report = changes::against(&out, &mut again).unwrap();
    assert_eq!(report.level(), None, "{report}");
    assert_eq!(version(&again), "1.3.0");
    assert_eq!(generator::write::check(&out, &again.files), "");
    // Then a breaking change on top: 1.3.0 → 2.0.0.
    let mut broken = generate(Some("field_removed"));
    let report = changes::against(&out, &mut broken).unwrap();
    assert_eq!(report.level(), Some(Level::Major), "{report}");
    assert_eq!(version(&broken), "2.0.0");
}

/// Two published versions of Clerk's Backend API (239 and 249 operations):
/// the report a maintainer of a Clerk client reads at that upgrade, pinned.
#[test]
fn clerks_upgrade_is_reported() {
    let clerk = root().join("tests/corpus/clerk");
    let (old, new) = (
        clerk.join("bapi-2025-11-10.yml"),
        clerk.join("bapi-2026-05-12.yml"),
    );
    let out = scratch("clerk");
    let before = generator::generate(&old, Some("clerk".into())).unwrap();
    let _ = std::fs::remove_dir_all(&out);
    generator::write::write_all(&out, &before.files).unwrap();
    let mut after = generator::generate(&new, Some("clerk".into())).unwrap();
    let report = changes::against(&out, &mut after).unwrap();
    insta::assert_snapshot!("clerk_2025_11_10_to_2026_05_12", report.to_string());
}
