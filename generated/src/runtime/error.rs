use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::RawResponse;

/// Everything that can go wrong with a call. `E` is the operation's own enum
/// of documented error responses.
///
/// Responses are boxed so that a `Result<_, Error<E>>` stays small on the
/// happy path.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error status the API documents for this
    /// operation; the body is decoded into the operation's error enum.
    Api(Box<ErrorResponse<E>>),
    /// The server answered with a status this operation does not document.
    /// Status, headers and raw body are kept.
    UnexpectedStatus(Box<RawResponse>),
    /// The server answered with a documented status, but the body did not
    /// decode into the documented type, and had no sensible reading (or
    /// deviated at all, with `Decoding::Strict`). The raw response is kept.
    Decode {
        /// The response whose body did not decode.
        response: Box<RawResponse>,
        /// What the decoder found wrong.
        source: serde_json::Error,
        /// The JSON pointer of the value that did not decode (`""`: the
        /// whole body).
        pointer: String,
    },
    /// No complete response arrived within the configured timeout, or the
    /// call's deadline passed (`with_deadline`).
    Timeout(reqwest::Error),
    /// The request could not be sent or the response could not be read
    /// (connection refused or reset, TLS, DNS, protocol errors).
    Transport(reqwest::Error),
    /// The request was refused before anything was sent, for the reason given.
    InvalidRequest(String),
    /// The response body was larger than the client accepts
    /// (`Client::with_max_response_size`), or one event of an event stream
    /// larger than `Client::with_max_event_size`; reading stopped at the limit.
    ResponseTooLarge {
        /// The HTTP status of the refused response.
        status: StatusCode,
        /// The limit in bytes.
        limit: usize,
    },
    /// Writing a streamed body to its destination failed
    /// (`ByteStream::write_to`).
    Io(std::io::Error),
    /// The server began its answer, but the body broke off before its end:
    /// the connection closed or was reset mid-way. A call that is safe to
    /// repeat was retried first (see `RetryPolicy`); this is what was left.
    /// From a stream (`ByteStream`, `EventStream`), the bytes or events
    /// already yielded are the start of the body and cannot be taken back:
    /// ask again for the whole, or, where the server takes ranges
    /// (`Accept-Ranges: bytes`), for the rest with `Range: bytes={received}-`.
    Interrupted {
        /// The HTTP status of the broken response.
        status: StatusCode,
        /// How many bytes of the body arrived.
        received: u64,
        /// The length the server announced (`Content-Length`), if it did.
        expected: Option<u64>,
        /// What the connection reported.
        source: reqwest::Error,
    },
}

/// What can go wrong before a response is in hand, whatever the operation:
/// the request could not be built or sent, or its answer could not be read.
///
/// The transport and the encoding helpers return this rather than `Error<E>`
/// so that their code is compiled once per crate instead of once per
/// operation's error type; `?` turns it into the `Error<E>` of the caller.
#[derive(Debug)]
pub(crate) enum Failure {
    /// See [`Error::Timeout`].
    Timeout(reqwest::Error),
    /// See [`Error::Transport`].
    Transport(reqwest::Error),
    /// See [`Error::InvalidRequest`].
    InvalidRequest(String),
    /// See [`Error::ResponseTooLarge`].
    ResponseTooLarge {
        /// The HTTP status of the refused response.
        status: StatusCode,
        /// The limit in bytes.
        limit: usize,
    },
    /// See [`Error::Interrupted`].
    Interrupted {
        status: StatusCode,
        received: u64,
        expected: Option<u64>,
        source: reqwest::Error,
    },
}

/// How far a failed attempt got, which decides whether sending it again
/// is safe (see `RetryPolicy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Nothing reached the server: no connection was made.
    None,
    /// The request may have reached the server, and been acted on, before
    /// the failure (a reset, a timeout, a body cut short).
    Maybe,
}

impl Failure {
    /// A reqwest error as ours: a timeout is told apart from other failures.
    #[inline]
    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            Failure::Timeout(error)
        } else {
            Failure::Transport(error)
        }
    }

    /// A body that broke off after `received` bytes, from the error that
    /// broke it: a timeout stays a timeout.
    #[inline]
    pub(crate) fn broken_body(
        error: reqwest::Error,
        status: StatusCode,
        received: u64,
        expected: Option<u64>,
    ) -> Self {
        if error.is_timeout() {
            Failure::Timeout(error)
        } else {
            Failure::Interrupted {
                status,
                received,
                expected,
                source: error,
            }
        }
    }

    /// For a failure of the network, how far the attempt got; `None` for
    /// one another attempt cannot mend (an invalid request, a body over
    /// the limit, a redirect loop).
    #[inline]
    pub(crate) fn reach(&self) -> Option<Reach> {
        match self {
            Failure::Transport(e) | Failure::Timeout(e) if refused(e) => Some(Reach::None),
            Failure::Timeout(_) | Failure::Interrupted { .. } => Some(Reach::Maybe),
            Failure::Transport(e) if e.is_request() || e.is_body() || e.is_decode() => {
                Some(Reach::Maybe)
            }
            _ => None,
        }
    }

    /// The network error behind the failure, if there is one.
    #[inline]
    pub(crate) fn network_error(&self) -> Option<&reqwest::Error> {
        match self {
            Failure::Transport(e) | Failure::Timeout(e) => Some(e),
            Failure::Interrupted { source, .. } => Some(source),
            Failure::InvalidRequest(_) | Failure::ResponseTooLarge { .. } => None,
        }
    }

    /// What went wrong, in a few words, for the `tracing` retry event.
    #[inline]
    pub(crate) fn cause(&self) -> &'static str {
        match self {
            Failure::Transport(e) if refused(e) => "connection failed",
            Failure::Transport(_) => "connection broken",
            Failure::Timeout(_) => "timeout",
            Failure::Interrupted { .. } => "body interrupted",
            Failure::InvalidRequest(_) => "invalid request",
            Failure::ResponseTooLarge { .. } => "response too large",
        }
    }
}

impl<E> From<Failure> for Error<E> {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Timeout(e) => Error::Timeout(e),
            Failure::Transport(e) => Error::Transport(e),
            Failure::InvalidRequest(reason) => Error::InvalidRequest(reason),
            Failure::ResponseTooLarge { status, limit } => {
                Error::ResponseTooLarge { status, limit }
            }
            Failure::Interrupted {
                status,
                received,
                expected,
                source,
            } => Error::Interrupted {
                status,
                received,
                expected,
                source,
            },
        }
    }
}

/// A documented error response: status, headers and decoded body.
#[derive(Debug, Clone)]
pub struct ErrorResponse<E> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body, as the operation's error enum.
    pub body: E,
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered at all.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(response) => Some(response.status),
            Error::UnexpectedStatus(response) | Error::Decode { response, .. } => {
                Some(response.status)
            }
            Error::ResponseTooLarge { status, .. } | Error::Interrupted { status, .. } => {
                Some(*status)
            }
            Error::Timeout(_) | Error::Transport(_) | Error::InvalidRequest(_) | Error::Io(_) => {
                None
            }
        }
    }

    /// The response headers, when the server answered at all.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(response) => Some(&response.headers),
            Error::UnexpectedStatus(response) | Error::Decode { response, .. } => {
                Some(&response.headers)
            }
            Error::Timeout(_)
            | Error::Transport(_)
            | Error::InvalidRequest(_)
            | Error::ResponseTooLarge { .. }
            | Error::Interrupted { .. }
            | Error::Io(_) => None,
        }
    }

    /// The operation's documented error, if that is what this is.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::Api(response) => Some(&response.body),
            _ => None,
        }
    }

    /// The undecoded response, when a body was kept because it was
    /// undocumented or did not decode.
    pub fn raw_response(&self) -> Option<&RawResponse> {
        match self {
            Error::UnexpectedStatus(response) | Error::Decode { response, .. } => Some(response),
            _ => None,
        }
    }
}

/// At most this much of a body goes into an error message.
const SNIPPET: usize = 200;

#[inline]
fn snippet(response: &RawResponse) -> String {
    let text = response.text_lossy();
    if text.is_empty() {
        return "empty body".to_string();
    }
    match text.char_indices().nth(SNIPPET) {
        Some((cut, _)) => format!("body starts {:?}…", &text[..cut]),
        None => format!("body {text:?}"),
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(response) => write!(f, "{}: {}", response.status, response.body),
            Error::UnexpectedStatus(response) => write!(
                f,
                "unexpected status {} ({})",
                response.status,
                snippet(response)
            ),
            Error::Decode {
                response,
                source,
                pointer,
            } => write!(
                f,
                "status {} but the body did not decode at `{pointer}`: {source} ({})",
                response.status,
                snippet(response)
            ),
            Error::Timeout(_) => f.write_str("the request timed out"),
            Error::Transport(source) => write!(f, "the request failed: {source}"),
            Error::InvalidRequest(reason) => write!(f, "invalid request: {reason}"),
            Error::ResponseTooLarge { status, limit } => write!(
                f,
                "status {status} but the body (or one event of a stream) is larger than the {limit}-byte limit"
            ),
            Error::Io(source) => write!(f, "writing the body failed: {source}"),
            Error::Interrupted {
                status,
                received,
                expected,
                source,
            } => {
                write!(f, "status {status} but the body broke off after {received} bytes")?;
                if let Some(expected) = expected {
                    write!(f, " of {expected}")?;
                }
                write!(f, ": {source}")
            }
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } => Some(source),
            Error::Timeout(source)
            | Error::Transport(source)
            | Error::Interrupted { source, .. } => Some(source),
            Error::Io(source) => Some(source),
            Error::Api(_)
            | Error::UnexpectedStatus(_)
            | Error::InvalidRequest(_)
            | Error::ResponseTooLarge { .. } => None,
        }
    }
}

/// Whether the connection was never made, so the request cannot have
/// reached the server. A JavaScript host's `fetch` does not say (`wasm32`):
/// its failures count as ones the server may have seen.
#[inline]
fn refused(error: &reqwest::Error) -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    return error.is_connect();
    #[cfg(target_arch = "wasm32")]
    {
        let _ = error;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn raw(body: &'static [u8]) -> RawResponse {
        RawResponse {
            status: StatusCode::BAD_GATEWAY,
            headers: HeaderMap::new(),
            body: Bytes::from_static(body),
        }
    }

    #[test]
    fn messages_keep_status_and_body() {
        let error: Error<String> = raw(b"<html>bad gateway</html>").unexpected();
        assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
        let message = error.to_string();
        assert!(message.contains("502"), "{message}");
        assert!(message.contains("<html>bad gateway</html>"), "{message}");
    }

    #[test]
    fn long_bodies_are_cut_on_a_char_boundary() {
        let body: &'static [u8] = "é".repeat(500).leak().as_bytes();
        let message = Error::<String>::UnexpectedStatus(Box::new(raw(body))).to_string();
        assert!(message.ends_with("…)"), "{message}");
        assert!(message.len() < 600);
    }

    #[test]
    fn decode_errors_keep_the_raw_body() {
        let error = raw(b"{\"trunc")
            .json::<serde_json::Value, String>()
            .unwrap_err();
        assert_eq!(
            error.raw_response().unwrap().body,
            Bytes::from_static(b"{\"trunc")
        );
        assert!(std::error::Error::source(&error).is_some());
    }
}
