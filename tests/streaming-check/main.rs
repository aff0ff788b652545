//! Built and run by `tests/tests/streaming.rs` against the crate generated
//! from `tests/fixtures/streaming.yaml`. Its argument is two base URLs: a
//! raw server that sends server-sent events in odd chunkings, and a mock
//! server for downloads and uploads. It prints what it read, one line per
//! case, for the test to compare.

use futures_util::StreamExt;
use streaming::models::{ChatRequest, UploadFormBody};
use streaming::{Client, Error, RetryPolicy, Upload};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let arg = std::env::args().nth(1).expect("two base URLs");
    let (events_url, files_url) = arg.split_once(' ').expect("two base URLs");
    let client = Client::new().with_base_url(events_url);

    // Typed events split anywhere, ended by `[DONE]` (what follows is not read).
    let mut ticks = client.stream_ticks().send().await.expect("ticks").into_body();
    while let Some(tick) = ticks.next().await {
        println!("tick {}", tick.expect("a tick").n);
    }

    // Raw events: every field.
    let mut events = client.watch_events().topic("a").send().await.expect("events").into_body();
    while let Some(event) = events.next().await {
        let event = event.expect("an event");
        println!(
            "event {:?} {:?} {:?} {:?}",
            event.event,
            event.data,
            event.id,
            event.retry.map(|r| r.as_millis())
        );
    }

    // A documented error status instead of a stream.
    match client.watch_events().topic("missing").send().await {
        Err(Error::Api(e)) => println!("events error {} {:?}", e.status.as_u16(), e.body),
        other => panic!("expected a 404, got {other:?}"),
    }

    // The same operation answers JSON or events; `events()` asks for events.
    let request = ChatRequest::new("hi").stream(true);
    let mut chat = client.create_chat(request).events().await.expect("chat").into_body();
    let mut text = String::new();
    while let Some(chunk) = chat.next().await {
        text.push_str(&chunk.expect("a chunk").text);
    }
    println!("chat {text}");

    // An endless stream, cut by the caller: dropping it closes the connection.
    let mut endless = client.watch_events().topic("endless").send().await.expect("endless").into_body();
    for _ in 0..3 {
        endless.next().await.expect("an event").expect("an event");
    }
    drop(endless);
    println!("endless cut after 3");

    // An event larger than the limit ends the stream with an error.
    let small = client.clone().with_max_event_size(1024);
    let mut huge = small.watch_events().topic("huge").send().await.expect("huge").into_body();
    match huge.next().await {
        Some(Err(Error::ResponseTooLarge { limit, .. })) => println!("huge event refused at {limit}"),
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    assert!(huge.next().await.is_none(), "the stream ends after the error");

    // A download whose connection breaks mid-way says how far it got.
    let mut cut = client.download_file("cut").download().await.expect("cut").into_body();
    let mut yielded = 0;
    loop {
        match cut.next().await {
            Some(Ok(chunk)) => yielded += chunk.len(),
            Some(Err(Error::Interrupted { received, expected, .. })) => {
                assert_eq!(received as usize, yielded);
                println!(
                    "download broke off after {received} of {} bytes, received() says {}",
                    expected.unwrap_or(0),
                    cut.received()
                );
                break;
            }
            other => panic!("expected Interrupted, got {other:?}"),
        }
    }
    // Read whole, the same body is an error that keeps the figures.
    match client.download_file("cut").with_retry(RetryPolicy::none()).send().await {
        Err(error @ Error::Interrupted { .. }) => {
            let message = error.to_string();
            let cut_at = message.find(": error").unwrap_or(message.len());
            println!("buffered read broke off: {}", &message[..cut_at]);
        }
        other => panic!("expected Interrupted, got {other:?}"),
    }

    // Downloads are not bounded by the response size limit; buffered reads are.
    let client = Client::new().with_base_url(files_url).with_max_response_size(1024);
    let path = std::env::temp_dir().join(format!("streaming-check-{}.bin", std::process::id()));
    let mut file = tokio::fs::File::create(&path).await.expect("a file");
    let download = client.download_file("big").download().await.expect("download");
    let written = download.into_body().write_to(&mut file).await.expect("written");
    drop(file);
    let on_disk = std::fs::read(&path).expect("the file");
    let expected: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    println!("downloaded {written} bytes, same as sent: {}", on_disk == expected);
    match client.download_file("big").send().await {
        Err(Error::ResponseTooLarge { limit, .. }) => println!("buffered read refused at {limit}"),
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    match client.download_file("missing").download().await {
        Err(Error::Api(e)) => println!("download error {} {:?}", e.status.as_u16(), e.body),
        other => panic!("expected a 404, got {other:?}"),
    }

    // Uploads from a file, a stream, and a file in a multipart form.
    let upload = Upload::file(&path).await.expect("the file");
    println!("upload {:?} {:?}", upload.file_name().map(|n| n.starts_with("streaming-check-")), upload.length());
    client.upload_file("from-file", upload).send().await.expect("file upload");
    let chunks = (0..4u8).map(|i| Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b'a' + i; 1000])));
    let stream = Upload::stream(futures_util::stream::iter(chunks));
    client.upload_file("from-stream", stream.clone()).send().await.expect("stream upload");
    // A stream is sent once: a second call with a clone of it is refused.
    match client.upload_file("again", stream).send().await {
        Err(Error::InvalidRequest(reason)) => println!("second send refused: {}", reason.contains("sent once")),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    let form = UploadFormBody::new(Upload::file(&path).await.expect("the file").with_file_name("big.bin")).note("n");
    client.upload_form(form).send().await.expect("multipart upload");
    std::fs::remove_file(&path).expect("removed");
    println!("uploaded");
}
