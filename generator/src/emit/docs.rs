//! Doc comments from spec text.
//!
//! Spec descriptions are CommonMark written for web pages. Rustdoc reads them
//! differently in ways that break builds or warn: an unlabelled code block is
//! compiled as a Rust doctest, `[x]` is taken for an intra-doc link, bare URLs
//! and `<placeholders>` warn. Those are neutralised here; everything else is
//! kept as written.
//!
//! Many specs (Stripe's, Box's) write descriptions in HTML. The common tags
//! become their Markdown (`<p>` paragraphs, `<code>`, `<a href>` links,
//! lists, emphasis, `<pre>` blocks); any other tag is shown as text, escaped,
//! so rustdoc neither warns nor drops it.

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

/// Whether `text` leaves anything to show once converted (`<p/>` does not).
pub fn has_text(text: &str) -> bool {
    let text = text.trim();
    // Only HTML can make non-blank text show nothing; the conversion runs
    // just for text with tags (it runs again when the doc is emitted).
    !text.is_empty() && (!text.contains('<') || sanitize(text).iter().any(|l| !l.trim().is_empty()))
}

fn sanitize(text: &str) -> Vec<String> {
    // A carriage return alone ends a line as much as a line feed does
    // (classic Mac text, some generators' output).
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let converted = html_to_markdown(&text);
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut blank = false;
    for line in converted.lines() {
        // Tabs would be taken for indentation by rustdoc and clippy.
        let line = &line.replace('\t', "    ");
        // Runs of blank lines (left by converted HTML blocks) are one.
        if line.trim().is_empty() && !in_fence {
            if !blank && !out.is_empty() {
                out.push(String::new());
            }
            blank = true;
            continue;
        }
        blank = false;
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
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// Replaces the HTML tags descriptions commonly use by their Markdown.
/// Text without them is returned as it is.
fn html_to_markdown(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('<') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut link: Option<String> = None;
    let mut converted = false;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('>') else {
            out.push('<');
            rest = after;
            continue;
        };
        let tag = &after[..end];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let replacement = match (name.as_str(), closing) {
            ("p" | "div", _) => Some("\n\n".to_string()),
            ("br", _) => Some("\n".to_string()),
            ("ul" | "ol", _) => Some("\n\n".to_string()),
            ("li", false) => Some("\n- ".to_string()),
            ("li", true) => Some(String::new()),
            ("b" | "strong", _) => Some("**".to_string()),
            ("i" | "em", _) => Some("*".to_string()),
            ("code" | "tt", _) => Some("`".to_string()),
            ("pre", false) => Some("\n\n```text\n".to_string()),
            ("pre", true) => Some("\n```\n\n".to_string()),
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => Some("\n\n**".to_string()),
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => Some("**\n\n".to_string()),
            ("span" | "table" | "thead" | "tbody" | "td" | "th", _) => Some(" ".to_string()),
            ("tr", _) => Some("\n".to_string()),
            ("a", false) => {
                link = attribute(tag, "href");
                Some(if link.is_some() { "[" } else { "" }.to_string())
            }
            ("a", true) => Some(match link.take() {
                Some(href) => format!("]({href})"),
                None => String::new(),
            }),
            _ => None,
        };
        match replacement {
            Some(r) => {
                // `<pre><code>` is one block, not a block and a code span.
                let r = if name == "code"
                    && (out.ends_with("```text\n") || after[end + 1..].starts_with("</pre"))
                {
                    String::new()
                } else {
                    r
                };
                out.push_str(&r);
                converted = true;
            }
            None => {
                out.push('<');
                out.push_str(tag);
                out.push('>');
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    if converted {
        out.into()
    } else {
        text.into()
    }
}

/// The value of `name="..."` (or single-quoted) in a tag's text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}="))? + name.len() + 1;
    let value = &tag[at..];
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = &value[1..];
    Some(inner[..inner.find(quote)?].to_string())
}

/// Escapes brackets and angle brackets, and wraps bare URLs in `<...>`,
/// outside code spans: inside one a backslash is printed as it is, and
/// rustdoc reads neither links nor HTML there.
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
        if c == '`' {
            let span = code_span(&chars[i..]);
            out.extend(&chars[i..i + span]);
            i += span;
            continue;
        }
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

/// How many characters the code span starting at `chars` takes: a run of
/// backticks, the text, and a run of as many (just the opening run where
/// none closes it, as Markdown reads it).
fn code_span(chars: &[char]) -> usize {
    let run = |from: usize| chars[from..].iter().take_while(|c| **c == '`').count();
    let open = run(0);
    let mut j = open;
    while j < chars.len() {
        if chars[j] == '`' {
            let close = run(j);
            if close == open {
                return j + close;
            }
            j += close;
        } else {
            j += 1;
        }
    }
    open
}

fn starts_url(chars: &[char]) -> bool {
    ["http://", "https://"].iter().any(|scheme| {
        chars.len() >= scheme.len() && scheme.chars().eq(chars[..scheme.len()].iter().copied())
    })
}

/// Inside `](` or `<` a URL is already marked up; not after an escaped
/// `\]` or `\<` (a link whose text began on an earlier line, which this
/// line cannot tell), where it would be bare.
fn preceded_by_link(out: &str) -> bool {
    (out.ends_with("](") && !out.ends_with("\\](")) || (out.ends_with('<') && !out.ends_with("\\<"))
}

/// `[text](url)`: the brackets of a Markdown inline link stay, where the
/// `(` after them is closed on the line or ends it (the URL on the next
/// line, as Box writes some); a description that leaves it open after a
/// URL has no link, and the URL would be bare.
fn is_inline_link(chars: &[char], i: usize) -> bool {
    let opens_target = |at: usize| {
        chars.get(at) == Some(&'(')
            && chars
                .get(at + 1..)
                .is_some_and(|rest| rest.contains(&')') || rest.iter().all(|c| c.is_whitespace()))
    };
    match chars[i] {
        '[' => {
            let mut depth = 0;
            for (j, c) in chars.iter().enumerate().skip(i) {
                match c {
                    '[' => depth += 1,
                    ']' => {
                        depth -= 1;
                        if depth == 0 {
                            return opens_target(j + 1);
                        }
                    }
                    _ => {}
                }
            }
            false
        }
        _ => opens_target(i + 1) && chars[..i].contains(&'['),
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
        // Inside a code span nothing is escaped, nor a URL marked up; an
        // unclosed backtick is text.
        assert_eq!(
            inline("`refs/pull/<number>/merge` and `filter[status]`, <b>"),
            "`refs/pull/<number>/merge` and `filter[status]`, \\<b\\>"
        );
        assert_eq!(
            inline("``a ` [b]`` [c] `https://x.y`"),
            "``a ` [b]`` \\[c\\] `https://x.y`"
        );
        assert_eq!(inline("a ` [b]"), "a ` \\[b\\]");
        // A link left open by the description is no link; its URL is marked up.
        assert_eq!(
            inline("the [OAuth spec](https://x.y/v2-31."),
            "the \\[OAuth spec\\](<https://x.y/v2-31>."
        );
        assert_eq!(inline("See the [guide]("), "See the [guide](");
        // A link whose text began on the line before: its URL is not bare.
        assert_eq!(
            inline("type](https://x.y/z) to"),
            "type\\](<https://x.y/z>) to"
        );
        assert_eq!(
            sanitize("a\n```\nlet x;\n```"),
            vec!["a", "```text", "let x;", "```"]
        );
        assert_eq!(sanitize("    indented"), vec!["indented"]);
        assert_eq!(sanitize("a\tb"), vec!["a    b"]);
        assert!(!has_text("<p/>") && !has_text(" ") && has_text("<p>a</p>"));
    }

    #[test]
    fn common_html_becomes_markdown() {
        assert_eq!(
            sanitize("<p>Returns a <b>report</b>.</p><p>See <a href=\"https://x.y/docs\">the docs</a> and <code>Report</code>.<br/>Items:</p><ul><li>one</li><li>two</li></ul>"),
            vec![
                "Returns a **report**.",
                "",
                "See [the docs](https://x.y/docs) and `Report`.",
                "Items:",
                "",
                "- one",
                "- two",
            ]
        );
        assert_eq!(
            sanitize("<pre><code>let x = 1;</code></pre>"),
            vec!["```text", "let x = 1;", "```"]
        );
        // Anything else stays visible, escaped.
        assert_eq!(sanitize("sk_<environment>"), vec!["sk_\\<environment\\>"]);
    }
}
