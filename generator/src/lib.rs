//! Generates a typed Rust client crate from an OpenAPI description (3.0,
//! 3.1, 3.2 or Swagger 2.0, in one file or several).
//!
//! One pipeline, one direction: [`source`] → [`load`] → [`normalize`] →
//! [`resolve`] → [`passes`] → [`layout`] → [`emit`] → [`mod@format`] →
//! [`mod@write`], run by [`pipeline`] ([`render`] runs emit and format on
//! every file in parallel, and reads each module's public items off the
//! parsed code: [`surface`]). [`changes`] compares a generation's public API
//! with the crate it replaces. Each stage is a module with one job; the
//! intermediate representation in [`ir`] is where every decision lives. This file only
//! declares the modules and names the entry points.

pub mod build_script;
pub mod changes;
pub mod config;
pub mod diag;
pub mod emit;
pub mod format;
pub mod ir;
pub mod layout;
pub mod load;
pub mod module;
pub mod names;
pub mod normalize;
pub mod passes;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod source;
pub mod surface;
pub mod tokens;
pub mod write;

pub use build_script::Build;
pub use pipeline::{
    generate, generate_configured, generate_text, generate_with, Additions, Generated,
};
