//! The conversions every enum of wire strings shares, written once.

/// Implements `as_str`, `From<String>`, `From<&str>`, `Display`, `Serialize`
/// and `Deserialize` for an enum of known wire strings whose last variant
/// (named after `..`) keeps any other string as sent:
///
/// ```text
/// string_enum!(Status { Active("active"), Banned("banned"), ..Unknown });
/// ```
///
/// The generated code declares the enum itself, with its docs; this macro
/// adds the six impls, which are the same for every such enum but for the
/// names and strings. Writing them out per enum made them most of the
/// generated models and of the time spent formatting them.
macro_rules! string_enum {
    ($name:ident { $($variant:ident($value:literal),)* ..$other:ident }) => {
        impl string_enum::AsStr for $name {
            #[inline]
            fn as_text(&self) -> &str {
                self.as_str()
            }
        }

        impl $name {
            /// The value as it appears on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$other(value) => value.as_str(),
                }
            }
        }

        // Paths are spelled out: an API may have a model named `From` or
        // `String`, which would shadow the prelude's in the models module.
        impl ::std::convert::From<::std::string::String> for $name {
            #[inline]
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($value => Self::$variant,)*
                    _ => Self::$other(value),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            #[inline]
            fn from(value: &str) -> Self {
                Self::from(<::std::string::String as ::std::convert::From<&str>>::from(value))
            }
        }

        impl std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::std::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                deserializer.deserialize_str(string_enum::Known {
                    name: stringify!($name),
                    unknown: |value| ::std::matches!(value, Self::$other(_)),
                })
            }
        }
    };
}

pub(crate) use string_enum;

use std::fmt;

use serde::de::{self, Visitor};

use super::deviation;

/// The visitor of an enum's `Deserialize`: the value from the string, and
/// a value the enum does not know (`unknown` says) kept and reported, a
/// deviation (see `Decoding`), from inside the visitor so that its position
/// is the string's.
pub(crate) struct Known<T> {
    pub(crate) name: &'static str,
    pub(crate) unknown: fn(&T) -> bool,
}

impl<T: From<String> + AsStr> Known<T> {
    #[inline]
    fn check<E: de::Error>(self, value: T) -> Result<T, E> {
        if (self.unknown)(&value) {
            deviation(format_args!(
                "`{}` is not one of the values of `{}` the API description lists; kept as it is",
                value.as_text(),
                self.name
            ))
            .map_err(E::custom)?;
        }
        Ok(value)
    }
}

impl<T: From<String> + AsStr> Visitor<'_> for Known<T> {
    type Value = T;

    #[inline]
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        self.check(T::from(value.to_owned()))
    }

    #[inline]
    fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
        self.check(T::from(value))
    }
}

/// The wire text of an enum's value, for [`Known`]'s report.
pub(crate) trait AsStr {
    fn as_text(&self) -> &str;
}

#[cfg(test)]
mod tests {
    use super::super::string_enum;

    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    enum Status {
        Active,
        Banned,
        Other(String),
    }

    string_enum!(Status { Active("active"), Banned("banned"), ..Other });

    #[test]
    fn known_values_round_trip_and_unknown_ones_are_kept() {
        assert_eq!(Status::from("banned"), Status::Banned);
        assert_eq!(Status::Active.as_str(), "active");
        assert_eq!(Status::Banned.to_string(), "banned");
        let unknown: Status = serde_json::from_str("\"frozen\"").unwrap();
        assert_eq!(unknown, Status::Other("frozen".to_string()));
        assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"frozen\"");
        assert_eq!(
            serde_json::to_string(&Status::Active).unwrap(),
            "\"active\""
        );
        assert!(serde_json::from_str::<Status>("1").is_err());
    }

    #[test]
    fn an_unknown_value_is_a_deviation_placed_at_the_value() {
        use super::super::Decoding::{Lenient, Strict};
        let text = br#"["active", "frozen"]"#;
        let statuses: Vec<Status> = Lenient.decode(text).unwrap();
        assert_eq!(statuses[1], Status::Other("frozen".into()));
        let error = Strict.decode::<Vec<Status>>(text).unwrap_err();
        assert_eq!(error.pointer, "/1");
        assert!(
            error
                .to_string()
                .contains("`frozen` is not one of the values of `Status`"),
            "{error}"
        );
        assert!(Strict.decode::<Vec<Status>>(br#"["banned"]"#).is_ok());
    }
}
