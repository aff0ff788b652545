use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::StatusCode;

use super::clock::Instant;
use super::Failure;

/// How the client proves who it is, for one of the API's security schemes.
#[derive(Clone)]
pub(crate) enum Auth {
    /// No credentials.
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(String),
    /// `Authorization: Basic <base64(user:password)>`.
    Basic(String, String),
    /// An API key sent as the header with this name.
    ApiKeyHeader(String, String),
    /// An API key sent as the query parameter with this name.
    ApiKeyQuery(String, String),
    /// An API key sent as the cookie with this name.
    ApiKeyCookie(String, String),
    /// A bearer token obtained, and renewed before it expires, with the
    /// OAuth2 client-credentials grant.
    ClientCredentials(Arc<TokenSource>),
}

impl fmt::Debug for Auth {
    /// Never prints the secret: a `Debug` of the client ends up in logs.
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Auth::Basic(user, _) => write!(f, "Basic({user:?}, <redacted>)"),
            Auth::ApiKeyHeader(name, _) => write!(f, "ApiKeyHeader({name:?}, <redacted>)"),
            Auth::ApiKeyQuery(name, _) => write!(f, "ApiKeyQuery({name:?}, <redacted>)"),
            Auth::ApiKeyCookie(name, _) => write!(f, "ApiKeyCookie({name:?}, <redacted>)"),
            Auth::ClientCredentials(source) => {
                write!(
                    f,
                    "ClientCredentials({:?}, {:?}, <redacted>)",
                    source.token_url, source.client_id
                )
            }
        }
    }
}

impl Auth {
    /// An OAuth2 client-credentials grant against `token_url` (relative to
    /// the base URL when it is not absolute), asking for `scopes`.
    #[inline]
    pub(crate) fn client_credentials(
        token_url: &str,
        scopes: &str,
        client_id: String,
        client_secret: String,
    ) -> Self {
        Auth::ClientCredentials(Arc::new(TokenSource {
            token_url: token_url.to_string(),
            scopes: scopes.to_string(),
            client_id,
            client_secret,
            cached: Mutex::new(None),
        }))
    }
}

/// A credential as it goes on the wire.
#[derive(Clone)]
pub(crate) enum Credential {
    /// A header, its value marked sensitive.
    Header(HeaderName, HeaderValue),
    /// A query parameter.
    Query(String, String),
    /// One `name=value` pair of the `Cookie` header.
    Cookie(String),
}

/// A scheme's credentials, prepared once: what goes on the wire, or why
/// they cannot be sent (the call then fails with that reason), or a token
/// source asked on each call.
#[derive(Clone)]
pub(crate) enum Prepared {
    Ready(Credential),
    Invalid(String),
    Fetched(Arc<TokenSource>),
}

/// A header value holding a secret: marked sensitive, so it is never logged
/// (by `Debug`, or by HTTP/2 header compression).
#[inline]
fn secret(value: String) -> Result<HeaderValue, String> {
    // The secret itself is deliberately left out of the message.
    let mut value = HeaderValue::from_str(&value)
        .map_err(|_| "the credentials contain characters not allowed in a header".to_string())?;
    value.set_sensitive(true);
    Ok(value)
}

/// `auth` as it goes on the wire; `None` for no credentials.
#[inline]
pub(crate) fn prepare(auth: &Auth) -> Option<Prepared> {
    let ready = match auth {
        Auth::None => return None,
        Auth::ClientCredentials(source) => return Some(Prepared::Fetched(source.clone())),
        Auth::Bearer(token) => {
            secret(format!("Bearer {token}")).map(|v| Credential::Header(AUTHORIZATION, v))
        }
        Auth::Basic(user, password) => {
            let encoded = super::encode::base64(format!("{user}:{password}").as_bytes());
            secret(format!("Basic {encoded}")).map(|v| Credential::Header(AUTHORIZATION, v))
        }
        Auth::ApiKeyHeader(name, key) => HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("`{name}` is not a valid header name"))
            .and_then(|name| Ok(Credential::Header(name, secret(key.clone())?))),
        Auth::ApiKeyQuery(name, key) => Ok(Credential::Query(name.clone(), key.clone())),
        Auth::ApiKeyCookie(name, key) => Ok(Credential::Cookie(format!(
            "{name}={}",
            super::encode::cookie_value(key)
        ))),
    };
    Some(match ready {
        Ok(credential) => Prepared::Ready(credential),
        Err(reason) => Prepared::Invalid(reason),
    })
}

/// Tokens renewed this long before they expire, so that none expires on
/// its way to the server.
const EARLY: Duration = Duration::from_secs(30);

/// Where an OAuth2 client-credentials token comes from, and the last one.
pub(crate) struct TokenSource {
    token_url: String,
    scopes: String,
    client_id: String,
    client_secret: String,
    /// The `Authorization` value and when to renew it (`None`: when the
    /// server refuses it).
    cached: Mutex<Option<(HeaderValue, Option<Instant>)>>,
}

impl TokenSource {
    /// The current token, fetched when there is none or it is about to
    /// expire. Two calls that both find none may both fetch; either token
    /// is valid.
    #[inline]
    pub(crate) async fn header(
        &self,
        http: &reqwest::Client,
        base_url: &str,
    ) -> Result<HeaderValue, Failure> {
        if let Some((value, renew)) = &*self.lock() {
            if renew.is_none_or(|at| Instant::now() < at) {
                return Ok(value.clone());
            }
        }
        let (value, renew) = self.fetch(http, base_url).await?;
        *self.lock() = Some((value.clone(), renew));
        Ok(value)
    }

    /// Forgets the token (the server refused it): the next call fetches one.
    #[inline]
    pub(crate) fn forget(&self) {
        *self.lock() = None;
    }

    #[inline]
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(HeaderValue, Option<Instant>)>> {
        self.cached
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// RFC 6749 §4.4: a form POST, the client authenticated with HTTP basic.
    #[inline]
    async fn fetch(
        &self,
        http: &reqwest::Client,
        base_url: &str,
    ) -> Result<(HeaderValue, Option<Instant>), Failure> {
        let url = reqwest::Url::parse(&format!("{base_url}/"))
            .and_then(|base| base.join(&self.token_url))
            .map_err(|e| {
                Failure::InvalidRequest(format!("invalid token URL {:?}: {e}", self.token_url))
            })?;
        let mut form = vec![("grant_type", "client_credentials")];
        if !self.scopes.is_empty() {
            form.push(("scope", self.scopes.as_str()));
        }
        let response = http
            .post(url.clone())
            .basic_auth(&self.client_id, Some(&self.client_secret))
            .form(&form)
            .send()
            .await
            .map_err(Failure::from_reqwest)?;
        let status = response.status();
        let body = response.bytes().await.map_err(Failure::from_reqwest)?;
        let refused = |why: String| {
            Failure::InvalidRequest(format!("the OAuth2 token request to {url} failed: {why}"))
        };
        if status != StatusCode::OK {
            let text = String::from_utf8_lossy(&body);
            let text: String = text.chars().take(200).collect();
            return Err(refused(format!("status {status}, body {text:?}")));
        }
        #[derive(serde::Deserialize)]
        struct Token {
            access_token: String,
            expires_in: Option<u64>,
        }
        let token: Token = serde_json::from_slice(&body)
            .map_err(|e| refused(format!("the answer is not a token: {e}")))?;
        let value = secret(format!("Bearer {}", token.access_token)).map_err(refused)?;
        let renew = token
            .expires_in
            .map(|seconds| Instant::now() + Duration::from_secs(seconds).saturating_sub(EARLY));
        Ok((value, renew))
    }
}
