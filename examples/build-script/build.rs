//! Generates the Clerk client into `OUT_DIR/clerk.rs` from the spec (and
//! `spec/clerk.toml` beside it). An error in the spec fails the build with
//! its file and line; editing either file regenerates.

fn main() {
    generator::Build::new("../../spec/clerk.yaml")
        .module("clerk")
        .run();
}
