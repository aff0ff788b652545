//! Models for the passes' tests, built without a spec.

use crate::ir::{Field, Presence, Struct, Ty, TypeDef, TypeKind};

/// A field named `name` on the wire too.
pub fn field(name: &str, ty: Ty, presence: Presence) -> Field {
    Field {
        name: name.into(),
        json_name: name.into(),
        doc: None,
        ty,
        presence,
        boxed: false,
        deprecated: false,
    }
}

/// A struct of `fields`, from `pointer`.
pub fn model(name: &str, pointer: &str, fields: Vec<Field>) -> TypeDef {
    TypeDef {
        name: name.into(),
        doc: None,
        kind: TypeKind::Struct(Struct {
            fields,
            builder: false,
            additional: None,
            tag: None,
        }),
        pointer: pointer.into(),
        gate: Default::default(),
        uses: Default::default(),
    }
}
