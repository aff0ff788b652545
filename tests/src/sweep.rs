//! Running the generator over many specs, each in its own process with a
//! time and memory limit, and recording what happened: the engine of
//! `scripts/sweep.sh` (all of a folder, optionally with clippy on every
//! crate) and of the sample test in CI.

use std::fmt::Write as _;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of the generator did.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub spec: String,
    /// The exit code, or `None` when the process was killed.
    pub exit: Option<i32>,
    /// Killed by the time limit.
    pub timed_out: bool,
    /// The signal that ended it (a crash, or the memory limit).
    pub signal: Option<i32>,
    pub wall: Duration,
    /// Peak resident memory, in KiB.
    pub peak_kib: u64,
    /// The first `error:` line, for runs that exit 2.
    pub first_error: Option<String>,
    pub warnings: usize,
}

impl Outcome {
    /// A crate was written.
    pub fn generated(&self) -> bool {
        self.exit == Some(0)
    }

    /// Ended as the generator should on any input: a crate, or a report.
    pub fn clean(&self) -> bool {
        matches!(self.exit, Some(0 | 2)) && !self.timed_out
    }

    /// The cause, for grouping: the first error with what is particular to
    /// the spec (quoted names, numbers) blanked out.
    pub fn cause(&self) -> String {
        if self.timed_out {
            return "time limit".into();
        }
        if let Some(signal) = self.signal {
            return format!("killed by signal {signal} (crash or memory limit)");
        }
        match (&self.exit, &self.first_error) {
            (Some(0), _) => "generated".into(),
            (_, Some(e)) => blank(e),
            (code, None) => format!("exit {code:?} without a message"),
        }
    }
}

/// `error: \`$ref: #/x\` does not resolve` → `error: \`…\` does not resolve`.
fn blank(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '`' => {
                if !quoted {
                    out.push_str("`…");
                }
                quoted = !quoted;
                if !quoted {
                    out.push('`');
                }
            }
            _ if quoted => {}
            c if c.is_ascii_digit() => {
                if !out.ends_with('#') {
                    out.push('#');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Limits for one run.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub time: Duration,
    /// Address space, in bytes: a runaway is stopped, not the machine.
    pub address_space: u64,
}

/// Runs `generator SPEC --out OUT --name <OUT's folder name>` under `limits`.
pub fn run_one(generator: &Path, spec: &Path, out: &Path, limits: Limits) -> Outcome {
    let address_space = limits.address_space;
    let mut command = Command::new(generator);
    command
        .arg(spec)
        .arg("--out")
        .arg(out)
        .arg("--name")
        .arg(out.file_name().unwrap_or_default())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe; nothing else runs in the child
    // between fork and exec.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: address_space,
                rlim_max: address_space,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let started = Instant::now();
    // Reaped by `wait4` below, which also gives its peak memory.
    #[allow(clippy::zombie_processes)]
    let mut child = command.spawn().expect("the generator starts");
    let pid = child.id() as libc::pid_t;
    // The report is read on a thread, so a large one cannot block the child.
    let mut stderr = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut timed_out = false;
    loop {
        // SAFETY: waits for our own child; `usage` receives its resource use.
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done == pid {
            break;
        }
        if started.elapsed() > limits.time && !timed_out {
            timed_out = true;
            let _ = child.kill();
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let wall = started.elapsed();
    let text = reader.join().unwrap_or_default();
    let exited = libc::WIFEXITED(status);
    Outcome {
        spec: spec.display().to_string(),
        exit: exited.then(|| libc::WEXITSTATUS(status)),
        timed_out,
        signal: (!exited && libc::WIFSIGNALED(status)).then(|| libc::WTERMSIG(status)),
        wall,
        peak_kib: usage.ru_maxrss as u64,
        first_error: text
            .lines()
            .find(|l| l.starts_with("error:"))
            .map(str::to_string),
        warnings: text.lines().filter(|l| l.starts_with("warning:")).count(),
    }
}

/// The release build of the generator, built first if needed.
pub fn release_generator() -> PathBuf {
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--quiet",
            "--release",
            "-p",
            "generator",
            "--bin",
            "generator",
        ])
        .current_dir(crate::crates::root())
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the generator builds");
    crate::crates::root().join("target/release/generator")
}

/// The `p`-th percentile (0..=100) of `values`, by nearest rank.
pub fn percentile<T: Copy + Ord>(values: &[T], p: usize) -> Option<T> {
    let mut sorted = values.to_vec();
    sorted.sort();
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

/// Every spec file in `dir` (`.json`, `.yaml`, `.yml`), sorted.
pub fn specs_in(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        })
        .collect();
    out.sort();
    out
}

/// A crate name from a spec's file name: `a.com__b.json` → `sweep-a-com-b`.
pub fn crate_name(spec: &Path) -> String {
    package_name(
        "sweep",
        &spec.file_stem().unwrap_or_default().to_string_lossy(),
    )
}

/// `prefix-` and the words of `text`, lowercase, one dash between them
/// (`a__b` as a crate name is not snake case).
pub fn package_name(prefix: &str, text: &str) -> String {
    let text = text.to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    format!("{prefix}-{}", words.join("-"))
}

/// `n` specs of `specs` picked by a fixed seed (a small xorshift, so that
/// the choice is the same on every machine and needs no dependency).
pub fn seeded_subset(specs: &[PathBuf], n: usize, seed: u64) -> Vec<PathBuf> {
    let mut state = seed.max(1);
    let mut pool: Vec<PathBuf> = specs.to_vec();
    let mut out = Vec::new();
    while out.len() < n && !pool.is_empty() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.push(pool.remove((state % pool.len() as u64) as usize));
    }
    out.sort();
    out
}

/// The breadth table: outcomes by cause, time and memory percentiles.
pub fn summary(outcomes: &[Outcome]) -> String {
    let mut text = String::new();
    let total = outcomes.len();
    let generated = outcomes.iter().filter(|o| o.generated()).count();
    let _ = writeln!(text, "| outcome | specs |\n|---|---:|");
    let mut causes: Vec<(String, usize)> = Vec::new();
    for o in outcomes {
        let cause = o.cause();
        match causes.iter_mut().find(|(c, _)| *c == cause) {
            Some((_, n)) => *n += 1,
            None => causes.push((cause, 1)),
        }
    }
    causes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (cause, n) in &causes {
        let _ = writeln!(text, "| {} | {n} |", cause.replace('|', "\\|"));
    }
    let _ = writeln!(text, "| **total** | **{total}** ({generated} generated) |");
    let ms: Vec<u64> = outcomes.iter().map(|o| o.wall.as_millis() as u64).collect();
    let mib: Vec<u64> = outcomes.iter().map(|o| o.peak_kib.div_ceil(1024)).collect();
    let row = |values: &[u64], unit: &str| {
        format!(
            "{} {unit} | {} {unit} | {} {unit}",
            percentile(values, 50).unwrap_or(0),
            percentile(values, 99).unwrap_or(0),
            values.iter().max().copied().unwrap_or(0)
        )
    };
    let _ = writeln!(
        text,
        "\n| per spec | median | 99th percentile | max |\n|---|---:|---:|---:|\n| wall time | {} |\n| peak memory | {} |",
        row(&ms, "ms"),
        row(&mib, "MiB")
    );
    let slowest = outcomes.iter().max_by_key(|o| o.wall);
    let largest = outcomes.iter().max_by_key(|o| o.peak_kib);
    if let (Some(s), Some(l)) = (slowest, largest) {
        let name = |p: &str| {
            Path::new(p)
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        };
        let _ = writeln!(
            text,
            "\nSlowest: `{}` ({} ms); most memory: `{}` ({} MiB).",
            name(&s.spec),
            s.wall.as_millis(),
            name(&l.spec),
            l.peak_kib.div_ceil(1024)
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_blank_what_is_particular() {
        assert_eq!(
            blank("error: `$ref: #/a/b` does not resolve at line 12"),
            "error: `…` does not resolve at line #"
        );
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50), Some(50));
        assert_eq!(percentile(&v, 99), Some(99));
        assert_eq!(percentile(&[7u64], 99), Some(7));
        assert_eq!(percentile::<u64>(&[], 50), None);
    }

    #[test]
    fn the_subset_is_fixed_by_its_seed() {
        let specs: Vec<PathBuf> = (0..50).map(|i| PathBuf::from(format!("{i:02}"))).collect();
        let a = seeded_subset(&specs, 5, 7);
        assert_eq!(a, seeded_subset(&specs, 5, 7));
        assert_eq!(a.len(), 5);
        assert_ne!(a, seeded_subset(&specs, 5, 8));
    }
}
