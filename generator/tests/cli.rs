//! The command line, as a user runs it: exit codes, messages, `--check`,
//! and that a failed run leaves the previous output as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/clerk.yaml")
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh directory under the target dir, removed first if it exists.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_spec(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Clerk's spec with one `$ref` to a schema that is not there (a warning:
/// the value is typed as any JSON).
fn dangling_ref_spec() -> String {
    std::fs::read_to_string(spec()).unwrap().replace(
        "$ref: '#/components/schemas/ClerkError'",
        "$ref: '#/components/schemas/Missing'",
    )
}

fn generate(spec: &Path, out: &Path) -> Output {
    run(&[spec.as_os_str(), "--out".as_ref(), out.as_os_str()])
}

/// `generator SPEC --out OUT --check`.
fn check(spec: &Path, out: &Path) -> Output {
    run(&[
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--check".as_ref(),
    ])
}

/// Every file below `dir`, with its content, sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: Mini, version: '1'}\npaths: {}\n";

#[test]
fn help_and_usage_errors() {
    let o = run(&["--help".as_ref()]);
    assert!(o.status.success());
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(help.contains("Usage: generator [OPTIONS] <SPEC>"), "{help}");
    assert!(
        help.contains("Examples:") && help.contains("Exit status"),
        "{help}"
    );
    let o = run(&["--version".as_ref()]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("generator "));
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("required arguments were not provided")
            && stderr(&o).contains("<SPEC>"),
        "{}",
        stderr(&o)
    );
    let o = run(&["x.yaml".as_ref(), "--bogus".as_ref()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unexpected argument '--bogus'"),
        "{}",
        stderr(&o)
    );
    // A mistyped flag gets a suggestion.
    let o = run(&["x.yaml".as_ref(), "--chek".as_ref()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("a similar argument exists: '--check'"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn options_take_their_value_after_an_equals_sign_too() {
    let dir = scratch("equals");
    let spec = write_spec(&dir, "mini.yaml", MINIMAL);
    let out = dir.join("out");
    let mut out_arg = std::ffi::OsString::from("--out=");
    out_arg.push(&out);
    let o = run(&[spec.as_os_str(), &out_arg, "--name=eq-client".as_ref()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let toml = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(toml.contains("name = \"eq-client\""), "{toml}");
}

#[test]
fn missing_file() {
    let o = run(&["does/not/exist.yaml".as_ref()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("error: cannot read the file") && e.contains("does/not/exist.yaml"),
        "{e}"
    );
}

#[test]
fn yaml_and_json_syntax_errors_give_line_and_column() {
    let dir = scratch("syntax");
    let bad = write_spec(
        &dir,
        "bad.yaml",
        "openapi: 3.0.3\ninfo:\n  title: [unclosed\n",
    );
    let o = generate(&bad, &dir.join("out"));
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("invalid YAML"), "{e}");
    assert!(
        e.contains("bad.yaml:4:1") || e.contains("bad.yaml:3:"),
        "{e}"
    );
    let bad = write_spec(
        &dir,
        "bad.json",
        "{\n  \"openapi\": \"3.0.3\",\n  \"info\": }\n",
    );
    let e = stderr(&generate(&bad, &dir.join("out")));
    assert!(
        e.contains("invalid JSON") && e.contains("bad.json:3:11"),
        "{e}"
    );
    assert!(!dir.join("out").exists(), "nothing is written on failure");
}

#[test]
fn wrong_version_says_what_was_found() {
    let dir = scratch("version");
    let spec = write_spec(&dir, "v4.yaml", &MINIMAL.replace("3.0.3", "4.0.0"));
    let e = stderr(&generate(&spec, &dir.join("out")));
    assert!(
        e.contains("found OpenAPI version 4.0.0")
            && e.contains("OpenAPI 3.0.x, 3.1.x, 3.2.x and Swagger 2.0"),
        "{e}"
    );
    assert!(e.contains("v4.yaml:1:1"), "{e}");
    let spec = write_spec(&dir, "swagger.json", "{\"swagger\": \"1.2\"}");
    let e = stderr(&generate(&spec, &dir.join("out")));
    assert!(e.contains("found Swagger version 1.2"), "{e}");
}

#[test]
fn unresolved_refs_are_all_reported_with_pointer_and_line() {
    let dir = scratch("refs");
    let text = std::fs::read_to_string(spec())
        .unwrap()
        .replacen(
            "$ref: '#/components/responses/ResourceNotFound'",
            "$ref: '#/components/responses/Missing'",
            1,
        )
        .replace(
            "$ref: '#/components/parameters/LimitParameter'",
            "$ref: '#/components/parameters/AlsoMissing'",
        );
    let spec = write_spec(&dir, "broken.yaml", &text);
    let o = generate(&spec, &dir.join("out"));
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("`$ref: #/components/responses/Missing` does not resolve"),
        "{e}"
    );
    assert!(e.contains("/responses/404/$ref"), "{e}");
    assert!(
        e.contains("AlsoMissing"),
        "both problems are reported in one run: {e}"
    );
    let line = text
        .lines()
        .position(|l| l.contains("responses/Missing'"))
        .unwrap()
        + 1;
    assert!(
        e.contains(&format!("broken.yaml:{line}:")),
        "line {line} expected: {e}"
    );
    assert!(e.contains("generation failed with"), "{e}");
}

#[test]
fn a_dangling_schema_ref_is_a_warning_and_a_json_value() {
    let dir = scratch("dangling");
    let text = dangling_ref_spec();
    let spec = write_spec(&dir, "broken.yaml", &text);
    let o = generate(&spec, &dir.join("out"));
    let e = stderr(&o);
    assert!(o.status.success(), "{e}");
    assert!(
        e.contains("warning: `$ref: #/components/schemas/Missing` does not resolve: no such schema in `components.schemas`; the value is typed as `serde_json::Value`"),
        "{e}"
    );
    assert!(
        e.contains("= at #/components/schemas/ClerkErrors/properties/errors/items/$ref"),
        "{e}"
    );
    let line = text
        .lines()
        .position(|l| l.contains("schemas/Missing'"))
        .unwrap()
        + 1;
    assert!(e.contains(&format!("broken.yaml:{line}:")), "{e}");
    let models = std::fs::read_to_string(dir.join("out/src/models.rs")).unwrap();
    assert!(
        models.contains("pub errors: Vec<serde_json::Value>,"),
        "the rest of the crate is generated"
    );
}

#[test]
fn a_problem_in_minified_json_is_placed_at_its_own_key() {
    // The whole description on one line, as Microsoft Graph's is: the
    // place of a problem is found by the document's structure, not at the
    // first key of the same name on the line.
    let dir = scratch("minified");
    let text = dangling_ref_spec();
    let value: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    let json = serde_json::to_string(&value).unwrap();
    assert_eq!(json.lines().count(), 1);
    let spec = write_spec(&dir, "minified.json", &json);
    let o = generate(&spec, &dir.join("out"));
    let e = stderr(&o);
    assert!(o.status.success(), "{e}");
    let at = json
        .find(r##""$ref":"#/components/schemas/Missing""##)
        .unwrap();
    let column = json[..at].chars().count() + 1;
    assert!(
        e.contains(&format!("minified.json:1:{column}\n")),
        "column {column} expected: {e}"
    );
    // The excerpt is the line around that column, the key underlined.
    assert!(e.contains("^^^^^^"), "{e}");
    let excerpt = e.lines().find(|l| l.starts_with("1 | ")).unwrap();
    assert!(
        excerpt.contains(r##""$ref":"#/components/schemas/Missing""##),
        "{e}"
    );
}

#[test]
fn check_reports_drift_with_a_diff() {
    let dir = scratch("check");
    let out = dir.join("out");
    let text = std::fs::read_to_string(spec()).unwrap();
    let spec_path = write_spec(&dir, "clerk.yaml", &text);
    assert!(generate(&spec_path, &out).status.success());
    let o = check(&spec_path, &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());

    let edited = text.replace(
        "Retrieve an organization invitation by ID",
        "Fetch one invitation",
    );
    assert_ne!(edited, text);
    write_spec(&dir, "clerk.yaml", &edited);
    let before = snapshot(&out);
    let o = check(&spec_path, &out);
    assert_eq!(o.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&o.stdout);
    assert!(
        diff.contains("-/// Retrieve an organization invitation by ID"),
        "{diff}"
    );
    assert!(diff.contains("+/// Fetch one invitation"), "{diff}");
    assert!(diff.contains("+++ b/"), "{diff}");
    assert_eq!(snapshot(&out), before, "--check writes nothing");
}

/// The change report: `--check` (and a write) over a crate an earlier run
/// wrote says what the new spec changes in its public API and the version
/// that implies; with `bump_version`, the manifest gets that version.
#[test]
fn check_reports_api_changes_and_the_version_they_imply() {
    let dir = scratch("changes");
    let out = dir.join("out");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/changes");
    let spec = fixtures.join("base.yaml");
    let config = write_spec(
        &dir,
        "bump.toml",
        "[package]\nversion = \"1.4.2\"\nbump_version = true\n[features]\nsplit = \"tags\"\n",
    );
    let with = |overlay: &str, check: bool| {
        let overlay = fixtures.join(overlay);
        let mut args = vec![
            spec.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--config".as_ref(),
            config.as_os_str(),
            "--overlay".as_ref(),
            overlay.as_os_str(),
        ];
        if check {
            args.push("--check".as_ref());
        }
        run(&args)
    };
    // A first generation has nothing to compare with, and says nothing.
    let o = run(&[
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--config".as_ref(),
        config.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("API changes"), "{}", stderr(&o));

    // A new operation: an addition, 1.4.2 → 1.5.0.
    let o = with("operation_added.yaml", true);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("API changes since directory 1.4.2: 0 breaking, 1 added\n  added     `Client::delete_user`: new operation (with `users`)\nimplied version: 1.5.0 (additions only bump the minor number)\n"),
        "{err}"
    );
    let diff = String::from_utf8_lossy(&o.stdout);
    assert!(diff.contains("+version = \"1.5.0\""), "{diff}");

    // Written, the crate has it; checked again, it is up to date.
    assert!(with("operation_added.yaml", false).status.success());
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("version = \"1.5.0\""), "{manifest}");
    let o = with("operation_added.yaml", true);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("API changes"), "{}", stderr(&o));

    // The base with a property removed instead (and the operation added
    // before gone): breaking, 1.5.0 → 2.0.0.
    let o = with("field_removed.yaml", true);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("  breaking  `models::User.email`: removed\n"),
        "{err}"
    );
    assert!(
        err.contains("implied version: 2.0.0 (breaking changes bump the major number)"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("+version = \"2.0.0\""));
}

#[test]
fn a_failed_run_leaves_previous_output_and_foreign_files_alone() {
    let dir = scratch("atomic");
    let out = dir.join("out");
    assert!(generate(&spec(), &out).status.success());
    std::fs::write(out.join("NOTES.md"), "mine").unwrap();
    let before = snapshot(&out);
    let broken = write_spec(
        &dir,
        "broken.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/x: {get: {responses: 5}}}\n",
    );
    let o = generate(&broken, &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nothing was written"));
    assert_eq!(snapshot(&out), before);
    // A successful run keeps files it did not create.
    assert!(generate(&spec(), &out).status.success());
    assert_eq!(
        std::fs::read_to_string(out.join("NOTES.md")).unwrap(),
        "mine"
    );
}

#[test]
fn two_runs_give_identical_bytes_and_json_equals_yaml() {
    let dir = scratch("determinism");
    let (a, b) = (dir.join("a"), dir.join("b"));
    assert!(generate(&spec(), &a).status.success());
    assert!(generate(&spec(), &b).status.success());
    let strip = |files: Vec<(PathBuf, Vec<u8>)>, base: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        files
            .into_iter()
            .map(|(p, c)| (p.strip_prefix(base).unwrap().to_path_buf(), c))
            .collect()
    };
    let first = strip(snapshot(&a), &a);
    assert_eq!(first, strip(snapshot(&b), &b));

    // The same description as JSON (with the same configuration beside it)
    // gives the same crate.
    std::fs::copy(spec().with_extension("toml"), dir.join("clerk.toml")).unwrap();
    let webhooks = spec().with_file_name("clerk-webhooks.yml");
    std::fs::copy(webhooks, dir.join("clerk-webhooks.yml")).unwrap();
    let value: serde_json::Value =
        serde_yaml::from_str(&std::fs::read_to_string(spec()).unwrap()).unwrap();
    let json = write_spec(
        &dir,
        "clerk.json",
        &serde_json::to_string_pretty(&value).unwrap(),
    );
    let c = dir.join("c");
    assert!(generate(&json, &c).status.success());
    assert_eq!(first, strip(snapshot(&c), &c));
}

#[test]
fn crate_name_option() {
    let dir = scratch("name");
    let spec = write_spec(&dir, "mini.yaml", MINIMAL);
    let out = dir.join("out");
    let o = run(&[
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--name".as_ref(),
        "my_client".as_ref(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let toml = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(toml.contains("name = \"my_client\""), "{toml}");
    let o = run(&[spec.as_os_str(), "--name".as_ref(), "bad name".as_ref()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not a valid crate name"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn include_and_exclude_select_operations() {
    let dir = scratch("select");
    let out = dir.join("out");
    let o = run(&[
        spec().as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--include".as_ref(),
        "/organizations/{id}/invitations/**".as_ref(),
        "--include=GET /teams".as_ref(),
        "--exclude".as_ref(),
        "POST /**".as_ref(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("(3 operations,"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "warning: `[select] include` has `GET /teams`, which matches none of the API's operations"
        ),
        "{}",
        stderr(&o)
    );
    let client = std::fs::read_to_string(out.join("src/client.rs")).unwrap();
    for kept in [
        "fn list_organization_invitations(",
        "fn list_pending_organization_invitations(",
        "fn get_organization_invitation(",
    ] {
        assert!(client.contains(kept), "{kept}");
    }
    for left in [
        "fn list_instance_organization_invitations(",
        "fn create_organization_invitation(",
        "fn revoke_organization_invitation(",
    ] {
        assert!(!client.contains(left), "{left}");
    }
    // A pattern that is none is an error, and nothing is written.
    let elsewhere = dir.join("elsewhere");
    let o = run(&[
        spec().as_os_str(),
        "--out".as_ref(),
        elsewhere.as_os_str(),
        "--include".as_ref(),
        "organizations/**".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("`[select] include` has `organizations/**`, which is no pattern"),
        "{}",
        stderr(&o)
    );
    assert!(!elsewhere.exists());
}

/// The generated crate builds on its own, outside this workspace.
#[test]
fn output_builds_as_a_standalone_crate() {
    // Outside this workspace's directory, or cargo takes it for a member.
    let dir = std::env::temp_dir().join(format!("generator-standalone-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.join("clerk");
    assert!(generate(&spec(), &out).status.success());
    // A target dir of its own: the one running this test is locked by cargo.
    // Shared with the workspace tests that build generated crates.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../generated-crates");
    // Built as the tests crate builds generated crates (`crates::cargo`):
    // once, so without debug info or incremental caches.
    let o = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn multi_file_problems_name_the_file_and_line_they_are_in() {
    let dir = scratch("multi");
    std::fs::create_dir_all(dir.join("schemas")).unwrap();
    let root = write_spec(
        &dir,
        "openapi.yaml",
        "openapi: 3.0.3\ninfo: {title: Multi, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'schemas/A.yaml'}\n",
    );
    // A broken reference two files down is reported in the file that has it.
    write_spec(
        &dir.join("schemas"),
        "A.yaml",
        "type: object\nproperties:\n  b:\n    $ref: 'B.yaml#/Missing'\n",
    );
    write_spec(&dir.join("schemas"), "B.yaml", "Other: {type: string}\n");
    let e = stderr(&generate(&root, &dir.join("out")));
    assert!(
        e.contains("`$ref:") && e.contains("has nothing at `#/Missing`"),
        "{e}"
    );
    assert!(e.contains("A.yaml:4:5"), "the line in A.yaml: {e}");
    assert!(
        e.contains("= at #/properties/b/$ref"),
        "the pointer in A.yaml: {e}"
    );

    // Once fixed, generation works, and `--check` and reruns are exact.
    write_spec(&dir.join("schemas"), "B.yaml", "Missing: {type: string}\n");
    assert!(generate(&root, &dir.join("out")).status.success());
    let first = snapshot(&dir.join("out"));
    assert!(generate(&root, &dir.join("out")).status.success());
    assert_eq!(first, snapshot(&dir.join("out")));
    let checked = check(&root, &dir.join("out"));
    assert!(checked.status.success(), "{}", stderr(&checked));
    write_spec(&dir.join("schemas"), "B.yaml", "Missing: {type: integer}\n");
    let checked = check(&root, &dir.join("out"));
    assert_eq!(
        checked.status.code(),
        Some(1),
        "a change in another file is drift"
    );
}

#[test]
fn references_to_urls_and_missing_files_are_refused() {
    let dir = scratch("urls");
    let spec = write_spec(
        &dir,
        "openapi.yaml",
        "openapi: 3.1.0\ninfo: {title: U, version: '1'}\ncomponents:\n  schemas:\n    A: {$ref: 'https://example.com/a.yaml'}\n    B: {$ref: 'nope.yaml'}\n",
    );
    let e = stderr(&generate(&spec, &dir.join("out")));
    assert!(
        e.contains("refers to a URL; the generator never reaches the network"),
        "{e}"
    );
    assert!(e.contains("openapi.yaml:5:5"), "{e}");
    assert!(
        e.contains("cannot read `") && e.contains("nope.yaml"),
        "{e}"
    );
    assert!(!dir.join("out").exists(), "nothing is written on failure");
}

#[test]
fn swagger_2_problems_point_at_the_swagger_file() {
    let dir = scratch("swagger");
    // `definitions` move to `components.schemas`; the error must still be
    // placed on the 2.0 line.
    let spec = write_spec(
        &dir,
        "swagger.yaml",
        "swagger: '2.0'\ninfo: {title: S, version: '1'}\npaths: {}\ndefinitions:\n  Pet:\n    type: object\n    properties:\n      owner: {$ref: '#/definitions/Nobody'}\n",
    );
    let e = stderr(&generate(&spec, &dir.join("out")));
    assert!(e.contains("does not resolve"), "{e}");
    assert!(e.contains("swagger.yaml:8:"), "{e}");
    assert!(
        e.contains("= at #/definitions/Pet/properties/owner/$ref"),
        "{e}"
    );
}

#[test]
fn files_no_longer_generated_are_removed_and_others_kept() {
    let dir = scratch("stale");
    let out = dir.join("out");
    assert!(generate(&spec(), &out).status.success());
    let manifest = std::fs::read_to_string(out.join(".generated-files")).unwrap();
    assert!(manifest.lines().any(|l| l == "src/models.rs"), "{manifest}");
    assert!(
        manifest.lines().any(|l| l == ".generated-files"),
        "{manifest}"
    );
    // As an earlier generator would have left them: a module it wrote (and
    // listed) that this one no longer produces, and a file of the user's.
    std::fs::write(out.join("src/wire.rs"), "// old module\n").unwrap();
    std::fs::create_dir_all(out.join("src/old")).unwrap();
    std::fs::write(out.join("src/old/decode.rs"), "// old\n").unwrap();
    std::fs::write(
        out.join(".generated-files"),
        format!("{manifest}src/wire.rs\nsrc/old/decode.rs\n../outside.rs\n"),
    )
    .unwrap();
    std::fs::write(dir.join("outside.rs"), "// not in the output folder\n").unwrap();
    std::fs::write(out.join("NOTES.md"), "mine").unwrap();

    let checked = check(&spec(), &out);
    assert_eq!(checked.status.code(), Some(1), "stale files are drift");
    let diff = String::from_utf8_lossy(&checked.stdout);
    assert!(
        diff.contains("would be removed") && diff.contains("src/wire.rs"),
        "{diff}"
    );
    assert!(out.join("src/wire.rs").exists(), "--check removes nothing");

    assert!(generate(&spec(), &out).status.success());
    assert!(!out.join("src/wire.rs").exists());
    assert!(
        !out.join("src/old").exists(),
        "the folder it leaves empty goes too"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("NOTES.md")).unwrap(),
        "mine"
    );
    assert!(
        dir.join("outside.rs").exists(),
        "nothing outside the output folder"
    );
    assert_eq!(
        std::fs::read_to_string(out.join(".generated-files")).unwrap(),
        manifest
    );
    let checked = check(&spec(), &out);
    assert!(checked.status.success(), "{}", stderr(&checked));
}

#[test]
fn configuration_beside_the_spec_or_given_sets_package_and_headers() {
    let dir = scratch("config");
    let spec = write_spec(&dir, "mini.yaml", MINIMAL);
    write_spec(
        &dir,
        "mini.toml",
        "[package]\nname = \"mini-client\"\nversion = \"2.1.0\"\ndescription = \"Mini {info.version}\"\n\n[headers]\nX-Api-Version = \"{info.version}\"\n",
    );
    let out = dir.join("out");
    let o = generate(&spec, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let toml = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(toml.contains("name = \"mini-client\""), "{toml}");
    assert!(toml.contains("version = \"2.1.0\""), "{toml}");
    assert!(toml.contains("description = \"Mini 1\""), "{toml}");
    let client = std::fs::read_to_string(out.join("src/client.rs")).unwrap();
    assert!(
        client.contains("core.set_header(\"X-Api-Version\", \"1\");"),
        "{client}"
    );

    // `--config` names another file; `--name` still wins over `package.name`.
    let other = write_spec(&dir, "other.toml", "[package]\nname = \"other\"\n");
    let o = run(&[
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--config".as_ref(),
        other.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let toml = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(toml.contains("name = \"other\""), "{toml}");
    let o = run(&[
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--config".as_ref(),
        other.as_os_str(),
        "--name".as_ref(),
        "cli-name".as_ref(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let toml = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(toml.contains("name = \"cli-name\""), "{toml}");
}

#[test]
fn a_bad_configuration_is_an_error_at_its_line_and_writes_nothing() {
    let dir = scratch("bad-config");
    let spec = write_spec(&dir, "mini.yaml", MINIMAL);
    write_spec(
        &dir,
        "mini.toml",
        "[headers]\nA = \"b\"\n\n[pakage]\nname = \"x\"\n",
    );
    let o = generate(&spec, &dir.join("out"));
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("invalid configuration") && e.contains("pakage"),
        "{e}"
    );
    assert!(e.contains("mini.toml:4:"), "{e}");
    assert!(!dir.join("out").exists(), "nothing is written");
    write_spec(&dir, "mini.toml", "[headers]\nA = 2\n");
    let e = stderr(&generate(&spec, &dir.join("out")));
    assert!(e.contains("mini.toml:2:"), "{e}");
    let o = run(&[spec.as_os_str(), "--config".as_ref(), "nope.toml".as_ref()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read the configuration"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn overlays_from_the_command_line_change_the_spec_and_their_mistakes_are_placed_in_them() {
    let dir = scratch("overlay");
    let spec = write_spec(
        &dir,
        "mini.yaml",
        "openapi: 3.0.3\ninfo: {title: Mini, version: '1'}\npaths:\n  /thing:\n    get:\n      responses:\n        '200': {description: ok}\n",
    );
    let overlay = write_spec(
        &dir,
        "fix.yaml",
        "overlay: 1.0.0\ninfo: {title: fix, version: '1'}\nactions:\n  - target: $.info\n    update:\n      title: Renamed API\n  - target: $.paths.*.get\n    update:\n      operationId: fetchThing\n",
    );
    let out = dir.join("out");
    let with_overlay = || {
        run(&[
            spec.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--overlay".as_ref(),
            overlay.as_os_str(),
        ])
    };
    let o = with_overlay();
    assert!(o.status.success(), "{}", stderr(&o));
    let toml = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(toml.contains("name = \"renamed-api\""), "{toml}");
    let client = std::fs::read_to_string(out.join("src/client.rs")).unwrap();
    assert!(client.contains("pub fn fetch_thing("), "{client}");

    // A target that selects nothing is a warning at its line in the overlay.
    write_spec(
        &dir,
        "fix.yaml",
        "overlay: 1.0.0\ninfo: {title: fix, version: '1'}\nactions:\n  - target: $.paths['/nope']\n    update: {summary: x}\n",
    );
    let o = with_overlay();
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("selects nothing") && e.contains("fix.yaml:4:"),
        "{e}"
    );

    // What an overlay brings in is placed in the overlay: a broken
    // reference inside its update is reported at the overlay's line.
    write_spec(
        &dir,
        "fix.yaml",
        "overlay: 1.0.0\ninfo: {title: fix, version: '1'}\nactions:\n  - target: $.paths.*.get.responses\n    update:\n      '404':\n        $ref: '#/components/responses/Missing'\n",
    );
    let o = with_overlay();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("Missing") && e.contains("fix.yaml:7:"), "{e}");

    // A malformed overlay is an error at its line, and nothing is written.
    let before = snapshot(&out);
    for (text, line) in [
        ("overlay: 1.0.0\ninfo: {title: fix, version: '1'}\nactions:\n  - target: $.paths[\n    update: {}\n", "fix.yaml:4:"),
        ("overlay: 1.0.0\ninfo: {title: fix, version: '1'}\nactions:\n  - target: $.info.title\n    update: {a: 1}\n", "fix.yaml:4:"),
        ("overlay: 3.0.0\ninfo: {title: fix, version: '1'}\nactions: []\n", "fix.yaml:1:"),
        ("openapi: 3.0.3\n", "fix.yaml"),
    ] {
        write_spec(&dir, "fix.yaml", text);
        let o = with_overlay();
        assert_eq!(o.status.code(), Some(2), "{text}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(e.contains(line), "{text}: {e}");
    }
    assert_eq!(snapshot(&out), before, "a failed run writes nothing");
}
