//! The parse floor: a spec read and deserialized into `openapiv3::OpenAPI`
//! by the same crates the generator uses, and nothing else. The benchmarks
//! compare the generator's time and peak memory with this program's.
//!
//! `cargo run --release -p generator --example parse_floor -- SPEC`

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_floor SPEC");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).expect("readable spec");
    let api: openapiv3::OpenAPI = if path.ends_with(".json") {
        serde_json::from_str(&text).expect("valid JSON spec")
    } else {
        serde_yaml::from_str(&text).expect("valid YAML spec")
    };
    println!("{} paths", api.paths.paths.len());
}
