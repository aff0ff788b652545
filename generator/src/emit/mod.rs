//! Stage 3: the IR as Rust tokens, one module per kind. Nothing here decides
//! anything: names, types and mappings come from the IR as they are.
//!
//! Every function written here or in the runtime that is not generic is
//! `#[inline]`. In a debug build that means it is compiled in the program
//! that calls it, once, and not at all when nothing calls it, instead of in
//! this crate whether used or not: the generated crate then compiles almost
//! no code of its own, a program pays only for the operations it calls, and
//! its own build gets no slower (measured in BENCHMARKS.md, section 4).

mod client;
mod docs;
mod errors;
mod example_tests;
mod examples;
mod manifest;
mod models;
mod operations;
mod root;
mod stubs;
mod uses;
mod webhooks;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Gate, Payload, Presence, StatusMatch, Ty};
use crate::layout::{Chunk, Content, File, Layout, Module, Place, Section};
use crate::names::needs_raw;

pub use docs::doc_attrs;

/// One output file before formatting.
pub enum Output {
    /// Rust code, to be formatted.
    Rust(TokenStream),
    /// Anything else, written as is.
    Text(String),
}

/// Run `chunk` of `file` (see [`Chunk`]): the items the layout put there.
pub fn render(api: &Api, file: &File, chunk: Chunk) -> Output {
    match &file.content {
        Content::Manifest => Output::Text(manifest::cargo_toml(api)),
        Content::Rustfmt => Output::Text(manifest::RUSTFMT_TOML.to_string()),
        Content::Lib => Output::Rust(root::lib_rs(api)),
        Content::Module(section) => Output::Rust(match section.module {
            Module::Client => client::client_rs(api, section),
            Module::Models => models::models_rs(api, section, chunk),
            Module::Operations => operations::operations_rs(api, section, chunk),
            Module::Errors => errors::errors_rs(api, section),
            Module::Stubs => stubs::stubs_rs(api, section, chunk),
        }),
        Content::Webhooks => Output::Rust(webhooks::webhooks_rs(api)),
        Content::ExampleTests => Output::Rust(example_tests::examples_rs(api)),
        Content::Example(i) => Output::Text(api.examples[*i].json.clone()),
        Content::Runtime(text) => Output::Text(text.to_string()),
    }
}

/// Every file of `layout`, emitted but not formatted, each as one run (for
/// tests and benchmarks).
pub fn emit(api: &Api, layout: &Layout) -> Vec<(String, Output)> {
    layout
        .files
        .iter()
        .map(|file| (file.path.clone(), render(api, file, Chunk::WHOLE)))
        .collect()
}

/// "1 operation", "12 operations": a feature's size in its docs.
fn operations_counted(n: usize) -> String {
    if n == 1 {
        "1 operation".to_string()
    } else {
        format!("{n} operations")
    }
}

/// The `include!` of each feature's file a module's own file ends with,
/// each under its feature.
fn includes(api: &Api, section: &Section) -> TokenStream {
    let lines = section.includes.iter().filter_map(|(gate, path)| {
        let predicate = cfg_predicate(api, gate)?;
        Some(quote! {
            #[cfg(#predicate)]
            include!(#path);
        })
    });
    quote!(#(#lines)*)
}

/// The `cfg` predicate of a gate (`feature = "repos"`, `any(..)`), or
/// `None` when the item is always compiled.
pub fn cfg_predicate(api: &Api, gate: &Gate) -> Option<TokenStream> {
    let name = |i: &usize| api.features.get(*i).map(|f| f.name.as_str());
    match gate {
        Gate::Always => None,
        Gate::Full => Some(quote!(feature = "full")),
        Gate::Any(features) => {
            let names: Vec<&str> = features.iter().filter_map(name).collect();
            match names.as_slice() {
                [] => None,
                [one] => Some(quote!(feature = #one)),
                many => Some(quote!(any(#(feature = #many),*))),
            }
        }
    }
}

/// `#[cfg(..)]` for a gate, or nothing.
pub fn cfg_attr(api: &Api, gate: &Gate) -> Option<TokenStream> {
    cfg_predicate(api, gate).map(|p| quote!(#[cfg(#p)]))
}

/// The `cfg` predicate of an item compiled under `gate` in the file at
/// `at`: in its module's own file, the gate's; in a file the module
/// includes under the gate (a feature's, or one of shared models), none,
/// since the `include!` already says it.
pub fn predicate_in(api: &Api, gate: &Gate, at: &Place) -> Option<TokenStream> {
    match at {
        Place::Own => cfg_predicate(api, gate),
        Place::Feature(_) | Place::Shared(_) => None,
    }
}

/// The `#[cfg]` of [`predicate_in`].
pub fn cfg_in(api: &Api, gate: &Gate, at: &Place) -> Option<TokenStream> {
    predicate_in(api, gate, at).map(|p| quote!(#[cfg(#p)]))
}

/// `items` (a sequence of items) with `attr` before each one.
///
/// Works on tokens: an item ends at a `;` or a `{..}` block at its top
/// level (a block followed by `;`, as in `m! { .. };`, ends at the `;`),
/// which is how every item the emitters write ends.
pub fn gated(attr: Option<&TokenStream>, items: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    let Some(attr) = attr else {
        return items;
    };
    let trees: Vec<TokenTree> = items.into_iter().collect();
    let mut out = TokenStream::new();
    let mut start = true;
    for (i, tree) in trees.iter().enumerate() {
        if start {
            out.extend(attr.clone());
        }
        let ends = match tree {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace
                    && !matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ';')
            }
            _ => false,
        };
        out.extend([tree.clone()]);
        start = ends;
    }
    out
}

/// An identifier, raw where the name is a keyword.
pub fn ident(name: &str) -> Ident {
    if needs_raw(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Method names clippy takes for a standard trait's method
/// (`should_implement_trait`) when they have its shape, as a setter named
/// after the API's `add` or `next` property does.
const TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// `#[allow(clippy::should_implement_trait)]` for a setter with such a name:
/// it sets the API's field; implementing the trait would be wrong.
pub fn setter_allow(name: &str) -> Option<TokenStream> {
    TRAIT_METHODS
        .contains(&name)
        .then(|| quote!(#[allow(clippy::should_implement_trait)]))
}

/// Where a type is written, and the API whose type ids it names: model names
/// are bare inside `models` and `models::`-qualified elsewhere (each file
/// imports the module), which keeps a name that is also a builder or an error
/// enum unambiguous.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    api: &'a Api,
    in_models: bool,
}

impl<'a> Scope<'a> {
    /// Inside `models`: names are bare.
    pub fn models(api: &'a Api) -> Self {
        Scope {
            api,
            in_models: true,
        }
    }

    /// Anywhere else in the crate: names are `models::`-qualified.
    pub fn krate(api: &'a Api) -> Self {
        Scope {
            api,
            in_models: false,
        }
    }
}

pub fn ty(t: &Ty, scope: Scope) -> TokenStream {
    match t {
        Ty::String => quote!(String),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F64 => quote!(f64),
        Ty::Json => quote!(serde_json::Value),
        Ty::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        Ty::Binary => quote!(String),
        Ty::Upload => quote!(super::Upload),
        Ty::Vec(inner) => {
            let inner = ty(inner, scope);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty(inner, scope);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        Ty::Tuple(members) => {
            let members = members.iter().map(|m| ty(m, scope));
            quote!((#(#members,)*))
        }
        Ty::Named(id) => {
            let name = ident(scope.api.type_name(*id));
            if scope.in_models {
                quote!(#name)
            } else {
                quote!(models::#name)
            }
        }
    }
}

/// The Rust type a payload decodes into; `None` for no body.
pub fn payload_ty(api: &Api, payload: &Payload) -> Option<TokenStream> {
    match payload {
        Payload::Json(t) => Some(ty(t, Scope::krate(api))),
        Payload::Text => Some(quote!(String)),
        Payload::Bytes => Some(quote!(bytes::Bytes)),
        Payload::Empty => None,
    }
}

/// The type of a field with its presence and boxing applied.
pub fn field_ty(t: &Ty, presence: Presence, boxed: bool, scope: Scope) -> TokenStream {
    let mut inner = ty(t, scope);
    if boxed {
        inner = quote!(Box<#inner>);
    }
    match presence {
        Presence::Required => inner,
        Presence::Optional | Presence::RequiredNullable => quote!(Option<#inner>),
        Presence::OptionalNullable => quote!(Nullable<#inner>),
    }
}

/// The parameter type a setter or constructor takes for a value of `t`, and
/// how to turn the argument into `t`: strings accept anything `Into<String>`.
pub fn arg(t: &Ty, scope: Scope) -> (TokenStream, TokenStream) {
    match t {
        Ty::String | Ty::Binary => (quote!(impl Into<String>), quote!(.into())),
        Ty::Upload => (quote!(impl Into<super::Upload>), quote!(.into())),
        other => (ty(other, scope), quote!()),
    }
}

/// A match pattern over `u16` status codes.
pub fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Exact(c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        StatusMatch::Class(d) => {
            let (lo, hi) = (
                proc_macro2::Literal::u16_unsuffixed(d * 100),
                proc_macro2::Literal::u16_unsuffixed(d * 100 + 99),
            );
            quote!(#lo..=#hi)
        }
        StatusMatch::Default => quote!(_),
    }
}
