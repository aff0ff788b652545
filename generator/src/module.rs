//! The generated crate laid out as one module in one file, for a build
//! script to write into `OUT_DIR` and a crate to `include!` (see
//! [`crate::Build`]).
//!
//! The files are the crate's own, assembled: each `mod name;` is replaced by
//! the file it names, the crate root's inner attributes (docs, lints) become
//! those of one `pub mod <name> { .. }`, and the whole is one file. Generated
//! code reaches its siblings by `super::` paths, never `crate::`, which is
//! what lets it live at any depth of another crate.
//!
//! Three things cannot stay as they are inside someone else's crate:
//! - `#[cfg(feature = "..")]`: the features are the generated crate's, which
//!   the including crate does not have (and `unexpected_cfgs` would warn), so
//!   each is settled here from [`Features`] as `all()` (on) or `any()` (off);
//! - `#[cfg(test)]` items (the runtime's own tests) are left out: they need
//!   the generated crate's dev-dependencies;
//! - doc examples name the crate (`clerk_backend_api::Client`), which a
//!   module does not have; they are kept as text (`ignore`) instead of being
//!   compiled as doctests of the including crate.

use std::collections::HashMap;

use proc_macro2::{Group, Ident, Span, TokenStream, TokenTree};
use quote::quote;
use syn::visit_mut::VisitMut;

/// The generated crate's cargo features, settled for the module.
#[derive(Clone, Debug, Default)]
pub struct Features {
    /// `tracing`: a span per call (needs `tracing` among the dependencies).
    pub tracing: bool,
    /// `multipart`: multipart request bodies (needs reqwest's `multipart`).
    pub multipart: bool,
    /// The features that select operations (an API split by tag): these
    /// only, or every one (`full`) when `None`.
    pub operations: Option<Vec<String>>,
}

/// `files` (the generated crate) as the text of one file declaring
/// `pub mod <name>`.
pub fn assemble(
    files: &[(String, String)],
    name: &str,
    features: Features,
) -> Result<String, String> {
    let sources: HashMap<&str, &str> = files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    let root = parse(&sources, "src/lib.rs")?;
    let items = inline(root.items, "src", "src", &sources)?;
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
    Ok(format!(
        "{}\n{}",
        crate::format::HEADER,
        prettyplease::unparse(&file)
    ))
}

fn parse(sources: &HashMap<&str, &str>, path: &str) -> Result<syn::File, String> {
    let text = sources
        .get(path)
        .ok_or_else(|| format!("internal error: the generated crate has no `{path}`"))?;
    syn::parse_file(text)
        .map_err(|e| format!("internal error: the generated `{path}` is not valid Rust ({e})"))
}

/// `items` of the file whose submodules live in `dir`, with every
/// `mod name;` replaced by its file's items, every `include!("path")` (a
/// feature's file, relative to the file's own folder `file_dir`) by the
/// items of that file, each under the `include!`'s attributes, and every
/// `#[cfg(test)]` item left out.
fn inline(
    items: Vec<syn::Item>,
    dir: &str,
    file_dir: &str,
    sources: &HashMap<&str, &str>,
) -> Result<Vec<syn::Item>, String> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if attrs_of(&item).iter().any(is_cfg_test) {
            continue;
        }
        match item {
            syn::Item::Macro(m) if m.mac.path.is_ident("include") => {
                let relative: syn::LitStr = m.mac.parse_body().map_err(|e| {
                    format!("internal error: an `include!` of the generated crate ({e})")
                })?;
                let path = format!("{file_dir}/{}", relative.value());
                let included = parse(sources, &path)?;
                let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
                for mut child in inline(included.items, folder, folder, sources)? {
                    if let Some(attrs) = attrs_mut(&mut child) {
                        attrs.splice(0..0, m.attrs.iter().cloned());
                    }
                    out.push(child);
                }
            }
            syn::Item::Mod(mut m) if m.content.is_none() => {
                let name = m.ident.to_string();
                let file = format!("{dir}/{name}.rs");
                let (path, child_dir) = if sources.contains_key(file.as_str()) {
                    (file, format!("{dir}/{name}"))
                } else {
                    (format!("{dir}/{name}/mod.rs"), format!("{dir}/{name}"))
                };
                let child = parse(sources, &path)?;
                m.attrs.extend(child.attrs);
                m.content = Some((
                    Default::default(),
                    inline(child.items, &child_dir, dir, sources)?,
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

/// The attributes of the items a feature's file holds.
fn attrs_mut(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Fn(i) => Some(&mut i.attrs),
        syn::Item::Impl(i) => Some(&mut i.attrs),
        syn::Item::Struct(i) => Some(&mut i.attrs),
        syn::Item::Enum(i) => Some(&mut i.attrs),
        syn::Item::Type(i) => Some(&mut i.attrs),
        syn::Item::Macro(i) => Some(&mut i.attrs),
        syn::Item::Const(i) => Some(&mut i.attrs),
        syn::Item::Use(i) => Some(&mut i.attrs),
        syn::Item::Mod(i) => Some(&mut i.attrs),
        _ => None,
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
    features: Features,
}

impl Settle {
    fn enabled(&self, feature: &str) -> bool {
        match (feature, &self.features.operations) {
            ("tracing", _) => self.features.tracing,
            ("multipart", _) => self.features.multipart,
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
