//! Webhooks received as verified, typed events, against signers that are
//! not ours: deliveries signed by the Standard Webhooks reference library
//! for Python (PyPI's `standardwebhooks`, installed by
//! `scripts/standard-webhooks.sh`) and by `openssl dgst -hmac`, read by a
//! program (`tests/webhooks-check/`) through two generated crates:
//!
//! - Clerk's invitations client with all 45 of Clerk's events
//!   (`spec/clerk-webhooks.yml`, Svix-signed): every event's example payload
//!   is verified, decoded into its own variant and written back as
//!   received, the eleven that depart from their own schemas included
//!   (the properties they leave out or send `null` are optional or
//!   nullable in the crate, each pinned);
//! - the `webhooks_x` fixture (3.0 `x-webhooks`, an HMAC of the body in
//!   `X-Shop-Signature`, the event named in the payload's `event`).
//!
//! Every refusal is its own error: a wrong signature, an old timestamp, a
//! missing header, a body that does not decode. Without Python's `venv` or
//! `openssl`, skipped, unless `TOOLS_REQUIRED` is set (`.ci/run` sets it).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};
use workspace_tests::crates::{self, root};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER_SECRET: &str = "whsec_dGhpcyBpcyBub3QgdGhlIHNlY3JldCBvZiBpdA==";
const SHOP_SECRET: &str = "shop secret";

fn missing(what: &str) {
    if std::env::var_os("TOOLS_REQUIRED").is_some() {
        panic!("webhooks: {what}; TOOLS_REQUIRED is set, so this fails instead of skipping");
    }
    eprintln!("webhooks: skipped, {what}");
}

/// The Python that has the reference library, installed on first use.
fn python() -> Option<PathBuf> {
    let output = Command::new("bash")
        .arg(root().join("scripts/standard-webhooks.sh"))
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()))
}

/// `deliveries` signed by the reference library (see `sign.py`).
fn sign(python: &Path, deliveries: Vec<Value>) -> Vec<Value> {
    let mut child = Command::new(python)
        .arg(root().join("tests/webhooks-check/sign.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python runs");
    let request = json!({"secret": SECRET, "deliveries": deliveries});
    child
        .stdin
        .take()
        .unwrap()
        .write_all(request.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "sign.py failed");
    serde_json::from_slice(&output.stdout).expect("signed deliveries")
}

/// `sha256=<hex>` of `body` with `key`, as `openssl dgst` computes it.
fn openssl_hmac(key: &str, body: &str) -> Option<String> {
    let mut child = Command::new("openssl")
        .args(["dgst", "-sha256", "-hmac", key])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(body.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let hex = text.rsplit("= ").next()?.trim();
    (output.status.success() && hex.len() == 64).then(|| format!("sha256={hex}"))
}

/// Each of Clerk's events with its example payload, as the description
/// gives them.
fn clerk_examples() -> Vec<(String, Value)> {
    let text = std::fs::read_to_string(root().join("spec/clerk-webhooks.yml")).unwrap();
    let doc: Value = serde_yaml::from_str(&text).unwrap();
    doc["x-webhooks"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, item)| {
            let media = &item["post"]["requestBody"]["content"]["application/json"];
            // `example`, or the first of `examples` (a `$ref` to
            // `components.examples`, as most of Clerk's are).
            let example = match media.get("example") {
                Some(example) => example.clone(),
                None => {
                    let first = media["examples"]
                        .as_object()
                        .unwrap()
                        .values()
                        .next()
                        .unwrap();
                    let named = first["$ref"]
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/components/examples/"))
                        .map(|name| &doc["components"]["examples"][name])
                        .unwrap_or(first);
                    named["value"].clone()
                }
            };
            (name.clone(), example)
        })
        .collect()
}

/// Each case's outcome begins as `expected` says (an error's message
/// follows its kind).
fn expect(outcomes: &BTreeMap<String, String>, expected: &[(&str, &str)]) {
    for (case, outcome) in expected {
        let got = outcomes.get(*case).map(String::as_str).unwrap_or("missing");
        assert!(got.starts_with(outcome), "{case}: {got}");
    }
}

/// Runs the program on `deliveries`: each case's outcome.
fn receive(
    dir: &Path,
    generated: &[&crates::Generated],
    scheme: &str,
    secret: &str,
    deliveries: &[Value],
) -> BTreeMap<String, String> {
    let file = dir.join(format!("{scheme}.json"));
    std::fs::write(&file, serde_json::to_string(deliveries).unwrap()).unwrap();
    let stdout = crates::run_program_with(
        dir,
        "webhooks-check",
        "clerk = { path = \"../clerk\", features = [\"webhooks\"] }\n\
         shop = { path = \"../shop\", features = [\"webhooks\"] }\n\
         serde_json = \"1\"\n",
        generated,
        &[scheme, file.to_str().unwrap(), secret],
        &[],
    );
    stdout
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(case, outcome)| (case.to_string(), outcome.to_string()))
        .collect()
}

#[test]
fn deliveries_signed_elsewhere_are_verified_typed_and_refused_as_they_should_be() {
    let Some(python) = python() else {
        missing("the Standard Webhooks library for Python could not be installed (python3 -m venv, pip)");
        return;
    };
    if openssl_hmac("k", "b").is_none() {
        missing("`openssl` is not installed");
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("webhooks");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("specs")).unwrap();
    // Clerk's invitations client with every one of Clerk's events.
    let spec = dir.join("specs/clerk.yaml");
    std::fs::copy(root().join("spec/clerk.yaml"), &spec).unwrap();
    std::fs::write(
        dir.join("specs/clerk.toml"),
        format!(
            "[webhooks]\nfile = {:?}\nsignature = \"standard\"\n",
            root().join("spec/clerk-webhooks.yml").display().to_string()
        ),
    )
    .unwrap();
    let clerk = crates::generate(&spec, "clerk", &dir).unwrap_or_else(|e| panic!("{e}"));
    let shop = crates::generate(&root().join("tests/fixtures/webhooks_x.yaml"), "shop", &dir)
        .unwrap_or_else(|e| panic!("{e}"));
    let generated = [&clerk, &shop];

    // Standard Webhooks: every event's example, then each refusal.
    let examples = clerk_examples();
    assert_eq!(examples.len(), 45);
    let mut deliveries: Vec<Value> = examples
        .iter()
        .map(|(name, example)| json!({"case": name, "body": example.to_string()}))
        .collect();
    let created = examples
        .iter()
        .find(|(name, _)| name == "organizationInvitation.created")
        .map(|(_, e)| e.to_string())
        .unwrap();
    let mut unknown: Value = serde_json::from_str(&created).unwrap();
    unknown["type"] = json!("organizationInvitation.forgotten");
    let mut misshapen: Value = serde_json::from_str(&created).unwrap();
    misshapen["data"] = json!(5);
    deliveries.extend([
        json!({"case": "wrong secret", "body": created, "secret": OTHER_SECRET}),
        json!({"case": "ten minutes old", "body": created, "age": 600}),
        json!({"case": "no signature", "body": created, "drop": "webhook-signature"}),
        json!({"case": "no timestamp", "body": created, "drop": "webhook-timestamp"}),
        json!({"case": "not JSON", "body": "not json"}),
        json!({"case": "not the event's shape", "body": misshapen.to_string()}),
        json!({"case": "an event not described", "body": unknown.to_string()}),
    ]);
    let signed = sign(&python, deliveries);
    let outcomes = receive(&dir, &generated, "standard", SECRET, &signed);
    // Each example is its event, written back as received.
    let departed: Vec<String> = examples
        .iter()
        .filter_map(|(name, _)| {
            let outcome = outcomes.get(name).map(String::as_str).unwrap_or("missing");
            (outcome != format!("event {name} unchanged")).then(|| format!("{name}: {outcome}"))
        })
        .collect();
    assert!(departed.is_empty(), "{departed:#?}");
    // Eleven of Clerk's examples depart from their own schemas (each
    // checked against the file): they leave out a property the schema
    // requires, or send `null` where it allows none. The generator made
    // those properties optional or nullable, and said so, property by
    // property (the `examples` pass); without that, five of these
    // deliveries would be refused and six written back otherwise.
    let followed: Vec<&str> = clerk
        .warnings_text
        .lines()
        .filter_map(|l| l.strip_prefix("warning: `"))
        .filter_map(|l| l.split_once("` is ").map(|(field, _)| field))
        .collect();
    assert_eq!(
        followed,
        [
            "OrganizationDomain.affiliation_verification",
            "OrganizationDomain.ownership_verification",
            "OrganizationDomainVerification.verified_at",
            "OrganizationInvitationCreatedPayloadData.inviter_id",
            "OrganizationInvitationCreatedPayloadData.public_inviter_data",
            "OrganizationInvitationAcceptedPayload.inviter_id",
            "OrganizationInvitationAcceptedPayload.public_inviter_data",
            "OrganizationInvitationAcceptedPayload.data",
            "PaymentAttemptEventPayload.invoice_id",
            "BillingPayerEventPayload.organization_id",
            "BillingPayerEventPayload.organization_name",
            "BillingSubscriptionItem.object",
            "BillingSubscriptionItem.created_at",
            "BillingSubscriptionItem.updated_at",
            "BillingSubscriptionItem.interval",
            "Role.is_creator_eligible",
            "DeletedObject.slug",
            "SmsEventPayload.created_at_ms",
            "Invitation.public_metadata",
        ]
    );
    let expected = [
        ("wrong secret", "error Signature"),
        ("ten minutes old", "error Timestamp"),
        ("no signature", "error MissingHeader"),
        ("no timestamp", "error MissingHeader"),
        ("not JSON", "error Decode"),
        ("not the event's shape", "error Decode"),
        ("an event not described", "unknown unchanged"),
    ];
    expect(&outcomes, &expected);

    // An HMAC of the body, computed by openssl.
    let paid =
        json!({"event": "order.paid", "order": {"id": "o_1", "total": 1250}, "note": "kept"})
            .to_string();
    let refunded = json!({"event": "order.refunded", "order_id": "o_1", "amount": 250}).to_string();
    let signed_with = |key: &str, body: &str| openssl_hmac(key, body).unwrap();
    let delivery = |case: &str, body: &str, signature: Option<String>| {
        let headers = match signature {
            Some(s) => json!({"x-shop-signature": s}),
            None => json!({}),
        };
        json!({"case": case, "body": body, "headers": headers})
    };
    let deliveries = vec![
        delivery("paid", &paid, Some(signed_with(SHOP_SECRET, &paid))),
        delivery(
            "refunded",
            &refunded,
            Some(signed_with(SHOP_SECRET, &refunded)),
        ),
        delivery(
            "tampered",
            &paid.replace("1250", "1"),
            Some(signed_with(SHOP_SECRET, &paid)),
        ),
        delivery(
            "wrong key",
            &paid,
            Some(signed_with("another secret", &paid)),
        ),
        delivery("unsigned", &paid, None),
    ];
    let outcomes = receive(&dir, &generated, "hmac", SHOP_SECRET, &deliveries);
    let expected = [
        ("paid", "event order.paid unchanged"),
        ("refunded", "event order.refunded unchanged"),
        ("tampered", "error Signature"),
        ("wrong key", "error Signature"),
        ("unsigned", "error MissingHeader"),
    ];
    expect(&outcomes, &expected);
}

/// OAI's 3.1 webhook example (one event, `newPet`, whose payload is the
/// `Pet` component) and the 3.0 `x-webhooks` fixture give their events
/// types, and only a crate with events has the module.
#[test]
fn descriptions_declaring_webhooks_get_event_types() {
    let file = |spec: &str| {
        let g = generator::generate(&root().join(spec), None).unwrap_or_else(|e| panic!("{e}"));
        g.file("src/webhooks.rs")
    };
    let pets =
        file("tests/corpus/openapi-3.1/oai-webhook-example.yaml").expect("a webhooks module");
    assert!(
        pets.contains("/// `newPet`\n    NewPet(models::Pet),"),
        "{pets}"
    );
    // No signature scheme named: deliveries are read as they come.
    assert!(pets.contains("WebhookVerifier::unsigned()"), "{pets}");
    let shop = file("tests/fixtures/webhooks_x.yaml").expect("a webhooks module");
    assert!(shop.contains("OrderPaid(models::OrderPaid),"), "{shop}");
    assert!(
        shop.contains("OrderRefunded(models::OrderRefundedPayload),"),
        "{shop}"
    );
    assert!(
        shop.contains("WebhookVerifier::hmac_sha256(\"x-shop-signature\", secret)"),
        "{shop}"
    );
    assert!(shop.contains("value.get(\"event\")"), "{shop}");
    assert_eq!(file("tests/corpus/oai-petstore.yaml"), None);
}
