#!/bin/sh
# Fails (exit 1, printing a diff) when the committed generated code differs from what
# Codegen/generate.sh produces from Protos/ now. CI runs this.
set -eu

CODEGEN_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$CODEGEN_DIR/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

"$CODEGEN_DIR/generate.sh" "$TMP"

status=0
for dir in Sources/CEtcd3Protos Sources/Etcd3Messages; do
    # Compare only generated files: *.pb-c.[ch], *.pb.swift and the umbrella header.
    for file in $(cd "$TMP/$dir" && find . -type f | sed "s|^\./||" | sort); do
        if ! diff -u "$ROOT/$dir/$file" "$TMP/$dir/$file"; then
            status=1
        fi
    done
    for file in $(cd "$ROOT/$dir" && find . -type f \( -name '*.pb-c.c' -o -name '*.pb-c.h' -o -name '*.pb.swift' \) | sed "s|^\./||" | sort); do
        if [ ! -e "$TMP/$dir/$file" ]; then
            echo "stale generated file: $dir/$file"
            status=1
        fi
    done
done

if [ "$status" -ne 0 ]; then
    echo "Generated code is out of date: run Codegen/generate.sh and commit the result." >&2
    exit 1
fi
echo "Generated code is up to date."
