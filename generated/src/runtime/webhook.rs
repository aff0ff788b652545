//! Verifying webhook deliveries before anything in them is read: the
//! Standard Webhooks scheme (as Svix signs them, under `webhook-` or
//! `svix-` header names) and an HMAC-SHA256 of the body in one header (as
//! GitHub signs them). With the `webhooks` feature.

use std::time::Duration;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use reqwest::header::HeaderMap;
use sha2::Sha256;

/// How long before or after now a Standard Webhooks delivery's timestamp
/// may be: the scheme's recommendation, against replays.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Why a delivery was refused. Nothing of a refused delivery is decoded.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the scheme needs is not there (its name).
    MissingHeader(&'static str),
    /// A header is there but not of the scheme's form (its name).
    InvalidHeader(&'static str),
    /// No signature of the delivery is the one its secret gives.
    Signature,
    /// The delivery's timestamp is further from now than the tolerance.
    Timestamp {
        /// How many seconds before now it is (negative: after now).
        off_by_seconds: i64,
    },
    /// A secret is not of the scheme's form (a Standard Webhooks secret is
    /// base64, after an optional `whsec_`).
    InvalidSecret,
    /// The verified body is not the event it says it is (or not JSON).
    Decode(super::DecodeError),
}

impl std::fmt::Display for WebhookError {
    #[inline]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebhookError::MissingHeader(name) => write!(f, "the `{name}` header is missing"),
            WebhookError::InvalidHeader(name) => write!(f, "the `{name}` header is malformed"),
            WebhookError::Signature => f.write_str("no signature matches the delivery"),
            WebhookError::Timestamp { off_by_seconds } => write!(
                f,
                "the delivery's timestamp is {}s {} now, past the tolerance",
                off_by_seconds.abs(),
                if *off_by_seconds < 0 {
                    "after"
                } else {
                    "before"
                }
            ),
            WebhookError::InvalidSecret => f.write_str("the webhook secret is not valid"),
            WebhookError::Decode(e) => write!(f, "the delivery does not decode: {e}"),
        }
    }
}

impl std::error::Error for WebhookError {
    #[inline]
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::Decode(e) => Some(e),
            _ => None,
        }
    }
}

/// Checks deliveries' signatures.
#[derive(Clone)]
pub struct WebhookVerifier {
    scheme: Scheme,
}

#[derive(Clone)]
enum Scheme {
    Standard {
        /// Every secret accepted (more than one while keys rotate).
        keys: Vec<Vec<u8>>,
        tolerance: Duration,
    },
    Hmac {
        header: &'static str,
        key: Vec<u8>,
    },
    Unsigned,
}

impl std::fmt::Debug for WebhookVerifier {
    // Never the secrets.
    #[inline]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scheme = match &self.scheme {
            Scheme::Standard { .. } => "standard",
            Scheme::Hmac { .. } => "hmac-sha256",
            Scheme::Unsigned => "unsigned",
        };
        f.debug_struct("WebhookVerifier")
            .field("scheme", &scheme)
            .finish_non_exhaustive()
    }
}

type HmacSha256 = Hmac<Sha256>;

impl WebhookVerifier {
    /// Standard Webhooks with `secret`: base64, after an optional
    /// `whsec_` (as Svix and the scheme's libraries give it).
    #[inline]
    pub fn standard(secret: &str) -> Result<Self, WebhookError> {
        Ok(WebhookVerifier {
            scheme: Scheme::Standard {
                keys: vec![standard_key(secret)?],
                tolerance: DEFAULT_TOLERANCE,
            },
        })
    }

    /// An HMAC-SHA256 of the body with `secret`, hex after `sha256=`, in
    /// the header `header`.
    #[inline]
    pub fn hmac_sha256(header: &'static str, secret: impl AsRef<[u8]>) -> Self {
        WebhookVerifier {
            scheme: Scheme::Hmac {
                header,
                key: secret.as_ref().to_vec(),
            },
        }
    }

    /// Accepts every delivery as it comes: for APIs that do not sign them.
    #[inline]
    pub fn unsigned() -> Self {
        WebhookVerifier {
            scheme: Scheme::Unsigned,
        }
    }

    /// Accepts `secret` too (Standard Webhooks): while a key is rotated, a
    /// delivery is signed with the old and the new one.
    #[inline]
    pub fn with_secret(mut self, secret: &str) -> Result<Self, WebhookError> {
        if let Scheme::Standard { keys, .. } = &mut self.scheme {
            keys.push(standard_key(secret)?);
        }
        Ok(self)
    }

    /// How far a delivery's timestamp may be from now (Standard Webhooks;
    /// five minutes by default).
    #[inline]
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        if let Scheme::Standard { tolerance: t, .. } = &mut self.scheme {
            *t = tolerance;
        }
        self
    }

    /// `Ok` when `body`, with `headers`, is signed as the scheme says.
    #[inline]
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        match &self.scheme {
            Scheme::Standard { keys, tolerance } => {
                verify_standard(keys, *tolerance, now_seconds(), headers, body)
            }
            Scheme::Hmac { header, key } => verify_hmac(header, key, headers, body),
            Scheme::Unsigned => Ok(()),
        }
    }
}

#[inline]
fn standard_key(secret: &str) -> Result<Vec<u8>, WebhookError> {
    let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
    base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|_| WebhookError::InvalidSecret)
}

/// The first of `names` among `headers`, as text.
#[inline]
fn header<'h>(headers: &'h HeaderMap, names: [&'static str; 2]) -> Result<&'h str, WebhookError> {
    let value = headers
        .get(names[0])
        .or_else(|| headers.get(names[1]))
        .ok_or(WebhookError::MissingHeader(names[0]))?;
    value
        .to_str()
        .map_err(|_| WebhookError::InvalidHeader(names[0]))
}

#[inline]
fn verify_standard(
    keys: &[Vec<u8>],
    tolerance: Duration,
    now: i64,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), WebhookError> {
    let id = header(headers, ["webhook-id", "svix-id"])?;
    let timestamp = header(headers, ["webhook-timestamp", "svix-timestamp"])?;
    let signatures = header(headers, ["webhook-signature", "svix-signature"])?;
    let seconds: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| WebhookError::InvalidHeader("webhook-timestamp"))?;
    let off_by = now.saturating_sub(seconds);
    if off_by.unsigned_abs() > tolerance.as_secs() {
        return Err(WebhookError::Timestamp {
            off_by_seconds: off_by,
        });
    }
    // `v1,<base64>` entries, space-separated; other versions are skipped.
    let candidates: Vec<Vec<u8>> = signatures
        .split(' ')
        .filter_map(|entry| entry.strip_prefix("v1,"))
        .filter_map(|sig| base64::engine::general_purpose::STANDARD.decode(sig).ok())
        .collect();
    for key in keys {
        let mut mac = HmacSha256::new_from_slice(key).map_err(|_| WebhookError::InvalidSecret)?;
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        // Constant-time, whatever the candidate's length.
        if candidates
            .iter()
            .any(|candidate| mac.clone().verify_slice(candidate).is_ok())
        {
            return Ok(());
        }
    }
    Err(WebhookError::Signature)
}

#[inline]
fn verify_hmac(
    name: &'static str,
    key: &[u8],
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), WebhookError> {
    let value = headers
        .get(name)
        .ok_or(WebhookError::MissingHeader(name))?
        .to_str()
        .map_err(|_| WebhookError::InvalidHeader(name))?;
    let digest = value.trim().strip_prefix("sha256=").unwrap_or(value.trim());
    let expected = hex::decode(digest).map_err(|_| WebhookError::InvalidHeader(name))?;
    let mut mac = HmacSha256::new_from_slice(key).map_err(|_| WebhookError::InvalidSecret)?;
    mac.update(body);
    mac.verify_slice(&expected)
        .map_err(|_| WebhookError::Signature)
}

/// Seconds since the Unix epoch, on every target (`std`'s clock panics in
/// a browser).
#[inline]
fn now_seconds() -> i64 {
    #[cfg(not(target_arch = "wasm32"))]
    use std::time::{SystemTime, UNIX_EPOCH};
    #[cfg(target_arch = "wasm32")]
    use web_time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    // The Standard Webhooks specification's own test vector.
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: &str = "1614265330";
    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut out = HeaderMap::new();
        for (name, value) in pairs {
            out.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        out
    }

    fn standard(at: i64, pairs: &[(&'static str, &str)]) -> Result<(), WebhookError> {
        let Scheme::Standard { keys, tolerance } =
            WebhookVerifier::standard(SECRET).unwrap().scheme
        else {
            unreachable!()
        };
        verify_standard(&keys, tolerance, at, &headers(pairs), BODY)
    }

    #[test]
    fn the_specifications_vector_verifies_under_either_header_names() {
        let at = TIMESTAMP.parse().unwrap();
        let signed = [
            ("webhook-id", ID),
            ("webhook-timestamp", TIMESTAMP),
            ("webhook-signature", SIGNATURE),
        ];
        assert!(standard(at, &signed).is_ok());
        let svix = [
            ("svix-id", ID),
            ("svix-timestamp", TIMESTAMP),
            ("svix-signature", SIGNATURE),
        ];
        assert!(standard(at, &svix).is_ok());
        // One good signature among several (rotation) is enough.
        let several = format!("v1,bm90IHRoaXMgb25l {SIGNATURE} v2,whatever");
        let rotated = [
            ("webhook-id", ID),
            ("webhook-timestamp", TIMESTAMP),
            ("webhook-signature", several.as_str()),
        ];
        assert!(standard(at, &rotated).is_ok());
    }

    #[test]
    fn every_refusal_is_its_own_error() {
        let at: i64 = TIMESTAMP.parse().unwrap();
        let wrong = [
            ("webhook-id", "msg_other"),
            ("webhook-timestamp", TIMESTAMP),
            ("webhook-signature", SIGNATURE),
        ];
        assert!(matches!(standard(at, &wrong), Err(WebhookError::Signature)));
        let signed = [
            ("webhook-id", ID),
            ("webhook-timestamp", TIMESTAMP),
            ("webhook-signature", SIGNATURE),
        ];
        assert!(matches!(
            standard(at + 301, &signed),
            Err(WebhookError::Timestamp {
                off_by_seconds: 301
            })
        ));
        assert!(matches!(
            standard(at - 301, &signed),
            Err(WebhookError::Timestamp {
                off_by_seconds: -301
            })
        ));
        let missing = [("webhook-id", ID), ("webhook-timestamp", TIMESTAMP)];
        assert!(matches!(
            standard(at, &missing),
            Err(WebhookError::MissingHeader("webhook-signature"))
        ));
        let malformed = [
            ("webhook-id", ID),
            ("webhook-timestamp", "yesterday"),
            ("webhook-signature", SIGNATURE),
        ];
        assert!(matches!(
            standard(at, &malformed),
            Err(WebhookError::InvalidHeader("webhook-timestamp"))
        ));
        assert!(matches!(
            WebhookVerifier::standard("whsec_not base64!"),
            Err(WebhookError::InvalidSecret)
        ));
    }

    #[test]
    fn an_hmac_of_the_body_verifies_and_a_wrong_one_does_not() {
        let verifier =
            WebhookVerifier::hmac_sha256("x-hub-signature-256", "It's a Secret to Everybody");
        // GitHub's documented example: "Hello, World!" with that secret.
        let good = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        let signed = headers(&[("x-hub-signature-256", good)]);
        assert!(verifier.verify(&signed, b"Hello, World!").is_ok());
        assert!(matches!(
            verifier.verify(&signed, b"Hello, World?"),
            Err(WebhookError::Signature)
        ));
        assert!(matches!(
            verifier.verify(&HeaderMap::new(), b"Hello, World!"),
            Err(WebhookError::MissingHeader("x-hub-signature-256"))
        ));
        let garbled = headers(&[("x-hub-signature-256", "sha256=zz")]);
        assert!(matches!(
            verifier.verify(&garbled, b"Hello, World!"),
            Err(WebhookError::InvalidHeader("x-hub-signature-256"))
        ));
    }
}
