//! A loopback HTTP/1.1 server that injects faults, for `main.rs`: for each
//! request it draws one outcome (an answer, a reset, a body cut short, an
//! answer later than the client waits, a 503, no answer at all), and one
//! connection in a hundred is accepted and never answered. It records what
//! it acted on, so that the program can tell whether a request that was not
//! safe to repeat was sent again.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// How often each fault happens, in percent of requests (of connections
/// for `deaf`).
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub seed: u64,
    pub reset: u64,
    pub cut: u64,
    pub slow: u64,
    pub unavailable: u64,
    pub hang: u64,
    pub deaf: u64,
    /// How late a slow answer comes (longer than the client's timeout).
    pub slow_by: Duration,
}

/// What a request came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Answer,
    /// Reset (RST) after reading the request, without answering.
    Reset,
    /// The whole `content-length` announced, half the body sent, then closed.
    Cut,
    /// The answer, after `slow_by`.
    Slow,
    /// `503` with `Retry-After: 0`, before acting on the request.
    Unavailable,
    /// Read, acted on, never answered.
    Hang,
}

/// What the server saw, for the program's report and checks.
#[derive(Debug, Default)]
pub struct Tally {
    pub connections: AtomicU64,
    pub deaf: AtomicU64,
    pub requests: AtomicU64,
    pub resets: AtomicU64,
    pub cuts: AtomicU64,
    pub slow: AtomicU64,
    pub unavailable: AtomicU64,
    pub hung: AtomicU64,
    /// Requests that carried an idempotency key seen before.
    pub replayed: AtomicU64,
    /// Items made, by name: more than one for a name means a keyed POST was
    /// acted on twice.
    pub items: Mutex<HashMap<String, u32>>,
    /// For each note's name: how often it was acted on, and how often it
    /// arrived again after that (a POST without a key sent twice).
    pub notes: Mutex<HashMap<String, (u32, u32)>>,
}

struct State {
    plan: Plan,
    draws: AtomicU64,
    ids: AtomicU64,
    /// The answer body given to each idempotency key.
    keys: Mutex<HashMap<String, String>>,
    tally: Arc<Tally>,
}

/// Starts the server on a free loopback port; returns its URL and tally.
pub async fn start(plan: Plan) -> (String, Arc<Tally>) {
    // A backlog as deep as the client's concurrency (tokio's `bind` gives
    // 1,024): connections beyond it would wait for the kernel to resend
    // their SYN, a second later, after the client's timeout.
    let socket = TcpSocket::new_v4().expect("socket");
    socket.bind("127.0.0.1:0".parse().unwrap()).expect("bind");
    let listener = socket.listen(8192).expect("listen");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let tally = Arc::new(Tally::default());
    let state = Arc::new(State {
        plan,
        draws: AtomicU64::new(0),
        ids: AtomicU64::new(0),
        keys: Mutex::new(HashMap::new()),
        tally: tally.clone(),
    });
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                continue;
            };
            let state = state.clone();
            tokio::spawn(async move {
                state.tally.connections.fetch_add(1, Ordering::Relaxed);
                if state.draw() < state.plan.deaf {
                    state.tally.deaf.fetch_add(1, Ordering::Relaxed);
                    drain(socket).await;
                } else {
                    serve(socket, &state).await;
                }
            });
        }
    });
    (url, tally)
}

impl State {
    /// A number in 0..100, from the seed and how many were drawn before
    /// (SplitMix64): the same rates on every run.
    fn draw(&self) -> u64 {
        let n = self.draws.fetch_add(1, Ordering::Relaxed);
        let mut z = self
            .plan
            .seed
            .wrapping_add(n.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % 100
    }

    fn fault(&self) -> Fault {
        let p = self.plan;
        let mut roll = self.draw();
        for (share, fault) in [
            (p.reset, Fault::Reset),
            (p.cut, Fault::Cut),
            (p.slow, Fault::Slow),
            (p.unavailable, Fault::Unavailable),
            (p.hang, Fault::Hang),
        ] {
            if roll < share {
                return fault;
            }
            roll -= share;
        }
        Fault::Answer
    }
}

/// Reads and drops whatever the client sends, never answering, until it
/// goes away.
async fn drain(mut socket: TcpStream) {
    let mut buffer = [0u8; 4096];
    while matches!(socket.read(&mut buffer).await, Ok(n) if n > 0) {}
}

/// One request as read: method, path, the idempotency key and the body.
struct Incoming {
    method: String,
    path: String,
    key: Option<String>,
    body: Vec<u8>,
}

/// Reads the next request from `socket`, `pending` holding bytes read past
/// the previous one; `None` at the end of the connection.
async fn read_request(socket: &mut TcpStream, pending: &mut Vec<u8>) -> Option<Incoming> {
    let mut buffer = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = socket.read(&mut buffer).await.ok().filter(|n| *n > 0)?;
        pending.extend_from_slice(&buffer[..n]);
    };
    let head = String::from_utf8_lossy(&pending[..head_end]).into_owned();
    let mut lines = head.lines();
    let mut first = lines.next()?.split(' ');
    let (method, path) = (first.next()?.to_string(), first.next()?.to_string());
    let mut length = 0;
    let mut key = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().ok()?,
            "idempotency-key" => key = Some(value.trim().to_string()),
            _ => {}
        }
    }
    while pending.len() < head_end + length {
        let n = socket.read(&mut buffer).await.ok().filter(|n| *n > 0)?;
        pending.extend_from_slice(&buffer[..n]);
    }
    let body = pending[head_end..head_end + length].to_vec();
    pending.drain(..head_end + length);
    Some(Incoming {
        method,
        path,
        key,
        body,
    })
}

/// The JSON of an item; the padding makes a body long enough to cut.
fn item(id: &str, name: &str) -> String {
    serde_json::json!({"id": id, "name": name, "payload": "x".repeat(2000)}).to_string()
}

/// The name in a request body `{"name": …}`.
fn name_of(body: &[u8]) -> String {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("name")?.as_str().map(str::to_string))
        .unwrap_or_default()
}

async fn serve(mut socket: TcpStream, state: &State) {
    let tally = &state.tally;
    let mut pending = Vec::new();
    while let Some(request) = read_request(&mut socket, &mut pending).await {
        tally.requests.fetch_add(1, Ordering::Relaxed);
        let fault = state.fault();
        if fault == Fault::Unavailable {
            tally.unavailable.fetch_add(1, Ordering::Relaxed);
            if let Some(log) = tally.notes.lock().unwrap().get_mut(&name_of(&request.body)) {
                log.1 += u32::from(log.0 > 0);
            }
            let answer =
                "HTTP/1.1 503 Service Unavailable\r\nretry-after: 0\r\ncontent-length: 0\r\n\r\n";
            if socket.write_all(answer.as_bytes()).await.is_err() {
                return;
            }
            continue;
        }
        // Acted on from here, whether or not an answer gets through.
        let (status, body) = act(state, &request);
        let answer = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        match fault {
            Fault::Answer | Fault::Unavailable => {}
            Fault::Reset => {
                tally.resets.fetch_add(1, Ordering::Relaxed);
                let _ = socket.set_zero_linger();
                return;
            }
            Fault::Cut => {
                tally.cuts.fetch_add(1, Ordering::Relaxed);
                let cut = answer.len() - body.len() / 2;
                let _ = socket.write_all(&answer.as_bytes()[..cut]).await;
                let _ = socket.shutdown().await;
                return;
            }
            Fault::Slow => {
                tally.slow.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(state.plan.slow_by).await;
            }
            Fault::Hang => {
                tally.hung.fetch_add(1, Ordering::Relaxed);
                drain(socket).await;
                return;
            }
        }
        if socket.write_all(answer.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// Does what the request asks; its status line and body.
fn act(state: &State, request: &Incoming) -> (&'static str, String) {
    let tally = &state.tally;
    let fresh = || format!("{}", state.ids.fetch_add(1, Ordering::Relaxed));
    match (request.method.as_str(), request.path.as_str()) {
        ("GET", path) if path.starts_with("/items/") => {
            let id = &path["/items/".len()..];
            ("200 OK", item(id, &format!("item {id}")))
        }
        ("POST", "/items") => {
            let name = name_of(&request.body);
            let Some(key) = &request.key else {
                return ("400 Bad Request", "{}".to_string());
            };
            let mut keys = state.keys.lock().unwrap();
            if let Some(first) = keys.get(key) {
                tally.replayed.fetch_add(1, Ordering::Relaxed);
                return ("201 Created", first.clone());
            }
            *tally.items.lock().unwrap().entry(name.clone()).or_default() += 1;
            let body = item(&format!("item_{}", fresh()), &name);
            keys.insert(key.clone(), body.clone());
            ("201 Created", body)
        }
        ("POST", "/notes") => {
            let name = name_of(&request.body);
            let mut notes = tally.notes.lock().unwrap();
            let log = notes.entry(name.clone()).or_default();
            log.1 += u32::from(log.0 > 0);
            log.0 += 1;
            ("201 Created", item(&format!("note_{}", fresh()), &name))
        }
        _ => ("404 Not Found", "{}".to_string()),
    }
}
