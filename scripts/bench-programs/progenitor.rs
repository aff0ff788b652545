//! A program that calls each of the 7 operations of `spec/clerk.yaml` once
//! through progenitor's generated crate (`api`), as a service using it would:
//! `scripts/bench.sh` section 4 times a clean build of crate and program
//! together, since most of a client's code is compiled where it is called.
//! Bodies come from JSON on both sides so both compile the same decoding.
use api::types;
use serde_json::json;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let c = api::Client::new("http://127.0.0.1:9");
    let one: types::CreateOrganizationInvitationBody =
        serde_json::from_value(json!({"email_address": "a@example.com", "role": "org:member"})).unwrap();
    let many: Vec<types::CreateOrganizationInvitationBulkBodyItem> =
        serde_json::from_value(json!([{"email_address": "a@example.com", "role": "org:member"}])).unwrap();
    let revoke: types::RevokeOrganizationInvitationBody = serde_json::from_value(json!({})).unwrap();
    println!("{}", c.list_instance_organization_invitations(None, None, None, None, None).await.is_ok());
    println!("{}", c.list_organization_invitations("org", None, None, None, None, None).await.is_ok());
    println!("{}", c.create_organization_invitation("org", &one).await.is_ok());
    println!("{}", c.create_organization_invitation_bulk("org", &many).await.is_ok());
    println!("{}", c.list_pending_organization_invitations("org", None, None).await.is_ok());
    println!("{}", c.get_organization_invitation("org", "inv").await.is_ok());
    println!("{}", c.revoke_organization_invitation("org", "inv", &revoke).await.is_ok());
}
