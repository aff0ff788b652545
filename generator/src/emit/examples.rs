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
    let client = compact(&quote!(#krate::Client::new(#base #token)));
    let args: Vec<String> = args.iter().map(compact).collect();
    let method = &op.method_name;
    let mut out = vec![
        "# Example".to_string(),
        String::new(),
        "```no_run".to_string(),
    ];
    // Calling a deprecated operation is what the example is for.
    if op.deprecated {
        out.push("# #[allow(deprecated)]".to_string());
    }
    out.extend([
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
        format!("let client = {client};"),
    ]);
    let one_line = format!(
        "let response = client.{method}({}).send().await?;",
        args.join(", ")
    );
    if one_line.len() <= WIDTH {
        out.push(one_line);
    } else {
        out.push("let response = client".to_string());
        if args.is_empty() {
            out.push(format!("    .{method}()"));
        } else {
            out.push(format!("    .{method}("));
            out.extend(args.iter().map(|arg| format!("        {arg},")));
            out.push("    )".to_string());
        }
        out.push("    .send()".to_string());
        out.push("    .await?;".to_string());
    }
    out.extend([
        r#"println!("{} {:?}", response.status(), response.body());"#.to_string(),
        "# Ok(())".to_string(),
        "# }".to_string(),
        "```".to_string(),
    ]);
    Some(out)
}

/// Longest example line kept on one line, as rustfmt would.
const WIDTH: usize = 96;

/// The tokens of a made-up value on one line, spaced as Rust is written
/// (`a::b::new("x", vec![1])`). The values are built as tokens like all
/// generated code; a full pretty-printer per example cost a third of the
/// client file's emission time for a handful of lines.
fn compact(tokens: &TokenStream) -> String {
    crate::tokens::line(tokens.clone())
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
        Ty::String | Ty::Binary => {
            let text = Literal::string(name.trim_start_matches("r#"));
            quote!(#text)
        }
        Ty::Bool => quote!(true),
        Ty::I32 | Ty::I64 => quote!(1),
        Ty::F64 => quote!(1.0),
        Ty::Json => quote!(serde_json::Value::Null),
        Ty::Upload => quote!(#krate::Upload::from(b"data".to_vec())),
        Ty::JsonObject => quote!(serde_json::Map::new()),
        Ty::Map(_) => quote!(std::collections::BTreeMap::new()),
        Ty::Vec(inner) => {
            let item = value(api, krate, inner, name, depth + 1)?;
            quote!(vec![#item])
        }
        Ty::Tuple(members) => {
            let members = members
                .iter()
                .map(|m| value(api, krate, m, name, depth + 1))
                .collect::<Option<Vec<_>>>()?;
            quote!((#(#members,)*))
        }
        Ty::Named(id) => {
            // A twin's alias keeps the name the spec gives it.
            let def = api.definition(*id)?;
            let path = ident(api.type_name(*id));
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

#[cfg(test)]
mod tests {
    use quote::quote;

    #[test]
    fn compact_spaces_values_as_written() {
        let value = quote!(my_api::models::Body::new(
            "name",
            vec![1, 2],
            Box::new(my_api::models::Kind::First),
            b"data".to_vec(),
        ));
        assert_eq!(
            super::compact(&value),
            r#"my_api::models::Body::new("name", vec![1, 2], Box::new(my_api::models::Kind::First), b"data".to_vec())"#
        );
    }
}
