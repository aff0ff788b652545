//! Calls the `faults` fixture's client many times at once against a server
//! that injects faults (`server.rs`), and prints what came of the calls
//! and what the server saw, one `name: value` a line, for
//! `tests/tests/faults.rs` (and `scripts/bench.sh`, larger) to check.
//!
//! Arguments: calls, concurrency, seed. Seven calls in ten are `GET`s, the
//! rest `POST`s, half with an idempotency key (the client's own) and half
//! without.

mod server;

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use faults::models::NewItem;
use faults::{Client, Error, RetryPolicy};

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    Get,
    KeyedPost,
    Post,
}

/// How a call ended: `ok`, `wrong body`, or the error's kind. A failed
/// call is also shown on stderr, with the error's sources.
fn outcome<E: std::fmt::Debug + std::fmt::Display>(
    result: Result<(String, String), Error<E>>,
    id: &str,
    name: &str,
) -> String {
    if let Err(error) = &result {
        let mut text = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(inner) = source {
            text.push_str(&format!(" <- {inner}"));
            source = inner.source();
        }
        eprintln!("{id}{name}: {text}");
    }
    match result {
        Ok((got_id, got_name)) if (id.is_empty() || got_id == id) && got_name == name => {
            "ok".into()
        }
        Ok(_) => "wrong body".into(),
        Err(Error::Timeout(_)) => "timeout".into(),
        Err(Error::Interrupted { .. }) => "interrupted".into(),
        Err(Error::Transport(_)) => "transport".into(),
        Err(Error::UnexpectedStatus(r)) => format!("status {}", r.status.as_u16()),
        Err(Error::Decode { .. }) => "decode".into(),
        Err(_) => "other".into(),
    }
}

async fn call(client: &Client, kind: Kind, i: usize) -> String {
    match kind {
        Kind::Get => {
            let id = format!("i{i}");
            let result = client.get_item(&id).send().await;
            outcome(
                result.map(|r| (r.id.clone(), r.name.clone())),
                &id,
                &format!("item {id}"),
            )
        }
        Kind::KeyedPost => {
            let name = format!("k{i}");
            let result = client.create_item(NewItem::new(&name)).send().await;
            outcome(result.map(|r| (String::new(), r.name.clone())), "", &name)
        }
        Kind::Post => {
            let name = format!("n{i}");
            let result = client.create_note(NewItem::new(&name)).send().await;
            outcome(result.map(|r| (String::new(), r.name.clone())), "", &name)
        }
    }
}

/// Both ends of every connection are files of this process, and idle
/// ones stay open for reuse: the limit on open files is raised as far as
/// the system allows (often 1,024 by default), and returned.
fn open_files_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain system calls on a struct this function owns.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1024;
        }
        limit.rlim_cur = limit.rlim_max;
        libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
    }
    limit.rlim_cur as u64
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("calls, concurrency and seed are numbers"))
        .collect();
    let [calls, concurrency, seed, timeout_ms] = args[..] else {
        panic!("usage: faults-check CALLS CONCURRENCY SEED TIMEOUT_MS");
    };
    let concurrency = concurrency.min(open_files_limit() / 4);
    println!("concurrency: {concurrency}");
    let timeout = Duration::from_millis(timeout_ms);
    let plan = server::Plan {
        seed,
        reset: 10,
        cut: 5,
        slow: 5,
        unavailable: 10,
        hang: 2,
        deaf: 1,
        slow_by: timeout + Duration::from_millis(200),
    };
    let (url, tally) = server::start(plan).await;
    let retry = RetryPolicy::backoff(
        Duration::from_millis(5),
        Duration::from_millis(50),
        2.0,
        Duration::from_secs(120),
    )
    .retry_statuses(500..=599)
    .retry_connection_errors(true)
    .max_retries(20);
    let client = Arc::new(
        Client::new()
            .with_base_url(url)
            .with_timeout(timeout)
            .with_retry(retry),
    );

    let outcomes: Arc<Mutex<BTreeMap<(Kind, String), u64>>> = Default::default();
    let slots = Arc::new(tokio::sync::Semaphore::new(concurrency as usize));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(calls as usize);
    for i in 0..calls as usize {
        let kind = match i % 20 {
            0..=13 => Kind::Get,
            14..=16 => Kind::KeyedPost,
            _ => Kind::Post,
        };
        let slot = slots.clone().acquire_owned().await.expect("semaphore open");
        let (client, outcomes) = (client.clone(), outcomes.clone());
        tasks.push(tokio::spawn(async move {
            let result = call(&client, kind, i).await;
            *outcomes.lock().unwrap().entry((kind, result)).or_default() += 1;
            drop(slot);
        }));
    }
    let mut panics = 0;
    for task in tasks {
        if task.await.is_err_and(|e| e.is_panic()) {
            panics += 1;
        }
    }
    let elapsed = started.elapsed();

    for ((kind, result), n) in outcomes.lock().unwrap().iter() {
        println!("{kind:?} {result}: {n}");
    }
    println!("panics: {panics}");
    println!("seconds: {:.1}", elapsed.as_secs_f64());
    let count = |n: &std::sync::atomic::AtomicU64| n.load(Ordering::Relaxed);
    println!("server connections: {}", count(&tally.connections));
    println!("server deaf connections: {}", count(&tally.deaf));
    println!("server requests: {}", count(&tally.requests));
    println!("server resets: {}", count(&tally.resets));
    println!("server cut bodies: {}", count(&tally.cuts));
    println!("server slow answers: {}", count(&tally.slow));
    println!("server 503s: {}", count(&tally.unavailable));
    println!("server hung: {}", count(&tally.hung));
    println!("server keys replayed: {}", count(&tally.replayed));
    let items = tally.items.lock().unwrap();
    println!("items made: {}", items.len());
    println!(
        "items made twice: {}",
        items.values().filter(|n| **n > 1).count()
    );
    let notes = tally.notes.lock().unwrap();
    println!(
        "notes made: {}",
        notes.values().filter(|(acted, _)| *acted > 0).count()
    );
    println!(
        "notes made twice: {}",
        notes.values().filter(|(acted, _)| *acted > 1).count()
    );
    println!(
        "notes sent again after being acted on: {}",
        notes.values().filter(|(_, again)| *again > 0).count()
    );
}
