//! Tokens printed on one line, spaced as Rust is written (`a::b<C>(d, e)`,
//! `x: &'a [u8]`, `impl Future<Output = T> + 'a`), without a pretty-printer:
//! for the text of a made-up value in an example, the body of a runtime
//! macro, and a signature in the crate's public API, where a full pretty
//! printer per line would cost more than the rest of the work.

use std::fmt::Write as _;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// `tokens` as one line.
pub fn line(tokens: TokenStream) -> String {
    let mut out = String::new();
    write_line(tokens, &mut out);
    out
}

/// Appends `tokens` to `out` as one line: a space between two words (a
/// group counts as one after it), after a comma or a lone `:`, around `=`,
/// `+` and `->`, none elsewhere; a comma
/// that ends a group is left out (`quote!` leaves one after repeated
/// arguments).
pub fn write_line(tokens: TokenStream, out: &mut String) {
    // Whether the last token was a word (identifier, literal), whether that
    // word was a lifetime's name (`&'a [u8]` keeps its space), and the
    // punctuation it was otherwise, with its spacing.
    let mut word = false;
    let mut lifetime = false;
    let mut last: Option<(char, Spacing)> = None;
    for tree in tokens {
        match tree {
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if word {
                    out.push(' ');
                }
                let _ = write!(out, "{tree}");
                lifetime = matches!(last, Some(('\'', _)));
                word = true;
                last = None;
            }
            TokenTree::Punct(p) => {
                let c = p.as_char();
                let after_joint = matches!(last, Some((_, Spacing::Joint)));
                let before = match c {
                    '=' | '+' => !after_joint,
                    '-' => p.spacing() == Spacing::Joint,
                    '\'' => word,
                    _ => false,
                };
                if before && !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                out.push(c);
                let arrow = c == '>' && matches!(last, Some(('-', Spacing::Joint)));
                let lone_colon = c == ':'
                    && p.spacing() == Spacing::Alone
                    && !matches!(last, Some((':', Spacing::Joint)));
                let spaced = matches!(c, ',' | '=' | '+') && p.spacing() == Spacing::Alone;
                if spaced || arrow || lone_colon {
                    out.push(' ');
                }
                word = false;
                last = Some((c, p.spacing()));
            }
            TokenTree::Group(g) => {
                if word && (lifetime || g.delimiter() == Delimiter::None) {
                    out.push(' ');
                }
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                let start = out.len();
                write_line(g.stream(), out);
                if out.len() > start && out.ends_with(", ") {
                    out.truncate(out.len() - 2);
                }
                out.push_str(close);
                // A word after a group is spaced from it (`f(x) as T`).
                word = true;
                lifetime = false;
                last = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::line;
    use quote::quote;

    #[test]
    fn spaces_as_rust_is_written() {
        let cases = [
            (
                quote!(a::b::new("x", vec![1, 2,])),
                "a::b::new(\"x\", vec![1, 2])",
            ),
            (quote!(x: &'a [u8]), "x: &'a [u8]"),
            (
                quote!(impl std::future::Future<Output = Result<T, E>> + 'a),
                "impl std::future::Future<Output = Result<T, E>> + 'a",
            ),
            (
                quote!((&self, id: impl Into<String>) -> Self),
                "(&self, id: impl Into<String>) -> Self",
            ),
            (
                quote!(any(feature = "a", feature = "b")),
                "any(feature = \"a\", feature = \"b\")",
            ),
            (
                quote!(tag: @tag("k" = "v"), ..others typed),
                "tag: @tag(\"k\" = \"v\"), ..others typed",
            ),
        ];
        for (tokens, text) in cases {
            assert_eq!(line(tokens), text);
        }
    }
}
