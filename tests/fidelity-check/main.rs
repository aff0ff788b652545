//! Built and run by `tests/tests/fidelity.rs` against the crates generated
//! from `tests/fixtures/fidelity.yaml` and `tests/fixtures/inheritance.yaml`,
//! with the URL of a mock server: reads what the server sends and sends
//! back what a user would, printing what it read, one line a case.

use fidelity::models::Contact;
use inheritance::models::{Dog, Pet};
use odata::models::MicrosoftGraphEntity;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let url = std::env::args().nth(1).expect("the server's URL");

    // GET, change one field, PUT: the properties this client does not know
    // go back to the server as they came.
    let accounts = fidelity::Client::new().with_base_url(&url);
    let mut account = accounts
        .get_account("acc_1")
        .send()
        .await
        .expect("get")
        .into_body();
    println!(
        "account {} knows {} other properties",
        account.name,
        account.additional_properties.len()
    );
    account.name = "Ada Lovelace".into();
    accounts
        .put_account("acc_1", account)
        .send()
        .await
        .expect("put");

    // A list of the base: each kind whole.
    let pets = inheritance::Client::new().with_base_url(&url);
    for pet in pets.list_pets().send().await.expect("pets").into_body() {
        match pet {
            Pet::Dog(d) => println!("dog {} good={:?}", d.name, d.good),
            Pet::Cat(c) => println!("cat {} lives={:?}", c.name, c.lives),
            Pet::Lion(l) => println!("lion {} pride={}", l.name, l.pride),
            Pet::Bird(b) => println!("bird {} wingspan={:?}", b.name, b.wingspan),
            Pet::Fish(f) => println!("fish {} kind={}", f.name, f.kind),
            Pet::Hamster(h) => println!("hamster {}", h.name),
            Pet::Unknown(other) => println!(
                "another kind {} named {} with {:?}",
                other.kind,
                other.name,
                other.additional_properties.keys().collect::<Vec<_>>()
            ),
        }
    }
    // Sending a kind sends its discriminator value.
    let added = pets
        .add_pet(Pet::Dog(Dog::new("Rex").good(true)))
        .send()
        .await
        .expect("add")
        .into_body();
    println!(
        "added {}",
        if matches!(added, Pet::Dog(_)) {
            "a dog"
        } else {
            "something else"
        }
    );

    // An untagged union: each value as the alternative it fits best.
    for contact in accounts
        .list_contacts()
        .send()
        .await
        .expect("contacts")
        .into_body()
    {
        match contact {
            Contact::Email(e) => println!("email {}", e.address),
            Contact::Phone(p) => println!("phone {} in {:?}", p.number, p.country),
            Contact::Unknown(v) => println!("unknown contact {v}"),
        }
    }

    // A value that has what one alternative requires but is not that
    // alternative: kept whole by default, refused when strict, with why
    // the closest alternative did not read it (and no line and column of
    // the value as written out again to be read).
    let drifted = format!("{url}/drifted");
    let contacts = fidelity::Client::new()
        .with_base_url(&drifted)
        .list_contacts()
        .send()
        .await
        .expect("drifted contacts")
        .into_body();
    for contact in contacts {
        if let Contact::Unknown(v) = contact {
            println!("unknown contact {v}");
        }
    }
    let strict = fidelity::Client::new()
        .with_base_url(&drifted)
        .with_decoding(fidelity::Decoding::Strict)
        .list_contacts()
        .send()
        .await;
    match strict {
        Ok(_) => println!("strict: read"),
        Err(e) => println!("strict: {e}"),
    }

    // A map of `{type: object}` (a map of `Object`) holds any value, read
    // strictly and written back as received.
    let bindings = fidelity::Client::new()
        .with_base_url(&url)
        .with_decoding(fidelity::Decoding::Strict)
        .list_bindings()
        .send()
        .await
        .expect("bindings")
        .into_body();
    let binding = &bindings[0];
    println!(
        "binding {}: parameters {:?}, others {:?}",
        binding.name.as_deref().unwrap_or_default(),
        binding.parameters.as_ref().map(|p| p.keys().collect::<Vec<_>>()).unwrap_or_default(),
        binding.additional_properties.keys().collect::<Vec<_>>(),
    );
    println!("bindings written back: {}", fidelity::serde_json::to_string(&bindings).unwrap());

    // OData's `@odata.type` only where a value is of a derived type, read
    // strictly: no value here is a deviation.
    let graph = odata::Client::new()
        .with_base_url(&url)
        .with_decoding(odata::Decoding::Strict);
    let user = graph
        .users_user_get_user("u1")
        .send()
        .await
        .expect("user")
        .into_body();
    let licenses = user.assigned_licenses.unwrap_or_default();
    // Graph's "a reference, or null" is the reference, nullable.
    let manager = match user.manager.value().map(|m| *m) {
        Some(MicrosoftGraphEntity::MicrosoftGraphGroup(g)) => {
            format!("a group mailed at {:?}", g.mail)
        }
        other => format!("{other:?}"),
    };
    println!(
        "user {:?} with {} license(s) of sku {:?}, managed by {manager}",
        user.id,
        licenses.len(),
        licenses[0].sku_id
    );
    match graph
        .directory_objects_get_directory_object("e1")
        .send()
        .await
        .expect("directory object")
        .into_body()
    {
        MicrosoftGraphEntity::Unknown(base) => {
            println!("an entity {:?} of type {:?}", base.id, base.odata_type)
        }
        other => println!("{other:?}"),
    }
}
