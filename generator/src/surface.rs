//! The public API of a generated crate, read off the code as emitted, and
//! kept in the crate as `api-surface.txt` so that the next generation can
//! say what changed ([`crate::changes`]) without the old spec.
//!
//! It is read from the parsed items, not from the IR, so that it covers
//! whatever an emitter writes (a setter renamed to dodge a clash, a derive,
//! a `cfg`) without a second description of the emitters to keep in step.
//! What the runtime module declares is the generator's, the same for every
//! spec, and is left out.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use quote::ToTokens;

/// The file in the crate's folder.
pub const FILE: &str = "api-surface.txt";

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A cargo feature; its signature is what it turns on.
    Feature,
    /// A struct, an enum or a type alias.
    Type,
    /// A field of a struct, with its type.
    Field,
    /// A variant of an enum, with what it holds.
    Variant,
    /// A public function or method, with its arguments and result.
    Fn,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Feature => "feature",
            Kind::Type => "type",
            Kind::Field => "field",
            Kind::Variant => "variant",
            Kind::Fn => "fn",
        }
    }

    fn parse(text: &str) -> Option<Kind> {
        Some(match text {
            "feature" => Kind::Feature,
            "type" => Kind::Type,
            "field" => Kind::Field,
            "variant" => Kind::Variant,
            "fn" => Kind::Fn,
            _ => return None,
        })
    }
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    /// How a user names it: `Client::get_user`, `models::User`,
    /// `models::User.email`, `errors::GetUserError::NotFound`.
    pub path: String,
    /// Its signature as written in the code (`(&self, id: impl Into<String>)
    /// -> operations::GetUser<'_>`, a field's type, `struct` or `enum` with
    /// derives), compared as text.
    pub signature: String,
    /// The `cfg` predicates it is compiled under beyond those of the type it
    /// belongs to (a field, a variant, a method: none when it is compiled
    /// with its type), joined by `, `, each `feature = "name"` written
    /// `name`: `users`, `any(users, teams)`. Empty when always.
    pub gate: String,
    /// Marks that change what a user may do with it: `deprecated`,
    /// `non_exhaustive`.
    pub marks: Vec<String>,
}

/// Every entry of a crate, by kind and path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Surface {
    pub crate_name: String,
    pub version: String,
    pub entries: BTreeMap<(Kind, String), Entry>,
}

impl Surface {
    /// The file's text: a header, then one line per entry, its columns
    /// separated by tabs.
    pub fn to_text(&self) -> String {
        let mut out = String::from(
            "# The public API of this crate as generated, one item per line (kind, path,\n\
             # signature, cfg, marks; tabs between). The generator reads it back at the\n\
             # next generation to report what changed. Do not edit: regenerate.\n",
        );
        let _ = writeln!(out, "crate\t{}\t{}", self.crate_name, self.version);
        for e in self.entries.values() {
            let line = format!(
                "{}\t{}\t{}\t{}\t{}",
                e.kind.name(),
                e.path,
                e.signature,
                e.gate,
                e.marks.join(" ")
            );
            // Empty columns at the end are left out (no trailing tabs).
            let _ = writeln!(out, "{}", line.trim_end_matches('\t'));
        }
        out
    }

    /// Reads a file written by [`Surface::to_text`]; `None` when it is not
    /// one (an older generator's crate, a file edited by hand).
    pub fn parse(text: &str) -> Option<Surface> {
        let mut surface = Surface::default();
        let mut lines = text.lines().filter(|l| !l.starts_with('#'));
        let mut head = lines.next()?.split('\t');
        if head.next()? != "crate" {
            return None;
        }
        surface.crate_name = head.next()?.to_string();
        surface.version = head.next()?.to_string();
        for line in lines {
            let mut columns = line.split('\t');
            let kind = Kind::parse(columns.next()?)?;
            let path = columns.next()?.to_string();
            let signature = columns.next().unwrap_or_default().to_string();
            let gate = columns.next().unwrap_or_default().to_string();
            let marks = columns
                .next()
                .unwrap_or_default()
                .split(' ')
                .filter(|m| !m.is_empty())
                .map(str::to_string)
                .collect();
            surface.entries.insert(
                (kind, path.clone()),
                Entry {
                    kind,
                    path,
                    signature,
                    gate,
                    marks,
                },
            );
        }
        Some(surface)
    }

    /// Adds `entries`; a path met twice (an item in two features' files)
    /// keeps both gates.
    pub fn extend(&mut self, entries: impl IntoIterator<Item = Entry>) {
        for entry in entries {
            match self.entries.get_mut(&(entry.kind, entry.path.clone())) {
                Some(known) if known.gate != entry.gate && !known.gate.is_empty() => {
                    known.gate = if entry.gate.is_empty() {
                        String::new()
                    } else {
                        format!("any({}, {})", known.gate, entry.gate)
                    };
                }
                Some(_) => {}
                None => {
                    self.entries.insert((entry.kind, entry.path.clone()), entry);
                }
            }
        }
    }
}

impl Surface {
    /// Leaves out of each method's gate what its type's already says (a
    /// builder's methods are compiled with the builder), so that a line
    /// says only what is its own.
    pub fn finish(&mut self) {
        let gates: BTreeMap<String, String> = self
            .entries
            .values()
            .filter(|e| e.kind == Kind::Type)
            .map(|e| (e.path.clone(), e.gate.clone()))
            .collect();
        for e in self.entries.values_mut().filter(|e| e.kind == Kind::Fn) {
            let owner = e.path.rsplit_once("::").map(|(o, _)| o);
            if owner
                .and_then(|o| gates.get(o))
                .is_some_and(|g| *g == e.gate)
            {
                e.gate.clear();
            }
        }
    }
}

/// The public items of one parsed file of module `module` (`models`,
/// `operations`; empty for the client's, whose `Client` the crate's root
/// re-exports), compiled under the `cfg` predicates `gates` (the feature
/// whose file it is).
pub fn read(module: &str, gates: &[String], file: &syn::File) -> Vec<Entry> {
    let mut reader = Reader {
        prefix: if module.is_empty() {
            String::new()
        } else {
            format!("{module}::")
        },
        out: Vec::new(),
    };
    for item in &file.items {
        reader.item(item, gates);
    }
    reader.out
}

struct Reader {
    prefix: String,
    out: Vec<Entry>,
}

impl Reader {
    fn item(&mut self, item: &syn::Item, gates: &[String]) {
        match item {
            syn::Item::Struct(s) if public(&s.vis) => {
                let path = format!("{}{}", self.prefix, s.ident);
                let gates = with_cfgs(gates, &s.attrs);
                self.push(
                    Kind::Type,
                    &path,
                    kind_text("struct", &s.attrs, &s.generics),
                    &gates,
                    &s.attrs,
                );
                if let syn::Fields::Named(fields) = &s.fields {
                    for f in fields.named.iter().filter(|f| public(&f.vis)) {
                        let Some(name) = &f.ident else { continue };
                        let field_gates = with_cfgs(&[], &f.attrs);
                        self.push(
                            Kind::Field,
                            &format!("{path}.{}", bare(name)),
                            text(&f.ty),
                            &field_gates,
                            &f.attrs,
                        );
                    }
                }
            }
            syn::Item::Enum(e) if public(&e.vis) => {
                let path = format!("{}{}", self.prefix, e.ident);
                let gates = with_cfgs(gates, &e.attrs);
                self.push(
                    Kind::Type,
                    &path,
                    kind_text("enum", &e.attrs, &e.generics),
                    &gates,
                    &e.attrs,
                );
                for v in &e.variants {
                    let variant_gates = with_cfgs(&[], &v.attrs);
                    self.push(
                        Kind::Variant,
                        &format!("{path}::{}", bare(&v.ident)),
                        text(&v.fields),
                        &variant_gates,
                        &v.attrs,
                    );
                }
            }
            syn::Item::Type(t) if public(&t.vis) => {
                let path = format!("{}{}", self.prefix, t.ident);
                let gates = with_cfgs(gates, &t.attrs);
                self.push(
                    Kind::Type,
                    &path,
                    format!("type = {}", text(&t.ty)),
                    &gates,
                    &t.attrs,
                );
            }
            syn::Item::Fn(f) if public(&f.vis) => {
                let path = format!("{}{}", self.prefix, f.sig.ident);
                let gates = with_cfgs(gates, &f.attrs);
                self.push(Kind::Fn, &path, signature(&f.sig), &gates, &f.attrs);
            }
            // Inherent methods only: trait impls come from derives and the
            // runtime's macros, which the type's entry names.
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let syn::Type::Path(self_ty) = &*i.self_ty else {
                    return;
                };
                let Some(name) = self_ty.path.segments.last() else {
                    return;
                };
                let gates = with_cfgs(gates, &i.attrs);
                for inner in &i.items {
                    let syn::ImplItem::Fn(f) = inner else {
                        continue;
                    };
                    if !public(&f.vis) {
                        continue;
                    }
                    let fn_gates = with_cfgs(&gates, &f.attrs);
                    self.push(
                        Kind::Fn,
                        &format!("{}{}::{}", self.prefix, name.ident, f.sig.ident),
                        signature(&f.sig),
                        &fn_gates,
                        &f.attrs,
                    );
                }
            }
            syn::Item::Mod(m) if public(&m.vis) => {
                let Some((_, items)) = &m.content else { return };
                let gates = with_cfgs(gates, &m.attrs);
                let inner = format!("{}{}::", self.prefix, m.ident);
                let outer = std::mem::replace(&mut self.prefix, inner);
                for item in items {
                    self.item(item, &gates);
                }
                self.prefix = outer;
            }
            _ => {}
        }
    }

    fn push(
        &mut self,
        kind: Kind,
        path: &str,
        signature: String,
        gates: &[String],
        attrs: &[syn::Attribute],
    ) {
        let marks = attrs
            .iter()
            .filter_map(|a| {
                let name = a.path().get_ident()?.to_string();
                matches!(name.as_str(), "deprecated" | "non_exhaustive").then_some(name)
            })
            .collect();
        self.out.push(Entry {
            kind,
            path: path.to_string(),
            signature,
            gate: gates
                .iter()
                .map(|g| short(g))
                .collect::<Vec<_>>()
                .join(", "),
            marks,
        });
    }
}

/// `pub`, not `pub(crate)`.
fn public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// A name without `r#`.
fn bare(ident: &syn::Ident) -> String {
    crate::names::bare(&ident.to_string()).to_string()
}

/// A `cfg` predicate with each `feature = "name"` written `name`.
fn short(predicate: &str) -> String {
    let mut out = String::with_capacity(predicate.len());
    let mut rest = predicate;
    while let Some(at) = rest.find("feature = \"") {
        out.push_str(&rest[..at]);
        let name = &rest[at + "feature = \"".len()..];
        let Some(end) = name.find('"') else {
            out.push_str(&rest[at..]);
            return out;
        };
        out.push_str(&name[..end]);
        rest = &name[end + 1..];
    }
    out.push_str(rest);
    out
}

/// `gates` and the predicates of the `#[cfg(..)]` attributes among `attrs`.
fn with_cfgs(gates: &[String], attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = gates.to_vec();
    for attr in attrs.iter().filter(|a| a.path().is_ident("cfg")) {
        if let syn::Meta::List(list) = &attr.meta {
            let predicate = compact(&list.tokens.to_string());
            if !out.contains(&predicate) {
                out.push(predicate);
            }
        }
    }
    out
}

/// `struct` or `enum`, its generics and what it derives.
fn kind_text(keyword: &str, attrs: &[syn::Attribute], generics: &syn::Generics) -> String {
    let mut derives = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            derives.push(compact(&meta.path.to_token_stream().to_string()));
            Ok(())
        });
    }
    let mut out = format!("{keyword}{}", text(generics));
    if !derives.is_empty() {
        let _ = write!(out, " derives {}", derives.join(", "));
    }
    out
}

/// A function's generics, arguments and result.
fn signature(sig: &syn::Signature) -> String {
    let asyncness = if sig.asyncness.is_some() {
        "async "
    } else {
        ""
    };
    let inputs: Vec<String> = sig.inputs.iter().map(text).collect();
    let output = match &sig.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, ty) => format!(" -> {}", text(ty)),
    };
    let bounds = sig
        .generics
        .where_clause
        .as_ref()
        .map(|w| format!(" {}", text(w)))
        .unwrap_or_default();
    format!(
        "{asyncness}{}({}){output}{bounds}",
        text(&sig.generics),
        inputs.join(", ")
    )
}

/// Tokens as compact text: `Option<Vec<String>>`, `&'a str`.
fn text(tokens: &impl ToTokens) -> String {
    compact(&tokens.to_token_stream().to_string())
}

/// Spaces that token printing puts around punctuation, taken out where
/// Rust code has none.
fn compact(spaced: &str) -> String {
    let mut out = spaced.to_string();
    for (from, to) in [
        (" : ", ": "),
        (" :: ", "::"),
        (":: ", "::"),
        (" < ", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" ,", ","),
        ("( ", "("),
        (" )", ")"),
        ("[ ", "["),
        (" ]", "]"),
        ("& '", "&'"),
        ("& ", "&"),
        (" ;", ";"),
        ("(mut self", "(self"),
        ("any (", "any("),
        ("all (", "all("),
        ("not (", "not("),
    ] {
        out = out.replace(from, to);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(code: &str) -> Vec<String> {
        let file: syn::File = syn::parse_str(code).unwrap();
        read("models", &["feature = \"users\"".to_string()], &file)
            .into_iter()
            .map(|e| {
                format!(
                    "{} {} {} [{}] {:?}",
                    e.kind.name(),
                    e.path,
                    e.signature,
                    e.gate,
                    e.marks
                )
            })
            .collect()
    }

    #[test]
    fn reads_public_items_with_their_signatures_gates_and_marks() {
        let read = entries(
            "#[derive(Debug, Clone)] pub struct User { pub id: Option<Vec<String>>, secret: String, pub r#type: Kind }
             #[cfg(feature = \"full\")] #[non_exhaustive] pub enum Kind { A, #[deprecated] B(Box<User>), #[cfg(any(feature = \"a\", feature = \"b-c\"))] C }
             pub type Alias = std::collections::HashMap<String, i64>;
             impl User { pub fn new(id: impl Into<String>) -> Self { todo!() } pub(crate) fn hidden(&self) {} }
             impl Default for User { fn default() -> Self { todo!() } }",
        );
        assert_eq!(
            read,
            [
                "type models::User struct derives Debug, Clone [users] []",
                "field models::User.id Option<Vec<String>> [] []",
                "field models::User.type Kind [] []",
                "type models::Kind enum [users, full] [\"non_exhaustive\"]",
                "variant models::Kind::A  [] []",
                "variant models::Kind::B (Box<User>) [] [\"deprecated\"]",
                "variant models::Kind::C  [any(a, b-c)] []",
                "type models::Alias type = std::collections::HashMap<String, i64> [users] []",
                "fn models::User::new (id: impl Into<String>) -> Self [users] []",
            ]
        );
    }

    #[test]
    fn the_text_reads_back_as_written() {
        let file: syn::File = syn::parse_str(
            "pub struct A { pub b: Vec<u8> } impl A { #[deprecated] pub fn c<'a>(&'a self, d: &str) -> &'a [u8] { &self.b } }",
        )
        .unwrap();
        let mut surface = Surface {
            crate_name: "api".into(),
            version: "1.2.3".into(),
            ..Surface::default()
        };
        surface.extend(read("models", &[], &file));
        let text = surface.to_text();
        assert!(
            text.contains("fn\tmodels::A::c\t<'a>(&'a self, d: &str) -> &'a [u8]\t\tdeprecated\n"),
            "{text}"
        );
        assert!(text.contains("field\tmodels::A.b\tVec<u8>\n"), "{text}");
        assert_eq!(Surface::parse(&text), Some(surface));
        assert_eq!(Surface::parse("not a surface"), None);
    }
}
