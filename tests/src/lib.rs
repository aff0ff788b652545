//! Workspace-level tests live in `tests/`; this library only compiles the
//! README's examples as doctests, so the README cannot drift from the API.
#![doc = include_str!("../../README.md")]
