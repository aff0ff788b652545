//! `generator SPEC [--out DIR] [--name CRATE] [--check]`

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
Generates a Rust client crate from an OpenAPI description: 3.0, 3.1, 3.2 or
Swagger 2.0, YAML or JSON, in one file or several.

Usage: generator SPEC [--out DIR] [--name CRATE] [--check]

Arguments:
  SPEC            the OpenAPI file to read (the root file of a multi-file spec)

Options:
  --out DIR       where to write the crate (default: generated)
  --name CRATE    the crate's package name (default: from info.title)
  --check         write nothing; exit 1 and print a diff if any file would change
  -h, --help      print this help
  -V, --version   print the version

Exit status: 0 success (or in sync with --check), 1 out of sync (--check),
2 bad input or usage.";

struct Args {
    spec: PathBuf,
    out: PathBuf,
    name: Option<String>,
    check: bool,
}

enum Parsed {
    Run(Args),
    Exit(ExitCode),
}

fn parse_args() -> Result<Parsed, String> {
    let mut spec = None;
    let mut out = PathBuf::from("generated");
    let mut name = None;
    let mut check = false;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("-h" | "--help") => {
                println!("{USAGE}");
                return Ok(Parsed::Exit(ExitCode::SUCCESS));
            }
            Some("-V" | "--version") => {
                println!("generator {}", env!("CARGO_PKG_VERSION"));
                return Ok(Parsed::Exit(ExitCode::SUCCESS));
            }
            Some("--check") => check = true,
            Some("--out") => out = args.next().ok_or("--out needs a directory")?.into(),
            Some("--name") => {
                let value = args.next().ok_or("--name needs a crate name")?;
                let value = value.into_string().map_err(|_| "--name must be UTF-8")?;
                if value.is_empty()
                    || !value
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    return Err(format!(
                        "--name {value:?} is not a valid crate name (letters, digits, `-` and `_`)"
                    ));
                }
                name = Some(value);
            }
            Some(flag) if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            _ if spec.is_none() => spec = Some(PathBuf::from(arg)),
            _ => return Err("only one SPEC may be given".into()),
        }
    }
    let spec = spec.ok_or("missing SPEC: the OpenAPI file to read")?;
    Ok(Parsed::Run(Args {
        spec,
        out,
        name,
        check,
    }))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Parsed::Run(args)) => args,
        Ok(Parsed::Exit(code)) => return code,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    // Freeing the whole generated crate just before exiting is wasted work
    // (a tenth of a large run); the process's memory goes back at once.
    let generated = match generator::generate(&args.spec, args.name) {
        Ok(g) => std::mem::ManuallyDrop::new(g),
        Err(report) => {
            eprint!("{report}");
            let n = report.diagnostics.len();
            eprintln!(
                "error: generation failed with {n} error{}; nothing was written",
                if n == 1 { "" } else { "s" }
            );
            return ExitCode::from(2);
        }
    };
    if !generated.warnings.diagnostics.is_empty() {
        eprint!("{}", generated.warnings);
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
                "generated {} ({} operations, {} types) in {}: {n} file{} changed",
                generated.api.crate_name,
                generated.api.operations.len(),
                generated.api.types.len(),
                args.out.display(),
                if n == 1 { "" } else { "s" }
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write to {}: {e}", args.out.display());
            ExitCode::from(2)
        }
    }
}
