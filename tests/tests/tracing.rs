//! The generated crate's `tracing` feature: one span per call with the
//! operation, method, path template, attempts, status and elapsed time, and
//! an event per retry with its delay and cause; never a header value, the
//! token or the filled-in path. Checked with a subscriber that records
//! everything it is given.

use std::time::Duration;

use clerk_backend_api::{Client, RetryPolicy};
use tracing_subscriber::layer::SubscriberExt;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/recorder.rs"]
mod recorder;
use recorder::{field, Recorded};

#[tokio::test(flavor = "current_thread")]
async fn a_call_is_a_span_and_a_retry_an_event_without_secrets() {
    let recorded = Recorded::default();
    let subscriber = tracing_subscriber::registry().with(recorded.clone());
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "object": "organization_invitation", "id": "orginv_1", "email_address": "a@b.c",
            "role": "r", "role_name": "R", "organization_id": "org_1", "status": "pending",
            "public_metadata": {}, "private_metadata": {}, "created_at": 1, "updated_at": 2
        })))
        .mount(&server)
        .await;
    let client = Client::new("sk_test_secret_token")
        .with_base_url(server.uri())
        .with_header("X-Secret-Key", "hidden-value")
        .with_retry(
            RetryPolicy::backoff(
                Duration::from_millis(5),
                Duration::from_millis(5),
                1.0,
                Duration::from_secs(5),
            )
            .retry_statuses(503..=503),
        );
    let invitation = client
        .get_organization_invitation("org_personal_123", "orginv_1")
        .send()
        .await
        .unwrap();
    assert_eq!(invitation.id, "orginv_1");

    let spans = recorded.spans.lock().unwrap().clone();
    let calls: Vec<_> = spans
        .iter()
        .filter(|(_, name, _)| name == "api_call")
        .collect();
    assert_eq!(calls.len(), 1, "one span per call");
    let fields = &calls[0].2;
    assert_eq!(
        field(fields, "operation"),
        Some("GetOrganizationInvitation")
    );
    assert_eq!(field(fields, "method"), Some("GET"));
    assert_eq!(
        field(fields, "path"),
        Some("/organizations/{organization_id}/invitations/{invitation_id}")
    );
    assert_eq!(field(fields, "attempts"), Some("2"));
    assert_eq!(field(fields, "status"), Some("200"));
    assert!(field(fields, "elapsed_ms").is_some(), "{fields:?}");

    let events = recorded.events.lock().unwrap().clone();
    let retries: Vec<_> = events
        .iter()
        .filter(|e| field(e, "message") == Some("retrying"))
        .collect();
    assert_eq!(retries.len(), 1, "{events:?}");
    assert_eq!(field(retries[0], "cause"), Some("status 503"));
    // The delay is the policy's 5 ms, with the policy's jitter.
    let delay: u64 = field(retries[0], "delay_ms").unwrap().parse().unwrap();
    assert!((1..=50).contains(&delay), "{delay}");

    let everything = format!("{spans:?}{events:?}");
    for secret in ["sk_test_secret_token", "hidden-value", "org_personal_123"] {
        assert!(
            !everything.contains(secret),
            "{secret} was recorded: {everything}"
        );
    }
}
