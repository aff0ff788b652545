//! The pieces every model's `Deserialize` impl (in `wire.rs`) shares.
//!
//! Models' serde impls are written out by the generator instead of derived:
//! expanding `#[derive(Deserialize)]` was most of the time it took to compile
//! a generated crate (BENCHMARKS.md, section 4). What each impl would repeat
//! lives here once.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A property name as read from the input: borrowed from it when the format
/// allows (JSON without escapes in the name), so that most names cost no
/// allocation.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    #[inline]
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl<'de> Visitor<'de> for Name {
            type Value = Key<'de>;
            #[inline]
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_identifier(Name)
    }
}

/// Reads the value of property `name` into `slot`; a property sent twice is
/// an error, as with derived impls.
#[inline]
pub(crate) fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads and drops the value of a property the model does not declare: new
/// properties added to the API later must not break decoding.
#[inline]
pub(crate) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The error for an object without some of its required properties, naming
/// the first missing one: `missing` pairs "is it missing" with the name.
pub(crate) fn missing<E: de::Error>(missing: &[(bool, &'static str)]) -> E {
    let name = missing.iter().find(|(absent, _)| *absent).map_or("", |(_, name)| name);
    E::missing_field(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model as the generator writes it: one required, one optional field.
    #[derive(Debug, PartialEq)]
    struct Pet {
        name: String,
        age: Option<u8>,
    }

    impl<'de> Deserialize<'de> for Pet {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Fields;
            impl<'de> Visitor<'de> for Fields {
                type Value = Pet;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object (Pet)")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pet, A::Error> {
                    let (mut name, mut age) = (None, None);
                    while let Some(key) = map.next_key::<Key<'de>>()? {
                        match key.as_str() {
                            "name" => field(&mut name, &mut map, "name"),
                            "age" => field(&mut age, &mut map, "age"),
                            _ => skip(&mut map),
                        }?;
                    }
                    match name {
                        Some(name) => Ok(Pet {
                            name,
                            age: age.unwrap_or_default(),
                        }),
                        None => Err(missing(&[(true, "name")])),
                    }
                }
            }
            deserializer.deserialize_map(Fields)
        }
    }

    fn pet(json: &str) -> Result<Pet, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn fields_are_read_by_name_and_others_skipped() {
        let expected = Pet {
            name: "Rex".into(),
            age: Some(3),
        };
        assert_eq!(pet(r#"{"age": 3, "extra": [1, {"a": null}], "name": "Rex"}"#), Ok(expected));
        // An escaped name is not borrowed from the input, and still matches.
        assert_eq!(pet(r#"{"n\u0061me": "Rex"}"#).unwrap().name, "Rex");
        // From a reader nothing can be borrowed either.
        let read: Pet = serde_json::from_reader(&br#"{"name": "Rex"}"#[..]).unwrap();
        assert_eq!(read.age, None);
    }

    #[test]
    fn missing_duplicate_and_mistyped_properties_are_errors_naming_them() {
        assert!(pet(r#"{"age": 3}"#).unwrap_err().starts_with("missing field `name`"));
        assert!(pet(r#"{"name": "a", "name": "b"}"#)
            .unwrap_err()
            .starts_with("duplicate field `name`"));
        assert!(pet(r#"{"name": 1}"#).unwrap_err().contains("expected a string"));
        assert!(pet(r#"["Rex"]"#).unwrap_err().contains("expected an object (Pet)"));
        assert!(pet(r#"{"name": "Rex", "age": null}"#).is_ok());
    }
}
