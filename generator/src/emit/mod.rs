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

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Gate, Payload, Presence, Ty};
use crate::names::needs_raw;

pub use docs::doc_attrs;

/// One output file before formatting.
pub enum Output {
    /// Rust code, to be formatted.
    Rust(TokenStream),
    /// Anything else, written as is.
    Text(String),
}

/// How one file of the generated crate is produced.
#[derive(Clone, Copy)]
pub enum Part {
    /// Rust code, emitted as tokens and then formatted.
    Rust(fn(&Api) -> TokenStream),
    /// Rust code emitted and formatted in `chunks(api)` consecutive runs of
    /// whole items, which may go to different threads; the file is the
    /// formatted runs one after the other (a file formats item by item, so
    /// that text is the same as the whole file's). Without this the largest
    /// file alone would be the length of a run on two cores.
    Chunked {
        emit: fn(&Api, Chunk) -> TokenStream,
        chunks: fn(&Api) -> usize,
    },
    /// The items of a module that one feature alone compiles (see
    /// [`own_feature`]), in a file of their own.
    Feature {
        emit: fn(&Api, usize) -> TokenStream,
        feature: usize,
    },
    /// Any other text, written as is.
    Text(fn(&Api) -> String),
    /// The JSON of one of the description's examples (`Api::examples`).
    Example(usize),
    /// A fixed file (the runtime).
    Static(&'static str),
}

/// Which run of a [`Part::Chunked`] file to emit: run `index` of `count`.
#[derive(Clone, Copy, Debug)]
pub struct Chunk {
    pub index: usize,
    pub count: usize,
}

impl Chunk {
    /// The whole file as one run.
    pub const WHOLE: Chunk = Chunk { index: 0, count: 1 };

    /// The part of `0..len` this run covers (runs split it evenly).
    fn range(self, len: usize) -> std::ops::Range<usize> {
        let count = self.count.max(1);
        len * self.index / count..len * (self.index + 1) / count
    }

    /// The items of `all` this run covers (none for a run past the last).
    pub fn of<T>(self, all: &[T]) -> &[T] {
        all.get(self.range(all.len())).unwrap_or_default()
    }

    /// Whether this run starts the file (and carries its header items).
    pub fn is_first(self) -> bool {
        self.index == 0
    }

    /// Whether this run ends the file (and carries its trailing items).
    pub fn is_last(self) -> bool {
        self.index + 1 >= self.count
    }
}

/// How many runs a file of `len` similar items is formatted in: one per
/// `per_run` items, so small crates stay one run.
pub fn runs(len: usize, per_run: usize) -> usize {
    len.div_ceil(per_run.max(1)).max(1)
}

/// The feature whose file holds an item compiled under `gate`: one that
/// exactly one feature compiles.
///
/// rustc parses every file of a crate before `cfg` takes items out, and for
/// a crate split by features that parsing is paid whatever is on (7 % of
/// `cargo check` with GitHub's `repos`, more with smaller tags). An item only
/// one feature compiles goes to that feature's file, which its module
/// includes with `#[cfg(feature = "..")] include!("module/feature.rs");`:
/// with the feature off, the file is never read. `include!` keeps the items
/// in their module, so paths inside them are those of a single file.
pub fn own_feature(gate: &Gate) -> Option<usize> {
    match gate {
        Gate::Any(features) if features.len() == 1 => features.first().copied(),
        _ => None,
    }
}

/// Whether an item under `gate` goes to the file of `feature`, or with `None`
/// to its module's own file.
fn in_file(gate: &Gate, feature: Option<usize>) -> bool {
    own_feature(gate) == feature
}

/// A module split into per-feature files: its name, which features have
/// items in it, and the emitter of one feature's file.
struct Split {
    module: &'static str,
    features: fn(&Api) -> Vec<usize>,
    emit: fn(&Api, usize) -> TokenStream,
}

const SPLITS: &[Split] = &[
    Split {
        module: "client",
        features: client::features,
        emit: client::client_feature_rs,
    },
    Split {
        module: "models",
        features: models::features,
        emit: models::models_feature_rs,
    },
    Split {
        module: "operations",
        features: operations::features,
        emit: operations::operations_feature_rs,
    },
    Split {
        module: "errors",
        features: errors::features,
        emit: errors::errors_feature_rs,
    },
];

/// The distinct features among `gates` that are an item's own (see
/// [`own_feature`]), in order.
fn own_features<'a>(gates: impl Iterator<Item = &'a Gate>) -> Vec<usize> {
    let mut out: Vec<usize> = gates.filter_map(own_feature).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The `include!` of each feature file of `module` (`features`), each under
/// its feature: what the module's own file ends with.
fn includes(api: &Api, module: &str, features: &[usize]) -> TokenStream {
    let lines = features.iter().filter_map(|&f| {
        let name = &api.features.get(f)?.name;
        let path = format!("{module}/{name}.rs");
        Some(quote! {
            #[cfg(feature = #name)]
            include!(#path);
        })
    });
    quote!(#(#lines)*)
}

/// Every file of the generated crate, by path relative to the crate root, in
/// a fixed order. Producing each is left to the caller, so files can be
/// emitted and formatted in parallel (tokens cannot cross threads).
pub fn plan(api: &Api) -> Vec<(String, Part)> {
    let mut files = vec![
        ("Cargo.toml".to_string(), Part::Text(manifest::cargo_toml)),
        (
            "rustfmt.toml".to_string(),
            Part::Static(manifest::RUSTFMT_TOML),
        ),
        ("src/lib.rs".to_string(), Part::Rust(client::lib_rs)),
        ("src/client.rs".to_string(), Part::Rust(client::client_rs)),
        (
            "src/models.rs".to_string(),
            Part::Chunked {
                emit: models::models_rs,
                chunks: models::runs,
            },
        ),
        (
            "src/operations.rs".to_string(),
            Part::Chunked {
                emit: operations::operations_rs,
                chunks: operations::runs,
            },
        ),
        ("src/errors.rs".to_string(), Part::Rust(errors::errors_rs)),
    ];
    for split in SPLITS {
        for feature in (split.features)(api) {
            let Some(f) = api.features.get(feature) else {
                continue;
            };
            files.push((
                format!("src/{}/{}.rs", split.module, f.name),
                Part::Feature {
                    emit: split.emit,
                    feature,
                },
            ));
        }
    }
    if !api.examples.is_empty() {
        files.push((
            "tests/examples.rs".to_string(),
            Part::Rust(example_tests::examples_rs),
        ));
        for i in 0..api.examples.len() {
            files.push((example_tests::path(api, i), Part::Example(i)));
        }
    }
    for (name, text) in RUNTIME {
        files.push((format!("src/runtime/{name}"), Part::Static(text)));
    }
    files
}

/// Every file, emitted but not formatted, each as one run (for tests and
/// benchmarks).
pub fn emit(api: &Api) -> Vec<(String, Output)> {
    plan(api)
        .into_iter()
        .map(|(path, part)| {
            let output = match part {
                Part::Rust(f) => Output::Rust(f(api)),
                Part::Chunked { emit, .. } => Output::Rust(emit(api, Chunk::WHOLE)),
                Part::Feature { emit, feature } => Output::Rust(emit(api, feature)),
                Part::Text(f) => Output::Text(f(api)),
                Part::Example(i) => Output::Text(api.examples[i].json.clone()),
                Part::Static(text) => Output::Text(text.to_string()),
            };
            (path, output)
        })
        .collect()
}

/// The runtime, copied verbatim: real Rust, compiled and tested in every
/// generated crate (see `generator/runtime/`).
const RUNTIME: &[(&str, &str)] = &[
    ("auth.rs", include_str!("../../runtime/auth.rs")),
    ("decode.rs", include_str!("../../runtime/decode.rs")),
    ("encode.rs", include_str!("../../runtime/encode.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("hooks.rs", include_str!("../../runtime/hooks.rs")),
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("nullable.rs", include_str!("../../runtime/nullable.rs")),
    ("paginate.rs", include_str!("../../runtime/paginate.rs")),
    ("response.rs", include_str!("../../runtime/response.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    (
        "serde_object.rs",
        include_str!("../../runtime/serde_object.rs"),
    ),
    ("stream.rs", include_str!("../../runtime/stream.rs")),
    (
        "string_enum.rs",
        include_str!("../../runtime/string_enum.rs"),
    ),
    ("transport.rs", include_str!("../../runtime/transport.rs")),
    ("unions.rs", include_str!("../../runtime/unions.rs")),
    ("upload.rs", include_str!("../../runtime/upload.rs")),
];

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
        Presence::OptionalNullable => quote!(super::Nullable<#inner>),
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

#[cfg(test)]
mod tests {
    /// Every file of `generator/runtime/` is copied; a new one cannot be forgotten.
    #[test]
    fn runtime_list_is_complete() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = super::RUNTIME.iter().map(|(name, _)| *name).collect();
        assert_eq!(on_disk, listed);
    }
}
