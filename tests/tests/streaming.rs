//! Streams end to end: a program built against the crate generated from
//! `tests/fixtures/streaming.yaml` reads server-sent events from a raw
//! server that cuts them anywhere (inside a field, between CR and LF),
//! stops at `[DONE]`, cuts an endless stream itself, refuses an event over
//! the limit; downloads a body larger than the response size limit to a
//! file; and uploads from a file, a stream and a multipart file part.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::crates::{self, root};

/// What the raw server saw: one line per request, and how the endless
/// stream ended.
type Log = Arc<Mutex<Vec<String>>>;

/// Reads one request: its head, and a body of `content-length` bytes.
fn read_request(socket: &mut TcpStream) -> (String, String) {
    let mut data = Vec::new();
    let mut byte = [0u8; 1];
    while !data.ends_with(b"\r\n\r\n") {
        if socket.read(&mut byte).unwrap_or(0) == 0 {
            break;
        }
        data.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&data).into_owned();
    let length = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
        })
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    socket.read_exact(&mut body).unwrap();
    (head, String::from_utf8_lossy(&body).into_owned())
}

/// Writes each piece separately, with a pause, so that the client receives
/// them as separate chunks.
fn send_pieces(socket: &mut TcpStream, status: &str, content_type: &str, pieces: &[&str]) {
    let head =
        format!("HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\nconnection: close\r\n\r\n");
    socket.write_all(head.as_bytes()).unwrap();
    for piece in pieces {
        socket.write_all(piece.as_bytes()).unwrap();
        socket.flush().unwrap();
        std::thread::sleep(Duration::from_millis(15));
    }
}

fn serve(socket: &mut TcpStream, log: &Log) {
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let (head, body) = read_request(socket);
    let line = head.lines().next().unwrap_or("").to_string();
    let accept = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("accept:")
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_default();
    log.lock()
        .unwrap()
        .push(format!("{line} accept={accept} body={body}"));
    let sse = "text/event-stream";
    if line.starts_with("GET /ticks ") {
        send_pieces(
            socket,
            "200 OK",
            sse,
            &[
                "\u{feff}: hello\r\n\r\nda",
                "ta: {\"n\":",
                "1}\r",
                "\n\r\ndata: {\"n\":\ndata: 2}\n\n",
                "event: tick\ndata: {\"n\":3}\r\rdata: [DONE]\n\n",
                "data: {\"n\":4}\n\n",
            ],
        );
    } else if line.starts_with("GET /events?topic=a ") {
        send_pieces(
            socket,
            "200 OK",
            sse,
            &[
                "id: 1\nevent: greet\nretry: 3000\ndata: hello\ndata: world\n\n",
                "data: second\n\n",
            ],
        );
    } else if line.starts_with("GET /events?topic=missing ") {
        send_pieces(
            socket,
            "404 Not Found",
            "application/json",
            &["{\"message\":\"no topic\"}"],
        );
    } else if line.starts_with("POST /chat ") {
        send_pieces(
            socket,
            "200 OK",
            sse,
            &[
                "data: {\"text\":\"Hel\"}\n\n",
                "data: {\"text\":\"lo\"}\n\ndata: [DONE]\n\n",
            ],
        );
    } else if line.starts_with("GET /events?topic=endless ") {
        let head = format!("HTTP/1.1 200 OK\r\ncontent-type: {sse}\r\nconnection: close\r\n\r\n");
        socket.write_all(head.as_bytes()).unwrap();
        // Until the client goes away; a bound keeps a broken client from
        // holding the test forever.
        for sent in 0..3000 {
            let wrote = socket
                .write_all(b"data: tick\n\n")
                .and_then(|()| socket.flush());
            if wrote.is_err() {
                log.lock().unwrap().push(format!(
                    "endless: the client closed the stream after {sent} events"
                ));
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        log.lock()
            .unwrap()
            .push("endless: the client never closed the stream".into());
    } else if line.starts_with("GET /events?topic=huge ") {
        let event = format!("data: {}\n\n", "x".repeat(5000));
        send_pieces(socket, "200 OK", sse, &[&event[..2000], &event[2000..]]);
    } else if line.starts_with("GET /files/cut ") {
        // 10,000 bytes announced, 4,000 sent, then the connection closes.
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: 10000\r\nconnection: close\r\n\r\n";
        socket.write_all(head.as_bytes()).unwrap();
        socket.write_all(&[7u8; 4000]).unwrap();
        socket.flush().unwrap();
    } else {
        send_pieces(
            socket,
            "500 Internal Server Error",
            "text/plain",
            &["unexpected"],
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn events_downloads_and_uploads() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("streaming");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = root().join("tests/fixtures/streaming.yaml");
    let g = crates::generate(&spec, "streaming", &dir).unwrap_or_else(|e| panic!("{e}"));

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let events_url = format!("http://{}", listener.local_addr().unwrap());
    let log: Log = Arc::default();
    let server_log = log.clone();
    std::thread::spawn(move || {
        for socket in listener.incoming() {
            let (mut socket, log) = (socket.unwrap(), server_log.clone());
            std::thread::spawn(move || serve(&mut socket, &log));
        }
    });

    let files = MockServer::start().await;
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/files/big"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/octet-stream")
                .set_body_bytes(big.clone()),
        )
        .mount(&files)
        .await;
    Mock::given(method("GET"))
        .and(path("/files/missing"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "no file"})),
        )
        .mount(&files)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&files)
        .await;
    Mock::given(method("POST"))
        .and(path("/forms"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&files)
        .await;

    let arg = format!("{events_url} {}", files.uri());
    let stdout = crates::run_program(
        &dir,
        "streaming-check",
        "streaming = { path = \"../streaming\" }\nfutures-util = \"0.3\"\nbytes = \"1\"\n",
        &[&g],
        &arg,
    );
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "tick 1",
            "tick 2",
            "tick 3",
            "event Some(\"greet\") \"hello\\nworld\" Some(\"1\") Some(3000)",
            "event None \"second\" Some(\"1\") Some(3000)",
            "events error 404 NotFound(Problem { message: Some(\"no topic\"), additional_properties: {} })",
            "chat Hello",
            "endless cut after 3",
            "huge event refused at 1024",
            "download broke off after 4000 of 10000 bytes, received() says 4000",
            "buffered read broke off: status 200 OK but the body broke off after 4000 bytes of 10000",
            "downloaded 3000000 bytes, same as sent: true",
            "buffered read refused at 1024",
            "download error 404 NotFound(Problem { message: Some(\"no file\"), additional_properties: {} })",
            "upload Some(true) Some(3000000)",
            "second send refused: true",
            "uploaded",
        ]
    );

    // The event-stream requests asked for events; the chat request carried
    // its body.
    let lines = log.lock().unwrap().clone();
    let seen = |prefix: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix:?} in {lines:#?}"))
            .clone()
    };
    assert!(seen("GET /ticks ").contains("accept=text/event-stream"));
    let chat = seen("POST /chat ");
    assert!(chat.contains("accept=text/event-stream"), "{chat}");
    assert!(chat.contains("\"stream\":true"), "{chat}");
    // The endless stream's connection was closed by the client (the server
    // notices at its next write).
    let closed = (0..100).any(|_| {
        let closed = log
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.starts_with("endless: the client closed"));
        if !closed {
            std::thread::sleep(Duration::from_millis(50));
        }
        closed
    });
    assert!(closed, "{:#?}", log.lock().unwrap());

    let requests = files.received_requests().await.unwrap();
    let put = |p: &str| {
        requests
            .iter()
            .find(|r| r.method.as_str() == "PUT" && r.url.path() == p)
            .unwrap_or_else(|| panic!("no PUT {p}"))
    };
    let from_file = put("/files/from-file");
    assert_eq!(from_file.body, big, "the file arrives whole");
    assert_eq!(from_file.headers["content-length"], "3000000");
    assert_eq!(
        from_file.headers["content-type"],
        "application/octet-stream"
    );
    let from_stream = put("/files/from-stream");
    let expected: Vec<u8> = (0..4u8).flat_map(|i| vec![b'a' + i; 1000]).collect();
    assert_eq!(from_stream.body, expected);
    assert!(
        requests.iter().all(|r| r.url.path() != "/files/again"),
        "nothing sent for a spent stream"
    );
    let form = requests
        .iter()
        .find(|r| r.url.path() == "/forms")
        .expect("the form");
    let text = String::from_utf8_lossy(&form.body);
    assert!(
        text.contains("name=\"file\"; filename=\"big.bin\""),
        "{}",
        &text[..300]
    );
    assert!(text.contains("name=\"note\"\r\n\r\nn"));
    assert!(
        form.body.windows(1000).any(|w| w == &big[..1000]),
        "the file's bytes are in the form"
    );
}
