//! Prints the cargo features the generator gives each spec, one line per
//! feature (`spec`, feature, operations, the features it turns on), for
//! comparing the grouping and naming of two generators over a folder:
//!
//!     cargo run -q --release -p workspace-tests --bin feature_list -- SPEC... > features.tsv

fn main() {
    for spec in std::env::args().skip(1) {
        let name = std::path::Path::new(&spec)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match generator::generate(std::path::Path::new(&spec), None) {
            Ok(g) => {
                for f in &g.api.features {
                    println!(
                        "{name}\t{}\t{}\t{}",
                        f.name,
                        f.operations,
                        f.parts.join(",")
                    );
                }
            }
            Err(_) => println!("{name}\t(refused)\t0\t"),
        }
    }
}
