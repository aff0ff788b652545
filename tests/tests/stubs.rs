//! Typed stand-ins (the `stubs` feature): `tests/stubs-check/main.rs`, a
//! program as a user writes it, tests its own code against Clerk's crate and
//! the `stubs` fixture's (path, query and header parameters and a body;
//! answers and documented errors of every kind) with `cargo test`, the
//! crates as its dev-dependencies with `features = ["stubs"]`.

use std::path::Path;

use workspace_tests::crates::{self, root};

#[test]
fn a_program_tests_its_code_against_the_stand_ins() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("stubs");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let clerk = crates::generate(&root().join("spec/clerk.yaml"), "clerk-backend-api", &dir)
        .unwrap_or_else(|e| panic!("{e}"));
    let shelves = crates::generate(&root().join("tests/fixtures/stubs.yaml"), "shelves", &dir)
        .unwrap_or_else(|e| panic!("{e}"));
    // A crate split by features: each feature's stand-ins in its own file.
    let features = crates::generate(
        &root().join("tests/fixtures/features.yaml"),
        "stubbed-features",
        &dir,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(features
        .files
        .iter()
        .any(|(p, _)| p == "src/stubs/store.rs"));
    crates::package(
        &dir,
        "stubs-check",
        "[dependencies]\n\
         clerk-backend-api = { path = \"../clerk-backend-api\" }\n\
         shelves = { path = \"../shelves\" }\n\n\
         [dev-dependencies]\n\
         clerk-backend-api = { path = \"../clerk-backend-api\", features = [\"stubs\"] }\n\
         shelves = { path = \"../shelves\", features = [\"stubs\"] }\n\
         serde_json = \"1\"\n\
         tokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n",
    );
    crates::workspace_with(&dir, &[&clerk, &shelves, &features], &["stubs-check"]);
    let printed = crates::test(&dir, "stubs-check", &[]).unwrap_or_else(|e| panic!("{e}"));
    assert!(printed.contains("test result: ok. 5 passed"), "{printed}");
    // The program and the crates are clippy-clean with the stand-ins on.
    for name in ["clerk-backend-api", "shelves", "stubbed-features"] {
        if let Err(e) = crates::clippy_with(&dir, name, &["--all-features", "--all-targets"]) {
            panic!("{name} with stubs:\n{e}");
        }
    }
    for one in ["stubs,pets", "stubs,store", "stubs"] {
        let args = ["--no-default-features", "--features", one];
        if let Err(e) = crates::clippy_with(&dir, "stubbed-features", &args) {
            panic!("the features fixture with {one}:\n{e}");
        }
    }
}
