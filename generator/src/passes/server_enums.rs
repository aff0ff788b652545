//! The enums of the server URL's variables are compiled whatever features
//! are on: the client's `with_server` takes them.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::ir::{Api, Gate};

pub fn run(api: &mut Api, _: &Config) -> Vec<Diagnostic> {
    for v in &api.server_variables {
        if let Some(id) = v.enum_type {
            api.types[id.0].gate = Gate::Always;
        }
    }
    Vec::new()
}
