//! Server variables: the default base URL has every variable at its
//! default, and `Client::with_server` sets them, typed (an enum where the
//! spec lists the values), reaching a local server.

use std::path::Path;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::crates::{self, root};

#[tokio::test(flavor = "multi_thread")]
async fn variables_make_the_base_url() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("servers");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = root().join("tests/fixtures/server_variables.yaml");
    let g = crates::generate(&spec, "server-variables", &dir).unwrap_or_else(|e| panic!("{e}"));

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let uri = server.uri();
    let port = uri.rsplit(':').next().unwrap().to_string();
    let stdout = crates::run_program(
        &dir,
        "server-check",
        "server-variables = { path = \"../server-variables\", default-features = false }\n",
        &[&g],
        &uri,
    );
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "default: https://api.example.com:443/eu/v1".to_string(),
            format!("set: http://127.0.0.1:{port}/us/v1"),
        ]
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.path(), "/us/v1/ping");
}
