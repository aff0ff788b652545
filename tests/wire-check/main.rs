//! Built and run by `tests/tests/wire.rs` against crates generated from the
//! fixtures: the models' serde impls (`serde_object!`) decode and encode what
//! the schemas say, for the constructs Clerk's API does not have.
//! Every check panics with what went wrong; exit status 0 means all passed.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Decodes `value` and checks that encoding gives it back unchanged.
fn round_trip<T: Serialize + DeserializeOwned>(value: Value) -> T {
    let decoded: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{value} does not decode: {e}"));
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(encoded, value, "encoding differs from what was decoded");
    // From bytes as well: property names are then borrowed from the input.
    let text = value.to_string();
    let _: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
    decoded
}

fn error<T: DeserializeOwned + std::fmt::Debug>(value: Value) -> String {
    serde_json::from_value::<T>(value.clone())
        .map(|v| panic!("{value} decoded as {v:?}"))
        .unwrap_err()
        .to_string()
}

fn names() {
    use fixture_names::models::FooBar;
    let all = json!({
        "self": "a", "Self": "b", "foo-bar": "c", "foo_bar": "d", "fooBar": "e",
        "@odata.type": "f", "2fa": true, "crate": 7, "type": "t"
    });
    let v: FooBar = round_trip(all);
    assert_eq!(v.self_.as_deref(), Some("a"));
    assert_eq!(v.self_2.as_deref(), Some("b"));
    assert_eq!(v.foo_bar.as_deref(), Some("c"));
    assert_eq!(v.foo_bar_2.as_deref(), Some("d"));
    assert_eq!(v.foo_bar_3.as_deref(), Some("e"));
    assert_eq!(v.odata_type.as_deref(), Some("f"));
    assert_eq!(v.field_2fa, Some(true));
    assert_eq!(v.crate_, Some(7));
    assert_eq!(v.r#type.as_deref(), Some("t"));
    // Absent optional properties stay absent when encoded again.
    let empty: FooBar = round_trip(json!({}));
    assert_eq!(empty.r#type, None);
    // An escaped property name still matches.
    let escaped: FooBar = serde_json::from_str(r#"{"typ\u0065": "x"}"#).unwrap();
    assert_eq!(escaped.r#type.as_deref(), Some("x"));
}

fn maps() {
    use fixture_maps::models::{Labelled, Loose, NestedValue};
    let v: Labelled = round_trip(json!({"id": "x", "b": "2", "a": "1"}));
    assert_eq!(v.id, "x");
    assert_eq!(v.additional_properties.len(), 2);
    assert_eq!(v.additional_properties["a"], "1");
    assert!(error::<Labelled>(json!({"a": "1"})).contains("missing field `id`"));
    assert!(error::<Labelled>(json!({"id": "x", "a": 1})).contains("expected a string"));
    let loose: Loose = round_trip(json!({"known": true, "x": [1, {"y": null}]}));
    assert_eq!(loose.known, Some(true));
    assert_eq!(loose.additional_properties["x"], json!([1, {"y": null}]));
    let nested: NestedValue = round_trip(json!({"score": 1.5}));
    assert_eq!(nested.score, Some(1.5));
}

#[allow(deprecated)]
fn fields() {
    use fixture_fields::models::Record;
    use fixture_fields::Nullable;
    let base = json!({"id": "r1", "secret": "s", "name": "n", "maybe": null, "created_at": "t"});
    let v: Record = round_trip(base.clone());
    // Required but nullable: present as `null`, `None` here, `null` again when sent.
    assert_eq!(v.maybe, None);
    assert_eq!(v.note, Nullable::Omitted);
    let mut with = base.clone();
    with["note"] = Value::Null;
    with["old"] = json!(true);
    with["kind"] = json!("+1");
    let v: Record = round_trip(with.clone());
    assert_eq!(v.note, Nullable::Null);
    assert_eq!(v.old, Some(true));
    with["note"] = json!("text");
    assert_eq!(
        round_trip::<Record>(with).note,
        Nullable::Value("text".into())
    );
    // A required-nullable property left out decodes as `None`, as before.
    let mut without = base.clone();
    without.as_object_mut().unwrap().remove("maybe");
    assert_eq!(
        serde_json::from_value::<Record>(without).unwrap().maybe,
        None
    );
    // The first missing required property is the one named (`id` and
    // `secret` are read- and write-only: optional in a model used both ways).
    let e = error::<Record>(json!({}));
    assert!(e.contains("missing field `name`"), "{e}");
    let e = error::<Record>(json!({"name": "n"}));
    assert!(e.contains("missing field `created_at`"), "{e}");
    let mut twice = base.to_string();
    twice.insert_str(1, r#""name": "m", "#);
    let e = serde_json::from_str::<Record>(&twice)
        .unwrap_err()
        .to_string();
    assert!(e.contains("duplicate field `name`"), "{e}");
    assert!(error::<Record>(json!([1])).contains("an object (Record)"));
}

fn recursion() {
    use fixture_recursion::models::Node;
    let tree = json!({
        "value": "root",
        "children": [{"value": "a"}, {"value": "b", "children": []}],
        "parent": {"value": "up"}
    });
    let v: Node = round_trip(tree);
    assert_eq!(v.children.as_ref().map(Vec::len), Some(2));
    assert_eq!(v.parent.as_ref().map(|p| p.value.as_str()), Some("up"));
}

/// OpenAPI 3.1's closed tuples (`prefixItems`, `items: false`) are Rust
/// tuples: JSON arrays of exactly their members.
fn tuples() {
    use fixture_openapi31_keywords::models::{Color, Shape};
    let v: Shape = round_trip(json!({"point": [1.5, -2.0], "labelled": ["red", "fill"]}));
    assert_eq!(v.point, (1.5, -2.0));
    assert_eq!(v.labelled, Some((Color::Red, "fill".to_string())));
    let e = error::<Shape>(json!({"point": [1.0]}));
    assert!(e.contains("invalid length 1"), "{e}");
}

/// Inheritance: the base is an enum of its kinds, chosen by `kind`; each
/// kind keeps every property, an unknown kind the base's and all others.
fn inheritance() {
    use fixture_inheritance::models::{Bird, Cat, Dog, Pet};
    // By the mapping, by `x-ms-discriminator-value`, nested, by name, by
    // one of several values.
    match round_trip::<Pet>(json!({"kind": "doggo", "name": "Rex", "good": true})) {
        Pet::Dog(d) => assert_eq!((d.name.as_str(), d.good), ("Rex", Some(true))),
        other => panic!("{other:?}"),
    }
    match round_trip::<Pet>(json!({"kind": "felis", "name": "Tom", "lives": 9})) {
        Pet::Cat(c) => assert_eq!((c.kind.as_str(), c.lives), ("felis", Some(9))),
        other => panic!("{other:?}"),
    }
    match round_trip::<Pet>(json!({"kind": "Lion", "name": "Leo", "lives": 1, "pride": "east"})) {
        Pet::Lion(l) => assert_eq!((l.pride.as_str(), l.lives), ("east", Some(1))),
        other => panic!("{other:?}"),
    }
    match round_trip::<Pet>(json!({"kind": "Bird", "name": "Tweety", "wingspan": 0.1})) {
        Pet::Bird(b) => assert_eq!(b.wingspan, Some(0.1)),
        other => panic!("{other:?}"),
    }
    match round_trip::<Pet>(json!({"kind": "trout", "name": "T", "fins": 3})) {
        Pet::Fish(f) => assert_eq!((f.kind.as_str(), f.fins), ("trout", Some(3))),
        other => panic!("{other:?}"),
    }
    // A kind that adds nothing to its base but its value.
    match round_trip::<Pet>(json!({"kind": "hamster", "name": "Ham"})) {
        Pet::Hamster(h) => assert_eq!(h.name, "Ham"),
        other => panic!("{other:?}"),
    }
    // A kind this client does not know: the base's properties, and the rest.
    match round_trip::<Pet>(json!({"kind": "axolotl", "name": "A", "gills": [1, 2]})) {
        Pet::Unknown(base) => {
            assert_eq!((base.kind.as_str(), base.name.as_str()), ("axolotl", "A"));
            assert_eq!(base.additional_properties["gills"], json!([1, 2]));
        }
        other => panic!("{other:?}"),
    }
    // A kind with kinds below it, used directly.
    assert!(matches!(
        round_trip::<Cat>(json!({"kind": "Lion", "name": "L", "pride": "p"})),
        Cat::Lion(_)
    ));
    assert!(matches!(
        round_trip::<Cat>(json!({"kind": "felis", "name": "C"})),
        Cat::Cat(_)
    ));
    // A kind of one value writes it itself, first, whatever it is sent as.
    let sent = serde_json::to_string(&Pet::Dog(Dog::new("Rex").good(false))).unwrap();
    assert_eq!(sent, r#"{"kind":"doggo","name":"Rex","good":false}"#);
    assert_eq!(
        serde_json::to_value(Bird::new("B")).unwrap(),
        json!({"kind": "Bird", "name": "B"})
    );
    // Read directly, a kind reads its own discriminator and no other.
    let dog: Dog = round_trip(json!({"kind": "doggo", "name": "Rex"}));
    assert_eq!(dog.name, "Rex");
    // A missing required property of the kind is an error naming it.
    assert!(error::<Pet>(json!({"kind": "Lion", "name": "L"})).contains("missing field `pride`"));
}

/// What the server sends is what the user gets.
fn fidelity() {
    use fixture_fidelity::models::{Account, Contact, Firewall, Import, Record};
    // Undeclared properties are kept, and written back.
    let account: Account = round_trip(json!({
        "id": "a", "name": "Ada", "plan": {"tier": "pro", "seats": 3}, "flags": [true]
    }));
    assert_eq!(account.additional_properties["plan"]["seats"], 3);
    // A float is the number it was, not a 32-bit approximation of it.
    let account: Account = round_trip(json!({"id": "a", "name": "n", "ratio": 0.1}));
    assert_eq!(
        serde_json::to_string(&account).unwrap(),
        r#"{"id":"a","name":"n","ratio":0.1}"#
    );
    // `format: binary` inside JSON is the string sent.
    let account: Account = round_trip(json!({"id": "a", "name": "n", "avatar": "iVBORw0KGgo="}));
    assert_eq!(account.avatar.as_deref(), Some("iVBORw0KGgo="));
    // An `allOf` of scalars is the scalar; a member allowing null allows it.
    use fixture_fidelity::Nullable;
    let account: Account = round_trip(json!({"id": "a", "name": "n", "region_slug": "nyc3", "label": "x"}));
    assert_eq!(account.region_slug, Nullable::Value("nyc3".to_string()));
    let account: Account = round_trip(json!({"id": "a", "name": "n", "region_slug": null, "rule": null}));
    assert_eq!(account.region_slug, Nullable::Null);
    assert_eq!(account.rule, Nullable::Null);
    // A closed model has no room for others (a deviation, read on).
    let record: Record =
        serde_json::from_value(json!({"id": "r", "count": 1, "expires_at": null, "x": 1})).unwrap();
    assert_eq!(record.id, "r");
    // An untagged union takes the alternative the value fits best, not
    // the first that decodes: a phone number is not an email.
    let phone: Contact = round_trip(json!({"number": "+1", "country": "US", "verified": true}));
    assert!(
        matches!(&phone, Contact::Phone(p) if p.country.as_deref() == Some("US")),
        "{phone:?}"
    );
    let email: Contact = round_trip(json!({"address": "a@b", "verified": false}));
    assert!(matches!(email, Contact::Email(_)));
    // ...and keeps a value that fits none.
    let neither: Contact = round_trip(json!({"pager": 5}));
    assert!(matches!(neither, Contact::Unknown(_)), "{neither:?}");
    // `anyOf` inside `allOf`, `oneOf` beside properties: every
    // alternative's properties, optional.
    let firewall: Firewall = round_trip(json!({"name": "edge", "outbound_rules": [{"port": 22}]}));
    assert_eq!(firewall.outbound_rules.map(|r| r.len()), Some(1));
    let import: Import = round_trip(json!({"name": "i", "magnet_uri": "magnet:?x"}));
    assert_eq!(import.magnet_uri.as_deref(), Some("magnet:?x"));
}

fn main() {
    names();
    maps();
    fields();
    recursion();
    tuples();
    inheritance();
    fidelity();
    println!("wire: all checks passed");
}
