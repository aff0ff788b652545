//! Cargo features per tag: a crate builds cleanly (`clippy -D warnings`)
//! with any choice of them, since operations without a tag and models that
//! several tags reach must work whichever are on.
//!
//! - `tests/fixtures/features.yaml`: every combination of its three features.
//! - The corpus' GitHub (31 tags) and Box (73 tags) crates: with no
//!   operation feature, and with each tag's feature alone for a sample: the
//!   tag with the most operations, the one with the fewest, and four more
//!   drawn with a fixed seed (the same every run). `FEATURES_ALL=1` builds
//!   every tag alone (a few minutes each). Their `full` build is the corpus
//!   test's. `SKIP_CORPUS=1` skips them, as it does the corpus test.

use std::path::Path;

use workspace_tests::crates::{self, root};

/// One operation feature of a generated crate's `Cargo.toml`.
struct ManifestFeature {
    name: String,
    /// How many operations it compiles, from its line of docs.
    operations: usize,
    /// The features it turns on (a divided feature's parts).
    parts: Vec<String>,
}

/// The operation features of a generated crate (divided ones too), from
/// its `Cargo.toml`.
fn manifest_features(g: &crates::Generated) -> Vec<ManifestFeature> {
    let manifest = std::fs::read_to_string(g.dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("\n[features]\n"), "a [features] section");
    crates::operation_features(&manifest)
        .into_iter()
        .map(|f| ManifestFeature {
            // "… 12 operations." → 12
            operations: f
                .doc
                .trim_end_matches('.')
                .rsplit(". ")
                .next()
                .and_then(|tail| tail.split(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0),
            name: f.name,
            parts: f.enables,
        })
        .collect()
}

/// The operation features of a generated crate, with how many operations
/// each compiles.
fn operation_features(g: &crates::Generated) -> Vec<(String, usize)> {
    manifest_features(g)
        .into_iter()
        .map(|f| (f.name, f.operations))
        .collect()
}

/// The divided features of a generated crate, each with its parts.
fn divided_features(g: &crates::Generated) -> Vec<(String, Vec<String>)> {
    manifest_features(g)
        .into_iter()
        .filter(|f| !f.parts.is_empty())
        .map(|f| (f.name, f.parts))
        .collect()
}

fn clippy(dir: &Path, g: &crates::Generated, features: &[&str]) {
    let list = features.join(",");
    if let Err(e) = crates::clippy_with(
        dir,
        &g.crate_name,
        &["--no-default-features", "--features", &list],
    ) {
        panic!("{} with features [{list}]:\n{e}", g.crate_name);
    }
}

/// `tests/fixtures/<fixture>.yaml` generated as `crate_name` into a fresh
/// directory of its own.
fn generate_fixture(fixture: &str, crate_name: &str) -> (std::path::PathBuf, crates::Generated) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(crate_name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = root().join(format!("tests/fixtures/{fixture}.yaml"));
    let g = crates::generate(&spec, crate_name, &dir).unwrap_or_else(|e| panic!("{e}"));
    (dir, g)
}

/// Builds the crate with every combination of `features`, and documents it
/// with each feature alone and with all (an item's docs may link only to
/// what is compiled whenever it is).
fn every_combination(dir: &Path, g: &crates::Generated, features: &[&str]) {
    crates::workspace(dir, &[g]);
    for mask in 0..1u32 << features.len() {
        let on: Vec<&str> = features
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, name)| *name)
            .collect();
        clippy(dir, g, &on);
        if on.len() == 1 || on.len() == features.len() {
            let list = on.join(",");
            let args = ["--no-default-features", "--features", &list];
            if let Err(e) = crates::doc_with(dir, &g.crate_name, &args) {
                panic!("{} documented with features [{list}]:\n{e}", g.crate_name);
            }
        }
    }
}

/// The text of a generated file.
fn file<'g>(g: &'g crates::Generated, path: &str) -> &'g str {
    g.files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("{path} not generated"))
}

/// The `cfg` a model is compiled under: its own, in the models' own file;
/// for one in a file that `models.rs` includes (a feature's, or one of models
/// several features share), that of its `include!`.
fn model_gate(g: &crates::Generated, name: &str) -> String {
    let (path, text, at) = g
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("src/models"))
        .find_map(|(p, text)| {
            let at = ["struct", "enum", "type"]
                .iter()
                .find_map(|kind| text.find(&format!("pub {kind} {name} ")))?;
            Some((p.as_str(), text.as_str(), at))
        })
        .unwrap_or_else(|| panic!("{name} not found"));
    let (text, at) = match path.strip_prefix("src/") {
        Some(included) if path != "src/models.rs" => {
            let own = file(g, "src/models.rs");
            let line = format!("include!(\"{included}\");");
            let at = own
                .find(&line)
                .unwrap_or_else(|| panic!("{path} not included"));
            (own, at)
        }
        _ => (text, at),
    };
    let before = &text[..at];
    let cfg = before.rfind("#[cfg(").expect("a cfg");
    before[cfg..].lines().next().unwrap().to_string()
}

#[test]
fn every_combination_of_the_fixture_features_builds_cleanly() {
    let (dir, g) = generate_fixture("features", "features-fixture");
    let features = operation_features(&g);
    assert_eq!(
        features,
        [
            ("health".to_string(), 1),
            ("pets".to_string(), 3),
            ("store".to_string(), 4)
        ],
        "one feature per tag; an untagged operation under a tagged path has its tag, another its resource"
    );
    let names: Vec<&str> = features.iter().map(|(name, _)| name.as_str()).collect();
    every_combination(&dir, &g, &names);
    // What each compiles is what its operations reach. A model one feature
    // alone compiles is in that feature's file, which `models.rs` includes
    // under the feature (so that it is not even read without it).
    let file = |path: &str| file(&g, path);
    assert!(file("src/models.rs")
        .contains("#[cfg(feature = \"health\")]\ninclude!(\"models/health.rs\");"));
    assert!(file("src/models/health.rs").contains("pub struct Health "));
    assert!(file("src/client/health.rs").contains("pub fn health("));
    assert!(file("src/operations/health.rs").contains("(`health`)"));
    assert!(!file("src/models.rs").contains("pub struct Health "));
    // What several features share is in a file of its own, named after its
    // first model and included under them; its items have no `cfg` of their
    // own.
    assert!(file("src/models.rs").contains(
        "#[cfg(any(feature = \"pets\", feature = \"store\"))]\ninclude!(\"models/shared/pet.rs\");"
    ));
    assert!(file("src/models/shared/pet.rs").contains("\npub struct Pet {"));
    let gate_of = |name: &str| model_gate(&g, name);
    let models = &g
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("src/models"))
        .map(|(_, text)| text.as_str())
        .collect::<String>();
    // Pets and Store both reach Pet (Store through Order) and its union.
    for shared in ["Pet", "Kind", "Cat", "Dog", "DogBreed", "Order", "Problem"] {
        assert_eq!(
            gate_of(shared),
            "#[cfg(any(feature = \"pets\", feature = \"store\"))]",
            "{shared}"
        );
    }
    assert_eq!(gate_of("Health"), "#[cfg(feature = \"health\")]");
    // What only an event stream yields is its operation's (`store` alone,
    // built above, compiles `watch_orders`).
    for streamed in ["OrderEvent", "Receipt"] {
        assert_eq!(
            gate_of(streamed),
            "#[cfg(feature = \"store\")]",
            "{streamed}"
        );
    }
    // Twins: the alias is compiled where it is reached, the type it names
    // wherever either is (here by every feature, so always).
    assert!(
        models.contains("pub type NullableOwner = Owner;"),
        "NullableOwner is an alias of Owner"
    );
    assert_eq!(
        gate_of("NullableOwner"),
        "#[cfg(any(feature = \"pets\", feature = \"store\"))]"
    );
    let owner = models.find("pub struct Owner ").expect("Owner");
    let doc_start = models[..owner].rfind("\n/// Schema").expect("Owner's docs");
    assert!(
        !models[..owner][doc_start..].contains("#[cfg("),
        "Owner is compiled whatever the features"
    );
    assert_eq!(gate_of("Unused"), "#[cfg(feature = \"full\")]");

    // A base's kinds are not reached through it: `Parrot` is compiled with
    // `store`, which answers one, `Hamster` with `full`; their variants of
    // `Animal` likewise, and without them a value reads as the base.
    assert_eq!(
        gate_of("Animal"),
        "#[cfg(any(feature = \"pets\", feature = \"store\"))]"
    );
    assert_eq!(gate_of("Parrot"), "#[cfg(feature = \"store\")]");
    assert_eq!(gate_of("Hamster"), "#[cfg(feature = \"full\")]");
    for variant in [
        "#[non_exhaustive]\npub enum Animal {",
        "    #[cfg(feature = \"store\")]\n    Parrot(Parrot),",
        "    #[cfg(feature = \"full\")]\n    Hamster(Hamster),",
    ] {
        assert!(models.contains(variant), "{variant}");
    }
    let program = |features: &str| {
        crates::run_program_with(
            &dir,
            "features_kinds",
            &format!(
                "features-fixture = {{ path = \"../features-fixture\", default-features = false, features = [{features}] }}\n\
                 serde_json = \"1\"\n"
            ),
            &[&g],
            &[],
            &[],
        )
    };
    assert_eq!(
        program("\"pets\""),
        "read as the base, named Some(\"Polly\"); written back the same: true\n"
    );
    assert_eq!(
        program("\"store\""),
        "read as its kind; written back the same: true\n"
    );
}

#[test]
fn a_divided_feature_is_its_parts_in_every_combination() {
    let (dir, g) = generate_fixture("features_divided", "features-divided");
    assert_eq!(
        operation_features(&g),
        [
            ("health".to_string(), 1),
            ("pets".to_string(), 3),
            ("pets-pets".to_string(), 2),
            ("pets-photos".to_string(), 1)
        ],
        "the tag `Pets` divided by the resource inside its paths"
    );
    assert_eq!(
        divided_features(&g),
        [(
            "pets".to_string(),
            vec!["pets-pets".to_string(), "pets-photos".to_string()]
        )]
    );
    let text = |path: &str| file(&g, path);
    // Gates name the parts, never the divided feature; `Pet` is reached by
    // both parts, `Photo` by one.
    let models = text("src/models.rs");
    assert!(!models.contains("feature = \"pets\""), "{models}");
    assert_eq!(
        model_gate(&g, "Pet"),
        "#[cfg(any(feature = \"pets-pets\", feature = \"pets-photos\"))]"
    );
    assert!(text("src/models/pets-photos.rs").contains("pub struct Photo "));
    // A method's docs say which feature compiles it.
    assert!(text("src/client/pets-pets.rs").contains("Cargo feature: `pets-pets` (or `pets`)."));
    every_combination(&dir, &g, &["health", "pets-pets", "pets-photos"]);
    clippy(&dir, &g, &["pets"]);
}

/// The construct of real specs whose one tag holds every operation (opto22's
/// `all`): `auto` divides it by resource, where before it got no features
/// at all (a single group); a spec whose every path is a resource of its
/// own under that tag stays whole.
#[test]
fn auto_divides_a_tag_that_holds_the_api() {
    let spec = |path: &dyn Fn(usize) -> String| {
        let operations: Vec<(String, String)> =
            (0..60).map(|i| (path(i), "all".to_string())).collect();
        spec_of(&operations)
    };
    let names = |text: String| -> Vec<(String, usize, Vec<String>)> {
        let g = generator::generate_text(&text, true, None).unwrap_or_else(|r| panic!("{r}"));
        g.api
            .features
            .iter()
            .map(|f| (f.name.clone(), f.operations, f.parts.clone()))
            .collect()
    };
    let parts: Vec<String> = (0..5).map(|k| format!("all-r{k}")).collect();
    let mut expected = vec![("all".to_string(), 60, parts.clone())];
    expected.extend(parts.iter().map(|p| (p.clone(), 12, Vec::new())));
    assert_eq!(names(spec(&|i| format!("/all/r{}/op{i}", i % 5))), expected);
    assert!(names(spec(&|i| format!("/all/op{i}"))).is_empty());
}

/// A spec of one `GET` per `(path, tag)`, each answering 204.
fn spec_of(operations: &[(String, String)]) -> String {
    let paths: Vec<String> = operations
        .iter()
        .enumerate()
        .map(|(i, (path, tag))| {
            format!(
                r#""{path}":{{"get":{{"operationId":"op{i}","tags":["{tag}"],"responses":{{"204":{{"description":"ok"}}}}}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"Many tags","version":"1"}},"paths":{{{}}}}}"#,
        paths.join(",")
    )
}

/// crates.io refuses a crate of more than 300 features: an API of more
/// tags than that (Magento's 363) gets one feature per group of tags that
/// share their first words, as many words as fit, and its divided features
/// keep their parts. The crate builds with one such feature alone.
#[test]
fn features_stay_within_what_crates_io_accepts() {
    // 320 tags `area{a}-shelf{s}-item{i}` (8 areas of 10 shelves of 4
    // items), and a tag `big` of 60 operations that is divided into 5.
    let mut operations: Vec<(String, String)> = (0..320)
        .map(|i| {
            let tag = format!("area{}-shelf{}-item{i}", i / 40, i / 4 % 10);
            (format!("/{tag}"), tag)
        })
        .collect();
    operations.extend((0..60).map(|i| (format!("/big/r{}/op{i}", i % 5), "big".to_string())));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("features-many");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("many.json");
    std::fs::write(&spec, spec_of(&operations)).unwrap();
    let g = crates::generate(&spec, "features-many", &dir).unwrap_or_else(|e| panic!("{e}"));
    let features = manifest_features(&g);
    let mut expected: Vec<(String, usize, Vec<String>)> = Vec::new();
    let parts: Vec<String> = (0..5).map(|k| format!("big-r{k}")).collect();
    for a in 0..8 {
        for s in 0..10 {
            expected.push((format!("area{a}-shelf{s}"), 4, Vec::new()));
        }
    }
    expected.push(("big".to_string(), 60, parts.clone()));
    expected.extend(parts.iter().map(|p| (p.clone(), 12, Vec::new())));
    let found: Vec<(String, usize, Vec<String>)> = features
        .iter()
        .map(|f| (f.name.clone(), f.operations, f.parts.clone()))
        .collect();
    assert_eq!(found, expected);
    assert!(g.warnings_text.is_empty(), "{}", g.warnings_text);
    let manifest = std::fs::read_to_string(g.dir.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("# Operations tagged `area3-shelf7-item148`, `area3-shelf7-item149`, `area3-shelf7-item150`, `area3-shelf7-item151`. 4 operations."),
        "{manifest}"
    );
    crates::workspace(&dir, &[&g]);
    clippy(&dir, &g, &["rustls-tls", "area3-shelf7"]);
    clippy(&dir, &g, &["rustls-tls", "big-r2"]);

    // More distinct first words than crates.io takes features: none, and
    // a warning that says so.
    let one_word: Vec<(String, String)> = (0..320)
        .map(|i| (format!("/t{i}"), format!("t{i}")))
        .collect();
    let g =
        generator::generate_text(&spec_of(&one_word), true, None).unwrap_or_else(|r| panic!("{r}"));
    assert!(g.api.features.is_empty());
    let warnings = g.warnings.to_string();
    assert!(
        warnings.contains("would make 320 Cargo features, more than the 300 crates.io accepts"),
        "{warnings}"
    );
}

/// Picks `n` of `items` with a fixed seed (a linear congruential walk), so
/// the sample is the same on every run and machine.
fn seeded_sample<T: Clone>(items: &[T], n: usize) -> Vec<T> {
    let mut state: u64 = 0x5eed_2026;
    let mut pool: Vec<T> = items.to_vec();
    let mut out = Vec::new();
    while out.len() < n && !pool.is_empty() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let i = (state >> 33) as usize % pool.len();
        out.push(pool.remove(i));
    }
    out
}

#[test]
fn github_and_box_build_with_each_sampled_tag_alone_and_with_none() {
    if workspace_tests::corpus::skipped("features") {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("features-corpus");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let corpus = workspace_tests::corpus::small();
    let github = crates::generate(&corpus.join("github-api.github.com.json"), "github", &dir)
        .unwrap_or_else(|e| panic!("{e}"));
    let boxed = crates::generate(&corpus.join("box.json"), "box-api", &dir)
        .unwrap_or_else(|e| panic!("{e}"));
    crates::workspace(&dir, &[&github, &boxed]);
    let all = std::env::var_os("FEATURES_ALL").is_some();
    for g in [&github, &boxed] {
        let features = operation_features(g);
        assert!(features.len() > 20, "{}: {features:?}", g.crate_name);
        let chosen: Vec<String> = if all {
            features.iter().map(|(name, _)| name.clone()).collect()
        } else {
            let most = features.iter().max_by_key(|(_, n)| *n).unwrap().0.clone();
            let fewest = features.iter().min_by_key(|(_, n)| *n).unwrap().0.clone();
            let rest: Vec<String> = features
                .iter()
                .map(|(name, _)| name.clone())
                .filter(|name| *name != most && *name != fewest)
                .collect();
            let mut chosen = vec![most, fewest];
            chosen.extend(seeded_sample(&rest, 4));
            chosen
        };
        // GitHub's `repos`, a fifth of its operations, is divided by
        // resource (Box's largest tag has 15 of 296); the largest part of
        // each divided feature is built alone too.
        let divided = divided_features(g);
        let names: Vec<&str> = divided.iter().map(|(name, _)| name.as_str()).collect();
        let expected: &[&str] = if g.crate_name == "github" {
            &["repos"]
        } else {
            &[]
        };
        assert_eq!(names, expected, "{}", g.crate_name);
        let mut chosen = chosen;
        for (_, parts) in &divided {
            let largest = features
                .iter()
                .filter(|(name, _)| parts.contains(name))
                .max_by_key(|(_, n)| *n)
                .unwrap();
            if !chosen.contains(&largest.0) {
                chosen.push(largest.0.clone());
            }
        }
        eprintln!("{}: none, then {chosen:?} alone", g.crate_name);
        clippy(&dir, g, &[]);
        for feature in &chosen {
            clippy(&dir, g, &[feature.as_str()]);
        }
    }
}

#[test]
fn the_configuration_chooses_the_split_and_groups_tags() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("features-config");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = root().join("tests/fixtures/features.yaml");
    let names = |config: &str| -> Vec<String> {
        let path = dir.join("features.toml");
        std::fs::write(&path, config).unwrap();
        let g = generator::generate_configured(&spec, None, Some(&path))
            .unwrap_or_else(|r| panic!("{r}"));
        g.api.features.iter().map(|f| f.name.clone()).collect()
    };
    // Tags named as written or as features; a group takes their operations.
    assert_eq!(
        names("[features]\nsplit = \"tags\"\ngroups = { shop = [\"Pets\", \"store\"] }\n"),
        ["health", "shop"]
    );
    assert_eq!(
        names("[features]\nsplit = \"resources\"\n"),
        ["health", "orders", "parrots", "pets"]
    );
    assert!(names("[features]\nsplit = \"none\"\n").is_empty());
    // `divide` names a feature (or its tag as written) to divide by the
    // resource inside its paths: `/pets` and `/pets/{id}/orders`.
    assert_eq!(
        names("[features]\nsplit = \"tags\"\ndivide = [\"Pets\"]\n"),
        ["health", "pets", "pets-orders", "pets-pets", "store"]
    );
    // A name that is no feature of the API is a warning, not silence.
    let warns = |config: &str, expected: &str| {
        let path = dir.join("features.toml");
        std::fs::write(&path, config).unwrap();
        let g = generator::generate_configured(&spec, None, Some(&path)).unwrap();
        let messages: Vec<&str> = g
            .warnings
            .diagnostics
            .iter()
            .map(|w| w.message.as_str())
            .collect();
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "{expected}: {messages:?}"
        );
    };
    warns(
        "[features]\nsplit = \"tags\"\ndivide = [\"pest\"]\n",
        "`[features] divide` names `pest`",
    );
    warns(
        "[features]\nsplit = \"tags\"\ngroups = { shop = [\"Petz\", \"Store\"] }\n",
        "puts `Petz` in `shop`",
    );
    // `auto` leaves an API of 4 operations whole.
    assert!(names("").is_empty());
    let path = dir.join("features.toml");
    std::fs::write(&path, "[features]\nsplit = \"tag\"\n").unwrap();
    let report = generator::generate_configured(&spec, None, Some(&path))
        .err()
        .expect("an unknown split is an error");
    assert!(report.to_string().contains("features.toml:2:"), "{report}");
}

/// Past 2,000 operations `full` is not on by default (Microsoft Graph's
/// crate takes minutes and gigabytes to build whole); the configuration
/// can say either way.
#[test]
fn the_largest_apis_turn_no_feature_on_by_default() {
    let generate = |operations: usize, config: Option<&str>| -> (bool, String) {
        let ops: Vec<(String, String)> = (0..operations)
            .map(|i| (format!("/t{}/op{i}", i % 2), format!("t{}", i % 2)))
            .collect();
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("features-default");
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("spec.json");
        std::fs::write(&spec, spec_of(&ops)).unwrap();
        let path = dir.join("spec.toml");
        let _ = std::fs::remove_file(&path);
        if let Some(config) = config {
            std::fs::write(&path, config).unwrap();
        }
        let g = generator::generate(&spec, None).unwrap_or_else(|r| panic!("{r}"));
        let manifest = g
            .files
            .iter()
            .find(|(p, _)| p == "Cargo.toml")
            .map(|(_, text)| text.clone())
            .unwrap();
        (g.api.full_by_default, manifest)
    };
    let (on, manifest) = generate(2_000, None);
    assert!(on);
    assert!(manifest.contains("default = [\"rustls-tls\", \"full\"]\n"));
    let (on, manifest) = generate(2_001, None);
    assert!(!on);
    assert!(
        manifest.contains("default = [\"rustls-tls\"]\n")
            && manifest.contains("None is on by default: the API's 2001\n"),
        "{manifest}"
    );
    let config = |on: bool| format!("[features]\nfull_by_default = {on}\n");
    assert!(generate(2_001, Some(&config(true))).0);
    assert!(!generate(60, Some(&config(false))).0);
}
