#!/usr/bin/env bash
# An independent check of the generator's verdicts on the examples (see
# scripts/examples-validity.py): installs `openapi-schema-validator` from
# PyPI into target/validity-venv (once), then checks every example that
# `bash scripts/examples.sh` recorded in target/examples/verdicts.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/validity-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'openapi-schema-validator==0.6.*'
fi
"$venv/bin/python" scripts/examples-validity.py "${1:-target/examples/verdicts.tsv}"
