//! Fault injection under load: the client of `tests/fixtures/faults.yaml`
//! makes thousands of calls at once (`tests/faults-check/main.rs`) against
//! a loopback server that resets connections, cuts bodies short, answers
//! later than the client waits, answers 503 and never answers at all
//! (`tests/faults-check/server.rs`). Every call that is safe to repeat (a
//! `GET`, a `POST` with an idempotency key) must end well with its own
//! body; a `POST` without a key must never be acted on twice, nor sent
//! again once it may have been; nothing may panic.
//!
//! `FAULT_CALLS` and `FAULT_CONCURRENCY` set the size (`scripts/bench.sh`
//! runs a larger one, in release mode, for BENCHMARKS.md).

use std::collections::HashMap;
use std::path::Path;

use workspace_tests::crates::{self, root};

/// The program's `name: value` lines.
fn report(stdout: &str) -> HashMap<String, f64> {
    stdout
        .lines()
        .filter_map(|line| {
            let (name, value) = line.rsplit_once(": ")?;
            Some((name.to_string(), value.parse().ok()?))
        })
        .collect()
}

#[test]
fn safe_calls_survive_every_fault_and_unsafe_ones_are_never_repeated() {
    let size = |name: &str, default: &str| std::env::var(name).unwrap_or(default.to_string());
    let (calls, concurrency) = (
        size("FAULT_CALLS", "4000"),
        size("FAULT_CONCURRENCY", "2000"),
    );
    let release = std::env::var("FAULT_RELEASE").is_ok_and(|v| v == "1");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("faults");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = root().join("tests/fixtures/faults.yaml");
    let g = crates::generate(&spec, "faults", &dir).unwrap_or_else(|e| panic!("{e}"));
    let stdout = crates::run_program_with(
        &dir,
        "faults-check",
        "faults = { path = \"../faults\", default-features = false }\n\
         serde_json = \"1\"\n\
         libc = \"0.2\"\n\
         tokio = { version = \"1.50\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"io-util\", \"time\", \"sync\"] }\n",
        &[&g],
        // Each attempt's timeout: the release build answers well within
        // 500 ms at 4,096 calls at once; a debug build on a busy machine
        // (two cores, the server in the same process) is given 1.5 s, so
        // that only the answers made slow on purpose miss it.
        &[
            &calls,
            &concurrency,
            "20261207",
            if release { "500" } else { "1500" },
        ],
        if release { &["--release"] } else { &[] },
    );
    println!("{stdout}");
    let r = report(&stdout);
    let get = |name: &str| r.get(name).copied().unwrap_or(0.0);
    // The program's mix: of every 20 calls, 14 GETs, 3 keyed POSTs, 3 others.
    let calls: usize = calls.parse().unwrap();
    let share = |kinds: std::ops::Range<usize>| {
        (0..calls).filter(|i| kinds.contains(&(i % 20))).count() as f64
    };
    let (gets, keyed, posts) = (share(0..14), share(14..17), share(17..20));

    // As many calls at once as asked for, or as the limit on open files
    // allows, and in the thousands either way.
    assert!(get("concurrency") >= 1000.0, "{stdout}");

    // Every fault happened, many times.
    for fault in [
        "server resets",
        "server cut bodies",
        "server slow answers",
        "server 503s",
        "server hung",
        "server deaf connections",
    ] {
        assert!(get(fault) >= 5.0, "{fault}: too few to count\n{stdout}");
    }
    assert_eq!(get("panics"), 0.0, "{stdout}");

    // Safe calls: all of them end well, each with its own body.
    assert_eq!(get("Get ok"), gets, "{stdout}");
    assert_eq!(get("KeyedPost ok"), keyed, "{stdout}");
    // A keyed POST retried was acted on once: the server answered the
    // retry from its key.
    assert_eq!(get("items made twice"), 0.0, "{stdout}");
    assert_eq!(get("items made"), get("KeyedPost ok"), "{stdout}");
    assert!(get("server keys replayed") > 0.0, "{stdout}");

    // POSTs without a key: never acted on twice, never sent again once they
    // may have been acted on (only after a 503, which says they were not);
    // some therefore fail, and say why.
    assert_eq!(get("notes made twice"), 0.0, "{stdout}");
    assert_eq!(
        get("notes sent again after being acted on"),
        0.0,
        "{stdout}"
    );
    let post_failed = get("Post timeout") + get("Post interrupted") + get("Post transport");
    assert!(
        post_failed > 0.0,
        "no POST without a key met a fault\n{stdout}"
    );
    assert_eq!(get("Post ok") + post_failed, posts, "{stdout}");
    assert_eq!(
        get("Get wrong body") + get("KeyedPost wrong body") + get("Post wrong body"),
        0.0
    );
}
