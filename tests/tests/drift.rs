//! A server that drifts from its description, against the Clerk crate: each
//! deviation of an `OrganizationInvitation` as a server might send it, read
//! by default where a sensible reading exists and reported as a `tracing`
//! event (operation, JSON pointer, what differs), refused with its pointer
//! by `Decoding::Strict`; what has no sensible reading is refused either way.

use clerk_backend_api::{Client, Decoding, Error};
use serde_json::{json, Value};
use tracing_subscriber::layer::SubscriberExt;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/recorder.rs"]
mod recorder;
use recorder::{field, Recorded};

fn invitation() -> Value {
    json!({
        "object": "organization_invitation", "id": "orginv_1", "email_address": "a@example.com",
        "role": "org:member", "role_name": "Member", "organization_id": "org_1",
        "inviter_id": null, "public_inviter_data": null, "status": "pending",
        "public_metadata": {}, "private_metadata": {}, "url": null, "expires_at": null,
        "created_at": 1, "updated_at": 2
    })
}

async fn serving(body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// The invitation read with `decoding`, and the drift events reported.
async fn read(
    body: Value,
    decoding: Decoding,
) -> (
    Result<clerk_backend_api::models::OrganizationInvitation, Error<impl std::fmt::Debug>>,
    Vec<recorder::FieldList>,
) {
    let recorded = Recorded::default();
    let subscriber = tracing_subscriber::registry().with(recorded.clone());
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = serving(body).await;
    let result = Client::new("sk_test")
        .with_base_url(server.uri())
        .with_decoding(decoding)
        .get_organization_invitation("org_1", "orginv_1")
        .send()
        .await
        .map(|r| r.into_body());
    let events = recorded.events.lock().unwrap().clone();
    let drift = events
        .into_iter()
        .filter(|e| field(e, "message").is_some_and(|m| m.starts_with("drift")))
        .collect();
    (result, drift)
}

/// The pointer of a `Decode` error.
fn pointer<E: std::fmt::Debug>(result: &Result<impl std::fmt::Debug, Error<E>>) -> String {
    match result {
        Err(Error::Decode { pointer, .. }) => pointer.clone(),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

fn with(changes: &[(&str, Option<Value>)]) -> Value {
    let mut body = invitation();
    for (name, value) in changes {
        match value {
            Some(v) => body[*name] = v.clone(),
            None => {
                body.as_object_mut().unwrap().remove(*name);
            }
        }
    }
    body
}

#[tokio::test(flavor = "current_thread")]
async fn what_the_description_allows_is_no_drift() {
    let (result, drift) = read(invitation(), Decoding::Strict).await;
    assert_eq!(result.unwrap().id, "orginv_1");
    assert!(drift.is_empty());
    let (result, drift) = read(invitation(), Decoding::Lenient).await;
    assert_eq!(result.unwrap().id, "orginv_1");
    assert!(drift.is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn readable_deviations_are_read_and_reported_or_refused_when_strict() {
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        (
            // Clerk's schema is closed (`additionalProperties: false`).
            "a property the description does not declare",
            with(&[("team", Some(json!({"id": "t_1"})))]),
            "/team",
            "has no property `team`",
        ),
        (
            "an unknown enum value",
            with(&[("object", Some(json!("organization_invitation_v2")))]),
            "/object",
            "`organization_invitation_v2` is not one of the values",
        ),
        (
            "null where a property is never null",
            with(&[("status", Some(Value::Null))]),
            "/status",
            "is null, which the API description does not allow",
        ),
        (
            "a required nullable property missing",
            with(&[("url", None)]),
            "",
            "lacks `url`",
        ),
        (
            "a number as a string",
            with(&[("created_at", Some(json!("1700000000")))]),
            "/created_at",
            "\"1700000000\" where an integer is expected",
        ),
        (
            "an integral float for an integer",
            with(&[("updated_at", Some(json!(2.0)))]),
            "/updated_at",
            "2.0 where an integer is expected",
        ),
    ];
    for (case, body, at, what) in cases {
        let (lenient, drift) = read(body.clone(), Decoding::Lenient).await;
        let invitation = lenient.unwrap_or_else(|e| panic!("{case}: {e:?}"));
        assert_eq!(invitation.id, "orginv_1", "{case}");
        assert_eq!(drift.len(), 1, "{case}: {drift:?}");
        assert_eq!(
            field(&drift[0], "operation"),
            Some("GetOrganizationInvitation"),
            "{case}"
        );
        assert_eq!(field(&drift[0], "pointer"), Some(at), "{case}");
        let deviation = field(&drift[0], "deviation").unwrap_or_default();
        assert!(deviation.contains(what), "{case}: {deviation}");
        let (strict, _) = read(body, Decoding::Strict).await;
        assert_eq!(pointer(&strict), at, "{case}");
    }
    // What was read is what a reader would take it for.
    let (result, _) = read(
        with(&[("created_at", Some(json!("17")))]),
        Decoding::Lenient,
    )
    .await;
    assert_eq!(result.unwrap().created_at, 17);
    let (result, _) = read(with(&[("status", Some(Value::Null))]), Decoding::Lenient).await;
    assert_eq!(result.unwrap().status, None);
}

#[tokio::test(flavor = "current_thread")]
async fn deviations_without_a_sensible_reading_are_refused_either_way() {
    let cases = [
        (
            "null for a required property",
            with(&[("email_address", Some(Value::Null))]),
            "/email_address",
        ),
        (
            "a required property missing",
            with(&[("email_address", None)]),
            "",
        ),
        (
            "a fraction for an integer",
            with(&[("created_at", Some(json!(1.5)))]),
            "/created_at",
        ),
        (
            "text that is no number",
            with(&[("created_at", Some(json!("soon")))]),
            "/created_at",
        ),
    ];
    for (case, body, at) in cases {
        for decoding in [Decoding::Lenient, Decoding::Strict] {
            let (result, drift) = read(body.clone(), decoding).await;
            assert_eq!(pointer(&result), at, "{case}, {decoding:?}");
            assert!(
                drift.is_empty(),
                "{case}: nothing was read, nothing drifted"
            );
            let Err(Error::Decode { response, .. }) = result else {
                unreachable!()
            };
            assert_eq!(
                serde_json::from_slice::<Value>(&response.body).unwrap(),
                body,
                "the body is kept"
            );
        }
    }
}
