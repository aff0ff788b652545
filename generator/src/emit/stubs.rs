//! `stubs.rs` (the `stubs` feature): each operation's stand-in, how a
//! `StubServer` knows what the operation's builder sends and writes its
//! answers. A file of its own, declared only with the feature, so that
//! without it rustc never reads it.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::{feature_gate, success_ty};
use super::{cfg_in, gated, ident};
use crate::ir::{Api, Operation, Payload, StatusMatch};
use crate::layout::{Chunk, Place, Section};

/// Run `chunk` of the file of `section`: its operations' stand-ins; the
/// module's own file starts with its docs and imports and ends with the
/// `include!` of each feature's file.
pub fn stubs_rs(api: &Api, section: &Section, chunk: Chunk) -> TokenStream {
    let impls = chunk
        .of(&section.operations)
        .iter()
        .map(|&i| stubbed(api, &api.operations[i], &section.place));
    let own = section.place == Place::Own;
    let failures = chunk.is_last().then(|| {
        let impls = section
            .errors
            .iter()
            .map(|&i| canned_failure(api, &api.operations[i], &section.place));
        quote!(#(#impls)*)
    });
    let includes = (own && chunk.is_last()).then(|| super::includes(api, section));
    if !(own && chunk.is_first()) {
        return quote!(#(#impls)* #failures #includes);
    }
    quote! {
        //! What each operation's stand-in expects and answers (see
        //! [`StubServer`](super::StubServer)).
        #[allow(unused_imports)]
        use super::{errors, models, operations, runtime};
        #(#impls)*
        #failures
        #includes
    }
}

/// The operation's stand-in: what its builder sends, and how its answers
/// and documented errors are written on the wire.
fn stubbed(api: &Api, op: &Operation, at: &Place) -> TokenStream {
    let name = ident(&op.builder_name);
    let error = ident(&op.error_name);
    // The success enum, where 2xx statuses carry different bodies.
    let success_enum = op.success.enum_name.as_ref().map(|name| {
        let name = ident(name);
        quote!(operations::#name)
    });
    let answer_ty = success_enum.clone().unwrap_or_else(|| success_ty(api, op));
    let first_status = |statuses: &[StatusMatch]| match statuses.first() {
        Some(StatusMatch::Exact(code)) => status_literal(*code),
        _ => status_literal(200),
    };
    let answer = match success_enum {
        Some(enum_name) => {
            let arms = op.success.cases.iter().map(|case| {
                let variant = ident(&case.variant);
                let status = first_status(&case.statuses);
                match canned(&case.payload, &status) {
                    Some(make) => quote!(#enum_name::#variant(value) => #make,),
                    None => quote!(#enum_name::#variant => runtime::Canned::empty(#status),),
                }
            });
            quote! {
                fn answer(answer: Self::Answer) -> runtime::Canned {
                    match answer { #(#arms)* }
                }
            }
        }
        None => {
            // No 2xx documented: any answers `()`, here as a 200.
            let (payload, status) = match op.success.cases.first() {
                Some(case) => (&case.payload, first_status(&case.statuses)),
                None => (&Payload::Empty, status_literal(200)),
            };
            match canned(payload, &status) {
                Some(make) => quote! {
                    fn answer(value: Self::Answer) -> runtime::Canned { #make }
                },
                None => quote! {
                    fn answer((): Self::Answer) -> runtime::Canned { runtime::Canned::empty(#status) }
                },
            }
        }
    };
    let gate = feature_gate(api, op, at);
    quote! {
        #gate
        impl runtime::Stubbed for operations::#name<'_> {
            type Answer = #answer_ty;
            type Failure = errors::#error;

            #[inline]
            fn expected(&self) -> runtime::Expectation {
                runtime::Expectation::of(self.to_request())
            }

            #[inline]
            #answer
        }
    }
}

/// How the stand-ins of every operation answering with `op`'s error enum
/// write each of its variants on the wire, under its status (for a range
/// such as `4XX`, its first).
fn canned_failure(api: &Api, op: &Operation, at: &Place) -> TokenStream {
    let error = ident(&op.error_name);
    let arms = op.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let status = status_literal(match e.status {
            StatusMatch::Exact(code) => code,
            StatusMatch::Class(class) => class * 100,
            StatusMatch::Default => 500,
        });
        match canned(&e.payload, &status) {
            Some(make) => quote!(Self::#variant(value) => #make,),
            None => quote!(Self::#variant => runtime::Canned::empty(#status),),
        }
    });
    gated(
        cfg_in(api, &op.error_gate, at).as_ref(),
        quote! {
            impl runtime::CannedFailure for errors::#error {
                #[inline]
                fn canned(self) -> runtime::Canned {
                    match self { #(#arms)* }
                }
            }
        },
    )
}

/// A status code as written: `404`, not `404u16`.
fn status_literal(code: u16) -> proc_macro2::Literal {
    proc_macro2::Literal::u16_unsuffixed(code)
}

/// How a stand-in writes a body of `payload` held in `value`, under
/// `status`; `None` for no body.
fn canned(payload: &Payload, status: &proc_macro2::Literal) -> Option<TokenStream> {
    match payload {
        Payload::Json(_) => Some(quote!(runtime::Canned::json(#status, &value))),
        Payload::Text => Some(quote!(runtime::Canned::text(#status, value))),
        Payload::Bytes => Some(quote!(runtime::Canned::bytes(#status, value))),
        Payload::Empty => None,
    }
}
