//! `wire.rs`: how each struct of `models.rs` is written to and read from
//! JSON, as `Serialize` and `Deserialize` impls written out.
//!
//! They are emitted rather than derived because expanding serde's derives was
//! most of the time a generated crate took to compile (the same structs with
//! these impls check in about two thirds of the time; BENCHMARKS.md, section
//! 4). What they do is what the derives did with the attributes the models
//! used to carry: properties by their wire name, optional ones left out when
//! absent, unknown ones skipped (or kept, with `additionalProperties`),
//! missing required and repeated properties refused with serde's messages.
//! Unions keep their derives: their impls are small.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::{field_ty, ident, ty, Scope};
use crate::ir::{Api, Field, Presence, Struct, TypeKind};

pub fn wire_rs(api: &Api) -> TokenStream {
    let impls = api.types.iter().filter_map(|t| match &t.kind {
        TypeKind::Struct(s) => {
            let name = ident(&t.name);
            let (ser, de) = (serialize(&name, &t.name, s), deserialize(&name, &t.name, s));
            Some(quote!(#ser #de))
        }
        _ => None,
    });
    quote! {
        //! How each model is written to and read from JSON: serde impls written
        //! out rather than derived, because they compile much faster.
        #[allow(unused_imports)]
        use crate::models;
        #[allow(unused_imports)]
        use crate::runtime::decode;
        #[allow(unused_imports)]
        use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};
        #[allow(unused_imports)]
        use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
        #(#impls)*
    }
}

/// `#[allow(deprecated)]` where the impl touches a deprecated field.
fn allow_deprecated(s: &Struct) -> Option<TokenStream> {
    s.fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated)]))
}

/// The test that leaves an optional field out, if it can be left out.
fn present(f: &Field) -> Option<TokenStream> {
    let field = ident(&f.name);
    match f.presence {
        Presence::Required | Presence::RequiredNullable => None,
        Presence::Optional => Some(quote!(self.#field.is_some())),
        Presence::OptionalNullable => Some(quote!(!self.#field.is_omitted())),
    }
}

fn serialize(name: &Ident, rust_name: &str, s: &Struct) -> TokenStream {
    let allow = allow_deprecated(s);
    // The exact number of properties written: some formats write it first.
    let always = s.fields.iter().filter(|f| present(f).is_none()).count();
    let mut terms: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(present)
        .map(|test| quote!(usize::from(#test)))
        .collect();
    if always > 0 || terms.is_empty() {
        terms.insert(0, Literal::usize_unsuffixed(always).into_token_stream());
    }
    let len = quote!(#(#terms)+*);
    let (start, write, skip) = match &s.additional {
        None => (
            quote!(serializer.serialize_struct(#rust_name, #len)?),
            quote!(serialize_field),
            true,
        ),
        Some((other, _)) => {
            let other = ident(other);
            (
                quote!(serializer.serialize_map(Some(#len + self.#other.len()))?),
                quote!(serialize_entry),
                false,
            )
        }
    };
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let json = &f.json_name;
        let put = quote!(object.#write(#json, &self.#field)?;);
        match present(f) {
            None => put,
            // As derived impls do: a format with fixed positions learns of the gap.
            Some(test) if skip => quote!(if #test { #put } else { object.skip_field(#json)?; }),
            Some(test) => quote!(if #test { #put }),
        }
    });
    let others = s.additional.as_ref().map(|(other, _)| {
        let other = ident(other);
        quote! {
            for (key, value) in &self.#other {
                object.serialize_entry(key, value)?;
            }
        }
    });
    let object = if s.fields.is_empty() && s.additional.is_none() {
        quote!(object)
    } else {
        quote!(mut object)
    };
    quote! {
        impl Serialize for models::#name {
            #allow
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let #object = #start;
                #(#fields)*
                #others
                object.end()
            }
        }
    }
}

/// The local holding a field's value while the object is read.
fn slot(f: &Field) -> Ident {
    format_ident!("slot_{}", f.name.trim_start_matches("r#"))
}

fn deserialize(name: &Ident, rust_name: &str, s: &Struct) -> TokenStream {
    let allow = allow_deprecated(s);
    let expecting = format!("an object ({rust_name})");
    // Typed, so that nothing is left for inference to work out.
    let slots = s.fields.iter().map(|f| {
        let slot = slot(f);
        let t = field_ty(&f.ty, f.presence, f.boxed, Scope::Crate);
        quote!(let mut #slot: Option<#t> = None;)
    });
    // Each arm yields a `Result` and one `?` follows the match: every early
    // return is a path on which the compiler drops every slot, and one per
    // arm made these impls several times slower to compile.
    let arms = s.fields.iter().map(|f| {
        let slot = slot(f);
        let json = &f.json_name;
        quote!(#json => decode::field(&mut #slot, &mut map, #json),)
    });
    let (others, other_arm, other_init) = match &s.additional {
        None => (None, quote!(_ => decode::skip(&mut map),), None),
        Some((other, t)) => {
            let other = ident(other);
            let t = ty(t, Scope::Crate);
            (
                Some(quote!(let mut others: #t = Default::default();)),
                quote!(key => map.next_value().map(|value| {
                    others.insert(key.to_owned(), value);
                }),),
                Some(quote!(#other: others,)),
            )
        }
    };
    let read = if s.fields.is_empty() && s.additional.is_none() {
        quote! {
            while map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                decode::skip(&mut map)?;
            }
        }
    } else {
        quote! {
            #(#slots)*
            #others
            while let Some(key) = map.next_key::<decode::Key<'de>>()? {
                match key.as_str() {
                    #(#arms)*
                    #other_arm
                }?;
            }
        }
    };
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| f.presence == Presence::Required)
        .collect();
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let slot = slot(f);
        match f.presence {
            // Matched below: present here.
            Presence::Required => quote!(#field: #slot,),
            // Absent decodes as `None`, or `Omitted` for tri-state fields.
            _ => quote!(#field: #slot.unwrap_or_default(),),
        }
    });
    let value = quote! {
        Ok(models::#name {
            #(#inits)*
            #other_init
        })
    };
    // Required fields are matched all at once, for the same reason as above;
    // the error names the first one missing, as a derived impl's does.
    let finish = match required.as_slice() {
        [] => value,
        [f] => {
            let slot = slot(f);
            let json = &f.json_name;
            quote! {
                match #slot {
                    Some(#slot) => #value,
                    None => Err(serde::de::Error::missing_field(#json)),
                }
            }
        }
        many => {
            let slots: Vec<Ident> = many.iter().map(|f| slot(f)).collect();
            let names = many.iter().map(|f| &f.json_name);
            quote! {
                match (#(#slots),*) {
                    (#(Some(#slots)),*) => #value,
                    (#(#slots),*) => Err(decode::missing(&[#((#slots.is_none(), #names)),*])),
                }
            }
        }
    };
    quote! {
        impl<'de> Deserialize<'de> for models::#name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Fields;
                impl<'de> Visitor<'de> for Fields {
                    type Value = models::#name;
                    #[inline]
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    #allow
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                        #read
                        #finish
                    }
                }
                deserializer.deserialize_map(Fields)
            }
        }
    }
}
