//! Models of the same shape become one type: the others are type aliases of
//! it.
//!
//! Specs repeat schemas under other names: GitHub's `nullable-repository`
//! is `repository` with `nullable: true` at the top (which only changes how
//! the places that use it read `null`); 174 of its 800 structs and 155 of
//! its 298 enums are twins of another, a sixth of all model fields. Each copy
//! costs the compiler a struct and its serde impls, and a user holding a
//! `NullableSimpleUser` could not pass it where a `SimpleUser` is taken. Twins are models whose fields
//! (names, wire names, docs, types, presence) or variants are the same, and
//! whose fields name twins in turn: a bisimulation, found by refining a
//! partition (Moore's algorithm) so that cycles through the graph merge as
//! well as trees. Each round looks at each type once and every round but the
//! last splits a class, so the work is linear in the types per round, never
//! in the paths through the graph; the corpus' specs settle in three rounds
//! or fewer.
//!
//! The type that stays is a component's own schema before an inline one,
//! then the shorter name, then the first in the spec; each twin keeps its
//! name, its docs and its schema pointer as an alias. Its docs name the
//! schema it was made from, and operations keep naming the type the spec
//! names, so nothing a user sees changes but the `pub type` line.

use std::collections::HashMap;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::ir::{Api, Operation, Payload, Ty, TypeDef, TypeId, TypeKind};

/// Merges the twins of `api`, keeping the server variables' enums as they
/// are (see [`share`]).
pub fn run(api: &mut Api, _: &Config) -> Vec<Diagnostic> {
    let keep: Vec<TypeId> = api
        .server_variables
        .iter()
        .filter_map(|v| v.enum_type)
        .collect();
    share(&mut api.types, &mut api.operations, &keep);
    Vec::new()
}

/// Turns every twin into an alias of its class's representative. `keep`
/// names types that must stay as they are (a server variable's enum, whose
/// gate is set afterwards). Operations' page and error types are rewritten
/// to the representatives, so that two page models of the same shape have
/// one `Page` impl and two error lists that differ only by twins share one
/// error enum.
fn share(types: &mut [TypeDef], operations: &mut [Operation], keep: &[TypeId]) {
    let mergeable = |i: usize, t: &TypeDef| {
        !keep.contains(&TypeId(i))
            && matches!(
                t.kind,
                TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_)
            )
    };
    // Each type's shape with the models it names blanked out, and those
    // models in the order the shape holds them.
    let mut shapes: HashMap<String, usize> = HashMap::new();
    let mut class: Vec<usize> = Vec::with_capacity(types.len());
    let mut refs: Vec<Vec<usize>> = Vec::with_capacity(types.len());
    for (i, t) in types.iter().enumerate() {
        let mut kind = t.kind.clone();
        let mut names = Vec::new();
        blank(&mut kind, &mut names);
        // Not a model of its own (an alias, a kept type): a class of its own.
        let shape = if mergeable(i, t) {
            format!("{kind:?}")
        } else {
            format!("#{i}")
        };
        let next = shapes.len();
        class.push(*shapes.entry(shape).or_insert(next));
        refs.push(names.iter().map(|id| id.0).collect());
    }
    let mut count = shapes.len();
    drop(shapes);
    loop {
        let mut ids: HashMap<(usize, Vec<usize>), usize> = HashMap::new();
        let next_class: Vec<usize> = (0..types.len())
            .map(|i| {
                let key = (
                    class[i],
                    refs[i]
                        .iter()
                        .map(|&j| class.get(j).copied().unwrap_or(usize::MAX))
                        .collect(),
                );
                let next = ids.len();
                *ids.entry(key).or_insert(next)
            })
            .collect();
        class = next_class;
        if ids.len() == count {
            break;
        }
        count = ids.len();
    }

    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (i, &c) in class.iter().enumerate() {
        members[c].push(i);
    }
    let mut representative: HashMap<TypeId, TypeId> = HashMap::new();
    for group in members.iter().filter(|m| m.len() > 1) {
        let keep = *group
            .iter()
            .min_by_key(|&&i| (!is_component(&types[i]), types[i].name.len(), i))
            .expect("a class has members");
        let builder = group.iter().any(|&i| match &types[i].kind {
            TypeKind::Struct(s) => s.builder,
            _ => false,
        });
        if let TypeKind::Struct(s) = &mut types[keep].kind {
            s.builder = builder;
        }
        for &i in group.iter().filter(|&&i| i != keep) {
            types[i].kind = TypeKind::Alias(Ty::Named(TypeId(keep)));
            representative.insert(TypeId(i), TypeId(keep));
        }
    }
    if representative.is_empty() {
        return;
    }
    for op in operations {
        if let Some(p) = &mut op.pagination {
            if let Some(page) = &mut p.page_ty {
                rename(page, &representative);
            }
            p.item_ty
                .for_each_named_mut(&mut |id| rename(id, &representative));
        }
        for e in &mut op.errors {
            if let Payload::Json(ty) = &mut e.payload {
                ty.for_each_named_mut(&mut |id| rename(id, &representative));
            }
        }
    }
}

/// A component's own schema (`/components/schemas/user`), not one inline
/// in it or in an operation.
fn is_component(t: &TypeDef) -> bool {
    t.pointer
        .strip_prefix("/components/schemas/")
        .is_some_and(|rest| !rest.contains('/'))
}

/// Blanks every model `kind` names, pushing each to `names`, and clears
/// what twins need not agree on (whether a struct is sent, which gives it a
/// builder: the type that stays has one if any twin did).
fn blank(kind: &mut TypeKind, names: &mut Vec<TypeId>) {
    match kind {
        TypeKind::Struct(s) => {
            s.builder = false;
            for f in &mut s.fields {
                take(&mut f.ty, names);
            }
            if let Some((_, ty)) = &mut s.additional {
                take(ty, names);
            }
        }
        TypeKind::Union(u) => {
            for v in &mut u.variants {
                take(&mut v.ty, names);
            }
        }
        TypeKind::Alias(ty) => take(ty, names),
        TypeKind::Enum(_) => {}
    }
}

fn take(ty: &mut Ty, names: &mut Vec<TypeId>) {
    ty.for_each_named_mut(&mut |id| names.push(std::mem::replace(id, TypeId(usize::MAX))));
}

/// `id`, or the type kept for it when it is a twin.
fn rename(id: &mut TypeId, to: &HashMap<TypeId, TypeId>) {
    if let Some(r) = to.get(id) {
        *id = *r;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, Presence};
    use crate::passes::test_models::model;

    fn field(name: &str, ty: Ty) -> Field {
        crate::passes::test_models::field(name, ty, Presence::Optional)
    }

    /// The model at place `at` of the test's list.
    fn named(at: usize) -> Ty {
        Ty::Named(TypeId(at))
    }

    fn aliases(types: &[TypeDef]) -> Vec<(String, String)> {
        types
            .iter()
            .filter_map(|t| match &t.kind {
                TypeKind::Alias(Ty::Named(to)) => Some((t.name.clone(), types[to.0].name.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn twins_through_fields_and_cycles_become_aliases_of_the_component() {
        let mut types = vec![
            // Inline, so not the one that stays though first.
            model(
                "ListUser",
                "/paths/~1users/get",
                vec![field("id", Ty::I64), field("next", named(0))],
            ),
            model(
                "NullableUser",
                "/components/schemas/nullable-user",
                vec![field("id", Ty::I64), field("next", named(1))],
            ),
            model(
                "User",
                "/components/schemas/user",
                vec![field("id", Ty::I64), field("next", named(2))],
            ),
            model(
                "Team",
                "/components/schemas/team",
                vec![field("lead", named(2))],
            ),
            model(
                "NullableTeam",
                "/components/schemas/nullable-team",
                vec![field("lead", named(1))],
            ),
            // The same fields naming a type of another shape: not a twin.
            model(
                "Group",
                "/components/schemas/group",
                vec![field("lead", named(6))],
            ),
            model(
                "Other",
                "/components/schemas/other",
                vec![field("id", Ty::String)],
            ),
        ];
        share(&mut types, &mut [], &[]);
        assert_eq!(
            aliases(&types),
            [
                ("ListUser".to_string(), "User".to_string()),
                ("NullableUser".to_string(), "User".to_string()),
                ("NullableTeam".to_string(), "Team".to_string()),
            ]
        );
        // What stays keeps its own fields as they were.
        let TypeKind::Struct(s) = &types[2].kind else {
            panic!("User stays a struct")
        };
        assert_eq!(s.fields[1].ty, named(2));
    }

    #[test]
    fn a_different_doc_wire_name_or_presence_keeps_types_apart() {
        let base = || vec![field("id", Ty::I64)];
        let mut doc = base();
        doc[0].doc = Some("The id.".into());
        let mut wire = base();
        wire[0].json_name = "ID".into();
        let mut presence = base();
        presence[0].presence = Presence::Required;
        let mut types = vec![
            model("A", "/components/schemas/a", base()),
            model("B", "/components/schemas/b", doc),
            model("C", "/components/schemas/c", wire),
            model("D", "/components/schemas/d", presence),
            model("E", "/components/schemas/e", base()),
        ];
        share(&mut types, &mut [], &[]);
        assert_eq!(aliases(&types), [("E".to_string(), "A".to_string())]);
    }

    #[test]
    fn a_kept_type_stays_and_a_request_twin_gives_the_builder() {
        let mut body = model(
            "CreateBody",
            "/paths/~1a/post/requestBody",
            vec![field("id", Ty::I64)],
        );
        if let TypeKind::Struct(s) = &mut body.kind {
            s.builder = true;
        }
        let mut types = vec![
            model(
                "Kept",
                "/components/schemas/kept",
                vec![field("id", Ty::I64)],
            ),
            model(
                "Item",
                "/components/schemas/item",
                vec![field("id", Ty::I64)],
            ),
            body,
        ];
        share(&mut types, &mut [], &[TypeId(0)]);
        assert_eq!(
            aliases(&types),
            [("CreateBody".to_string(), "Item".to_string())]
        );
        assert!(matches!(&types[1].kind, TypeKind::Struct(s) if s.builder));
    }
}
