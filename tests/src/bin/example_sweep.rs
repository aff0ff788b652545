//! `example_sweep DIR`: every spec of DIR generated with its examples as tests,
//! the tests run, and the examples counted (see `workspace_tests::examples`).
//! `REPORT=FILE` writes the table there (with `REPORT_SECTION=NAME`, as that
//! section of the file); `ONLY=word` keeps the specs whose file name holds
//! it. Run through `scripts/examples.sh`.

use std::path::PathBuf;

use workspace_tests::{crates, examples, sweep};

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: example_sweep DIR"));
    let work = crates::root().join("target/examples");
    std::fs::create_dir_all(&work).expect("the work folder");
    let only = std::env::var("ONLY").ok();
    let specs: Vec<PathBuf> = sweep::specs_in(&dir)
        .into_iter()
        .filter(|s| {
            only.as_ref()
                .is_none_or(|o| s.display().to_string().contains(o.as_str()))
        })
        .collect();
    let mut results = Vec::new();
    // Each example's verdict, for `scripts/examples-validity.py`.
    let mut verdicts = String::new();
    for (i, spec) in specs.iter().enumerate() {
        let name = sweep::package_name(
            "ex",
            &spec.file_stem().unwrap_or_default().to_string_lossy(),
        );
        let result = examples::run(spec, &name, &work);
        let file = spec
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        match &result {
            Ok(Some(t)) => eprintln!(
                "[{}/{}] {file}: {} examples, {} of {} valid written back, {} of {} readable read, {} of {} unreadable refused",
                i + 1,
                specs.len(),
                t.examples,
                t.round_trip,
                t.valid,
                t.read_leniently,
                t.readable,
                t.refused,
                t.unreadable
            ),
            Ok(None) => {}
            Err(e) => eprintln!("[{}/{}] {file}: {e}", i + 1, specs.len()),
        }
        if let Ok(Some(t)) = &result {
            for (pointer, verdict, passed) in &t.verdicts {
                verdicts.push_str(&format!(
                    "{}\t{pointer}\t{verdict}\t{passed}\n",
                    spec.display()
                ));
            }
        }
        // The crate is not kept: the next spec's build reuses the target.
        let _ = std::fs::remove_dir_all(work.join(&name));
        results.push((file, result));
    }
    std::fs::write(work.join("verdicts.tsv"), verdicts).expect("the verdicts are written");
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let report = format!(
        "## Examples\n\nProduced by `bash scripts/examples.sh {}` at commit `{commit}`: every JSON body example of the specs (media-type `example` and `examples`, else the schema's `example`), checked against its schema by the generator, read by the generated crate and written back (`tests/examples.rs` of each crate).\n\n{}",
        dir.display(),
        examples::report(&results)
    );
    crates::publish_report(&report);
}
