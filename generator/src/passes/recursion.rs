//! Types that contain themselves are boxed where the cycle closes.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::ir::{Api, Ty, TypeKind};

/// A struct that contains itself without indirection (directly or through
/// other structs) has infinite size; the fields that close such a cycle are
/// boxed. `Vec` and maps already allocate, so they break cycles.
pub fn run(api: &mut Api, _: &Config) -> Vec<Diagnostic> {
    let types = &mut api.types;
    let direct = |ty: &Ty| -> Option<usize> {
        match ty {
            Ty::Named(id) => Some(id.0),
            _ => None,
        }
    };
    // Edges that are stored inline: struct fields and aliases.
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
            TypeKind::Alias(ty) => direct(ty).into_iter().collect(),
            TypeKind::Union(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
            TypeKind::Enum(_) => Vec::new(),
        })
        .collect();
    let reaches = |from: usize, to: usize| -> bool {
        let mut stack = vec![from];
        let mut seen = vec![false; edges.len()];
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if !std::mem::replace(&mut seen[n], true) {
                stack.extend(&edges[n]);
            }
        }
        false
    };
    let mut to_box = Vec::new();
    for (i, t) in types.iter().enumerate() {
        let inner: Vec<&Ty> = match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(_) | TypeKind::Enum(_) => Vec::new(),
        };
        for (j, ty) in inner.into_iter().enumerate() {
            if direct(ty).is_some_and(|target| reaches(target, i)) {
                to_box.push((i, j));
            }
        }
    }
    for (i, j) in to_box {
        match &mut types[i].kind {
            TypeKind::Struct(s) => s.fields[j].boxed = true,
            TypeKind::Union(u) => u.variants[j].boxed = true,
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
    Vec::new()
}
