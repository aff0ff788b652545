//! Generation from a build script (`generator::Build`): the module it
//! writes, the errors it gives cargo, and a real `cargo build` of a crate
//! whose `build.rs` uses it: a broken spec fails the build with its file and
//! line, and fixing the spec makes the next build pass.
//!
//! The workspace's `examples/build-script` crate is the working example; its
//! own test calls the client it generates.

use std::path::{Path, PathBuf};

use generator::build_script::directives;
use generator::diag::Severity;
use generator::Build;
use workspace_tests::crates::{self, root};

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_module_is_self_contained() {
    let out = scratch("build-script-module");
    let built = Build::new(root().join("spec/clerk.yaml"))
        .module("clerk")
        .out_dir(&out)
        .generate()
        .unwrap_or_else(|r| panic!("{r}"));
    assert_eq!(built.path, out.join("clerk.rs"));
    let text = std::fs::read_to_string(&built.path).unwrap();
    let code: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect();
    assert!(code.contains(&"pub mod clerk {"), "one module");
    // Reaches its parts relative to itself, wherever it is included.
    for line in &code {
        let outside = line.replace("pub(crate)", "");
        assert!(!outside.contains("crate::"), "a crate path: {line}");
        assert!(!outside.contains("$crate"), "a crate path: {line}");
        assert!(!line.contains("feature ="), "an unsettled feature: {line}");
        assert!(!line.contains("cfg(test)"), "the runtime's tests: {line}");
    }
    assert!(text.contains("#![deny(missing_docs)]"));
    assert!(text.contains("```ignore"), "doc examples kept as text");
    assert!(!text.contains("```no_run"));
    // The configuration beside the spec is read (and watched).
    assert!(text.contains("\"Clerk-API-Version\""));
    let inputs: Vec<String> = built
        .inputs
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(inputs, ["clerk.yaml", "clerk-webhooks.yml", "clerk.toml"]);
    // An unchanged spec rewrites nothing, so cargo rebuilds nothing.
    let modified = std::fs::metadata(&built.path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    Build::new(root().join("spec/clerk.yaml"))
        .module("clerk")
        .out_dir(&out)
        .generate()
        .unwrap();
    let again = std::fs::metadata(&built.path).unwrap().modified().unwrap();
    assert_eq!(modified, again);
}

#[test]
fn include_and_exclude_select_the_module_s_operations() {
    let out = scratch("build-script-select");
    let built = Build::new(root().join("spec/clerk.yaml"))
        .module("clerk")
        .out_dir(&out)
        .include("/organizations/**")
        .exclude("POST /**")
        .generate()
        .unwrap_or_else(|r| panic!("{r}"));
    let text = std::fs::read_to_string(&built.path).unwrap();
    assert!(text.contains("pub fn get_organization_invitation("));
    assert!(!text.contains("pub fn revoke_organization_invitation("));
    assert!(!text.contains("pub fn list_instance_organization_invitations("));
}

#[test]
fn every_file_of_a_split_spec_is_an_input() {
    let out = scratch("build-script-inputs");
    let built = Build::new(root().join("tests/fixtures/multifile/openapi.yaml"))
        .out_dir(&out)
        .generate()
        .unwrap_or_else(|r| panic!("{r}"));
    let mut names: Vec<String> = built
        .inputs
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.remove(0), "openapi.yaml", "the root first");
    assert!(names.len() >= 3, "the files it refers to: {names:?}");
    // The module is named after the crate the spec would give.
    assert!(std::fs::read_dir(&out).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .ends_with(".rs")));
}

#[test]
fn errors_become_cargo_errors_with_file_and_line() {
    let out = scratch("build-script-errors");
    let spec = out.join("api.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          $ref: '#/components/responses/Gone'\n",
    )
    .unwrap();
    let report = Build::new(&spec).out_dir(&out).generate().unwrap_err();
    let lines = directives(Severity::Error, &report);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let expected = format!("cargo::error={}:8:11: ", spec.display());
    assert!(lines[0].starts_with(&expected), "{}", lines[0]);
    assert!(lines[0].contains("Gone"), "{}", lines[0]);
    assert!(!out.join("t.rs").exists(), "nothing written");
    assert!(directives(Severity::Warning, &report).is_empty());

    // Bad module names are refused before anything is written.
    let good = root().join("spec/clerk.yaml");
    for name in ["Clerk", "my-api", "2fa", "type", ""] {
        let report = Build::new(&good)
            .module(name)
            .out_dir(&out)
            .generate()
            .unwrap_err();
        assert!(
            report.to_string().contains("not a valid module name"),
            "{name}: {report}"
        );
    }
}

/// A crate whose build script generates from `api.yaml` beside it, with
/// tracing and multipart on (so the settled features compile too).
fn write_crate(dir: &Path) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let generator = root().join("generator");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"uses-build-script\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nbytes = \"1\"\nform_urlencoded = \"1\"\nfutures-core = \"0.3\"\n\
             futures-util = {{ version = \"0.3\", default-features = false }}\npercent-encoding = \"2\"\n\
             reqwest = {{ version = \"0.12\", default-features = false, features = [\"http2\", \"stream\", \"rustls-tls\", \"multipart\"] }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\
             tokio = {{ version = \"1\", features = [\"fs\", \"io-util\", \"time\"] }}\n\
             tracing = {{ version = \"0.1\", default-features = false, features = [\"std\"] }}\n\n\
             [build-dependencies]\ngenerator = {{ path = {:?}, default-features = false }}\n\n\
             [workspace]\n",
            generator.display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("build.rs"),
        "fn main() {\n    generator::Build::new(\"api.yaml\").module(\"api\").tracing(true).run();\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        "//! Uses a generated module.\ninclude!(concat!(env!(\"OUT_DIR\"), \"/api.rs\"));\n\n\
         /// A client for a local server.\npub fn local() -> api::Client {\n    api::Client::new(\"http://127.0.0.1:1\")\n}\n",
    )
    .unwrap();
}

fn clippy(dir: &Path) -> std::process::Output {
    crates::cargo()
        .args(["clippy", "--quiet"])
        .args(["--", "-D", "warnings"])
        .current_dir(dir)
        .output()
        .expect("cargo runs")
}

#[test]
fn a_broken_spec_fails_the_cargo_build_and_a_fixed_one_builds() {
    let dir = scratch("build-script-crate");
    write_crate(&dir);
    // A response that refers to one that does not exist, on line 14.
    let broken = "openapi: 3.0.3\ninfo: {title: Uploads, version: '1'}\npaths:\n  /files:\n    post:\n      operationId: upload\n      requestBody:\n        content:\n          multipart/form-data:\n            schema:\n              properties:\n                file: {type: string, format: binary}\n      responses:\n        '204': {$ref: '#/components/responses/Done'}\n";
    std::fs::write(dir.join("api.yaml"), broken).unwrap();
    let output = clippy(&dir);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains(": api.yaml:14:9: `$ref: #/components/responses/Done` does not resolve")
            && stderr.contains("error: uses-build-script"),
        "cargo shows the spec's line:\n{stderr}"
    );

    // Fixing the spec reruns the script (it watches the file): the build
    // passes, tracing and multipart included, without a warning.
    std::fs::write(
        dir.join("api.yaml"),
        broken.replace(
            "{$ref: '#/components/responses/Done'}",
            "{description: done}",
        ),
    )
    .unwrap();
    let output = clippy(&dir);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn features_of_a_split_api_are_chosen_for_the_module() {
    let out = scratch("build-script-features");
    let spec = root().join("tests/fixtures/features.yaml");
    let text = |build: Build| {
        let built = build
            .out_dir(&out)
            .generate()
            .unwrap_or_else(|r| panic!("{r}"));
        std::fs::read_to_string(built.path).unwrap()
    };
    // The item after each `cfg`: settled to `all()` (on) or `any()` (off).
    let gate = |text: &str, item: &str| -> String {
        let at = text.find(item).unwrap_or_else(|| panic!("{item}"));
        let cfg = text[..at].rfind("#[cfg(").unwrap();
        text[cfg..].lines().next().unwrap().trim().to_string()
    };
    let pets = text(Build::new(&spec).module("shop").features(["pets"]));
    assert_eq!(gate(&pets, "pub struct Health "), "#[cfg(any())]");
    assert_eq!(gate(&pets, "pub struct Pet "), "#[cfg(any(all(), any()))]");
    assert_eq!(
        gate(&pets, "pub struct Unused "),
        "#[cfg(any())]",
        "full is off"
    );
    let all = text(Build::new(&spec).module("shop"));
    assert_eq!(gate(&all, "pub struct Health "), "#[cfg(all())]");
    assert_eq!(gate(&all, "pub struct Unused "), "#[cfg(all())]");
    let report = Build::new(&spec)
        .features(["petz"])
        .out_dir(&out)
        .generate()
        .unwrap_err();
    assert!(
        report
            .to_string()
            .contains("no feature \"petz\"; the API's are health, pets, store"),
        "{report}"
    );
    // A divided feature chooses its parts.
    let spec = root().join("tests/fixtures/features_divided.yaml");
    let pets = text(Build::new(&spec).module("pets").features(["pets"]));
    assert_eq!(gate(&pets, "pub struct Photo "), "#[cfg(all())]");
    let part = text(Build::new(&spec).module("pets").features(["pets-pets"]));
    assert_eq!(gate(&part, "pub struct Photo "), "#[cfg(any())]");
    assert_eq!(gate(&part, "pub struct Pet "), "#[cfg(any(all(), any()))]");
}
