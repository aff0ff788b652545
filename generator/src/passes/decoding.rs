//! Where each operation's answers are decoded: in the generated crate, once,
//! or in each crate that calls the operation.
//!
//! An operation's `decode` reads its documented answers into their models,
//! and compiling it compiles the deserialization of every model they reach.
//! Where that is many models (a Graph user reaches 1,873), it is compiled in
//! the crate, once (`#[inline(never)]`): a program that calls the operation,
//! and every later edit of that program, compiles none of it. Where it is
//! few, it is compiled where it is used (`#[inline]`): a build then pays
//! only for the operations a program calls, not for every operation its
//! features compile (BENCHMARKS.md, section 6: with every operation of
//! GitHub's or Box's on, decoding all of them in the crate made a program's
//! clean build 1.3 times as long).

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::ir::{Api, Operation, Payload, TypeId};

/// An answer that reaches this many models or more is decoded in the crate.
/// The largest of GitHub's and Box's answers reach 80; Microsoft Graph has
/// 1,267 operations whose answers reach 128 or more (a user: 1,873,
/// counting every kind of every base), and 7,971 reaching fewer than 16.
pub const MANY_MODELS: usize = 128;

pub fn run(api: &mut Api, _: &Config) -> Vec<Diagnostic> {
    // One mark per model, the operation's number when it was counted for
    // it: no set to clear between operations.
    let mut seen = vec![usize::MAX; api.types.len()];
    let mut stack = Vec::new();
    for (i, op) in api.operations.iter_mut().enumerate() {
        stack.clear();
        answers(op, &mut |id| stack.push(id));
        let mut reached = 0;
        while let Some(id) = stack.pop() {
            if seen[id.0] == i {
                continue;
            }
            seen[id.0] = i;
            reached += 1;
            if reached == MANY_MODELS {
                break;
            }
            api.types[id.0].for_each_named(&mut |next| {
                if seen[next.0] != i {
                    stack.push(next)
                }
            });
        }
        op.decoded_in_crate = reached >= MANY_MODELS;
    }
    Vec::new()
}

/// The models an operation's documented answers are read into.
fn answers(op: &Operation, f: &mut impl FnMut(TypeId)) {
    let payloads = op.success.cases.iter().map(|c| &c.payload);
    for payload in payloads.chain(op.errors.iter().map(|e| &e.payload)) {
        if let Payload::Json(ty) = payload {
            ty.for_each_named(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An API of one operation answering `M0`, whose field names `M1`, and
    /// so on: `models` models in a chain.
    fn chain(models: usize) -> Api {
        let mut schemas = serde_json::Map::new();
        for i in 0..models {
            let next = if i + 1 < models {
                serde_json::json!({"next": {"$ref": format!("#/components/schemas/M{}", i + 1)}})
            } else {
                serde_json::json!({})
            };
            schemas.insert(
                format!("M{i}"),
                serde_json::json!({"type": "object", "properties": next}),
            );
        }
        let spec = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/m": {"get": {"operationId": "get", "responses": {"200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/M0"}}}
            }}}}},
            "components": {"schemas": schemas},
        });
        let spec: openapiv3::OpenAPI = serde_json::from_value(spec).unwrap();
        crate::resolve::resolve(&spec, &Default::default())
            .unwrap()
            .0
    }

    #[test]
    fn an_answer_reaching_many_models_is_decoded_in_the_crate() {
        for (models, in_crate) in [(1, false), (MANY_MODELS - 1, false), (MANY_MODELS, true)] {
            let mut api = chain(models);
            run(&mut api, &Config::default());
            assert_eq!(
                api.operations[0].decoded_in_crate, in_crate,
                "{models} models"
            );
        }
    }
}
