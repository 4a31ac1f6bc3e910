#!/usr/bin/env bash
# Formats the Swift sources with the toolchain's swift-format and the repository's .swift-format
# (`--lint`: only checks, failing on any difference; Scripts/test.sh runs that). Generated code
# (Sources/Etcd3Messages, written by Codegen, and Sources/Examples/DocSnippets, the documentation's
# code blocks as Scripts/doc-snippets.sh copies them) is left as its generator writes it.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t paths < <(ls -d Sources/* Sources/Examples/* Tests/* |
  grep -v -e '^Sources/Etcd3Messages$' -e '^Sources/Examples$' -e '^Sources/Examples/DocSnippets$' -e '^Sources/CEtcd3')
if [ "${1:-}" = "--lint" ]; then
  swift format lint --strict --parallel -r "${paths[@]}"
else
  swift format format --in-place --parallel -r "${paths[@]}"
fi
