//! Operations with the same documented errors share one error enum.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::ir::{Api, Gate};

/// Operations with the same documented errors (statuses, variants, bodies
/// and descriptions) share one error enum: the first one's, which the others'
/// names alias. GitHub's 771 operations have 272 different error enums, 305
/// of them empty; each enum is five impls to type-check and its own
/// instances of the runtime's generic code. The shared enum is compiled
/// whenever any operation using it is.
pub fn run(api: &mut Api, _: &Config) -> Vec<Diagnostic> {
    let operations = &mut api.operations;
    let mut first: Vec<usize> = Vec::new();
    for i in 0..operations.len() {
        let same = first
            .iter()
            .copied()
            .find(|&j| operations[j].errors == operations[i].errors);
        match same {
            None => {
                operations[i].error_gate = operations[i].gate.clone();
                first.push(i);
            }
            Some(j) => {
                operations[i].error_alias = Some(operations[j].error_name.clone());
                let gate = match (&operations[j].error_gate, &operations[i].gate) {
                    (Gate::Always, _) | (_, Gate::Always) => Gate::Always,
                    (Gate::Full, other) | (other, Gate::Full) => other.clone(),
                    (Gate::Any(a), Gate::Any(b)) => {
                        let mut all: Vec<usize> = a.iter().chain(b).copied().collect();
                        all.sort_unstable();
                        all.dedup();
                        Gate::Any(all)
                    }
                };
                operations[j].error_gate = gate;
            }
        }
    }
    Vec::new()
}
