//! Items laid out as a person lays them out: a blank line between two
//! items (but within a block of `use`s or of `mod x;`s), and between two
//! members of an `impl`.
//! prettyplease prints a file's items one line after the other.

/// `file` as text: its inner attributes, then each item printed on its own
/// and separated from the one before by a blank line (but for the macro that
/// writes a type's serde impls, right after the type). A later run of a
/// larger file (`continues`) starts with that blank line, so that runs
/// joined read as the whole file printed at once.
pub fn print(file: syn::File, continues: bool) -> String {
    let mut out = String::new();
    if !file.attrs.is_empty() {
        out.push_str(&prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: file.attrs,
            items: Vec::new(),
        }));
    }
    let mut previous = None;
    for item in file.items {
        let kind = one_line_kind(&item);
        let after_something = !out.is_empty() || continues;
        // A type's `serde_object!` or `string_enum!` is part of it.
        let attached = super::macros::is_attached(&item);
        let grouped = kind.is_some() && kind == previous;
        if after_something && !grouped && !attached {
            out.push('\n');
        }
        previous = kind;
        out.push_str(&item_text(item));
    }
    out
}

/// The kinds of one-line items written as a block: `use`s, and `mod x;`s.
#[derive(PartialEq)]
enum OneLine {
    Use,
    Mod,
}

/// The block an item belongs to, if it is a one-line item without docs (a
/// documented one stands apart).
fn one_line_kind(item: &syn::Item) -> Option<OneLine> {
    let documented = |attrs: &[syn::Attribute]| attrs.iter().any(|a| a.path().is_ident("doc"));
    match item {
        syn::Item::Use(u) if !documented(&u.attrs) => Some(OneLine::Use),
        syn::Item::Mod(m) if m.content.is_none() && !documented(&m.attrs) => Some(OneLine::Mod),
        _ => None,
    }
}

/// One item's text: a macro of the runtime's with its body laid out, any
/// other as prettyplease prints it with its members spaced.
fn item_text(item: syn::Item) -> String {
    if let syn::Item::Macro(mac) = &item {
        if let Some(text) = super::macros::print(mac) {
            return text;
        }
    }
    members_spaced(&prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![item],
    }))
}

/// `text` with a blank line before each member of a block that follows a
/// member ending in `}` at the same depth (the methods of an `impl`, one
/// after the other), and between an `impl`'s associated types and what
/// follows them.
fn members_spaced(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        let next_indent = next.len() - next.trim_start().len();
        let ends_types = line.trim_start().starts_with("type ")
            && line.ends_with(';')
            && !next.trim_start().starts_with("type ");
        let ends_macro = is_member_macro(line.trim_start());
        if (line.trim() == "}" || ends_types || ends_macro)
            && indent > 0
            && indent == next_indent
            && starts_member(next.trim_start())
        {
            out.push('\n');
        }
    }
    out
}

/// Whether a line is the runtime's `call_options!`, which writes members of
/// a builder's `impl` and stands apart as they do.
fn is_member_macro(line: &str) -> bool {
    line.starts_with("call_options!(") && line.ends_with(");")
}

/// Whether a line starts a member of an `impl` or a module: its docs, an
/// attribute or the item itself.
fn starts_member(line: &str) -> bool {
    is_member_macro(line)
        || [
            "///",
            "#[",
            "pub ",
            "pub(",
            "fn ",
            "const ",
            "type ",
            "impl",
            "async fn ",
        ]
        .iter()
        .any(|start| line.starts_with(start))
}

#[cfg(test)]
mod tests {
    fn print(code: &str) -> String {
        super::print(syn::parse_file(code).unwrap(), false)
    }

    #[test]
    fn a_blank_line_between_items_but_between_uses() {
        let text = print("//! Docs.\nmod x;\nmod y;\nuse a::b;\nuse c::d;\nstruct A;\nserde_object!(A {});\nimpl A { fn x() {} fn y() {} }\ntype B = A;");
        assert_eq!(
            text,
            "//! Docs.\n\nmod x;\nmod y;\n\nuse a::b;\nuse c::d;\n\nstruct A;\nserde_object!(A {\n});\n\nimpl A {\n    fn x() {}\n    fn y() {}\n}\n\ntype B = A;\n"
        );
    }

    #[test]
    fn associated_types_are_set_apart() {
        assert_eq!(
            print("impl T for A { type X = u8; type Y = u16; fn x() {} }"),
            "impl T for A {\n    type X = u8;\n    type Y = u16;\n\n    fn x() {}\n}\n"
        );
    }

    #[test]
    fn the_runtime_s_member_macro_is_spaced_as_a_method() {
        assert_eq!(
            print("impl A { fn x() { a() } call_options!(); fn y() { b() } }"),
            "impl A {\n    fn x() {\n        a()\n    }\n\n    call_options!();\n\n    fn y() {\n        b()\n    }\n}\n"
        );
    }

    #[test]
    fn methods_with_bodies_are_spaced() {
        let text = print(
            "impl A { /// One.\n fn x() { let a = 1; } #[inline] fn y() { if a { b() } c() } }",
        );
        assert_eq!(
            text,
            "impl A {\n    /// One.\n    fn x() {\n        let a = 1;\n    }\n\n    #[inline]\n    fn y() {\n        if a {\n            b()\n        }\n        c()\n    }\n}\n"
        );
    }
}
