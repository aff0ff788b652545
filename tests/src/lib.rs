//! Test support shared by the workspace-level tests in `tests/tests/`.
//!
//! The crate documentation is the README, so its Rust examples compile as
//! doctests and cannot drift from the generated API.
#![doc = include_str!("../../README.md")]

pub mod crates;
pub mod examples;
pub mod prism;
pub mod sweep;
