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
    /// Sorted by kind and path, each once (see [`Surface::finish`]).
    pub entries: Vec<Entry>,
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
        for e in &self.entries {
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
            surface.entries.push(Entry {
                kind,
                path,
                signature,
                gate,
                marks,
            });
        }
        surface.finish();
        Some(surface)
    }

    /// The entry of `kind` at `path`.
    pub fn get(&self, kind: Kind, path: &str) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| (e.kind, e.path.as_str()).cmp(&(kind, path)))
            .ok()
            .map(|i| &self.entries[i])
    }

    /// Sorts the entries; a path met twice (an item in two features'
    /// files) is kept once, compiled with either's features; and a
    /// method's gate loses what its type's already says (a builder's
    /// methods are compiled with the builder), so that a line says only
    /// what is its own.
    pub fn finish(&mut self) {
        self.entries
            .sort_by(|a, b| (a.kind, &a.path).cmp(&(b.kind, &b.path)));
        let mut merged: Vec<Entry> = Vec::with_capacity(self.entries.len());
        for entry in std::mem::take(&mut self.entries) {
            match merged.last_mut() {
                Some(known) if known.kind == entry.kind && known.path == entry.path => {
                    if known.gate != entry.gate && !known.gate.is_empty() {
                        known.gate = if entry.gate.is_empty() {
                            String::new()
                        } else {
                            format!("any({}, {})", known.gate, entry.gate)
                        };
                    }
                }
                _ => merged.push(entry),
            }
        }
        self.entries = merged;
        let gates: BTreeMap<String, String> = self
            .entries
            .iter()
            .filter(|e| e.kind == Kind::Type && !e.gate.is_empty())
            .map(|e| (e.path.clone(), e.gate.clone()))
            .collect();
        for e in self
            .entries
            .iter_mut()
            .filter(|e| e.kind == Kind::Fn && !e.gate.is_empty())
        {
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

/// The methods the runtime's `call_options!` writes into a builder's
/// `impl`, with their signatures (none for another macro).
fn call_options(mac: &syn::Macro) -> Vec<(String, String)> {
    if !mac.path.is_ident("call_options") {
        return Vec::new();
    }
    let parser = syn::punctuated::Punctuated::<syn::Ident, syn::Token![,]>::parse_terminated;
    let names: Vec<String> = match syn::parse::Parser::parse2(parser, mac.tokens.clone()) {
        Ok(names) if names.len() == 3 => names.iter().map(ToString::to_string).collect(),
        _ => ["with_timeout", "with_retry", "with_deadline"]
            .map(String::from)
            .to_vec(),
    };
    let arguments = [
        "timeout: Duration",
        "retry: RetryPolicy",
        "deadline: Duration",
    ];
    names
        .into_iter()
        .zip(arguments)
        .map(|(name, argument)| (name, format!("(self, {argument}) -> Self")))
        .collect()
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
                            type_text(&f.ty),
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
                        fields_text(&v.fields),
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
                    format!("type = {}", type_text(&t.ty)),
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
                    let f = match inner {
                        syn::ImplItem::Fn(f) => f,
                        syn::ImplItem::Macro(m) => {
                            let fn_gates = with_cfgs(&gates, &m.attrs);
                            for (method, signature) in call_options(&m.mac) {
                                let path = format!("{}{}::{method}", self.prefix, name.ident);
                                self.push(Kind::Fn, &path, signature, &fn_gates, &m.attrs);
                            }
                            continue;
                        }
                        _ => continue,
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
            let mut predicate = String::new();
            crate::tokens::write_line(list.tokens.clone(), &mut predicate);
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
            derives.push(text(&meta.path));
            Ok(())
        });
    }
    let mut out = format!("{keyword}{}", generics_text(generics));
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
    let inputs: Vec<String> = sig
        .inputs
        .iter()
        .map(|input| match input {
            // `mut self` binds mutably inside; the caller sees `self`.
            syn::FnArg::Receiver(r) if r.colon_token.is_none() => match &r.reference {
                None => "self".to_string(),
                Some((_, lifetime)) => format!(
                    "&{}{}self",
                    lifetime
                        .as_ref()
                        .map(|l| format!("'{} ", l.ident))
                        .unwrap_or_default(),
                    if r.mutability.is_some() { "mut " } else { "" }
                ),
            },
            syn::FnArg::Typed(arg) => format!("{}: {}", text(&arg.pat), type_text(&arg.ty)),
            other => text(other),
        })
        .collect();
    let output = match &sig.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, ty) => format!(" -> {}", type_text(ty)),
    };
    let bounds = sig
        .generics
        .where_clause
        .as_ref()
        .map(|w| format!(" {}", text(w)))
        .unwrap_or_default();
    format!(
        "{asyncness}{}({}){output}{bounds}",
        generics_text(&sig.generics),
        inputs.join(", ")
    )
}

/// `<'a, T>`, or nothing for no generics (most items).
fn generics_text(generics: &syn::Generics) -> String {
    if generics.params.is_empty() {
        String::new()
    } else {
        text(generics)
    }
}

/// What a variant holds: `(String)`, `{ a: T }`, or nothing.
fn fields_text(fields: &syn::Fields) -> String {
    match fields {
        syn::Fields::Unit => String::new(),
        syn::Fields::Unnamed(f) => {
            let types: Vec<String> = f.unnamed.iter().map(|f| type_text(&f.ty)).collect();
            format!("({})", types.join(", "))
        }
        syn::Fields::Named(_) => text(fields),
    }
}

/// A type as compact text, printed straight from the syntax tree for the
/// forms the emitters write (paths with generic arguments, references,
/// tuples, slices, `impl Trait`): the surface of a crate as large as
/// Microsoft Graph's has 180,000 items, and going through tokens for each
/// cost a fifth of its generation. Anything else goes through tokens.
fn type_text(ty: &syn::Type) -> String {
    let mut out = String::new();
    write_type(ty, &mut out);
    out
}

fn write_type(ty: &syn::Type, out: &mut String) {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => write_path(&p.path, out),
        syn::Type::Reference(r) => {
            out.push('&');
            if let Some(lifetime) = &r.lifetime {
                let _ = write!(out, "'{} ", lifetime.ident);
            }
            if r.mutability.is_some() {
                out.push_str("mut ");
            }
            write_type(&r.elem, out);
        }
        syn::Type::Tuple(t) => {
            out.push('(');
            for (i, elem) in t.elems.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_type(elem, out);
            }
            out.push(')');
        }
        syn::Type::Slice(s) => {
            out.push('[');
            write_type(&s.elem, out);
            out.push(']');
        }
        syn::Type::ImplTrait(t) => {
            out.push_str("impl ");
            write_bounds(t.bounds.iter(), out);
        }
        syn::Type::TraitObject(t) => {
            out.push_str("dyn ");
            write_bounds(t.bounds.iter(), out);
        }
        other => crate::tokens::write_line(other.to_token_stream(), out),
    }
}

fn write_path(path: &syn::Path, out: &mut String) {
    if path.leading_colon.is_some() {
        out.push_str("::");
    }
    for (i, segment) in path.segments.iter().enumerate() {
        if i > 0 {
            out.push_str("::");
        }
        let _ = write!(out, "{}", segment.ident);
        match &segment.arguments {
            syn::PathArguments::None => {}
            syn::PathArguments::AngleBracketed(args) => {
                out.push('<');
                for (i, arg) in args.args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    match arg {
                        syn::GenericArgument::Type(t) => write_type(t, out),
                        syn::GenericArgument::Lifetime(l) => {
                            let _ = write!(out, "'{}", l.ident);
                        }
                        syn::GenericArgument::AssocType(a) => {
                            let _ = write!(out, "{} = ", a.ident);
                            write_type(&a.ty, out);
                        }
                        other => crate::tokens::write_line(other.to_token_stream(), out),
                    }
                }
                out.push('>');
            }
            syn::PathArguments::Parenthesized(_) => {
                crate::tokens::write_line(segment.arguments.to_token_stream(), out)
            }
        }
    }
}

fn write_bounds<'a>(bounds: impl Iterator<Item = &'a syn::TypeParamBound>, out: &mut String) {
    for (i, bound) in bounds.enumerate() {
        if i > 0 {
            out.push_str(" + ");
        }
        match bound {
            syn::TypeParamBound::Trait(t) if t.lifetimes.is_none() => {
                if matches!(t.modifier, syn::TraitBoundModifier::Maybe(_)) {
                    out.push('?');
                }
                write_path(&t.path, out);
            }
            syn::TypeParamBound::Lifetime(l) => {
                let _ = write!(out, "'{}", l.ident);
            }
            other => crate::tokens::write_line(other.to_token_stream(), out),
        }
    }
}

/// Tokens as compact text: `Option<Vec<String>>`, `&'a str`.
fn text(tokens: &impl ToTokens) -> String {
    let mut out = String::new();
    crate::tokens::write_line(tokens.to_token_stream(), &mut out);
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
        surface.entries.extend(read("models", &[], &file));
        surface.finish();
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
