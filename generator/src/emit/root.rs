//! `lib.rs`: the crate's docs, lints, modules and re-exports.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc_attrs;
use crate::ir::Api;

/// The crate root.
pub fn lib_rs(api: &Api) -> TokenStream {
    let intro = format!(
        "Rust client for {}, API version {}.",
        api.title, api.api_version
    );
    let origin = "Generated from the API's OpenAPI description by `generator`: do not edit; regenerate instead.";
    let features = features_doc(api);
    let selection = selection_doc(api);
    let docs = doc_attrs([
        Some(intro.as_str()),
        api.description.as_deref(),
        selection.as_deref(),
        features.as_deref(),
        Some(origin),
    ]);
    let inner_docs = docs.into_iter().map(|tt| match tt {
        // `#[doc = ..]` → `#![doc = ..]`: these document the crate itself.
        proc_macro2::TokenTree::Punct(p) if p.as_char() == '#' => quote!(#p!),
        other => quote!(#other),
    });
    let version = &api.api_version;
    let webhooks_mod = (!api.webhooks.events.is_empty()).then(|| {
        quote! {
            #[cfg(feature = "webhooks")]
            pub mod webhooks;
        }
    });
    quote! {
        #(#inner_docs)*
        #![deny(missing_docs)]
        // Doc comments carry the API description's Markdown as written;
        // its list layout is not ours to reflow.
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
        // Variants mirror the API's alternatives; boxing the large ones would
        // make every match on them clumsier for little gain.
        #![allow(clippy::large_enum_variant)]
        // Types are the API's own (a map of maps of numbers is what the
        // API sends); an alias invented for each would only rename them.
        #![allow(clippy::type_complexity)]
        // Names are the API's: a property called `foo` is not a placeholder.
        #![allow(clippy::disallowed_names)]

        mod client;
        pub mod errors;
        pub mod models;
        pub mod operations;
        mod runtime;
        #[cfg(all(feature = "stubs", not(target_arch = "wasm32")))]
        mod stubs;

        pub use client::Client;
        pub use runtime::{ByteStream, CallOptions, DecodeError, Decoding, Error, ErrorResponse, Event, EventStream, Hook, Nullable, RawResponse, Response, RetryPolicy, Upload};
        /// Typed stand-ins for the API in tests (the `stubs` feature; see
        /// [`StubServer`]).
        #[cfg(all(feature = "stubs", not(target_arch = "wasm32")))]
        pub use runtime::{Stub, StubServer, Stubbed};
        /// Verifying webhook deliveries (the `webhooks` feature).
        #[cfg(feature = "webhooks")]
        pub use runtime::{WebhookError, WebhookVerifier};
        #webhooks_mod
        /// The `reqwest` this crate is built on, for `Client::with_http_client`.
        pub use reqwest;
        /// The `serde_json` this crate is built on, for `json!` values of
        /// free-form fields without a second copy in your dependencies.
        pub use serde_json;

        /// The version of the API description this crate was generated from.
        pub const API_VERSION: &str = #version;
    }
}

/// What a crate of part of the description has, so that a reader who
/// misses an operation knows why and how to get it.
fn selection_doc(api: &Api) -> Option<String> {
    let select = api.selection.as_ref()?;
    let list = |patterns: &[String], or: &str| {
        let quoted: Vec<String> = patterns.iter().map(|p| format!("`{p}`")).collect();
        quoted.join(or)
    };
    let mut text = String::from("Generated from part of the description: the operations");
    if !select.include.is_empty() {
        text.push_str(&format!(" matching {}", list(&select.include, " or ")));
    }
    if !select.exclude.is_empty() {
        text.push_str(&format!(" but not {}", list(&select.exclude, " or ")));
    }
    text.push_str(", and the models they reach");
    if !select.models.is_empty() {
        text.push_str(&format!(" and {}", list(&select.models, ", ")));
    }
    text.push_str(
        ". Other operations come with other patterns (`[select]` in the generator's \
         configuration, or its `--include` and `--exclude`).",
    );
    Some(text)
}

/// The crate docs' section on the features that select operations.
fn features_doc(api: &Api) -> Option<String> {
    if api.features.is_empty() {
        return None;
    }
    let mut text = if api.full_by_default {
        String::from(
            "# Cargo features\n\n\
             Each feature below compiles a group of operations and the models they reach; \
             `full`, on by default, compiles them all. A program that calls a few operations \
             builds faster with `default-features = false` and only their features (plus \
             `rustls-tls` or `native-tls` for HTTPS). A model no operation reaches comes \
             with `full` only.\n",
        )
    } else {
        format!(
            "# Cargo features\n\n\
             Each feature below compiles a group of operations and the models they reach; \
             `full` compiles them all. None is on by default: the API's {} operations take \
             minutes and gigabytes of memory to build whole, so a program turns on the \
             features of the operations it calls. A model no operation reaches comes with \
             `full` only.\n",
            api.operations.len()
        )
    };
    for f in &api.features {
        let count = super::operations_counted(f.operations);
        text.push_str(&format!("\n- `{}`: {} {count}.", f.name, f.doc));
    }
    Some(text)
}
