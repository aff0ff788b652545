//! Finds the line and column of a JSON pointer in the spec's source text.
//!
//! The parsers used (serde_yaml, serde_json) keep no positions in their value
//! trees, so this walks the text instead: each pointer token is looked for as
//! a mapping key (YAML `key:` or JSON `"key":`) below the previous one, and
//! numeric tokens count YAML `- ` sequence items. It is deliberately
//! best-effort: when a token cannot be found, the position of the deepest one
//! that was found is returned, which still points at the right region.
//!
//! A JSON document is walked by its structure instead (`json_walk`): a key's
//! line says nothing of its depth when the file is on one line (minified
//! JSON, as Microsoft Graph's description is), and a search from the
//! line's start found the first key of that name anywhere on it.

use super::json_walk::Walk;
use crate::diag::tokens;

/// 1-based (line, column) of the deepest token of `pointer` found in `text`.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    Finder::new(text).find(pointer)
}

/// One file, ready for the lookups of all its diagnostics: a large spec has
/// tens of thousands of lines and may come with hundreds of warnings, so
/// its lines are split once, and a JSON walk keeps what it has read (each
/// object and array is read at most once over all the lookups).
pub struct Finder<'a> {
    text: &'a str,
    lines: Vec<&'a str>,
    json: Option<Walk<'a>>,
}

impl<'a> Finder<'a> {
    pub fn new(text: &'a str) -> Self {
        let is_json = text.trim_start().starts_with(['{', '[']);
        Finder {
            text,
            lines: text.lines().collect(),
            json: is_json.then(|| Walk::new(text.as_bytes())),
        }
    }

    /// The file's lines.
    pub fn lines(&self) -> &[&'a str] {
        &self.lines
    }

    /// [`locate`] in this file.
    pub fn find(&mut self, pointer: &str) -> Option<(usize, usize)> {
        if let Some(at) = self.json.as_mut().and_then(|walk| walk.find(pointer)) {
            return Some(self.line_column(at));
        }
        locate_lines(&self.lines, pointer)
    }

    /// The 1-based line and column (in characters) of byte `at`.
    fn line_column(&self, at: usize) -> (usize, usize) {
        let base = self.text.as_ptr() as usize;
        let line = self
            .lines
            .partition_point(|l| l.as_ptr() as usize - base <= at)
            .max(1);
        let start = self.lines[line - 1].as_ptr() as usize - base;
        (line, self.text[start..at].chars().count() + 1)
    }
}

/// [`locate`] by lines and indentation (YAML, and JSON the structural walk
/// could not read).
fn locate_lines(lines: &[&str], pointer: &str) -> Option<(usize, usize)> {
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

    #[test]
    fn json_on_one_line_finds_each_key_at_its_depth() {
        // The same name earlier on the line, one level off, is not it.
        let json = r#"{"components":{"examples":{"Pet":{}},"schemas":{"Pét":{},"Pet":{"required":["a","b"]}}}}"#;
        // Columns count characters, not bytes (`é` is two).
        let column = |s: &str| json[..json.find(s).unwrap()].chars().count() + 1;
        assert_eq!(
            locate(json, "/components/schemas/Pet"),
            Some((1, column(r#""Pet":{"req"#)))
        );
        assert_eq!(
            locate(json, "/components/schemas/Pet/required/1"),
            Some((1, column(r#""b""#)))
        );
        let escaped = r#"{"a":"é","b\u0020c":{"d":1}}"#;
        assert_eq!(locate(escaped, "/b c/d"), Some((1, 22)));
        // The deepest token found, when a later one is missing.
        assert_eq!(locate(json, "/components/schemas/Cat"), Some((1, 38)));
    }
}
