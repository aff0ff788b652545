//! YAML text straight into a JSON value, for what `serde_yaml::Value`
//! refuses: integers past 64 bits (OpenAI's spec writes
//! `minimum: -9223372036854776000`) are read as the float they stand for,
//! and mapping keys that are numbers or booleans (`200:`) as their text,
//! as in the JSON form of the same document.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// A JSON value read from any self-describing format.
pub struct Loose(pub Value);

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LooseVisitor).map(Loose)
    }
}

struct LooseVisitor;

fn float<E: de::Error>(f: f64) -> Result<Value, E> {
    Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| E::custom(format!("the number {f} cannot be represented in JSON")))
}

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        float(v as f64)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        float(v as f64)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        float(v)
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Loose::deserialize(d).map(|l| l.0)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Loose(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(Loose(key)) = map.next_key()? {
            let key = match key {
                Value::String(s) => s,
                Value::Null => "null".to_string(),
                Value::Bool(_) | Value::Number(_) => key.to_string(),
                _ => return Err(de::Error::custom("a mapping key is not a string")),
            };
            let Loose(value) = map.next_value()?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
    // A tagged value (`!tag value`) is its value.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, variant): (Loose, _) = data.variant()?;
        de::VariantAccess::newtype_variant::<Loose>(variant).map(|l| l.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Loose;

    #[test]
    fn reads_what_serde_yaml_values_refuse() {
        let Loose(v) =
            serde_yaml::from_str("a: -9223372036854776000\n200: ok\ntrue: yes\nb: !t 3\n").unwrap();
        assert_eq!(v["a"], serde_json::json!(-9.223372036854776e18));
        assert_eq!(v["200"], "ok");
        assert_eq!(v["true"], "yes");
        assert_eq!(v["b"], 3);
    }
}
