//! The generated code, pinned: insta snapshots of every file, and the
//! checked-in `generated/` must equal a fresh generation.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn generate() -> generator::Generated {
    generator::generate(&root().join("spec/clerk.yaml"), None)
        .unwrap_or_else(|report| panic!("{report}"))
}

#[test]
fn every_generated_file_matches_its_snapshot() {
    let generated = generate();
    assert!(generated.files.len() >= 10);
    for (path, content) in &generated.files {
        let name = format!("clerk__{}", path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, content);
    }
}

#[test]
fn checked_in_crate_equals_a_fresh_generation() {
    let generated = generate();
    let stale: Vec<&str> = generated
        .files
        .iter()
        .filter(|(path, content)| {
            std::fs::read_to_string(root().join("generated").join(path))
                .ok()
                .as_ref()
                != Some(content)
        })
        .map(|(path, _)| path.as_str())
        .collect();
    assert!(
        stale.is_empty(),
        "generated/ is stale in {stale:?}: run `cargo run -p generator -- spec/clerk.yaml`"
    );
}

#[test]
fn generation_is_deterministic() {
    let (a, b) = (generate(), generate());
    assert_eq!(a.files, b.files);
}

/// The API's description generates without a warning; Clerk's webhooks
/// document has examples that leave out properties their schemas require,
/// which the crate takes in, one warning each (the `examples` pass).
#[test]
fn the_clerk_spec_generates_without_warnings_but_for_its_webhook_examples() {
    let generated = generate();
    let followed: Vec<String> = generated
        .warnings
        .diagnostics
        .iter()
        .map(|d| {
            assert!(
                d.message
                    .contains("this example of a body the client receives leaves it out"),
                "{}",
                generated.warnings
            );
            d.message.split('`').nth(1).unwrap().to_string()
        })
        .collect();
    assert_eq!(
        followed,
        [
            "OrganizationInvitationCreatedPayloadData.inviter_id",
            "OrganizationInvitationCreatedPayloadData.public_inviter_data",
            "OrganizationInvitationAcceptedPayload.inviter_id",
            "OrganizationInvitationAcceptedPayload.public_inviter_data",
            "OrganizationInvitationAcceptedPayload.data",
        ]
    );
    assert_eq!(generated.api.operations.len(), 7);
}

#[test]
fn create_invitation_errors_have_one_variant_per_documented_status() {
    let generated = generate();
    let op = generated
        .api
        .operations
        .iter()
        .find(|op| op.id == "CreateOrganizationInvitation")
        .unwrap();
    let variants: Vec<(&str, String)> = op
        .errors
        .iter()
        .map(|e| {
            let payload = match &e.payload {
                generator::ir::Payload::Json(generator::ir::Ty::Named(id)) => {
                    format!("json {}", generated.api.type_name(*id))
                }
                other => format!("{other:?}"),
            };
            (e.variant.as_str(), payload)
        })
        .collect();
    let clerk = "json ClerkErrors".to_string();
    assert_eq!(
        variants,
        vec![
            ("BadRequest", clerk.clone()),
            ("PaymentRequired", clerk.clone()),
            ("Forbidden", clerk.clone()),
            ("NotFound", clerk.clone()),
            ("UnprocessableEntity", clerk),
        ]
    );
}
