//! `client.rs`: the `Client`, its settings and one method per operation.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::operations::{feature_gate, input_arg, operation_docs, success_ty};
use super::{doc_attrs, ident, ty, Scope};
use crate::ir::{Api, ApiKeyLocation, Auth, Gate, Operation, ParamLocation, StreamKind, UrlPart};
use crate::layout::{Place, Section};

/// `with_server`: the server URL with its variables set, each an argument
/// (a string enum where the spec lists the values).
fn with_server(api: &Api) -> Option<TokenStream> {
    if api.server_variables.is_empty() {
        return None;
    }
    let mut template = String::new();
    let mut values = Vec::new();
    for part in &api.server_template {
        match part {
            UrlPart::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            UrlPart::Variable(i) => {
                template.push_str("{}");
                let arg = ident(&api.server_variables[*i].arg);
                values.push(match api.server_variables[*i].enum_type {
                    Some(_) => quote!(#arg.as_str()),
                    None => quote!(#arg),
                });
            }
        }
    }
    let args = api.server_variables.iter().map(|v| {
        let arg = ident(&v.arg);
        match &v.enum_type {
            Some(id) => {
                let name = ident(api.type_name(*id));
                quote!(#arg: models::#name)
            }
            None => quote!(#arg: &str),
        }
    });
    let mut doc = format!(
        "Sends requests to the API description's server with its variables set: `{}`.",
        api.server_template
            .iter()
            .map(|p| match p {
                UrlPart::Literal(text) => text.clone(),
                UrlPart::Variable(i) => format!("{{{}}}", api.server_variables[*i].name),
            })
            .collect::<String>()
    );
    for v in &api.server_variables {
        doc.push_str(&format!(
            "\n\n`{}`: {}default `{}`.",
            v.arg,
            v.description
                .as_deref()
                .map(|d| format!("{} ", d.trim_end_matches('.').to_string() + ";"))
                .unwrap_or_default(),
            v.default
        ));
    }
    let docs = doc_attrs([Some(doc.as_str())]);
    let many =
        (api.server_variables.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    Some(quote! {
        #docs
        #many
        #[inline]
        pub fn with_server(mut self, #(#args),*) -> Self {
            self.core.base_url = format!(#template, #(#values),*).trim_end_matches('/').to_string();
            self
        }
    })
}

/// The arguments that give credentials of `auth`'s kind, the runtime's
/// `Auth` built from them, and what a client with them sends.
fn auth_parts(auth: &Auth) -> (TokenStream, TokenStream, Option<String>) {
    match auth {
        Auth::Bearer { .. } => (
            quote!(token: impl Into<String>),
            quote!(Auth::Bearer(token.into())),
            Some("sends `token` as a bearer token".to_string()),
        ),
        Auth::Basic { .. } => (
            quote!(username: impl Into<String>, password: impl Into<String>),
            quote!(Auth::Basic(username.into(), password.into())),
            Some("authenticates with HTTP basic credentials".to_string()),
        ),
        Auth::ApiKey { location, name, .. } => {
            let (variant, place) = match location {
                ApiKeyLocation::Header => (quote!(ApiKeyHeader), "header"),
                ApiKeyLocation::Query => (quote!(ApiKeyQuery), "query parameter"),
                ApiKeyLocation::Cookie => (quote!(ApiKeyCookie), "cookie"),
            };
            (
                quote!(api_key: impl Into<String>),
                quote!(Auth::#variant(#name.to_string(), api_key.into())),
                Some(format!("sends `api_key` as the `{name}` {place}")),
            )
        }
        Auth::None => (quote!(), quote!(Auth::None), None),
    }
}

/// A setter per security scheme where the API has several (one more per
/// OAuth2 client-credentials flow), and `from_client_credentials` where
/// `Client::new`'s scheme has that flow.
fn scheme_setters(api: &Api) -> TokenStream {
    let several = api.schemes.len() > 1;
    let mut out = Vec::new();
    for (i, scheme) in api.schemes.iter().enumerate() {
        let index = Literal::usize_unsuffixed(i);
        let key = &scheme.key;
        if several {
            let (args, value, sends) = auth_parts(&scheme.auth);
            let setter = ident(&scheme.setter);
            let doc = format!(
                " The credentials of the `{key}` security scheme: the client {}, on the operations that accept this scheme (alone, or with others it also has).",
                sends.unwrap_or_default()
            );
            out.push(quote! {
                #[doc = #doc]
                #[inline]
                pub fn #setter(mut self, #args) -> Self {
                    self.core.set_auth(#index, #value);
                    self
                }
            });
        }
        let Some(flow) = &scheme.client_credentials else {
            continue;
        };
        let setter = ident(&flow.setter);
        let url = &flow.token_url;
        let scopes = flow.scopes.join(" ");
        let asks = if scopes.is_empty() {
            String::new()
        } else {
            format!(", asking for the scopes `{scopes}`")
        };
        let doc = format!(
            " The `{key}` security scheme's tokens, fetched with the OAuth2 client-credentials grant: `client_id` and `client_secret` are sent (as HTTP basic credentials) to `{url}`{asks}. A token is fetched at the first call that needs it, used until shortly before it expires, and fetched again after the server refuses it (401). A failed token request fails the call with `Error::InvalidRequest`, saying why."
        );
        out.push(quote! {
            #[doc = #doc]
            #[inline]
            pub fn #setter(mut self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
                self.core.set_auth(
                    #index,
                    Auth::client_credentials(#url, #scopes, client_id.into(), client_secret.into()),
                );
                self
            }
        });
        if i == 0 {
            let (base_arg, base_value) = match &api.base_url {
                Some(_) => (quote!(), quote!()),
                None => (quote!(base_url: &str,), quote!(base_url,)),
            };
            let doc = format!(
                " A client whose tokens are fetched with the OAuth2 client-credentials grant (see [`Client::{}`]).",
                flow.setter
            );
            out.push(quote! {
                #[doc = #doc]
                #[inline]
                pub fn from_client_credentials(#base_arg client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
                    Client::new(#base_value String::new()).#setter(client_id, client_secret)
                }
            });
        }
    }
    quote!(#(#out)*)
}

/// The file of `section`: in the module's own file the `Client` with the
/// methods of its operations, and the `include!` of each feature's file; in a
/// feature's file an `impl Client` block with the methods of that feature's.
pub fn client_rs(api: &Api, section: &Section) -> TokenStream {
    let methods = section
        .operations
        .iter()
        .map(|&i| method(api, &api.operations[i], &section.place));
    if section.place != Place::Own {
        return quote! {
            impl Client {
                #(#methods)*
            }
        };
    }
    let title = format!("A client for {}.", api.title);
    let cheap = "Cloning is cheap: clones share one connection pool.";
    let auth_doc = match &api.auth {
        Auth::Bearer { description }
        | Auth::Basic { description }
        | Auth::ApiKey { description, .. } => description.as_deref(),
        Auth::None => None,
    };
    let docs = doc_attrs([Some(title.as_str()), Some(cheap)]);
    let retry = default_retry(api);

    let (new_args, auth_value, sends) = auth_parts(&api.auth);
    let new_doc = match sends {
        Some(sends) => format!("A client that {sends}."),
        None => "A client without credentials.".to_string(),
    };
    let headers_doc = (!api.default_headers.is_empty()).then(|| {
        let list: Vec<String> = api
            .default_headers
            .iter()
            .map(|(name, value)| format!("`{name}: {value}`"))
            .collect();
        format!(
            "Every request carries {} (the generator's configuration); `with_header` changes and `without_header` removes one.",
            list.join(", ")
        )
    });
    let new_docs = doc_attrs([Some(new_doc.as_str()), auth_doc, headers_doc.as_deref()]);
    let (base_const, base_arg, base_value) = match &api.base_url {
        Some(url) => (
            quote! {
                /// The base URL from the API description's first server.
                pub const DEFAULT_BASE_URL: &'static str = #url;
            },
            quote!(),
            quote!(Self::DEFAULT_BASE_URL),
        ),
        None => (quote!(), quote!(base_url: &str,), quote!(base_url)),
    };
    let core = quote!(Core::new(#base_value, #auth_value, #retry));
    let new_body = if api.default_headers.is_empty() {
        quote!(Client { core: #core })
    } else {
        let set = api
            .default_headers
            .iter()
            .map(|(name, value)| quote!(core.set_header(#name, #value);));
        quote! {
            let mut core = #core;
            #(#set)*
            Client { core }
        }
    };
    let includes = super::includes(api, section);
    let with_server = with_server(api);
    let scheme_setters = scheme_setters(api);
    let max_event_size = api
        .operations
        .iter()
        .any(|op| {
            op.stream
                .as_ref()
                .is_some_and(|s| s.kind != StreamKind::Bytes)
        })
        .then(|| {
            quote! {
                /// Ends an event stream with `Error::ResponseTooLarge` at an event
                /// larger than `bytes` (16 MiB by default): a stream may never end,
                /// so what it holds at once is bounded instead.
                #[inline]
                pub fn with_max_event_size(mut self, bytes: usize) -> Self {
                    self.core.max_event_bytes = bytes;
                    self
                }
            }
        });
    // `new()` without arguments: clippy (and users) expect `Default` too.
    let default = (api.base_url.is_some() && api.auth == Auth::None).then(|| {
        quote! {
            impl Default for Client {
                #[inline]
                fn default() -> Self {
                    Client::new()
                }
            }
        }
    });

    quote! {
        use std::time::Duration;

        use super::runtime::{Auth, Core};
        #[allow(unused_imports)]
        use super::{models, operations, RetryPolicy};

        #docs
        #[derive(Debug, Clone)]
        pub struct Client {
            pub(crate) core: Core,
        }

        impl Client {
            #base_const

            #new_docs
            #[inline]
            pub fn new(#base_arg #new_args) -> Self {
                #new_body
            }

            /// Sends requests to `base_url` instead (a proxy, a mock server).
            #[inline]
            pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
                self.core.base_url = base_url.into().trim_end_matches('/').to_string();
                self
            }

            #with_server

            #scheme_setters

            /// Uses an existing `reqwest::Client` (its pool, proxy and TLS settings).
            #[inline]
            pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
                self.core.http = http;
                self
            }

            /// Replaces the retry policy of every call (`RetryPolicy::none()` turns retries off).
            #[inline]
            pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
                self.core.retry = retry;
                self
            }

            /// Limits how long each attempt of a call may take, body included.
            #[inline]
            pub fn with_timeout(mut self, timeout: Duration) -> Self {
                self.core.timeout = Some(timeout);
                self
            }

            /// Limits how long a whole call may take: every attempt and every
            /// wait between retries. No retry starts that could not end in time,
            /// and the attempt under way when it passes ends with `Error::Timeout`.
            #[inline]
            pub fn with_deadline(mut self, deadline: Duration) -> Self {
                self.core.deadline = Some(deadline);
                self
            }

            /// Replaces the `User-Agent` header (by default the crate's name and version).
            #[inline]
            pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.core.set_user_agent(user_agent.into());
                self
            }

            /// Sends the header `name: value` with every request, replacing a
            /// default of the same name: for what the API description does not
            /// declare (a token for an API that lists no security scheme, a
            /// version header). A header an operation or the credentials set
            /// takes precedence. Values of `Authorization`, `Cookie` and `…-Key`,
            /// `…-Token`, `…-Secret` headers are marked sensitive (never
            /// printed). An invalid name or value fails each call with
            /// `Error::InvalidRequest`.
            #[inline]
            pub fn with_header(mut self, name: &str, value: &str) -> Self {
                self.core.set_header(name, value);
                self
            }

            /// Stops sending a header set with `with_header` or by default.
            #[inline]
            pub fn without_header(mut self, name: &str) -> Self {
                self.core.remove_header(name);
                self
            }

            /// Adds a hook that sees (and may change) every request and response.
            #[inline]
            pub fn with_hook(mut self, hook: impl super::Hook + 'static) -> Self {
                self.core.hooks.push(std::sync::Arc::new(hook));
                self
            }

            /// Refuses response bodies larger than `bytes` (64 MiB by default)
            /// with `Error::ResponseTooLarge`. Bodies read as streams are not
            /// bounded by it.
            #[inline]
            pub fn with_max_response_size(mut self, bytes: usize) -> Self {
                self.core.max_response_bytes = bytes;
                self
            }

            /// How a body that differs from the API description is read:
            /// `Decoding::Lenient` (the default) reads on where a sensible
            /// reading exists and reports each deviation as a `tracing` event;
            /// `Decoding::Strict` makes every deviation an `Error::Decode`.
            #[inline]
            pub fn with_decoding(mut self, decoding: super::Decoding) -> Self {
                self.core.decoding = decoding;
                self
            }

            #max_event_size

            /// The base URL requests are sent to.
            #[inline]
            pub fn base_url(&self) -> &str {
                &self.core.base_url
            }

            #(#methods)*
        }

        #default
        #includes
    }
}

/// A `Duration` of `ms` milliseconds, in whole seconds when it is some.
fn duration(ms: u64) -> TokenStream {
    if ms > 0 && ms % 1000 == 0 {
        let secs = Literal::u64_unsuffixed(ms / 1000);
        quote!(Duration::from_secs(#secs))
    } else {
        let ms = Literal::u64_unsuffixed(ms);
        quote!(Duration::from_millis(#ms))
    }
}

fn default_retry(api: &Api) -> TokenStream {
    match &api.retry {
        None => quote!(RetryPolicy::default()),
        Some(r) => {
            let initial = duration(r.initial_interval_ms);
            let max = duration(r.max_interval_ms);
            let elapsed = duration(r.max_elapsed_ms);
            let exponent = Literal::f64_unsuffixed(r.exponent);
            let statuses = r.statuses.iter().map(|(lo, hi)| {
                let (lo, hi) = (Literal::u16_unsuffixed(*lo), Literal::u16_unsuffixed(*hi));
                quote!(.retry_statuses(#lo..=#hi))
            });
            let connection = r.connection_errors;
            quote! {
                RetryPolicy::backoff(#initial, #max, #exponent, #elapsed)
                #(#statuses)*
                .retry_connection_errors(#connection)
            }
        }
    }
}

/// Which cargo features compile an operation, for its method's docs: with
/// features divided by resource, a user looks the feature up here.
fn feature_note(api: &Api, gate: &Gate) -> String {
    let Gate::Any(features) = gate else {
        return String::new();
    };
    let named: Vec<String> = features
        .iter()
        .filter_map(|&f| api.features.get(f))
        .map(|f| {
            match api
                .features
                .iter()
                .find(|whole| whole.parts.contains(&f.name))
            {
                Some(whole) => format!("`{}` (or `{}`)", f.name, whole.name),
                None => format!("`{}`", f.name),
            }
        })
        .collect();
    match named.as_slice() {
        [] => String::new(),
        [one] => format!(" Cargo feature: {one}."),
        [many @ .., last] => format!(" Cargo feature: {} or {last}.", many.join(", ")),
    }
}

fn method(api: &Api, op: &Operation, at: &Place) -> TokenStream {
    let name = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let docs = operation_docs(op);
    let example = super::examples::example_lines(api, op).unwrap_or_default();
    let example = example.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    let mut args = Vec::new();
    let mut values = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path || p.required)
    {
        let pname = ident(&p.name);
        let (aty, conv) = input_arg(api, &p.ty);
        args.push(quote!(#pname: #aty));
        values.push(quote!(#pname #conv));
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let bname = ident(&body.setter);
        let bty = ty(&body.ty, Scope::krate(api));
        args.push(quote!(#bname: #bty));
        values.push(quote!(#bname));
    }
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated(note = "deprecated by the API description")]));
    let gate = feature_gate(api, op, at);
    let out = success_ty(api, op);
    let returns = format!(
        " `send().await` gives `Response<{}>`; documented errors are [`errors::{}`](super::errors::{}).{}",
        out.to_string().replace(' ', ""),
        op.error_name,
        op.error_name,
        feature_note(api, &op.gate)
    );
    // Required inputs are arguments, as many as the API requires: a call
    // reads like the endpoint it makes. Past clippy's limit that is allowed
    // where it happens rather than hidden behind a struct.
    let many = (args.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #docs
        ///
        #[doc = #returns]
        ///
        #(#example)*
        #deprecated
        #gate
        #many
        #[inline]
        pub fn #name(&self, #(#args),*) -> operations::#builder<'_> {
            operations::#builder::new(self, #(#values),*)
        }
    }
}
