//! `Serialize` and `Deserialize` for the models' structs, written once.
//!
//! Expanding `#[derive(Serialize, Deserialize)]` was most of the time a
//! generated crate took to compile (BENCHMARKS.md, section 4). The models
//! instead invoke `serde_object!`, which writes the two impls from one line
//! per field; what the impls would repeat is in the functions below.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::deviation;
/// For `serde_object!`, whose expansions reach this module by the name their
/// call site imports it under (not `$crate`, so that a crate generated as a
/// module of another crate works too).
pub(crate) use super::Nullable;

/// Implements `Serialize` and `Deserialize` for a struct as a JSON object:
///
/// ```text
/// serde_object!(Pet {
///     name: required("name"),
///     age: optional("age"),
///     owner: required_nullable("owner"),
///     note: optional_nullable("note"),
///     ..others
/// });
/// ```
///
/// Each field is given with how it may be absent (as in the IR's `Presence`)
/// and its wire name: `required` must be sent; `optional` (`Option`) and
/// `optional_nullable` (`Nullable`) are left out when absent; a
/// `required_nullable` `Option` is always written, `null` when `None`, and
/// decodes as `None` when missing (a deviation, see `Decoding`). Other
/// properties are kept in the map named after `..`: a JSON object, or with
/// `..others typed` a map of the type `additionalProperties` says; a model
/// without one (`additionalProperties: false`) drops them, a deviation. A
/// subtype of one kind writes its discriminator first (`@tag("kind" =
/// "dog"),` before the fields). A missing required or repeated property is
/// refused with serde's message naming it. (The syntax reads like the struct
/// expression it builds.)
///
/// Both sides use serde's map interface, so formats that write structs by
/// position (bincode, MessagePack's default) still see property names.
///
/// Some of the shape is there for the compiler rather than the reader.
/// Each property's slot gets its type from the struct at once, in a block
/// that never runs ([`like`]): left to inference, a slot's type stayed open
/// until the struct was built at the end of `visit_map`, one open variable
/// per field through the whole body. Each field is read and written by a
/// method of [`Reader`] or [`Writer`], which keep the first error (a method
/// on a known type leaves less to infer than a generic function taking the
/// map, and no `?` or early return per field); the missing required
/// properties are looked for before the struct is built from its slots,
/// not by matching a tuple of them; and the entries are counted from an
/// array of flags ([`count`]) rather than a sum with one `+` per field.
/// `cargo check` of GitHub's crate with its `repos` feature does 23 % less
/// than with the first shape of this macro, with every feature 19 % less
/// (BENCHMARKS.md, section 6).
macro_rules! serde_object {
    // An unknown property: dropped (the model is closed: a deviation, see
    // `Decoding`), or kept in the additional-properties map.
    (@other $map:ident, $key:ident) => {
        $map.undeclared($key)
    };
    (@other $map:ident, $key:ident, $others:ident) => {
        $map.keep($key, &mut $others)
    };
    (@other $map:ident, $key:ident, $others:ident typed) => {
        $map.keep_typed($key, &mut $others)
    };
    // Writing the map of other properties, a JSON object or a typed map.
    (@write $map:ident, $self:ident.$others:ident) => {
        $map.others(&$self.$others)
    };
    (@write $map:ident, $self:ident.$others:ident typed) => {
        $map.others_typed(&$self.$others)
    };
    ($name:ident {
        $(@tag($tag:literal = $kind:literal),)?
        $($field:ident: $presence:ident($json:literal)),* $(,)?
        $(..$others:ident $($typed:ident)?)?
    }) => {
        impl ::serde::Serialize for $name {
            #[allow(deprecated, unused_mut)]
            fn serialize<__S: ::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::std::result::Result<__S::Ok, __S::Error> {
                // The exact number of entries: some formats write it first.
                let len = serde_object::count(&[$(serde_object::present::$presence(&self.$field)),*])
                    $(+ serde_object::one($tag))?
                    $(+ self.$others.len())?;
                let mut map = serde_object::Writer::new(serializer, len)?;
                $(map.required($tag, $kind);)?
                $(map.$presence($json, &self.$field);)*
                $(serde_object!(@write map, self.$others $($typed)?);)?
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;
                    #[inline]
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("an object (", stringify!($name), ")"))
                    }
                    #[allow(deprecated, unreachable_patterns)]
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(
                        self,
                        map: __A,
                    ) -> ::std::result::Result<$name, __A::Error> {
                        $(let mut $field = ::std::option::Option::None;)*
                        $(let mut $others = serde_object::others!($($typed)?);)?
                        if false {
                            let _ = $name {
                                $($field: serde_object::like(&$field),)*
                                $($others: serde_object::like_itself(&$others),)?
                            };
                        }
                        // The reader keeps the first error and ends the
                        // loop, so that no arm returns early: an early return
                        // is a path on which every field read so far is
                        // dropped, and one per arm made the impls much slower
                        // to compile.
                        let mut map = serde_object::Reader::new(map, stringify!($name));
                        while let ::std::option::Option::Some(key) = map.key() {
                            match key.as_str() {
                                $($json => map.$presence(&mut $field, $json),)*
                                $($tag => map.kind($kind),)?
                                key => serde_object!(@other map, key $(, $others $($typed)?)?),
                            }
                        }
                        map.end()?;
                        let missing = [$((serde_object::absent::$presence(&$field), $json)),*];
                        serde_object::check_missing(&missing, stringify!($name))?;
                        ::std::result::Result::Ok($name {
                            $($field: serde_object::value::$presence($field),)*
                            $($others)?
                        })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    };
}

pub(crate) use serde_object;

/// The empty map of other properties: a JSON object (its type known here,
/// so that nothing is left to infer), or a typed map (`typed`, of the
/// field's type).
macro_rules! others {
    () => {
        ::serde_json::Map::new()
    };
    (typed) => {
        ::std::default::Default::default()
    };
}

pub(crate) use others;

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

/// The map a `visit_map` reads, with the few operations its expansion
/// needs as methods. It keeps the first error and then reads no further:
/// [`Reader::key`] returns `None`, and [`Reader::end`] returns the error.
/// (The arms of the expansion's `match` are then plain `()`, and each call
/// is a method on a known type, which leaves the type checker less to infer
/// than a generic function taking the map.)
pub(crate) struct Reader<'de, A: MapAccess<'de>> {
    map: A,
    failed: Option<A::Error>,
    /// The model's name, for the deviations it reports.
    model: &'static str,
    input: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Reader<'de, A> {
    #[inline]
    pub(crate) fn new(map: A, model: &'static str) -> Self {
        Reader {
            map,
            failed: None,
            model,
            input: PhantomData,
        }
    }

    /// The next property's name, or `None` at the end or after an error.
    #[inline]
    pub(crate) fn key(&mut self) -> Option<Key<'de>> {
        if self.failed.is_some() {
            return None;
        }
        self.map.next_key().unwrap_or_else(|e| {
            self.failed = Some(e);
            None
        })
    }

    /// Reads the value of property `name` into `slot`; a property sent
    /// twice is an error, as with derived impls.
    #[inline]
    pub(crate) fn required<T: Deserialize<'de>>(
        &mut self,
        slot: &mut Option<T>,
        name: &'static str,
    ) {
        if slot.is_some() {
            self.failed = Some(de::Error::duplicate_field(name));
            return;
        }
        match self.map.next_value() {
            Ok(value) => *slot = Some(value),
            Err(e) => self.failed = Some(e),
        }
    }

    /// [`Reader::required`]: a `null` is `None`, as the property allows.
    #[inline]
    pub(crate) fn required_nullable<T: Deserialize<'de>>(
        &mut self,
        slot: &mut Option<Option<T>>,
        name: &'static str,
    ) {
        self.required(slot, name);
    }

    /// [`Reader::required`], for an object whose own properties are all
    /// optional (see [`absent::required_or_empty`]).
    #[inline]
    pub(crate) fn required_or_empty<T: Deserialize<'de>>(
        &mut self,
        slot: &mut Option<T>,
        name: &'static str,
    ) {
        self.required(slot, name);
    }

    /// [`Reader::required`]: `null` is read as `Null`.
    #[inline]
    pub(crate) fn optional_nullable<T: Deserialize<'de>>(
        &mut self,
        slot: &mut Option<Nullable<T>>,
        name: &'static str,
    ) {
        self.required(slot, name);
    }

    /// Reads a property that may be absent but is never `null`: a `null`
    /// sent all the same is read as absent, a deviation (see `Decoding`).
    #[inline]
    pub(crate) fn optional<T: Deserialize<'de>>(
        &mut self,
        slot: &mut Option<Option<T>>,
        name: &'static str,
    ) {
        if slot.is_some() {
            self.failed = Some(de::Error::duplicate_field(name));
            return;
        }
        let seed = NotNull {
            model: self.model,
            name,
            value: PhantomData,
        };
        match self.map.next_value_seed(seed) {
            Ok(value) => *slot = Some(value),
            Err(e) => self.failed = Some(e),
        }
    }

    /// Reads the discriminator of a subtype of one kind: its own value, or
    /// another (read on, a deviation: a value of another kind was decoded
    /// as this one).
    #[inline]
    pub(crate) fn kind(&mut self, own: &'static str) {
        let seed = Kind {
            model: self.model,
            own,
        };
        if let Err(e) = self.map.next_value_seed(seed) {
            self.failed = Some(e);
        }
    }

    /// Keeps a property the model does not declare in its map of others.
    #[inline]
    pub(crate) fn keep(
        &mut self,
        key: &str,
        others: &mut serde_json::Map<String, serde_json::Value>,
    ) {
        match self.map.next_value() {
            Ok(value) => {
                others.insert(key.to_owned(), value);
            }
            Err(e) => self.failed = Some(e),
        }
    }

    /// [`Reader::keep`] for a map of the type `additionalProperties` says.
    #[inline]
    pub(crate) fn keep_typed<V: Deserialize<'de>, M: Extend<(String, V)>>(
        &mut self,
        key: &str,
        others: &mut M,
    ) {
        match self.map.next_value() {
            Ok(value) => others.extend(std::iter::once((key.to_owned(), value))),
            Err(e) => self.failed = Some(e),
        }
    }

    /// Reads and drops the value of a property a closed model (one whose
    /// `additionalProperties` is false) does not declare: a deviation (see
    /// `Decoding`), reported from inside the value so that its position is
    /// the property's.
    #[inline]
    pub(crate) fn undeclared(&mut self, key: &str) {
        let seed = Undeclared {
            model: self.model,
            key,
        };
        if let Err(e) = self.map.next_value_seed(seed) {
            self.failed = Some(e);
        }
    }

    /// The first error, if reading failed.
    #[inline]
    pub(crate) fn end(self) -> Result<(), A::Error> {
        self.failed.map_or(Ok(()), Err)
    }
}

/// A value of the type `slot` holds, for a struct expression that is never
/// evaluated: building one from the slots fixes each slot's type to its
/// field's (see `serde_object!`).
#[inline]
pub(crate) fn like<T>(_slot: &Option<T>) -> T {
    unreachable!("only named in code that never runs")
}

/// One, for a discriminator written by a subtype of one kind.
#[inline]
pub(crate) fn one(_tag: &str) -> usize {
    1
}

/// [`like`] for the map of other properties, which has its field's type.
#[inline]
pub(crate) fn like_itself<T>(_map: &T) -> T {
    unreachable!("only named in code that never runs")
}

/// Whether a field's property is missing from the input, by how the field
/// may be absent: only a required one can be, and a required nullable one
/// missing is read as `null`, a deviation.
pub(crate) mod absent {
    use super::{Absent, Nullable};

    #[inline]
    pub(crate) fn required<T>(slot: &Option<T>) -> Absent {
        if slot.is_none() {
            Absent::Missing
        } else {
            Absent::No
        }
    }

    #[inline]
    pub(crate) fn required_nullable<T>(slot: &Option<Option<T>>) -> Absent {
        if slot.is_none() {
            Absent::ReadAsNull
        } else {
            Absent::No
        }
    }

    /// A required object whose own properties are all optional: missing,
    /// it has a sensible reading, the empty object (a deviation).
    #[inline]
    pub(crate) fn required_or_empty<T>(slot: &Option<T>) -> Absent {
        if slot.is_none() {
            Absent::ReadAsEmpty
        } else {
            Absent::No
        }
    }

    #[inline]
    pub(crate) fn optional<T>(_: &Option<Option<T>>) -> Absent {
        Absent::No
    }

    #[inline]
    pub(crate) fn optional_nullable<T>(_: &Option<Nullable<T>>) -> Absent {
        Absent::No
    }
}

/// Whether a property is missing, and what follows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Absent {
    No,
    /// A required property: the object does not decode.
    Missing,
    /// A required nullable property: read as `null`, a deviation.
    ReadAsNull,
    /// A required object of optional properties: read as `{}`, a deviation.
    ReadAsEmpty,
}

/// Refuses an object that lacks a required property (the first, by serde's
/// message), and reports each required nullable one read as `null`.
#[inline]
pub(crate) fn check_missing<E: de::Error>(
    fields: &[(Absent, &'static str)],
    model: &'static str,
) -> Result<(), E> {
    if let Some((_, name)) = fields.iter().find(|(absent, _)| *absent == Absent::Missing) {
        return Err(E::missing_field(name));
    }
    for (absent, name) in fields.iter() {
        let read_as = match absent {
            Absent::ReadAsNull => "null",
            Absent::ReadAsEmpty => "an empty object",
            Absent::No | Absent::Missing => continue,
        };
        deviation(format_args!(
            "`{model}` lacks `{name}`, which the API description says is always sent; read as {read_as}"
        ))
        .map_err(E::custom)?;
    }
    Ok(())
}

/// The value of a property that is never `null`: `None` for a `null` all
/// the same, reported from inside the value (see [`Reader::optional`]).
struct NotNull<T> {
    model: &'static str,
    name: &'static str,
    value: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for NotNull<T> {
    type Value = Option<T>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for NotNull<T> {
    type Value = Option<T>;

    #[inline]
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value")
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        deviation(format_args!(
            "`{}` of `{}` is null, which the API description does not allow; read as absent",
            self.name, self.model
        ))
        .map_err(E::custom)?;
        Ok(None)
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        self.visit_none()
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize(deserializer).map(Some)
    }
}

/// The discriminator value of a subtype of one kind (see [`Reader::kind`]).
struct Kind {
    model: &'static str,
    own: &'static str,
}

impl<'de> DeserializeSeed<'de> for Kind {
    type Value = ();

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Visitor<'_> for Kind {
    type Value = ();

    #[inline]
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a discriminator value")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        if value != self.own {
            deviation(format_args!(
                "the discriminator of this `{}` is `{value}`, not `{}`; read as a `{}` all the same",
                self.model, self.own, self.model
            ))
            .map_err(E::custom)?;
        }
        Ok(())
    }
}

/// The value of a property a closed model does not declare: read and
/// dropped, reported from inside the value (see [`Reader::undeclared`]).
struct Undeclared<'a> {
    model: &'static str,
    key: &'a str,
}

impl Undeclared<'_> {
    fn report<E: de::Error>(&self) -> Result<IgnoredAny, E> {
        deviation(format_args!(
            "`{}` has no property `{}` (the API description closes it with `additionalProperties: false`); dropped",
            self.model, self.key
        ))
        .map_err(E::custom)?;
        Ok(IgnoredAny)
    }
}

impl<'de> DeserializeSeed<'de> for Undeclared<'_> {
    type Value = IgnoredAny;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<IgnoredAny, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Undeclared<'_> {
    type Value = IgnoredAny;

    #[inline]
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<IgnoredAny, E> {
        self.report()
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<IgnoredAny, E> {
        self.report()
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<IgnoredAny, E> {
        self.report()
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<IgnoredAny, E> {
        self.report()
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<IgnoredAny, E> {
        self.report()
    }

    fn visit_unit<E: de::Error>(self) -> Result<IgnoredAny, E> {
        self.report()
    }

    fn visit_none<E: de::Error>(self) -> Result<IgnoredAny, E> {
        self.report()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<IgnoredAny, D::Error> {
        IgnoredAny::deserialize(d)?;
        self.report()
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<IgnoredAny, S::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.report()
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<IgnoredAny, M::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.report()
    }
}

/// A field's value once every property is read and none is missing, by how
/// the field may be absent: an absent field that is not required is its
/// default (`None`, or `Nullable::Omitted`).
pub(crate) mod value {
    use super::Nullable;

    #[inline]
    pub(crate) fn required<T>(slot: Option<T>) -> T {
        match slot {
            Some(value) => value,
            None => unreachable!("a missing required property is refused before"),
        }
    }

    #[inline]
    pub(crate) fn required_nullable<T>(slot: Option<Option<T>>) -> Option<T> {
        slot.unwrap_or_default()
    }

    /// The value read, or the empty object's (which reads, its properties
    /// being optional: the generator says `required_or_empty` only then).
    #[inline]
    pub(crate) fn required_or_empty<T: serde::de::DeserializeOwned>(slot: Option<T>) -> T {
        slot.unwrap_or_else(|| {
            let empty = serde_json::Value::Object(serde_json::Map::new());
            serde_json::from_value(empty).unwrap_or_else(|_| {
                unreachable!("an object of optional properties reads from `{{}}`")
            })
        })
    }

    #[inline]
    pub(crate) fn optional<T>(slot: Option<Option<T>>) -> Option<T> {
        slot.unwrap_or_default()
    }

    #[inline]
    pub(crate) fn optional_nullable<T>(slot: Option<Nullable<T>>) -> Nullable<T> {
        slot.unwrap_or_default()
    }
}

/// Whether a field is written, by how it may be absent: every field but an
/// absent optional one.
pub(crate) mod present {
    use super::Nullable;

    #[inline]
    pub(crate) fn required<T>(_: &T) -> bool {
        true
    }

    #[inline]
    pub(crate) fn required_nullable<T>(_: &Option<T>) -> bool {
        true
    }

    #[inline]
    pub(crate) fn required_or_empty<T>(_: &T) -> bool {
        true
    }

    #[inline]
    pub(crate) fn optional<T>(value: &Option<T>) -> bool {
        value.is_some()
    }

    #[inline]
    pub(crate) fn optional_nullable<T>(value: &Nullable<T>) -> bool {
        !value.is_omitted()
    }
}

/// How many fields are written. (An array of flags is much cheaper to
/// type-check than a sum with one `+` per field.)
#[inline]
pub(crate) fn count(present: &[bool]) -> usize {
    present.iter().filter(|written| **written).count()
}

/// The map a `serialize` writes, keeping the first error: the entries after
/// a failure are not attempted, as with `?`, and `end` returns it. Each
/// field is written by the method named after how it may be absent (see
/// [`present`]).
pub(crate) struct Writer<M: SerializeMap> {
    map: M,
    failed: Option<M::Error>,
}

impl<M: SerializeMap> Writer<M> {
    /// Starts a map of `len` entries.
    #[inline]
    pub(crate) fn new<S>(serializer: S, len: usize) -> Result<Self, M::Error>
    where
        S: Serializer<SerializeMap = M, Ok = M::Ok, Error = M::Error>,
    {
        let map = serializer.serialize_map(Some(len))?;
        Ok(Writer { map, failed: None })
    }

    /// Writes an entry (unless an earlier one failed).
    #[inline]
    pub(crate) fn required<V: Serialize + ?Sized>(&mut self, key: &str, value: &V) {
        if self.failed.is_none() {
            if let Err(e) = self.map.serialize_entry(key, value) {
                self.failed = Some(e);
            }
        }
    }

    /// Writes an entry, `null` when `None`.
    #[inline]
    pub(crate) fn required_nullable<V: Serialize>(&mut self, key: &str, value: &Option<V>) {
        self.required(key, value);
    }

    /// Writes an entry.
    #[inline]
    pub(crate) fn required_or_empty<V: Serialize>(&mut self, key: &str, value: &V) {
        self.required(key, value);
    }

    /// Writes an entry unless the value is `None`.
    #[inline]
    pub(crate) fn optional<V: Serialize>(&mut self, key: &str, value: &Option<V>) {
        if value.is_some() {
            self.required(key, value);
        }
    }

    /// Writes an entry unless the value is `Omitted`.
    #[inline]
    pub(crate) fn optional_nullable<V: Serialize>(&mut self, key: &str, value: &Nullable<V>) {
        if !value.is_omitted() {
            self.required(key, value);
        }
    }

    /// Writes the properties of the map of others, each as it came.
    #[inline]
    pub(crate) fn others(&mut self, others: &serde_json::Map<String, serde_json::Value>) {
        for (key, value) in others {
            self.required(key, value);
        }
    }

    /// [`Writer::others`] for a map of the type `additionalProperties` says.
    #[inline]
    pub(crate) fn others_typed<'a, V: Serialize + 'a>(
        &mut self,
        entries: impl IntoIterator<Item = (&'a String, &'a V)>,
    ) {
        for (key, value) in entries {
            self.required(key, value);
        }
    }

    /// Ends the map, or returns the first entry's error.
    #[inline]
    pub(crate) fn end(self) -> Result<M::Ok, M::Error> {
        match self.failed {
            Some(e) => Err(e),
            None => self.map.end(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::{serde_object, Nullable};

    #[derive(Debug, PartialEq)]
    struct Pet {
        name: String,
        age: Option<u8>,
        owner: Option<String>,
        note: Nullable<String>,
        r#type: Option<String>,
    }

    serde_object!(Pet {
        name: required("name"),
        age: optional("age"),
        owner: required_nullable("owner"),
        note: optional_nullable("note"),
        r#type: optional("type"),
    });

    #[derive(Debug, PartialEq)]
    struct Labels {
        id: String,
        others: BTreeMap<String, String>,
    }

    serde_object!(Labels {
        id: required("id"),
        ..others typed
    });

    #[derive(Debug, PartialEq)]
    struct Empty {}

    serde_object!(Empty {});

    /// A value that cannot be written, to see what follows a failed entry.
    #[derive(Debug, PartialEq)]
    struct Unwritable(String);

    impl serde::Serialize for Unwritable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom(&self.0))
        }
    }

    impl<'de> serde::Deserialize<'de> for Unwritable {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            String::deserialize(d).map(Unwritable)
        }
    }

    #[derive(Debug, PartialEq)]
    struct Broken {
        first: Unwritable,
        second: Unwritable,
    }

    serde_object!(Broken {
        first: required("first"),
        second: required("second"),
    });

    fn pet(json: &str) -> Result<Pet, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn fields_are_read_by_name_and_written_back_as_they_came() {
        let text = r#"{"name":"Rex","age":3,"owner":null,"note":null,"type":"dog"}"#;
        let rex = pet(text).unwrap();
        assert_eq!(rex.age, Some(3));
        assert_eq!(rex.note, Nullable::Null);
        assert_eq!(rex.r#type.as_deref(), Some("dog"));
        assert_eq!(serde_json::to_string(&rex).unwrap(), text);
        // Absent optional fields stay absent; a required nullable one is `null`.
        let bare = pet(r#"{"name":"Rex","extra":[1,{"a":null}]}"#).unwrap();
        assert_eq!(bare.note, Nullable::Omitted);
        assert_eq!(
            serde_json::to_string(&bare).unwrap(),
            r#"{"name":"Rex","owner":null}"#
        );
        // An escaped name is not borrowed from the input, and still matches.
        assert_eq!(pet(r#"{"n\u0061me": "Rex"}"#).unwrap().name, "Rex");
        // From a reader nothing can be borrowed either.
        let read: Pet = serde_json::from_reader(&br#"{"name": "Rex"}"#[..]).unwrap();
        assert_eq!(read.name, "Rex");
    }

    #[test]
    fn the_map_announces_the_number_of_entries_it_writes() {
        use serde_test::{assert_ser_tokens, Token};
        let rex = Pet {
            name: "Rex".into(),
            age: None,
            owner: None,
            note: Nullable::Null,
            r#type: Some("dog".into()),
        };
        // Formats that write a map's length first (bincode, MessagePack)
        // need the count of the entries written, not of the fields.
        assert_ser_tokens(
            &rex,
            &[
                Token::Map { len: Some(4) },
                Token::Str("name"),
                Token::Str("Rex"),
                Token::Str("owner"),
                Token::None,
                Token::Str("note"),
                Token::None,
                Token::Str("type"),
                Token::Some,
                Token::Str("dog"),
                Token::MapEnd,
            ],
        );
        let mut others = BTreeMap::new();
        others.insert("a".to_owned(), "1".to_owned());
        let labels = Labels {
            id: "x".into(),
            others,
        };
        assert_ser_tokens(
            &labels,
            &[
                Token::Map { len: Some(2) },
                Token::Str("id"),
                Token::Str("x"),
                Token::Str("a"),
                Token::Str("1"),
                Token::MapEnd,
            ],
        );
    }

    #[test]
    fn an_object_without_properties_reads_any_object() {
        assert_eq!(
            serde_json::from_str::<Empty>(r#"{"x":[1]}"#).unwrap(),
            Empty {}
        );
        assert_eq!(serde_json::to_string(&Empty {}).unwrap(), "{}");
        assert!(serde_json::from_str::<Empty>("[]").is_err());
    }

    #[test]
    fn the_first_entry_that_cannot_be_written_is_the_error() {
        let broken = Broken {
            first: Unwritable("first fails".into()),
            second: Unwritable("second fails".into()),
        };
        let error = serde_json::to_string(&broken).unwrap_err().to_string();
        assert_eq!(error, "first fails");
    }

    #[test]
    fn unknown_properties_are_kept_when_the_schema_allows_them() {
        let text = r#"{"id":"x","a":"1","b":"2"}"#;
        let labels: Labels = serde_json::from_str(text).unwrap();
        assert_eq!(labels.others.len(), 2);
        assert_eq!(serde_json::to_string(&labels).unwrap(), text);
        assert!(serde_json::from_str::<Labels>(r#"{"id":"x","a":1}"#).is_err());
    }

    #[test]
    fn deviations_are_read_on_or_refused_as_the_policy_says() {
        use super::super::Decoding::{Lenient, Strict};
        // A `null` for a property that is never null: absent.
        let text = br#"{"name":"Rex","age":null,"owner":null}"#;
        assert_eq!(Lenient.decode::<Pet>(text).unwrap().age, None);
        assert_eq!(Strict.decode::<Pet>(text).unwrap_err().pointer, "/age");
        // A required nullable property missing: null.
        let text = br#"{"name":"Rex"}"#;
        assert_eq!(Lenient.decode::<Pet>(text).unwrap().owner, None);
        let error = Strict.decode::<Pet>(text).unwrap_err();
        assert_eq!(error.pointer, "");
        assert!(error.to_string().contains("`Pet` lacks `owner`"), "{error}");
        // A property a closed model does not declare: dropped.
        let text = br#"{"name":"Rex","owner":null,"chip":{"id":[1,2]},"type":"dog"}"#;
        assert_eq!(
            Lenient.decode::<Pet>(text).unwrap().r#type.as_deref(),
            Some("dog")
        );
        assert_eq!(Strict.decode::<Pet>(text).unwrap_err().pointer, "/chip");
        // What the description allows is no deviation.
        let text = br#"{"name":"Rex","owner":null,"note":null}"#;
        assert!(Strict.decode::<Pet>(text).is_ok());
        assert!(Strict.decode::<Labels>(br#"{"id":"x","a":"1"}"#).is_ok());
        // A missing required property is an error in either mode.
        assert_eq!(
            Lenient
                .decode::<Pet>(br#"{"owner":null}"#)
                .unwrap_err()
                .pointer,
            ""
        );
    }

    #[test]
    fn missing_duplicate_and_mistyped_properties_are_errors_naming_them() {
        assert!(pet(r#"{"age": 3}"#)
            .unwrap_err()
            .starts_with("missing field `name`"));
        assert!(pet(r#"{"name": "a", "name": "b"}"#)
            .unwrap_err()
            .starts_with("duplicate field `name`"));
        assert!(pet(r#"{"name": 1}"#)
            .unwrap_err()
            .contains("expected a string"));
        // The first error is the one reported: reading stops there.
        let first = pet(r#"{"age": "x", "name": "a", "name": "b"}"#).unwrap_err();
        assert!(first.starts_with("invalid type: string \"x\""), "{first}");
        assert!(pet(r#"["Rex"]"#)
            .unwrap_err()
            .contains("expected an object (Pet)"));
    }
}
