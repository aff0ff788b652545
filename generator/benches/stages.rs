//! Generation time per stage against the parse floor.
//!
//! `cargo bench -p generator --bench stages [-- RUNS] [SPEC...]` prints, for
//! each spec (by default Clerk's, the full Clerk and GitHub),
//! the median over RUNS (default 5) of: the parse floor (the file read and
//! deserialized into `openapiv3::OpenAPI` by the same crates, nothing
//! else), then load, resolve, emit, format, and the whole generation in
//! memory, with the ratio generation / parse floor. Numbers go into
//! BENCHMARKS.md by hand with the command; nothing here asserts on time.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// The same allocator as the generator binary, so stage times match it.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn parse_floor(path: &Path) -> Duration {
    let started = Instant::now();
    let text = std::fs::read_to_string(path).unwrap();
    let api: openapiv3::OpenAPI = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).unwrap()
    } else {
        serde_yaml::from_str(&text).unwrap()
    };
    std::hint::black_box(api);
    started.elapsed()
}

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let named: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| a.parse::<usize>().is_err() && !a.starts_with('-'))
        .map(PathBuf::from)
        .collect();
    let specs: Vec<PathBuf> = if named.is_empty() {
        vec![
            root.join("spec/clerk.yaml"),
            root.join("tests/corpus/clerk/bapi-2026-05-12.yml"),
            root.join("tests/corpus/github-api.github.com.json"),
        ]
    } else {
        named
    };
    println!(
        "| spec | parse floor | load | resolve | emit | format | generation | generation / floor |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for spec in specs {
        let mut floor = Vec::new();
        let mut stages: [Vec<Duration>; 5] = Default::default();
        for _ in 0..runs {
            floor.push(parse_floor(&spec));
            let t = Instant::now();
            let loaded = generator::load::load(&spec).unwrap();
            let load = t.elapsed();
            let t = Instant::now();
            let options = generator::resolve::Options::default();
            let (mut api, _warnings) = generator::resolve::resolve(&loaded.api, &options).unwrap();
            generator::passes::run(&mut api, &options.config);
            let resolve = t.elapsed();
            let t = Instant::now();
            let files = generator::emit::emit(&api, &generator::layout::plan(&api));
            let emit = t.elapsed();
            let t = Instant::now();
            for (path, output) in files {
                if let generator::emit::Output::Rust(tokens) = output {
                    std::hint::black_box(generator::format::format(&path, tokens).unwrap());
                }
            }
            let format = t.elapsed();
            for (samples, d) in
                stages
                    .iter_mut()
                    .zip([load, resolve, emit, format, load + resolve + emit + format])
            {
                samples.push(d);
            }
        }
        let floor = median(floor);
        let [load, resolve, emit, format, total] = stages.map(median);
        println!(
            "| {} | {} ms | {} ms | {} ms | {} ms | {} ms | {} ms | {:.1}× |",
            spec.file_name().unwrap().to_string_lossy(),
            ms(floor),
            ms(load),
            ms(resolve),
            ms(emit),
            ms(format),
            ms(total),
            total.as_secs_f64() / floor.as_secs_f64()
        );
    }
}
