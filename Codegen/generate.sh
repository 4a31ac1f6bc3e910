#!/bin/sh
# Regenerates everything derived from Protos/:
#   Sources/CEtcd3Protos/*.pb-c.c, Sources/CEtcd3Protos/include/*.pb-c.h   (protoc-c)
#   Sources/Etcd3Messages/*.pb.swift                                       (generate_swift.py)
#
# Usage: Codegen/generate.sh [OUTPUT_ROOT]
#   OUTPUT_ROOT defaults to the package root; Codegen/check.sh passes a temporary directory.
# Needs: protoc (3.x), protoc-c (1.4), python3 (standard library only).
set -eu

CODEGEN_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$CODEGEN_DIR/.." && pwd)
OUT=${1:-$ROOT}
PROTOS="rpc.proto kv.proto auth.proto v3lock.proto v3election.proto"

C_DIR="$OUT/Sources/CEtcd3Protos"
SWIFT_DIR="$OUT/Sources/Etcd3Messages"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

mkdir -p "$C_DIR/include" "$SWIFT_DIR"

# 1. The descriptor set the Swift generator reads.
(cd "$ROOT/Protos" && protoc -I. --include_imports --include_source_info --descriptor_set_out="$WORK/etcd3.desc" $PROTOS)

# 2. protoc-c output: sources in the target folder, headers in include/.
(cd "$ROOT/Protos" && protoc-c -I. --c_out="$WORK" $PROTOS)
rm -f "$C_DIR"/*.pb-c.c "$C_DIR"/include/*.pb-c.h
for proto in $PROTOS; do
    base=${proto%.proto}
    # The .c files include their header by file name; SwiftPM puts include/ on the path.
    for pair in "$base.pb-c.c:$C_DIR" "$base.pb-c.h:$C_DIR/include"; do
        file=${pair%%:*}
        dest=${pair#*:}
        {
            echo "/* DO NOT EDIT; regenerate with Codegen/generate.sh (protoc-c output for Protos/$proto). */"
            cat "$WORK/$file"
        } > "$dest/$file"
    done
done
{
    echo "// DO NOT EDIT; regenerate with Codegen/generate.sh"
    echo "// Umbrella header for the protoc-c output of Protos/."
    echo "#ifndef CETCD3PROTOS_H"
    echo "#define CETCD3PROTOS_H"
    for proto in $PROTOS; do
        echo "#include \"${proto%.proto}.pb-c.h\""
    done
    echo "#endif"
} > "$C_DIR/include/CEtcd3Protos.h"

# 3. The Swift message types.
rm -f "$SWIFT_DIR"/*.pb.swift
python3 "$CODEGEN_DIR/generate_swift.py" "$WORK/etcd3.desc" "$SWIFT_DIR"
