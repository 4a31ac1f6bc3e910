#!/usr/bin/env bash
# Copies every ```swift block of the DocC articles, Docs/*.md and README.md into
# Sources/Examples/DocSnippets, which `swift build` compiles (Docs/Codegen.md).
# `--check`: writes nothing, fails when the committed copies differ (Scripts/test.sh runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 Scripts/doc-snippets.py "$@"
