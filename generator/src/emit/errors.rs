//! `errors.rs`: one enum per operation, one variant per documented error status.

use proc_macro2::TokenStream;
use quote::quote;

use super::{cfg_in, doc_attrs, gated, ident, status_pattern};
use crate::ir::{Api, ErrorCase, Operation, Payload, StatusMatch};
use crate::layout::{Place, Section};

/// The file of `section`: its operations' error types, each under its gate;
/// the module's own file starts with its docs and imports and ends with the
/// `include!` of each feature's file.
pub fn errors_rs(api: &Api, section: &Section) -> TokenStream {
    // The enums other operations' error types are aliases of.
    let shared: std::collections::HashSet<&str> = api
        .operations
        .iter()
        .filter_map(|op| op.error_alias.as_deref())
        .collect();
    let items = section
        .operations
        .iter()
        .map(|&i| error_item(api, &api.operations[i], &shared, &section.place));
    if section.place != Place::Own {
        return quote!(#(#items)*);
    }
    let includes = super::includes(api, section);
    quote! {
        //! The documented error responses of each operation.
        //!
        //! Statuses an operation does not document arrive as
        //! [`Error::UnexpectedStatus`](super::Error::UnexpectedStatus) instead.
        #[allow(unused_imports)]
        use super::models;
        #(#items)*
        #includes
    }
}

/// An operation's error enum, or its alias of another's.
fn error_item(
    api: &Api,
    op: &Operation,
    shared: &std::collections::HashSet<&str>,
    at: &Place,
) -> TokenStream {
    match &op.error_alias {
        Some(target) => {
            let name = ident(&op.error_name);
            let target_ident = ident(target);
            let doc = format!(
                " Documented error responses of [`Client::{}`](super::Client::{}): the same as [`{target}`]'s.",
                op.method_name, op.method_name
            );
            gated(
                cfg_in(api, &op.gate, at).as_ref(),
                quote! {
                    #[doc = #doc]
                    pub type #name = #target_ident;
                },
            )
        }
        None => gated(
            cfg_in(api, &op.error_gate, at).as_ref(),
            error_enum(api, op, shared.contains(op.error_name.as_str())),
        ),
    }
}

fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Exact(c) => format!("status {c}"),
        StatusMatch::Class(d) => format!("a {d}XX status"),
        StatusMatch::Default => "any status not documented otherwise".to_string(),
    }
}

fn error_enum(api: &Api, op: &Operation, shared: bool) -> TokenStream {
    let name = ident(&op.error_name);
    let also = if shared {
        " Other operations with the same documented errors name it by aliases."
    } else {
        ""
    };
    // A link to the operation holds only where it is compiled whenever its
    // error enum is: an enum shared with operations of other features is
    // compiled with any of them, the operation with its own.
    let method = &op.method_name;
    let named = if op.gate == op.error_gate {
        format!("[`Client::{method}`](super::Client::{method})")
    } else {
        format!("`Client::{method}`")
    };
    let doc = format!(" Documented error responses of {named}.{also}");
    let variants = op.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let head = format!("Answered with {}.", status_text(e.status));
        let docs = doc_attrs([Some(head.as_str()), e.description.as_deref()]);
        match super::payload_ty(api, &e.payload) {
            Some(t) => quote!(#docs #variant(#t),),
            None => quote!(#docs #variant,),
        }
    });
    let display = op.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let text = match &e.description {
            Some(d) => format!(
                "{} ({})",
                d.lines().next().unwrap_or_default(),
                status_text(e.status)
            ),
            None => status_text(e.status),
        };
        let pattern = match e.payload {
            Payload::Empty => quote!(Self::#variant),
            _ => quote!(Self::#variant(_)),
        };
        quote!(#pattern => #text,)
    });
    // An enum without variants still needs a `Display` body that type-checks.
    let formatter = if op.errors.is_empty() {
        quote!(_)
    } else {
        quote!(f)
    };
    let from_response = from_response(op);
    let display_body = if op.errors.is_empty() {
        quote!(match *self {})
    } else {
        quote!(f.write_str(match self { #(#display)* }))
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, #formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                #display_body
            }
        }

        impl std::error::Error for #name {}

        #from_response
    }
}

/// The enum's `from_response`, which the builders' `decode` of every
/// operation answering with it call for a status they do not answer with;
/// none for an enum without variants.
fn from_response(op: &Operation) -> Option<TokenStream> {
    let name = ident(&op.error_name);
    // Exact statuses before classes before `default`, as OpenAPI ranks them.
    let mut ordered: Vec<&ErrorCase> = op.errors.iter().collect();
    ordered.sort_by_key(|e| match e.status {
        StatusMatch::Exact(_) => 0,
        StatusMatch::Class(_) => 1,
        StatusMatch::Default => 2,
    });
    let body = match ordered.as_slice() {
        [] => return None,
        // A match with one `_` arm is what clippy calls needless.
        [only] if only.status == StatusMatch::Default => error_value(only),
        cases => {
            let arms = cases.iter().map(|e| {
                let pattern = status_pattern(e.status);
                let value = error_value(e);
                quote!(#pattern => #value,)
            });
            let fallback = (!cases.iter().any(|e| e.status == StatusMatch::Default))
                .then(|| quote!(_ => response.unexpected(),));
            quote! {
                match response.status.as_u16() {
                    #(#arms)*
                    #fallback
                }
            }
        }
    };
    Some(quote! {
        impl #name {
            /// The error `response` gives, decoded as its status documents.
            #[inline]
            pub(crate) fn from_response(response: super::RawResponse) -> super::Error<Self> {
                #body
            }
        }
    })
}

/// The error a documented error status gives, from a `RawResponse` named
/// `response`.
fn error_value(e: &ErrorCase) -> TokenStream {
    let variant = ident(&e.variant);
    match e.payload {
        Payload::Json(_) => quote!(response.json_error(Self::#variant)),
        Payload::Text => quote!(response.text_error(Self::#variant)),
        Payload::Bytes => quote!(response.bytes_error(Self::#variant)),
        Payload::Empty => quote!(response.bodiless_error(Self::#variant)),
    }
}
