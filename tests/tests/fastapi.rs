//! A client generated from FastAPI's OpenAPI 3.1 output, against a local
//! server: fields FastAPI writes as `anyOf: [X, {type: "null"}]` are sent as
//! left out, `null` or a value, and decoded the same way. The calls are in
//! `tests/fastapi-check/main.rs`, built against the generated crate.

use std::path::Path;

use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};
use workspace_tests::crates;

/// Answers with the request's JSON body plus the fields the server sets.
struct Echo;

impl Respond for Echo {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut body: Value = serde_json::from_slice(&request.body).unwrap_or(json!({}));
        body["id"] = json!("4f1a2b3c-0000-0000-0000-000000000001");
        body["owner_id"] = json!("4f1a2b3c-0000-0000-0000-000000000002");
        if body.get("title").is_none_or(Value::is_null) {
            body["title"] = json!("kept");
        }
        ResponseTemplate::new(200).set_body_json(body)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn optional_fields_are_sent_and_decoded_as_omitted_null_and_value() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fastapi");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec =
        workspace_tests::corpus::small().join("openapi-3.1/fastapi-full-stack-template.json");
    let g = crates::generate(&spec, "fastapi", &dir).unwrap_or_else(|e| panic!("{e}"));

    let server = MockServer::start().await;
    Mock::given(any()).respond_with(Echo).mount(&server).await;
    let uri = server.uri();
    let stdout = crates::run_program(
        &dir,
        "fastapi-check",
        "fastapi = { path = \"../fastapi\", default-features = false }\n",
        &[&g],
        &uri,
    );
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "create omitted: Omitted",
            "create null: Null",
            "create value: Value(\"d\")",
            "update: renamed Null",
        ]
    );

    let requests = server.received_requests().await.unwrap();
    let sent: Vec<(String, String, Value)> = requests
        .iter()
        .map(|r| {
            (
                r.method.to_string(),
                r.url.path().to_string(),
                serde_json::from_slice(&r.body).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        sent,
        [
            (
                "POST".into(),
                "/api/v1/items/".into(),
                json!({"title": "omitted"})
            ),
            (
                "POST".into(),
                "/api/v1/items/".into(),
                json!({"title": "null", "description": null})
            ),
            (
                "POST".into(),
                "/api/v1/items/".into(),
                json!({"title": "value", "description": "d"})
            ),
            (
                "PUT".into(),
                "/api/v1/items/4f1a2b3c-0000-0000-0000-000000000001".into(),
                json!({"title": "renamed", "description": null})
            ),
        ]
    );
}
