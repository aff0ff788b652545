//! Generating crates into a scratch workspace and checking that they build
//! cleanly, with one shared target directory so dependencies build once.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The workspace root of this repository.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where generated crates are built; shared by every test that builds one.
pub fn target_dir() -> PathBuf {
    root().join("target/generated-crates")
}

/// `cargo`, set to build a generated crate: in [`target_dir`], without
/// debug info or incremental caches. A test builds each crate once, so the
/// caches would only fill the disk: with them the suite's generated crates
/// took 7 GB of a CI machine's disk, without them a fraction (BENCHMARKS.md,
/// "Disk").
pub fn cargo() -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "false");
    command
}

/// One feature of a manifest's `[features]` section.
#[derive(Debug, PartialEq)]
pub struct ManifestFeature {
    pub name: String,
    /// What it turns on.
    pub enables: Vec<String>,
    /// The last comment line above it since the feature before (its docs,
    /// in a generated crate), without `# `.
    pub doc: String,
}

/// Every feature of a manifest's `[features]` section, in order (none
/// where it has no such section).
pub fn manifest_features(manifest: &str) -> Vec<ManifestFeature> {
    let section = manifest
        .split("\n[features]\n")
        .nth(1)
        .map_or("", |rest| rest.split("\n[").next().unwrap_or(""));
    let mut out = Vec::new();
    let mut doc = "";
    for line in section.lines() {
        if let Some(text) = line.strip_prefix("# ") {
            doc = text;
        } else if let Some((name, list)) = line.split_once(" = [") {
            let enables = list
                .trim_end_matches(']')
                .split(", ")
                .filter(|item| !item.is_empty())
                .map(|item| item.trim_matches('"').to_string())
                .collect();
            out.push(ManifestFeature {
                name: name.to_string(),
                enables,
                doc: std::mem::take(&mut doc).to_string(),
            });
        }
    }
    out
}

/// The features every generated crate declares, whatever its operations.
pub const CRATE_FEATURES: &[&str] = &[
    "full",
    "default",
    "rustls-tls",
    "native-tls",
    "multipart",
    "tracing",
    "stubs",
    "webhooks",
];

/// The features of a generated crate's manifest that compile operations
/// (a divided feature too), in order.
pub fn operation_features(manifest: &str) -> Vec<ManifestFeature> {
    manifest_features(manifest)
        .into_iter()
        .filter(|f| !CRATE_FEATURES.contains(&f.name.as_str()))
        .collect()
}

/// One spec generated into a crate.
pub struct Generated {
    pub crate_name: String,
    pub dir: PathBuf,
    pub operations: usize,
    pub types: usize,
    pub lines: usize,
    pub warnings: usize,
    /// The warnings as the command line prints them.
    pub warnings_text: String,
    pub elapsed: Duration,
    pub files: Vec<(String, String)>,
}

/// Generates `spec` as crate `crate_name` into `dir/<crate_name>`.
pub fn generate(spec: &Path, crate_name: &str, dir: &Path) -> Result<Generated, String> {
    let started = Instant::now();
    let generated =
        generator::generate(spec, Some(crate_name.to_string())).map_err(|r| r.to_string())?;
    let elapsed = started.elapsed();
    let out = dir.join(crate_name);
    generator::write::write_all(&out, &generated.files).map_err(|e| e.to_string())?;
    let lines = generated
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .map(|(_, text)| text.lines().count())
        .sum();
    Ok(Generated {
        crate_name: crate_name.to_string(),
        dir: out,
        operations: generated.api.operations.len(),
        types: generated.api.types.len(),
        lines,
        warnings: generated.warnings.diagnostics.len(),
        warnings_text: if generated.warnings.diagnostics.is_empty() {
            String::new()
        } else {
            generated.warnings.to_string()
        },
        elapsed,
        files: generated.files,
    })
}

/// Writes a workspace manifest over `members` (directories below `dir`).
pub fn workspace(dir: &Path, members: &[&Generated]) {
    workspace_with(dir, members, &[]);
}

/// [`workspace`] with more members that are not generated crates (a program
/// built against them), by directory relative to `dir`.
pub fn workspace_with(dir: &Path, members: &[&Generated], others: &[&str]) {
    let list: Vec<String> = members
        .iter()
        .map(|g| {
            format!(
                "{:?}",
                g.dir
                    .strip_prefix(dir)
                    .unwrap_or(&g.dir)
                    .display()
                    .to_string()
            )
        })
        .chain(others.iter().map(|other| format!("{other:?}")))
        .collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        list.join(", ")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("workspace manifest");
}

/// A program built against generated crates and run: `tests/{name}/main.rs`
/// (and the other `.rs` files beside it, its modules) becomes package
/// `name` in `dir`, with `dependencies` as its `Cargo.toml` lines (tokio
/// with `macros` and `rt` unless they name tokio), in a workspace with
/// `members`; it is run with `arg` (a server's URL) and its stdout
/// returned, or the test fails with what it printed.
///
/// The test's mock servers run on its tokio runtime (which must be
/// multi-threaded): the build and the run block only this worker, so the
/// others keep serving the program.
pub fn run_program(
    dir: &Path,
    name: &str,
    dependencies: &str,
    members: &[&Generated],
    arg: &str,
) -> String {
    run_program_with(dir, name, dependencies, members, &[arg], &[])
}

/// [`run_program`] with any arguments, and cargo arguments before them
/// (`--release`).
pub fn run_program_with(
    dir: &Path,
    name: &str,
    dependencies: &str,
    members: &[&Generated],
    args: &[&str],
    cargo_args: &[&str],
) -> String {
    let run = || {
        let tokio = if dependencies.contains("tokio =") {
            ""
        } else {
            "tokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n"
        };
        package(dir, name, &format!("[dependencies]\n{dependencies}{tokio}"));
        workspace_with(dir, members, &[name]);
        let output = cargo()
            .args(["run", "--quiet", "-p", name])
            .args(cargo_args)
            .arg("--")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("cargo runs");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "{name} failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
    };
    // Outside a multi-threaded runtime there is nothing to keep serving.
    match tokio::runtime::Handle::try_current() {
        Ok(_) => tokio::task::block_in_place(run),
        Err(_) => run(),
    }
}

/// A package of the scratch workspace at `dir` kept in `tests/{name}/`:
/// every `.rs` file there in its `src/` (`main.rs` or `lib.rs`, and the
/// modules beside it), and `manifest` (its dependency sections) after a
/// `[package]` header.
pub fn package(dir: &Path, name: &str, manifest: &str) {
    let src = dir.join(name).join("src");
    std::fs::create_dir_all(&src).expect("package folder");
    for file in std::fs::read_dir(root().join("tests").join(name)).expect("package sources") {
        let path = file.expect("package source").path();
        if let (Some(file_name), true) = (
            path.file_name(),
            path.extension().is_some_and(|e| e == "rs"),
        ) {
            std::fs::copy(&path, src.join(file_name)).expect("package source");
        }
    }
    std::fs::write(
        dir.join(name).join("Cargo.toml"),
        format!(
            "[package]\nname = {name:?}\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n{manifest}"
        ),
    )
    .expect("package manifest");
}

/// `cargo clippy -p <crate> -- -D warnings` in the workspace at `dir`:
/// `Ok` or the compiler's complaints.
pub fn clippy(dir: &Path, crate_name: &str) -> Result<(), String> {
    clippy_with(dir, crate_name, &[])
}

/// [`clippy`] with more cargo arguments (features).
pub fn clippy_with(dir: &Path, crate_name: &str, cargo_args: &[&str]) -> Result<(), String> {
    let mut command = cargo();
    command
        .args([
            "clippy",
            "--quiet",
            "--message-format",
            "short",
            "-p",
            crate_name,
        ])
        .args(cargo_args)
        .args(["--", "-D", "warnings"]);
    succeeds(command, dir)
}

/// `cargo doc --no-deps -p <crate>` with more cargo arguments (features),
/// rustdoc's warnings denied (a link to an item another feature compiles):
/// `Ok` or rustdoc's complaints.
pub fn doc_with(dir: &Path, crate_name: &str, cargo_args: &[&str]) -> Result<(), String> {
    let mut command = cargo();
    command
        .args(["doc", "--quiet", "--no-deps", "-p", crate_name])
        .args(cargo_args)
        .env("RUSTDOCFLAGS", "-D warnings");
    succeeds(command, dir)
}

/// Runs a cargo `command` in `dir`: `Ok`, or what it printed on stderr.
fn succeeds(mut command: Command, dir: &Path) -> Result<(), String> {
    let output = command
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// `cargo test -p <crate>` with more cargo arguments (`--test examples`) in
/// the workspace at `dir`: `Ok` with what the tests printed, or what failed.
pub fn test(dir: &Path, crate_name: &str, cargo_args: &[&str]) -> Result<String, String> {
    let output = cargo()
        .args(["test", "--quiet", "-p", crate_name])
        .args(cargo_args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if output.status.success() {
        Ok(stdout)
    } else {
        Err(format!(
            "{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Prints a sweep's `report`, and writes it where `REPORT` names: the whole
/// file, or with `REPORT_SECTION=NAME` only that section of it (see
/// [`write_section`]; CORPUS.md holds several scripts' tables).
pub fn publish_report(report: &str) {
    println!("{report}");
    if let Ok(path) = std::env::var("REPORT") {
        match std::env::var("REPORT_SECTION") {
            Ok(section) => write_section(Path::new(&path), &section, report),
            Err(_) => std::fs::write(path, report),
        }
        .expect("the report is written");
    }
}

/// Replaces the part of the Markdown file at `path` between
/// `<!-- NAME -->` and `<!-- /NAME -->` with `content` (appending the
/// markers and content when the file has none), so that two scripts can
/// each keep their own table of one file up to date.
pub fn write_section(path: &Path, name: &str, content: &str) -> std::io::Result<()> {
    let (open, close) = (format!("<!-- {name} -->"), format!("<!-- /{name} -->"));
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let block = format!("{open}\n{}\n{close}", content.trim_end());
    let updated = match (text.find(&open), text.find(&close)) {
        (Some(start), Some(end)) if end > start => {
            format!("{}{block}{}", &text[..start], &text[end + close.len()..])
        }
        _ if text.is_empty() => format!("{block}\n"),
        _ => format!("{}\n\n{block}\n", text.trim_end()),
    };
    std::fs::write(path, updated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_read_from_the_manifest() {
        let manifest = "[package]\nname = \"x\"\n\n[features]\n# not = [\"this\"]\ndefault = [\"full\"]\n# Two.\nfull = [\"a\", \"b\"]\na = []\n\n[dependencies]\nc = { version = \"1\" }\n";
        let feature = |name: &str, enables: &[&str], doc: &str| ManifestFeature {
            name: name.to_string(),
            enables: enables.iter().map(|e| e.to_string()).collect(),
            doc: doc.to_string(),
        };
        assert_eq!(
            manifest_features(manifest),
            [
                feature("default", &["full"], "not = [\"this\"]"),
                feature("full", &["a", "b"], "Two."),
                feature("a", &[], ""),
            ]
        );
        assert!(manifest_features("[package]\n").is_empty());
    }
}
