//! Where each model is used: by which operations (request, answer, error,
//! parameter) and in which other models. A model the description does not
//! describe is documented by its uses, which say more than its name again.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::ir::{Api, Payload, StreamKind, Streaming, Ty, TypeId, TypeKind, Use};

/// How many uses a model's docs name; the rest are counted.
const SHOWN: usize = 3;

pub fn run(api: &mut Api, _: &Config) -> Vec<Diagnostic> {
    let mut found: Vec<(TypeId, Use)> = Vec::new();
    let mut note = |ty: &Ty, place: &dyn Fn() -> Use| {
        ty.for_each_named(&mut |id| found.push((id, place())));
    };
    for (i, op) in api.operations.iter().enumerate() {
        if let Some(body) = &op.body {
            note(&body.ty, &|| Use::Request(i));
        }
        for p in &op.params {
            note(&p.ty, &|| Use::Param(i, p.wire_name.clone()));
        }
        for case in &op.success.cases {
            if let Payload::Json(ty) = &case.payload {
                note(ty, &|| Use::Response(i));
            }
        }
        if let Some(Streaming {
            kind: StreamKind::Events(Some(ty)),
            ..
        }) = &op.stream
        {
            note(ty, &|| Use::Response(i));
        }
        for e in &op.errors {
            if let Payload::Json(ty) = &e.payload {
                note(ty, &|| Use::Error(i));
            }
        }
    }
    for v in &api.server_variables {
        if let Some(id) = v.enum_type {
            note(&Ty::Named(id), &|| Use::ServerVariable(v.name.clone()));
        }
    }
    for (i, t) in api.types.iter().enumerate() {
        let parent = TypeId(i);
        match &t.kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    note(&f.ty, &|| Use::Field(parent, f.json_name.clone()));
                }
            }
            TypeKind::Union(u) => {
                for v in &u.variants {
                    note(&v.ty, &|| Use::Variant(parent));
                }
            }
            TypeKind::Alias(ty) => note(ty, &|| Use::Alias(parent)),
            TypeKind::Enum(_) => {}
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (id, place) in found {
        let Some(t) = api.types.get_mut(id.0) else {
            continue;
        };
        if !seen.insert((id, place.clone())) {
            continue;
        }
        t.uses.total += 1;
        if t.uses.first.len() < SHOWN {
            t.uses.first.push(place);
        }
    }
    Vec::new()
}
