//! Run in Node.js by `tests/tests/wasm.rs`, compiled for
//! `wasm32-unknown-unknown` and driven by `wasm-bindgen-test`, against the
//! crates generated there (Clerk's, and the `pagination` and `streaming`
//! fixtures) and the test's local server, whose URL is `WASM_E2E_SERVER`
//! when this is built. What differs from a native build is exercised:
//! `fetch` for the transport, the host's timers for retry waits and
//! timeouts, its clock for deadlines and its randomness for jitter.
#![cfg(target_arch = "wasm32")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::{pin_mut, StreamExt};
use wasm_bindgen_test::wasm_bindgen_test;

const SERVER: &str = env!("WASM_E2E_SERVER");

/// Counts the attempts it sees, and marks each with a header the server
/// requires.
struct Attempts(AtomicUsize);

impl wasm_clerk::Hook for Attempts {
    fn before_request(&self, request: &mut reqwest::Request) {
        self.0.fetch_add(1, Ordering::SeqCst);
        request
            .headers_mut()
            .insert("x-hooked", reqwest::header::HeaderValue::from_static("yes"));
    }
}

fn retrying() -> wasm_clerk::RetryPolicy {
    wasm_clerk::RetryPolicy::backoff(
        Duration::from_millis(20),
        Duration::from_millis(100),
        2.0,
        Duration::from_secs(10),
    )
    .retry_statuses(503..=503)
    .retry_connection_errors(true)
}

#[wasm_bindgen_test]
async fn a_get_answered_503_twice_is_retried_with_the_hook_on_each_attempt() {
    let attempts = Arc::new(Attempts(AtomicUsize::new(0)));
    let client = wasm_clerk::Client::new("sk_test_wasm")
        .with_base_url(format!("{SERVER}/retry"))
        .with_retry(retrying())
        .with_hook(attempts.clone());
    let response = client
        .get_organization_invitation("org_1", "orginv_1")
        .send()
        .await
        .expect("answered on the third attempt");
    assert_eq!(response.body().id, "orginv_1");
    assert_eq!(attempts.0.load(Ordering::SeqCst), 3);
}

#[wasm_bindgen_test]
async fn an_attempt_slower_than_the_timeout_times_out() {
    let client = wasm_clerk::Client::new("sk_test_wasm")
        .with_base_url(format!("{SERVER}/slow"))
        .with_retry(wasm_clerk::RetryPolicy::none())
        .with_timeout(Duration::from_millis(200));
    let started = web_time::Instant::now();
    let error = client
        .get_organization_invitation("org_1", "orginv_1")
        .send()
        .await
        .expect_err("the server answers after 3 s");
    assert!(matches!(error, wasm_clerk::Error::Timeout(_)), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[wasm_bindgen_test]
async fn timed_out_attempts_are_retried_until_the_deadline() {
    let client = wasm_clerk::Client::new("sk_test_wasm")
        .with_base_url(format!("{SERVER}/slow"))
        .with_retry(retrying())
        .with_timeout(Duration::from_millis(150))
        .with_deadline(Duration::from_millis(700));
    let started = web_time::Instant::now();
    let error = client
        .get_organization_invitation("org_1", "orginv_1")
        .send()
        .await
        .expect_err("every attempt is too slow");
    assert!(matches!(error, wasm_clerk::Error::Timeout(_)), "{error:?}");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(2),
        "{elapsed:?}"
    );
}

#[wasm_bindgen_test]
async fn a_list_is_walked_page_by_page() {
    let client = wasm_pagination::Client::new().with_base_url(SERVER);
    let items = client.list_by_cursor().items();
    pin_mut!(items);
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        ids.push(item.expect("an item").id);
    }
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
}

#[wasm_bindgen_test]
async fn typed_events_are_read_as_they_come() {
    let client = wasm_streaming::Client::new().with_base_url(SERVER);
    let mut ticks = client
        .stream_ticks()
        .send()
        .await
        .expect("a stream")
        .into_body();
    let mut seen = Vec::new();
    while let Some(tick) = ticks.next().await {
        seen.push(tick.expect("a tick").n);
    }
    assert_eq!(seen, [1, 2, 3]);
}
