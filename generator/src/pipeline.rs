//! The stages run in order, from a spec's path (or text) to the files of
//! the generated crate in memory; writing them is the caller's (the command
//! line's, or a build script's).

use std::path::{Path, PathBuf};

use crate::config;
use crate::diag::{Diagnostic, Report};
use crate::emit;
use crate::ir;
use crate::layout;
use crate::load;
use crate::passes;
use crate::render;
use crate::resolve;
use crate::source::Sources;
use crate::surface::{self, Entry, Kind, Surface};

/// A generated crate in memory: relative path and content of each file.
pub struct Generated {
    pub files: Vec<(String, String)>,
    pub warnings: Report,
    /// Its public API, also among `files` (see [`surface`]).
    pub surface: Surface,
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
    generate_with(spec, crate_name, config, &Additions::default())
}

/// What a caller (the command line, a build script) adds to the configuration.
#[derive(Debug, Default, Clone)]
pub struct Additions {
    /// OpenAPI Overlays, applied after those the configuration names.
    pub overlays: Vec<PathBuf>,
    /// Patterns added to `[select] include`.
    pub include: Vec<String>,
    /// Patterns added to `[select] exclude`.
    pub exclude: Vec<String>,
}

/// [`generate_configured`], with the configuration's `additions`.
pub fn generate_with(
    spec: &Path,
    crate_name: Option<String>,
    config: Option<&Path>,
    additions: &Additions,
) -> Result<Generated, Report> {
    render(resolve_with(spec, crate_name, config, additions)?)
}

/// Runs every stage but writing on spec text held in memory.
pub fn generate_text(
    text: &str,
    json: bool,
    crate_name: Option<String>,
) -> Result<Generated, Report> {
    let loaded = load::load_text("<memory>".into(), text.to_string(), json)?;
    let options = resolve::Options {
        crate_name,
        ..Default::default()
    };
    render(resolve_loaded(loaded, options)?)
}

/// The IR of a spec, its passes run: what the crate's files, or a build
/// script's module, are laid out and emitted from.
pub struct Resolved {
    pub api: ir::Api,
    /// The warnings, placed in the files read.
    pub warnings: Report,
    /// Every file read (see [`Generated::inputs`]).
    pub inputs: Vec<PathBuf>,
    sources: Sources,
}

impl Resolved {
    /// An error of the stages after the IR (a bug of the generator's), as a
    /// report on the spec.
    pub fn internal(&self, message: String) -> Report {
        self.sources.place(vec![Diagnostic::error(message)])
    }
}

/// Loads, selects, resolves and runs the passes, with the configuration
/// found as [`generate_configured`] finds it and `additions` added to it.
pub fn resolve_with(
    spec: &Path,
    crate_name: Option<String>,
    config: Option<&Path>,
    additions: &Additions,
) -> Result<Resolved, Report> {
    let config_path = config::locate(spec, config);
    let mut config = match &config_path {
        Some(path) => config::load(path)?,
        None => config::Config::default(),
    };
    let mut all = std::mem::take(&mut config.overlays);
    all.extend_from_slice(&additions.overlays);
    config.select.include.extend_from_slice(&additions.include);
    config.select.exclude.extend_from_slice(&additions.exclude);
    let mut loaded = load::load_with_webhooks(spec, &all, &config.webhooks)?;
    load::select(&mut loaded, &config.select)?;
    let options = resolve::Options { crate_name, config };
    let mut resolved = resolve_loaded(loaded, options)?;
    resolved.inputs.extend(config_path);
    Ok(resolved)
}

fn resolve_loaded(loaded: load::Loaded, options: resolve::Options) -> Result<Resolved, Report> {
    let (mut api, mut warnings) =
        resolve::resolve(&loaded.api, &options).map_err(|errors| loaded.sources.place(errors))?;
    warnings.splice(0..0, loaded.warnings.iter().cloned());
    warnings.extend(passes::run(&mut api, &options.config));
    // Each file once (a webhooks document is read for its events, then
    // again for what they refer to).
    let mut inputs: Vec<PathBuf> = Vec::new();
    for path in loaded.sources.files.iter().filter_map(|f| f.path.clone()) {
        if !inputs.contains(&path) {
            inputs.push(path);
        }
    }
    Ok(Resolved {
        api,
        warnings: loaded.sources.place(warnings),
        inputs,
        sources: loaded.sources,
    })
}

/// The crate's files, laid out, emitted and formatted, and its public API
/// (`api-surface.txt`).
fn render(resolved: Resolved) -> Result<Generated, Report> {
    let rendered = render::render_all(&resolved.api, &layout::plan(&resolved.api))
        .map_err(|message| resolved.internal(message))?;
    let mut generated = Generated {
        files: rendered.files,
        warnings: resolved.warnings,
        surface: Surface {
            crate_name: resolved.api.crate_name.clone(),
            version: resolved.api.package_version.clone(),
            ..Surface::default()
        },
        api: resolved.api,
        inputs: resolved.inputs,
    };
    let manifest = generated.file(MANIFEST).unwrap_or_default();
    generated.surface.entries.extend(features(&manifest));
    generated.surface.entries.extend(rendered.surface);
    generated.surface.finish();
    generated
        .files
        .push((surface::FILE.to_string(), generated.surface.to_text()));
    Ok(generated)
}

const MANIFEST: &str = "Cargo.toml";

/// The features of a crate's manifest, each with what it turns on.
fn features(manifest: &str) -> Vec<Entry> {
    let table: toml::Table = toml::from_str(manifest).unwrap_or_default();
    let Some(toml::Value::Table(features)) = table.get("features") else {
        return Vec::new();
    };
    features
        .iter()
        .map(|(name, enables)| {
            let enables: Vec<&str> = enables
                .as_array()
                .map(|list| list.iter().filter_map(toml::Value::as_str).collect())
                .unwrap_or_default();
            Entry {
                kind: Kind::Feature,
                path: name.clone(),
                signature: enables.join(", "),
                gate: String::new(),
                marks: Vec::new(),
            }
        })
        .collect()
}

impl Generated {
    /// The text of the crate's file at `path`.
    pub fn file(&self, path: &str) -> Option<String> {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, text)| text.clone())
    }

    /// Gives the crate another version: its manifest and its surface say
    /// it (the change report's bump, see [`crate::changes`]).
    pub fn set_version(&mut self, version: &str) {
        self.api.package_version = version.to_string();
        self.surface.version = version.to_string();
        let manifest = layout::File {
            path: MANIFEST.to_string(),
            content: layout::Content::Manifest,
        };
        let emit::Output::Text(text) = emit::render(&self.api, &manifest, layout::Chunk::WHOLE)
        else {
            return;
        };
        let surface = self.surface.to_text();
        for (path, content) in &mut self.files {
            if path == MANIFEST {
                *content = text.clone();
            } else if path == surface::FILE {
                *content = surface.clone();
            }
        }
    }
}
