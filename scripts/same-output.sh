#!/usr/bin/env bash
# Whether this tree's generator writes the same bytes as commit REV's, for
# every spec it is tried on: each fixture (with its configuration), the
# corpus (3.0, 3.1, Swagger 2.0, Clerk's full API, Microsoft Graph) and the
# 300 specs of the APIs.guru sample. For changes meant to keep the output
# as it is (a restructuring of the generator): it prints each spec whose
# crate differs, with the first lines of the difference, and exits 1 if any.
#
#   bash scripts/same-output.sh REV          # e.g. HEAD, or the commit before a refactoring
#   NO_BIG=1 bash scripts/same-output.sh REV # without Microsoft Graph (a minute less)
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: same-output.sh REV}
work=target/same-output
rm -rf "$work" && mkdir -p "$work/before" "$work/after"
git worktree remove --force "$work/tree" >/dev/null 2>&1 || true
git worktree add --detach --force "$work/tree" "$rev" >/dev/null 2>&1
cargo build --quiet --release -p generator --bin generator \
    --manifest-path "$work/tree/Cargo.toml" --target-dir target/same-output-target
git worktree remove --force "$work/tree"
cargo build --quiet --release -p generator --bin generator
before=target/same-output-target/release/generator
after=target/release/generator

specs=()
for f in tests/fixtures/*.yaml tests/fixtures/*.json tests/fixtures/*/openapi.yaml; do
    [ -e "$f" ] && specs+=("$f")
done
large=$(bash scripts/corpus-dir.sh)
for f in tests/corpus/*.json tests/corpus/*.yaml tests/corpus/openapi-3.1/* \
    tests/corpus/swagger-2.0/*.yaml tests/corpus/swagger-2.0/petstore-separate/spec/swagger.yaml \
    tests/corpus/clerk/bapi-2026-05-12.yml "$large"/apis-guru-sample/*; do
    [ -f "$f" ] && specs+=("$f")
done
[ -z "${NO_BIG:-}" ] && specs+=("$large/big/microsoft-graph-v1.0.json")

same=0
differ=()
for spec in "${specs[@]}"; do
    name=$(echo "$spec" | tr -c 'a-zA-Z0-9\n' '-' | tr 'A-Z' 'a-z' | sed 's/^-*//; s/-*$//')
    for side in before after; do
        gen=$before
        [ $side = after ] && gen=$after
        # Exit codes are compared too: a spec refused on one side only differs.
        status=0
        "$gen" "$spec" --out "$work/$side/$name" --name same-output >"$work/$side/$name.log" 2>&1 || status=$?
        echo "exit $status" >>"$work/$side/$name.log"
        # The output folder is named in the summary line; it is not output.
        sed -i "s#$work/$side/##g" "$work/$side/$name.log"
    done
    if diff -r -q "$work/before/$name" "$work/after/$name" >/dev/null 2>&1 &&
        diff -q "$work/before/$name.log" "$work/after/$name.log" >/dev/null 2>&1; then
        same=$((same + 1))
        rm -rf "$work/before/$name" "$work/after/$name"
    else
        differ+=("$spec")
    fi
done
echo "same output: $same of ${#specs[@]} specs (generator of $rev and of this tree)"
if ((${#differ[@]})); then
    for spec in "${differ[@]}"; do
        name=$(echo "$spec" | tr -c 'a-zA-Z0-9\n' '-' | tr 'A-Z' 'a-z' | sed 's/^-*//; s/-*$//')
        echo "differs: $spec"
        # (diff exits 1 on a difference: not a failure of this script.)
        { diff -r "$work/before/$name" "$work/after/$name" 2>&1 || true; } | head -8 | sed 's/^/    /'
        { diff "$work/before/$name.log" "$work/after/$name.log" 2>&1 || true; } | head -4 | sed 's/^/    /'
    done
    exit 1
fi
