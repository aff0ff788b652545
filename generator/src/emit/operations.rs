//! `operations.rs`: one request builder per operation.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{cfg_in, doc_attrs, gated, ident, payload_ty, predicate_in, status_pattern, ty, Scope};
use crate::ir::{
    Api, Body, BodyMedia, Operation, PageStyle, Pagination, Param, ParamLocation, ParamStyle,
    PathPart, Payload, Presence, StatusMatch, StreamKind, Streaming, Ty,
};
use crate::layout::{Chunk, Place, Section};

/// Run `chunk` of the file of `section`: its builders; the first run starts
/// with the success enums (after the imports, in the module's own file), the
/// last ends with the page impls (and the `include!` of each feature's file).
pub fn operations_rs(api: &Api, section: &Section, chunk: Chunk) -> TokenStream {
    let ops = |indices: &[usize]| -> Vec<&Operation> {
        indices.iter().map(|&i| &api.operations[i]).collect()
    };
    let builders = ops(chunk.of(&section.operations))
        .into_iter()
        .map(|op| builder(api, op, &section.place));
    let own = section.place == Place::Own;
    let tail = chunk.is_last().then(|| {
        let impls = page_impls(api, section);
        let includes = own.then(|| super::includes(api, section));
        quote!(#impls #includes)
    });
    if !chunk.is_first() {
        return quote!(#(#builders)* #tail);
    }
    let success_enums = ops(&section.operations).into_iter().map(|op| {
        gated(
            cfg_in(api, &op.gate, &section.place).as_ref(),
            success_enum(api, op),
        )
    });
    if !own {
        return quote!(#(#success_enums)* #(#builders)* #tail);
    }
    let params = || api.operations.iter().flat_map(|op| op.params.iter());
    let mut helpers = Vec::new();
    if params().any(|p| p.location == ParamLocation::Path) {
        helpers.push(quote!(path_segment));
    }
    let multipart: Vec<&crate::ir::MultipartField> = api
        .operations
        .iter()
        .filter_map(|op| match op.body.as_ref().map(|b| &b.media) {
            Some(BodyMedia::Multipart(fields)) => Some(fields.iter()),
            _ => None,
        })
        .flatten()
        .collect();
    // `to_text` serves parameters written through serde (see `text`) and
    // multipart text parts of types without `Display`.
    let text_in_params = params().any(|p| {
        p.style == ParamStyle::Plain
            || (p.location != ParamLocation::Query && p.style != ParamStyle::Display)
    });
    let text_in_parts = multipart.iter().any(|f| !f.binary && !f.display);
    // Helpers only multipart bodies use are imported only with the feature.
    let mut multipart_helpers = Vec::new();
    if text_in_params {
        helpers.push(quote!(to_text));
    } else if text_in_parts {
        multipart_helpers.push(quote!(to_text));
    }
    if params().any(|p| {
        p.location == ParamLocation::Query
            && !matches!(p.style, ParamStyle::Display | ParamStyle::Plain)
    }) {
        helpers.push(quote!(Style));
    }
    if !multipart.is_empty() {
        multipart_helpers.push(quote!(Part));
    }
    let multipart_use = (!multipart_helpers.is_empty()).then(|| {
        quote! {
            #[cfg(feature = "multipart")]
            use super::runtime::{#(#multipart_helpers),*};
        }
    });
    // When every operation needs a feature, nothing uses these without it.
    // (Or when features choose the operations.)
    let all_gated = (api.operations.iter().all(Operation::needs_multipart)
        || !api.features.is_empty())
    .then(|| quote!(#[allow(unused_imports)]));
    quote! {
        //! Request builders: set optional parameters, then `send().await`.
        #all_gated
        use reqwest::Method;

        #all_gated
        use super::runtime::{self, #(#helpers,)* call_options, CallOptions, Request};
        #multipart_use
        #[allow(unused_imports)]
        use super::{errors, models, Client, Error, Nullable, RawResponse, Response};

        #(#success_enums)*
        #(#builders)*
        #tail
    }
}

/// The `Page` impls of `pages`, after every builder: one per page model,
/// which may serve several operations, each under the model's gate.
fn page_impls(api: &Api, section: &Section) -> TokenStream {
    let impls = section.pages.iter().filter_map(|&id| {
        let p = api
            .operations
            .iter()
            .filter_map(|op| op.pagination.as_ref())
            .find(|p| p.page_ty == Some(id))?;
        let attr = cfg_in(api, &api.def(id).gate, &section.place);
        Some(gated(attr.as_ref(), page_impl(api, p)?))
    });
    quote!(#(#impls)*)
}

/// The `#[cfg]` of the builder and client method of an operation in the
/// file at `at`: its features (but in a file included under them, as
/// [`predicate_in`]), and `multipart` for a multipart body (without it
/// reqwest has no multipart support, and the operation is left out rather
/// than failing when called).
pub fn feature_gate(api: &Api, op: &Operation, at: &Place) -> Option<TokenStream> {
    let features = predicate_in(api, &op.gate, at);
    match (op.needs_multipart(), features) {
        (false, None) => None,
        (false, Some(p)) => Some(quote!(#[cfg(#p)])),
        (true, None) => Some(quote!(#[cfg(feature = "multipart")])),
        (true, Some(p)) => Some(quote!(#[cfg(all(feature = "multipart", #p))])),
    }
}

/// The doc line that says which feature an operation needs, if any.
fn feature_doc(op: &Operation) -> Option<&'static str> {
    op.needs_multipart()
        .then_some("Needs the `multipart` feature (on by default).")
}

/// Doc lines shared by the builder and the client method.
pub fn operation_docs(op: &Operation) -> TokenStream {
    docs_with(op, op.description.as_deref(), None)
}

/// Summary, `description`, deprecation notice, method and path, then `tail`.
fn docs_with(op: &Operation, description: Option<&str>, tail: Option<&str>) -> TokenStream {
    let line = format!("`{} {}` (`{}`)", op.http_method, op.path, op.id);
    let deprecated = op
        .deprecated
        .then_some("**Deprecated** by the API: it may be removed.");
    let server = op.server.as_ref().map(|url| {
        format!("Sent to `{url}`, this operation's own server, unless the client's base URL was set (`with_base_url`, `with_server`).")
    });
    doc_attrs([
        op.summary.as_deref(),
        description,
        deprecated,
        feature_doc(op),
        Some(line.as_str()),
        server.as_deref(),
        tail,
    ])
}

/// The argument type of a required input and how to store it.
pub fn input_arg(api: &Api, t: &Ty) -> (TokenStream, TokenStream) {
    super::arg(t, Scope::krate(api))
}

/// What `send().await` gives inside `Response<_>`.
pub fn success_ty(api: &Api, op: &Operation) -> TokenStream {
    if let Some(stream) = op.stream.as_ref().filter(|s| s.method == "send") {
        return stream_ty(api, op, stream);
    }
    match (&op.success.enum_name, op.success.cases.first()) {
        (Some(name), _) => {
            let name = ident(name);
            quote!(#name)
        }
        (None, Some(case)) => payload_ty(api, &case.payload).unwrap_or_else(|| quote!(())),
        (None, None) => quote!(()),
    }
}

/// The enum of an operation whose 2xx statuses carry different bodies.
fn success_enum(api: &Api, op: &Operation) -> TokenStream {
    let Some(name) = &op.success.enum_name else {
        return quote!();
    };
    let name = ident(name);
    let doc = format!(
        " The successful responses of `{}`, one variant per body.",
        op.id
    );
    let variants = op.success.cases.iter().map(|case| {
        let variant = ident(&case.variant);
        let codes: Vec<String> = case
            .statuses
            .iter()
            .map(|c| match c {
                StatusMatch::Exact(code) => code.to_string(),
                StatusMatch::Class(d) => format!("{d}XX"),
                StatusMatch::Default => "default".to_string(),
            })
            .collect();
        let head = format!("Answered with status {}.", codes.join(", "));
        let docs = doc_attrs([Some(head.as_str()), case.description.as_deref()]);
        match payload_ty(api, &case.payload) {
            Some(t) => quote!(#docs #variant(#t),),
            None => quote!(#docs #variant,),
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn builder(api: &Api, op: &Operation, at: &Place) -> TokenStream {
    let name = ident(&op.builder_name);
    // The full description is on the client method; repeating it here
    // would double the largest part of the crate's text for no reader.
    let built_by = format!(
        "Built by [`Client::{0}`](Client::{0}), which documents the operation.",
        op.method_name
    );
    let docs = docs_with(op, None, Some(built_by.as_str()));

    let mut fields = Vec::new();
    let mut new_args = Vec::new();
    let mut new_inits = Vec::new();
    for p in &op.params {
        let pname = ident(&p.name);
        let pty = ty(&p.ty, Scope::krate(api));
        if p.location == ParamLocation::Path || p.required {
            fields.push(quote!(#pname: #pty));
            new_args.push(quote!(#pname: #pty));
            new_inits.push(quote!(#pname));
        } else {
            fields.push(quote!(#pname: Option<#pty>));
            new_inits.push(quote!(#pname: None));
        }
    }
    if let Some(body) = &op.body {
        let bname = ident(&body.setter);
        let bty = ty(&body.ty, Scope::krate(api));
        if body.required {
            fields.push(quote!(#bname: #bty));
            new_args.push(quote!(#bname: #bty));
            new_inits.push(quote!(#bname));
        } else {
            fields.push(quote!(#bname: Option<#bty>));
            new_inits.push(quote!(#bname: None));
        }
    }

    // The URL of a page a server pointed to, set only by the page stream.
    if let Some(url) = op.pagination.as_ref().and_then(|p| p.url_field.as_ref()) {
        let url = ident(url);
        fields.push(quote!(#url: Option<String>));
        new_inits.push(quote!(#url: None));
    }

    let setters = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path && !p.required)
        .map(|p| {
            let pname = ident(&p.name);
            let (aty, conv) = input_arg(api, &p.ty);
            let place = match p.location {
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
                _ => "query parameter",
            };
            let wire = format!("Sets the `{}` {place}.", p.wire_name);
            let docs = doc_attrs([p.doc.as_deref(), Some(wire.as_str())]);
            let deprecated = p.deprecated.then(|| quote!(#[deprecated]));
            let trait_like = super::setter_allow(&p.name);
            quote! {
                #docs
                #deprecated
                #trait_like
                #[inline]
                pub fn #pname(mut self, value: #aty) -> Self {
                    self.#pname = Some(value #conv);
                    self
                }
            }
        });
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let bname = ident(&b.setter);
        let bty = ty(&b.ty, Scope::krate(api));
        let docs = doc_attrs([b.doc.as_deref(), Some("Sets the request body.")]);
        quote! {
            #docs
            #[inline]
            pub fn #bname(mut self, body: #bty) -> Self {
                self.#bname = Some(body);
                self
            }
        }
    });
    let body_field_setters = body_field_setters(api, op);
    let call_options = call_options(op);
    let allow_many = (new_args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let stream_method = op.stream.as_ref().map(|s| stream_method(api, op, s));
    let send_method = send(api, op);
    let paging = op.pagination.as_ref().map(|p| pagination(api, op, p));
    let gate = feature_gate(api, op, at);

    quote! {
        #docs
        #gate
        #[derive(Debug, Clone)]
        #[must_use = "nothing is sent until `send` is awaited"]
        pub struct #name<'a> {
            client: &'a Client,
            #(#fields,)*
            options: CallOptions,
        }

        // Everything is `#[inline]`: see `emit`'s module docs.
        #gate
        impl<'a> #name<'a> {
            #allow_many
            #[inline]
            pub(crate) fn new(client: &'a Client, #(#new_args),*) -> Self {
                #name { client, #(#new_inits,)* options: CallOptions::default() }
            }

            #(#setters)*
            #body_setter
            #(#body_field_setters)*

            #call_options

            #paging
            #send_method
            #stream_method
        }
    }
}

/// The builder's `with_timeout`, `with_retry` and `with_deadline`, which
/// the runtime's `call_options!` writes: named only where a parameter of
/// the operation took one of those names first.
fn call_options(op: &Operation) -> TokenStream {
    let names = [&op.timeout_setter, &op.retry_setter, &op.deadline_setter];
    if names == ["with_timeout", "with_retry", "with_deadline"] {
        return quote!(call_options!(););
    }
    let [timeout, retry, deadline] = names.map(|name| ident(name));
    quote!(call_options!(#timeout, #retry, #deadline);)
}

/// Builds the request, in a variable `request`.
fn request(op: &Operation) -> TokenStream {
    let path = op.path_parts.iter().map(|part| match part {
        PathPart::Literal(text) => match text.chars().collect::<Vec<_>>()[..] {
            [c] => quote!(path.push(#c);),
            _ => quote!(path.push_str(#text);),
        },
        PathPart::Param(i) => {
            let p = &op.params[*i];
            let pname = ident(&p.name);
            let wire = &p.wire_name;
            match p.ty {
                Ty::String => quote!(path.push_str(&path_segment(#wire, &self.#pname)?);),
                _ => {
                    let text = text(p, quote!(value));
                    quote!({
                        let value = &self.#pname;
                        path.push_str(&path_segment(#wire, &#text)?);
                    })
                }
            }
        }
    });
    let method = ident(&op.http_method);
    let params = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let pname = ident(&p.name);
            // `value` is a reference to the parameter's value in both cases.
            if !p.required && p.location == ParamLocation::Query && p.style == ParamStyle::Display {
                // The most common parameter by far, so one call instead of
                // an `if let` each.
                let wire = &p.wire_name;
                return quote!(request.query_opt(#wire, &self.#pname););
            }
            let code = set_param(p, quote!(value));
            if p.required {
                quote!({ let value = &self.#pname; #code })
            } else {
                quote!(if let Some(value) = &self.#pname { #code })
            }
        });
    let body = op.body.as_ref().map(|b| {
        let bname = ident(&b.setter);
        let encode = encode_body(b);
        if b.required {
            quote!({
                let body = &self.#bname;
                #encode
            })
        } else {
            quote! {
                if let Some(body) = &self.#bname {
                    #encode
                }
            }
        }
    });
    let follow = op
        .pagination
        .as_ref()
        .and_then(|p| p.url_field.as_ref())
        .map(|url| {
            let url = ident(url);
            quote!(request.follow(self.#url.clone());)
        });
    let anonymous = op.anonymous.then(|| quote!(request.anonymous();));
    let security = op.security.as_ref().map(|alternatives| {
        let alternatives = alternatives.iter().map(|schemes| {
            let schemes = schemes.iter().map(|&i| Literal::usize_unsuffixed(i));
            quote!(&[#(#schemes),*])
        });
        quote!(request.security(&[#(#alternatives),*]);)
    });
    let server = op.server.as_ref().map(|url| quote!(request.server(#url);));
    let key = op
        .idempotency_key
        .as_ref()
        .map(|header| quote!(request.idempotency_key(#header)?;));
    let mutable = (op.body.is_some()
        || key.is_some()
        || follow.is_some()
        || op.anonymous
        || security.is_some()
        || server.is_some()
        || op.params.iter().any(|p| p.location != ParamLocation::Path))
    .then(|| quote!(mut));
    // Room for the literal parts and an id-sized value per parameter, so
    // that building the path usually allocates once.
    let capacity = op
        .path_parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => text.len(),
            PathPart::Param(_) => 32,
        })
        .sum::<usize>();
    let capacity = proc_macro2::Literal::usize_unsuffixed(capacity);
    let (op_id, template) = (&op.id, &op.path);
    let literal: Option<String> = op
        .path_parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => Some(text.as_str()),
            PathPart::Param(_) => None,
        })
        .collect();
    let path = if let Some(literal) = literal {
        // A path without parameters is one literal.
        quote!(let path = String::from(#literal);)
    } else {
        quote! {
            let mut path = String::with_capacity(#capacity);
            #(#path)*
        }
    };
    quote! {
        #path
        let #mutable request = Request::new(Method::#method, path, #op_id, #template);
        #(#params)*
        #key
        #body
        #follow
        #anonymous
        #security
        #server
    }
}

/// `send`, the function that builds its request (`to_request`) and the one
/// that decodes its answer (`decode`). None is async: the one `await` is in
/// the runtime's generic `send`, which gets the request and `decode`, so the
/// state machine is type-checked once rather than once per operation
/// (BENCHMARKS.md, section 6). `send` is inlined into the caller's crate.
///
/// `decode` is not generic. Where the answers reach many models (1,873 for a
/// Graph user) it is never inlined, so that their decoding is compiled once,
/// here, not in every crate that awaits `send`; elsewhere it is inlined, so
/// that a program compiles the decoding of the operations it calls only
/// (see `passes::decoding`).
fn send(api: &Api, op: &Operation) -> TokenStream {
    let error = ident(&op.error_name);
    let out = success_ty(api, op);
    let request = request(op);
    let success = if op.success.cases.is_empty() {
        quote!(200..=299 => response.empty(),)
    } else {
        let arms = op.success.cases.iter().map(|case| {
            let codes = status_patterns(&case.statuses);
            let decode = decode(&case.payload);
            let wrap = op.success.enum_name.as_ref().map(|name| {
                let name = ident(name);
                let variant = ident(&case.variant);
                match payload_ty(api, &case.payload) {
                    None => quote!(.map(|r: Response<()>| r.map(|()| #name::#variant))),
                    Some(t) => quote!(.map(|r: Response<#t>| r.map(#name::#variant))),
                }
            });
            quote!(#(#codes)|* => response.#decode() #wrap,)
        });
        quote!(#(#arms)*)
    };
    let failure = failure(op);
    let alias = error_alias(op);
    let placement = if op.decoded_in_crate {
        quote!(#[inline(never)])
    } else {
        quote!(#[inline])
    };
    let send = (op.stream.as_ref().map(|s| s.method.as_str()) != Some("send")).then(|| {
        quote! {
            /// Sends the request and decodes the response.
            #[inline]
            pub fn send(
                self,
            ) -> impl std::future::Future<Output = Result<Response<#out>, Error<errors::#error>>> + 'a {
                let request = self.to_request();
                runtime::send(&self.client.core, request, self.options, Self::decode)
            }

            #placement
            fn decode(response: RawResponse) -> Result<Response<#out>, Error<errors::#error>> {
                #alias
                match response.status.as_u16() {
                    #success
                    _ => #failure,
                }
            }
        }
    });
    quote! {
        #[inline]
        pub(crate) fn to_request(&self) -> Result<Request, runtime::Failure> {
            #request
            Ok(request)
        }

        #send
    }
}

/// The error a response of a status the operation does not answer with
/// gives, from a `RawResponse` named `response`: its error enum decodes
/// those it documents (`errors::from_response`).
fn failure(op: &Operation) -> TokenStream {
    if op.errors.is_empty() {
        return quote!(Err(response.unexpected()));
    }
    quote!(Err(E::from_response(response)))
}

/// A short local name for the operation's error enum, which keeps the arm
/// that calls its `from_response` on one line; none where [`failure`] does
/// not name it.
fn error_alias(op: &Operation) -> Option<TokenStream> {
    let error = ident(&op.error_name);
    (!op.errors.is_empty()).then(|| quote!(use errors::#error as E;))
}

/// What a stream method gives inside `Response<_>`.
fn stream_ty(api: &Api, op: &Operation, stream: &Streaming) -> TokenStream {
    let error = ident(&op.error_name);
    match &stream.kind {
        StreamKind::Bytes => quote!(super::ByteStream<errors::#error>),
        StreamKind::Events(Some(item)) => {
            let item = ty(item, Scope::krate(api));
            quote!(super::EventStream<#item, errors::#error>)
        }
        StreamKind::Events(None) => quote!(super::EventStream<super::Event, errors::#error>),
    }
}

/// The builder method that sends the request and returns the success body
/// as it arrives (see `Operation::stream`).
fn stream_method(api: &Api, op: &Operation, stream: &Streaming) -> TokenStream {
    let error = ident(&op.error_name);
    let out = stream_ty(api, op, stream);
    let method = ident(&stream.method);
    let statuses = op
        .success
        .cases
        .first()
        .map(|case| status_patterns(&case.statuses))
        .unwrap_or_default();
    let (how, accept, doc) = match &stream.kind {
        StreamKind::Bytes => (
            quote!(bytes),
            None,
            " Sends the request and returns the body as it arrives, chunk by chunk, never held whole: a stream of `Bytes`, or written to a file with `write_to`. The client's response size limit does not apply; its timeout, when one is set, bounds the whole transfer. A documented error status is read and decoded as `send` does.",
        ),
        StreamKind::Events(item) => (
            if item.is_some() { quote!(json_events) } else { quote!(raw_events) },
            Some(quote! {
                let mut request = request;
                request.header("accept", "text/event-stream")?;
            }),
            if stream.method == "send" {
                " Sends the request and returns the server-sent events as they arrive (see [`EventStream`](super::EventStream) for how the stream ends and what it bounds). The client's timeout, when one is set, bounds the whole stream. A documented error status is read and decoded as usual."
            } else {
                " Sends the request asking for server-sent events (`Accept: text/event-stream`) and returns them as they arrive (see [`EventStream`](super::EventStream)); the API streams when the request asks for it (often a `stream` field of the body). The client's timeout, when one is set, bounds the whole stream. A documented error status is read and decoded as usual."
            },
        ),
    };
    let decode = failure(op);
    let alias = error_alias(op);
    quote! {
        #[doc = #doc]
        #[inline]
        pub async fn #method(self) -> Result<Response<#out>, Error<errors::#error>> {
            let request = self.to_request()?;
            #accept
            let opened = self
                .client
                .core
                .open(request, &self.options, |status| matches!(status.as_u16(), #(#statuses)|*))
                .await?;
            let answered = match opened.streamed() {
                Ok(stream) => return stream.#how(),
                Err(answered) => answered,
            };
            answered.decode(|response| { #alias #decode })
        }
    }
}

/// The parameter's text, as an expression of type `String`.
fn text(p: &Param, value: TokenStream) -> TokenStream {
    let wire = &p.wire_name;
    match p.style {
        ParamStyle::Display => quote!(#value.to_string()),
        _ => quote!(to_text(#wire, #value)?),
    }
}

/// Adds a query, header or cookie parameter to `request`.
fn set_param(p: &Param, value: TokenStream) -> TokenStream {
    let wire = &p.wire_name;
    let style = match p.style {
        ParamStyle::Display | ParamStyle::Plain => None,
        ParamStyle::Repeat => Some(quote!(Style::Repeat)),
        ParamStyle::Join(c) => Some(quote!(Style::Join(#c))),
        ParamStyle::Flat => Some(quote!(Style::Flat)),
        ParamStyle::Pairs => Some(quote!(Style::Pairs)),
        ParamStyle::Deep => Some(quote!(Style::Deep)),
    };
    match (p.location, style) {
        (ParamLocation::Query, Some(style)) => {
            quote!(request.query_styled(#wire, #value, #style)?;)
        }
        (ParamLocation::Query, None) => {
            let text = text(p, value);
            quote!(request.query(#wire, #text);)
        }
        (ParamLocation::Header, _) => {
            let text = text(p, value);
            quote!(request.header(#wire, &#text)?;)
        }
        (ParamLocation::Cookie, _) => {
            let text = text(p, value);
            quote!(request.cookie(#wire, &#text);)
        }
        (ParamLocation::Path, _) => quote!(),
    }
}

/// Puts `body` (a reference) into `request` as its media type says.
fn encode_body(b: &Body) -> TokenStream {
    match &b.media {
        BodyMedia::Json => quote!(request.json(body)?;),
        BodyMedia::Form => quote!(request.form(body)?;),
        BodyMedia::Raw { content_type } => match b.ty {
            Ty::String => quote!(request.raw(body.clone().into_bytes(), #content_type)?;),
            Ty::Upload => quote!(request.upload(body, #content_type)?;),
            _ => quote!(request.raw(body.clone(), #content_type)?;),
        },
        BodyMedia::Multipart(fields) => {
            let parts = fields.iter().map(|f| {
                let field = ident(&f.field);
                let part = &f.part;
                let make = if f.binary {
                    quote!(Part::File(#part.to_string(), value.clone()))
                } else if f.display {
                    quote!(Part::Text(#part.to_string(), value.to_string()))
                } else {
                    quote!(Part::Text(#part.to_string(), to_text(#part, value)?))
                };
                match f.presence {
                    Presence::Required => quote!({ let value = &body.#field; parts.push(#make); }),
                    Presence::Optional | Presence::RequiredNullable => {
                        quote!(if let Some(value) = &body.#field { parts.push(#make); })
                    }
                    Presence::OptionalNullable => {
                        quote!(if let Nullable::Value(value) = &body.#field { parts.push(#make); })
                    }
                }
            });
            quote! {
                let mut parts = Vec::new();
                #(#parts)*
                request.multipart(parts);
            }
        }
    }
}

/// The patterns of an arm over several statuses, three or more consecutive
/// codes as one range (`200..=202`, as clippy asks), in the order given.
fn status_patterns(statuses: &[StatusMatch]) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < statuses.len() {
        let mut end = i;
        if let StatusMatch::Exact(first) = statuses[i] {
            while let Some(StatusMatch::Exact(next)) = statuses.get(end + 1) {
                if u32::from(*next) != u32::from(first) + (end + 1 - i) as u32 {
                    break;
                }
                end += 1;
            }
            if end - i >= 2 {
                let (lo, hi) = (
                    Literal::u16_unsuffixed(first),
                    Literal::u16_unsuffixed(first + (end - i) as u16),
                );
                out.push(quote!(#lo..=#hi));
                i = end + 1;
                continue;
            }
        }
        out.push(status_pattern(statuses[i]));
        i += 1;
    }
    out
}

/// The builder's setters for the fields of an optional body (see
/// `Operation::body_fields`): each fills the body, made empty first if
/// none was set (such a model derives `Default`), through the model's own
/// setter.
fn body_field_setters(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let Some(body) = &op.body else {
        return Vec::new();
    };
    let crate::ir::Ty::Named(model) = &body.ty else {
        return Vec::new();
    };
    let Some(crate::ir::TypeKind::Struct(s)) = api.definition(*model).map(|t| &t.kind) else {
        return Vec::new();
    };
    let slot = ident(&body.setter);
    let model = ident(api.type_name(*model));
    let mut out = Vec::new();
    for bf in &op.body_fields {
        let Some(f) = s.fields.iter().find(|f| f.name == bf.field) else {
            continue;
        };
        let (model_setter, model_null) = super::models::setter_names(s, f);
        let aty = super::models::setter_arg(f, Scope::krate(api));
        let setter = ident(&bf.setter);
        let doc = format!(
            " Sets the body's `{}` (see [`models::{model}`]).",
            f.json_name
        );
        let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
        let allow = f.deprecated.then(|| quote!(#[allow(deprecated)]));
        let trait_like = super::setter_allow(&bf.setter);
        out.push(quote! {
            #[doc = #doc]
            #deprecated
            #allow
            #trait_like
            #[inline]
            pub fn #setter(mut self, value: #aty) -> Self {
                let body = self.#slot.take().unwrap_or_default();
                self.#slot = Some(body.#model_setter(value));
                self
            }
        });
        if let (Some(null), Some(model_null)) = (&bf.null_setter, model_null) {
            let null = ident(null);
            let doc = format!(" Sends the body's `{}` as `null`.", f.json_name);
            out.push(quote! {
                #[doc = #doc]
                #deprecated
                #allow
                #[inline]
                pub fn #null(mut self) -> Self {
                    let body = self.#slot.take().unwrap_or_default();
                    self.#slot = Some(body.#model_null());
                    self
                }
            });
        }
    }
    out
}

/// The `RawResponse` method that decodes a success payload.
fn decode(payload: &Payload) -> TokenStream {
    match payload {
        Payload::Json(_) => quote!(json),
        Payload::Text => quote!(text),
        Payload::Bytes => quote!(bytes),
        Payload::Empty => quote!(empty),
    }
}

/// The page type of a pagination: its model, or the list itself.
fn page_type(api: &Api, p: &Pagination) -> TokenStream {
    match p.page_ty {
        Some(id) => {
            let name = ident(api.type_name(id));
            quote!(models::#name)
        }
        None => {
            let item = ty(&p.item_ty, Scope::krate(api));
            quote!(Vec<#item>)
        }
    }
}

/// `pages()` and `items()`: the whole list as streams, one request per page.
fn pagination(api: &Api, op: &Operation, p: &Pagination) -> TokenStream {
    let error = ident(&op.error_name);
    let page_ty = page_type(api, p);
    let item_ty = ty(&p.item_ty, Scope::krate(api));
    let pages = ident(&p.pages_method);
    let items = ident(&p.items_method);
    let param = p.style.param().map(|i| &op.params[i]);
    let field = param.map(|param| ident(&param.name));
    // An integer parameter as the `i64` the walk counts in (from `first`
    // when unset), and the walk's number back into it.
    let is_i32 = matches!(param.map(|param| &param.ty), Some(Ty::I32));
    let from_int = |first: i64| {
        let first = Literal::i64_unsuffixed(first);
        if is_i32 {
            quote!(self.#field.map_or(#first, i64::from))
        } else {
            quote!(self.#field.unwrap_or(#first))
        }
    };
    let to_int = if is_i32 {
        quote!(page.#field = Some(i32::try_from(state).unwrap_or(i32::MAX));)
    } else {
        quote!(page.#field = Some(state);)
    };
    let url = p.url_field.as_ref().map(|u| ident(u));
    let (start, apply, next, how) = match &p.style {
        PageStyle::Offset { .. } => (
            from_int(0),
            to_int,
            quote!(runtime::next_offset),
            if p.total_field.is_some() {
                "The offset advances by the items received; the walk ends after an empty page or once the total count has been passed."
            } else {
                "The offset advances by the items received; the walk ends after an empty page."
            },
        ),
        PageStyle::PageNumber { .. } => (
            from_int(1),
            to_int,
            quote!(runtime::next_number),
            "The page number starts at the one set on this builder (or 1) and advances by one; the walk ends after an empty page.",
        ),
        PageStyle::Cursor { .. } | PageStyle::LastItem { .. } => (
            // The builder's own cursor is the first state, so that a
            // server answering with it again ends the walk too.
            quote!(self.#field.clone()),
            quote!(page.#field = state;),
            quote!(runtime::next_in_body),
            if matches!(p.style, PageStyle::LastItem { .. }) {
                "Each next page starts after the last item of the one before (its id), while the page says there are more."
            } else {
                "Each next page is asked for with the cursor the page before gave; the walk ends when there is none."
            },
        ),
        PageStyle::NextUrl => (
            quote!(None::<String>),
            quote!(page.#url = state;),
            quote!(runtime::next_in_body),
            "Each next page is the URL the page before gave (on the same host only); the walk ends when there is none.",
        ),
        PageStyle::LinkHeader => (
            quote!(None::<String>),
            quote!(page.#url = state;),
            quote!(runtime::next_in_link_header),
            "Each next page is the `rel=\"next\"` URL of the `Link` header of the page before (on the same host only); the walk ends when there is none.",
        ),
    };
    let pages_doc = format!(
        " Every page from the one this builder asks for, one request per page, each sent only \
         when the stream is polled past the previous one. {how} A next page already asked for \
         ends the walk (a server repeating itself cannot make it loop), as does the first \
         error, which is yielded."
    );
    quote! {
        #[doc = #pages_doc]
        #[inline]
        pub fn #pages(
            self,
        ) -> impl futures_core::Stream<Item = Result<Response<#page_ty>, Error<errors::#error>>> + 'a {
            let start = #start;
            runtime::walk(start, move |state| {
                let mut page = self.clone();
                #apply
                page.send()
            }, #next)
        }

        /// Every item of every page, in order, fetched lazily as with the pages stream.
        #[inline]
        pub fn #items(self) -> impl futures_core::Stream<Item = Result<#item_ty, Error<errors::#error>>> + 'a {
            runtime::items(self.#pages())
        }
    }
}

/// `Page` for a page model (a list body has the runtime's impl for `Vec`).
fn page_impl(api: &Api, p: &Pagination) -> Option<TokenStream> {
    let page_ty = ident(api.type_name(p.page_ty?));
    let item_ty = ty(&p.item_ty, Scope::krate(api));
    let items = ident(&p.items_field);
    let total = p.total_field.as_ref().map(|(field, field_ty)| {
        let field = ident(field);
        let value = match (field_ty, p.total_optional) {
            (Ty::I64, false) => quote!(Some(self.#field)),
            (_, false) => quote!(Some(i64::from(self.#field))),
            (Ty::I64, true) => quote!(self.#field),
            (_, true) => quote!(self.#field.map(i64::from)),
        };
        quote! {
            #[inline]
            fn total(&self) -> Option<i64> {
                #value
            }
        }
    });
    let (len, into_items) = if p.items_optional {
        (
            quote!(self.#items.as_ref().map_or(0, Vec::len)),
            quote!(self.#items.unwrap_or_default()),
        )
    } else {
        (quote!(self.#items.len()), quote!(self.#items))
    };
    let next = match &p.style {
        PageStyle::LastItem {
            id_field,
            has_more_field,
            ..
        } => {
            let (id, more) = (ident(id_field), ident(has_more_field));
            let last = if p.items_optional {
                quote!(self.#items.as_ref()?.last())
            } else {
                quote!(self.#items.last())
            };
            Some(quote!(
                if !self.#more {
                    return None;
                }
                #last.map(|item| item.#id.clone())
            ))
        }
        _ if !p.next_field.is_empty() => {
            // Down the fields to the string, through each absent one.
            let steps = p.next_field.iter().map(|(field, presence)| {
                let field = ident(field);
                match presence {
                    Presence::Required => quote!(let value = &value.#field;),
                    Presence::Optional | Presence::RequiredNullable => {
                        quote!(let value = value.#field.as_ref()?;)
                    }
                    Presence::OptionalNullable => {
                        quote!(let value = value.#field.as_ref().value()?;)
                    }
                }
            });
            Some(quote!(
                let value = self;
                #(#steps)*
                Some(value.clone())
            ))
        }
        _ => None,
    };
    let next = next.map(|body| {
        quote! {
            #[inline]
            fn next(&self) -> Option<String> {
                #body
            }
        }
    });
    Some(quote! {
        impl runtime::Page for models::#page_ty {
            type Item = #item_ty;
            #[inline]
            fn len(&self) -> usize {
                #len
            }
            #total
            #next
            #[inline]
            fn into_items(self) -> Vec<Self::Item> {
                #into_items
            }
        }
    })
}
