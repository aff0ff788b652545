//! The bodies of the runtime's macros (`serde_object!`, `string_enum!`),
//! one entry per line. prettyplease prints a macro's tokens as one run
//! (`Name { a : required ("a"), b : ...`), since it cannot know their
//! grammar; these two are ours, and read as a list.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The runtime's macros whose bodies are `Name { entry, entry, .. }`.
const LISTS: &[&str] = &["serde_object", "string_enum"];

/// Whether `item` is one of these macros, which follows the type it
/// writes impls for.
pub fn is_attached(item: &syn::Item) -> bool {
    matches!(item, syn::Item::Macro(mac) if mac.mac.path.get_ident().is_some_and(|name| LISTS.iter().any(|l| name == l)))
}

/// `mac` with its body laid out, or `None` for a macro this does not know
/// (or a body not of the list's shape, left to prettyplease).
pub fn print(mac: &syn::ItemMacro) -> Option<String> {
    let name = mac.mac.path.get_ident()?.to_string();
    if !LISTS.contains(&name.as_str()) || mac.ident.is_some() {
        return None;
    }
    let mut trees = mac.mac.tokens.clone().into_iter();
    let (Some(TokenTree::Ident(ty)), Some(TokenTree::Group(body)), None) =
        (trees.next(), trees.next(), trees.next())
    else {
        return None;
    };
    if body.delimiter() != Delimiter::Brace {
        return None;
    }
    // The item's attributes (a feature's `cfg`) as prettyplease prints them.
    let mut bare = mac.clone();
    bare.mac.tokens = TokenStream::new();
    let head = prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![syn::Item::Macro(bare)],
    });
    let attrs = head.strip_suffix(&format!("{name}!();\n"))?;
    let mut out = format!("{attrs}{name}!({ty} {{\n");
    for entry in entries(body.stream()) {
        let text = text(&entry);
        // `..rest` ends the list, without a comma after it.
        let comma = if text.starts_with("..") { "" } else { "," };
        out.push_str(&format!("    {text}{comma}\n"));
    }
    out.push_str("});\n");
    Some(out)
}

/// The entries of a list: its tokens split at the commas outside groups.
fn entries(stream: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut out = vec![Vec::new()];
    for tree in stream {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => out.push(Vec::new()),
            _ => out.last_mut().expect("starts with one").push(tree),
        }
    }
    out.retain(|entry| !entry.is_empty());
    out
}

/// Tokens as a person writes them: `a: b("c")`, `@tag("k" = "v")`,
/// `..others typed`.
fn text(trees: &[TokenTree]) -> String {
    crate::tokens::line(trees.iter().cloned().collect())
}

#[cfg(test)]
mod tests {
    fn print(code: &str) -> String {
        let syn::Item::Macro(mac) = syn::parse_str(code).unwrap() else {
            panic!("not a macro");
        };
        super::print(&mac).unwrap_or_default()
    }

    #[test]
    fn serde_object_one_field_per_line() {
        assert_eq!(
            print(r#"#[cfg(feature = "x")] serde_object!(Dog { @tag("kind" = "dog"), r#type: required("type"), name: optional_nullable("name"), ..others typed });"#),
            "#[cfg(feature = \"x\")]\nserde_object!(Dog {\n    @tag(\"kind\" = \"dog\"),\n    r#type: required(\"type\"),\n    name: optional_nullable(\"name\"),\n    ..others typed\n});\n"
        );
    }

    #[test]
    fn string_enum_one_variant_per_line() {
        assert_eq!(
            print(r#"string_enum!(Status { Active("active"), Gone("gone"), ..Unknown });"#),
            "string_enum!(Status {\n    Active(\"active\"),\n    Gone(\"gone\"),\n    ..Unknown\n});\n"
        );
    }

    #[test]
    fn other_macros_are_left_to_prettyplease() {
        assert_eq!(print(r#"other!(A { b: c("d") });"#), "");
    }
}
