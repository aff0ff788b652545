//! Every pagination style, end to end: the crate generated from
//! `tests/fixtures/pagination.yaml` is built with a program
//! (`tests/pagination-check/main.rs`) that walks each list against a local
//! server serving five items in pages of two, and the hostile cases: a
//! cursor that repeats, a next URL on another host, an empty last page.

use std::path::Path;

use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};
use workspace_tests::crates::{self, root};

/// Serves every list of the fixture; `base` is the server's own URL.
struct Lists {
    base: String,
}

fn items(ids: &[u32]) -> Value {
    Value::Array(ids.iter().map(|i| json!({"id": i.to_string()})).collect())
}

impl Respond for Lists {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.into_owned())
        };
        let base = &self.base;
        let ok = |body: Value| ResponseTemplate::new(200).set_body_json(body);
        match request.url.path() {
            "/link" => {
                let page = query("page");
                let (body, link) = match page.as_deref() {
                    None => (items(&[1, 2]), format!("<{base}/link?per_page=2&page=2>; rel=\"next\", <{base}/link?per_page=2&page=3>; rel=\"last\"")),
                    Some("2") => (items(&[3, 4]), format!("<{base}/link?per_page=2&page=1>; rel=\"prev\", <{base}/link?per_page=2&page=3>; rel=\"next\"")),
                    _ => (items(&[5]), format!("<{base}/link?per_page=2&page=2>; rel=\"prev\"")),
                };
                ok(body).insert_header("link", link.as_str())
            }
            "/offset" => match query("offset").as_deref() {
                Some("0") => ok(json!({"data": items(&[1, 2]), "total": 5})),
                Some("2") => ok(json!({"data": items(&[3, 4]), "total": 5})),
                Some("4") => ok(json!({"data": items(&[5]), "total": 5})),
                other => ResponseTemplate::new(400).set_body_string(format!("offset {other:?}")),
            },
            "/cursor" => match query("cursor").as_deref() {
                None => ok(json!({"items": items(&[1, 2]), "meta": {"next_cursor": "c2"}})),
                Some("c2") => ok(json!({"items": items(&[3, 4]), "meta": {"next_cursor": "c3"}})),
                Some("c3") => ok(json!({"items": items(&[5]), "meta": {"next_cursor": null}})),
                // Hostile: answers `loop` with `loop2` and `loop2` with `loop`.
                Some("loop") => ok(json!({"items": items(&[1]), "meta": {"next_cursor": "loop2"}})),
                Some("loop2") => ok(json!({"items": items(&[2]), "meta": {"next_cursor": "loop"}})),
                other => ResponseTemplate::new(400).set_body_string(format!("cursor {other:?}")),
            },
            "/after" => match query("starting_after").as_deref() {
                None => ok(json!({"data": items(&[1, 2]), "has_more": true})),
                Some("2") => ok(json!({"data": items(&[3, 4]), "has_more": true})),
                Some("4") => ok(json!({"data": items(&[5]), "has_more": false})),
                other => ResponseTemplate::new(400).set_body_string(format!("after {other:?}")),
            },
            "/next-url" => match (
                query("page_token").as_deref(),
                query("page_size").as_deref(),
            ) {
                (None, Some("99")) => {
                    // Hostile: the next page on another host.
                    let elsewhere = base.replace("127.0.0.1", "127.0.0.2");
                    ok(
                        json!({"results": items(&[1]), "next": format!("{elsewhere}/next-url?page_token=x")}),
                    )
                }
                (None, _) => ok(
                    json!({"results": items(&[1, 2]), "next": format!("{base}/next-url?page_token=p2")}),
                ),
                // A relative URL, resolved against the base URL.
                (Some("p2"), _) => {
                    ok(json!({"results": items(&[3, 4]), "next": "/next-url?page_token=p3"}))
                }
                (Some("p3"), _) => ok(json!({"results": items(&[5]), "next": null})),
                other => ResponseTemplate::new(400).set_body_string(format!("next {other:?}")),
            },
            "/numbered" => match query("page").as_deref() {
                Some("1") => ok(items(&[1, 2])),
                Some("2") => ok(items(&[3, 4])),
                Some("3") => ok(items(&[5])),
                _ => ok(items(&[])),
            },
            "/declared" => match query("since").as_deref() {
                None => ok(
                    json!({"entries": items(&[1, 2]), "others": ["x"], "paging": {"after": "a2"}}),
                ),
                Some("a2") => ok(json!({"entries": items(&[3, 4]), "paging": {"after": "a3"}})),
                Some("a3") => ok(json!({"entries": items(&[5]), "paging": {}})),
                other => ResponseTemplate::new(400).set_body_string(format!("since {other:?}")),
            },
            "/declared-url" => match query("p").as_deref() {
                None => ok(
                    json!({"values": items(&[1, 2]), "links": {"following": format!("{base}/declared-url?p=2")}}),
                ),
                Some("2") => ok(
                    json!({"values": items(&[3, 4]), "links": {"following": format!("{base}/declared-url?p=3")}}),
                ),
                _ => ok(json!({"values": items(&[5]), "links": {}})),
            },
            other => ResponseTemplate::new(404).set_body_string(format!("no {other}")),
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_style_walks_three_pages_and_stops() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pagination");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = root().join("tests/fixtures/pagination.yaml");
    let g = crates::generate(&spec, "pagination", &dir).unwrap_or_else(|e| panic!("{e}"));

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(Lists { base: server.uri() })
        .mount(&server)
        .await;
    let uri = server.uri();
    let stdout = crates::run_program(
            &dir,
            "pagination-check",
            "pagination = { path = \"../pagination\", default-features = false }\nfutures-util = { version = \"0.3\", default-features = false }\n",
            &[&g],
            &uri,
        );
    let lines: Vec<&str> = stdout.lines().collect();
    let all = "1,2,3,4,5";
    for (i, style) in [
        "link",
        "offset",
        "cursor",
        "after",
        "next url",
        "numbered",
        "declared",
        "declared url",
    ]
    .iter()
    .enumerate()
    {
        assert_eq!(lines[i], format!("{style}: {all}"), "{stdout}");
    }
    // `loop` → `loop2` → `loop` again: two pages, then the walk ends.
    assert_eq!(lines[8], "repeated cursor: 1,2", "{stdout}");
    let other = lines[9];
    assert!(
        other.starts_with("other host: 1,error: ")
            && other.contains("127.0.0.2")
            && other.contains("not followed"),
        "{other}"
    );
    assert_eq!(lines[10], "send: 2");

    // Each page was asked for once, and none past the end (the offset walk
    // stops at the total, the numbered one after its first empty page).
    let requests = server.received_requests().await.unwrap();
    let count = |path: &str| requests.iter().filter(|r| r.url.path() == path).count();
    assert_eq!(count("/offset"), 3);
    assert_eq!(count("/numbered"), 4);
    assert_eq!(count("/after"), 3);
    assert_eq!(count("/cursor"), 3 + 2);
    assert_eq!(count("/next-url"), 3 + 1, "nothing sent to the other host");
    assert_eq!(count("/link"), 3 + 1);
    let pages: Vec<String> = requests
        .iter()
        .filter(|r| r.url.path() == "/numbered")
        .map(|r| r.url.query().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        pages,
        [
            "page=1&per_page=2",
            "page=2&per_page=2",
            "page=3&per_page=2",
            "page=4&per_page=2"
        ]
    );
}
