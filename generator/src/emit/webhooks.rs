//! `webhooks.rs`: the events the API sends to its users' servers, one
//! variant of `Event` each, and `Webhooks`, which verifies a delivery's
//! signature (as the configuration names the scheme) before it reads it.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, ty, Scope};
use crate::ir::{Api, WebhookSignature};

pub fn webhooks_rs(api: &Api) -> TokenStream {
    let hooks = &api.webhooks;
    let variants = hooks.events.iter().map(|e| {
        let variant = ident(&e.variant);
        let payload = ty(&e.payload, Scope::krate(api));
        let doc = format!(" `{}`", e.name);
        quote! {
            #[doc = #doc]
            #variant(#payload),
        }
    });
    let names = hooks.events.iter().map(|e| {
        let variant = ident(&e.variant);
        let name = &e.name;
        quote!(Event::#variant(_) => Some(#name),)
    });
    let decoders = hooks.events.iter().map(|e| {
        let variant = ident(&e.variant);
        let name = &e.name;
        quote!(Some(#name) => decoding.decode(body).map(Event::#variant),)
    });
    let payloads = hooks.events.iter().map(|e| {
        let variant = ident(&e.variant);
        quote!(Event::#variant(payload) => payload.serialize(serializer),)
    });
    let field = &hooks.event_field;
    let receive_doc = format!(
        " Verifies a delivery and reads it: the event is the one the payload's `{field}` names, [`Event::Unknown`] for a name this crate does not know. Nothing is read of a delivery that fails verification."
    );
    let (scheme_doc, constructors) = constructors(&hooks.signature);
    let struct_doc = format!(
        " Receives the API's webhook deliveries: checks each one's signature ({scheme_doc}), then reads it as an [`Event`]."
    );
    quote! {
        //! Webhooks: the events the API sends to your server, each verified
        //! before it is read, as typed values (the `webhooks` feature).

        #[allow(unused_imports)]
        use std::time::Duration;

        use reqwest::header::HeaderMap;
        use serde::Serialize;

        use super::runtime::Decoding;
        #[allow(unused_imports)]
        use super::{models, WebhookError, WebhookVerifier};

        /// An event the API sends, as its payload says; written back as
        /// received with `serde`.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            #(#variants)*
            /// An event this crate does not know, as received.
            Unknown(serde_json::Value),
        }

        impl Event {
            /// The event's name as the API writes it; `None` for one this
            /// crate does not know.
            #[inline]
            pub fn name(&self) -> Option<&'static str> {
                match self {
                    #(#names)*
                    Event::Unknown(_) => None,
                }
            }

            /// The event `name` in a verified `body`. Not generic and never
            /// inlined, as an operation's `decode`: the payloads' decoding is
            /// compiled once, here.
            #[inline(never)]
            fn decode(decoding: Decoding, name: Option<&str>, body: &[u8]) -> Result<Event, WebhookError> {
                match name {
                    #(#decoders)*
                    _ => decoding.decode(body).map(Event::Unknown),
                }
                .map_err(WebhookError::Decode)
            }
        }

        impl Serialize for Event {
            #[inline]
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#payloads)*
                    Event::Unknown(value) => value.serialize(serializer),
                }
            }
        }

        #[doc = #struct_doc]
        #[derive(Debug, Clone)]
        pub struct Webhooks {
            verifier: WebhookVerifier,
            decoding: Decoding,
        }

        impl Webhooks {
            #constructors

            /// How a payload that differs from the API description is read
            /// (see [`Decoding`]; lenient by default, as the
            /// client reads answers).
            #[inline]
            pub fn with_decoding(self, decoding: Decoding) -> Self {
                Webhooks { decoding, ..self }
            }

            #[doc = #receive_doc]
            #[inline]
            pub fn receive(&self, headers: &HeaderMap, body: &[u8]) -> Result<Event, WebhookError> {
                self.verifier.verify(headers, body)?;
                let value: serde_json::Value =
                    self.decoding.decode(body).map_err(WebhookError::Decode)?;
                Event::decode(self.decoding, value.get(#field).and_then(serde_json::Value::as_str), body)
            }

            /// Verifies a delivery and reads it as the event `name`, for an
            /// API that names the event outside the payload (in a header).
            #[inline]
            pub fn receive_as(&self, name: &str, headers: &HeaderMap, body: &[u8]) -> Result<Event, WebhookError> {
                self.verifier.verify(headers, body)?;
                Event::decode(self.decoding, Some(name), body)
            }
        }
    }
}

/// What the scheme is, in a few words, and the constructors `Webhooks` has
/// for it: only those of the configured scheme, so that a crate whose API
/// signs its deliveries cannot be made to read unverified ones.
fn constructors(signature: &WebhookSignature) -> (String, TokenStream) {
    match signature {
        WebhookSignature::Standard => (
            "Standard Webhooks, as Svix signs them".to_string(),
            quote! {
                /// With the endpoint's signing secret (`whsec_...`).
                #[inline]
                pub fn new(secret: &str) -> Result<Self, WebhookError> {
                    Ok(Webhooks { verifier: WebhookVerifier::standard(secret)?, decoding: Decoding::default() })
                }

                /// Accepts `secret` too, while the endpoint's key is rotated.
                #[inline]
                pub fn with_secret(self, secret: &str) -> Result<Self, WebhookError> {
                    Ok(Webhooks { verifier: self.verifier.with_secret(secret)?, ..self })
                }

                /// How far from now a delivery's timestamp may be, against
                /// replays (five minutes by default).
                #[inline]
                pub fn with_tolerance(self, tolerance: Duration) -> Self {
                    Webhooks { verifier: self.verifier.with_tolerance(tolerance), ..self }
                }
            },
        ),
        WebhookSignature::HmacSha256 { header } => {
            let header = header.to_ascii_lowercase();
            let doc = format!(" With the endpoint's secret: each delivery's body is signed with it, HMAC-SHA256, in `{header}`.");
            (
                format!("an HMAC-SHA256 of the body, in `{header}`"),
                quote! {
                    #[doc = #doc]
                    #[inline]
                    pub fn new(secret: impl AsRef<[u8]>) -> Self {
                        Webhooks { verifier: WebhookVerifier::hmac_sha256(#header, secret), decoding: Decoding::default() }
                    }
                },
            )
        }
        WebhookSignature::None => (
            "none: the API does not sign them".to_string(),
            quote! {
                /// Reads deliveries as they come: the API description names no
                /// signature scheme.
                #[allow(clippy::new_without_default)]
                #[inline]
                pub fn new() -> Self {
                    Webhooks { verifier: WebhookVerifier::unsigned(), decoding: Decoding::default() }
                }
            },
        ),
    }
}
