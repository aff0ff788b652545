//! Reading the models' unions (`oneOf`, `anyOf`, and the bases of an
//! inheritance hierarchy), which must see a value whole before they know
//! which alternative it is.

use std::fmt;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::decode::{deviation, tentatively};

/// Reads a value whole and lets `decide` say what it is. A visitor rather
/// than `Value`'s impl: an error `decide` returns is then raised inside the
/// value, so serde_json places it there (see `Decoding`).
///
/// The visitor does not know `T`: it hands the value to a closure that
/// keeps the result, so its methods are compiled once per deserializer
/// rather than once per union and deserializer.
#[inline]
pub(crate) fn buffered<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    decide: fn(Value) -> Result<T, String>,
) -> Result<T, D::Error> {
    let mut out = None;
    let mut keep = |value: Value| {
        out = Some(decide(value)?);
        Ok(())
    };
    deserializer.deserialize_any(Whole { decide: &mut keep })?;
    match out {
        Some(value) => Ok(value),
        None => Err(de::Error::custom(
            "internal error: a union's value was not decided",
        )),
    }
}

struct Whole<'a> {
    decide: &'a mut dyn FnMut(Value) -> Result<(), String>,
}

impl Whole<'_> {
    #[inline]
    fn decide<E: de::Error>(self, value: Value) -> Result<(), E> {
        (self.decide)(value).map_err(E::custom)
    }
}

impl<'de> Visitor<'de> for Whole<'_> {
    type Value = ();

    #[inline]
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.decide(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.decide(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.decide(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.decide(Value::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.decide(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<(), E> {
        self.decide(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.decide(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.decide(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let value = Value::deserialize(d)?;
        self.decide(value)
    }

    fn visit_seq<S: SeqAccess<'de>>(self, seq: S) -> Result<(), S::Error> {
        let value = Value::deserialize(SeqAccessDeserializer::new(seq))?;
        self.decide(value)
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<(), M::Error> {
        let map = Map::deserialize(MapAccessDeserializer::new(map))?;
        self.decide(Value::Object(map))
    }
}

/// An alternative's value from `value`, or why not (`serde_json`'s error,
/// as text: it is raised again inside the union's value).
///
/// The value is written out and read back as a response body is read
/// (`serde_json::from_slice`) rather than read from the `Value`: the
/// alternative's decoding is then the one the crate compiles anyway, where
/// reading from a `Value` compiled every model a union reaches a second
/// time, for `Value`'s deserializer (most of what Microsoft Graph's crate
/// compiled for a user; BENCHMARKS.md, section 9). What that costs is one
/// more pass over the union's own value when it is decoded.
#[inline]
pub(crate) fn alternative<A: de::DeserializeOwned, T>(
    value: Value,
    wrap: fn(A) -> T,
) -> Result<T, String> {
    let text = written(&value)?;
    match serde_json::from_slice(&text) {
        Ok(read) => Ok(wrap(read)),
        Err(error) => Err(without_place(&error)),
    }
}

/// `value` as JSON text, for [`alternative`] to read.
#[inline]
fn written(value: &Value) -> Result<Vec<u8>, String> {
    serde_json::to_vec(value).map_err(|e| e.to_string())
}

/// serde_json's message without its line and column, which are those of
/// the value written out again (the union's own place is added when the
/// error is raised inside it).
#[inline]
fn without_place(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let place = format!(" at line {} column {}", error.line(), error.column());
    match text.strip_suffix(&place) {
        Some(message) => message.to_string(),
        None => text,
    }
}

/// A value whose tag names no alternative: kept (as `fallback` reads it),
/// a deviation (see `Decoding`).
#[inline]
pub(crate) fn unknown_tag<T>(
    value: Value,
    union: &'static str,
    tag: &'static str,
    fallback: fn(Value) -> Result<T, String>,
) -> Result<T, String> {
    let found = match value.get(tag) {
        Some(Value::String(text)) => format!("`{text}`"),
        Some(other) => format!("`{other}`"),
        None => "nothing".to_string(),
    };
    deviation(format_args!(
        "the `{tag}` of this `{union}` is {found}, which names none of the alternatives the API description lists; kept as it is"
    ))?;
    fallback(value)
}

/// What JSON an alternative of an untagged union reads, for picking the
/// one a value was meant as.
pub(crate) enum Shape {
    /// An object with these required and declared properties.
    Object(&'static [&'static str], &'static [&'static str]),
    Array,
    String,
    Number,
    Boolean,
    /// Whatever its type says (a free-form value, an alias).
    Any,
}

impl Shape {
    /// Whether `value` can be this, and how well it fits: the number of its
    /// properties the alternative declares.
    #[inline]
    fn fit(&self, value: &Value) -> Option<usize> {
        match (self, value) {
            (Shape::Object(required, declared), Value::Object(map)) => {
                let has_all = required.iter().all(|name| map.contains_key(*name));
                has_all.then(|| {
                    map.keys()
                        .filter(|k| declared.contains(&k.as_str()))
                        .count()
                })
            }
            (Shape::Array, Value::Array(_))
            | (Shape::String, Value::String(_))
            | (Shape::Number, Value::Number(_))
            | (Shape::Boolean, Value::Bool(_))
            | (Shape::Any, _) => Some(0),
            _ => None,
        }
    }
}

/// An untagged union's value: the alternative the value fits best (all
/// its required properties present, then the most of its properties
/// declared, then the first listed) that reads it; where none does, the
/// value kept whole by `unknown`, a deviation. Each alternative that fails
/// takes back what it reported.
pub(crate) fn untagged<T>(
    value: Value,
    union: &'static str,
    alternatives: &[(Shape, fn(Value) -> Result<T, String>)],
    unknown: fn(Value) -> T,
) -> Result<T, String> {
    let order = ranked(&value, alternatives.len(), &|i| &alternatives[i].0);
    let mut first_error = None;
    for i in order {
        match tentatively(|| (alternatives[i].1)(value.clone())) {
            Ok(read) => return Ok(read),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    fits_none(union, first_error)?;
    Ok(unknown(value))
}

/// The alternatives `value` can be (of `count`, the `i`th read by `shape`),
/// best fit first; ties keep the listed order (the sort is stable). Apart
/// from [`untagged`], which is compiled once per union.
#[inline]
fn ranked<'a>(value: &Value, count: usize, shape: &dyn Fn(usize) -> &'a Shape) -> Vec<usize> {
    let mut order: Vec<(usize, usize)> = (0..count)
        .filter_map(|i| shape(i).fit(value).map(|score| (i, score)))
        .collect();
    order.sort_by_key(|&(_, score)| std::cmp::Reverse(score));
    order.into_iter().map(|(i, _)| i).collect()
}

/// The deviation of a value that no alternative reads.
#[inline]
fn fits_none(union: &'static str, first_error: Option<String>) -> Result<(), String> {
    deviation(format_args!(
        "this value fits none of the alternatives of `{union}` the API description lists{}; kept as it is",
        first_error.map(|e| format!(" (the closest: {e})")).unwrap_or_default()
    ))
}
