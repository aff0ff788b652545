#!/usr/bin/env bash
# Installs the Standard Webhooks reference library for Python (PyPI's
# `standardwebhooks`) into target/tools/standardwebhooks, once, and prints
# the path of the Python that has it. tests/tests/webhooks.rs signs
# deliveries with it, an implementation independent of the generated code.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/tools/standardwebhooks
if ! "$venv/bin/python" -c "import standardwebhooks" >/dev/null 2>&1; then
    rm -rf "$venv"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check "standardwebhooks==1.3.0" >&2
fi
echo "$PWD/$venv/bin/python"
