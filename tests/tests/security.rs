//! Security as the spec says it, per operation: with no top-level
//! `security`, the client takes the scheme the operations require, sends it
//! to those that require it (or accept it), and to no other.

use std::path::Path;
use std::process::Command;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::crates::{self, root};

#[tokio::test(flavor = "multi_thread")]
async fn credentials_go_only_where_an_operation_requires_them() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("security");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("security-check/src")).unwrap();
    let spec = root().join("tests/fixtures/security_per_operation.yaml");
    let g =
        crates::generate(&spec, "per-operation-security", &dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(
        root().join("tests/security-check/main.rs"),
        dir.join("security-check/src/main.rs"),
    )
    .unwrap();
    std::fs::write(
        dir.join("security-check/Cargo.toml"),
        "[package]\nname = \"security-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nper-operation-security = { path = \"../per-operation-security\", default-features = false }\n\
         tokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n",
    )
    .unwrap();
    crates::workspace_with(&dir, &[&g], &["security-check"]);

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let uri = server.uri();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO"))
            .args(["run", "--quiet", "-p", "security-check", "--target-dir"])
            .arg(crates::target_dir())
            .arg("--")
            .arg(uri)
            .current_dir(&dir)
            .output()
            .expect("cargo runs")
    })
    .await
    .unwrap();
    assert!(
        output.status.success(),
        "the program failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let sent: Vec<(String, Option<String>)> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.url.path().to_string(),
                r.headers
                    .get("authorization")
                    .map(|v| v.to_str().unwrap().to_string()),
            )
        })
        .collect();
    let bearer = Some("Bearer t0ken".to_string());
    assert_eq!(
        sent,
        [
            ("/me".to_string(), bearer.clone()),
            ("/health".to_string(), None),
            ("/login".to_string(), None),
            ("/maybe".to_string(), bearer),
        ]
    );
}
