#!/usr/bin/env bash
# Generates and checks every spec of the corpus and the full Clerk API, and
# writes the table of figures to CORPUS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS_REPORT=CORPUS.md cargo test --release -p workspace-tests --test corpus -- --nocapture
