use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::ops::RangeInclusive;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::{Method, StatusCode};

use super::error::Reach;

/// When and how often a failed call is tried again.
///
/// Waits grow exponentially (`initial * exponent^n`, capped at
/// `max_interval`) with ±25 % random jitter so that many clients do not retry
/// in lock-step. Retrying stops once the next wait would end after
/// `max_elapsed` from the first attempt, or after `max_retries` retries,
/// whichever comes first: a call never retries forever.
///
/// A `Retry-After` header on a 429 or 503 answer replaces the computed wait.
///
/// What is retried depends on whether the request is safe to send twice:
/// a `GET`, `HEAD`, `OPTIONS`, `TRACE`, `PUT` or `DELETE` (which HTTP
/// defines as idempotent), or any request carrying an idempotency key. Such
/// a request is retried after a listed status, a connection that failed or
/// broke, an attempt that timed out and a body cut short. A `POST` or
/// `PATCH` without a key is retried only when nothing can have been done
/// with it: no connection was made, or the server answered 408, 425, 429 or
/// 503 (it did not process the request) with a listed status.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    initial_interval: Duration,
    max_interval: Duration,
    exponent: f64,
    max_elapsed: Duration,
    max_retries: u32,
    statuses: Vec<RangeInclusive<u16>>,
    connection_errors: bool,
}

impl RetryPolicy {
    /// Never retry.
    #[inline]
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Exponential backoff with these intervals, retrying nothing until
    /// statuses or connection errors are added.
    #[inline]
    pub fn backoff(
        initial_interval: Duration,
        max_interval: Duration,
        exponent: f64,
        max_elapsed: Duration,
    ) -> Self {
        RetryPolicy {
            initial_interval,
            max_interval,
            exponent: if exponent.is_finite() && exponent >= 1.0 {
                exponent
            } else {
                1.0
            },
            max_elapsed,
            max_retries: u32::MAX,
            statuses: Vec::new(),
            connection_errors: false,
        }
    }

    /// Also retry answers whose status is in `statuses` (e.g. `500..=599`).
    #[inline]
    pub fn retry_statuses(mut self, statuses: RangeInclusive<u16>) -> Self {
        self.statuses.push(statuses);
        self
    }

    /// Retry (or not) when no whole answer arrived: the connection failed
    /// or broke, the attempt timed out, or the body was cut short.
    #[inline]
    pub fn retry_connection_errors(mut self, retry: bool) -> Self {
        self.connection_errors = retry;
        self
    }

    /// Retry at most this many times after the first attempt.
    #[inline]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Stop retrying when the next attempt would start later than this after
    /// the first one.
    #[inline]
    pub fn max_elapsed(mut self, max_elapsed: Duration) -> Self {
        self.max_elapsed = max_elapsed;
        self
    }

    #[inline]
    pub(crate) fn retries_status(&self, status: StatusCode) -> bool {
        let code = status.as_u16();
        self.statuses.iter().any(|range| range.contains(&code))
    }

    /// Whether anything can be retried after `retries` retries: when not,
    /// the transport sends the request without keeping a copy.
    #[inline]
    pub(crate) fn may_retry(&self, retries: u32) -> bool {
        retries < self.max_retries && (self.connection_errors || !self.statuses.is_empty())
    }

    /// Whether an answer with `status` is tried again, for a request that
    /// is `repeatable` (safe to send twice) or not.
    #[inline]
    pub(crate) fn retries_answer(&self, status: StatusCode, repeatable: bool) -> bool {
        self.retries_status(status) && (repeatable || unprocessed(status))
    }

    /// Whether a failure of the network that got this far is tried again.
    #[inline]
    pub(crate) fn retries_failure(&self, reach: Option<Reach>, repeatable: bool) -> bool {
        self.connection_errors
            && match reach {
                Some(Reach::None) => true,
                Some(Reach::Maybe) => repeatable,
                None => false,
            }
    }

    /// The wait before retry number `retry` (1 for the first retry), or `None`
    /// when the policy says to give up. `elapsed` is the time since the first
    /// attempt started; `retry_after` is what the server asked for, if anything.
    #[inline]
    pub(crate) fn delay(
        &self,
        retry: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        if retry > self.max_retries {
            return None;
        }
        let wait = match retry_after {
            Some(wait) => wait,
            None => {
                let power = i32::try_from(retry.saturating_sub(1)).unwrap_or(i32::MAX);
                let base = self.initial_interval.as_secs_f64() * self.exponent.powi(power);
                let capped = base.min(self.max_interval.as_secs_f64());
                Duration::from_secs_f64(capped * jitter())
            }
        };
        if elapsed.saturating_add(wait) > self.max_elapsed {
            return None;
        }
        Some(wait)
    }
}

impl Default for RetryPolicy {
    /// Built-in defaults for APIs whose description says nothing: waits from
    /// 500 ms growing by 1.5 up to 60 s, for at most 5 minutes, on 429, 5XX
    /// and connection errors.
    #[inline]
    fn default() -> Self {
        RetryPolicy::backoff(
            Duration::from_millis(500),
            Duration::from_secs(60),
            1.5,
            Duration::from_secs(300),
        )
        .retry_statuses(429..=429)
        .retry_statuses(500..=599)
        .retry_connection_errors(true)
    }
}

/// Whether HTTP defines `method` as idempotent: sending it twice does what
/// sending it once does.
#[inline]
pub(crate) fn idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::PUT | Method::DELETE
    )
}

/// Statuses that say the server did not act on the request: 408 (it
/// stopped waiting for it), 425 (too early), 429 (too many requests), 503
/// (unavailable). Retrying these is safe whatever the method.
#[inline]
fn unprocessed(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 425 | 429 | 503)
}

/// A factor in [0.75, 1.25): enough randomness to spread retries without a
/// dependency on a random-number crate.
#[inline]
fn jitter() -> f64 {
    let unit = (random() >> 11) as f64 / (1u64 << 53) as f64;
    0.75 + unit * 0.5
}

/// 64 unpredictable bits: the std hasher is keyed from the operating
/// system's randomness once per thread, each `RandomState` with another
/// key; a process-wide counter keeps two values of one thread apart even
/// so. (No random-number crate: it would be the only dependency needing a
/// source of randomness of its own on every target.)
#[inline]
fn random() -> u64 {
    // `std` has no randomness on `wasm32-unknown-unknown`: its hasher keys
    // are constants there, and the host's is asked instead.
    let mut host = [0u8; 8];
    if super::clock::host_random(&mut host) {
        return u64::from_le_bytes(host);
    }
    static DRAWN: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(DRAWN.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}

/// A new idempotency key: a random UUID (version 4), as Stripe's SDKs send.
#[inline]
pub(crate) fn idempotency_key() -> String {
    let (high, low) = (random(), random());
    let high = (high & !0xf000) | 0x4000;
    let low = (low & !(0b11 << 62)) | (0b10 << 62);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy::backoff(
            Duration::from_millis(100),
            Duration::from_millis(1000),
            2.0,
            Duration::from_secs(10),
        )
        .retry_statuses(500..=599)
    }

    #[test]
    fn waits_grow_with_jitter_and_cap() {
        let p = policy();
        for (retry, nominal) in [(1, 100.0), (2, 200.0), (3, 400.0), (8, 1000.0)] {
            let ms = p.delay(retry, Duration::ZERO, None).unwrap().as_secs_f64() * 1000.0;
            assert!(
                ms >= nominal * 0.75 - 1e-6 && ms < nominal * 1.25,
                "{retry}: {ms}"
            );
        }
    }

    #[test]
    fn gives_up_on_elapsed_and_count() {
        let p = policy();
        assert_eq!(p.delay(1, Duration::from_secs(10), None), None);
        assert_eq!(
            p.clone().max_retries(2).delay(3, Duration::ZERO, None),
            None
        );
        assert_eq!(RetryPolicy::none().delay(1, Duration::ZERO, None), None);
    }

    #[test]
    fn may_retry_agrees_with_delay() {
        // `may_retry` false means the request is sent without a copy, so a
        // retry must then be impossible: `delay` gives up, or nothing is
        // retryable at all.
        let two = policy().max_retries(2);
        assert!(two.may_retry(0) && two.may_retry(1));
        assert!(!two.may_retry(2));
        assert_eq!(two.delay(3, Duration::ZERO, None), None);
        assert!(!RetryPolicy::none().may_retry(0));
        let nothing = RetryPolicy::backoff(Duration::ZERO, Duration::ZERO, 1.0, Duration::MAX);
        assert!(!nothing.may_retry(0));
        assert!(nothing.clone().retry_connection_errors(true).may_retry(0));
        assert!(RetryPolicy::default().may_retry(0));
    }

    #[test]
    fn retry_after_wins() {
        let wait = policy().delay(1, Duration::ZERO, Some(Duration::from_secs(3)));
        assert_eq!(wait, Some(Duration::from_secs(3)));
    }

    #[test]
    fn unsafe_requests_are_retried_only_when_nothing_was_done() {
        let p = policy()
            .retry_statuses(429..=429)
            .retry_connection_errors(true);
        // Repeatable: every listed status, every failure of the network.
        assert!(p.retries_answer(StatusCode::INTERNAL_SERVER_ERROR, true));
        assert!(p.retries_failure(Some(Reach::Maybe), true));
        // A POST without a key: only what the server did not act on.
        assert!(!p.retries_answer(StatusCode::INTERNAL_SERVER_ERROR, false));
        assert!(!p.retries_answer(StatusCode::BAD_GATEWAY, false));
        assert!(p.retries_answer(StatusCode::SERVICE_UNAVAILABLE, false));
        assert!(p.retries_answer(StatusCode::TOO_MANY_REQUESTS, false));
        assert!(!p.retries_failure(Some(Reach::Maybe), false));
        assert!(p.retries_failure(Some(Reach::None), false));
        // Never what another attempt cannot mend, nor what is not listed.
        assert!(!p.retries_failure(None, true));
        assert!(!p.retries_answer(StatusCode::REQUEST_TIMEOUT, true));
        assert!(!policy().retries_failure(Some(Reach::None), true));
        assert!(
            idempotent(&Method::PUT) && !idempotent(&Method::POST) && !idempotent(&Method::PATCH)
        );
    }

    #[test]
    fn idempotency_keys_are_version_4_uuids_and_differ() {
        let keys: std::collections::HashSet<String> =
            (0..1000).map(|_| idempotency_key()).collect();
        assert_eq!(keys.len(), 1000);
        for key in keys.iter().take(10) {
            let groups: Vec<&str> = key.split('-').collect();
            assert_eq!(
                groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
                [8, 4, 4, 4, 12],
                "{key}"
            );
            assert!(groups[2].starts_with('4'), "{key}");
            assert!(matches!(&groups[3][..1], "8" | "9" | "a" | "b"), "{key}");
        }
    }

    #[test]
    fn status_ranges() {
        let p = policy();
        assert!(p.retries_status(StatusCode::BAD_GATEWAY));
        assert!(!p.retries_status(StatusCode::TOO_MANY_REQUESTS));
        assert!(RetryPolicy::default().retries_status(StatusCode::TOO_MANY_REQUESTS));
    }
}
