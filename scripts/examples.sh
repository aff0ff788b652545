#!/usr/bin/env bash
# The description's examples as tests, over every spec of a folder (default:
# the APIs.guru sample, 85 of whose specs document JSON body examples): each
# crate is generated with `tests/examples.rs`, its tests are run, and every
# example is counted (valid against its schema: read and written back
# unchanged; invalid: read leniently, or refused). About an hour on two cores.
#
#   bash scripts/examples.sh                        # the sample
#   ONLY=azure bash scripts/examples.sh             # the specs whose name holds "azure"
#   REPORT=CORPUS.md REPORT_SECTION=examples bash scripts/examples.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-$(bash scripts/corpus-dir.sh)/apis-guru-sample}"
cargo run --quiet --release -p workspace-tests --bin example_sweep -- "$dir"
