//! The generator's configuration: per-API choices the spec does not make,
//! in a TOML file beside the spec (`spec/clerk.toml` for `spec/clerk.yaml`)
//! or given with `--config`.
//!
//! ```toml
//! overlays = ["clerk.overlay.yaml"]   # OpenAPI Overlays applied to the spec, in order
//!
//! [package]              # the generated crate's Cargo.toml
//! name = "clerk-backend-api"
//! version = "0.2.0"
//! description = "Clerk's Backend API"
//!
//! [headers]              # sent with every request; `Client::without_header` removes one
//! "Clerk-API-Version" = "{info.version}"
//!
//! [select]               # generate only these operations and the models they reach
//! include = ["/users/**", "GET /me", "tag:me.calendar"]  # paths (`*` within a segment, `**` any segments), maybe after a method; tags
//! exclude = ["/users/*/photo/**"]
//! models = ["microsoft.graph.group"]  # components kept although no operation kept reaches them
//!
//! [features]             # cargo features that select operations
//! split = "tags"         # or "resources", "none"; default "auto"
//! groups = { git = ["git", "repos"] }
//! divide = ["repos"]     # features divided by resource; default: the large ones
//!
//! [retries]
//! idempotency-header = "Idempotency-Key"  # every POST and PATCH sends a key in it
//!
//! [tests]
//! examples = false       # no tests from the description's examples
//!
//! [models]
//! follow_examples = false  # keep `required` even where the examples leave a property out
//! odata_type_optional = false  # keep a required `@odata.type` required
//! ```
//!
//! Values may name `{info.version}` and `{info.title}` of the spec. Unknown
//! keys, wrong types and unknown placeholders are errors with the file's
//! line, so a typo never silently does nothing.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diag::{Diagnostic, Report};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Overlay files applied to the spec in order, relative to the
    /// configuration file (made relative to the working directory by
    /// [`load`]).
    #[serde(default)]
    pub overlays: Vec<PathBuf>,
    #[serde(default)]
    pub package: Package,
    /// How operations are split into cargo features.
    #[serde(default)]
    pub select: Select,
    #[serde(default)]
    pub features: FeatureRules,
    /// Header name → value, sent with every request.
    #[serde(default)]
    pub headers: IndexMap<String, String>,
    #[serde(default)]
    pub retries: Retries,
    #[serde(default)]
    pub tests: Tests,
    #[serde(default)]
    pub webhooks: Webhooks,
    #[serde(default)]
    pub models: Models,
}

/// `[models]`: how the models read the description.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Models {
    /// Whether a property that the description's own examples of received
    /// bodies (answers, webhook payloads) leave out, or send as `null`, is
    /// optional (nullable) in its model although its schema requires it
    /// (does not allow `null`): a server sends what its vendor shows. On by
    /// default; each such property is a warning.
    #[serde(default = "yes")]
    pub follow_examples: bool,
    /// Whether OData's `@odata.type`, which a description converted from an
    /// OData service marks required, is optional: the service leaves it out
    /// of a value of the type it declares. On by default; one warning.
    #[serde(default = "yes")]
    pub odata_type_optional: bool,
}

impl Default for Models {
    fn default() -> Self {
        Models {
            follow_examples: true,
            odata_type_optional: true,
        }
    }
}

/// `[webhooks]`: the events the API sends to its users' servers, and how
/// they are signed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhooks {
    /// A second document whose `webhooks` (or `x-webhooks`) the crate
    /// takes too, for APIs that publish their events apart (Clerk);
    /// relative to the configuration file.
    pub file: Option<PathBuf>,
    /// The events taken, by name: `organizationInvitation.created`, or a
    /// prefix and `*` (`organizationInvitation.*`). Absent: all.
    pub events: Option<Vec<String>>,
    /// How deliveries are signed: `standard` (Standard Webhooks, as Svix
    /// signs them), `hmac-sha256` (of the body, in `header`), or `none`.
    #[serde(default)]
    pub signature: Signature,
    /// The header of an `hmac-sha256` signature (`X-Hub-Signature-256`).
    pub header: Option<String>,
    /// The payload's property that names its event; absent: `type`.
    pub event_field: Option<String>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signature {
    #[default]
    None,
    Standard,
    HmacSha256,
}

/// `[tests]`: the tests generated into the crate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tests {
    /// The description's examples of JSON bodies, each read into its type
    /// and written back (`tests/examples.rs`), and a warning for each that
    /// does not match its schema. On by default. (Off, the examples still
    /// shape the models: see [`Models`].)
    #[serde(default = "yes")]
    pub examples: bool,
}

impl Default for Tests {
    fn default() -> Self {
        Tests { examples: true }
    }
}

fn yes() -> bool {
    true
}

/// `[retries]`: what makes a call safe to retry.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Retries {
    /// The header in which the API takes an idempotency key, for APIs that
    /// take one without declaring it as a parameter (Stripe's
    /// `Idempotency-Key`): every `POST` and `PATCH` sends a new key in it.
    pub idempotency_header: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub name: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
    /// Whether a regeneration over an earlier crate gives it the version
    /// its change report implies (see `changes`), from the earlier crate's
    /// version, rather than `version` alone.
    #[serde(default)]
    pub bump_version: bool,
}

/// `[select]`: which of the API's operations the crate has (all when
/// `include` is empty), and so which models: those the operations kept,
/// the webhooks and `models` reach (see `load::select`).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Select {
    /// Operations to keep: a path pattern, optionally after a method
    /// (`GET /users/{id}`), in which `*` stands for any text within a
    /// segment, `**` for any number of segments, and `{name}` for any
    /// parameter; or `tag:` and a tag (`*` for any text), which any of an
    /// operation's tags may match.
    #[serde(default)]
    pub include: Vec<String>,
    /// Operations to leave out, of those `include` keeps.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Components (by name) to keep although no operation kept reaches
    /// them: the kinds of a base that an answer may hold, for one.
    #[serde(default)]
    pub models: Vec<String>,
}

impl Select {
    /// Whether it chooses among the operations at all (`models` alone
    /// does not: every component is kept without patterns).
    pub fn chooses(&self) -> bool {
        !self.include.is_empty() || !self.exclude.is_empty()
    }
}

/// `[features]`: which cargo features select operations.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureRules {
    /// What a feature is made of: `tags`, `resources` (the first path
    /// segment after a version prefix), `none`, or `auto` (tags where the
    /// spec has them, else resources).
    #[serde(default)]
    pub split: Split,
    /// Feature name → the tags (or resources) it compiles together, for
    /// APIs whose tags are finer than their users' needs.
    #[serde(default)]
    pub groups: IndexMap<String, Vec<String>>,
    /// The features (by name, or by the tag or resource written) divided
    /// into one feature per resource inside them, the feature itself
    /// turning them all on. Absent: the large ones (see
    /// `passes::features`); empty: none.
    #[serde(default)]
    pub divide: Option<Vec<String>>,
    /// Whether `full` is among the crate's default features. Absent: for
    /// APIs of up to `passes::features::FULL_BY_DEFAULT_MAX_OPERATIONS`
    /// operations.
    #[serde(default)]
    pub full_by_default: Option<bool>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    #[default]
    Auto,
    Tags,
    Resources,
    None,
}

/// The placeholders values may use.
const PLACEHOLDERS: &[&str] = &["info.version", "info.title"];

/// The configuration file for `spec`: `config` when given, else the
/// `.toml` of the same name beside the spec when there is one.
pub fn locate(spec: &Path, config: Option<&Path>) -> Option<PathBuf> {
    match config {
        Some(path) => Some(path.to_path_buf()),
        None => Some(spec.with_extension("toml")).filter(|p| p.is_file()),
    }
}

/// Reads and checks the configuration at `path`.
pub fn load(path: &Path) -> Result<Config, Report> {
    let file = path.display().to_string();
    let fail = |d: Diagnostic| Report {
        file: file.clone(),
        diagnostics: vec![d],
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        fail(Diagnostic::error(format!(
            "cannot read the configuration: {e}"
        )))
    })?;
    let mut config = parse(&text).map_err(|d| {
        let lines: Vec<&str> = text.lines().collect();
        fail(d.with_snippet(&lines))
    })?;
    let dir = path.parent().unwrap_or(Path::new(""));
    for overlay in &mut config.overlays {
        *overlay = dir.join(&*overlay);
    }
    if let Some(file) = &mut config.webhooks.file {
        *file = dir.join(&*file);
    }
    Ok(config)
}

/// Parses configuration text; errors carry the line and column.
pub fn parse(text: &str) -> Result<Config, Diagnostic> {
    let config: Config = toml::from_str(text).map_err(|e| {
        let d = Diagnostic::error(format!("invalid configuration: {}", e.message().trim_end()));
        match e.span() {
            Some(span) => {
                let (line, column) = line_col(text, span.start);
                d.line_col(line, column)
            }
            None => d,
        }
    })?;
    let values = config
        .package
        .name
        .iter()
        .chain(&config.package.version)
        .chain(&config.package.description)
        .chain(config.headers.values());
    for value in values {
        for placeholder in placeholders(value) {
            if !PLACEHOLDERS.contains(&placeholder) {
                let at = text.find(&format!("{{{placeholder}}}")).unwrap_or(0);
                let (line, column) = line_col(text, at);
                return Err(Diagnostic::error(format!(
                    "unknown placeholder `{{{placeholder}}}`; values may use {}",
                    PLACEHOLDERS
                        .iter()
                        .map(|p| format!("`{{{p}}}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ))
                .line_col(line, column));
            }
        }
    }
    if let Some(name) = &config.package.name {
        if !crate::names::is_crate_name(name) {
            let at = text.find("name").unwrap_or(0);
            let (line, column) = line_col(text, at);
            return Err(Diagnostic::error(format!(
                "`package.name` {name:?} is not a valid crate name (letters, digits, `-` and `_`)"
            ))
            .line_col(line, column));
        }
    }
    if let Some(header) = &config.retries.idempotency_header {
        let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if header.is_empty() || !header.chars().all(token) {
            let at = text.find("idempotency-header").unwrap_or(0);
            let (line, column) = line_col(text, at);
            return Err(Diagnostic::error(format!(
                "`retries.idempotency-header` {header:?} is not a valid header name"
            ))
            .line_col(line, column));
        }
    }
    Ok(config)
}

/// The `{…}` names in a value.
fn placeholders(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    out
}

/// `value` with its placeholders replaced by the spec's values.
pub fn expand(value: &str, info: &openapiv3::Info) -> String {
    value
        .replace("{info.version}", &info.version)
        .replace("{info.title}", &info.title)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_configuration_reads() {
        let c = parse(
            "[package]\nname = \"acme\"\nversion = \"1.2.3\"\ndescription = \"d\"\n\n[headers]\n\"Clerk-API-Version\" = \"{info.version}\"\nX-Team = \"core\"\n",
        )
        .unwrap();
        assert_eq!(c.package.name.as_deref(), Some("acme"));
        assert_eq!(c.package.version.as_deref(), Some("1.2.3"));
        assert_eq!(
            c.headers.iter().collect::<Vec<_>>(),
            [
                (
                    &"Clerk-API-Version".to_string(),
                    &"{info.version}".to_string()
                ),
                (&"X-Team".to_string(), &"core".to_string())
            ]
        );
        assert!(parse("").unwrap().headers.is_empty());
        let c = parse("[retries]\nidempotency-header = \"Idempotency-Key\"\n").unwrap();
        assert_eq!(
            c.retries.idempotency_header.as_deref(),
            Some("Idempotency-Key")
        );
    }

    #[test]
    fn each_mistake_is_an_error_at_its_line() {
        let e = parse("[package]\nname = \"a\"\nverison = \"1\"\n").unwrap_err();
        assert!(e.message.contains("verison"), "{}", e.message);
        assert_eq!(e.line, Some(3));
        let e = parse("[headerz]\nA = \"b\"\n").unwrap_err();
        assert!(e.message.contains("headerz"), "{}", e.message);
        assert_eq!(e.line, Some(1));
        let e = parse("[headers]\nA = 1\n").unwrap_err();
        assert!(e.message.contains("string"), "{}", e.message);
        assert_eq!(e.line, Some(2));
        let e = parse("[package]\nversion = 2\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = parse("[headers]\nA = \"{info.versoin}\"\n").unwrap_err();
        assert!(
            e.message.contains("unknown placeholder `{info.versoin}`"),
            "{}",
            e.message
        );
        assert_eq!(e.line, Some(2));
        let e = parse("[package]\nname = \"bad name\"\n").unwrap_err();
        assert!(
            e.message.contains("not a valid crate name"),
            "{}",
            e.message
        );
        let e = parse("[retries]\nidempotency-header = \"Idem Key\"\n").unwrap_err();
        assert!(
            e.message.contains("not a valid header name"),
            "{}",
            e.message
        );
        assert_eq!(e.line, Some(2));
        let e = parse("[headers\n").unwrap_err();
        assert_eq!(e.line, Some(1));
    }
}
