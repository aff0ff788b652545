//! Stage 0, under every other: the files a spec is read from, their text
//! as JSON values, and where in them a diagnostic is. `load`, `normalize`
//! and the command line use it; it uses nothing of theirs.

mod json_walk;
pub mod locate;
mod parse;
mod yaml;

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Report};
use locate::Finder;

pub use parse::{check_depth, is_json, parse_value, MAX_NESTING};

/// One file read: its name as shown in messages, its text and its parsed form.
pub struct Source {
    pub name: String,
    pub path: Option<PathBuf>,
    pub text: String,
}

/// Where an object of the normalized document came from.
#[derive(Debug, Default)]
pub struct SourceMap {
    /// Pointer in the result → (file index, pointer in that file), sorted.
    entries: Vec<(String, usize, String)>,
}

impl SourceMap {
    /// The file and pointer in it that `pointer` (in the result) stands for:
    /// the closest stamped ancestor's origin plus the rest of the path; the
    /// root file and the same pointer where nothing moved.
    pub fn origin(&self, pointer: &str) -> (usize, String) {
        let mut best: Option<&(String, usize, String)> = None;
        for entry in &self.entries {
            let p = entry.0.as_str();
            let matches = pointer.starts_with(p)
                && (pointer.len() == p.len() || pointer.as_bytes()[p.len()] == b'/');
            if matches && best.is_none_or(|b| b.0.len() < p.len()) {
                best = Some(entry);
            }
        }
        match best {
            Some((p, file, origin)) => (*file, format!("{origin}{}", &pointer[p.len()..])),
            None => (0, pointer.to_string()),
        }
    }
}

impl SourceMap {
    /// A map of `entries`: (pointer in the result, file index, pointer in
    /// that file), sorted.
    pub fn new(entries: Vec<(String, usize, String)>) -> Self {
        SourceMap { entries }
    }
}

/// The files a document came from (the root first) and the map from the
/// document's pointers back into them: what places a diagnostic.
#[derive(Default)]
pub struct Sources {
    pub files: Vec<Source>,
    pub map: SourceMap,
}

impl Sources {
    /// One file, nothing moved.
    pub fn single(file: Source) -> Self {
        Sources {
            files: vec![file],
            map: SourceMap::default(),
        }
    }

    /// The diagnostics, each placed in its file: the line and column of its
    /// pointer, through the map when the pointer is one of the normalized
    /// document, and the source line at that position.
    pub fn place(&self, diagnostics: Vec<Diagnostic>) -> Report {
        place(&self.files, &self.map, diagnostics)
    }
}

/// See [`Sources::place`].
fn place(files: &[Source], map: &SourceMap, diagnostics: Vec<Diagnostic>) -> Report {
    let mut finders: Vec<Option<Finder>> = (0..files.len()).map(|_| None).collect();
    let diagnostics = diagnostics
        .into_iter()
        .map(|mut d| {
            let file = match (&d.file, &d.pointer) {
                (Some(name), _) => files.iter().position(|f| *f.name == **name).unwrap_or(0),
                (None, Some(pointer)) if d.line.is_none() => {
                    let (file, origin) = map.origin(pointer);
                    d.pointer = Some(origin);
                    file
                }
                _ => 0,
            };
            if file != 0 {
                d.file = Some(files[file].name.as_str().into());
            }
            let finder = finders[file].get_or_insert_with(|| Finder::new(&files[file].text));
            place_in(finder, d)
        })
        .collect();
    Report {
        file: files[0].name.clone(),
        diagnostics,
    }
}

fn place_in(finder: &mut Finder, mut d: Diagnostic) -> Diagnostic {
    if d.line.is_none() {
        if let Some((line, column)) = d.pointer.as_deref().and_then(|p| finder.find(p)) {
            d = d.line_col(line, column);
        }
    }
    d.with_snippet(finder.lines())
}

/// Reads the file at `path` as UTF-8 text.
pub fn read(path: &Path) -> Result<Source, Report> {
    let file = path.display().to_string();
    let fail = |d: Diagnostic| Report {
        file: file.clone(),
        diagnostics: vec![d],
    };
    let bytes = std::fs::read(path)
        .map_err(|e| fail(Diagnostic::error(format!("cannot read the file: {e}"))))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        fail(Diagnostic::error(format!(
            "the file is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )))
    })?;
    Ok(Source {
        name: file,
        // Other files are found relative to this one, and a reference
        // back to it must be recognised whatever its spelling.
        path: path.canonicalize().ok(),
        text,
    })
}
