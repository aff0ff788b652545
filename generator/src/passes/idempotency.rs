//! Which operations carry an idempotency key, the header that makes a
//! `POST` safe to retry (Stripe's convention): one whose header parameter
//! is named like `Idempotency-Key`, or, with the configuration's
//! `[retries] idempotency-header`, every `POST` and `PATCH`.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::ir::{Api, ParamLocation};

/// Sets `idempotency_key` on the operations that carry one, and says so in
/// the docs of the parameter that sets it.
pub fn run(api: &mut Api, config: &Config) -> Vec<Diagnostic> {
    let configured = config.retries.idempotency_header.as_deref();
    for op in &mut api.operations {
        let param = op.params.iter_mut().find(|p| {
            p.location == ParamLocation::Header
                && (is_key_header(&p.wire_name)
                    || configured.is_some_and(|c| c.eq_ignore_ascii_case(&p.wire_name)))
        });
        if let Some(param) = param {
            op.idempotency_key = Some(param.wire_name.clone());
            if !param.required {
                let note = "When it is not set, the client sends a new random key, the same on every attempt of the call, so that the call can be retried safely.";
                param.doc = Some(match param.doc.take() {
                    Some(doc) => format!("{doc}\n\n{note}"),
                    None => note.to_string(),
                });
            }
        } else if matches!(op.http_method.as_str(), "POST" | "PATCH") {
            op.idempotency_key = configured.map(str::to_string);
        }
    }
    Vec::new()
}

/// `Idempotency-Key`, `X-Idempotency-Key`, `idempotency_key`: the names
/// APIs give the header, whatever the case and separators.
fn is_key_header(name: &str) -> bool {
    let letters: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    letters == "idempotencykey" || letters == "xidempotencykey"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_headers_are_known_by_their_letters() {
        for name in [
            "Idempotency-Key",
            "idempotency-key",
            "X-Idempotency-Key",
            "Idempotency_Key",
        ] {
            assert!(is_key_header(name), "{name}");
        }
        for name in ["Idempotency", "X-Request-Id", "Idempotency-Key-2"] {
            assert!(!is_key_header(name), "{name}");
        }
    }
}
