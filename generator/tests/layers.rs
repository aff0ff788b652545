//! The generator's modules import one way, down the pipeline: each module
//! uses only modules of the layers below its own (`LAYERS`), and no two
//! files of one folder use each other. Read from the code itself (every
//! `crate::` and `super::` path outside macros, parsed with syn: paths
//! inside `quote!` are generated code, not imports), so that a change that
//! ties the stages back together fails here, with the path that does it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit_mut::VisitMut;

/// The top-level modules from the bottom up: a module may use those of the
/// layers before its own, and none of its own layer or after. `source` is
/// under everything that reads a spec; `resolve` reads what `normalize`
/// writes; the emitters print the IR and know nothing of the spec;
/// `pipeline` runs the stages; `changes` compares what they give with the
/// crate on disk; the crate root only names them.
const LAYERS: &[&[&str]] = &[
    &["diag", "names", "ir", "write", "tokens"],
    &["source", "config"],
    &["normalize"],
    &["load"],
    &["resolve"],
    &["passes"],
    &["layout"],
    &["emit"],
    &["format", "surface"],
    &["render"],
    &["module"],
    &["pipeline"],
    &["build_script", "changes"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every `.rs` file under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file below `src` (`resolve/schema.rs` → `resolve::schema`,
/// `resolve/mod.rs` and `resolve.rs` → `resolve`).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The absolute module paths a file names: `crate::a::b…`, and
/// `super::…` resolved from where the file is.
struct Paths {
    here: Vec<String>,
    found: Vec<Vec<String>>,
}

impl Paths {
    fn absolute(&self, segments: &[String]) -> Option<Vec<String>> {
        match segments.first().map(String::as_str) {
            Some("crate") => Some(segments[1..].to_vec()),
            Some("super") => {
                // `here` is the file's own module (a folder's, for its
                // `mod.rs`): each `super` is one level up from it.
                let mut base = self.here.clone();
                let mut rest = segments;
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest = &rest[1..];
                }
                base.extend(rest.iter().cloned());
                Some(base)
            }
            _ => None,
        }
    }

    fn note(&mut self, segments: Vec<String>) {
        if let Some(path) = self.absolute(&segments) {
            self.found.push(path);
        }
    }

    fn use_tree(&mut self, prefix: Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                let mut next = prefix;
                next.push(p.ident.to_string());
                self.use_tree(next, &p.tree);
            }
            syn::UseTree::Name(n) => {
                let mut path = prefix;
                path.push(n.ident.to_string());
                self.note(path);
            }
            syn::UseTree::Rename(r) => {
                let mut path = prefix;
                path.push(r.ident.to_string());
                self.note(path);
            }
            syn::UseTree::Glob(_) => self.note(prefix),
            syn::UseTree::Group(g) => {
                for item in &g.items {
                    self.use_tree(prefix.clone(), item);
                }
            }
        }
    }
}

impl VisitMut for Paths {
    fn visit_item_use_mut(&mut self, item: &mut syn::ItemUse) {
        self.use_tree(Vec::new(), &item.tree);
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.note(segments);
        syn::visit_mut::visit_path_mut(self, path);
    }

    // A test module may use anything: it is not part of the pipeline.
    fn visit_item_mod_mut(&mut self, item: &mut syn::ItemMod) {
        let is_test = item.attrs.iter().any(|a| {
            a.path().is_ident("cfg") && a.meta.to_token_stream().to_string().contains("test")
        });
        if !is_test {
            syn::visit_mut::visit_item_mod_mut(self, item);
        }
    }
}

use quote::ToTokens;

/// (file's module, the modules it names) for every file of the generator.
fn imports() -> Vec<(Vec<String>, BTreeSet<Vec<String>>)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    all.sort();
    all.iter()
        .filter(|f| !f.ends_with("main.rs"))
        .map(|file| {
            let text = std::fs::read_to_string(file).unwrap();
            let mut parsed =
                syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let here = module_of(&src, file);
            let mut paths = Paths {
                here: here.clone(),
                found: Vec::new(),
            };
            paths.visit_file_mut(&mut parsed);
            (here, paths.found.into_iter().collect())
        })
        .collect()
}

#[test]
fn every_module_uses_only_the_layers_below_its_own() {
    let mut wrong = Vec::new();
    for (here, names) in imports() {
        let Some(top) = here.first() else {
            continue; // the crate root names every stage
        };
        let Some(own) = layer(top) else {
            wrong.push(format!("`{top}` is in no layer: add it to LAYERS"));
            continue;
        };
        for name in names {
            let Some(target) = name.first() else { continue };
            if target == top {
                continue;
            }
            match layer(target) {
                Some(other) if other < own => {}
                Some(_) => wrong.push(format!(
                    "{} uses `crate::{}`",
                    here.join("::"),
                    name.join("::")
                )),
                None => {}
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_two_files_of_a_folder_use_each_other() {
    // Edges between sibling files (not a folder's own module, which declares them).
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    let all = imports();
    let modules: BTreeSet<Vec<String>> = all.iter().map(|(m, _)| m.clone()).collect();
    for (here, names) in &all {
        for name in names {
            // The longest module the name lies in.
            let target = (1..=name.len())
                .rev()
                .map(|n| name[..n].to_vec())
                .find(|m| modules.contains(m));
            let Some(target) = target else { continue };
            let siblings = here.len() >= 2
                && target.len() == here.len()
                && target[..here.len() - 1] == here[..here.len() - 1]
                && target != *here;
            if siblings {
                edges.entry(here.clone()).or_default().insert(target);
            }
        }
    }
    let mut circles = Vec::new();
    for (a, targets) in &edges {
        for b in targets {
            if a < b && edges.get(b).is_some_and(|back| back.contains(a)) {
                circles.push(format!("{} <-> {}", a.join("::"), b.join("::")));
            }
        }
    }
    assert!(
        circles.is_empty(),
        "files that use each other:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_reading_finds_what_it_should() {
    // The check itself: a known import is seen, and generated code in a
    // `quote!` is not taken for one.
    let all = imports();
    let of = |module: &str| {
        all.iter()
            .find(|(m, _)| m.join("::") == module)
            .map(|(_, names)| names.clone())
            .unwrap_or_else(|| panic!("no module {module}"))
    };
    let load = of("load");
    assert!(
        load.iter()
            .any(|n| n.first().is_some_and(|t| t == "normalize")),
        "{load:?}"
    );
    let errors = of("emit::errors");
    assert!(
        errors.contains(&vec!["emit".to_string(), "payload_ty".to_string()]),
        "{errors:?}"
    );
    let operations = of("emit::operations");
    assert!(
        !operations
            .iter()
            .any(|n| n.get(1).is_some_and(|t| t == "errors")),
        "{operations:?}"
    );
}
