//! Client overhead: the generated client against a minimal hand-written
//! reqwest + serde_json call doing the same request, both against a local
//! server that answers a fixed body at once.
//!
//! `cargo bench -p workspace-tests --bench client [-- REQUESTS]` prints
//! requests per second and latency percentiles for `GetOrganizationInvitation`
//! and `ListOrganizationInvitations` (a 500-item page), each measured in 20
//! short alternating rounds; the ratio is the median of the per-round ratios,
//! with the middle half of them beside it. A last row runs the hand-written
//! Get on both sides, so the spread two identical sides show on this machine
//! is printed beside the comparison. Nothing here asserts on time.
//!
//! `... --bench client -- only SIDE OPERATION N` runs one side alone, for
//! counting instructions under callgrind (see `only`).

use std::time::{Duration, Instant};

use clerk_backend_api::models::{OrganizationInvitation, OrganizationInvitations};
use clerk_backend_api::{Client, RetryPolicy};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn invitation(i: usize) -> Value {
    json!({
        "object": "organization_invitation", "id": format!("orginv_{i}"), "email_address": format!("user{i}@example.com"),
        "role": "org:member", "role_name": "Member", "organization_id": "org_1", "inviter_id": null,
        "public_inviter_data": {"user_id": "user_1", "first_name": "Ada", "last_name": null,
            "image_url": "https://img.example/1", "has_image": true, "identifier": "ada@example.com"},
        "status": "pending", "public_metadata": {"team": "core"}, "private_metadata": {}, "url": null,
        "expires_at": 1_800_000_000i64, "created_at": 1_700_000_000i64, "updated_at": 1_700_000_001i64
    })
}

/// A keep-alive HTTP/1.1 server answering every request with `body`.
async fn serve(body: Vec<u8>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    let response: &'static [u8] = [head.as_bytes(), &body].concat().leak();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let mut pending = Vec::new();
                loop {
                    let Ok(n) = socket.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    pending.extend_from_slice(&buf[..n]);
                    // Requests here have no body: each ends at a blank line.
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        pending.drain(..end + 4);
                        if socket.write_all(response).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}

struct Stats {
    per_second: f64,
    p50: Duration,
    p99: Duration,
}

fn stats(mut samples: Vec<Duration>, total: Duration) -> Stats {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q) as usize];
    Stats {
        per_second: samples.len() as f64 / total.as_secs_f64(),
        p50: at(0.5),
        p99: at(0.99),
    }
}

async fn measure<F, Fut>(n: usize, mut call: F) -> Stats
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut samples = Vec::with_capacity(n);
    let started = Instant::now();
    for _ in 0..n {
        let t = Instant::now();
        call().await;
        samples.push(t.elapsed());
    }
    stats(samples, started.elapsed())
}

/// The row that runs the hand-written call on both sides.
const NOISE_FLOOR: &str = "hand-written Get against itself (noise floor)";

/// The hand-written call: reqwest, then `serde_json` into the same type.
async fn hand<T: serde::de::DeserializeOwned>(http: &reqwest::Client, url: String) {
    let r = http.get(url).bearer_auth("sk_test").send().await.unwrap();
    let bytes = r.bytes().await.unwrap();
    std::hint::black_box(serde_json::from_slice::<T>(&bytes).unwrap());
}

async fn hand_get(http: &reqwest::Client, base: &str) {
    hand::<OrganizationInvitation>(
        http,
        format!("{base}/organizations/org_1/invitations/orginv_1"),
    )
    .await;
}

/// Alternating rounds per operation.
const ROUNDS: usize = 20;

/// `ratios` sorted: the median and the middle half of the per-round ratios.
fn row(name: &str, ours: &Stats, hand: &Stats, ratios: &[f64]) {
    let at = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
    println!(
        "| {name} | {:.0} | {:.0} | {:.3} ({:.3}–{:.3}) | {:.1} µs / {:.1} µs | {:.1} µs / {:.1} µs |",
        ours.per_second,
        hand.per_second,
        at(0.5),
        at(0.25),
        at(0.75),
        ours.p50.as_secs_f64() * 1e6,
        hand.p50.as_secs_f64() * 1e6,
        ours.p99.as_secs_f64() * 1e6,
        hand.p99.as_secs_f64() * 1e6,
    );
}

/// `only SIDE OPERATION N`: N calls of one side alone (`ours` or `hand`,
/// `get` or `list`) and nothing else, for counting instructions per call
/// under callgrind (`scripts/bench.sh` section 5): unlike time, the count
/// does not depend on what else the machine is doing.
fn only(side: &str, operation: &str, n: usize) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let body = if operation == "get" {
            serde_json::to_vec(&invitation(0)).unwrap()
        } else {
            let page: Vec<Value> = (0..500).map(invitation).collect();
            serde_json::to_vec(&json!({"data": page, "total_count": 500})).unwrap()
        };
        let base = serve(body).await;
        let http = reqwest::Client::new();
        let ours = Client::new("sk_test")
            .with_base_url(&base)
            .with_retry(RetryPolicy::none());
        for _ in 0..n {
            match (side, operation) {
                ("ours", "get") => {
                    let r = ours
                        .get_organization_invitation("org_1", "orginv_1")
                        .send()
                        .await
                        .unwrap();
                    std::hint::black_box(r);
                }
                ("ours", _) => {
                    let r = ours
                        .list_organization_invitations("org_1")
                        .limit(500)
                        .send()
                        .await
                        .unwrap();
                    std::hint::black_box(r);
                }
                (_, "get") => hand_get(&http, &base).await,
                _ => {
                    let url = format!("{base}/organizations/org_1/invitations?limit=500");
                    hand::<OrganizationInvitations>(&http, url).await
                }
            }
        }
    });
}

fn main() {
    // `cargo bench` adds `--bench`.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if let [_, side, operation, n] = &args[..] {
        if args[0] == "only" {
            return only(side, operation, n.parse().expect("N is a number"));
        }
    }
    let n: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(5000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let one = serve(serde_json::to_vec(&invitation(0)).unwrap()).await;
        let page: Vec<Value> = (0..500).map(invitation).collect();
        let many = serve(serde_json::to_vec(&json!({"data": page, "total_count": 500})).unwrap()).await;
        let http = reqwest::Client::new();
        let ours_one = Client::new("sk_test").with_base_url(&one).with_retry(RetryPolicy::none());
        let ours_many = Client::new("sk_test").with_base_url(&many).with_retry(RetryPolicy::none());

        println!("| operation | generated req/s | hand-written req/s | ratio (middle half) | p50 generated / hand | p99 generated / hand |");
        println!("|---|---:|---:|---:|---:|---:|");
        let cases = [
            ("GetOrganizationInvitation", n / ROUNDS),
            ("ListOrganizationInvitations (500 items)", n / ROUNDS / 10),
            (NOISE_FLOOR, n / ROUNDS),
        ];
        for (name, per_round) in cases {
            let get = name != cases[1].0;
            let ours_call = || async {
                if name == NOISE_FLOOR {
                    // The hand-written call against itself: how far apart two
                    // identical sides come out on this machine.
                    hand_get(&http, &one).await;
                } else if get {
                    let r = ours_one.get_organization_invitation("org_1", "orginv_1").send().await.unwrap();
                    std::hint::black_box(r);
                } else {
                    let r = ours_many.list_organization_invitations("org_1").limit(500).send().await.unwrap();
                    std::hint::black_box(r);
                }
            };
            let hand_call = || async {
                if get {
                    hand_get(&http, &one).await;
                } else {
                    hand::<OrganizationInvitations>(&http, format!("{many}/organizations/org_1/invitations?limit=500")).await;
                }
            };
            let (mut ours, mut hand, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
            for round in 0..ROUNDS {
                // Short rounds, sides alternating and taking turns to go
                // first: the machine's speed drifts within a run, and each
                // round's ratio compares the two sides at nearly one moment.
                let (o, h) = if round % 2 == 0 {
                    let o = measure(per_round, ours_call).await;
                    (o, measure(per_round, hand_call).await)
                } else {
                    let h = measure(per_round, hand_call).await;
                    (measure(per_round, ours_call).await, h)
                };
                ratios.push(o.per_second / h.per_second);
                ours.push(o);
                hand.push(h);
            }
            ratios.sort_by(f64::total_cmp);
            // The median round of each side for the absolute figures.
            let pick = |mut v: Vec<Stats>| {
                v.sort_by(|a, b| a.per_second.total_cmp(&b.per_second));
                v.swap_remove(v.len() / 2)
            };
            row(name, &pick(ours), &pick(hand), &ratios);
        }
    });
}
