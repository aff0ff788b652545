//! A program that calls each of the 7 operations of `spec/clerk.yaml` once
//! through our generated crate (`api`), as a service using it would:
//! `scripts/bench.sh` section 4 times a clean build of crate and program
//! together, since most of a client's code is compiled where it is called.
//! Bodies come from JSON on both sides so both compile the same decoding.
use api::models;
use serde_json::json;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let c = api::Client::new("sk_test").with_base_url("http://127.0.0.1:9");
    let one: models::CreateOrganizationInvitationBody =
        serde_json::from_value(json!({"email_address": "a@example.com", "role": "org:member"})).unwrap();
    let many: Vec<models::CreateOrganizationInvitationBulkBodyItem> =
        serde_json::from_value(json!([{"email_address": "a@example.com", "role": "org:member"}])).unwrap();
    println!("{}", c.list_instance_organization_invitations().send().await.is_ok());
    println!("{}", c.list_organization_invitations("org").send().await.is_ok());
    println!("{}", c.create_organization_invitation("org", one).send().await.is_ok());
    println!("{}", c.create_organization_invitation_bulk("org", many).send().await.is_ok());
    #[allow(deprecated)]
    let pending = c.list_pending_organization_invitations("org").send().await.is_ok();
    println!("{pending}");
    println!("{}", c.get_organization_invitation("org", "inv").send().await.is_ok());
    println!("{}", c.revoke_organization_invitation("org", "inv").send().await.is_ok());
}
