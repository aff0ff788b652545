//! Where the real-world specs are. The small set every run uses is kept in
//! the project (`tests/corpus/`); the large sets (the 300-spec sample,
//! Microsoft Graph) are looked for where `scripts/corpus-dir.sh` looks, and a
//! test that needs them is skipped with one line saying how to get them,
//! unless `CORPUS_REQUIRED` is set (as `.ci/run` sets it), when it fails.

use std::path::PathBuf;

use crate::crates::root;

/// The specs kept in the project (see `tests/corpus/SOURCES.md`).
pub fn small() -> PathBuf {
    root().join("tests/corpus")
}

/// Whether `SKIP_CORPUS` is set, which skips the slow tests that build
/// real-world specs (after saying so for `test`).
pub fn skipped(test: &str) -> bool {
    let skip = std::env::var_os("SKIP_CORPUS").is_some();
    if skip {
        eprintln!("{test}: skipped, SKIP_CORPUS is set");
    }
    skip
}

/// The folder holding `apis-guru-sample/` and `big/`, or `None` (after
/// saying so) when `SKIP_CORPUS` is set, or there is none and it is not
/// required.
///
/// # Panics
///
/// When there is none and `CORPUS_REQUIRED` is set.
pub fn large(test: &str) -> Option<PathBuf> {
    if skipped(test) {
        return None;
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .map(|dir| dir.join("openapi-client-generator/corpus"));
    let candidates = [
        std::env::var_os("OPENAPI_CORPUS").map(PathBuf::from),
        Some(root().join("../shared/corpus")),
        cache,
    ];
    let found = candidates
        .into_iter()
        .flatten()
        .find(|dir| dir.join("apis-guru-sample").is_dir() && dir.join("big").is_dir());
    if found.is_none() {
        let missing = "the large corpus is not here (OPENAPI_CORPUS, ../shared/corpus or the cache): `bash scripts/fetch-corpus.sh` fetches it (45 MB, seconds)";
        if std::env::var_os("CORPUS_REQUIRED").is_some() {
            panic!("{test}: {missing}; CORPUS_REQUIRED is set, so this fails instead of skipping");
        }
        eprintln!("{test}: skipped, {missing}");
    }
    found
}
