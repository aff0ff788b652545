//! Every function of a generated crate that is not generic is `#[inline]`,
//! so that it is compiled in the program that calls it, and only if called,
//! rather than in the generated crate whether used or not (see `emit`'s
//! module docs and BENCHMARKS.md, section 4). Checked on the parsed output
//! of the Clerk spec and of every fixture, runtime files included.

use syn::{FnArg, Generics, ImplItem, Item, Signature, Type};
use workspace_tests::crates::root;

/// `name` of each non-generic function in `file` without `#[inline]`.
fn compiled_on_their_own(file: &syn::File) -> Vec<String> {
    let mut out = Vec::new();
    walk(&file.items, "", &mut out);
    out
}

fn walk(items: &[Item], path: &str, out: &mut Vec<String>) {
    for item in items {
        match item {
            Item::Fn(f)
                if !is_test(&f.attrs) && !is_generic(&f.sig, None) && !has_inline(&f.attrs) =>
            {
                out.push(format!("{path}{}", f.sig.ident));
            }
            Item::Mod(m) if !is_test(&m.attrs) => {
                if let Some((_, items)) = &m.content {
                    walk(items, &format!("{path}{}::", m.ident), out);
                }
            }
            Item::Impl(block) if !is_test(&block.attrs) => {
                for inner in &block.items {
                    if let ImplItem::Fn(f) = inner {
                        if !is_generic(&f.sig, Some(&block.generics)) && !has_inline(&f.attrs) {
                            let ty = &block.self_ty;
                            out.push(format!("{path}{}::{}", quote::quote!(#ty), f.sig.ident));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Generic over a type (not only over lifetimes): compiled where used anyway.
fn is_generic(sig: &Signature, block: Option<&Generics>) -> bool {
    let has_types = |g: &Generics| g.type_params().next().is_some();
    has_types(&sig.generics)
        || block.is_some_and(has_types)
        || sig.inputs.iter().any(|arg| match arg {
            FnArg::Typed(t) => mentions_impl_trait(&t.ty),
            FnArg::Receiver(_) => false,
        })
}

/// `impl Trait` anywhere in an argument's type (`&Option<impl Display>`).
fn mentions_impl_trait(ty: &Type) -> bool {
    quote::quote!(#ty)
        .into_iter()
        .any(|t| t.to_string() == "impl")
}

fn has_inline(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("inline"))
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("test")
            || (a.path().is_ident("cfg") && quote::quote!(#a).to_string().contains("test"))
    })
}

fn check(spec: &std::path::Path) -> Vec<String> {
    let generated = generator::generate(spec, None).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    // The crate's own code: its tests (`tests/examples.rs`) are compiled
    // only when it is tested, never in a user's program.
    let library = |p: &str| p.ends_with(".rs") && p.starts_with("src/");
    for (path, content) in generated.files.iter().filter(|(p, _)| library(p)) {
        let file = syn::parse_file(content).unwrap_or_else(|e| panic!("{path}: {e}"));
        out.extend(
            compiled_on_their_own(&file)
                .into_iter()
                .map(|f| format!("{path}: {f}")),
        );
    }
    out
}

#[test]
fn every_non_generic_function_is_inline() {
    let mut specs = vec![root().join("spec/clerk.yaml")];
    let mut fixtures: Vec<_> = std::fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 10, "fixtures missing");
    specs.extend(fixtures);
    let missing: Vec<String> = specs
        .iter()
        .flat_map(|spec| {
            check(spec)
                .into_iter()
                .map(move |f| format!("{}: {f}", spec.display()))
        })
        .collect();
    assert!(missing.is_empty(), "not #[inline]:\n{}", missing.join("\n"));
}

#[test]
fn the_check_sees_a_missing_inline() {
    let file = syn::parse_file(
        "fn plain() {} #[inline] fn marked() {} fn generic<T>(_: T) {} \
         fn opaque(_: &Option<impl Clone>) {} fn borrowed<'a>(s: &'a str) -> &'a str { s } \
         impl S { fn method(&self) {} } impl<T> W<T> { fn any(&self) {} } \
         mod m { fn nested() {} } #[cfg(test)] mod tests { fn helper() {} }",
    )
    .unwrap();
    assert_eq!(
        compiled_on_their_own(&file),
        ["plain", "borrowed", "S::method", "m::nested"]
    );
}
