//! The stages run in order, from a spec's path (or text) to the files of
//! the generated crate in memory; writing them is the caller's (the command
//! line's, or a build script's).

use std::path::{Path, PathBuf};

use crate::config;
use crate::diag::{Diagnostic, Report};
use crate::emit;
use crate::format;
use crate::ir;
use crate::load;
use crate::passes;
use crate::resolve;

/// A generated crate in memory: relative path and content of each file.
pub struct Generated {
    pub files: Vec<(String, String)>,
    pub warnings: Report,
    pub api: ir::Api,
    /// Every file read: the spec's (the root first, then those it refers
    /// to) and the configuration, for a build script to watch.
    pub inputs: Vec<PathBuf>,
}

/// Runs every stage but writing, with the configuration file beside the
/// spec when there is one (`clerk.toml` for `clerk.yaml`; see [`config`]).
pub fn generate(spec: &Path, crate_name: Option<String>) -> Result<Generated, Report> {
    generate_configured(spec, crate_name, None)
}

/// [`generate`] with the configuration read from `config` instead.
pub fn generate_configured(
    spec: &Path,
    crate_name: Option<String>,
    config: Option<&Path>,
) -> Result<Generated, Report> {
    generate_with(spec, crate_name, config, &[])
}

/// [`generate_configured`], with `overlays` applied to the spec after those
/// the configuration names.
pub fn generate_with(
    spec: &Path,
    crate_name: Option<String>,
    config: Option<&Path>,
    overlays: &[PathBuf],
) -> Result<Generated, Report> {
    let config_path = config::locate(spec, config);
    let mut config = match &config_path {
        Some(path) => config::load(path)?,
        None => config::Config::default(),
    };
    let mut all = std::mem::take(&mut config.overlays);
    all.extend_from_slice(overlays);
    let options = resolve::Options { crate_name, config };
    let mut generated = generate_loaded(load::load_with(spec, &all)?, options)?;
    generated.inputs.extend(config_path);
    Ok(generated)
}

/// Runs every stage but writing on spec text held in memory.
pub fn generate_text(
    text: &str,
    json: bool,
    crate_name: Option<String>,
) -> Result<Generated, Report> {
    generate_loaded(
        load::load_text("<memory>".into(), text.to_string(), json)?,
        resolve::Options {
            crate_name,
            ..Default::default()
        },
    )
}

fn generate_loaded(loaded: load::Loaded, options: resolve::Options) -> Result<Generated, Report> {
    let (mut api, mut warnings) =
        resolve::resolve(&loaded.api, &options).map_err(|errors| loaded.sources.place(errors))?;
    warnings.splice(0..0, loaded.warnings.iter().cloned());
    warnings.extend(passes::run(&mut api, &options.config));
    let files = format::render_all(&api, emit::plan(&api))
        .map_err(|message| loaded.sources.place(vec![Diagnostic::error(message)]))?;
    Ok(Generated {
        files,
        warnings: loaded.sources.place(warnings),
        api,
        inputs: loaded
            .sources
            .files
            .iter()
            .filter_map(|f| f.path.clone())
            .collect(),
    })
}
