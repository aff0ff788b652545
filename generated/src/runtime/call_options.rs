//! The three per-call settings every request builder has, written once.

/// Writes a request builder's `with_timeout`, `with_retry` and
/// `with_deadline` inside its `impl`, over its `options: CallOptions` field:
///
/// ```text
/// call_options!();
/// call_options!(with_timeout_, with_retry, with_deadline);
/// ```
///
/// The second form names the three methods, for an operation one of whose
/// own parameters took one of these names first. The methods are the same
/// for every operation; written out in each builder, they were 8 % of the
/// lines of a large API's crate (Microsoft Graph's 11,422 builders).
macro_rules! call_options {
    () => {
        call_options!(with_timeout, with_retry, with_deadline);
    };
    ($timeout:ident, $retry:ident, $deadline:ident) => {
        /// Overrides the client's timeout for this call.
        #[inline]
        pub fn $timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.options.timeout = ::std::option::Option::Some(timeout);
            self
        }

        /// Overrides the client's retry policy for this call
        /// (`RetryPolicy::none()` turns retries off).
        #[inline]
        pub fn $retry(mut self, retry: runtime::RetryPolicy) -> Self {
            self.options.retry = ::std::option::Option::Some(retry);
            self
        }

        /// Overrides the client's deadline for this call: how long it may
        /// take in all, retries and their waits included.
        #[inline]
        pub fn $deadline(mut self, deadline: ::std::time::Duration) -> Self {
            self.options.deadline = ::std::option::Option::Some(deadline);
            self
        }
    };
}

pub(crate) use call_options;
