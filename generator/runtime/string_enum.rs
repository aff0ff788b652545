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
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)
                    .map(<Self as ::std::convert::From<::std::string::String>>::from)
            }
        }
    };
}

pub(crate) use string_enum;

#[cfg(test)]
mod tests {
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
        assert_eq!(serde_json::to_string(&Status::Active).unwrap(), "\"active\"");
        assert!(serde_json::from_str::<Status>("1").is_err());
    }
}
