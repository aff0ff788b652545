use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_core::TryStream;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A binary request body or file part: bytes in memory, a file, or any
/// stream of bytes. A file or a stream is sent as it is read, never held
/// whole in memory.
///
/// Bytes are sent again when a call is retried. A file or a stream can be
/// sent once: a retry after it was sent, or a second call with a clone of
/// it, is refused with `Error::InvalidRequest` rather than sending a
/// truncated body.
#[derive(Clone)]
pub struct Upload {
    source: Source,
    file_name: Option<String>,
    length: Option<u64>,
}

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    /// Taken by the first request that sends it (not on `wasm32`, whose
    /// `fetch` takes a body whole).
    #[cfg(not(target_arch = "wasm32"))]
    Stream(Arc<Mutex<Option<reqwest::Body>>>),
}

impl Upload {
    /// Bytes in memory.
    #[inline]
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        Upload {
            length: Some(bytes.len() as u64),
            source: Source::Bytes(bytes),
            file_name: None,
        }
    }

    /// Any stream of byte chunks (a file being read, a download being
    /// passed on), sent as it is read. Its length is unknown, so the body is
    /// sent in chunks; [`Upload::with_length`] sets it when known. Not on
    /// `wasm32`, whose `fetch` takes a body whole.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn stream<S>(stream: S) -> Self
    where
        S: TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        Bytes: From<S::Ok>,
    {
        Upload {
            source: Source::Stream(Arc::new(Mutex::new(Some(reqwest::Body::wrap_stream(
                stream,
            ))))),
            file_name: None,
            length: None,
        }
    }

    /// The file at `path`, read as it is sent; its name (for a multipart
    /// part) and length come from the file. Not on `wasm32`, which has no
    /// file system.
    #[cfg(not(target_arch = "wasm32"))]
    #[inline]
    pub async fn file(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let file = tokio::fs::File::open(path).await?;
        let length = file.metadata().await?.len();
        Ok(Upload {
            source: Source::Stream(Arc::new(Mutex::new(Some(file.into())))),
            file_name: path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned()),
            length: Some(length),
        })
    }

    /// The file name a multipart part declares (by default the file's name,
    /// or the part's name).
    #[inline]
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The length in bytes, sent as `Content-Length` (a stream's is unknown
    /// unless set here).
    #[inline]
    pub fn with_length(mut self, length: u64) -> Self {
        self.length = Some(length);
        self
    }

    /// The file name, when one is set.
    #[inline]
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The length in bytes, when known.
    #[inline]
    pub fn length(&self) -> Option<u64> {
        self.length
    }

    /// The bytes, when the content is in memory.
    #[inline]
    pub(crate) fn in_memory(&self) -> Option<Bytes> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes.clone()),
            #[cfg(not(target_arch = "wasm32"))]
            Source::Stream(_) => None,
        }
    }

    /// The body to send: the bytes again, or the stream if nothing sent it
    /// yet. `Bytes` when the body can be sent again on a retry.
    #[inline]
    pub(crate) fn take(&self) -> Result<Sendable, super::Failure> {
        match &self.source {
            Source::Bytes(bytes) => Ok(Sendable::Bytes(bytes.clone())),
            #[cfg(not(target_arch = "wasm32"))]
            Source::Stream(slot) => slot
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .take()
                .map(Sendable::Stream)
                .ok_or_else(|| {
                    super::Failure::InvalidRequest(
                        "a streamed upload (a file or a stream) can be sent once, and this one was already sent".into(),
                    )
                }),
        }
    }
}

/// What an upload sends on one attempt.
pub(crate) enum Sendable {
    Bytes(Bytes),
    #[cfg(not(target_arch = "wasm32"))]
    Stream(reqwest::Body),
}

impl fmt::Debug for Upload {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.source {
            Source::Bytes(_) => "bytes",
            #[cfg(not(target_arch = "wasm32"))]
            Source::Stream(_) => "stream",
        };
        f.debug_struct("Upload")
            .field("source", &kind)
            .field("file_name", &self.file_name)
            .field("length", &self.length)
            .finish()
    }
}

/// Uploads are equal when they hold the same bytes, or are the same stream.
impl PartialEq for Upload {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        let same = match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            #[cfg(not(target_arch = "wasm32"))]
            (Source::Stream(a), Source::Stream(b)) => Arc::ptr_eq(a, b),
            #[cfg(not(target_arch = "wasm32"))]
            _ => false,
        };
        same && self.file_name == other.file_name
    }
}

impl From<Vec<u8>> for Upload {
    #[inline]
    fn from(bytes: Vec<u8>) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<Bytes> for Upload {
    #[inline]
    fn from(bytes: Bytes) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<&'static [u8]> for Upload {
    #[inline]
    fn from(bytes: &'static [u8]) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<String> for Upload {
    #[inline]
    fn from(text: String) -> Self {
        Upload::bytes(text)
    }
}

impl From<&'static str> for Upload {
    #[inline]
    fn from(text: &'static str) -> Self {
        Upload::bytes(text)
    }
}

/// As the bytes (the form `Vec<u8>` has): a model holding an upload can
/// still be serialized while its content is in memory. A stream cannot be.
impl Serialize for Upload {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.source {
            Source::Bytes(bytes) => serializer.collect_seq(bytes.iter()),
            #[cfg(not(target_arch = "wasm32"))]
            Source::Stream(_) => Err(serde::ser::Error::custom(
                "a streamed upload cannot be serialized",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Upload {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<u8>::deserialize(deserializer).map(Upload::bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_can_be_sent_again_and_streams_once() {
        let bytes = Upload::from(b"abc".to_vec());
        for _ in 0..2 {
            assert!(matches!(bytes.take(), Ok(Sendable::Bytes(b)) if b == "abc"));
        }
        let chunks: Vec<Result<Bytes, std::io::Error>> = vec![Ok(Bytes::from_static(b"x"))];
        let stream = Upload::stream(futures_util::stream::iter(chunks));
        let copy = stream.clone();
        assert_eq!(stream, copy);
        assert!(matches!(stream.take(), Ok(Sendable::Stream(_))));
        let Err(super::super::Failure::InvalidRequest(reason)) = copy.take() else {
            panic!("a stream was sent twice");
        };
        assert!(reason.contains("sent once"), "{reason}");
    }

    #[test]
    fn serializes_as_bytes() {
        let upload = Upload::from("hi");
        assert_eq!(serde_json::to_string(&upload).unwrap(), "[104,105]");
        let back: Upload = serde_json::from_str("[104,105]").unwrap();
        assert_eq!(back, upload);
        let chunks: Vec<Result<Bytes, std::io::Error>> = Vec::new();
        assert!(
            serde_json::to_string(&Upload::stream(futures_util::stream::iter(chunks))).is_err()
        );
    }
}
