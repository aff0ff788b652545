//! The description's examples as tests, over many specs: each spec's crate
//! is generated with its `tests/examples.rs` (see the generator's
//! `resolve::examples`), the tests are run, and each example is counted by
//! what it is (valid against its schema, or not and readable, or not and
//! unreadable) and what came of it. Used by `scripts/examples.sh` over the
//! APIs.guru sample and by `tests/tests/examples.rs` over a seeded subset.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::crates;

/// What became of the examples of one spec.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Tally {
    pub examples: usize,
    /// Valid against their schema; of those, read strictly, and read and
    /// written back unchanged.
    pub valid: usize,
    pub read: usize,
    pub round_trip: usize,
    /// Invalid but every difference readable; of those, refused strictly
    /// and read leniently.
    pub readable: usize,
    pub read_leniently: usize,
    /// Invalid with a difference the client cannot read past; of those,
    /// refused in both modes.
    pub unreadable: usize,
    pub refused: usize,
    /// Each failed test and the first line of its message.
    pub failures: Vec<(String, String)>,
    /// Each example: where it is in the description, the generator's
    /// verdict on it (`valid`, `readable`, `unreadable`) and whether its
    /// test passed.
    pub verdicts: Vec<(String, &'static str, bool)>,
    /// Of all these, the examples of 2xx responses: how many, how many
    /// valid, and of those how many written back unchanged.
    pub success: usize,
    pub success_valid: usize,
    pub success_round_trip: usize,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.examples += other.examples;
        self.valid += other.valid;
        self.read += other.read;
        self.round_trip += other.round_trip;
        self.readable += other.readable;
        self.read_leniently += other.read_leniently;
        self.unreadable += other.unreadable;
        self.refused += other.refused;
        self.success += other.success;
        self.success_valid += other.success_valid;
        self.success_round_trip += other.success_round_trip;
    }
}

/// Generates `spec` into `dir/<name>` (its own workspace, built in the
/// shared target directory), runs its examples' tests and counts them.
/// `None` when the spec has no examples of JSON bodies.
pub fn run(spec: &Path, name: &str, dir: &Path) -> Result<Option<Tally>, String> {
    let generated = generator::generate(spec, Some(name.to_string())).map_err(|r| r.to_string())?;
    let api = &generated.api;
    if api.examples.is_empty() {
        return Ok(None);
    }
    let out = dir.join(name);
    let _ = std::fs::remove_dir_all(&out);
    generator::write::write_all(&out, &generated.files).map_err(|e| e.to_string())?;
    // A workspace of its own: the crates of other specs are not built.
    let manifest = out.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).map_err(|e| e.to_string())?;
    let output = crates::cargo()
        .args(["test", "--test", "examples", "--no-fail-fast"])
        .args(["--", "--test-threads=2"])
        .current_dir(&out)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let results = outcomes(&stdout);
    if results.is_empty() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or("no test ran");
        return Err(format!("the tests did not build: {first}"));
    }
    let mut tally = Tally::default();
    for example in &api.examples {
        tally.examples += 1;
        let (passed, message) = match results.get(&example.name) {
            Some(result) => result.clone(),
            None => (false, "did not run".to_string()),
        };
        if !passed {
            tally.failures.push((example.name.clone(), message.clone()));
        }
        let verdict = match &example.deviation {
            None => "valid",
            Some(d) if d.readable() => "readable",
            Some(_) => "unreadable",
        };
        tally
            .verdicts
            .push((example.pointer.clone(), verdict, passed));
        if example.status().is_some_and(|s| s.starts_with('2')) {
            tally.success += 1;
            if example.deviation.is_none() {
                tally.success_valid += 1;
                tally.success_round_trip += usize::from(passed);
            }
        }
        match &example.deviation {
            None => {
                tally.valid += 1;
                let read = passed || message.starts_with("written back");
                tally.read += usize::from(read);
                tally.round_trip += usize::from(passed);
            }
            Some(d) if d.readable() => {
                tally.readable += 1;
                tally.read_leniently += usize::from(passed);
            }
            Some(_) => {
                tally.unreadable += 1;
                tally.refused += usize::from(passed);
            }
        }
    }
    Ok(Some(tally))
}

/// Each test's result in libtest's output: passed, or the first line of
/// its panic message.
fn outcomes(stdout: &str) -> BTreeMap<String, (bool, String)> {
    let mut out = BTreeMap::new();
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("test ") {
            if let Some((name, result)) = rest.rsplit_once(" ... ") {
                out.insert(name.to_string(), (result == "ok", String::new()));
            }
        }
    }
    // `---- name stdout ----`, then `thread '…' panicked at …:`, then the message.
    let mut lines = stdout.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|l| l.strip_suffix(" stdout ----"))
        else {
            continue;
        };
        let mut message = String::new();
        while let Some(next) = lines.peek() {
            if next.starts_with("---- ") || next.starts_with("failures:") {
                break;
            }
            let next = lines.next().unwrap_or_default();
            if message.is_empty() && !next.trim().is_empty() && !next.starts_with("thread ") {
                message = next.trim().to_string();
            }
        }
        if let Some(entry) = out.get_mut(name) {
            entry.1 = message;
        }
    }
    out
}

/// The table of `results` (spec, tally), with the totals.
pub fn report(results: &[(String, Result<Option<Tally>, String>)]) -> String {
    let mut text = String::new();
    let mut total = Tally::default();
    let _ = writeln!(
        text,
        "| spec | examples | valid | read | written back unchanged | invalid, readable | read leniently | invalid, unreadable | refused |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    let mut errors = Vec::new();
    let mut with_examples = 0;
    for (spec, result) in results {
        match result {
            Ok(Some(t)) => {
                with_examples += 1;
                total.add(t);
                let _ = writeln!(
                    text,
                    "| {spec} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    t.examples,
                    t.valid,
                    t.read,
                    t.round_trip,
                    t.readable,
                    t.read_leniently,
                    t.unreadable,
                    t.refused
                );
            }
            Ok(None) => {}
            Err(e) => errors.push(format!("{spec}: {e}")),
        }
    }
    let t = &total;
    let _ = writeln!(
        text,
        "| **{with_examples} specs** | **{}** | **{}** | **{}** | **{}** | **{}** | **{}** | **{}** | **{}** |",
        t.examples, t.valid, t.read, t.round_trip, t.readable, t.read_leniently, t.unreadable, t.refused
    );
    let _ = writeln!(
        text,
        "\nOf these, the examples of 2xx responses: {} ({} valid against their schema, {} of them read and written back unchanged).",
        t.success, t.success_valid, t.success_round_trip
    );
    if !errors.is_empty() {
        let _ = writeln!(text, "\nNot run:\n");
        for e in errors {
            let _ = writeln!(text, "- {e}");
        }
    }
    let failures: Vec<String> = results
        .iter()
        .filter_map(|(spec, r)| r.as_ref().ok()?.as_ref().map(|t| (spec, t)))
        .flat_map(|(spec, t)| {
            t.failures
                .iter()
                .map(move |(name, message)| format!("- {spec} `{name}`: {message}"))
        })
        .collect();
    if !failures.is_empty() {
        let _ = writeln!(text, "\nFailed tests:\n\n{}", failures.join("\n"));
    }
    text
}
