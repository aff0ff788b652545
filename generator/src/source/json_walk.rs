//! The structural walk over JSON text: each token of the pointer is looked
//! for among the members (or items) of the value the previous one named,
//! skipping over every other value whole, so that a key is found only at
//! its own depth. Nothing is parsed into a tree; what a lookup reads of an
//! object or array is kept for the next.

use std::collections::HashMap;

use crate::diag::tokens;

/// A JSON document's text, with what its lookups have read of it.
pub struct Walk<'a> {
    bytes: &'a [u8],
    /// By the position of its opening bracket, what was read of each
    /// object or array entered.
    read: HashMap<usize, Read>,
}

/// An object's members or an array's items read so far, each as the
/// position of its key (an item: its value) and of its value; and
/// where reading goes on (`None` at the end, or at text the walk
/// cannot read).
#[derive(Default)]
struct Read {
    members: HashMap<String, (usize, usize)>,
    items: Vec<usize>,
    next: Option<usize>,
}

impl<'a> Walk<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Walk {
            bytes,
            read: HashMap::new(),
        }
    }

    /// The byte position of the deepest token of `pointer` found, or
    /// `None` when not even the first is.
    pub fn find(&mut self, pointer: &str) -> Option<usize> {
        let mut value = blank(self.bytes, 0);
        let mut found = None;
        for token in tokens(pointer) {
            let at = match self.bytes.get(value)? {
                b'{' => self.member(value, &token),
                b'[' => token.parse().ok().and_then(|n| self.item(value, n)),
                _ => None,
            };
            let Some((at, next)) = at else { break };
            found = Some(at);
            value = next;
        }
        found
    }

    /// Where the key `name` of the object at `open` starts, and where
    /// its value starts.
    fn member(&mut self, open: usize, name: &str) -> Option<(usize, usize)> {
        let bytes = self.bytes;
        let read = self.read.entry(open).or_insert_with(|| Read {
            next: Some(blank(bytes, open + 1)),
            ..Read::default()
        });
        if let Some(found) = read.members.get(name) {
            return Some(*found);
        }
        while let Some(at) = read.next.take() {
            if bytes.get(at) != Some(&b'"') {
                break;
            }
            let Some(end) = string_end(bytes, at) else {
                break;
            };
            let value = blank(bytes, blank(bytes, end) + 1);
            read.next = after(bytes, value);
            let key = key(&bytes[at..end]);
            let hit = key.as_deref() == Some(name);
            if let Some(key) = key {
                read.members.entry(key).or_insert((at, value));
            }
            if hit {
                return Some((at, value));
            }
        }
        None
    }

    /// Where the `index`-th item of the array at `open` starts (as
    /// both its place and its value).
    fn item(&mut self, open: usize, index: usize) -> Option<(usize, usize)> {
        let bytes = self.bytes;
        let read = self.read.entry(open).or_insert_with(|| Read {
            next: Some(blank(bytes, open + 1)).filter(|at| bytes.get(*at) != Some(&b']')),
            ..Read::default()
        });
        while read.items.len() <= index {
            let at = read.next.take()?;
            read.items.push(at);
            read.next = after(bytes, at);
        }
        Some((read.items[index], read.items[index]))
    }
}

/// The quoted key `quoted` (quotes included), unescaped.
fn key(quoted: &[u8]) -> Option<String> {
    let inner = &quoted[1..quoted.len() - 1];
    if !inner.contains(&b'\\') {
        return std::str::from_utf8(inner).ok().map(str::to_owned);
    }
    std::str::from_utf8(quoted)
        .ok()
        .and_then(|q| serde_json::from_str(q).ok())
}

/// Where the member or item after the value at `value` starts (past its
/// comma): `None` at the end of its object or array, or at text the walk
/// cannot read.
fn after(bytes: &[u8], value: usize) -> Option<usize> {
    value_end(bytes, value)
        .map(|end| blank(bytes, end))
        .filter(|at| bytes.get(*at) == Some(&b','))
        .map(|comma| blank(bytes, comma + 1))
}

/// The first position from `at` that is not JSON whitespace.
fn blank(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
        at += 1;
    }
    at
}

/// Just past the string starting (at its quote) at `at`.
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    loop {
        match bytes.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// Just past the value starting at `at`.
fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => string_end(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match bytes.get(i)? {
                    b'"' => {
                        i = string_end(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let rest = &bytes[at..];
            let len = rest
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace())
                .unwrap_or(rest.len());
            Some(at + len)
        }
    }
}
