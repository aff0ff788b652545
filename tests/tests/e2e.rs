//! The generated client against a real HTTP server on loopback (wiremock):
//! the exact request each operation sends, and how every documented and
//! undocumented answer is decoded.

use std::time::Duration;

use clerk_backend_api::errors::{
    CreateOrganizationInvitationBulkError, CreateOrganizationInvitationError,
    GetOrganizationInvitationError, ListInstanceOrganizationInvitationsError,
    ListOrganizationInvitationsError, ListPendingOrganizationInvitationsError,
    RevokeOrganizationInvitationError,
};
use clerk_backend_api::models::{
    CreateOrganizationInvitationBody, CreateOrganizationInvitationBulkBodyItem,
    ListInstanceOrganizationInvitationsStatus, ListOrganizationInvitationsStatus,
    OrganizationInvitationObject, OrganizationInvitationWithPublicOrganizationDataObject,
    RevokeOrganizationInvitationBody,
};
use clerk_backend_api::{Client, Error, Nullable, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "sk_test_e2e";

fn invitation() -> Value {
    json!({
        "object": "organization_invitation",
        "id": "orginv_1",
        "email_address": "new@example.com",
        "role": "org:member",
        "role_name": "Member",
        "organization_id": "org_1",
        "inviter_id": null,
        "public_inviter_data": {
            "user_id": "user_1", "first_name": "Ada", "last_name": null,
            "image_url": "https://img.example/1", "has_image": true, "identifier": "ada@example.com"
        },
        "status": "pending",
        "public_metadata": {"team": "core"},
        "private_metadata": {},
        "url": null,
        "expires_at": 1_800_000_000i64,
        "created_at": 1_700_000_000i64,
        "updated_at": 1_700_000_001i64
    })
}

fn clerk_errors(code: &str) -> Value {
    json!({
        "errors": [{"message": "bad", "long_message": "something was bad", "code": code, "meta": {}}],
        "clerk_trace_id": "trace_123"
    })
}

/// A server that answers every request with `status` and `body`.
async fn answering(status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_json(body)
                .insert_header("x-clerk-trace-id", "trace_123"),
        )
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::new(TOKEN)
        .with_base_url(server.uri())
        .with_retry(RetryPolicy::none())
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

/// Method, path and query exactly; bearer auth and user agent always.
fn assert_request(request: &Request, method: &str, path_and_query: &str) {
    assert_eq!(request.method.as_str(), method);
    let url = &request.url;
    let actual = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    assert_eq!(actual, path_and_query);
    assert_eq!(header(request, "authorization"), Some("Bearer sk_test_e2e"));
    let agent = header(request, "user-agent").unwrap();
    assert!(agent.starts_with("clerk-backend-api/"), "{agent}");
}

fn json_body(request: &Request) -> Value {
    assert_eq!(header(request, "content-type"), Some("application/json"));
    serde_json::from_slice(&request.body).unwrap()
}

fn no_body(request: &Request) {
    assert!(request.body.is_empty());
    assert_eq!(header(request, "content-type"), None);
}

// ---- ListInstanceOrganizationInvitations ---------------------------------

#[tokio::test]
async fn list_instance_sends_every_query_parameter_and_decodes_the_page() {
    let mut item = invitation();
    item["public_organization_data"] =
        json!({"id": "org_1", "name": "Acme", "slug": "acme", "has_image": false});
    let server = answering(200, json!({"data": [item], "total_count": 1})).await;
    let response = client(&server)
        .list_instance_organization_invitations()
        .order_by("-email_address")
        .status(ListInstanceOrganizationInvitationsStatus::Expired)
        .query("a+b@example.com")
        .limit(20)
        .offset(40)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        "/organization_invitations?order_by=-email_address&status=expired&query=a%2Bb%40example.com&limit=20&offset=40",
    );
    no_body(&request);
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-clerk-trace-id"], "trace_123");
    assert_eq!(response.total_count, 1);
    let first = &response.data[0];
    assert_eq!(
        first.object,
        OrganizationInvitationWithPublicOrganizationDataObject::OrganizationInvitation
    );
    assert_eq!(
        first.public_organization_data.as_ref().unwrap().slug,
        "acme"
    );
    assert_eq!(
        first
            .public_inviter_data
            .as_ref()
            .unwrap()
            .first_name
            .as_deref(),
        Some("Ada")
    );
    assert_eq!(first.public_inviter_data.as_ref().unwrap().last_name, None);
}

#[tokio::test]
async fn list_instance_without_parameters_sends_no_query() {
    let server = answering(200, json!({"data": [], "total_count": 0})).await;
    client(&server)
        .list_instance_organization_invitations()
        .send()
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        "GET",
        "/organization_invitations",
    );
}

#[tokio::test]
async fn list_instance_documented_errors() {
    use ListInstanceOrganizationInvitationsError as E;
    for status in [400, 404, 422, 500] {
        let server = answering(status, clerk_errors("code")).await;
        let error = client(&server)
            .list_instance_organization_invitations()
            .send()
            .await
            .unwrap_err();
        let Error::Api(response) = &error else {
            panic!("{status}: {error:?}")
        };
        assert_eq!(response.status, status);
        let errors = match (&response.body, status) {
            (E::BadRequest(e), 400) | (E::NotFound(e), 404) | (E::UnprocessableEntity(e), 422) => e,
            (E::InternalServerError(e), 500) => e,
            (other, _) => panic!("{status} decoded as {other:?}"),
        };
        assert_eq!(errors.clerk_trace_id.as_deref(), Some("trace_123"));
    }
}

// ---- CreateOrganizationInvitation ----------------------------------------

#[tokio::test]
async fn create_sends_only_the_fields_that_were_set() {
    let server = answering(200, invitation()).await;
    let body = CreateOrganizationInvitationBody::new("new@example.com", "org:member");
    let response = client(&server)
        .create_organization_invitation("org_1", body)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "POST", "/organizations/org_1/invitations");
    assert_eq!(
        json_body(&request),
        json!({"email_address": "new@example.com", "role": "org:member"})
    );
    assert_eq!(response.id, "orginv_1");
    assert_eq!(
        response.object,
        OrganizationInvitationObject::OrganizationInvitation
    );
    assert_eq!(response.expires_at, Some(1_800_000_000));
    assert_eq!(response.inviter_id, None);
}

#[tokio::test]
async fn create_tri_state_fields_omitted_null_or_value() {
    let server = answering(200, invitation()).await;
    let mut body = CreateOrganizationInvitationBody::new("new@example.com", "org:admin")
        .inviter_user_id("user_1")
        .redirect_url("https://app.example/welcome")
        .expires_in_days(7)
        .notify(false)
        .public_metadata(json!({"a": 1}).as_object().unwrap().clone());
    body.private_metadata = Nullable::Null;
    client(&server)
        .create_organization_invitation("org_1", body)
        .send()
        .await
        .unwrap();
    let sent = json_body(&only_request(&server).await);
    assert_eq!(
        sent,
        json!({
            "email_address": "new@example.com",
            "inviter_user_id": "user_1",
            "role": "org:admin",
            "public_metadata": {"a": 1},
            "private_metadata": null,
            "redirect_url": "https://app.example/welcome",
            "expires_in_days": 7,
            "notify": false
        })
    );

    let server = server_ok().await;
    let mut body = CreateOrganizationInvitationBody::new("x@example.com", "r");
    body.redirect_url = Nullable::Null;
    body.inviter_user_id = Nullable::Null;
    body.notify = Nullable::Omitted;
    client(&server)
        .create_organization_invitation("org_1", body)
        .send()
        .await
        .unwrap();
    let sent = json_body(&only_request(&server).await);
    assert_eq!(
        sent,
        json!({"email_address": "x@example.com", "role": "r", "redirect_url": null, "inviter_user_id": null})
    );
}

async fn server_ok() -> MockServer {
    answering(200, invitation()).await
}

#[tokio::test]
async fn create_documented_errors_decode_into_their_variants() {
    use CreateOrganizationInvitationError as E;
    for status in [400, 402, 403, 404, 422] {
        let server = answering(status, clerk_errors(&format!("code_{status}"))).await;
        let body = CreateOrganizationInvitationBody::new("a@example.com", "r");
        let error = client(&server)
            .create_organization_invitation("org_1", body)
            .send()
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        let errors = match (error.api_error().unwrap(), status) {
            (E::BadRequest(e), 400)
            | (E::PaymentRequired(e), 402)
            | (E::Forbidden(e), 403)
            | (E::NotFound(e), 404)
            | (E::UnprocessableEntity(e), 422) => e,
            (other, _) => panic!("{status} decoded as {other:?}"),
        };
        assert_eq!(errors.errors[0].code, format!("code_{status}"));
        assert_eq!(error.headers().unwrap()["x-clerk-trace-id"], "trace_123");
        // Display says what happened without dumping the body.
        assert!(error.to_string().contains(&status.to_string()), "{error}");
    }
}

// ---- ListOrganizationInvitations -----------------------------------------

#[tokio::test]
async fn list_for_an_organization() {
    let server = answering(200, json!({"data": [invitation()], "total_count": 3})).await;
    let page = client(&server)
        .list_organization_invitations("org_1")
        .status(ListOrganizationInvitationsStatus::Pending)
        .email_address("new@example.com")
        .order_by("-created_at")
        .limit(1)
        .offset(2)
        .send()
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        "GET",
        "/organizations/org_1/invitations?status=pending&email_address=new%40example.com&order_by=-created_at&limit=1&offset=2",
    );
    assert_eq!(page.total_count, 3);
    assert_eq!(page.data.len(), 1);
}

#[tokio::test]
async fn list_for_an_organization_errors() {
    use ListOrganizationInvitationsError as E;
    for status in [400, 404, 422] {
        let server = answering(status, clerk_errors("c")).await;
        let error = client(&server)
            .list_organization_invitations("org_1")
            .send()
            .await
            .unwrap_err();
        match (error.api_error(), status) {
            (Some(E::BadRequest(_)), 400)
            | (Some(E::NotFound(_)), 404)
            | (Some(E::UnprocessableEntity(_)), 422) => {}
            (other, _) => panic!("{status} decoded as {other:?}"),
        }
    }
}

// ---- CreateOrganizationInvitationBulk ------------------------------------

#[tokio::test]
async fn bulk_create_sends_an_array() {
    let server = answering(
        200,
        json!({"data": [invitation(), invitation()], "total_count": 2}),
    )
    .await;
    let mut second =
        CreateOrganizationInvitationBulkBodyItem::new("b@example.com", "org:admin").notify(true);
    second.redirect_url = Nullable::Null;
    let items = vec![
        CreateOrganizationInvitationBulkBodyItem::new("a@example.com", "org:member"),
        second,
    ];
    let page = client(&server)
        .create_organization_invitation_bulk("org_1", items)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "POST", "/organizations/org_1/invitations/bulk");
    assert_eq!(
        json_body(&request),
        json!([
            {"email_address": "a@example.com", "role": "org:member"},
            {"email_address": "b@example.com", "role": "org:admin", "redirect_url": null, "notify": true}
        ])
    );
    assert_eq!(page.data.len(), 2);
}

#[tokio::test]
async fn bulk_create_errors() {
    use CreateOrganizationInvitationBulkError as E;
    for status in [400, 403, 404, 422] {
        let server = answering(status, clerk_errors("c")).await;
        let items = vec![CreateOrganizationInvitationBulkBodyItem::new(
            "a@example.com",
            "r",
        )];
        let error = client(&server)
            .create_organization_invitation_bulk("org_1", items)
            .send()
            .await
            .unwrap_err();
        match (error.api_error(), status) {
            (Some(E::BadRequest(_)), 400)
            | (Some(E::Forbidden(_)), 403)
            | (Some(E::NotFound(_)), 404)
            | (Some(E::UnprocessableEntity(_)), 422) => {}
            (other, _) => panic!("{status} decoded as {other:?}"),
        }
    }
}

// ---- ListPendingOrganizationInvitations (deprecated) ---------------------

#[tokio::test]
#[allow(deprecated)]
async fn list_pending_still_works() {
    let server = answering(200, json!({"data": [invitation()], "total_count": 1})).await;
    let page = client(&server)
        .list_pending_organization_invitations("org_1")
        .limit(5)
        .send()
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        "GET",
        "/organizations/org_1/invitations/pending?limit=5",
    );
    assert_eq!(page.data[0].id, "orginv_1");

    use ListPendingOrganizationInvitationsError as E;
    for status in [400, 404] {
        let server = answering(status, clerk_errors("c")).await;
        let error = client(&server)
            .list_pending_organization_invitations("org_1")
            .send()
            .await
            .unwrap_err();
        match (error.api_error(), status) {
            (Some(E::BadRequest(_)), 400) | (Some(E::NotFound(_)), 404) => {}
            (other, _) => panic!("{status} decoded as {other:?}"),
        }
    }
}

// ---- GetOrganizationInvitation -------------------------------------------

#[tokio::test]
async fn get_one_invitation() {
    let server = answering(200, invitation()).await;
    let invitation = client(&server)
        .get_organization_invitation("org_1", "orginv_1")
        .send()
        .await
        .unwrap()
        .into_body();
    assert_request(
        &only_request(&server).await,
        "GET",
        "/organizations/org_1/invitations/orginv_1",
    );
    assert_eq!(invitation.public_metadata["team"], "core");
}

#[tokio::test]
async fn path_parameters_stay_one_segment() {
    let server = answering(200, invitation()).await;
    client(&server)
        .get_organization_invitation("a/../b", "x?y#z %2F")
        .send()
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        "GET",
        "/organizations/a%2F..%2Fb/invitations/x%3Fy%23z%20%252F",
    );

    let server = server_ok().await;
    let error = client(&server)
        .get_organization_invitation("..", "x")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing was sent"
    );
}

#[tokio::test]
async fn get_errors() {
    use GetOrganizationInvitationError as E;
    for status in [400, 403, 404] {
        let server = answering(status, clerk_errors("c")).await;
        let error = client(&server)
            .get_organization_invitation("o", "i")
            .send()
            .await
            .unwrap_err();
        match (error.api_error(), status) {
            (Some(E::BadRequest(_)), 400)
            | (Some(E::Forbidden(_)), 403)
            | (Some(E::NotFound(_)), 404) => {}
            (other, _) => panic!("{status} decoded as {other:?}"),
        }
    }
}

// ---- RevokeOrganizationInvitation ----------------------------------------

#[tokio::test]
async fn revoke_with_and_without_a_body() {
    let server = answering(200, invitation()).await;
    client(&server)
        .revoke_organization_invitation("org_1", "orginv_1")
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(
        &request,
        "POST",
        "/organizations/org_1/invitations/orginv_1/revoke",
    );
    no_body(&request);

    for (body, expected) in [
        (
            RevokeOrganizationInvitationBody::new().requesting_user_id("user_9"),
            json!({"requesting_user_id": "user_9"}),
        ),
        (
            RevokeOrganizationInvitationBody {
                requesting_user_id: Nullable::Null,
                ..Default::default()
            },
            json!({"requesting_user_id": null}),
        ),
        (RevokeOrganizationInvitationBody::default(), json!({})),
    ] {
        let server = server_ok().await;
        client(&server)
            .revoke_organization_invitation("org_1", "orginv_1")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(json_body(&only_request(&server).await), expected);
    }
}

#[tokio::test]
async fn revoke_errors() {
    use RevokeOrganizationInvitationError as E;
    for status in [400, 403, 404] {
        let server = answering(status, clerk_errors("c")).await;
        let error = client(&server)
            .revoke_organization_invitation("o", "i")
            .send()
            .await
            .unwrap_err();
        match (error.api_error(), status) {
            (Some(E::BadRequest(_)), 400)
            | (Some(E::Forbidden(_)), 403)
            | (Some(E::NotFound(_)), 404) => {}
            (other, _) => panic!("{status} decoded as {other:?}"),
        }
    }
}

// ---- What the spec does not say ------------------------------------------

#[tokio::test]
async fn unknown_enum_values_and_unknown_fields_decode() {
    let mut body = invitation();
    body["object"] = json!("organization_invitation_v2");
    body["a_field_added_later"] = json!({"nested": true});
    body["public_inviter_data"]["also_new"] = json!(1);
    let server = answering(200, body).await;
    let invitation = client(&server)
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap();
    assert_eq!(
        invitation.object,
        OrganizationInvitationObject::Unknown("organization_invitation_v2".into())
    );
    assert_eq!(invitation.object.as_str(), "organization_invitation_v2");
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_and_body() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(418).set_body_string("I'm a teapot"))
        .mount(&server)
        .await;
    let error = client(&server)
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    let Error::UnexpectedStatus(raw) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(raw.status, 418);
    assert_eq!(&raw.body[..], b"I'm a teapot");
    assert!(error.to_string().contains("I'm a teapot"), "{error}");
}

#[tokio::test]
async fn a_body_that_does_not_decode_keeps_the_raw_body_and_the_serde_error() {
    let server = answering(200, json!({"id": 5})).await;
    let error = client(&server)
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    let Error::Decode {
        response,
        source,
        pointer,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(response.status, 200);
    assert_eq!(&response.body[..], br#"{"id":5}"#);
    // The number is read as the string `id` is (a deviation), but nothing
    // can stand for the missing properties.
    assert!(source.to_string().contains("missing field"), "{source}");
    assert_eq!(pointer, "");
    // Strict, the number is the error, and its place is said.
    let error = client(&server)
        .with_decoding(clerk_backend_api::Decoding::Strict)
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    let Error::Decode {
        source, pointer, ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert!(source.to_string().contains("invalid type"), "{source}");
    assert_eq!(pointer, "/id");
    assert!(
        error.to_string().contains("did not decode at `/id`"),
        "{error}"
    );
    // A documented error status with a body of the wrong shape is a decode error too.
    let server = answering(404, json!("not found")).await;
    let error = client(&server)
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Decode { response, .. } if response.status == 404),
        "{error:?}"
    );
}

#[tokio::test]
async fn transport_failures_and_timeouts_are_typed() {
    // Nothing listens on this port once the listener is dropped.
    let uri = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let client = Client::new(TOKEN)
        .with_base_url(uri)
        .with_retry(RetryPolicy::none());
    let error = client
        .get_organization_invitation("o", "i")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(invitation())
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let error = crate::client(&server)
        .get_organization_invitation("o", "i")
        .with_timeout(Duration::from_millis(200))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
}

#[tokio::test]
async fn the_token_never_shows_in_debug_output() {
    let client = Client::new("sk_live_very_secret");
    let debug = format!("{client:?}");
    assert!(!debug.contains("sk_live_very_secret"), "{debug}");
    assert_eq!(client.base_url(), "https://api.clerk.com/v1");
}

/// Sends each of the seven operations once through `client`; answers are
/// not looked at (each operation's own test does that).
#[allow(deprecated)]
async fn call_every_operation(client: &Client) {
    let _ = client.list_instance_organization_invitations().send().await;
    let _ = client.list_organization_invitations("org_1").send().await;
    let body = CreateOrganizationInvitationBody::new("a@example.com", "org:member");
    let _ = client
        .create_organization_invitation("org_1", body)
        .send()
        .await;
    let items = vec![CreateOrganizationInvitationBulkBodyItem::new(
        "b@example.com",
        "org:member",
    )];
    let _ = client
        .create_organization_invitation_bulk("org_1", items)
        .send()
        .await;
    let _ = client
        .list_pending_organization_invitations("org_1")
        .send()
        .await;
    let _ = client
        .get_organization_invitation("org_1", "orginv_1")
        .send()
        .await;
    let _ = client
        .revoke_organization_invitation("org_1", "orginv_1")
        .send()
        .await;
}

/// The values of `name` on each request the server received.
async fn header_values(server: &MockServer, name: &str) -> Vec<Option<String>> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.headers.get(name).map(|v| v.to_str().unwrap().to_string()))
        .collect()
}

#[tokio::test]
async fn every_operation_sends_the_api_version_it_was_generated_from() {
    let server = answering(200, invitation()).await;
    call_every_operation(&client(&server)).await;
    assert_eq!(
        header_values(&server, "clerk-api-version").await,
        vec![Some("2026-05-12".to_string()); 7]
    );
}

#[tokio::test]
async fn the_api_version_can_be_changed_or_left_out_per_client() {
    let server = answering(200, invitation()).await;
    let older = client(&server).with_header("Clerk-API-Version", "2025-04-10");
    call_every_operation(&older).await;
    assert_eq!(
        header_values(&server, "clerk-api-version").await,
        vec![Some("2025-04-10".to_string()); 7]
    );

    let server = answering(200, invitation()).await;
    let unversioned = client(&server).without_header("clerk-api-version");
    call_every_operation(&unversioned).await;
    assert_eq!(
        header_values(&server, "clerk-api-version").await,
        vec![None; 7]
    );
}

#[tokio::test]
async fn default_headers_are_sent_never_override_the_call_and_hide_secrets() {
    let server = answering(200, invitation()).await;
    let client = client(&server)
        .with_header("X-Team", "core")
        .with_header("Authorization", "Bearer other")
        .with_header("X-Service-Token", "s3cr3t");
    let _ = client
        .get_organization_invitation("org_1", "orginv_1")
        .send()
        .await;
    let request = only_request(&server).await;
    assert_eq!(request.headers.get("x-team").unwrap(), "core");
    // The client's credentials win over a default of the same name.
    assert_eq!(
        request.headers.get("authorization").unwrap(),
        &format!("Bearer {TOKEN}")
    );
    assert_eq!(request.headers.get("x-service-token").unwrap(), "s3cr3t");
    let debug = format!("{client:?}");
    assert!(
        debug.contains("X-Service-Token") && !debug.contains("s3cr3t"),
        "{debug}"
    );

    let bad = Client::new(TOKEN)
        .with_base_url(server.uri())
        .with_header("X-Bad", "line\r\nbreak");
    let e = bad
        .get_organization_invitation("org_1", "orginv_1")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidRequest(_)), "{e:?}");
}

#[tokio::test]
async fn null_is_sent_from_the_setter_chain() {
    let server = server_ok().await;
    let body = CreateOrganizationInvitationBody::new("x@example.com", "r")
        .redirect_url_null()
        .inviter_user_id("user_1")
        .private_metadata_null();
    client(&server)
        .create_organization_invitation("org_1", body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        json_body(&only_request(&server).await),
        json!({
            "email_address": "x@example.com",
            "role": "r",
            "inviter_user_id": "user_1",
            "private_metadata": null,
            "redirect_url": null
        })
    );
    // A later value replaces the null, and the other way round.
    let body = CreateOrganizationInvitationBody::new("x@example.com", "r")
        .notify_null()
        .notify(true)
        .expires_in_days(3)
        .expires_in_days_null();
    assert_eq!(body.notify, Nullable::Value(true));
    assert_eq!(body.expires_in_days, Nullable::Null);
}

#[tokio::test]
async fn free_form_objects_take_json_values_maps_and_structs() {
    #[derive(serde::Serialize)]
    struct Team {
        team: &'static str,
        seats: u32,
    }
    let server = server_ok().await;
    // `serde_json` comes re-exported: no second copy needed for `json!`.
    use clerk_backend_api::serde_json::json as api_json;
    let body = CreateOrganizationInvitationBody::new("x@example.com", "r")
        .public_metadata(api_json!({"plan": "pro"}))
        .private_metadata(Team {
            team: "core",
            seats: 3,
        });
    client(&server)
        .create_organization_invitation("org_1", body)
        .send()
        .await
        .unwrap();
    let sent = json_body(&only_request(&server).await);
    assert_eq!(sent["public_metadata"], json!({"plan": "pro"}));
    assert_eq!(
        sent["private_metadata"],
        json!({"team": "core", "seats": 3})
    );

    let not_an_object = std::panic::catch_unwind(|| {
        CreateOrganizationInvitationBody::new("x@example.com", "r").public_metadata(json!(["a"]))
    })
    .unwrap_err();
    assert_eq!(
        not_an_object.downcast_ref::<String>().map(String::as_str),
        Some("`public_metadata` takes a JSON object, not an array")
    );
}

#[tokio::test]
async fn a_small_optional_body_is_set_from_the_builder() {
    let server = server_ok().await;
    client(&server)
        .revoke_organization_invitation("org_1", "orginv_1")
        .requesting_user_id("user_2")
        .send()
        .await
        .unwrap();
    assert_eq!(
        json_body(&only_request(&server).await),
        json!({"requesting_user_id": "user_2"})
    );

    let server = server_ok().await;
    client(&server)
        .revoke_organization_invitation("org_1", "orginv_1")
        .requesting_user_id_null()
        .send()
        .await
        .unwrap();
    assert_eq!(
        json_body(&only_request(&server).await),
        json!({"requesting_user_id": null})
    );

    // Without it no body is sent, as before; the model path still works.
    let server = server_ok().await;
    client(&server)
        .revoke_organization_invitation("org_1", "orginv_1")
        .send()
        .await
        .unwrap();
    assert!(only_request(&server).await.body.is_empty());
    let server = server_ok().await;
    client(&server)
        .revoke_organization_invitation("org_1", "orginv_1")
        .body(RevokeOrganizationInvitationBody::new().requesting_user_id("user_3"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        json_body(&only_request(&server).await),
        json!({"requesting_user_id": "user_3"})
    );
}
