//! The models' serde impls (written by the runtime's `serde_object!` instead
//! of serde's derives) behave as the schemas say for the constructs Clerk's
//! API lacks: wire names that are not Rust names, additional properties,
//! tri-state and deprecated fields, recursion, inheritance, undeclared
//! properties, unions, exact numbers. Crates are generated from the
//! fixtures and `tests/wire-check/main.rs`, which holds the checks, is built
//! against them and run. (The Clerk models are covered by `models.rs`.)

use std::path::Path;

use workspace_tests::crates::{self, root};

#[test]
fn generated_serde_impls_decode_and_encode_what_the_schemas_say() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wire");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("wire-check/src")).unwrap();
    let mut deps = String::new();
    let mut generated = Vec::new();
    for name in [
        "names",
        "maps",
        "fields",
        "recursion",
        "openapi31_keywords",
        "inheritance",
        "fidelity",
    ] {
        let spec = root().join(format!("tests/fixtures/{name}.yaml"));
        let crate_name = format!("fixture-{}", name.replace('_', "-"));
        let g = crates::generate(&spec, &crate_name, &dir).unwrap_or_else(|e| panic!("{e}"));
        // Without TLS: nothing here is sent, and the build is shorter.
        deps.push_str(&format!(
            "{crate_name} = {{ path = \"../{crate_name}\", default-features = false }}\n"
        ));
        generated.push(g);
    }
    std::fs::copy(
        root().join("tests/wire-check/main.rs"),
        dir.join("wire-check/src/main.rs"),
    )
    .unwrap();
    std::fs::write(
        dir.join("wire-check/Cargo.toml"),
        format!(
            "[package]\nname = \"wire-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nserde = \"1\"\nserde_json = \"1\"\n{deps}"
        ),
    )
    .unwrap();
    let members: Vec<&crates::Generated> = generated.iter().collect();
    crates::workspace_with(&dir, &members, &["wire-check"]);
    let output = crates::cargo()
        .args(["run", "--quiet", "-p", "wire-check"])
        .current_dir(&dir)
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the checks failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("wire: all checks passed"), "{stdout}");
}
