//! Receives webhook deliveries signed by independent implementations (the
//! Standard Webhooks reference library for Python, `openssl dgst -hmac`)
//! through the generated crates (tests/tests/webhooks.rs): one line per
//! delivery, `case<TAB>what came of it`.
//!
//! `standard FILE SECRET`: Clerk's events (Svix-signed, Standard Webhooks);
//! `hmac FILE SECRET`: the `webhooks_x` fixture's (an HMAC of the body).

use clerk::reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [scheme, file, secret] = &args[..] else {
        panic!("usage: webhooks-check standard|hmac FILE SECRET");
    };
    let deliveries: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(file).expect("deliveries")).expect("JSON");
    for delivery in deliveries {
        let case = delivery["case"].as_str().expect("case");
        let body = delivery["body"].as_str().expect("body").as_bytes();
        let mut headers = HeaderMap::new();
        for (name, value) in delivery["headers"].as_object().expect("headers") {
            headers.insert(
                HeaderName::from_bytes(name.as_bytes()).expect("header name"),
                HeaderValue::from_str(value.as_str().expect("header value")).expect("header value"),
            );
        }
        let outcome = match scheme.as_str() {
            "standard" => {
                let hooks = clerk::webhooks::Webhooks::new(secret).expect("secret");
                let outcome = describe(
                    hooks.receive(&headers, body).map(|e| (e.name(), serde_json::to_value(&e))),
                    body,
                );
                // What strict decoding says of a payload that did not come
                // back as it was: where it departs from its schema.
                if outcome.contains("CHANGED") {
                    let strict = hooks.with_decoding(clerk::Decoding::Strict);
                    match strict.receive(&headers, body) {
                        Err(clerk::WebhookError::Decode(e)) => format!("{outcome}; strict: at {}", e.pointer),
                        _ => format!("{outcome}; strict: reads it"),
                    }
                } else {
                    outcome
                }
            }
            "hmac" => {
                let hooks = shop::webhooks::Webhooks::new(secret.as_bytes());
                describe(hooks.receive(&headers, body).map(|e| (e.name(), serde_json::to_value(&e))), body)
            }
            other => panic!("unknown scheme {other}"),
        };
        println!("{case}\t{outcome}");
    }
}

/// `event NAME written-back-unchanged`, `unknown`, or `error KIND`.
fn describe<E: std::fmt::Debug + std::fmt::Display>(
    received: Result<(Option<&'static str>, serde_json::Result<Value>), E>,
    body: &[u8],
) -> String {
    match received {
        Ok((name, written)) => {
            let original: Value = serde_json::from_slice(body).expect("a verified JSON body");
            let change = match written {
                Ok(w) if w == original => "unchanged".to_string(),
                Ok(w) => format!("CHANGED {}", difference(&original, &w, String::new())),
                Err(e) => format!("CHANGED: not written back: {e}"),
            };
            match name {
                Some(name) => format!("event {name} {change}"),
                None => format!("unknown {change}"),
            }
        }
        Err(e) => {
            let debug = format!("{e:?}");
            let kind: String = debug.chars().take_while(|c| c.is_alphanumeric()).collect();
            format!("error {kind} ({e})")
        }
    }
}

/// The first place `written` differs from `original`, as a JSON pointer
/// with both values.
fn difference(original: &Value, written: &Value, at: String) -> String {
    match (original, written) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys()) {
                let (x, y) = (a.get(key), b.get(key));
                if x != y {
                    return match (x, y) {
                        (Some(x), Some(y)) => difference(x, y, format!("{at}/{key}")),
                        _ => format!("at {at}/{key}: {} written as {}", shown(x), shown(y)),
                    };
                }
            }
            String::new()
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find(|(_, (x, y))| x != y)
            .map(|(i, (x, y))| difference(x, y, format!("{at}/{i}")))
            .unwrap_or_default(),
        _ => format!("at {at}: {original} written as {written}"),
    }
}

fn shown(value: Option<&Value>) -> String {
    value.map_or("absent".to_string(), Value::to_string)
}
