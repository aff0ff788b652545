//! `sweep DIR`: the generator over every spec in DIR, each in its own process
//! with a time and memory limit; with `CLIPPY=1`, every generated crate through
//! `cargo clippy -- -D warnings` too. Results go to `$WORK/results.tsv` and
//! `$WORK/clippy.tsv` (default `WORK=target/sweep`) and a rerun skips what
//! they already hold (`FRESH=1` starts over); the summary, grouped by cause,
//! is printed and, with `REPORT=FILE`, written there (with
//! `REPORT_SECTION=NAME`, as that section of the file). Run through
//! `scripts/sweep.sh`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use workspace_tests::crates;
use workspace_tests::sweep::{self, Limits, Outcome};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn load(path: &Path) -> BTreeMap<String, Vec<String>> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let fields: Vec<String> = l.split('\t').map(str::to_string).collect();
            Some((fields.first()?.clone(), fields))
        })
        .collect()
}

fn append(path: &Path, fields: &[String]) {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("the results file opens");
    let line: Vec<String> = fields
        .iter()
        .map(|f| f.replace(['\t', '\n'], " "))
        .collect();
    writeln!(file, "{}", line.join("\t")).expect("the results file is written");
}

fn outcome_of(fields: &[String]) -> Option<Outcome> {
    let get = |i: usize| fields.get(i).map(String::as_str).unwrap_or("");
    Some(Outcome {
        spec: get(0).to_string(),
        exit: get(1).parse().ok(),
        timed_out: get(2) == "true",
        signal: get(3).parse().ok(),
        wall: Duration::from_millis(get(4).parse().ok()?),
        peak_kib: get(5).parse().ok()?,
        warnings: get(6).parse().unwrap_or(0),
        first_error: Some(get(7).to_string()).filter(|e| !e.is_empty()),
    })
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: sweep DIR"));
    let work = PathBuf::from(std::env::var("WORK").unwrap_or_else(|_| "target/sweep".into()));
    if std::env::var_os("FRESH").is_some() {
        let _ = std::fs::remove_dir_all(&work);
    }
    std::fs::create_dir_all(work.join("crates")).expect("the work folder");
    let limits = Limits {
        time: Duration::from_secs(env_u64("TIME_LIMIT", 60)),
        address_space: env_u64("MEMORY_LIMIT_MIB", 4096) << 20,
    };
    let generator = sweep::release_generator();
    let results_path = work.join("results.tsv");
    let done = load(&results_path);
    let specs = sweep::specs_in(&dir);
    let mut outcomes = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let key = spec.display().to_string();
        if let Some(o) = done.get(&key).and_then(|f| outcome_of(f)) {
            outcomes.push(o);
            continue;
        }
        let out = work.join("crates").join(sweep::crate_name(spec));
        let o = sweep::run_one(&generator, spec, &out, limits);
        eprintln!(
            "[{}/{}] {} {} ms {} MiB",
            i + 1,
            specs.len(),
            o.cause(),
            o.wall.as_millis(),
            o.peak_kib / 1024
        );
        append(
            &results_path,
            &[
                key,
                o.exit.map(|e| e.to_string()).unwrap_or_default(),
                o.timed_out.to_string(),
                o.signal.map(|s| s.to_string()).unwrap_or_default(),
                o.wall.as_millis().to_string(),
                o.peak_kib.to_string(),
                o.warnings.to_string(),
                o.first_error.clone().unwrap_or_default(),
            ],
        );
        outcomes.push(o);
    }
    let mut report = format!(
        "## Breadth\n\nProduced by `{}`.\n\nGeneration of {} specs from `{}` (limits: {} s, {} MiB of address space per spec; release build):\n\n{}",
        command_line(&dir),
        outcomes.len(),
        dir.display(),
        limits.time.as_secs(),
        limits.address_space >> 20,
        sweep::summary(&outcomes)
    );

    if std::env::var_os("CLIPPY").is_some() {
        let generated: Vec<&Outcome> = outcomes.iter().filter(|o| o.generated()).collect();
        let members: Vec<String> = generated
            .iter()
            .map(|o| format!("\"crates/{}\"", sweep::crate_name(Path::new(&o.spec))))
            .collect();
        std::fs::write(
            work.join("Cargo.toml"),
            format!(
                "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
                members.join(", ")
            ),
        )
        .expect("the workspace manifest");
        let clippy_path = work.join("clippy.tsv");
        let checked = load(&clippy_path);
        let mut causes: BTreeMap<String, usize> = BTreeMap::new();
        let (mut clean, mut failed) = (0, 0);
        for (i, o) in generated.iter().enumerate() {
            let name = sweep::crate_name(Path::new(&o.spec));
            let fields = match checked.get(&o.spec) {
                Some(f) => f.clone(),
                None => {
                    let result = crates::clippy(&work, &name);
                    let first = match &result {
                        Ok(()) => String::new(),
                        Err(e) => e
                            .lines()
                            .find(|l| l.contains("error") || l.contains("warning"))
                            .unwrap_or("failed")
                            .to_string(),
                    };
                    eprintln!(
                        "[clippy {}/{}] {name}: {}",
                        i + 1,
                        generated.len(),
                        if result.is_ok() { "clean" } else { &first }
                    );
                    let fields = vec![o.spec.clone(), result.is_ok().to_string(), first];
                    append(&clippy_path, &fields);
                    fields
                }
            };
            if fields.get(1).map(String::as_str) == Some("true") {
                clean += 1;
            } else {
                failed += 1;
                let line = fields.get(2).cloned().unwrap_or_default();
                // `path:line:col: error: message` → the message, its names blanked.
                let message = line.split(": ").skip(1).collect::<Vec<_>>().join(": ");
                *causes.entry(sweep_cause(&message)).or_default() += 1;
            }
        }
        let _ = write!(
            report,
            "\n`cargo clippy -- -D warnings` on each generated crate: {clean} clean, {failed} failed.\n"
        );
        if !causes.is_empty() {
            let _ = writeln!(report, "\n| first complaint | crates |\n|---|---:|");
            for (cause, n) in causes {
                let _ = writeln!(report, "| {} | {n} |", cause.replace('|', "\\|"));
            }
        }
    }
    crates::publish_report(&report);
}

/// The command that reproduces this run, for the report.
fn command_line(dir: &Path) -> String {
    let mut words = Vec::new();
    for var in ["CLIPPY", "TIME_LIMIT", "MEMORY_LIMIT_MIB"] {
        if let Ok(v) = std::env::var(var) {
            words.push(format!("{var}={v}"));
        }
    }
    words.push(format!("bash scripts/sweep.sh {}", dir.display()));
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    match commit {
        Some(c) => format!("{}` at commit `{c}", words.join(" ")),
        None => words.join(" "),
    }
}

fn sweep_cause(message: &str) -> String {
    Outcome {
        spec: String::new(),
        exit: Some(2),
        timed_out: false,
        signal: None,
        wall: Duration::ZERO,
        peak_kib: 0,
        first_error: Some(message.to_string()),
        warnings: 0,
    }
    .cause()
}
