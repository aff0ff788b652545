//! The short, compiled example in each client method's rustdoc.
//!
//! Arguments are made up from their types: placeholder strings, `1`, the
//! first enum variant, a body built with its `new`. The example is a `no_run`
//! doctest, so it is type-checked by `cargo test` but never sends anything.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ident;
use crate::ir::{Api, Auth, Operation, ParamLocation, Presence, Ty, TypeKind};

/// Deeper than this, a made-up value is not worth showing (and a recursive
/// required field could never be built anyway).
const MAX_DEPTH: usize = 6;

/// Doc lines (without `///`) of the example, or nothing when no sensible
/// arguments can be made up.
pub fn example_lines(api: &Api, op: &Operation) -> Option<Vec<String>> {
    let krate = ident(&api.crate_name.replace('-', "_"));
    let mut args = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path || p.required)
    {
        args.push(value(api, &krate, &p.ty, &p.name, 0)?);
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        args.push(value(api, &krate, &body.ty, &body.setter, 0)?);
    }
    let base = api
        .base_url
        .is_none()
        .then(|| quote!("https://api.example.com",));
    let token = match api.auth {
        Auth::None => None,
        Auth::Basic { .. } => Some(quote!("username", "password")),
        Auth::Bearer { .. } | Auth::ApiKey { .. } => Some(quote!("sk_test_...")),
    };
    let method = ident(&op.method_name);
    let code = quote! {
        #[allow(deprecated)]
        async fn example() -> Result<(), Box<dyn std::error::Error>> {
            let client = #krate::Client::new(#base #token);
            let response = client.#method(#(#args),*).send().await?;
            println!("{} {:?}", response.status(), response.body());
            Ok(())
        }
    };
    let file: syn::File = syn::parse2(code).ok()?;
    let text = prettyplease::unparse(&file);
    let lines: Vec<&str> = text.lines().collect();
    let mut out = vec![
        "# Example".to_string(),
        String::new(),
        "```no_run".to_string(),
    ];
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.iter().enumerate() {
        let inner = line.strip_prefix("    ");
        match inner {
            // The wrapper (attribute, signature, `Ok(())`, closing brace) is hidden.
            Some(code) if i != last && !code.starts_with("Ok(())") => out.push(code.to_string()),
            _ => out.push(format!("# {line}")),
        }
    }
    out.push("```".to_string());
    Some(out)
}

/// A made-up value of type `t`, for an argument called `name`.
fn value(
    api: &Api,
    krate: &proc_macro2::Ident,
    t: &Ty,
    name: &str,
    depth: usize,
) -> Option<TokenStream> {
    if depth > MAX_DEPTH {
        return None;
    }
    Some(match t {
        Ty::String => {
            let text = Literal::string(name.trim_start_matches("r#"));
            quote!(#text)
        }
        Ty::Bool => quote!(true),
        Ty::I32 | Ty::I64 => quote!(1),
        Ty::F32 | Ty::F64 => quote!(1.0),
        Ty::Json => quote!(serde_json::Value::Null),
        Ty::Binary => quote!(b"data".to_vec()),
        Ty::JsonObject => quote!(serde_json::Map::new()),
        Ty::Map(_) => quote!(std::collections::BTreeMap::new()),
        Ty::Vec(inner) => {
            let item = value(api, krate, inner, name, depth + 1)?;
            quote!(vec![#item])
        }
        Ty::Named(type_name) => {
            let def = api.types.iter().find(|d| &d.name == type_name)?;
            let path = ident(type_name);
            match &def.kind {
                TypeKind::Alias(target) => value(api, krate, target, name, depth + 1)?,
                TypeKind::Enum(e) => match e.variants.first() {
                    Some(v) => {
                        let variant = ident(&v.name);
                        quote!(#krate::models::#path::#variant)
                    }
                    None => quote!(#krate::models::#path::from("value")),
                },
                TypeKind::Struct(s) if s.builder => {
                    let mut args = Vec::new();
                    for f in &s.fields {
                        match f.presence {
                            Presence::Required => {
                                args.push(value(api, krate, &f.ty, &f.name, depth + 1)?)
                            }
                            Presence::RequiredNullable => args.push(quote!(None)),
                            Presence::Optional | Presence::OptionalNullable => {}
                        }
                    }
                    quote!(#krate::models::#path::new(#(#args),*))
                }
                TypeKind::Struct(_) => return None,
                TypeKind::Union(u) => {
                    let first = u.variants.first()?;
                    let variant = ident(&first.name);
                    let mut inner = value(api, krate, &first.ty, name, depth + 1)?;
                    if first.boxed {
                        inner = quote!(Box::new(#inner));
                    }
                    quote!(#krate::models::#path::#variant(#inner))
                }
            }
        }
    })
}
