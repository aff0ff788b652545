//! Support code shared by every generated client.
//!
//! This module is copied verbatim by the generator from `generator/runtime/`;
//! it is ordinary Rust, compiled and tested as part of each generated crate.
//! Not every API needs every helper (an API without bodiless responses never
//! calls `RawResponse::empty`, one without string enums never uses
//! `string_enum!`), hence the `dead_code` and `unused_macros` allowances.
#![allow(dead_code, unused_imports, unused_macros)]

mod auth;
mod call_options;
mod clock;
mod decode;
mod encode;
mod error;
mod hooks;
mod nullable;
mod paginate;
mod response;
mod retry;
pub(crate) mod serde_object;
mod stream;
pub(crate) mod string_enum;
#[cfg(all(feature = "stubs", not(target_arch = "wasm32")))]
mod stubs;
mod transport;
pub(crate) mod unions;
mod upload;
#[cfg(feature = "webhooks")]
mod webhook;

pub use decode::{DecodeError, Decoding};
pub(crate) use error::Failure;
pub use error::{Error, ErrorResponse};
pub use hooks::Hook;
pub use nullable::Nullable;
pub use response::{RawResponse, Response};
pub use retry::RetryPolicy;
pub use stream::{ByteStream, Event, EventStream};
#[cfg(all(feature = "stubs", not(target_arch = "wasm32")))]
pub use stubs::{Canned, CannedFailure, Expectation, Stub, StubServer, Stubbed};
pub use transport::CallOptions;
pub use upload::Upload;
#[cfg(feature = "webhooks")]
pub use webhook::{WebhookError, WebhookVerifier, DEFAULT_TOLERANCE};

pub(crate) use auth::Auth;
pub(crate) use call_options::call_options;
pub(crate) use decode::deviation;
pub(crate) use encode::{json_object, path_segment, to_text, Style};
pub(crate) use paginate::{
    items, next_in_body, next_in_link_header, next_number, next_offset, walk, Page,
};
pub(crate) use serde_object::serde_object;
pub(crate) use stream::Opened;
pub(crate) use string_enum::string_enum;
pub(crate) use transport::{send, Core, Part, Request};
