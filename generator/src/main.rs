//! `generator SPEC [--out DIR] [--name CRATE] [--include PATTERN] [--check]`

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Generates a Rust client crate from an OpenAPI description: 3.0, 3.1, 3.2
/// or Swagger 2.0, YAML or JSON, in one file or several.
#[derive(Parser)]
#[command(
    name = "generator",
    version,
    after_help = "\
Examples:
  generator spec/clerk.yaml                      write the crate into generated/
  generator openapi.yaml --out=client --name=acme-client
  generator spec/clerk.yaml --check              exit 1 with a diff if generated/ is stale
  generator graph.json --include '/users/**' --exclude 'DELETE /**'
                                                 only some operations, and the models they reach

Exit status: 0 success (or in sync with --check), 1 out of sync (--check),
2 bad input or usage."
)]
struct Args {
    /// The OpenAPI file to read (the root file of a spec split over several files)
    #[arg(value_name = "SPEC")]
    spec: PathBuf,
    /// Where to write the crate
    #[arg(long, value_name = "DIR", default_value = "generated")]
    out: PathBuf,
    /// The crate's package name [default: from info.title]
    #[arg(long, value_name = "CRATE", value_parser = crate_name)]
    name: Option<String>,
    /// The configuration file [default: SPEC's name with `.toml`, beside it, if there is one]
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// An OpenAPI Overlay to apply to the spec (after the configuration's; repeat for more)
    #[arg(long, value_name = "FILE")]
    overlay: Vec<PathBuf>,
    /// Generate only the operations PATTERN matches (with the configuration's `[select] include`;
    /// repeat for more): a path, `*` for any text in a segment, `**` for any segments, `{id}` for
    /// any parameter, optionally after a method (`GET /users/{id}`); or `tag:` and a tag (`*` any text)
    #[arg(long, value_name = "PATTERN")]
    include: Vec<String>,
    /// Leave out the operations PATTERN matches, of those selected (repeat for more)
    #[arg(long, value_name = "PATTERN")]
    exclude: Vec<String>,
    /// Write nothing; exit 1 and print a diff if any file would change
    #[arg(long)]
    check: bool,
}

/// A Cargo package name: letters, digits, `-` and `_`.
fn crate_name(value: &str) -> Result<String, String> {
    if !generator::names::is_crate_name(value) {
        return Err(format!(
            "{value:?} is not a valid crate name (letters, digits, `-` and `_`)"
        ));
    }
    Ok(value.to_string())
}

/// "1 file", "2 files".
fn counted(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn main() -> ExitCode {
    // clap prints help and version to stdout (exit 0) and usage errors with
    // a suggestion to stderr (exit 2).
    let args = Args::parse();
    // Freeing the whole generated crate just before exiting is wasted work
    // (a tenth of a large run); the process's memory goes back at once.
    let mut generated = match generator::generate_with(
        &args.spec,
        args.name,
        args.config.as_deref(),
        &generator::Additions {
            overlays: args.overlay,
            include: args.include,
            exclude: args.exclude,
        },
    ) {
        Ok(g) => std::mem::ManuallyDrop::new(g),
        Err(report) => {
            eprint!("{report}");
            eprintln!(
                "error: generation failed with {}; nothing was written",
                counted(report.diagnostics.len(), "error")
            );
            return ExitCode::from(2);
        }
    };
    if !generated.warnings.diagnostics.is_empty() {
        eprint!("{}", generated.warnings);
    }
    // What this generation changes in the crate it replaces, if that crate
    // recorded its public API.
    let report = generator::changes::against(&args.out, &mut generated);
    if let Some(report) = report.filter(|r| r.level().is_some()) {
        eprint!("{report}");
        if !report.satisfied_by(&generated.api.package_version) {
            eprintln!(
                "note: the crate's version stays {} (`bump_version = true` under `[package]` in the configuration applies the implied one)",
                generated.api.package_version
            );
        }
    }
    if args.check {
        let diff = generator::write::check(&args.out, &generated.files);
        if diff.is_empty() {
            eprintln!("{} is up to date", args.out.display());
            return ExitCode::SUCCESS;
        }
        print!("{diff}");
        eprintln!(
            "{} is out of date: run `cargo run -p generator -- {}` to regenerate",
            args.out.display(),
            args.spec.display()
        );
        return ExitCode::from(1);
    }
    match generator::write::write_all(&args.out, &generated.files) {
        Ok(n) => {
            eprintln!(
                "generated {} ({}, {}) in {}: {} changed",
                generated.api.crate_name,
                counted(generated.api.operations.len(), "operation"),
                counted(generated.api.types.len(), "type"),
                args.out.display(),
                counted(n, "file"),
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write to {}: {e}", args.out.display());
            ExitCode::from(2)
        }
    }
}
