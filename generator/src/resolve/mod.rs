//! Stage 2: from `openapiv3` types to the project's IR, taking every decision
//! on the way. Problems are collected, not returned one at a time, so a run
//! reports all of them together.

mod examples;
mod hierarchy;
mod operation;
mod paginate;
mod schema;
mod security;
mod view;

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::diag::{Diagnostic, Severity};
use crate::ir::{
    Api, Auth, Retry, Ty, TypeDef, TypeId, TypeKind, Webhook, WebhookSignature, Webhooks,
};
use crate::names::{type_name, Namespace};

/// Type names the generated code uses unqualified next to the models.
const RESERVED_TYPES: &[&str] = &[
    "Option", "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err", "Nullable", "Map",
    "Value", "BTreeMap", "Self_", "Into", "From", "Default",
];

pub struct Ctx<'a> {
    api: &'a OpenAPI,
    components_schemas: &'a IndexMap<String, ReferenceOr<Schema>>,
    /// Component schema name → its model.
    component_ids: HashMap<&'a str, TypeId>,
    types_ns: Namespace,
    /// The models in the order they are defined (a model's place is taken
    /// when its definition starts, so that it comes before the models
    /// inside it).
    types: Vec<Option<TypeDef>>,
    /// Each model claimed, by its id: its name and its place in `types`
    /// once its definition started. Ids are given as names are claimed
    /// (components first), places as definitions start; `resolve` numbers
    /// the ids by place at the end, so that an id is a place in `Api::types`.
    claimed: Vec<(String, Option<usize>)>,
    diagnostics: Vec<Diagnostic>,
    /// The type already made for each inline schema, by its address in the
    /// document: a schema reached again (through another struct's `allOf`)
    /// is the same type, not a copy. Without this, work grows with the
    /// number of paths through the schema graph, exponentially on some
    /// real specs; with it, with the number of schemas.
    inline_types: HashMap<*const Schema, Ty>,
    /// The security schemes, found before the operations that use them.
    security: security::Security,
    /// The inheritance hierarchies among the components.
    hierarchies: hierarchy::Hierarchies<'a>,
    /// For each base of a hierarchy (an enum of its kinds), the struct of
    /// its own properties.
    base_ids: HashMap<&'a str, TypeId>,
    /// The subtypes of one kind, by pointer: their discriminator property
    /// and value.
    constant_tags: HashMap<String, (String, String)>,
    /// Every kind of a hierarchy, by pointer: each is a struct.
    kind_pointers: std::collections::HashSet<String>,
    /// The examples noted while operations are read.
    pending_examples: Vec<examples::Pending<'a>>,
}

/// Options that do not come from the spec: the command line's, then the
/// configuration file's.
#[derive(Default)]
pub struct Options {
    /// `--name`, which wins over the configuration's `package.name`.
    pub crate_name: Option<String>,
    pub config: crate::config::Config,
}

/// The IR and the warnings, or every error found.
pub fn resolve(
    api: &OpenAPI,
    options: &Options,
) -> Result<(Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    static EMPTY: std::sync::OnceLock<IndexMap<String, ReferenceOr<Schema>>> =
        std::sync::OnceLock::new();
    let components_schemas = match &api.components {
        Some(c) => &c.schemas,
        None => EMPTY.get_or_init(IndexMap::new),
    };
    let mut ctx = Ctx {
        api,
        components_schemas,
        component_ids: HashMap::new(),
        types_ns: Namespace::with_reserved(RESERVED_TYPES),
        types: Vec::new(),
        claimed: Vec::new(),
        diagnostics: Vec::new(),
        inline_types: HashMap::new(),
        security: Default::default(),
        hierarchies: hierarchy::Hierarchies::find(components_schemas),
        base_ids: HashMap::new(),
        constant_tags: HashMap::new(),
        kind_pointers: Default::default(),
        pending_examples: Vec::new(),
    };

    // Component names are claimed before anything inline so that they keep
    // their spec names whatever order things are discovered in.
    for name in components_schemas.keys() {
        let id = ctx.claim(type_name(name, "Type"));
        ctx.component_ids.insert(name.as_str(), id);
    }
    // Then the structs of the bases' own properties.
    let bases: Vec<&str> = ctx.hierarchies.polymorphic.keys().copied().collect();
    for base in bases {
        let base_name = format!("{}Base", ctx.claimed[ctx.component_ids[base].0].0);
        let id = ctx.claim(type_name(&base_name, "Type"));
        ctx.base_ids.insert(base, id);
    }
    ctx.constant_tags = ctx
        .hierarchies
        .constant
        .iter()
        .map(|(name, tag)| (crate::diag::push("/components/schemas", name), tag.clone()))
        .collect();
    ctx.kind_pointers = ctx
        .hierarchies
        .polymorphic
        .values()
        .flat_map(|p| p.kinds.iter())
        .map(|(kind, _)| crate::diag::push("/components/schemas", kind))
        .collect();
    for (name, schema) in components_schemas {
        match schema {
            ReferenceOr::Item(schema) => {
                let id = ctx.component_ids[name.as_str()];
                ctx.define_component(name, schema, id);
            }
            // Another name for the target: a type alias.
            ReferenceOr::Reference { reference } => {
                let pointer = crate::diag::push("/components/schemas", name);
                let id = ctx.component_ids[name.as_str()];
                let ty = match ctx.schema_target(reference, &pointer) {
                    Some((target, _)) => Ty::Named(ctx.component_ids[target]),
                    None => Ty::Json,
                };
                let slot = ctx.place(id);
                ctx.types[slot] = Some(TypeDef {
                    name: ctx.claimed[id.0].0.clone(),
                    doc: None,
                    kind: TypeKind::Alias(ty),
                    pointer,
                    gate: Default::default(),
                    uses: Default::default(),
                });
            }
        }
    }
    let mut methods = operation::methods_namespace();
    ctx.security = ctx.security(&mut methods);
    let operations = ctx.operations(&mut methods);
    let webhooks = ctx.webhooks(&options.config.webhooks);
    let examples = ctx.examples(&operations);
    let (server_variables, server_template, base_url) = ctx.server();

    let schemes = std::mem::take(&mut ctx.security.schemes);
    let auth = schemes.first().map_or(Auth::None, |s| s.auth.clone());
    let retry = ctx.retry();
    let package = &options.config.package;
    let expand = |v: &String| crate::config::expand(v, &api.info);
    let crate_name = options
        .crate_name
        .clone()
        .or_else(|| package.name.as_ref().map(expand))
        .unwrap_or_else(|| crate_name(&api.info.title));
    // Every id claimed was placed, and every place filled: the ids become
    // places.
    let place: Vec<usize> = ctx
        .claimed
        .iter()
        .map(|(_, slot)| slot.expect("every model claimed is defined"))
        .collect();
    let types: Vec<TypeDef> = ctx
        .types
        .into_iter()
        .map(|t| t.expect("every place is filled"))
        .collect();
    let tags = api
        .tags
        .iter()
        .map(|t| crate::ir::Tag {
            name: t.name.clone(),
            description: t.description.clone(),
        })
        .collect();

    // A schema can be looked at more than once (its type, then whether it is
    // nullable); each problem is reported once, in the order found.
    let mut unique: Vec<Diagnostic> = Vec::with_capacity(ctx.diagnostics.len());
    for d in ctx.diagnostics {
        if !unique.contains(&d) {
            unique.push(d);
        }
    }
    let (errors, warnings): (Vec<_>, Vec<_>) = unique
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((
        Api {
            crate_name,
            title: api.info.title.clone(),
            description: api.info.description.clone(),
            api_version: api.info.version.clone(),
            base_url,
            server_variables,
            server_template,
            package_version: package
                .version
                .as_ref()
                .map_or_else(|| "0.1.0".to_string(), expand),
            package_description: package.description.as_ref().map(expand),
            bump_version: package.bump_version,
            default_headers: options
                .config
                .headers
                .iter()
                .map(|(name, value)| (name.clone(), expand(value)))
                .collect(),
            auth,
            schemes,
            retry,
            types,
            operations,
            features: Vec::new(),
            full_by_default: false,
            selection: selection(&options.config.select),
            tags,
            examples,
            webhooks,
        }
        .renumbered(&place),
        warnings,
    ))
}

/// The patterns of `[select]`, when there are any (see `load::select`).
fn selection(select: &crate::config::Select) -> Option<crate::ir::Selection> {
    select.chooses().then(|| crate::ir::Selection {
        include: select.include.clone(),
        exclude: select.exclude.clone(),
        models: select.models.clone(),
    })
}

impl<'a> Ctx<'a> {
    /// The events `normalize` listed (`normalize::webhooks::EVENTS`), each
    /// with the model of its payload, and the configuration's signature.
    fn webhooks(&mut self, config: &crate::config::Webhooks) -> Webhooks {
        let api = self.api;
        let signature = match config.signature {
            crate::config::Signature::None => WebhookSignature::None,
            crate::config::Signature::Standard => WebhookSignature::Standard,
            crate::config::Signature::HmacSha256 => WebhookSignature::HmacSha256 {
                header: config
                    .header
                    .clone()
                    .unwrap_or_else(|| "X-Hub-Signature-256".to_string()),
            },
        };
        let mut out = Webhooks {
            events: Vec::new(),
            signature,
            event_field: config
                .event_field
                .clone()
                .unwrap_or_else(|| "type".to_string()),
        };
        let listed = api
            .extensions
            .get(crate::normalize::webhooks::EVENTS)
            .and_then(serde_json::Value::as_array);
        let mut variants = std::collections::HashSet::new();
        for (i, event) in listed.into_iter().flatten().enumerate() {
            let (Some(name), Some(reference)) = (
                event.get("name").and_then(serde_json::Value::as_str),
                event
                    .pointer("/payload/$ref")
                    .and_then(serde_json::Value::as_str),
            ) else {
                continue;
            };
            let component = reference
                .strip_prefix("#/components/schemas/")
                .map(crate::diag::unescape);
            let Some(&id) = component.as_deref().and_then(|c| self.component_ids.get(c)) else {
                continue;
            };
            let mut variant = type_name(name, "Event");
            while !variants.insert(variant.clone()) {
                variant.push('_');
            }
            if let Some(example) = event.get("example") {
                let at = format!("/{}/{i}/example", crate::normalize::webhooks::EVENTS);
                let index = out.events.len();
                self.note_webhook_example(index, name, reference, Ty::Named(id), at, example);
            }
            out.events.push(Webhook {
                name: name.to_string(),
                variant,
                payload: Ty::Named(id),
            });
        }
        out
    }

    /// The first server's variables (each with a string enum when the spec
    /// lists its values), its URL as text and variables, and the URL with
    /// every variable at its default.
    fn server(
        &mut self,
    ) -> (
        Vec<crate::ir::ServerVariable>,
        Vec<crate::ir::UrlPart>,
        Option<String>,
    ) {
        use crate::ir::{ServerVariable, UrlPart};
        let Some(server) = self.api.servers.first() else {
            return (Vec::new(), Vec::new(), None);
        };
        let declared = server.variables.as_ref();
        let mut variables: Vec<ServerVariable> = Vec::new();
        let mut parts = Vec::new();
        let mut args = Namespace::with_reserved(&["self"]);
        let mut rest = server.url.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|i| open + i) else {
                break;
            };
            let name = &rest[open + 1..close];
            let Some(variable) = declared.and_then(|v| v.get(name)) else {
                // Not a declared variable: kept as written, and said.
                self.warn(
                    Diagnostic::warning(format!(
                        "the server URL names `{{{name}}}`, which `variables` does not declare; it is kept as written"
                    ))
                    .at("/servers/0/url"),
                );
                parts.push(UrlPart::Literal(rest[..close + 1].to_string()));
                rest = &rest[close + 1..];
                continue;
            };
            parts.push(UrlPart::Literal(rest[..open].to_string()));
            let index = match variables.iter().position(|v| v.name == name) {
                Some(i) => i,
                None => {
                    let enum_type = (!variable.enumeration.is_empty()).then(|| {
                        let id = self.claim(type_name(&format!("server {name}"), "Server"));
                        let values: Vec<&str> =
                            variable.enumeration.iter().map(String::as_str).collect();
                        let slot = self.place(id);
                        self.types[slot] = Some(TypeDef {
                            name: self.claimed[id.0].0.clone(),
                            doc: Some(format!(
                                "The values of the server URL's `{{{name}}}`.{}",
                                variable
                                    .description
                                    .as_deref()
                                    .map(|d| format!("\n\n{d}"))
                                    .unwrap_or_default()
                            )),
                            kind: TypeKind::Enum(schema::string_enum(&values)),
                            pointer: crate::diag::push("/servers/0/variables", name),
                            gate: Default::default(),
                            uses: Default::default(),
                        });
                        id
                    });
                    variables.push(ServerVariable {
                        name: name.to_string(),
                        arg: args.claim(crate::names::snake_name(name, "variable")),
                        enum_type,
                        default: variable.default.clone(),
                        description: variable.description.clone(),
                    });
                    variables.len() - 1
                }
            };
            parts.push(UrlPart::Variable(index));
            rest = &rest[close + 1..];
        }
        parts.push(UrlPart::Literal(rest.to_string()));
        parts.retain(|p| !matches!(p, UrlPart::Literal(text) if text.is_empty()));
        let url: String = parts
            .iter()
            .map(|p| match p {
                UrlPart::Literal(text) => text.as_str(),
                UrlPart::Variable(i) => variables[*i].default.as_str(),
            })
            .collect();
        if variables.is_empty() {
            parts.clear();
        }
        (variables, parts, Some(url))
    }

    fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn warn(&mut self, d: Diagnostic) {
        self.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            ..d
        });
    }

    /// A place in `types`, so a type keeps the position where it was first
    /// named even though its inner types are defined before it is complete.
    /// The definition of a type already resolved, by name.
    /// The model `id` while it is being made (`None` before its definition
    /// is done).
    fn lookup(&self, id: TypeId) -> Option<&TypeDef> {
        let slot = self.claimed.get(id.0)?.1?;
        self.types[slot].as_ref()
    }

    /// A new model's id, its name `name` made unique.
    fn claim(&mut self, name: String) -> TypeId {
        let name = self.types_ns.claim(name);
        self.claimed.push((name, None));
        TypeId(self.claimed.len() - 1)
    }

    /// Takes model `id`'s place in the order of definitions: now.
    fn place(&mut self, id: TypeId) -> usize {
        self.types.push(None);
        let slot = self.types.len() - 1;
        self.claimed[id.0].1 = Some(slot);
        slot
    }

    /// Reads `x-speakeasy-retries`; anything malformed falls back to the
    /// built-in defaults with a warning.
    fn retry(&mut self) -> Option<Retry> {
        let value = self.api.extensions.get("x-speakeasy-retries")?;
        let parsed = parse_retry(value);
        if parsed.is_none() {
            self.warn(Diagnostic::warning("`x-speakeasy-retries` is not in the expected form; built-in retry defaults are used").at("/x-speakeasy-retries"));
        }
        parsed
    }
}

fn parse_retry(value: &serde_json::Value) -> Option<Retry> {
    if value.get("strategy")?.as_str()? != "backoff" {
        return None;
    }
    let backoff = value.get("backoff")?;
    let ms = |key: &str, default: u64| match backoff.get(key) {
        None => Some(default),
        Some(v) => v.as_u64(),
    };
    let mut statuses = Vec::new();
    for code in value
        .get("statusCodes")
        .and_then(|v| v.as_array())
        .map(Vec::as_slice)
        .unwrap_or(&[])
    {
        let text = match code {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        statuses.push(parse_status_range(&text)?);
    }
    Some(Retry {
        initial_interval_ms: ms("initialInterval", 500)?,
        max_interval_ms: ms("maxInterval", 60_000)?,
        max_elapsed_ms: ms("maxElapsedTime", 3_600_000)?,
        exponent: match backoff.get("exponent") {
            None => 1.5,
            Some(v) => v.as_f64().filter(|e| e.is_finite() && *e >= 1.0)?,
        },
        statuses,
        connection_errors: value
            .get("retryConnectionErrors")
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
    })
}

/// `503` → (503, 503); `5XX` → (500, 599).
fn parse_status_range(text: &str) -> Option<(u16, u16)> {
    let upper = text.to_ascii_uppercase();
    if let Some(class) = upper.strip_suffix("XX") {
        let digit: u16 = class.parse().ok().filter(|d| (1..=5).contains(d))?;
        return Some((digit * 100, digit * 100 + 99));
    }
    let code: u16 = text.parse().ok().filter(|c| (100..=599).contains(c))?;
    Some((code, code))
}

/// A Cargo package name from the API title: `Clerk Backend API` → `clerk-backend-api`.
pub fn crate_name(title: &str) -> String {
    let name = heck::ToKebabCase::to_kebab_case(crate::names::snake_name(title, "api").as_str());
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api-{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names() {
        assert_eq!(crate_name("Clerk Backend API"), "clerk-backend-api");
        assert_eq!(crate_name("GitHub v3 REST API"), "git-hub-v3-rest-api");
        assert_eq!(crate_name("3D printing"), "api-3d-printing");
        assert_eq!(crate_name(""), "api");
    }

    #[test]
    fn retry_extension() {
        let value = serde_json::json!({
            "strategy": "backoff",
            "backoff": {"initialInterval": 500, "maxInterval": 60000, "maxElapsedTime": 3600000, "exponent": 1.5},
            "statusCodes": ["5XX", 429],
            "retryConnectionErrors": true
        });
        let retry = parse_retry(&value).unwrap();
        assert_eq!(retry.statuses, vec![(500, 599), (429, 429)]);
        assert_eq!(retry.initial_interval_ms, 500);
        assert!(retry.connection_errors);
        assert!(parse_retry(&serde_json::json!({"strategy": "none"})).is_none());
        assert!(parse_retry(
            &serde_json::json!({"strategy": "backoff", "backoff": {}, "statusCodes": ["9XX"]})
        )
        .is_none());
    }
}
