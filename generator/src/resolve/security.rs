//! Security schemes and requirements: which credentials the client can
//! hold, and which each operation sends.

use std::collections::HashMap;

use openapiv3::{ReferenceOr, SecurityRequirement, SecurityScheme};

use super::Ctx;
use crate::diag::{push, Diagnostic};
use crate::ir::{ApiKeyLocation, Auth, ClientCredentials, Scheme};
use crate::names::{snake_name, Namespace};

/// The schemes the client holds credentials for, and where each is.
#[derive(Default)]
pub(super) struct Security {
    pub schemes: Vec<Scheme>,
    /// Scheme key → index; `None` for a key that names nothing usable.
    index: HashMap<String, Option<usize>>,
}

impl Security {
    /// A `security` list as alternatives of scheme indices sent together.
    /// An alternative naming a scheme the client cannot send is dropped
    /// (it can never be met); `{}` stays, as an empty alternative.
    pub fn requirements(&self, requirements: &[SecurityRequirement]) -> Vec<Vec<usize>> {
        requirements
            .iter()
            .filter_map(|requirement| {
                requirement
                    .keys()
                    .map(|key| self.index.get(key).copied().flatten())
                    .collect::<Option<Vec<usize>>>()
            })
            .collect()
    }
}

impl<'a> Ctx<'a> {
    /// Every scheme some requirement names, the first being the one
    /// `Client::new` takes: the first of the top-level `security`, or where
    /// there is none (FastAPI's output, Spotify's), of the first operation
    /// that requires one. Each gets a `Client` setter, claimed in
    /// `methods`.
    pub(super) fn security(&mut self, methods: &mut Namespace) -> Security {
        let api = self.api;
        // Every requirement, top level first, with where it is.
        let operations = api
            .paths
            .paths
            .iter()
            .filter_map(|(path, item)| Some((path, item.as_item()?)))
            .flat_map(|(path, item)| item.iter().map(move |(method, op)| (path, method, op)));
        let mut requirements: Vec<(&SecurityRequirement, String)> = api
            .security
            .iter()
            .flatten()
            .map(|requirement| (requirement, "/security".to_string()))
            .collect();
        for (path, method, op) in operations {
            let at = push(&push("/paths", path), method);
            requirements.extend(op.security.iter().flatten().map(|r| (r, at.clone())));
        }
        let mut security = Security::default();
        // The scopes a client-credentials token asks for: every one the
        // spec's requirements name for its scheme.
        let mut scopes: HashMap<&str, Vec<String>> = HashMap::new();
        for (requirement, at) in &requirements {
            for (key, wanted) in requirement.iter() {
                let list = scopes.entry(key.as_str()).or_default();
                for scope in wanted {
                    if !list.contains(scope) {
                        list.push(scope.clone());
                    }
                }
                if !security.index.contains_key(key) {
                    let index = self.scheme(key, at, methods).map(|scheme| {
                        security.schemes.push(scheme);
                        security.schemes.len() - 1
                    });
                    security.index.insert(key.to_string(), index);
                }
            }
        }
        for scheme in &mut security.schemes {
            if let Some(flow) = &mut scheme.client_credentials {
                flow.scopes = scopes.remove(scheme.key.as_str()).unwrap_or_default();
            }
        }
        security
    }

    /// One scheme, if the client can send it; one it cannot (unsupported,
    /// or named but not defined) is a warning and left out.
    fn scheme(&mut self, key: &str, at: &str, methods: &mut Namespace) -> Option<Scheme> {
        let pointer = push("/components/securitySchemes", key);
        let found = self
            .api
            .components
            .as_ref()
            .and_then(|c| c.security_schemes.get(key));
        let mut client_credentials = None;
        let auth = match found {
            Some(ReferenceOr::Item(SecurityScheme::HTTP {
                scheme,
                description,
                ..
            })) if scheme.eq_ignore_ascii_case("bearer") => Auth::Bearer {
                description: description.clone(),
            },
            Some(ReferenceOr::Item(SecurityScheme::HTTP {
                scheme,
                description,
                ..
            })) if scheme.eq_ignore_ascii_case("basic") => Auth::Basic {
                description: description.clone(),
            },
            Some(ReferenceOr::Item(SecurityScheme::APIKey {
                location,
                name,
                description,
                ..
            })) => Auth::ApiKey {
                location: match location {
                    openapiv3::APIKeyLocation::Header => ApiKeyLocation::Header,
                    openapiv3::APIKeyLocation::Query => ApiKeyLocation::Query,
                    openapiv3::APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                },
                name: name.clone(),
                description: description.clone(),
            },
            Some(ReferenceOr::Item(SecurityScheme::OAuth2 {
                description, flows, ..
            })) => {
                client_credentials =
                    flows
                        .client_credentials
                        .as_ref()
                        .map(|flow| ClientCredentials {
                            token_url: flow.token_url.clone(),
                            scopes: Vec::new(),
                            setter: String::new(),
                        });
                Auth::Bearer {
                    description: description.clone(),
                }
            }
            Some(ReferenceOr::Item(SecurityScheme::OpenIDConnect { description, .. })) => {
                Auth::Bearer {
                    description: description.clone(),
                }
            }
            Some(_) => {
                self.warn(
                    Diagnostic::warning(format!(
                        "security scheme `{key}` is not supported; requests that need it are sent without it"
                    ))
                    .at(pointer),
                );
                return None;
            }
            None => {
                self.warn(
                    Diagnostic::warning(format!(
                        "security requirement names `{key}`, which is not in `components.securitySchemes`; it is left out, and requests that need it are sent without it"
                    ))
                    .at(at),
                );
                return None;
            }
        };
        let name = snake_name(key, "scheme");
        let name = name.trim_start_matches("r#");
        if let Some(flow) = &mut client_credentials {
            flow.setter = methods.claim(format!("with_{name}_client_credentials"));
        }
        Some(Scheme {
            key: key.to_string(),
            auth,
            setter: methods.claim(format!("with_{name}")),
            client_credentials,
        })
    }
}
