//! `tests/examples.rs`: one test per example of a JSON body in the
//! description (see `resolve::examples`), each reading its file in
//! `tests/examples/` into its type.

use proc_macro2::TokenStream;
use quote::quote;

use super::{cfg_attr, ident, ty, Scope};
use crate::ir::{Api, ExampleOf, Gate, Ty};

/// The tests, and the checks they share.
pub fn examples_rs(api: &Api) -> TokenStream {
    let krate = ident(&api.crate_name.replace('-', "_"));
    let tests = api.examples.iter().map(|e| {
        let name = ident(&e.name);
        let t = ty(&e.ty, Scope::krate(api));
        let file = format!("examples/{}.json", e.name);
        let (body, gate) = match &e.of {
            ExampleOf::Operation { index, .. } => {
                let op = &api.operations[*index];
                (format!("`{} {}`", op.http_method, op.path), &op.gate)
            }
            // A payload's model is compiled where its gate says.
            ExampleOf::Webhook(index) => {
                let event = &api.webhooks.events[*index];
                let gate = match event.payload {
                    Ty::Named(id) => &api.types[id.0].gate,
                    _ => &Gate::Always,
                };
                (format!("The `{}` webhook", event.name), gate)
            }
        };
        let doc = format!(" {body}: the example at `#{}`.", e.pointer);
        let gate = cfg_attr(api, gate);
        let check = match &e.deviation {
            None => quote!(reads_and_writes_back::<#t>(include_str!(#file))),
            Some(d) => {
                let pointers = d.pointers();
                if d.readable() {
                    quote!(deviates_readably::<#t>(include_str!(#file), &[#(#pointers),*]))
                } else {
                    quote!(deviates_unreadably::<#t>(include_str!(#file), &[#(#pointers),*]))
                }
            }
        };
        quote! {
            #[doc = #doc]
            #gate
            #[test]
            fn #name() {
                #check;
            }
        }
    });
    quote! {
        //! The API description's examples of JSON bodies, each read as the
        //! client reads a body and written back. One that does not match its
        //! schema (the generator said so when it wrote this crate) must be
        //! refused by `Decoding::Strict`, and read by `Decoding::Lenient`
        //! where a sensible reading exists.
        #![allow(unused_imports, dead_code)]

        use #krate::serde_json::{self, Value};
        use #krate::{models, Decoding};
        use serde::de::DeserializeOwned;
        use serde::Serialize;

        /// Reads `text` strictly and writes it back: what comes back is
        /// what was read (object keys in any order, numbers by value).
        fn reads_and_writes_back<T: Serialize + DeserializeOwned>(text: &str) {
            let read: T = Decoding::Strict
                .decode(text.as_bytes())
                .unwrap_or_else(|e| panic!("the example does not read: {e}"));
            let written = serde_json::to_value(&read).expect("the value writes");
            let sent: Value = serde_json::from_str(text).expect("the example is JSON");
            if let Some(at) = difference(&sent, &written, String::new()) {
                panic!("written back, the example differs at `{at}`:\nread    {sent}\nwritten {written}");
            }
        }

        /// An example that differs from its schema where `pointers` say,
        /// every difference readable: refused strictly (at one of them, or
        /// at a value holding it), read leniently.
        fn deviates_readably<T: DeserializeOwned>(text: &str, pointers: &[&str]) {
            refused::<T>(Decoding::Strict, text, pointers);
            if let Err(e) = Decoding::Lenient.decode::<T>(text.as_bytes()) {
                panic!("the example is read leniently: {e}");
            }
        }

        /// An example with a difference the client cannot read past:
        /// refused in either mode.
        fn deviates_unreadably<T: DeserializeOwned>(text: &str, pointers: &[&str]) {
            refused::<T>(Decoding::Strict, text, pointers);
            refused::<T>(Decoding::Lenient, text, pointers);
        }

        fn refused<T: DeserializeOwned>(decoding: Decoding, text: &str, pointers: &[&str]) {
            match decoding.decode::<T>(text.as_bytes()) {
                Ok(_) => panic!("{decoding:?} reads an example that differs from its schema at {pointers:?}"),
                Err(e) => assert!(
                    pointers.iter().any(|p| p.starts_with(&e.pointer)),
                    "{decoding:?} refuses it at `{}`, not at one of {pointers:?}: {e}",
                    e.pointer
                ),
            }
        }

        /// Where two JSON values first differ, if they do; numbers compare
        /// by value.
        fn difference(a: &Value, b: &Value, at: String) -> Option<String> {
            match (a, b) {
                (Value::Number(x), Value::Number(y)) => {
                    let same = match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                        (Some(x), Some(y), _, _) => x == y,
                        (_, _, Some(x), Some(y)) => x == y,
                        _ => x.as_f64() == y.as_f64(),
                    };
                    (!same).then_some(at)
                }
                (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
                    .iter()
                    .zip(y)
                    .enumerate()
                    .find_map(|(i, (x, y))| difference(x, y, format!("{at}/{i}"))),
                (Value::Object(x), Value::Object(y)) if x.len() == y.len() => x.iter().find_map(|(k, v)| match y.get(k) {
                    Some(w) => difference(v, w, format!("{at}/{k}")),
                    None => Some(format!("{at}/{k}")),
                }),
                _ => (a != b).then_some(at),
            }
        }

        #(#tests)*
    }
}
