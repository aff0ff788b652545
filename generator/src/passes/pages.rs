//! One way to read each page model.

use std::collections::HashMap;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::ir::{Api, Pagination, TypeId};

/// A page model has one `Page` impl, so operations that read it differently
/// (another items field, another next cursor) cannot all be walked: the
/// first in the spec keeps its page streams.
pub fn run(api: &mut Api, _: &Config) -> Vec<Diagnostic> {
    let mut first: HashMap<TypeId, Pagination> = HashMap::new();
    for op in &mut api.operations {
        let Some(p) = &op.pagination else { continue };
        let Some(page) = &p.page_ty else { continue };
        match first.get(page) {
            None => {
                first.insert(*page, p.clone());
            }
            Some(kept) if kept.page_impl() != p.page_impl() => op.pagination = None,
            Some(_) => {}
        }
    }
    Vec::new()
}
