//! The models sent in request bodies get constructors and setters.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::ir::{Api, Ty, TypeKind};

/// Marks every struct reachable from a request body as needing a builder.
pub fn run(api: &mut Api, _: &Config) -> Vec<Diagnostic> {
    let (types, operations) = (&mut api.types, &api.operations);
    let mut stack: Vec<usize> = Vec::new();
    let push_ty = |ty: &Ty, stack: &mut Vec<usize>| {
        ty.for_each_named(&mut |id| stack.push(id.0));
    };
    for op in operations {
        if let Some(body) = &op.body {
            push_ty(&body.ty, &mut stack);
        }
    }
    let mut seen = vec![false; types.len()];
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        match &mut types[i].kind {
            TypeKind::Struct(s) => {
                s.builder = true;
                for f in &s.fields {
                    push_ty(&f.ty, &mut stack);
                }
            }
            TypeKind::Alias(ty) => push_ty(ty, &mut stack),
            TypeKind::Union(u) => {
                for v in &u.variants {
                    push_ty(&v.ty, &mut stack);
                }
            }
            TypeKind::Enum(_) => {}
        }
    }
    Vec::new()
}
