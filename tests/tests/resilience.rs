//! Fault injection against scripted local servers: retries, Retry-After,
//! connection resets, limits, broken bodies, pagination and hooks.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clerk_backend_api::errors::ListOrganizationInvitationsError;
use clerk_backend_api::{Client, Error, Hook, RawResponse, RetryPolicy};
use futures_util::StreamExt;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{any, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn invitation(id: &str) -> Value {
    json!({
        "object": "organization_invitation", "id": id, "email_address": "a@example.com",
        "role": "org:member", "role_name": "Member", "inviter_id": null, "public_inviter_data": null,
        "public_metadata": {}, "url": null, "expires_at": null, "created_at": 1, "updated_at": 2
    })
}

/// Fast backoff so tests spend milliseconds, not seconds, waiting.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::backoff(
        Duration::from_millis(10),
        Duration::from_millis(50),
        2.0,
        Duration::from_secs(20),
    )
    .retry_statuses(500..=599)
    .retry_statuses(429..=429)
    .retry_connection_errors(true)
}

fn client(uri: impl Into<String>) -> Client {
    Client::new("sk_test")
        .with_base_url(uri)
        .with_retry(quick_retries())
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn a_500_then_a_200_succeeds_after_one_retry() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500).set_body_string("oops"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(invitation("orginv_1")))
        .mount(&server)
        .await;
    let response = client(server.uri())
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap();
    assert_eq!(response.id, "orginv_1");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn retry_after_on_429_sets_the_wait() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(invitation("orginv_1")))
        .mount(&server)
        .await;
    let started = Instant::now();
    client(server.uri())
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap();
    // The policy alone would wait ~10 ms; the server asked for a second.
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn retries_stop_at_the_limit_and_return_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .mount(&server)
        .await;
    let error = Client::new("sk_test")
        .with_base_url(server.uri())
        .with_retry(quick_retries().max_retries(2))
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await, 3, "one attempt and two retries");
    let Error::UnexpectedStatus(raw) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(raw.status, 503);
    assert_eq!(&raw.body[..], b"busy");

    // Per call, retries can be turned off.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    client(server.uri())
        .get_organization_invitation("o", "i")
        .with_retry(RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await, 1);
}

/// A server that resets the first connection and answers on the second.
async fn reset_then_answer(body: Value) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let seen = connections.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let mut buf = vec![0u8; 8192];
            let _ = socket.read(&mut buf).await;
            if n == 0 {
                // Linger 0: closing sends RST instead of FIN. (Deprecated in
                // tokio because a non-zero linger blocks on drop; zero does not.)
                #[allow(deprecated)]
                let _ = socket.set_linger(Some(Duration::ZERO));
                drop(socket);
                continue;
            }
            let body = body.to_string();
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(answer.as_bytes()).await;
        }
    });
    (uri, connections)
}

#[tokio::test]
async fn a_connection_reset_is_retried() {
    let (uri, connections) = reset_then_answer(invitation("orginv_9")).await;
    let response = client(uri)
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap();
    assert_eq!(response.id, "orginv_9");
    assert_eq!(connections.load(Ordering::SeqCst), 2);

    // Without retries the reset is a transport error.
    let (uri, _) = reset_then_answer(invitation("x")).await;
    let error = client(uri)
        .get_organization_invitation("o", "i")
        .with_retry(RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn a_hung_server_ends_in_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let error = client(server.uri())
        .with_timeout(Duration::from_millis(300))
        .get_organization_invitation("o", "i")
        .with_retry(RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(error.to_string().contains("timed out"));
}

/// An attempt that times out is retried when the call is safe to repeat;
/// the deadline bounds the whole call, attempts and waits together.
#[tokio::test]
async fn timeouts_are_retried_until_the_deadline() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let started = Instant::now();
    let error = client(server.uri())
        .with_timeout(Duration::from_millis(200))
        .with_deadline(Duration::from_secs(1))
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(
        requests(&server).await >= 3,
        "timed-out attempts are retried"
    );
    // The policy alone would go on for 20 seconds.
    assert!(
        elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );

    // Per call, and without a timeout of its own: the deadline cuts the
    // one attempt short.
    let started = Instant::now();
    let error = client(server.uri())
        .get_organization_invitation("o", "i")
        .with_deadline(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// A wait the server asks for that would end past the deadline is not
/// waited: the call ends at once with the answer.
#[tokio::test]
async fn no_retry_starts_that_cannot_end_by_the_deadline() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "30"))
        .mount(&server)
        .await;
    let started = Instant::now();
    let error = client(server.uri())
        .with_deadline(Duration::from_secs(2))
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error:?}");
    assert_eq!(requests(&server).await, 1);
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// A server that answers the first connection with half its body and
/// then closes it, and the others whole.
async fn cut_then_answer(body: Value) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let seen = connections.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let mut buf = vec![0u8; 8192];
            let _ = socket.read(&mut buf).await;
            let body = body.to_string();
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let end = if n == 0 {
                answer.len() - body.len() / 2
            } else {
                answer.len()
            };
            let _ = socket.write_all(&answer.as_bytes()[..end]).await;
        }
    });
    (uri, connections)
}

/// A body cut short is retried for a `GET`; for a `POST` without an
/// idempotency key, which the server may have acted on, it is reported,
/// saying how much arrived.
#[tokio::test]
async fn a_body_cut_short_is_retried_when_the_call_is_safe_to_repeat() {
    let (uri, connections) = cut_then_answer(invitation("orginv_7")).await;
    let response = client(uri)
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap();
    assert_eq!(response.id, "orginv_7");
    assert_eq!(connections.load(Ordering::SeqCst), 2);

    let (uri, connections) = cut_then_answer(invitation("orginv_8")).await;
    let body = clerk_backend_api::models::CreateOrganizationInvitationBody::new(
        "a@example.com",
        "org:member",
    );
    let error = client(uri)
        .create_organization_invitation("o", body)
        .send()
        .await
        .unwrap_err();
    let full = invitation("orginv_8").to_string().len() as u64;
    let Error::Interrupted {
        status,
        received,
        expected,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(
        (status.as_u16(), *received, *expected),
        (200, full - full / 2, Some(full))
    );
    assert!(error.to_string().contains("broke off"), "{error}");
    assert_eq!(connections.load(Ordering::SeqCst), 1, "not sent again");
}

/// A `POST` without an idempotency key is sent again only after an answer
/// that says the server did not act on it.
#[tokio::test]
async fn a_post_without_a_key_is_retried_only_when_the_server_did_not_act() {
    for (status, attempts, ends_well) in [
        (503, 2, true),
        (429, 2, true),
        (500, 1, false),
        (502, 1, false),
    ] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json(invitation("orginv_1")))
            .mount(&server)
            .await;
        let body = clerk_backend_api::models::CreateOrganizationInvitationBody::new(
            "a@example.com",
            "org:member",
        );
        let result = client(server.uri())
            .create_organization_invitation("o", body)
            .send()
            .await;
        assert_eq!(result.is_ok(), ends_well, "{status}: {result:?}");
        assert_eq!(requests(&server).await, attempts, "{status}");
    }
}

#[tokio::test]
async fn broken_bodies_give_clear_errors_that_keep_status_and_body() {
    let cases: Vec<(u16, &str, ResponseTemplate)> = vec![
        (
            502,
            "<html><body>Bad Gateway</body></html>",
            ResponseTemplate::new(502)
                .set_body_raw("<html><body>Bad Gateway</body></html>", "text/html"),
        ),
        (200, "", ResponseTemplate::new(200)),
        (
            200,
            r#"{"object":"organization_inv"#,
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"object":"organization_inv"#, "application/json"),
        ),
        (
            200,
            r#"[1,2,3]"#,
            ResponseTemplate::new(200).set_body_raw("[1,2,3]", "application/json"),
        ),
    ];
    for (status, body, template) in cases {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(template)
            .mount(&server)
            .await;
        let error = client(server.uri())
            .get_organization_invitation("o", "i")
            .with_retry(RetryPolicy::none())
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            error.status().map(|s| s.as_u16()),
            Some(status),
            "{error:?}"
        );
        let raw = error
            .raw_response()
            .unwrap_or_else(|| panic!("raw body kept: {error:?}"));
        assert_eq!(&raw.body[..], body.as_bytes());
        let message = error.to_string();
        assert!(message.contains(&status.to_string()), "{message}");
        if status == 200 {
            assert!(matches!(error, Error::Decode { .. }), "{error:?}");
            assert!(message.contains("did not decode"), "{message}");
        } else {
            assert!(message.contains("Bad Gateway"), "{message}");
        }
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let server = MockServer::start().await;
    let big = "x".repeat(100_000);
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string(big))
        .mount(&server)
        .await;
    let error = client(server.uri())
        .with_max_response_size(10_000)
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 10_000, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn pagination_walks_three_pages_and_yields_every_item_once() {
    let server = MockServer::start().await;
    for (offset, ids) in [
        ("0", vec!["a", "b"]),
        ("2", vec!["c", "d"]),
        ("4", vec!["e"]),
    ] {
        let data: Vec<Value> = ids.iter().map(|id| invitation(id)).collect();
        Mock::given(query_param("offset", offset))
            .and(query_param("limit", "2"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"data": data, "total_count": 5})),
            )
            .mount(&server)
            .await;
    }
    let c = client(server.uri());
    let ids: Vec<String> = c
        .list_organization_invitations("org_1")
        .limit(2)
        .items()
        .map(|item| item.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    let offsets: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        offsets,
        ["limit=2&offset=0", "limit=2&offset=2", "limit=2&offset=4"]
    );

    // Pages one at a time, lazily: taking one page sends one request.
    let before = requests(&server).await;
    let mut pages = Box::pin(
        c.list_organization_invitations("org_1")
            .limit(2)
            .offset(2)
            .pages(),
    );
    let page = pages.next().await.unwrap().unwrap();
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.status(), 200);
    assert_eq!(requests(&server).await, before + 1);
}

#[tokio::test]
async fn pagination_stops_at_an_error_and_yields_it() {
    let server = MockServer::start().await;
    Mock::given(query_param("offset", "0"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": [invitation("a")], "total_count": 9})),
        )
        .mount(&server)
        .await;
    Mock::given(query_param("offset", "1"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"errors": []})))
        .mount(&server)
        .await;
    let items: Vec<_> = client(server.uri())
        .list_organization_invitations("o")
        .items()
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert!(matches!(
        items[1].as_ref().unwrap_err().api_error(),
        Some(ListOrganizationInvitationsError::NotFound(_))
    ));
}

#[derive(Default)]
struct Recorder {
    attempts: AtomicUsize,
    statuses: std::sync::Mutex<Vec<u16>>,
}

impl Hook for Recorder {
    fn before_request(&self, request: &mut reqwest::Request) {
        self.attempts.fetch_add(1, Ordering::SeqCst);
        request
            .headers_mut()
            .insert("x-request-tag", "tests".parse().unwrap());
        // The token is marked sensitive, so logging the request does not leak it.
        assert!(!format!("{request:?}").contains("sk_test"));
    }

    fn after_response(&self, response: &mut RawResponse) {
        self.statuses.lock().unwrap().push(response.status.as_u16());
    }
}

#[tokio::test]
async fn hooks_see_and_change_every_attempt() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::header("x-request-tag", "tests"))
        .respond_with(ResponseTemplate::new(200).set_body_json(invitation("hooked")))
        .mount(&server)
        .await;
    let recorder = Arc::new(Recorder::default());
    let response = client(server.uri())
        .with_hook(recorder.clone())
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap();
    assert_eq!(response.id, "hooked");
    assert_eq!(recorder.attempts.load(Ordering::SeqCst), 2);
    assert_eq!(*recorder.statuses.lock().unwrap(), vec![500, 200]);
}

#[tokio::test]
async fn a_retried_request_sends_the_same_body_and_headers_again() {
    // The transport sends the request itself and keeps a copy only while
    // another attempt may follow: the copy must be complete.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(invitation("orginv_2")))
        .mount(&server)
        .await;
    let body = clerk_backend_api::models::CreateOrganizationInvitationBody::new(
        "a@example.com",
        "org:member",
    );
    let response = client(server.uri())
        .create_organization_invitation("org_1", body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.id, "orginv_2");
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(request.url.path(), "/organizations/org_1/invitations");
        assert_eq!(request.headers["authorization"], "Bearer sk_test");
        assert_eq!(request.headers["content-type"], "application/json");
        assert!(request.headers.contains_key("user-agent"));
        let sent: Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(
            sent,
            json!({"email_address": "a@example.com", "role": "org:member"})
        );
    }
}
