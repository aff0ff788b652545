//! Doc comments from spec text.
//!
//! Spec descriptions are CommonMark written for web pages. Rustdoc reads them
//! differently in ways that break builds or warn: an unlabelled code block is
//! compiled as a Rust doctest, `[x]` is taken for an intra-doc link, bare URLs
//! and `<placeholders>` warn. Those are neutralised here; everything else is
//! kept as written.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line, for each non-empty paragraph.
pub fn doc_attrs<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for text in paragraphs.into_iter().flatten() {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitize(text));
    }
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            if !in_fence {
                // Whatever the language, never run it as a doctest.
                out.push(format!("{}text", &trimmed[..3]));
            } else {
                out.push(trimmed[..3].to_string());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.trim_end().to_string());
            continue;
        }
        // Four leading spaces make an indented code block, also a doctest.
        let line = if line.starts_with("    ") {
            line.trim_start()
        } else {
            line
        };
        out.push(inline(line.trim_end()));
    }
    if in_fence {
        out.push("```".to_string());
    }
    out
}

/// Escapes brackets and angle brackets, and wraps bare URLs in `<...>`.
fn inline(line: &str) -> String {
    // Most lines have nothing to escape; docs are a large share of the output.
    if !line.contains(['[', ']', '<', '>']) && !line.contains("http") {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == 'h' && starts_url(&chars[i..]) && !preceded_by_link(&out) {
            let end = chars[i..]
                .iter()
                .position(|c| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '`'))
                .map_or(chars.len(), |p| i + p);
            let mut url: String = chars[i..end].iter().collect();
            let mut tail = String::new();
            while url.ends_with(['.', ',', ';', ':']) {
                tail.insert(0, url.pop().unwrap_or_default());
            }
            out.push('<');
            out.push_str(&url);
            out.push('>');
            out.push_str(&tail);
            i = end;
            continue;
        }
        match c {
            '[' | ']' if !is_inline_link(&chars, i) => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn starts_url(chars: &[char]) -> bool {
    ["http://", "https://"].iter().any(|scheme| {
        chars.len() >= scheme.len() && scheme.chars().eq(chars[..scheme.len()].iter().copied())
    })
}

/// Inside `](` or `<` a URL is already marked up.
fn preceded_by_link(out: &str) -> bool {
    out.ends_with("](") || out.ends_with('<')
}

/// `[text](url)`: the brackets of a Markdown inline link stay.
fn is_inline_link(chars: &[char], i: usize) -> bool {
    match chars[i] {
        '[' => {
            let mut depth = 0;
            for (j, c) in chars.iter().enumerate().skip(i) {
                match c {
                    '[' => depth += 1,
                    ']' => {
                        depth -= 1;
                        if depth == 0 {
                            return chars.get(j + 1) == Some(&'(');
                        }
                    }
                    _ => {}
                }
            }
            false
        }
        _ => chars.get(i + 1) == Some(&'(') && chars[..i].contains(&'['),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_rustdoc_hazards() {
        assert_eq!(
            inline("see https://clerk.com/docs."),
            "see <https://clerk.com/docs>."
        );
        assert_eq!(
            inline("[Docs](https://x.y/z) [a]"),
            "[Docs](https://x.y/z) \\[a\\]"
        );
        assert_eq!(inline("sk_<environment>"), "sk_\\<environment\\>");
        assert_eq!(
            sanitize("a\n```\nlet x;\n```"),
            vec!["a", "```text", "let x;", "```"]
        );
        assert_eq!(sanitize("    indented"), vec!["indented"]);
    }
}
