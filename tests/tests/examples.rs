//! The description's examples as tests of the generated crate, over real
//! specs: a seeded subset of the APIs.guru sample's specs that document
//! examples of JSON bodies, each generated with its `tests/examples.rs` and
//! the tests run. Every example valid against its schema must be read and
//! written back unchanged; every one that is not, refused strictly and read
//! leniently where the client can, refused otherwise. `bash
//! scripts/examples.sh` runs all 85 such specs (CORPUS.md, "Examples").
//!
//! Slow (a few minutes): `SKIP_CORPUS=1` skips it locally.

use std::path::Path;

use workspace_tests::{examples, sweep};

/// How many specs, and which: the same ones every run.
const SPECS: usize = 8;
const SEED: u64 = 20261207;

#[test]
fn the_examples_of_a_seeded_subset_of_the_sample_read_and_write_back() {
    let Some(large) = workspace_tests::corpus::large("examples") else {
        return;
    };
    let specs = sweep::specs_in(&large.join("apis-guru-sample"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("examples");
    std::fs::create_dir_all(&dir).unwrap();
    // A seeded draw of the specs, and the first few of it with examples
    // (about one spec in four has some).
    let mut results = Vec::new();
    for spec in sweep::seeded_subset(&specs, 40, SEED) {
        if results.len() == SPECS {
            break;
        }
        let name = sweep::package_name("ex", &spec.file_stem().unwrap().to_string_lossy());
        match examples::run(&spec, &name, &dir) {
            Ok(None) => continue,
            result => results.push((
                spec.file_name().unwrap().to_string_lossy().into_owned(),
                result,
            )),
        }
    }
    let report = examples::report(&results);
    eprintln!("{report}");
    assert_eq!(results.len(), SPECS, "{report}");
    for (spec, result) in &results {
        let tally = result
            .as_ref()
            .unwrap_or_else(|e| panic!("{spec}: {e}"))
            .as_ref()
            .unwrap();
        assert!(tally.failures.is_empty(), "{spec}:\n{report}");
        assert_eq!(tally.round_trip, tally.valid, "{spec}");
        assert_eq!(tally.read_leniently, tally.readable, "{spec}");
        assert_eq!(tally.refused, tally.unreadable, "{spec}");
    }
}
