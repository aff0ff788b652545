#!/usr/bin/env bash
# The generator over every spec of a folder (default: the APIs.guru sample),
# each with a time and memory limit; CLIPPY=1 also builds every generated
# crate with `cargo clippy -- -D warnings` (about an hour for the 300 specs on
# two cores; resumable: a rerun skips what target/sweep/*.tsv already hold,
# FRESH=1 starts over). REPORT=FILE writes the summary there.
#
#   bash scripts/sweep.sh                      # generation only, ~1 minute
#   CLIPPY=1 bash scripts/sweep.sh             # and clippy on every crate
#   bash scripts/sweep.sh path/to/specs        # another folder
#   FRESH=1 CLIPPY=1 REPORT=CORPUS.md REPORT_SECTION=breadth bash scripts/sweep.sh
#                                              # CORPUS.md's breadth table
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-$(bash scripts/corpus-dir.sh)/apis-guru-sample}"
cargo run --quiet --release -p workspace-tests --bin sweep -- "$dir"
