//! Security as the spec says it, per operation: with no top-level
//! `security`, the client takes the scheme the operations require, sends it
//! to those that require it (or accept it), and to no other.

use std::path::Path;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::crates::{self, root};

#[tokio::test(flavor = "multi_thread")]
async fn credentials_go_only_where_an_operation_requires_them() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("security");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = root().join("tests/fixtures/security_per_operation.yaml");
    let g =
        crates::generate(&spec, "per-operation-security", &dir).unwrap_or_else(|e| panic!("{e}"));

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let uri = server.uri();
    tokio::task::spawn_blocking(move || {
        crates::run_program(
            &dir,
            "security-check",
            &root().join("tests/security-check/main.rs"),
            "per-operation-security = { path = \"../per-operation-security\", default-features = false }\n",
            &[&g],
            &uri,
        )
    })
    .await
    .unwrap();
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
