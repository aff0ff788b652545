//! `models.rs`: one Rust type per IR type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{arg, cfg_attr, cfg_in, cfg_predicate, doc_attrs, field_ty, gated, ident, ty, Scope};
use crate::ir::{
    Api, Field, Gate, Presence, StringEnum, Struct, Ty, TypeDef, TypeKind, Union, UnionVariant,
};
use crate::layout::{Chunk, Place, Section};

/// Run `chunk` of the file of `section`: its models, each under its gate;
/// the module's own file starts with its imports and ends with the
/// `include!` of each feature's file.
pub fn models_rs(api: &Api, section: &Section, chunk: Chunk) -> TokenStream {
    let types = chunk.of(&section.types).iter().map(|&id| {
        let t = api.def(id);
        gated(
            cfg_in(api, &t.gate, &section.place).as_ref(),
            type_def(api, t),
        )
    });
    let own = section.place == Place::Own;
    let includes = (own && chunk.is_last()).then(|| super::includes(api, section));
    if !(own && chunk.is_first()) {
        return quote!(#(#types)* #includes);
    }
    quote! {
        //! Request and response bodies, one type per schema. Each is read from
        //! and written to JSON with serde (`Deserialize`, `Serialize`).
        #[allow(unused_imports)]
        use super::runtime::{self, serde_object, string_enum, unions};
        #[allow(unused_imports)]
        use super::Nullable;
        #(#types)*
        #includes
    }
}

fn type_def(api: &Api, t: &TypeDef) -> TokenStream {
    let name = ident(&t.name);
    let source = format!("Schema `#{}`.", t.pointer);
    let described = t.doc.as_deref().filter(|d| super::docs::has_text(d));
    let uses = described
        .is_none()
        .then(|| super::uses::sentence(api, &t.uses));
    let docs = doc_attrs([described.or(uses.as_deref()), Some(source.as_str())]);
    match &t.kind {
        TypeKind::Struct(s) => structure(api, &name, docs, s),
        TypeKind::Enum(e) => string_enum(&name, docs, e),
        TypeKind::Union(u) => union(api, &name, docs, u),
        TypeKind::Alias(target) => {
            let target = ty(target, Scope::models(api));
            quote! {
                #docs
                pub type #name = #target;
            }
        }
    }
}

/// The names of a request model's setters for field `f`: the value setter
/// (`with_new` for a field named `new`, which would clash with the
/// constructor) and, for an optional-nullable field, the one that sends
/// `null` (unless another field is named like it).
pub(super) fn setter_names(
    s: &Struct,
    f: &Field,
) -> (proc_macro2::Ident, Option<proc_macro2::Ident>) {
    let setter = if f.name == "new" {
        format_ident!("with_new")
    } else {
        ident(&f.name)
    };
    let null_name = format!("{}_null", crate::names::bare(&setter.to_string()));
    let free = !s.fields.iter().any(|g| g.name == null_name);
    let null =
        (f.presence == Presence::OptionalNullable && free).then(|| format_ident!("{null_name}"));
    (setter, null)
}

/// The argument type of the value setter of field `f`.
pub(super) fn setter_arg(f: &Field, scope: Scope) -> TokenStream {
    if f.ty == Ty::JsonObject && !f.boxed {
        quote!(impl serde::Serialize)
    } else {
        arg(&f.ty, scope).0
    }
}

/// Whether `t` is an object whose own properties are all optional (and
/// carry no kind tag): missing where required, it still has a reading, the
/// empty object (see the runtime's `serde_object`).
fn optional_object(api: &Api, t: &Ty) -> bool {
    let Ty::Named(id) = t else {
        return false;
    };
    matches!(
        api.definition(*id).map(|d| &d.kind),
        Some(TypeKind::Struct(s)) if s.tag.is_none()
            && s.fields.iter().all(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable))
    )
}

fn field_doc(f: &Field) -> TokenStream {
    // Without a description, what the type does not say: the name on the
    // wire, and what `None` stands for.
    let fallback = format!(
        "The `{}` property{}",
        f.json_name,
        match f.presence {
            Presence::Required => ", always present.",
            Presence::Optional => "; `None` when absent.",
            Presence::RequiredNullable => "; `None` when `null`.",
            Presence::OptionalNullable => "; absent, `null` or a value.",
        }
    );
    // A description with nothing to show (blank, `<p/>`) is none: every
    // field needs a doc.
    let doc = f.doc.as_deref().filter(|d| super::docs::has_text(d));
    let text = doc.unwrap_or(&fallback);
    // The wire name is only in the `serde_object!` line below the struct,
    // which rustdoc does not show: a documented field named differently in
    // Rust says it here (an undocumented one shows it as its whole doc).
    let renamed = (doc.is_some() && f.name.trim_start_matches("r#") != f.json_name)
        .then(|| format!("On the wire: `{}`.", f.json_name));
    doc_attrs([Some(text), renamed.as_deref()])
}

fn structure(api: &Api, name: &proc_macro2::Ident, docs: TokenStream, s: &Struct) -> TokenStream {
    let scope = Scope::models(api);
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let doc = field_doc(f);
        let fty = field_ty(&f.ty, f.presence, f.boxed, scope);
        let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            #doc
            #deprecated
            pub #fname: #fty,
        }
    });
    let builder = s.builder.then(|| builder(scope, name, s));
    let all_optional = s
        .fields
        .iter()
        .all(|f| f.presence != Presence::Required && f.presence != Presence::RequiredNullable);
    let default = (s.builder && all_optional).then(|| quote!(Default,));
    let additional = s.additional.as_ref().map(|(field, t)| {
        let field = ident(field);
        let t = ty(t, scope);
        quote! {
            /// The properties the API description does not declare, as they
            /// were received (written back with the others).
            pub #field: #t,
        }
    });
    let wire = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let json = &f.json_name;
        let presence = format_ident!(
            "{}",
            match f.presence {
                Presence::Required if optional_object(api, &f.ty) => "required_or_empty",
                Presence::Required => "required",
                Presence::Optional => "optional",
                Presence::RequiredNullable => "required_nullable",
                Presence::OptionalNullable => "optional_nullable",
            }
        );
        quote!(#fname: #presence(#json))
    });
    // A map of JSON values, or of the type `additionalProperties` says.
    let others = s.additional.as_ref().map(|(field, t)| {
        let field = ident(field);
        match t {
            Ty::JsonObject => quote!(..#field),
            _ => quote!(..#field typed),
        }
    });
    let tag = s
        .tag
        .as_ref()
        .map(|(property, kind)| quote!(@tag(#property = #kind),));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
            #additional
        }
        serde_object!(#name { #tag #(#wire,)* #others });
        #builder
    }
}

/// `new` with the required fields, then one setter per optional field.
fn builder(scope: Scope, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| matches!(f.presence, Presence::Required | Presence::RequiredNullable))
        .collect();
    let params = required.iter().map(|f| {
        let fname = ident(&f.name);
        let (aty, _) = arg_for(scope, f);
        quote!(#fname: #aty)
    });
    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let (_, conv) = arg_for(scope, f);
        match f.presence {
            Presence::Required | Presence::RequiredNullable if conv.is_empty() => quote!(#fname),
            Presence::Required | Presence::RequiredNullable => quote!(#fname: #fname #conv),
            Presence::Optional => quote!(#fname: None),
            Presence::OptionalNullable => quote!(#fname: Nullable::Omitted),
        }
    });
    let setters = s
        .fields
        .iter()
        .filter(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable))
        .map(|f| {
            let fname = ident(&f.name);
            let (setter, null_setter) = setter_names(s, f);
            let (aty, conv) = arg(&f.ty, scope);
            let value = if f.boxed {
                quote!(Box::new(value #conv))
            } else {
                quote!(value #conv)
            };
            // A free-form object takes a `json!` value, a `Map` or any
            // `Serialize` object, not only a `serde_json::Map`.
            let (aty, value, panics) = if f.ty == Ty::JsonObject && !f.boxed {
                let field = &f.json_name;
                (
                    quote!(impl serde::Serialize),
                    quote!(runtime::json_object(value, #field)),
                    Some(quote! {
                        #[doc = ""]
                        #[doc = " # Panics"]
                        #[doc = ""]
                        #[doc = " When `value` does not serialize as a JSON object."]
                    }),
                )
            } else {
                (aty, value, None)
            };
            let (wrapped, doc) = match (f.presence, &null_setter) {
                (Presence::OptionalNullable, Some(null)) => (
                    quote!(Nullable::Value(#value)),
                    format!(" Sets `{}`; `{null}()` sends `null` instead.", f.json_name),
                ),
                (Presence::OptionalNullable, None) => (
                    quote!(Nullable::Value(#value)),
                    format!(" Sets `{}`.", f.json_name),
                ),
                _ => (quote!(Some(#value)), format!(" Sets `{}`.", f.json_name)),
            };
            let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
            let allow = f.deprecated.then(|| quote!(#[allow(deprecated)]));
            let trait_like = super::setter_allow(&setter.to_string());
            // Sending `null` stays in the chain: `.redirect_url_null()`.
            let null = null_setter.map(|null| {
                let doc = format!(" Sends `{}` as `null`.", f.json_name);
                quote! {
                    #[doc = #doc]
                    #deprecated
                    #allow
                    #[inline]
                    pub fn #null(mut self) -> Self {
                        self.#fname = Nullable::Null;
                        self
                    }
                }
            });
            quote! {
                #[doc = #doc]
                #panics
                #deprecated
                #allow
                #trait_like
                #[inline]
                pub fn #setter(mut self, value: #aty) -> Self {
                    self.#fname = #wrapped;
                    self
                }
                #null
            }
        });
    let additional_init = s.additional.as_ref().map(|(field, _)| {
        let field = ident(field);
        quote!(#field: Default::default(),)
    });
    let allow_many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // `new` sets every field, deprecated ones too.
    let allow_deprecated = s
        .fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    quote! {
        impl #name {
            /// A value with the required fields set and every optional field left out.
            #allow_many
            #allow_deprecated
            #[inline]
            pub fn new(#(#params),*) -> Self {
                #name { #(#inits,)* #additional_init }
            }
            #(#setters)*
        }
    }
}

/// Constructor argument for a required field: `Option<T>` when it is nullable.
fn arg_for(scope: Scope, f: &Field) -> (TokenStream, TokenStream) {
    let (aty, conv) = arg(&f.ty, scope);
    let conv = if f.boxed { quote!(.into()) } else { conv };
    let aty = if f.boxed { ty(&f.ty, scope) } else { aty };
    match f.presence {
        Presence::RequiredNullable => {
            let inner = field_ty(&f.ty, Presence::Required, f.boxed, scope);
            (quote!(Option<#inner>), quote!())
        }
        _ => (aty, conv),
    }
}

fn string_enum(name: &proc_macro2::Ident, docs: TokenStream, e: &StringEnum) -> TokenStream {
    let other = ident(&e.other);
    let variants = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let doc = format!(" `{}`", v.value);
        quote!(#[doc = #doc] #vname,)
    });
    let pairs = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let value = &v.value;
        quote!(#vname(#value),)
    });
    quote! {
        #docs
        ///
        /// Values this client does not know are kept in the catch-all variant,
        /// so a value added to the API later does not break decoding.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value not known when this client was generated, as sent.
            #other(String),
        }
        string_enum!(#name { #(#pairs)* ..#other });
    }
}

fn union(api: &Api, name: &proc_macro2::Ident, docs: TokenStream, u: &Union) -> TokenStream {
    // Whether some kinds are compiled only with their features.
    let conditional = u.variants.iter().any(|v| v.gate != Gate::Always);
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let mut inner = ty(&v.ty, Scope::models(api));
        if v.boxed {
            inner = quote!(Box<#inner>);
        }
        let doc = if u.fallback && v.name == u.unknown {
            let tag = u.tag.as_deref().unwrap_or_default();
            let which = if u.absent_tag_is_base {
                format!("The base itself (a value without `{tag}`), or a kind the API description does not list")
            } else {
                format!("A kind the API description does not list (another `{tag}`)")
            };
            let left_out = match (api.selection.is_some(), conditional) {
                (false, false) => "",
                (false, true) => ", or one whose Cargo feature is off",
                (true, false) => ", or one `[select]` left out of this crate",
                (true, true) => {
                    ", one `[select]` left out of this crate, or one whose Cargo feature is off"
                }
            };
            format!(" {which}{left_out}: the base's properties, every other one kept as sent.")
        } else if v.tags.is_empty() {
            " One of the alternatives.".to_string()
        } else {
            format!(" Selected by `{}`.", v.tags.join("`, `"))
        };
        let cfg = cfg_attr(api, &v.gate);
        quote!(#[doc = #doc] #cfg #vname(#inner),)
    });
    // Where some kinds are compiled only with their features, code that
    // matches on the enum must allow for the others.
    let non_exhaustive = conditional.then(|| quote!(#[non_exhaustive]));
    let unknown = ident(&u.unknown);
    let label = name.to_string();
    let fallback = u.variants.last().filter(|_| u.fallback);
    // Each alternative read from the buffered `value`, wrapped in its variant.
    let read = |v: &UnionVariant| {
        let vname = ident(&v.name);
        if v.boxed {
            quote!(unions::alternative(value, |v| #name::#vname(Box::new(v))))
        } else {
            quote!(unions::alternative(value, #name::#vname))
        }
    };
    let (how, decide) = match &u.tag {
        None => {
            let alternatives = u.variants.iter().map(|v| {
                let shape = shape(api, &v.ty);
                let read = read(v);
                quote!((#shape, |value| #read),)
            });
            (
                " Decoding picks the alternative a value fits best (all its required properties present, then the most of its properties declared); a value that fits none is kept whole.".to_string(),
                quote! {
                    unions::untagged(value, #label, &[#(#alternatives)*], #name::#unknown)
                },
            )
        }
        Some(tag) => {
            // What a value of a kind not listed reads as: the base's own
            // properties, or the value whole.
            let otherwise = match fallback {
                Some(v) => read(v),
                None => quote!(Ok(#name::#unknown(value))),
            };
            // A kind whose variant is not compiled reads as that too,
            // silently: the value is as the API description says.
            let arms = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
                let tags = &v.tags;
                let this = read(v);
                match cfg_predicate(api, &v.gate) {
                    Some(on) => quote! {
                        #[cfg(#on)]
                        Some(#(#tags)|*) => #this,
                        #[cfg(not(#on))]
                        Some(#(#tags)|*) => #otherwise,
                    },
                    None => quote!(Some(#(#tags)|*) => #this,),
                }
            });
            let keep = quote!(|value| #otherwise);
            // OData leaves the tag out of a value of the base itself.
            let absent = u
                .absent_tag_is_base
                .then(|| quote!(None if value.get(#tag).is_none() => #otherwise,));
            let without = if u.absent_tag_is_base {
                " (a value without it is the base's own, as OData sends it)"
            } else {
                ""
            };
            let how = format!(
                " The `{{tag}}` property says which alternative a value is{without}; values with a tag this client does not know are kept whole."
            );
            (
                how,
                quote! {
                    let tag = value.get(#tag).and_then(serde_json::Value::as_str).map(str::to_owned);
                    match tag.as_deref() {
                        #(#arms)*
                        #absent
                        _ => unknown_tag(value, #label, #tag, #keep),
                    }
                },
            )
        }
    };
    let how = how.replace("{tag}", u.tag.as_deref().unwrap_or_default());
    let raw = fallback.is_none().then(|| {
        quote! {
            /// A value none of the alternatives above reads, as it was sent.
            #unknown(serde_json::Value),
        }
    });
    let unknown_tag = u.tag.as_ref().map(|_| {
        quote!(
            use unions::unknown_tag;
        )
    });
    quote! {
        #docs
        ///
        #[doc = #how]
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #non_exhaustive
        pub enum #name {
            #(#variants)*
            #raw
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                #unknown_tag
                unions::buffered(deserializer, |value| { #decide })
            }
        }
    }
}

/// What JSON a union's alternative of type `t` reads (the runtime's
/// `unions::Shape`), for picking the one a value was meant as.
fn shape(api: &Api, t: &Ty) -> TokenStream {
    match t {
        Ty::Named(id) => match api.definition(*id).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => {
                let required = s
                    .fields
                    .iter()
                    .filter(|f| f.presence == Presence::Required)
                    .map(|f| &f.json_name);
                let declared = s.fields.iter().map(|f| &f.json_name);
                quote!(unions::Shape::Object(&[#(#required),*], &[#(#declared),*]))
            }
            Some(TypeKind::Enum(_)) => quote!(unions::Shape::String),
            _ => quote!(unions::Shape::Any),
        },
        Ty::String | Ty::Binary => quote!(unions::Shape::String),
        Ty::I32 | Ty::I64 | Ty::F64 => quote!(unions::Shape::Number),
        Ty::Bool => quote!(unions::Shape::Boolean),
        Ty::Vec(_) | Ty::Tuple(_) => quote!(unions::Shape::Array),
        Ty::Map(_) | Ty::JsonObject => quote!(unions::Shape::Object(&[], &[])),
        Ty::Json | Ty::Upload => quote!(unions::Shape::Any),
    }
}
