use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::decode::{read_current, DecodeError};
use super::{Error, ErrorResponse};

/// A successful response: the decoded body together with the HTTP status and
/// headers it came with (Clerk's trace and rate-limit headers, for example).
///
/// It dereferences to the body, so `response.data` reads a field directly.
#[derive(Debug, Clone)]
pub struct Response<T> {
    // Odd names on purpose: field access such as `response.status` must
    // reach the body's field through `Deref`, so these private fields must
    // not share a name with any field an API is likely to have.
    status_: StatusCode,
    headers_: HeaderMap,
    body_: T,
}

impl<T> Response<T> {
    /// A response from its parts (for tests and hooks that build responses).
    pub fn from_parts(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Response {
            status_: status,
            headers_: headers,
            body_: body,
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status_
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers_
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body_
    }

    /// The decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body_
    }

    /// The same response with its body transformed (used to wrap a body in an
    /// operation's success enum).
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status_: self.status_,
            headers_: self.headers_,
            body_: f(self.body_),
        }
    }

    /// Status, headers and body, by value.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status_, self.headers_, self.body_)
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body_
    }
}

/// A response as it came off the wire: status, headers and the undecoded body.
///
/// Errors keep it whole so nothing the server said is lost.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body bytes, exactly as received.
    pub body: Bytes,
}

impl RawResponse {
    /// The body as text, with invalid UTF-8 replaced, for messages and logs.
    #[inline]
    pub fn text_lossy(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Decodes a documented success body (see `Decoding`).
    pub(crate) fn json<T: DeserializeOwned, E>(self) -> Result<Response<T>, Error<E>> {
        match read_current(&self.body) {
            Ok(body) => Ok(Response {
                status_: self.status,
                headers_: self.headers,
                body_: body,
            }),
            Err(DecodeError { pointer, source }) => Err(Error::Decode {
                response: Box::new(self),
                source,
                pointer,
            }),
        }
    }

    /// A documented `text/*` success body; invalid UTF-8 is a decode error.
    pub(crate) fn text<E>(self) -> Result<Response<String>, Error<E>> {
        match String::from_utf8(self.body.to_vec()) {
            Ok(text) => Ok(Response {
                status_: self.status,
                headers_: self.headers,
                body_: text,
            }),
            Err(e) => Err(Error::Decode {
                source: serde::de::Error::custom(format!("the text body is not UTF-8: {e}")),
                response: Box::new(self),
                pointer: String::new(),
            }),
        }
    }

    /// A documented success body that is not text or JSON: the bytes as received.
    pub(crate) fn bytes<E>(self) -> Result<Response<Bytes>, Error<E>> {
        Ok(Response {
            status_: self.status,
            headers_: self.headers,
            body_: self.body,
        })
    }

    /// A documented error status whose body is text.
    pub(crate) fn text_error<E>(self, variant: impl FnOnce(String) -> E) -> Error<E> {
        match self.text::<E>() {
            Ok(response) => {
                let (status, headers, body) = response.into_parts();
                Error::Api(Box::new(ErrorResponse {
                    status,
                    headers,
                    body: variant(body),
                }))
            }
            Err(error) => error,
        }
    }

    /// A documented error status whose body is kept as bytes.
    pub(crate) fn bytes_error<E>(self, variant: impl FnOnce(Bytes) -> E) -> Error<E> {
        Error::Api(Box::new(ErrorResponse {
            status: self.status,
            headers: self.headers,
            body: variant(self.body),
        }))
    }

    /// A documented success without a body worth decoding.
    pub(crate) fn empty<E>(self) -> Result<Response<()>, Error<E>> {
        Ok(Response {
            status_: self.status,
            headers_: self.headers,
            body_: (),
        })
    }

    /// Decodes a documented error body and wraps it with `variant`.
    pub(crate) fn json_error<B: DeserializeOwned, E>(
        self,
        variant: impl FnOnce(B) -> E,
    ) -> Error<E> {
        match read_current(&self.body) {
            Ok(body) => Error::Api(Box::new(ErrorResponse {
                status: self.status,
                headers: self.headers,
                body: variant(body),
            })),
            Err(DecodeError { pointer, source }) => Error::Decode {
                response: Box::new(self),
                source,
                pointer,
            },
        }
    }

    /// A documented error status without a documented body.
    pub(crate) fn bodiless_error<E>(self, body: E) -> Error<E> {
        Error::Api(Box::new(ErrorResponse {
            status: self.status,
            headers: self.headers,
            body,
        }))
    }

    /// A status the operation does not document.
    pub(crate) fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus(Box::new(self))
    }
}
