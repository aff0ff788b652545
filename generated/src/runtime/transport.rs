use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER, USER_AGENT,
};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;

use super::auth::{prepare, Auth, Credential, Prepared};
use super::clock::{self, Instant};
use super::retry::{idempotency_key, idempotent};
use super::upload::Sendable;
use super::{Failure, Hook, Opened, RawResponse, RetryPolicy, Upload};

/// Sent with every request so that API operators can tell clients apart.
const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Per-call overrides of the client's settings.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Replaces the client's timeout of each attempt for this call.
    pub timeout: Option<Duration>,
    /// Replaces the client's retry policy for this call.
    pub retry: Option<RetryPolicy>,
    /// Replaces the client's deadline for this call: how long it may take
    /// in all, every attempt and every wait between them included.
    pub deadline: Option<Duration>,
}

/// A response body larger than this is refused unless the client says
/// otherwise: a misbehaving server must not exhaust the caller's memory.
pub(crate) const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// The largest event an event stream accepts unless the client says
/// otherwise: the stream itself may never end, so its events are bounded.
pub(crate) const DEFAULT_MAX_EVENT_BYTES: usize = 16 * 1024 * 1024;

/// Which statuses' bodies are left on the wire for the caller to stream.
type Streamed = fn(StatusCode) -> bool;

/// What every operation shares: connection pool, base URL, credentials and
/// policies.
#[derive(Clone)]
pub(crate) struct Core {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    /// The base URL the client was made with: while `base_url` is still
    /// this, an operation with its own server (`Request::server`) goes
    /// there; a base URL the caller set (a proxy, a mock) takes them all.
    default_base_url: String,
    /// The credentials of each of the API's security schemes, by the
    /// scheme's index (the first is `Client::new`'s), with what they put on
    /// the wire built once rather than on every call.
    schemes: Vec<(Auth, Option<Prepared>)>,
    pub(crate) retry: RetryPolicy,
    /// The bound on each attempt.
    pub(crate) timeout: Option<Duration>,
    /// The bound on a whole call, its attempts and waits together.
    pub(crate) deadline: Option<Duration>,
    user_agent: String,
    /// `user_agent` as a header value; `None` when it is not a valid one.
    user_agent_header: Option<HeaderValue>,
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
    pub(crate) max_response_bytes: usize,
    pub(crate) max_event_bytes: usize,
    /// How bodies that differ from the API description are read.
    pub(crate) decoding: super::Decoding,
    /// Headers sent with every request (`Client::with_header`), unless the
    /// operation or the credentials set the same one; `Err` says why one
    /// cannot be sent (the call then fails with that reason).
    default_headers: Vec<(String, Result<(HeaderName, HeaderValue), String>)>,
}

impl fmt::Debug for Core {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field(
                "auth",
                &self
                    .schemes
                    .iter()
                    .map(|(auth, _)| auth)
                    .collect::<Vec<_>>(),
            )
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("user_agent", &self.user_agent)
            .field("hooks", &self.hooks.len())
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_event_bytes", &self.max_event_bytes)
            .field("decoding", &self.decoding)
            // Names only: a value may be a secret.
            .field(
                "default_headers",
                &self
                    .default_headers
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl Core {
    #[inline]
    pub(crate) fn new(base_url: &str, auth: Auth, retry: RetryPolicy) -> Self {
        let base_url = base_url.trim_end_matches('/').to_string();
        let mut core = Core {
            http: reqwest::Client::new(),
            default_base_url: base_url.clone(),
            base_url,
            schemes: vec![(auth.clone(), prepare(&auth))],
            retry,
            timeout: None,
            deadline: None,
            user_agent: String::new(),
            user_agent_header: None,
            hooks: Vec::new(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_event_bytes: DEFAULT_MAX_EVENT_BYTES,
            decoding: super::Decoding::Lenient,
            default_headers: Vec::new(),
        };
        core.set_user_agent(DEFAULT_USER_AGENT.to_string());
        core
    }

    /// Sets the credentials of the security scheme at `index` (see
    /// `Request::security`).
    #[inline]
    pub(crate) fn set_auth(&mut self, index: usize, auth: Auth) {
        if self.schemes.len() <= index {
            self.schemes.resize(index + 1, (Auth::None, None));
        }
        self.schemes[index] = (auth.clone(), prepare(&auth));
    }

    /// What `request` carries to prove who the client is: the credentials
    /// of the first of its alternatives whose schemes all have some (one
    /// with none at all, `{}`, only when no other can be met); nothing when
    /// none can be met, and the server answers as it does to anyone.
    #[inline]
    async fn credentials(&self, request: &Request) -> Result<Vec<Credential>, Failure> {
        if request.anonymous {
            return Ok(Vec::new());
        }
        let configured = |i: &usize| self.schemes.get(*i).is_some_and(|(_, p)| p.is_some());
        let chosen = request
            .security
            .unwrap_or(&[&[0]])
            .iter()
            .find(|alternative| !alternative.is_empty() && alternative.iter().all(configured))
            .copied()
            .unwrap_or(&[]);
        let mut out = Vec::with_capacity(chosen.len());
        for &i in chosen {
            match &self.schemes[i].1 {
                Some(Prepared::Ready(credential)) => out.push(credential.clone()),
                Some(Prepared::Invalid(reason)) => {
                    return Err(Failure::InvalidRequest(reason.clone()))
                }
                Some(Prepared::Fetched(source)) => {
                    let value = source.header(&self.http, &self.base_url).await?;
                    out.push(Credential::Header(AUTHORIZATION, value));
                }
                None => {}
            }
        }
        Ok(out)
    }

    /// The server refused the credentials: fetched tokens are fetched again
    /// next time.
    #[inline]
    fn refused(&self) {
        for (auth, _) in &self.schemes {
            if let Auth::ClientCredentials(source) = auth {
                source.forget();
            }
        }
    }

    /// Replaces the `User-Agent` sent with every request. An invalid value
    /// is kept and refused when a call is made, as `InvalidRequest`.
    #[inline]
    pub(crate) fn set_user_agent(&mut self, user_agent: String) {
        self.user_agent_header = HeaderValue::from_str(&user_agent).ok();
        self.user_agent = user_agent;
    }

    /// Sets a header sent with every request, replacing one of the same name
    /// (names compare without case). Values of headers whose name says they
    /// hold a secret (`Authorization`, `…-Key`, `…-Token`, `Cookie`) are
    /// marked sensitive. An invalid name or value is refused when a call is
    /// made, as `InvalidRequest`.
    #[inline]
    pub(crate) fn set_header(&mut self, name: &str, value: &str) {
        self.remove_header(name);
        let parsed = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("`{name}` is not a valid header name"))
            .and_then(|header| {
                let mut value = HeaderValue::from_str(value).map_err(|_| {
                    format!("the value of the `{name}` header is not a valid header value")
                })?;
                let lower = header.as_str();
                value.set_sensitive(
                    lower == "authorization"
                        || lower == "cookie"
                        || lower.ends_with("-key")
                        || lower.ends_with("-token")
                        || lower.ends_with("-secret"),
                );
                Ok((header, value))
            });
        self.default_headers.push((name.to_string(), parsed));
    }

    /// Stops sending a header set by `set_header`.
    #[inline]
    pub(crate) fn remove_header(&mut self, name: &str) {
        self.default_headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// Sends `request`, retrying as the policy says, and reads the whole body.
    ///
    /// Not generic over the operation's error type: this code (the largest
    /// part of the runtime) is compiled once, not once per operation.
    #[inline]
    pub(crate) async fn execute(
        &self,
        request: Request,
        options: &CallOptions,
    ) -> Result<RawResponse, Failure> {
        let (raw, _) = self.call(request, options, None).await?;
        Ok(raw)
    }

    /// Sends `request` as `execute` does, but leaves the body of a status
    /// `streamed` accepts on the wire for the caller to read as it arrives
    /// (any other status's body is read as usual).
    #[inline]
    pub(crate) async fn open(
        &self,
        request: Request,
        options: &CallOptions,
        streamed: Streamed,
    ) -> Result<Opened, Failure> {
        let operation = request.operation;
        let (head, body) = self.call(request, options, Some(streamed)).await?;
        Ok(Opened {
            head,
            body,
            max_event_bytes: self.max_event_bytes,
            decoding: self.decoding,
            operation,
        })
    }

    #[inline]
    async fn call(
        &self,
        request: Request,
        options: &CallOptions,
        streamed: Option<Streamed>,
    ) -> Result<(RawResponse, Option<reqwest::Response>), Failure> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            // One span per call; its fields are filled in as the call ends.
            // Header values, the filled-in path and the body are never recorded.
            let span = tracing::info_span!(
                "api_call",
                operation = request.operation,
                method = %request.method,
                path = request.template,
                attempts = tracing::field::Empty,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let result = self
                .run(request, options, streamed)
                .instrument(span.clone())
                .await;
            if let Ok((response, _)) = &result {
                span.record("status", response.status.as_u16());
            }
            span.record("elapsed_ms", started.elapsed().as_millis() as u64);
            result
        }
        #[cfg(not(feature = "tracing"))]
        self.run(request, options, streamed).await
    }

    #[inline]
    async fn run(
        &self,
        request: Request,
        options: &CallOptions,
        streamed: Option<Streamed>,
    ) -> Result<(RawResponse, Option<reqwest::Response>), Failure> {
        let policy = options.retry.as_ref().unwrap_or(&self.retry);
        let started = Instant::now();
        let deadline = options.deadline.or(self.deadline);
        let credentials = self.credentials(&request).await?;
        let timeout = options.timeout.or(self.timeout);
        let mut outgoing = self.prepare(&request, timeout, &credentials)?;
        let repeatable = request.repeatable();
        let mut retry = 0u32;
        loop {
            // Each attempt ends by the deadline at the latest.
            if let Some(deadline) = deadline {
                let left = deadline.saturating_sub(started.elapsed());
                *outgoing.timeout_mut() = Some(timeout.map_or(left, |t| t.min(left)));
            }
            // A copy is kept only while another attempt may follow: the last
            // attempt (the only one when retries are off) sends the original.
            let spare = if policy.may_retry(retry) {
                outgoing.try_clone()
            } else {
                None
            };
            #[cfg(feature = "tracing")]
            tracing::Span::current().record("attempts", retry + 1);
            let outcome = self
                .attempt(outgoing, request.body.as_ref(), streamed)
                .await;
            if matches!(&outcome, Ok((response, _)) if response.status == StatusCode::UNAUTHORIZED)
            {
                self.refused();
            }
            let Some(spare) = spare else {
                return outcome;
            };
            let retry_after = match &outcome {
                Ok((response, None)) if policy.retries_answer(response.status, repeatable) => {
                    retry_after(response.status, &response.headers)
                }
                Err(failure) if policy.retries_failure(failure.reach(), repeatable) => None,
                _ => return outcome,
            };
            retry += 1;
            let elapsed = started.elapsed();
            let wait = policy
                .delay(retry, elapsed, retry_after)
                .filter(|wait| deadline.is_none_or(|deadline| elapsed + *wait < deadline));
            let Some(wait) = wait else {
                return outcome;
            };
            #[cfg(feature = "tracing")]
            tracing::info!(
                retry,
                delay_ms = wait.as_millis() as u64,
                cause = %match &outcome {
                    Ok((response, _)) => format!("status {}", response.status.as_u16()),
                    Err(failure) => failure.cause().to_string(),
                },
                "retrying"
            );
            clock::sleep(wait).await;
            outgoing = spare;
        }
    }

    /// The request every attempt sends, apart from a multipart or streamed
    /// body (which is consumed when sent and so added by each attempt).
    #[inline]
    fn prepare(
        &self,
        request: &Request,
        timeout: Option<Duration>,
        credentials: &[Credential],
    ) -> Result<reqwest::Request, Failure> {
        let url = self.url(request, credentials)?;
        let mut outgoing = reqwest::Request::new(request.method.clone(), url);
        self.add_headers(outgoing.headers_mut(), request, credentials)?;
        if let Some(Payload::Bytes { bytes, .. }) = &request.body {
            *outgoing.body_mut() = Some(bytes.clone().into());
        }
        // Only when set: the timeout lives in the request's extensions, and
        // touching them allocates their map.
        if timeout.is_some() {
            *outgoing.timeout_mut() = timeout;
        }
        Ok(outgoing)
    }

    #[inline]
    async fn attempt(
        &self,
        mut outgoing: reqwest::Request,
        body: Option<&Payload>,
        streamed: Option<Streamed>,
    ) -> Result<(RawResponse, Option<reqwest::Response>), Failure> {
        #[cfg(feature = "multipart")]
        if let Some(Payload::Multipart(parts)) = body {
            outgoing = reqwest::RequestBuilder::from_parts(self.http.clone(), outgoing)
                .multipart(multipart_form(parts)?)
                .build()
                .map_err(|e| self.transport(e))?;
        }
        // A streamed body is taken by the attempt that sends it (`wasm32`
        // has none: its uploads are bytes, set with the request).
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(Payload::Stream { upload, .. }) = body {
            if let Sendable::Stream(body) = upload.take()? {
                *outgoing.body_mut() = Some(body);
            }
        }
        #[cfg(all(target_arch = "wasm32", not(feature = "multipart")))]
        let _ = body;
        for hook in &self.hooks {
            hook.before_request(&mut outgoing);
        }
        let (mut raw, stream) = match self.receive(outgoing, streamed).await {
            Ok(received) => received,
            Err(failure) => {
                if let Some(e) = failure.network_error() {
                    for hook in &self.hooks {
                        hook.on_error(e);
                    }
                }
                return Err(failure);
            }
        };
        for hook in &self.hooks {
            hook.after_response(&mut raw);
        }
        Ok((raw, stream))
    }

    /// Sends one request and reads its body, refusing bodies over the limit
    /// as they arrive rather than after buffering them. The body of a status
    /// `streamed` accepts is left unread and returned beside an empty one.
    #[inline]
    async fn receive(
        &self,
        outgoing: reqwest::Request,
        streamed: Option<Streamed>,
    ) -> Result<(RawResponse, Option<reqwest::Response>), Failure> {
        let mut response = self
            .http
            .execute(outgoing)
            .await
            .map_err(|e| self.transport(e))?;
        let status = response.status();
        // Taken, not cloned: the body is read without them.
        let headers = std::mem::take(response.headers_mut());
        if streamed.is_some_and(|streamed| streamed(status)) {
            let head = RawResponse {
                status,
                headers,
                body: Bytes::new(),
            };
            return Ok((head, Some(response)));
        }
        let limit = self.max_response_bytes;
        let too_large = || Failure::ResponseTooLarge { status, limit };
        let expected = response.content_length();
        if expected.is_some_and(|n| n > limit as u64) {
            return Err(too_large());
        }
        // The chunks are kept as they arrive (no copy) and joined once at the
        // end, in one buffer of the exact size; a body of one chunk (most
        // small answers) is never copied.
        let mut chunks = Vec::new();
        let mut size = 0;
        let broken =
            |e, size: usize| Failure::broken_body(self.hide_key(e), status, size as u64, expected);
        let mut body = std::pin::pin!(response.bytes_stream());
        while let Some(chunk) = body.next().await.transpose().map_err(|e| broken(e, size))? {
            size += chunk.len();
            if size > limit {
                return Err(too_large());
            }
            chunks.push(chunk);
        }
        let body = if chunks.len() == 1 {
            chunks.swap_remove(0)
        } else {
            Bytes::from(chunks.concat())
        };
        Ok((
            RawResponse {
                status,
                headers,
                body,
            },
            None,
        ))
    }

    #[inline]
    fn url(&self, request: &Request, credentials: &[Credential]) -> Result<Url, Failure> {
        if let Some(next) = &request.follow {
            return self.followed(next, credentials);
        }
        let base = match request.server {
            Some(server) if self.base_url == self.default_base_url => server,
            _ => &self.base_url,
        };
        let mut full = String::with_capacity(base.len() + request.path.len());
        full.push_str(base);
        full.push_str(&request.path);
        let mut url =
            Url::parse(&full).map_err(|e| Failure::InvalidRequest(format!("invalid URL: {e}")))?;
        let mut keys = credentials
            .iter()
            .filter_map(|c| match c {
                Credential::Query(name, key) => Some((name, key)),
                _ => None,
            })
            .peekable();
        // Only when there is something to add: asking for the pairs adds a
        // `?` to the URL.
        if !request.query.is_empty() || keys.peek().is_some() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
            for (name, key) in keys {
                pairs.append_pair(name, key);
            }
        }
        Ok(url)
    }

    /// A URL the server gave (a next page), made absolute against the base
    /// URL. The client's credentials go with every request, so a URL on
    /// another scheme, host or port is refused rather than sent to.
    #[inline]
    fn followed(&self, next: &str, credentials: &[Credential]) -> Result<Url, Failure> {
        let base = Url::parse(&format!("{}/", self.base_url))
            .map_err(|e| Failure::InvalidRequest(format!("invalid base URL: {e}")))?;
        let mut url = base
            .join(next)
            .map_err(|e| Failure::InvalidRequest(format!("invalid next page URL {next:?}: {e}")))?;
        if url.scheme() != base.scheme()
            || url.host_str() != base.host_str()
            || url.port_or_known_default() != base.port_or_known_default()
        {
            return Err(Failure::InvalidRequest(format!(
                "the next page's URL {url} is not on {}; it is not followed, since the request would carry the client's credentials",
                base.origin().ascii_serialization()
            )));
        }
        for credential in credentials {
            if let Credential::Query(name, key) = credential {
                if !url.query_pairs().any(|(n, _)| n == name.as_str()) {
                    url.query_pairs_mut().append_pair(name, key);
                }
            }
        }
        Ok(url)
    }

    #[inline]
    fn add_headers(
        &self,
        headers: &mut HeaderMap,
        request: &Request,
        credentials: &[Credential],
    ) -> Result<(), Failure> {
        let user_agent = self.user_agent_header.clone().ok_or_else(|| {
            Failure::InvalidRequest("the user agent is not a valid header value".into())
        })?;
        headers.insert(USER_AGENT, user_agent);
        let mut secret_cookies = Vec::new();
        for credential in credentials {
            match credential {
                Credential::Header(name, value) => {
                    headers.insert(name.clone(), value.clone());
                }
                Credential::Cookie(pair) => secret_cookies.push(pair.as_str()),
                Credential::Query(..) => {}
            }
        }
        match &request.body {
            Some(Payload::Bytes { content_type, .. }) => {
                headers.insert(CONTENT_TYPE, content_type.clone());
            }
            Some(Payload::Stream {
                upload,
                content_type,
            }) => {
                headers.insert(CONTENT_TYPE, content_type.clone());
                if let Some(length) = upload.length() {
                    headers.insert(reqwest::header::CONTENT_LENGTH, length.into());
                }
            }
            _ => {}
        }
        for (name, value) in &request.headers {
            headers.append(name.clone(), value.clone());
        }
        // Defaults go last and never replace what the call or the
        // credentials set.
        for (_, header) in &self.default_headers {
            match header {
                Ok((name, value)) => {
                    headers.entry(name.clone()).or_insert_with(|| value.clone());
                }
                Err(reason) => return Err(Failure::InvalidRequest(reason.clone())),
            }
        }
        if !request.cookies.is_empty() || !secret_cookies.is_empty() {
            let pairs: Vec<&str> = secret_cookies
                .iter()
                .copied()
                .chain(request.cookies.iter().map(String::as_str))
                .collect();
            let mut cookies = HeaderValue::from_str(&pairs.join("; "))
                .map_err(|_| Failure::InvalidRequest("invalid cookie parameters".into()))?;
            cookies.set_sensitive(!secret_cookies.is_empty());
            headers.insert(reqwest::header::COOKIE, cookies);
        }
        Ok(())
    }

    /// A reqwest error as ours. Its URL is dropped when it carries an API key.
    #[inline]
    fn transport(&self, error: reqwest::Error) -> Failure {
        Failure::from_reqwest(self.hide_key(error))
    }

    /// `error` without its URL when the URL carries an API key.
    #[inline]
    fn hide_key(&self, error: reqwest::Error) -> reqwest::Error {
        let key_in_url = self
            .schemes
            .iter()
            .any(|(auth, _)| matches!(auth, Auth::ApiKeyQuery(..)));
        if key_in_url {
            error.without_url()
        } else {
            error
        }
    }
}

/// Sends a request an operation built and decodes the answer with the
/// operation's `decode`: the one `await` of every operation's `send`,
/// written once so that the state machine is type-checked once, not once
/// per operation.
#[inline]
pub(crate) async fn send<T, E>(
    core: &Core,
    request: Result<Request, Failure>,
    options: CallOptions,
    decode: fn(RawResponse) -> Result<super::Response<T>, super::Error<E>>,
) -> Result<super::Response<T>, super::Error<E>> {
    let request = request?;
    let operation = request.operation;
    let response = core.execute(request, &options).await?;
    super::decode::during(core.decoding, operation, || decode(response))
}

/// The wait a 429 or 503 answer asks for, in whole seconds.
#[inline]
fn retry_after(status: StatusCode, headers: &HeaderMap) -> Option<Duration> {
    if status != StatusCode::TOO_MANY_REQUESTS && status != StatusCode::SERVICE_UNAVAILABLE {
        return None;
    }
    let seconds = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()?;
    Some(Duration::from_secs(seconds))
}

/// One request, before the client adds base URL, credentials and headers.
#[derive(Debug)]
pub(crate) struct Request {
    method: Method,
    path: String,
    /// The operation's id and path template, for the `tracing` span (never
    /// the filled-in path, whose ids may be personal data).
    operation: &'static str,
    template: &'static str,
    query: Vec<(String, String)>,
    headers: Vec<(reqwest::header::HeaderName, HeaderValue)>,
    cookies: Vec<String>,
    body: Option<Payload>,
    /// A page's URL given by the server (the next page of a list): requested
    /// as is instead of `path` and `query`, on the base URL's host only.
    follow: Option<String>,
    /// Sent without the client's credentials: the operation needs none
    /// (`security: []`, or no requirement anywhere).
    anonymous: bool,
    /// The operation's security requirements, as alternatives of scheme
    /// indices that go together; `None` is the first scheme alone.
    security: Option<&'static [&'static [usize]]>,
    /// The operation's own base URL (see `Core::default_base_url`).
    server: Option<&'static str>,
    /// Carries an idempotency key, so that sending it twice is safe.
    keyed: bool,
}

/// A request body, kept so that every attempt can send it again.
#[derive(Debug)]
enum Payload {
    Bytes {
        bytes: Bytes,
        content_type: HeaderValue,
    },
    /// A file or a stream: sent once, as it is read (no retry can send it
    /// again).
    Stream {
        upload: Upload,
        content_type: HeaderValue,
    },
    #[cfg(feature = "multipart")]
    Multipart(Vec<Part>),
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    /// A text field.
    Text(String, String),
    /// A file field: its name and content.
    File(String, Upload),
}

#[cfg(feature = "multipart")]
#[inline]
fn multipart_form(parts: &[Part]) -> Result<reqwest::multipart::Form, Failure> {
    let mut form = reqwest::multipart::Form::new();
    for part in parts {
        form = match part {
            Part::Text(name, value) => form.text(name.clone(), value.clone()),
            Part::File(name, upload) => {
                let file = match (upload.take()?, upload.length()) {
                    (Sendable::Bytes(bytes), _) => reqwest::multipart::Part::bytes(bytes.to_vec()),
                    #[cfg(not(target_arch = "wasm32"))]
                    (Sendable::Stream(body), Some(length)) => {
                        reqwest::multipart::Part::stream_with_length(body, length)
                    }
                    #[cfg(not(target_arch = "wasm32"))]
                    (Sendable::Stream(body), None) => reqwest::multipart::Part::stream(body),
                };
                let file_name = upload.file_name().unwrap_or(name).to_string();
                form.part(name.clone(), file.file_name(file_name))
            }
        };
    }
    Ok(form)
}

impl Request {
    /// What a stand-in compares a received request with (`stubs`): the
    /// method, encoded path, query pairs, the operation's own headers, and
    /// the body when it is held whole.
    #[cfg(all(feature = "stubs", not(target_arch = "wasm32")))]
    #[inline]
    pub(crate) fn into_expected(self) -> super::stubs::Expected {
        super::stubs::Expected {
            method: self.method,
            path: self.path,
            query: self.query,
            headers: self.headers,
            body: match self.body {
                Some(Payload::Bytes { bytes, .. }) => Some(bytes),
                _ => None,
            },
        }
    }

    /// `path` must already be percent-encoded (see `path_segment`).
    #[inline]
    pub(crate) fn new(
        method: Method,
        path: String,
        operation: &'static str,
        template: &'static str,
    ) -> Self {
        Request {
            method,
            path,
            operation,
            template,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            follow: None,
            anonymous: false,
            security: None,
            server: None,
            keyed: false,
        }
    }

    /// Whether sending the request twice does what sending it once does:
    /// its method is idempotent, or it carries an idempotency key.
    #[inline]
    pub(crate) fn repeatable(&self) -> bool {
        self.keyed || idempotent(&self.method)
    }

    /// Sends an idempotency key in header `name`: the one a parameter set,
    /// else a new random one. It is made once per call, so every attempt of
    /// the call carries the same key, and the server acts on it once.
    #[inline]
    pub(crate) fn idempotency_key(&mut self, name: &'static str) -> Result<(), Failure> {
        let set = self
            .headers
            .iter()
            .any(|(header, _)| header.as_str().eq_ignore_ascii_case(name));
        if !set {
            self.header(name, &idempotency_key())?;
        }
        self.keyed = true;
        Ok(())
    }

    /// Sends no credentials: the operation needs none, and a token is not
    /// given to an endpoint that does not ask for it.
    #[inline]
    pub(crate) fn anonymous(&mut self) {
        self.anonymous = true;
    }

    /// Sends the credentials of the first of `alternatives` the client has
    /// all of (each is a list of scheme indices sent together).
    #[inline]
    pub(crate) fn security(&mut self, alternatives: &'static [&'static [usize]]) {
        self.security = Some(alternatives);
    }

    /// The operation's own server, used while the client's base URL is
    /// the one it was made with.
    #[inline]
    pub(crate) fn server(&mut self, url: &'static str) {
        self.server = Some(url);
    }

    /// Requests `url` (absolute, or relative to the base URL) instead of
    /// the path and query, when set: the next page a server pointed to.
    #[inline]
    pub(crate) fn follow(&mut self, url: Option<String>) {
        self.follow = url;
    }

    /// A query parameter whose text is already known.
    #[inline]
    pub(crate) fn query(&mut self, name: &str, value: String) {
        self.query.push((name.to_string(), value));
    }

    /// Adds `name=value` when an optional parameter is set.
    pub(crate) fn query_opt(&mut self, name: &str, value: &Option<impl fmt::Display>) {
        if let Some(value) = value {
            self.query(name, value.to_string());
        }
    }

    /// A query parameter written in `style` (arrays, objects, deepObject).
    pub(crate) fn query_styled(
        &mut self,
        name: &str,
        value: &impl Serialize,
        style: super::Style,
    ) -> Result<(), Failure> {
        self.query
            .extend(super::encode::query_pairs(name, value, style)?);
        Ok(())
    }

    /// A header parameter. Values with CR, LF or other bytes not allowed in a
    /// header are refused before anything is sent: they could smuggle headers.
    #[inline]
    pub(crate) fn header(&mut self, name: &str, value: &str) -> Result<(), Failure> {
        let header = reqwest::header::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Failure::InvalidRequest(format!("`{name}` is not a valid header name")))?;
        let value = HeaderValue::from_str(value).map_err(|_| {
            Failure::InvalidRequest(format!(
                "header parameter `{name}` contains characters not allowed in a header (such as CR or LF)"
            ))
        })?;
        self.headers.push((header, value));
        Ok(())
    }

    /// A cookie parameter; the value is percent-encoded so it cannot end the
    /// cookie or add another.
    #[inline]
    pub(crate) fn cookie(&mut self, name: &str, value: &str) {
        let value = super::encode::cookie_value(value);
        self.cookies.push(format!("{name}={value}"));
    }

    pub(crate) fn json<T: Serialize>(&mut self, body: &T) -> Result<(), Failure> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Failure::InvalidRequest(format!("the body could not be encoded as JSON: {e}"))
        })?;
        self.raw(bytes, "application/json")
    }

    /// An `application/x-www-form-urlencoded` body from an object's properties.
    pub(crate) fn form<T: Serialize>(&mut self, body: &T) -> Result<(), Failure> {
        let pairs = super::encode::query_pairs("body", body, super::Style::Flat)?;
        let mut form = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &pairs {
            form.append_pair(name, value);
        }
        self.raw(
            form.finish().into_bytes(),
            "application/x-www-form-urlencoded",
        )
    }

    /// A body sent as is, with its media type.
    pub(crate) fn raw(
        &mut self,
        bytes: impl Into<Bytes>,
        content_type: &str,
    ) -> Result<(), Failure> {
        let content_type = HeaderValue::from_str(content_type).map_err(|_| {
            Failure::InvalidRequest(format!("invalid content type {content_type:?}"))
        })?;
        self.body = Some(Payload::Bytes {
            bytes: bytes.into(),
            content_type,
        });
        Ok(())
    }

    /// A binary body: bytes (sent again on a retry), or a file or stream
    /// (sent once, as it is read).
    #[inline]
    pub(crate) fn upload(&mut self, upload: &Upload, content_type: &str) -> Result<(), Failure> {
        if let Some(bytes) = upload.in_memory() {
            return self.raw(bytes, content_type);
        }
        let content_type = HeaderValue::from_str(content_type).map_err(|_| {
            Failure::InvalidRequest(format!("invalid content type {content_type:?}"))
        })?;
        // The attempt that sends it takes the stream.
        self.body = Some(Payload::Stream {
            upload: upload.clone(),
            content_type,
        });
        Ok(())
    }

    /// A `multipart/form-data` body.
    #[cfg(feature = "multipart")]
    #[inline]
    pub(crate) fn multipart(&mut self, parts: Vec<Part>) {
        self.body = Some(Payload::Multipart(parts));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The credentials `core` gives `request` (none of these fetch a token).
    fn credentials(core: &Core, request: &Request) -> Vec<Credential> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(core.credentials(request)).unwrap()
    }

    fn headers(core: &Core, request: &Request) -> HeaderMap {
        let mut headers = HeaderMap::new();
        core.add_headers(&mut headers, request, &credentials(core, request))
            .unwrap();
        headers
    }

    fn url(core: &Core, request: &Request) -> String {
        core.url(request, &credentials(core, request))
            .unwrap()
            .to_string()
    }

    /// Alternatives are tried in order, and the first the client has every
    /// scheme of is sent, all of its schemes together; `{}` only when no
    /// other can be met.
    #[test]
    fn security_alternatives_and_combinations() {
        let mut core = Core::new("http://h", Auth::Bearer("t0".into()), RetryPolicy::none());
        core.set_auth(2, Auth::ApiKeyHeader("x-key".into(), "k2".into()));
        core.set_auth(3, Auth::ApiKeyQuery("key".into(), "k3".into()));
        let mut request = Request::new(Method::GET, "/".into(), "test", "/");
        // Scheme 1 is not set: the second alternative (2 and 3 together).
        request.security(&[&[1], &[2, 3], &[0]]);
        let sent = headers(&core, &request);
        assert_eq!(sent["x-key"], "k2");
        assert!(!sent.contains_key("authorization"));
        assert_eq!(url(&core, &request), "http://h/?key=k3");
        // Optional credentials: sent when the client has them.
        request.security(&[&[], &[0]]);
        assert_eq!(headers(&core, &request)["authorization"], "Bearer t0");
        // None can be met: nothing is sent.
        request.security(&[&[1], &[1, 2]]);
        assert!(credentials(&core, &request).is_empty());
        // Two cookie schemes share the one header, beside cookie parameters.
        core.set_auth(4, Auth::ApiKeyCookie("a".into(), "1".into()));
        core.set_auth(5, Auth::ApiKeyCookie("b".into(), "2".into()));
        request.security(&[&[4, 5]]);
        request.cookie("c", "3");
        let sent = headers(&core, &request);
        assert_eq!(sent["cookie"], "a=1; b=2; c=3");
        assert!(sent["cookie"].is_sensitive());
    }

    #[test]
    fn debug_never_shows_the_token() {
        let core = Core::new(
            "https://api.example.com/v1/",
            Auth::Bearer("sk_live_secret".into()),
            RetryPolicy::none(),
        );
        let debug = format!("{core:?}");
        assert!(!debug.contains("sk_live_secret"), "{debug}");
        assert!(debug.contains("<redacted>"));
        assert_eq!(core.base_url, "https://api.example.com/v1");
    }

    #[test]
    fn every_scheme_sends_its_credentials_and_hides_them() {
        let request = Request::new(Method::GET, "/".into(), "test", "/");
        let cases = [
            (
                Auth::Basic("ada".into(), "s3cret".into()),
                "authorization",
                "Basic YWRhOnMzY3JldA==",
            ),
            (
                Auth::ApiKeyHeader("x-api-key".into(), "s3cret".into()),
                "x-api-key",
                "s3cret",
            ),
            (
                Auth::ApiKeyCookie("sid".into(), "s3cret".into()),
                "cookie",
                "sid=s3cret",
            ),
        ];
        for (auth, header, value) in cases {
            let core = Core::new("http://h", auth, RetryPolicy::none());
            assert!(!format!("{core:?}").contains("s3cret"));
            let headers = headers(&core, &request);
            assert_eq!(headers[header], value);
            assert!(headers[header].is_sensitive());
        }
        let core = Core::new(
            "http://h",
            Auth::ApiKeyQuery("key".into(), "s3cret".into()),
            RetryPolicy::none(),
        );
        assert_eq!(url(&core, &request), "http://h/?key=s3cret");
        assert!(!format!("{core:?}").contains("s3cret"));
    }

    #[test]
    fn urls_join_base_path_and_query() {
        let core = Core::new(
            "http://127.0.0.1:1/v1",
            Auth::Bearer("t".into()),
            RetryPolicy::none(),
        );
        let mut request = Request::new(Method::GET, "/a%2Fb/c".into(), "test", "/");
        request.query("q", "x y&z".to_string());
        request.query("limit", 5.to_string());
        request.query_opt("offset", &Some(10));
        request.query_opt("unset", &None::<i64>);
        request
            .query_styled("ids", &vec![1, 2], super::super::Style::Repeat)
            .unwrap();
        assert_eq!(
            url(&core, &request),
            "http://127.0.0.1:1/v1/a%2Fb/c?q=x+y%26z&limit=5&offset=10&ids=1&ids=2"
        );
    }

    #[test]
    fn form_bodies_are_urlencoded() {
        let mut request = Request::new(Method::POST, "/".into(), "test", "/");
        request
            .form(&serde_json::json!({"a": "x y", "b": 1, "skip": null}))
            .unwrap();
        let Some(Payload::Bytes {
            bytes,
            content_type,
        }) = &request.body
        else {
            panic!("no body")
        };
        assert_eq!(&bytes[..], b"a=x+y&b=1");
        assert_eq!(content_type, "application/x-www-form-urlencoded");
    }

    #[test]
    fn header_values_cannot_smuggle_headers() {
        let mut request = Request::new(Method::GET, "/".into(), "test", "/");
        assert!(request.header("x-id", "a\r\nx-evil: 1").is_err());
        assert!(request.header("bad name", "v").is_err());
        request.header("x-id", "fine").unwrap();
        request.cookie("session", "a; b=c");
        let core = Core::new("http://h", Auth::None, RetryPolicy::none());
        let headers = headers(&core, &request);
        assert_eq!(headers["x-id"], "fine");
        assert_eq!(headers["cookie"], "session=a%3B%20b%3Dc");
    }

    /// An operation's own server is used until the caller sets a base URL.
    #[test]
    fn operation_servers_yield_to_a_base_url_the_caller_sets() {
        let mut core = Core::new(
            "https://api.example.com/v1",
            Auth::None,
            RetryPolicy::none(),
        );
        let mut request = Request::new(Method::GET, "/files".into(), "test", "/files");
        request.server("https://upload.example.com/v2");
        assert_eq!(url(&core, &request), "https://upload.example.com/v2/files");
        core.base_url = "http://127.0.0.1:9".into();
        assert_eq!(url(&core, &request), "http://127.0.0.1:9/files");
    }

    /// A multipart body is consumed when sent, so each attempt must build
    /// it again: a 503 and then a 200 from a local server, both requests
    /// carrying the whole form.
    #[cfg(feature = "multipart")]
    #[tokio::test]
    async fn multipart_bodies_are_sent_again_on_retry() {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let mut seen = Vec::new();
            for status in ["503 Service Unavailable", "200 OK"] {
                let (mut socket, _) = listener.accept().unwrap();
                // A request without the form would otherwise hang the test.
                socket
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                let mut request = Vec::new();
                let mut chunk = [0u8; 4096];
                // The form ends with its closing boundary, `--BOUNDARY--\r\n`.
                while !request.windows(4).any(|w| w == b"--\r\n") {
                    let n = socket.read(&mut chunk).unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    request.extend_from_slice(&chunk[..n]);
                }
                seen.push(String::from_utf8_lossy(&request).into_owned());
                let answer =
                    format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
                socket.write_all(answer.as_bytes()).unwrap();
            }
            seen
        });
        let retry =
            RetryPolicy::backoff(Duration::ZERO, Duration::ZERO, 1.0, Duration::from_secs(10))
                .retry_statuses(503..=503);
        let core = Core::new(&format!("http://{addr}"), Auth::None, retry);
        let mut request = Request::new(Method::POST, "/upload".into(), "test", "/");
        request.multipart(vec![
            Part::Text("note".into(), "hello".into()),
            Part::File("file".into(), Upload::from(b"file bytes".to_vec())),
        ]);
        let response = core
            .execute(request, &CallOptions::default())
            .await
            .unwrap();
        assert_eq!(response.status, StatusCode::OK);
        let seen = server.join().unwrap();
        assert_eq!(seen.len(), 2);
        for request in &seen {
            assert!(
                request.contains("multipart/form-data; boundary="),
                "{request}"
            );
            assert!(request.contains("name=\"note\"\r\n\r\nhello"), "{request}");
            assert!(request.contains("file bytes"), "{request}");
        }
    }

    #[test]
    fn retry_after_only_on_429_and_503() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("2"));
        assert_eq!(
            retry_after(StatusCode::TOO_MANY_REQUESTS, &headers),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            retry_after(StatusCode::SERVICE_UNAVAILABLE, &headers),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            retry_after(StatusCode::INTERNAL_SERVER_ERROR, &headers),
            None
        );
    }
}
