//! What each operation sends to authenticate, settled once every scheme is
//! known.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::ir::{Api, Auth};

/// An API without credentials has nothing to leave out, so no operation is
/// marked anonymous; and the usual requirement, `Client::new`'s scheme
/// alone, is the runtime's default and not written out.
pub fn run(api: &mut Api, _: &Config) -> Vec<Diagnostic> {
    for op in &mut api.operations {
        if api.auth == Auth::None {
            op.anonymous = false;
        }
        if op.anonymous || api.schemes.is_empty() || op.security.as_deref() == Some(&[vec![0]]) {
            op.security = None;
        }
    }
    Vec::new()
}
