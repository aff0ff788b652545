//! OData's `@odata.type`, which descriptions converted from an OData
//! service (Microsoft Graph's, by its OpenAPI.NET.OData converter) mark as
//! required, is not sent with every value: an OData service leaves it out
//! of a value whose type is the one the service declares there, and sends
//! it only to say that a value is of a derived type (OData JSON Format
//! 4.01, section 4.5.3, "Control Information: type"). A client holding to
//! `required` refuses every such answer: Graph's user with its licenses
//! (`assignedLicenses: [{"disabledPlans": [], "skuId": "…"}]`) did not
//! decode.
//!
//! So a required `@odata.type` property is optional (`Option`, or
//! `Nullable` where it was required and nullable), one warning for all of
//! them, and a union whose discriminator is `@odata.type` reads a value
//! without it as its base, as OData means it, instead of reporting it as a
//! kind it does not know. `[models] odata_type_optional = false` keeps the
//! schemas' word.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::ir::{Api, Presence, TypeKind};

/// The property OData's control information for a value's type is sent in.
const ODATA_TYPE: &str = "@odata.type";

pub fn run(api: &mut Api, config: &Config) -> Vec<Diagnostic> {
    if !config.models.odata_type_optional {
        return Vec::new();
    }
    let mut relaxed = 0;
    let mut first = None;
    for def in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in s.fields.iter_mut().filter(|f| f.json_name == ODATA_TYPE) {
                    let presence = match field.presence {
                        Presence::Required => Presence::Optional,
                        Presence::RequiredNullable => Presence::OptionalNullable,
                        _ => continue,
                    };
                    field.presence = presence;
                    relaxed += 1;
                    first.get_or_insert_with(|| (def.name.clone(), def.pointer.clone()));
                }
            }
            TypeKind::Union(u) => {
                u.absent_tag_is_base = u.fallback && u.tag.as_deref() == Some(ODATA_TYPE);
            }
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
    let Some((name, pointer)) = first else {
        return Vec::new();
    };
    let others = match relaxed {
        1 => String::new(),
        2 => " and 1 other model".to_string(),
        n => format!(" and {} other models", n - 1),
    };
    vec![Diagnostic::warning(format!(
        "`@odata.type` is optional in `{name}`{others}, though their schemas require it: an OData service leaves it out of a value of the type it declares (`[models] odata_type_optional = false` keeps it required)"
    ))
    .at(&pointer)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Gate, Ty, TypeDef, Union, UnionVariant};
    use crate::passes::test_models::{field, model};

    fn api_of(types: Vec<TypeDef>) -> Api {
        Api {
            types,
            ..Api::default()
        }
    }

    fn presences(api: &Api, i: usize) -> Vec<Presence> {
        match &api.types[i].kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.presence).collect(),
            _ => panic!("not a struct"),
        }
    }

    fn base(tag: &str) -> TypeDef {
        let kind = UnionVariant {
            name: "Entity".into(),
            ty: Ty::String,
            tags: Vec::new(),
            boxed: false,
            gate: Gate::Always,
        };
        TypeDef {
            kind: TypeKind::Union(Union {
                variants: vec![kind],
                tag: Some(tag.into()),
                unknown: "Entity".into(),
                fallback: true,
                absent_tag_is_base: false,
            }),
            ..model("EntityKinds", "#/components/schemas/entity", Vec::new())
        }
    }

    #[test]
    fn a_required_odata_type_is_optional_and_said_once() {
        let license = model(
            "AssignedLicense",
            "#/components/schemas/assignedLicense",
            vec![
                field("@odata.type", Ty::String, Presence::Required),
                field("skuId", Ty::String, Presence::Required),
            ],
        );
        let info = model(
            "Info",
            "#/components/schemas/info",
            vec![field("@odata.type", Ty::String, Presence::RequiredNullable)],
        );
        let mut api = api_of(vec![license, info, base("@odata.type")]);
        let said = run(&mut api, &Config::default());
        assert_eq!(
            presences(&api, 0),
            [Presence::Optional, Presence::Required],
            "only `@odata.type`"
        );
        assert_eq!(presences(&api, 1), [Presence::OptionalNullable]);
        assert_eq!(said.len(), 1);
        assert!(
            said[0]
                .message
                .contains("`AssignedLicense` and 1 other model"),
            "{}",
            said[0].message
        );
        let TypeKind::Union(u) = &api.types[2].kind else {
            panic!("not a union")
        };
        assert!(u.absent_tag_is_base);
    }

    #[test]
    fn another_tag_and_the_configuration_keep_the_schemas_word() {
        let mut api = api_of(vec![base("kind")]);
        assert!(run(&mut api, &Config::default()).is_empty());
        let TypeKind::Union(u) = &api.types[0].kind else {
            panic!("not a union")
        };
        assert!(!u.absent_tag_is_base, "only OData's tag");

        let mut config = Config::default();
        config.models.odata_type_optional = false;
        let required = field("@odata.type", Ty::String, Presence::Required);
        let mut api = api_of(vec![model("M", "#/m", vec![required])]);
        assert!(run(&mut api, &config).is_empty());
        assert_eq!(presences(&api, 0), [Presence::Required]);
    }
}
