//! The enums of the server URL's variables are compiled whatever features
//! are on: the client's `with_server` takes them.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::ir::{Api, Gate};

pub fn run(api: &mut Api, _: &Config) -> Vec<Diagnostic> {
    for t in &mut api.types {
        if api
            .server_variables
            .iter()
            .any(|v| v.enum_type.as_deref() == Some(t.name.as_str()))
        {
            t.gate = Gate::Always;
        }
    }
    Vec::new()
}
