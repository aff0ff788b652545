//! What the server sends is what the user gets, end to end against a mock
//! server: properties the description does not declare survive a GET, a
//! change and a PUT; a list of a base of kinds (inheritance) decodes each
//! kind whole, and sending a kind sends its discriminator; an untagged union
//! reads each value as the alternative it fits best; OData's `@odata.type`
//! is read where sent and not required where left out; a map of
//! `{type: object}` holds any value. The program is
//! `tests/fidelity-check/main.rs`; the drift cases are `drift.rs`, the
//! models' serde impls `wire.rs`.

use std::path::Path;

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::crates::{self, root};

#[tokio::test(flavor = "multi_thread")]
async fn what_the_server_sends_is_what_the_user_gets() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fidelity");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let generated: Vec<crates::Generated> = ["fidelity", "inheritance", "odata"]
        .iter()
        .map(|name| {
            let spec = root().join(format!("tests/fixtures/{name}.yaml"));
            crates::generate(&spec, name, &dir).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();

    let server = MockServer::start().await;
    let account = json!({
        "id": "acc_1", "name": "Ada", "ratio": 0.1,
        "plan": {"tier": "pro", "seats": 3, "renews": "2027-01-01"}, "labels": ["a", "b"]
    });
    let ok = |body: Value| ResponseTemplate::new(200).set_body_json(body);
    Mock::given(method("GET"))
        .and(path("/accounts/acc_1"))
        .respond_with(ok(account.clone()))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/accounts/acc_1"))
        .respond_with(ok(account.clone()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .respond_with(ok(json!([
            {"kind": "doggo", "name": "Rex", "good": true},
            {"kind": "felis", "name": "Tom", "lives": 9},
            {"kind": "Lion", "name": "Leo", "pride": "east"},
            {"kind": "Bird", "name": "Tweety", "wingspan": 0.25},
            {"kind": "salmon", "name": "Sam", "fins": 4},
            {"kind": "axolotl", "name": "Axel", "gills": 6}
        ])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"kind": "doggo", "name": "Rex"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .respond_with(ok(json!([
            {"number": "+1 555", "country": "US", "verified": true},
            {"address": "a@example.com"},
            {"pager": 1}
        ])))
        .mount(&server)
        .await;
    // A map of `{type: object}`: any value under it, as Azure's services send.
    let bindings = json!([{
        "name": "sql",
        "parameters": {"apiType": "SQL", "port": 5432, "hosts": ["a", "b"], "tls": {"on": true}, "note": null},
        "annotations": [], "retries": 3, "extra": {"x": 1}
    }]);
    Mock::given(method("GET"))
        .and(path("/bindings"))
        .respond_with(ok(bindings.clone()))
        .mount(&server)
        .await;
    // OData: `@odata.type` where a value is of a derived type only.
    Mock::given(method("GET"))
        .and(path("/users/u1"))
        .respond_with(ok(json!({
            "@odata.context": "https://graph.example.com/v1.0/$metadata#users/$entity",
            "id": "u1", "displayName": "Megan",
            "assignedLicenses": [{"disabledPlans": [], "skuId": "c7df"}],
            "manager": {"@odata.type": "#microsoft.graph.group", "id": "g1", "mail": "g@example.com"}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/directoryObjects/e1"))
        .respond_with(ok(json!({"id": "e1"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/drifted/contacts"))
        .respond_with(ok(json!([{"number": 5}])))
        .mount(&server)
        .await;

    let members: Vec<&crates::Generated> = generated.iter().collect();
    let stdout = crates::run_program(
        &dir,
        "fidelity-check",
        "fidelity = { path = \"../fidelity\", default-features = false }\n\
         inheritance = { path = \"../inheritance\", default-features = false }\n\
         odata = { path = \"../odata\", default-features = false }\n",
        &members,
        &server.uri(),
    );
    // The bindings as the program wrote them back: what was received.
    let written = stdout
        .lines()
        .find_map(|l| l.strip_prefix("bindings written back: "))
        .expect("the bindings written back");
    assert_eq!(serde_json::from_str::<Value>(written).unwrap(), bindings);
    assert_eq!(
        stdout
            .lines()
            .filter(|l| !l.starts_with("bindings written back: "))
            .collect::<Vec<_>>(),
        [
            "account Ada knows 2 other properties",
            "dog Rex good=Some(true)",
            "cat Tom lives=Some(9)",
            "lion Leo pride=east",
            "bird Tweety wingspan=Some(0.25)",
            "fish Sam kind=salmon",
            "another kind axolotl named Axel with [\"gills\"]",
            "added a dog",
            "phone +1 555 in Some(\"US\")",
            "email a@example.com",
            "unknown contact {\"pager\":1}",
            "unknown contact {\"number\":5}",
            "strict: status 200 OK but the body did not decode at `/0`: this value fits none of \
             the alternatives of `Contact` the API description lists (the closest: invalid type: \
             integer `5`, expected a string); kept as it is at line 1 column 13 \
             (body \"[{\\\"number\\\":5}]\")",
            "binding sql: parameters [\"apiType\", \"hosts\", \"note\", \"port\", \"tls\"], others [\"annotations\", \"extra\", \"retries\"]",
            "user Some(\"u1\") with 1 license(s) of sku Value(\"c7df\"), managed by a group mailed at Value(\"g@example.com\")",
            "an entity Some(\"e1\") of type None",
        ]
    );

    let requests = server.received_requests().await.unwrap();
    let body_of = |m: &str, p: &str| -> Value {
        let r = requests
            .iter()
            .find(|r| r.method.as_str() == m && r.url.path() == p)
            .unwrap_or_else(|| panic!("no {m} {p}"));
        serde_json::from_slice(&r.body).unwrap()
    };
    // The PUT is the GET with the one change: nothing dropped, 0.1 still 0.1.
    let mut expected = account;
    expected["name"] = json!("Ada Lovelace");
    assert_eq!(body_of("PUT", "/accounts/acc_1"), expected);
    // The kind sent carries its discriminator value.
    assert_eq!(
        body_of("POST", "/pets"),
        json!({"kind": "doggo", "name": "Rex", "good": true})
    );
}
