#!/usr/bin/env bash
# What models alone cost `cargo check`, in rustc instructions (cachegrind):
# a crate of nothing but the runtime's `serde_object.rs` and `nullable.rs` and
# MODELS structs of FIELDS fields each (String, Option<String>, i64 and
# Option<bool> in turn: required, optional, required, required_nullable),
# derived and serialized as the generator writes them. BENCHMARKS.md, section 6, compares shapes of
# `serde_object!` with it: same total of fields, different sizes of model.
#   bash scripts/model-cost.sh 30 40     # 30 models of 40 fields
#   bash scripts/model-cost.sh 360 10    # as many fields, in small models
# Needs valgrind. On demand only (not in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
models=${1:?number of models}
fields=${2:?fields per model}
command -v valgrind >/dev/null || { echo "model-cost.sh needs valgrind" >&2; exit 2; }

# Named `github` only because the wrapper counts one crate by name.
dir=target/model-cost/github
rm -rf "$dir/src"
mkdir -p "$dir/src/runtime"
cat >"$dir/Cargo.toml" <<'EOF'
[package]
name = "github"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
serde = "1"
serde_json = "1"

[workspace]
EOF
cp generator/runtime/serde_object.rs generator/runtime/nullable.rs "$dir/src/runtime/"
cat >"$dir/src/runtime/mod.rs" <<'EOF'
#![allow(dead_code, unused_imports, unused_macros)]
mod nullable;
pub(crate) mod serde_object;
pub use nullable::Nullable;
pub(crate) use serde_object::serde_object;
EOF
# The runtime's own tests need dev-dependencies this crate does not have.
sed -i '/^#\[cfg(test)\]/,$d' "$dir/src/runtime/serde_object.rs"

types=(String 'Option<String>' i64 'Option<bool>')
presences=(required optional required required_nullable)
wrapper=$PWD/scripts/rustc-instructions.sh
{
    echo '#![allow(missing_docs)]'
    echo 'mod runtime;'
    echo 'use runtime::serde_object;'
    for ((m = 0; m < models; m++)); do
        echo '#[derive(Debug, Clone, PartialEq)]'
        echo "pub struct M$m {"
        for ((f = 0; f < fields; f++)); do
            echo "    pub f$f: ${types[f % 4]},"
        done
        echo '}'
        echo "serde_object!(M$m {"
        for ((f = 0; f < fields; f++)); do
            echo "    f$f: ${presences[f % 4]}(\"f$f\"),"
        done
        echo '});'
    done
} >"$dir/src/lib.rs"

out=$(mktemp)
(cd "$dir" && cargo check --quiet --lib >/dev/null 2>&1) # dependencies first
touch "$dir/src/lib.rs"
(cd "$dir" && CARGO_INCREMENTAL=0 BENCH_IR_CRATE=github BENCH_IR_OUT=$out \
    RUSTC_WRAPPER=$wrapper cargo check --quiet --lib >/dev/null)
awk -v m="$models" -v f="$fields" \
    '{printf "%d models of %d fields (%d fields): %.2f G instructions\n", m, f, m * f, $1 / 1e9}' "$out"
rm -f "$out"
