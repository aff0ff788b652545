use std::sync::Arc;

use super::RawResponse;

/// Observes or changes every request and response of a client: logging,
/// tracing, metrics, extra headers. Install with `Client::with_hook`.
///
/// Hooks run on every attempt, retries included, in the order they were
/// added. Both methods do nothing by default, so a hook implements only what
/// it needs. The `Authorization` header of a request is marked sensitive, so
/// `Debug` output of the request does not show the token.
pub trait Hook: Send + Sync {
    /// Called just before an attempt is sent; may change the request.
    fn before_request(&self, request: &mut reqwest::Request) {
        let _ = request;
    }

    /// Called when an attempt got a complete response, before it is decoded
    /// or retried; may change the response. For a body read as a stream (a
    /// download, server-sent events) it sees the status and headers with an
    /// empty body, since the body has not arrived yet.
    fn after_response(&self, response: &mut RawResponse) {
        let _ = response;
    }

    /// Called when an attempt failed without a whole response: the
    /// connection failed or broke, the attempt timed out, or the body was
    /// cut short.
    fn on_error(&self, error: &reqwest::Error) {
        let _ = error;
    }
}

/// A shared hook, so a caller can keep a handle to it (to read what it
/// recorded) while the client uses it.
impl<H: Hook + ?Sized> Hook for Arc<H> {
    fn before_request(&self, request: &mut reqwest::Request) {
        (**self).before_request(request);
    }

    fn after_response(&self, response: &mut RawResponse) {
        (**self).after_response(response);
    }

    fn on_error(&self, error: &reqwest::Error) {
        (**self).on_error(error);
    }
}
