use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field that is optional *and* nullable: it can be left out of the JSON
/// object, sent as `null`, or sent with a value.
///
/// Plain `Option<T>` cannot tell "leave the stored value alone" from "clear
/// it", which is exactly the difference an API such as Clerk's makes for
/// fields like `redirect_url`. The models' fields of this type are
/// `optional_nullable` in `serde_object!`; in a struct of your own that
/// derives serde, use it with
/// `#[serde(default, skip_serializing_if = "Nullable::is_omitted")]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// The field is not sent at all (and was absent when decoding).
    #[default]
    Omitted,
    /// The field is sent as JSON `null`.
    Null,
    /// The field is sent with this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// `true` when the field is left out (and so not written).
    pub fn is_omitted(&self) -> bool {
        matches!(self, Nullable::Omitted)
    }

    /// `true` when the field is an explicit `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Omitted => Nullable::Omitted,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(v),
        }
    }

    /// The value as an `Option`, forgetting whether it was omitted or null.
    pub fn value(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            Nullable::Omitted | Nullable::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes an explicit `null`.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => Nullable::Value(v),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // `Omitted` only reaches here when the struct's impl does not
            // skip omitted fields; `null` is the closest honest encoding.
            Nullable::Omitted | Nullable::Null => serializer.serialize_none(),
            Nullable::Value(v) => serializer.serialize_some(v),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A missing field never reaches this point: the struct's impl makes
        // it `Omitted` (its default). What arrives is either `null` or a value.
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(v) => Nullable::Value(v),
            None => Nullable::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Probe {
        #[serde(default, skip_serializing_if = "Nullable::is_omitted")]
        field: Nullable<String>,
    }

    #[test]
    fn three_states_round_trip() {
        for (value, json) in [
            (Nullable::Omitted, r#"{}"#),
            (Nullable::Null, r#"{"field":null}"#),
            (Nullable::Value("x".to_string()), r#"{"field":"x"}"#),
        ] {
            let probe = Probe { field: value };
            assert_eq!(serde_json::to_string(&probe).unwrap(), json);
            assert_eq!(serde_json::from_str::<Probe>(json).unwrap(), probe);
        }
    }

    #[test]
    fn conversions() {
        assert_eq!(Nullable::from(3), Nullable::Value(3));
        assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
        assert_eq!(Nullable::Value(3).value(), Some(3));
        assert!(Nullable::<i32>::default().is_omitted());
    }
}
