use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::decode::{during, read, DecodeError, Decoding};
use super::{Error, Failure, RawResponse, Response};

/// How an event stream reads each event's data.
type DecodeEvent<T> = fn(Event, Decoding, &'static str) -> Result<T, DecodeError>;

/// The body's chunks as they arrive (not `Send` on `wasm32`, where the
/// host's `fetch` delivers them to its one thread).
#[cfg(not(target_arch = "wasm32"))]
type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send>>;
#[cfg(target_arch = "wasm32")]
type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>>>>;

/// A response whose status and headers have arrived but whose body is still
/// on the wire: a download or an event stream. An error status's body is
/// read (within the client's size limit) so that it decodes as usual.
pub(crate) struct Opened {
    /// Status and headers; the body too when it was read.
    pub(crate) head: RawResponse,
    /// The unread body of a streamed status.
    pub(crate) body: Option<reqwest::Response>,
    /// The largest event an event stream accepts.
    pub(crate) max_event_bytes: usize,
    /// How its bodies are read, and the operation, for the drift events.
    pub(crate) decoding: Decoding,
    pub(crate) operation: &'static str,
}

/// A response whose body was read whole (a status that is not streamed),
/// decoded as the client decodes bodies.
pub(crate) struct Answered {
    response: RawResponse,
    decoding: Decoding,
    operation: &'static str,
}

impl Answered {
    /// `decode(response)`, under the client's `Decoding`.
    #[inline]
    pub(crate) fn decode<R>(self, decode: impl FnOnce(RawResponse) -> R) -> R {
        let response = self.response;
        during(self.decoding, self.operation, || decode(response))
    }
}

impl Opened {
    /// The response itself when its body was left on the wire, else the
    /// response as read (a status that is not streamed).
    // Both sides are moved once, straight into a match: boxing would only
    // add an allocation.
    #[allow(clippy::result_large_err)]
    #[inline]
    pub(crate) fn streamed(self) -> Result<Opened, Answered> {
        if self.body.is_some() {
            Ok(self)
        } else {
            Err(Answered {
                response: self.head,
                decoding: self.decoding,
                operation: self.operation,
            })
        }
    }

    /// The body left on the wire, as a stream of chunks that counts them.
    #[inline]
    fn body(&mut self) -> Body {
        let (chunks, expected): (Chunks, _) = match self.body.take() {
            Some(body) => {
                let expected = body.content_length();
                (Box::pin(body.bytes_stream()), expected)
            }
            None => (Box::pin(futures_util::stream::empty()), None),
        };
        Body {
            chunks,
            received: 0,
            expected,
            status: self.head.status,
        }
    }

    /// The body as a stream of byte chunks.
    pub(crate) fn bytes<E>(mut self) -> Result<Response<ByteStream<E>>, Error<E>> {
        let stream = ByteStream {
            body: self.body(),
            error: PhantomData,
        };
        Ok(Response::from_parts(
            self.head.status,
            self.head.headers,
            stream,
        ))
    }

    /// The body as server-sent events, each event's `data` decoded as JSON.
    pub(crate) fn json_events<T: serde::de::DeserializeOwned, E>(
        self,
    ) -> Result<Response<EventStream<T, E>>, Error<E>> {
        Ok(self.events(|event, decoding, operation| {
            read(decoding, event.data.as_bytes(), Some(operation))
        }))
    }

    /// The body as server-sent events, as they are.
    pub(crate) fn raw_events<E>(self) -> Result<Response<EventStream<Event, E>>, Error<E>> {
        Ok(self.events(|event, _, _| Ok(event)))
    }

    fn events<T, E>(mut self, decode: DecodeEvent<T>) -> Response<EventStream<T, E>> {
        let stream = EventStream {
            body: self.body(),
            parser: EventParser::new(self.max_event_bytes),
            ready: VecDeque::new(),
            done: false,
            decode,
            decoding: self.decoding,
            operation: self.operation,
            status: self.head.status,
            headers: self.head.headers.clone(),
            error: PhantomData,
        };
        Response::from_parts(self.head.status, self.head.headers, stream)
    }
}

/// A body on the wire, and how much of it has arrived.
struct Body {
    chunks: Chunks,
    received: u64,
    /// The length the server announced.
    expected: Option<u64>,
    status: StatusCode,
}

impl Body {
    /// The next chunk; a connection that breaks is `Error::Interrupted`
    /// (or `Error::Timeout`), saying how much had arrived.
    #[inline]
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Failure>>> {
        self.chunks.as_mut().poll_next(cx).map(|chunk| {
            chunk.map(|chunk| match chunk {
                Ok(bytes) => {
                    self.received += bytes.len() as u64;
                    Ok(bytes)
                }
                Err(e) => Err(Failure::broken_body(
                    e,
                    self.status,
                    self.received,
                    self.expected,
                )),
            })
        })
    }

    /// Lets go of the connection.
    #[inline]
    fn close(&mut self) {
        self.chunks = Box::pin(futures_util::stream::empty());
    }
}

/// A response body read chunk by chunk as it arrives, never held whole:
/// a `Stream` of `Bytes`, or written to a file with [`ByteStream::write_to`].
///
/// The client's response size limit does not apply (it bounds buffered
/// reads only); the client's timeout and deadline, when set, bound the
/// whole transfer. A connection that breaks mid-way ends the stream with
/// `Error::Interrupted`, which says how many bytes had arrived: what was
/// yielded cannot be taken back, and a download is not retried by itself
/// (see `Error::Interrupted` for what to do).
pub struct ByteStream<E> {
    body: Body,
    error: PhantomData<fn() -> E>,
}

impl<E> fmt::Debug for ByteStream<E> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream")
    }
}

impl<E> Stream for ByteStream<E> {
    type Item = Result<Bytes, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.body
            .poll_chunk(cx)
            .map(|chunk| chunk.map(|chunk| chunk.map_err(Error::from)))
    }
}

impl<E> ByteStream<E> {
    /// How many bytes of the body have arrived so far.
    #[inline]
    pub fn received(&self) -> u64 {
        self.body.received
    }

    /// Writes the whole body to `writer` (a file, a socket) chunk by chunk
    /// and flushes it; returns how many bytes were written.
    pub async fn write_to<W>(mut self, writer: &mut W) -> Result<u64, Error<E>>
    where
        W: tokio::io::AsyncWrite + Unpin + ?Sized,
    {
        use futures_util::StreamExt;
        use tokio::io::AsyncWriteExt;
        let mut written = 0u64;
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(Error::Io)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(Error::Io)?;
        Ok(written)
    }
}

/// One server-sent event, as the server sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Event {
    /// The `event:` field: the event's type, when the server named one
    /// (browsers call an unnamed event `message`).
    pub event: Option<String>,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
    /// The last `id:` the stream set, this event's or an earlier one's.
    pub id: Option<String>,
    /// The reconnection time the stream asked for with `retry:`, if any.
    pub retry: Option<Duration>,
}

/// A response of server-sent events (`text/event-stream`), read as it
/// arrives: a `Stream` of the events, each decoded into `T` (the raw
/// [`Event`] when the API does not describe them).
///
/// The whole wire format is read: `data:` over several lines, `event:`,
/// `id:`, `retry:`, comments, and CR, LF or CRLF line ends split anywhere
/// between chunks. Memory is bounded per event (`Client::with_max_event_size`):
/// a larger event ends the stream with `ResponseTooLarge`. An event whose
/// data is `[DONE]` (the end marker of OpenAI-style streams) ends the stream
/// cleanly, as does the server closing it; an event cut off by the close is
/// dropped. A connection that breaks ends the stream with
/// `Error::Interrupted`. Dropping the stream closes the connection.
pub struct EventStream<T, E> {
    body: Body,
    parser: EventParser,
    ready: VecDeque<Event>,
    done: bool,
    decode: DecodeEvent<T>,
    decoding: Decoding,
    operation: &'static str,
    /// For the response a decode error keeps.
    status: StatusCode,
    headers: HeaderMap,
    error: PhantomData<fn() -> E>,
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(event) = this.ready.pop_front() {
                if event.data == "[DONE]" {
                    this.finish();
                    return Poll::Ready(None);
                }
                let data = Bytes::from(event.data.clone());
                let decoded = (this.decode)(event, this.decoding, this.operation);
                return Poll::Ready(Some(decoded.map_err(|DecodeError { pointer, source }| {
                    Error::Decode {
                        response: Box::new(RawResponse {
                            status: this.status,
                            headers: this.headers.clone(),
                            body: data,
                        }),
                        source,
                        pointer,
                    }
                })));
            }
            if this.done {
                return Poll::Ready(None);
            }
            match this.body.poll_chunk(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => this.finish(),
                Poll::Ready(Some(Err(failure))) => {
                    this.finish();
                    return Poll::Ready(Some(Err(failure.into())));
                }
                Poll::Ready(Some(Ok(chunk))) => {
                    if let Err(limit) = this.parser.feed(&chunk, &mut this.ready) {
                        this.finish();
                        return Poll::Ready(Some(Err(Error::ResponseTooLarge {
                            status: this.status,
                            limit,
                        })));
                    }
                }
            }
        }
    }
}

impl<T, E> EventStream<T, E> {
    /// Ends the stream and lets go of the connection.
    #[inline]
    fn finish(&mut self) {
        self.done = true;
        self.ready.clear();
        self.body.close();
    }
}

/// The `text/event-stream` parser (the WHATWG HTML standard's rules), fed
/// chunks of any size.
#[derive(Debug)]
pub(crate) struct EventParser {
    /// The current line, not yet ended.
    line: Vec<u8>,
    /// The last byte was a CR, so an LF starting the next chunk is the same
    /// line end.
    after_cr: bool,
    /// Nothing has been read yet (a byte order mark is skipped).
    at_start: bool,
    event: Option<String>,
    data: String,
    /// Whether a `data:` field was seen since the last event.
    has_data: bool,
    id: Option<String>,
    retry: Option<Duration>,
    limit: usize,
}

impl EventParser {
    #[inline]
    pub(crate) fn new(limit: usize) -> Self {
        EventParser {
            line: Vec::new(),
            after_cr: false,
            at_start: true,
            event: None,
            data: String::new(),
            has_data: false,
            id: None,
            retry: None,
            limit,
        }
    }

    /// Reads `chunk`, queuing every event it completes. `Err` carries the
    /// limit an event went over.
    #[inline]
    pub(crate) fn feed(
        &mut self,
        mut chunk: &[u8],
        out: &mut VecDeque<Event>,
    ) -> Result<(), usize> {
        if self.at_start && !chunk.is_empty() {
            let bom = "\u{feff}".as_bytes();
            // A mark split over chunks is rare enough to be taken as text.
            if let Some(rest) = chunk.strip_prefix(bom) {
                chunk = rest;
            }
            self.at_start = false;
        }
        if self.after_cr {
            self.after_cr = false;
            if let Some(rest) = chunk.strip_prefix(b"\n") {
                chunk = rest;
            }
        }
        while let Some(end) = chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.line.extend_from_slice(&chunk[..end]);
            self.check(&[])?;
            let line = std::mem::take(&mut self.line);
            self.line(&String::from_utf8_lossy(&line), out);
            let cr = chunk[end] == b'\r';
            chunk = &chunk[end + 1..];
            if cr {
                match chunk.first() {
                    Some(b'\n') => chunk = &chunk[1..],
                    None => self.after_cr = true,
                    Some(_) => {}
                }
            }
        }
        self.check(chunk)?;
        self.line.extend_from_slice(chunk);
        Ok(())
    }

    /// The event being read, with `more` added, stays within the limit.
    #[inline]
    fn check(&self, more: &[u8]) -> Result<(), usize> {
        if self.line.len() + more.len() + self.data.len() > self.limit {
            Err(self.limit)
        } else {
            Ok(())
        }
    }

    #[inline]
    fn line(&mut self, line: &str, out: &mut VecDeque<Event>) {
        if line.is_empty() {
            if self.has_data {
                out.push_back(Event {
                    event: self.event.take(),
                    data: std::mem::take(&mut self.data),
                    id: self.id.clone(),
                    retry: self.retry,
                });
            }
            self.event = None;
            self.data.clear();
            self.has_data = false;
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = Some(value.to_string()),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "id" if !value.contains('\0') => {
                self.id = Some(value.to_string()).filter(|id| !id.is_empty());
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(ms) = value.parse() {
                    self.retry = Some(Duration::from_millis(ms));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&[u8]], limit: usize) -> Result<Vec<Event>, usize> {
        let mut parser = EventParser::new(limit);
        let mut out = VecDeque::new();
        for chunk in chunks {
            parser.feed(chunk, &mut out)?;
        }
        Ok(out.into())
    }

    fn data(events: &[Event]) -> Vec<&str> {
        events.iter().map(|e| e.data.as_str()).collect()
    }

    #[test]
    fn fields_comments_and_multi_line_data() {
        let text = b"\xEF\xBB\xBF: a comment\nevent: delta\nid: 7\nretry: 1500\ndata: line one\ndata:line two\n\ndata: next\n\n";
        let events = parse(&[text], 1024).unwrap();
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].event.as_deref(), Some("delta"));
        assert_eq!(events[0].data, "line one\nline two");
        assert_eq!(events[0].id.as_deref(), Some("7"));
        assert_eq!(events[0].retry, Some(Duration::from_millis(1500)));
        // The last id carries over; the type does not.
        assert_eq!(events[1].id.as_deref(), Some("7"));
        assert_eq!(events[1].event, None);
    }

    #[test]
    fn every_line_end_and_every_split_give_the_same_events() {
        for end in ["\n", "\r", "\r\n"] {
            let text = format!("event: a{end}data: {{\"n\":1}}{end}{end}data: x{end}data: y{end}{end}: ping{end}{end}");
            let bytes = text.as_bytes();
            for cut in 0..=bytes.len() {
                let (first, second) = bytes.split_at(cut);
                let events = parse(&[first, second], 1024).unwrap();
                assert_eq!(data(&events), ["{\"n\":1}", "x\ny"], "{end:?} cut at {cut}");
            }
            // One byte at a time.
            let singles: Vec<&[u8]> = bytes.chunks(1).collect();
            assert_eq!(data(&parse(&singles, 1024).unwrap()), ["{\"n\":1}", "x\ny"]);
        }
    }

    #[test]
    fn events_without_data_and_unended_events_are_not_dispatched() {
        let events = parse(&[b"event: ping\n\nid: 3\n\ndata: half"], 1024).unwrap();
        assert!(events.is_empty());
        // A bare field name is a field with an empty value.
        let events = parse(&[b"data\n\n"], 1024).unwrap();
        assert_eq!(data(&events), [""]);
    }

    #[test]
    fn a_bad_retry_is_ignored() {
        let events = parse(&[b"retry: soon\ndata: a\n\n"], 1024).unwrap();
        assert_eq!(events[0].retry, None);
    }

    #[test]
    fn an_event_over_the_limit_is_refused_however_it_arrives() {
        let big = format!("data: {}\n\n", "x".repeat(100));
        assert_eq!(parse(&[big.as_bytes()], 64), Err(64));
        // Across many small chunks and lines, without an end in sight.
        let lines = "data: 0123456789\n".repeat(10);
        let chunks: Vec<&[u8]> = lines.as_bytes().chunks(3).collect();
        assert_eq!(parse(&chunks, 64), Err(64));
        // Many small events are fine: the limit is per event.
        let many = "data: 0123456789\n\n".repeat(100);
        assert_eq!(parse(&[many.as_bytes()], 64).unwrap().len(), 100);
    }
}
