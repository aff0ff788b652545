//! The generated crate laid out as one module in one file, for a build
//! script to write into `OUT_DIR` and a crate to `include!` (see
//! [`crate::Build`]).
//!
//! The files are the crate's, laid out unsplit (`layout::plan_unsplit`:
//! each module's items in one file) and assembled as syntax trees before
//! anything is formatted: each `mod name;` is replaced by the items its file
//! was given, the crate root's inner attributes (docs, lints) become those
//! of one `pub mod <name> { .. }`, and the whole is formatted once. Generated
//! code reaches its siblings by `super::` paths, never `crate::`, which is
//! what lets it live at any depth of another crate.
//!
//! Three things cannot stay as they are inside someone else's crate:
//! - `#[cfg(feature = "..")]`: the features are the generated crate's, which
//!   the including crate does not have (and `unexpected_cfgs` would warn), so
//!   each is settled here from [`EnabledFeatures`] as `all()` (on) or `any()` (off);
//! - `#[cfg(test)]` items (the runtime's own tests) are left out: they need
//!   the generated crate's dev-dependencies;
//! - doc examples name the crate (`clerk_backend_api::Client`), which a
//!   module does not have; they are kept as text (`ignore`) instead of being
//!   compiled as doctests of the including crate.

use std::collections::HashMap;

use proc_macro2::{Group, Ident, Span, TokenStream, TokenTree};
use quote::quote;
use syn::visit_mut::VisitMut;

use crate::emit::{self, Output};
use crate::format;
use crate::ir::Api;
use crate::layout::{self, Chunk};

/// The generated crate's cargo features, settled for the module.
#[derive(Clone, Debug, Default)]
pub struct EnabledFeatures {
    /// `tracing`: a span per call (needs `tracing` among the dependencies).
    pub tracing: bool,
    /// `multipart`: multipart request bodies (needs reqwest's `multipart`).
    pub multipart: bool,
    /// `webhooks`: verified, typed webhook events (needs `base64`, `hex`,
    /// `hmac` and `sha2`).
    pub webhooks: bool,
    /// The features that select operations (an API split by tag): these
    /// only, or every one (`full`) when `None`.
    pub operations: Option<Vec<String>>,
}

/// The module `name` of `api`, as the text of one file declaring
/// `pub mod <name>`.
pub fn assemble(api: &Api, name: &str, features: EnabledFeatures) -> Result<String, String> {
    let layout = layout::plan_unsplit(api);
    let mut files: HashMap<&str, syn::File> = HashMap::new();
    for file in &layout.files {
        let invalid = |e: syn::Error| {
            format!(
                "internal error: the generated `{}` is not valid Rust ({e})",
                file.path
            )
        };
        let parsed = match emit::render(api, file, Chunk::WHOLE) {
            Output::Rust(tokens) => syn::parse2(tokens).map_err(invalid)?,
            // The runtime's files.
            Output::Text(text) => syn::parse_file(&text).map_err(invalid)?,
        };
        files.insert(file.path.as_str(), parsed);
    }
    let root = take(&mut files, "src/lib.rs")?;
    let items = inline(root.items, "src", &mut files)?;
    let mut module = syn::ItemMod {
        attrs: root.attrs,
        vis: syn::parse_quote!(pub),
        unsafety: None,
        mod_token: Default::default(),
        ident: Ident::new(name, Span::call_site()),
        content: Some((Default::default(), items)),
        semi: None,
    };
    // A program rarely uses every operation; in a binary crate, or a
    // private module of a library, what it does not use is not exported
    // either, and each would be a `dead_code` warning.
    module.attrs.push(syn::parse_quote!(#![allow(dead_code)]));
    Settle { features }.visit_item_mod_mut(&mut module);
    let file = syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![syn::Item::Mod(module)],
    };
    Ok(format!("{}\n{}", format::HEADER, format::unparse(file)))
}

fn take(files: &mut HashMap<&str, syn::File>, path: &str) -> Result<syn::File, String> {
    files
        .remove(path)
        .ok_or_else(|| format!("internal error: the generated crate has no `{path}`"))
}

/// `items` of the file whose submodules live in `dir`, with every
/// `mod name;` replaced by its file's items and every `#[cfg(test)]` item
/// left out.
fn inline(
    items: Vec<syn::Item>,
    dir: &str,
    files: &mut HashMap<&str, syn::File>,
) -> Result<Vec<syn::Item>, String> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if attrs_of(&item).iter().any(is_cfg_test) {
            continue;
        }
        match item {
            syn::Item::Mod(mut m) if m.content.is_none() => {
                let name = m.ident.to_string();
                let file = format!("{dir}/{name}.rs");
                let path = if files.contains_key(file.as_str()) {
                    file
                } else {
                    format!("{dir}/{name}/mod.rs")
                };
                let child = take(files, &path)?;
                m.attrs.extend(child.attrs);
                m.content = Some((
                    Default::default(),
                    inline(child.items, &format!("{dir}/{name}"), files)?,
                ));
                m.semi = None;
                out.push(syn::Item::Mod(m));
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

fn attrs_of(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Const(i) => &i.attrs,
        _ => &[],
    }
}

fn is_cfg_test(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("cfg")
        && attr
            .parse_args::<Ident>()
            .is_ok_and(|predicate| predicate == "test")
}

/// Settles feature predicates and turns doc examples into text.
struct Settle {
    features: EnabledFeatures,
}

impl Settle {
    fn enabled(&self, feature: &str) -> bool {
        match (feature, &self.features.operations) {
            ("tracing", _) => self.features.tracing,
            // Stand-ins need wiremock, which a build script's module is
            // not given.
            ("stubs", _) => false,
            ("multipart", _) => self.features.multipart,
            ("webhooks", _) => self.features.webhooks,
            (_, None) => true,
            ("full", Some(_)) => false,
            (name, Some(chosen)) => chosen.iter().any(|c| c == name),
        }
    }

    /// `feature = "x"` anywhere in a cfg predicate → `all()` or `any()`.
    fn settle(&self, tokens: TokenStream) -> TokenStream {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out = TokenStream::new();
        let mut i = 0;
        while i < trees.len() {
            if let (
                TokenTree::Ident(word),
                Some(TokenTree::Punct(eq)),
                Some(TokenTree::Literal(lit)),
            ) = (&trees[i], trees.get(i + 1), trees.get(i + 2))
            {
                if word == "feature" && eq.as_char() == '=' {
                    let name = lit.to_string();
                    let on = self.enabled(name.trim_matches('"'));
                    out.extend(if on { quote!(all()) } else { quote!(any()) });
                    i += 3;
                    continue;
                }
            }
            match &trees[i] {
                TokenTree::Group(g) => {
                    let mut group = Group::new(g.delimiter(), self.settle(g.stream()));
                    group.set_span(g.span());
                    out.extend([TokenTree::Group(group)]);
                }
                other => out.extend([other.clone()]),
            }
            i += 1;
        }
        out
    }
}

impl VisitMut for Settle {
    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        if attr.path().is_ident("cfg") {
            if let syn::Meta::List(list) = &mut attr.meta {
                list.tokens = self.settle(std::mem::take(&mut list.tokens));
            }
        } else if attr.path().is_ident("doc") {
            if let syn::Meta::NameValue(nv) = &mut attr.meta {
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                }) = &mut nv.value
                {
                    let value = text.value();
                    if value.contains("```no_run") {
                        *text =
                            syn::LitStr::new(&value.replace("```no_run", "```ignore"), text.span());
                    }
                }
            }
        }
    }
}
