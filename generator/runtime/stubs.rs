//! Typed stand-ins for the API in a user's tests (the `stubs` feature): a
//! local mock server (wiremock's) that answers a call with a generated model
//! or a documented error, matched on what the client itself would send.
//!
//! A stub is made from the operation's own builder, so it names the
//! operation's parameters and body with the generated types, and what it
//! expects is what `send` would put on the wire (the same path encoding,
//! query serialization and body bytes): a stub the client could never hit
//! cannot be written. Its answer is the operation's success type or error
//! enum, which the client decodes back.

use std::marker::PhantomData;

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use serde::Serialize;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{Failure, Request};

/// An operation's builder that can be stubbed: what it sends, and how its
/// answers and documented errors are written on the wire.
pub trait Stubbed {
    /// What `send().await` gives in `Response<_>` on success.
    type Answer;
    /// The operation's documented error enum.
    type Failure: CannedFailure;
    #[doc(hidden)]
    fn expected(&self) -> Expectation;
    #[doc(hidden)]
    fn answer(answer: Self::Answer) -> Canned;
}

/// A documented error enum, as a stand-in writes it on the wire: one impl
/// per enum, which every operation answering with it shares.
#[doc(hidden)]
pub trait CannedFailure {
    fn canned(self) -> Canned;
}

/// What a stub matches: what the call would send.
#[doc(hidden)]
#[derive(Debug)]
pub struct Expectation(Result<Expected, String>);

impl Expectation {
    /// The request a builder would send, or why it could not be sent.
    #[inline]
    pub(crate) fn of(request: Result<Request, Failure>) -> Self {
        Expectation(
            request
                .map(Request::into_expected)
                .map_err(|failure| format!("{failure:?}")),
        )
    }
}

/// A response as the stand-in sends it.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Canned {
    status: u16,
    body: Bytes,
    content_type: Option<&'static str>,
}

impl Canned {
    /// `value` as JSON.
    #[inline]
    pub fn json<T: Serialize>(status: u16, value: &T) -> Self {
        Canned {
            status,
            // A generated model always serializes; a failure would be a bug
            // of the generator, shown as an empty body the client reports.
            body: serde_json::to_vec(value)
                .map(Bytes::from)
                .unwrap_or_default(),
            content_type: Some("application/json"),
        }
    }

    #[inline]
    pub fn text(status: u16, text: String) -> Self {
        Canned {
            status,
            body: Bytes::from(text),
            content_type: Some("text/plain"),
        }
    }

    #[inline]
    pub fn bytes(status: u16, bytes: Bytes) -> Self {
        Canned {
            status,
            body: bytes,
            content_type: Some("application/octet-stream"),
        }
    }

    #[inline]
    pub fn empty(status: u16) -> Self {
        Canned {
            status,
            body: Bytes::new(),
            content_type: None,
        }
    }

    #[inline]
    fn template(&self) -> ResponseTemplate {
        let template = ResponseTemplate::new(self.status);
        match self.content_type {
            Some(kind) => template.set_body_raw(self.body.to_vec(), kind),
            None => template,
        }
    }
}

/// A local server standing in for the API: give its [`url`](Self::url) to
/// the client (`Client::with_base_url`), stub the calls the code under test
/// makes with [`on`](Self::on), and check with [`verify`](Self::verify)
/// that each stub was called as often as it said. A call no stub matches
/// is answered with status [`StubServer::UNMATCHED`], which the client
/// reports as `Error::UnexpectedStatus`.
pub struct StubServer {
    server: MockServer,
}

impl StubServer {
    /// The status of the answer to a call no stub matches: outside every
    /// range an API can document (`1XX` to `5XX`), so never mistaken for
    /// one of its errors. Its body says which request it was.
    pub const UNMATCHED: u16 = 999;

    /// Starts the server on a free port of `127.0.0.1`; it stops when
    /// dropped. Needs a tokio runtime (`#[tokio::test]`).
    #[inline]
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(|request: &wiremock::Request| {
                ResponseTemplate::new(Self::UNMATCHED).set_body_string(format!(
                    "no stub matches {} {}",
                    request.method,
                    request.url.path()
                ))
            })
            .with_priority(u8::MAX)
            .mount(&server)
            .await;
        StubServer { server }
    }

    /// The base URL to give the client.
    #[inline]
    pub fn url(&self) -> String {
        self.server.uri()
    }

    /// A stub for the request `call` would send: its method and path, the
    /// query parameters and headers it sets, and its body (compared as
    /// bytes; a multipart or streamed body is not compared). Build `call`
    /// as the code under test does, from any client: nothing is sent.
    #[inline]
    pub fn on<C: Stubbed>(&self, call: C) -> Stub<'_, C> {
        Stub {
            server: self,
            expected: call.expected(),
            times: None,
            call: PhantomData,
        }
    }

    /// Panics unless every stub made with [`Stub::times`] was called that
    /// many times (as dropping the server does).
    #[inline]
    pub async fn verify(&self) {
        self.server.verify().await;
    }

    /// Every request the server received, in order.
    #[inline]
    pub async fn received(&self) -> Vec<wiremock::Request> {
        self.server.received_requests().await.unwrap_or_default()
    }
}

/// One operation's stub, answered with [`answer`](Self::answer) or
/// [`fail`](Self::fail).
#[must_use = "a stub does nothing until it is answered (`answer` or `fail`, awaited)"]
pub struct Stub<'s, C: Stubbed> {
    server: &'s StubServer,
    expected: Expectation,
    times: Option<u64>,
    call: PhantomData<fn() -> C>,
}

impl<C: Stubbed> Stub<'_, C> {
    /// Expects exactly `times` matching calls (checked by
    /// [`StubServer::verify`], and when the server is dropped).
    #[inline]
    pub fn times(mut self, times: u64) -> Self {
        self.times = Some(times);
        self
    }

    /// Answers matching calls with `answer`, under the operation's first
    /// documented success status.
    pub async fn answer(self, answer: C::Answer) {
        self.mount(C::answer(answer)).await;
    }

    /// Answers matching calls with a documented error, under its status
    /// (for a range such as `4XX`, its first: 400).
    pub async fn fail(self, failure: C::Failure) {
        self.mount(failure.canned()).await;
    }

    async fn mount(self, canned: Canned) {
        let expected = match self.expected.0 {
            Ok(expected) => expected,
            // The call could not be sent either (an invalid header value):
            // a stub for it is a mistake in the test.
            Err(failure) => panic!("this call cannot be stubbed: {failure}"),
        };
        let mut mock = Mock::given(expected).respond_with(canned.template());
        if let Some(times) = self.times {
            mock = mock.expect(times);
        }
        mock.mount(&self.server.server).await;
    }
}

/// What a matching request has: what the call would send (made by
/// `Request::into_expected`).
#[derive(Debug)]
pub(crate) struct Expected {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Option<Bytes>,
}

impl wiremock::Match for Expected {
    #[inline]
    fn matches(&self, request: &wiremock::Request) -> bool {
        if request.method.as_str() != self.method.as_str() || request.url.path() != self.path {
            return false;
        }
        let sent: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let query = self.query.iter().all(|pair| sent.contains(pair));
        let headers = self.headers.iter().all(|(name, value)| {
            request
                .headers
                .get_all(name.as_str())
                .iter()
                .any(|v| v.as_bytes() == value.as_bytes())
        });
        let body = self
            .body
            .as_ref()
            .is_none_or(|b| request.body == b.as_ref());
        query && headers && body
    }
}
