//! Generated crates on `wasm32-unknown-unknown` (browsers, edge runtimes):
//!
//! - they build with every feature and with none, `clippy -D warnings`:
//!   Clerk's, GitHub's (771 operations, features per tag) and the fixtures
//!   that use what differs there (uploads, event streams, pagination, OAuth
//!   tokens, retries);
//! - they work, in Node.js: `tests/wasm-e2e/lib.rs`, compiled for the target
//!   and run by `wasm-bindgen-test`, calls a local server through Clerk's
//!   crate and the `pagination` and `streaming` fixtures' (retries, hooks,
//!   timeouts, a deadline, pages, events).
//!
//! The target is added with `rustup` and the test runner installed from
//! crates.io (`wasm-bindgen-cli` of the version the build resolves, into
//! `target/tools/`, about two minutes once) when missing. Where that cannot
//! be done, or there is no `node`, the test says so in one line and is
//! skipped, unless `TOOLS_REQUIRED` is set (`.ci/run` sets it), when it fails.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::crates::{self, root};

const TARGET: &str = "wasm32-unknown-unknown";

/// Why the target's standard library is missing, adding it if it is:
/// `None` once it is installed. Both tests ask at once on a fresh machine,
/// and two `rustup target add` running together fail (each renames the
/// other's download away), so the first asks and the other waits for its
/// answer.
fn target_missing() -> Option<String> {
    static ANSWER: OnceLock<Option<String>> = OnceLock::new();
    ANSWER
        .get_or_init(|| {
            let installed = |output: &std::process::Output| {
                String::from_utf8_lossy(&output.stdout)
                    .lines()
                    .any(|line| line.trim() == TARGET)
            };
            let listed = match Command::new("rustup")
                .args(["target", "list", "--installed"])
                .output()
            {
                Ok(listed) => listed,
                Err(e) => return Some(format!("there is no `rustup` to add {TARGET} ({e})")),
            };
            if installed(&listed) {
                return None;
            }
            match Command::new("rustup")
                .args(["target", "add", TARGET])
                .status()
            {
                Ok(status) if status.success() => None,
                Ok(status) => Some(format!("`rustup target add {TARGET}` failed ({status})")),
                Err(e) => Some(format!("`rustup target add {TARGET}` did not run ({e})")),
            }
        })
        .clone()
}

/// Says why the test cannot run: a failure where the tools are required.
fn missing(what: &str) {
    if std::env::var_os("TOOLS_REQUIRED").is_some() {
        panic!("wasm: {what}; TOOLS_REQUIRED is set, so this fails instead of skipping");
    }
    eprintln!("wasm: skipped, {what}");
}

#[test]
fn generated_crates_build_for_wasm32() {
    if let Some(why) = target_missing() {
        missing(&why);
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wasm");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let specs = [
        ("clerk", root().join("spec/clerk.yaml")),
        (
            "github",
            root().join("tests/corpus/github-api.github.com.json"),
        ),
        ("bodies", root().join("tests/fixtures/bodies.yaml")),
        ("streaming", root().join("tests/fixtures/streaming.yaml")),
        ("pagination", root().join("tests/fixtures/pagination.yaml")),
        (
            "security-oauth",
            root().join("tests/fixtures/security_oauth.yaml"),
        ),
        ("faults", root().join("tests/fixtures/faults.yaml")),
    ];
    let generated: Vec<crates::Generated> = specs
        .iter()
        .map(|(name, spec)| {
            crates::generate(spec, &format!("wasm-{name}"), &dir)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        })
        .collect();
    crates::workspace(&dir, &generated.iter().collect::<Vec<_>>());
    let mut failed = Vec::new();
    for g in &generated {
        for features in [&["--all-features"][..], &["--no-default-features"][..]] {
            let mut args = vec!["--target", TARGET];
            args.extend(features);
            if let Err(e) = crates::clippy_with(&dir, &g.crate_name, &args) {
                failed.push(format!("{} {features:?}:\n{e}", g.crate_name));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// `wasm-bindgen-test-runner` of the version the workspace at `dir`
/// resolved (they must match), installed into `target/tools/` if missing.
fn test_runner(dir: &Path) -> Option<PathBuf> {
    let lock = std::fs::read_to_string(dir.join("Cargo.lock")).ok()?;
    let version = lock
        .split("\n[[package]]\n")
        .find(|p| p.starts_with("name = \"wasm-bindgen\"\n"))?
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))?
        .trim_end_matches('"')
        .to_string();
    let tools = root()
        .join("target/tools")
        .join(format!("wasm-bindgen-{version}"));
    let runner = tools.join("bin/wasm-bindgen-test-runner");
    if !runner.exists() {
        eprintln!(
            "wasm: installing wasm-bindgen-cli {version} into {}",
            tools.display()
        );
        let installed = Command::new(env!("CARGO"))
            .args(["install", "--quiet", "wasm-bindgen-cli", "--version"])
            .arg(&version)
            .arg("--root")
            .arg(&tools)
            .status()
            .is_ok_and(|s| s.success());
        if !installed {
            return None;
        }
    }
    Some(runner)
}

/// What the program in Node.js calls: Clerk's invitation behind a hook
/// check, answered 503 twice then 200 (`/retry`) or only after 3 s
/// (`/slow`); a list in three pages; three typed events.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    let invitation = json!({
        "object": "organization_invitation",
        "id": "orginv_1",
        "email_address": "new@example.com",
        "role": "org:member",
        "role_name": "Member",
        "organization_id": "org_1",
        "status": "pending",
        "public_metadata": {},
        "private_metadata": {},
        "created_at": 1_700_000_000i64,
        "updated_at": 1_700_000_001i64
    });
    let one = "/organizations/org_1/invitations/orginv_1";
    Mock::given(method("GET"))
        .and(path(format!("/retry{one}")))
        .and(header("x-hooked", "yes"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/retry{one}")))
        .and(header("x-hooked", "yes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&invitation))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/slow{one}")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(&invitation)
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let page = |ids: &[u32], next: Option<&str>| {
        let items: Vec<_> = ids.iter().map(|i| json!({"id": i.to_string()})).collect();
        ResponseTemplate::new(200)
            .set_body_json(json!({"items": items, "meta": {"next_cursor": next}}))
    };
    Mock::given(path("/cursor"))
        .and(query_param_is_missing("cursor"))
        .respond_with(page(&[1, 2], Some("c2")))
        .mount(&server)
        .await;
    Mock::given(path("/cursor"))
        .and(query_param("cursor", "c2"))
        .respond_with(page(&[3, 4], Some("c3")))
        .mount(&server)
        .await;
    Mock::given(path("/cursor"))
        .and(query_param("cursor", "c3"))
        .respond_with(page(&[5], None))
        .mount(&server)
        .await;
    Mock::given(path("/ticks"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "data: {\"n\":1}\n\ndata: {\"n\":2}\n\n: a comment\ndata: {\"n\":3}\n\ndata: [DONE]\n\n",
            "text/event-stream",
        ))
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn generated_clients_work_in_node() {
    if let Some(why) = target_missing() {
        missing(&why);
        return;
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing("there is no `node` to run the program in");
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wasm-e2e");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let generated: Vec<crates::Generated> = [
        ("clerk", root().join("spec/clerk.yaml")),
        ("pagination", root().join("tests/fixtures/pagination.yaml")),
        ("streaming", root().join("tests/fixtures/streaming.yaml")),
    ]
    .iter()
    .map(|(name, spec)| {
        crates::generate(spec, &format!("wasm-{name}"), &dir)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    })
    .collect();
    crates::package(
        &dir,
        "wasm-e2e",
        "[dependencies]\n\
         wasm-clerk = { path = \"../wasm-clerk\" }\n\
         wasm-pagination = { path = \"../wasm-pagination\" }\n\
         wasm-streaming = { path = \"../wasm-streaming\" }\n\
         futures-util = \"0.3\"\n\
         reqwest = { version = \"0.12\", default-features = false }\n\
         wasm-bindgen-test = \"0.3\"\n\
         web-time = \"1\"\n",
    );
    crates::workspace_with(&dir, &generated.iter().collect::<Vec<_>>(), &["wasm-e2e"]);
    let resolved = Command::new(env!("CARGO"))
        .args(["generate-lockfile", "--quiet"])
        .current_dir(&dir)
        .status()
        .is_ok_and(|s| s.success());
    assert!(resolved, "the program's dependencies resolve");
    let Some(runner) = test_runner(&dir) else {
        missing("`cargo install wasm-bindgen-cli` failed");
        return;
    };
    let server = server().await;
    let output = tokio::task::block_in_place(|| {
        crates::cargo()
            .args(["test", "-p", "wasm-e2e", "--lib", "--target", TARGET])
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &runner)
            .env("WASM_E2E_SERVER", server.uri())
            .current_dir(&dir)
            .output()
            .expect("cargo runs")
    });
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the program failed in Node.js:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("test result: ok. 5 passed"), "{stdout}");
}
