//! The generated client against Prism, a mock server no one on this team
//! wrote, which rejects any request that does not match `spec/clerk.yaml`
//! (`--errors`). A request the client builds that Prism rejects is a bug in
//! the generator.

use clerk_backend_api::errors::{
    CreateOrganizationInvitationBulkError, CreateOrganizationInvitationError,
    ListInstanceOrganizationInvitationsError, ListPendingOrganizationInvitationsError,
};
use clerk_backend_api::models::{
    CreateOrganizationInvitationBody, CreateOrganizationInvitationBulkBodyItem,
    ListInstanceOrganizationInvitationsStatus, ListOrganizationInvitationsStatus,
    RevokeOrganizationInvitationBody,
};
use clerk_backend_api::{Client, Error, Nullable, RetryPolicy};
use workspace_tests::prism::Prism;

fn client(prism: &Prism) -> Client {
    Client::new("sk_test_prism")
        .with_base_url(&prism.url)
        .with_retry(RetryPolicy::none())
}

/// Shows Prism's reason when a call it should accept fails.
fn ok<T, E: std::fmt::Debug>(prism: &Prism, what: &str, result: Result<T, Error<E>>) -> T {
    match result {
        Ok(value) => value,
        Err(e) => {
            let violations = e
                .headers()
                .and_then(|h| h.get("sl-violations"))
                .map(|v| v.to_str().unwrap_or_default().to_string());
            panic!(
                "{what}: {e:?}\nsl-violations: {violations:?}\n{}",
                prism.log()
            )
        }
    }
}

fn violation<E>(error: &Error<E>) -> String {
    error
        .headers()
        .and_then(|h| h.get("sl-violations"))
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_well_formed_call_is_accepted_and_misuse_gets_the_typed_error() {
    let prism = Prism::start(false);
    let c = client(&prism);

    // Well-formed calls to all seven operations, with every optional input set.
    let page = c
        .list_instance_organization_invitations()
        .order_by("-created_at")
        .status(ListInstanceOrganizationInvitationsStatus::Pending)
        .query("example.com")
        .limit(10)
        .offset(0)
        .send()
        .await;
    ok(&prism, "list instance", page);

    let mut body = CreateOrganizationInvitationBody::new("new@example.com", "org:member")
        .inviter_user_id("user_1")
        .redirect_url("https://example.com/welcome")
        .expires_in_days(30)
        .notify(true)
        .public_metadata(serde_json::Map::new());
    body.private_metadata = Nullable::Null;
    let created = ok(
        &prism,
        "create",
        c.create_organization_invitation("org_1", body).send().await,
    );
    assert!(!created.id.is_empty());

    let listed = c
        .list_organization_invitations("org_1")
        .status(ListOrganizationInvitationsStatus::Expired)
        .email_address("new@example.com")
        .order_by("+email_address")
        .limit(500)
        .offset(3)
        .send()
        .await;
    ok(&prism, "list", listed);

    let items = vec![
        CreateOrganizationInvitationBulkBodyItem::new("a@example.com", "org:member"),
        CreateOrganizationInvitationBulkBodyItem::new("b@example.com", "org:admin")
            .expires_in_days(365),
    ];
    ok(
        &prism,
        "bulk",
        c.create_organization_invitation_bulk("org_1", items)
            .send()
            .await,
    );

    #[allow(deprecated)]
    let pending = c
        .list_pending_organization_invitations("org_1")
        .limit(1)
        .offset(1)
        .send()
        .await;
    ok(&prism, "pending", pending);

    ok(
        &prism,
        "get",
        c.get_organization_invitation("org_1", "orginv_1")
            .send()
            .await,
    );
    ok(
        &prism,
        "get with odd ids",
        c.get_organization_invitation("a/../b", "x?y#z")
            .send()
            .await,
    );

    ok(
        &prism,
        "revoke",
        c.revoke_organization_invitation("org_1", "orginv_1")
            .send()
            .await,
    );
    let body = RevokeOrganizationInvitationBody::new().requesting_user_id("user_1");
    let revoked = c
        .revoke_organization_invitation("org_1", "orginv_1")
        .body(body)
        .send()
        .await;
    ok(&prism, "revoke with body", revoked);

    // Calls that break the spec on purpose come back as the typed variant of
    // the status Prism answers with, with Prism's reason in `sl-violations`.
    let eleven = (0..11)
        .map(|i| {
            CreateOrganizationInvitationBulkBodyItem::new(format!("u{i}@example.com"), "org:member")
        })
        .collect();
    let error = c
        .create_organization_invitation_bulk("org_1", eleven)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.api_error(),
            Some(CreateOrganizationInvitationBulkError::UnprocessableEntity(
                _
            ))
        ),
        "{error:?}"
    );
    assert!(
        violation(&error).contains("maxItems"),
        "{}",
        violation(&error)
    );

    let error = c
        .list_instance_organization_invitations()
        .limit(0)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.api_error(),
            Some(ListInstanceOrganizationInvitationsError::UnprocessableEntity(_))
        ),
        "{error:?}"
    );
    assert!(violation(&error).contains("limit"), "{}", violation(&error));

    let body = CreateOrganizationInvitationBody::new("a@example.com", "r").expires_in_days(0);
    let error = c
        .create_organization_invitation("org_1", body)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.api_error(),
            Some(CreateOrganizationInvitationError::UnprocessableEntity(_))
        ),
        "{error:?}"
    );
    assert!(
        violation(&error).contains("expires_in_days"),
        "{}",
        violation(&error)
    );

    let status = ListInstanceOrganizationInvitationsStatus::from("not-a-status");
    let error = c
        .list_instance_organization_invitations()
        .status(status)
        .send()
        .await
        .unwrap_err();
    assert!(
        violation(&error).contains("status"),
        "{}",
        violation(&error)
    );

    // An operation without a documented 422 gets Prism's 400 instead.
    #[allow(deprecated)]
    let error = c
        .list_pending_organization_invitations("org_1")
        .limit(0)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.api_error(),
            Some(ListPendingOrganizationInvitationsError::BadRequest(_))
        ),
        "{error:?}"
    );
}

/// In dynamic mode every response is random data valid against the schemas
/// (nulls, empty and long arrays, extreme integers): all of it must decode.
#[tokio::test(flavor = "multi_thread")]
async fn random_valid_responses_all_decode() {
    let prism = Prism::start(true);
    let c = client(&prism);
    const RUNS: usize = 30;
    for run in 0..RUNS {
        let what = format!("run {run}");
        ok(
            &prism,
            &what,
            c.list_instance_organization_invitations().send().await,
        );
        ok(
            &prism,
            &what,
            c.list_organization_invitations("org_1").send().await,
        );
        #[allow(deprecated)]
        let pending = c
            .list_pending_organization_invitations("org_1")
            .send()
            .await;
        ok(&prism, &what, pending);
        ok(
            &prism,
            &what,
            c.get_organization_invitation("org_1", "orginv_1")
                .send()
                .await,
        );
        let body = CreateOrganizationInvitationBody::new("a@example.com", "org:member");
        ok(
            &prism,
            &what,
            c.create_organization_invitation("org_1", body).send().await,
        );
        ok(
            &prism,
            &what,
            c.revoke_organization_invitation("org_1", "orginv_1")
                .send()
                .await,
        );
    }
}
