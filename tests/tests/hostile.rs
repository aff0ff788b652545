//! A server that misbehaves or attacks: every case ends in a typed error,
//! never a panic, and never leaks the token.

use std::time::Duration;

use clerk_backend_api::{Client, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "sk_live_hostile_secret";

fn client(uri: impl Into<String>) -> Client {
    Client::new(TOKEN)
        .with_base_url(uri)
        .with_retry(RetryPolicy::none())
}

async fn answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

/// A raw TCP server for answers wiremock cannot give: it takes one
/// connection, reads the request and leaves the answer to `answer`.
async fn answering_once<F, Fut>(answer: F) -> String
where
    F: FnOnce(tokio::net::TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        let mut buf = vec![0u8; 4096];
        let _ = socket.read(&mut buf).await;
        answer(socket).await;
    });
    uri
}

fn assert_no_secret<E: std::fmt::Debug + std::fmt::Display>(error: &Error<E>) {
    assert!(!format!("{error}").contains(TOKEN), "{error}");
    assert!(!format!("{error:?}").contains(TOKEN), "{error:?}");
}

#[tokio::test]
async fn an_html_page_with_a_success_status_is_a_decode_error() {
    let server =
        answering(ResponseTemplate::new(200).set_body_raw("<html>login</html>", "text/html")).await;
    let error = client(server.uri())
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    let Error::Decode { response, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(&response.body[..], b"<html>login</html>");
    assert_eq!(response.headers["content-type"], "text/html");
    assert_no_secret(&error);
}

#[tokio::test]
async fn invalid_utf8_is_a_decode_error_with_the_bytes_kept() {
    let body = vec![b'{', b'"', 0xff, 0xfe, b'"', b'}'];
    let server =
        answering(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json")).await;
    let error = client(server.uri())
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    assert_eq!(&error.raw_response().unwrap().body[..], &body[..]);
    assert!(matches!(error, Error::Decode { .. }));
    assert!(!error.to_string().is_empty());
}

#[tokio::test]
async fn deeply_nested_json_does_not_overflow_the_stack() {
    // Inside a free-form field, where the decoder has to follow the nesting.
    let body = format!(
        r#"{{"public_metadata": {{"deep": {}{}}}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let server = answering(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let error = client(server.uri())
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    let Error::Decode { source, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(source.to_string().contains("recursion limit"), "{source}");
}

#[tokio::test]
async fn a_huge_body_is_cut_off_at_the_limit() {
    let server = answering(
        ResponseTemplate::new(200).set_body_raw(vec![b' '; 2_000_000], "application/json"),
    )
    .await;
    let error = client(server.uri())
        .with_max_response_size(1_000_000)
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                limit: 1_000_000,
                ..
            }
        ),
        "{error:?}"
    );
}

/// Headers at once, then the body a byte at a time, slower than any timeout.
#[tokio::test]
async fn a_slow_drip_ends_in_a_timeout() {
    let uri = answering_once(|mut socket| async move {
        let _ = socket
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n")
            .await;
        for _ in 0..1000 {
            if socket.write_all(b" ").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    let error = client(uri)
        .with_timeout(Duration::from_millis(700))
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_no_secret(&error);
}

#[tokio::test]
async fn a_redirect_to_another_host_does_not_carry_the_token() {
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"errors": []})))
        .mount(&elsewhere)
        .await;
    // Same machine, other host name: `localhost` instead of `127.0.0.1`.
    let target = elsewhere.uri().replace("127.0.0.1", "localhost");
    let server =
        answering(ResponseTemplate::new(302).insert_header("location", format!("{target}/stolen")))
            .await;
    let _ = client(server.uri())
        .get_organization_invitation("o", "i")
        .send()
        .await;
    let requests = elsewhere.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "the redirect was followed");
    assert!(
        requests[0].headers.get("authorization").is_none(),
        "the token crossed hosts"
    );
    // The original server did get it.
    let first = &server.received_requests().await.unwrap()[0];
    assert_eq!(first.headers["authorization"], format!("Bearer {TOKEN}"));
}

#[tokio::test]
async fn errors_never_show_the_token() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let error = client(closed)
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)));
    assert_no_secret(&error);
    let server = answering(ResponseTemplate::new(500).set_body_string("boom")).await;
    let error = client(server.uri())
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    assert_no_secret(&error);
    assert!(!format!("{:?}", client("http://x")).contains(TOKEN));
}

#[tokio::test]
async fn a_token_that_would_break_the_header_is_refused_before_sending() {
    let server = answering(ResponseTemplate::new(200)).await;
    let error = Client::new("sk_test\r\nx-evil: 1")
        .with_base_url(server.uri())
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(!error.to_string().contains("x-evil"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// Serves one response with `Transfer-Encoding: chunked` (no length known in
/// advance), `body` split into chunks of `piece` bytes.
async fn chunked(body: Vec<u8>, piece: usize) -> String {
    answering_once(move |mut socket| async move {
        let head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        if socket.write_all(head).await.is_err() {
            return;
        }
        for part in body.chunks(piece) {
            let mut frame = format!("{:x}\r\n", part.len()).into_bytes();
            frame.extend_from_slice(part);
            frame.extend_from_slice(b"\r\n");
            if socket.write_all(&frame).await.is_err() || socket.flush().await.is_err() {
                return;
            }
        }
        let _ = socket.write_all(b"0\r\n\r\n").await;
    })
    .await
}

#[tokio::test]
async fn a_body_without_a_length_is_cut_off_at_the_limit_as_it_arrives() {
    let uri = chunked(vec![b' '; 300_000], 10_000).await;
    let error = client(uri)
        .with_max_response_size(100_000)
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 100_000, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_body_in_many_chunks_is_put_back_together() {
    let body = serde_json::json!({
        "object": "organization_invitation", "id": "orginv_1", "email_address": "a@example.com",
        "role": "org:member", "role_name": "Member", "organization_id": "org_1", "status": "pending",
        "public_metadata": {"padding": "x".repeat(50_000)}, "private_metadata": {},
        "created_at": 1, "updated_at": 2
    });
    let uri = chunked(serde_json::to_vec(&body).unwrap(), 777).await;
    let response = client(uri)
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap();
    assert_eq!(response.id, "orginv_1");
    assert_eq!(
        response
            .public_metadata
            .get("padding")
            .and_then(|v| v.as_str())
            .map(str::len),
        Some(50_000)
    );
}
