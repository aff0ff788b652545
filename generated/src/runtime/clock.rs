//! Time for retries, deadlines and credentials that expire, on every target:
//! in a browser or another JavaScript host (`wasm32`) `std`'s clock panics
//! and nothing drives tokio's timer, so the host's own are used there.

#[cfg(not(target_arch = "wasm32"))]
pub(crate) use std::time::Instant;
#[cfg(target_arch = "wasm32")]
pub(crate) use web_time::Instant;

use std::time::Duration;

/// Waits `duration` without blocking the thread.
#[inline]
pub(crate) async fn sleep(duration: Duration) {
    #[cfg(not(target_arch = "wasm32"))]
    tokio::time::sleep(duration).await;
    #[cfg(target_arch = "wasm32")]
    gloo_timers::future::sleep(duration).await;
}

/// Fills `bytes` from the host's source of randomness where `std` has
/// none (`crypto.getRandomValues` on `wasm32`); `false` where that failed
/// or on other targets, which `std` serves (see `retry::random`).
#[inline]
pub(crate) fn host_random(bytes: &mut [u8]) -> bool {
    #[cfg(target_arch = "wasm32")]
    return getrandom::getrandom(bytes).is_ok();
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = bytes;
        false
    }
}
