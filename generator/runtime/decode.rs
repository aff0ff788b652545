//! Reading a JSON body that differs from the API description.
//!
//! Servers drift from their descriptions: a number sent as a string, a
//! `null` where the description says a property never is, an enum value
//! added since. Where a sensible reading exists the client reads the body
//! anyway ([`Decoding::Lenient`], the default) and reports each deviation
//! as a `tracing` event with the JSON pointer of the value; with
//! [`Decoding::Strict`] every deviation is an error, for test suites run
//! against a staging server. What has no sensible reading (a required
//! property missing, `1.5` for an integer) is an error either way.
//!
//! Two kinds of deviation are met in two places:
//! - the models' impls find those they can read on (a `null` for a
//!   property that is never null, an unknown enum value or tag, a property
//!   a closed model does not declare) and call [`deviation`], which says
//!   whether to go on;
//! - a value of the wrong JSON type fails serde, and [`read`] mends the
//!   body where the reading is unambiguous (`"42"` for an integer, `1.0`
//!   for an integer, `"true"` for a boolean, a number for a string) and
//!   reads it again.
//!
//! The pointer of a deviation comes from serde_json's position of the
//! error (line and column), found in the text by a small scanner: the
//! models' impls know no paths, and tracking one as they read would cost
//! every call instead of the rare one that deviates.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

/// How a client reads a body that differs from the API description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Decoding {
    /// Read what has a sensible reading and go on, reporting each deviation
    /// (a `tracing` event `drift` with the operation, the JSON pointer and
    /// what differs, with the crate's `tracing` feature). The default.
    #[default]
    Lenient,
    /// Every deviation from the description is an error (`Error::Decode`,
    /// with the pointer): for tests against a staging server.
    Strict,
}

/// A body that did not decode: where, and why.
#[derive(Debug)]
pub struct DecodeError {
    /// The JSON pointer of the value that did not decode (`""` for the
    /// whole body).
    pub pointer: String,
    /// What serde_json found wrong.
    pub source: serde_json::Error,
}

impl fmt::Display for DecodeError {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.pointer, self.source)
    }
}

impl std::error::Error for DecodeError {
    #[inline]
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl Decoding {
    /// Reads `body` as JSON into `T` as the client reads a response under
    /// this policy (deviations are reported as the client reports them).
    pub fn decode<T: DeserializeOwned>(self, body: &[u8]) -> Result<T, DecodeError> {
        read(self, body, None)
    }
}

/// A deviation the client read on, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Drift {
    pub(crate) pointer: String,
    pub(crate) what: String,
}

/// The decode under way on this thread: its policy, what it met so far.
struct Scope {
    strict: bool,
    /// While locating deviations: the one (by its index among those met)
    /// to turn into an error, so that serde_json says where it is.
    fail_at: Option<usize>,
    met: usize,
    seen: Vec<String>,
}

thread_local! {
    static SCOPE: RefCell<Option<Scope>> = const { RefCell::new(None) };
    /// The call whose response is being read, for the events.
    static CALL: RefCell<(Decoding, &'static str)> = const { RefCell::new((Decoding::Lenient, "")) };
}

/// Runs `f` (which reads the response of `operation`) under `decoding`.
#[inline]
pub(crate) fn during<R>(decoding: Decoding, operation: &'static str, f: impl FnOnce() -> R) -> R {
    let before = CALL.with(|call| call.replace((decoding, operation)));
    let result = f();
    CALL.with(|call| *call.borrow_mut() = before);
    result
}

/// The policy of the call under way (`Lenient` outside one).
#[inline]
pub(crate) fn current() -> Decoding {
    CALL.with(|call| call.borrow().0)
}

/// Called where a model's impl meets a deviation it can read on: `Ok` to go
/// on, `Err` with the message to fail with (strict, or while locating).
/// Outside [`read`] (a model decoded with serde_json directly) the value is
/// read on and nothing is reported.
#[inline]
pub(crate) fn deviation(what: fmt::Arguments<'_>) -> Result<(), String> {
    SCOPE.with(|scope| {
        let mut scope = scope.borrow_mut();
        let Some(scope) = scope.as_mut() else {
            return Ok(());
        };
        let index = scope.met;
        scope.met += 1;
        if scope.strict || scope.fail_at == Some(index) {
            return Err(what.to_string());
        }
        if scope.fail_at.is_none() {
            scope.seen.push(what.to_string());
        }
        Ok(())
    })
}

/// Runs `f`, taking back what it reported when it fails: an alternative of
/// a union that was tried and given up must not report what it met. (The
/// bookkeeping is in [`Mark`], compiled once rather than once per union.)
#[inline]
pub(crate) fn tentatively<T, E>(f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    let mark = Mark::now();
    let result = f();
    if result.is_err() {
        mark.take_back();
    }
    result
}

/// How much the read under way had reported at some point.
struct Mark(Option<(usize, usize)>);

impl Mark {
    #[inline]
    fn now() -> Mark {
        Mark(SCOPE.with(|scope| scope.borrow().as_ref().map(|s| (s.met, s.seen.len()))))
    }

    /// Forgets what was reported since.
    #[inline]
    fn take_back(self) {
        let Some((met, seen)) = self.0 else {
            return;
        };
        SCOPE.with(|scope| {
            if let Some(scope) = scope.borrow_mut().as_mut() {
                scope.met = met;
                scope.seen.truncate(seen);
            }
        });
    }
}

/// At most this many values are mended in one body: each costs a read.
const MAX_REPAIRS: usize = 64;
/// At most this many deviations are located (one read each) per body.
const MAX_LOCATED: usize = 16;

/// Reads `body` into `T` under `decoding`; the deviations read on are
/// reported as `tracing` events of `operation` (the call's when `None`).
pub(crate) fn read<T: DeserializeOwned>(
    decoding: Decoding,
    body: &[u8],
    operation: Option<&'static str>,
) -> Result<T, DecodeError> {
    let mut value = None;
    let drift = drive(decoding, body, &mut |text| {
        value = Some(serde_json::from_slice(text)?);
        Ok(())
    })?;
    report(operation, &drift);
    Ok(value.expect("a read that succeeded stored its value"))
}

/// [`read`] under the policy of the call under way.
#[inline]
pub(crate) fn read_current<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    read(current(), body, None)
}

/// The policy applied, without the type: `attempt` reads a text and keeps
/// the value when it succeeds. (Only the attempt is compiled per type.)
#[inline]
fn drive(
    decoding: Decoding,
    body: &[u8],
    attempt: &mut dyn FnMut(&[u8]) -> Result<(), serde_json::Error>,
) -> Result<Vec<Drift>, DecodeError> {
    let strict = decoding == Decoding::Strict;
    let mut text = Cow::Borrowed(body);
    let mut drift = Vec::new();
    loop {
        let (result, seen) = scoped(strict, None, || attempt(&text));
        let error = match result {
            Ok(()) => {
                let mut located = 0;
                for (index, what) in seen.into_iter().enumerate() {
                    let pointer = if located < MAX_LOCATED {
                        located += 1;
                        let (failed, _) = scoped(false, Some(index), || attempt(&text));
                        failed
                            .err()
                            .map(|e| pointer_at(&text, &e))
                            .unwrap_or_default()
                    } else {
                        String::new()
                    };
                    drift.push(Drift { pointer, what });
                }
                return Ok(drift);
            }
            Err(error) => error,
        };
        let pointer = pointer_at(&text, &error);
        let mended = (!strict && drift.len() < MAX_REPAIRS)
            .then(|| mend(&text, &pointer, &error))
            .flatten();
        match mended {
            Some((fixed, what)) => {
                drift.push(Drift { pointer, what });
                text = Cow::Owned(fixed);
            }
            None => {
                return Err(DecodeError {
                    pointer,
                    source: error,
                })
            }
        }
    }
}

/// Runs `f` in a fresh scope; its result and the deviations it read on.
fn scoped<R>(strict: bool, fail_at: Option<usize>, f: impl FnOnce() -> R) -> (R, Vec<String>) {
    let outer = SCOPE.with(|scope| {
        scope.replace(Some(Scope {
            strict,
            fail_at,
            met: 0,
            seen: Vec::new(),
        }))
    });
    let result = f();
    let seen = SCOPE
        .with(|scope| std::mem::replace(&mut *scope.borrow_mut(), outer))
        .map(|scope| scope.seen)
        .unwrap_or_default();
    (result, seen)
}

/// Reports each deviation as a `tracing` event (nothing without the
/// feature).
#[inline]
fn report(operation: Option<&'static str>, drift: &[Drift]) {
    #[cfg(feature = "tracing")]
    {
        let operation = operation.unwrap_or_else(|| CALL.with(|call| call.borrow().1));
        for d in drift {
            tracing::warn!(
                operation,
                pointer = d.pointer.as_str(),
                deviation = d.what.as_str(),
                "drift: the response differs from the API description"
            );
        }
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (operation, drift);
}

/// The body with the value at `pointer` read as the type serde expected,
/// where that reading is unambiguous, and what was done; `None` otherwise.
#[inline]
fn mend(text: &[u8], pointer: &str, error: &serde_json::Error) -> Option<(Vec<u8>, String)> {
    let message = error.to_string();
    let expected = message
        .strip_prefix("invalid type: ")?
        .split_once(", expected ")?
        .1;
    // The position goes after the expectation: "… expected i64 at line 1 column 9".
    let expected = expected
        .rsplit_once(" at line ")
        .map_or(expected, |(e, _)| e);
    let mut document: Value = serde_json::from_slice(text).ok()?;
    let node = document.pointer_mut(pointer)?;
    let integer = matches!(
        expected,
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64"
    );
    let fixed = match (&*node, expected) {
        (Value::String(s), _) if integer => s.trim().parse::<i64>().ok().map(Value::from),
        (Value::String(s), "f32" | "f64") => s
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        (Value::Number(n), _) if integer => n
            .as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
            .map(|f| Value::from(f as i64)),
        (Value::String(s), "a boolean") => match s.trim() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        (Value::Number(_) | Value::Bool(_), "a string") => Some(Value::String(node.to_string())),
        _ => None,
    }?;
    let what = format!(
        "{} where {} is expected; read as {}",
        node,
        describe(expected),
        fixed
    );
    *node = fixed;
    Some((serde_json::to_vec(&document).ok()?, what))
}

/// serde's name of an expected type, in words.
#[inline]
fn describe(expected: &str) -> &str {
    match expected {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" => "an integer",
        "f32" | "f64" => "a number",
        other => other,
    }
}

/// The JSON pointer of the value at which serde_json stopped with `error`:
/// the innermost value that ends at or contains its position.
#[inline]
pub(crate) fn pointer_at(text: &[u8], error: &serde_json::Error) -> String {
    if error.line() == 0 {
        return String::new();
    }
    // Line and column (of bytes, from 1) to an offset.
    let mut offset = 0;
    for _ in 1..error.line() {
        match text[offset..].iter().position(|&b| b == b'\n') {
            Some(end) => offset += end + 1,
            None => break,
        }
    }
    let offset = (offset + error.column()).min(text.len());
    // An error raised once a value was read, but not inside its visitor, is
    // placed past the separator after it: the value is the one before.
    let before = text[..offset].trim_ascii_end();
    path_to(before.strip_suffix(b",").unwrap_or(before))
}

/// One level of the path while scanning.
enum Level {
    /// In an object: the key of the member being read, once read.
    Object(Option<String>),
    /// In an array: the index of the element being read.
    Array(usize),
}

/// The pointer of the value being read where `text` ends.
#[inline]
fn path_to(text: &[u8]) -> String {
    let mut levels: Vec<Level> = Vec::new();
    let mut i = 0;
    // A string just read in an object, before its `:`: the next key.
    let mut key: Option<String> = None;
    while i < text.len() {
        match text[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < text.len() && text[i] != b'"' {
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
                let raw = &text[start..i.min(text.len())];
                if matches!(levels.last(), Some(Level::Object(None))) {
                    let quoted = [&b"\""[..], raw, &b"\""[..]].concat();
                    key = serde_json::from_slice::<String>(&quoted).ok();
                }
            }
            b':' => {
                if let Some(Level::Object(current)) = levels.last_mut() {
                    *current = key.take();
                }
            }
            b',' => match levels.last_mut() {
                Some(Level::Object(current)) => *current = None,
                Some(Level::Array(index)) => *index += 1,
                None => {}
            },
            b'{' => levels.push(Level::Object(None)),
            b'[' => levels.push(Level::Array(0)),
            b'}' | b']' => {
                levels.pop();
            }
            _ => {}
        }
        i += 1;
    }
    let mut pointer = String::new();
    for level in &levels {
        match level {
            Level::Object(Some(key)) => {
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Level::Object(None) => {}
            Level::Array(index) => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Item {
        id: i64,
        ratio: Option<f64>,
        on: Option<bool>,
        name: Option<String>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Page {
        data: Vec<Item>,
    }

    fn pointer_of(text: &str) -> String {
        let error = serde_json::from_str::<Page>(text).unwrap_err();
        pointer_at(text.as_bytes(), &error)
    }

    #[test]
    fn errors_are_placed_by_pointer() {
        assert_eq!(
            pointer_of(r#"{"data": [{"id": 1}, {"id": "x"}]}"#),
            "/data/1/id"
        );
        assert_eq!(
            pointer_of("{\n  \"data\": [\n    {\"id\": true}\n  ]\n}"),
            "/data/0/id"
        );
        // A missing property: the object that lacks it.
        assert_eq!(
            pointer_of(r#"{"data": [{"id": 1}, {"ratio": 1}]}"#),
            "/data/1"
        );
        assert_eq!(pointer_of(r#"{"data": {"a": 1}}"#), "/data");
        assert_eq!(pointer_of(r#"{"da\"t/a~": 1, "data": 3}"#), "/data");
        assert_eq!(path_to(br#"{"a/b": {"~": [1, 2"#), "/a~1b/~0/1");
    }

    #[test]
    fn unambiguous_readings_are_taken_and_reported_in_lenient_mode_only() {
        let text =
            br#"{"data": [{"id": "42", "ratio": "0.5", "on": "true", "name": 7}, {"id": 3.0}]}"#;
        let mut page = None;
        let drift = drive(Decoding::Lenient, text, &mut |t| {
            page = Some(serde_json::from_slice::<Page>(t)?);
            Ok(())
        })
        .unwrap();
        let page = page.unwrap();
        assert_eq!(page.data[0].id, 42);
        assert_eq!(page.data[0].ratio, Some(0.5));
        assert_eq!(page.data[0].on, Some(true));
        assert_eq!(page.data[0].name.as_deref(), Some("7"));
        assert_eq!(page.data[1].id, 3);
        // (A mended body is written again with its keys in order, or as they
        // came with serde_json's `preserve_order`.)
        let mut pointers: Vec<&str> = drift.iter().map(|d| d.pointer.as_str()).collect();
        pointers.sort_unstable();
        assert_eq!(
            pointers,
            [
                "/data/0/id",
                "/data/0/name",
                "/data/0/on",
                "/data/0/ratio",
                "/data/1/id"
            ]
        );
        assert_eq!(
            drift[0].what,
            r#""42" where an integer is expected; read as 42"#
        );
        let error = Decoding::Strict.decode::<Page>(text).unwrap_err();
        assert_eq!(error.pointer, "/data/0/id");
    }

    #[test]
    fn what_has_no_sensible_reading_stays_an_error() {
        for (text, pointer) in [
            (r#"{"data": [{"id": 1.5}]}"#, "/data/0/id"),
            (r#"{"data": [{"id": "x"}]}"#, "/data/0/id"),
            (r#"{"data": [{"ratio": 1}]}"#, "/data/0"),
            (r#"{"data": [{"id": null}]}"#, "/data/0/id"),
        ] {
            let error = Decoding::Lenient
                .decode::<Page>(text.as_bytes())
                .unwrap_err();
            assert_eq!(error.pointer, pointer, "{text}");
        }
    }

    #[test]
    fn deviations_met_by_the_models_are_located_or_refused() {
        // As the models' impls do, the deviation is raised inside the
        // value's visitor, where serde_json places it.
        #[derive(Debug)]
        struct Picky(i64);
        impl<'de> serde::Deserialize<'de> for Picky {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Visit;
                impl serde::de::Visitor<'_> for Visit {
                    type Value = Picky;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an integer")
                    }
                    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Picky, E> {
                        deviation(format_args!("{n} is negative")).map_err(E::custom)?;
                        Ok(Picky(n))
                    }
                    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Picky, E> {
                        Ok(Picky(n as i64))
                    }
                }
                d.deserialize_i64(Visit)
            }
        }
        let text = br#"{"a": [1, -2, 3, -4]}"#;
        let mut value = None;
        let drift = drive(Decoding::Lenient, text, &mut |t| {
            value = Some(serde_json::from_slice::<
                std::collections::BTreeMap<String, Vec<Picky>>,
            >(t)?);
            Ok(())
        })
        .unwrap();
        assert_eq!(value.unwrap()["a"].len(), 4);
        assert_eq!(
            drift,
            [
                Drift {
                    pointer: "/a/1".into(),
                    what: "-2 is negative".into()
                },
                Drift {
                    pointer: "/a/3".into(),
                    what: "-4 is negative".into()
                },
            ]
        );
        let error = Decoding::Strict
            .decode::<std::collections::BTreeMap<String, Vec<Picky>>>(text)
            .unwrap_err();
        assert_eq!(error.pointer, "/a/1");
        assert!(error.to_string().contains("-2 is negative"), "{error}");
        // Outside a decode of the client's: read on, silently.
        assert!(serde_json::from_slice::<Vec<Picky>>(b"[-1]").is_ok());
    }
}
