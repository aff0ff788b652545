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
    crates::run_program(
            &dir,
            "security-check",
            "per-operation-security = { path = \"../per-operation-security\", default-features = false }\n",
            &[&g],
            &uri,
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

/// Several schemes on one client: alternatives (the first the client has),
/// combinations (sent together), optional credentials, public operations,
/// an unsupported scheme (nothing sent), and OAuth2 client credentials
/// (a token fetched from the spec's token URL, reused, fetched again after
/// a 401).
#[tokio::test(flavor = "multi_thread")]
async fn several_schemes_alternatives_combinations_and_client_credentials() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use wiremock::matchers::{header, method, path};
    use wiremock::{Request, Respond};

    /// A new token per request: `tok-1`, `tok-2`, …
    struct Tokens(AtomicUsize);
    impl Respond for Tokens {
        fn respond(&self, _: &Request) -> ResponseTemplate {
            let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
            ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "access_token": format!("tok-{n}"),
                "token_type": "Bearer",
                "expires_in": 3600,
            }))
        }
    }

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("security-schemes");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = root().join("tests/fixtures/security_schemes.yaml");
    let g = crates::generate(&spec, "security-schemes", &dir).unwrap_or_else(|e| panic!("{e}"));

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(Tokens(AtomicUsize::new(0)))
        .with_priority(1)
        .mount(&server)
        .await;
    // The first token works twice, then is refused; the second works.
    Mock::given(path("/reports"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(204))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/reports"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .with_priority(3)
        .mount(&server)
        .await;
    let uri = server.uri();
    let stdout = crates::run_program(
        &dir,
        "security-schemes-check",
        "security-schemes = { path = \"../security-schemes\", default-features = false }\n",
        &[&g],
        &uri,
    );
    assert_eq!(
        stdout.trim(),
        "[204, 204, 204, 204, 204, 204, 204, 204, 204, 401, 204, 204]"
    );

    let sent: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let mut credentials: Vec<String> = ["authorization", "x-api-key"]
                .iter()
                .filter_map(|h| Some(format!("{h}={}", r.headers.get(*h)?.to_str().unwrap())))
                .collect();
            if let Some(query) = r.url.query() {
                credentials.push(format!("?{query}"));
            }
            if r.url.path() == "/oauth/token" {
                credentials.push(String::from_utf8_lossy(&r.body).into_owned());
            }
            format!("{} {}", r.url.path(), credentials.join(" "))
        })
        .collect();
    // `aWQ6c2VjcmV0` is base64 of `id:secret`; `YWRhOnB3` of `ada:pw`.
    assert_eq!(
        sent,
        [
            "/me authorization=Bearer tok",
            "/either x-api-key=k",
            "/either authorization=Basic YWRhOnB3",
            "/both x-api-key=k ?key=q",
            "/public ",
            "/maybe x-api-key=k",
            "/maybe ",
            "/oauth/token authorization=Basic aWQ6c2VjcmV0 grant_type=client_credentials&scope=reports%3Aread",
            "/reports authorization=Bearer tok-1",
            "/reports authorization=Bearer tok-1",
            "/reports authorization=Bearer tok-1",
            "/oauth/token authorization=Basic aWQ6c2VjcmV0 grant_type=client_credentials&scope=reports%3Aread",
            "/reports authorization=Bearer tok-2",
            "/digest ",
        ]
    );
}
