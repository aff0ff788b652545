//! Finds the line and column of a JSON pointer in the spec's source text.
//!
//! The parsers used (serde_yaml, serde_json) keep no positions in their value
//! trees, so this walks the text instead: each pointer token is looked for as
//! a mapping key (YAML `key:` or JSON `"key":`) below the previous one, and
//! numeric tokens count YAML `- ` sequence items. It is deliberately
//! best-effort: when a token cannot be found, the position of the deepest one
//! that was found is returned, which still points at the right region.

use crate::diag::tokens;

/// 1-based (line, column) of the deepest token of `pointer` found in `text`.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    locate_in(&text.lines().collect::<Vec<_>>(), pointer)
}

/// [`locate`] over the text already split into lines.
pub fn locate_in(lines: &[&str], pointer: &str) -> Option<(usize, usize)> {
    let mut start = 0usize; // first line to search
    let mut parent_indent: isize = -1;
    let mut found = None;
    for token in tokens(pointer) {
        if let Some((line, dash)) = token
            .parse::<usize>()
            .ok()
            .and_then(|index| nth_item(lines, start, parent_indent, index))
        {
            // The item's own line may hold its first key (`- name: x`), so the
            // next search starts on it, inside the block opened by the dash.
            found = Some((line + 1, dash as usize + 3));
            start = line;
            parent_indent = dash;
            continue;
        }
        match find_key(lines, start, parent_indent, &token) {
            Some((line, column)) => {
                found = Some((line + 1, column as usize + 1));
                start = line + 1;
                parent_indent = column;
            }
            None => break,
        }
    }
    found
}

fn indent_of(line: &str) -> isize {
    (line.len() - line.trim_start().len()) as isize
}

fn is_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// The line holding `token` as a key, within the block below `start`.
fn find_key(lines: &[&str], start: usize, parent: isize, token: &str) -> Option<(usize, isize)> {
    let keys = [
        format!("{token}:"),
        format!("'{token}':"),
        format!("\"{token}\":"),
        format!("\"{token}\" :"),
    ];
    for (i, line) in lines.iter().enumerate().skip(start) {
        if is_blank(line) {
            continue;
        }
        let indent = indent_of(line);
        let body = line.trim_start();
        let opens_item = i == start && body.starts_with("- ");
        // A YAML block ends at the first line not indented deeper than its
        // parent key. JSON files are often on few lines, so they are searched
        // without that bound.
        if indent <= parent && !opens_item && !body.starts_with('"') && !body.starts_with('}') {
            return None;
        }
        let item = body.strip_prefix("- ").unwrap_or(body);
        if keys.iter().any(|k| item.starts_with(k.as_str())) {
            let column = indent + (body.len() - item.len()) as isize;
            return Some((i, column));
        }
        // A JSON line may hold several keys; YAML keys start their line.
        if body.starts_with(['{', '"']) {
            if let Some(col) = line.find(&keys[2]) {
                return Some((i, col as isize));
            }
        }
    }
    None
}

/// The line of the `index`-th `- ` item of the YAML sequence below `start`.
fn nth_item(lines: &[&str], start: usize, parent: isize, index: usize) -> Option<(usize, isize)> {
    let mut item_indent = None;
    let mut seen = 0usize;
    for (i, line) in lines.iter().enumerate().skip(start) {
        if is_blank(line) {
            continue;
        }
        let indent = indent_of(line);
        if indent < parent || (indent == parent && !line.trim_start().starts_with("- ")) {
            return None;
        }
        if line.trim_start().starts_with("- ") {
            let at = *item_indent.get_or_insert(indent);
            if indent == at {
                if seen == index {
                    return Some((i, indent));
                }
                seen += 1;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::locate;

    const YAML: &str = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      parameters:\n        - name: x\n        - $ref: '#/nope'\n  /b:\n    get: {}\n";

    #[test]
    fn finds_keys_and_items() {
        assert_eq!(locate(YAML, "/paths/~1a/get"), Some((4, 5)));
        assert_eq!(locate(YAML, "/paths/~1a/get/parameters/1"), Some((7, 11)));
        assert_eq!(
            locate(YAML, "/paths/~1a/get/parameters/1/$ref"),
            Some((7, 11))
        );
        assert_eq!(locate(YAML, "/paths/~1b/get"), Some((9, 5)));
        let nested = "list:\n  - a: 1\n    b: 2\n  - a: 3\n    b: 4\n";
        assert_eq!(locate(nested, "/list/1/b"), Some((5, 5)));
        assert_eq!(locate(nested, "/list/0/a"), Some((2, 5)));
    }

    #[test]
    fn stays_inside_the_parent_block() {
        // `/paths/~1a/put` does not exist: the deepest hit is `/a`, not `/b`'s get.
        assert_eq!(locate(YAML, "/paths/~1a/put"), Some((3, 3)));
    }

    #[test]
    fn json_keys() {
        let json =
            "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {\n    \"/a\": {\"get\": {}}\n  }\n}";
        assert_eq!(locate(json, "/paths/~1a"), Some((4, 5)));
    }
}
