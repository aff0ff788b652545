//! A program as a user writes it on top of generated clients, with its own
//! tests standing in for the APIs through the crates' `stubs` feature (a
//! dev-dependency switch). `tests/tests/stubs.rs` runs `cargo test` on it.

use clerk_backend_api::models::{CreateOrganizationInvitationBody, OrganizationInvitation};
use clerk_backend_api::models::ListOrganizationInvitationsStatus;
use clerk_backend_api::{Client, Error};

/// The code under test: the email addresses of an organization's pending
/// invitations.
async fn pending_emails(
    clerk: &Client,
    organization: &str,
) -> Result<Vec<String>, Error<clerk_backend_api::errors::ListOrganizationInvitationsError>> {
    let page = clerk
        .list_organization_invitations(organization)
        .status(ListOrganizationInvitationsStatus::Pending)
        .send()
        .await?;
    Ok(page.data.iter().map(|i| i.email_address.clone()).collect())
}

/// Invites `email` as a member.
async fn invite(
    clerk: &Client,
    organization: &str,
    email: &str,
) -> Result<OrganizationInvitation, Error<clerk_backend_api::errors::CreateOrganizationInvitationError>> {
    let body = CreateOrganizationInvitationBody::new(email, "org:member");
    Ok(clerk.create_organization_invitation(organization, body).send().await?.into_body())
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use clerk_backend_api::errors::{CreateOrganizationInvitationError, GetOrganizationInvitationError};
    use clerk_backend_api::models::{ClerkError, ClerkErrors, OrganizationInvitations};
    use clerk_backend_api::StubServer;
    use serde_json::json;
    use shelves::errors::PutBookError;
    use shelves::models::{Book, Problem};

    fn invitation(id: &str, email: &str) -> OrganizationInvitation {
        serde_json::from_value(json!({
            "object": "organization_invitation", "id": id, "email_address": email,
            "role": "org:member", "role_name": "Member", "organization_id": "org_1", "status": "pending",
            "public_metadata": {}, "private_metadata": {},
            "created_at": 1_700_000_000i64, "updated_at": 1_700_000_000i64
        }))
        .unwrap()
    }

    fn clerk_errors(code: &str) -> ClerkErrors {
        ClerkErrors {
            errors: vec![ClerkError {
                message: code.into(),
                long_message: code.into(),
                code: code.into(),
                meta: None,
                additional_properties: Default::default(),
            }],
            meta: None,
            clerk_trace_id: None,
            additional_properties: Default::default(),
        }
    }

    #[tokio::test]
    async fn pending_emails_reads_the_stubbed_page() {
        let stubs = StubServer::start().await;
        let clerk = Client::new("sk_test").with_base_url(stubs.url());
        stubs
            .on(clerk
                .list_organization_invitations("org_1")
                .status(ListOrganizationInvitationsStatus::Pending))
            .times(1)
            .answer(OrganizationInvitations {
                data: vec![invitation("orginv_1", "a@example.com"), invitation("orginv_2", "b@example.com")],
                total_count: 2,
            })
            .await;
        assert_eq!(pending_emails(&clerk, "org_1").await.unwrap(), ["a@example.com", "b@example.com"]);
        // Another organization matches no stub.
        assert!(matches!(
            pending_emails(&clerk, "org_2").await,
            Err(Error::UnexpectedStatus(r)) if r.status == StubServer::UNMATCHED
        ));
        stubs.verify().await;
    }

    #[tokio::test]
    async fn a_stub_matches_on_the_query_the_call_sets() {
        let stubs = StubServer::start().await;
        let clerk = Client::new("sk_test").with_base_url(stubs.url());
        stubs
            .on(clerk
                .list_organization_invitations("org_1")
                .status(ListOrganizationInvitationsStatus::Accepted))
            .answer(OrganizationInvitations { data: vec![], total_count: 0 })
            .await;
        // The code asks for pending ones, which the stub does not answer.
        assert!(matches!(pending_emails(&clerk, "org_1").await, Err(Error::UnexpectedStatus(_))));
    }

    #[tokio::test]
    async fn an_invitation_is_matched_on_its_body_and_a_documented_error_comes_back_typed() {
        let stubs = StubServer::start().await;
        let clerk = Client::new("sk_test").with_base_url(stubs.url());
        let body = CreateOrganizationInvitationBody::new("new@example.com", "org:member");
        stubs
            .on(clerk.create_organization_invitation("org_1", body))
            .times(1)
            .answer(invitation("orginv_9", "new@example.com"))
            .await;
        let taken = CreateOrganizationInvitationBody::new("taken@example.com", "org:member");
        stubs
            .on(clerk.create_organization_invitation("org_1", taken))
            .fail(CreateOrganizationInvitationError::UnprocessableEntity(clerk_errors("duplicate_record")))
            .await;
        assert_eq!(invite(&clerk, "org_1", "new@example.com").await.unwrap().id, "orginv_9");
        match invite(&clerk, "org_1", "taken@example.com").await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status.as_u16(), 422);
                assert!(matches!(
                    &e.body,
                    CreateOrganizationInvitationError::UnprocessableEntity(b) if b.errors[0].code == "duplicate_record"
                ));
            }
            other => panic!("expected the documented 422, got {other:?}"),
        }
        stubs.verify().await;
    }

    #[tokio::test]
    async fn a_not_found_is_answered_with_its_status() {
        let stubs = StubServer::start().await;
        let clerk = Client::new("sk_test").with_base_url(stubs.url());
        stubs
            .on(clerk.get_organization_invitation("org_1", "missing"))
            .fail(GetOrganizationInvitationError::NotFound(clerk_errors("resource_not_found")))
            .await;
        let got = clerk.get_organization_invitation("org_1", "missing").send().await;
        assert!(matches!(got, Err(Error::Api(e)) if e.status == 404));
    }

    /// Path, query and header parameters and a body; errors with a body,
    /// without one and for a range; an answer without a body; a text one.
    #[tokio::test]
    async fn every_kind_of_input_and_answer() {
        // Each API has its stand-in, as it has its host.
        let stubs = shelves::StubServer::start().await;
        let shelves = shelves::Client::new().with_base_url(stubs.url());
        let book = |title: &str| Book { title: title.into(), pages: Some(100), additional_properties: Default::default() };
        stubs
            .on(shelves.put_book("fiction", "isbn-1", "req-1", book("Dune")).notify(true))
            .times(1)
            .answer(book("Dune"))
            .await;
        stubs
            .on(shelves.put_book("full", "isbn-2", "req-2", book("Emma")))
            .fail(PutBookError::Conflict)
            .await;
        stubs
            .on(shelves.put_book("odd", "isbn-3", "req-3", book("Ulysses")))
            .fail(PutBookError::ClientError(Problem { detail: "odd".into(), additional_properties: Default::default() }))
            .await;
        stubs.on(shelves.remove_book("fiction", "isbn-1")).times(1).answer(()).await;
        stubs.on(shelves.get_label("fiction")).answer("Fiction A-M".to_string()).await;

        let shelved = shelves.put_book("fiction", "isbn-1", "req-1", book("Dune")).notify(true).send().await.unwrap();
        assert_eq!(shelved.title, "Dune");
        // Without the query parameter, or with another header, the first stub does not match.
        let no_notify = shelves.put_book("fiction", "isbn-1", "req-1", book("Dune")).send().await;
        assert!(matches!(no_notify, Err(shelves::Error::UnexpectedStatus(_))));
        let other_header = shelves.put_book("fiction", "isbn-1", "req-9", book("Dune")).notify(true).send().await;
        assert!(matches!(other_header, Err(shelves::Error::UnexpectedStatus(_))));
        assert!(matches!(
            shelves.put_book("full", "isbn-2", "req-2", book("Emma")).send().await,
            Err(shelves::Error::Api(e)) if e.status == 409 && matches!(e.body, PutBookError::Conflict)
        ));
        assert!(matches!(
            shelves.put_book("odd", "isbn-3", "req-3", book("Ulysses")).send().await,
            Err(shelves::Error::Api(e)) if e.status == 400 && matches!(&e.body, PutBookError::ClientError(p) if p.detail == "odd")
        ));
        shelves.remove_book("fiction", "isbn-1").send().await.unwrap();
        assert_eq!(shelves.get_label("fiction").send().await.unwrap().into_body(), "Fiction A-M");
        stubs.verify().await;
    }
}
