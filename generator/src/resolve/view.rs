//! A uniform view of a schema.
//!
//! `openapiv3` splits schemas into typed variants, but real specs mix keywords
//! freely (`type: object` beside `allOf`, `properties` without `type`) and
//! those land in its catch-all variant. The resolver decides on this flat
//! view instead, so every combination is handled the same way.

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

pub struct View<'a> {
    pub typ: Option<&'a str>,
    pub format: Option<String>,
    pub properties: Vec<(&'a str, &'a ReferenceOr<Box<Schema>>)>,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
    pub items: Option<&'a ReferenceOr<Box<Schema>>>,
    /// String enum values; `null` entries are dropped (nullability is separate).
    pub enum_strings: Vec<&'a str>,
    pub all_of: &'a [ReferenceOr<Schema>],
    /// The `allOf` members that say what the value is, with their index:
    /// members with nothing but annotations (`{description: …}`, as AWS's
    /// specs put beside every `$ref`) are left out.
    pub all_of_typed: Vec<(usize, &'a ReferenceOr<Schema>)>,
    pub one_of: &'a [ReferenceOr<Schema>],
    pub any_of: &'a [ReferenceOr<Schema>],
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub discriminator: Option<&'a openapiv3::Discriminator>,
    /// A closed tuple, as `normalize` marks it.
    pub tuple: bool,
    /// `oneOf`/`anyOf`'s last member said only "or null", and is left out
    /// of `one_of`/`any_of` (see [`is_null_member`]).
    pub null_member: bool,
}

fn format<T: std::fmt::Debug>(f: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(item) => Some(kebab_of_debug(&format!("{item:?}"))),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// `DateTime` → `date-time`, `Int64` → `int64`: the spec's spelling of the
/// formats `openapiv3` knows.
fn kebab_of_debug(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

pub fn view(schema: &Schema) -> View<'_> {
    let mut v = View {
        typ: None,
        format: None,
        properties: Vec::new(),
        required: &[],
        additional: None,
        items: None,
        enum_strings: Vec::new(),
        all_of: &[],
        all_of_typed: Vec::new(),
        one_of: &[],
        any_of: &[],
        minimum: None,
        maximum: None,
        discriminator: schema.schema_data.discriminator.as_ref(),
        tuple: schema
            .schema_data
            .extensions
            .contains_key(crate::normalize::TUPLE),
        null_member: false,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            v.typ = Some("string");
            v.format = format(&s.format);
            v.enum_strings = s.enumeration.iter().flatten().map(String::as_str).collect();
        }
        SchemaKind::Type(Type::Number(n)) => {
            v.typ = Some("number");
            v.format = format(&n.format);
            v.minimum = n.minimum;
            v.maximum = n.maximum;
        }
        SchemaKind::Type(Type::Integer(n)) => {
            v.typ = Some("integer");
            v.format = format(&n.format);
            v.minimum = n.minimum.map(|m| m as f64);
            v.maximum = n.maximum.map(|m| m as f64);
        }
        SchemaKind::Type(Type::Object(o)) => {
            v.typ = Some("object");
            v.properties = o.properties.iter().map(|(k, s)| (k.as_str(), s)).collect();
            v.required = &o.required;
            v.additional = additional(o.additional_properties.as_ref());
        }
        SchemaKind::Type(Type::Array(a)) => {
            v.typ = Some("array");
            v.items = a.items.as_ref();
        }
        SchemaKind::Type(Type::Boolean(_)) => v.typ = Some("boolean"),
        SchemaKind::OneOf { one_of } => v.one_of = one_of,
        SchemaKind::AllOf { all_of } => v.all_of = all_of,
        SchemaKind::AnyOf { any_of } => v.any_of = any_of,
        SchemaKind::Not { .. } => {}
        SchemaKind::Any(a) => {
            v.typ = a.typ.as_deref();
            v.format = a.format.clone();
            v.properties = a.properties.iter().map(|(k, s)| (k.as_str(), s)).collect();
            v.required = &a.required;
            v.additional = additional(a.additional_properties.as_ref());
            v.items = a.items.as_ref();
            v.enum_strings = a.enumeration.iter().filter_map(|e| e.as_str()).collect();
            v.all_of = &a.all_of;
            v.one_of = &a.one_of;
            v.any_of = &a.any_of;
            v.minimum = a.minimum;
            v.maximum = a.maximum;
        }
    }
    v.all_of_typed = v
        .all_of
        .iter()
        .enumerate()
        .filter(|(_, m)| annotation_only(m).is_none())
        .collect();
    for members in [&mut v.one_of, &mut v.any_of] {
        if let [rest @ .., last] = *members {
            if !rest.is_empty() && is_null_member(last) {
                *members = rest;
                v.null_member = true;
            }
        }
    }
    v
}

/// OpenAPI 3.0 has no `null` type and a `$ref` takes nothing beside it, so
/// "this model, or null" is spelled with a last member that holds nothing
/// but `nullable`: `anyOf: [{$ref: X}, {type: object, nullable: true}]`.
/// Microsoft's OpenAPI.NET writes every nullable reference so (3,512 times
/// in Microsoft Graph's description). Read literally, a union of `X`, any
/// object and `null`, a type a caller must match on to reach the `X`; read
/// as meant, and as 3.1's `{type: 'null'}` member is, `X` or `null`: the
/// member is left out of the alternatives and the schema is nullable.
/// Only a last member beside others, with no keyword but `type: object`,
/// `nullable: true` and annotations, is one.
fn is_null_member(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(s) = member else {
        return false;
    };
    let data = &s.schema_data;
    data.nullable && data.discriminator.is_none() && data.default.is_none() && says_only_object(s)
}

/// Whether `schema` has no keyword but (at most) `type: object`: no
/// properties, items, members or bounds; annotations and `nullable` aside.
fn says_only_object(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => *o == openapiv3::ObjectType::default(),
        SchemaKind::Any(a) => {
            matches!(a.typ.as_deref(), None | Some("object"))
                && *a
                    == openapiv3::AnySchema {
                        typ: a.typ.clone(),
                        ..Default::default()
                    }
        }
        _ => false,
    }
}

/// `{type: object}` and annotations: not `{}`, already any value.
fn is_bare_object(schema: &Schema) -> bool {
    let typed = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) => true,
        SchemaKind::Any(a) => a.typ.as_deref() == Some("object"),
        _ => false,
    };
    typed && schema.schema_data.discriminator.is_none() && says_only_object(schema)
}

/// What `additionalProperties: true` says.
static ANY_VALUE: AdditionalProperties = AdditionalProperties::Any(true);

/// The `additionalProperties` of a schema as read: a bare `{type: object}`
/// there is AutoRest's way (Azure's descriptions) to say "any value", which
/// is what the .NET and other SDKs it generates read it as, and Azure's
/// services send arrays and strings under it (the datafactory and
/// appplatform descriptions' own examples). Read as "objects", those
/// answers were refused; read as any value, nothing is lost and a value
/// that is an object is read as before.
fn additional(found: Option<&AdditionalProperties>) -> Option<&AdditionalProperties> {
    match found {
        Some(AdditionalProperties::Schema(s)) if matches!(&**s, ReferenceOr::Item(item) if is_bare_object(item)) => {
            Some(&ANY_VALUE)
        }
        other => other,
    }
}

/// The member itself when it is an inline schema with nothing but
/// annotations (description, title, nullable, example, …).
pub fn annotation_only(member: &ReferenceOr<Schema>) -> Option<&Schema> {
    match member {
        ReferenceOr::Item(s)
            if s.schema_data.discriminator.is_none()
                && matches!(&s.schema_kind, SchemaKind::Any(a) if *a == openapiv3::AnySchema::default()) =>
        {
            Some(s)
        }
        _ => None,
    }
}

/// The annotation-only `allOf` members of a schema.
pub fn annotations(schema: &Schema) -> impl Iterator<Item = &Schema> {
    let all_of: &[ReferenceOr<Schema>] = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(a) => &a.all_of,
        _ => &[],
    };
    all_of.iter().filter_map(annotation_only)
}

impl<'a> View<'a> {
    /// Whether this schema becomes a struct of its own.
    pub fn is_struct(&self) -> bool {
        let object_like = matches!(self.typ, None | Some("object"));
        object_like
            && (!self.properties.is_empty()
                || (!self.all_of_typed.is_empty() && !self.is_plain_wrapper()))
    }

    /// `oneOf`/`anyOf` with more than one alternative and no properties.
    pub fn is_union(&self) -> bool {
        self.properties.is_empty() && self.all_of_typed.is_empty() && self.alternatives().len() > 1
    }

    /// The `oneOf` alternatives, or else the `anyOf` ones.
    pub fn alternatives(&self) -> &'a [ReferenceOr<Schema>] {
        if self.one_of.is_empty() {
            self.any_of
        } else {
            self.one_of
        }
    }

    /// `allOf: [$ref]` with nothing beside it but annotations: just another
    /// name for the target.
    pub fn is_plain_wrapper(&self) -> bool {
        self.properties.is_empty()
            && ((self.all_of_typed.len() == 1 && self.alternatives().is_empty())
                || (self.all_of_typed.is_empty() && self.alternatives().len() == 1))
    }

    /// The single schema a plain wrapper stands for, its keyword and index.
    pub fn wrapped(&self) -> Option<(&'a ReferenceOr<Schema>, &'static str, usize)> {
        if !self.is_plain_wrapper() {
            return None;
        }
        if let Some((i, first)) = self.all_of_typed.first() {
            return Some((first, "allOf", *i));
        }
        let keyword = if self.one_of.is_empty() {
            "anyOf"
        } else {
            "oneOf"
        };
        self.alternatives().first().map(|s| (s, keyword, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("a schema")
    }

    #[test]
    fn a_last_member_saying_only_or_null_is_left_out() {
        let graph = schema(
            "anyOf: [{$ref: '#/components/schemas/x'}, {type: object, nullable: true}]\n\
             description: The user's calendar.",
        );
        let v = view(&graph);
        assert_eq!(v.alternatives().len(), 1);
        assert!(v.null_member && v.is_plain_wrapper());
        let described =
            schema("oneOf: [{type: string}, {type: integer}, {nullable: true, title: none}]");
        let v = view(&described);
        assert_eq!(v.alternatives().len(), 2);
        assert!(v.null_member && v.is_union());
    }

    #[test]
    fn a_member_that_says_more_or_stands_alone_stays() {
        for text in [
            // An object with properties is an alternative of its own.
            "anyOf: [{$ref: '#/x'}, {type: object, nullable: true, properties: {a: {type: string}}}]",
            // Not nullable: any object.
            "anyOf: [{$ref: '#/x'}, {type: object}]",
            // A nullable string is a string.
            "anyOf: [{$ref: '#/x'}, {type: string, nullable: true}]",
            // Not last.
            "anyOf: [{type: object, nullable: true}, {$ref: '#/x'}]",
            // Nothing else to be.
            "anyOf: [{type: object, nullable: true}]",
        ] {
            let s = schema(text);
            let v = view(&s);
            assert!(!v.null_member, "{text}");
            assert_eq!(v.alternatives().len(), v.any_of.len(), "{text}");
        }
    }

    #[test]
    fn a_map_of_bare_objects_is_a_map_of_any_value() {
        let any = |text: &str| {
            let s = schema(text);
            matches!(view(&s).additional, Some(AdditionalProperties::Any(true)))
        };
        // Java's `Map<String, Object>` by springfox, .NET's by AutoRest.
        assert!(any("type: object\nadditionalProperties: {type: object}"));
        assert!(any(
            "additionalProperties: {type: object, description: a value}"
        ));
        assert!(any("additionalProperties: {type: object, nullable: true}"));
        for text in [
            // Objects of a shape, or of a model.
            "additionalProperties: {type: object, properties: {a: {type: string}}}",
            "additionalProperties: {type: object, additionalProperties: {type: string}}",
            "additionalProperties: {$ref: '#/components/schemas/x'}",
            // Strings, and `{}` (already any value, as a typed map).
            "additionalProperties: {type: string}",
            "additionalProperties: {}",
        ] {
            assert!(!any(text), "{text}");
        }
    }
}
