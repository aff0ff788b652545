//! Test support shared by the workspace-level tests in `tests/tests/`.
//!
//! The crate documentation is the README, and each page of the guide in
//! `docs/` is a module's, so their Rust examples compile as doctests and
//! cannot drift from the generated API.
#![doc = include_str!("../../README.md")]

/// The guide's pages (`docs/`), compiled as documentation.
pub mod guide {
    #[doc = include_str!("../../docs/client.md")]
    pub mod client {}
    #[doc = include_str!("../../docs/features.md")]
    pub mod features {}
    #[doc = include_str!("../../docs/generator.md")]
    pub mod generator {}
    #[doc = include_str!("../../docs/inputs.md")]
    pub mod inputs {}
    #[doc = include_str!("../../docs/robustness.md")]
    pub mod robustness {}
    #[doc = include_str!("../../docs/benchmarks.md")]
    pub mod benchmarks {}
    #[doc = include_str!("../../docs/testing.md")]
    pub mod testing {}
    #[doc = include_str!("../../docs/layout.md")]
    pub mod layout {}
}

pub mod corpus;
pub mod crates;
pub mod examples;
pub mod prism;
pub mod sweep;
