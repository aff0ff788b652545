//! Generation from a build script: the client is written into `OUT_DIR` as
//! one module and included by the crate that uses it, so the spec is the
//! only file under version control.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Report, Severity};
use crate::module::EnabledFeatures;
use crate::pipeline::{resolve_with, Additions};

/// Generates a client from a `build.rs`, as one module in `OUT_DIR`.
///
/// ```no_run
/// // In build.rs's `fn main()`:
/// generator::Build::new("spec/clerk.yaml").module("clerk").run();
/// ```
///
/// and in the crate, where the module belongs:
///
/// ```ignore
/// include!(concat!(env!("OUT_DIR"), "/clerk.rs"));
/// ```
///
/// The including crate needs the generated crate's dependencies (see the
/// README). [`Build::run`] reports the spec's errors as cargo build errors
/// with file and line, its warnings as cargo warnings, and tells cargo to
/// rerun it when the spec, a file it refers to or the configuration changes.
#[derive(Clone, Debug)]
pub struct Build {
    spec: PathBuf,
    config: Option<PathBuf>,
    additions: Additions,
    module: Option<String>,
    out_dir: Option<PathBuf>,
    tracing: bool,
    multipart: Option<bool>,
    webhooks: bool,
    operations: Option<Vec<String>>,
}

impl Build {
    /// Generation from the spec at `spec` (relative to the package being
    /// built, where cargo runs build scripts), with the configuration file
    /// beside it if there is one.
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Build {
            spec: spec.into(),
            config: None,
            additions: Additions::default(),
            module: None,
            out_dir: None,
            tracing: false,
            multipart: None,
            webhooks: false,
            operations: None,
        }
    }

    /// The configuration file to read instead of the one beside the spec.
    pub fn config(mut self, path: impl Into<PathBuf>) -> Self {
        self.config = Some(path.into());
        self
    }

    /// An OpenAPI Overlay to apply to the spec, after the configuration's;
    /// call again for more.
    pub fn overlay(mut self, path: impl Into<PathBuf>) -> Self {
        self.additions.overlays.push(path.into());
        self
    }

    /// Generates only the operations this pattern matches, with those of
    /// the configuration's `[select] include` and earlier calls: a path
    /// (`*` any text within a segment, `**` any number of segments, `{id}`
    /// any parameter), optionally after a method (`GET /users/{id}`), or
    /// `tag:` and a tag (`tag:issues`).
    pub fn include(mut self, pattern: impl Into<String>) -> Self {
        self.additions.include.push(pattern.into());
        self
    }

    /// Leaves out the operations this pattern matches (as [`Build::include`]
    /// writes them), of those selected.
    pub fn exclude(mut self, pattern: impl Into<String>) -> Self {
        self.additions.exclude.push(pattern.into());
        self
    }

    /// The module's name, and the file's (`<name>.rs`). Default: the crate
    /// name the spec would get, in snake case (`clerk_backend_api`).
    pub fn module(mut self, name: impl Into<String>) -> Self {
        self.module = Some(name.into());
        self
    }

    /// Where to write the file. Default: `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The webhooks module (verified, typed events), as the generated
    /// crate's `webhooks` feature gives (the including crate then needs
    /// `base64`, `hex`, `hmac` and `sha2`). Default: off.
    pub fn webhooks(mut self, on: bool) -> Self {
        self.webhooks = on;
        self
    }

    /// A `tracing` span per call and an event per retry, as the generated
    /// crate's `tracing` feature gives (the including crate then needs the
    /// `tracing` crate). Default: off.
    pub fn tracing(mut self, on: bool) -> Self {
        self.tracing = on;
        self
    }

    /// Multipart request bodies (the including crate then needs reqwest's
    /// `multipart` feature). Default: on when the API has any.
    pub fn multipart(mut self, on: bool) -> Self {
        self.multipart = Some(on);
        self
    }

    /// For an API split into features by tag (see the generated crate's
    /// docs): compile only the operations of these features and the models
    /// they reach. Default: all of them.
    pub fn features<I, S>(mut self, features: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.operations = Some(features.into_iter().map(Into::into).collect());
        self
    }

    /// Generates and writes the module (only when its text changed, so an
    /// unchanged spec rebuilds nothing). Returns where it was written, the
    /// warnings and the files read. Nothing is written on error.
    pub fn generate(&self) -> Result<Built, Report> {
        let generated = resolve_with(&self.spec, None, self.config.as_deref(), &self.additions)?;
        let name = match &self.module {
            Some(name) => name.clone(),
            None => generated.api.crate_name.replace('-', "_"),
        };
        let bad = |message: String| Report {
            file: self.spec.display().to_string(),
            diagnostics: vec![Diagnostic::error(message)],
        };
        if !crate::names::is_module_name(&name) {
            return Err(bad(format!(
                "{name:?} is not a valid module name (lowercase letters, digits and `_`, not a keyword)"
            )));
        }
        if let Some(chosen) = &self.operations {
            let known: Vec<&str> = generated
                .api
                .features
                .iter()
                .map(|f| f.name.as_str())
                .collect();
            if let Some(unknown) = chosen.iter().find(|c| !known.contains(&c.as_str())) {
                return Err(bad(if known.is_empty() {
                    format!("feature {unknown:?}: this API is not split into features")
                } else {
                    format!("no feature {unknown:?}; the API's are {}", known.join(", "))
                }));
            }
        }
        // A divided feature stands for its parts, which the code names.
        let operations = self.operations.as_ref().map(|chosen| {
            let mut leaves: Vec<String> = Vec::new();
            for name in chosen {
                match generated.api.features.iter().find(|f| &f.name == name) {
                    Some(f) if !f.parts.is_empty() => leaves.extend(f.parts.iter().cloned()),
                    _ => leaves.push(name.clone()),
                }
            }
            leaves
        });
        let features = EnabledFeatures {
            operations,
            tracing: self.tracing,
            webhooks: self.webhooks,
            multipart: self.multipart.unwrap_or_else(|| {
                generated
                    .api
                    .operations
                    .iter()
                    .any(crate::ir::Operation::needs_multipart)
            }),
        };
        let text = crate::module::assemble(&generated.api, &name, features)
            .map_err(|message| generated.internal(message))?;
        let dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    bad(
                        "OUT_DIR is not set: run from a build script, or give Build::out_dir"
                            .into(),
                    )
                })?,
        };
        let path = dir.join(format!("{name}.rs"));
        let files = [(format!("{name}.rs"), text)];
        crate::write::write_files(&dir, &files)
            .map_err(|e| bad(format!("cannot write {}: {e}", path.display())))?;
        Ok(Built {
            path,
            warnings: generated.warnings,
            inputs: generated.inputs,
        })
    }

    /// [`Build::generate`] for a build script: prints cargo's directives
    /// (`rerun-if-changed` for each file read, a `warning` for each of the
    /// spec's warnings) and, on error, one `cargo::error` line per line of
    /// the diagnostics, then exits with status 1 so the build fails.
    pub fn run(&self) {
        let mut watched: Vec<PathBuf> = vec![self.spec.clone()];
        watched.extend(self.config.clone());
        watched.extend(self.additions.overlays.iter().cloned());
        watched.push(self.spec.with_extension("toml"));
        match self.generate() {
            Ok(built) => {
                watched.extend(built.inputs);
                for line in directives(Severity::Warning, &built.warnings) {
                    println!("{line}");
                }
                watch(&watched);
            }
            Err(report) => {
                // The files named by the errors are watched too: when a
                // file the spec refers to is fixed, the script runs again.
                watched.extend(
                    report
                        .diagnostics
                        .iter()
                        .filter_map(|d| d.file.as_deref().map(PathBuf::from)),
                );
                watch(&watched);
                for line in directives(Severity::Error, &report) {
                    println!("{line}");
                }
                std::process::exit(1);
            }
        }
    }
}

/// What [`Build::generate`] wrote.
#[derive(Debug)]
pub struct Built {
    /// The module's file.
    pub path: PathBuf,
    /// What the spec has that the client approximates or leaves out.
    pub warnings: Report,
    /// Every file read (spec files and configuration).
    pub inputs: Vec<PathBuf>,
}

fn watch(paths: &[PathBuf]) {
    let mut seen: Vec<&Path> = Vec::new();
    for path in paths {
        // The configuration beside the spec is watched even when it does
        // not exist yet: creating it must regenerate.
        if !seen.contains(&path.as_path()) {
            seen.push(path);
            println!("cargo::rerun-if-changed={}", path.display());
        }
    }
}

/// `cargo::error=` or `cargo::warning=` lines for the diagnostics of
/// `report` of severity `wanted`, one a diagnostic (a directive is one line): `file:line:col:
/// message`, the place first as compilers print it, so editors link it.
pub fn directives(wanted: Severity, report: &Report) -> Vec<String> {
    let kind = match wanted {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == wanted)
        .map(|d| {
            let file = d.file.as_deref().unwrap_or(&report.file);
            let place = match (d.line, d.column) {
                (Some(line), Some(column)) => format!("{file}:{line}:{column}"),
                (Some(line), None) => format!("{file}:{line}"),
                _ => file.to_string(),
            };
            let pointer = d
                .pointer
                .as_deref()
                .map(|p| format!(" (at {p})"))
                .unwrap_or_default();
            let message = d.message.replace('\n', " ");
            format!("cargo::{kind}={place}: {message}{pointer}")
        })
        .collect()
}
