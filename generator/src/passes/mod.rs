//! Stage 2b: the IR as `resolve` built it, changed by named passes, each a
//! module with one job and one signature, run in the order of [`PASSES`].
//! None of them reads the spec: each works on the IR alone (and the
//! configuration), so what it decides is visible in the IR it leaves.
//!
//! Which field of the IR is final after which pass:
//!
//! | pass | sets |
//! |---|---|
//! | `anonymous` | `Operation::anonymous`, `Operation::security` |
//! | `idempotency` | `Operation::idempotency_key`, the key parameter's docs |
//! | `recursion` | `Field::boxed`, `UnionVariant::boxed` |
//! | `odata` | `Field::presence` of `@odata.type`, `Union::absent_tag_is_base` |
//! | `requests` | `Struct::builder` |
//! | `twins` | `TypeDef::kind` (twins become aliases), `Pagination::page_ty`, error payloads |
//! | `examples` | `Field::presence` where examples show it, `Api::examples` |
//! | `pages` | `Operation::pagination` (a model read two ways keeps the first) |
//! | `features` | `Api::features`, `Operation::gate`, `TypeDef::gate` |
//! | `errors` | `Operation::error_alias`, `Operation::error_gate` |
//! | `server_enums` | `TypeDef::gate` of the server variables' enums |
//! | `uses` | `TypeDef::uses` |
//! | `decoding` | `Operation::decoded_in_crate` |
//!
//! Everything else is final when `resolve` returns.

mod anonymous;
mod decoding;
mod errors;
mod examples;
mod features;
mod idempotency;
mod odata;
mod pages;
mod recursion;
mod requests;
mod server_enums;
mod twins;
mod uses;

#[cfg(test)]
mod test_models;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::ir::Api;

/// A pass: changes the IR, and says what it approximated.
type Pass = fn(&mut Api, &Config) -> Vec<Diagnostic>;

/// The passes in the order they run, and why there:
/// - `anonymous` and `idempotency` settle each operation alone, and
///   nothing below reads what they change but the emitters.
/// - `recursion` boxes the fields that close a cycle before `twins`
///   compares structs, so that twins agree on their boxes.
/// - `odata` settles the presence of OData's type property before `twins`
///   compares structs (and `examples` finds what is left to follow).
/// - `requests` marks the models sent in bodies before `twins`, so that a
///   model sent and one only received are not merged into one without
///   setters.
/// - `twins` merges models of one shape; `pages` then finds page models
///   read two ways among the merged ones.
/// - `examples` follows the examples into the merged models: the same
///   object described twice (an API's and its webhooks' documents) stays
///   one model, which takes what either's examples show.
/// - `features` gates operations and the models they reach, on the final
///   set of models; `errors` shares error enums and gates each by the
///   operations that use it, so it needs their gates.
/// - `server_enums` overrides the gate `features` gave.
/// - `uses` reads the final models and operations; nothing reads it but
///   the emitters. Nor `decoding`, which counts the models each answer
///   reaches once they are final.
pub const PASSES: &[(&str, Pass)] = &[
    ("anonymous", anonymous::run),
    ("idempotency", idempotency::run),
    ("recursion", recursion::run),
    ("odata", odata::run),
    ("requests", requests::run),
    ("twins", twins::run),
    ("examples", examples::run),
    ("pages", pages::run),
    ("features", features::run),
    ("errors", errors::run),
    ("server_enums", server_enums::run),
    ("uses", uses::run),
    ("decoding", decoding::run),
];

/// Runs every pass in order; the warnings of all of them.
pub fn run(api: &mut Api, config: &Config) -> Vec<Diagnostic> {
    PASSES
        .iter()
        .flat_map(|(_, pass)| pass(api, config))
        .collect()
}
