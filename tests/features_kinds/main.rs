//! Reads a `Parrot` as the `Animal` it is, and writes it back, with the
//! features the test turned on: `store` compiles the `Parrot` kind,
//! `pets` alone only the base.

use features_fixture::models::Animal;

fn main() {
    let sent = r#"{"type":"Parrot","name":"Polly","words":12,"color":"green"}"#;
    let animal: Animal = serde_json::from_str(sent).expect("an animal");
    // The enum is `#[non_exhaustive]`: kinds come and go with features.
    let read_as = match &animal {
        Animal::Unknown(base) => format!("the base, named {:?}", base.name),
        _ => "its kind".to_string(),
    };
    let back: serde_json::Value = serde_json::to_value(&animal).expect("written");
    let sent: serde_json::Value = serde_json::from_str(sent).unwrap();
    println!("read as {read_as}; written back the same: {}", back == sent);
}
