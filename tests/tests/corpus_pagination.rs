//! Pagination on real APIs: which operations of the corpus' GitHub, Box,
//! Spotify and Twilio crates get page streams, and in which style (with
//! `CORPUS_REPORT=CORPUS.md`, the list is written to its `pagination`
//! section); then a program walks one list of GitHub (two styles), Spotify
//! and Twilio against a local server (`tests/corpus-pagination-check/`).
//! Reads `tests/corpus/`; `SKIP_CORPUS=1` skips it, as it does the corpus test.

use std::collections::BTreeMap;
use std::path::Path;

use generator::ir::PageStyle;
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};
use workspace_tests::crates::{self, root};

fn style_name(style: &PageStyle) -> &'static str {
    match style {
        PageStyle::Offset { .. } => "offset",
        PageStyle::PageNumber { .. } => "page number",
        PageStyle::Cursor { .. } => "cursor",
        PageStyle::LastItem { .. } => "last item",
        PageStyle::NextUrl => "next URL",
        PageStyle::LinkHeader => "Link header",
    }
}

/// Operation id → style, for each paginated operation of `spec`.
fn paginated(spec: &str) -> (usize, BTreeMap<String, (String, &'static str)>) {
    let path = workspace_tests::corpus::small().join(spec);
    let g = generator::generate(&path, None).unwrap_or_else(|r| panic!("{r}"));
    let found = g
        .api
        .operations
        .iter()
        .filter_map(|op| {
            let p = op.pagination.as_ref()?;
            Some((
                op.id.clone(),
                (
                    format!("{} {}", op.http_method, op.path),
                    style_name(&p.style),
                ),
            ))
        })
        .collect();
    (g.api.operations.len(), found)
}

#[test]
fn the_corpus_lists_get_the_right_page_streams() {
    if workspace_tests::corpus::skipped("corpus pagination") {
        return;
    }
    let specs = [
        ("GitHub", "github-api.github.com.json"),
        ("Box", "box.json"),
        ("Spotify", "spotify-web-api.yaml"),
        ("Twilio", "twilio-messaging-v1.json"),
    ];
    let mut report = String::from(
        "Operations that get `pages()` and `items()` streams, by style (`tests/tests/corpus_pagination.rs`).\n\n\
         | API | operations | paginated | by style |\n|---|---:|---:|---|\n",
    );
    let mut lists = String::new();
    for (name, spec) in specs {
        let (total, found) = paginated(spec);
        let expect = |id: &str, style: &str| {
            assert_eq!(found.get(id).map(|(_, s)| *s), Some(style), "{name} {id}");
        };
        match name {
            "GitHub" => {
                expect("repos/list-tags", "Link header");
                expect("repos/list-for-org", "Link header");
                expect("issues/list-for-repo", "Link header");
                expect("licenses/get-all-commonly-used", "page number");
                assert!(!found.contains_key("repos/get"), "a single repository");
            }
            "Box" => {
                expect("get_folders_id_items", "offset");
                expect("get_folders_id_collaborations", "cursor");
                assert!(!found.contains_key("get_files_id"), "a single file");
            }
            "Spotify" => {
                expect("get-list-users-playlists", "offset");
                expect("get-recently-played", "next URL");
            }
            "Twilio" => {
                expect("ListService", "next URL");
                assert!(!found.contains_key("FetchService"));
            }
            _ => unreachable!(),
        }
        let mut by_style: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, style) in found.values() {
            *by_style.entry(style).or_default() += 1;
        }
        let styles: Vec<String> = by_style.iter().map(|(s, n)| format!("{s} {n}")).collect();
        report.push_str(&format!(
            "| {name} | {total} | {} | {} |\n",
            found.len(),
            styles.join(", ")
        ));
        lists.push_str(&format!(
            "\n<details><summary>{name}: the {} paginated operations</summary>\n\n| operation | request | style |\n|---|---|---|\n",
            found.len()
        ));
        for (id, (request, style)) in &found {
            lists.push_str(&format!("| `{id}` | `{request}` | {style} |\n"));
        }
        lists.push_str("\n</details>\n");
    }
    if let Some(path) = std::env::var_os("CORPUS_REPORT") {
        report.push_str(&lists);
        crates::write_section(&root().join(path), "pagination", &report).unwrap();
    }
}

/// Serves the lists the program walks, in pages of two.
struct Lists {
    base: String,
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
        let tag = |n: u32| {
            json!({"name": format!("v{n}"), "node_id": "n", "commit": {"sha": "s", "url": "https://x"},
                   "zipball_url": "https://z", "tarball_url": "https://t"})
        };
        let license = |n: u32| json!({"key": format!("l{n}"), "name": "L", "url": null, "spdx_id": null, "node_id": "n"});
        let playlist = |n: u32| json!({"id": format!("p{n}")});
        let service = |n: u32| json!({"sid": format!("MG{n}")});
        match request.url.path() {
            "/repos/o/r/tags" => match query("page").as_deref() {
                None => ok(json!([tag(1), tag(2)])).insert_header(
                    "link",
                    format!("<{base}/repos/o/r/tags?per_page=2&page=2>; rel=\"next\"").as_str(),
                ),
                Some("2") => ok(json!([tag(3), tag(4)])).insert_header(
                    "link",
                    format!("<{base}/repos/o/r/tags?per_page=2&page=3>; rel=\"next\"").as_str(),
                ),
                _ => ok(json!([tag(5)])),
            },
            "/licenses" => match query("page").as_deref() {
                Some("1") => ok(json!([license(1), license(2)])),
                Some("2") => ok(json!([license(3), license(4)])),
                Some("3") => ok(json!([license(5)])),
                _ => ok(json!([])),
            },
            "/users/u/playlists" => {
                let offset: usize = query("offset").and_then(|o| o.parse().ok()).unwrap_or(0);
                let all: Vec<Value> = (1..=5).map(playlist).collect();
                let page: Vec<Value> = all.iter().skip(offset).take(2).cloned().collect();
                ok(
                    json!({"href": base, "limit": 2, "next": null, "offset": offset,
                          "previous": null, "total": 5, "items": page}),
                )
            }
            "/v1/Services" => match query("PageToken").as_deref() {
                None => ok(json!({"services": [service(1), service(2)],
                                  "meta": {"next_page_url": format!("{base}/v1/Services?PageSize=2&PageToken=t2")}})),
                Some("t2") => ok(json!({"services": [service(3), service(4)],
                                        "meta": {"next_page_url": format!("{base}/v1/Services?PageSize=2&PageToken=t3")}})),
                _ => ok(json!({"services": [service(5)], "meta": {"next_page_url": null}})),
            },
            other => ResponseTemplate::new(404).set_body_string(format!("no {other}")),
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn github_spotify_and_twilio_lists_are_walked_against_a_local_server() {
    if workspace_tests::corpus::skipped("corpus pagination") {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus-pagination");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let corpus = workspace_tests::corpus::small();
    let github = crates::generate(&corpus.join("github-api.github.com.json"), "github", &dir)
        .unwrap_or_else(|e| panic!("{e}"));
    let spotify = crates::generate(&corpus.join("spotify-web-api.yaml"), "spotify", &dir)
        .unwrap_or_else(|e| panic!("{e}"));
    let twilio = crates::generate(&corpus.join("twilio-messaging-v1.json"), "twilio", &dir)
        .unwrap_or_else(|e| panic!("{e}"));

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(Lists { base: server.uri() })
        .mount(&server)
        .await;
    let uri = server.uri();
    // Only the features of the operations called: the GitHub crate builds
    // in seconds that way (see BENCHMARKS.md, section 6).
    let stdout = crates::run_program(
            &dir,
            "corpus-pagination-check",
            "github = { path = \"../github\", default-features = false, features = [\"repos\", \"licenses\"] }\nspotify = { path = \"../spotify\", default-features = false, features = [\"playlists\"] }\ntwilio = { path = \"../twilio\", default-features = false, features = [\"messaging-v1-service\"] }\nfutures-util = { version = \"0.3\", default-features = false }\n",
            &[&github, &spotify, &twilio],
            &uri,
        );
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "github tags (Link header): v1,v2,v3,v4,v5",
            "github licenses (page number): l1,l2,l3,l4,l5",
            "spotify playlists (offset): p1,p2,p3,p4,p5",
            "twilio services (next URL): MG1,MG2,MG3,MG4,MG5",
        ]
    );
    let requests = server.received_requests().await.unwrap();
    let count = |path: &str| requests.iter().filter(|r| r.url.path() == path).count();
    assert_eq!(count("/repos/o/r/tags"), 3);
    assert_eq!(count("/licenses"), 4, "three pages and the empty one");
    assert_eq!(count("/users/u/playlists"), 3, "stops at the total");
    assert_eq!(count("/v1/Services"), 3);
    // The Twilio client's credentials go with every page.
    assert!(requests
        .iter()
        .filter(|r| r.url.path() == "/v1/Services")
        .all(|r| r.headers.get("authorization").is_some()));
}
