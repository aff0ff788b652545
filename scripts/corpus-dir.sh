#!/usr/bin/env bash
# Prints the folder that holds the large sets of specs (`apis-guru-sample/`
# and `big/`): $OPENAPI_CORPUS when set, else ../shared/corpus beside the
# project when it is there, else the cache scripts/fetch-corpus.sh fills.
# Exits 1, saying how to get them, when none holds them. The tests look in
# the same places (tests/src/corpus.rs).
#
#   bash scripts/corpus-dir.sh           # the folder, or exit 1
#   bash scripts/corpus-dir.sh --cache   # where fetch-corpus.sh writes by default
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${XDG_CACHE_HOME:-$HOME/.cache}/openapi-client-generator/corpus
if [ "${1:-}" = --cache ]; then
    echo "$cache"
    exit 0
fi
for dir in "${OPENAPI_CORPUS:-}" ../shared/corpus "$cache"; do
    if [ -n "$dir" ] && [ -d "$dir/apis-guru-sample" ] && [ -d "$dir/big" ]; then
        (cd "$dir" && pwd)
        exit 0
    fi
done
echo "the large corpus (300-spec sample, Microsoft Graph) is not here: run bash scripts/fetch-corpus.sh" >&2
exit 1
